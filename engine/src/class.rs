//! Classes at run time (ECMA-262 §15.7): class creation, methods and their
//! home objects, private elements (§7.3.27-§7.3.33), `super` references
//! (§13.3.7) and the initialization of instances.
//!
//! <https://tc39.es/ecma262/#sec-class-definitions>
//!
//! A Private Name is an atom of kind [`AtomKind::Private`], created for each
//! evaluation of a class that declares it and kept in a hidden binding of
//! the class scope. A private element is stored in its object's shape under
//! that atom, like a property, so a read is a shape lookup (with an inline
//! cache) and the slot access of any property. Only the private-element
//! instructions use such keys: `own_keys` never returns them, and they are
//! never looked up on the prototype chain.
//!
//! [`AtomKind::Private`]: crate::atom::AtomKind::Private

use crate::atom::Atom;
use crate::object::{self, Class, Obj, PropDesc, Slot};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// Sets the `[[HomeObject]]` of a method.
pub(crate) fn set_home(f: &Obj, home: &Obj) {
    if let Class::Closure(c) = &mut f.d.borrow_mut().class {
        c.home = Some(home.clone());
    }
}

/// The `[[HomeObject]]` of a method.
pub(crate) fn home_of(f: &Obj) -> Value {
    match &f.d.borrow().class {
        Class::Closure(c) => c
            .home
            .clone()
            .map(Value::Object)
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

/// ClassDefinitionEvaluation steps 5-16 (§15.7.14): the prototype object
/// and the constructor's links. `parent` is `Uninit` for a class without
/// `extends`.
pub(crate) fn define_class(cx: &Cx, parent: &Value, ctor: &Obj) -> JsResult<Obj> {
    let (proto_parent, ctor_parent) = match parent {
        Value::Uninit => (
            Some(cx.intr().object_proto.clone()),
            cx.intr().function_proto.clone(),
        ),
        Value::Null => (None, cx.intr().function_proto.clone()),
        Value::Object(p) if object::is_constructor(p) => {
            let pp = match object::get_prop(cx, p, Atom::PROTOTYPE)? {
                Value::Object(o) => Some(o),
                Value::Null => None,
                _ => {
                    return cx.type_error("class heritage's prototype is not an object or null");
                }
            };
            (pp, p.clone())
        }
        _ => return cx.type_error("class heritage is not a constructor"),
    };
    let proto = object::new_object(*cx, proto_parent, Class::Object);
    object::set_prototype_of(cx, ctor, Some(ctor_parent))?;
    if let Class::Closure(c) = &mut ctor.d.borrow_mut().class {
        c.proto_pending = false;
        c.home = Some(proto.clone());
    }
    object::define_data(cx, ctor, Atom::PROTOTYPE, Value::Object(proto.clone()), 0);
    object::define_data(
        cx,
        &proto,
        Atom::CONSTRUCTOR,
        Value::Object(ctor.clone()),
        flags::HIDDEN,
    );
    Ok(proto)
}

/// Method kinds in the operand of `DefineMethod` / `PrivateMethod`.
pub(crate) mod method_flags {
    pub(crate) const STATIC: u8 = 1;
    pub(crate) const GETTER: u8 = 2;
    pub(crate) const SETTER: u8 = 4;
}

fn name_prefix(kind: u8) -> Option<&'static str> {
    if kind & method_flags::GETTER != 0 {
        Some("get")
    } else if kind & method_flags::SETTER != 0 {
        Some("set")
    } else {
        None
    }
}

/// Home object and name of a method (public or private).
pub(crate) fn prepare_method(cx: &Cx, ctor: &Obj, proto: &Obj, f: &Obj, key: Atom, kind: u8) {
    let home = if kind & method_flags::STATIC != 0 {
        ctor
    } else {
        proto
    };
    set_home(f, home);
    crate::builtins::function::set_function_name(cx, f, key, name_prefix(kind));
}

/// MethodDefinitionEvaluation / ClassElementEvaluation for a public method,
/// getter or setter (§15.4.4, §15.7.13): non-enumerable.
pub(crate) fn define_method(
    cx: &Cx,
    ctor: &Obj,
    proto: &Obj,
    key: Atom,
    f: &Obj,
    kind: u8,
) -> JsResult<()> {
    prepare_method(cx, ctor, proto, f, key, kind);
    let target = if kind & method_flags::STATIC != 0 {
        ctor
    } else {
        proto
    };
    let mut desc = PropDesc {
        enumerable: Some(false),
        configurable: Some(true),
        ..Default::default()
    };
    if kind & method_flags::GETTER != 0 {
        desc.get = Some(Some(f.clone()));
    } else if kind & method_flags::SETTER != 0 {
        desc.set = Some(Some(f.clone()));
    } else {
        desc.value = Some(Value::Object(f.clone()));
        desc.writable = Some(true);
    }
    if !object::define_own_property(cx, target, key, desc)? {
        let name = cx.rt.atom_name(key);
        return cx.type_error(&format!("cannot define method '{name}'"));
    }
    Ok(())
}

/// The private element `name` of `o`, if it has it (§7.3.27 PrivateElementFind).
fn private_find(o: &Obj, name: Atom) -> Option<(Slot, u8)> {
    let d = o.d.borrow();
    let i = d.shape.find(name)?;
    Some((d.slots[i].clone(), d.shape.props[i].flags))
}

/// Adds a private element (no extensibility check: private elements are
/// not properties).
fn private_add(cx: &Cx, o: &Obj, name: Atom, slot: Slot, f: u8) -> JsResult<()> {
    if private_find(o, name).is_some() {
        let n = cx.rt.atom_name(name);
        return cx.type_error(&format!("cannot initialize {n} twice on the same object"));
    }
    // Non-extensible objects cannot gain private elements either.
    if !o.d.borrow().extensible && name != Atom::PRIV_FIELDS {
        let n = cx.rt.atom_name(name);
        return cx.type_error(&format!(
            "cannot add private member {n} to a non-extensible object"
        ));
    }
    let mut d = o.d.borrow_mut();
    d.push_prop(name, slot, f);
    d.account(&cx.rt.heap);
    Ok(())
}

fn private_name(cx: &Cx, name: &Value) -> JsResult<Atom> {
    match name {
        Value::Symbol(a) if cx.rt.atoms.is_private(a.atom()) => Ok(a.atom()),
        _ => cx.type_error("internal error: not a private name"),
    }
}

fn missing<T>(cx: &Cx, name: Atom) -> JsResult<T> {
    let n = cx.rt.atom_name(name);
    cx.type_error(&format!(
        "object does not have private member {n} (its class did not declare it for this object)"
    ))
}

/// PrivateGet (§7.3.31).
pub(crate) fn private_get(cx: &Cx, obj: &Value, name: &Value) -> JsResult<Value> {
    let name = private_name(cx, name)?;
    let Value::Object(o) = obj else {
        return missing(cx, name);
    };
    match private_find(o, name) {
        None => missing(cx, name),
        Some((Slot::Data(v), _)) => Ok(v),
        Some((Slot::Accessor(a), _)) if a.get.is_some() => {
            let g = a.get.map(Value::Object).unwrap_or(Value::Undefined);
            cx.call(&g, obj, &[])
        }
        Some((Slot::Accessor(_), _)) => {
            let n = cx.rt.atom_name(name);
            cx.type_error(&format!("private accessor {n} has no getter"))
        }
    }
}

/// PrivateSet (§7.3.32).
pub(crate) fn private_set(cx: &Cx, obj: &Value, name: &Value, v: Value) -> JsResult<()> {
    let name = private_name(cx, name)?;
    let Value::Object(o) = obj else {
        return missing(cx, name);
    };
    match private_find(o, name) {
        None => missing(cx, name),
        Some((Slot::Data(_), f)) if f & flags::WRITABLE != 0 => {
            let mut d = o.d.borrow_mut();
            if let Some(i) = d.shape.find(name) {
                let old = std::mem::replace(&mut d.slots[i], Slot::Data(v));
                drop(d);
                drop(old);
            }
            Ok(())
        }
        Some((Slot::Data(_), _)) => {
            let n = cx.rt.atom_name(name);
            cx.type_error(&format!("cannot assign to private method {n}"))
        }
        Some((Slot::Accessor(a), _)) if a.set.is_some() => {
            let s = a.set.map(Value::Object).unwrap_or(Value::Undefined);
            cx.call(&s, obj, &[v])?;
            Ok(())
        }
        Some((Slot::Accessor(_), _)) => {
            let n = cx.rt.atom_name(name);
            cx.type_error(&format!("private accessor {n} has no setter"))
        }
    }
}

/// PrivateFieldAdd (§7.3.28).
pub(crate) fn private_field_add(cx: &Cx, obj: &Value, name: &Value, v: Value) -> JsResult<()> {
    let name = private_name(cx, name)?;
    let Value::Object(o) = obj else {
        return cx.type_error("cannot add a private field to a primitive");
    };
    private_add(cx, o, name, Slot::Data(v), flags::WRITABLE)
}

/// PrivateMethodOrAccessorAdd (§7.3.29): a method is a read-only element.
pub(crate) fn private_method_add(
    cx: &Cx,
    obj: &Value,
    name: &Value,
    getter: Option<Value>,
    setter: Option<Value>,
    method: Option<Value>,
) -> JsResult<()> {
    let name = private_name(cx, name)?;
    let Value::Object(o) = obj else {
        return cx.type_error("cannot add a private method to a primitive");
    };
    if let Some(m) = method {
        return private_add(cx, o, name, Slot::Data(m), 0);
    }
    let as_fn = |v: Option<Value>| match v {
        Some(Value::Object(f)) => Some(f),
        _ => None,
    };
    private_add(
        cx,
        o,
        name,
        Slot::accessor(as_fn(getter), as_fn(setter)),
        flags::ACCESSOR,
    )
}

/// `#x in obj` (§13.10.1).
pub(crate) fn private_in(cx: &Cx, name: &Value, obj: &Value) -> JsResult<bool> {
    let name = private_name(cx, name)?;
    let Value::Object(o) = obj else {
        return cx.type_error("right-hand side of 'in' is not an object");
    };
    Ok(private_find(o, name).is_some())
}

/// Stores the function that initializes instances' elements on the
/// constructor, under a private name (its `[[Fields]]` and
/// `[[PrivateMethods]]`, §15.7.14 steps 34-35).
pub(crate) fn set_class_fields(cx: &Cx, ctor: &Obj, proto: &Obj, f: &Obj) -> JsResult<()> {
    set_home(f, proto);
    private_add(
        cx,
        ctor,
        Atom::PRIV_FIELDS,
        Slot::Data(Value::Object(f.clone())),
        0,
    )
}

/// InitializeInstanceElements (§7.3.34).
pub(crate) fn init_instance(cx: &Cx, obj: &Value, ctor: &Value) -> JsResult<()> {
    let Value::Object(c) = ctor else {
        return Ok(());
    };
    if let Some((Slot::Data(f), _)) = private_find(c, Atom::PRIV_FIELDS) {
        cx.call(&f, obj, &[])?;
    }
    Ok(())
}

/// The base of a super reference (the home object's prototype, from
/// §9.1.1.3.5 GetSuperBase), which must be an object.
fn super_base(cx: &Cx, base: &Value) -> JsResult<Obj> {
    match base {
        Value::Object(p) => Ok(p.clone()),
        _ => cx.type_error("cannot access a property of super: the prototype is null"),
    }
}

/// GetValue on a Super Reference.
pub(crate) fn super_get(cx: &Cx, this: &Value, base: &Value, key: &Value) -> JsResult<Value> {
    // GetValue (§6.2.5.5): ToObject of the base, then ToPropertyKey.
    let base = super_base(cx, base)?;
    let key = cx.to_property_key(key)?;
    object::get(cx, &base, key, this)
}

/// PutValue on a Super Reference (always strict in class code).
pub(crate) fn super_put(
    cx: &Cx,
    this: &Value,
    base: &Value,
    key: &Value,
    v: Value,
    strict: bool,
) -> JsResult<()> {
    // PutValue (§6.2.5.6): ToObject of the base, then ToPropertyKey.
    let base = super_base(cx, base)?;
    let key = cx.to_property_key(key)?;
    if !object::set(cx, &base, key, v, this)? && strict {
        let n = cx.rt.atom_name(key);
        return cx.type_error(&format!("cannot assign to read only property '{n}'"));
    }
    Ok(())
}

/// A derived constructor's completion (§10.2.2 [[Construct]] steps 10-12).
pub(crate) fn derived_return(cx: &Cx, v: Value, this: Value) -> JsResult<Value> {
    match v {
        Value::Object(_) => Ok(v),
        Value::Undefined => match this {
            Value::Uninit => cx.reference_error(
                "must call super constructor in derived class before accessing 'this' or returning from derived constructor",
            ),
            t => Ok(t),
        },
        _ => cx.type_error("derived class constructor returned a value that is not an object or undefined"),
    }
}

/// `[[GetPrototypeOf]]` of an object: the super constructor of the active
/// function (§13.3.7.2 GetSuperConstructor) or the base of a super
/// reference (null when there is none).
pub(crate) fn super_constructor(cx: &Cx, f: &Value) -> JsResult<Value> {
    Ok(match f {
        Value::Object(o) => object::get_prototype_of(cx, o)?
            .map(Value::Object)
            .unwrap_or(Value::Null),
        _ => Value::Undefined,
    })
}
