//! The worker side: a child process that reads jobs from stdin and writes one
//! result line per job to stdout.
//!
//! Job line: `id \t path \t mode`.
//! Result line: `MARKER \t id \t outcome \t micros \t escaped-message`.
//! Other lines on stdout are ignored by the parent.

use crate::exec::{self, Harness};
use crate::outcome::{Mode, Outcome};
use std::io::{BufRead, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Prefix of result lines.
pub const MARKER: &str = "@@test262-result";

/// A result as sent from a worker to the parent.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub id: usize,
    pub outcome: Outcome,
    pub elapsed: Duration,
    pub message: String,
}

/// Escapes a message so it fits on one line.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// Inverse of [`escape`].
pub fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

impl Report {
    pub fn encode(&self) -> String {
        format!(
            "{MARKER}\t{}\t{}\t{}\t{}",
            self.id,
            self.outcome,
            self.elapsed.as_micros(),
            escape(&self.message)
        )
    }

    /// Parses a result line; `None` for any other line.
    pub fn decode(line: &str) -> Option<Report> {
        let mut parts = line.splitn(5, '\t');
        if parts.next()? != MARKER {
            return None;
        }
        let id = parts.next()?.parse().ok()?;
        let outcome = parts.next()?.parse().ok()?;
        let micros: u64 = parts.next()?.parse().ok()?;
        let message = unescape(parts.next().unwrap_or(""));
        Some(Report {
            id,
            outcome,
            elapsed: Duration::from_micros(micros),
            message,
        })
    }
}

/// The last panic message, recorded by the panic hook.
/// The last panic message of each thread (tests may run concurrently, so
/// one thread's panic must not be reported for another).
static LAST_PANIC: Mutex<Vec<(std::thread::ThreadId, String)>> = Mutex::new(Vec::new());

/// Records panic messages for the report; `quiet` suppresses the default
/// printing to stderr.
fn install_panic_hook(quiet: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let msg = if let Some(s) = payload.downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = payload.downcast_ref::<String>() {
            s.clone()
        } else {
            "panic with a non-string payload".to_string()
        };
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut last) = LAST_PANIC.lock() {
            let id = std::thread::current().id();
            last.retain(|(t, _)| *t != id);
            last.push((id, format!("{msg}{location}")));
        }
        if !quiet {
            previous(info);
        }
    }));
}

/// Runs `f` on a fresh thread with a large stack; a panic becomes the
/// `panic` outcome.
fn guarded(f: impl FnOnce() -> (Outcome, String) + Send + 'static) -> (Outcome, String) {
    let handle = std::thread::Builder::new()
        .name("test".into())
        .stack_size(exec::THREAD_STACK)
        .spawn(move || catch_unwind(AssertUnwindSafe(f)));
    let (joined, id) = match handle {
        Ok(h) => {
            let id = h.thread().id();
            (h.join(), id)
        }
        Err(e) => return (Outcome::Crash, format!("cannot spawn test thread: {e}")),
    };
    match joined {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(_) => {
            let msg = LAST_PANIC
                .lock()
                .map(|mut m| {
                    let pos = m.iter().position(|(t, _)| *t == id);
                    pos.map(|i| m.swap_remove(i).1).unwrap_or_default()
                })
                .unwrap_or_default();
            (Outcome::Panic, format!("panic: {msg}"))
        }
    }
}

/// Turns a passing result into a failure when the test's runtime leaked:
/// every runtime of the test thread must be dropped by now, and dropping a
/// runtime must free every cell it allocated. This is the release-build
/// form of the debug assertion in the heap's `Drop`.
fn check_leaks(result: (Outcome, String)) -> (Outcome, String) {
    let leaks = engine::LeakReport::current_thread();
    if leaks == engine::LeakReport::default() || result.0 != Outcome::Pass {
        return result;
    }
    (
        Outcome::Fail,
        format!(
            "leak: {} runtime(s) still alive, {} cell(s) live when a runtime was dropped",
            leaks.live_runtimes, leaks.leaked_cells
        ),
    )
}

/// Runs one test in the worker, on a fresh thread (so the leak report
/// covers this test alone).
fn run_job(
    test262: &Path,
    harness: &Arc<Harness>,
    path: &str,
    mode: Mode,
    timeout: Duration,
    gc_stress: Option<u32>,
) -> (Outcome, String) {
    let test262: PathBuf = test262.to_path_buf();
    let harness = harness.clone();
    let path = path.to_string();
    guarded(move || {
        check_leaks(exec::run_test(
            &test262, &harness, &path, mode, timeout, gc_stress,
        ))
    })
}

/// The worker's main loop. Returns when stdin is closed.
pub fn main(test262: &Path, timeout: Duration, gc_stress: Option<u32>) -> std::io::Result<()> {
    install_panic_hook(true);
    let harness = Arc::new(Harness::new(test262));
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let line = line?;
        let mut parts = line.split('\t');
        let (Some(id), Some(path), Some(mode)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let (Ok(id), Ok(mode)) = (id.parse::<usize>(), mode.parse::<Mode>()) else {
            continue;
        };
        let start = Instant::now();
        let (outcome, message) = run_job(test262, &harness, path, mode, timeout, gc_stress);
        let report = Report {
            id,
            outcome,
            elapsed: start.elapsed(),
            message,
        };
        writeln!(stdout, "{}", report.encode())?;
        stdout.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_round_trip() {
        for s in ["", "plain", "a\nb\tc\\d\r", "trailing\\", "«unicode»\n"] {
            assert_eq!(unescape(&escape(s)), s);
            assert!(!escape(s).contains('\n') && !escape(s).contains('\t'));
        }
    }

    #[test]
    fn panics_become_their_own_outcome() {
        install_panic_hook(false);
        let (o, m) = guarded(|| panic!("engine bug {}", 42));
        assert_eq!(o, Outcome::Panic);
        assert!(m.starts_with("panic: engine bug 42 at "), "{m}");
        assert!(m.contains("worker.rs"), "{m}");
        let (o, m) = guarded(|| (Outcome::Pass, String::new()));
        assert_eq!((o, m.as_str()), (Outcome::Pass, ""));
        // The thread has a large stack: deep recursion that would overflow
        // a default 2 MiB thread stack is fine.
        fn depth(n: u32) -> u32 {
            let pad = [n as u8; 1024];
            if n == 0 {
                pad[0] as u32
            } else {
                depth(n - 1) + std::hint::black_box(pad)[1] as u32
            }
        }
        let (o, _) = guarded(|| {
            let d = depth(8 * 1024);
            (Outcome::Pass, d.to_string())
        });
        assert_eq!(o, Outcome::Pass);
    }

    #[test]
    fn leaks_fail_passing_tests() {
        let (o, m) = guarded(|| {
            let rt = engine::Runtime::new();
            let ctx = engine::Context::new(&rt);
            // A runtime kept alive past the test, as an embedder cycle would.
            std::mem::forget(ctx);
            check_leaks((Outcome::Pass, String::new()))
        });
        assert_eq!(o, Outcome::Fail);
        assert!(m.starts_with("leak: 1 runtime(s)"), "{m}");
        let (o, m) = guarded(|| {
            let rt = engine::Runtime::new();
            let ctx = engine::Context::new(&rt);
            let _ = ctx.eval("var a = [{}]; a[0].self = a;", "t.js");
            drop(ctx);
            drop(rt);
            check_leaks((Outcome::Pass, String::new()))
        });
        assert_eq!((o, m.as_str()), (Outcome::Pass, ""));
    }

    #[test]
    fn report_round_trip() {
        let r = Report {
            id: 17,
            outcome: Outcome::Fail,
            elapsed: Duration::from_micros(1234),
            message: "Test262Error: a\tb\nc".into(),
        };
        assert_eq!(Report::decode(&r.encode()), Some(r));
        assert_eq!(Report::decode("some other output"), None);
        assert_eq!(Report::decode(&format!("{MARKER}\tx\tpass\t1\t")), None);
    }
}
