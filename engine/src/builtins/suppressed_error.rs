//! `SuppressedError` (ECMA-262 §20.5.8, explicit resource management): the
//! error a disposal throws while another error is pending.
//!
//! <https://tc39.es/proposal-explicit-resource-management/#sec-suppressederror-objects>

use crate::atom::Atom;
use crate::object::{self, Args, Class, new_object};
use crate::runtime::{Cx, ErrorKind, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// SuppressedError ( error, suppressed, message ).
pub(crate) fn ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let nt = args
        .new_target
        .clone()
        .unwrap_or_else(|| args.callee.clone());
    let proto = crate::ops::proto_from_ctor(&cx, Some(&nt), |r| {
        r.error_proto(ErrorKind::SuppressedError)
    })?;
    let o = new_object(cx, Some(proto), Class::Error);
    let msg = args.arg(2);
    if !msg.is_undefined() {
        let s = cx.to_string(msg)?;
        object::define_data(&cx, &o, Atom::MESSAGE, Value::String(s), flags::HIDDEN);
    }
    object::define_data(
        &cx,
        &o,
        cx.intern("error"),
        args.arg(0).clone(),
        flags::HIDDEN,
    );
    object::define_data(
        &cx,
        &o,
        cx.intern("suppressed"),
        args.arg(1).clone(),
        flags::HIDDEN,
    );
    super::error::capture_stack(cx, &o);
    Ok(Value::Object(o))
}

/// A new SuppressedError of the current realm, for DisposeResources: an
/// error thrown by a disposal (`error`) while `suppressed` was pending.
pub(crate) fn new_suppressed(cx: &Cx, error: Value, suppressed: Value) -> Value {
    let proto = cx.realm.error_proto(ErrorKind::SuppressedError).clone();
    let o = new_object(*cx, Some(proto), Class::Error);
    object::define_data(cx, &o, cx.intern("error"), error, flags::HIDDEN);
    object::define_data(cx, &o, cx.intern("suppressed"), suppressed, flags::HIDDEN);
    super::error::capture_stack(*cx, &o);
    Value::Object(o)
}
