//! String -> number conversions.
//!
//! * ECMAScript 7.1.4.1.1 `StringToNumber` (grammar 7.1.4.1 `StringNumericLiteral`).
//! * ECMAScript 19.2.4 `parseFloat(string)`.
//! * ECMAScript 19.2.5 `parseInt(string, radix)`.
//! * ECMAScript 12.9.3 numeric literal bodies (decimal, hex, octal, binary,
//!   legacy octal), for the lexer.
//!
//! The syntax is validated here; the final decimal conversion uses the
//! standard library's correctly rounded `str::parse::<f64>` on a string that
//! is known to be in the shared subset of both grammars. Non-decimal digit
//! strings are converted exactly (big integers when they do not fit in 64
//! bits) and rounded once, to nearest with ties to even.

use num_bigint::BigUint;
use num_traits::Num;

use crate::bigint::biguint_to_f64;

/// ECMAScript `WhiteSpace` or `LineTerminator` (spec 12.2, 12.3), the
/// characters trimmed by `StringToNumber`, `parseFloat`, `parseInt`,
/// `StringToBigInt` and `String.prototype.trim`.
pub fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{0009}'
            | '\u{000A}'
            | '\u{000B}'
            | '\u{000C}'
            | '\u{000D}'
            | '\u{0020}'
            | '\u{00A0}'
            | '\u{1680}'
            | '\u{2000}'
            ..='\u{200A}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202F}'
                | '\u{205F}'
                | '\u{3000}'
                | '\u{FEFF}'
    )
}

/// Removes leading and trailing JavaScript white space and line terminators.
pub fn trim_js_whitespace(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

/// True when the code unit or code point `u` is JavaScript white space or a
/// line terminator (all of them are in the BMP).
fn is_js_whitespace_unit(u: u32) -> bool {
    char::from_u32(u).is_some_and(is_js_whitespace)
}

/// Code-unit string support for engines that store strings as Latin-1
/// (`u8`) or UTF-16 (`u16`) code units: trims white space (both ends when
/// `trim_end`, otherwise only the start), then returns the ASCII text that
/// follows, stopping at the first non-ASCII unit. The flag tells whether the
/// whole trimmed input was ASCII.
pub(crate) fn ascii_units<T: Copy + Into<u32>>(units: &[T], trim_end: bool) -> (String, bool) {
    let start = units
        .iter()
        .position(|&u| !is_js_whitespace_unit(u.into()))
        .unwrap_or(units.len());
    let mut end = units.len();
    if trim_end {
        while end > start && is_js_whitespace_unit(units[end - 1].into()) {
            end -= 1;
        }
    }
    let mut text = String::with_capacity(end - start);
    for &u in &units[start..end] {
        let u: u32 = u.into();
        match u8::try_from(u) {
            Ok(b) if b.is_ascii() => text.push(char::from(b)),
            _ => return (text, false),
        }
    }
    (text, true)
}

/// [`string_to_number`] for a string of Latin-1 (`u8`) or UTF-16 (`u16`)
/// code units.
pub fn string_to_number_units<T: Copy + Into<u32>>(units: &[T]) -> f64 {
    let (text, all_ascii) = ascii_units(units, true);
    if !all_ascii {
        // Every valid StringNumericLiteral is ASCII once trimmed.
        return f64::NAN;
    }
    string_to_number(&text)
}

/// [`parse_float`] for a string of Latin-1 (`u8`) or UTF-16 (`u16`) code
/// units.
pub fn parse_float_units<T: Copy + Into<u32>>(units: &[T]) -> f64 {
    // The literal prefix is ASCII, so the text up to the first non-ASCII unit
    // has the same longest valid prefix.
    parse_float(&ascii_units(units, false).0)
}

/// [`parse_int`] for a string of Latin-1 (`u8`) or UTF-16 (`u16`) code units.
pub fn parse_int_units<T: Copy + Into<u32>>(units: &[T], radix: i32) -> f64 {
    parse_int(&ascii_units(units, false).0, radix)
}

/// Value of an ASCII digit in radix 36, or `None`.
fn digit_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 10),
        b'A'..=b'Z' => Some(u32::from(b - b'A') + 10),
        _ => None,
    }
}

/// Converts a non-empty string of valid radix-`radix` digits to the nearest
/// double (ties to even). Returns NaN if a digit is invalid.
pub(crate) fn radix_digits_to_f64(digits: &str, radix: u32) -> f64 {
    let bytes = digits.as_bytes();
    if bytes.is_empty() {
        return f64::NAN;
    }
    // Fast path: accumulate in a u64 while it cannot overflow; `u64 as f64`
    // rounds to nearest, ties to even.
    let mut acc: u64 = 0;
    let mut fits = true;
    for &b in bytes {
        let Some(d) = digit_value(b).filter(|&d| d < radix) else {
            return f64::NAN;
        };
        if fits {
            match acc
                .checked_mul(u64::from(radix))
                .and_then(|v| v.checked_add(u64::from(d)))
            {
                Some(v) => acc = v,
                None => fits = false,
            }
        }
    }
    if fits {
        return acc as f64;
    }
    if radix == 10 {
        // Correctly rounded for any length.
        return digits.parse::<f64>().unwrap_or(f64::NAN);
    }
    match BigUint::from_str_radix(digits, radix) {
        Ok(v) => biguint_to_f64(&v),
        Err(_) => f64::NAN,
    }
}

/// Length of the longest prefix of `b` made of ASCII decimal digits.
fn count_digits(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// Scans the longest prefix of `b` that is a `StrUnsignedDecimalLiteral`
/// without `Infinity` (spec 7.1.4.1): `DecimalDigits [. DecimalDigits?]
/// [ExponentPart]` or `. DecimalDigits [ExponentPart]`. Returns its length,
/// or 0 when there is none.
fn scan_unsigned_decimal(b: &[u8]) -> usize {
    let int_digits = count_digits(b);
    let mut i = int_digits;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        frac_digits = count_digits(&b[i + 1..]);
        if int_digits == 0 && frac_digits == 0 {
            return 0;
        }
        i += 1 + frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return 0;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(b.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let exp_digits = count_digits(&b[j.min(b.len())..]);
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    i
}

/// Parses a validated decimal literal (optionally signed) with the standard
/// library, which rounds correctly.
fn parse_validated_decimal(s: &str) -> f64 {
    s.parse::<f64>().unwrap_or(f64::NAN)
}

/// ECMAScript `StringToNumber(str)` (spec 7.1.4.1.1).
pub fn string_to_number(s: &str) -> f64 {
    // Steps 1-2: parse as StringNumericLiteral, with surrounding white space.
    let t = trim_js_whitespace(s);
    let b = t.as_bytes();
    // StringNumericLiteral ::: StrWhiteSpace_opt
    if b.is_empty() {
        return 0.0;
    }
    // NonDecimalIntegerLiteral (no sign allowed).
    if b.len() >= 2 && b[0] == b'0' {
        let radix = match b[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            let digits = &t[2..];
            if digits.is_empty() {
                return f64::NAN;
            }
            return radix_digits_to_f64(digits, radix);
        }
    }
    // StrDecimalLiteral.
    let (negative, rest) = match b[0] {
        b'+' => (false, &t[1..]),
        b'-' => (true, &t[1..]),
        _ => (false, t),
    };
    if rest == "Infinity" {
        return if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let len = scan_unsigned_decimal(rest.as_bytes());
    if len == 0 || len != rest.len() {
        return f64::NAN;
    }
    let v = parse_validated_decimal(rest);
    if negative { -v } else { v }
}

/// ECMAScript global `parseFloat(string)` (spec 19.2.4), given
/// `ToString(string)`.
pub fn parse_float(s: &str) -> f64 {
    // Step 2: trim leading white space only.
    let t = s.trim_start_matches(is_js_whitespace);
    let b = t.as_bytes();
    // Step 3: the longest prefix satisfying StrDecimalLiteral.
    let (negative, rest) = match b.first() {
        Some(b'+') => (false, &t[1..]),
        Some(b'-') => (true, &t[1..]),
        _ => (false, t),
    };
    if rest.starts_with("Infinity") {
        return if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let len = scan_unsigned_decimal(rest.as_bytes());
    if len == 0 {
        // Step 4.
        return f64::NAN;
    }
    // Step 5: the prefix's value (-0 for "-0").
    let v = parse_validated_decimal(&rest[..len]);
    if negative { -v } else { v }
}

/// ECMAScript global `parseInt(string, radix)` (spec 19.2.5), given
/// `ToString(string)` and `ToInt32(radix)`. Correctly rounded for every radix.
pub fn parse_int(s: &str, radix: i32) -> f64 {
    // Step 2.
    let mut t = s.trim_start_matches(is_js_whitespace);
    // Steps 3-5.
    let negative = t.starts_with('-');
    if t.starts_with('-') || t.starts_with('+') {
        t = &t[1..];
    }
    // Steps 6-9.
    let mut strip_prefix = true;
    let mut r = radix;
    if r != 0 {
        if !(2..=36).contains(&r) {
            return f64::NAN;
        }
        if r != 16 {
            strip_prefix = false;
        }
    } else {
        r = 10;
    }
    // Step 10.
    if strip_prefix && (t.starts_with("0x") || t.starts_with("0X")) {
        t = &t[2..];
        r = 16;
    }
    let r = r as u32;
    // Step 11-12: the longest prefix of radix-R digits.
    let end = t
        .as_bytes()
        .iter()
        .take_while(|&&c| digit_value(c).is_some_and(|d| d < r))
        .count();
    let z = &t[..end];
    // Step 13.
    if z.is_empty() {
        return f64::NAN;
    }
    // Steps 14-16 (exact value rounded once; -0 for a negative zero).
    let v = radix_digits_to_f64(z, r);
    if negative { -v } else { v }
}

/// The kind of a numeric literal body handed over by the lexer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumericLiteralKind {
    /// `DecimalLiteral` (including `NonOctalDecimalIntegerLiteral` such as
    /// `089`): digits, optional fraction, optional exponent.
    Decimal,
    /// Digits after `0x` / `0X`.
    Hex,
    /// Digits after `0o` / `0O`.
    Octal,
    /// Digits after `0b` / `0B`.
    Binary,
    /// `LegacyOctalIntegerLiteral` digits (with or without the leading `0`).
    LegacyOctal,
}

/// Value of a numeric literal body with separators already removed (spec
/// 12.9.3.3 MV, rounded per 12.9.3.2). Returns NaN when the body is not valid
/// for its kind.
pub fn parse_numeric_literal(body: &str, kind: NumericLiteralKind) -> f64 {
    match kind {
        NumericLiteralKind::Decimal => {
            let len = scan_unsigned_decimal(body.as_bytes());
            if len == 0 || len != body.len() {
                return f64::NAN;
            }
            parse_validated_decimal(body)
        }
        NumericLiteralKind::Hex => radix_digits_to_f64(body, 16),
        NumericLiteralKind::Octal | NumericLiteralKind::LegacyOctal => radix_digits_to_f64(body, 8),
        NumericLiteralKind::Binary => radix_digits_to_f64(body, 2),
    }
}
