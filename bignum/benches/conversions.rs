//! Number <-> string conversion benchmarks.

use std::hint::black_box;

use bignum::number_format::{
    number_to_string, number_to_string_radix, to_exponential, to_fixed, to_precision,
};
use bignum::number_parse::{parse_float, parse_int, string_to_number};
use criterion::{Criterion, criterion_group, criterion_main};

const VALUES: [f64; 8] = [
    0.1,
    123.456,
    -1.5e-7,
    1e21,
    42.0,
    1.7976931348623157e308,
    5e-324,
    0.30000000000000004,
];

fn format(c: &mut Criterion) {
    // Baselines to compare against under the same machine load.
    c.bench_function("baseline/std_format_e/0.1+0.2", |b| {
        b.iter(|| format!("{:e}", black_box(0.30000000000000004)))
    });
    c.bench_function("baseline/std_to_string/1234567", |b| {
        b.iter(|| black_box(1234567u64).to_string())
    });
    c.bench_function("number_to_string/mixed8", |b| {
        b.iter(|| {
            for &x in &VALUES {
                black_box(number_to_string(black_box(x)));
            }
        })
    });
    c.bench_function("number_to_string/integer", |b| {
        b.iter(|| number_to_string(black_box(1234567.0)))
    });
    c.bench_function("number_to_string/0.1+0.2", |b| {
        b.iter(|| number_to_string(black_box(0.30000000000000004)))
    });
    c.bench_function("number_to_string_radix/0.1 base 2", |b| {
        b.iter(|| number_to_string_radix(black_box(0.1), 2))
    });
    c.bench_function("number_to_string_radix/123.456 base 36", |b| {
        b.iter(|| number_to_string_radix(black_box(123.456), 36))
    });
    c.bench_function("to_fixed/123.456,2", |b| {
        b.iter(|| to_fixed(black_box(123.456), 2))
    });
    c.bench_function("to_fixed/1.1,100", |b| {
        b.iter(|| to_fixed(black_box(1.1), 100))
    });
    c.bench_function("to_exponential/123.456,5", |b| {
        b.iter(|| to_exponential(black_box(123.456), Some(5)))
    });
    c.bench_function("to_precision/123.456,4", |b| {
        b.iter(|| to_precision(black_box(123.456), 4))
    });
    c.bench_function("to_precision/1e-300,20", |b| {
        b.iter(|| to_precision(black_box(1e-300), 20))
    });
}

fn parse(c: &mut Criterion) {
    c.bench_function("string_to_number/\"123.456\"", |b| {
        b.iter(|| string_to_number(black_box("123.456")))
    });
    c.bench_function("string_to_number/\"  -1.5e-7 \"", |b| {
        b.iter(|| string_to_number(black_box("  -1.5e-7 ")))
    });
    c.bench_function("string_to_number/\"42\"", |b| {
        b.iter(|| string_to_number(black_box("42")))
    });
    c.bench_function("string_to_number/\"0x1fffffffffffff\"", |b| {
        b.iter(|| string_to_number(black_box("0x1fffffffffffff")))
    });
    c.bench_function("parse_float/\"3.25px\"", |b| {
        b.iter(|| parse_float(black_box("3.25px")))
    });
    c.bench_function("parse_int/\"12345px\",10", |b| {
        b.iter(|| parse_int(black_box("12345px"), 10))
    });
    c.bench_function("parse_int/\"ff\",16", |b| {
        b.iter(|| parse_int(black_box("ff"), 16))
    });
}

criterion_group!(benches, format, parse);
criterion_main!(benches);
