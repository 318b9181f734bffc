//! Control over running scripts: the thread-safe [`InterruptHandle`] and
//! runtime statistics ([`RuntimeStats`]).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::Runtime;

/// Stops a running script from any thread. It is `Send + Sync` and cheap
/// to clone; [`Runtime::interrupt_handle`] makes one.
///
/// [`InterruptHandle::interrupt`] makes the script running in the runtime
/// (or, if none runs, the next one) stop at its next poll point (backward
/// jumps, calls, long native loops, `Atomics.wait`) with an uncatchable
/// error: `catch` and `finally` blocks do not run, and the evaluation
/// returns a [`JsError`](crate::JsError) whose `is_interrupted` is true.
/// The runtime stays usable.
///
/// ```
/// use std::time::Duration;
/// let rt = engine::Runtime::new();
/// let ctx = engine::Context::new(&rt);
/// let handle = rt.interrupt_handle();
/// let timer = std::thread::spawn(move || {
///     std::thread::sleep(Duration::from_millis(50));
///     handle.interrupt();
/// });
/// let err = ctx.eval("try { for (;;) {} } finally { globalThis.ran = 1 }", "loop.js").unwrap_err();
/// assert!(err.is_interrupted);
/// timer.join().unwrap();
/// assert_eq!(ctx.eval_as::<Option<i32>>("globalThis.ran").unwrap(), None);
/// assert_eq!(ctx.eval_as::<i32>("1 + 1").unwrap(), 2);
/// ```
#[derive(Clone, Debug)]
pub struct InterruptHandle {
    flag: Arc<AtomicBool>,
}

impl InterruptHandle {
    /// Requests that the running (or next) script stop.
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::SeqCst);
    }

    /// Withdraws a request that no script has consumed yet.
    pub fn reset(&self) {
        self.flag.store(false, Ordering::SeqCst);
    }

    /// Whether a request is waiting to be consumed.
    pub fn is_pending(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }
}

/// The flag behind a runtime's interrupt handles.
#[derive(Default)]
pub(crate) struct InterruptFlag(Arc<AtomicBool>);

impl InterruptFlag {
    /// Whether a request is pending. It stays pending while the
    /// interrupted script unwinds (so code that turns the error into a
    /// rejection, as an async function does, cannot keep the script
    /// running), until the outermost engine entry returns.
    #[inline]
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Withdraws the request once the interrupted entry has returned.
    pub(crate) fn clear(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// Statistics of a runtime: memory, cells, collector, stack.
#[derive(Clone, Debug, Default)]
pub struct RuntimeStats {
    /// Bytes allocated for heap cells and their buffers.
    pub memory_bytes: usize,
    /// The memory limit (`None`: unlimited).
    pub memory_limit: Option<usize>,
    /// Live heap cells of every kind.
    pub live_cells: usize,
    /// Live cells by kind name (`"object"`, `"string"`, ...).
    pub cells_by_kind: Vec<(&'static str, usize)>,
    /// The native stack limit in bytes.
    pub stack_limit: usize,
    /// JavaScript frames active right now (0 unless called from a host
    /// function).
    pub stack_frames: usize,
    /// The deepest JavaScript call nesting the stack limit allows.
    pub max_frames: usize,
    /// Jobs waiting in the queue.
    pub pending_jobs: usize,
    /// Rust futures spawned and not finished.
    pub pending_tasks: usize,
}

impl Runtime {
    /// A handle that stops running scripts from any thread.
    pub fn interrupt_handle(&self) -> InterruptHandle {
        InterruptHandle {
            flag: self.rt.host.interrupt.0.clone(),
        }
    }

    /// Memory, collector and stack statistics.
    ///
    /// ```
    /// let rt = engine::Runtime::new();
    /// rt.set_memory_limit(Some(32 << 20));
    /// let ctx = engine::Context::new(&rt);
    /// ctx.eval("globalThis.a = new Array(1000).fill({})", "a.js").unwrap();
    /// let s = rt.stats();
    /// assert!(s.memory_bytes > 0 && s.memory_limit == Some(32 << 20));
    /// assert!(s.cells_by_kind.iter().any(|&(k, n)| k == "object" && n > 0));
    /// ```
    pub fn stats(&self) -> RuntimeStats {
        let s = self.rt.heap.stats();
        let limit = self.rt.heap.limit();
        RuntimeStats {
            memory_bytes: s.bytes,
            memory_limit: (limit != usize::MAX).then_some(limit),
            live_cells: self.rt.heap.live_cells(),
            cells_by_kind: super::cells_by_kind(&s),
            stack_limit: self.rt.max_stack_size.get(),
            stack_frames: self.rt.frames.borrow().len(),
            max_frames: self.rt.max_frames(),
            pending_jobs: self.rt.jobs.borrow().len(),
            pending_tasks: self.rt.host.futures.tasks.borrow().len(),
        }
    }
}
