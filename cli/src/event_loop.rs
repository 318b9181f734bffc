//! The event loop: promise jobs, timers, I/O handlers, signal handlers and
//! worker messages, run until nothing is left. Each thread (the main one,
//! each worker) has its own loop state, reached from host functions
//! through [`with`].
//!
//! Uncaught errors and unhandled rejections are printed with their stack
//! to stderr and set the exit status; outside the REPL an uncaught error
//! in a callback ends the loop, as in node.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use engine::{Context, JsError, JsObject, JsValue, Runtime};

use crate::args::RejectionMode;
use crate::convert::{self, HostResult, arg, is_function};

/// A message between a worker and its parent: a structured clone as
/// JSON text, and the memory of the SharedArrayBuffers it shares.
pub struct Message {
    pub json: String,
    pub shared: Vec<engine::SharedMemory>,
}

/// What arrives in a thread's inbox.
pub enum Event {
    /// From the parent (in a worker) or from worker `id` (in the parent).
    Message { from: Option<u64>, msg: Message },
    /// Worker `id`'s thread finished.
    WorkerDone(u64),
}

struct Timer {
    func: JsValue,
    args: Vec<JsValue>,
    interval: Option<Duration>,
}

struct SignalHandler {
    pending: Arc<AtomicBool>,
    id: signal_hook::SigId,
    func: JsValue,
}

/// A worker seen from its parent.
pub struct WorkerPort {
    pub object: JsObject,
    pub to_worker: Sender<Event>,
    pub done: bool,
}

/// The loop state of one thread.
pub struct Host {
    timers: BTreeMap<(Instant, u64), u64>,
    timer_data: HashMap<u64, (Instant, Timer)>,
    next_id: u64,
    pub read_handlers: BTreeMap<i32, JsValue>,
    pub write_handlers: BTreeMap<i32, JsValue>,
    signals: HashMap<i32, SignalHandler>,
    /// Descriptors opened by `os.open`, `os.pipe`, `os.dup`, by number.
    pub fds: HashMap<i32, OwnedFd>,
    /// Children started by `os.exec` without waiting, by pid.
    pub children: HashMap<i32, std::process::Child>,
    pub inbox: Receiver<Event>,
    pub inbox_tx: Sender<Event>,
    pub workers: BTreeMap<u64, WorkerPort>,
    pub next_worker: u64,
    /// In a worker: `Worker.parent` and the way to the parent.
    pub parent: Option<(JsObject, Sender<Event>, u64)>,
    /// Exit status so far (an error or a rejection sets 1).
    pub exit_code: i32,
    /// Set when the loop must stop at once (`throw` rejection mode).
    pub stop: bool,
    pub rejections: RejectionMode,
    /// Reasons of promises rejected without a handler, reported by the
    /// runtime's unhandled-rejection hook and not yet printed.
    pub unhandled: Vec<JsValue>,
    pub in_repl: bool,
    /// Helper functions written in JavaScript, made on first use.
    helpers: Option<JsObject>,
    /// The structured clone helpers of `worker.rs`, made on first use.
    pub clone_helpers: Option<JsObject>,
    pub start: Instant,
}

impl Default for Host {
    fn default() -> Self {
        let (tx, rx) = channel();
        Host {
            timers: BTreeMap::new(),
            timer_data: HashMap::new(),
            next_id: 1,
            read_handlers: BTreeMap::new(),
            write_handlers: BTreeMap::new(),
            signals: HashMap::new(),
            fds: HashMap::new(),
            children: HashMap::new(),
            inbox: rx,
            inbox_tx: tx,
            workers: BTreeMap::new(),
            next_worker: 1,
            parent: None,
            exit_code: 0,
            stop: false,
            rejections: RejectionMode::WarnWithErrorCode,
            unhandled: Vec::new(),
            in_repl: false,
            helpers: None,
            clone_helpers: None,
            start: Instant::now(),
        }
    }
}

thread_local! {
    static HOST: RefCell<Host> = RefCell::new(Host::default());
}

impl Host {
    /// Whether a timer is due now.
    pub fn has_due_work(&self) -> bool {
        self.timers
            .keys()
            .next()
            .is_some_and(|k| k.0 <= Instant::now())
    }
}

/// Runs `f` on this thread's loop state. `f` must not call JavaScript.
pub fn with<R>(f: impl FnOnce(&mut Host) -> R) -> R {
    HOST.with(|h| f(&mut h.borrow_mut()))
}

/// Drops every JavaScript value the loop holds (before the runtime goes).
pub fn clear() {
    let mut old = HOST.with(|h| std::mem::take(&mut *h.borrow_mut()));
    for (_, s) in std::mem::take(&mut old.signals) {
        signal_hook::low_level::unregister(s.id);
    }
    drop(old);
}

const HELPERS: &str = "({
  deferred() {
    let resolve, reject;
    const promise = new Promise((a, b) => { resolve = a; reject = b; });
    return [promise, resolve, reject];
  },
  bytes: (buf) => new Uint8Array(buf),
  isArray: Array.isArray,
  keys: (o) => Object.keys(o),
})";

/// The helper `name` (see `HELPERS`).
pub fn helper(ctx: &Context, name: &str) -> Result<JsValue, JsValue> {
    let h = with(|h| h.helpers.clone());
    let h = match h {
        Some(h) => h,
        None => {
            let v = ctx.eval(HELPERS, "<host>").map_err(convert::thrown)?;
            let o = v
                .as_object()
                .ok_or_else(|| convert::error(ctx, "Error", "host helpers"))?;
            with(|h| h.helpers = Some(o.clone()));
            o
        }
    };
    h.get(ctx, name).map_err(convert::thrown)
}

/// Calls helper `name` with `args`.
pub fn call_helper(ctx: &Context, name: &str, args: &[JsValue]) -> HostResult {
    let f = helper(ctx, name)?;
    ctx.call(&f, &JsValue::undefined(), args)
        .map_err(convert::thrown)
}

/// A new pending promise and its resolve and reject functions.
pub fn deferred(ctx: &Context) -> Result<(JsValue, JsValue, JsValue), JsValue> {
    let r = call_helper(ctx, "deferred", &[])?;
    let items = convert::array_items(ctx, &r)?;
    let mut it = items.into_iter();
    let mut next = || it.next().unwrap_or_else(JsValue::undefined);
    Ok((next(), next(), next()))
}

/// Adds a timer; returns its id.
pub fn add_timer(func: JsValue, args: Vec<JsValue>, delay_ms: f64, repeat: bool) -> u64 {
    let delay = Duration::from_secs_f64(if delay_ms.is_finite() && delay_ms > 0.0 {
        delay_ms.min(1e12) / 1000.0
    } else {
        0.0
    });
    with(|h| {
        let id = h.next_id;
        h.next_id += 1;
        let at = Instant::now() + delay;
        h.timers.insert((at, id), id);
        let interval = repeat.then_some(delay.max(Duration::from_millis(1)));
        h.timer_data.insert(
            id,
            (
                at,
                Timer {
                    func,
                    args,
                    interval,
                },
            ),
        );
        id
    })
}

/// Removes timer `id` (no effect when it has fired or is unknown).
pub fn clear_timer(id: u64) {
    with(|h| {
        if let Some((at, _)) = h.timer_data.remove(&id) {
            h.timers.remove(&(at, id));
        }
    });
}

/// `setTimeout(func, delay, ...args)` and `setInterval`.
pub fn set_timer(ctx: &Context, args: &[JsValue], repeat: bool) -> HostResult {
    let f = arg(args, 0);
    if !is_function(&f) {
        return Err(convert::error(ctx, "TypeError", "not a function"));
    }
    let delay = convert::number(&arg(args, 1));
    let extra = args.get(2..).unwrap_or(&[]).to_vec();
    Ok(convert::num(add_timer(f, extra, delay, repeat) as f64))
}

/// `clearTimeout(id)` and `clearInterval`.
pub fn clear_timer_fn(_ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let n = convert::number(&arg(args, 0));
    if n.is_finite() && n >= 1.0 {
        clear_timer(n as u64);
    }
    Ok(JsValue::undefined())
}

/// Installs (or with a non-function, removes) the handler of signal `sig`.
pub fn set_signal_handler(ctx: &Context, sig: i32, func: JsValue) -> HostResult {
    let old = with(|h| h.signals.remove(&sig));
    if let Some(old) = old {
        signal_hook::low_level::unregister(old.id);
    }
    if !is_function(&func) {
        return Ok(JsValue::undefined());
    }
    let pending = Arc::new(AtomicBool::new(false));
    match signal_hook::flag::register(sig, pending.clone()) {
        Ok(id) => {
            with(|h| h.signals.insert(sig, SignalHandler { pending, id, func }));
            Ok(JsValue::undefined())
        }
        Err(e) => Err(convert::error(
            ctx,
            "RangeError",
            &format!("cannot handle signal {sig}: {e}"),
        )),
    }
}

/// The first line and the stack of a thrown value, as printed.
pub fn describe(ctx: &Context, v: &JsValue) -> String {
    let mut s = ctx.inspect(v);
    if !s.contains('\n')
        && let Some(stack) = v
            .as_object()
            .and_then(|o| o.get(ctx, "stack").ok())
            .and_then(|s| s.as_string())
        && !stack.is_empty()
    {
        s.push('\n');
        s.push_str(stack.trim_end_matches('\n'));
    }
    s
}

/// Prints an uncaught error to stderr and records exit status 1.
pub fn report_error(ctx: &Context, e: &JsError) {
    if e.is_interrupted {
        eprintln!("Interrupted");
        with(|h| h.exit_code = 1);
    } else {
        report_thrown(ctx, &e.value);
    }
}

/// Prints an uncaught thrown value to stderr and records exit status 1.
pub fn report_thrown(ctx: &Context, v: &JsValue) {
    eprintln!("Uncaught {}", describe(ctx, v));
    with(|h| h.exit_code = 1);
}

/// Prints the promises rejected without a handler since the last check,
/// following the rejection mode.
pub fn check_rejections(ctx: &Context) {
    let list = with(|h| std::mem::take(&mut h.unhandled));
    if list.is_empty() {
        return;
    }
    let mode = with(|h| h.rejections);
    for reason in list {
        if mode == RejectionMode::None {
            continue;
        }
        eprintln!("Uncaught (in promise) {}", describe(ctx, &reason));
        let in_repl = with(|h| h.in_repl);
        match mode {
            RejectionMode::Throw if !in_repl => with(|h| {
                h.exit_code = 1;
                h.stop = true;
            }),
            RejectionMode::Throw | RejectionMode::WarnWithErrorCode if !in_repl => {
                with(|h| h.exit_code = 1)
            }
            _ => {}
        }
    }
}

/// Runs promise jobs until none is left; errors are reported. Returns
/// false when the loop must stop.
pub fn drain_jobs(ctx: &Context, rt: &Runtime) -> bool {
    loop {
        match rt.run_pending_jobs() {
            Ok(_) => break,
            Err(e) => {
                report_error(ctx, &e);
                if !with(|h| h.in_repl) {
                    with(|h| h.stop = true);
                    return false;
                }
            }
        }
    }
    check_rejections(ctx);
    !with(|h| h.stop)
}

/// Calls a callback from the loop; an error is reported and (outside the
/// REPL) stops the loop.
fn call_back(ctx: &Context, f: &JsValue, this: &JsValue, args: &[JsValue]) {
    if let Err(e) = ctx.call(f, this, args) {
        report_error(ctx, &e);
        if !with(|h| h.in_repl) {
            with(|h| h.stop = true);
        }
    }
}

/// The earliest due timer, taken out (an interval is put back first).
fn take_due_timer(now: Instant) -> Option<(JsValue, Vec<JsValue>)> {
    with(|h| {
        let (&(at, id), _) = h.timers.iter().next()?;
        if at > now {
            return None;
        }
        h.timers.remove(&(at, id));
        let (_, t) = h.timer_data.remove(&id)?;
        let call = (t.func.clone(), t.args.clone());
        if let Some(iv) = t.interval {
            let next = now.max(at) + iv;
            h.timers.insert((next, id), id);
            h.timer_data.insert(id, (next, t));
        }
        Some(call)
    })
}

/// The handlers of the signals that arrived.
fn take_signals() -> Vec<(i32, JsValue)> {
    with(|h| {
        h.signals
            .iter()
            .filter(|(_, s)| s.pending.swap(false, Ordering::SeqCst))
            .map(|(n, s)| (*n, s.func.clone()))
            .collect()
    })
}

/// Whether a port still listens: a worker whose object has an
/// `onmessage` function, or (in a worker) `Worker.parent.onmessage`.
fn listening(ctx: &Context) -> bool {
    let (ports, parent) = with(|h| {
        let ports: Vec<JsObject> = h
            .workers
            .values()
            .filter(|w| !w.done)
            .map(|w| w.object.clone())
            .collect();
        (ports, h.parent.as_ref().map(|p| p.0.clone()))
    });
    ports
        .iter()
        .chain(parent.iter())
        .any(|o| o.get(ctx, "onmessage").is_ok_and(|f| is_function(&f)))
}

fn dispatch(ctx: &Context, ev: Event) {
    match ev {
        Event::WorkerDone(id) => with(|h| {
            if let Some(w) = h.workers.get_mut(&id) {
                w.done = true;
            }
        }),
        Event::Message { from, msg } => {
            let target = with(|h| match from {
                Some(id) => h.workers.get(&id).map(|w| w.object.clone()),
                None => h.parent.as_ref().map(|p| p.0.clone()),
            });
            let Some(target) = target else { return };
            let Ok(f) = target.get(ctx, "onmessage") else {
                return;
            };
            if !is_function(&f) {
                return;
            }
            match crate::worker::message_event(ctx, msg) {
                Ok(ev) => call_back(ctx, &f, &target.clone().into(), &[ev]),
                Err(e) => report_thrown(ctx, &e),
            }
        }
    }
}

/// Calls the I/O handlers whose descriptors are ready, waiting at most
/// `timeout`. Returns whether any ran.
fn poll_io(ctx: &Context, timeout: Option<Duration>) -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let (reads, writes) = with(|h| {
        (
            h.read_handlers.keys().copied().collect::<Vec<_>>(),
            h.write_handlers.keys().copied().collect::<Vec<_>>(),
        )
    });
    // Borrowed descriptors: the standard streams and the ones in the table.
    let owned: Vec<(i32, OwnedFd, PollFlags)> = with(|h| {
        let mut v = Vec::new();
        for (fds, flag) in [(&reads, PollFlags::IN), (&writes, PollFlags::OUT)] {
            for &fd in fds {
                let dup = match fd {
                    0 => std::io::stdin().as_fd().try_clone_to_owned(),
                    1 => std::io::stdout().as_fd().try_clone_to_owned(),
                    2 => std::io::stderr().as_fd().try_clone_to_owned(),
                    n => match h.fds.get(&n) {
                        Some(f) => f.try_clone(),
                        None => continue,
                    },
                };
                if let Ok(d) = dup {
                    v.push((fd, d, flag));
                }
            }
        }
        v
    });
    let mut pfds: Vec<PollFd> = owned
        .iter()
        .map(|(_, fd, flag)| PollFd::new(fd, *flag))
        .collect();
    let ts = timeout.map(|d| rustix::event::Timespec {
        tv_sec: d.as_secs() as i64,
        tv_nsec: d.subsec_nanos() as i64,
    });
    if poll(&mut pfds, ts.as_ref()).is_err() {
        return false;
    }
    let ready: Vec<(i32, bool)> = pfds
        .iter()
        .zip(&owned)
        .filter(|(p, _)| !p.revents().is_empty())
        .map(|(_, (fd, _, flag))| (*fd, *flag == PollFlags::OUT))
        .collect();
    drop(pfds);
    let mut ran = false;
    for (fd, write) in ready {
        let f = with(|h| {
            if write {
                h.write_handlers.get(&fd).cloned()
            } else {
                h.read_handlers.get(&fd).cloned()
            }
        });
        if let Some(f) = f {
            call_back(ctx, &f, &JsValue::undefined(), &[]);
            ran = true;
            break;
        }
    }
    ran
}

/// Runs one round of the loop: due timers, signals, messages, ready I/O,
/// or waits for the next of them up to `max_wait`. Returns false when
/// nothing is left to wait for.
pub fn run_once(ctx: &Context, rt: &Runtime, max_wait: Option<Duration>) -> bool {
    if !drain_jobs(ctx, rt) {
        return false;
    }
    let now = Instant::now();
    if let Some((f, args)) = take_due_timer(now) {
        call_back(ctx, &f, &JsValue::undefined(), &args);
        return true;
    }
    let sigs = take_signals();
    if !sigs.is_empty() {
        for (n, f) in sigs {
            call_back(ctx, &f, &JsValue::undefined(), &[convert::num(n)]);
        }
        return true;
    }
    if let Ok(ev) = with(|h| h.inbox.try_recv()) {
        dispatch(ctx, ev);
        return true;
    }
    let next_timer = with(|h| h.timers.keys().next().map(|k| k.0));
    let has_io = with(|h| !h.read_handlers.is_empty() || !h.write_handlers.is_empty());
    let ports = listening(ctx);
    let waiters = rt.pending_async_waiters() > 0;
    if next_timer.is_none() && !has_io && !ports && !waiters && max_wait.is_none() {
        return false;
    }
    let mut wait = next_timer.map(|t| t.saturating_duration_since(now));
    if waiters {
        wait = Some(wait.map_or(Duration::from_millis(1), |w| {
            w.min(Duration::from_millis(1))
        }));
    }
    if with(|h| !h.signals.is_empty()) {
        // Signals set a flag: look at it now and then.
        let cap = Duration::from_millis(20);
        wait = Some(wait.map_or(cap, |w| w.min(cap)));
    }
    if let Some(m) = max_wait {
        wait = Some(wait.map_or(m, |w| w.min(m)));
    }
    if has_io {
        // Messages are checked between short polls.
        let w = if ports {
            Some(wait.map_or(Duration::from_millis(10), |w| {
                w.min(Duration::from_millis(10))
            }))
        } else {
            wait
        };
        poll_io(ctx, w);
        return true;
    }
    // Nothing but timers and messages: sleep on the inbox.
    let r = with(|h| match wait {
        Some(w) => h.inbox.recv_timeout(w),
        None => h.inbox.recv().map_err(|_| RecvTimeoutError::Disconnected),
    });
    if let Ok(ev) = r {
        dispatch(ctx, ev);
    }
    true
}

/// Runs the loop until nothing is left (or an error stops it).
pub fn run(ctx: &Context, rt: &Runtime) {
    while !with(|h| h.stop) && run_once(ctx, rt, None) {}
}
