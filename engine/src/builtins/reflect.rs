//! The `Reflect` object (ECMA-262 §28.1): the object internal methods as
//! functions.
//!
//! <https://tc39.es/ecma262/#sec-reflect-object>

use super::function::list_from_array_like;
use super::object::{from_property_descriptor, to_property_descriptor};
use super::{FnSpec, fns};
use crate::object::{self, Args, Obj};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// The target argument, which must be an object (step 1 of most functions).
fn target<'a>(cx: &Cx, args: &'a Args, name: &str) -> JsResult<&'a Obj> {
    match args.arg(0) {
        Value::Object(o) => Ok(o),
        _ => cx.type_error(&format!("Reflect.{name} called on non-object")),
    }
}

/// Reflect.apply (§28.1.1).
fn apply(cx: Cx, args: &Args) -> JsResult<Value> {
    let f = args.arg(0);
    if !matches!(f, Value::Object(o) if object::is_callable(o)) {
        return cx.type_error("Reflect.apply target is not callable");
    }
    let list = list_from_array_like(&cx, args.arg(2))?;
    cx.call(f, args.arg(1), &list)
}

/// Reflect.construct (§28.1.2).
fn construct(cx: Cx, args: &Args) -> JsResult<Value> {
    let f = args.arg(0);
    let fo = match f {
        Value::Object(o) if object::is_constructor(o) => o,
        _ => return cx.type_error("Reflect.construct target is not a constructor"),
    };
    let new_target = if args.args.len() > 2 {
        match args.arg(2) {
            Value::Object(o) if object::is_constructor(o) => o.clone(),
            _ => return cx.type_error("Reflect.construct newTarget is not a constructor"),
        }
    } else {
        fo.clone()
    };
    let list = list_from_array_like(&cx, args.arg(1))?;
    cx.construct(f, &list, Some(&new_target))
}

/// Reflect.defineProperty (§28.1.3).
fn define_property(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "defineProperty")?;
    let key = cx.to_property_key(args.arg(1))?;
    let desc = to_property_descriptor(&cx, args.arg(2))?;
    Ok(Value::Bool(object::define_own_property(&cx, o, key, desc)?))
}

/// Reflect.deleteProperty (§28.1.4).
fn delete_property(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "deleteProperty")?;
    let key = cx.to_property_key(args.arg(1))?;
    Ok(Value::Bool(object::delete_property(&cx, o, key)?))
}

/// The receiver argument at `i`, defaulting to the target.
fn receiver(args: &Args, i: usize) -> Value {
    if args.args.len() > i {
        args.get(i)
    } else {
        args.get(0)
    }
}

/// Reflect.get (§28.1.5).
fn get(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "get")?;
    let key = cx.to_property_key(args.arg(1))?;
    object::get(&cx, o, key, &receiver(args, 2))
}

/// Reflect.getOwnPropertyDescriptor (§28.1.6).
fn get_own_property_descriptor(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "getOwnPropertyDescriptor")?;
    let key = cx.to_property_key(args.arg(1))?;
    Ok(match object::get_own_property(&cx, o, key)? {
        Some(d) => from_property_descriptor(&cx, &d),
        None => Value::Undefined,
    })
}

/// Reflect.getPrototypeOf (§28.1.7).
fn get_prototype_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "getPrototypeOf")?;
    Ok(object::get_prototype_of(&cx, o)?.map_or(Value::Null, Value::Object))
}

/// Reflect.has (§28.1.8).
fn has(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "has")?;
    let key = cx.to_property_key(args.arg(1))?;
    Ok(Value::Bool(object::has_property(&cx, o, key)?))
}

/// Reflect.isExtensible (§28.1.9).
fn is_extensible(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "isExtensible")?;
    Ok(Value::Bool(object::is_extensible(&cx, o)?))
}

/// Reflect.ownKeys (§28.1.10).
fn own_keys(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "ownKeys")?;
    let keys: Vec<Value> = object::own_keys(&cx, o)?
        .into_iter()
        .map(|k| crate::ops::key_to_value(&cx, k))
        .collect();
    Ok(Value::Object(object::new_array(cx, keys)))
}

/// Reflect.preventExtensions (§28.1.11).
fn prevent_extensions(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "preventExtensions")?;
    Ok(Value::Bool(object::prevent_extensions(&cx, o)?))
}

/// Reflect.set (§28.1.12).
fn set(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "set")?;
    let key = cx.to_property_key(args.arg(1))?;
    Ok(Value::Bool(object::set(
        &cx,
        o,
        key,
        args.get(2),
        &receiver(args, 3),
    )?))
}

/// Reflect.setPrototypeOf (§28.1.13).
fn set_prototype_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = target(&cx, args, "setPrototypeOf")?;
    let proto = match args.arg(1) {
        Value::Object(p) => Some(p.clone()),
        Value::Null => None,
        _ => return cx.type_error("Object prototype may only be an Object or null"),
    };
    Ok(Value::Bool(object::set_prototype_of(&cx, o, proto)?))
}

const FNS: &[FnSpec] = fns! {
    "apply", 3, apply;
    "construct", 2, construct;
    "defineProperty", 3, define_property;
    "deleteProperty", 2, delete_property;
    "get", 2, get;
    "getOwnPropertyDescriptor", 2, get_own_property_descriptor;
    "getPrototypeOf", 1, get_prototype_of;
    "has", 2, has;
    "isExtensible", 1, is_extensible;
    "ownKeys", 1, own_keys;
    "preventExtensions", 1, prevent_extensions;
    "set", 3, set;
    "setPrototypeOf", 2, set_prototype_of;
};

pub(crate) fn init(cx: &Cx) {
    let r = object::new_plain(*cx);
    super::define_fns(cx, &r, FNS);
    super::define_to_string_tag(cx, &r, "Reflect");
    object::define_data(
        cx,
        &cx.realm.global,
        cx.intern("Reflect"),
        Value::Object(r),
        crate::shape::flags::HIDDEN,
    );
}
