//! SharedArrayBuffers shared by runtimes on different threads: writes are
//! seen across them, `Atomics.wait` in one is woken by `Atomics.notify` in
//! another, `waitAsync` promises settle from another thread's notify or
//! their timeout, and nothing leaks.

use std::sync::mpsc;
use std::time::Duration;

use engine::{Context, LeakReport, Runtime, SharedMemory};

/// Evaluates `src` and returns its result as a string.
fn eval(ctx: &Context, src: &str) -> String {
    let v = ctx
        .eval(src, "test.js")
        .unwrap_or_else(|e| panic!("{}", e.message));
    ctx.to_string(&v).unwrap()
}

/// Runs `f` on a new thread with a fresh runtime holding `memory` as the
/// global `sab`; checks that the runtime frees everything.
fn agent(
    memory: SharedMemory,
    f: impl FnOnce(&Runtime, &Context) -> String + Send + 'static,
) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        let sab = ctx.new_shared_array_buffer(&memory);
        ctx.global().set(&ctx, "sab", &sab).unwrap();
        let r = f(&rt, &ctx);
        drop(sab);
        drop(ctx);
        drop(rt);
        assert_eq!(LeakReport::current_thread(), LeakReport::default(), "leak");
        r
    })
}

#[test]
fn wait_in_one_runtime_is_woken_by_notify_in_another() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let sab = ctx
        .eval(
            "var sab = new SharedArrayBuffer(16); var ia = new Int32Array(sab); sab",
            "main.js",
        )
        .unwrap();
    let memory = ctx.shared_memory(&sab).expect("shared memory");
    assert!(
        ctx.shared_memory(&ctx.eval("new ArrayBuffer(4)", "x.js").unwrap())
            .is_none()
    );
    let waiter = agent(memory.clone(), |_, ctx| {
        eval(
            ctx,
            "var ia = new Int32Array(sab); Atomics.add(ia, 1, 1); \
             var r = Atomics.wait(ia, 0, 0); r + ' ' + Atomics.load(ia, 2)",
        )
    });
    // Wait until the agent is about to wait, then notify until it is woken.
    while eval(&ctx, "Atomics.load(ia, 1)") != "1" {
        std::thread::sleep(Duration::from_millis(1));
    }
    eval(&ctx, "Atomics.store(ia, 2, 42)");
    while eval(&ctx, "Atomics.notify(ia, 0)") == "0" {
        std::thread::sleep(Duration::from_millis(1));
    }
    assert_eq!(waiter.join().unwrap(), "ok 42");
    // A value that differs and a timeout.
    assert_eq!(eval(&ctx, "Atomics.wait(ia, 0, 1)"), "not-equal");
    assert_eq!(eval(&ctx, "Atomics.wait(ia, 0, 0, 5)"), "timed-out");
}

#[test]
fn wait_async_settles_from_another_thread_and_by_timeout() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let sab = ctx
        .eval(
            "var log = []; var sab = new SharedArrayBuffer(8); var ia = new Int32Array(sab); \
             var w = Atomics.waitAsync(ia, 0, 0); w.value.then(v => log.push('notified ' + v)); \
             Atomics.waitAsync(ia, 1, 0, 10).value.then(v => log.push('second ' + v)); \
             String(w.async) + ' ' + Atomics.waitAsync(ia, 0, 1).value + ' ' + Atomics.waitAsync(ia, 0, 0, 0).value",
            "main.js",
        )
        .unwrap();
    assert_eq!(ctx.to_string(&sab).unwrap(), "true not-equal timed-out");
    assert_eq!(rt.pending_async_waiters(), 2);
    let sab = ctx.eval("sab", "s.js").unwrap();
    let (tx, rx) = mpsc::channel();
    let notifier = agent(ctx.shared_memory(&sab).unwrap(), move |_, ctx| {
        let n = eval(ctx, "Atomics.notify(new Int32Array(sab), 0)");
        tx.send(()).unwrap();
        n
    });
    rx.recv().unwrap();
    assert_eq!(notifier.join().unwrap(), "1");
    // The host polls until both promises settle.
    let mut rounds = 0;
    while rt.pending_async_waiters() > 0 {
        rt.run_pending_jobs().unwrap();
        std::thread::sleep(Duration::from_millis(1));
        rounds += 1;
        assert!(rounds < 10_000, "waiters never settled");
    }
    rt.run_pending_jobs().unwrap();
    assert_eq!(eval(&ctx, "log.join()"), "notified ok,second timed-out");
}

#[test]
fn growth_and_writes_are_seen_by_every_runtime() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let sab = ctx
        .eval(
            "var sab = new SharedArrayBuffer(4, { maxByteLength: 64 }); sab",
            "main.js",
        )
        .unwrap();
    let other = agent(ctx.shared_memory(&sab).unwrap(), |_, ctx| {
        eval(
            ctx,
            "sab.grow(32); new Uint8Array(sab)[31] = 7; [sab.growable, sab.maxByteLength].join()",
        )
    });
    assert_eq!(other.join().unwrap(), "true,64");
    assert_eq!(
        eval(&ctx, "sab.byteLength + ' ' + new Uint8Array(sab)[31]"),
        "32 7"
    );
}

#[test]
fn a_blocked_wait_is_stopped_by_the_interrupt_handler() {
    let rt = Runtime::new();
    let start = std::time::Instant::now();
    rt.set_interrupt_handler(Some(Box::new(move || {
        start.elapsed() > Duration::from_millis(50)
    })));
    let ctx = Context::new(&rt);
    let e = ctx
        .eval(
            "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)",
            "w.js",
        )
        .expect_err("interrupted");
    assert!(e.is_interrupted, "{}", e.message);
}
