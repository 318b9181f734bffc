//! BigInt arithmetic benchmarks on 64-, 256- and 10,000-bit operands.

use std::hint::black_box;

use bignum::bigint::JsBigInt;
use criterion::{Criterion, criterion_group, criterion_main};

/// A deterministic odd value with exactly `bits` bits.
fn value(bits: u32, seed: u64) -> JsBigInt {
    let mut state = seed | 1;
    let mut hex = String::from("1");
    for _ in 0..(bits - 1).div_ceil(4) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        hex.push(char::from(b"0123456789abcdef"[(state & 15) as usize]));
    }
    JsBigInt::parse(&format!("0x{hex}")).expect("valid hex")
}

fn arithmetic(c: &mut Criterion) {
    for bits in [64u32, 256, 10_000] {
        let a = value(bits, 0x1234_5678);
        let b = value(bits, 0x8765_4321);
        let product = a.mul(&b).expect("fits");
        c.bench_function(&format!("bigint/mul/{bits}"), |bench| {
            bench.iter(|| black_box(&a).mul(black_box(&b)))
        });
        c.bench_function(&format!("bigint/div/{}by{bits}", 2 * bits), |bench| {
            bench.iter(|| black_box(&product).div(black_box(&b)))
        });
        c.bench_function(&format!("bigint/to_string10/{bits}"), |bench| {
            bench.iter(|| black_box(&a).to_string_radix(10))
        });
        c.bench_function(&format!("bigint/to_string16/{bits}"), |bench| {
            bench.iter(|| black_box(&a).to_string_radix(16))
        });
        let text = a.to_string_radix(10);
        c.bench_function(&format!("bigint/parse10/{bits}"), |bench| {
            bench.iter(|| JsBigInt::parse(black_box(&text)))
        });
        c.bench_function(&format!("bigint/to_f64/{bits}"), |bench| {
            bench.iter(|| black_box(&a).to_f64())
        });
    }
}

criterion_group!(benches, arithmetic);
criterion_main!(benches);
