//! The command-line shell, in the manner of QuickJS's `qjs`: runs files
//! and `-e` expressions as scripts or modules, then an event loop (timers,
//! promise jobs, I/O, workers) until nothing is left; offers the host
//! modules `std` and `os`; starts a REPL when given nothing to run (or
//! with `-i`).

mod args;
mod console;
mod convert;
mod event_loop;
mod file;
mod loader;
mod os_module;
mod printf;
mod repl;
mod std_module;
mod worker;

use std::io::Write;
use std::process::ExitCode;

use engine::{Context, EvalOptions, Runtime};

use args::{ArgsError, ModuleMode, Options};

/// Whether `source` is a module: its first statement is an `import` or
/// `export` declaration (comments and blank space skipped).
pub fn looks_like_module(source: &str) -> bool {
    let mut s = source.trim_start_matches('\u{feff}');
    loop {
        s = s.trim_start();
        if let Some(r) = s.strip_prefix("//") {
            s = r.split_once('\n').map_or("", |x| x.1);
        } else if let Some(r) = s.strip_prefix("/*") {
            s = r.split_once("*/").map_or("", |x| x.1);
        } else if let Some(r) = s.strip_prefix("#!") {
            s = r.split_once('\n').map_or("", |x| x.1);
        } else {
            break;
        }
    }
    let word_end = |w: &str| {
        s.strip_prefix(w).is_some_and(|r| {
            r.chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'))
                && !r.trim_start().starts_with('(')
                && !r.trim_start().starts_with('.')
        })
    };
    word_end("import") || word_end("export")
}

/// Evaluates `source` named `name` as a module or a script; module
/// promises are driven by the event loop.
pub fn eval_source(
    ctx: &Context,
    source: &str,
    name: &str,
    module: bool,
) -> Result<engine::JsValue, engine::JsError> {
    ctx.eval_with(
        source,
        name,
        EvalOptions {
            strict: module,
            module,
        },
    )
}

/// Runs file `path` (for `-I` and `std.loadScript`-like uses).
fn run_file(ctx: &Context, path: &str, mode: ModuleMode) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let module = match mode {
        ModuleMode::Module => true,
        ModuleMode::Script => false,
        ModuleMode::Auto => path.ends_with(".mjs") || looks_like_module(&source),
    };
    match eval_source(ctx, &source, path, module) {
        Ok(_) => Ok(()),
        Err(e) => {
            event_loop::report_error(ctx, &e);
            Err(String::new())
        }
    }
}

fn print_memory(rt: &Runtime) {
    let m = rt.memory_usage();
    eprintln!("memory: {} bytes", m.bytes);
    for (kind, n) in m.cells_by_kind {
        eprintln!("  {kind:<18} {n}");
    }
}

/// Sets up a runtime and a context the way the shell (and each worker)
/// runs code.
pub fn new_runtime(opts: &Options) -> (Runtime, Context) {
    let rt = Runtime::new();
    if let Some(n) = opts.memory_limit {
        rt.set_memory_limit(Some(n));
    }
    if let Some(n) = opts.stack_size {
        rt.set_max_stack_size(n);
    }
    loader::install(&rt, opts.file.as_deref());
    // Rejections still unhandled once the job queue empties are printed by
    // the event loop (`event_loop::check_rejections`).
    rt.set_unhandled_rejection_hook(Some(Box::new(|_ctx, _promise, reason| {
        event_loop::with(|h| h.unhandled.push(reason.clone()));
    })));
    let ctx = Context::new(&rt);
    console::install(&ctx, &opts.script_args);
    event_loop::with(|h| h.rejections = opts.rejections);
    if opts.std_globals {
        let g = ctx.global();
        convert::set(&ctx, &g, "std", std_module::object(&ctx));
        convert::set(&ctx, &g, "os", os_module::object(&ctx));
    }
    (rt, ctx)
}

fn run(opts: Options) -> i32 {
    worker::configure(&opts);
    let (rt, ctx) = new_runtime(&opts);
    if opts.quit {
        return 0;
    }
    for inc in &opts.includes {
        if let Err(m) = run_file(&ctx, inc, ModuleMode::Auto) {
            if !m.is_empty() {
                eprintln!("{m}");
            }
            return 1;
        }
    }
    let main = match (&opts.expr, &opts.file) {
        (Some(e), _) => Some((e.clone(), "<cmdline>".to_string())),
        (None, Some(f)) => match std::fs::read_to_string(f) {
            Ok(s) => Some((s, f.clone())),
            Err(e) => {
                eprintln!("cannot read {f}: {e}");
                return 2;
            }
        },
        (None, None) => None,
    };
    if let Some((source, name)) = main {
        if opts.dump_bytecode {
            return match ctx.dump_bytecode(&source, &name) {
                Ok(text) => {
                    print!("{text}");
                    0
                }
                Err(e) => {
                    event_loop::report_error(&ctx, &e);
                    1
                }
            };
        }
        let module = match opts.module {
            ModuleMode::Module => true,
            ModuleMode::Script => false,
            ModuleMode::Auto => {
                opts.expr.is_none() && (name.ends_with(".mjs") || looks_like_module(&source))
            }
        };
        match eval_source(&ctx, &source, &name, module) {
            Ok(v) => {
                if opts.print && !module {
                    println!("{}", ctx.inspect(&v));
                }
                event_loop::run(&ctx, &rt);
            }
            Err(e) => {
                event_loop::report_error(&ctx, &e);
                if !opts.interactive {
                    return finish(opts, rt, ctx);
                }
            }
        }
    }
    if opts.interactive || (opts.expr.is_none() && opts.file.is_none()) {
        repl::run(&ctx, &rt, opts.color);
    }
    finish(opts, rt, ctx)
}

fn finish(opts: Options, rt: Runtime, ctx: Context) -> i32 {
    let code = event_loop::with(|h| h.exit_code);
    worker::shutdown();
    event_loop::clear();
    if opts.dump_memory {
        drop(ctx);
        rt.run_gc();
        print_memory(&rt);
    }
    code
}

fn main() -> ExitCode {
    let opts = match args::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(ArgsError::Help) => {
            println!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(ArgsError::Invalid(msg)) => {
            eprintln!("{msg}\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    // The engine recurses on the native stack: give it room.
    let stack = opts.stack_size.unwrap_or(1 << 20).saturating_add(64 << 20);
    let code = std::thread::Builder::new()
        .stack_size(stack)
        .spawn(move || run(opts))
        .map(|t| t.join().unwrap_or(70))
        .unwrap_or(70);
    let _ = std::io::stdout().flush();
    ExitCode::from(code.clamp(0, 255) as u8)
}
