//! Scores the V8 benchmark suite (v7) and the QuickJS micro-benchmarks with
//! our engine and with QuickJS (through `rquickjs`, built from source) in one
//! process, alternating the engines run by run (ours, QuickJS, ours, ...) so
//! drifting machine load hits both alike, and prints per-benchmark medians
//! and their ratio.
//!
//! `cargo run --release -p engine-bench --example suite -- [--runs N] [--v8] [--micro] [MICRO-PREFIX...]`
//!
//! Without `--v8`/`--micro` both run. N (default 3) is the number of runs of
//! each engine. MICRO-PREFIX selects micro-benchmarks by name prefix, as
//! microbench.js does. Inputs are read from `V8_BENCH_DIR` (default
//! `../shared/bench/v8-v7`, holding `combined.js`) and `MICROBENCH` (default
//! `../shared/bench/microbench.js`), relative to the workspace root.
//!
//! V8 scores: higher is better, ratio = ours / QuickJS (above 1: we are
//! faster). Micro-benchmarks: nanoseconds per operation, lower is better,
//! ratio = ours / QuickJS (below 1: we are faster).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

type Lines = Rc<RefCell<Vec<String>>>;

/// Runs `source` with our engine; returns what it printed.
fn run_ours(source: &str, script_args: &[String]) -> Result<Vec<String>, String> {
    let rt = engine::Runtime::new();
    let ctx = engine::Context::new(&rt);
    let out: Lines = Rc::default();
    let sink = out.clone();
    ctx.set_global_function("print", 1, move |ctx, _this, args| {
        let parts: Vec<String> = args
            .iter()
            .map(|a| ctx.to_string(a).unwrap_or_default())
            .collect();
        sink.borrow_mut().push(parts.join(" "));
        Ok(engine::JsValue::undefined())
    });
    let start = Instant::now();
    ctx.set_global_function("__now", 0, move |_ctx, _this, _args| {
        Ok(engine::JsValue::from(
            start.elapsed().as_secs_f64() * 1000.0,
        ))
    });
    let args: Vec<engine::JsValue> = script_args.iter().map(|a| ctx.new_string(a)).collect();
    let args = ctx.new_array(&args).map_err(|e| e.message)?;
    ctx.global()
        .set(&ctx, "scriptArgs", &args.into())
        .map_err(|e| e.message)?;
    ctx.eval(
        "var console = { log: print }; var performance = { now: __now };",
        "host.js",
    )
    .map_err(|e| e.message)?;
    ctx.eval(source, "bench.js").map_err(|e| e.message)?;
    rt.run_pending_jobs().map_err(|e| e.message)?;
    let lines = out.borrow().clone();
    Ok(lines)
}

/// Runs `source` with QuickJS; returns what it printed.
fn run_quickjs(source: &str, script_args: &[String]) -> Result<Vec<String>, String> {
    use rquickjs::context::EvalOptions;
    use rquickjs::convert::Coerced;
    use rquickjs::function::Rest;
    use rquickjs::{Context, Function, Runtime};
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
    let out: Lines = Rc::default();
    let sink = out.clone();
    ctx.with(|ctx| -> Result<(), String> {
        let g = ctx.globals();
        let print = Function::new(ctx.clone(), move |args: Rest<Coerced<String>>| {
            let parts: Vec<String> = args.0.into_iter().map(|c| c.0).collect();
            sink.borrow_mut().push(parts.join(" "));
        })
        .map_err(|e| e.to_string())?;
        g.set("print", print).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let now = Function::new(ctx.clone(), move || start.elapsed().as_secs_f64() * 1000.0)
            .map_err(|e| e.to_string())?;
        g.set("__now", now).map_err(|e| e.to_string())?;
        g.set("scriptArgs", script_args.to_vec())
            .map_err(|e| e.to_string())?;
        ctx.eval::<(), _>("var console = { log: print }; var performance = { now: __now };")
            .map_err(|e| e.to_string())?;
        // Both benchmark files are sloppy classic scripts (microbench.js
        // assigns undeclared globals); rquickjs's default options force
        // strict mode.
        let mut opts = EvalOptions::default();
        opts.strict = false;
        if let Err(e) = ctx.eval_with_options::<(), _>(source, opts) {
            let msg = if e.is_exception() {
                format!("{:?}", ctx.catch())
            } else {
                e.to_string()
            };
            return Err(msg);
        }
        Ok(())
    })?;
    while rt.is_job_pending() {
        if rt.execute_pending_job().is_err() {
            return Err("a pending job failed".into());
        }
    }
    let lines = out.borrow().clone();
    Ok(lines)
}

/// `Name: number` lines of the V8 driver (including the total `Score`).
fn v8_scores(lines: &[String]) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for l in lines {
        if let Some((name, v)) = l.rsplit_once(": ")
            && let Ok(n) = v.trim().parse::<f64>()
        {
            let name = if name.starts_with("Score") {
                "Score (total)".to_string()
            } else {
                name.to_string()
            };
            out.insert(name, n);
        }
    }
    out
}

/// `name n ns` lines of microbench.js (the header and total excluded).
fn micro_times(lines: &[String]) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for l in lines {
        let cols: Vec<&str> = l.split_whitespace().collect();
        if cols.len() >= 3
            && cols[0] != "TEST"
            && cols[0] != "total"
            && let Ok(ns) = cols[2].parse::<f64>()
        {
            out.insert(cols[0].to_string(), ns);
        }
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn geomean(v: &[f64]) -> f64 {
    (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
}

/// Runs both engines `runs` times, alternating, and prints the medians.
fn compare(
    title: &str,
    source: &str,
    args: &[String],
    runs: usize,
    parse: fn(&[String]) -> BTreeMap<String, f64>,
    higher_is_better: bool,
) -> Result<(), String> {
    let mut ours: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut theirs: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in 0..runs {
        eprintln!("{title}: run {} of {runs}", run + 1);
        for (name, v) in parse(&run_ours(source, args)?) {
            ours.entry(name).or_default().push(v);
        }
        for (name, v) in parse(&run_quickjs(source, args)?) {
            theirs.entry(name).or_default().push(v);
        }
    }
    println!("{title} (median of {runs} runs per engine)");
    println!(
        "{:<28} {:>12} {:>12} {:>8}",
        "benchmark", "ours", "quickjs", "ratio"
    );
    let mut ratios = Vec::new();
    for (name, o) in &ours {
        let Some(t) = theirs.get(name) else {
            println!(
                "{name:<28} {:>12.2} {:>12} {:>8}",
                median(o.clone()),
                "-",
                "-"
            );
            continue;
        };
        let (o, t) = (median(o.clone()), median(t.clone()));
        let ratio = o / t;
        if name != "Score (total)" && ratio.is_finite() && ratio > 0.0 {
            ratios.push(ratio);
        }
        println!("{name:<28} {o:>12.2} {t:>12.2} {ratio:>7.2}x");
    }
    for name in theirs.keys().filter(|n| !ours.contains_key(*n)) {
        println!("{name:<28} {:>12} (failed in our engine)", "-");
    }
    if !ratios.is_empty() {
        println!(
            "{:<28} {:>12} {:>12} {:>7.2}x",
            "geomean of ratios",
            "",
            "",
            geomean(&ratios)
        );
    }
    let better = if higher_is_better {
        "higher is better; ratio above 1: ours faster"
    } else {
        "lower is better; ratio below 1: ours faster"
    };
    println!("({better})\n");
    Ok(())
}

fn input(var: &str, default: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(default),
    }
}

fn read(path: &Path, var: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {} ({e}); set {var} to its location",
            path.display()
        )
    })
}

fn main() -> ExitCode {
    let mut runs = 3;
    let (mut v8, mut micro) = (false, false);
    // microbench.js reads its arguments after the script name, as in `qjs`.
    let mut micro_args = vec!["microbench.js".to_string()];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--v8" => v8 = true,
            "--micro" => micro = true,
            _ => micro_args.push(a),
        }
    }
    if !v8 && !micro {
        (v8, micro) = (true, true);
    }
    let result = (|| -> Result<(), String> {
        if v8 {
            let path = input("V8_BENCH_DIR", "../shared/bench/v8-v7").join("combined.js");
            let src = read(&path, "V8_BENCH_DIR")?;
            compare("V8 suite v7 scores", &src, &[], runs, v8_scores, true)?;
        }
        if micro {
            let path = input("MICROBENCH", "../shared/bench/microbench.js");
            let src = read(&path, "MICROBENCH")?;
            compare(
                "microbench.js, ns per operation",
                &src,
                &micro_args,
                runs,
                micro_times,
                false,
            )?;
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
