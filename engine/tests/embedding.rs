//! The embedding boundary: values never cross runtimes, host closures that
//! capture values do not keep their runtime alive, and values that outlive
//! their runtime are inert.

use std::cell::Cell;
use std::rc::Rc;

use engine::{Context, JsValue, Runtime};

fn two_runtimes() -> (Runtime, Context, Runtime, Context) {
    let rt_a = Runtime::new();
    let ctx_a = Context::new(&rt_a);
    let rt_b = Runtime::new();
    let ctx_b = Context::new(&rt_b);
    (rt_a, ctx_a, rt_b, ctx_b)
}

fn assert_foreign<T: std::fmt::Debug>(r: Result<T, engine::JsError>) {
    let e = r.expect_err("a value of another runtime is refused");
    assert!(
        e.message.contains("TypeError") && e.message.contains("another runtime"),
        "unexpected error: {}",
        e.message
    );
}

#[test]
fn values_of_another_runtime_are_refused() {
    let (_rt_a, ctx_a, _rt_b, ctx_b) = two_runtimes();
    let obj_a = ctx_a.eval("({ x: 1 })", "a.js").expect("evaluates");
    let str_a = ctx_a.new_string("from a");
    let sym_a = ctx_a.eval("Symbol('s')", "a.js").expect("evaluates");
    let f_b = ctx_b
        .eval("(function (v) { return v; })", "b.js")
        .expect("evaluates");

    // As an argument, a receiver and a callee.
    assert_foreign(ctx_b.call(&f_b, &JsValue::undefined(), std::slice::from_ref(&obj_a)));
    assert_foreign(ctx_b.call(&f_b, &JsValue::undefined(), std::slice::from_ref(&str_a)));
    assert_foreign(ctx_b.call(&f_b, &JsValue::undefined(), &[sym_a]));
    assert_foreign(ctx_b.call(&f_b, &obj_a, &[]));
    let f_a = ctx_a
        .eval("(function () { return 1; })", "a.js")
        .expect("evaluates");
    assert_foreign(ctx_b.call(&f_a, &JsValue::undefined(), &[]));

    // As a property value and as the object itself.
    let global_b = ctx_b.global();
    assert_foreign(global_b.set(&ctx_b, "leak", &obj_a));
    let o_a = obj_a.as_object().expect("an object");
    assert_foreign(o_a.get(&ctx_b, "x"));
    assert_foreign(o_a.set(&ctx_b, "x", &JsValue::from(2)));
    assert_foreign(ctx_b.to_string(&str_a));
    assert_foreign(ctx_b.new_array(std::slice::from_ref(&str_a)));

    // Primitives without heap references belong to no runtime.
    let r = ctx_b
        .call(
            &f_b,
            &JsValue::undefined(),
            &[JsValue::from(7), JsValue::null()],
        )
        .expect("numbers cross freely");
    assert_eq!(r.as_f64(), Some(7.0));

    // Within its own runtime the same value works, in any of its realms.
    assert_eq!(o_a.get(&ctx_a, "x").expect("reads").as_f64(), Some(1.0));
    let ctx_a2 = Context::new(&ctx_a.runtime());
    assert_eq!(o_a.get(&ctx_a2, "x").expect("reads").as_f64(), Some(1.0));
    assert_eq!(ctx_b.inspect(&obj_a), "<value of another runtime>");
}

#[test]
fn a_host_function_returning_a_foreign_value_throws() {
    let (_rt_a, ctx_a, _rt_b, ctx_b) = two_runtimes();
    let obj_a = ctx_a.eval("({ secret: 42 })", "a.js").expect("evaluates");
    ctx_b.set_global_function("smuggle", 0, move |_ctx, _this, _args| Ok(obj_a.clone()));
    let r = ctx_b
        .eval(
            "try { smuggle(); 'no error' } catch (e) { e instanceof TypeError ? e.message : 'wrong error' }",
            "b.js",
        )
        .expect("evaluates");
    assert_eq!(
        r.as_string().as_deref(),
        Some("value belongs to another runtime")
    );
    let throwing = ctx_a.new_string("thrown from a");
    ctx_b.set_global_function("throwForeign", 0, move |_ctx, _this, _args| {
        Err(throwing.clone())
    });
    let r = ctx_b
        .eval(
            "try { throwForeign(); 'no error' } catch (e) { e instanceof TypeError }",
            "b.js",
        )
        .expect("evaluates");
    assert_eq!(r.as_bool(), Some(true));
}

/// Sets a flag when dropped.
struct DropFlag(Rc<Cell<bool>>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

#[test]
fn a_closure_capturing_values_does_not_keep_the_runtime_alive() {
    let dropped = Rc::new(Cell::new(false));
    {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        // The closure captures values of its own runtime, including the
        // function object that holds the closure itself: a cycle through Rust.
        let config = ctx
            .eval("({ greeting: 'hi' })", "cfg.js")
            .expect("evaluates");
        let me: Rc<std::cell::RefCell<Option<JsValue>>> = Rc::default();
        let me_inner = me.clone();
        let flag = DropFlag(dropped.clone());
        let f = ctx.new_function("greet", 0, move |ctx, _this, _args| {
            let _keep = &flag;
            let _self = me_inner.borrow().clone();
            config
                .as_object()
                .expect("an object")
                .get(ctx, "greeting")
                .map_err(|e| e.value)
        });
        *me.borrow_mut() = Some(f.clone().into());
        ctx.global().set(&ctx, "greet", &f.into()).expect("defines");
        let r = ctx.eval("greet()", "main.js").expect("evaluates");
        assert_eq!(r.as_string().as_deref(), Some("hi"));
        assert!(!dropped.get());
    }
    assert!(
        dropped.get(),
        "the runtime (and the closure it owns) was freed"
    );
}

#[test]
fn values_outliving_their_runtime_are_inert() {
    let (obj, s, err) = {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        let obj = ctx.eval("({ a: [1, 2, 3] })", "o.js").expect("evaluates");
        let s = ctx.new_string("text");
        let err = ctx
            .eval("throw new RangeError('late')", "e.js")
            .expect_err("throws");
        (obj, s, err)
    };
    // The runtime is gone: the values read as undefined and can be cloned
    // and dropped without touching the freed heap.
    assert!(obj.is_undefined());
    assert_eq!(s.as_string(), None);
    assert_eq!(obj.clone().type_of(), "undefined");
    assert_eq!(err.message, "RangeError: late");
    assert!(err.value.is_undefined());
    drop((obj, s, err));
}

#[test]
fn array_buffers_share_bytes_with_the_host() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let buf = ctx.new_array_buffer(vec![1, 2, 3, 4]).expect("allocates");
    ctx.global().set(&ctx, "buf", &buf).expect("sets");
    let view = ctx
        .eval("var v = new Uint8Array(buf, 1, 2); v[0] = 20; v", "a.js")
        .expect("evaluates");
    let seen = ctx.with_bytes(&view, |b| {
        let s = b.to_vec();
        b[1] = 30;
        s
    });
    assert_eq!(seen, Some(vec![20, 3]));
    let r = ctx
        .eval("new Uint8Array(buf).join()", "b.js")
        .expect("evaluates");
    assert_eq!(ctx.to_string(&r).expect("string"), "1,20,30,4");
    // Re-entering the engine while the bytes are lent out sees an empty buffer.
    let inner = ctx.with_bytes(&buf, |_| {
        let r = ctx
            .eval("buf.byteLength + ':' + v.length", "c.js")
            .expect("evaluates");
        ctx.to_string(&r).expect("string")
    });
    assert_eq!(inner.as_deref(), Some("0:0"));
    assert_eq!(ctx.with_bytes(&buf, |b| b.len()), Some(4));
    ctx.detach_array_buffer(&buf).expect("detaches");
    assert_eq!(ctx.with_bytes(&view, |b| b.len()), None);
    assert_eq!(ctx.with_bytes(&JsValue::undefined(), |b| b.len()), None);
}
