//! GlobalDeclarationInstantiation (ECMA-262 §16.1.7) across scripts of one
//! realm, and its Annex B.3.2.2 extension: each case runs a sequence of
//! scripts in one context and checks each script's result (its completion
//! value as a string, or the constructor name of what it threw).

use engine::{Context, JsError, JsValue, Runtime};

fn outcome(ctx: &Context, r: Result<JsValue, JsError>) -> String {
    match r {
        Ok(v) => ctx.to_string(&v).unwrap_or_default(),
        Err(e) => {
            let ctor = e
                .value
                .as_object()
                .and_then(|o| o.get(ctx, "constructor").ok())
                .and_then(|c| c.as_object())
                .and_then(|c| c.get(ctx, "name").ok())
                .and_then(|n| n.as_string());
            ctor.unwrap_or(e.message)
        }
    }
}

/// Runs `(script, expected outcome)` pairs in order in a fresh context.
fn check(steps: &[(&str, &str)]) {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    for (i, (src, want)) in steps.iter().enumerate() {
        let got = outcome(&ctx, ctx.eval(src, "script.js"));
        assert_eq!(&got, want, "step {i}: {src}");
    }
}

#[test]
fn lexical_clashes_with_earlier_scripts() {
    check(&[
        ("var v = 1;", "undefined"),
        // Nothing of a failing script is declared.
        ("let ok1 = 1; let v;", "SyntaxError"),
        ("typeof ok1", "undefined"),
        ("let l = 1;", "undefined"),
        ("var l;", "SyntaxError"),
        ("function l() {}", "SyntaxError"),
        ("let l = 2;", "SyntaxError"),
        ("l", "1"),
        ("const c1 = 1;", "undefined"),
        ("c1 = 2;", "TypeError"),
        ("c1", "1"),
    ]);
}

#[test]
fn lexical_bindings_are_not_global_properties() {
    check(&[
        ("let x = 1; const y = 2;", "undefined"),
        (
            "x + y + ' ' + ('x' in globalThis) + ' ' + ('y' in globalThis)",
            "3 false false",
        ),
        // A global property is shadowed by a lexical binding of a later script.
        ("globalThis.z = 'prop'; 0", "0"),
        ("let z = 'lex'; z + ' ' + globalThis.z", "lex prop"),
    ]);
}

#[test]
fn restricted_global_properties() {
    check(&[
        (
            "Object.defineProperty(globalThis, 'nc', {value: 1, configurable: false, writable: false, enumerable: false}); 0",
            "0",
        ),
        // CanDeclareGlobalFunction fails: TypeError, and the var is not created.
        ("var okVar2; function nc() {}", "TypeError"),
        ("'okVar2' in globalThis", "false"),
        ("var nc; nc", "1"),
        // HasRestrictedGlobalProperty.
        ("let nc;", "SyntaxError"),
        ("let undefined;", "SyntaxError"),
        (
            "Object.defineProperty(globalThis, 'ro', {value: 1, writable: false, enumerable: true, configurable: false}); 0",
            "0",
        ),
        ("function ro() {}", "TypeError"),
        (
            "Object.defineProperty(globalThis, 'we', {value: 1, writable: true, enumerable: true, configurable: false}); 0",
            "0",
        ),
        ("function we() { return 'f'; } we()", "f"),
    ]);
}

#[test]
fn function_bindings() {
    check(&[
        (
            "function fd() {} var d = Object.getOwnPropertyDescriptor(globalThis, 'fd'); [d.writable, d.enumerable, d.configurable].join()",
            "true,true,false",
        ),
        (
            "eval('function fe() {}'); var d2 = Object.getOwnPropertyDescriptor(globalThis, 'fe'); [d2.writable, d2.enumerable, d2.configurable].join()",
            "true,true,true",
        ),
        (
            "eval('var ve;'); Object.getOwnPropertyDescriptor(globalThis, 've').configurable",
            "true",
        ),
        // Eval's vars do not block a later lexical declaration.
        ("let ve = 2; ve", "2"),
        (
            "Object.defineProperty(globalThis, 'acc', {get() { return 1; }, configurable: true}); 0",
            "0",
        ),
        (
            "function acc() {} var d3 = Object.getOwnPropertyDescriptor(globalThis, 'acc'); [typeof d3.value, d3.enumerable, d3.configurable].join()",
            "function,true,false",
        ),
    ]);
}

#[test]
fn non_extensible_global() {
    check(&[
        ("var existing = 1;", "undefined"),
        ("Object.preventExtensions(globalThis); 0", "0"),
        ("var newVar;", "TypeError"),
        ("function newFn() {}", "TypeError"),
        ("var existing = 2; existing", "2"),
        // Annex B: no var binding can be created, so the function stays block-scoped.
        (
            "{ function newBlockFn() {} } typeof newBlockFn",
            "undefined",
        ),
        ("let lexAfter = 3; lexAfter", "3"),
    ]);
}

#[test]
fn annex_b_block_functions() {
    check(&[
        ("typeof blockFn", "undefined"),
        (
            "var before = typeof blockFn; { function blockFn() { return 'b'; } } before + ' ' + blockFn()",
            "undefined b",
        ),
        // A lexical binding of an earlier script prevents the var binding.
        ("let lexFn = 1;", "undefined"),
        ("{ function lexFn() {} } lexFn", "1"),
        // Not reached: the var binding exists but stays undefined.
        (
            "if (false) { function unreached() {} } typeof unreached + ' ' + ('unreached' in globalThis)",
            "undefined true",
        ),
    ]);
}

#[test]
fn cached_global_accesses_see_later_lexical_bindings() {
    check(&[
        (
            "globalThis.p = 'property'; var q = 'var'; \
             function readP() { return p; } function writeP(v) { p = v; } \
             function readQ() { return typeof q === 'undefined' ? 'none' : q; } \
             function loop(f) { var r; for (var i = 0; i < 3; i++) r = f(); return r; } \
             loop(readP) + ' ' + loop(function () { writeP('w'); return readP(); })",
            "property w",
        ),
        // A later script's `let` shadows the property for the cached sites.
        ("let p = 'lexical';", "undefined"),
        ("loop(readP)", "lexical"),
        ("loop(function () { writeP('lw'); return readP(); })", "lw"),
        ("globalThis.p", "w"),
        // A later `const` is seen by cached writes.
        ("loop(readQ)", "var"),
        (
            "let before = loop(function () { return typeof r; }); before",
            "undefined",
        ),
        (
            "function readC() { return c; } function writeC() { c = 1; } \
             try { loop(readC); } catch (e) { e.constructor.name }",
            "ReferenceError",
        ),
        ("const c = 'const';", "undefined"),
        ("loop(readC)", "const"),
        ("loop(writeC)", "TypeError"),
        // Uninitialized bindings of a later script still throw.
        ("function readT() { return t; } 'ok'", "ok"),
        ("readT(); let t = 1;", "ReferenceError"),
        (
            "try { loop(readT); } catch (e) { e.constructor.name }",
            "ReferenceError",
        ),
    ]);
}
