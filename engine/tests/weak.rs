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

fn symbols(rt: &Runtime) -> usize {
    rt.memory_usage()
        .cells_by_kind
        .iter()
        .find(|(k, _)| *k == "symbol")
        .map(|x| x.1)
        .unwrap_or(0)
}

#[test]
fn weak_map_with_a_million_short_lived_symbols_stays_bounded() {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(32 << 20));
    let ctx = Context::new(&rt);
    eval(
        &ctx,
        "var wm = new WeakMap(); var ws = new WeakSet(); var k;",
    );
    let before = rt.memory_usage().bytes;
    let syms_before = symbols(&rt);
    // Each symbol dies at the next iteration; its entries go with it, and
    // its atom's slot is reused by a later symbol.
    let r = ctx.eval(
        "for (var i = 0; i < 1000000; i++) {\n\
           k = Symbol('k' + (i % 10)); wm.set(k, { v: i, big: [i, i, i, i] }); ws.add(k);\n\
           if (!wm.has(k) || !ws.has(k)) throw new Error('missing entry');\n\
         }\n\
         i",
        "million-symbols.js",
    );
    assert_eq!(r.expect("no out-of-memory error").as_f64(), Some(1e6));
    let after = rt.memory_usage().bytes;
    assert!(
        after < before + (64 << 10),
        "before {before} after {after}: entries of dead symbols were kept"
    );
    assert!(symbols(&rt) <= syms_before + 1, "dead symbols were kept");
    assert!(
        eval_bool(&ctx, "wm.has(k) && ws.has(k) && wm.get(k).v === 999999"),
        "the last symbol lives"
    );
    // Symbols used as property keys in the loop are freed with the objects.
    let r = ctx.eval(
        "for (var i = 0; i < 200000; i++) {\n\
           var o = {}; o[Symbol('p')] = i; Object.defineProperty(o, Symbol(), { value: 1 });\n\
           var d = {}; for (var j = 0; j < 70; j++) d[Symbol()] = j;\n\
         }\n\
         o = d = undefined; i",
        "symbol-keys.js",
    );
    assert_eq!(r.expect("no out-of-memory error").as_f64(), Some(2e5));
    assert!(symbols(&rt) <= syms_before + 1, "symbol keys were kept");
}

#[test]
fn symbol_keyed_entries_die_with_their_symbol() {
    let (rt, ctx) = runtime_with_gc();
    eval(
        &ctx,
        "var wm = new WeakMap(), ws = new WeakSet(), probe = {};\n\
         var s = Symbol('s'); wm.set(s, probe); ws.add(s);\n\
         var r = new WeakRef(probe); probe = null;\n\
         var wk = Symbol.iterator; wm.set(wk, 'well-known');",
    );
    rt.run_pending_jobs().expect("jobs ran");
    assert!(eval_bool(
        &ctx,
        "wm.has(s) && ws.has(s) && r.deref() !== undefined"
    ));
    // The symbol's count drops to zero: the entries go at once, and with
    // them the value.
    eval(&ctx, "s = null;");
    assert!(eval_bool(&ctx, "r.deref() === undefined"));
    assert!(eval_bool(&ctx, "wm.get(Symbol.iterator) === 'well-known'"));
    // A symbol kept only by a garbage cycle: the collector decides like for
    // an object key, including a value that refers back to its key.
    eval(
        &ctx,
        "(function () { var t = Symbol('t'); var o = { t: t }; o.self = o; wm.set(t, { o: o }); r = new WeakRef(o); })();",
    );
    rt.run_pending_jobs().expect("jobs ran");
    assert!(eval_bool(&ctx, "r.deref() !== undefined"));
    rt.run_gc();
    assert!(eval_bool(&ctx, "r.deref() === undefined"));
    // Registered symbols cannot be held weakly.
    assert!(eval_bool(
        &ctx,
        "try { wm.set(Symbol.for('x'), 1); false } catch (e) { e instanceof TypeError }"
    ));
}

#[test]
fn finalization_callbacks_run_after_a_symbol_target_dies() {
    let (rt, ctx) = runtime_with_gc();
    eval(
        &ctx,
        "var log = [];\n\
         var fr = new FinalizationRegistry(function (held) { log.push(held); });\n\
         fr.register(Symbol('a'), 'counted');\n\
         var tok = Symbol('token'); fr.register(Symbol('b'), 'unregistered', tok);\n\
         (function () { var c = Symbol('c'); var o = { c: c }; o.self = o; fr.register(c, 'cycle'); })();\n\
         var kept = Symbol('kept'); fr.register(kept, 'alive');\n\
         var ref = new WeakRef(Symbol('ref'));",
    );
    assert!(eval_bool(&ctx, "log.length === 0"));
    rt.run_pending_jobs().expect("jobs ran");
    assert!(eval_bool(&ctx, "log.join() === 'counted,unregistered'"));
    assert!(eval_bool(&ctx, "ref.deref() === undefined"));
    eval(&ctx, "gc();");
    rt.run_pending_jobs().expect("jobs ran");
    assert!(eval_bool(
        &ctx,
        "log.join() === 'counted,unregistered,cycle'"
    ));
    assert!(eval_bool(&ctx, "fr.unregister(tok) === false"));
    eval(&ctx, "var tok2 = Symbol(); fr.register({}, 'x', tok2);");
    assert!(eval_bool(&ctx, "fr.unregister(tok2) === true"));
}

#[test]
fn symbol_keys_of_live_objects_survive_their_values() {
    let (rt, ctx) = runtime_with_gc();
    eval(
        &ctx,
        "var o = {}; o[Symbol('a')] = 1;\n\
         Object.defineProperty(o, Symbol('b'), { value: 2, enumerable: true });\n\
         var d = {}; for (var i = 0; i < 100; i++) d[Symbol('d' + i)] = i;\n\
         var k = {}; k[Symbol('c')] = 3; delete k.x; k[Symbol('e')] = 4;\n\
         var conv = {}; conv[{ [Symbol.toPrimitive]() { return Symbol('p'); } }] = 5;\n\
         var klass = new (class { [Symbol('f')] = 6; })();",
    );
    // Churn through symbols so that freed slots would be reused.
    eval(&ctx, "for (var i = 0; i < 1000; i++) Symbol('x'); gc();");
    rt.run_gc();
    assert!(eval_bool(
        &ctx,
        "var ks = Object.getOwnPropertySymbols(o);\n\
         ks.length === 2 && o[ks[0]] === 1 && o[ks[1]] === 2 &&\n\
         ks[0].description === 'a' && ks[1].description === 'b' &&\n\
         String(ks[0]) === 'Symbol(a)' && Reflect.ownKeys(o)[1] === ks[1]"
    ));
    assert!(eval_bool(
        &ctx,
        "var ds = Object.getOwnPropertySymbols(d);\n\
         ds.length === 100 && ds.every(function (s, i) { return d[s] === i && s.description === 'd' + i; })"
    ));
    assert!(eval_bool(
        &ctx,
        "var ks2 = Object.getOwnPropertySymbols(k); ks2.length === 2 && k[ks2[1]] === 4 && ks2[1].description === 'e'"
    ));
    assert!(eval_bool(
        &ctx,
        "var cs = Object.getOwnPropertySymbols(conv); cs.length === 1 && conv[cs[0]] === 5 && cs[0].description === 'p'"
    ));
    assert!(eval_bool(
        &ctx,
        "var fs = Object.getOwnPropertySymbols(klass); fs.length === 1 && klass[fs[0]] === 6"
    ));
    // Deleting the key lets the symbol go; the other keys stay.
    eval(
        &ctx,
        "var ks = Object.getOwnPropertySymbols(o); delete o[ks[0]]; ks = null;",
    );
    rt.run_gc();
    assert!(eval_bool(
        &ctx,
        "var ks = Object.getOwnPropertySymbols(o); ks.length === 1 && o[ks[0]] === 2 && ks[0].description === 'b'"
    ));
    // A symbol key usable as a weak key after the original value is gone.
    assert!(eval_bool(
        &ctx,
        "var wm = new WeakMap(); wm.set(ks[0], 'v'); var again = Object.getOwnPropertySymbols(o)[0]; wm.get(again) === 'v'"
    ));
}

#[test]
fn dropping_a_runtime_with_symbol_keys_leaves_no_cells() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let kept = eval(
        &ctx,
        "var wm = new WeakMap(), fr = new FinalizationRegistry(function () {});\n\
         var syms = [];\n\
         for (var i = 0; i < 100; i++) {\n\
           var s = Symbol(i); var o = {}; o[s] = o; o.s = s; wm.set(s, o);\n\
           fr.register(s, o, s); syms.push(new WeakRef(s));\n\
         }\n\
         var p = Symbol.for('reg'); var q = {}; q[p] = Symbol.iterator;\n\
         s",
    );
    let sym = ctx.new_symbol("host");
    let obj = eval(&ctx, "({})");
    obj.as_object()
        .expect("an object")
        .set(&ctx, &sym, &JsValue::undefined())
        .expect("set");
    drop(kept);
    drop(sym);
    drop(obj);
    drop(ctx);
    drop(rt);
}

/// Shapes hold the cells of their symbol keys, and recently made shapes are
/// cached per thread: one runtime after another on the same thread (as a
/// test runner does) must each leave no cell behind and never touch a
/// dropped runtime's heap.
#[test]
fn runtimes_in_turn_with_symbol_keyed_shapes_leave_no_cells() {
    for i in 0..4 {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        eval(
            &ctx,
            &format!(
                "var s = Symbol('k{i}'), o = {{}}; o[s] = 1; var c = {{ ...o }};
                 Object.defineProperty(o, Symbol(), {{ value: 2 }}); c[s] + {i}"
            ),
        );
        drop(ctx);
        drop(rt);
        let report = engine::LeakReport::current_thread();
        assert_eq!(report.leaked_cells, 0, "after runtime {i}");
    }
}
