//! The `Math` object (ECMA-262 §21.3).
//!
//! <https://tc39.es/ecma262/#sec-math-object>

use super::{FnSpec, fns};
use crate::object::{self, Args};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// One-argument functions, selected by magic.
fn unary(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = cx.to_number(args.arg(0))?;
    let r = match args.magic {
        0 => x.abs(),
        1 => x.acos(),
        2 => x.acosh(),
        3 => x.asin(),
        4 => {
            if x == 0.0 {
                x
            } else {
                x.asinh()
            }
        }
        5 => x.atan(),
        6 => x.atanh(),
        7 => x.cbrt(),
        8 => x.ceil(),
        9 => x.cos(),
        10 => x.cosh(),
        11 => x.exp(),
        12 => x.exp_m1(),
        13 => x.floor(),
        14 => x as f32 as f64,
        15 => x.ln(),
        16 => x.ln_1p(),
        17 => x.log10(),
        18 => x.log2(),
        19 => round(x),
        20 => {
            if x.is_nan() || x == 0.0 {
                x
            } else {
                x.signum()
            }
        }
        21 => x.sin(),
        22 => x.sinh(),
        23 => x.sqrt(),
        24 => x.tan(),
        25 => x.tanh(),
        26 => x.trunc(),
        28 => {
            use super::typed_array::{f16_to_f64, f64_to_f16};
            f16_to_f64(f64_to_f16(x))
        }
        _ => {
            // clz32
            return Ok(Value::Int(
                crate::value::f64_to_int32(x).leading_zeros() as i32
            ));
        }
    };
    Ok(Value::number(r))
}

/// Math.round (§21.3.2.28): halves round toward +Infinity.
fn round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    if x > 0.0 && x < 0.5 {
        return 0.0;
    }
    if (-0.5..0.0).contains(&x) {
        return -0.0;
    }
    let f = x.floor();
    if x - f >= 0.5 { f + 1.0 } else { f }
}

fn atan2(cx: Cx, args: &Args) -> JsResult<Value> {
    let y = cx.to_number(args.arg(0))?;
    let x = cx.to_number(args.arg(1))?;
    Ok(Value::number(y.atan2(x)))
}

fn pow(cx: Cx, args: &Args) -> JsResult<Value> {
    let x = cx.to_number(args.arg(0))?;
    let y = cx.to_number(args.arg(1))?;
    Ok(Value::number(crate::ops::number_pow(x, y)))
}

fn imul(cx: Cx, args: &Args) -> JsResult<Value> {
    let a = cx.to_int32(args.arg(0))?;
    let b = cx.to_int32(args.arg(1))?;
    Ok(Value::Int(a.wrapping_mul(b)))
}

/// max (magic 0) and min (magic 1): every argument is converted first.
fn max_min(cx: Cx, args: &Args) -> JsResult<Value> {
    let is_min = args.magic == 1;
    // All ints (no conversion, no -0 or NaN): the int answer.
    if let [Value::Int(first), rest @ ..] = args.args {
        let mut r = *first;
        let mut all_int = true;
        for a in rest {
            match a {
                Value::Int(x) if is_min => r = r.min(*x),
                Value::Int(x) => r = r.max(*x),
                _ => {
                    all_int = false;
                    break;
                }
            }
        }
        if all_int {
            return Ok(Value::Int(r));
        }
    }
    let mut r = if is_min {
        f64::INFINITY
    } else {
        f64::NEG_INFINITY
    };
    let mut nan = false;
    for a in args.args {
        let x = cx.to_number(a)?;
        if x.is_nan() {
            nan = true;
        } else if is_min {
            if x < r || (x == 0.0 && r == 0.0 && x.is_sign_negative()) {
                r = x;
            }
        } else if x > r || (x == 0.0 && r == 0.0 && r.is_sign_negative()) {
            r = x;
        }
    }
    Ok(Value::number(if nan { f64::NAN } else { r }))
}

fn hypot(cx: Cx, args: &Args) -> JsResult<Value> {
    let mut vals = Vec::with_capacity(args.len());
    for a in args.args {
        vals.push(cx.to_number(a)?);
    }
    if vals.iter().any(|v| v.is_infinite()) {
        return Ok(Value::Float(f64::INFINITY));
    }
    if vals.iter().any(|v| v.is_nan()) {
        return Ok(Value::Float(f64::NAN));
    }
    let m = vals.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if m == 0.0 {
        return Ok(Value::Int(0));
    }
    let s: f64 = vals.iter().map(|v| (v / m) * (v / m)).sum();
    Ok(Value::number(m * s.sqrt()))
}

fn random(cx: Cx, _args: &Args) -> JsResult<Value> {
    // xorshift64*; seeded per runtime.
    let mut x = cx.rt.rng.get();
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    cx.rt.rng.set(x);
    let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
    Ok(Value::Float(r as f64 / (1u64 << 53) as f64))
}

const FNS: &[FnSpec] = fns! {
    "abs", 1, unary, 0;
    "acos", 1, unary, 1;
    "acosh", 1, unary, 2;
    "asin", 1, unary, 3;
    "asinh", 1, unary, 4;
    "atan", 1, unary, 5;
    "atanh", 1, unary, 6;
    "cbrt", 1, unary, 7;
    "ceil", 1, unary, 8;
    "cos", 1, unary, 9;
    "cosh", 1, unary, 10;
    "exp", 1, unary, 11;
    "expm1", 1, unary, 12;
    "floor", 1, unary, 13;
    "fround", 1, unary, 14;
    "f16round", 1, unary, 28;
    "log", 1, unary, 15;
    "log1p", 1, unary, 16;
    "log10", 1, unary, 17;
    "log2", 1, unary, 18;
    "round", 1, unary, 19;
    "sign", 1, unary, 20;
    "sin", 1, unary, 21;
    "sinh", 1, unary, 22;
    "sqrt", 1, unary, 23;
    "tan", 1, unary, 24;
    "tanh", 1, unary, 25;
    "trunc", 1, unary, 26;
    "clz32", 1, unary, 27;
    "atan2", 2, atan2;
    "pow", 2, pow;
    "imul", 2, imul;
    "max", 2, max_min, 0;
    "min", 2, max_min, 1;
    "hypot", 2, hypot;
    "random", 0, random;
    "sumPrecise", 1, super::math_sum::sum_precise;
};

pub(crate) fn init(cx: &Cx) {
    let m = object::new_plain(*cx);
    super::define_fns(cx, &m, FNS);
    for (name, v) in [
        ("E", std::f64::consts::E),
        ("LN10", std::f64::consts::LN_10),
        ("LN2", std::f64::consts::LN_2),
        ("LOG10E", std::f64::consts::LOG10_E),
        ("LOG2E", std::f64::consts::LOG2_E),
        ("PI", std::f64::consts::PI),
        ("SQRT1_2", std::f64::consts::FRAC_1_SQRT_2),
        ("SQRT2", std::f64::consts::SQRT_2),
    ] {
        super::define_const(cx, &m, name, Value::Float(v));
    }
    super::define_to_string_tag(cx, &m, "Math");
    object::define_data(
        cx,
        &cx.realm.global,
        cx.intern("Math"),
        Value::Object(m),
        crate::shape::flags::HIDDEN,
    );
}
