//! Hostile input, end to end: each case runs in a fresh runtime on its own
//! thread, must end in an error the script can catch (or in a result),
//! leaves the runtime usable, and frees everything when the runtime is
//! dropped. Complements `limits.rs`.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use engine::{Context, LeakReport, Runtime};

/// The catchable outcomes of a hostile script: its result, or the name of
/// the error it caught.
const CATCHABLE: [&str; 3] = ["ok", "SyntaxError", "RangeError"];

/// Runs `script` (which returns a string) in a fresh runtime with a memory
/// limit and a wall-clock deadline, checks that the runtime still works
/// afterwards and that dropping it frees every cell, and returns the
/// script's result (or `Err` with the uncaught error's message).
fn run_case(script: &str, deadline: Duration) -> Result<String, String> {
    run_case_counting_stops(script, deadline).0
}

/// Like `run_case`, and also says how many times the interrupt handler
/// answered "stop": an engine that honours the handler asks once.
fn run_case_counting_stops(script: &str, deadline: Duration) -> (Result<String, String>, usize) {
    let script = script.to_string();
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let rt = Runtime::new();
            rt.set_memory_limit(Some(64 << 20));
            rt.set_max_stack_size(4 << 20);
            let start = Instant::now();
            let stops = Rc::new(Cell::new(0usize));
            let counter = stops.clone();
            rt.set_interrupt_handler(Some(Box::new(move || {
                let stop = start.elapsed() > deadline;
                counter.set(counter.get() + usize::from(stop));
                stop
            })));
            let ctx = Context::new(&rt);
            let r = match ctx.eval(&script, "hostile.js") {
                Ok(v) => Ok(v.as_string().unwrap_or_else(|| "ok".into())),
                Err(e) => Err(e.message),
            };
            rt.set_interrupt_handler(None);
            rt.run_gc();
            let after = ctx.eval(
                "[1, 2, 3].map(function (x) { return x * 2; }).join()",
                "after.js",
            );
            assert_eq!(
                after.ok().and_then(|v| v.as_string()).as_deref(),
                Some("2,4,6"),
                "runtime unusable after {script:.80}"
            );
            drop(ctx);
            drop(rt);
            assert_eq!(LeakReport::current_thread(), LeakReport::default(), "leak");
            (r, stops.get())
        })
        .expect("spawn")
        .join()
        .expect("no panic")
}

/// Evaluates the program `build` computes (a JavaScript expression giving a
/// string) with `eval` inside `try`: the outcome must be catchable.
fn assert_catchable_eval(build: &str) {
    let script = format!("var src = {build}; try {{ eval(src); 'ok' }} catch (e) {{ e.name }}");
    let r = run_case(&script, Duration::from_secs(30));
    match r {
        Ok(s) if CATCHABLE.contains(&s.as_str()) => {}
        other => panic!("{build}: {other:?}"),
    }
}

const N: &str = "100000";

#[test]
fn deep_nesting_of_every_bracket() {
    for (open, middle, close) in [
        ("(", "1", ")"),
        ("[", "", "]"),
        ("{", "", "}"),
        ("x = {a: ", "1", "}"),
        ("`${", "1", "}`"),
        ("f(", "", ")"),
        ("a[", "0", "]"),
        ("function f() {", "", "}"),
        ("if (1) {", "", "}"),
        ("[", "a", "] = []"),
        ("({a: ", "b", "} = {})"),
        ("x = /", "(", ")/"),
    ] {
        assert_catchable_eval(&format!(
            "'{open}'.repeat({N}) + '{middle}' + '{close}'.repeat({N})"
        ));
    }
    // Unbalanced: an early error, not a crash.
    for open in ["(", "[", "{", "`${", "f(", "function f() {"] {
        assert_catchable_eval(&format!("'{open}'.repeat({N})"));
    }
    // A regexp nested that deep, compiled at run time.
    let r = run_case(
        &format!(
            "try {{ new RegExp('('.repeat({N}) + ')'.repeat({N})); 'ok' }} catch (e) {{ e.name }}"
        ),
        Duration::from_secs(30),
    );
    assert!(
        matches!(r.as_deref(), Ok("ok" | "SyntaxError" | "RangeError")),
        "{r:?}"
    );
}

#[test]
fn deep_nesting_of_unary_and_other_prefix_operators() {
    for prefix in [
        "!", "-", "+", "~", "typeof ", "void ", "delete ", "new ", "() => ", "a = ", "a ? 1 : ",
        "yield ", "...", "- -", "1 + ",
    ] {
        assert_catchable_eval(&format!("'{prefix}'.repeat({N}) + '1'"));
    }
    assert_catchable_eval(&format!("'a ? '.repeat({N}) + '1' + ' : 1'.repeat({N})"));
    assert_catchable_eval(&format!("'if (1) '.repeat({N}) + ';'"));
    assert_catchable_eval(&format!("'L: '.repeat({N}) + ';'"));
}

#[test]
fn deep_data_structures_in_recursive_builtins() {
    let cases = [
        // Arrays nested 100,000 deep.
        "var a = []; for (var i = 0; i < 100000; i++) a = [a];",
        // Objects nested 100,000 deep.
        "var a = {}; for (var i = 0; i < 100000; i++) a = { a: a };",
    ];
    for setup in cases {
        for op in [
            "JSON.stringify(a)",
            "JSON.stringify(a, null, 2)",
            "JSON.stringify(a, function (k, v) { return v; })",
            "String(a)",
            "a.toString()",
            "a.toLocaleString ? a.toLocaleString() : 0",
            "Array.isArray(a) ? a.flat(Infinity) : 0",
            "Array.isArray(a) ? a.join() : 0",
            "Object.assign({}, a)",
        ] {
            let script = format!("{setup} try {{ {op}; 'ok' }} catch (e) {{ e.name }}");
            let r = run_case(&script, Duration::from_secs(30));
            assert!(
                matches!(r.as_deref(), Ok("ok" | "RangeError" | "TypeError")),
                "{setup} {op}: {r:?}"
            );
        }
    }
    // Deep JSON text, with and without a reviver.
    for parse in [
        "JSON.parse(s)",
        "JSON.parse(s, function (k, v) { return v; })",
    ] {
        for s in [
            "'['.repeat(100000) + ']'.repeat(100000)",
            "'{\"a\":'.repeat(100000) + '1' + '}'.repeat(100000)",
            "'['.repeat(100000)",
        ] {
            let script = format!("var s = {s}; try {{ {parse}; 'ok' }} catch (e) {{ e.name }}");
            let r = run_case(&script, Duration::from_secs(30));
            assert!(
                matches!(r.as_deref(), Ok("ok" | "RangeError" | "SyntaxError")),
                "{parse} of {s}: {r:?}"
            );
        }
    }
    // Long prototype chains are walked in loops.
    let r = run_case(
        "var o = {}; for (var i = 0; i < 100000; i++) o = Object.create(o); \
         try { String(('x' in o) + o.toString()); 'ok' } catch (e) { e.name }",
        Duration::from_secs(30),
    );
    assert!(matches!(r.as_deref(), Ok("ok" | "RangeError")), "{r:?}");
}

#[test]
fn long_proxy_and_bound_function_chains_end_in_a_range_error() {
    // Each proxy forwards to the next without a trap: the internal methods
    // recurse, behind the native stack check.
    for op in [
        "p.x",
        "p.x = 1",
        "'x' in p",
        "delete p.x",
        "Object.keys(p)",
        "Object.getPrototypeOf(p)",
        "Object.isExtensible(p)",
        "Object.preventExtensions(p)",
        "Object.getOwnPropertyDescriptor(p, 'x')",
        "Object.defineProperty(p, 'x', { value: 1 })",
        "Array.isArray(p)",
        "p()",
        "new p()",
    ] {
        let script = format!(
            "var p = function () {{}}; for (var i = 0; i < 100000; i++) p = new Proxy(p, {{}}); \
             try {{ {op}; 'ok' }} catch (e) {{ e.name }}"
        );
        let r = run_case(&script, Duration::from_secs(60));
        assert!(
            matches!(r.as_deref(), Ok("ok" | "RangeError")),
            "{op}: {r:?}"
        );
    }
    // A chain of 10,000 arrays as prototypes is walked in a loop (building it
    // is quadratic: every prototype change checks the chain for a cycle).
    let r = run_case(
        "var a = []; for (var i = 0; i < 10000; i++) { var b = []; b.__proto__ = a; a = b; } \
         String(a.foo) + ('x' in a)",
        Duration::from_secs(60),
    );
    assert_eq!(r.as_deref(), Ok("undefinedfalse"));
    // Calling through thousands of bound functions.
    let r = run_case(
        "var f = function () { return 1; }; for (var i = 0; i < 3000; i++) f = f.bind(null); \
         try { f() + new f() ? 'ok' : 'ok' } catch (e) { e.name }",
        Duration::from_secs(60),
    );
    assert!(matches!(r.as_deref(), Ok("ok" | "RangeError")), "{r:?}");
}

#[test]
fn catastrophic_regexps_are_stopped_by_the_interrupt_handler() {
    for (pattern, subject) in [
        ("/^(a|a)*$/", "'a'.repeat(40) + 'b'"),
        ("/(a+)+$/", "'a'.repeat(40) + 'b'"),
        ("/(x+x+)+y/", "'x'.repeat(40)"),
        ("/^(\\w+\\s?)*$/", "'word '.repeat(12) + '!'"),
        ("/(a*)*b/", "'a'.repeat(40)"),
    ] {
        for call in [
            format!("{pattern}.test({subject})"),
            format!("({subject}).replace({pattern}, 'x')"),
            format!("({subject}).split({pattern})"),
            format!("({subject}).match({pattern})"),
        ] {
            let deadline = Duration::from_millis(300);
            let (r, stops) = run_case_counting_stops(
                &format!("try {{ {call}; 'finished' }} catch (e) {{ 'caught ' + e.name }}"),
                deadline,
            );
            let message = r.expect_err("interrupted, not caught by the script");
            assert!(message.contains("interrupted"), "{call}: {message}");
            // The engine stops at the handler's first "stop", however long
            // the machine took to get there: a bound on the number of
            // answers, not on wall-clock time, so load cannot make it fail.
            assert_eq!(
                stops, 1,
                "{call}: the handler had to say stop {stops} times"
            );
        }
    }
}

#[test]
fn huge_strings_and_arrays_hit_the_memory_limit() {
    for op in [
        "'x'.repeat(1 << 30)",
        "var s = 'xy'; for (;;) s += s;",
        "var s = 'xy'; for (;;) s = s + s + 'z';",
        "var s = 'x'; for (;;) s = [s, s].join('');",
        "'ab'.padEnd(1 << 30)",
        "'ab'.padStart(1 << 30, 'cd')",
        "new Array(1e8).fill(0)",
        "Array.from({ length: 1e9 })",
        "var a = []; for (;;) a.push(a.length);",
        "var a = [1]; for (;;) a = a.concat(a);",
        "new Array(1e7).join('abcdefgh')",
        "var m = new Map(); for (var i = 0;; i++) m.set(i, i);",
        "var s = new Set(); for (var i = 0;; i++) s.add('k' + i);",
        "JSON.stringify(new Array(1e7).fill('abcdefgh'))",
        "var o = {}; for (var i = 0;; i++) o['p' + i] = i;",
        "Array(1e6).fill('x'.repeat(1000)).join('')",
        "'x'.repeat(1 << 23).split('')",
        "String.fromCharCode.apply(null, new Array(1e8))",
    ] {
        let r = run_case(
            // In a function, so that what it built is garbage afterwards.
            &format!(
                "(function () {{ try {{ {op}; return 'finished'; }} catch (e) {{ return e.name; }} }})()"
            ),
            Duration::from_secs(60),
        );
        assert_eq!(r.as_deref(), Ok("RangeError"), "{op}");
    }
}

#[test]
fn a_megabyte_of_code_evaluates() {
    let r = run_case(
        "var src = 'var x = 0;\\n' + 'x += 1;\\n'.repeat(131072); \
         var before = Date.now(); String(eval(src))",
        Duration::from_secs(60),
    );
    assert_eq!(r.as_deref(), Ok("131072"));
    // A megabyte string literal, a megabyte of one expression, a megabyte of functions.
    for build in [
        "'var s = \"' + 'x'.repeat(1 << 20) + '\"; s.length'",
        "'1' + ' + 1'.repeat(250000)",
        "'function f() { return 1; }\\n'.repeat(40000) + 'f()'",
        "'var a = [' + '1,'.repeat(500000) + '];'",
    ] {
        assert_catchable_eval(build);
    }
}
