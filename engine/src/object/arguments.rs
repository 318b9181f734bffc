//! Mapped arguments exotic objects (ECMA-262 §10.4.4): while index `i` is
//! mapped, it reads and writes the parameter's cell.
//!
//! <https://tc39.es/ecma262/#sec-arguments-exotic-objects>
//!
//! `Class::Arguments` holds, per index, the cell it still aliases; an
//! unmapped arguments object has an empty map and is ordinary. [[Get]] and
//! [[Set]] need no override: the chain walks read [[GetOwnProperty]], which
//! gives the parameter's value, and a store goes through
//! [[DefineOwnProperty]], which writes it (§10.4.4.3-4 have the same effect).

use super::methods::{InternalMethods, ORDINARY};
use super::{Class, Obj, PropDesc, Slot, VarRef, ordinary};
use crate::atom::Atom;
use crate::gc::Gc;
use crate::runtime::{Cx, JsResult};

pub(crate) static METHODS: InternalMethods = InternalMethods {
    get_own_property,
    define_own_property,
    delete,
    plain_key: super::methods::plain_unless_index,
    shape_is_authoritative: false,
    ..ORDINARY
};

/// The cell aliased by index `key` of `o`.
fn mapped(o: &Obj, key: Atom) -> Option<Gc<VarRef>> {
    match &o.d.borrow().class {
        Class::Arguments(map) => map.get(key.index()? as usize)?.clone(),
        _ => None,
    }
}

/// Ends the aliasing of index `key`.
fn unmap(o: &Obj, key: Atom) {
    if let Class::Arguments(map) = &mut o.d.borrow_mut().class
        && let Some(i) = key.index()
        && let Some(slot) = map.get_mut(i as usize)
    {
        *slot = None;
    }
}

/// [[GetOwnProperty]] (§10.4.4.1).
fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    let Some(mut desc) = ordinary::get_own_property(cx, o, key)? else {
        return Ok(None);
    };
    // Step 5.
    if let Some(c) = mapped(o, key) {
        desc.value = Some(c.value.borrow().clone());
    }
    Ok(Some(desc))
}

/// [[DefineOwnProperty]] (§10.4.4.2).
fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    let Some(cell) = mapped(o, key) else {
        return ordinary::define_own_property(cx, o, key, desc);
    };
    // Step 3: freezing without a value keeps the parameter's current value.
    let mut new_desc = desc.clone();
    if !desc.is_accessor() && desc.value.is_none() && desc.writable == Some(false) {
        new_desc.value = Some(cell.value.borrow().clone());
    }
    // The stored slot may be stale: refresh it before the ordinary checks.
    {
        let mut d = o.d.borrow_mut();
        if let Some(i) = d.shape.find(key)
            && let Slot::Data(v) = &mut d.slots[i]
        {
            *v = cell.value.borrow().clone();
        }
    }
    // Step 4.
    if !ordinary::define_own_property(cx, o, key, new_desc)? {
        return Ok(false);
    }
    // Step 5.
    if desc.is_accessor() {
        unmap(o, key);
    } else {
        if let Some(v) = desc.value {
            let old = cell.value.replace(v);
            drop(old);
        }
        if desc.writable == Some(false) {
            unmap(o, key);
        }
    }
    Ok(true)
}

/// [[Delete]] (§10.4.4.5): deleting a mapped index ends its aliasing.
fn delete(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    let ok = ordinary::delete(cx, o, key)?;
    if ok {
        unmap(o, key);
    }
    Ok(ok)
}
