//! `BigInt` and `BigInt.prototype` (ECMA-262 §21.2).
//!
//! <https://tc39.es/ecma262/#sec-bigint-objects>
//!
//! The value type itself and ToBigInt live in `crate::bigint`.

use bignum::JsBigInt;

use super::{FnSpec, fns};
use crate::bigint::{self, BigIntRef};
use crate::object::{Args, Class};
use crate::runtime::{Cx, JsResult};
use crate::value::{Hint, Value};

/// `BigInt(value)` (§21.2.1.1).
fn bigint_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    // Step 1: not a constructor.
    if args.new_target.is_some() {
        return cx.type_error("BigInt is not a constructor");
    }
    // Step 2.
    let prim = cx.to_primitive(args.arg(0), Hint::Number)?;
    // Step 3: NumberToBigInt (§21.2.1.1.1).
    if let Some(n) = prim.as_number() {
        return bigint::result(&cx, JsBigInt::from_f64(n));
    }
    // Step 4.
    Ok(Value::BigInt(cx.to_bigint(&prim)?))
}

/// ToIndex (§7.1.22).
fn to_index(cx: &Cx, v: &Value) -> JsResult<u64> {
    let n = cx.to_integer(v)?;
    if !(0.0..=9007199254740991.0).contains(&n) {
        return cx.range_error("invalid index: must be an integer between 0 and 2^53 - 1");
    }
    Ok(n as u64)
}

/// `BigInt.asIntN` (§21.2.2.1) and `BigInt.asUintN` (§21.2.2.2), by magic
/// (0 signed, 1 unsigned).
fn as_n(cx: Cx, args: &Args) -> JsResult<Value> {
    // Step 1: bits = ToIndex(bits); step 2: bigint = ToBigInt(bigint).
    let bits = to_index(&cx, args.arg(0))?;
    let x = cx.to_bigint(args.arg(1))?;
    let r = if args.magic == 0 {
        JsBigInt::as_int_n(bits, x.get())
    } else {
        JsBigInt::as_uint_n(bits, x.get())
    };
    bigint::result(&cx, r)
}

/// thisBigIntValue (§21.2.3.4.1).
fn this_bigint(cx: &Cx, v: &Value, method: &str) -> JsResult<BigIntRef> {
    let found = match v {
        Value::BigInt(b) => Some(b.clone()),
        Value::Object(o) => match &o.d.borrow().class {
            Class::BigInt(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    };
    match found {
        Some(b) => Ok(b),
        None => cx.type_error(&format!(
            "BigInt.prototype.{method} requires that 'this' be a BigInt"
        )),
    }
}

/// `BigInt.prototype.toString(radix)` (§21.2.3.3).
fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = this_bigint(&cx, &args.this, "toString")?;
    // Steps 2-4.
    let radix = if args.arg(0).is_undefined() {
        10.0
    } else {
        cx.to_integer(args.arg(0))?
    };
    if !(2.0..=36.0).contains(&radix) {
        return cx.range_error("toString() radix must be between 2 and 36");
    }
    Ok(Value::String(
        cx.str(&x.get().to_string_radix(radix as u32)),
    ))
}

/// `BigInt.prototype.toLocaleString()` (§21.2.3.2), without ECMA-402.
fn to_locale_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = this_bigint(&cx, &args.this, "toLocaleString")?;
    Ok(Value::String(cx.str(&x.get().to_string())))
}

/// `BigInt.prototype.valueOf()` (§21.2.3.4).
fn value_of(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::BigInt(this_bigint(&cx, &args.this, "valueOf")?))
}

const CTOR_FNS: &[FnSpec] = fns! {
    "asIntN", 2, as_n, 0;
    "asUintN", 2, as_n, 1;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "toString", 0, to_string;
    "toLocaleString", 0, to_locale_string;
    "valueOf", 0, value_of;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().bigint_proto;
    let ctor = super::define_ctor(cx, "BigInt", 1, bigint_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "BigInt");
}
