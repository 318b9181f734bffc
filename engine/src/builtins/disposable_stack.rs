//! Explicit resource management: the DisposeCapability records and their
//! abstract operations (AddDisposableResource, DisposeResources),
//! `DisposableStack`, `AsyncDisposableStack`, `%IteratorPrototype%[@@dispose]`
//! and `%AsyncIteratorPrototype%[@@asyncDispose]`.
//!
//! <https://tc39.es/proposal-explicit-resource-management/#sec-disposablestack-objects>
//!
//! A DisposeCapability is the internal data of a [`Class::Disposable`]
//! object: a stack object's own, or a hidden object held in a local of a
//! scope with `using` declarations (the compiler's `NewDisposeCap` /
//! `AddDisposable` / `Dispose` instructions). The asynchronous form of
//! DisposeResources runs as a state machine in that same object: it steps
//! until an await, and the settlement of the awaited promise resumes it.

use super::promise;
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::interp::get_method;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// What kind of object holds a DisposeCapability.
pub(crate) const KIND_STACK: u8 = 0;
pub(crate) const KIND_ASYNC_STACK: u8 = 1;
pub(crate) const KIND_SCOPE: u8 = 2;

/// A DisposableResource record.
pub(crate) struct Resource {
    value: Value,
    /// Undefined only for an `await using` of null or undefined.
    method: Value,
    is_async: bool,
    /// An async-dispose resource whose method is its `@@dispose`: the
    /// result is not awaited, a throw becomes a rejection (GetDisposeMethod
    /// step 1.b.ii).
    sync_fallback: bool,
}

/// `[[DisposableState]]` and `[[DisposeCapability]]`, and the state of an
/// asynchronous DisposeResources in progress.
pub(crate) struct DisposeData {
    kind: u8,
    disposed: bool,
    resources: Vec<Resource>,
    /// The pending throw completion (None: normal).
    completion: Option<Value>,
    needs_await: bool,
    has_awaited: bool,
    /// The promise capability settled when an asynchronous run ends.
    cap: Option<[Value; 3]>,
}

impl DisposeData {
    fn new(kind: u8) -> Box<DisposeData> {
        Box::new(DisposeData {
            kind,
            disposed: false,
            resources: Vec::new(),
            completion: None,
            needs_await: false,
            has_awaited: false,
            cap: None,
        })
    }

    pub(crate) fn trace(&self, t: &mut crate::gc::Tracer) {
        for r in &self.resources {
            object::trace_value(&r.value, t);
            object::trace_value(&r.method, t);
        }
        if let Some(c) = &self.completion {
            object::trace_value(c, t);
        }
        if let Some(cap) = &self.cap {
            cap.iter().for_each(|v| object::trace_value(v, t));
        }
    }
}

fn with<R>(o: &Obj, f: impl FnOnce(&mut DisposeData) -> R) -> Option<R> {
    match &mut o.d.borrow_mut().class {
        Class::Disposable(d) => Some(f(d)),
        _ => None,
    }
}

/// A new, empty DisposeCapability of a scope (NewDisposeCapability).
pub(crate) fn new_scope_cap(cx: &Cx) -> Value {
    Value::Object(new_object(
        *cx,
        None,
        Class::Disposable(DisposeData::new(KIND_SCOPE)),
    ))
}

/// GetDisposeMethod (V, hint): the method and whether it is the
/// synchronous fallback of an async-dispose.
fn get_dispose_method(cx: &Cx, v: &Value, is_async: bool) -> JsResult<(Value, bool)> {
    if is_async {
        let m = get_method(cx, v, Atom::SYM_ASYNC_DISPOSE)?;
        if m.is_undefined() {
            let m = get_method(cx, v, Atom::SYM_DISPOSE)?;
            let fallback = !m.is_undefined();
            return Ok((m, fallback));
        }
        return Ok((m, false));
    }
    Ok((get_method(cx, v, Atom::SYM_DISPOSE)?, false))
}

/// AddDisposableResource (disposeCapability, V, hint [, method]).
pub(crate) fn add_resource(
    cx: &Cx,
    cap: &Obj,
    v: Value,
    is_async: bool,
    method: Option<Value>,
) -> JsResult<()> {
    let r = match method {
        None => {
            if v.is_nullish() {
                if !is_async {
                    return Ok(());
                }
                Resource {
                    value: Value::Undefined,
                    method: Value::Undefined,
                    is_async,
                    sync_fallback: false,
                }
            } else {
                if !matches!(v, Value::Object(_)) {
                    return cx.type_error("a disposable resource must be an object");
                }
                let (m, sync_fallback) = get_dispose_method(cx, &v, is_async)?;
                if m.is_undefined() {
                    return cx.type_error(if is_async {
                        "the resource has no Symbol.asyncDispose or Symbol.dispose method"
                    } else {
                        "the resource has no Symbol.dispose method"
                    });
                }
                Resource {
                    value: v,
                    method: m,
                    is_async,
                    sync_fallback,
                }
            }
        }
        Some(m) => {
            if !m.is_callable() {
                return cx.type_error("the dispose callback is not a function");
            }
            Resource {
                value: Value::Undefined,
                method: m,
                is_async,
                sync_fallback: false,
            }
        }
    };
    with(cap, |d| d.resources.push(r));
    Ok(())
}

/// Records the outcome of a throwing disposal into the completion.
fn record_error(cx: &Cx, st: &Obj, e: Value) {
    let prev = with(st, |d| d.completion.take()).flatten();
    let c = match prev {
        Some(s) => super::suppressed_error::new_suppressed(cx, e, s),
        None => e,
    };
    with(st, |d| d.completion = Some(c));
}

/// DisposeResources for a capability holding only sync-dispose resources
/// (a DisposableStack, a scope without `await using`): `completion` is the
/// pending throw, if any; the result is the final completion.
pub(crate) fn dispose_sync(cx: &Cx, st: &Obj, completion: Option<Value>) -> JsResult<()> {
    with(st, |d| d.completion = completion);
    while let Some(r) = with(st, |d| d.resources.pop()).flatten() {
        if r.method.is_undefined() {
            continue;
        }
        if let Err(e) = cx.call(&r.method, &r.value, &[]) {
            if cx.rt.interrupted.get() {
                return Err(e);
            }
            record_error(cx, st, e);
        }
    }
    match with(st, |d| d.completion.take()).flatten() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// How far an asynchronous DisposeResources got.
enum Progress {
    /// Finished with this completion (a throw value, or None).
    Done(Option<Value>),
    /// Waiting on an await.
    Waiting,
}

/// Awaits `v` for the run in `st` (Await, with its continuation resuming
/// the run).
fn await_value(cx: &Cx, st: &Obj, v: Value) -> JsResult<()> {
    let p = promise::resolve_intrinsic(cx, v)?;
    let data = vec![Value::Object(st.clone())];
    let on_ful = promise::closure(cx, resume_fulfilled, 1, data.clone());
    let on_rej = promise::closure(cx, resume_rejected, 1, data);
    promise::then_internal(cx, &p, Value::Object(on_ful), Value::Object(on_rej));
    Ok(())
}

/// The steps of DisposeResources (step 3 onwards) from where the run in
/// `st` stands, up to the next await or the end.
fn async_steps(cx: &Cx, st: &Obj) -> JsResult<Progress> {
    loop {
        let Some(r) = with(st, |d| d.resources.pop()).flatten() else {
            break;
        };
        let (needs, has) = with(st, |d| (d.needs_await, d.has_awaited)).unwrap_or((false, false));
        if !r.is_async && needs && !has {
            with(st, |d| {
                d.resources.push(r);
                d.needs_await = false;
            });
            await_value(cx, st, Value::Undefined)?;
            return Ok(Progress::Waiting);
        }
        if r.method.is_undefined() {
            with(st, |d| d.needs_await = true);
            continue;
        }
        match cx.call(&r.method, &r.value, &[]) {
            Ok(v) if r.is_async => {
                with(st, |d| d.has_awaited = true);
                let v = if r.sync_fallback { Value::Undefined } else { v };
                match await_value(cx, st, v) {
                    Ok(()) => return Ok(Progress::Waiting),
                    Err(e) => {
                        if cx.rt.interrupted.get() {
                            return Err(e);
                        }
                        record_error(cx, st, e);
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                if cx.rt.interrupted.get() {
                    return Err(e);
                }
                record_error(cx, st, e);
                if r.is_async && r.sync_fallback {
                    // The fallback wrapper's rejected promise is awaited.
                    with(st, |d| d.has_awaited = true);
                    await_value(cx, st, Value::Undefined)?;
                    return Ok(Progress::Waiting);
                }
            }
        }
    }
    let (needs, has) = with(st, |d| (d.needs_await, d.has_awaited)).unwrap_or((false, false));
    if needs && !has {
        with(st, |d| d.needs_await = false);
        await_value(cx, st, Value::Undefined)?;
        return Ok(Progress::Waiting);
    }
    Ok(Progress::Done(with(st, |d| d.completion.take()).flatten()))
}

/// Settles the run's promise capability with its final completion.
fn settle(cx: &Cx, st: &Obj, done: Option<Value>) -> JsResult<()> {
    let Some(cap) = with(st, |d| d.cap.take()).flatten() else {
        return Ok(());
    };
    match done {
        None => cx.call(&cap[1], &Value::Undefined, &[Value::Undefined])?,
        Some(e) => cx.call(&cap[2], &Value::Undefined, &[e])?,
    };
    Ok(())
}

fn resume(cx: &Cx, st: &Value) -> JsResult<Value> {
    let Value::Object(st) = st else {
        return Ok(Value::Undefined);
    };
    if let Progress::Done(c) = async_steps(cx, st)? {
        settle(cx, st, c)?;
    }
    Ok(Value::Undefined)
}

fn resume_fulfilled(cx: Cx, args: &Args) -> JsResult<Value> {
    resume(&cx, &promise::captured(args, 0))
}

fn resume_rejected(cx: Cx, args: &Args) -> JsResult<Value> {
    let st = promise::captured(args, 0);
    if let Value::Object(o) = &st {
        record_error(&cx, o, args.get(0));
    }
    resume(&cx, &st)
}

/// Starts an asynchronous DisposeResources over the capability `st` with
/// the pending throw `completion`. When it ends without awaiting, its
/// completion is the result; otherwise the result is a promise settled
/// with it.
pub(crate) fn dispose_async(
    cx: &Cx,
    st: &Obj,
    completion: Option<Value>,
) -> JsResult<Option<Value>> {
    with(st, |d| {
        d.completion = completion;
        d.needs_await = false;
        d.has_awaited = false;
    });
    match async_steps(cx, st)? {
        Progress::Done(None) => Ok(None),
        Progress::Done(Some(e)) => Err(e),
        Progress::Waiting => {
            let (p, resolve, reject) = promise::new_pending(cx);
            with(st, |d| d.cap = Some([p.clone(), resolve, reject]));
            Ok(Some(p))
        }
    }
}

// ---------------------------------------------------------------------------
// DisposableStack and AsyncDisposableStack.

const NAMES: [&str; 2] = ["DisposableStack", "AsyncDisposableStack"];

/// The constructors (magic: the kind).
fn stack_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let kind = args.magic as u8;
    let Some(nt) = &args.new_target else {
        return cx.type_error(&format!(
            "Constructor {} requires 'new'",
            NAMES[kind as usize]
        ));
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| {
        if kind == KIND_STACK {
            &r.intr.disposable_stack_proto
        } else {
            &r.intr.async_disposable_stack_proto
        }
    })?;
    Ok(Value::Object(new_object(
        cx,
        Some(proto),
        Class::Disposable(DisposeData::new(kind)),
    )))
}

/// RequireInternalSlot(this, [[DisposableState]] / [[AsyncDisposableState]]).
fn this_stack(cx: &Cx, args: &Args, kind: u8, what: &str) -> JsResult<Obj> {
    if let Value::Object(o) = &args.this
        && let Class::Disposable(d) = &o.d.borrow().class
        && d.kind == kind
    {
        return Ok(o.clone());
    }
    cx.type_error(&format!(
        "{}.prototype.{what} called on an incompatible receiver",
        NAMES[kind as usize]
    ))
}

/// The stack, which must not be disposed (ReferenceError).
fn live_stack(cx: &Cx, args: &Args, what: &str) -> JsResult<Obj> {
    let kind = args.magic as u8;
    let o = this_stack(cx, args, kind, what)?;
    if with(&o, |d| d.disposed).unwrap_or(true) {
        return cx.reference_error(&format!(
            "{}.prototype.{what}: the stack is already disposed",
            NAMES[kind as usize]
        ));
    }
    Ok(o)
}

/// `get disposed`.
fn disposed(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_stack(&cx, args, args.magic as u8, "disposed")?;
    Ok(Value::Bool(with(&o, |d| d.disposed).unwrap_or(false)))
}

/// `use(value)`.
fn use_(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = live_stack(&cx, args, "use")?;
    let v = args.get(0);
    add_resource(
        &cx,
        &o,
        v.clone(),
        args.magic as u8 == KIND_ASYNC_STACK,
        None,
    )?;
    Ok(v)
}

/// The closure `adopt` registers: calls onDispose with the value.
fn adopt_call(cx: Cx, args: &Args) -> JsResult<Value> {
    let value = promise::captured(args, 0);
    let on_dispose = promise::captured(args, 1);
    cx.call(&on_dispose, &Value::Undefined, &[value])
}

/// `adopt(value, onDispose)`.
fn adopt(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = live_stack(&cx, args, "adopt")?;
    let v = args.get(0);
    let on_dispose = args.get(1);
    if !on_dispose.is_callable() {
        return cx.type_error("adopt: onDispose is not a function");
    }
    let f = promise::closure(&cx, adopt_call, 0, vec![v.clone(), on_dispose]);
    add_resource(
        &cx,
        &o,
        Value::Undefined,
        args.magic as u8 == KIND_ASYNC_STACK,
        Some(Value::Object(f)),
    )?;
    Ok(v)
}

/// `defer(onDispose)`.
fn defer(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = live_stack(&cx, args, "defer")?;
    let on_dispose = args.get(0);
    if !on_dispose.is_callable() {
        return cx.type_error("defer: onDispose is not a function");
    }
    add_resource(
        &cx,
        &o,
        Value::Undefined,
        args.magic as u8 == KIND_ASYNC_STACK,
        Some(on_dispose),
    )?;
    Ok(Value::Undefined)
}

/// `move()`: a new stack takes the resources; this one is disposed.
fn move_(cx: Cx, args: &Args) -> JsResult<Value> {
    let kind = args.magic as u8;
    let o = live_stack(&cx, args, "move")?;
    let proto = if kind == KIND_STACK {
        cx.intr().disposable_stack_proto.clone()
    } else {
        cx.intr().async_disposable_stack_proto.clone()
    };
    let mut data = DisposeData::new(kind);
    with(&o, |d| {
        data.resources = std::mem::take(&mut d.resources);
        d.disposed = true;
    });
    Ok(Value::Object(new_object(
        cx,
        Some(proto),
        Class::Disposable(data),
    )))
}

/// `DisposableStack.prototype.dispose()`.
fn dispose(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_stack(&cx, args, KIND_STACK, "dispose")?;
    if with(&o, |d| std::mem::replace(&mut d.disposed, true)).unwrap_or(true) {
        return Ok(Value::Undefined);
    }
    dispose_sync(&cx, &o, None)?;
    Ok(Value::Undefined)
}

/// `AsyncDisposableStack.prototype.disposeAsync()`.
fn dispose_async_method(cx: Cx, args: &Args) -> JsResult<Value> {
    let (p, resolve, reject) = promise::new_pending(&cx);
    let o = match this_stack(&cx, args, KIND_ASYNC_STACK, "disposeAsync") {
        Ok(o) => o,
        Err(e) => {
            if cx.rt.interrupted.get() {
                return Err(e);
            }
            cx.call(&reject, &Value::Undefined, &[e])?;
            return Ok(p);
        }
    };
    if with(&o, |d| std::mem::replace(&mut d.disposed, true)).unwrap_or(true) {
        cx.call(&resolve, &Value::Undefined, &[Value::Undefined])?;
        return Ok(p);
    }
    with(&o, |d| {
        d.completion = None;
        d.needs_await = false;
        d.has_awaited = false;
        d.cap = Some([p.clone(), resolve, reject]);
    });
    if let Progress::Done(c) = async_steps(&cx, &o)? {
        settle(&cx, &o, c)?;
    }
    Ok(p)
}

const STACK_FNS: &[FnSpec] = fns! {
    "adopt", 2, adopt, KIND_STACK as i32;
    "defer", 1, defer, KIND_STACK as i32;
    "dispose", 0, dispose;
    "move", 0, move_, KIND_STACK as i32;
    "use", 1, use_, KIND_STACK as i32;
};

const ASYNC_STACK_FNS: &[FnSpec] = fns! {
    "adopt", 2, adopt, KIND_ASYNC_STACK as i32;
    "defer", 1, defer, KIND_ASYNC_STACK as i32;
    "disposeAsync", 0, dispose_async_method;
    "move", 0, move_, KIND_ASYNC_STACK as i32;
    "use", 1, use_, KIND_ASYNC_STACK as i32;
};

// ---------------------------------------------------------------------------
// %IteratorPrototype%[@@dispose] and %AsyncIteratorPrototype%[@@asyncDispose].

/// %IteratorPrototype%[@@dispose] (): calls `this.return()` if present.
fn iterator_dispose(cx: Cx, args: &Args) -> JsResult<Value> {
    let ret = get_method(&cx, &args.this, cx.intern("return"))?;
    if !ret.is_undefined() {
        cx.call(&ret, &args.this, &[])?;
    }
    Ok(Value::Undefined)
}

/// Returns undefined (the `unwrap` step of @@asyncDispose).
fn unwrap_undefined(_cx: Cx, _args: &Args) -> JsResult<Value> {
    Ok(Value::Undefined)
}

/// %AsyncIteratorPrototype%[@@asyncDispose] (): awaits `this.return()`.
fn async_iterator_dispose(cx: Cx, args: &Args) -> JsResult<Value> {
    let (p, resolve, reject) = promise::new_pending(&cx);
    let cap = [p.clone(), resolve.clone(), reject.clone()];
    let step = || -> JsResult<()> {
        let ret = get_method(&cx, &args.this, cx.intern("return"))?;
        if ret.is_undefined() {
            cx.call(&resolve, &Value::Undefined, &[Value::Undefined])?;
            return Ok(());
        }
        let result = cx.call(&ret, &args.this, &[])?;
        let wrapper = promise::resolve_intrinsic(&cx, result)?;
        let unwrap = promise::closure(&cx, unwrap_undefined, 1, Vec::new());
        promise::then_with(&cx, &wrapper, Value::Object(unwrap), Value::Undefined, cap);
        Ok(())
    };
    if let Err(e) = step() {
        if cx.rt.interrupted.get() {
            return Err(e);
        }
        cx.call(&reject, &Value::Undefined, &[e])?;
    }
    Ok(p)
}

pub(crate) fn init(cx: &Cx) {
    for kind in [KIND_STACK, KIND_ASYNC_STACK] {
        let (proto, fns, method, key) = if kind == KIND_STACK {
            (
                cx.intr().disposable_stack_proto.clone(),
                STACK_FNS,
                "dispose",
                Atom::SYM_DISPOSE,
            )
        } else {
            (
                cx.intr().async_disposable_stack_proto.clone(),
                ASYNC_STACK_FNS,
                "disposeAsync",
                Atom::SYM_ASYNC_DISPOSE,
            )
        };
        let name = NAMES[kind as usize];
        let c = super::define_ctor(cx, name, 0, stack_ctor, &proto);
        if let Class::Native(n) = &mut c.d.borrow_mut().class {
            n.magic = kind as i32;
        }
        super::define_fns(cx, &proto, fns);
        super::define_getter(
            cx,
            &proto,
            cx.intern("disposed"),
            "disposed",
            disposed,
            kind as i32,
        );
        // @@dispose / @@asyncDispose is the same function object.
        let f = object::get_prop(cx, &proto, cx.intern(method)).unwrap_or(Value::Undefined);
        object::define_data(cx, &proto, key, f, crate::shape::flags::HIDDEN);
        super::define_to_string_tag(cx, &proto, name);
    }
    let ip = cx.intr().iterator_proto.clone();
    super::define_fns(cx, &ip, fns! { "@@dispose", 0, iterator_dispose; });
    let aip = cx.intr().async_iterator_proto.clone();
    super::define_fns(
        cx,
        &aip,
        fns! { "@@asyncDispose", 0, async_iterator_dispose; },
    );
}
