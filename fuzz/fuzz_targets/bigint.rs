//! BigInt arithmetic of the `bignum` crate against `num-bigint` used
//! directly as an oracle: every operation's result is checked by an
//! independent property (q * b + r == a with |r| < |b|, shifts as
//! multiplication / floor division by powers of two, the two's complement
//! identities of the bitwise operations, modular reduction for
//! `asIntN`/`asUintN`), and `toString` in every radix round trips through
//! `num-bigint`'s parser and `JsBigInt::parse`.
#![no_main]

use bignum::JsBigInt;
use libfuzzer_sys::fuzz_target;
use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, Zero};

fn big(bytes: &[u8]) -> BigInt {
    let Some((&sign, mag)) = bytes.split_first() else {
        return BigInt::zero();
    };
    let s = if sign & 1 == 1 {
        Sign::Minus
    } else {
        Sign::Plus
    };
    BigInt::from_bytes_le(s, mag)
}

fn js(v: &BigInt) -> JsBigInt {
    JsBigInt::from_bigint(v.clone()).expect("small values fit")
}

/// Floor division and its remainder, computed from truncating division.
fn div_floor(a: &BigInt, b: &BigInt) -> (BigInt, BigInt) {
    let q = a / b;
    let r = a - &q * b;
    if !r.is_zero() && (r.is_negative() != b.is_negative()) {
        (q - 1, r + b)
    } else {
        (q, r)
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 || data.len() > 600 {
        return;
    }
    let (head, rest) = data.split_at(2);
    let split = (head[0] as usize).min(rest.len());
    let (a, b) = (big(&rest[..split]), big(&rest[split..]));
    let small = u64::from(head[1]);
    let (ja, jb) = (js(&a), js(&b));

    assert_eq!(ja.add(&jb).unwrap().as_bigint().as_ref(), &(&a + &b));
    assert_eq!(ja.sub(&jb).unwrap().as_bigint().as_ref(), &(&a - &b));
    assert_eq!(ja.mul(&jb).unwrap().as_bigint().as_ref(), &(&a * &b));
    assert_eq!(ja.neg().as_bigint().as_ref(), &(-&a));
    // ~a == -a - 1
    assert_eq!(ja.not().as_bigint().as_ref(), &(-&a - 1));

    if b.is_zero() {
        assert!(ja.div(&jb).is_err() && ja.rem(&jb).is_err());
    } else {
        let q = ja.div(&jb).unwrap().into_bigint();
        let r = ja.rem(&jb).unwrap().into_bigint();
        assert_eq!(&q * &b + &r, a, "q * b + r == a");
        assert!(r.abs() < b.abs(), "|r| < |b|");
        assert!(
            r.is_zero() || r.is_negative() == a.is_negative(),
            "sign of r"
        );
    }

    // Exponentiation by repeated multiplication.
    let e = small % 40;
    let mut p = BigInt::one();
    for _ in 0..e {
        p *= &a;
    }
    assert_eq!(ja.pow(&JsBigInt::from(e as i64)).unwrap().as_bigint().as_ref(), &p);
    assert!(ja.pow(&JsBigInt::from(-1i64)).is_err());

    // Shifts: a << n == a * 2^n, a >> n == floor(a / 2^n), and negative counts swap them.
    let n = small % 200;
    let two_n = BigInt::one() << n;
    let jn = JsBigInt::from(n as i64);
    let left = &a * &two_n;
    let (down, _) = div_floor(&a, &two_n);
    assert_eq!(ja.shl(&jn).unwrap().as_bigint().as_ref(), &left);
    assert_eq!(ja.shr(&jn).unwrap().as_bigint().as_ref(), &down);
    assert_eq!(ja.shl(&jn.neg()).unwrap().as_bigint().as_ref(), &down);
    assert_eq!(ja.shr(&jn.neg()).unwrap().as_bigint().as_ref(), &left);

    // Bitwise: (a & b) + (a | b) == a + b and a ^ b == (a | b) - (a & b).
    let and = ja.bitand(&jb).into_bigint();
    let or = ja.bitor(&jb).into_bigint();
    let xor = ja.bitxor(&jb).into_bigint();
    assert_eq!(&and + &or, &a + &b);
    assert_eq!(xor, &or - &and);
    // a & ~a == 0, a | ~a == -1.
    assert!(ja.bitand(&ja.not()).is_zero());
    assert_eq!(ja.bitor(&ja.not()).into_bigint(), BigInt::from(-1));

    // asUintN / asIntN: the value modulo 2^bits, in [0, 2^bits) / [-2^(bits-1), 2^(bits-1)).
    let bits = small % 130;
    let modulus = BigInt::one() << bits;
    let (_, m) = div_floor(&a, &modulus);
    assert_eq!(JsBigInt::as_uint_n(bits, &ja).unwrap().as_bigint().as_ref(), &m);
    let signed = if bits > 0 && m >= (BigInt::one() << (bits - 1)) {
        &m - &modulus
    } else {
        m
    };
    assert_eq!(JsBigInt::as_int_n(bits, &ja).unwrap().as_bigint().as_ref(), &signed);

    // toString in every radix parses back; decimal and 0x/0o/0b through StringToBigInt.
    for radix in 2..=36u32 {
        let s = ja.to_string_radix(radix);
        let back = BigInt::parse_bytes(s.as_bytes(), radix).expect("num-bigint parses");
        assert_eq!(back, a, "radix {radix}: {s}");
    }
    let dec = ja.to_string_radix(10);
    assert_eq!(JsBigInt::parse(&dec).unwrap().as_bigint().as_ref(), &a);
    assert_eq!(
        JsBigInt::parse(&format!(" \n{dec}\t")).unwrap().as_bigint().as_ref(),
        &a
    );
    let mag = a.magnitude();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        let s = format!("{prefix}{}", mag.to_str_radix(radix));
        assert_eq!(
            JsBigInt::parse(&s).unwrap().as_bigint().as_ref(),
            &BigInt::from(mag.clone())
        );
    }
    assert!(JsBigInt::parse(&format!("{dec}n")).is_err());
    assert!(JsBigInt::parse("-0x1").is_err());

    // Number conversion is correctly rounded: Rust's parser of the decimal
    // string is an independent oracle.
    let f: f64 = dec.parse().unwrap();
    assert_eq!(ja.to_f64().to_bits(), f.to_bits(), "{dec}");
    if f.is_finite() && f.fract() == 0.0 {
        let exact = JsBigInt::from_f64(f).unwrap();
        assert!(exact.equals_f64(f));
        assert_eq!(exact.compare_f64(f), Some(std::cmp::Ordering::Equal));
    }

    // Arbitrary text never makes the parser panic.
    if let Ok(text) = std::str::from_utf8(rest) {
        let _ = JsBigInt::parse(text);
    }
});
