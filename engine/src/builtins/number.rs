//! `Number` and `Number.prototype` (ECMA-262 §21.1).
//!
//! <https://tc39.es/ecma262/#sec-number-objects>

use super::{FnSpec, fns};
use crate::object::{Args, Class, new_object};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

fn number_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    // Steps 1-2: ToNumeric, with BigInts converted to their Number value.
    let n = if args.len() == 0 {
        0.0
    } else {
        match cx.to_numeric(args.arg(0))? {
            crate::bigint::Numeric::Number(n) => n,
            crate::bigint::Numeric::BigInt(b) => b.get().to_f64(),
        }
    };
    match &args.new_target {
        None => Ok(Value::number(n)),
        Some(nt) => {
            let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.number_proto)?;
            Ok(Value::Object(new_object(cx, Some(proto), Class::Number(n))))
        }
    }
}

/// thisNumberValue (§21.1.3.7.1).
fn this_number(cx: &Cx, v: &Value, method: &str) -> JsResult<f64> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Float(f) => Ok(*f),
        Value::Object(o) => match &o.d.borrow().class {
            Class::Number(n) => Ok(*n),
            _ => cx.type_error(&format!(
                "Number.prototype.{method} requires that 'this' be a Number"
            )),
        },
        _ => cx.type_error(&format!(
            "Number.prototype.{method} requires that 'this' be a Number"
        )),
    }
}

fn value_of(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::number(this_number(&cx, &args.this, "valueOf")?))
}

fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = this_number(&cx, &args.this, "toString")?;
    let radix = if args.arg(0).is_undefined() {
        10.0
    } else {
        cx.to_integer(args.arg(0))?
    };
    if !(2.0..=36.0).contains(&radix) {
        return cx.range_error("toString() radix must be between 2 and 36");
    }
    if radix == 10.0 && x as i32 as f64 == x {
        return Ok(Value::String(crate::value::int_to_jsstring(&cx, x as i32)));
    }
    let s = if radix == 10.0 {
        crate::value::number_to_string(x)
    } else {
        bignum::number_to_string_radix(x, radix as u32)
    };
    Ok(Value::String(cx.str(&s)))
}

fn digits_arg(cx: &Cx, v: &Value, lo: f64, hi: f64, what: &str) -> JsResult<f64> {
    let f = cx.to_integer(v)?;
    if !(lo..=hi).contains(&f) {
        return cx.range_error(&format!("{what} argument must be between {lo} and {hi}"));
    }
    Ok(f)
}

fn to_fixed(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = this_number(&cx, &args.this, "toFixed")?;
    let f = digits_arg(&cx, args.arg(0), 0.0, 100.0, "toFixed()")?;
    Ok(Value::String(
        cx.str(&bignum::to_fixed(x, f as i64).unwrap_or_default()),
    ))
}

fn to_exponential(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = this_number(&cx, &args.this, "toExponential")?;
    let f = cx.to_integer(args.arg(0))?;
    if !x.is_finite() {
        return Ok(Value::String(cx.str(&crate::value::number_to_string(x))));
    }
    if !(0.0..=100.0).contains(&f) {
        return cx.range_error("toExponential() argument must be between 0 and 100");
    }
    let digits = if args.arg(0).is_undefined() {
        None
    } else {
        Some(f as i64)
    };
    Ok(Value::String(cx.str(
        &bignum::to_exponential(x, digits).unwrap_or_default(),
    )))
}

fn to_precision(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = this_number(&cx, &args.this, "toPrecision")?;
    if args.arg(0).is_undefined() {
        return Ok(Value::String(cx.str(&crate::value::number_to_string(x))));
    }
    let p = cx.to_integer(args.arg(0))?;
    if !x.is_finite() {
        return Ok(Value::String(cx.str(&crate::value::number_to_string(x))));
    }
    if !(1.0..=100.0).contains(&p) {
        return cx.range_error("toPrecision() argument must be between 1 and 100");
    }
    Ok(Value::String(cx.str(
        &bignum::to_precision(x, p as i64).unwrap_or_default(),
    )))
}

/// isFinite (0), isInteger (1), isNaN (2), isSafeInteger (3): no coercion.
fn predicate(_cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(n) = args.arg(0).as_number() else {
        return Ok(Value::Bool(false));
    };
    Ok(Value::Bool(match args.magic {
        0 => n.is_finite(),
        1 => n.is_finite() && n.trunc() == n,
        2 => n.is_nan(),
        _ => n.is_finite() && n.trunc() == n && n.abs() <= 9007199254740991.0,
    }))
}

const CTOR_FNS: &[FnSpec] = fns! {
    "isFinite", 1, predicate, 0;
    "isInteger", 1, predicate, 1;
    "isNaN", 1, predicate, 2;
    "isSafeInteger", 1, predicate, 3;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "toString", 1, to_string;
    "toLocaleString", 0, to_string;
    "valueOf", 0, value_of;
    "toFixed", 1, to_fixed;
    "toExponential", 1, to_exponential;
    "toPrecision", 1, to_precision;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().number_proto;
    let ctor = super::define_ctor(cx, "Number", 1, number_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    for (name, v) in [
        ("MAX_VALUE", f64::MAX),
        ("MIN_VALUE", 5e-324),
        ("NaN", f64::NAN),
        ("NEGATIVE_INFINITY", f64::NEG_INFINITY),
        ("POSITIVE_INFINITY", f64::INFINITY),
        ("MAX_SAFE_INTEGER", 9007199254740991.0),
        ("MIN_SAFE_INTEGER", -9007199254740991.0),
        ("EPSILON", f64::EPSILON),
    ] {
        super::define_const(cx, &ctor, name, Value::number(v));
    }
}
