//! The BigInt type with ECMAScript semantics.
//!
//! * ECMAScript 6.1.6.2 The BigInt Type (`BigInt::add`, `::divide`,
//!   `::remainder`, `::exponentiate`, `::leftShift`, `::signedRightShift`,
//!   `::bitwiseAND/OR/XOR/NOT`, `::lessThan`, `::equal`, `::toString`).
//! * ECMAScript 7.1.14 `StringToBigInt`, 21.2.1.1.1 `NumberToBigInt`.
//! * ECMAScript 21.2.2.1 `BigInt.asIntN`, 21.2.2.2 `BigInt.asUintN`.
//! * ECMAScript 7.2.13 `IsLessThan` / 7.2.14 `IsLooselyEqual` for the mixed
//!   BigInt / Number cases.
//!
//! Bitwise operations treat values as infinite two's complement bit strings.
//! Every operation that can grow a value checks the result against
//! [`MAX_BIGINT_BITS`] and reports a `RangeError` instead of exhausting memory.

use core::cmp::Ordering;
use core::fmt;
use std::borrow::Cow;

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::{Num, One, Signed, ToPrimitive};

use crate::number_parse::trim_js_whitespace;

/// The largest BigInt magnitude, in bits, that operations may produce.
pub const MAX_BIGINT_BITS: u64 = 1 << 24;

/// Errors raised by BigInt operations; the engine turns them into the
/// corresponding JavaScript exceptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BigIntError {
    /// A `RangeError` (division by zero, negative exponent, result too large,
    /// non-integral number).
    RangeError(&'static str),
    /// A `SyntaxError` (string that is not a `StringIntegerLiteral`).
    SyntaxError(&'static str),
}

impl fmt::Display for BigIntError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BigIntError::RangeError(m) => write!(f, "RangeError: {m}"),
            BigIntError::SyntaxError(m) => write!(f, "SyntaxError: {m}"),
        }
    }
}

impl std::error::Error for BigIntError {}

const TOO_BIG: BigIntError = BigIntError::RangeError("Maximum BigInt size exceeded");

/// A JavaScript BigInt value.
///
/// Values that fit in an `i64` are kept inline (no digit vector), which is
/// what nearly every BigInt a program computes is; wider values use
/// `num_bigint`. The form is canonical (`Big` only outside the `i64`
/// range), so the derived equality and hashing compare values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JsBigInt(Repr);

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Repr {
    Small(i64),
    Big(BigInt),
}

use Repr::{Big, Small};

impl Default for JsBigInt {
    fn default() -> Self {
        Self::zero()
    }
}

impl PartialOrd for JsBigInt {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for JsBigInt {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Small(a), Small(b)) => a.cmp(b),
            _ => self.big().cmp(&other.big()),
        }
    }
}

/// Correctly rounded (to nearest, ties to even) conversion of a big unsigned
/// integer to a double; values at or above 2^1024 after rounding give
/// infinity.
pub(crate) fn biguint_to_f64(v: &BigUint) -> f64 {
    let bits = v.bits();
    if bits > 1024 {
        return f64::INFINITY;
    }
    let mut digits = v.iter_u64_digits();
    let hi = digits.next_back().unwrap_or(0);
    if bits <= 64 {
        // `u64 as f64` rounds to nearest, ties to even.
        return hi as f64;
    }
    let lo = digits.next_back().unwrap_or(0);
    // The top 64 bits, left-aligned.
    let lz = hi.leading_zeros();
    let (mut top, lost) = if lz == 0 {
        (hi, lo)
    } else {
        ((hi << lz) | (lo >> (64 - lz)), lo << lz)
    };
    // The rounding position of the 64-bit `top` is bit 10; any non-zero bit
    // below it only matters as a "sticky" bit, which can live in bit 0.
    if lost != 0 || digits.any(|d| d != 0) {
        top |= 1;
    }
    let shift = bits - 64;
    // `top as f64` is the single rounding step; scaling by 2^shift (at most
    // 2^960) is exact or overflows to infinity, both correct.
    (top as f64) * pow2(shift as i32)
}

/// 2^e as a double for 0 <= e <= 1023.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

impl JsBigInt {
    /// The BigInt `0n`.
    pub fn zero() -> Self {
        JsBigInt(Small(0))
    }

    /// The canonical form of `v`.
    fn norm(v: BigInt) -> Self {
        match v.to_i64() {
            Some(i) => JsBigInt(Small(i)),
            None => JsBigInt(Big(v)),
        }
    }

    /// The value as a `num_bigint::BigInt`, borrowed when it is one.
    fn big(&self) -> Cow<'_, BigInt> {
        match &self.0 {
            Small(i) => Cow::Owned(BigInt::from(*i)),
            Big(b) => Cow::Borrowed(b),
        }
    }

    /// Wraps a `num_bigint::BigInt`, enforcing the size limit.
    pub fn from_bigint(v: BigInt) -> Result<Self, BigIntError> {
        Self::checked(v)
    }

    fn checked(v: BigInt) -> Result<Self, BigIntError> {
        if v.bits() > MAX_BIGINT_BITS {
            Err(TOO_BIG)
        } else {
            Ok(Self::norm(v))
        }
    }

    /// The value as a `num_bigint::BigInt` (borrowed for wide values).
    pub fn as_bigint(&self) -> Cow<'_, BigInt> {
        self.big()
    }

    /// Unwraps into a `num_bigint::BigInt`.
    pub fn into_bigint(self) -> BigInt {
        match self.0 {
            Small(i) => BigInt::from(i),
            Big(b) => b,
        }
    }

    /// The number of bits of the magnitude (0 for `0n`).
    pub fn bits(&self) -> u64 {
        match &self.0 {
            Small(i) => u64::from(64 - i.unsigned_abs().leading_zeros()),
            Big(b) => b.bits(),
        }
    }

    /// True for `0n` (the only falsy BigInt).
    pub fn is_zero(&self) -> bool {
        matches!(self.0, Small(0))
    }

    /// True for values below zero.
    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Small(i) => *i < 0,
            Big(b) => b.sign() == Sign::Minus,
        }
    }

    /// The value as an `i64`, if it fits.
    pub fn to_i64(&self) -> Option<i64> {
        match &self.0 {
            Small(i) => Some(*i),
            Big(_) => None,
        }
    }

    /// The value as a `u64`, if it fits.
    pub fn to_u64(&self) -> Option<u64> {
        match &self.0 {
            Small(i) => u64::try_from(*i).ok(),
            Big(b) => b.to_u64(),
        }
    }

    /// The value as an `i128`, if it fits.
    pub fn to_i128(&self) -> Option<i128> {
        match &self.0 {
            Small(i) => Some(i128::from(*i)),
            Big(b) => b.to_i128(),
        }
    }

    /// `BigInt::unaryMinus` (6.1.6.2.1).
    pub fn neg(&self) -> Self {
        match &self.0 {
            Small(i) => match i.checked_neg() {
                Some(n) => JsBigInt(Small(n)),
                None => Self::norm(-BigInt::from(*i)),
            },
            Big(b) => Self::norm(-b),
        }
    }

    /// `BigInt::bitwiseNOT` (6.1.6.2.2): `-x - 1`.
    pub fn not(&self) -> Self {
        match &self.0 {
            Small(i) => JsBigInt(Small(!*i)),
            Big(b) => Self::norm(!b),
        }
    }

    /// `BigInt::add` (6.1.6.2.7).
    pub fn add(&self, other: &Self) -> Result<Self, BigIntError> {
        if let (Small(a), Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_add(*b)
        {
            return Ok(JsBigInt(Small(r)));
        }
        Self::checked(&*self.big() + &*other.big())
    }

    /// `BigInt::subtract` (6.1.6.2.8).
    pub fn sub(&self, other: &Self) -> Result<Self, BigIntError> {
        if let (Small(a), Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_sub(*b)
        {
            return Ok(JsBigInt(Small(r)));
        }
        Self::checked(&*self.big() - &*other.big())
    }

    /// `BigInt::multiply` (6.1.6.2.4).
    pub fn mul(&self, other: &Self) -> Result<Self, BigIntError> {
        if let (Small(a), Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_mul(*b)
        {
            return Ok(JsBigInt(Small(r)));
        }
        if self.is_zero() || other.is_zero() {
            return Ok(Self::zero());
        }
        // The product has at least bits(a) + bits(b) - 1 bits.
        if self.bits() + other.bits() - 1 > MAX_BIGINT_BITS {
            return Err(TOO_BIG);
        }
        Self::checked(&*self.big() * &*other.big())
    }

    /// `BigInt::divide` (6.1.6.2.5): truncating division.
    pub fn div(&self, other: &Self) -> Result<Self, BigIntError> {
        if other.is_zero() {
            return Err(BigIntError::RangeError("Division by zero"));
        }
        if let (Small(a), Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_div(*b)
        {
            return Ok(JsBigInt(Small(r)));
        }
        Ok(Self::norm(&*self.big() / &*other.big()))
    }

    /// `BigInt::remainder` (6.1.6.2.6): the sign follows the dividend.
    pub fn rem(&self, other: &Self) -> Result<Self, BigIntError> {
        if other.is_zero() {
            return Err(BigIntError::RangeError("Division by zero"));
        }
        if let (Small(a), Small(b)) = (&self.0, &other.0)
            && let Some(r) = a.checked_rem(*b)
        {
            return Ok(JsBigInt(Small(r)));
        }
        Ok(Self::norm(&*self.big() % &*other.big()))
    }

    /// `BigInt::exponentiate` (6.1.6.2.3).
    pub fn pow(&self, exponent: &Self) -> Result<Self, BigIntError> {
        // Step 1.
        if exponent.is_negative() {
            return Err(BigIntError::RangeError("Exponent must be non-negative"));
        }
        // Step 2.
        if exponent.is_zero() {
            return Ok(JsBigInt(Small(1)));
        }
        if self.is_zero() {
            return Ok(Self::zero());
        }
        let base = self.big();
        let odd = exponent.big().bit(0);
        if base.magnitude().is_one() {
            // (±1)^n.
            return Ok(if base.is_negative() && odd {
                JsBigInt(Small(-1))
            } else {
                JsBigInt(Small(1))
            });
        }
        // |base| >= 2: the result has more than `exponent` bits.
        let Some(exp) = exponent.to_u64().filter(|&e| e <= MAX_BIGINT_BITS) else {
            return Err(TOO_BIG);
        };
        let estimate = (exp as f64) * log2_magnitude(base.magnitude());
        if estimate > (MAX_BIGINT_BITS + 1) as f64 {
            return Err(TOO_BIG);
        }
        Self::checked(base.pow(exp as u32))
    }

    /// `BigInt::leftShift` (6.1.6.2.9): `x × 2^y`, flooring for negative `y`.
    pub fn shl(&self, count: &Self) -> Result<Self, BigIntError> {
        if count.is_negative() {
            return Ok(self.shr_magnitude(&count.neg()));
        }
        if self.is_zero() {
            return Ok(Self::zero());
        }
        let Some(n) = count.to_u64().filter(|&n| n <= MAX_BIGINT_BITS) else {
            return Err(TOO_BIG);
        };
        if let Small(a) = &self.0
            && n < 64
        {
            let r = *a << n;
            if r >> n == *a {
                return Ok(JsBigInt(Small(r)));
            }
        }
        if self.bits() + n > MAX_BIGINT_BITS {
            return Err(TOO_BIG);
        }
        Ok(Self::norm(&*self.big() << n))
    }

    /// `BigInt::signedRightShift` (6.1.6.2.10): `floor(x / 2^y)`.
    pub fn shr(&self, count: &Self) -> Result<Self, BigIntError> {
        if count.is_negative() {
            return self.shl(&count.neg());
        }
        Ok(self.shr_magnitude(count))
    }

    /// `floor(x / 2^count)` for a non-negative `count`.
    fn shr_magnitude(&self, count: &Self) -> Self {
        match (&self.0, count.to_u64()) {
            (Small(a), Some(n)) => JsBigInt(Small(*a >> n.min(63))),
            (Big(b), Some(n)) if n < b.bits() => Self::norm(b >> n),
            // Everything is shifted out: floor gives 0 or -1.
            _ => {
                if self.is_negative() {
                    JsBigInt(Small(-1))
                } else {
                    Self::zero()
                }
            }
        }
    }

    /// `BigInt::bitwiseAND` (6.1.6.2.18).
    pub fn bitand(&self, other: &Self) -> Self {
        match (&self.0, &other.0) {
            (Small(a), Small(b)) => JsBigInt(Small(a & b)),
            _ => Self::norm(&*self.big() & &*other.big()),
        }
    }

    /// `BigInt::bitwiseOR` (6.1.6.2.20).
    pub fn bitor(&self, other: &Self) -> Self {
        match (&self.0, &other.0) {
            (Small(a), Small(b)) => JsBigInt(Small(a | b)),
            _ => Self::norm(&*self.big() | &*other.big()),
        }
    }

    /// `BigInt::bitwiseXOR` (6.1.6.2.19).
    pub fn bitxor(&self, other: &Self) -> Self {
        match (&self.0, &other.0) {
            (Small(a), Small(b)) => JsBigInt(Small(a ^ b)),
            _ => Self::norm(&*self.big() ^ &*other.big()),
        }
    }

    /// `BigInt.asUintN(bits, x)` (21.2.2.2): `x mod 2^bits`, given
    /// `ToIndex(bits)`.
    pub fn as_uint_n(bits: u64, x: &Self) -> Result<Self, BigIntError> {
        if bits == 0 {
            return Ok(Self::zero());
        }
        if !x.is_negative() && x.bits() <= bits {
            return Ok(x.clone());
        }
        // Negative values wrap to a number of `bits` bits.
        if bits > MAX_BIGINT_BITS {
            return Err(TOO_BIG);
        }
        let mask = (BigInt::one() << bits) - 1u32;
        Ok(Self::norm(&*x.big() & mask))
    }

    /// `BigInt.asIntN(bits, x)` (21.2.2.1): `x` wrapped into
    /// `[-2^(bits-1), 2^(bits-1))`, given `ToIndex(bits)`.
    pub fn as_int_n(bits: u64, x: &Self) -> Result<Self, BigIntError> {
        if bits == 0 {
            return Ok(Self::zero());
        }
        // In range when the two's complement form needs fewer than `bits`
        // bits besides the sign: for negative x that is bits(!x) = bits(-x-1).
        let magnitude_bits = if x.is_negative() {
            x.not().bits()
        } else {
            x.bits()
        };
        if magnitude_bits < bits {
            return Ok(x.clone());
        }
        // Here bits <= magnitude_bits, which is within the size limit.
        let mask = (BigInt::one() << bits) - 1u32;
        let low = &*x.big() & mask;
        // Step 3: if mod >= 2^(bits-1), subtract 2^bits.
        if low.bit(bits - 1) {
            Ok(Self::norm(low - (BigInt::one() << bits)))
        } else {
            Ok(Self::norm(low))
        }
    }

    /// Exact comparison with a Number (`IsLessThan` mixed cases, 7.2.13);
    /// `None` when `y` is NaN.
    pub fn compare_f64(&self, y: f64) -> Option<Ordering> {
        if y.is_nan() {
            return None;
        }
        if y == f64::INFINITY {
            return Some(Ordering::Less);
        }
        if y == f64::NEG_INFINITY {
            return Some(Ordering::Greater);
        }
        let fl = y.floor();
        let int_cmp = self.compare_integral_f64(fl);
        if fl == y {
            return Some(int_cmp);
        }
        // y is strictly between fl and fl + 1.
        Some(if int_cmp == Ordering::Greater {
            Ordering::Greater
        } else {
            Ordering::Less
        })
    }

    /// Compares with a finite integral double, exactly.
    fn compare_integral_f64(&self, y: f64) -> Ordering {
        if let Small(i) = self.0
            && y.abs() < 9.2e18
        {
            return i128::from(i).cmp(&(y as i128));
        }
        match integral_f64_to_bigint(y) {
            Some(b) => self.big().as_ref().cmp(&b),
            None => Ordering::Equal,
        }
    }

    /// `BigInt == Number` (`IsLooselyEqual` step 12/13): exact equality.
    pub fn equals_f64(&self, y: f64) -> bool {
        self.compare_f64(y) == Some(Ordering::Equal)
    }

    /// `Number(bigint)`: the value rounded to the nearest double, ties to
    /// even; out-of-range values give ±Infinity.
    pub fn to_f64(&self) -> f64 {
        let b = match &self.0 {
            // `i64 as f64` rounds to nearest, ties to even.
            Small(i) => return *i as f64,
            Big(b) => b,
        };
        let m = biguint_to_f64(b.magnitude());
        if self.is_negative() { -m } else { m }
    }

    /// `NumberToBigInt(number)` (21.2.1.1.1): only integral numbers convert.
    pub fn from_f64(x: f64) -> Result<Self, BigIntError> {
        match integral_f64_to_bigint(x) {
            Some(b) => Ok(Self::norm(b)),
            None => Err(BigIntError::RangeError(
                "The number cannot be converted to a BigInt because it is not an integer",
            )),
        }
    }

    /// `BigInt::toString(x, radix)` (6.1.6.2.23) for radix 2..=36 (other
    /// radixes give radix 10).
    pub fn to_string_radix(&self, radix: u32) -> String {
        let radix = if (2..=36).contains(&radix) { radix } else { 10 };
        match &self.0 {
            Small(i) if radix == 10 => i.to_string(),
            Small(i) => BigInt::from(*i).to_str_radix(radix),
            Big(b) => b.to_str_radix(radix),
        }
    }

    /// `StringToBigInt(str)` (7.1.14): white space trimmed, empty gives `0n`,
    /// decimal with optional sign, or `0x` / `0o` / `0b` without sign. Fails
    /// with `SyntaxError` when the string is not a `StringIntegerLiteral`.
    pub fn parse(s: &str) -> Result<Self, BigIntError> {
        const BAD: BigIntError = BigIntError::SyntaxError("Cannot convert string to BigInt");
        let t = trim_js_whitespace(s);
        if t.is_empty() {
            return Ok(Self::zero());
        }
        let b = t.as_bytes();
        if b.len() >= 2 && b[0] == b'0' {
            let radix = match b[1] {
                b'x' | b'X' => 16,
                b'o' | b'O' => 8,
                b'b' | b'B' => 2,
                _ => 0,
            };
            if radix != 0 {
                return Self::parse_literal(&t[2..], radix).map_err(|e| match e {
                    BigIntError::SyntaxError(_) => BAD,
                    other => other,
                });
            }
        }
        let (negative, digits) = match b[0] {
            b'+' => (false, &t[1..]),
            b'-' => (true, &t[1..]),
            _ => (false, t),
        };
        let v = Self::parse_literal(digits, 10).map_err(|e| match e {
            BigIntError::SyntaxError(_) => BAD,
            other => other,
        })?;
        Ok(if negative { v.neg() } else { v })
    }

    /// [`JsBigInt::parse`] for a string of Latin-1 (`u8`) or UTF-16 (`u16`)
    /// code units.
    pub fn parse_units<T: Copy + Into<u32>>(units: &[T]) -> Result<Self, BigIntError> {
        let (text, all_ascii) = crate::number_parse::ascii_units(units, true);
        if !all_ascii {
            return Err(BigIntError::SyntaxError("Cannot convert string to BigInt"));
        }
        Self::parse(&text)
    }

    /// The value of a BigInt literal body (digits only, no prefix, no `n`,
    /// separators removed) in radix 2, 8, 10 or 16 (any radix 2..=36 works).
    pub fn parse_literal(digits: &str, radix: u32) -> Result<Self, BigIntError> {
        const BAD: BigIntError = BigIntError::SyntaxError("Invalid BigInt digits");
        if !(2..=36).contains(&radix) || digits.is_empty() {
            return Err(BAD);
        }
        let valid = digits.bytes().all(|c| char::from(c).is_digit(radix));
        if !valid {
            return Err(BAD);
        }
        // Leading zeros do not count towards the size.
        let significant = digits.trim_start_matches('0');
        if significant.is_empty() {
            return Ok(Self::zero());
        }
        let bits_per_digit = f64::from(radix).log2();
        if (significant.len() as f64 - 1.0) * bits_per_digit > MAX_BIGINT_BITS as f64 {
            return Err(TOO_BIG);
        }
        if significant.len() <= 12
            && let Ok(v) = u64::from_str_radix(significant, radix)
        {
            return Ok(Self::from(v));
        }
        match BigUint::from_str_radix(significant, radix) {
            Ok(v) => Self::checked(BigInt::from(v)),
            Err(_) => Err(BAD),
        }
    }
}

/// Approximate log2 of a magnitude >= 1 (used only for size estimates).
fn log2_magnitude(v: &BigUint) -> f64 {
    let bits = v.bits();
    if bits <= 64 {
        return v.to_u64().map_or(0.0, |u| (u as f64).log2());
    }
    let top = (v >> (bits - 64)).to_u64().unwrap_or(u64::MAX);
    (top as f64).log2() + (bits - 64) as f64
}

/// Exact conversion of an integral finite double to a BigInt; `None` for
/// NaN, infinities and non-integral values.
fn integral_f64_to_bigint(x: f64) -> Option<BigInt> {
    if !x.is_finite() || x.fract() != 0.0 {
        return None;
    }
    if x.abs() < 9.2e18 {
        return Some(BigInt::from(x as i64));
    }
    let bits = x.to_bits();
    let biased = (bits >> 52) & 0x7ff;
    let mant = (bits & ((1u64 << 52) - 1)) | (1u64 << 52);
    // |x| >= 2^63, so the exponent is positive.
    let shift = biased.saturating_sub(1075);
    let mag = BigInt::from(mant) << shift;
    Some(if x < 0.0 { -mag } else { mag })
}

impl From<i64> for JsBigInt {
    fn from(v: i64) -> Self {
        JsBigInt(Small(v))
    }
}

impl From<u64> for JsBigInt {
    fn from(v: u64) -> Self {
        match i64::try_from(v) {
            Ok(i) => JsBigInt(Small(i)),
            Err(_) => JsBigInt(Big(BigInt::from(v))),
        }
    }
}

impl From<i128> for JsBigInt {
    fn from(v: i128) -> Self {
        match i64::try_from(v) {
            Ok(i) => JsBigInt(Small(i)),
            Err(_) => JsBigInt(Big(BigInt::from(v))),
        }
    }
}

impl From<i32> for JsBigInt {
    fn from(v: i32) -> Self {
        JsBigInt(Small(i64::from(v)))
    }
}

impl fmt::Display for JsBigInt {
    /// The decimal digits, without the `n` suffix (`BigInt::toString(x, 10)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Small(i) => fmt::Display::fmt(i, f),
            Big(b) => fmt::Display::fmt(b, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn i128_round_trip() {
        for v in [0i128, -1, i128::MAX, i128::MIN, 1 << 100] {
            assert_eq!(JsBigInt::from(v).to_i128(), Some(v));
        }
        let too_big = JsBigInt::from(i128::MAX).add(&JsBigInt::from(1i32));
        assert_eq!(too_big.ok().and_then(|b| b.to_i128()), None);
        assert_eq!(JsBigInt::from(i128::MIN).to_string(), i128::MIN.to_string());
    }

    #[test]
    fn inline_values_cross_the_i64_range() {
        let min = JsBigInt::from(i64::MIN);
        let max = JsBigInt::from(i64::MAX);
        let one = JsBigInt::from(1i32);
        let m1 = JsBigInt::from(-1i32);
        let big = |s: &str| JsBigInt::parse(s).unwrap_or_default();
        let ok = |r: Result<JsBigInt, BigIntError>| r.unwrap_or_default();
        assert_eq!(ok(max.add(&one)), big("9223372036854775808"));
        assert_eq!(ok(min.sub(&one)), big("-9223372036854775809"));
        assert_eq!(ok(min.div(&m1)), big("9223372036854775808"));
        assert_eq!(ok(min.rem(&m1)), JsBigInt::zero());
        assert_eq!(min.neg(), big("9223372036854775808"));
        assert_eq!(min.neg().neg(), min);
        assert_eq!(
            ok(max.mul(&max)),
            big("85070591730234615847396907784232501249")
        );
        assert_eq!(
            ok(one.shl(&JsBigInt::from(63i32))),
            big("9223372036854775808")
        );
        assert_eq!(ok(m1.shl(&JsBigInt::from(63i32))), min);
        assert_eq!(ok(min.shr(&JsBigInt::from(100i32))), m1);
        assert_eq!(
            ok(one.shr(&JsBigInt::from(-62i32))),
            JsBigInt::from(1i64 << 62)
        );
        // Results back in range take the inline form again.
        assert_eq!(ok(ok(max.add(&one)).sub(&one)), max);
        assert_eq!(ok(max.add(&one)).to_i64(), None);
        assert!(min < max && big("-9223372036854775809") < min);
        assert_eq!(JsBigInt::from(u64::MAX).to_u64(), Some(u64::MAX));
        assert_eq!(min.bits(), 64);
        assert_eq!(max.bits(), 63);
        assert_eq!(JsBigInt::from(-5i64).to_string_radix(2), "-101");
    }
}
