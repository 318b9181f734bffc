//! `WeakRef` and `WeakRef.prototype` (ECMA-262 §26.1), and the runtime's
//! KeepDuringJob set (§9.10).
//!
//! <https://tc39.es/ecma262/#sec-weak-ref-objects>
//!
//! A WeakRef holds an uncounted [`WeakGc`] to its target, which
//! [`crate::gc::Heap::upgrade`] turns back into a reference while the
//! target lives. Creating a WeakRef or dereferencing it adds the target to
//! `Rt::kept` (AddToKeptObjects), which holds it until the current job ends
//! (ClearKeptObjects, run when the outermost engine entry returns).

use super::weak_map::can_be_held_weakly;
use super::{FnSpec, fns};
use crate::atom::{Sym, SymbolCell};
use crate::gc::{Gc, WeakGc};
use crate::object::{Args, Class, JsObject, Obj, new_object};
use crate::runtime::{Cx, JsResult, Rt};
use crate::value::Value;

/// A weakly held value: an object, or a symbol.
#[derive(Clone, Copy)]
pub(crate) enum WeakTarget {
    Object(WeakGc<JsObject>),
    Symbol(WeakGc<SymbolCell>),
}

impl WeakTarget {
    /// Weakly holds `v`, which must satisfy CanBeHeldWeakly.
    pub(crate) fn new(cx: &Cx, v: &Value) -> Option<WeakTarget> {
        match v {
            Value::Object(o) => Some(WeakTarget::Object(cx.heap().weak_ref(o))),
            Value::Symbol(s) => Some(WeakTarget::Symbol(cx.heap().weak_ref(s))),
            _ => None,
        }
    }

    /// The target, if it is still alive.
    pub(crate) fn get(&self, cx: &Cx) -> Option<Value> {
        match self {
            WeakTarget::Object(w) => cx.heap().upgrade(w).map(Value::Object),
            WeakTarget::Symbol(w) => cx.heap().upgrade(w).map(Value::Symbol),
        }
    }
}

/// AddToKeptObjects (§9.10.1).
pub(crate) fn add_to_kept_objects(cx: &Cx, v: &Value) {
    match v {
        Value::Object(o) => {
            cx.rt
                .kept
                .borrow_mut()
                .entry(o.addr())
                .or_insert_with(|| o.clone());
        }
        Value::Symbol(s) if s.atom().is_counted_symbol() => keep_key(cx.rt, s),
        _ => {}
    }
}

/// Keeps a counted symbol alive until the current job ends, like a kept
/// object: ToPropertyKey does it for a symbol it got from converting an
/// object, whose atom its caller uses while holding only the object.
pub(crate) fn keep_key(rt: &Rt, s: &Sym) {
    let mut keys = rt.kept_keys.borrow_mut();
    if !keys.last().is_some_and(|k| Gc::ptr_eq(k, s)) {
        keys.push(s.clone());
    }
}

/// ClearKeptObjects (§9.10.2). The objects are released after the set is
/// emptied, so whatever their release triggers sees an empty set.
pub(crate) fn clear_kept_objects(rt: &Rt) {
    let kept: Vec<Obj> = rt.kept.borrow_mut().drain().map(|(_, o)| o).collect();
    drop(kept);
}

/// Releases the symbols of [`keep_key`]: only when the outermost engine
/// entry returns, when no native code holds an atom.
pub(crate) fn clear_kept_keys(rt: &Rt) {
    let keys = std::mem::take(&mut *rt.kept_keys.borrow_mut());
    drop(keys);
}

/// WeakRef (§26.1.1.1).
fn weak_ref_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor WeakRef requires 'new'");
    };
    let target = args.arg(0);
    if !can_be_held_weakly(&cx, target) {
        return cx.type_error("WeakRef: invalid target (not an object or a non-registered symbol)");
    }
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.weak_ref_proto)?;
    let Some(weak) = WeakTarget::new(&cx, target) else {
        return cx.type_error("WeakRef: invalid target");
    };
    let r = new_object(cx, Some(proto), Class::WeakRef(weak));
    add_to_kept_objects(&cx, target);
    Ok(Value::Object(r))
}

/// WeakRef.prototype.deref (§26.1.3.2) and WeakRefDeref (§26.1.4.1).
fn deref(cx: Cx, args: &Args) -> JsResult<Value> {
    let target = match &args.this {
        Value::Object(o) => match &o.d.borrow().class {
            Class::WeakRef(t) => Some(*t),
            _ => None,
        },
        _ => None,
    };
    let Some(target) = target else {
        return cx.type_error("WeakRef.prototype.deref called on an incompatible receiver");
    };
    match target.get(&cx) {
        Some(v) => {
            add_to_kept_objects(&cx, &v);
            Ok(v)
        }
        None => Ok(Value::Undefined),
    }
}

const PROTO_FNS: &[FnSpec] = fns! {
    "deref", 0, deref;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().weak_ref_proto;
    super::define_ctor(cx, "WeakRef", 1, weak_ref_ctor, proto);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "WeakRef");
}
