//! String exotic objects (ECMA-262 §10.4.3): the wrapper's code units are
//! read-only, enumerable own properties, and `length` is its length.
//!
//! <https://tc39.es/ecma262/#sec-string-exotic-objects>

use super::methods::{InternalMethods, ORDINARY};
use super::{Class, Obj, PropDesc, ordinary};
use crate::atom::Atom;
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

pub(crate) static METHODS: InternalMethods = InternalMethods {
    get_own_property,
    define_own_property,
    delete,
    own_property_keys,
    plain_key: super::methods::plain_unless_length_or_index,
    ..ORDINARY
};

fn string_len(o: &Obj) -> usize {
    match &o.d.borrow().class {
        Class::String(s) => s.len(),
        _ => 0,
    }
}

/// StringGetOwnProperty (§10.4.3.5), and `length`.
fn string_own(cx: &Cx, o: &Obj, key: Atom) -> Option<PropDesc> {
    let d = o.d.borrow();
    let Class::String(s) = &d.class else {
        return None;
    };
    if key == Atom::LENGTH {
        return Some(PropDesc::data(Value::Int(s.len() as i32), 0));
    }
    let i = key.index()? as usize;
    if i >= s.len() {
        return None;
    }
    let ch = s.units().at(i);
    let cs = crate::builtins::string::char_string(cx, ch);
    Some(PropDesc::data(
        Value::String(cs),
        crate::shape::flags::ENUMERABLE,
    ))
}

/// [[GetOwnProperty]] (§10.4.3.1).
fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    match string_own(cx, o, key) {
        Some(d) => Ok(Some(d)),
        None => ordinary::get_own_property(cx, o, key),
    }
}

/// [[DefineOwnProperty]] (§10.4.3.2): a code unit or `length` accepts only
/// a compatible, unchanging descriptor.
fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    match string_own(cx, o, key) {
        Some(current) => Ok(ordinary::is_compatible(&current, &desc)),
        None => ordinary::define_own_property(cx, o, key, desc),
    }
}

fn delete(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    let len = string_len(o);
    if key == Atom::LENGTH || key.index().is_some_and(|i| (i as usize) < len) {
        return Ok(false);
    }
    ordinary::delete(cx, o, key)
}

/// [[OwnPropertyKeys]] (§10.4.3.3).
fn own_property_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    let len = string_len(o) as u32;
    Ok(ordinary::ordered_keys(cx, &o.d.borrow(), len, true))
}
