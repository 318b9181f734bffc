//! `$262.agent` (test262's INTERPRETING.md, "Agents") over real threads:
//! each agent started by a test is a thread with its own runtime. A
//! broadcast hands every agent the same SharedArrayBuffer memory (opened
//! in the agent's runtime) and blocks until each has received it; agents
//! report strings back to the main agent. When the test ends, the agents
//! are stopped through their interrupt handlers and joined.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use engine::{Context, JsValue, Runtime, SharedMemory};

/// Native stack of an agent thread, and the engine's limit within it.
const AGENT_THREAD_STACK: usize = 16 << 20;
const AGENT_ENGINE_STACK: usize = 8 << 20;

/// The zero of `$262.agent.monotonicNow()`, shared by every agent.
fn epoch() -> Instant {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    *EPOCH.get_or_init(Instant::now)
}

fn monotonic_now() -> f64 {
    epoch().elapsed().as_secs_f64() * 1000.0
}

/// What the main agent and its agents share.
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// Set when the test ends or times out: agents stop.
    stop: AtomicBool,
    deadline: Instant,
}

#[derive(Default)]
struct State {
    /// The latest broadcast: its memory, number and sequence number.
    broadcast: Option<(SharedMemory, f64, u64)>,
    /// Agents that have not yet taken the latest broadcast.
    waiting_receivers: usize,
    /// Agents started and not yet finished.
    running: usize,
    reports: VecDeque<String>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || Instant::now() >= self.deadline
    }

    /// Waits on the condition variable for a short while.
    fn wait<'a>(&self, g: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.changed
            .wait_timeout(g, Duration::from_millis(10))
            .map(|(g, _)| g)
            .unwrap_or_else(|e| e.into_inner().0)
    }
}

/// The agents of one test.
pub struct Agents {
    shared: Arc<Shared>,
    threads: std::cell::RefCell<Vec<JoinHandle<()>>>,
}

impl Agents {
    /// Agents that stop at `deadline` at the latest.
    pub fn new(deadline: Instant) -> Agents {
        Agents {
            shared: Arc::new(Shared {
                state: Mutex::new(State::default()),
                changed: Condvar::new(),
                stop: AtomicBool::new(false),
                deadline,
            }),
            threads: Default::default(),
        }
    }

    /// The main agent's `$262.agent`: start, broadcast, getReport, sleep,
    /// monotonicNow.
    pub fn host_object(self: &std::rc::Rc<Self>, ctx: &Context) -> JsValue {
        let agent = ctx.new_object();
        let me = self.clone();
        let start = ctx.new_function("start", 1, move |ctx, _this, args| {
            let src = ctx.to_string(&arg(args, 0)).map_err(|e| e.value)?;
            me.start(src);
            Ok(JsValue::undefined())
        });
        let me = self.clone();
        let broadcast = ctx.new_function("broadcast", 2, move |ctx, _this, args| {
            let Some(memory) = ctx.shared_memory(&arg(args, 0)) else {
                return Err(ctx.new_error("TypeError", "broadcast needs a SharedArrayBuffer"));
            };
            let num = arg(args, 1).as_f64().unwrap_or(0.0);
            if !me.broadcast(memory, num) {
                return Err(ctx.new_error("Error", "agents did not receive the broadcast"));
            }
            Ok(JsValue::undefined())
        });
        let me = self.clone();
        let get_report = ctx.new_function("getReport", 0, move |ctx, _this, _args| {
            Ok(match me.shared.lock().reports.pop_front() {
                Some(s) => ctx.new_string(&s),
                None => JsValue::null(),
            })
        });
        let fns = [
            ("start", start.into()),
            ("broadcast", broadcast.into()),
            ("getReport", get_report.into()),
            ("sleep", sleep_fn(ctx, self.shared.clone())),
            ("monotonicNow", monotonic_now_fn(ctx)),
        ];
        for (name, f) in fns {
            let _ = agent.set(ctx, name, &f);
        }
        agent.into()
    }

    fn start(&self, src: String) {
        let shared = self.shared.clone();
        shared.lock().running += 1;
        let spawned = std::thread::Builder::new()
            .name("test262-agent".into())
            .stack_size(AGENT_THREAD_STACK)
            .spawn({
                let shared = shared.clone();
                move || {
                    run_agent(&shared, &src);
                    shared.lock().running -= 1;
                    shared.changed.notify_all();
                }
            });
        match spawned {
            Ok(h) => self.threads.borrow_mut().push(h),
            Err(_) => shared.lock().running -= 1,
        }
    }

    /// Hands `memory` to every running agent and waits until each has
    /// taken it; false if the test's time ran out first.
    fn broadcast(&self, memory: SharedMemory, num: f64) -> bool {
        let s = &self.shared;
        let mut g = s.lock();
        let seq = g.broadcast.as_ref().map_or(0, |b| b.2) + 1;
        g.broadcast = Some((memory, num, seq));
        g.waiting_receivers = g.running;
        s.changed.notify_all();
        while g.waiting_receivers > 0 && g.running > 0 {
            if s.stopped() {
                return false;
            }
            g = s.wait(g);
        }
        true
    }
}

impl Drop for Agents {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.shared.changed.notify_all();
        for h in self.threads.borrow_mut().drain(..) {
            let _ = h.join();
        }
    }
}

fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_else(JsValue::undefined)
}

/// `$262.agent.sleep(ms)`: blocks the calling agent (but not past the
/// test's end).
fn sleep_fn(ctx: &Context, shared: Arc<Shared>) -> JsValue {
    ctx.new_function("sleep", 1, move |ctx, _this, args| {
        let ms = ctx
            .to_string(&arg(args, 0))
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(0.0);
        let until = Instant::now() + Duration::from_secs_f64(ms.clamp(0.0, 60_000.0) / 1000.0);
        while Instant::now() < until && !shared.stopped() {
            std::thread::sleep((until - Instant::now()).min(Duration::from_millis(10)));
        }
        Ok(JsValue::undefined())
    })
    .into()
}

fn monotonic_now_fn(ctx: &Context) -> JsValue {
    ctx.new_function("monotonicNow", 0, |_, _, _| Ok(monotonic_now().into()))
        .into()
}

/// An agent's thread: runs `src` in a new runtime, then delivers
/// broadcasts to the callback it registered until the test ends.
fn run_agent(shared: &Arc<Shared>, src: &str) {
    let rt = Runtime::new();
    rt.set_max_stack_size(AGENT_ENGINE_STACK);
    let stop = shared.clone();
    rt.set_interrupt_handler(Some(Box::new(move || stop.stopped())));
    let ctx = Context::new(&rt);
    let callback: std::rc::Rc<std::cell::RefCell<Option<JsValue>>> = Default::default();
    let host = ctx.new_object();
    let agent = ctx.new_object();
    let cb = callback.clone();
    let receive = ctx.new_function("receiveBroadcast", 1, move |_, _, args| {
        *cb.borrow_mut() = Some(arg(args, 0));
        Ok(JsValue::undefined())
    });
    let reports = shared.clone();
    let report = ctx.new_function("report", 1, move |ctx, _, args| {
        let s = ctx.to_string(&arg(args, 0)).map_err(|e| e.value)?;
        reports.lock().reports.push_back(s);
        reports.changed.notify_all();
        Ok(JsValue::undefined())
    });
    let leaving = ctx.new_function("leaving", 0, |_, _, _| Ok(JsValue::undefined()));
    let fns = [
        ("receiveBroadcast", receive.into()),
        ("report", report.into()),
        ("leaving", leaving.into()),
        ("sleep", sleep_fn(&ctx, shared.clone())),
        ("monotonicNow", monotonic_now_fn(&ctx)),
    ];
    for (name, f) in fns {
        let _ = agent.set(&ctx, name, &f);
    }
    let _ = host.set(&ctx, "agent", &agent.into());
    let _ = ctx.global().set(&ctx, "$262", &host.into());
    let ok = ctx.eval(src, "agent.js").is_ok() && drain(&rt, shared);
    let mut seen = 0;
    while ok && !shared.stopped() {
        let Some(f) = callback.borrow().clone() else {
            break;
        };
        // Wait for a broadcast not yet taken.
        let taken = {
            let mut g = shared.lock();
            loop {
                match &g.broadcast {
                    Some((m, n, seq)) if *seq > seen => {
                        let t = (m.clone(), *n, *seq);
                        g.waiting_receivers = g.waiting_receivers.saturating_sub(1);
                        shared.changed.notify_all();
                        break Some(t);
                    }
                    _ if shared.stopped() => break None,
                    _ => g = shared.wait(g),
                }
            }
        };
        let Some((memory, num, seq)) = taken else {
            break;
        };
        seen = seq;
        let sab = ctx.new_shared_array_buffer(&memory);
        if ctx
            .call(&f, &JsValue::undefined(), &[sab, num.into()])
            .is_err()
            || !drain(&rt, shared)
        {
            break;
        }
    }
    drop(callback);
    drop(ctx);
    drop(rt);
}

/// Runs the agent's jobs, polling `waitAsync` waiters until none is left;
/// false if a job failed or the test ended.
fn drain(rt: &Runtime, shared: &Shared) -> bool {
    loop {
        if rt.run_pending_jobs().is_err() {
            return false;
        }
        if rt.pending_async_waiters() == 0 {
            return true;
        }
        if shared.stopped() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
