//! ShadowRealm (the ShadowRealm proposal,
//! <https://tc39.es/proposal-shadowrealm/>): the constructor (§3.2), the
//! prototype's `evaluate` and `importValue` (§3.4) with
//! PerformShadowRealmEval and ShadowRealmImportValue (§3.1), and wrapped
//! function exotic objects (§2: WrappedFunctionCreate, CopyNameAndLength,
//! GetWrappedValue, OrdinaryWrappedFunctionCall).
//!
//! A ShadowRealm owns a realm of its own, made like any other by
//! [`super::new_realm`] (and, like every realm, kept until the runtime
//! drops). Only primitives and callables cross the boundary: a callable
//! arrives as a wrapped function, a native closure of the receiving realm
//! whose one captured value is its target. Whatever is thrown on the other
//! side arrives as a new TypeError of the receiving realm.

use std::rc::Rc;

use crate::atom::Atom;
use crate::builtins::promise;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, JsResult, Realm};
use crate::shape::flags;
use crate::value::Value;

/// ShadowRealm ( ) (§3.2.1).
fn ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor ShadowRealm requires 'new'");
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.shadow_realm_proto)?;
    cx.check_stack()?;
    let realm = super::new_realm(cx.rt);
    Ok(Value::Object(new_object(
        cx,
        Some(proto),
        Class::ShadowRealm(realm.index),
    )))
}

/// ValidateShadowRealmObject (§3.1.5): the realm of a ShadowRealm `this`.
fn this_realm(cx: &Cx, this: &Value) -> JsResult<Rc<Realm>> {
    if let Value::Object(o) = this {
        let index = match o.d.borrow().class {
            Class::ShadowRealm(i) => Some(i),
            _ => None,
        };
        if let Some(i) = index {
            return Ok(cx.rt.realm(i));
        }
    }
    cx.type_error("ShadowRealm method called on an object that is not a ShadowRealm")
}

/// ShadowRealm.prototype.evaluate ( sourceText ) (§3.4.1) and
/// PerformShadowRealmEval (§3.1.2): the source is parsed as a script (a
/// SyntaxError of the caller's realm if it does not parse) and run like
/// indirect eval code in the ShadowRealm (EvalDeclarationInstantiation
/// with a fresh lexical environment over its global one); the completion
/// value is wrapped for the caller.
fn evaluate(cx: Cx, args: &Args) -> JsResult<Value> {
    let realm = this_realm(&cx, &args.this)?;
    let Value::String(src) = args.arg(0) else {
        return cx.type_error("ShadowRealm.prototype.evaluate expects a string");
    };
    cx.check_stack()?;
    let bc = crate::compiler::compile_eval(
        cx.rt,
        &crate::compiler::SourceText::from_units(src.units()),
        false,
        None,
    )
    .map_err(|e| crate::api::compile_error(&cx, &e, "<eval>"))?;
    let ecx = Cx {
        rt: cx.rt,
        realm: &realm,
    };
    match ecx.run_script(bc) {
        Ok(v) => get_wrapped_value(&cx, &cx, v),
        Err(e) => Err(boundary_error(
            &cx,
            e,
            "the evaluation in the ShadowRealm threw",
        )),
    }
}

/// ShadowRealm.prototype.importValue ( specifier, exportName ) (§3.4.2)
/// and ShadowRealmImportValue (§3.1.3): the module is loaded, linked and
/// evaluated in the ShadowRealm (its own module map), as `import()` would;
/// the promise of the caller's realm fulfills with the export, wrapped, or
/// rejects with a TypeError of the caller's realm. The specifier is
/// resolved against the innermost running script or module.
fn import_value(cx: Cx, args: &Args) -> JsResult<Value> {
    let realm = this_realm(&cx, &args.this)?;
    let specifier = cx.to_string(args.arg(0))?;
    let Value::String(export_name) = args.get(1) else {
        return cx.type_error("ShadowRealm.prototype.importValue expects an export name string");
    };
    let referrer = cx
        .rt
        .frames
        .borrow()
        .last()
        .map(|f| cx.rt.atom_name(f.bc.filename))
        .unwrap_or_default();
    let ecx = Cx {
        rt: cx.rt,
        realm: &realm,
    };
    let inner = crate::module::import_from(
        &ecx,
        &referrer,
        Value::String(specifier),
        Value::Undefined,
        0,
    );
    let Value::Object(inner) = inner else {
        return cx.type_error("the import did not produce a promise");
    };
    let (p, resolve, reject) = promise::new_pending(&cx);
    let on_fulfilled = promise::closure(&cx, import_fulfilled, 1, vec![Value::String(export_name)]);
    let on_rejected = promise::closure(&cx, import_rejected, 1, Vec::new());
    promise::then_with(
        &cx,
        &inner,
        Value::Object(on_fulfilled),
        Value::Object(on_rejected),
        [p.clone(), resolve, reject],
    );
    Ok(p)
}

/// The fulfillment step of ShadowRealmImportValue: the export named by
/// the captured string, wrapped for the caller's realm.
fn import_fulfilled(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(ns) = args.get(0) else {
        return cx.type_error("the imported module has no namespace");
    };
    let Value::String(name) = promise::captured(args, 0) else {
        return cx.type_error("the export name is not a string");
    };
    let key = cx.rt.intern_js(&name);
    if object::get_own_property(&cx, &ns, key)?.is_none() {
        return cx.type_error(&format!(
            "the imported module has no export named '{}'",
            name.to_rust_string()
        ));
    }
    let v = object::get_prop(&cx, &ns, key)?;
    get_wrapped_value(&cx, &cx, v)
}

/// The rejection step of ShadowRealmImportValue (the spec's
/// %ThrowTypeError% of the caller's realm): a TypeError of this realm.
fn import_rejected(cx: Cx, args: &Args) -> JsResult<Value> {
    let why = describe_error(&cx, &args.get(0));
    cx.type_error(&format!("the import in the ShadowRealm failed: {why}"))
}

/// GetWrappedValue (§2.4): a primitive crosses as is, a callable as a new
/// wrapped function of the realm of `into`, anything else is a TypeError
/// of the realm of `cx` (the running one).
fn get_wrapped_value(cx: &Cx, into: &Cx, v: Value) -> JsResult<Value> {
    match v {
        Value::Object(o) => {
            if !object::is_callable(&o) {
                return cx.type_error("a non-callable object cannot cross a ShadowRealm boundary");
            }
            wrapped_function_create(cx, into, o).map(Value::Object)
        }
        v => Ok(v),
    }
}

/// WrappedFunctionCreate (§2.2) in the realm of `into`: a function of that
/// realm, not a constructor, with CopyNameAndLength from its target; an
/// abrupt copy is a TypeError of the running realm.
fn wrapped_function_create(cx: &Cx, into: &Cx, target: Obj) -> JsResult<Obj> {
    let f = promise::closure(into, wrapped_call, 0, vec![Value::Object(target.clone())]);
    if let Err(e) = copy_name_and_length(cx, &f, &target) {
        return Err(boundary_error(
            cx,
            e,
            "reading the name or length of a function crossing a ShadowRealm boundary threw",
        ));
    }
    Ok(f)
}

/// CopyNameAndLength(F, Target) (§3.1.1), with no prefix and no bound
/// arguments.
fn copy_name_and_length(cx: &Cx, f: &Obj, target: &Obj) -> JsResult<()> {
    let mut len = 0.0;
    if object::get_own_property(cx, target, Atom::LENGTH)?.is_some() {
        let l = object::get_prop(cx, target, Atom::LENGTH)?;
        let n = match l {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) => Some(x),
            _ => None,
        };
        if let Some(n) = n {
            len = if n == f64::INFINITY {
                n
            } else if n == f64::NEG_INFINITY {
                0.0
            } else {
                cx.to_integer(&l)?.max(0.0)
            };
        }
    }
    object::define_data(cx, f, Atom::LENGTH, Value::number(len), flags::CONFIGURABLE);
    let name = match object::get_prop(cx, target, Atom::NAME)? {
        Value::String(s) => s,
        _ => cx.str(""),
    };
    object::define_data(cx, f, Atom::NAME, Value::String(name), flags::CONFIGURABLE);
    Ok(())
}

/// [[Call]] of a wrapped function (§2.1, OrdinaryWrappedFunctionCall):
/// runs in the wrapper's realm; the arguments and `this` are wrapped for
/// the target's realm, the result for the wrapper's, and a throw becomes a
/// TypeError of the wrapper's realm.
fn wrapped_call(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(target) = promise::captured(args, 0) else {
        return cx.type_error("wrapped function without a target");
    };
    let target_realm = cx.rt.realm(object::function_realm(&cx, &target)?);
    let tcx = Cx {
        rt: cx.rt,
        realm: &target_realm,
    };
    let mut wrapped_args = Vec::with_capacity(args.args.len());
    for a in args.args {
        wrapped_args.push(get_wrapped_value(&cx, &tcx, a.clone())?);
    }
    let this = get_wrapped_value(&cx, &tcx, args.this.clone())?;
    match cx.call(&Value::Object(target), &this, &wrapped_args) {
        Ok(v) => get_wrapped_value(&cx, &cx, v),
        Err(e) => Err(boundary_error(&cx, e, "a function of another realm threw")),
    }
}

/// The TypeError of the running realm that replaces `e`, thrown on the
/// other side of a boundary (an interruption passes through unchanged).
fn boundary_error(cx: &Cx, e: Value, what: &str) -> Value {
    if cx.rt.interrupted.get() {
        return e;
    }
    let why = describe_error(cx, &e);
    cx.make_error(
        crate::runtime::ErrorKind::TypeError,
        &format!("{what}: {why}"),
    )
}

/// A short description of a thrown value for a message, read without
/// running any code: a primitive as a string, an error as its `name` and
/// `message` if they are data properties of ordinary objects.
fn describe_error(cx: &Cx, e: &Value) -> String {
    let Value::Object(o) = e else {
        return match e {
            Value::Symbol(_) => "a symbol".into(),
            v => cx.to_rust_string(v).unwrap_or_default(),
        };
    };
    let read = |key: Atom| -> Option<String> {
        let mut cur = Some(o.clone());
        for _ in 0..16 {
            let c = cur?;
            let next = {
                let d = c.d.borrow();
                if !matches!(d.class, Class::Error | Class::Object) {
                    return None;
                }
                d.proto.clone()
            };
            if let Ok(Some(d)) = object::get_own_property(cx, &c, key) {
                return match d.value {
                    Some(Value::String(s)) => Some(s.to_rust_string()),
                    _ => None,
                };
            }
            cur = next;
        }
        None
    };
    match (read(Atom::NAME), read(Atom::MESSAGE)) {
        (Some(n), Some(m)) if !m.is_empty() => format!("{n}: {m}"),
        (Some(n), _) => n,
        (None, Some(m)) => m,
        (None, None) => "an object".into(),
    }
}

pub(crate) fn init(cx: &Cx) {
    let proto = cx.intr().shadow_realm_proto.clone();
    super::define_ctor(cx, "ShadowRealm", 0, ctor, &proto);
    super::define_fns(
        cx,
        &proto,
        super::fns! {
            "evaluate", 1, evaluate;
            "importValue", 2, import_value;
        },
    );
    super::define_to_string_tag(cx, &proto, "ShadowRealm");
}
