//! A minimal QuickJS shell, the reference for timing one script against the
//! engine's own shell: QuickJS comes from `rquickjs` (built from its C
//! sources), so nothing needs installing.
//!
//! `cargo run --release -p engine-bench --example qjs -- FILE.js [ARGS...]`
//!
//! The file runs as a sloppy classic script with `print`, `console.log` and
//! `scriptArgs` (`[FILE, ARGS...]`), as in the engine's shell; pending jobs
//! run afterwards. Prints go straight to standard output. An uncaught
//! exception is printed to standard error and the exit status is 1.
//!
//! To compare the two shells run by run:
//! `farm-bench --vs 'target/release/examples/qjs F.js' -- target/release/cli F.js`.

use std::process::ExitCode;

use rquickjs::context::EvalOptions;
use rquickjs::convert::Coerced;
use rquickjs::function::Rest;
use rquickjs::{Context, Function, Runtime};

fn run(file: &str, script_args: Vec<String>) -> Result<(), String> {
    let source = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
    let rt = Runtime::new().map_err(|e| e.to_string())?;
    let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
    ctx.with(|ctx| -> Result<(), String> {
        let g = ctx.globals();
        let print = Function::new(ctx.clone(), |args: Rest<Coerced<String>>| {
            let parts: Vec<String> = args.0.into_iter().map(|c| c.0).collect();
            println!("{}", parts.join(" "));
        })
        .map_err(|e| e.to_string())?;
        g.set("print", print).map_err(|e| e.to_string())?;
        g.set("scriptArgs", script_args)
            .map_err(|e| e.to_string())?;
        ctx.eval::<(), _>("var console = { log: print };")
            .map_err(|e| e.to_string())?;
        // rquickjs's default options force strict mode; a shell runs
        // sloppy classic scripts.
        let mut opts = EvalOptions::default();
        opts.strict = false;
        if let Err(e) = ctx.eval_with_options::<(), _>(source, opts) {
            return Err(if e.is_exception() {
                format!("Uncaught {:?}", ctx.catch())
            } else {
                e.to_string()
            });
        }
        Ok(())
    })?;
    while rt.is_job_pending() {
        if rt.execute_pending_job().is_err() {
            return Err("a pending job failed".into());
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(file) = args.first().cloned() else {
        eprintln!("usage: qjs FILE.js [ARGS...]");
        return ExitCode::from(2);
    };
    match run(&file, args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
