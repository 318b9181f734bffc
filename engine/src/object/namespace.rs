//! Module namespace exotic objects (ECMA-262 §10.4.6): the object
//! `import * as ns` binds and `import()` resolves to.
//!
//! <https://tc39.es/ecma262/#sec-module-namespace-exotic-objects>
//!
//! A namespace holds its module's exported names, sorted by code units,
//! each with the cell of the binding it resolves to (so reads are live and
//! respect the binding's TDZ). Its only ordinary property is
//! `@@toStringTag`; it has a null prototype and is not extensible. String
//! keys never live in the shape, so every access to them comes here.

use super::methods::{InternalMethods, ORDINARY, no_key_plain};
use super::{Class, Obj, PropDesc, VarRef, ordinary};
use crate::atom::Atom;
use crate::gc::Gc;
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// `[[Exports]]` with their bindings.
pub(crate) struct NamespaceData {
    pub(crate) exports: Vec<(Atom, Gc<VarRef>)>,
    /// For a deferred namespace (`import defer`), its module: using the
    /// namespace evaluates it first.
    pub(crate) deferred: Option<u32>,
}

pub(crate) static METHODS: InternalMethods = InternalMethods {
    set_prototype_of,
    is_extensible,
    prevent_extensions,
    get_own_property,
    define_own_property,
    has_property: Some(has_property),
    set: Some(set),
    delete,
    own_property_keys,
    plain_key: no_key_plain,
    shape_is_authoritative: true,
    ..ORDINARY
};

/// A namespace, without exports yet.
pub(crate) fn create(cx: &Cx, deferred: Option<u32>) -> Obj {
    let o = super::new_object(
        *cx,
        None,
        Class::Namespace(Box::new(NamespaceData {
            exports: Vec::new(),
            deferred,
        })),
    );
    let tag = Value::String(cx.str(if deferred.is_some() {
        "Deferred Module"
    } else {
        "Module"
    }));
    super::define_data(cx, &o, Atom::SYM_TO_STRING_TAG, tag, 0);
    o.d.borrow_mut().extensible = false;
    o
}

pub(crate) fn set_exports(o: &Obj, exports: Vec<(Atom, Gc<VarRef>)>) {
    if let Class::Namespace(n) = &mut o.d.borrow_mut().class {
        n.exports = exports;
    }
}

/// IsSymbolLikeNamespaceKey: symbols, and `then` on a deferred namespace
/// (so that awaiting one does not evaluate it).
fn is_symbol(cx: &Cx, o: &Obj, key: Atom) -> bool {
    cx.rt.atoms.is_symbol(key) || (key == Atom::THEN && deferred(o).is_some())
}

fn deferred(o: &Obj) -> Option<u32> {
    match &o.d.borrow().class {
        Class::Namespace(n) => n.deferred,
        _ => None,
    }
}

/// GetModuleExportsList's trigger: a deferred namespace evaluates its module.
fn ensure_evaluated(cx: &Cx, o: &Obj) -> JsResult<()> {
    match deferred(o) {
        Some(id) => crate::module::ensure_deferred_evaluation(cx, id),
        None => Ok(()),
    }
}

/// The binding cell of an export.
fn binding(o: &Obj, key: Atom) -> Option<Gc<VarRef>> {
    match &o.d.borrow().class {
        Class::Namespace(n) => n
            .exports
            .iter()
            .find(|(a, _)| *a == key)
            .map(|(_, c)| c.clone()),
        _ => None,
    }
}

/// [[SetPrototypeOf]] (§10.4.6.1): SetImmutablePrototype with a null prototype.
fn set_prototype_of(_cx: &Cx, _o: &Obj, proto: Option<Obj>) -> JsResult<bool> {
    Ok(proto.is_none())
}

fn is_extensible(_cx: &Cx, _o: &Obj) -> JsResult<bool> {
    Ok(false)
}

fn prevent_extensions(_cx: &Cx, _o: &Obj) -> JsResult<bool> {
    Ok(true)
}

/// [[GetOwnProperty]] (§10.4.6.5): reading an export in its TDZ throws.
fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    if is_symbol(cx, o, key) {
        return ordinary::get_own_property(cx, o, key);
    }
    ensure_evaluated(cx, o)?;
    let Some(cell) = binding(o, key) else {
        return Ok(None);
    };
    let v = cell.value.borrow().clone();
    if matches!(v, Value::Uninit) {
        let n = cx.rt.atom_name(key);
        return cx.reference_error(&format!("cannot access '{n}' before initialization"));
    }
    Ok(Some(PropDesc {
        value: Some(v),
        writable: Some(true),
        get: None,
        set: None,
        enumerable: Some(true),
        configurable: Some(false),
    }))
}

/// [[DefineOwnProperty]] (§10.4.6.6).
fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    if is_symbol(cx, o, key) {
        return ordinary::define_own_property(cx, o, key, desc);
    }
    let Some(current) = get_own_property(cx, o, key)? else {
        return Ok(false);
    };
    if desc.configurable == Some(true)
        || desc.enumerable == Some(false)
        || desc.get.is_some()
        || desc.set.is_some()
        || desc.writable == Some(false)
    {
        return Ok(false);
    }
    Ok(match (&desc.value, &current.value) {
        (Some(v), Some(c)) => crate::value::same_value(v, c),
        _ => true,
    })
}

/// [[HasProperty]] (§10.4.6.7).
fn has_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    if is_symbol(cx, o, key) {
        return Ok(ordinary::get_own_property(cx, o, key)?.is_some());
    }
    ensure_evaluated(cx, o)?;
    Ok(binding(o, key).is_some())
}

/// [[Set]] (§10.4.6.9): always fails.
fn set(_cx: &Cx, _o: &Obj, _key: Atom, _v: Value, _receiver: &Value) -> JsResult<bool> {
    Ok(false)
}

/// [[Delete]] (§10.4.6.10).
fn delete(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    if is_symbol(cx, o, key) {
        return ordinary::delete(cx, o, key);
    }
    ensure_evaluated(cx, o)?;
    Ok(binding(o, key).is_none())
}

/// [[OwnPropertyKeys]] (§10.4.6.11): the exports, then the symbols.
fn own_property_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    ensure_evaluated(cx, o)?;
    let mut keys: Vec<Atom> = match &o.d.borrow().class {
        Class::Namespace(n) => n.exports.iter().map(|(a, _)| *a).collect(),
        _ => Vec::new(),
    };
    keys.extend(ordinary::own_property_keys(cx, o)?);
    Ok(keys)
}
