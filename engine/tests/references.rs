//! Name References (ECMA-262 §6.2.5, §9.1.2.1 ResolveBinding): an
//! assignment, compound assignment or update resolves its name once, before
//! the right side runs, and stores through that same Reference even when the
//! binding it found has gone or a nearer one has appeared meanwhile. A call
//! through a `with` object passes the object as `this`.
//!
//! Some engines re-resolve the name on store, so these expectations follow
//! the specification's algorithms (the step numbers are in the comments)
//! rather than another engine's output.

use engine::{Context, Runtime};

fn run(src: &str) -> String {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    match ctx.eval(src, "references.js") {
        Ok(v) => ctx.to_string(&v).unwrap_or_default(),
        Err(e) => format!("threw {}", e.message),
    }
}

/// A getter that deletes its own binding: the Reference made before the
/// read keeps the `with` object as its base (§13.15.2 step 7 PutValue).
const SELF_DELETING: &str = "var scope = { get x() { delete this.x; return 2; } };";

#[test]
fn compound_assignment_stores_to_the_with_object_it_read() {
    let src = format!(
        "(function () {{ var x = 0; {SELF_DELETING} with (scope) {{ x *= 3; }} return [scope.x, x].join(); }})()"
    );
    assert_eq!(run(&src), "6,0");
    // At global level the global `x` is not touched either.
    let src = format!("var x = 0; {SELF_DELETING} with (scope) {{ x += 3; }} [scope.x, x].join()");
    assert_eq!(run(&src), "5,0");
    // Nested `with`: the outer object keeps its property.
    let src = format!(
        "var outer = {{ x: 0 }}; {SELF_DELETING} with (outer) with (scope) x -= 3; [scope.x, outer.x].join()"
    );
    assert_eq!(run(&src), "-1,0");
}

#[test]
fn update_expressions_store_to_the_with_object_they_read() {
    let src = format!("var x = 0; {SELF_DELETING} with (scope) {{ x++; }} [scope.x, x].join()");
    assert_eq!(run(&src), "3,0");
    let src = format!(
        "var x = 0; {SELF_DELETING} var r; with (scope) {{ r = --x; }} [r, scope.x, x].join()"
    );
    assert_eq!(run(&src), "1,1,0");
}

#[test]
fn simple_assignment_resolves_before_the_right_side() {
    // §13.15.2 step 1.a: the left side is evaluated first, so deleting the
    // property while the right side runs does not redirect the store.
    let src = "(function () { var x = 0; var scope = { x: 1 }; \
               with (scope) { x = (delete scope.x, 2); } return [scope.x, x].join(); })()";
    assert_eq!(run(src), "2,0");
    // Logical assignment stores through the Reference too.
    let src = "var o = { get y() { delete this.y; return 1; } }; var y = 'outer'; \
               with (o) { y &&= 7; } [o.y, y].join()";
    assert_eq!(run(src), "7,outer");
}

#[test]
fn a_binding_that_eval_adds_later_does_not_capture_the_store() {
    // The Reference resolved to the outer function's `x` before the eval
    // declared a nearer `x` in the inner function's variable environment.
    let src = "(function () { var x = 3; var inner = (function () { \
               x *= (eval('var x = 2;'), 4); return x; })(); return [inner, x].join(); })()";
    assert_eq!(run(src), "2,12");
    let src = "(function () { var x = 0; var inner = (function () { \
               x = (eval('var x;'), 1); return x; })(); return [String(inner), x].join(); })()";
    assert_eq!(run(src), "undefined,1");
    let src = "(function () { var x = 1; var inner = (function () { \
               x++; eval('var x = 10'); x++; return x; })(); return [inner, x].join(); })()";
    assert_eq!(run(src), "11,2");
}

#[test]
fn ordinary_bindings_still_work_inside_with() {
    assert_eq!(run("with ({}) { var z = 1; z += 1; } z"), "2");
    assert_eq!(run("var k = 5; with ({ k: 1 }) { k <<= 2; k++; } k"), "5");
    assert_eq!(run("var o = { k: 1 }; with (o) { k <<= 2; k++; } o.k"), "5");
    // An unresolvable name in sloppy code becomes a global property.
    assert_eq!(run("with ({}) { fresh = 4; fresh *= 2; } fresh"), "8");
}

#[test]
fn calls_through_a_with_object_pass_it_as_this() {
    // §13.3.6.1 step 6.b: the this value is the Reference's base object.
    let src = "var o = { f: function () { return this === o; } }; \
               var r = []; with (o) { r.push(f()); (function () { r.push(f()); })(); } r.join()";
    assert_eq!(run(src), "true,true");
    // A function found outside the `with` object is called with undefined.
    let src = "function g() { 'use strict'; return this; } with ({}) { typeof g() }";
    assert_eq!(run(src), "undefined");
    // A function declared by eval in a function's variable environment is
    // a declarative binding: this is undefined (global object in sloppy).
    let src =
        "(function () { eval('function h() { return this; }'); return h() === globalThis; })()";
    assert_eq!(run(src), "true");
    let src = "(function () { eval('function h() { \"use strict\"; return this; }'); \
               with ({}) { return typeof h(); } })()";
    assert_eq!(run(src), "undefined");
}

#[test]
fn strict_code_sees_a_vanished_with_binding_as_unresolvable() {
    // §9.1.1.2.5 SetMutableBinding step 2: strict code gets a ReferenceError
    // when the object no longer has the property. A strict function nested
    // in `with` reads and writes through the object environment.
    let src = "var o = { get v() { delete this.v; return 1; } }; \
               with (o) { (function () { 'use strict'; v += 1; })(); }";
    assert!(run(src).starts_with("threw"), "{}", run(src));
}

#[test]
fn a_call_as_assignment_target_is_a_runtime_reference_error_in_sloppy_code() {
    // Annex B, Runtime Errors for Function Call Assignment Targets: the call
    // runs, then a ReferenceError is thrown before the right side, the
    // conversion of the old value, or the loop body.
    let setup = "var log = []; function f() { log.push('f'); return { valueOf() { log.push('valueOf'); return 1; } }; } \
                 function g() { log.push('g'); return 1; } \
                 function t(fn) { try { fn(); return 'none'; } catch (e) { return e.constructor.name; } }";
    for (target, want) in [
        ("f() = g()", "ReferenceError;f"),
        ("f() += g()", "ReferenceError;f"),
        ("f()++", "ReferenceError;f"),
        ("--f()", "ReferenceError;f"),
        ("(f()) = 1", "ReferenceError;f"),
        ("for (f() in [1]) log.push('body')", "ReferenceError;f"),
        ("for (f() of [1]) log.push('body')", "ReferenceError;f"),
        ("for (f() in {}) log.push('body')", "none;"),
    ] {
        let src = format!("{setup} var r = t(function () {{ {target}; }}); r + ';' + log.join()");
        assert_eq!(run(&src), want, "{target}");
    }
    // Strict code, and logical assignment in any code, reject it early.
    for src in [
        "'use strict'; function f() {} if (false) f() = 1;",
        "function f() {} if (false) f() &&= 1;",
        "function f() {} if (false) new f() = 1;",
    ] {
        assert!(run(src).starts_with("threw"), "{src}");
    }
}
