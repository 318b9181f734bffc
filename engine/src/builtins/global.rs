//! Value properties and functions of the global object (ECMA-262 §19.1-§19.2).
//!
//! <https://tc39.es/ecma262/#sec-global-object>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

fn is_nan(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(cx.to_number(args.arg(0))?.is_nan()))
}

fn is_finite(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(cx.to_number(args.arg(0))?.is_finite()))
}

fn parse_float(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_rust_string(args.arg(0))?;
    Ok(Value::number(bignum::parse_float(&s)))
}

fn parse_int(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_rust_string(args.arg(0))?;
    let radix = cx.to_int32(args.arg(1))?;
    Ok(Value::number(bignum::parse_int(&s, radix)))
}

/// Indirect eval (§19.2.1): evaluates a string as a global script.
fn eval(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::String(s) = args.arg(0) else {
        return Ok(args.get(0));
    };
    crate::api::eval_code(&cx, s, false)
}

const FNS: &[FnSpec] = fns! {
    "isNaN", 1, is_nan;
    "isFinite", 1, is_finite;
    "parseFloat", 1, parse_float;
    "parseInt", 2, parse_int;
    "eval", 1, eval;
};

pub(crate) fn init(cx: &Cx) {
    let g = &cx.realm.global;
    super::define_fns(cx, g, FNS);
    super::define_const(cx, g, "NaN", Value::Float(f64::NAN));
    super::define_const(cx, g, "Infinity", Value::Float(f64::INFINITY));
    object::define_data(cx, g, Atom::UNDEFINED, Value::Undefined, 0);
    object::define_data(
        cx,
        g,
        Atom::GLOBAL_THIS,
        Value::Object(g.clone()),
        flags::HIDDEN,
    );
    if let Ok(Value::Object(e)) = object::get_prop(cx, g, Atom::EVAL) {
        let _ = cx.realm.eval_fn.set(e);
    }
    // Number.parseFloat/parseInt are the same function objects as the globals.
    if let Ok(Value::Object(n)) = object::get_prop(cx, g, cx.intern("Number")) {
        for name in ["parseFloat", "parseInt"] {
            if let Ok(f) = object::get_prop(cx, g, cx.intern(name)) {
                object::define_data(cx, &n, cx.intern(name), f, flags::HIDDEN);
            }
        }
    }
}
