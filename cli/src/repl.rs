//! The REPL, on rustyline: history kept in `~/.cli_history`, multi-line
//! input while a statement is incomplete, tab completion of globals and
//! property names, values printed like node's `util.inspect` (coloured on
//! a terminal), the commands `.help`, `.load FILE` and `.exit`, Ctrl-C
//! stopping a running script (or, at the prompt, clearing the line; twice
//! in a row leaves), and the event loop's due work run after each input.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::IsTerminal;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use engine::{Context, InspectOptions, JsValue, Runtime};
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Config, Editor, Helper};

use crate::convert;
use crate::event_loop;

const HELP: &str = "\
.help        show this help
.load FILE   run FILE in this session
.exit        leave (as do Ctrl-D and Ctrl-C twice)
Ctrl-C stops a running script; Tab completes names; an incomplete
statement continues on the next line.";

const KEYWORDS: &[&str] = &[
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

const NAMES: &str = "(function (o) {
  const out = new Set();
  let n = 0;
  for (; o !== null && o !== undefined && n < 32; o = Object.getPrototypeOf(o), n++) {
    for (const k of Object.getOwnPropertyNames(o)) out.add(k);
    if (typeof o !== 'object' && typeof o !== 'function') o = Object(o);
  }
  return [...out];
})";

/// Whether `source` stops in the middle of a statement: its syntax error
/// is at the end of the input or says the input ended.
pub fn incomplete(ctx: &Context, source: &str) -> bool {
    let Err(e) = ctx.dump_bytecode(source, "<repl>") else {
        return false;
    };
    let m = &e.message;
    if m.contains("end of input") || (m.contains("unterminated") && !m.contains("string literal")) {
        return true;
    }
    // "message (line:col)": at or past the end of the input?
    let Some(pos) = m.rsplit_once('(').map(|x| x.1.trim_end_matches(')')) else {
        return false;
    };
    let Some((l, c)) = pos.split_once(':') else {
        return false;
    };
    let (Ok(l), Ok(c)) = (l.parse::<usize>(), c.parse::<usize>()) else {
        return false;
    };
    let trimmed = source.trim_end();
    let end_line = trimmed.matches('\n').count() + 1;
    let end_col = trimmed.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    l > end_line || (l == end_line && c >= end_col)
}

struct ReplHelper {
    ctx: Context,
    color: bool,
    /// Names the inputs declared with `let`, `const` or `class` (global
    /// lexical bindings are not properties of the global object).
    lexical: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

/// The names declared by `let`, `const` and `class` in `src` (simple
/// bindings only).
fn declared_names(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let words: Vec<&str> = src
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .filter(|w| !w.is_empty())
        .collect();
    for w in words.windows(2) {
        if matches!(w[0], "let" | "const" | "class")
            && !w[1].starts_with(|c: char| c.is_ascii_digit())
        {
            out.push(w[1].to_string());
        }
    }
    out
}

impl ReplHelper {
    /// Property names of the value of `base` (a chain of identifiers), or
    /// of the global object plus keywords when `base` is empty.
    fn names(&self, base: &str) -> Vec<String> {
        let ctx = &self.ctx;
        let target = if base.is_empty() {
            ctx.global().into()
        } else {
            match ctx.eval(base, "<completion>") {
                Ok(v) => v,
                Err(_) => return Vec::new(),
            }
        };
        if target.is_undefined() || target.is_null() {
            return Vec::new();
        }
        let Ok(f) = ctx.eval(NAMES, "<completion>") else {
            return Vec::new();
        };
        let Ok(list) = ctx.call(&f, &JsValue::undefined(), &[target]) else {
            return Vec::new();
        };
        let mut out: Vec<String> = convert::array_items(ctx, &list)
            .unwrap_or_default()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        if base.is_empty() {
            out.extend(KEYWORDS.iter().map(|s| s.to_string()));
            out.extend(self.lexical.borrow().iter().cloned());
        }
        out
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        if before.trim_start().starts_with('.') && !before.contains(' ') {
            let start = before.len() - before.trim_start().len();
            let cands = [".help", ".load", ".exit"]
                .iter()
                .filter(|c| c.starts_with(before.trim_start()))
                .map(|c| Pair {
                    display: c.to_string(),
                    replacement: c.to_string(),
                })
                .collect();
            return Ok((start, cands));
        }
        // The word before the cursor: identifiers joined by dots.
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || matches!(c, '_' | '$' | '.'))
            .last()
            .map_or(pos, |(i, _)| i);
        let word = &before[start..];
        let (base, prefix, at) = match word.rfind('.') {
            Some(i) => (&word[..i], &word[i + 1..], start + i + 1),
            None => ("", word, start),
        };
        let simple = base.split('.').all(|p| {
            !p.is_empty()
                && !p.starts_with(|c: char| c.is_ascii_digit())
                && p.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
        });
        if !base.is_empty() && !simple {
            return Ok((at, Vec::new()));
        }
        let mut names: Vec<String> = self
            .names(base)
            .into_iter()
            .filter(|n| n.starts_with(prefix))
            .filter(|n| base.is_empty() || !n.chars().next().is_some_and(|c| c.is_ascii_digit()))
            .collect();
        names.sort();
        names.dedup();
        Ok((
            at,
            names
                .into_iter()
                .map(|n| Pair {
                    display: n.clone(),
                    replacement: n,
                })
                .collect(),
        ))
    }
}

impl Hinter for ReplHelper {
    type Hint = String;
}

impl Highlighter for ReplHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        default: bool,
    ) -> Cow<'b, str> {
        if self.color && default {
            Cow::Owned(format!("\x1b[32m{prompt}\x1b[39m"))
        } else {
            Cow::Borrowed(prompt)
        }
    }
}

impl Validator for ReplHelper {
    fn validate(&self, vc: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        let input = vc.input();
        if input.trim_start().starts_with('.') || input.trim().is_empty() {
            return Ok(ValidationResult::Valid(None));
        }
        Ok(if incomplete(&self.ctx, input) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for ReplHelper {}

fn history_path() -> Option<std::path::PathBuf> {
    let home = std::env::var_os("HOME")?;
    Some(std::path::Path::new(&home).join(".cli_history"))
}

/// Runs what the event loop has due without waiting: promise jobs,
/// expired timers, arrived messages and signals.
fn run_due(ctx: &Context, rt: &Runtime) {
    let mut rounds = 0;
    while rounds < 10_000 && event_loop::run_once(ctx, rt, Some(Duration::ZERO)) {
        rounds += 1;
        let due = event_loop::with(|h| h.has_due_work());
        if !due {
            break;
        }
    }
    event_loop::drain_jobs(ctx, rt);
}

/// What an input gave: a value, or a thrown value (`None`: interrupted).
type Outcome = Result<JsValue, Option<JsValue>>;

fn outcome(r: Result<JsValue, engine::JsError>) -> Outcome {
    r.map_err(|e| (!e.is_interrupted).then_some(e.value))
}

/// Evaluates an input that uses `await` outside a function: as the body
/// of an async arrow function (an expression's value is returned), whose
/// promise the loop then drives until it settles or Ctrl-C. Declarations
/// in such an input are local to it.
fn eval_await(ctx: &Context, rt: &Runtime, src: &str, stop: &AtomicBool) -> Option<Outcome> {
    let expr = format!("(async () => ({src}\n))()");
    let body = format!("(async () => {{ {src}\n}})()");
    let wrapped = [expr, body]
        .into_iter()
        .find(|s| ctx.dump_bytecode(s, "<repl>").is_ok())?;
    let promise = match ctx.eval(&wrapped, "<repl>") {
        Ok(p) => p,
        Err(e) => return Some(outcome(Err(e))),
    };
    let settled: Rc<std::cell::RefCell<Option<Outcome>>> = Default::default();
    let (s1, s2) = (settled.clone(), settled.clone());
    let on_ok = ctx.new_function("", 1, move |_, _, args| {
        *s1.borrow_mut() = Some(Ok(convert::arg(args, 0)));
        Ok(JsValue::undefined())
    });
    let on_err = ctx.new_function("", 1, move |_, _, args| {
        *s2.borrow_mut() = Some(Err(Some(convert::arg(args, 0))));
        Ok(JsValue::undefined())
    });
    let then = promise.as_object()?.get(ctx, "then").ok()?;
    ctx.call(&then, &promise, &[on_ok.into(), on_err.into()])
        .ok()?;
    loop {
        if let Some(r) = settled.borrow_mut().take() {
            return Some(r);
        }
        if stop.swap(false, Ordering::SeqCst) {
            return Some(Err(None));
        }
        if !event_loop::run_once(ctx, rt, Some(Duration::from_millis(50))) {
            return Some(Ok(JsValue::undefined()));
        }
    }
}

/// Evaluates one input and prints its value or its error.
fn eval_and_print(
    ctx: &Context,
    rt: &Runtime,
    src: &str,
    opts: &InspectOptions,
    stop: &AtomicBool,
) {
    let first = ctx.eval(src, "<repl>");
    let needs_await = matches!(&first, Err(e) if e.is_syntax_error) && src.contains("await");
    let mut r = outcome(first);
    if needs_await && let Some(awaited) = eval_await(ctx, rt, src, stop) {
        r = awaited;
    }
    match r {
        Ok(v) => {
            println!("{}", ctx.inspect_with(&v, opts));
            let _ = ctx.global().set(ctx, "_", &v);
        }
        Err(None) => eprintln!("Interrupted"),
        Err(Some(e)) => {
            let text = event_loop::describe(ctx, &e);
            if opts.colors {
                eprintln!("\x1b[31mUncaught\x1b[39m {text}");
            } else {
                eprintln!("Uncaught {text}");
            }
        }
    }
    run_due(ctx, rt);
}

/// Runs the REPL until `.exit`, Ctrl-D or a second Ctrl-C.
pub fn run(ctx: &Context, rt: &Runtime, color: bool) {
    event_loop::with(|h| h.in_repl = true);
    let tty = std::io::stdout().is_terminal();
    let color = color && tty && std::env::var_os("NO_COLOR").is_none();
    let opts = InspectOptions {
        colors: color,
        quote_strings: true,
        ..InspectOptions::default()
    };
    let config = Config::builder()
        .auto_add_history(false)
        .max_history_size(1000)
        .map(|b| b.build())
        .unwrap_or_default();
    let mut rl: Editor<ReplHelper, DefaultHistory> = match Editor::with_config(config) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("cannot start the REPL: {e}");
            return;
        }
    };
    // Ctrl-C while a script runs interrupts it (the prompt reads it as a
    // key). Registered after the editor, whose own SIGINT handler (for
    // the time it reads) is then called after this one.
    let interrupt = Arc::new(AtomicBool::new(false));
    let sig = signal_hook::flag::register(signal_hook::consts::SIGINT, interrupt.clone()).ok();
    let flag = interrupt.clone();
    rt.set_interrupt_handler(Some(Box::new(move || flag.swap(false, Ordering::SeqCst))));
    rl.set_helper(Some(ReplHelper {
        ctx: ctx.clone(),
        color,
        lexical: Default::default(),
    }));
    let history = history_path();
    if let Some(h) = &history {
        let _ = rl.load_history(h);
    }
    if tty {
        println!("Welcome to the engine's shell. Type \".help\" for more information.");
    }
    let last_was_ctrl_c = Rc::new(Cell::new(false));
    loop {
        interrupt.store(false, Ordering::SeqCst);
        match rl.readline("> ") {
            Ok(line) => {
                last_was_ctrl_c.set(false);
                let input = line.trim();
                if input.is_empty() {
                    run_due(ctx, rt);
                    continue;
                }
                let _ = rl.add_history_entry(line.as_str());
                if let Some(cmd) = input.strip_prefix('.')
                    && !cmd.starts_with(|c: char| c.is_ascii_digit())
                {
                    let (name, rest) = cmd.split_once(' ').unwrap_or((cmd, ""));
                    match name {
                        "exit" => break,
                        "help" => println!("{HELP}"),
                        "load" => match std::fs::read_to_string(rest.trim()) {
                            Ok(src) => eval_and_print(ctx, rt, &src, &opts, &interrupt),
                            Err(e) => eprintln!("cannot read {}: {e}", rest.trim()),
                        },
                        _ => eprintln!("unknown command .{name}; type .help"),
                    }
                    continue;
                }
                interrupt.store(false, Ordering::SeqCst);
                if let Some(h) = rl.helper() {
                    h.lexical.borrow_mut().extend(declared_names(&line));
                }
                eval_and_print(ctx, rt, &line, &opts, &interrupt);
            }
            Err(ReadlineError::Interrupted) => {
                if last_was_ctrl_c.get() {
                    break;
                }
                last_was_ctrl_c.set(true);
                println!("(To exit, press Ctrl+C again or Ctrl+D or type .exit)");
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("{e}");
                break;
            }
        }
    }
    if let Some(h) = &history {
        let _ = rl.save_history(h);
    }
    rt.set_interrupt_handler(None);
    if let Some(id) = sig {
        signal_hook::low_level::unregister(id);
    }
    event_loop::with(|h| h.in_repl = false);
}
