//! Proxy exotic objects (ECMA-262 §10.5): every internal method calls the
//! handler's trap when it has one, then checks the result against the
//! target's invariants; without a trap it forwards to the target.
//!
//! <https://tc39.es/ecma262/#sec-proxy-object-internal-methods-and-internal-slots>
//!
//! A proxy has no own storage: its shape stays empty and its `proto` unset.
//! Each method starts with the native stack check, so a long chain of
//! proxies (each forwarding to the next) ends in a catchable RangeError.

use super::methods::{self, InternalMethods};
use super::{Class, Obj, PropDesc, ordinary};
use crate::atom::Atom;
use crate::builtins::object::{from_property_descriptor, to_property_descriptor};
use crate::runtime::{Cx, JsResult};
use crate::value::{Value, same_value};

/// `[[ProxyTarget]]` and `[[ProxyHandler]]` (both `None` once revoked), and
/// the table chosen at creation from the target's callability.
pub(crate) struct ProxyData {
    pub(crate) target: Option<Obj>,
    pub(crate) handler: Option<Obj>,
    pub(crate) methods: &'static InternalMethods,
}

static OBJECT: InternalMethods = InternalMethods {
    get_prototype_of,
    set_prototype_of,
    is_extensible,
    prevent_extensions,
    get_own_property,
    define_own_property,
    has_property: Some(has_property),
    get: Some(get),
    set: Some(set),
    delete,
    own_property_keys,
    call: None,
    construct: None,
    ordinary_get_prototype_of: false,
    plain_key: super::methods::no_key_plain,
    shape_is_authoritative: false,
};

static FUNCTION: InternalMethods = InternalMethods {
    call: Some(call),
    ..OBJECT
};

static CONSTRUCTOR: InternalMethods = InternalMethods {
    call: Some(call),
    construct: Some(construct),
    ..OBJECT
};

/// ProxyCreate (§10.5.14).
pub(crate) fn proxy_create(cx: &Cx, target: &Value, handler: &Value) -> JsResult<Obj> {
    let (Value::Object(target), Value::Object(handler)) = (target, handler) else {
        return cx.type_error("Cannot create proxy with a non-object as target or handler");
    };
    let table = if methods::is_constructor(target) {
        &CONSTRUCTOR
    } else if methods::is_callable(target) {
        &FUNCTION
    } else {
        &OBJECT
    };
    Ok(super::new_object(
        *cx,
        None,
        Class::Proxy(Box::new(ProxyData {
            target: Some(target.clone()),
            handler: Some(handler.clone()),
            methods: table,
        })),
    ))
}

/// Revokes a proxy (§28.2.2.1.1 steps 4-5).
pub(crate) fn revoke(o: &Obj) {
    let old = match &mut o.d.borrow_mut().class {
        Class::Proxy(p) => (p.target.take(), p.handler.take()),
        _ => (None, None),
    };
    drop(old);
}

/// The target and handler, or a TypeError when the proxy was revoked; also
/// the stack check that bounds recursion through chains of proxies.
fn parts(cx: &Cx, o: &Obj) -> JsResult<(Obj, Obj)> {
    cx.check_stack()?;
    let pair = match &o.d.borrow().class {
        Class::Proxy(p) => p.target.clone().zip(p.handler.clone()),
        _ => None,
    };
    match pair {
        Some(pair) => Ok(pair),
        None => cx.type_error("Cannot perform operation on a revoked proxy"),
    }
}

/// The proxy's target, if it has not been revoked (for IsArray and
/// GetFunctionRealm, which throw on a revoked proxy themselves).
pub(crate) fn target_of(cx: &Cx, o: &Obj) -> JsResult<Obj> {
    parts(cx, o).map(|(t, _)| t)
}

/// GetMethod(handler, name) (§7.3.11).
fn trap(cx: &Cx, handler: &Obj, name: Atom) -> JsResult<Option<Value>> {
    let f = methods::get_prop(cx, handler, name)?;
    match &f {
        Value::Undefined | Value::Null => Ok(None),
        Value::Object(o) if methods::is_callable(o) => Ok(Some(f)),
        _ => cx.type_error(&format!(
            "proxy trap '{}' is not a function",
            cx.rt.atom_name(name)
        )),
    }
}

fn key(cx: &Cx, k: Atom) -> Value {
    crate::ops::key_to_value(cx, k)
}

fn invariant<T>(cx: &Cx, what: &str) -> JsResult<T> {
    cx.type_error(&format!("proxy invariant violated: {what}"))
}

fn opt_obj(v: Option<Obj>) -> Value {
    v.map_or(Value::Null, Value::Object)
}

/// [[GetPrototypeOf]] (§10.5.1).
fn get_prototype_of(cx: &Cx, o: &Obj) -> JsResult<Option<Obj>> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::GET_PROTOTYPE_OF)? else {
        return methods::get_prototype_of(cx, &target);
    };
    // Steps 7-8.
    let proto = match cx.call(
        &trap,
        &Value::Object(handler),
        &[Value::Object(target.clone())],
    )? {
        Value::Object(p) => Some(p),
        Value::Null => None,
        _ => return invariant(cx, "getPrototypeOf must return an object or null"),
    };
    // Steps 9-13.
    if methods::is_extensible(cx, &target)? {
        return Ok(proto);
    }
    let target_proto = methods::get_prototype_of(cx, &target)?;
    if !same_value(&opt_obj(proto.clone()), &opt_obj(target_proto)) {
        return invariant(
            cx,
            "getPrototypeOf of a non-extensible target must return its prototype",
        );
    }
    Ok(proto)
}

/// [[SetPrototypeOf]] (§10.5.2).
fn set_prototype_of(cx: &Cx, o: &Obj, proto: Option<Obj>) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::SET_PROTOTYPE_OF)? else {
        return methods::set_prototype_of(cx, &target, proto);
    };
    let args = [Value::Object(target.clone()), opt_obj(proto.clone())];
    if !cx.call(&trap, &Value::Object(handler), &args)?.to_boolean() {
        return Ok(false);
    }
    if methods::is_extensible(cx, &target)? {
        return Ok(true);
    }
    let target_proto = methods::get_prototype_of(cx, &target)?;
    if !same_value(&opt_obj(proto), &opt_obj(target_proto)) {
        return invariant(
            cx,
            "setPrototypeOf on a non-extensible target must not change its prototype",
        );
    }
    Ok(true)
}

/// [[IsExtensible]] (§10.5.3).
fn is_extensible(cx: &Cx, o: &Obj) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::IS_EXTENSIBLE)? else {
        return methods::is_extensible(cx, &target);
    };
    let r = cx
        .call(
            &trap,
            &Value::Object(handler),
            &[Value::Object(target.clone())],
        )?
        .to_boolean();
    if r != methods::is_extensible(cx, &target)? {
        return invariant(cx, "isExtensible must report the target's extensibility");
    }
    Ok(r)
}

/// [[PreventExtensions]] (§10.5.4).
fn prevent_extensions(cx: &Cx, o: &Obj) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::PREVENT_EXTENSIONS)? else {
        return methods::prevent_extensions(cx, &target);
    };
    let r = cx
        .call(
            &trap,
            &Value::Object(handler),
            &[Value::Object(target.clone())],
        )?
        .to_boolean();
    if r && methods::is_extensible(cx, &target)? {
        return invariant(
            cx,
            "preventExtensions returned true but the target is extensible",
        );
    }
    Ok(r)
}

/// CompletePropertyDescriptor (§6.2.6.6).
fn complete(desc: &mut PropDesc) {
    if desc.is_accessor() {
        desc.get.get_or_insert(None);
        desc.set.get_or_insert(None);
    } else {
        desc.value.get_or_insert(Value::Undefined);
        desc.writable.get_or_insert(false);
    }
    desc.enumerable.get_or_insert(false);
    desc.configurable.get_or_insert(false);
}

/// IsCompatiblePropertyDescriptor (§10.1.6.2).
fn is_compatible(extensible: bool, desc: &PropDesc, current: Option<&PropDesc>) -> bool {
    match current {
        None => extensible,
        Some(c) => ordinary::is_compatible(c, desc),
    }
}

/// [[GetOwnProperty]] (§10.5.5).
fn get_own_property(cx: &Cx, o: &Obj, k: Atom) -> JsResult<Option<PropDesc>> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::GET_OWN_PROPERTY_DESCRIPTOR)? else {
        return methods::get_own_property(cx, &target, k);
    };
    let args = [Value::Object(target.clone()), key(cx, k)];
    let result = cx.call(&trap, &Value::Object(handler), &args)?;
    // Step 9.
    if !matches!(result, Value::Object(_) | Value::Undefined) {
        return invariant(
            cx,
            "getOwnPropertyDescriptor must return an object or undefined",
        );
    }
    let target_desc = methods::get_own_property(cx, &target, k)?;
    // Step 11.
    if result.is_undefined() {
        let Some(td) = target_desc else {
            return Ok(None);
        };
        if td.configurable == Some(false) {
            return invariant(
                cx,
                "getOwnPropertyDescriptor hid a non-configurable property",
            );
        }
        if !methods::is_extensible(cx, &target)? {
            return invariant(
                cx,
                "getOwnPropertyDescriptor hid a property of a non-extensible target",
            );
        }
        return Ok(None);
    }
    // Steps 12-16.
    let extensible = methods::is_extensible(cx, &target)?;
    let mut desc = to_property_descriptor(cx, &result)?;
    complete(&mut desc);
    if !is_compatible(extensible, &desc, target_desc.as_ref()) {
        return invariant(
            cx,
            "getOwnPropertyDescriptor returned a descriptor incompatible with the target",
        );
    }
    // Step 17.
    if desc.configurable == Some(false) {
        match &target_desc {
            Some(td) if td.configurable == Some(false) => {
                if desc.writable == Some(false) && td.writable == Some(true) {
                    return invariant(
                        cx,
                        "getOwnPropertyDescriptor reported a writable property as non-writable",
                    );
                }
            }
            _ => {
                return invariant(
                    cx,
                    "getOwnPropertyDescriptor reported a configurable or missing property as non-configurable",
                );
            }
        }
    }
    Ok(Some(desc))
}

/// [[DefineOwnProperty]] (§10.5.6).
fn define_own_property(cx: &Cx, o: &Obj, k: Atom, desc: PropDesc) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::DEFINE_PROPERTY)? else {
        return methods::define_own_property(cx, &target, k, desc);
    };
    let desc_obj = from_property_descriptor(cx, &desc);
    let args = [Value::Object(target.clone()), key(cx, k), desc_obj];
    if !cx.call(&trap, &Value::Object(handler), &args)?.to_boolean() {
        return Ok(false);
    }
    // Steps 10-16.
    let target_desc = methods::get_own_property(cx, &target, k)?;
    let extensible = methods::is_extensible(cx, &target)?;
    let setting_config_false = desc.configurable == Some(false);
    match target_desc {
        None => {
            if !extensible {
                return invariant(
                    cx,
                    "defineProperty added a property to a non-extensible target",
                );
            }
            if setting_config_false {
                return invariant(
                    cx,
                    "defineProperty defined a non-configurable property missing on the target",
                );
            }
        }
        Some(td) => {
            if !is_compatible(extensible, &desc, Some(&td)) {
                return invariant(
                    cx,
                    "defineProperty is incompatible with the target's property",
                );
            }
            if setting_config_false && td.configurable == Some(true) {
                return invariant(
                    cx,
                    "defineProperty made a configurable target property non-configurable",
                );
            }
            if !td.is_accessor()
                && td.configurable == Some(false)
                && td.writable == Some(true)
                && desc.writable == Some(false)
            {
                return invariant(
                    cx,
                    "defineProperty made a non-configurable writable property non-writable",
                );
            }
        }
    }
    Ok(true)
}

/// [[HasProperty]] (§10.5.7).
fn has_property(cx: &Cx, o: &Obj, k: Atom) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::HAS)? else {
        return methods::has_property(cx, &target, k);
    };
    let args = [Value::Object(target.clone()), key(cx, k)];
    let r = cx.call(&trap, &Value::Object(handler), &args)?.to_boolean();
    if !r {
        may_disappear(cx, &target, k, "has")?;
    }
    Ok(r)
}

/// The check shared by [[HasProperty]] (§10.5.7 step 9) and [[Delete]]
/// (§10.5.10 steps 10-13): a trap may report the target's own property `k`
/// as absent only if it is configurable and the target is extensible.
fn may_disappear(cx: &Cx, target: &Obj, k: Atom, trap: &str) -> JsResult<()> {
    let Some(td) = methods::get_own_property(cx, target, k)? else {
        return Ok(());
    };
    if td.configurable == Some(false) {
        return invariant(cx, &format!("{trap} hid a non-configurable property"));
    }
    if !methods::is_extensible(cx, target)? {
        return invariant(
            cx,
            &format!("{trap} hid a property of a non-extensible target"),
        );
    }
    Ok(())
}

/// [[Get]] (§10.5.8).
fn get(cx: &Cx, o: &Obj, k: Atom, receiver: &Value) -> JsResult<Value> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::GET)? else {
        return methods::get(cx, &target, k, receiver);
    };
    let args = [Value::Object(target.clone()), key(cx, k), receiver.clone()];
    let v = cx.call(&trap, &Value::Object(handler), &args)?;
    // Steps 9-10.
    if let Some(td) = methods::get_own_property(cx, &target, k)?
        && td.configurable == Some(false)
    {
        if !td.is_accessor()
            && td.writable == Some(false)
            && !same_value(&v, td.value.as_ref().unwrap_or(&Value::Undefined))
        {
            return invariant(
                cx,
                "get must report the value of a non-writable, non-configurable property",
            );
        }
        if td.is_accessor() && matches!(td.get, Some(None)) && !v.is_undefined() {
            return invariant(
                cx,
                "get must report undefined for a non-configurable accessor without a getter",
            );
        }
    }
    Ok(v)
}

/// [[Set]] (§10.5.9).
fn set(cx: &Cx, o: &Obj, k: Atom, v: Value, receiver: &Value) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::SET)? else {
        return methods::set(cx, &target, k, v, receiver);
    };
    let args = [
        Value::Object(target.clone()),
        key(cx, k),
        v.clone(),
        receiver.clone(),
    ];
    if !cx.call(&trap, &Value::Object(handler), &args)?.to_boolean() {
        return Ok(false);
    }
    // Steps 10-11.
    if let Some(td) = methods::get_own_property(cx, &target, k)?
        && td.configurable == Some(false)
    {
        if !td.is_accessor()
            && td.writable == Some(false)
            && !same_value(&v, td.value.as_ref().unwrap_or(&Value::Undefined))
        {
            return invariant(cx, "set changed a non-writable, non-configurable property");
        }
        if td.is_accessor() && matches!(td.set, Some(None)) {
            return invariant(
                cx,
                "set succeeded on a non-configurable accessor without a setter",
            );
        }
    }
    Ok(true)
}

/// [[Delete]] (§10.5.10).
fn delete(cx: &Cx, o: &Obj, k: Atom) -> JsResult<bool> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::DELETE_PROPERTY)? else {
        return methods::delete_property(cx, &target, k);
    };
    let args = [Value::Object(target.clone()), key(cx, k)];
    if !cx.call(&trap, &Value::Object(handler), &args)?.to_boolean() {
        return Ok(false);
    }
    may_disappear(cx, &target, k, "deleteProperty")?;
    Ok(true)
}

/// [[OwnPropertyKeys]] (§10.5.11).
fn own_property_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::OWN_KEYS)? else {
        return methods::own_keys(cx, &target);
    };
    let array = cx.call(
        &trap,
        &Value::Object(handler),
        &[Value::Object(target.clone())],
    )?;
    // Steps 7-8: CreateListFromArrayLike(trapResultArray, « String, Symbol »),
    // without duplicates.
    if !matches!(array, Value::Object(_)) {
        return cx.type_error("ownKeys must return an object");
    }
    let list = crate::builtins::function::list_from_array_like(cx, &array)?;
    let mut keys: Vec<Atom> = Vec::with_capacity(list.len());
    let mut seen = hashbrown::HashSet::new();
    for v in &list {
        if !matches!(v, Value::String(_) | Value::Symbol(_)) {
            return cx.type_error("ownKeys result must contain only strings and symbols");
        }
        let k = cx.to_property_key(v)?;
        if let Value::Symbol(s) = v
            && k.is_counted_symbol()
        {
            // The list is dropped before the caller is done with the keys.
            crate::builtins::weak_ref::keep_key(cx.rt, s);
        }
        if !seen.insert(k) {
            return invariant(cx, "ownKeys returned a duplicate key");
        }
        keys.push(k);
    }
    // Steps 9-15.
    let extensible = methods::is_extensible(cx, &target)?;
    let target_keys = methods::own_keys(cx, &target)?;
    let mut configurable = Vec::new();
    let mut nonconfigurable = Vec::new();
    for k in target_keys {
        match methods::get_own_property(cx, &target, k)? {
            Some(d) if d.configurable == Some(false) => nonconfigurable.push(k),
            _ => configurable.push(k),
        }
    }
    if extensible && nonconfigurable.is_empty() {
        return Ok(keys);
    }
    // Steps 16-22.
    let mut unchecked = seen;
    for k in nonconfigurable {
        if !unchecked.remove(&k) {
            return invariant(cx, "ownKeys omitted a non-configurable property");
        }
    }
    if extensible {
        return Ok(keys);
    }
    for k in configurable {
        if !unchecked.remove(&k) {
            return invariant(cx, "ownKeys omitted a property of a non-extensible target");
        }
    }
    if !unchecked.is_empty() {
        return invariant(cx, "ownKeys added a property to a non-extensible target");
    }
    Ok(keys)
}

/// [[Call]] (§10.5.12).
fn call(cx: &Cx, o: &Obj, this: &Value, args: &[Value]) -> JsResult<Value> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::APPLY)? else {
        return cx.call(&Value::Object(target), this, args);
    };
    let arg_array = super::new_array(*cx, args.to_vec());
    cx.call(
        &trap,
        &Value::Object(handler),
        &[
            Value::Object(target),
            this.clone(),
            Value::Object(arg_array),
        ],
    )
}

/// [[Construct]] (§10.5.13).
fn construct(cx: &Cx, o: &Obj, args: &[Value], new_target: &Obj) -> JsResult<Value> {
    let (target, handler) = parts(cx, o)?;
    let Some(trap) = trap(cx, &handler, Atom::CONSTRUCT)? else {
        return cx.construct(&Value::Object(target), args, Some(new_target));
    };
    let arg_array = super::new_array(*cx, args.to_vec());
    let r = cx.call(
        &trap,
        &Value::Object(handler),
        &[
            Value::Object(target),
            Value::Object(arg_array),
            Value::Object(new_target.clone()),
        ],
    )?;
    if !matches!(r, Value::Object(_)) {
        return cx.type_error("proxy construct trap must return an object");
    }
    Ok(r)
}
