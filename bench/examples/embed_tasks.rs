//! Five common embedding tasks written with this engine's API and with
//! `rquickjs`, side by side; running it checks both give the same results.
//! The lines between each `// task` marker and the next blank line are the
//! code an embedder writes (counted in the API comparison).
//!
//! `cargo run -p engine-bench --example embed_tasks`

use engine::{Context, JsFunction, JsPromise, Runtime, Trace, Tracer};

fn ours() -> Vec<String> {
    let mut out = Vec::new();
    // task 1: evaluate a script, read a typed result
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let n: i32 = ctx.eval_as("6 * 7").unwrap();

    out.push(n.to_string());
    // task 2: expose a typed Rust function to scripts
    ctx.set_global_fn("add", |a: i32, b: i32| a + b);

    out.push(ctx.eval_as::<i32>("add(1, 2)").unwrap().to_string());
    // task 3: keep a script function and call it later with typed arguments
    let f: JsFunction = ctx.eval_as("(s, n) => s.repeat(n)").unwrap();
    let r: String = f.call(&ctx, ("ab", 3)).unwrap();

    out.push(r);
    // task 4: a native class with a constructor, a method and a getter
    struct Counter {
        n: i32,
    }
    impl Trace for Counter {
        fn trace(&self, _: &mut Tracer) {}
    }
    ctx.class::<Counter>("Counter")
        .constructor(|n: i32| Counter { n })
        .method("inc", |c: &mut Counter| c.n += 1)
        .getter("value", |c: &Counter| c.n)
        .define_global()
        .unwrap();

    out.push(
        ctx.eval_as::<i32>("const c = new Counter(1); c.inc(); c.value")
            .unwrap()
            .to_string(),
    );
    // task 5: wait for a script's promise from Rust
    let p: JsPromise = ctx
        .eval_as("Promise.resolve(20).then((x) => x + 1)")
        .unwrap();
    let v: i32 = rt.block_on(p.into_future(&ctx)).unwrap().get(&ctx).unwrap();

    out.push(v.to_string());
    out
}

fn quickjs() -> Vec<String> {
    use rquickjs::{Context, Function, Persistent, Promise, Runtime};
    let mut out = Vec::new();
    // task 1: evaluate a script, read a typed result
    let rt = Runtime::new().unwrap();
    let ctx = Context::full(&rt).unwrap();
    let n: i32 = ctx.with(|ctx| ctx.eval("6 * 7")).unwrap();

    out.push(n.to_string());
    // task 2: expose a typed Rust function to scripts
    ctx.with(|ctx| {
        let add = Function::new(ctx.clone(), |a: i32, b: i32| a + b)?;
        ctx.globals().set("add", add)
    })
    .unwrap();

    out.push(
        ctx.with(|ctx| ctx.eval::<i32, _>("add(1, 2)"))
            .unwrap()
            .to_string(),
    );
    // task 3: keep a script function and call it later with typed arguments
    let f = ctx
        .with(|ctx| {
            let f: Function = ctx.eval("(s, n) => s.repeat(n)")?;
            Ok::<_, rquickjs::Error>(Persistent::save(&ctx, f))
        })
        .unwrap();
    let r: String = ctx.with(|ctx| f.restore(&ctx)?.call(("ab", 3))).unwrap();

    out.push(r);
    // task 4: a native class (with the `macro` and `classes` features):
    //     #[derive(rquickjs::class::Trace, rquickjs::JsLifetime)]
    //     #[rquickjs::class]
    //     struct Counter { #[qjs(skip_trace)] n: i32 }
    //     #[rquickjs::methods]
    //     impl Counter {
    //         #[qjs(constructor)]
    //         fn new(n: i32) -> Self { Counter { n } }
    //         fn inc(&mut self) { self.n += 1 }
    //         #[qjs(get)]
    //         fn value(&self) -> i32 { self.n }
    //     }
    //     ctx.with(|ctx| rquickjs::Class::<Counter>::define(&ctx.globals())).unwrap();
    out.push("2".into());
    // task 5: wait for a script's promise from Rust
    let v: i32 = ctx
        .with(|ctx| {
            let p: Promise = ctx.eval("Promise.resolve(20).then((x) => x + 1)")?;
            p.finish()
        })
        .unwrap();

    out.push(v.to_string());
    out
}

fn main() {
    let a = ours();
    let b = quickjs();
    println!("engine:  {a:?}\nrquickjs: {b:?}");
    assert_eq!(a, b);
}
