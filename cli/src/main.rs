//! The command-line shell: runs scripts, evaluates `-e` expressions, or
//! starts a REPL when given nothing to run.

use std::io::{BufRead, Write};
use std::process::ExitCode;

use engine::{Context, EvalOptions, FileLoader, FileResolver, JsError, JsValue, Runtime};

const USAGE: &str = "usage: cli [options] [file.js [args...]]
options:
  -e EXPR            evaluate EXPR
  -m, --module       run the file (or EXPR) as a module (default for .mjs files)
  --dump-bytecode    print the compiled bytecode instead of running
  -d, --dump-memory  print memory statistics at exit
  --memory-limit N   limit the heap to N bytes
  --stack-size N     limit the native stack to N bytes
  -h, --help         show this help";

struct Options {
    expr: Option<String>,
    file: Option<String>,
    script_args: Vec<String>,
    dump_bytecode: bool,
    dump_memory: bool,
    module: bool,
    memory_limit: Option<usize>,
    stack_size: Option<usize>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        expr: None,
        file: None,
        script_args: Vec::new(),
        dump_bytecode: false,
        dump_memory: false,
        module: false,
        memory_limit: None,
        stack_size: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if o.file.is_some() {
            o.script_args.push(a);
            continue;
        }
        match a.as_str() {
            "-e" | "--eval" => o.expr = Some(args.next().ok_or("-e needs an expression")?),
            "--dump-bytecode" => o.dump_bytecode = true,
            "-m" | "--module" => o.module = true,
            "-d" | "--dump-memory" => o.dump_memory = true,
            "--memory-limit" => {
                let n = args.next().ok_or("--memory-limit needs a number")?;
                o.memory_limit = Some(n.parse().map_err(|_| format!("invalid number: {n}"))?);
            }
            "--stack-size" => {
                let n = args.next().ok_or("--stack-size needs a number")?;
                o.stack_size = Some(n.parse().map_err(|_| format!("invalid number: {n}"))?);
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(format!("unknown option {s}\n{USAGE}"));
            }
            _ => o.file = Some(a),
        }
    }
    Ok(o)
}

/// `print(...)` and `console.log(...)`: arguments rendered and joined by spaces.
fn install_console(ctx: &Context) {
    let log = |ctx: &Context, _this: &JsValue, args: &[JsValue]| -> Result<JsValue, JsValue> {
        let parts: Vec<String> = args.iter().map(|a| ctx.inspect(a)).collect();
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", parts.join(" "));
        Ok(JsValue::undefined())
    };
    ctx.set_global_function("print", 1, log);
    let console = ctx.new_object();
    let f = ctx.new_function("log", 1, log);
    let _ = console.set(ctx, "log", &f.into());
    let err = ctx.new_function(
        "error",
        1,
        |ctx: &Context, _this: &JsValue, args: &[JsValue]| {
            let parts: Vec<String> = args.iter().map(|a| ctx.inspect(a)).collect();
            eprintln!("{}", parts.join(" "));
            Ok(JsValue::undefined())
        },
    );
    let _ = console.set(ctx, "error", &err.into());
    let _ = ctx.global().set(ctx, "console", &console.into());
}

fn report(e: &JsError) {
    eprintln!("Uncaught {}", e.message);
    if let Some(stack) = &e.stack {
        eprint!("{stack}");
    }
}

fn print_memory(rt: &Runtime) {
    let m = rt.memory_usage();
    eprintln!("memory: {} bytes", m.bytes);
    for (kind, n) in m.cells_by_kind {
        eprintln!("  {kind:<18} {n}");
    }
}

fn repl(ctx: &Context) {
    let stdin = std::io::stdin();
    let mut line = String::new();
    loop {
        print!("> ");
        let _ = std::io::stdout().flush();
        line.clear();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        match ctx.eval(&line, "<repl>") {
            Ok(v) => println!("{}", ctx.inspect(&v)),
            Err(e) => report(&e),
        }
    }
}

/// Resolves module specifiers as file paths relative to the importing
/// module's file (bare ones relative to the current directory) and reads
/// them.
/// `import.meta.url` is the module file's `file://` URL and
/// `import.meta.main` says whether it is the file the shell was given, as
/// in QuickJS.
fn install_file_loader(rt: &Runtime, main: Option<&str>) {
    rt.set_module_resolver(Some(Box::new(FileResolver)));
    rt.set_module_loader(Some(Box::new(FileLoader::new())));
    let main = main.map(str::to_string);
    rt.set_import_meta_hook(Some(Box::new(move |ctx, id, meta| {
        let path = std::fs::canonicalize(id).unwrap_or_else(|_| id.into());
        let url = ctx.new_string(&format!("file://{}", path.display()));
        let is_main = main.as_deref() == Some(id);
        meta.set(ctx, "url", &url).map_err(|e| e.value)?;
        meta.set(ctx, "main", &is_main.into()).map_err(|e| e.value)
    })));
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    let rt = Runtime::new();
    if let Some(n) = opts.memory_limit {
        rt.set_memory_limit(Some(n));
    }
    if let Some(n) = opts.stack_size {
        rt.set_max_stack_size(n);
    }
    install_file_loader(&rt, opts.file.as_deref());
    let ctx = Context::new(&rt);
    install_console(&ctx);
    let script_args: Vec<JsValue> = opts.script_args.iter().map(|a| ctx.new_string(a)).collect();
    if let Ok(args) = ctx.new_array(&script_args) {
        let _ = ctx.global().set(&ctx, "scriptArgs", &args.into());
    }
    let (source, name) = match (&opts.expr, &opts.file) {
        (Some(e), _) => (e.clone(), "<cmdline>".to_string()),
        (None, Some(f)) => match std::fs::read_to_string(f) {
            Ok(s) => (s, f.clone()),
            Err(e) => {
                eprintln!("cannot read {f}: {e}");
                return ExitCode::from(2);
            }
        },
        (None, None) => {
            repl(&ctx);
            return ExitCode::SUCCESS;
        }
    };
    if opts.dump_bytecode {
        return match ctx.dump_bytecode(&source, &name) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                report(&e);
                ExitCode::from(1)
            }
        };
    }
    let module = opts.module || (opts.expr.is_none() && name.ends_with(".mjs"));
    let eval_opts = EvalOptions {
        strict: module,
        module,
    };
    let status = match ctx.eval_with(&source, &name, eval_opts) {
        Ok(v) => {
            if opts.expr.is_some() && !v.is_undefined() {
                println!("{}", ctx.inspect(&v));
            }
            match rt.run_pending_jobs() {
                Ok(_) => ExitCode::SUCCESS,
                Err(e) => {
                    report(&e);
                    ExitCode::from(1)
                }
            }
        }
        Err(e) => {
            report(&e);
            ExitCode::from(1)
        }
    };
    if opts.dump_memory {
        drop(ctx);
        rt.run_gc();
        print_memory(&rt);
    }
    status
}
