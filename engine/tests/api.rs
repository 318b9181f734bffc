//! The typed embedding API: conversions, handles, host functions, classes.

use std::collections::{BTreeMap, HashMap};

use engine::{
    Context, Instance, JsArray, JsError, JsFunction, JsObject, JsValue, LeakReport, MutFn, Opt,
    Property, Rest, Runtime, This, Trace, Tracer,
};

fn setup() -> (Runtime, Context) {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    (rt, ctx)
}

#[test]
fn conversions_round_trip() {
    let (_rt, ctx) = setup();
    let v = ctx.to_js((1u8, -2i64, 3.5f64, "x", true)).unwrap();
    let back: (u8, i64, f64, String, bool) = v.get(&ctx).unwrap();
    assert_eq!(back, (1, -2, 3.5, "x".to_string(), true));
    let mut m = HashMap::new();
    m.insert("a".to_string(), vec![1, 2]);
    let v = ctx.to_js(m.clone()).unwrap();
    assert_eq!(v.get::<HashMap<String, Vec<i32>>>(&ctx).unwrap(), m);
    let b: BTreeMap<String, Option<String>> = ctx.eval_as("({ b: 'x', a: undefined })").unwrap();
    assert_eq!(b.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(b["a"], None);
    assert_eq!(ctx.eval_as::<Option<i32>>("null").unwrap(), None);
    // Strict: no coercion, precise messages.
    let e = ctx.eval_as::<u8>("300").unwrap_err();
    assert_eq!(e.message, "TypeError: expected u8, got number 300");
    let e = ctx.eval_as::<i32>("1.5").unwrap_err();
    assert!(e.is_conversion());
    let e = ctx.eval_as::<Vec<String>>("['a', 2]").unwrap_err();
    assert_eq!(
        e.message,
        "TypeError: element 1: expected string, got number 2"
    );
    // BigInts convert to 64-bit integers when they fit.
    assert_eq!(ctx.eval_as::<i64>("2n ** 60n").unwrap(), 1 << 60);
    assert_eq!(ctx.eval_as::<u64>("2 ** 53").unwrap(), 1 << 53);
    // Handles.
    let f: JsFunction = ctx.eval_as("Math.max").unwrap();
    assert_eq!(f.call::<f64>(&ctx, (1, 5, 3)).unwrap(), 5.0);
    assert!(ctx.eval_as::<JsFunction>("({})").is_err());
    let a: JsArray = ctx.eval_as("[1, 2, 3]").unwrap();
    assert_eq!(a.to_vec::<u32>(&ctx).unwrap(), [1, 2, 3]);
    assert!(ctx.eval_as::<JsArray>("({ length: 1 })").is_err());
}

#[test]
fn object_operations_with_all_key_kinds() {
    let (_rt, ctx) = setup();
    let o = ctx.new_object();
    let sym = ctx.new_symbol("s");
    o.put(&ctx, "name", "n").unwrap();
    o.put(&ctx, 3u32, 30).unwrap();
    o.put(&ctx, &sym, 1).unwrap();
    assert_eq!(o.get_as::<i32>(&ctx, "3").unwrap(), 30);
    assert_eq!(o.get_as::<i32>(&ctx, &sym).unwrap(), 1);
    assert!(o.has(&ctx, 3u32).unwrap());
    assert!(o.has(&ctx, "toString").unwrap());
    assert!(!o.has_own(&ctx, "toString").unwrap());
    let keys = o.own_keys(&ctx).unwrap();
    assert_eq!(keys.len(), 3);
    assert!(keys[0].is_string() && keys[2].is_symbol());
    assert_eq!(o.keys(&ctx).unwrap(), ["3", "name"]);
    o.define(&ctx, "ro", Property::value(ctx.to_js(1).unwrap()))
        .unwrap();
    assert!(o.set(&ctx, "ro", &JsValue::from(2)).is_err());
    assert!(!o.delete(&ctx, "ro").unwrap());
    assert!(o.delete(&ctx, &sym).unwrap());
    assert!(!o.has(&ctx, &sym).unwrap());
    // Prototypes and instanceof.
    let date = ctx.global().get(&ctx, "Date").unwrap();
    let d: JsObject = ctx
        .global()
        .get_as::<JsObject>(&ctx, "Date")
        .unwrap()
        .construct(&ctx, (0,))
        .unwrap();
    assert!(d.instance_of(&ctx, &date).unwrap());
    assert!(!o.instance_of(&ctx, &date).unwrap());
    let p = ctx.new_object();
    p.put(&ctx, "inherited", 7).unwrap();
    o.set_prototype(&ctx, Some(&p)).unwrap();
    assert_eq!(o.get_as::<i32>(&ctx, "inherited").unwrap(), 7);
    // Errors carry their stack.
    let e = ctx
        .eval("function f() { throw new RangeError('deep') }\nf()", "s.js")
        .unwrap_err();
    assert_eq!(e.message, "RangeError: deep");
    assert!(e.stack.as_deref().unwrap_or("").contains("s.js:1"));
    assert!(e.value.is_error());
}

#[test]
fn typed_host_functions() {
    let (_rt, ctx) = setup();
    ctx.set_global_fn("add", |a: i32, b: i32| a + b);
    ctx.set_global_fn("opt", |a: String, b: Opt<i32>, c: Option<bool>| {
        format!("{a}{:?}{:?}", b.0, c)
    });
    ctx.set_global_fn("rest", |first: u8, rest: Rest<String>| {
        format!("{first}:{}", rest.0.join(","))
    });
    ctx.set_global_fn("me", |This(t): This<JsObject>, ctx: Context| {
        t.get_as::<String>(&ctx, "id")
    });
    ctx.set_global_fn("fails", |n: i32| -> Result<i32, JsError> {
        if n > 0 {
            Ok(n)
        } else {
            Err(JsError::range_error("must be positive"))
        }
    });
    assert_eq!(ctx.eval_as::<i32>("add(2, 3)").unwrap(), 5);
    assert_eq!(
        ctx.eval_as::<String>("opt('x') + opt('y', 1, true)")
            .unwrap(),
        "xNoneNoneySome(1)Some(true)"
    );
    assert_eq!(ctx.eval_as::<String>("rest(1, 'a', 'b')").unwrap(), "1:a,b");
    assert_eq!(ctx.eval_as::<String>("me.call({ id: 'q' })").unwrap(), "q");
    assert_eq!(
        ctx.eval_as::<Vec<u32>>("[add.length, opt.length, rest.length, me.length]")
            .unwrap(),
        [2, 1, 1, 0]
    );
    let msg: String = ctx
        .eval_as("try { add(1, 'two') } catch (e) { `${e instanceof TypeError} ${e.message}` }")
        .unwrap();
    assert_eq!(msg, "true add: argument 2: expected i32, got string");
    let msg: String = ctx
        .eval_as("try { rest(1, 'a', 3) } catch (e) { e.message }")
        .unwrap();
    assert_eq!(msg, "rest: argument 3: expected string, got number 3");
    let msg: String = ctx
        .eval_as("try { fails(0) } catch (e) { e.name + ' ' + e.message }")
        .unwrap();
    assert_eq!(msg, "RangeError must be positive");
    // FnMut, and a re-entrant call of it.
    let mut n = 0;
    ctx.set_global_fn(
        "count",
        MutFn(
            move |f: Option<JsFunction>, ctx: Context| -> Result<i32, JsError> {
                n += 1;
                if let Some(f) = f {
                    f.call::<()>(&ctx, ())?;
                }
                Ok(n)
            },
        ),
    );
    assert_eq!(ctx.eval_as::<i32>("count(); count()").unwrap(), 2);
    let msg: String = ctx
        .eval_as("try { count(() => count()) } catch (e) { e.message }")
        .unwrap();
    assert_eq!(msg, "function called again while it runs");
    // Rust-to-JS calls.
    let f: JsFunction = ctx.eval_as("(a, b) => [b, a]").unwrap();
    let r: (String, i32) = f.call(&ctx, (1, "z")).unwrap();
    assert_eq!(r, ("z".into(), 1));
}

struct Point {
    x: f64,
    y: f64,
}
impl Trace for Point {
    fn trace(&self, _t: &mut Tracer) {}
}

struct Point3 {
    base: Point,
    z: f64,
}
impl Trace for Point3 {
    fn trace(&self, _t: &mut Tracer) {}
}

struct Holder {
    held: Option<JsValue>,
}
impl Trace for Holder {
    fn trace(&self, t: &mut Tracer) {
        t.trace(&self.held);
    }
}

#[test]
fn native_classes() {
    let (_rt, ctx) = setup();
    ctx.class::<Point>("Point")
        .constructor(|x: f64, y: f64| Point { x, y })
        .method("norm", |p: &Point| (p.x * p.x + p.y * p.y).sqrt())
        .method("scale", |p: &mut Point, k: f64| {
            p.x *= k;
            p.y *= k;
        })
        .getter("x", |p: &Point| p.x)
        .setter("x", |p: &mut Point, v: f64| p.x = v)
        .static_method("origin", |ctx: Context| {
            ctx.instance(Point { x: 0.0, y: 0.0 })
        })
        .static_value("DIMENSIONS", 2)
        .define_global()
        .unwrap();
    ctx.class::<Point3>("Point3")
        .constructor(|x: f64, y: f64, z: f64| Point3 {
            base: Point { x, y },
            z,
        })
        .getter("z", |p: &Point3| p.z)
        .extends::<Point>(|p| &p.base, |p| &mut p.base)
        .define_global()
        .unwrap();
    let r: String = ctx
        .eval_as(
            "const p = new Point(3, 4);
             p.scale(2); p.x = p.x + 1;
             const q = new Point3(1, 2, 3);
             class Sub extends Point { hello() { return 'sub ' + this.norm(); } }
             [p.norm(), p.x, Point.origin().norm(), Point.DIMENSIONS, Point.length,
              q.z, q.x, q instanceof Point, new Sub(0, 1).hello(), String(p),
              Object.getPrototypeOf(Point3) === Point].join()",
        )
        .unwrap();
    assert_eq!(
        r,
        "10.63014581273465,7,0,2,2,3,1,true,sub 1,[object Point],true"
    );
    // Wrong receivers and missing `new` are TypeErrors, not crashes.
    for src in [
        "Point(1, 2)",
        "Point.prototype.norm.call({})",
        "Point3.prototype.__lookupGetter__('z').call(new Point(1, 2))",
        "new Point('a', 2)",
    ] {
        let e = ctx.eval(src, "bad.js").unwrap_err();
        assert!(e.message.starts_with("TypeError"), "{src}: {}", e.message);
    }
    // Instances as typed parameters.
    ctx.set_global_fn("xOf", |p: Instance<Point>| p.borrow(|p| p.x));
    assert_eq!(ctx.eval_as::<f64>("xOf(new Point3(5, 0, 0))").unwrap(), 5.0);
    let e = ctx.eval("xOf({})", "x.js").unwrap_err();
    assert_eq!(
        e.message,
        "TypeError: xOf: argument 1: expected Point, got object"
    );
}

#[test]
fn cycles_through_rust_data_are_collected() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.class::<Holder>("Holder")
        .constructor(|| Holder { held: None })
        .setter("held", |h: &mut Holder, v: JsValue| h.held = Some(v))
        .define_global()
        .unwrap();
    rt.run_gc();
    let before = rt.live_cells();
    // Each instance holds a closure that holds the instance: a cycle
    // through the Rust value.
    ctx.eval(
        "for (let i = 0; i < 200; i++) { const h = new Holder(); h.held = () => h; }",
        "c.js",
    )
    .unwrap();
    rt.run_gc();
    assert!(
        rt.live_cells() <= before + 5,
        "{} > {}",
        rt.live_cells(),
        before
    );
    // The same through the captures of a Rust closure.
    for _ in 0..100 {
        let o = ctx.new_object();
        let f = ctx.function_with("f", o.clone(), |o: &JsObject| o.type_of());
        o.set(&ctx, "f", &f.into()).unwrap();
    }
    rt.run_gc();
    assert!(
        rt.live_cells() <= before + 5,
        "{} > {}",
        rt.live_cells(),
        before
    );
}

#[test]
fn dropping_the_runtime_leaves_no_cells() {
    let before = LeakReport::current_thread();
    {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        ctx.class::<Holder>("Holder")
            .constructor(|| Holder { held: None })
            .setter("held", |h: &mut Holder, v: JsValue| h.held = Some(v))
            .define_global()
            .unwrap();
        // Closures capturing their own function object, untraced.
        {
            let f = ctx.new_object();
            let g = f.clone();
            let own = ctx.function("own", move || g.type_of());
            f.set(&ctx, "own", &own.clone().into()).unwrap();
            let own2 = own.clone();
            ctx.set_global_fn("selfish", move || own2.type_of());
        }
        ctx.eval("const h = new Holder(); h.held = h; selfish()", "l.js")
            .unwrap();
        drop(ctx);
        drop(rt);
    }
    let after = LeakReport::current_thread();
    assert_eq!(after.live_runtimes, before.live_runtimes);
    assert_eq!(after.leaked_cells, before.leaked_cells);
}

#[test]
fn interrupt_handle_stops_scripts_from_another_thread() {
    let (rt, ctx) = setup();
    let handle = rt.interrupt_handle();
    fn is_send_sync<T: Send + Sync>(_: &T) {}
    is_send_sync(&handle);
    for src in [
        "for (;;) {}",
        "try { for (;;) {} } catch (e) { 'caught' } finally { globalThis.fin = 1 }",
        // An async function turns the error into a rejection; the
        // request stays until the whole script has stopped.
        "(async () => { for (;;) {} })(); globalThis.after = 1; for (;;) {}",
        "[1, 2, 3].sort(() => { for (;;) {} })",
    ] {
        let h = handle.clone();
        let t = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            h.interrupt();
        });
        let e = ctx.eval(src, "loop.js").unwrap_err();
        t.join().unwrap();
        assert!(e.is_interrupted, "{src}: {}", e.message);
        assert!(!handle.is_pending());
        assert_eq!(ctx.eval_as::<i32>("6 * 7").unwrap(), 42);
    }
    assert!(
        ctx.eval_as::<Option<i32>>("globalThis.fin")
            .unwrap()
            .is_none()
    );
    assert_eq!(ctx.eval_as::<i32>("globalThis.after").unwrap(), 1);
    // A request made while idle stops the next script; reset withdraws it.
    handle.interrupt();
    handle.reset();
    assert_eq!(
        ctx.eval_as::<i32>("let i = 0; while (i < 1e5) i++; i")
            .unwrap(),
        100000
    );
    let s = rt.stats();
    assert!(s.live_cells > 0 && s.memory_bytes > 0 && s.stack_limit > 0);
    assert_eq!(s.stack_frames, 0);
    ctx.set_global_fn("depth", |ctx: Context| ctx.runtime().stats().stack_frames);
    assert_eq!(
        ctx.eval_as::<usize>("(function f(n) { return n ? f(n - 1) : depth() })(3)")
            .unwrap(),
        5
    );
}

#[test]
fn promises_and_futures() {
    use std::cell::RefCell;
    use std::rc::Rc;
    let (rt, ctx) = setup();
    // Settled from Rust.
    let (p, res) = ctx.new_promise();
    ctx.set_global("p", &p).unwrap();
    ctx.eval("p.then((v) => globalThis.v = v * 2)", "p.js")
        .unwrap();
    assert!(matches!(p.state(&ctx), engine::PromiseState::Pending));
    res.resolve(&ctx, 21).unwrap();
    rt.run_pending_jobs().unwrap();
    assert_eq!(ctx.get_global::<i32>("v").unwrap(), 42);
    // A JS promise as a future, rejected.
    let p: engine::JsPromise = ctx
        .eval_as("(async () => { await null; throw new TypeError('nope') })()")
        .unwrap();
    let e = rt.block_on(p.into_future(&ctx)).unwrap_err();
    assert_eq!(e.message, "TypeError: nope");
    // A spawned Rust future settling a promise, awaited by script.
    ctx.set_global_fn("later", |x: i32| {
        engine::Promised(async move {
            if x < 0 {
                Err(JsError::range_error("negative"))
            } else {
                Ok(x + 1)
            }
        })
    });
    let p: engine::JsPromise = ctx
        .eval_as("(async () => (await later(1)) + await later(-1).catch((e) => e.name.length))()")
        .unwrap();
    let v: i32 = rt.block_on(p.into_future(&ctx)).unwrap().get(&ctx).unwrap();
    assert_eq!(v, 2 + "RangeError".len() as i32);
    // Unhandled rejections are reported once the queue is empty.
    let seen = Rc::new(RefCell::new(Vec::<String>::new()));
    let s = seen.clone();
    rt.set_unhandled_rejection_hook(Some(Box::new(move |ctx, _p, reason| {
        s.borrow_mut().push(ctx.to_string(reason).unwrap());
    })));
    ctx.eval(
        "Promise.reject(1); const q = Promise.reject(2); q.catch(() => {});
         (async () => { throw 3 })(); Promise.reject(4).then(() => {})",
        "r.js",
    )
    .unwrap();
    rt.run_pending_jobs().unwrap();
    let mut got = seen.borrow().clone();
    got.sort();
    assert_eq!(got, ["1", "3", "4"]);
    // Drive runs spawned futures to the end.
    let flag = Rc::new(RefCell::new(false));
    let f = flag.clone();
    ctx.spawn(async move {
        *f.borrow_mut() = true;
    });
    rt.block_on(rt.drive()).unwrap();
    assert!(*flag.borrow());
}
