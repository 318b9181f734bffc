//! Specification corner cases, with expected values taken from the
//! specification text and from a reference engine.

use core::cmp::Ordering;

use bignum::bigint::{BigIntError, JsBigInt, MAX_BIGINT_BITS};
use bignum::number_format::{
    number_to_string, number_to_string_radix, push_number_to_string, to_exponential, to_fixed,
    to_precision,
};
use bignum::number_parse::{
    NumericLiteralKind, parse_float, parse_int, parse_numeric_literal, string_to_number,
    trim_js_whitespace,
};

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

#[test]
fn to_string_corner_cases() {
    let cases: &[(f64, &str)] = &[
        (f64::NAN, "NaN"),
        (f64::INFINITY, "Infinity"),
        (f64::NEG_INFINITY, "-Infinity"),
        (0.0, "0"),
        (-0.0, "0"),
        (5e-324, "5e-324"),
        (-5e-324, "-5e-324"),
        (f64::MAX, "1.7976931348623157e+308"),
        (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1000000000000000128.0, "1000000000000000100"),
        (123456789012345680000.0, "123456789012345680000"),
        (1e-6, "0.000001"),
        (1e-7, "1e-7"),
        (1.5e-7, "1.5e-7"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.30000000000000004"),
        (-1.5, "-1.5"),
        (100.0, "100"),
        (9007199254740992.0, "9007199254740992"),
        (9007199254740994.0, "9007199254740994"),
        (2f64.powi(70), "1.1805916207174113e+21"),
        (2f64.powi(69), "590295810358705700000"),
        (1.2e21, "1.2e+21"),
        (123e-20, "1.23e-18"),
        // Exact tie between two 17-digit strings: the even one is chosen.
        (1e15 + 0.25, "1000000000000000.2"),
        (1e15 + 0.75, "1000000000000000.8"),
    ];
    for &(x, want) in cases {
        assert_eq!(number_to_string(x), want, "{x:e}");
        let mut nb = bignum::NumberBuffer::new();
        assert_eq!(nb.format(x), want);
        let mut buf = String::from("x=");
        push_number_to_string(&mut buf, x);
        assert_eq!(buf, format!("x={want}"));
    }
}

#[test]
fn radix_corner_cases() {
    let cases: &[(f64, u32, &str)] = &[
        (25.0, 36, "p"),
        (35.0, 36, "z"),
        (0.5, 2, "0.1"),
        (-255.0, 16, "-ff"),
        (255.0, 2, "11111111"),
        (
            0.1,
            2,
            "0.0001100110011001100110011001100110011001100110011001101",
        ),
        (0.5, 16, "0.8"),
        (-0.0, 2, "0"),
        (f64::NAN, 2, "NaN"),
        (f64::NEG_INFINITY, 36, "-Infinity"),
        (3.75, 8, "3.6"),
        (
            2f64.powi(60),
            2,
            "1000000000000000000000000000000000000000000000000000000000000",
        ),
        (2f64.powi(60), 16, "1000000000000000"),
        (5e-324, 2, &format!("0.{}1", "0".repeat(1073))),
        (1.0 / 3.0, 3, "0.1"),
    ];
    for &(x, radix, want) in cases {
        assert_eq!(
            number_to_string_radix(x, radix),
            want,
            "({x:e}).toString({radix})"
        );
    }
    // Out-of-range radix falls back to radix 10 (callers throw first).
    assert_eq!(number_to_string_radix(1.5, 1), "1.5");
    assert_eq!(number_to_string_radix(1.5, 37), "1.5");
}

#[test]
fn to_fixed_corner_cases() {
    let cases: &[(f64, i64, &str)] = &[
        (0.5, 0, "1"),
        (-0.5, 0, "-1"),
        (1.45, 1, "1.4"),
        (8.345, 2, "8.35"),
        (1000000000000000128.0, 0, "1000000000000000128"),
        (3.0, 100, &format!("3.{}", "0".repeat(100))),
        (1.5, 0, "2"),
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),
        (1.005, 2, "1.00"),
        (1.045, 2, "1.04"),
        (1.255, 2, "1.25"),
        (1e21, 2, "1e+21"),
        (-1e21, 2, "-1e+21"),
        (123.456, 2, "123.46"),
        (0.0, 2, "0.00"),
        (-0.0, 2, "0.00"),
        (-0.0000001, 2, "-0.00"),
        (0.000001, 7, "0.0000010"),
        (1.1, 20, "1.10000000000000008882"),
        (999.995, 2, "1000.00"),
        (f64::NAN, 2, "NaN"),
        (f64::INFINITY, 0, "Infinity"),
        (1e20, 0, "100000000000000000000"),
        (5e-324, 100, &format!("0.{}", "0".repeat(100))),
        (
            0.1,
            100,
            "0.1000000000000000055511151231257827021181583404541015625000000000000000000000000000000000000000000000",
        ),
    ];
    for &(x, f, want) in cases {
        assert_eq!(
            to_fixed(x, f).as_deref(),
            Some(want),
            "({x:e}).toFixed({f})"
        );
    }
    // RangeError is checked before NaN handling.
    assert_eq!(to_fixed(1.0, -1), None);
    assert_eq!(to_fixed(1.0, 101), None);
    assert_eq!(to_fixed(f64::NAN, 101), None);
    assert_eq!(to_fixed(1.0, i64::MAX), None);
}

#[test]
fn to_exponential_corner_cases() {
    let cases: &[(f64, Option<i64>, &str)] = &[
        (123.456, None, "1.23456e+2"),
        (123.456, Some(0), "1e+2"),
        (123.456, Some(2), "1.23e+2"),
        (0.0, None, "0e+0"),
        (-0.0, Some(2), "0.00e+0"),
        (0.00015, Some(1), "1.5e-4"),
        (1.25, Some(1), "1.3e+0"),
        (1.35, Some(1), "1.4e+0"),
        (25.0, Some(0), "3e+1"),
        (-25.0, Some(0), "-3e+1"),
        (99.5, Some(1), "1.0e+2"),
        (5e-324, None, "5e-324"),
        (5e-324, Some(2), "4.94e-324"),
        (f64::MAX, Some(3), "1.798e+308"),
        (1.0, Some(5), "1.00000e+0"),
    ];
    for &(x, f, want) in cases {
        assert_eq!(
            to_exponential(x, f).as_deref(),
            Some(want),
            "({x:e}).toExponential({f:?})"
        );
    }
    // Non-finite values are returned before the range check.
    assert_eq!(to_exponential(f64::NAN, Some(1000)).as_deref(), Some("NaN"));
    assert_eq!(
        to_exponential(f64::NEG_INFINITY, Some(-1)).as_deref(),
        Some("-Infinity")
    );
    assert_eq!(to_exponential(1.0, Some(101)), None);
    assert_eq!(to_exponential(1.0, Some(-1)), None);
}

#[test]
fn to_precision_corner_cases() {
    let cases: &[(f64, i64, &str)] = &[
        (0.000001, 2, "0.0000010"),
        (0.0000001, 2, "1.0e-7"),
        (123.456, 1, "1e+2"),
        (123.456, 2, "1.2e+2"),
        (123.456, 3, "123"),
        (123.456, 4, "123.5"),
        (123.456, 10, "123.4560000"),
        (0.0, 1, "0"),
        (0.0, 3, "0.00"),
        (-0.0, 3, "0.00"),
        (1e21, 1, "1e+21"),
        (1e21, 22, "1000000000000000000000"),
        (1e21, 23, "1000000000000000000000.0"),
        (-1.5, 1, "-2"),
        (-1.25, 2, "-1.3"),
        (25.0, 1, "3e+1"),
        (2.5, 1, "3"),
        (99.99, 3, "100"),
        (99.99, 2, "1.0e+2"),
        (1.0, 100, &format!("1.{}", "0".repeat(99))),
    ];
    for &(x, p, want) in cases {
        assert_eq!(
            to_precision(x, p).as_deref(),
            Some(want),
            "({x:e}).toPrecision({p})"
        );
    }
    assert_eq!(to_precision(f64::INFINITY, 0).as_deref(), Some("Infinity"));
    assert_eq!(to_precision(1.0, 0), None);
    assert_eq!(to_precision(1.0, 101), None);
}

#[test]
fn string_to_number_corner_cases() {
    let cases: &[(&str, f64)] = &[
        ("", 0.0),
        ("   ", 0.0),
        ("\u{feff}\u{3000}\n", 0.0),
        ("-0", -0.0),
        ("+0", 0.0),
        ("  -12.5e-1  ", -1.25),
        ("1.", 1.0),
        (".5", 0.5),
        ("-.5", -0.5),
        ("1e1000", f64::INFINITY),
        ("-1e1000", f64::NEG_INFINITY),
        ("1e-1000", 0.0),
        ("Infinity", f64::INFINITY),
        ("+Infinity", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("0x10", 16.0),
        ("0XfF", 255.0),
        ("0o17", 15.0),
        ("0b101", 5.0),
        ("007", 7.0),
        ("0.1", 0.1),
        ("5e-324", 5e-324),
        ("2.4703282292062327e-324", 0.0),
        ("2.4703282292062328e-324", 5e-324),
        ("9007199254740993", 9007199254740992.0),
        ("0x20000000000001", 9007199254740992.0),
        ("0x20000000000003", 9007199254740996.0),
        ("0x1fffffffffffff", 9007199254740991.0),
    ];
    for &(s, want) in cases {
        assert!(same(string_to_number(s), want), "Number({s:?})");
    }
    for bad in [
        ".",
        "+",
        "-",
        "e5",
        "1e",
        "1e+",
        "0x",
        "-0x10",
        "+0x10",
        "0x1g",
        "0b2",
        "0o8",
        "1_000",
        "inf",
        "infinity",
        "NaN",
        "nan",
        "INFINITY",
        "1n",
        "1 2",
        "--1",
        "+-1",
        "0x1.5",
        "١",
        "\u{180e}1",
        "1.2.3",
        "1e5.5",
        "Infinityx",
    ] {
        assert!(string_to_number(bad).is_nan(), "Number({bad:?})");
    }
    // A huge hex literal rounds correctly (ties to even on a far sticky bit).
    let tie_up = format!("0x1{}8{}1", "0".repeat(12), "0".repeat(300));
    let tie_even = format!("0x1{}8{}", "0".repeat(12), "0".repeat(300));
    let base = 2f64.powi(52 + 4 + 4 * 301);
    assert!(string_to_number(&tie_up).is_infinite());
    assert!(string_to_number(&tie_even).is_infinite());
    // 53 significant bits, then a round bit: a tie rounds to even (down),
    // any further set bit rounds up.
    let tie_even = format!("0x1{}8{}", "0".repeat(13), "0".repeat(31));
    let tie_up = format!("0x1{}8{}1", "0".repeat(13), "0".repeat(30));
    let tie_odd = format!("0x1{}18{}", "0".repeat(12), "0".repeat(31));
    assert!(base.is_infinite());
    assert!(
        same(string_to_number(&tie_even), 2f64.powi(180)),
        "{tie_even}"
    );
    assert!(same(
        string_to_number(&tie_up),
        2f64.powi(180) + 2f64.powi(128)
    ));
    assert!(same(
        string_to_number(&tie_odd),
        2f64.powi(180) + 2f64.powi(129)
    ));
}

#[test]
fn white_space_set() {
    let ws = [
        '\u{9}', '\u{b}', '\u{c}', ' ', '\u{a0}', '\u{feff}', '\u{1680}', '\u{2000}', '\u{2005}',
        '\u{200a}', '\u{202f}', '\u{205f}', '\u{3000}', '\n', '\r', '\u{2028}', '\u{2029}',
    ];
    for c in ws {
        let s = format!("{c}42{c}");
        assert_eq!(trim_js_whitespace(&s), "42", "{c:?}");
        assert!(same(string_to_number(&s), 42.0));
    }
    for c in ['\u{180e}', '\u{200b}', '\u{85}'] {
        let s = format!("{c}42");
        assert!(string_to_number(&s).is_nan(), "{c:?}");
    }
}

#[test]
fn parse_float_corner_cases() {
    let cases: &[(&str, f64)] = &[
        ("3.25abc", 3.25),
        ("  -0", -0.0),
        ("-0.0e5x", -0.0),
        ("1e", 1.0),
        ("1e+", 1.0),
        ("1.5e-", 1.5),
        (".5.5", 0.5),
        ("Infinityxyz", f64::INFINITY),
        ("-Infinity", f64::NEG_INFINITY),
        ("0x10", 0.0),
        ("1_000", 1.0),
        ("\u{2029}7", 7.0),
        ("1e400", f64::INFINITY),
    ];
    for &(s, want) in cases {
        assert!(same(parse_float(s), want), "parseFloat({s:?})");
    }
    for bad in ["", "abc", ".", "-", "+.", "e1", "infinity", "  x1"] {
        assert!(parse_float(bad).is_nan(), "parseFloat({bad:?})");
    }
}

#[test]
fn parse_int_corner_cases() {
    let cases: &[(&str, i32, f64)] = &[
        ("42px", 0, 42.0),
        ("  -42", 10, -42.0),
        ("-0", 0, -0.0),
        ("0x1f", 0, 31.0),
        ("0x1f", 16, 31.0),
        ("0x1f", 15, 0.0),
        ("-0xF", 0, -15.0),
        ("ff", 16, 255.0),
        ("z", 36, 35.0),
        ("Z", 36, 35.0),
        ("101", 2, 5.0),
        ("12", 2, 1.0),
        ("1e3", 0, 1.0),
        ("3.9", 0, 3.0),
        ("08", 0, 8.0),
        ("9007199254740993", 10, 9007199254740992.0),
        ("9007199254740995", 10, 9007199254740996.0),
        ("20000000000001", 16, 9007199254740992.0),
        ("20000000000003", 16, 9007199254740996.0),
        ("123456789012345678901234567890", 10, 1.2345678901234568e29),
    ];
    for &(s, r, want) in cases {
        assert!(same(parse_int(s, r), want), "parseInt({s:?}, {r})");
    }
    for (bad, r) in [
        ("", 0),
        ("x", 0),
        ("0x", 0),
        ("0xg", 16),
        ("12", 1),
        ("12", 37),
        ("12", -1),
        ("2", 2),
        ("Infinity", 0),
        ("-", 10),
    ] {
        assert!(parse_int(bad, r).is_nan(), "parseInt({bad:?}, {r})");
    }
    // Very long power-of-two radix input rounds exactly and overflows.
    assert!(parse_int(&"f".repeat(300), 16).is_infinite());
    assert!(same(
        parse_int(&format!("1{}", "0".repeat(256)), 16),
        2f64.powi(1024).max(f64::INFINITY)
    ));
}

#[test]
fn numeric_literal_bodies() {
    use NumericLiteralKind::*;
    let cases: &[(&str, NumericLiteralKind, f64)] = &[
        ("123", Decimal, 123.0),
        ("1.5e3", Decimal, 1500.0),
        (".5", Decimal, 0.5),
        ("5.", Decimal, 5.0),
        ("089", Decimal, 89.0),
        ("09.5", Decimal, 9.5),
        ("0.1e-400", Decimal, 0.0),
        ("ff", Hex, 255.0),
        ("FF", Hex, 255.0),
        ("17", Octal, 15.0),
        ("0777", LegacyOctal, 511.0),
        ("777", LegacyOctal, 511.0),
        ("1010", Binary, 10.0),
        ("1fffffffffffff", Hex, 9007199254740991.0),
    ];
    for &(body, kind, want) in cases {
        assert!(
            same(parse_numeric_literal(body, kind), want),
            "{body} {kind:?}"
        );
    }
    for (body, kind) in [
        ("", Decimal),
        ("1_0", Decimal),
        ("-1", Decimal),
        ("Infinity", Decimal),
        ("1e", Decimal),
        ("g", Hex),
        ("", Hex),
        ("8", Octal),
        ("8", LegacyOctal),
        ("2", Binary),
    ] {
        assert!(
            parse_numeric_literal(body, kind).is_nan(),
            "{body:?} {kind:?}"
        );
    }
}

fn big(s: &str) -> JsBigInt {
    JsBigInt::parse(s).expect("valid")
}

#[test]
fn bigint_parse() {
    assert_eq!(big(""), JsBigInt::zero());
    assert_eq!(big("  \n"), JsBigInt::zero());
    assert_eq!(big(" 123 "), JsBigInt::from(123));
    assert_eq!(big("-123"), JsBigInt::from(-123));
    assert_eq!(big("+123"), JsBigInt::from(123));
    assert_eq!(big("-0"), JsBigInt::zero());
    assert_eq!(big("0x1F"), JsBigInt::from(31));
    assert_eq!(big("0o17"), JsBigInt::from(15));
    assert_eq!(big("0B11"), JsBigInt::from(3));
    assert_eq!(big("000012"), JsBigInt::from(12));
    assert_eq!(
        big("123456789012345678901234567890").to_string(),
        "123456789012345678901234567890"
    );
    for bad in [
        "1.5", "1e3", "-0x1", "+0x1", "0x", "1_000", "1n", "Infinity", "abc", "+", "-", "0xg",
        "0b2", "1 2", ".5", "5.",
    ] {
        assert!(
            matches!(JsBigInt::parse(bad), Err(BigIntError::SyntaxError(_))),
            "BigInt({bad:?})"
        );
    }
    assert_eq!(JsBigInt::parse_literal("ff", 16), Ok(JsBigInt::from(255)));
    assert_eq!(JsBigInt::parse_literal("777", 8), Ok(JsBigInt::from(511)));
    assert!(JsBigInt::parse_literal("", 10).is_err());
    assert!(JsBigInt::parse_literal("1_0", 10).is_err());
    assert!(JsBigInt::parse_literal("12", 2).is_err());
}

#[test]
fn bigint_errors_and_limits() {
    let one = JsBigInt::from(1);
    let zero = JsBigInt::zero();
    assert!(matches!(one.div(&zero), Err(BigIntError::RangeError(_))));
    assert!(matches!(one.rem(&zero), Err(BigIntError::RangeError(_))));
    assert!(matches!(
        JsBigInt::from(2).pow(&JsBigInt::from(-1)),
        Err(BigIntError::RangeError(_))
    ));
    assert_eq!(zero.pow(&zero), Ok(one.clone()));
    assert_eq!(zero.pow(&JsBigInt::from(5)), Ok(zero.clone()));
    assert_eq!(
        JsBigInt::from(-1).pow(&big("1000000000000000000001")),
        Ok(JsBigInt::from(-1))
    );
    assert_eq!(
        JsBigInt::from(-1).pow(&big("1000000000000000000000")),
        Ok(one.clone())
    );
    assert_eq!(
        JsBigInt::from(-2).pow(&JsBigInt::from(3)),
        Ok(JsBigInt::from(-8))
    );
    assert_eq!(
        JsBigInt::from(3).pow(&JsBigInt::from(40)),
        Ok(big("12157665459056928801"))
    );
    // Size limit: huge results are RangeErrors, not allocations.
    assert!(matches!(
        JsBigInt::from(2).pow(&JsBigInt::from(1i64 << 40)),
        Err(BigIntError::RangeError(_))
    ));
    assert!(matches!(
        JsBigInt::from(3).pow(&JsBigInt::from(MAX_BIGINT_BITS as i64)),
        Err(BigIntError::RangeError(_))
    ));
    assert!(matches!(
        one.shl(&JsBigInt::from(1i64 << 40)),
        Err(BigIntError::RangeError(_))
    ));
    assert!(matches!(
        one.shl(&big("100000000000000000000000000000")),
        Err(BigIntError::RangeError(_))
    ));
    assert_eq!(zero.shl(&JsBigInt::from(1i64 << 40)), Ok(zero.clone()));
    // Shifting right by huge counts gives 0 or -1.
    assert_eq!(one.shr(&JsBigInt::from(1i64 << 40)), Ok(zero.clone()));
    assert_eq!(
        JsBigInt::from(-5).shr(&JsBigInt::from(1i64 << 40)),
        Ok(JsBigInt::from(-1))
    );
    assert_eq!(
        JsBigInt::from(-5).shl(&big("-100000000000000000000000000000")),
        Ok(JsBigInt::from(-1))
    );
    assert_eq!(
        JsBigInt::from(-5).shr(&JsBigInt::from(1)),
        Ok(JsBigInt::from(-3))
    );
    assert_eq!(
        JsBigInt::from(5).shr(&JsBigInt::from(-2)),
        Ok(JsBigInt::from(20))
    );
    let near_limit = one
        .shl(&JsBigInt::from(MAX_BIGINT_BITS as i64 - 1))
        .expect("fits");
    assert!(matches!(
        near_limit.mul(&near_limit),
        Err(BigIntError::RangeError(_))
    ));
    assert!(matches!(
        near_limit.add(&near_limit),
        Err(BigIntError::RangeError(_))
    ));
    assert!(near_limit.sub(&near_limit).expect("sub").is_zero());
    // Number conversion.
    assert!(matches!(
        JsBigInt::from_f64(0.5),
        Err(BigIntError::RangeError(_))
    ));
    assert!(JsBigInt::from_f64(f64::NAN).is_err());
    assert!(JsBigInt::from_f64(f64::INFINITY).is_err());
    assert_eq!(JsBigInt::from_f64(-0.0), Ok(zero.clone()));
    assert_eq!(
        JsBigInt::from_f64(1e21).map(|b| b.to_string()),
        Ok("1000000000000000000000".to_string())
    );
    assert_eq!(
        JsBigInt::from_f64(f64::MAX).map(|b| b.to_f64()),
        Ok(f64::MAX)
    );
    assert_eq!(near_limit.to_f64(), f64::INFINITY);
    assert_eq!(near_limit.neg().to_f64(), f64::NEG_INFINITY);
    // 2^1024 - 2^970 is the rounding midpoint above MAX: ties to even go up.
    let two = JsBigInt::from(2);
    let p1024 = two.pow(&JsBigInt::from(1024)).expect("pow");
    let p970 = two.pow(&JsBigInt::from(970)).expect("pow");
    let p971 = two.pow(&JsBigInt::from(971)).expect("pow");
    assert_eq!(p1024.sub(&p970).expect("sub").to_f64(), f64::INFINITY);
    assert_eq!(
        p1024
            .sub(&p970)
            .expect("sub")
            .sub(&one)
            .expect("sub")
            .to_f64(),
        f64::MAX
    );
    assert_eq!(p1024.sub(&p971).expect("sub").to_f64(), f64::MAX);
}

#[test]
fn bigint_as_int_n() {
    let cases: &[(u64, &str, &str, &str)] = &[
        // bits, x, asIntN, asUintN
        (0, "5", "0", "0"),
        (1, "1", "-1", "1"),
        (8, "255", "-1", "255"),
        (8, "-1", "-1", "255"),
        (8, "128", "-128", "128"),
        (8, "-129", "127", "127"),
        (64, "-1", "-1", "18446744073709551615"),
        (
            64,
            "9223372036854775808",
            "-9223372036854775808",
            "9223372036854775808",
        ),
        (3, "-4", "-4", "4"),
        (
            200,
            "-1",
            "-1",
            "1606938044258990275541962092341162602522202993782792835301375",
        ),
    ];
    for &(bits, x, int_n, uint_n) in cases {
        let x = big(x);
        assert_eq!(
            JsBigInt::as_int_n(bits, &x),
            Ok(big(int_n)),
            "asIntN({bits}, {x})"
        );
        assert_eq!(
            JsBigInt::as_uint_n(bits, &x),
            Ok(big(uint_n)),
            "asUintN({bits}, {x})"
        );
    }
    // Huge bit counts leave small values alone and do not allocate.
    let huge = (1u64 << 53) - 1;
    assert_eq!(JsBigInt::as_int_n(huge, &big("-5")), Ok(big("-5")));
    assert_eq!(JsBigInt::as_uint_n(huge, &big("5")), Ok(big("5")));
    assert!(matches!(
        JsBigInt::as_uint_n(huge, &big("-5")),
        Err(BigIntError::RangeError(_))
    ));
}

const E300: &str = "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160";

#[test]
fn bigint_number_comparisons() {
    let cases: &[(&str, f64, Option<Ordering>)] = &[
        ("0", 0.5, Some(Ordering::Less)),
        ("1", 0.5, Some(Ordering::Greater)),
        ("0", -0.0, Some(Ordering::Equal)),
        ("-1", -0.5, Some(Ordering::Less)),
        ("0", -0.5, Some(Ordering::Greater)),
        ("5", f64::NAN, None),
        ("5", f64::INFINITY, Some(Ordering::Less)),
        ("-5", f64::NEG_INFINITY, Some(Ordering::Greater)),
        (
            "9007199254740993",
            9007199254740992.0,
            Some(Ordering::Greater),
        ),
        (
            "-9007199254740993",
            -9007199254740992.0,
            Some(Ordering::Less),
        ),
        (
            "18446744073709551616",
            18446744073709551616.0,
            Some(Ordering::Equal),
        ),
    ];
    // The exact value of the double 1e300.
    let e300 = big(E300);
    assert_eq!(e300.compare_f64(1e300), Some(Ordering::Equal));
    let one = JsBigInt::from(1);
    assert_eq!(
        e300.add(&one).expect("add").compare_f64(1e300),
        Some(Ordering::Greater)
    );
    assert_eq!(
        e300.sub(&one).expect("sub").compare_f64(1e300),
        Some(Ordering::Less)
    );
    assert_eq!(JsBigInt::from_f64(1e300), Ok(e300.clone()));
    assert_eq!(e300.to_f64(), 1e300);
    for &(x, y, want) in cases {
        let b = big(x);
        assert_eq!(b.compare_f64(y), want, "{x} vs {y:e}");
        assert_eq!(b.equals_f64(y), want == Some(Ordering::Equal));
    }
    assert!(big("10") < big("11"));
    assert!(big("-10") < big("-9"));
}

#[test]
fn code_unit_strings() {
    use bignum::number_parse::{parse_float_units, parse_int_units, string_to_number_units};
    let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
    // Latin-1: 0xA0 is a no-break space, 0xE9 is 'é'.
    let latin1: &[u8] = &[0xa0, b'1', b'.', b'5', 0xa0];
    assert!(same(string_to_number_units(latin1), 1.5));
    assert!(same(parse_float_units(latin1), 1.5));
    assert!(same(parse_int_units(latin1, 10), 1.0));
    let bad_latin1: &[u8] = &[b'1', 0xe9];
    assert!(string_to_number_units(bad_latin1).is_nan());
    assert!(same(parse_float_units(bad_latin1), 1.0));
    assert!(same(string_to_number_units::<u8>(&[]), 0.0));
    assert!(same(
        string_to_number_units(&utf16("\u{3000}-0x10")),
        f64::NAN
    ));
    assert!(same(
        string_to_number_units(&utf16("\u{3000}0x10\u{2028}")),
        16.0
    ));
    assert!(same(
        string_to_number_units(&utf16(" -Infinity ")),
        f64::NEG_INFINITY
    ));
    assert!(same(parse_float_units(&utf16("\u{feff}2.5e1€")), 25.0));
    assert!(same(parse_int_units(&utf16("  ff\u{10348}"), 16), 255.0));
    // A lone surrogate is not white space and ends the number.
    let lone: Vec<u16> = vec![u16::from(b'7'), 0xd800];
    assert!(string_to_number_units(&lone).is_nan());
    assert!(same(parse_int_units(&lone, 10), 7.0));
    assert_eq!(
        JsBigInt::parse_units(&utf16(" 12 ")),
        Ok(JsBigInt::from(12))
    );
    assert!(JsBigInt::parse_units(&utf16("12é")).is_err());
    assert_eq!(JsBigInt::parse_units::<u8>(&[0xa0]), Ok(JsBigInt::zero()));
}
