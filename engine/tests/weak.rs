//! Weak references in the collector: WeakMap/WeakSet entries die with their
//! keys (at once when counting frees them, or by the collector for cycles,
//! including cycles through the tables' values), WeakRef targets live until
//! the job that touched them ends, FinalizationRegistry callbacks run as
//! jobs after collection, and a dropped runtime leaves no cell behind.

use engine::{Context, JsValue, Runtime};

fn objects(rt: &Runtime) -> usize {
    rt.memory_usage()
        .cells_by_kind
        .iter()
        .find(|(k, _)| *k == "object")
        .map(|x| x.1)
        .unwrap_or(0)
}

fn eval(ctx: &Context, src: &str) -> JsValue {
    match ctx.eval(src, "weak.js") {
        Ok(v) => v,
        Err(e) => panic!("{src}: {}", e.message),
    }
}

fn eval_bool(ctx: &Context, src: &str) -> bool {
    eval(ctx, src).as_bool().expect("a boolean")
}

/// A runtime with a global `gc()` that runs the collector.
fn runtime_with_gc() -> (Runtime, Context) {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.set_global_function("gc", 0, |ctx, _this, _args| {
        ctx.runtime().run_gc();
        Ok(JsValue::undefined())
    });
    (rt, ctx)
}

#[test]
fn weak_map_with_a_million_short_lived_keys_stays_bounded() {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(32 << 20));
    let ctx = Context::new(&rt);
    eval(&ctx, "var wm = new WeakMap(); var ws = new WeakSet();");
    let before = rt.memory_usage().bytes;
    // Each key dies at the next iteration; its entry goes with it, without
    // waiting for a collection.
    let r = ctx.eval(
        "var max = 0;\n\
         for (var i = 0; i < 1000000; i++) {\n\
           var k = { i: i }; wm.set(k, { v: i, big: [i, i, i, i] }); ws.add(k);\n\
           if (!wm.has(k) || !ws.has(k)) throw new Error('missing entry');\n\
         }\n\
         i",
        "million.js",
    );
    assert_eq!(r.expect("no out-of-memory error").as_f64(), Some(1e6));
    let after = rt.memory_usage().bytes;
    assert!(
        after < before + (64 << 10),
        "before {before} after {after}: entries of dead keys were kept"
    );
    assert!(
        eval_bool(&ctx, "wm.has(k) && ws.has(k)"),
        "the last key lives"
    );
}

#[test]
fn key_value_cycles_through_weak_maps_are_freed() {
    let (rt, ctx) = runtime_with_gc();
    eval(
        &ctx,
        "var wm = new WeakMap(), wm2 = new WeakMap(), refs = [];\n\
         for (var i = 0; i < 1000; i++) {\n\
           var k = {}; wm.set(k, { key: k });\n\
           // Across two tables: k1 -> v1 -> k2 -> v2 -> k1.\n\
           var k1 = {}, k2 = {};\n\
           wm.set(k1, { next: k2 }); wm2.set(k2, { next: k1 });\n\
           if (i % 100 === 0) refs.push(new WeakRef(k), new WeakRef(k1));\n\
         }\n\
         k = k1 = k2 = null;\n\
         // A live key keeps its value (reachable only through the table).\n\
         var live = {}; wm.set(live, { payload: [1, 2, 3] });",
    );
    let before = objects(&rt);
    rt.run_gc();
    let after = objects(&rt);
    assert!(
        before - after >= 5000,
        "before {before} after {after}: the cycles were not freed"
    );
    assert!(eval_bool(
        &ctx,
        "refs.every(function (r) { return r.deref() === undefined; })"
    ));
    assert!(eval_bool(&ctx, "wm.get(live).payload[2] === 3"));
    // The value is still traced: a cycle through it stays while the key lives.
    eval(&ctx, "wm.get(live).self = wm.get(live); gc();");
    assert!(eval_bool(&ctx, "wm.get(live).self.payload.length === 3"));
}

#[test]
fn ephemeron_chains_keep_values_of_live_keys() {
    let (_rt, ctx) = runtime_with_gc();
    // A chain of keys reachable only through earlier values: each value is
    // alive because its key is, which the collector learns one link at a time.
    eval(
        &ctx,
        "var wm = new WeakMap(); var root = {}; var k = root;\n\
         for (var i = 0; i < 50; i++) { var next = {}; wm.set(k, { n: i, next: next }); k = next; }\n\
         k = next = null; gc();",
    );
    assert!(eval_bool(
        &ctx,
        "var c = root, n = 0; while (wm.has(c)) { c = wm.get(c).next; n++; } n === 50"
    ));
}

#[test]
fn finalization_callbacks_run_as_jobs_after_collection() {
    let (rt, ctx) = runtime_with_gc();
    eval(
        &ctx,
        "var log = [];\n\
         var fr = new FinalizationRegistry(function (held) { log.push(held); });\n\
         (function () { var a = {}; a.self = a; fr.register(a, 'cycle'); })();\n\
         fr.register({}, 'counted');\n\
         var token = {}; fr.register({}, 'unregistered', token); fr.unregister(token);\n\
         var kept = {}; fr.register(kept, 'alive');",
    );
    // The counted target was freed, but nothing runs before the job loop.
    assert!(eval_bool(&ctx, "log.length === 0"));
    rt.run_pending_jobs().expect("jobs ran");
    assert!(eval_bool(&ctx, "log.join() === 'counted'"));
    // The collector frees the cycle; the callback waits for the job loop.
    eval(&ctx, "gc(); var during = log.length;");
    assert!(eval_bool(&ctx, "during === 1"));
    rt.run_gc();
    assert!(eval_bool(&ctx, "log.length === 1"));
    rt.run_pending_jobs().expect("jobs ran");
    assert!(eval_bool(&ctx, "log.join() === 'counted,cycle'"));
}

#[test]
fn weak_ref_targets_live_until_the_job_ends() {
    let (rt, ctx) = runtime_with_gc();
    let r = eval(
        &ctx,
        "var r1, r2;\n\
         (function () { var t = {}; t.self = t; r1 = new WeakRef(t); var u = {}; r2 = new WeakRef(u); })();\n\
         gc();\n\
         r1.deref() !== undefined && r2.deref() !== undefined",
    );
    assert_eq!(r.as_bool(), Some(true), "kept during the creating job");
    // The job is over: the counted target is freed at once, the cycle by
    // the collector.
    assert!(eval_bool(&ctx, "r2.deref() === undefined"));
    rt.run_gc();
    assert!(eval_bool(&ctx, "r1.deref() === undefined"));
    // deref keeps its result for the rest of the job.
    eval(
        &ctx,
        "var o = {}; o.self = o; var r3 = new WeakRef(o); var seen;",
    );
    rt.run_pending_jobs().expect("jobs ran");
    let r = eval(
        &ctx,
        "o = null; seen = r3.deref() !== undefined; gc(); seen && r3.deref() !== undefined",
    );
    assert_eq!(r.as_bool(), Some(true), "kept during the dereferencing job");
    rt.run_gc();
    assert!(eval_bool(&ctx, "r3.deref() === undefined"));
}

#[test]
fn dropping_a_runtime_with_live_registries_leaves_no_cells() {
    // The heap asserts (in debug builds) that no cell and no weak target is
    // left when it is dropped.
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let kept = eval(
        &ctx,
        "var fr = new FinalizationRegistry(function () { throw new Error('must not run'); });\n\
         var wm = new WeakMap(), ws = new WeakSet(), refs = [];\n\
         for (var i = 0; i < 100; i++) {\n\
           var k = { fr: fr, wm: wm }; k.self = k;\n\
           wm.set(k, { k: k, wm: wm, fr: fr }); ws.add(k); wm.set(wm, k);\n\
           fr.register(k, { k: k }, k); fr.register(wm, fr); fr.register(fr, wm);\n\
           refs.push(new WeakRef(k), new WeakRef(fr));\n\
         }\n\
         fr.register({}, 'pending cleanup');\n\
         wm.set(Symbol('s'), fr);\n\
         fr",
    );
    let other = Context::new(&rt);
    eval(
        &other,
        "var x = new WeakMap(); x.set(x, x); new FinalizationRegistry(function () {}).register(x, 1);",
    );
    drop(kept);
    drop(other);
    drop(ctx);
    drop(rt);
}
