//! Property tests over pseudo-random inputs, checked against independent
//! oracles: the standard library's correctly rounded float formatting and
//! parsing, exact big-integer arithmetic, and 128-bit integer arithmetic.
//!
//! The iteration count can be raised with `BIGNUM_PROPTEST_SCALE` (a
//! multiplier, default 1), e.g. in a release-mode run.

use bignum::bigint::JsBigInt;
use bignum::number_format::{
    number_to_string, number_to_string_radix, to_exponential, to_fixed, to_precision,
};
use bignum::number_parse::{parse_float, parse_int, string_to_number};
use num_bigint::{BigInt, BigUint};
use num_traits::{Num, One, Signed, Zero};

/// xorshift64* generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// A finite double from random bits, or from "interesting" families.
    fn double(&mut self) -> f64 {
        loop {
            let x = match self.below(4) {
                0 | 1 => f64::from_bits(self.next()),
                // Short decimals.
                2 => (self.below(1_000_000) as f64) / 10f64.powi(self.below(8) as i32),
                // Subnormals and values near the extremes.
                _ => f64::from_bits(self.next() >> (self.below(12))),
            };
            if x.is_finite() {
                return x;
            }
        }
    }
}

fn scale() -> u64 {
    std::env::var("BIGNUM_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
}

fn same(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

#[test]
fn to_string_round_trips_and_is_shortest() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut ties = 0;
    for _ in 0..200_000 * scale() {
        let x = rng.double();
        let s = number_to_string(x);
        let back = string_to_number(&s);
        if x == 0.0 {
            assert_eq!(s, "0");
            continue;
        }
        assert!(same(back, x), "{x:e} -> {s} -> {back:e}");
        // Same digits as the standard library's shortest representation
        // (up to the even choice on exact ties, which is rare).
        let std_digits: String = format!("{:e}", x.abs())
            .split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let ours: String = s
            .split('e')
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>();
        let ours = ours.trim_start_matches('0').trim_end_matches('0');
        let std_trimmed = std_digits.trim_end_matches('0');
        assert_eq!(ours.len(), std_trimmed.len(), "{x:e}: {s} vs {std_digits}");
        if ours != std_trimmed {
            // Only an exact tie may differ, and then ours ends in an even digit.
            let last = ours.bytes().last().unwrap_or(b'0');
            assert!(last & 1 == 0, "{x:e}: {s} vs {std_digits}");
            let a: u64 = ours.parse().expect("digits");
            let b: u64 = std_trimmed.parse().expect("digits");
            assert_eq!(a.abs_diff(b), 1, "{x:e}: {s} vs {std_digits}");
            ties += 1;
        }
    }
    assert!(ties < 100 * scale(), "{ties}");
}

#[test]
fn parse_agrees_with_std_on_shared_syntax() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    let digits = b"0123456789";
    for _ in 0..100_000 * scale() {
        // Build a random decimal literal: digits, optional point and
        // fraction, optional exponent.
        let mut s = String::new();
        let int_len = rng.below(25) as usize;
        for _ in 0..int_len {
            s.push(char::from(digits[rng.below(10) as usize]));
        }
        let frac_len = rng.below(25) as usize;
        if frac_len > 0 || rng.below(4) == 0 {
            s.push('.');
            for _ in 0..frac_len {
                s.push(char::from(digits[rng.below(10) as usize]));
            }
        }
        if int_len == 0 && frac_len == 0 {
            s.push('1');
        }
        if rng.below(2) == 0 {
            s.push(if rng.below(2) == 0 { 'e' } else { 'E' });
            match rng.below(3) {
                0 => s.push('-'),
                1 => s.push('+'),
                _ => {}
            }
            let e = rng.below(400);
            s.push_str(&e.to_string());
        }
        let want: f64 = s.parse().expect("std accepts the literal");
        assert!(same(string_to_number(&s), want), "{s}");
        assert!(same(parse_float(&s), want), "{s}");
        let neg = format!("-{s}");
        assert!(same(string_to_number(&neg), -want), "{neg}");
        let padded = format!(" \u{a0}{s}\u{2028}");
        assert!(same(string_to_number(&padded), want), "{padded:?}");
        // parseFloat stops at junk.
        let junk = format!("{s}z1");
        assert!(same(parse_float(&junk), want), "{junk}");
        assert!(string_to_number(&junk).is_nan(), "{junk}");
        // parseInt reads the integer digits only.
        let int_part: String = s.chars().take_while(char::is_ascii_digit).collect();
        let pi = parse_int(&s, 10);
        if int_part.is_empty() {
            assert!(pi.is_nan());
        } else {
            assert!(same(pi, int_part.parse::<f64>().expect("digits")), "{s}");
        }
    }
}

#[test]
fn hex_and_binary_strings_round_correctly() {
    let mut rng = Rng(0x0bad_cafe_1234_4321);
    for _ in 0..20_000 * scale() {
        // A random integer of up to 200 bits, printed in hex and binary.
        let bits = 1 + rng.below(200);
        let mut v = BigUint::zero();
        for _ in 0..bits.div_ceil(64) {
            v = (v << 64u32) + rng.next();
        }
        v >>= (bits.div_ceil(64) * 64 - bits) as u32;
        // Make ties likely: keep only a few set bits beyond the 54th.
        if rng.below(2) == 0 && v.bits() > 60 {
            let shift = v.bits() - 55;
            v = ((v >> shift) << shift) + BigUint::from(rng.below(2));
        }
        let want = exact_round(&v);
        let hex = format!("0x{}", v.to_str_radix(16));
        assert!(same(string_to_number(&hex), want), "{hex}");
        assert!(same(parse_int(&hex, 16), want), "{hex}");
        assert!(same(parse_int(&hex, 0), want), "{hex}");
        let bin = v.to_str_radix(2);
        assert!(same(parse_int(&bin, 2), want), "{bin}");
        assert!(same(string_to_number(&format!("0b{bin}")), want));
        assert!(same(
            string_to_number(&format!("0o{}", v.to_str_radix(8))),
            want
        ));
        let dec = v.to_str_radix(10);
        assert!(same(string_to_number(&dec), want), "{dec}");
        assert!(same(parse_int(&dec, 10), want), "{dec}");
        let r36 = v.to_str_radix(36);
        assert!(same(parse_int(&r36, 36), want), "{r36}");
        let big = JsBigInt::from_bigint(BigInt::from(v.clone())).expect("small");
        assert!(same(big.to_f64(), want));
        if !v.is_zero() {
            assert!(same(big.neg().to_f64(), -want));
        }
    }
}

/// Independent round-half-even conversion by bit manipulation on the digit
/// string of the binary expansion.
fn exact_round(v: &BigUint) -> f64 {
    let bin = v.to_str_radix(2);
    let b = bin.as_bytes();
    if b.len() <= 53 {
        return u64::from_str_radix(&bin, 2).expect("bits") as f64;
    }
    let mut mant = u64::from_str_radix(&bin[..53], 2).expect("bits");
    let round = b[53] == b'1';
    let sticky = b[54..].contains(&b'1');
    let mut exp = (b.len() - 53) as i32;
    if round && (sticky || mant & 1 == 1) {
        mant += 1;
        if mant == 1 << 53 {
            mant >>= 1;
            exp += 1;
        }
    }
    if exp + 52 > 1023 {
        return f64::INFINITY;
    }
    (mant as f64) * 2f64.powi(exp)
}

#[test]
fn radix_output_reads_back_and_is_shortest() {
    let mut rng = Rng(0x5151_5151_2323_2323);
    for _ in 0..1_500 * scale() {
        let x = rng.double();
        // Radix 10 uses exponential notation; it is covered elsewhere.
        let radix = match 2 + rng.below(35) as u32 {
            10 => 2,
            r => r,
        };
        let s = number_to_string_radix(x, radix);
        let back = read_radix(&s, radix);
        if x == 0.0 {
            assert_eq!(s, "0");
            continue;
        }
        assert!(same(back, x), "{x:e} radix {radix}: {s} -> {back:e}");
        // Shortest: dropping the last significant digit (rounding down or
        // up) must not read back to x.
        let (neg, body) = match s.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, s.as_str()),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let all: String = format!("{int}{frac}");
        let sig = all.trim_start_matches('0').trim_end_matches('0');
        if sig.len() <= 1 {
            continue;
        }
        let n = BigUint::from_str_radix(&all, radix).expect("digits");
        // Value = n / radix^frac.len(); its last significant digit has
        // weight radix^(trailing zeros in `all`) / radix^frac.len().
        let tz = all.len() - all.trim_end_matches('0').len();
        let unit = num_traits::pow(BigUint::from(radix), tz + 1);
        let down = (&n / &unit) * &unit;
        let up = &down + &unit;
        for cand in [down, up] {
            let v = ratio_to_f64(&cand, &num_traits::pow(BigUint::from(radix), frac.len()));
            let v = if neg { -v } else { v };
            assert!(!same(v, x), "{x:e} radix {radix}: {s} is not shortest");
        }
    }
}

fn read_radix(s: &str, radix: u32) -> f64 {
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let n = BigUint::from_str_radix(&format!("{int}{frac}"), radix)
        .unwrap_or_else(|e| panic!("{s} radix {radix}: {e}"));
    let d = num_traits::pow(BigUint::from(radix), frac.len());
    let v = ratio_to_f64(&n, &d);
    if neg { -v } else { v }
}

/// Correctly rounded n / d (round half to even) using the standard
/// library's decimal parser on an exact decimal expansion: a terminating
/// fraction is written out exactly; otherwise enough digits plus a sticky
/// non-zero digit are written.
fn ratio_to_f64(n: &BigUint, d: &BigUint) -> f64 {
    let int = n / d;
    let mut rem = n % d;
    let mut s = int.to_str_radix(10);
    s.push('.');
    // 1100 fraction digits cover every double's exact expansion.
    let ten = BigUint::from(10u32);
    for _ in 0..1100 {
        if rem.is_zero() {
            break;
        }
        rem *= &ten;
        let digit = &rem / d;
        rem -= &digit * d;
        s.push_str(&digit.to_str_radix(10));
    }
    if !rem.is_zero() {
        s.push('1');
    }
    s.parse().expect("decimal")
}

/// Rust's `{:.N}` rounds the exact value half to even; JavaScript rounds
/// half up. They agree unless the exact value is a tie at that position.
fn is_exact_tie(x: f64, fraction_digits: i64) -> bool {
    let exact = format!("{:.1100}", x.abs());
    let Some((int, frac)) = exact.split_once('.') else {
        return false;
    };
    let all = format!("{int}{frac}");
    let idx = int.len() as i64 + fraction_digits;
    if idx < 0 || idx as usize >= all.len() {
        return false;
    }
    let rest = &all[idx as usize..];
    rest.starts_with('5') && rest[1..].bytes().all(|b| b == b'0')
}

#[test]
fn to_fixed_agrees_with_std_rounding_away_from_ties() {
    let mut rng = Rng(0x7777_1111_3333_5555);
    for _ in 0..20_000 * scale() {
        let x = rng.double();
        let x = if x.abs() >= 1e21 { x / 1e290 } else { x };
        if x.abs() >= 1e21 {
            continue;
        }
        let f = rng.below(101) as usize;
        let ours = to_fixed(x, f as i64).expect("in range");
        if is_exact_tie(x, f as i64) {
            continue;
        }
        let mut want = format!("{:.*}", f, x);
        // JavaScript prints no minus sign for a value that is not below zero.
        if x == 0.0 {
            want = want.trim_start_matches('-').to_string();
        }
        assert_eq!(ours, want, "({x:e}).toFixed({f})");
    }
}

#[test]
fn to_exponential_and_precision_agree_with_std() {
    let mut rng = Rng(0x2468_ace0_1357_9bdf);
    for _ in 0..20_000 * scale() {
        let x = rng.double();
        if x == 0.0 {
            continue;
        }
        let f = rng.below(100) as usize;
        let ours = to_exponential(x, Some(f as i64)).expect("in range");
        let std = format!("{:.*e}", f, x);
        let (mantissa, exp) = std.split_once('e').expect("exponent");
        let exp: i32 = exp.parse().expect("exponent digits");
        // Skip exact ties (Rust rounds them to even, JavaScript up).
        let digits_before_point = i64::from(exp) + 1;
        let tie_position = f as i64 - (digits_before_point - 1);
        if is_exact_tie(x, tie_position) {
            continue;
        }
        let want = format!(
            "{mantissa}e{}{}",
            if exp < 0 { '-' } else { '+' },
            exp.abs()
        );
        assert_eq!(ours, want, "({x:e}).toExponential({f})");
        // toPrecision(f + 1) uses the same digits, laid out per spec
        // 21.1.3.5 steps 10-13.
        let p = f as i32 + 1;
        let (sign, digits) = match mantissa.strip_prefix('-') {
            Some(m) => ("-", m.replace('.', "")),
            None => ("", mantissa.replace('.', "")),
        };
        let body = if exp < -6 || exp >= p {
            want.trim_start_matches('-').to_string()
        } else if exp == p - 1 {
            digits.clone()
        } else if exp >= 0 {
            let split = (exp + 1) as usize;
            format!("{}.{}", &digits[..split], &digits[split..])
        } else {
            format!("0.{}{}", "0".repeat((-exp - 1) as usize), digits)
        };
        let expected = format!("{sign}{body}");
        let got = to_precision(x, i64::from(p)).expect("in range");
        assert_eq!(got, expected, "({x:e}).toPrecision({p})");
        // Shortest toExponential() reads back.
        let short = to_exponential(x, None).expect("finite");
        assert!(same(string_to_number(&short), x), "{short}");
    }
}

fn random_bigint(rng: &mut Rng, max_words: u64) -> BigInt {
    let words = rng.below(max_words + 1);
    let mut v = BigInt::zero();
    for _ in 0..words {
        v = (v << 64u32) + rng.next();
    }
    v >>= rng.below(64) as u32;
    if rng.below(2) == 0 { -v } else { v }
}

fn js(v: &BigInt) -> JsBigInt {
    JsBigInt::from_bigint(v.clone()).expect("small")
}

/// floor(a / 2^s) computed with truncating division plus a correction.
fn floor_shr(a: &BigInt, s: u64) -> BigInt {
    let d = BigInt::one() << s;
    let q = a / &d;
    if a.is_negative() && !(a % &d).is_zero() {
        q - 1
    } else {
        q
    }
}

#[test]
fn bigint_arithmetic_matches_num_bigint() {
    let mut rng = Rng(0x1357_2468_1357_2468);
    for _ in 0..5_000 * scale() {
        let a = random_bigint(&mut rng, 6);
        let b = random_bigint(&mut rng, 6);
        let (ja, jb) = (js(&a), js(&b));
        assert_eq!(ja.add(&jb).expect("add").as_bigint().as_ref(), &(&a + &b));
        assert_eq!(ja.sub(&jb).expect("sub").as_bigint().as_ref(), &(&a - &b));
        assert_eq!(ja.mul(&jb).expect("mul").as_bigint().as_ref(), &(&a * &b));
        if b.is_zero() {
            assert!(ja.div(&jb).is_err());
            assert!(ja.rem(&jb).is_err());
        } else {
            let q = ja.div(&jb).expect("div");
            let r = ja.rem(&jb).expect("rem");
            // Truncating division: a = q·b + r, |r| < |b|, r has a's sign.
            assert_eq!(q.as_bigint().as_ref() * &b + r.as_bigint().as_ref(), a);
            assert!(r.as_bigint().as_ref().abs() < b.abs());
            assert!(r.is_zero() || r.is_negative() == a.is_negative());
        }
        let s = rng.below(300);
        let shifted = ja.shl(&JsBigInt::from(s)).expect("shl");
        assert_eq!(shifted.as_bigint().as_ref(), &(&a * (BigInt::one() << s)));
        let back = ja.shr(&JsBigInt::from(s)).expect("shr");
        assert_eq!(back.as_bigint().as_ref(), &floor_shr(&a, s));
        let neg_count = JsBigInt::from(-(s as i64));
        assert_eq!(
            ja.shl(&neg_count).expect("shl").as_bigint().as_ref(),
            &floor_shr(&a, s)
        );
        // asUintN / asIntN against modular arithmetic.
        let n = rng.below(400);
        let m = BigInt::one() << n;
        let umod = ((&a % &m) + &m) % &m;
        assert_eq!(
            JsBigInt::as_uint_n(n, &ja)
                .expect("asUintN")
                .as_bigint()
                .as_ref(),
            &umod
        );
        let imod = if n > 0 && umod >= (BigInt::one() << (n - 1)) {
            &umod - &m
        } else {
            umod
        };
        assert_eq!(
            JsBigInt::as_int_n(n, &ja)
                .expect("asIntN")
                .as_bigint()
                .as_ref(),
            &imod
        );
        // Strings round-trip in every radix.
        let radix = 2 + rng.below(35) as u32;
        let text = ja.to_string_radix(radix);
        assert_eq!(BigInt::from_str_radix(&text, radix).expect("digits"), a);
    }
}

#[test]
fn bigint_bitwise_and_number_ops_match_i128() {
    let mut rng = Rng(0x0f0f_f0f0_1234_5678);
    for _ in 0..20_000 * scale() {
        let a = (rng.next() as i64 as i128) << rng.below(60);
        let b = (rng.next() as i64 as i128) >> rng.below(60);
        let (ja, jb) = (
            JsBigInt::from_bigint(BigInt::from(a)).expect("a"),
            JsBigInt::from_bigint(BigInt::from(b)).expect("b"),
        );
        assert_eq!(ja.bitand(&jb).as_bigint().as_ref(), &BigInt::from(a & b));
        assert_eq!(ja.bitor(&jb).as_bigint().as_ref(), &BigInt::from(a | b));
        assert_eq!(ja.bitxor(&jb).as_bigint().as_ref(), &BigInt::from(a ^ b));
        assert_eq!(ja.not().as_bigint().as_ref(), &BigInt::from(!a));
        // `i128 as f64` rounds to nearest, ties to even.
        assert!(same(ja.to_f64(), a as f64), "{a}");
        // Exact comparison with doubles, including fractional ones.
        let y = match rng.below(3) {
            0 => b as f64,
            1 => (b as f64) + 0.5,
            _ => a as f64,
        };
        let cmp = ja.compare_f64(y).expect("not NaN");
        let exact = exact_cmp_i128_f64(a, y);
        assert_eq!(cmp, exact, "{a} vs {y:e}");
        assert_eq!(ja.equals_f64(y), exact == core::cmp::Ordering::Equal);
        // NumberToBigInt of an integral double is exact.
        let yi = y.trunc();
        if yi.abs() < 1.6e38 {
            let from = JsBigInt::from_f64(yi).expect("integral");
            assert_eq!(from.to_i128(), Some(yi as i128));
        }
    }
}

/// Exact comparison of an i128 with a finite double whose magnitude is below
/// 2^127, by scaling both to multiples of 2^-1 (doubles here have at most
/// one fractional bit of interest once compared through floor).
fn exact_cmp_i128_f64(a: i128, y: f64) -> core::cmp::Ordering {
    let fl = y.floor();
    let fi = fl as i128;
    match a.cmp(&fi) {
        core::cmp::Ordering::Equal if fl != y => core::cmp::Ordering::Less,
        other => other,
    }
}

#[test]
fn arbitrary_inputs_do_not_panic_and_agree() {
    use bignum::number_parse::{NumericLiteralKind, parse_numeric_literal, trim_js_whitespace};
    let alphabet: Vec<char> =
        "0123456789abcdefxXoObBeE+-._n Infinity\u{a0}\u{2028}\u{feff}é€\u{10348}"
            .chars()
            .collect();
    let kinds = [
        NumericLiteralKind::Decimal,
        NumericLiteralKind::Hex,
        NumericLiteralKind::Octal,
        NumericLiteralKind::Binary,
        NumericLiteralKind::LegacyOctal,
    ];
    let mut rng = Rng(0x9999_8888_7777_6666);
    for _ in 0..50_000 * scale() {
        let len = rng.below(12) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[rng.below(alphabet.len() as u64) as usize])
            .collect();
        let n = string_to_number(&s);
        let pf = parse_float(&s);
        let radix = rng.below(40) as i32 - 2;
        let pi = parse_int(&s, radix);
        let _ = parse_numeric_literal(&s, kinds[rng.below(5) as usize]);
        let b = JsBigInt::parse(&s);
        let t = trim_js_whitespace(&s);
        let prefixed =
            t.len() >= 2 && t.as_bytes()[0] == b'0' && t.as_bytes()[1].is_ascii_alphabetic();
        if !n.is_nan() && !t.is_empty() && !prefixed {
            assert!(same(n, pf), "{s:?}: Number {n:e} parseFloat {pf:e}");
        }
        if let Ok(b) = &b {
            // A valid BigInt string is also a valid Number string.
            assert!(same(b.to_f64(), n) || (b.is_zero() && n == 0.0), "{s:?}");
        }
        if !pi.is_nan() {
            assert_eq!(pi, pi.trunc(), "{s:?}");
        }
        // Formatting never panics, whatever the digit counts.
        let x = rng.double();
        let f = rng.below(110) as i64 - 5;
        let _ = to_fixed(x, f);
        let _ = to_exponential(x, Some(f));
        let _ = to_precision(x, f);
        let _ = number_to_string_radix(x, rng.below(40) as u32);
    }
}
