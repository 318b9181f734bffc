//! Number -> string conversions.
//!
//! * ECMAScript 6.1.6.1.20 `Number::toString(x, radix)`.
//! * ECMAScript 21.1.3.3 `Number.prototype.toFixed`.
//! * ECMAScript 21.1.3.2 `Number.prototype.toExponential`.
//! * ECMAScript 21.1.3.5 `Number.prototype.toPrecision`.
//!
//! Shortest round-trip decimal digits come from the `ryu` crate (Ryū, Adams
//! 2018: proven to yield the shortest digit string that reads back to the same
//! double, the closest one when several have that length), about five times
//! faster than going through `core::fmt`. Exact ties between two closest
//! candidates are then resolved to the even one as the spec requires. Everything that the
//! specification defines in terms of exact real arithmetic (`toFixed`,
//! `toExponential(f)`, `toPrecision`, non-decimal radixes) is computed exactly
//! with big integers.

use core::fmt::Write as _;

use num_bigint::BigUint;
use num_traits::ToPrimitive;

/// Largest number of fraction digits / precision accepted by `toFixed`,
/// `toExponential` and `toPrecision`.
pub const MAX_FRACTION_DIGITS: i64 = 100;

/// A small fixed-size buffer that implements `fmt::Write`, used to capture the
/// standard library's `{:e}` output without allocating.
struct StackBuf {
    buf: [u8; 40],
    len: usize,
}

impl StackBuf {
    fn new() -> Self {
        StackBuf {
            buf: [0; 40],
            len: 0,
        }
    }

    fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn as_str(&self) -> &str {
        // Only ASCII is ever written.
        core::str::from_utf8(self.as_bytes()).unwrap_or("")
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn extend(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.push(b);
        }
    }

    fn zeros(&mut self, count: usize) {
        for _ in 0..count {
            self.push(b'0');
        }
    }

    fn push_u64(&mut self, mut v: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.extend(&tmp[i..]);
    }
}

impl core::fmt::Write for StackBuf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let bytes = s.as_bytes();
        let end = self.len.checked_add(bytes.len()).ok_or(core::fmt::Error)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }
}

/// The shortest decimal digits of a positive finite double, in the spec's
/// terms: `x = s × 10^(n − k)` where `s` has `k` digits (no trailing zeros).
pub(crate) struct ShortestDigits {
    digits: [u8; 20],
    /// `k`: number of significant digits.
    len: usize,
    /// `n`: position of the decimal point relative to the first digit.
    point: i32,
}

impl ShortestDigits {
    fn digits(&self) -> &[u8] {
        &self.digits[..self.len]
    }
}

/// Shortest round-trip digits of a positive, finite, non-zero double.
pub(crate) fn shortest_digits(x: f64) -> ShortestDigits {
    let mut buf = ryu::Buffer::new();
    let mut out = digits_from_float_text(buf.format_finite(x).as_bytes());
    fix_even_tie(x, &mut out);
    out
}

/// Extracts `s`, `k` and `n` from a shortest float rendering such as
/// "123.456", "0.001", "1e21", "1.5e-7" or "100.0".
fn digits_from_float_text(text: &[u8]) -> ShortestDigits {
    let mut out = ShortestDigits {
        digits: [b'0'; 20],
        len: 0,
        point: 0,
    };
    let mut int_len: i32 = 0;
    let mut seen_point = false;
    let mut leading_zeros: i32 = 0;
    let mut exp: i32 = 0;
    let mut exp_neg = false;
    let mut in_exp = false;
    for &b in text {
        if in_exp {
            match b {
                b'-' => exp_neg = true,
                b'0'..=b'9' => exp = exp.saturating_mul(10).saturating_add(i32::from(b - b'0')),
                _ => {}
            }
            continue;
        }
        match b {
            b'0'..=b'9' => {
                if !seen_point {
                    int_len += 1;
                }
                if out.len == 0 && b == b'0' {
                    leading_zeros += 1;
                } else if out.len < out.digits.len() {
                    out.digits[out.len] = b;
                    out.len += 1;
                }
            }
            b'.' => seen_point = true,
            b'e' | b'E' => in_exp = true,
            _ => {}
        }
    }
    while out.len > 1 && out.digits[out.len - 1] == b'0' {
        out.len -= 1;
    }
    if out.len == 0 {
        out.digits[0] = b'0';
        out.len = 1;
        out.point = 1;
        return out;
    }
    let exp = if exp_neg { -exp } else { exp };
    out.point = int_len - leading_zeros + exp;
    out
}

/// Spec 6.1.6.1.20 step 5: when two k-digit strings are equally close to x,
/// the even one must be chosen. The formatter may pick the other one, so an
/// exact tie is detected here and resolved.
///
/// A tie means x = c × 10^t exactly, where t = n − k − 1 and c ≡ 5 (mod 10)
/// equals 10s − 5 or 10s + 5. Writing x = m × 2^q with m odd, c × 10^t can
/// only equal x (c odd) when q = t; then c = m × 5^−t (t < 0) or m / 5^t
/// (t ≥ 0).
fn fix_even_tie(x: f64, sd: &mut ShortestDigits) {
    let (mut m, mut q) = decompose(x);
    if m == 0 || sd.len > 17 {
        return;
    }
    let tz = m.trailing_zeros();
    m >>= tz;
    q += tz as i32;
    let t = sd.point - sd.len as i32 - 1;
    if q != t {
        return;
    }
    let c: u128 = if t < 0 {
        let u = (-t) as u32;
        match 5u128
            .checked_pow(u)
            .and_then(|p| p.checked_mul(u128::from(m)))
        {
            Some(c) => c,
            None => return,
        }
    } else {
        let Some(p) = 5u64.checked_pow(t as u32) else {
            return;
        };
        if m % p != 0 {
            return;
        }
        u128::from(m / p)
    };
    if c % 10 != 5 {
        return;
    }
    let mut s: u64 = 0;
    for &d in sd.digits() {
        s = s * 10 + u64::from(d - b'0');
    }
    if s & 1 == 0 {
        return;
    }
    let ten_s = u128::from(s) * 10;
    let candidate = if c + 5 == ten_s {
        s - 1
    } else if c == ten_s + 5 {
        s + 1
    } else {
        return;
    };
    // The even neighbour is equally close; keep it only if it reads back to x
    // (it may not at a power-of-two boundary) and keeps the same length.
    let mut buf = [b'0'; 20];
    let mut v = candidate;
    let mut i = sd.len;
    while i > 0 {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    if v != 0 || buf[0] == b'0' || buf[sd.len - 1] == b'0' {
        return;
    }
    let mut text = StackBuf::new();
    let digits = &buf[..sd.len];
    let ok = text
        .write_str(core::str::from_utf8(digits).unwrap_or("0"))
        .is_ok()
        && write!(text, "e{}", sd.point - sd.len as i32).is_ok();
    let reads_back = ok
        && core::str::from_utf8(text.as_bytes())
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            == Some(x);
    if reads_back {
        sd.digits[..sd.len].copy_from_slice(digits);
    }
}

/// Appends the decimal digits of `v` to `out`.
fn push_u64(out: &mut String, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for &b in &tmp[i..] {
        out.push(char::from(b));
    }
}

fn push_zeros(out: &mut String, count: usize) {
    for _ in 0..count {
        out.push('0');
    }
}

fn push_ascii(out: &mut String, bytes: &[u8]) {
    for &b in bytes {
        out.push(char::from(b));
    }
}

/// Appends an exponent suffix `e+N` / `e-N`.
fn push_exponent(out: &mut String, e: i64) {
    out.push('e');
    out.push(if e < 0 { '-' } else { '+' });
    push_u64(out, e.unsigned_abs());
}

/// ECMAScript `Number::toString(x)` (radix 10), spec 6.1.6.1.20.
pub fn number_to_string(x: f64) -> String {
    let mut buf = StackBuf::new();
    format_number(&mut buf, x);
    String::from(buf.as_str())
}

/// Appends `Number::toString(x)` to `out` (same output as [`number_to_string`]).
pub fn push_number_to_string(out: &mut String, x: f64) {
    let mut buf = StackBuf::new();
    format_number(&mut buf, x);
    out.push_str(buf.as_str());
}

/// A reusable buffer for allocation-free `Number::toString` (radix 10).
///
/// ```
/// let mut buf = bignum::number_format::NumberBuffer::new();
/// assert_eq!(buf.format(1.5e-7), "1.5e-7");
/// assert_eq!(buf.format(-0.0), "0");
/// ```
pub struct NumberBuffer {
    buf: StackBuf,
}

impl NumberBuffer {
    /// An empty buffer.
    pub fn new() -> Self {
        NumberBuffer {
            buf: StackBuf::new(),
        }
    }

    /// Formats `x` as `Number::toString(x)` and returns the text, which lives
    /// until the next call.
    pub fn format(&mut self, x: f64) -> &str {
        self.buf.len = 0;
        format_number(&mut self.buf, x);
        self.buf.as_str()
    }
}

impl Default for NumberBuffer {
    fn default() -> Self {
        Self::new()
    }
}

/// Writes `Number::toString(x)` into a stack buffer (at most 25 bytes).
fn format_number(out: &mut StackBuf, x: f64) {
    // Step 1.
    if x.is_nan() {
        out.extend(b"NaN");
        return;
    }
    // Step 2.
    if x == 0.0 {
        out.push(b'0');
        return;
    }
    // Step 3.
    let x = if x < 0.0 {
        out.push(b'-');
        -x
    } else {
        x
    };
    // Step 4.
    if x.is_infinite() {
        out.extend(b"Infinity");
        return;
    }
    // Integers below 2^53 are exact, and their exact decimal digits are the
    // unique shortest representation.
    if x < 9_007_199_254_740_992.0 && x.fract() == 0.0 {
        out.push_u64(x as u64);
        return;
    }
    // Step 5: n, k, s.
    let sd = shortest_digits(x);
    let digits = sd.digits();
    let k = sd.len as i32;
    let n = sd.point;
    if k <= n && n <= 21 {
        // Step 6: the k digits followed by n − k zeros.
        out.extend(digits);
        out.zeros((n - k) as usize);
    } else if 0 < n && n <= 21 {
        // Step 7: the first n digits, a point, the remaining k − n digits.
        out.extend(&digits[..n as usize]);
        out.push(b'.');
        out.extend(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        // Step 8: "0." followed by −n zeros and the digits.
        out.extend(b"0.");
        out.zeros((-n) as usize);
        out.extend(digits);
    } else {
        // Steps 9-12: exponential notation.
        out.push(digits[0]);
        if k > 1 {
            out.push(b'.');
            out.extend(&digits[1..]);
        }
        let e = n - 1;
        out.extend(if e < 0 { b"e-" } else { b"e+" });
        out.push_u64(u64::from(e.unsigned_abs()));
    }
}

/// Splits a positive finite double into `(m, q)` with `x = m × 2^q` exactly.
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        (frac, -1074)
    } else {
        (frac | (1u64 << 52), biased - 1075)
    }
}

const DIGIT_CHARS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// ECMAScript `Number::toString(x, radix)` for radix 2..=36 (spec 6.1.6.1.20).
///
/// For radix 10 this is [`number_to_string`]. For other radixes the output is
/// positional (never exponential) and uses the shortest digit string that
/// reads back to exactly `x` under round-to-nearest-even. A radix outside
/// 2..=36 yields the radix-10 result (callers are expected to throw
/// `RangeError` before calling).
pub fn number_to_string_radix(x: f64, radix: u32) -> String {
    if radix == 10 || !(2..=36).contains(&radix) {
        return number_to_string(x);
    }
    if x.is_nan() {
        return "NaN".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    let mut out = String::new();
    let x = if x < 0.0 {
        out.push('-');
        -x
    } else {
        x
    };
    if x.is_infinite() {
        out.push_str("Infinity");
        return out;
    }
    if x < 9_007_199_254_740_992.0 && x.fract() == 0.0 {
        // Exact integer: the exact digits are the unique shortest form.
        let mut v = x as u64;
        let mut tmp = [0u8; 64];
        let mut i = tmp.len();
        let r = u64::from(radix);
        loop {
            i -= 1;
            tmp[i] = DIGIT_CHARS[(v % r) as usize];
            v /= r;
            if v == 0 {
                break;
            }
        }
        push_ascii(&mut out, &tmp[i..]);
        return out;
    }
    let (digits, k) = shortest_digits_radix(x, radix);
    // The value is 0.d1 d2 ... dn × radix^k.
    let n = digits.len() as i64;
    let k = i64::from(k);
    if k <= 0 {
        out.push_str("0.");
        push_zeros(&mut out, (-k) as usize);
        push_ascii(&mut out, &digits);
    } else if k < n {
        push_ascii(&mut out, &digits[..k as usize]);
        out.push('.');
        push_ascii(&mut out, &digits[k as usize..]);
    } else {
        push_ascii(&mut out, &digits);
        push_zeros(&mut out, (k - n) as usize);
    }
    out
}

/// Free-format shortest digit generation in an arbitrary radix (Steele & White
/// / Burger & Dybvig "free-format" algorithm, with exact big-integer
/// arithmetic). Returns digit characters `d1..dn` and `k` such that the digit
/// string `0.d1..dn × radix^k` is the shortest that rounds (to nearest, ties to
/// even) to `x`, picking the closest such string.
fn shortest_digits_radix(x: f64, radix: u32) -> (Vec<u8>, i32) {
    let (f, e) = decompose(x);
    // Reading back is round-half-even: boundaries are included when the
    // mantissa is even.
    let inclusive = f % 2 == 0;
    // The gap below is half as large when f is a power of two (and not the
    // smallest normal exponent), because the exponent drops below it.
    let unequal_gaps = f == 1u64 << 52 && e > -1074;
    // Invariant: x = r / s, upper boundary = (r + m_plus) / s,
    // lower boundary = (r − m_minus) / s.
    let (mut r, mut s, mut m_plus, mut m_minus);
    if e >= 0 {
        let be = BigUint::from(1u32) << (e as u64);
        if unequal_gaps {
            r = BigUint::from(f) * &be * 4u32;
            s = BigUint::from(4u32);
            m_plus = &be * 2u32;
            m_minus = be;
        } else {
            r = BigUint::from(f) * &be * 2u32;
            s = BigUint::from(2u32);
            m_plus = be.clone();
            m_minus = be;
        }
    } else if unequal_gaps {
        r = BigUint::from(f) * 4u32;
        s = BigUint::from(1u32) << ((2 - e) as u64);
        m_plus = BigUint::from(2u32);
        m_minus = BigUint::from(1u32);
    } else {
        r = BigUint::from(f) * 2u32;
        s = BigUint::from(1u32) << ((1 - e) as u64);
        m_plus = BigUint::from(1u32);
        m_minus = BigUint::from(1u32);
    }

    // Estimate k = ceil(log_radix(x)), then scale so that r/s < 1.
    let est = (x.log2() / f64::from(radix).log2()).ceil();
    let mut k: i32 = if est.is_finite() { est as i32 } else { 0 };
    let big_radix = BigUint::from(radix);
    if k >= 0 {
        s *= num_traits::pow(big_radix.clone(), k as usize);
    } else {
        let scale = num_traits::pow(big_radix.clone(), (-k) as usize);
        r *= &scale;
        m_plus *= &scale;
        m_minus *= &scale;
    }
    // Fix the estimate: we need the high boundary below 1 (or at 1 when it is
    // excluded)...
    loop {
        let high = &r + &m_plus;
        let too_big = if inclusive { high >= s } else { high > s };
        if !too_big {
            break;
        }
        s *= &big_radix;
        k += 1;
    }
    // ...and k as small as possible.
    loop {
        let high = (&r + &m_plus) * &big_radix;
        let fits = if inclusive { high < s } else { high <= s };
        if !fits {
            break;
        }
        r *= &big_radix;
        m_plus *= &big_radix;
        m_minus *= &big_radix;
        k -= 1;
    }

    let mut digits = Vec::new();
    loop {
        r *= &big_radix;
        m_plus *= &big_radix;
        m_minus *= &big_radix;
        let d_big = &r / &s;
        r -= &d_big * &s;
        let d = d_big.to_u32().unwrap_or(0);
        let low_ok = if inclusive { r <= m_minus } else { r < m_minus };
        let high_sum = &r + &m_plus;
        let high_ok = if inclusive {
            high_sum >= s
        } else {
            high_sum > s
        };
        let digit = match (low_ok, high_ok) {
            (false, false) => {
                digits.push(DIGIT_CHARS[d.min(35) as usize]);
                continue;
            }
            (true, false) => d,
            (false, true) => d + 1,
            (true, true) => {
                let twice = &r * 2u32;
                if twice < s { d } else { d + 1 }
            }
        };
        digits.push(DIGIT_CHARS[digit.min(35) as usize]);
        break;
    }
    (digits, k)
}

/// `m × 2^q × 10^k` as an exact fraction `(numerator, denominator)`.
fn scaled_fraction(m: u64, q: i32, k: i32) -> (BigUint, BigUint) {
    let mut num = BigUint::from(m);
    let mut den = BigUint::from(1u32);
    if q >= 0 {
        num <<= q as u64;
    } else {
        den <<= (-q) as u64;
    }
    let ten = BigUint::from(10u32);
    if k >= 0 {
        num *= num_traits::pow(ten, k as usize);
    } else {
        den *= num_traits::pow(ten, (-k) as usize);
    }
    (num, den)
}

/// `round_half_up(m × 2^q × 10^k)` computed exactly.
fn round_scaled(m: u64, q: i32, k: i32) -> BigUint {
    let (num, den) = scaled_fraction(m, q, k);
    // floor((2·num + den) / (2·den)) rounds halves up.
    let twice_den = &den << 1u32;
    ((num << 1u32) + den) / twice_den
}

/// `10^k` as a u128, when it fits (k ≤ 38).
#[inline]
fn pow10_u128(k: u32) -> Option<u128> {
    const POW10: [u128; 39] = {
        let mut t = [1u128; 39];
        let mut i = 1;
        while i < 39 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    POW10.get(k as usize).copied()
}

/// The decimal digits of `n` (mostly a u64, whose formatting is cheaper).
fn u128_digits(n: u128) -> String {
    match u64::try_from(n) {
        Ok(v) => v.to_string(),
        Err(_) => n.to_string(),
    }
}

/// [`scaled_fraction`] in u128 arithmetic, when both parts fit.
fn scaled_fraction_small(m: u64, q: i32, k: i32) -> Option<(u128, u128)> {
    if !(-127..=127).contains(&q) || !(-38..=38).contains(&k) {
        return None;
    }
    let mut num = u128::from(m);
    let mut den: u128 = 1;
    if q >= 0 {
        let shifted = num << q;
        if shifted >> q != num {
            return None;
        }
        num = shifted;
    } else {
        den <<= -q;
    }
    let p10 = pow10_u128(k.unsigned_abs())?;
    if k >= 0 {
        num = num.checked_mul(p10)?;
    } else {
        den = den.checked_mul(p10)?;
    }
    Some((num, den))
}

/// Fast, exact `round_half_up(m × 2^q × 10^k)` when every intermediate value
/// fits in a u128; `None` otherwise.
fn round_scaled_small(m: u64, q: i32, k: i32) -> Option<u128> {
    let (num, den) = scaled_fraction_small(m, q, k)?;
    // floor((2·num + den) / (2·den)) rounds halves up.
    let twice_den = den.checked_mul(2)?;
    let numer = num.checked_mul(2)?.checked_add(den)?;
    Some(numer / twice_den)
}

fn round_scaled_digits(m: u64, q: i32, k: i32) -> String {
    match round_scaled_small(m, q, k) {
        Some(v) => u128_digits(v),
        None => round_scaled(m, q, k).to_str_radix(10),
    }
}

/// Exact decimal rounding of a positive finite non-zero `x` to `p`
/// significant digits: returns the digit string `n` (exactly `p` digits) and
/// the exponent `e` such that `n × 10^(e − p + 1)` is the closest to `x`,
/// ties choosing the larger `n` (spec 21.1.3.2 step 10.a, 21.1.3.5 step 10.a).
fn round_to_precision(x: f64, p: u32) -> (String, i32) {
    if let Some(r) = round_to_precision_small(x, p) {
        return r;
    }
    if let Some(r) = round_to_precision_fast(x, p) {
        return r;
    }
    round_to_precision_exact(x, p)
}

/// [`round_to_precision_exact`] in u128 arithmetic, when every value it
/// needs fits (`None` otherwise): `e` is found by exact comparisons with
/// powers of ten, then `m × 2^q` is scaled by `10^(p − 1 − e)` and rounded.
fn round_to_precision_small(x: f64, p: u32) -> Option<(String, i32)> {
    if !x.is_normal() || p == 0 || p > 38 {
        return None;
    }
    let (m, q) = decompose(x);
    let p = p as i32;
    let at_least = |e: i32| scaled_fraction_small(m, q, -e).map(|(num, den)| num >= den);
    let mut e = x.log10().floor() as i32;
    while !at_least(e)? {
        e -= 1;
    }
    while at_least(e + 1)? {
        e += 1;
    }
    let n = round_scaled_small(m, q, p - 1 - e)?;
    if n >= pow10_u128(p as u32)? {
        // Rounded up to 10^p: n = 10^(p-1) with the next exponent.
        let mut one = String::from("1");
        push_zeros(&mut one, (p - 1) as usize);
        return Some((one, e + 1));
    }
    Some((u128_digits(n), e))
}

/// [`round_to_precision`] from the shortest round-trip digits `d` (`n`
/// digits), when they decide it without exact arithmetic:
///
/// * `n ≤ p ≤ 15` for a normal `x`: `|x − d|` is at most half an ulp, below
///   2^-53·x, which is less than half the spacing of `p`-digit decimals
///   (at least 10^-14·10^e), so `d` padded with zeros is the closest.
/// * `n > p`: the midpoint `m` between the two `p`-digit candidates has
///   `p + 1 ≤ n` digits. Were it strictly between `x` and `d`, it would round
///   to `x` too while being shorter than `d`, or as short and closer, which
///   the shortest digits exclude; so `x` and `d` round alike, unless `d` is
///   that midpoint (its digits after `p` are exactly "5"), left to the
///   exact path.
fn round_to_precision_fast(x: f64, p: u32) -> Option<(String, i32)> {
    if !x.is_normal() || p == 0 {
        return None;
    }
    let sd = shortest_digits(x);
    let d = sd.digits();
    let p = p as usize;
    let e = sd.point - 1;
    if d.len() <= p {
        if p > 15 {
            return None;
        }
        let mut s = String::with_capacity(p);
        push_ascii(&mut s, d);
        push_zeros(&mut s, p - d.len());
        return Some((s, e));
    }
    let tail = &d[p..];
    if tail == b"5" {
        return None;
    }
    let mut digits = [0u8; 20];
    digits[..p].copy_from_slice(&d[..p]);
    if tail[0] >= b'5' {
        let mut i = p;
        loop {
            if i == 0 {
                // Every digit was 9: rounded up to 10^p.
                let mut one = String::from("1");
                push_zeros(&mut one, p - 1);
                return Some((one, e + 1));
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let mut s = String::with_capacity(p);
    push_ascii(&mut s, &digits[..p]);
    Some((s, e))
}

/// [`round_to_precision`] with exact arithmetic.
fn round_to_precision_exact(x: f64, p: u32) -> (String, i32) {
    let (m, q) = decompose(x);
    let p = p as i32;
    // e = floor(log10(x)), exactly: the float estimate can be off by one
    // near powers of ten (1e-21 is just below 10^-21).
    let mut e = x.log10().floor() as i32;
    while !at_least_pow10(m, q, e) {
        e -= 1;
    }
    while at_least_pow10(m, q, e + 1) {
        e += 1;
    }
    let digits = round_scaled_digits(m, q, p - 1 - e);
    if digits.len() as i32 > p {
        // Rounded up to 10^p: n = 10^(p-1) with the next exponent.
        let mut one = String::from("1");
        push_zeros(&mut one, (p - 1) as usize);
        return (one, e + 1);
    }
    (digits, e)
}

/// Whether `m × 2^q ≥ 10^e`, exactly.
fn at_least_pow10(m: u64, q: i32, e: i32) -> bool {
    if let Some((num, den)) = scaled_fraction_small(m, q, -e) {
        return num >= den;
    }
    let (num, den) = scaled_fraction(m, q, -e);
    num >= den
}

/// ECMAScript `Number.prototype.toFixed(fractionDigits)` (spec 21.1.3.3), given
/// `this` number value and `ToIntegerOrInfinity(fractionDigits)` (saturated to
/// `i64`). Returns `None` when the digit count is outside 0..=100, in which
/// case the caller throws a `RangeError` (checked before the finiteness of
/// `x`, as in the spec).
pub fn to_fixed(x: f64, fraction_digits: i64) -> Option<String> {
    // Step 4.
    if !(0..=MAX_FRACTION_DIGITS).contains(&fraction_digits) {
        return None;
    }
    let f = fraction_digits as usize;
    // Step 5.
    if !x.is_finite() {
        return Some(number_to_string(x));
    }
    // Steps 7-8.
    let mut out = String::with_capacity(f + 24);
    let x = if x < 0.0 {
        out.push('-');
        -x
    } else {
        x
    };
    // Step 9.
    if x >= 1e21 {
        push_number_to_string(&mut out, x);
        return Some(out);
    }
    // Step 10.a: n = round_half_up(x × 10^f).
    let m = if x == 0.0 {
        "0".to_string()
    } else {
        let (mant, q) = decompose(x);
        let digits = round_scaled_digits(mant, q, f as i32);
        if digits == "0" {
            "0".to_string()
        } else {
            digits
        }
    };
    // Step 10.b-c.
    if f == 0 {
        out.push_str(&m);
        return Some(out);
    }
    let k = m.len();
    if k <= f {
        // Step 10.c.i-iii: m is padded to f + 1 digits with leading zeros, so
        // the integer part is a single "0".
        out.push_str("0.");
        push_zeros(&mut out, f - k);
        out.push_str(&m);
    } else {
        out.push_str(&m[..k - f]);
        out.push('.');
        out.push_str(&m[k - f..]);
    }
    Some(out)
}

/// ECMAScript `Number.prototype.toExponential(fractionDigits)` (spec
/// 21.1.3.2), given `this` number value and `ToIntegerOrInfinity` of the
/// argument (`None` when the argument is `undefined`). Returns `None` for the
/// `RangeError` case (digit count outside 0..=100 with a finite `x`).
pub fn to_exponential(x: f64, fraction_digits: Option<i64>) -> Option<String> {
    // Step 4.
    if !x.is_finite() {
        return Some(number_to_string(x));
    }
    // Step 5.
    if let Some(f) = fraction_digits
        && !(0..=MAX_FRACTION_DIGITS).contains(&f)
    {
        return None;
    }
    // Steps 7-8.
    let mut out = String::with_capacity(fraction_digits.map_or(24, |f| f as usize + 8));
    let x = if x < 0.0 {
        out.push('-');
        -x
    } else {
        x
    };
    let (digits, e): (String, i32) = if x == 0.0 {
        // Step 9.
        let f = fraction_digits.unwrap_or(0) as usize;
        ("0".repeat(f + 1), 0)
    } else if let Some(f) = fraction_digits {
        // Step 10.a.
        round_to_precision(x, f as u32 + 1)
    } else {
        // Step 10.b: the shortest round-trip digits.
        let sd = shortest_digits(x);
        let s = String::from_utf8_lossy(sd.digits()).into_owned();
        (s, sd.point - 1)
    };
    // Step 11.
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    // Steps 12-14.
    push_exponent(&mut out, i64::from(e));
    Some(out)
}

/// ECMAScript `Number.prototype.toPrecision(precision)` (spec 21.1.3.5), given
/// `this` number value and `ToIntegerOrInfinity(precision)`. (When
/// `precision` is `undefined` the caller returns `ToString(x)` instead.)
/// Returns `None` for the `RangeError` case (precision outside 1..=100 with a
/// finite `x`).
pub fn to_precision(x: f64, precision: i64) -> Option<String> {
    // Step 4.
    if !x.is_finite() {
        return Some(number_to_string(x));
    }
    // Step 5.
    if !(1..=MAX_FRACTION_DIGITS).contains(&precision) {
        return None;
    }
    let p = precision as i32;
    // Steps 7-8.
    let mut out = String::with_capacity(p as usize + 8);
    let x = if x < 0.0 {
        out.push('-');
        -x
    } else {
        x
    };
    let (m, e) = if x == 0.0 {
        // Step 9.
        ("0".repeat(p as usize), 0)
    } else {
        // Step 10.a-b.
        round_to_precision(x, p as u32)
    };
    if x != 0.0 && (e < -6 || e >= p) {
        // Step 10.c: exponential notation.
        out.push_str(&m[..1]);
        if p != 1 {
            out.push('.');
            out.push_str(&m[1..]);
        }
        push_exponent(&mut out, i64::from(e));
        return Some(out);
    }
    if e == p - 1 {
        // Step 11.
        out.push_str(&m);
    } else if e >= 0 {
        // Step 12.
        let split = (e + 1) as usize;
        out.push_str(&m[..split]);
        out.push('.');
        out.push_str(&m[split..]);
    } else {
        // Step 13.
        out.push_str("0.");
        push_zeros(&mut out, (-(e + 1)) as usize);
        out.push_str(&m);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths (from the shortest digits, in u128 arithmetic) agree
    /// with exact rounding.
    #[test]
    fn precision_fast_path_matches_exact() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut xs: Vec<f64> = vec![0.1, 0.5, 1.5, 2.5, 0.125, 9.5, 99.95, 1e21, 1e-7, 123.456];
        for _ in 0..3000 {
            let r = next();
            // Random bit patterns, and short decimals (which have short
            // shortest digits and ties).
            xs.push(f64::from_bits(r >> 1));
            xs.push((r % 1_000_000) as f64 / 10f64.powi((r >> 40) as i32 % 12));
        }
        for x in xs {
            if !x.is_finite() || x <= 0.0 {
                continue;
            }
            for p in 1..=40 {
                if let Some(fast) = round_to_precision_fast(x, p) {
                    assert_eq!(fast, round_to_precision_exact(x, p), "{x:e} to {p} digits");
                }
                if let Some(small) = round_to_precision_small(x, p) {
                    assert_eq!(small, round_to_precision_exact(x, p), "{x:e} to {p} digits");
                }
            }
        }
    }

    #[test]
    fn u128_digits_match_display() {
        let mut n: u128 = 1;
        for _ in 0..200 {
            for v in [n - 1, n, n.saturating_add(1), n.saturating_mul(7) / 3] {
                assert_eq!(u128_digits(v), v.to_string());
            }
            n = n.saturating_mul(10).max(n.saturating_mul(3));
        }
        assert_eq!(u128_digits(u128::MAX), u128::MAX.to_string());
        assert_eq!(u128_digits(0), "0");
    }

    /// Values just below a power of ten whose float `log10` rounds up to it
    /// (expected strings from a reference engine).
    #[test]
    fn precision_just_below_a_power_of_ten() {
        assert_eq!(to_precision(1e-21, 16).unwrap(), "9.999999999999999e-22");
        assert_eq!(to_precision(1e-21, 17).unwrap(), "9.9999999999999991e-22");
        assert_eq!(to_precision(1e-21, 7).unwrap(), "1.000000e-21");
        assert_eq!(
            to_exponential(1e-21, Some(15)).unwrap(),
            "9.999999999999999e-22"
        );
        assert_eq!(to_precision(99.99, 2).unwrap(), "1.0e+2");
        assert!(at_least_pow10(1, 0, 0) && !at_least_pow10(1, 0, 1));
    }

    #[test]
    fn shortest_digits_of_simple_values() {
        let sd = shortest_digits(123.456);
        assert_eq!(sd.digits(), b"123456");
        assert_eq!(sd.point, 3);
        for (text, digits, point) in [
            (&b"123.456"[..], &b"123456"[..], 3),
            (b"0.001", b"1", -2),
            (b"1e21", b"1", 22),
            (b"1.5e-7", b"15", -6),
            (b"100.0", b"1", 3),
            (b"1.2345e2", b"12345", 3),
            (b"0.0", b"0", 1),
        ] {
            let sd = digits_from_float_text(text);
            assert_eq!(sd.digits(), digits);
            assert_eq!(sd.point, point);
        }
        let sd = shortest_digits(5e-324);
        assert_eq!(sd.digits(), b"5");
        assert_eq!(sd.point, -323);
        let sd = shortest_digits(f64::MAX);
        assert_eq!(sd.digits(), b"17976931348623157");
        assert_eq!(sd.point, 309);
    }

    #[test]
    fn round_scaled_paths_agree() {
        for &(m, q, k) in &[
            (1u64, -1, 0),
            (3, -1, 0),
            (5, -1, 0),
            (123_456_789, -20, 7),
            (1 << 52, 10, 5),
            (7, 0, 30),
        ] {
            let big = round_scaled(m, q, k);
            if let Some(small) = round_scaled_small(m, q, k) {
                assert_eq!(small.to_string(), big.to_str_radix(10), "{m} {q} {k}");
            }
        }
        assert_eq!(round_scaled_small(123_456_789, -3, -4), Some(1543));
        assert_eq!(round_scaled_small(25, 0, -1), Some(3));
        assert_eq!(round_scaled_small(1, 200, 0), None);
        assert_eq!(round_scaled(1, -1, 0).to_str_radix(10), "1");
        assert_eq!(round_scaled(1, -2, 0).to_str_radix(10), "0");
        assert_eq!(round_scaled(3, -2, 0).to_str_radix(10), "1");
    }
}
