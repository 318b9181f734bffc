//! Running one test in one mode, in-process.

use crate::agent::Agents;
use crate::frontmatter::{self, Metadata, Negative, Phase};
use crate::outcome::{Mode, Outcome};
use engine::{
    Context, EvalOptions, JsError, JsObject, JsValue, ModuleLoader, ModuleSource, NativeModule,
    Runtime,
};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Stack the engine may use inside a test thread (the thread gets more).
pub const ENGINE_STACK: usize = 48 << 20;
/// Stack size of the thread that runs a test.
pub const THREAD_STACK: usize = 64 << 20;
/// Memory limit of each test's runtime.
pub const MEMORY_LIMIT: usize = 2 << 30;

/// The printed line that marks an async test as complete.
const ASYNC_COMPLETE: &str = "Test262:AsyncTestComplete";
/// The printed prefix that marks an async test as failed.
const ASYNC_FAILURE: &str = "Test262:AsyncTestFailure:";

/// The files of the `harness/` directory, read on first use and kept.
pub struct Harness {
    dir: PathBuf,
    files: Mutex<HashMap<String, Arc<str>>>,
}

impl Harness {
    pub fn new(test262: &Path) -> Harness {
        Harness {
            dir: test262.join("harness"),
            files: Mutex::new(HashMap::new()),
        }
    }

    /// The source of a harness file such as `assert.js` or `sm/non262.js`.
    fn get(&self, name: &str) -> Result<Arc<str>, String> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| "harness cache poisoned".to_string())?;
        if let Some(code) = files.get(name) {
            return Ok(code.clone());
        }
        if name.split('/').any(|part| part == ".." || part.is_empty()) {
            return Err(format!("bad harness file name {name}"));
        }
        let code: Arc<str> = std::fs::read_to_string(self.dir.join(name))
            .map_err(|e| format!("cannot read harness file {name}: {e}"))?
            .into();
        files.insert(name.to_string(), code.clone());
        Ok(code)
    }
}

/// An error thrown by a test, reduced to what classification needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Thrown {
    /// Raised while parsing (an early error).
    pub early: bool,
    /// Raised because the time limit was reached.
    pub interrupted: bool,
    /// The name of the thrown value's constructor, if known.
    pub name: Option<String>,
    /// The error message.
    pub message: String,
}

/// Decides the outcome of a test from how its evaluation completed.
pub fn classify(negative: Option<&Negative>, completion: Result<(), Thrown>) -> (Outcome, String) {
    if matches!(&completion, Err(t) if t.interrupted) {
        return (Outcome::Timeout, "test timed out".into());
    }
    match (negative, completion) {
        (None, Ok(())) => (Outcome::Pass, String::new()),
        (None, Err(t)) => (Outcome::Fail, t.message),
        (Some(n), Ok(())) => (
            Outcome::Fail,
            format!(
                "expected {} {} but the test completed normally",
                n.phase, n.error_type
            ),
        ),
        (Some(n), Err(t)) => {
            let phase_ok = match n.phase {
                Phase::Parse => t.early,
                // Errors found while loading and linking the module graph
                // (including parse errors in imported files) are not early
                // errors of the test's own source; `$DONOTEVALUATE()` makes
                // an error raised during evaluation fail the test.
                Phase::Resolution | Phase::Runtime => !t.early,
            };
            let name_ok = t.name.as_deref() == Some(n.error_type.as_str());
            if phase_ok && name_ok {
                (Outcome::Pass, String::new())
            } else {
                let when = if t.early {
                    "while parsing"
                } else {
                    "after parsing"
                };
                let got_name = t.name.as_deref().unwrap_or("a non-error value");
                (
                    Outcome::Fail,
                    format!(
                        "expected {} {}, got {got_name} {when}: {}",
                        n.phase, n.error_type, t.message
                    ),
                )
            }
        }
    }
}

/// The verdict of an async test from the lines it printed.
pub fn async_verdict(printed: &[String]) -> Result<(), String> {
    for line in printed {
        if line.trim_end() == ASYNC_COMPLETE {
            return Ok(());
        }
        if let Some(rest) = line.strip_prefix(ASYNC_FAILURE) {
            return Err(rest.to_string());
        }
    }
    Err("async test did not complete: $DONE was not called".into())
}

/// Guesses the constructor name from a message such as `"TypeError: x"`.
pub fn name_from_message(message: &str) -> Option<String> {
    let head = message.split(':').next()?.trim();
    let valid = !head.is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    valid.then(|| head.to_string())
}

fn error_name(ctx: &Context, e: &JsError) -> Option<String> {
    if let Some(obj) = e.value.as_object() {
        let name = obj
            .get(ctx, "constructor")
            .ok()
            .and_then(|c| c.as_object())
            .and_then(|c| c.get(ctx, "name").ok())
            .and_then(|n| ctx.to_string(&n).ok())
            .filter(|n| !n.is_empty());
        if name.is_some() {
            return name;
        }
    } else if ctx.to_string(&e.value).is_ok_and(|s| s == e.message) {
        // A thrown primitive (such as the string thrown by
        // `$DONOTEVALUATE()`) has no error constructor, whatever it says.
        return None;
    }
    name_from_message(&e.message)
}

fn thrown(ctx: &Context, e: &JsError) -> Thrown {
    // The stack, when there is one, follows the message on later lines.
    let message = match &e.stack {
        Some(stack) if !stack.trim().is_empty() => format!("{}\n{}", e.message, stack.trim_end()),
        _ => e.message.clone(),
    };
    Thrown {
        early: e.is_syntax_error,
        interrupted: e.is_interrupted,
        name: if e.is_interrupted {
            None
        } else {
            error_name(ctx, e)
        },
        message,
    }
}

/// Resolves `./x` and `../x` against a directory, lexically.
fn resolve_specifier(base: &Path, specifier: &str) -> Option<PathBuf> {
    if !(specifier.starts_with("./") || specifier.starts_with("../")) {
        return None;
    }
    let mut out = base.to_path_buf();
    for c in Path::new(specifier).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(part) => out.push(part),
            _ => return None,
        }
    }
    Some(out)
}

fn install_module_loader(rt: &Runtime, test_dir: PathBuf) {
    rt.set_module_resolver(Some(Box::new(move |specifier: &str, referrer: &str| {
        let referrer = Path::new(referrer);
        let base = match referrer.parent() {
            Some(p) if referrer.is_absolute() => p.to_path_buf(),
            _ => test_dir.clone(),
        };
        if specifier == MODULE_SOURCE {
            return Ok(MODULE_SOURCE.to_string());
        }
        let path = resolve_specifier(&base, specifier)
            .ok_or_else(|| format!("unsupported module specifier `{specifier}`"))?;
        Ok(path.to_string_lossy().into_owned())
    })));
    let files = engine::FileLoader::new();
    rt.set_module_loader(Some(Box::new(move |id: &str| {
        if id == MODULE_SOURCE {
            // A host module with a module source object (INTERPRETING.md:
            // "a module that provides a valid Module Source").
            return Ok(ModuleSource::Native(
                NativeModule::new(|_| Ok(Vec::new())).with_source("Test262ModuleSource"),
            ));
        }
        files.load(id)
    })));
}

/// The specifier test262 uses for a module that has a source object.
const MODULE_SOURCE: &str = "<module source>";

fn install_interrupt(rt: &Runtime, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    let mut polls: u32 = 0;
    let mut fired = false;
    rt.set_interrupt_handler(Some(Box::new(move || {
        if !fired {
            polls = polls.wrapping_add(1);
            fired = polls.is_multiple_of(64) && Instant::now() >= deadline;
        }
        fired
    })));
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_else(JsValue::undefined)
}

/// Defines `print` and `$262` in the realm of `ctx` and returns `$262`.
pub fn install_host(
    ctx: &Context,
    printed: &Rc<RefCell<Vec<String>>>,
    agents: &Rc<Agents>,
) -> JsObject {
    let out = printed.clone();
    ctx.set_global_function("print", 1, move |ctx, _this, args| {
        let s = ctx.to_string(&arg(args, 0)).map_err(|e| e.value)?;
        out.borrow_mut().push(s);
        Ok(JsValue::undefined())
    });

    let host = ctx.new_object();
    let set = |name: &str, value: JsValue| {
        let _ = host.set(ctx, name, &value);
    };
    let realm_printed = printed.clone();
    let realm_agents = agents.clone();
    set(
        "createRealm",
        ctx.new_function("createRealm", 0, move |ctx, _this, _args| {
            let realm = Context::new(&ctx.runtime());
            Ok(install_host(&realm, &realm_printed, &realm_agents).into())
        })
        .into(),
    );
    set("agent", agents.host_object(ctx));
    set(
        "detachArrayBuffer",
        ctx.new_function("detachArrayBuffer", 1, |ctx, _this, args| {
            ctx.detach_array_buffer(&arg(args, 0))?;
            Ok(JsValue::undefined())
        })
        .into(),
    );
    set(
        "evalScript",
        ctx.new_function("evalScript", 1, |ctx, _this, args| {
            let source = ctx.to_string(&arg(args, 0)).map_err(|e| e.value)?;
            ctx.eval(&source, "evalScript.js").map_err(|e| e.value)
        })
        .into(),
    );
    set(
        "gc",
        ctx.new_function("gc", 0, |ctx, _this, _args| {
            ctx.runtime().run_gc();
            Ok(JsValue::undefined())
        })
        .into(),
    );
    set(
        "clearKeptObjects",
        ctx.new_function("clearKeptObjects", 0, |ctx, _this, _args| {
            ctx.runtime().clear_kept_objects();
            Ok(JsValue::undefined())
        })
        .into(),
    );
    set("global", ctx.global().into());
    set("IsHTMLDDA", ctx.new_html_dda());
    set("AbstractModuleSource", ctx.abstract_module_source());
    let _ = ctx.global().set(ctx, "$262", &host.clone().into());
    // The host bindings are non-enumerable; a realm without
    // Object.defineProperty keeps them enumerable.
    let _ = ctx.eval(
        "Object.defineProperty(this, 'print', { enumerable: false });\n\
         Object.defineProperty(this, '$262', { enumerable: false });",
        "host-setup.js",
    );
    host
}

/// Runs the test at `path` (relative to `test/`) in `mode`.
pub fn run_test(
    test262: &Path,
    harness: &Harness,
    path: &str,
    mode: Mode,
    timeout: Duration,
    gc_stress: Option<u32>,
) -> (Outcome, String) {
    let file = test262.join("test").join(path);
    let file = std::path::absolute(&file).unwrap_or(file);
    let source = match std::fs::read(&file) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(_) => return (Outcome::Fail, "test file is not valid UTF-8".into()),
        },
        Err(e) => {
            return (
                Outcome::Fail,
                format!("cannot read {}: {e}", file.display()),
            );
        }
    };
    let meta = match frontmatter::parse(&source) {
        Ok(m) => m,
        Err(e) => return (Outcome::Fail, format!("front matter: {e}")),
    };

    let rt = Runtime::new();
    rt.set_gc_stress(gc_stress);
    rt.set_max_stack_size(ENGINE_STACK);
    rt.set_memory_limit(Some(MEMORY_LIMIT));
    install_interrupt(&rt, timeout);
    install_module_loader(
        &rt,
        file.parent().map(Path::to_path_buf).unwrap_or_default(),
    );
    let ctx = Context::new(&rt);
    let printed = Rc::new(RefCell::new(Vec::new()));
    let deadline = Instant::now() + timeout;
    let agents = Rc::new(Agents::new(deadline));
    install_host(&ctx, &printed, &agents);

    let result = run_in(
        &ctx, &rt, harness, &meta, &source, &file, mode, &printed, deadline,
    );
    // Stops and joins the test's agent threads.
    drop(agents);
    rt.set_interrupt_handler(None);
    rt.set_module_resolver(None);
    rt.set_module_loader(None);
    result
}

#[allow(clippy::too_many_arguments)]
fn run_in(
    ctx: &Context,
    rt: &Runtime,
    harness: &Harness,
    meta: &Metadata,
    source: &str,
    file: &Path,
    mode: Mode,
    printed: &Rc<RefCell<Vec<String>>>,
    deadline: Instant,
) -> (Outcome, String) {
    if !meta.flags.raw {
        let mut includes = vec!["assert.js", "sta.js"];
        if meta.flags.is_async {
            includes.push("doneprintHandle.js");
        }
        includes.extend(meta.includes.iter().map(String::as_str));
        for name in includes {
            let code = match harness.get(name) {
                Ok(code) => code,
                Err(e) => return (Outcome::Fail, e),
            };
            let filename = harness.dir.join(name);
            if let Err(e) = ctx.eval(&code, &filename.to_string_lossy()) {
                if e.is_interrupted {
                    return (Outcome::Timeout, "test timed out".into());
                }
                return (Outcome::Fail, format!("harness file {name}: {}", e.message));
            }
        }
    }

    let filename = file.to_string_lossy();
    let evaluated = match mode {
        Mode::Strict => {
            let code = format!("\"use strict\";\n{source}");
            ctx.eval_with(&code, &filename, EvalOptions::default())
        }
        Mode::Sloppy => ctx.eval_with(source, &filename, EvalOptions::default()),
        Mode::Module => ctx.eval_with(
            source,
            &filename,
            EvalOptions {
                strict: true,
                module: true,
            },
        ),
    };
    let completion = evaluated
        .and_then(|_| run_jobs(rt, meta.flags.is_async, printed, deadline))
        .map_err(|e| thrown(ctx, &e));
    let completion = match completion {
        Ok(()) if meta.flags.is_async && meta.negative.is_none() => {
            async_verdict(&printed.borrow()).map_err(|message| Thrown {
                early: false,
                interrupted: false,
                name: name_from_message(&message),
                message,
            })
        }
        other => other,
    };
    classify(meta.negative.as_ref(), completion)
}

/// Runs the queued jobs; while `Atomics.waitAsync` promises still wait
/// (for another agent's notify or a timeout) and an async test has not
/// finished, polls them again until the test's deadline.
fn run_jobs(
    rt: &Runtime,
    is_async: bool,
    printed: &Rc<RefCell<Vec<String>>>,
    deadline: Instant,
) -> Result<(), engine::JsError> {
    rt.run_pending_jobs()?;
    let finished = || {
        printed
            .borrow()
            .iter()
            .any(|l| l == ASYNC_COMPLETE || l.starts_with(ASYNC_FAILURE))
    };
    while rt.pending_async_waiters() > 0 && is_async && !finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1));
        rt.run_pending_jobs()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neg(phase: Phase, ty: &str) -> Negative {
        Negative {
            phase,
            error_type: ty.into(),
        }
    }

    fn thrown(early: bool, name: &str) -> Thrown {
        Thrown {
            early,
            interrupted: false,
            name: Some(name.into()),
            message: format!("{name}: boom"),
        }
    }

    #[test]
    fn positive_tests() {
        assert_eq!(classify(None, Ok(())).0, Outcome::Pass);
        let (o, m) = classify(None, Err(thrown(false, "Test262Error")));
        assert_eq!(o, Outcome::Fail);
        assert_eq!(m, "Test262Error: boom");
    }

    #[test]
    fn parse_phase_negative() {
        let n = neg(Phase::Parse, "SyntaxError");
        assert_eq!(
            classify(Some(&n), Err(thrown(true, "SyntaxError"))).0,
            Outcome::Pass
        );
        // Thrown at runtime instead of while parsing.
        assert_eq!(
            classify(Some(&n), Err(thrown(false, "SyntaxError"))).0,
            Outcome::Fail
        );
        // Wrong constructor.
        assert_eq!(
            classify(Some(&n), Err(thrown(true, "ReferenceError"))).0,
            Outcome::Fail
        );
        // No error at all.
        let (o, m) = classify(Some(&n), Ok(()));
        assert_eq!(o, Outcome::Fail);
        assert!(m.contains("expected parse SyntaxError"));
    }

    #[test]
    fn runtime_phase_negative() {
        let n = neg(Phase::Runtime, "TypeError");
        assert_eq!(
            classify(Some(&n), Err(thrown(false, "TypeError"))).0,
            Outcome::Pass
        );
        assert_eq!(
            classify(Some(&n), Err(thrown(true, "TypeError"))).0,
            Outcome::Fail
        );
        // $DONOTEVALUATE() reached: a Test262Error, not the expected error.
        let (o, m) = classify(Some(&n), Err(thrown(false, "Test262Error")));
        assert_eq!(o, Outcome::Fail);
        assert!(m.contains("got Test262Error after parsing"), "{m}");
        let unnamed = Thrown {
            early: false,
            interrupted: false,
            name: None,
            message: "42".into(),
        };
        assert_eq!(classify(Some(&n), Err(unnamed)).0, Outcome::Fail);
    }

    #[test]
    fn resolution_phase_negative() {
        let n = neg(Phase::Resolution, "SyntaxError");
        assert_eq!(
            classify(Some(&n), Err(thrown(false, "SyntaxError"))).0,
            Outcome::Pass
        );
        // An early error of the test's own source is not a resolution error.
        let (o, m) = classify(Some(&n), Err(thrown(true, "SyntaxError")));
        assert_eq!(o, Outcome::Fail);
        assert!(m.contains("got SyntaxError while parsing"), "{m}");
        assert_eq!(
            classify(Some(&n), Err(thrown(false, "Test262Error"))).0,
            Outcome::Fail
        );
    }

    #[test]
    fn interrupted_is_timeout() {
        let t = Thrown {
            early: false,
            interrupted: true,
            name: None,
            message: "interrupted".into(),
        };
        assert_eq!(classify(None, Err(t.clone())).0, Outcome::Timeout);
        let n = neg(Phase::Runtime, "Error");
        assert_eq!(classify(Some(&n), Err(t)).0, Outcome::Timeout);
    }

    #[test]
    fn async_lines() {
        assert_eq!(async_verdict(&["x".into(), ASYNC_COMPLETE.into()]), Ok(()));
        assert_eq!(
            async_verdict(&["Test262:AsyncTestFailure:Test262Error: nope".into()]),
            Err("Test262Error: nope".into())
        );
        assert!(async_verdict(&[]).is_err());
    }

    #[test]
    fn names_from_messages() {
        assert_eq!(
            name_from_message("SyntaxError: bad"),
            Some("SyntaxError".into())
        );
        assert_eq!(
            name_from_message("Test262Error"),
            Some("Test262Error".into())
        );
        assert_eq!(name_from_message("not an error: x"), None);
        assert_eq!(name_from_message(""), None);
    }

    #[test]
    fn harness_files_are_cached() {
        let dir =
            std::env::temp_dir().join(format!("test262-runner-harness-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("harness/sm")).unwrap();
        std::fs::write(dir.join("harness/sm/x.js"), "var x;").unwrap();
        let h = Harness::new(&dir);
        assert_eq!(&*h.get("sm/x.js").unwrap(), "var x;");
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(&*h.get("sm/x.js").unwrap(), "var x;");
        assert!(h.get("missing.js").is_err());
        assert!(h.get("../secret.js").is_err());
    }

    #[test]
    fn specifiers() {
        let base = Path::new("/t/test/language/module-code");
        assert_eq!(
            resolve_specifier(base, "./a_FIXTURE.js"),
            Some(PathBuf::from("/t/test/language/module-code/a_FIXTURE.js"))
        );
        assert_eq!(
            resolve_specifier(base, "../x/./b.js"),
            Some(PathBuf::from("/t/test/language/x/b.js"))
        );
        assert_eq!(resolve_specifier(base, "<module source>"), None);
        assert_eq!(resolve_specifier(base, "/etc/passwd"), None);
    }
}
