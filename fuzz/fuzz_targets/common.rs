//! Shared by the engine fuzz targets: a runtime under tight limits, and the
//! leak check done after dropping it.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};

use engine::{Context, LeakReport, Runtime};

/// Memory limit of every fuzzed runtime.
pub const MEMORY_LIMIT: usize = 32 << 20;
/// Native stack the engine may use (the fuzzer's main thread has 8 MiB).
pub const STACK_LIMIT: usize = 1 << 20;
/// Interrupt handler calls (one per 10,000 polls) before a script is stopped:
/// about five million backward jumps, calls or native loop steps.
pub const POLL_BUDGET: u32 = 500;

/// A runtime with a memory limit, a stack limit and an instruction budget,
/// optionally in GC stress mode.
pub fn limited_runtime(gc_stress: Option<u32>) -> Runtime {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(MEMORY_LIMIT));
    rt.set_max_stack_size(STACK_LIMIT);
    rt.set_gc_stress(gc_stress);
    BUDGET.with(|b| b.set(POLL_BUDGET));
    rt.set_interrupt_handler(Some(Box::new(move || {
        BUDGET.with(|b| {
            b.set(b.get().saturating_sub(1));
            b.get() == 0
        })
    })));
    rt
}

thread_local! {
    /// What is left of the running input's interrupt budget.
    static BUDGET: Cell<u32> = const { Cell::new(POLL_BUDGET) };
    /// The runtime shared by consecutive inputs of targets whose inputs do
    /// not change global state much, and how many inputs it has run.
    static SHARED: RefCell<Option<(Runtime, Context, u32)>> = const { RefCell::new(None) };
}

/// Inputs run by one shared runtime before it is dropped and checked for leaks.
const SHARED_RUNS: u32 = 500;

/// Runs `f` with a runtime shared with earlier inputs (creating a realm
/// costs far more than compiling or parsing a small input). Each input gets
/// a fresh interrupt budget; every few hundred inputs the runtime is
/// dropped and checked for leaks.
pub fn with_shared(f: impl FnOnce(&Context, &Runtime)) {
    let taken = SHARED.with(|s| s.borrow_mut().take());
    let (rt, ctx, runs) = taken.unwrap_or_else(|| {
        let rt = limited_runtime(None);
        let ctx = Context::new(&rt);
        (rt, ctx, 0)
    });
    BUDGET.with(|b| b.set(POLL_BUDGET));
    f(&ctx, &rt);
    if runs + 1 >= SHARED_RUNS {
        drop(ctx);
        drop(rt);
        assert_no_leaks();
    } else {
        SHARED.with(|s| *s.borrow_mut() = Some((rt, ctx, runs + 1)));
    }
}

/// Runs `source` and its queued jobs; errors are expected, crashes are not.
pub fn run(ctx: &Context, rt: &Runtime, source: &str) {
    if ctx.eval(source, "fuzz.js").is_ok() {
        let _ = rt.run_pending_jobs();
    }
}

/// Evaluates `source` as a module (no loader: its imports fail), then runs
/// the queued jobs.
pub fn run_module(ctx: &Context, rt: &Runtime, source: &str) {
    if ctx.eval_module(source, "fuzz.mjs").is_ok() {
        let _ = rt.run_pending_jobs();
    }
}

/// Every runtime of this thread must be dropped and must have freed every
/// cell it allocated.
pub fn assert_no_leaks() {
    let report = LeakReport::current_thread();
    assert_eq!(
        report,
        LeakReport::default(),
        "leak after dropping the runtime"
    );
}
