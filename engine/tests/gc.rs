//! Memory management: cycles are collected, long chains free without
//! recursion, and a dropped runtime frees everything.

use engine::{Context, Runtime};

/// How many object cells the runtime's heap holds.
fn live_objects(rt: &Runtime) -> usize {
    rt.memory_usage()
        .cells_by_kind
        .iter()
        .find(|(k, _)| *k == "object")
        .map(|x| x.1)
        .unwrap_or(0)
}

#[test]
fn million_two_object_cycles_stay_bounded() {
    let rt = Runtime::new();
    // Without cycle collection this would need hundreds of megabytes.
    rt.set_memory_limit(Some(32 << 20));
    let ctx = Context::new(&rt);
    let r = ctx.eval(
        "for (var i = 0; i < 1000000; i++) { var a = {}; var b = { a: a }; a.b = b; } i",
        "cycles.js",
    );
    assert_eq!(r.expect("no out-of-memory error").as_f64(), Some(1000000.0));
    rt.run_gc();
    let objects = live_objects(&rt);
    assert!(objects < 10_000, "{objects} objects still alive");
}

#[test]
fn ten_million_element_list_frees_without_overflow() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.eval(
        "var head = null; for (var i = 0; i < 10000000; i++) head = { next: head };",
        "list.js",
    )
    .expect("list built");
    let before = rt.memory_usage().bytes;
    // Dropping the only reference frees ten million objects in a loop.
    ctx.eval("head = null;", "drop.js").expect("list dropped");
    let after = rt.memory_usage().bytes;
    assert!(after < before / 10, "before {before} after {after}");
}

#[test]
fn closures_capturing_each_other_are_collected() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.eval(
        "for (var i = 0; i < 20000; i++) { (function () { var self = function () { return self; }; })(); }",
        "closures.js",
    )
    .expect("ran");
    rt.run_gc();
    let refs = rt
        .memory_usage()
        .cells_by_kind
        .iter()
        .find(|(k, _)| *k == "var_ref")
        .map(|x| x.1)
        .unwrap_or(0);
    assert!(refs < 100, "{refs} closure cells still alive");
}

#[test]
fn dropping_runtime_frees_every_cell() {
    // The heap asserts (in debug builds) that no cell is alive when it is
    // dropped; this test fails if anything leaks past the runtime.
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let kept = ctx
        .eval(
            "var o = { a: [1, 2, { b: 'x' }] }; o.self = o; function f() { return o; } f.g = f; var s = 'a'.repeat(1000) + 'b'; o",
            "drop.js",
        )
        .expect("ran");
    let other = Context::new(&rt);
    other
        .eval("var y = { z: globalThis };", "other.js")
        .expect("ran");
    drop(kept);
    drop(ctx);
    drop(other);
    drop(rt);
}

#[test]
fn generators_referencing_themselves_are_collected() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    // Each generator holds itself in a suspended local (and, through a
    // closure, in a captured cell), and another object refers back to it.
    ctx.eval(
        "function* g() { var me = yield; var f = function () { return me; }; \
         var o = { gen: me }; while (true) yield f; }\n\
         for (var i = 0; i < 20000; i++) { var it = g(); it.next(); it.next(it); it.next(); }\n\
         it = null;",
        "generators.js",
    )
    .expect("ran");
    rt.run_gc();
    let objects = live_objects(&rt);
    assert!(objects < 5_000, "{objects} objects still alive");
}

#[test]
fn async_generators_with_queued_requests_are_collected() {
    // Each async generator holds itself in a suspended local, awaits a
    // promise that never settles, and has requests waiting in its queue.
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.eval(
        "async function* g() { var me = yield; await new Promise(function () {}); yield me; }\n\
         for (var i = 0; i < 5000; i++) { var it = g(); it.next(); it.next(it); it.next(); it.return(1); }\n\
         it = null;",
        "async_generators.js",
    )
    .expect("ran");
    rt.run_pending_jobs().expect("jobs ran");
    rt.run_gc();
    let objects = live_objects(&rt);
    assert!(objects < 5_000, "{objects} objects still alive");
}

#[test]
fn classes_and_their_instances_are_collected() {
    // A class is a cycle (constructor, prototype, methods' home objects,
    // the class binding captured by its methods), and so is an instance
    // keeping a private field that points back to it.
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.eval(
        "for (var i = 0; i < 5000; i++) { \
           class K { #self = this; static s = K; m() { return super.toString; } } \
           new K(); \
         }",
        "classes.js",
    )
    .expect("ran");
    rt.run_gc();
    let objects = live_objects(&rt);
    assert!(objects < 2_000, "{objects} objects still alive");
}

#[test]
fn gc_stress_collects_without_being_asked() {
    let rt = Runtime::new();
    rt.set_gc_stress(Some(1));
    let ctx = Context::new(&rt);
    let r = ctx.eval(
        "var keep = []; for (var i = 0; i < 300; i++) { var a = {}; a.self = a; keep.push({ i: i }); } keep.length",
        "stress.js",
    );
    assert_eq!(r.expect("runs").as_f64(), Some(300.0));
    let objects = live_objects;
    let before = objects(&rt);
    rt.run_gc();
    // Every self-referencing object but the last was collected by the stress
    // collections already; the 300 kept objects survived them.
    let after = objects(&rt);
    assert!(before - after <= 2, "{before} -> {after}");
    let r = ctx.eval(
        "keep.map(function (o) { return o.i; }).reduce(function (a, b) { return a + b; })",
        "sum.js",
    );
    assert_eq!(r.expect("runs").as_f64(), Some(44850.0));
    rt.set_gc_stress(None);
}

#[test]
fn leak_report_is_clean_after_dropping_runtimes() {
    std::thread::spawn(|| {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        ctx.eval(
            "var a = {}; a.b = { a: a }; function f() { return f; }",
            "t.js",
        )
        .expect("runs");
        assert_eq!(engine::LeakReport::current_thread().live_runtimes, 1);
        drop(ctx);
        drop(rt);
        assert_eq!(
            engine::LeakReport::current_thread(),
            engine::LeakReport::default()
        );
    })
    .join()
    .expect("no panic");
}

/// A runtime kept in a thread-local is dropped while the thread's
/// thread-locals are destroyed, possibly after the heap's own: freeing must
/// not need them (found by fuzzing, which keeps a runtime in a thread-local).
#[test]
fn runtime_in_a_thread_local_drops_at_thread_exit() {
    thread_local! {
        static KEEP: std::cell::RefCell<Option<(Runtime, Context)>> =
            const { std::cell::RefCell::new(None) };
    }
    std::thread::spawn(|| {
        // Registered first, so destroyed after everything the engine registers.
        KEEP.with(|_| ());
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        ctx.eval(
            "var a = []; for (var i = 0; i < 1000; i++) a = [a, { i: i }]; a.push(a);",
            "t.js",
        )
        .expect("runs");
        KEEP.with(|k| *k.borrow_mut() = Some((rt, ctx)));
    })
    .join()
    .expect("no panic while the thread's locals are destroyed");
}
