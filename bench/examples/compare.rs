//! Quick side-by-side timing of the core-path workloads: our engine against
//! QuickJS in the same process, calls alternated (engine, QuickJS, engine, ...)
//! so that drifting machine load hits both alike. Prints the median time per
//! call and the ratio engine/QuickJS (above 1 means our engine is slower).
//!
//! `cargo run --release -p engine-bench --example compare -- [--runs N] [NAME...]`
//!
//! NAME filters the workloads by substring; N is the number of timed calls of
//! each engine per workload (default 15), after one untimed warm-up call each.

use engine_bench::{EngineWorkload, WORKLOADS, same_result};
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[path = "../benches/support/quickjs.rs"]
mod quickjs;
use quickjs::QuickJsWorkload;

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> ExitCode {
    let mut runs = 15usize;
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" | "-n" => match args.next().and_then(|s| s.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("--runs needs a positive number");
                    return ExitCode::from(2);
                }
            },
            "-h" | "--help" => {
                println!("usage: compare [--runs N] [NAME...]");
                return ExitCode::SUCCESS;
            }
            _ => filters.push(a),
        }
    }

    println!(
        "{:<14} {:>8} {:>12} {:>12} {:>8}",
        "workload", "n", "engine ms", "quickjs ms", "ratio"
    );
    let mut failed = false;
    let mut log_ratio_sum = 0.0;
    let mut counted = 0;
    for w in WORKLOADS {
        if !filters.is_empty() && !filters.iter().any(|f| w.name.contains(f.as_str())) {
            continue;
        }
        let loaded = EngineWorkload::new(w).and_then(|e| Ok((e, QuickJsWorkload::new(w)?)));
        let (ours, qjs) = match loaded {
            Ok(p) => p,
            Err(e) => {
                println!("{:<14} setup error: {e}", w.name);
                failed = true;
                continue;
            }
        };
        // Warm-up call of each, also checking both compute the same value.
        let (a, b) = match (ours.run(), qjs.run()) {
            (Ok(a), Ok(b)) => (a, b),
            (a, b) => {
                println!("{:<14} error: engine {a:?}, quickjs {b:?}", w.name);
                failed = true;
                continue;
            }
        };
        if !same_result(a, b) {
            println!(
                "{:<14} result mismatch: engine {a}, quickjs {b}",
                w.name
            );
            failed = true;
            continue;
        }
        let mut te = Vec::with_capacity(runs);
        let mut tq = Vec::with_capacity(runs);
        let mut error = None;
        for _ in 0..runs {
            let t = Instant::now();
            let r = ours.run();
            te.push(t.elapsed());
            let t = Instant::now();
            let s = qjs.run();
            tq.push(t.elapsed());
            if let Err(e) = r.and(s) {
                error = Some(e);
                break;
            }
        }
        if let Some(e) = error {
            println!("{:<14} error: {e}", w.name);
            failed = true;
            continue;
        }
        let (me, mq) = (median(&mut te), median(&mut tq));
        let ratio = me.as_secs_f64() / mq.as_secs_f64();
        log_ratio_sum += ratio.ln();
        counted += 1;
        println!(
            "{:<14} {:>8} {:>12.3} {:>12.3} {:>7.2}x",
            w.name,
            w.n,
            ms(me),
            ms(mq),
            ratio
        );
    }
    if counted > 0 {
        println!(
            "{:<14} {:>8} {:>12} {:>12} {:>7.2}x",
            "geomean",
            "",
            "",
            "",
            (log_ratio_sum / counted as f64).exp()
        );
    }
    println!("(median of {runs} alternating calls per engine; ratio = engine / QuickJS, lower is better)");
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
