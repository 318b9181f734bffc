//! BigInt as a value of the engine: the heap cell holding a `bignum::JsBigInt`
//! and the operations that bridge it with the rest of the value model.
//!
//! * ECMA-262 §6.1.6.2 The BigInt Type (operators, through `bignum`).
//! * §7.1.13 ToBigInt, §7.1.14 StringToBigInt, §7.1.15 ToBigInt64,
//!   §7.1.16 ToBigUint64.
//! * §13.15.3 ApplyStringOrNumericBinaryOperator (the BigInt column).
//!
//! <https://tc39.es/ecma262/#sec-ecmascript-language-types-bigint-type>
//!
//! A BigInt is immutable, so a cell is never changed after creation; its
//! digits are reported to the heap as extra bytes, like string data.

use bignum::{BigIntError, JsBigInt};

use crate::bytecode::Op;
use crate::gc::{CellKind, Gc, Heap, Trace, Tracer};
use crate::runtime::{Cx, JsResult};
use crate::string::JsString;
use crate::value::{Hint, Value};

/// The payload of a BigInt cell.
pub(crate) struct BigIntCell {
    value: JsBigInt,
    /// Bytes of digit storage reported to the heap at creation.
    extra: usize,
}

impl Trace for BigIntCell {
    const KIND: CellKind = CellKind::BigInt;
    const COLLECTABLE: bool = false;
    fn trace(&self, _: &mut Tracer) {}
    fn clear(&self) {}
    fn extra_bytes(&self) -> usize {
        self.extra
    }
}

/// A reference-counted BigInt value.
#[derive(Clone)]
pub(crate) struct BigIntRef(Gc<BigIntCell>);

impl BigIntRef {
    pub(crate) fn new(heap: &Heap, value: JsBigInt) -> BigIntRef {
        // Values that fit in an `i64` are inline; wider ones own a vector
        // of 64-bit words.
        let extra = if value.to_i64().is_some() {
            0
        } else {
            value.bits().div_ceil(64) as usize * 8
        };
        if extra > 0 {
            heap.add_extra(extra);
        }
        BigIntRef(heap.alloc(BigIntCell { value, extra }))
    }

    #[inline]
    pub(crate) fn get(&self) -> &JsBigInt {
        &self.0.value
    }
}

/// A numeric value: the result of ToNumeric (§7.1.3).
pub(crate) enum Numeric {
    Number(f64),
    BigInt(BigIntRef),
}

/// The JavaScript error for a failed BigInt operation.
pub(crate) fn throw<T>(cx: &Cx, e: BigIntError) -> JsResult<T> {
    match e {
        BigIntError::RangeError(m) => cx.range_error(m),
        BigIntError::SyntaxError(m) => cx.syntax_error(m),
    }
}

/// Wraps the result of a `bignum` operation as a value.
pub(crate) fn result(cx: &Cx, r: Result<JsBigInt, BigIntError>) -> JsResult<Value> {
    match r {
        Ok(v) => Ok(Value::BigInt(BigIntRef::new(cx.heap(), v))),
        Err(e) => throw(cx, e),
    }
}

/// A BigInt value.
pub(crate) fn value(cx: &Cx, v: JsBigInt) -> Value {
    Value::BigInt(BigIntRef::new(cx.heap(), v))
}

/// StringToBigInt (§7.1.14): `Ok(None)` when the string is not a
/// StringIntegerLiteral (the spec's **undefined**); a RangeError when the
/// value would exceed the size limit.
pub(crate) fn string_to_bigint(cx: &Cx, s: &JsString) -> JsResult<Option<JsBigInt>> {
    let r = match s.units() {
        crate::string::Units::Latin1(b) => JsBigInt::parse_units(b),
        crate::string::Units::Utf16(w) => JsBigInt::parse_units(w),
    };
    match r {
        Ok(v) => Ok(Some(v)),
        Err(BigIntError::SyntaxError(_)) => Ok(None),
        Err(e) => throw(cx, e),
    }
}

/// The BigInt binary operators (§6.1.6.2, table in §13.15.3); `op` is the
/// opcode of the operator. `>>>` is a TypeError.
pub(crate) fn binary(cx: &Cx, op: Op, x: &JsBigInt, y: &JsBigInt) -> JsResult<Value> {
    let r = match op {
        Op::Add => x.add(y),
        Op::Sub => x.sub(y),
        Op::Mul => x.mul(y),
        Op::Div => x.div(y),
        Op::Mod => x.rem(y),
        Op::Pow => x.pow(y),
        Op::Shl => x.shl(y),
        Op::Sar => x.shr(y),
        Op::BitAnd => Ok(x.bitand(y)),
        Op::BitOr => Ok(x.bitor(y)),
        Op::BitXor => Ok(x.bitxor(y)),
        _ => return cx.type_error("BigInts have no unsigned right shift, use >> instead"),
    };
    result(cx, r)
}

/// The error for an operator applied to a BigInt and a Number.
pub(crate) fn mix_error<T>(cx: &Cx) -> JsResult<T> {
    cx.type_error("cannot mix BigInt and other types, use explicit conversions")
}

// Conversions take the value as an argument; `self` is the context.
#[allow(clippy::wrong_self_convention)]
impl Cx<'_> {
    /// ToNumeric (§7.1.3).
    pub(crate) fn to_numeric(&self, v: &Value) -> JsResult<Numeric> {
        match v {
            Value::Int(i) => Ok(Numeric::Number(*i as f64)),
            Value::Float(f) => Ok(Numeric::Number(*f)),
            Value::BigInt(b) => Ok(Numeric::BigInt(b.clone())),
            Value::Object(_) => {
                let p = self.to_primitive(v, Hint::Number)?;
                self.to_numeric(&p)
            }
            _ => Ok(Numeric::Number(self.to_number(v)?)),
        }
    }

    /// ToBigInt (§7.1.13).
    pub(crate) fn to_bigint(&self, v: &Value) -> JsResult<BigIntRef> {
        let prim = self.to_primitive(v, Hint::Number)?;
        match &prim {
            Value::BigInt(b) => Ok(b.clone()),
            Value::Bool(b) => Ok(BigIntRef::new(self.heap(), JsBigInt::from(*b as i32))),
            Value::String(s) => match string_to_bigint(self, s)? {
                Some(b) => Ok(BigIntRef::new(self.heap(), b)),
                None => self.syntax_error(&format!(
                    "cannot convert {} to a BigInt",
                    crate::ops::describe(self, &prim)
                )),
            },
            Value::Undefined | Value::Null | Value::Uninit => self.type_error(&format!(
                "cannot convert {} to a BigInt",
                prim.debug_string()
            )),
            Value::Int(_) | Value::Float(_) => self.type_error(&format!(
                "cannot convert {} to a BigInt",
                prim.debug_string()
            )),
            Value::Symbol(_) => self.type_error("cannot convert a Symbol value to a BigInt"),
            Value::Object(_) => self.type_error("cannot convert object to a BigInt"),
        }
    }

    /// ToBigInt64 (§7.1.15): the value modulo 2^64 as a signed integer.
    #[allow(dead_code)] // used by typed arrays
    pub(crate) fn to_bigint64(&self, v: &Value) -> JsResult<i64> {
        let b = self.to_bigint(v)?;
        Ok(wrap_u64(b.get()) as i64)
    }

    /// ToBigUint64 (§7.1.16): the value modulo 2^64.
    #[allow(dead_code)] // used by typed arrays
    pub(crate) fn to_biguint64(&self, v: &Value) -> JsResult<u64> {
        let b = self.to_bigint(v)?;
        Ok(wrap_u64(b.get()))
    }
}

/// The low 64 bits of the two's complement form of `x`.
pub(crate) fn wrap_u64(x: &JsBigInt) -> u64 {
    // asUintN(64, x) always fits in a u64 and never exceeds the size limit.
    JsBigInt::as_uint_n(64, x)
        .ok()
        .and_then(|w| w.to_u64())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_to_64_bits() {
        assert_eq!(wrap_u64(&JsBigInt::from(-1i64)), u64::MAX);
        assert_eq!(wrap_u64(&JsBigInt::from(5i64)), 5);
        let big = JsBigInt::parse("18446744073709551621").unwrap_or_default();
        assert_eq!(wrap_u64(&big), 5);
        assert_eq!(wrap_u64(&big) as i64, 5);
        let neg = JsBigInt::parse("-9223372036854775809").unwrap_or_default();
        assert_eq!(wrap_u64(&neg) as i64, i64::MAX);
    }
}
