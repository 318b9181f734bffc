//! Modules through the embedding API: an in-memory loader, errors that name
//! the module and its importer and leave the runtime usable, deep and cyclic
//! graphs, and no cell left behind when the runtime is dropped.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use engine::{
    Context, EvalOptions, FileLoader, FileResolver, JsValue, LeakReport, MemoryLoader,
    NativeModule, Runtime,
};

/// A loader over an in-memory map of module names to sources; specifiers
/// are the names themselves.
fn map_loader(rt: &Runtime, modules: HashMap<String, String>) {
    let mut loader = MemoryLoader::new();
    for (k, v) in &modules {
        loader.add_module(k, v);
    }
    rt.set_module_loader(Some(Box::new(loader)));
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

#[test]
fn native_modules_export_rust_values_and_functions() {
    isolated(|rt, ctx| {
        let inits = Rc::new(Cell::new(0));
        let counter = inits.clone();
        let loader = MemoryLoader::new()
            .with_module(
                "lib/use.js",
                "import { add } from 'host'; export const r = add(2, 3);",
            )
            .with_native(
                "host",
                NativeModule::new(move |ctx| {
                    counter.set(counter.get() + 1);
                    let add = ctx.new_function("add", 2, |_, _, args| {
                        let n = |i: usize| args.get(i).and_then(JsValue::as_f64).unwrap_or(0.0);
                        Ok((n(0) + n(1)).into())
                    });
                    Ok(vec![
                        ("add".into(), add.into()),
                        ("version".into(), ctx.new_string("1.2")),
                    ])
                }),
            )
            .with_native(
                "broken",
                NativeModule::new(|ctx| Err(ctx.new_error("RangeError", "no device"))),
            );
        rt.set_module_loader(Some(Box::new(loader)));
        let m = ctx
            .eval_module(
                "import * as host from 'host'; import { r } from './lib/use.js';
                 export const out = [r, host.version, typeof host.add, Object.keys(host).join()].join(' ');",
                "main.js",
            )
            .unwrap();
        assert_eq!(
            m.namespace.get(ctx, "out").unwrap().as_string().as_deref(),
            Some("5 1.2 function add,version")
        );
        assert_eq!(inits.get(), 1, "one record per module id");

        // The exports are constant bindings.
        let e = ctx
            .eval_module("import { version } from 'host'; version = 2;", "assign.js")
            .err()
            .expect("assignment to an import");
        assert!(e.message.starts_with("TypeError"), "{}", e.message);

        // An initializer's error is the import's error.
        let e = ctx
            .eval_module("import 'broken';", "uses-broken.js")
            .err()
            .expect("failing initializer");
        assert_eq!(e.message, "RangeError: no device");
        // A native module is not data.
        let e = ctx
            .eval_module("import h from 'host' with { type: 'json' };", "json.js")
            .err()
            .expect("native module as JSON");
        assert!(e.message.contains("native module"), "{}", e.message);
        assert_usable(ctx);
        assert_eq!(inits.get(), 1);
    });
}

#[test]
fn import_meta_is_filled_by_the_host_hook() {
    isolated(|rt, ctx| {
        map_loader(
            rt,
            modules(&[
                (
                    "dir/a.js",
                    "export const url = import.meta.url, same = import.meta === import.meta;",
                ),
                ("bad.js", "import.meta;"),
            ]),
        );
        let calls = Rc::new(Cell::new(0));
        let seen = calls.clone();
        rt.set_import_meta_hook(Some(Box::new(move |ctx, id, meta| {
            seen.set(seen.get() + 1);
            if id == "bad.js" {
                return Err(ctx.new_error("TypeError", "no meta for you"));
            }
            meta.set(ctx, "url", &ctx.new_string(&format!("mem:///{id}")))
                .map_err(|e| e.value)
        })));
        let m = ctx
            .eval_module("export * from './dir/a.js';", "main.js")
            .unwrap();
        assert_eq!(
            m.namespace.get(ctx, "url").unwrap().as_string().as_deref(),
            Some("mem:///dir/a.js")
        );
        assert_eq!(m.namespace.get(ctx, "same").unwrap().as_bool(), Some(true));
        assert_eq!(calls.get(), 1, "the hook runs once per module");
        let e = ctx
            .eval_module("import './bad.js';", "main2.js")
            .err()
            .expect("hook error");
        assert_eq!(e.message, "TypeError: no meta for you");
        assert_usable(ctx);
        rt.set_import_meta_hook(None);
    });
}

#[test]
fn file_resolver_and_loader_read_a_directory_tree() {
    let dir = std::env::temp_dir().join(format!("engine-modules-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("lib/util")).unwrap();
    std::fs::write(
        dir.join("lib/util/count.js"),
        "export let n = 0; export function inc() { return ++n; }",
    )
    .unwrap();
    std::fs::write(
        dir.join("lib/a.js"),
        "import { inc } from './util/count.js'; export const a = inc();",
    )
    .unwrap();
    std::fs::write(
        dir.join("lib/b.js"),
        "import { inc } from '../lib/./util/count.js'; export const b = inc();",
    )
    .unwrap();
    std::fs::write(dir.join("data.bin"), [0xff, 0x00, 0xfe]).unwrap();
    let root = dir.join("main.js").to_string_lossy().into_owned();
    isolated(move |rt, ctx| {
        rt.set_module_resolver(Some(Box::new(FileResolver)));
        rt.set_module_loader(Some(Box::new(FileLoader::new())));
        let m = ctx
            .eval_module(
                "import { a } from './lib/a.js'; import { b } from './lib/b.js';
                 import bytes from './data.bin' with { type: 'bytes' };
                 export const out = [a, b, bytes.length, bytes[0]].join();",
                &root,
            )
            .unwrap();
        assert_eq!(
            m.namespace.get(ctx, "out").unwrap().as_string().as_deref(),
            Some("1,2,3,255"),
            "one instance of count.js, however it is spelled"
        );
        let e = ctx
            .eval_module("import './data.bin';", &root.replace("main", "main2"))
            .err()
            .expect("binary file as JavaScript");
        assert!(e.message.contains("not valid UTF-8"), "{}", e.message);
        let e = ctx
            .eval_module("import './missing.js';", &root.replace("main", "main3"))
            .err()
            .expect("missing file");
        assert!(
            e.message.contains("missing.js") && e.message.contains("main3"),
            "{}",
            e.message
        );
        assert_usable(ctx);
        rt.set_module_resolver(None);
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn source_phase_imports_give_a_host_module_source_object() {
    isolated(|rt, ctx| {
        let inits = Rc::new(Cell::new(0));
        let counter = inits.clone();
        let loader = MemoryLoader::new()
            .with_module("lib/plain.js", "export const x = 1;")
            .with_module(
                "lib/reexport.js",
                "import source mod from 'wasm'; export { mod, mod as again };",
            )
            .with_module("lib/star1.js", "export * from './reexport.js';")
            .with_native(
                "wasm",
                NativeModule::new(move |_ctx| {
                    counter.set(counter.get() + 1);
                    Ok(vec![("answer".into(), JsValue::from(42.0))])
                })
                .with_source("Test.Module"),
            );
        rt.set_module_loader(Some(Box::new(loader)));
        let ams = ctx.abstract_module_source();
        ctx.global().set(ctx, "AMS", &ams).unwrap();
        let m = ctx
            .eval_module(
                "import source src from 'wasm';
                 import { answer } from 'wasm';
                 import { mod, again } from './lib/reexport.js';
                 import * as ns from './lib/star1.js';
                 const tag = Object.getOwnPropertyDescriptor(AMS.prototype, Symbol.toStringTag).get;
                 let thrown = '';
                 try { new AMS(); } catch (e) { thrown = e.constructor.name; }
                 export const out = [
                   typeof src, src instanceof AMS, Object.getPrototypeOf(Object.getPrototypeOf(src)) === AMS.prototype,
                   Object.prototype.toString.call(src), tag.call(src), String(tag.call({})), String(tag.call(1)),
                   mod === src, again === src, ns.mod === src, answer, thrown,
                   AMS.name, AMS.length, Object.keys(ns).join(),
                 ].join(' ');
                 export const later = import.source('wasm').then((s) => s === src);
                 export const js = import.source('./lib/plain.js').then(() => 'resolved', (e) => e.constructor.name);",
                "main.js",
            )
            .unwrap();
        assert_eq!(
            m.namespace.get(ctx, "out").unwrap().as_string().as_deref(),
            Some(
                "object true true [object Test.Module] Test.Module undefined undefined \
                 true true true 42 TypeError AbstractModuleSource 0 again,mod"
            )
        );
        rt.run_pending_jobs().unwrap();
        let v = ctx
            .eval_module(
                "import { later, js } from 'main.js';
                 export const r = [await later, await js].join(' ');",
                "check.js",
            )
            .unwrap();
        rt.run_pending_jobs().unwrap();
        assert_eq!(
            v.namespace.get(ctx, "r").unwrap().as_string().as_deref(),
            Some("true SyntaxError")
        );
        assert_eq!(inits.get(), 1, "one record per module id");

        // A source phase import of a JavaScript module fails at link time.
        let e = ctx
            .eval_module("import source s from './lib/plain.js';", "bad.js")
            .err()
            .expect("no source object");
        assert!(e.message.starts_with("SyntaxError"), "{}", e.message);
        rt.run_gc();
    });
}
