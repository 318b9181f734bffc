//! Quick side-by-side timing of the core-path workloads: our engine against
//! QuickJS in the same process, calls alternated (engine, QuickJS, engine, ...)
//! so that drifting machine load hits both alike. Prints, per workload, the
//! median wall-clock time per call of each engine and their ratio
//! engine/QuickJS (above 1 means our engine is slower). It also prints the
//! ratio of median CPU times of the calling thread, which time spent waiting
//! for a core on a busy machine does not inflate.
//!
//! `cargo run --release -p engine-bench --example compare -- [--runs N] [NAME...]`
//!
//! NAME filters the workloads by substring; N is the number of timed calls of
//! each engine per workload (default 15), after one untimed warm-up call each.

use cpu_time::ThreadTime;
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

/// Runs `f`, returning its result with the wall-clock and thread CPU time
/// it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration, Option<Duration>) {
    let c0 = ThreadTime::try_now().ok();
    let t0 = Instant::now();
    let r = f();
    let wall = t0.elapsed();
    let cpu = c0.map(|c| c.elapsed());
    (r, wall, cpu)
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
        "{:<14} {:>7} {:>11} {:>11} {:>8} {:>10}",
        "workload", "n", "engine ms", "quickjs ms", "ratio", "cpu ratio"
    );
    let mut failed = false;
    let mut log_ratio_sum = 0.0;
    let mut log_cpu_ratio_sum = 0.0;
    let mut cpu_counted = 0;
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
            println!("{:<14} result mismatch: engine {a}, quickjs {b}", w.name);
            failed = true;
            continue;
        }
        let (mut te, mut tq) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        let (mut ce, mut cq) = (Vec::with_capacity(runs), Vec::with_capacity(runs));
        let mut error = None;
        for _ in 0..runs {
            let (r, wall, cpu) = timed(|| ours.run());
            te.push(wall);
            ce.extend(cpu);
            let (s, wall, cpu) = timed(|| qjs.run());
            tq.push(wall);
            cq.extend(cpu);
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
        let cpu_ratio = if ce.len() == runs && cq.len() == runs {
            let r = median(&mut ce).as_secs_f64() / median(&mut cq).as_secs_f64();
            log_cpu_ratio_sum += r.ln();
            cpu_counted += 1;
            format!("{r:>9.2}x")
        } else {
            format!("{:>10}", "-")
        };
        println!(
            "{:<14} {:>7} {:>11.3} {:>11.3} {:>7.2}x {cpu_ratio}",
            w.name,
            w.n,
            ms(me),
            ms(mq),
            ratio
        );
    }
    if counted > 0 {
        let cpu = if cpu_counted == counted {
            format!("{:>9.2}x", (log_cpu_ratio_sum / cpu_counted as f64).exp())
        } else {
            format!("{:>10}", "-")
        };
        println!(
            "{:<14} {:>7} {:>11} {:>11} {:>7.2}x {cpu}",
            "geomean",
            "",
            "",
            "",
            (log_ratio_sum / counted as f64).exp()
        );
    }
    println!(
        "medians of {runs} alternating calls per engine; ratio = engine / QuickJS wall time, \
         cpu ratio = the same for thread CPU time; lower is better"
    );
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
