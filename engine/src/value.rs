//! The `Value` type and the abstract operations on it: type conversion
//! (ECMA-262 §7.1) and equality (§7.2).
//!
//! <https://tc39.es/ecma262/#sec-type-conversion>

use crate::atom::{Atom, Sym};
use crate::bigint::{self, BigIntRef};
use crate::object::{self, Class, Obj};
use crate::runtime::{Cx, JsResult};
use crate::string::{JsString, Units};

/// A JavaScript value. 16 bytes: a tag and an 8-byte payload.
#[derive(Clone)]
pub(crate) enum Value {
    Undefined,
    Null,
    Bool(bool),
    /// A Number that is an int32 (never -0).
    Int(i32),
    /// Any other Number.
    Float(f64),
    String(JsString),
    /// A symbol: a counted reference to its cell, which carries its atom.
    Symbol(Sym),
    /// A BigInt (an immutable heap cell).
    BigInt(BigIntRef),
    Object(Obj),
    /// Internal marker for a binding in its temporal dead zone; never visible to scripts.
    Uninit,
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

/// Hints for ToPrimitive.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hint {
    Default,
    Number,
    String,
}

impl Value {
    /// The Number `n`, as an int when it is one.
    #[inline]
    pub(crate) fn number(n: f64) -> Value {
        let i = n as i32;
        if i as f64 == n && !(i == 0 && n.is_sign_negative()) {
            Value::Int(i)
        } else {
            Value::Float(n)
        }
    }

    #[inline]
    pub(crate) fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    #[inline]
    pub(crate) fn is_nullish(&self) -> bool {
        matches!(self, Value::Undefined | Value::Null)
    }

    #[inline]
    pub(crate) fn as_object(&self) -> Option<&Obj> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The numeric value, if this is a Number.
    #[inline]
    pub(crate) fn as_number(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    pub(crate) fn is_callable(&self) -> bool {
        self.as_object().is_some_and(object::is_callable)
    }

    /// ToBoolean (§7.1.2).
    pub(crate) fn to_boolean(&self) -> bool {
        match self {
            Value::Undefined | Value::Null | Value::Uninit => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => !(f.is_nan() || *f == 0.0),
            Value::String(s) => !s.is_empty(),
            Value::Symbol(_) => true,
            Value::BigInt(b) => !b.get().is_zero(),
            Value::Object(o) => !matches!(o.d.borrow().class, Class::HtmlDda),
        }
    }

    /// The `typeof` result.
    pub(crate) fn type_of(&self) -> Atom {
        match self {
            Value::Undefined | Value::Uninit => Atom::UNDEFINED,
            Value::Null => Atom::OBJECT,
            Value::Bool(_) => Atom::BOOLEAN,
            Value::Int(_) | Value::Float(_) => Atom::NUMBER,
            Value::String(_) => Atom::STRING,
            Value::Symbol(_) => Atom::SYMBOL,
            Value::BigInt(_) => Atom::BIGINT,
            Value::Object(o) => {
                if matches!(o.d.borrow().class, Class::HtmlDda) {
                    Atom::UNDEFINED
                } else if object::is_callable(o) {
                    Atom::FUNCTION
                } else {
                    Atom::OBJECT
                }
            }
        }
    }

    /// A short description for debugging output and the disassembler.
    pub(crate) fn debug_string(&self) -> String {
        match self {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => number_to_string(*f),
            Value::String(s) => format!("{:?}", s.to_rust_string()),
            Value::Symbol(a) => format!("Symbol({})", a.atom().0),
            Value::BigInt(b) => format!("{}n", b.get()),
            Value::Object(_) => "[object]".into(),
            Value::Uninit => "<uninitialized>".into(),
        }
    }
}

/// Number::toString(x) for radix 10 (§6.1.6.1.20).
pub(crate) fn number_to_string(x: f64) -> String {
    bignum::number_to_string(x)
}

/// StringToNumber (§7.1.4.1.1).
pub(crate) fn string_to_number(s: &JsString) -> f64 {
    let u = s.units();
    if let Units::Latin1(b) = u
        && let Some(n) = parse_small_int(b)
    {
        return n;
    }
    bignum::string_to_number(&u.to_rust_string())
}

/// Fast path for short canonical decimal integers.
fn parse_small_int(b: &[u8]) -> Option<f64> {
    if b.is_empty() || b.len() > 9 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    let mut n: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (c - b'0') as u32;
    }
    Some(n as f64)
}

/// ToInt32 (§7.1.6).
#[inline]
pub(crate) fn f64_to_int32(f: f64) -> i32 {
    if f.is_finite() && f.abs() < 2147483648.0 {
        return f as i32;
    }
    if !f.is_finite() {
        return 0;
    }
    let t = f.trunc();
    let m = t.rem_euclid(4294967296.0);
    m as u32 as i32
}

/// ToIntegerOrInfinity on a number (§7.1.5).
pub(crate) fn integer_or_infinity(f: f64) -> f64 {
    if f.is_nan() {
        0.0
    } else {
        let t = f.trunc();
        if t == 0.0 { 0.0 } else { t }
    }
}

// Conversions take the value as an argument; `self` is the context.
#[allow(clippy::wrong_self_convention)]
impl Cx<'_> {
    /// ToPrimitive (§7.1.1).
    pub(crate) fn to_primitive(&self, v: &Value, hint: Hint) -> JsResult<Value> {
        let Value::Object(o) = v else {
            return Ok(v.clone());
        };
        // Steps 1.a-b: @@toPrimitive.
        let exotic = object::get(self, o, Atom::SYM_TO_PRIMITIVE, v)?;
        if !exotic.is_nullish() {
            if !exotic.is_callable() {
                return self.type_error("Symbol.toPrimitive is not a function");
            }
            let h = match hint {
                Hint::Default => "default",
                Hint::Number => "number",
                Hint::String => "string",
            };
            let r = self.call(&exotic, v, &[Value::String(self.str(h))])?;
            if matches!(r, Value::Object(_)) {
                return self.type_error("cannot convert object to primitive value");
            }
            return Ok(r);
        }
        // OrdinaryToPrimitive (§7.1.1.1).
        let order = if hint == Hint::String {
            [Atom::TO_STRING, Atom::VALUE_OF]
        } else {
            [Atom::VALUE_OF, Atom::TO_STRING]
        };
        for name in order {
            let f = object::get(self, o, name, v)?;
            if f.is_callable() {
                let r = self.call(&f, v, &[])?;
                if !matches!(r, Value::Object(_)) {
                    return Ok(r);
                }
            }
        }
        self.type_error("cannot convert object to primitive value")
    }

    /// ToNumber (§7.1.4).
    pub(crate) fn to_number(&self, v: &Value) -> JsResult<f64> {
        Ok(match v {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            Value::Undefined | Value::Uninit => f64::NAN,
            Value::Null => 0.0,
            Value::Bool(b) => *b as i32 as f64,
            Value::String(s) => string_to_number(s),
            Value::Symbol(_) => {
                return self.type_error("cannot convert a Symbol value to a number");
            }
            Value::BigInt(_) => {
                return self.type_error("cannot convert a BigInt value to a number");
            }
            Value::Object(_) => {
                let p = self.to_primitive(v, Hint::Number)?;
                return self.to_number(&p);
            }
        })
    }

    pub(crate) fn to_int32(&self, v: &Value) -> JsResult<i32> {
        match v {
            Value::Int(i) => Ok(*i),
            _ => Ok(f64_to_int32(self.to_number(v)?)),
        }
    }

    pub(crate) fn to_uint32(&self, v: &Value) -> JsResult<u32> {
        Ok(self.to_int32(v)? as u32)
    }

    /// ToIntegerOrInfinity (§7.1.5).
    pub(crate) fn to_integer(&self, v: &Value) -> JsResult<f64> {
        match v {
            Value::Int(i) => Ok(*i as f64),
            _ => Ok(integer_or_infinity(self.to_number(v)?)),
        }
    }

    /// ToLength (§7.1.20).
    pub(crate) fn to_length(&self, v: &Value) -> JsResult<f64> {
        let n = self.to_integer(v)?;
        Ok(n.clamp(0.0, 9007199254740991.0))
    }

    /// ToString (§7.1.17).
    pub(crate) fn to_string(&self, v: &Value) -> JsResult<JsString> {
        Ok(match v {
            Value::String(s) => s.clone(),
            Value::Int(i) => int_to_jsstring(self, *i),
            Value::Float(f) => self.str(&number_to_string(*f)),
            Value::Undefined | Value::Uninit => self.rt.atom_string(Atom::UNDEFINED),
            Value::Null => self.rt.atom_string(Atom::NULL),
            Value::Bool(true) => self.rt.atom_string(Atom::TRUE),
            Value::Bool(false) => self.rt.atom_string(Atom::FALSE),
            Value::Symbol(_) => {
                return self.type_error("cannot convert a Symbol value to a string");
            }
            Value::BigInt(b) => self.str(&b.get().to_string()),
            Value::Object(_) => {
                let p = self.to_primitive(v, Hint::String)?;
                return self.to_string(&p);
            }
        })
    }

    /// ToString into a Rust string (lone surrogates become U+FFFD).
    pub(crate) fn to_rust_string(&self, v: &Value) -> JsResult<String> {
        Ok(self.to_string(v)?.to_rust_string())
    }

    /// ToPropertyKey (§7.1.19).
    pub(crate) fn to_property_key(&self, v: &Value) -> JsResult<Atom> {
        match v {
            Value::Int(i) if *i >= 0 => Ok(Atom::from_index(*i as u32).unwrap_or(Atom::EMPTY)),
            Value::String(s) => Ok(self.rt.intern_js(s)),
            Value::Symbol(a) => Ok(a.atom()),
            Value::Object(_) => {
                let p = self.to_primitive(v, Hint::String)?;
                if let Value::Symbol(s) = &p
                    && s.atom().is_counted_symbol()
                {
                    // The caller holds `v`, not the symbol it converted to:
                    // keep the symbol alive while its atom may be used.
                    crate::builtins::weak_ref::keep_key(self.rt, s);
                }
                self.to_property_key(&p)
            }
            _ => {
                let s = self.to_string(v)?;
                Ok(self.rt.intern_js(&s))
            }
        }
    }

    /// ToObject (§7.1.18).
    pub(crate) fn to_object(&self, v: &Value) -> JsResult<Obj> {
        let intr = self.intr();
        let (proto, class) = match v {
            Value::Object(o) => return Ok(o.clone()),
            Value::Undefined | Value::Null | Value::Uninit => {
                return self.type_error("cannot convert undefined or null to object");
            }
            Value::Bool(b) => (&intr.boolean_proto, Class::Boolean(*b)),
            Value::Int(_) | Value::Float(_) => (
                &intr.number_proto,
                Class::Number(v.as_number().unwrap_or(0.0)),
            ),
            Value::String(s) => (&intr.string_proto, Class::String(s.clone())),
            Value::Symbol(a) => (&intr.symbol_proto, Class::Symbol(a.clone())),
            Value::BigInt(b) => (&intr.bigint_proto, Class::BigInt(b.clone())),
        };
        Ok(object::new_object(*self, Some(proto.clone()), class))
    }

    /// IsLooselyEqual (§7.2.14).
    pub(crate) fn loose_equals(&self, a: &Value, b: &Value) -> JsResult<bool> {
        use Value::*;
        Ok(match (a, b) {
            (Undefined | Null, Undefined | Null) => true,
            (Object(o), Undefined | Null) | (Undefined | Null, Object(o)) => {
                matches!(o.d.borrow().class, Class::HtmlDda)
            }
            (Undefined | Null, _) | (_, Undefined | Null) => false,
            (Int(_) | Float(_), String(s)) => a.as_number() == Some(string_to_number(s)),
            (String(s), Int(_) | Float(_)) => b.as_number() == Some(string_to_number(s)),
            // Steps 6-7: BigInt and String.
            (BigInt(x), String(s)) | (String(s), BigInt(x)) => {
                bigint::string_to_bigint(self, s)?.is_some_and(|y| *x.get() == y)
            }
            (Bool(x), _) => return self.loose_equals(&Value::Int(*x as i32), b),
            (_, Bool(y)) => return self.loose_equals(a, &Value::Int(*y as i32)),
            (Object(_), Int(_) | Float(_) | String(_) | Symbol(_) | BigInt(_)) => {
                let p = self.to_primitive(a, Hint::Default)?;
                return self.loose_equals(&p, b);
            }
            // Step 12: BigInt and Number compare mathematically.
            (BigInt(x), Int(_) | Float(_)) => x.get().equals_f64(b.as_number().unwrap_or(0.0)),
            (Int(_) | Float(_), BigInt(y)) => y.get().equals_f64(a.as_number().unwrap_or(0.0)),
            (Int(_) | Float(_) | String(_) | Symbol(_) | BigInt(_), Object(_)) => {
                let p = self.to_primitive(b, Hint::Default)?;
                return self.loose_equals(a, &p);
            }
            _ => strict_equals(a, b),
        })
    }
}

/// IsStrictlyEqual (§7.2.15).
pub(crate) fn strict_equals(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Int(_) | Float(_), Int(_) | Float(_)) => a.as_number() == b.as_number(),
        (String(x), String(y)) => x.eq(y),
        (Undefined, Undefined) | (Null, Null) => true,
        (Bool(x), Bool(y)) => x == y,
        (Symbol(x), Symbol(y)) => x.atom() == y.atom(),
        (BigInt(x), BigInt(y)) => x.get() == y.get(),
        (Object(x), Object(y)) => Obj::ptr_eq(x, y),
        _ => false,
    }
}

/// SameValue (§7.2.10).
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
    match (a.as_number(), b.as_number()) {
        (Some(x), Some(y)) => {
            (x.is_nan() && y.is_nan()) || (x == y && x.is_sign_negative() == y.is_sign_negative())
        }
        _ => strict_equals(a, b),
    }
}

/// SameValueZero (§7.2.11).
pub(crate) fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a.as_number(), b.as_number()) {
        (Some(x), Some(y)) => (x.is_nan() && y.is_nan()) || x == y,
        _ => strict_equals(a, b),
    }
}

/// The decimal form of an int (Number::toString for integral values),
/// formatted without an intermediate Rust string.
pub(crate) fn int_to_jsstring(cx: &Cx, i: i32) -> JsString {
    let mut buf = [0u8; 11];
    let mut p = buf.len();
    let mut n = i.unsigned_abs();
    loop {
        p -= 1;
        buf[p] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if i < 0 {
        p -= 1;
        buf[p] = b'-';
    }
    JsString::from_latin1_slice(cx.heap(), &buf[p..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int32_conversion() {
        assert_eq!(f64_to_int32(4294967296.0 + 5.0), 5);
        assert_eq!(f64_to_int32(-1.0), -1);
        assert_eq!(f64_to_int32(2147483648.0), -2147483648);
        assert_eq!(f64_to_int32(f64::NAN), 0);
        assert_eq!(f64_to_int32(-0.5), 0);
    }

    #[test]
    fn number_normalizes() {
        assert!(matches!(Value::number(3.0), Value::Int(3)));
        assert!(matches!(Value::number(-0.0), Value::Float(_)));
        assert!(matches!(Value::number(0.5), Value::Float(_)));
    }

    #[test]
    fn same_value_semantics() {
        assert!(same_value(&Value::Float(f64::NAN), &Value::Float(f64::NAN)));
        assert!(!same_value(&Value::Float(-0.0), &Value::Int(0)));
        assert!(same_value_zero(&Value::Float(-0.0), &Value::Int(0)));
        assert!(strict_equals(&Value::Float(1.0), &Value::Int(1)));
    }

    #[test]
    fn bigint_equality_is_by_value() {
        let heap = crate::gc::Heap::new();
        let big = |v: i64| Value::BigInt(BigIntRef::new(&heap, bignum::JsBigInt::from(v)));
        let (a, b, c) = (big(7), big(7), big(-7));
        assert!(strict_equals(&a, &b));
        assert!(!strict_equals(&a, &c));
        assert!(!strict_equals(&a, &Value::Int(7)));
        assert!(same_value(&a, &b));
        assert!(same_value_zero(&big(0), &big(0)));
        assert!(!same_value_zero(&big(0), &Value::Int(0)));
        assert!(!big(0).to_boolean());
        assert!(c.to_boolean());
        assert_eq!(c.debug_string(), "-7n");
        drop((a, b, c));
    }
}
