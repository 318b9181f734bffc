//! `WeakMap` and `WeakMap.prototype` (ECMA-262 §24.3), and the weak table
//! shared with `WeakSet` (`weak_set.rs`).
//!
//! <https://tc39.es/ecma262/#sec-weakmap-objects>
//!
//! A table is an ephemeron table: it holds its values with a count but its
//! keys without one. The collector follows a value only while the key is
//! alive ([`crate::gc::Tracer::ephemeron`]), and the table is a
//! [`WeakHolder`] of each object key, so freeing the key removes the entry
//! at once. Symbol keys are atoms, which are never freed: their entries stay
//! and keep their values alive for the runtime's life.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use hashbrown::HashMap;

use super::{FnSpec, fns};
use crate::gc::{Tracer, WeakHolder};
use crate::object::{Args, Class, new_object, trace_value};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// The identity of a value that can be held weakly: the address of its
/// cell (an object's or a symbol's), valid while it lives; its entries are
/// removed when it is freed.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum WeakKey {
    Cell(usize),
}

/// CanBeHeldWeakly (§9.13): objects, and symbols not created by `Symbol.for`
/// (well-known symbols included).
pub(crate) fn can_be_held_weakly(cx: &Cx, v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Symbol(a) => !cx.rt.atoms.is_registered_symbol(a.atom()),
        _ => false,
    }
}

/// The key of `v` if it can be held weakly.
pub(crate) fn weak_key(cx: &Cx, v: &Value) -> Option<WeakKey> {
    match v {
        Value::Object(o) => Some(WeakKey::Cell(o.addr())),
        Value::Symbol(a) if can_be_held_weakly(cx, v) => Some(WeakKey::Cell(a.addr())),
        _ => None,
    }
}

/// The entries of a WeakMap (`[[WeakMapData]]`) or WeakSet
/// (`[[WeakSetData]]`, with undefined values).
///
/// Borrowing rule: no reference may be dropped while `entries` is borrowed
/// (a drop can free a key, whose removal borrows it again).
#[derive(Default)]
pub(crate) struct WeakTable {
    entries: RefCell<HashMap<WeakKey, Value>>,
}

impl WeakHolder for WeakTable {
    fn target_freed(&self, addr: usize) -> bool {
        let old = self.entries.borrow_mut().remove(&WeakKey::Cell(addr));
        drop(old);
        false
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn std::any::Any> {
        self
    }
}

impl WeakTable {
    pub(crate) fn trace(&self, t: &mut Tracer) {
        let Ok(entries) = self.entries.try_borrow() else {
            return;
        };
        for (k, v) in entries.iter() {
            match k {
                WeakKey::Cell(addr) => t.ephemeron(*addr, |t| trace_value(v, t)),
            }
        }
    }

    /// Bytes of the entry buffer, for the heap's accounting.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.try_borrow().map_or(0, |e| {
            e.capacity() * (std::mem::size_of::<(WeakKey, Value)>() + 1)
        })
    }

    pub(crate) fn get(&self, key: WeakKey) -> Option<Value> {
        self.entries.borrow().get(&key).cloned()
    }

    pub(crate) fn has(&self, key: WeakKey) -> bool {
        self.entries.borrow().contains_key(&key)
    }

    /// Adds or replaces the entry of `key` (the value of `key`), making the
    /// table a holder of an object key.
    pub(crate) fn set(this: &Rc<WeakTable>, cx: &Cx, key: &Value, value: Value) {
        let k = match key {
            Value::Object(o) => {
                let holder: Weak<dyn WeakHolder> = Rc::downgrade(this) as Weak<dyn WeakHolder>;
                cx.heap().add_weak_holder(o, holder);
                WeakKey::Cell(o.addr())
            }
            Value::Symbol(s) => {
                let holder: Weak<dyn WeakHolder> = Rc::downgrade(this) as Weak<dyn WeakHolder>;
                cx.heap().add_weak_holder(s, holder);
                WeakKey::Cell(s.addr())
            }
            _ => return,
        };
        let old = this.entries.borrow_mut().insert(k, value);
        drop(old);
    }

    /// Removes the entry of `key`; returns whether there was one.
    pub(crate) fn delete(&self, key: WeakKey) -> bool {
        let old = self.entries.borrow_mut().remove(&key);
        old.is_some()
    }
}

/// The weak table of `this` if it is a WeakSet (`set`) or a WeakMap, or a
/// TypeError naming the method.
pub(crate) fn this_table(
    cx: &Cx,
    this: &Value,
    set: bool,
    method: &str,
) -> JsResult<Rc<WeakTable>> {
    if let Value::Object(o) = this {
        match &o.d.borrow().class {
            Class::WeakMap(t) if !set => return Ok(t.clone()),
            Class::WeakSet(t) if set => return Ok(t.clone()),
            _ => {}
        }
    }
    let name = if set { "WeakSet" } else { "WeakMap" };
    cx.type_error(&format!(
        "{name}.prototype.{method} called on an incompatible receiver"
    ))
}

/// Reports the table's current buffer size to the heap.
pub(crate) fn account(cx: &Cx, this: &Value) {
    if let Value::Object(o) = this {
        o.d.borrow_mut().account(cx.heap());
    }
}

/// WeakMap (§24.3.1.1).
fn weak_map_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor WeakMap requires 'new'");
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.weak_map_proto)?;
    let map = new_object(cx, Some(proto), Class::WeakMap(Rc::default()));
    super::map::add_from_iterable(&cx, &map, args.arg(0), "set", true)?;
    Ok(Value::Object(map))
}

/// WeakMap.prototype.delete (§24.3.3.2).
fn delete(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, false, "delete")?;
    Ok(Value::Bool(
        weak_key(&cx, args.arg(0)).is_some_and(|k| t.delete(k)),
    ))
}

/// WeakMap.prototype.get (§24.3.3.3).
fn get(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, false, "get")?;
    Ok(weak_key(&cx, args.arg(0))
        .and_then(|k| t.get(k))
        .unwrap_or(Value::Undefined))
}

/// WeakMap.prototype.has (§24.3.3.4).
fn has(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, false, "has")?;
    Ok(Value::Bool(
        weak_key(&cx, args.arg(0)).is_some_and(|k| t.has(k)),
    ))
}

/// WeakMap.prototype.set (§24.3.3.5).
fn set(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, false, "set")?;
    if !can_be_held_weakly(&cx, args.arg(0)) {
        return cx.type_error(
            "WeakMap.prototype.set: invalid key (not an object or a non-registered symbol)",
        );
    }
    WeakTable::set(&t, &cx, args.arg(0), args.get(1));
    account(&cx, &args.this);
    Ok(args.this.clone())
}

/// WeakMap.prototype.getOrInsert (upsert proposal).
fn get_or_insert(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, false, "getOrInsert")?;
    let Some(k) = weak_key(&cx, args.arg(0)) else {
        return cx.type_error(
            "WeakMap.prototype.getOrInsert: invalid key (not an object or a non-registered symbol)",
        );
    };
    if let Some(v) = t.get(k) {
        return Ok(v);
    }
    WeakTable::set(&t, &cx, args.arg(0), args.get(1));
    account(&cx, &args.this);
    Ok(args.get(1))
}

/// WeakMap.prototype.getOrInsertComputed (upsert proposal): the callback
/// may change the map; its result replaces whatever the key has then.
fn get_or_insert_computed(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, false, "getOrInsertComputed")?;
    let Some(k) = weak_key(&cx, args.arg(0)) else {
        return cx.type_error("WeakMap.prototype.getOrInsertComputed: invalid key (not an object or a non-registered symbol)");
    };
    let f = args.arg(1);
    if !f.is_callable() {
        return cx.type_error("WeakMap.prototype.getOrInsertComputed: callback is not a function");
    }
    if let Some(v) = t.get(k) {
        return Ok(v);
    }
    let v = cx.call(f, &Value::Undefined, &[args.get(0)])?;
    WeakTable::set(&t, &cx, args.arg(0), v.clone());
    account(&cx, &args.this);
    Ok(v)
}

const PROTO_FNS: &[FnSpec] = fns! {
    "delete", 1, delete;
    "get", 1, get;
    "getOrInsert", 2, get_or_insert;
    "getOrInsertComputed", 2, get_or_insert_computed;
    "has", 1, has;
    "set", 2, set;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().weak_map_proto;
    super::define_ctor(cx, "WeakMap", 0, weak_map_ctor, proto);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "WeakMap");
}
