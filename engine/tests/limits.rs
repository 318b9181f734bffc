//! Built-in limits: stack depth, memory, interruption, and hostile input.

use std::cell::Cell;
use std::rc::Rc;

use engine::{Context, Runtime};

#[test]
fn unbounded_recursion_is_a_catchable_range_error() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let r = ctx.eval(
        "function f() { return f(); } var r; try { f(); } catch (e) { r = e instanceof RangeError; } r",
        "rec.js",
    );
    assert_eq!(r.expect("caught").as_bool(), Some(true));
    // Recursion through a native callback is also bounded.
    let r = ctx.eval(
        "function g() { return [1].map(g); } var r2; try { g(); } catch (e) { r2 = e instanceof RangeError; } r2",
        "rec2.js",
    );
    assert_eq!(r.expect("caught").as_bool(), Some(true));
}

#[test]
fn memory_limit_is_catchable_and_runtime_stays_usable() {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(16 << 20));
    let ctx = Context::new(&rt);
    let r = ctx.eval(
        "var a = [], caught = false; try { for (;;) a.push({ x: [1, 2, 3, 4] }); } catch (e) { caught = e instanceof RangeError; } a = null; caught",
        "oom.js",
    );
    assert_eq!(r.expect("caught").as_bool(), Some(true));
    rt.run_gc();
    let r = ctx.eval(
        "var b = []; for (var i = 0; i < 1000; i++) b.push(i); b.length",
        "after.js",
    );
    assert_eq!(r.expect("usable").as_f64(), Some(1000.0));
    // A single huge allocation fails cleanly too.
    let r = ctx.eval(
        "try { 'x'.repeat(1 << 29); 'no' } catch (e) { e.name }",
        "big.js",
    );
    assert_eq!(
        r.expect("caught").as_string().as_deref(),
        Some("RangeError")
    );
}

#[test]
fn interrupt_handler_stops_an_infinite_loop() {
    let rt = Runtime::new();
    let polls = Rc::new(Cell::new(0u32));
    let p = polls.clone();
    rt.set_interrupt_handler(Some(Box::new(move || {
        p.set(p.get() + 1);
        p.get() > 3
    })));
    let ctx = Context::new(&rt);
    let e = ctx.eval("for (;;) {}", "loop.js").expect_err("interrupted");
    assert!(e.is_interrupted);
    // An interruption cannot be caught by the script.
    let e = ctx
        .eval("try { for (;;) {} } catch (e) { 'caught' }", "loop2.js")
        .expect_err("interrupted");
    assert!(e.is_interrupted);
    // Every form of backward jump polls: plain and conditional jumps, and
    // the compare-and-branch instructions that end most loops.
    for src in [
        "while (1) {}",
        "do {} while (true);",
        "(function () { for (;;) {} })()",
        "(function () { var i = 0; for (; i < 1; i += 0) {} })()",
        "(function () { var i = 2; while (i > 1) {} })()",
        "(function () { var i = 0; do { i += 0; } while (i <= 0); })()",
        "(function (x) { while (x) {} })(1)",
        "(function () { var i = 0; for (;;) { if (i < 0) break; } })()",
    ] {
        polls.set(0);
        let e = ctx.eval(src, "loop3.js").expect_err("interrupted");
        assert!(e.is_interrupted, "{src}");
    }
    rt.set_interrupt_handler(None);
    assert_eq!(
        ctx.eval("1 + 1", "after.js").expect("usable").as_f64(),
        Some(2.0)
    );
}

fn assert_rejected(src: &str) {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let e = ctx.eval(src, "deep.js").expect_err("rejected");
    assert!(
        e.message.starts_with("SyntaxError") || e.message.starts_with("RangeError"),
        "unexpected error: {}",
        e.message
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for open in ["(", "[", "{"] {
        let src = open.repeat(100_000);
        assert_rejected(&src);
        assert_rejected(&format!("x = {}", open.repeat(100_000)));
    }
    assert_rejected(&"{".repeat(100_000));
    assert_rejected(&format!("{}1", "-".repeat(100_000)));
    assert_rejected(&"function f(){".repeat(20_000));
}

#[test]
fn deep_runtime_structures_are_handled() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let r = ctx.eval(
        "var a = []; for (var i = 0; i < 100000; i++) a = [a]; var ok; try { JSON.stringify(a); } catch (e) { ok = e instanceof RangeError; } ok",
        "deepjson.js",
    );
    assert_eq!(r.expect("caught").as_bool(), Some(true));
    let r = ctx.eval("var s = ''; for (var i = 0; i < 100000; i++) s = '[' + s + ']'; try { JSON.parse(s) } catch (e) { e.name }", "deepparse.js");
    assert_eq!(
        r.expect("caught").as_string().as_deref(),
        Some("RangeError")
    );
}

#[test]
fn interrupt_handler_stops_a_catastrophic_regexp() {
    let rt = Runtime::new();
    let polls = Rc::new(Cell::new(0u32));
    let p = polls.clone();
    rt.set_interrupt_handler(Some(Box::new(move || {
        p.set(p.get() + 1);
        p.get() > 3
    })));
    let ctx = Context::new(&rt);
    // Exponential backtracking: never finishes without the interrupt.
    let e = ctx
        .eval(
            "try { /^(a|a)*$/.test('a'.repeat(60) + 'b'); } catch (e) { 'caught' }",
            "regexp.js",
        )
        .expect_err("interrupted");
    assert!(e.is_interrupted);
    rt.set_interrupt_handler(None);
    assert_eq!(
        ctx.eval("/b+/.exec('abbc')[0]", "after.js")
            .expect("usable")
            .as_string()
            .as_deref(),
        Some("bb")
    );
}

#[test]
fn regexp_backtracking_stack_limit_is_an_error() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let r = ctx.eval(
        "var r; try { /(?:a|b)*c/.test('ab'.repeat(3000000)); r = 'done'; } catch (e) { r = e.name; } r",
        "deep.js",
    );
    let v = r.expect("no uncatchable error");
    let s = v.as_string().unwrap_or_default();
    assert!(
        s == "done" || s == "InternalError" || s == "RangeError",
        "{s}"
    );
}

#[test]
fn bigints_count_against_the_memory_limit() {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(16 << 20));
    let ctx = Context::new(&rt);
    // Each value holds 12,500 bytes of digits: the array of them passes the
    // limit long before 10,000 elements.
    let r = ctx.eval(
        "var a = [], caught = false; try { for (var i = 0; i < 10000; i++) a.push(2n ** 100000n + BigInt(i)); } catch (e) { caught = e instanceof RangeError; } var n = a.length; a = null; caught && n < 10000",
        "oom.js",
    );
    assert_eq!(r.expect("caught").as_bool(), Some(true));
    rt.run_gc();
    // Values over the size limit are a RangeError, not an abort.
    let r = ctx.eval(
        "try { 1n << 100000000n; 'no' } catch (e) { e.name }",
        "huge.js",
    );
    assert_eq!(
        r.expect("caught").as_string().as_deref(),
        Some("RangeError")
    );
}
