//! TypedArray exotic objects (ECMA-262 §10.4.5).
//!
//! <https://tc39.es/ecma262/#sec-typedarray-exotic-objects>
//!
//! A key that is a CanonicalNumericIndexString (§7.1.21) names an element:
//! it is read from and written to the buffer and never looks at the
//! prototype chain, valid or not. Other keys are ordinary properties. Since
//! numeric keys must not continue the walk, the class has its own [[Get]],
//! [[Set]] and [[HasProperty]]; for other keys they resume the ordinary walk
//! at the prototype.

use super::methods::{InternalMethods, ORDINARY};
use super::{Class, Obj, PropDesc, methods, ordinary};
use crate::atom::Atom;
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

pub(crate) static METHODS: InternalMethods = InternalMethods {
    prevent_extensions,
    get_own_property,
    define_own_property,
    has_property: Some(has_property),
    get: Some(get),
    set: Some(set),
    delete,
    own_property_keys,
    // Any string key may be a canonical numeric string, which the shape
    // never answers: every key goes through the methods above.
    plain_key: super::methods::no_key_plain,
    shape_is_authoritative: false,
    ..ORDINARY
};

/// What a key means to a typed array.
pub(crate) enum NumKey {
    /// Not a canonical numeric string: an ordinary property.
    No,
    /// A numeric key that is an integer in range of `usize` (maybe invalid).
    Index(usize),
    /// A numeric key that is never a valid index (-0, fractions, negative,
    /// huge, NaN, infinities).
    Invalid,
}

/// CanonicalNumericIndexString (§7.1.21) of a property key.
pub(crate) fn numeric_key(cx: &Cx, key: Atom) -> NumKey {
    if let Some(i) = key.index() {
        return NumKey::Index(i as usize);
    }
    if cx.rt.atoms.is_symbol(key) {
        return NumKey::No;
    }
    let s = cx.rt.atom_string(key);
    let units = s.units();
    // Every canonical numeric string starts with a digit, '-', 'I' or 'N'.
    match units.get(0) {
        Some(c) if (b'0' as u16..=b'9' as u16).contains(&c) => {}
        Some(c) if c == b'-' as u16 || c == b'I' as u16 || c == b'N' as u16 => {}
        _ => return NumKey::No,
    }
    let rust = s.to_rust_string();
    if rust == "-0" {
        return NumKey::Invalid;
    }
    let n = crate::value::string_to_number(&s);
    if crate::value::number_to_string(n) != rust {
        return NumKey::No;
    }
    if n.fract() == 0.0 && (0.0..9007199254740992.0).contains(&n) {
        NumKey::Index(n as usize)
    } else {
        NumKey::Invalid
    }
}

fn view_get(cx: &Cx, o: &Obj, i: usize) -> Option<Value> {
    match &o.d.borrow().class {
        Class::TypedArray(v) => v.get(cx, i),
        _ => None,
    }
}

/// IsValidIntegerIndex (§10.4.5.14).
fn valid_index(o: &Obj, i: usize) -> bool {
    match &o.d.borrow().class {
        Class::TypedArray(v) => v.len().is_some_and(|n| i < n),
        _ => false,
    }
}

/// TypedArraySetElement (§10.4.5.16): converts, then writes if the index is
/// (still) valid.
pub(crate) fn set_element(cx: &Cx, o: &Obj, i: Option<usize>, v: &Value) -> JsResult<()> {
    let kind = match &o.d.borrow().class {
        Class::TypedArray(t) => t.kind,
        _ => return Ok(()),
    };
    let e = kind.to_elem(cx, v)?;
    if let Some(i) = i
        && let Class::TypedArray(t) = &o.d.borrow().class
    {
        t.put(i, e);
    }
    Ok(())
}

/// [[PreventExtensions]] (§10.4.5.2 of ES2025): a typed array whose length
/// can change stays extensible.
fn prevent_extensions(cx: &Cx, o: &Obj) -> JsResult<bool> {
    let fixed = match &o.d.borrow().class {
        Class::TypedArray(t) => t.length.is_some() && (t.data.max.is_none() || t.data.shared),
        _ => true,
    };
    if !fixed {
        return Ok(false);
    }
    ordinary::prevent_extensions(cx, o)
}

/// [[GetOwnProperty]] (§10.4.5.1).
fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    match numeric_key(cx, key) {
        NumKey::No => ordinary::get_own_property(cx, o, key),
        NumKey::Invalid => Ok(None),
        NumKey::Index(i) => {
            let f = if crate::builtins::typed_array::is_immutable(o) {
                flags::ENUMERABLE
            } else {
                flags::DEFAULT
            };
            Ok(view_get(cx, o, i).map(|v| PropDesc::data(v, f)))
        }
    }
}

/// [[HasProperty]] (§10.4.5.2).
fn has_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    match numeric_key(cx, key) {
        NumKey::No => {
            if ordinary::get_own_property(cx, o, key)?.is_some() {
                return Ok(true);
            }
            match methods::get_prototype_of(cx, o)? {
                Some(p) => methods::has_property(cx, &p, key),
                None => Ok(false),
            }
        }
        NumKey::Invalid => Ok(false),
        NumKey::Index(i) => Ok(valid_index(o, i)),
    }
}

/// [[DefineOwnProperty]] (§10.4.5.3).
fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    let i = match numeric_key(cx, key) {
        NumKey::No => return ordinary::define_own_property(cx, o, key, desc),
        NumKey::Invalid => return Ok(false),
        NumKey::Index(i) => i,
    };
    if crate::builtins::typed_array::is_immutable(o) {
        // Elements of an immutable buffer are non-writable, non-configurable
        // data properties: only a compatible (no-op) definition succeeds.
        let Some(cur) = view_get(cx, o, i) else {
            return Ok(false);
        };
        return Ok(desc.configurable != Some(true)
            && desc.enumerable != Some(false)
            && !desc.is_accessor()
            && desc.writable != Some(true)
            && desc
                .value
                .as_ref()
                .is_none_or(|v| crate::value::same_value(v, &cur)));
    }
    if !valid_index(o, i)
        || desc.configurable == Some(false)
        || desc.enumerable == Some(false)
        || desc.is_accessor()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    if let Some(v) = &desc.value {
        set_element(cx, o, Some(i), v)?;
    }
    Ok(true)
}

/// [[Get]] (§10.4.5.4).
fn get(cx: &Cx, o: &Obj, key: Atom, receiver: &Value) -> JsResult<Value> {
    match numeric_key(cx, key) {
        NumKey::No => {
            if let Some(desc) = ordinary::get_own_property(cx, o, key)? {
                return match desc.get {
                    Some(Some(g)) => cx.call(&Value::Object(g), receiver, &[]),
                    Some(None) => Ok(Value::Undefined),
                    None => Ok(desc.value.unwrap_or(Value::Undefined)),
                };
            }
            match methods::get_prototype_of(cx, o)? {
                Some(p) => methods::get(cx, &p, key, receiver),
                None => Ok(Value::Undefined),
            }
        }
        NumKey::Invalid => Ok(Value::Undefined),
        NumKey::Index(i) => Ok(view_get(cx, o, i).unwrap_or(Value::Undefined)),
    }
}

/// [[Set]] (§10.4.5.5).
fn set(cx: &Cx, o: &Obj, key: Atom, v: Value, receiver: &Value) -> JsResult<bool> {
    let same = matches!(receiver, Value::Object(r) if Obj::ptr_eq(r, o));
    match numeric_key(cx, key) {
        NumKey::No => {}
        NumKey::Index(i) if same && crate::builtins::typed_array::is_immutable(o) => {
            return Ok(!valid_index(o, i));
        }
        NumKey::Invalid if same => {
            set_element(cx, o, None, &v)?;
            return Ok(true);
        }
        NumKey::Index(i) if same => {
            set_element(cx, o, Some(i), &v)?;
            return Ok(true);
        }
        NumKey::Invalid => return Ok(true),
        NumKey::Index(i) => {
            if !valid_index(o, i) {
                return Ok(true);
            }
        }
    }
    // OrdinarySet (§10.1.9.1).
    let own = get_own_property(cx, o, key)?;
    let own = match own {
        Some(d) => d,
        None => match methods::get_prototype_of(cx, o)? {
            Some(p) => return methods::set(cx, &p, key, v, receiver),
            None => PropDesc::data(Value::Undefined, flags::DEFAULT),
        },
    };
    methods::set_with_own_descriptor(cx, key, v, receiver, own)
}

/// [[Delete]] (§10.4.5.6).
fn delete(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    match numeric_key(cx, key) {
        NumKey::No => ordinary::delete(cx, o, key),
        NumKey::Invalid => Ok(true),
        NumKey::Index(i) => Ok(!valid_index(o, i)),
    }
}

/// [[OwnPropertyKeys]] (§10.4.5.7).
fn own_property_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    let len = match &o.d.borrow().class {
        Class::TypedArray(t) => t.len().unwrap_or(0),
        _ => 0,
    };
    let mut keys = Vec::with_capacity(len);
    for i in 0..len {
        keys.push(match u32::try_from(i).ok().and_then(Atom::from_index) {
            Some(a) => a,
            None => cx.intern(&i.to_string()),
        });
        if i % 4096 == 4095 {
            cx.poll()?;
        }
    }
    keys.extend(ordinary::own_property_keys(cx, o)?);
    Ok(keys)
}
