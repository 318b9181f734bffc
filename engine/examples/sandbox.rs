//! A sandbox for untrusted code: a memory limit, a stack limit, and a
//! watchdog thread that stops scripts running longer than a deadline. The
//! runtime stays usable after each failure.
//!
//! `cargo run -p engine --example sandbox`

use std::sync::mpsc;
use std::time::Duration;

use engine::{Context, Runtime};

/// Runs `source` with a time budget; the watchdog interrupts it when the
/// budget is spent.
fn run(ctx: &Context, rt: &Runtime, source: &str, budget: Duration) -> String {
    let handle = rt.interrupt_handle();
    let (done, finished) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if finished.recv_timeout(budget).is_err() {
            handle.interrupt();
        }
    });
    let r = ctx.eval(source, "untrusted.js");
    let _ = done.send(());
    let _ = watchdog.join();
    rt.interrupt_handle().reset();
    match r {
        Ok(v) => format!("ok: {}", ctx.inspect(&v)),
        Err(e) if e.is_interrupted => "stopped: time budget exceeded".to_string(),
        Err(e) => format!("error: {}", e.message),
    }
}

fn main() {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(8 << 20));
    rt.set_max_stack_size(256 << 10);
    let ctx = Context::new(&rt);
    let budget = Duration::from_millis(1000);
    for src in [
        "1 + 2",
        "while (true) {}",
        "try { for (;;) {} } catch (e) { 'caught?' }",
        "const a = []; for (;;) a.push('x'.repeat(1000) + a.length);",
        "(function f() { return f() + 1; })()",
        "[1, 2, 3].map((x) => x * x)",
    ] {
        println!("{src:<50} => {}", run(&ctx, &rt, src, budget));
    }
    let s = rt.stats();
    println!(
        "memory: {} bytes of {:?}, {} live cells",
        s.memory_bytes, s.memory_limit, s.live_cells
    );
}
