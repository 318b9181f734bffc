//! Modules through the embedding API: an in-memory loader, errors that name
//! the module and its importer and leave the runtime usable, deep and cyclic
//! graphs, and no cell left behind when the runtime is dropped.

use std::collections::HashMap;
use std::rc::Rc;

use engine::{Context, EvalOptions, LeakReport, Runtime};

/// A loader over an in-memory map of module names to sources; specifiers
/// are the names themselves.
fn map_loader(rt: &Runtime, modules: HashMap<String, String>) {
    let modules = Rc::new(modules);
    rt.set_module_loader(Some(Box::new(move |_referrer: &str, specifier: &str| {
        modules
            .get(specifier)
            .map(|s| (specifier.to_string(), s.clone()))
            .ok_or_else(|| format!("no module named '{specifier}'"))
    })));
}

fn modules(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Runs `f` on its own thread with a fresh runtime and checks that
/// dropping it frees every cell.
fn isolated(f: impl FnOnce(&Runtime, &Context) + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(16 << 20)
        .spawn(move || {
            let rt = Runtime::new();
            rt.set_max_stack_size(4 << 20);
            let ctx = Context::new(&rt);
            f(&rt, &ctx);
            rt.set_module_loader(None);
            drop(ctx);
            drop(rt);
            assert_eq!(LeakReport::current_thread(), LeakReport::default(), "leak");
        })
        .expect("spawn")
        .join()
        .expect("no panic");
}

fn assert_usable(ctx: &Context) {
    let v = ctx
        .eval("[1, 2].map(x => x * 3).join()", "after.js")
        .unwrap();
    assert_eq!(v.as_string().as_deref(), Some("3,6"));
}

#[test]
fn namespace_and_promise() {
    isolated(|rt, ctx| {
        map_loader(
            rt,
            modules(&[("dep", "export let n = 1; export function bump() { n++; }")]),
        );
        let m = ctx
            .eval_module(
                "import { bump } from 'dep'; export * from 'dep'; bump(); export const self = 'root';",
                "root",
            )
            .unwrap();
        assert_eq!(
            m.namespace.get(ctx, "n").unwrap().as_f64(),
            Some(2.0),
            "live binding through the namespace"
        );
        assert_eq!(
            m.namespace.get(ctx, "self").unwrap().as_string().as_deref(),
            Some("root")
        );
        assert!(!m.promise.is_undefined());
    });
}

#[test]
fn errors_name_the_module_and_importer() {
    isolated(|rt, ctx| {
        map_loader(
            rt,
            modules(&[
                ("bad", "export let = ;"),
                ("a", "import { missing } from 'b';"),
                ("b", "export const present = 1;"),
                ("throws", "throw new TypeError('boom');"),
            ]),
        );
        let e = ctx
            .eval_module("import 'nowhere';", "root1")
            .err()
            .expect("missing module");
        assert!(
            e.message.contains("nowhere") && e.message.contains("root1"),
            "{}",
            e.message
        );
        assert!(!e.is_syntax_error);
        assert_usable(ctx);

        let e = ctx
            .eval_module("import 'bad';", "root2")
            .err()
            .expect("syntax error in a dependency");
        assert!(e.message.starts_with("SyntaxError"), "{}", e.message);
        assert!(
            e.message.contains("bad") && e.message.contains("root2"),
            "{}",
            e.message
        );
        assert!(!e.is_syntax_error, "not an early error of the root");
        assert_usable(ctx);

        let e = ctx
            .eval_module("import 'a';", "root3")
            .err()
            .expect("unresolvable import");
        assert!(
            e.message.contains("missing") && e.message.contains("'a'"),
            "{}",
            e.message
        );
        assert_usable(ctx);

        let e = ctx
            .eval_module("export let x = ;", "root4")
            .err()
            .expect("syntax error in the root");
        assert!(e.is_syntax_error);

        let e = ctx
            .eval_module("import 'throws';", "root5")
            .err()
            .expect("throws");
        assert!(e.message.contains("boom"), "{}", e.message);
        // The error is cached on the record: importing again throws it again.
        let e = ctx
            .eval_module("import 'throws';", "root6")
            .err()
            .expect("cached");
        assert!(e.message.contains("boom"), "{}", e.message);
        assert_usable(ctx);
    });
}

#[test]
fn deep_graph_is_a_range_error() {
    isolated(|rt, ctx| {
        let n = 100_000;
        let mut map = HashMap::new();
        for i in 0..n {
            map.insert(
                format!("m{i}"),
                format!("import 'm{}'; export const v = {i};", i + 1),
            );
        }
        map.insert(format!("m{n}"), "export const v = 'end';".to_string());
        map_loader(rt, map);
        match ctx.eval_module("import 'm0';", "deep") {
            Ok(_) => {}
            Err(e) => assert!(e.message.starts_with("RangeError"), "{}", e.message),
        }
        assert_usable(ctx);
    });
}

#[test]
fn cycles_and_top_level_await_free_everything() {
    isolated(|rt, ctx| {
        map_loader(
            rt,
            modules(&[
                (
                    "a",
                    "import { b } from 'b'; export const a = () => b; export const self = { me: null }; self.me = self;",
                ),
                (
                    "b",
                    "import * as ns from 'a'; export const b = () => ns; await null;",
                ),
            ]),
        );
        let opts = EvalOptions {
            strict: true,
            module: true,
        };
        ctx.eval_with(
            "import { a } from 'a'; globalThis.keep = a()() ; const f = await import('b');",
            "root",
            opts,
        )
        .unwrap();
        rt.run_pending_jobs().unwrap();
        let v = ctx
            .eval(
                "typeof keep.a === 'function' && keep.self.me === keep.self",
                "check.js",
            )
            .unwrap();
        assert_eq!(v.as_bool(), Some(true));
        rt.run_gc();
    });
}
