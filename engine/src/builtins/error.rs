//! `Error` and the native error types (ECMA-262 §20.5), with the `stack`
//! property: one `    at name (file:line:column)` line per active frame.
//!
//! <https://tc39.es/ecma262/#sec-error-objects>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, ErrorKind, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// How many frames a stack trace lists.
const MAX_STACK_FRAMES: usize = 64;

/// The current call stack as text, innermost frame first.
pub(crate) fn stack_string(cx: &Cx) -> String {
    // Never borrowed mutably across a call out of the interpreter.
    let Ok(frames) = cx.rt.frames.try_borrow() else {
        return String::new();
    };
    let mut out = String::new();
    for (i, f) in frames.iter().rev().take(MAX_STACK_FRAMES).enumerate() {
        // The innermost frame is at the runtime's pc; each other one at
        // the instruction that called the frame above it.
        let pc = if i == 0 {
            cx.rt.cur_pc.get()
        } else {
            f.call_pc
        };
        let name = cx.rt.atom_name(f.bc.name);
        let file = cx.rt.atom_name(f.bc.filename);
        let name = if name.is_empty() {
            if f.bc.has(crate::bytecode::fn_flags::SCRIPT) {
                "<eval>".to_string()
            } else {
                "<anonymous>".to_string()
            }
        } else {
            name
        };
        match f.bc.position(pc as usize) {
            Some((line, col)) => out.push_str(&format!("    at {name} ({file}:{line}:{col})\n")),
            None => out.push_str(&format!("    at {name} ({file})\n")),
        }
    }
    out
}

/// Records the stack trace of a new error object, which
/// `Error.prototype.stack` returns: it is kept under a private name, so the
/// error has no own `stack` property.
pub(crate) fn capture_stack(cx: Cx, obj: &Obj) {
    let s = stack_string(&cx);
    object::define_data(
        &cx,
        obj,
        Atom::PRIV_STACK,
        Value::String(cx.str(&s)),
        flags::HIDDEN,
    );
}

fn is_error(v: &Value) -> bool {
    matches!(v, Value::Object(o) if matches!(o.d.borrow().class, Class::Error))
}

/// Error.isError (§20.5.2.1).
fn error_is_error(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(is_error(args.arg(0))))
}

/// get Error.prototype.stack (error-stack-accessor proposal): the trace
/// recorded when an object with [[ErrorData]] was created.
///
/// <https://tc39.es/proposal-error-stack-accessor/>
fn stack_get(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("Error.prototype.stack getter called on a non-object");
    };
    if !is_error(&args.this) {
        return Ok(Value::Undefined);
    }
    let slot = {
        let d = o.d.borrow();
        d.shape
            .find(Atom::PRIV_STACK)
            .and_then(|i| match &d.slots[i] {
                object::Slot::Data(v) => Some(v.clone()),
                _ => None,
            })
    };
    Ok(slot.unwrap_or_else(|| Value::String(cx.str(""))))
}

/// set Error.prototype.stack: SetterThatIgnoresPrototypeProperties(this,
/// %Error.prototype%, "stack", v) for a String `v`.
fn stack_set(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("Error.prototype.stack setter called on a non-object");
    };
    let v = args.arg(0);
    if !matches!(v, Value::String(_)) {
        return cx.type_error("Error.prototype.stack must be set to a string");
    }
    let home = object::function_realm(&cx, &args.callee)?;
    if Obj::ptr_eq(o, &cx.rt.realm(home).intr.error_proto) {
        return cx.type_error("cannot set Error.prototype.stack");
    }
    if object::get_own_property(&cx, o, Atom::STACK)?.is_none() {
        if !object::create_data_property(&cx, o, Atom::STACK, v.clone())? {
            return cx.type_error("cannot define property 'stack'");
        }
    } else {
        object::put(&cx, o, Atom::STACK, v.clone(), true)?;
    }
    Ok(Value::Undefined)
}

/// The Error constructors (§20.5.1.1, §20.5.6.1); magic is the [`ErrorKind`].
fn error_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = new_error(&cx, args, args.arg(0), args.arg(1))?;
    capture_stack(cx, &o);
    Ok(Value::Object(o))
}

/// Steps 1-4 of the Error constructors: the object from newTarget (or the
/// callee), its `message` and its `cause`.
fn new_error(cx: &Cx, args: &Args, msg: &Value, options: &Value) -> JsResult<Obj> {
    let kind = ErrorKind::ALL[args.magic as usize];
    let nt = args
        .new_target
        .clone()
        .unwrap_or_else(|| args.callee.clone());
    let proto = crate::ops::proto_from_ctor(cx, Some(&nt), |r| r.error_proto(kind))?;
    let o = new_object(*cx, Some(proto), Class::Error);
    if !msg.is_undefined() {
        let s = cx.to_string(msg)?;
        object::define_data(cx, &o, Atom::MESSAGE, Value::String(s), flags::HIDDEN);
    }
    // InstallErrorCause (§20.5.8.1).
    if let Value::Object(opts) = options
        && object::has_property(cx, opts, Atom::CAUSE)?
    {
        let c = object::get_prop(cx, opts, Atom::CAUSE)?;
        object::define_data(cx, &o, Atom::CAUSE, c, flags::HIDDEN);
    }
    Ok(o)
}

/// AggregateError (§20.5.7.1): `errors` comes from an iterable.
fn aggregate_error_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = new_error(&cx, args, args.arg(1), args.arg(2))?;
    let mut errors = Vec::new();
    let (it, next) = crate::ops::get_iterator(&cx, args.arg(0))?;
    loop {
        let (v, done) = crate::ops::iterator_step(&cx, &it, &next)?;
        if done {
            break;
        }
        errors.push(v);
    }
    let list = Value::Object(object::new_array(cx, errors));
    object::define_data(&cx, &o, Atom::ERRORS, list, flags::HIDDEN);
    capture_stack(cx, &o);
    Ok(Value::Object(o))
}

/// A new AggregateError of the current realm (for `Promise.any`).
pub(crate) fn new_aggregate_error(cx: &Cx, errors: Vec<Value>, msg: &str) -> Value {
    let e = cx.make_error(ErrorKind::AggregateError, msg);
    if let Value::Object(o) = &e {
        let list = Value::Object(object::new_array(*cx, errors));
        object::define_data(cx, o, Atom::ERRORS, list, flags::HIDDEN);
    }
    e
}

/// Error.prototype.toString (§20.5.3.4).
fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("Error.prototype.toString called on non-object");
    };
    let name = match object::get_prop(&cx, o, Atom::NAME)? {
        Value::Undefined => "Error".to_string(),
        v => cx.to_rust_string(&v)?,
    };
    let msg = match object::get_prop(&cx, o, Atom::MESSAGE)? {
        Value::Undefined => String::new(),
        v => cx.to_rust_string(&v)?,
    };
    let s = match (name.is_empty(), msg.is_empty()) {
        (true, _) => msg,
        (_, true) => name,
        _ => format!("{name}: {msg}"),
    };
    Ok(Value::String(cx.str(&s)))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "toString", 0, to_string;
};

const CTOR_FNS: &[FnSpec] = fns! {
    "isError", 1, error_is_error;
};

pub(crate) fn init(cx: &Cx) {
    let error_ctor_obj = {
        let proto = &cx.intr().error_proto;
        let c = super::define_ctor(cx, "Error", 1, error_ctor, proto);
        object::define_data(
            cx,
            proto,
            Atom::NAME,
            Value::String(cx.str("Error")),
            flags::HIDDEN,
        );
        object::define_data(
            cx,
            proto,
            Atom::MESSAGE,
            Value::String(cx.str("")),
            flags::HIDDEN,
        );
        super::define_fns(cx, proto, PROTO_FNS);
        super::define_fns(cx, &c, CTOR_FNS);
        define_stack_accessor(cx, proto);
        c
    };
    for kind in ErrorKind::ALL.iter().skip(1) {
        let proto = cx.realm.error_proto(*kind).clone();
        let c = if *kind == ErrorKind::AggregateError {
            super::define_ctor(cx, kind.name(), 2, aggregate_error_ctor, &proto)
        } else if *kind == ErrorKind::SuppressedError {
            super::define_ctor(cx, kind.name(), 3, super::suppressed_error::ctor, &proto)
        } else {
            super::define_ctor(cx, kind.name(), 1, error_ctor, &proto)
        };
        if let Class::Native(n) = &mut c.d.borrow_mut().class {
            n.magic = *kind as i32;
        }
        let _ = object::set_prototype_of(cx, &c, Some(error_ctor_obj.clone()));
        object::define_data(
            cx,
            &proto,
            Atom::NAME,
            Value::String(cx.str(kind.name())),
            flags::HIDDEN,
        );
        object::define_data(
            cx,
            &proto,
            Atom::MESSAGE,
            Value::String(cx.str("")),
            flags::HIDDEN,
        );
    }
}

/// `Error.prototype.stack`: a configurable accessor pair.
fn define_stack_accessor(cx: &Cx, proto: &Obj) {
    let get = super::function::new_native(cx, cx.intern("get stack"), 0, stack_get, 0, false);
    let set = super::function::new_native(cx, cx.intern("set stack"), 1, stack_set, 0, false);
    let _ = object::define_own_property(
        cx,
        proto,
        Atom::STACK,
        object::PropDesc {
            get: Some(Some(get)),
            set: Some(Some(set)),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        },
    );
}
