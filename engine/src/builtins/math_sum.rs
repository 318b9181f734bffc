//! `Math.sumPrecise` (proposal-math-sum, §21.3.2.34 of its spec text): the
//! exactly rounded sum of an iterable of Numbers.
//!
//! <https://tc39.es/proposal-math-sum/>
//!
//! The finite terms are added exactly into a fixed-point accumulator wide
//! enough for any sum the method can see: every finite double is an integer
//! multiple of 2^-1074 below 2^1024, and at most 2^53 terms are allowed, so
//! |sum| < 2^1077 and 2^-1074 * (a 2152-bit two's complement integer) holds
//! it without loss. Intermediate overflow is therefore impossible; the one
//! rounding happens at the end (to nearest, ties to even), where a result at
//! or past 2^1024 - 2^970 becomes an infinity.

use crate::object::Args;
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// Limbs of the accumulator (64 bits each, little-endian, two's complement).
const LIMBS: usize = 36;

/// An exact sum of finite doubles, in units of 2^-1074.
#[derive(Clone)]
pub(crate) struct ExactSum {
    limbs: [u64; LIMBS],
}

impl ExactSum {
    pub(crate) fn new() -> ExactSum {
        ExactSum { limbs: [0; LIMBS] }
    }

    /// Adds a finite `x` exactly.
    pub(crate) fn add(&mut self, x: f64) {
        let bits = x.to_bits();
        let neg = bits >> 63 != 0;
        let e = ((bits >> 52) & 0x7ff) as usize;
        let frac = bits & ((1 << 52) - 1);
        // x = m * 2^(shift - 1074).
        let (m, shift) = if e == 0 {
            (frac, 0)
        } else {
            (frac | (1 << 52), e - 1)
        };
        if m == 0 {
            return;
        }
        let idx = shift / 64;
        let off = shift % 64;
        let lo = m << off;
        let hi = if off == 0 { 0 } else { m >> (64 - off) };
        if neg {
            self.sub_at(idx, lo, hi);
        } else {
            self.add_at(idx, lo, hi);
        }
    }

    fn add_at(&mut self, idx: usize, lo: u64, hi: u64) {
        let (v, c1) = self.limbs[idx].overflowing_add(lo);
        self.limbs[idx] = v;
        let mut carry = c1 as u64;
        let mut i = idx + 1;
        let mut add = hi;
        while i < LIMBS && (add != 0 || carry != 0) {
            let (v, a) = self.limbs[i].overflowing_add(add);
            let (v, b) = v.overflowing_add(carry);
            self.limbs[i] = v;
            carry = (a || b) as u64;
            add = 0;
            i += 1;
        }
    }

    fn sub_at(&mut self, idx: usize, lo: u64, hi: u64) {
        let (v, b1) = self.limbs[idx].overflowing_sub(lo);
        self.limbs[idx] = v;
        let mut borrow = b1 as u64;
        let mut i = idx + 1;
        let mut sub = hi;
        while i < LIMBS && (sub != 0 || borrow != 0) {
            let (v, a) = self.limbs[i].overflowing_sub(sub);
            let (v, b) = v.overflowing_sub(borrow);
            self.limbs[i] = v;
            borrow = (a || b) as u64;
            sub = 0;
            i += 1;
        }
    }

    /// The sum rounded to the nearest double (ties to even); an exact zero
    /// is +0.
    pub(crate) fn round(&self) -> f64 {
        let neg = self.limbs[LIMBS - 1] >> 63 != 0;
        let mut mag = self.limbs;
        if neg {
            // Two's complement negation.
            let mut carry = 1u64;
            for l in mag.iter_mut() {
                let (v, c) = (!*l).overflowing_add(carry);
                *l = v;
                carry = c as u64;
            }
        }
        let Some(top) = (0..LIMBS).rev().find(|&i| mag[i] != 0) else {
            return 0.0;
        };
        // Position of the highest set bit.
        let p = top * 64 + 63 - mag[top].leading_zeros() as usize;
        let bit = |i: usize| (mag[i / 64] >> (i % 64)) & 1;
        let r = if p < 53 {
            // At most 53 bits: exact (a subnormal or a small normal).
            (mag[0] as f64) * f64::from_bits(1)
        } else {
            let low = p - 52;
            let mut t: u64 = 0;
            for i in (low..=p).rev() {
                t = (t << 1) | bit(i);
            }
            let round = bit(low - 1) == 1;
            let sticky = (0..low - 1).any(|i| bit(i) == 1);
            let mut p = p;
            if round && (sticky || t & 1 == 1) {
                t += 1;
                if t == 1 << 53 {
                    t = 1 << 52;
                    p += 1;
                }
            }
            // The value is t * 2^(p - 52 - 1074); its top bit has exponent
            // p - 1074.
            if p >= 1074 + 1024 {
                f64::INFINITY
            } else {
                let biased = (p - 51) as u64;
                f64::from_bits((biased << 52) | (t & ((1 << 52) - 1)))
            }
        };
        if neg { -r } else { r }
    }
}

/// Where the running sum stands (the proposal's `state`).
#[derive(Clone, Copy, PartialEq)]
enum State {
    MinusZero,
    Finite,
    PlusInfinity,
    MinusInfinity,
    NotANumber,
}

/// Math.sumPrecise ( items ).
pub(crate) fn sum_precise(cx: Cx, args: &Args) -> JsResult<Value> {
    let items = args.arg(0);
    if items.is_nullish() {
        return cx.type_error("Math.sumPrecise: argument is null or undefined");
    }
    let (it, next) = crate::ops::get_iterator(&cx, items)?;
    let mut state = State::MinusZero;
    let mut sum = ExactSum::new();
    let mut count: f64 = 0.0;
    loop {
        let (v, done) = crate::ops::iterator_step(&cx, &it, &next)?;
        if done {
            break;
        }
        count += 1.0;
        if count >= 9007199254740992.0 {
            let e = cx.range_error::<Value>("Math.sumPrecise: too many values");
            let _ = crate::ops::iterator_close(&cx, &it);
            return e;
        }
        let Some(n) = v.as_number() else {
            let e = cx.type_error::<Value>("Math.sumPrecise: value is not a Number");
            let _ = crate::ops::iterator_close(&cx, &it);
            return e;
        };
        if state != State::NotANumber {
            if n.is_nan() {
                state = State::NotANumber;
            } else if n == f64::INFINITY {
                state = if state == State::MinusInfinity {
                    State::NotANumber
                } else {
                    State::PlusInfinity
                };
            } else if n == f64::NEG_INFINITY {
                state = if state == State::PlusInfinity {
                    State::NotANumber
                } else {
                    State::MinusInfinity
                };
            } else if !(n == 0.0 && n.is_sign_negative())
                && matches!(state, State::MinusZero | State::Finite)
            {
                state = State::Finite;
                sum.add(n);
            }
        }
        cx.poll()?;
    }
    Ok(Value::number(match state {
        State::NotANumber => f64::NAN,
        State::PlusInfinity => f64::INFINITY,
        State::MinusInfinity => f64::NEG_INFINITY,
        State::MinusZero => -0.0,
        State::Finite => sum.round(),
    }))
}

#[cfg(test)]
mod tests {
    use super::ExactSum;

    fn sum(xs: &[f64]) -> f64 {
        let mut s = ExactSum::new();
        for &x in xs {
            s.add(x);
        }
        s.round()
    }

    #[test]
    fn exact_cancellation() {
        assert_eq!(sum(&[1e308, 1.0, -1e308]), 1.0);
        assert_eq!(sum(&[0.1, 0.2, -0.3]), 2.7755575615628914e-17);
        assert_eq!(sum(&[1.0, 1e100, 1.0, -1e100]), 2.0);
        let z = sum(&[1.0, -1.0]);
        assert!(z == 0.0 && z.is_sign_positive());
    }

    #[test]
    fn intermediate_overflow_is_not_an_infinity() {
        let m = f64::MAX;
        assert_eq!(sum(&[m, m, -m]), m);
        assert_eq!(sum(&[m, m, -m, -m]), 0.0);
        assert_eq!(sum(&[-m, -m, m]), -m);
    }

    #[test]
    fn overflow_rounds_to_infinity() {
        let m = f64::MAX;
        assert_eq!(sum(&[m, m]), f64::INFINITY);
        assert_eq!(sum(&[-m, -m]), f64::NEG_INFINITY);
        // MAX + half an ulp of MAX (2^970) is the tie: rounds to even, that
        // is away to 2^1024, an infinity; just below it stays MAX.
        let half_ulp = 2f64.powi(970);
        assert_eq!(sum(&[m, half_ulp]), f64::INFINITY);
        assert_eq!(sum(&[m, half_ulp, -f64::from_bits(1)]), m);
    }

    #[test]
    fn ties_to_even_and_sticky_bits() {
        let e = f64::EPSILON; // ulp of 1 is 2^-52; half of it is a tie.
        assert_eq!(sum(&[1.0, e / 2.0]), 1.0);
        assert_eq!(sum(&[1.0 + e, e / 2.0]), 1.0 + 2.0 * e);
        assert_eq!(sum(&[1.0, e / 2.0, f64::from_bits(1)]), 1.0 + e);
        assert_eq!(sum(&[1.0, e / 2.0, -f64::from_bits(1)]), 1.0);
    }

    #[test]
    fn subnormals_are_exact() {
        let t = f64::from_bits(1);
        assert_eq!(sum(&[t, t, t]), f64::from_bits(3));
        assert_eq!(sum(&[f64::MIN_POSITIVE, -t]), f64::from_bits((1 << 52) - 1));
        assert_eq!(sum(&[-t]), -t);
    }

    #[test]
    fn matches_naive_sum_when_that_is_exact() {
        let xs: Vec<f64> = (1..=1000).map(|i| i as f64 * 0.5).collect();
        assert_eq!(sum(&xs), 250250.0);
    }

    /// IEEE addition of two doubles is correctly rounded, so the exact
    /// sum of a pair must round to the same value (infinities included).
    #[test]
    fn pairs_agree_with_ieee_addition() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut checked = 0;
        while checked < 200_000 {
            let a = f64::from_bits(next());
            // Nearby exponents exercise carries and cancellation.
            let b = if checked % 2 == 0 {
                f64::from_bits(next())
            } else {
                -a * (1.0 + f64::from_bits(next() >> 12 | 0x3cb0_0000_0000_0000))
            };
            if !a.is_finite() || !b.is_finite() {
                continue;
            }
            let want = a + b;
            let got = sum(&[a, b]);
            assert!(
                got == want || (got.is_nan() && want.is_nan()),
                "{a:e} + {b:e}: {got:e} != {want:e}"
            );
            checked += 1;
        }
    }
}
