//! The cost of crossing the embedding boundary, next to QuickJS (through
//! `rquickjs`) in the same process:
//!
//! * Rust to JS: Rust calls a script function `(a, b) => a + b` with two
//!   integers and converts the result back to `i32`;
//! * JS to Rust: a script loop calls a typed Rust function
//!   `add(a: i32, b: i32) -> i32`.
//!
//! `cargo run --release -p engine-bench --example embed_calls [-- --n N --runs R]`
//! prints ns per call for both engines and the ratio (ours / QuickJS,
//! lower is better); the best of R runs counts. `--only NAME` (one of
//! `engine-rust->js`, `quickjs-js->rust`, ...) runs a single side once,
//! for instruction counts under callgrind.

use std::time::Instant;

fn arg(name: &str, default: u32) -> u32 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Best time per iteration of `f(n)` over `runs` runs, in ns.
fn best(runs: u32, n: u32, mut f: impl FnMut(u32) -> i64) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f(n);
        let ns = t.elapsed().as_nanos() as f64 / n as f64;
        assert_eq!(r, n as i64, "wrong result");
        best = best.min(ns);
    }
    best
}

fn engine_rust_to_js(n: u32) -> i64 {
    let rt = engine::Runtime::new();
    let ctx = engine::Context::new(&rt);
    let f: engine::JsFunction = ctx.eval_as("(a, b) => a + b").unwrap();
    let mut acc = 0i32;
    for _ in 0..n {
        acc = f.call(&ctx, (acc, 1)).unwrap();
    }
    acc as i64
}

fn engine_js_to_rust(n: u32) -> i64 {
    let rt = engine::Runtime::new();
    let ctx = engine::Context::new(&rt);
    ctx.set_global_fn("add", |a: i32, b: i32| a + b);
    ctx.eval_as::<i64>(&format!(
        "let s = 0; for (let i = 0; i < {n}; i++) s = add(s, 1); s"
    ))
    .unwrap()
}

fn quickjs_rust_to_js(n: u32) -> i64 {
    let rt = rquickjs::Runtime::new().unwrap();
    let ctx = rquickjs::Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let f: rquickjs::Function = ctx.eval("(a, b) => a + b").unwrap();
        let mut acc = 0i32;
        for _ in 0..n {
            acc = f.call((acc, 1)).unwrap();
        }
        acc as i64
    })
}

fn quickjs_js_to_rust(n: u32) -> i64 {
    let rt = rquickjs::Runtime::new().unwrap();
    let ctx = rquickjs::Context::full(&rt).unwrap();
    ctx.with(|ctx| {
        let add = rquickjs::Function::new(ctx.clone(), |a: i32, b: i32| a + b).unwrap();
        ctx.globals().set("add", add).unwrap();
        ctx.eval::<i64, _>(format!(
            "let s = 0; for (let i = 0; i < {n}; i++) s = add(s, 1); s"
        ))
        .unwrap()
    })
}

fn main() {
    let n = arg("--n", 200_000);
    let runs = arg("--runs", 5);
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--only") {
        let f: fn(u32) -> i64 = match args.get(i + 1).map(String::as_str) {
            Some("engine-rust->js") => engine_rust_to_js,
            Some("engine-js->rust") => engine_js_to_rust,
            Some("quickjs-rust->js") => quickjs_rust_to_js,
            Some("quickjs-js->rust") => quickjs_js_to_rust,
            _ => panic!("unknown --only name"),
        };
        assert_eq!(f(n), n as i64);
        return;
    }
    println!(
        "{:<12} {:>12} {:>12} {:>8}",
        "call", "engine ns", "quickjs ns", "ratio"
    );
    for (name, ours, theirs) in [
        (
            "rust->js",
            engine_rust_to_js as fn(u32) -> i64,
            quickjs_rust_to_js as fn(u32) -> i64,
        ),
        ("js->rust", engine_js_to_rust, quickjs_js_to_rust),
    ] {
        let a = best(runs, n, ours);
        let b = best(runs, n, theirs);
        println!("{name:<12} {a:>12.1} {b:>12.1} {:>8.2}", a / b);
    }
}
