//! `Boolean` and `Boolean.prototype` (ECMA-262 §20.3).
//!
//! <https://tc39.es/ecma262/#sec-boolean-objects>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{Args, Class, new_object};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

fn boolean_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let b = args.arg(0).to_boolean();
    match &args.new_target {
        None => Ok(Value::Bool(b)),
        Some(nt) => {
            let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.boolean_proto)?;
            Ok(Value::Object(new_object(
                cx,
                Some(proto),
                Class::Boolean(b),
            )))
        }
    }
}

/// thisBooleanValue (§20.3.3.3.1).
fn this_boolean(cx: &Cx, v: &Value) -> JsResult<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Object(o) => match &o.d.borrow().class {
            Class::Boolean(b) => Ok(*b),
            _ => cx.type_error("Boolean.prototype method requires that 'this' be a Boolean"),
        },
        _ => cx.type_error("Boolean.prototype method requires that 'this' be a Boolean"),
    }
}

fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let b = this_boolean(&cx, &args.this)?;
    Ok(Value::String(cx.rt.atom_string(if b {
        Atom::TRUE
    } else {
        Atom::FALSE
    })))
}

fn value_of(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(this_boolean(&cx, &args.this)?))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "toString", 0, to_string;
    "valueOf", 0, value_of;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().boolean_proto;
    super::define_ctor(cx, "Boolean", 1, boolean_ctor, proto);
    super::define_fns(cx, proto, PROTO_FNS);
}
