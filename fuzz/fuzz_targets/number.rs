//! Number <-> string conversions of the `bignum` crate against independent
//! oracles: `Number::toString` must read back exactly with Rust's own
//! (correctly rounded) parser and have the same significant digits as
//! `ryu`'s shortest representation; `toString(radix)` of integers reads back
//! through `parseInt`; `toFixed` matches the exact decimal expansion from
//! Rust's formatter rounded half up; `StringToNumber` of decimal literals
//! agrees with `str::parse::<f64>`.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The significant digits of a decimal rendering: no sign, point, exponent,
/// or leading and trailing zeros.
fn significant(s: &str) -> String {
    let mantissa = s.split(['e', 'E']).next().unwrap_or("");
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    digits
        .trim_start_matches('0')
        .trim_end_matches('0')
        .to_string()
}

/// `x.toFixed(f)` from the exact expansion: the spec picks the integer `n`
/// closest to `x * 10^f`, the larger one on a tie.
fn to_fixed_oracle(x: f64, f: usize) -> String {
    let exact = format!("{:.1100}", x.abs());
    let (int, frac) = exact.split_once('.').unwrap();
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(f)).collect();
    let rest = &frac[f..];
    let round_up = rest.as_bytes()[0] >= b'5';
    if round_up {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
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
    let int_len = digits.len() - f;
    let mut out = String::new();
    if x < 0.0 {
        out.push('-');
    }
    out.push_str(std::str::from_utf8(&digits[..int_len]).unwrap());
    if f > 0 {
        out.push('.');
        out.push_str(std::str::from_utf8(&digits[int_len..]).unwrap());
    }
    out
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 10 {
        return;
    }
    let x = f64::from_le_bytes(data[..8].try_into().unwrap());
    let (radix, digits) = (u32::from(data[8]) % 35 + 2, usize::from(data[9]) % 101);

    // Shortest round trip.
    let s = bignum::number_to_string(x);
    if x.is_nan() {
        assert_eq!(s, "NaN");
    } else if x.is_infinite() {
        assert_eq!(s, if x > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        let back: f64 = s.parse().expect("Rust parses Number::toString output");
        assert!(back == x, "{x:e} -> {s} -> {back:e}");
        let mut ryu_buf = ryu::Buffer::new();
        assert_eq!(
            significant(&s),
            significant(ryu_buf.format_finite(x)),
            "{x:e}: {s}"
        );
        assert_eq!(
            bignum::string_to_number(&s).to_bits(),
            if x == 0.0 { 0 } else { x.to_bits() }
        );
    }

    // Other radixes: integers read back through parseInt.
    let r = bignum::number_to_string_radix(x, radix);
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 9007199254740992.0 {
        let back = bignum::parse_int(&r, radix as i32);
        assert!(back == x, "{x} in radix {radix}: {r} -> {back}");
    }
    if x.is_finite() && x != 0.0 {
        assert!(!r.is_empty() && r.len() < 1200);
    }

    // toFixed.
    if x.is_finite() && x.abs() < 1e21 {
        let got = bignum::to_fixed(x, digits as i64).expect("digits in 0..=100");
        assert_eq!(got, to_fixed_oracle(x, digits), "({x:e}).toFixed({digits})");
    }
    for p in [1i64, 21, 100] {
        let _ = bignum::to_precision(x, p);
        let _ = bignum::to_exponential(x, Some(p));
    }

    // StringToNumber against Rust's parser, for plain decimal literals.
    if let Ok(text) = std::str::from_utf8(&data[10..])
        && !text.is_empty()
        && text.len() < 400
        && text
            .bytes()
            .all(|c| c.is_ascii_digit() || b".eE+-".contains(&c))
    {
        let js = bignum::string_to_number(text);
        match text.parse::<f64>() {
            Ok(v) => assert_eq!(js.to_bits(), v.to_bits(), "{text:?}"),
            Err(_) => assert!(js.is_nan(), "{text:?} gave {js}"),
        }
    }
    if let Ok(text) = std::str::from_utf8(&data[8..]) {
        let _ = bignum::string_to_number(text);
        let _ = bignum::parse_float(text);
        let _ = bignum::parse_int(text, radix as i32);
    }
});
