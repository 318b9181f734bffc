//! `Map`, `Map.prototype` and Map Iterator objects (ECMA-262 §24.1), and the
//! parts `Set` shares with them: the iterator and the constructors' loop
//! over an iterable.
//!
//! <https://tc39.es/ecma262/#sec-map-objects>

use super::iterator::iter_result;
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, CollectionIter, Obj, new_object};
use crate::ordered_map::OrderedMap;
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// Runs `f` on the entries of `this`, a Set when `set` (`[[SetData]]`),
/// otherwise a Map (`[[MapData]]`), or throws a TypeError naming the
/// method. `f` must not call into JavaScript.
pub(crate) fn with_entries<R>(
    cx: &Cx,
    this: &Value,
    set: bool,
    method: &str,
    f: impl FnOnce(&mut OrderedMap) -> R,
) -> JsResult<R> {
    if let Value::Object(o) = this {
        let mut d = o.d.borrow_mut();
        let entries = match &mut d.class {
            Class::Map(m) if !set => Some(m),
            Class::Set(m) if set => Some(m),
            _ => None,
        };
        if let Some(m) = entries {
            let r = f(m);
            d.account(cx.heap());
            return Ok(r);
        }
    }
    let name = if set { "Set" } else { "Map" };
    cx.type_error(&format!(
        "{name}.prototype.{method} called on an incompatible receiver"
    ))
}

fn with_map<R>(
    cx: &Cx,
    this: &Value,
    method: &str,
    f: impl FnOnce(&mut OrderedMap) -> R,
) -> JsResult<R> {
    with_entries(cx, this, false, method, f)
}

/// The steps shared by the Map, Set, WeakMap and WeakSet constructors after
/// the object is created (§24.1.1.2 AddEntriesFromIterable, §24.2.2.1
/// steps 5-8): calls `adder` (looked up on the new object) for each value
/// of the iterable, with `pair` splitting it into key and value.
pub(crate) fn add_from_iterable(
    cx: &Cx,
    target: &Obj,
    iterable: &Value,
    adder_name: &str,
    pair: bool,
) -> JsResult<()> {
    if iterable.is_nullish() {
        return Ok(());
    }
    let adder = object::get_prop(cx, target, cx.intern(adder_name))?;
    if !adder.is_callable() {
        return cx.type_error(&format!(
            "'{adder_name}' of the new collection is not callable"
        ));
    }
    let this = Value::Object(target.clone());
    crate::ops::iterate(cx, iterable, |item| {
        if pair {
            let (k, v) = entry(cx, &item)?;
            cx.call(&adder, &this, &[k, v])?;
        } else {
            cx.call(&adder, &this, &[item])?;
        }
        Ok(())
    })
}

/// The key and value of an entry object (`item[0]`, `item[1]`), as
/// AddEntriesFromIterable reads them (§24.1.1.2 steps 4.c-f).
pub(crate) fn entry(cx: &Cx, item: &Value) -> JsResult<(Value, Value)> {
    let Value::Object(e) = item else {
        return cx.type_error("iterator value is not an entry object");
    };
    let k = object::get_prop(cx, e, Atom::from_index(0).unwrap_or(Atom::EMPTY))?;
    let v = object::get_prop(cx, e, Atom::from_index(1).unwrap_or(Atom::EMPTY))?;
    Ok((k, v))
}

/// GroupBy (§7.3.35): the groups of `items` by the key `callback` gives each
/// value, in first-seen order; keys are property keys when `property`, else
/// values compared with SameValue after -0 becomes +0.
pub(crate) fn group_by(
    cx: &Cx,
    items: &Value,
    callback: &Value,
    property: bool,
) -> JsResult<Vec<(Value, Vec<Value>)>> {
    if items.is_nullish() {
        return cx.type_error("groupBy called on null or undefined");
    }
    if !callback.is_callable() {
        return cx.type_error("groupBy callback is not a function");
    }
    let mut groups: Vec<(Value, Vec<Value>)> = Vec::new();
    let mut index = crate::ordered_map::OrderedMap::default();
    let mut k = 0.0;
    crate::ops::iterate(cx, items, |value| {
        let mut key = cx.call(
            callback,
            &Value::Undefined,
            &[value.clone(), Value::number(k)],
        )?;
        if property {
            key = crate::ops::key_to_value(cx, cx.to_property_key(&key)?);
        } else if matches!(key, Value::Float(f) if f == 0.0) {
            key = Value::Int(0);
        }
        match index.get(&key).and_then(Value::as_number) {
            Some(i) => groups[i as usize].1.push(value),
            None => {
                index.set(key.clone(), Value::number(groups.len() as f64));
                groups.push((key, vec![value]));
            }
        }
        k += 1.0;
        Ok(())
    })?;
    Ok(groups)
}

/// Map.groupBy (§24.1.2.1).
fn map_group_by(cx: Cx, args: &Args) -> JsResult<Value> {
    let groups = group_by(&cx, args.arg(0), args.arg(1), false)?;
    let proto = cx.intr().map_proto.clone();
    let map = new_object(cx, Some(proto), Class::Map(Box::default()));
    for (key, elements) in groups {
        let arr = Value::Object(object::new_array(cx, elements));
        if let Class::Map(m) = &mut map.d.borrow_mut().class {
            m.set(key, arr);
        }
    }
    Ok(Value::Object(map))
}

/// Map (§24.1.1.1).
fn map_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor Map requires 'new'");
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.map_proto)?;
    let map = new_object(cx, Some(proto), Class::Map(Box::default()));
    add_from_iterable(&cx, &map, args.arg(0), "set", true)?;
    Ok(Value::Object(map))
}

fn get(cx: Cx, args: &Args) -> JsResult<Value> {
    with_map(&cx, &args.this, "get", |m| {
        m.get(args.arg(0)).cloned().unwrap_or(Value::Undefined)
    })
}

fn has(cx: Cx, args: &Args) -> JsResult<Value> {
    with_map(&cx, &args.this, "has", |m| Value::Bool(m.has(args.arg(0))))
}

fn set(cx: Cx, args: &Args) -> JsResult<Value> {
    with_map(&cx, &args.this, "set", |m| m.set(args.get(0), args.get(1)))?;
    Ok(args.this.clone())
}

fn delete(cx: Cx, args: &Args) -> JsResult<Value> {
    // The removed entry is dropped after the borrow ends.
    let old = with_map(&cx, &args.this, "delete", |m| m.delete(args.arg(0)))?;
    Ok(Value::Bool(old.is_some()))
}

fn clear(cx: Cx, args: &Args) -> JsResult<Value> {
    let old = with_map(&cx, &args.this, "clear", |m| m.clear())?;
    drop(old);
    Ok(Value::Undefined)
}

fn size(cx: Cx, args: &Args) -> JsResult<Value> {
    with_map(&cx, &args.this, "size", |m| Value::number(m.len() as f64))
}

/// Map.prototype.getOrInsert (upsert proposal,
/// <https://tc39.es/proposal-upsert/#sec-map.prototype.getOrInsert>): the
/// value of `key`, after setting it to `value` when absent.
fn get_or_insert(cx: Cx, args: &Args) -> JsResult<Value> {
    with_map(&cx, &args.this, "getOrInsert", |m| {
        if let Some(v) = m.get(args.arg(0)) {
            return v.clone();
        }
        m.set(args.get(0), args.get(1));
        args.get(1)
    })
}

/// Map.prototype.getOrInsertComputed (upsert proposal,
/// <https://tc39.es/proposal-upsert/#sec-map.prototype.getOrInsertComputed>):
/// when `key` is absent, calls `callbackfn` with the canonical key and sets
/// the key to its result, whatever the callback did to the map.
fn get_or_insert_computed(cx: Cx, args: &Args) -> JsResult<Value> {
    let method = "getOrInsertComputed";
    with_map(&cx, &args.this, method, |_| ())?;
    let f = args.arg(1);
    if !f.is_callable() {
        return cx.type_error("Map.prototype.getOrInsertComputed: callback is not a function");
    }
    let key = match args.get(0) {
        Value::Float(f) if f.abs() == 0.0 => Value::Int(0),
        k => k,
    };
    if let Some(v) = with_map(&cx, &args.this, method, |m| m.get(&key).cloned())? {
        return Ok(v);
    }
    let v = cx.call(f, &Value::Undefined, std::slice::from_ref(&key))?;
    with_map(&cx, &args.this, method, |m| m.set(key, v.clone()))?;
    Ok(v)
}

/// Map.prototype.forEach (§24.1.3.5) and Set.prototype.forEach (§24.2.4.7):
/// entries added during the walk are visited, deleted ones are not.
pub(crate) fn for_each(cx: Cx, args: &Args) -> JsResult<Value> {
    let is_set = args.magic == 1;
    let name = if is_set { "Set" } else { "Map" };
    let coll = match &args.this {
        Value::Object(o) => match &mut o.d.borrow_mut().class {
            Class::Map(m) if !is_set => Some((o.clone(), m.cursor())),
            Class::Set(m) if is_set => Some((o.clone(), m.cursor())),
            _ => None,
        },
        _ => None,
    };
    let Some((coll, cursor)) = coll else {
        return cx.type_error(&format!(
            "{name}.prototype.forEach called on an incompatible receiver"
        ));
    };
    let f = args.arg(0);
    if !f.is_callable() {
        return cx.type_error(&format!(
            "{name}.prototype.forEach: callback is not a function"
        ));
    }
    loop {
        let next = match &coll.d.borrow().class {
            Class::Map(m) | Class::Set(m) => m.next(&cursor),
            _ => None,
        };
        let Some((k, v)) = next else {
            return Ok(Value::Undefined);
        };
        let v = if is_set { k.clone() } else { v };
        cx.call(f, args.arg(1), &[v, k, args.this.clone()])?;
    }
}

/// keys (magic 0), values (1), entries (2) of Map.prototype (magic + 0) and
/// Set.prototype (magic + 4): CreateMapIterator / CreateSetIterator.
pub(crate) fn iterator(cx: Cx, args: &Args) -> JsResult<Value> {
    let is_set = args.magic >= 4;
    let kind = (args.magic % 4) as u8;
    let cursor = match &args.this {
        Value::Object(o) => match &mut o.d.borrow_mut().class {
            Class::Map(m) if !is_set => Some((o.clone(), m.cursor())),
            Class::Set(m) if is_set => Some((o.clone(), m.cursor())),
            _ => None,
        },
        _ => None,
    };
    let Some((coll, cursor)) = cursor else {
        let name = if is_set { "Set" } else { "Map" };
        return cx.type_error(&format!(
            "{name} iterator requested on an incompatible receiver"
        ));
    };
    let proto = if is_set {
        cx.intr().set_iter_proto.clone()
    } else {
        cx.intr().map_iter_proto.clone()
    };
    let it = CollectionIter {
        coll: Some(coll),
        cursor,
        kind,
        set: is_set,
    };
    Ok(Value::Object(new_object(
        cx,
        Some(proto),
        Class::CollectionIter(Box::new(it)),
    )))
}

/// %MapIteratorPrototype%.next (magic 0) and %SetIteratorPrototype%.next
/// (magic 1) (§24.1.5.2.1, §24.2.6.2.1).
pub(crate) fn iterator_next(cx: Cx, args: &Args) -> JsResult<Value> {
    let is_set = args.magic == 1;
    let state = match &args.this {
        Value::Object(o) => match &o.d.borrow().class {
            Class::CollectionIter(it) if it.set == is_set => {
                Some((it.coll.clone(), it.cursor.clone(), it.kind))
            }
            _ => None,
        },
        _ => None,
    };
    let Some((coll, cursor, kind)) = state else {
        return cx.type_error("next called on an incompatible iterator");
    };
    let Some(coll) = coll else {
        return Ok(iter_result(&cx, Value::Undefined, true));
    };
    let next = match &coll.d.borrow().class {
        Class::Map(m) | Class::Set(m) => m.next(&cursor),
        _ => None,
    };
    let Some((k, v)) = next else {
        if let Value::Object(o) = &args.this
            && let Class::CollectionIter(it) = &mut o.d.borrow_mut().class
        {
            it.coll = None;
        }
        return Ok(iter_result(&cx, Value::Undefined, true));
    };
    let value = match (kind, is_set) {
        (0, _) | (1, true) => k,
        (1, false) => v,
        (_, true) => Value::Object(object::new_array(cx, vec![k.clone(), k])),
        _ => Value::Object(object::new_array(cx, vec![k, v])),
    };
    Ok(iter_result(&cx, value, false))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "clear", 0, clear;
    "delete", 1, delete;
    "entries", 0, iterator, 2;
    "forEach", 1, for_each, 0;
    "get", 1, get;
    "getOrInsert", 2, get_or_insert;
    "getOrInsertComputed", 2, get_or_insert_computed;
    "has", 1, has;
    "keys", 0, iterator, 0;
    "set", 2, set;
    "values", 0, iterator, 1;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().map_proto;
    let ctor = super::define_ctor(cx, "Map", 0, map_ctor, proto);
    super::define_species(cx, &ctor);
    super::define_fns(cx, &ctor, fns! { "groupBy", 2, map_group_by; });
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_getter(cx, proto, cx.intern("size"), "size", size, 0);
    if let Ok(entries) = object::get_prop(cx, proto, cx.intern("entries")) {
        object::define_data(cx, proto, Atom::SYM_ITERATOR, entries, flags::HIDDEN);
    }
    super::define_to_string_tag(cx, proto, "Map");
    let iter_proto = &cx.intr().map_iter_proto;
    super::define_fns(cx, iter_proto, fns! { "next", 0, iterator_next, 0; });
    super::define_to_string_tag(cx, iter_proto, "Map Iterator");
}
