//! `Set`, `Set.prototype` and Set Iterator objects (ECMA-262 §24.2). The
//! iterator, `forEach` and the constructor's loop are shared with `Map`
//! (`map.rs`).
//!
//! <https://tc39.es/ecma262/#sec-set-objects>
//!
//! The set algebra (`union`, `intersection`, `difference`,
//! `symmetricDifference`, `isSubsetOf`, `isSupersetOf`, `isDisjointFrom`)
//! takes any set-like argument through GetSetRecord:
//! <https://tc39.es/ecma262/#sec-getsetrecord>,
//! <https://tc39.es/ecma262/#sec-set.prototype.union> and the sections after
//! it. Walks over the receiver use an [`OrderedMap`] cursor, so they see the
//! receiver's live entries while `has` changes it, as the spec's index over
//! `[[SetData]]` does. Results are new objects with %Set.prototype%, never
//! built through species or `add`.

use super::map::{add_from_iterable, for_each, iterator, iterator_next, with_entries};
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::ordered_map::{Cursor, OrderedMap};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

fn with_set<R>(
    cx: &Cx,
    this: &Value,
    method: &str,
    f: impl FnOnce(&mut OrderedMap) -> R,
) -> JsResult<R> {
    with_entries(cx, this, true, method, f)
}

/// Set (§24.2.2.1).
fn set_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor Set requires 'new'");
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.set_proto)?;
    let set = new_object(cx, Some(proto), Class::Set(Box::default()));
    add_from_iterable(&cx, &set, args.arg(0), "add", false)?;
    Ok(Value::Object(set))
}

fn add(cx: Cx, args: &Args) -> JsResult<Value> {
    with_set(&cx, &args.this, "add", |m| {
        m.set(args.get(0), Value::Undefined)
    })?;
    Ok(args.this.clone())
}

fn has(cx: Cx, args: &Args) -> JsResult<Value> {
    with_set(&cx, &args.this, "has", |m| Value::Bool(m.has(args.arg(0))))
}

fn delete(cx: Cx, args: &Args) -> JsResult<Value> {
    let old = with_set(&cx, &args.this, "delete", |m| m.delete(args.arg(0)))?;
    Ok(Value::Bool(old.is_some()))
}

fn clear(cx: Cx, args: &Args) -> JsResult<Value> {
    let old = with_set(&cx, &args.this, "clear", |m| m.clear())?;
    drop(old);
    Ok(Value::Undefined)
}

fn size(cx: Cx, args: &Args) -> JsResult<Value> {
    with_set(&cx, &args.this, "size", |m| Value::number(m.len() as f64))
}

/// A Set Record (§24.2.1.1).
struct SetRecord {
    obj: Value,
    size: f64,
    has: Value,
    keys: Value,
}

/// GetSetRecord (§24.2.1.2).
fn get_set_record(cx: &Cx, other: &Value, method: &str) -> JsResult<SetRecord> {
    let Value::Object(o) = other else {
        return cx.type_error(&format!(
            "Set.prototype.{method}: the argument is not an object"
        ));
    };
    let raw = object::get_prop(cx, o, cx.intern("size"))?;
    let num = cx.to_number(&raw)?;
    if num.is_nan() {
        return cx.type_error(&format!(
            "Set.prototype.{method}: the argument's size is not a number"
        ));
    }
    let size = cx.to_integer(&Value::Float(num))?;
    if size < 0.0 {
        return cx.range_error(&format!(
            "Set.prototype.{method}: the argument's size is negative"
        ));
    }
    let has = object::get_prop(cx, o, Atom::HAS)?;
    if !has.is_callable() {
        return cx.type_error(&format!(
            "Set.prototype.{method}: the argument's has is not a function"
        ));
    }
    let keys = object::get_prop(cx, o, cx.intern("keys"))?;
    if !keys.is_callable() {
        return cx.type_error(&format!(
            "Set.prototype.{method}: the argument's keys is not a function"
        ));
    }
    Ok(SetRecord {
        obj: other.clone(),
        size,
        has,
        keys,
    })
}

/// The set-like's keys iterator and its `next` (checked callable only when
/// called).
struct KeysIter {
    it: Value,
    next: Value,
}

impl KeysIter {
    /// Steps the iterator to its end, calling `f` with each key, -0 made +0
    /// (CanonicalizeKeyedCollectionKey); when `f` answers false the
    /// iterator is closed and the walk stops. Returns whether it ran to the end.
    fn each(&self, cx: &Cx, mut f: impl FnMut(Value) -> JsResult<bool>) -> JsResult<bool> {
        loop {
            let (v, done) = crate::ops::iterator_step(cx, &self.it, &self.next)?;
            if done {
                return Ok(true);
            }
            if !f(canonical(v))? {
                crate::ops::iterator_close(cx, &self.it)?;
                return Ok(false);
            }
            cx.poll()?;
        }
    }
}

impl SetRecord {
    /// GetIteratorFromMethod(obj, keys) (§7.4.4).
    fn keys_iter(&self, cx: &Cx) -> JsResult<KeysIter> {
        let it = cx.call(&self.keys, &self.obj, &[])?;
        if !matches!(it, Value::Object(_)) {
            return cx.type_error("the set-like's keys() result is not an object");
        }
        let next = object::get_value(cx, &it, Atom::NEXT)?;
        Ok(KeysIter { it, next })
    }

    /// ToBoolean(Call(has, obj, « e »)).
    fn has(&self, cx: &Cx, e: Value) -> JsResult<bool> {
        Ok(cx.call(&self.has, &self.obj, &[e])?.to_boolean())
    }
}

/// The receiver of a Set method: an object with `[[SetData]]`.
fn this_set(cx: &Cx, this: &Value, method: &str) -> JsResult<Obj> {
    if let Value::Object(o) = this
        && matches!(o.d.borrow().class, Class::Set(_))
    {
        return Ok(o.clone());
    }
    cx.type_error(&format!(
        "Set.prototype.{method} called on an incompatible receiver"
    ))
}

/// Runs `f` on the receiver's entries (which `this_set` checked).
fn entries<R>(o: &Obj, f: impl FnOnce(&mut OrderedMap) -> R) -> Option<R> {
    match &mut o.d.borrow_mut().class {
        Class::Set(m) => Some(f(m)),
        _ => None,
    }
}

/// SetDataSize of the receiver, as a Number to compare with a record's size.
fn set_size(o: &Obj) -> f64 {
    entries(o, |m| m.len() as f64).unwrap_or(0.0)
}

fn set_has(o: &Obj, v: &Value) -> bool {
    entries(o, |m| m.has(v)).unwrap_or(false)
}

/// The receiver's next live entry after `c` (the spec's index walk over
/// `[[SetData]]`, whose length is read again after every call).
fn set_next(o: &Obj, c: &Cursor) -> Option<Value> {
    entries(o, |m| m.next(c).map(|(k, _)| k)).flatten()
}

fn set_cursor(o: &Obj) -> Option<Cursor> {
    entries(o, |m| m.cursor())
}

fn set_copy(o: &Obj) -> OrderedMap {
    entries(o, |m| m.copy()).unwrap_or_default()
}

/// CanonicalizeKeyedCollectionKey (§24.5.1): -0 becomes +0.
fn canonical(v: Value) -> Value {
    match v {
        Value::Float(f) if f.abs() == 0.0 => Value::Int(0),
        v => v,
    }
}

/// A new Set with %Set.prototype% and `data` as its `[[SetData]]`.
fn new_set(cx: &Cx, data: OrderedMap) -> Value {
    let proto = cx.intr().set_proto.clone();
    let set = new_object(*cx, Some(proto), Class::Set(Box::new(data)));
    set.d.borrow_mut().account(cx.heap());
    Value::Object(set)
}

/// Set.prototype.union (§24.2.4.16).
fn union(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "union")?;
    let rec = get_set_record(&cx, args.arg(0), "union")?;
    let keys = rec.keys_iter(&cx)?;
    let mut result = set_copy(&o);
    keys.each(&cx, |v| {
        result.set(v, Value::Undefined);
        Ok(true)
    })?;
    Ok(new_set(&cx, result))
}

/// Set.prototype.intersection (§24.2.4.9).
fn intersection(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "intersection")?;
    let rec = get_set_record(&cx, args.arg(0), "intersection")?;
    let mut result = OrderedMap::default();
    if set_size(&o) <= rec.size {
        let Some(c) = set_cursor(&o) else {
            return Ok(new_set(&cx, result));
        };
        while let Some(e) = set_next(&o, &c) {
            if rec.has(&cx, e.clone())? {
                result.set(e, Value::Undefined);
            }
            cx.poll()?;
        }
    } else {
        rec.keys_iter(&cx)?.each(&cx, |v| {
            if set_has(&o, &v) {
                result.set(v, Value::Undefined);
            }
            Ok(true)
        })?;
    }
    Ok(new_set(&cx, result))
}

/// Set.prototype.difference (§24.2.4.5).
fn difference(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "difference")?;
    let rec = get_set_record(&cx, args.arg(0), "difference")?;
    let mut result = set_copy(&o);
    if set_size(&o) <= rec.size {
        // The walk is over the copy, which only this loop changes.
        for e in result.keys() {
            if rec.has(&cx, e.clone())? {
                drop(result.delete(&e));
            }
            cx.poll()?;
        }
    } else {
        rec.keys_iter(&cx)?.each(&cx, |v| {
            drop(result.delete(&v));
            Ok(true)
        })?;
    }
    Ok(new_set(&cx, result))
}

/// Set.prototype.symmetricDifference (§24.2.4.15).
fn symmetric_difference(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "symmetricDifference")?;
    let rec = get_set_record(&cx, args.arg(0), "symmetricDifference")?;
    let keys = rec.keys_iter(&cx)?;
    let mut result = set_copy(&o);
    keys.each(&cx, |v| {
        let in_result = result.has(&v);
        if set_has(&o, &v) {
            if in_result {
                drop(result.delete(&v));
            }
        } else if !in_result {
            result.set(v, Value::Undefined);
        }
        Ok(true)
    })?;
    Ok(new_set(&cx, result))
}

/// Set.prototype.isSubsetOf (§24.2.4.11).
fn is_subset_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "isSubsetOf")?;
    let rec = get_set_record(&cx, args.arg(0), "isSubsetOf")?;
    if set_size(&o) > rec.size {
        return Ok(Value::Bool(false));
    }
    if let Some(c) = set_cursor(&o) {
        while let Some(e) = set_next(&o, &c) {
            if !rec.has(&cx, e)? {
                return Ok(Value::Bool(false));
            }
            cx.poll()?;
        }
    }
    Ok(Value::Bool(true))
}

/// Set.prototype.isSupersetOf (§24.2.4.12).
fn is_superset_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "isSupersetOf")?;
    let rec = get_set_record(&cx, args.arg(0), "isSupersetOf")?;
    if set_size(&o) < rec.size {
        return Ok(Value::Bool(false));
    }
    let all = rec.keys_iter(&cx)?.each(&cx, |v| Ok(set_has(&o, &v)))?;
    Ok(Value::Bool(all))
}

/// Set.prototype.isDisjointFrom (§24.2.4.10).
fn is_disjoint_from(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_set(&cx, &args.this, "isDisjointFrom")?;
    let rec = get_set_record(&cx, args.arg(0), "isDisjointFrom")?;
    if set_size(&o) <= rec.size {
        if let Some(c) = set_cursor(&o) {
            while let Some(e) = set_next(&o, &c) {
                if rec.has(&cx, e)? {
                    return Ok(Value::Bool(false));
                }
                cx.poll()?;
            }
        }
    } else {
        let none = rec.keys_iter(&cx)?.each(&cx, |v| Ok(!set_has(&o, &v)))?;
        return Ok(Value::Bool(none));
    }
    Ok(Value::Bool(true))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "add", 1, add;
    "clear", 0, clear;
    "delete", 1, delete;
    "difference", 1, difference;
    "entries", 0, iterator, 6;
    "forEach", 1, for_each, 1;
    "has", 1, has;
    "intersection", 1, intersection;
    "isDisjointFrom", 1, is_disjoint_from;
    "isSubsetOf", 1, is_subset_of;
    "isSupersetOf", 1, is_superset_of;
    "symmetricDifference", 1, symmetric_difference;
    "union", 1, union;
    "values", 0, iterator, 5;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().set_proto;
    let ctor = super::define_ctor(cx, "Set", 0, set_ctor, proto);
    super::define_species(cx, &ctor);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_getter(cx, proto, cx.intern("size"), "size", size, 0);
    // `keys` and @@iterator are the same function object as `values`.
    if let Ok(values) = object::get_prop(cx, proto, cx.intern("values")) {
        object::define_data(cx, proto, cx.intern("keys"), values.clone(), flags::HIDDEN);
        object::define_data(cx, proto, Atom::SYM_ITERATOR, values, flags::HIDDEN);
    }
    super::define_to_string_tag(cx, proto, "Set");
    let iter_proto = &cx.intr().set_iter_proto;
    super::define_fns(cx, iter_proto, fns! { "next", 0, iterator_next, 1; });
    super::define_to_string_tag(cx, iter_proto, "Set Iterator");
}
