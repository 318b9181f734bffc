//! `Promise` (ECMA-262 §27.2): promise objects, their resolving functions,
//! reaction jobs on the runtime's job queue, and the combinators.
//!
//! <https://tc39.es/ecma262/#sec-promise-objects>
//!
//! Built-in closures (resolving functions, executors, combinator element
//! functions) are native functions whose captured values live in their
//! `NativeExtra::data`; jobs are native functions queued with their
//! arguments.

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, NativeFn, Obj, new_object};
use crate::runtime::{Cx, Job, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// `[[PromiseState]]`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Pending,
    Fulfilled,
    Rejected,
}

/// A PromiseReaction record (§27.2.1.2): the capability (promise, resolve,
/// reject; all undefined when there is none) and the handler (undefined
/// for the default pass-through).
pub(crate) struct Reaction {
    pub(crate) capability: [Value; 3],
    pub(crate) handler: Value,
}

/// The internal slots of a promise.
pub(crate) struct PromiseData {
    pub(crate) state: State,
    pub(crate) result: Value,
    pub(crate) fulfill_reactions: Vec<Reaction>,
    pub(crate) reject_reactions: Vec<Reaction>,
    pub(crate) handled: bool,
}

impl PromiseData {
    pub(crate) fn trace(&self, t: &mut crate::gc::Tracer) {
        object::trace_value(&self.result, t);
        for r in self.fulfill_reactions.iter().chain(&self.reject_reactions) {
            r.capability.iter().for_each(|v| object::trace_value(v, t));
            object::trace_value(&r.handler, t);
        }
    }
}

/// A native closure over `data`.
pub(crate) fn closure(cx: &Cx, f: NativeFn, length: u32, data: Vec<Value>) -> Obj {
    let o = super::function::new_native(cx, Atom::EMPTY, length, f, 0, false);
    if let Class::Native(n) = &mut o.d.borrow_mut().class {
        n.extra = Some(Box::new(object::NativeExtra {
            constructor: false,
            host: None,
            data,
        }));
    }
    o
}

/// The captured value `i` of the running native closure.
pub(crate) fn captured(args: &Args, i: usize) -> Value {
    match &args.callee.d.borrow().class {
        Class::Native(n) => n
            .extra
            .as_ref()
            .and_then(|x| x.data.get(i).cloned())
            .unwrap_or(Value::Undefined),
        _ => Value::Undefined,
    }
}

pub(crate) fn set_captured(args: &Args, i: usize, v: Value) {
    if let Class::Native(n) = &mut args.callee.d.borrow_mut().class
        && let Some(slot) = n.extra.as_mut().and_then(|x| x.data.get_mut(i))
    {
        *slot = v;
    }
}

/// A shared boolean cell (e.g. `alreadyResolved`), as an internal object.
fn flag(cx: &Cx) -> Value {
    Value::Object(new_object(*cx, None, Class::Boolean(false)))
}

/// Reads and sets a flag; returns whether it was already set.
fn test_and_set(v: &Value) -> bool {
    if let Value::Object(o) = v
        && let Class::Boolean(b) = &mut o.d.borrow_mut().class
    {
        return std::mem::replace(b, true);
    }
    true
}

pub(crate) fn is_promise(v: &Value) -> bool {
    matches!(v, Value::Object(o) if matches!(o.d.borrow().class, Class::Promise(_)))
}

fn enqueue(cx: &Cx, f: NativeFn, args: Vec<Value>) {
    let func = super::function::new_native(cx, Atom::EMPTY, 0, f, 0, false);
    cx.rt.jobs.borrow_mut().push_back(Job {
        realm: cx.realm.index,
        func: Value::Object(func),
        args,
    });
}

/// CreateResolvingFunctions (§27.2.1.3).
fn resolving_functions(cx: &Cx, promise: &Obj) -> (Value, Value) {
    let already = flag(cx);
    let p = Value::Object(promise.clone());
    let resolve = closure(cx, resolve_function, 1, vec![p.clone(), already.clone()]);
    let reject = closure(cx, reject_function, 1, vec![p, already]);
    (Value::Object(resolve), Value::Object(reject))
}

/// Promise Resolve Functions (§27.2.1.3.2).
fn resolve_function(cx: Cx, args: &Args) -> JsResult<Value> {
    if test_and_set(&captured(args, 1)) {
        return Ok(Value::Undefined);
    }
    let Value::Object(promise) = captured(args, 0) else {
        return Ok(Value::Undefined);
    };
    resolve_promise(&cx, &promise, args.get(0));
    Ok(Value::Undefined)
}

/// Steps 7-16 of the resolve function: fulfil, reject, or follow a thenable.
fn resolve_promise(cx: &Cx, promise: &Obj, resolution: Value) {
    let Value::Object(r) = &resolution else {
        settle(cx, promise, State::Fulfilled, resolution);
        return;
    };
    if Obj::ptr_eq(r, promise) {
        let e = cx.make_error(
            crate::runtime::ErrorKind::TypeError,
            "promise resolved with itself",
        );
        settle(cx, promise, State::Rejected, e);
        return;
    }
    match object::get_prop(cx, r, Atom::THEN) {
        Err(e) => settle(cx, promise, State::Rejected, e),
        Ok(then) if then.is_callable() => enqueue(
            cx,
            resolve_thenable_job,
            vec![Value::Object(promise.clone()), resolution, then],
        ),
        Ok(_) => settle(cx, promise, State::Fulfilled, resolution),
    }
}

/// Promise Reject Functions (§27.2.1.3.1).
fn reject_function(cx: Cx, args: &Args) -> JsResult<Value> {
    if test_and_set(&captured(args, 1)) {
        return Ok(Value::Undefined);
    }
    if let Value::Object(promise) = captured(args, 0) {
        settle(&cx, &promise, State::Rejected, args.get(0));
    }
    Ok(Value::Undefined)
}

/// FulfillPromise / RejectPromise (§27.2.1.4, §27.2.1.7) with
/// TriggerPromiseReactions (§27.2.1.8).
fn settle(cx: &Cx, promise: &Obj, state: State, value: Value) {
    let reactions = {
        let mut d = promise.d.borrow_mut();
        let Class::Promise(p) = &mut d.class else {
            return;
        };
        if p.state != State::Pending {
            return;
        }
        p.state = state;
        p.result = value.clone();
        if state == State::Rejected && !p.handled {
            crate::api::promise::track_rejection(cx, promise);
        }
        let f = std::mem::take(&mut p.fulfill_reactions);
        let r = std::mem::take(&mut p.reject_reactions);
        if state == State::Fulfilled { f } else { r }
    };
    for r in reactions {
        enqueue_reaction(cx, r, state, value.clone());
    }
}

/// NewPromiseReactionJob (§27.2.2.1), queued.
fn enqueue_reaction(cx: &Cx, r: Reaction, state: State, argument: Value) {
    let [p, res, rej] = r.capability;
    let rejected = Value::Bool(state == State::Rejected);
    enqueue(
        cx,
        reaction_job,
        vec![r.handler, rejected, argument, p, res, rej],
    );
}

/// The job of a promise reaction: [handler, rejected, argument, promise,
/// resolve, reject].
fn reaction_job(cx: Cx, args: &Args) -> JsResult<Value> {
    let handler = args.arg(0);
    let rejected = args.arg(1).to_boolean();
    let argument = args.get(2);
    let result = if handler.is_undefined() {
        if rejected {
            Err(argument)
        } else {
            Ok(argument)
        }
    } else {
        cx.call(handler, &Value::Undefined, &[argument])
    };
    if args.arg(3).is_undefined() {
        // No capability (an internal reaction): nothing to settle.
        return result.map(|_| Value::Undefined);
    }
    match result {
        Ok(v) => cx.call(args.arg(4), &Value::Undefined, &[v]),
        Err(e) => cx.call(args.arg(5), &Value::Undefined, &[e]),
    }
}

/// NewPromiseResolveThenableJob (§27.2.2.2): [promise, thenable, then].
fn resolve_thenable_job(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(promise) = args.arg(0) else {
        return Ok(Value::Undefined);
    };
    let (resolve, reject) = resolving_functions(&cx, promise);
    match cx.call(args.arg(2), args.arg(1), &[resolve, reject.clone()]) {
        Ok(v) => Ok(v),
        Err(e) => cx.call(&reject, &Value::Undefined, &[e]),
    }
}

/// A PromiseCapability record: [promise, resolve, reject].
type Capability = [Value; 3];

/// NewPromiseCapability (§27.2.1.5).
fn new_capability(cx: &Cx, c: &Value) -> JsResult<Capability> {
    if !matches!(c, Value::Object(o) if object::is_constructor(o)) {
        return cx.type_error("promise capability constructor is not a constructor");
    }
    let executor = closure(
        cx,
        capability_executor,
        2,
        vec![Value::Undefined, Value::Undefined],
    );
    let promise = cx.construct(c, &[Value::Object(executor.clone())], None)?;
    let (resolve, reject) = match &executor.d.borrow().class {
        Class::Native(n) => match n.extra.as_deref().map(|x| &x.data[..]) {
            Some([a, b]) => (a.clone(), b.clone()),
            _ => (Value::Undefined, Value::Undefined),
        },
        _ => (Value::Undefined, Value::Undefined),
    };
    if !resolve.is_callable() || !reject.is_callable() {
        return cx.type_error("promise capability functions are not callable");
    }
    Ok([promise, resolve, reject])
}

/// GetCapabilitiesExecutor Functions (§27.2.1.5.1).
fn capability_executor(cx: Cx, args: &Args) -> JsResult<Value> {
    if !captured(args, 0).is_undefined() || !captured(args, 1).is_undefined() {
        return cx.type_error("promise capability executor already called");
    }
    set_captured(args, 0, args.get(0));
    set_captured(args, 1, args.get(1));
    Ok(Value::Undefined)
}

/// A new pending promise of the current realm with its resolving functions.
pub(crate) fn new_pending(cx: &Cx) -> (Value, Value, Value) {
    let p = new_promise(cx, cx.intr().promise_proto.clone());
    let (resolve, reject) = resolving_functions(cx, &p);
    (Value::Object(p), resolve, reject)
}

fn new_promise(cx: &Cx, proto: Obj) -> Obj {
    new_object(
        *cx,
        Some(proto),
        Class::Promise(Box::new(PromiseData {
            state: State::Pending,
            result: Value::Undefined,
            fulfill_reactions: Vec::new(),
            reject_reactions: Vec::new(),
            handled: false,
        })),
    )
}

/// PromiseResolve(%Promise%, x) (§27.2.4.7.1), for `await`.
pub(crate) fn resolve_intrinsic(cx: &Cx, x: Value) -> JsResult<Obj> {
    if let Value::Object(o) = &x
        && is_promise(&x)
    {
        let ctor = object::get_prop(cx, o, Atom::CONSTRUCTOR)?;
        if crate::value::same_value(&ctor, &default_ctor(cx)) {
            return Ok(o.clone());
        }
    }
    let p = new_promise(cx, cx.intr().promise_proto.clone());
    resolve_promise(cx, &p, x);
    Ok(p)
}

/// PerformPromiseThen(promise, onFulfilled, onRejected) without a result
/// capability (used by `await`).
pub(crate) fn then_internal(cx: &Cx, promise: &Obj, on_fulfilled: Value, on_rejected: Value) {
    let none = [Value::Undefined, Value::Undefined, Value::Undefined];
    perform_then(cx, promise, on_fulfilled, on_rejected, none);
}

/// PerformPromiseThen(promise, onFulfilled, onRejected, capability) with
/// the capability `[promise, resolve, reject]` of a new pending promise.
pub(crate) fn then_with(
    cx: &Cx,
    promise: &Obj,
    on_fulfilled: Value,
    on_rejected: Value,
    cap: [Value; 3],
) {
    perform_then(cx, promise, on_fulfilled, on_rejected, cap);
}

/// Promise (§27.2.3.1).
fn promise_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor Promise requires 'new'");
    };
    let executor = args.arg(0);
    if !executor.is_callable() {
        return cx.type_error("Promise resolver is not a function");
    }
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.promise_proto)?;
    let promise = new_promise(&cx, proto);
    let (resolve, reject) = resolving_functions(&cx, &promise);
    if let Err(e) = cx.call(executor, &Value::Undefined, &[resolve, reject.clone()]) {
        cx.call(&reject, &Value::Undefined, &[e])?;
    }
    Ok(Value::Object(promise))
}

fn default_ctor(cx: &Cx) -> Value {
    cx.realm
        .promise_ctor
        .get()
        .map_or(Value::Undefined, |c| Value::Object(c.clone()))
}

/// Promise.prototype.then (§27.2.5.4).
fn then(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(promise) = &args.this else {
        return cx.type_error("Promise.prototype.then called on a non-promise");
    };
    if !is_promise(&args.this) {
        return cx.type_error("Promise.prototype.then called on a non-promise");
    }
    let c = crate::ops::species_constructor(&cx, promise, default_ctor(&cx))?;
    let cap = new_capability(&cx, &c)?;
    let result = cap[0].clone();
    perform_then(&cx, promise, args.get(0), args.get(1), cap);
    Ok(result)
}

/// PerformPromiseThen (§27.2.5.4.1).
fn perform_then(cx: &Cx, promise: &Obj, on_fulfilled: Value, on_rejected: Value, cap: Capability) {
    let handler = |h: Value| if h.is_callable() { h } else { Value::Undefined };
    let fulfill = Reaction {
        capability: cap.clone(),
        handler: handler(on_fulfilled),
    };
    let reject = Reaction {
        capability: cap,
        handler: handler(on_rejected),
    };
    let settled = {
        let mut d = promise.d.borrow_mut();
        let Class::Promise(p) = &mut d.class else {
            return;
        };
        p.handled = true;
        match p.state {
            State::Pending => {
                p.fulfill_reactions.push(fulfill);
                p.reject_reactions.push(reject);
                None
            }
            State::Fulfilled => Some((fulfill, State::Fulfilled, p.result.clone())),
            State::Rejected => Some((reject, State::Rejected, p.result.clone())),
        }
    };
    if let Some((r, state, v)) = settled {
        enqueue_reaction(cx, r, state, v);
    }
}

/// Invoke(v, "then", args).
fn invoke_then(cx: &Cx, v: &Value, args: &[Value]) -> JsResult<Value> {
    let then = object::get_value(cx, v, Atom::THEN)?;
    cx.call(&then, v, args)
}

/// Promise.prototype.catch (§27.2.5.1).
fn catch(cx: Cx, args: &Args) -> JsResult<Value> {
    invoke_then(&cx, &args.this, &[Value::Undefined, args.get(0)])
}

/// Promise.prototype.finally (§27.2.5.3).
fn finally(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(promise) = &args.this else {
        return cx.type_error("Promise.prototype.finally called on a non-object");
    };
    let c = crate::ops::species_constructor(&cx, promise, default_ctor(&cx))?;
    let on_finally = args.get(0);
    if !on_finally.is_callable() {
        return invoke_then(&cx, &args.this, &[on_finally.clone(), on_finally]);
    }
    let then_finally = closure(
        &cx,
        finally_step,
        1,
        vec![on_finally.clone(), c.clone(), Value::Bool(false)],
    );
    let catch_finally = closure(&cx, finally_step, 1, vec![on_finally, c, Value::Bool(true)]);
    invoke_then(
        &cx,
        &args.this,
        &[Value::Object(then_finally), Value::Object(catch_finally)],
    )
}

/// Then Finally / Catch Finally Functions: [onFinally, C, rejected].
fn finally_step(cx: Cx, args: &Args) -> JsResult<Value> {
    let result = cx.call(&captured(args, 0), &Value::Undefined, &[])?;
    let p = promise_resolve(&cx, &captured(args, 1), result)?;
    let rejected = captured(args, 2).to_boolean();
    let thunk = closure(
        &cx,
        value_thunk,
        0,
        vec![args.get(0), Value::Bool(rejected)],
    );
    invoke_then(&cx, &p, &[Value::Object(thunk)])
}

/// Returns (or throws) the captured value: [value, throw].
fn value_thunk(_cx: Cx, args: &Args) -> JsResult<Value> {
    if captured(args, 1).to_boolean() {
        Err(captured(args, 0))
    } else {
        Ok(captured(args, 0))
    }
}

/// PromiseResolve (§27.2.4.7.1).
fn promise_resolve(cx: &Cx, c: &Value, x: Value) -> JsResult<Value> {
    if is_promise(&x) {
        let ctor = object::get_value(cx, &x, Atom::CONSTRUCTOR)?;
        if crate::value::same_value(&ctor, c) {
            return Ok(x);
        }
    }
    let cap = new_capability(cx, c)?;
    cx.call(&cap[1], &Value::Undefined, &[x])?;
    Ok(cap[0].clone())
}

/// Promise.resolve (§27.2.4.7).
fn resolve(cx: Cx, args: &Args) -> JsResult<Value> {
    if !matches!(args.this, Value::Object(_)) {
        return cx.type_error("Promise.resolve called on a non-object");
    }
    promise_resolve(&cx, &args.this, args.get(0))
}

/// Promise.reject (§27.2.4.6).
fn reject(cx: Cx, args: &Args) -> JsResult<Value> {
    let cap = new_capability(&cx, &args.this)?;
    cx.call(&cap[2], &Value::Undefined, &[args.get(0)])?;
    Ok(cap[0].clone())
}

/// Promise.withResolvers (§27.2.4.8).
fn with_resolvers(cx: Cx, args: &Args) -> JsResult<Value> {
    let [p, res, rej] = new_capability(&cx, &args.this)?;
    let o = object::new_plain(cx);
    object::define_data(&cx, &o, cx.intern("promise"), p, flags::DEFAULT);
    object::define_data(&cx, &o, cx.intern("resolve"), res, flags::DEFAULT);
    object::define_data(&cx, &o, cx.intern("reject"), rej, flags::DEFAULT);
    Ok(Value::Object(o))
}

/// Promise.try (§27.2.4.8).
fn try_(cx: Cx, args: &Args) -> JsResult<Value> {
    if !matches!(args.this, Value::Object(_)) {
        return cx.type_error("Promise.try called on a non-object");
    }
    let cap = new_capability(&cx, &args.this)?;
    let rest = args.args.get(1..).unwrap_or(&[]);
    match cx.call(args.arg(0), &Value::Undefined, rest) {
        Ok(v) => cx.call(&cap[1], &Value::Undefined, &[v])?,
        Err(e) => cx.call(&cap[2], &Value::Undefined, &[e])?,
    };
    Ok(cap[0].clone())
}

/// GetPromiseResolve (§27.2.4.1.1): `C.resolve`, which must be callable.
fn get_promise_resolve(cx: &Cx, c: &Value) -> JsResult<Value> {
    let f = object::get_value(cx, c, Atom::RESOLVE)?;
    if f.is_callable() {
        return Ok(f);
    }
    Err(cx.make_error(
        crate::runtime::ErrorKind::TypeError,
        "Promise resolve is not callable",
    ))
}

/// Which combinator (the magic of `all`, `allSettled`, `any`, `race`).
const ALL: i32 = 0;
const ALL_SETTLED: i32 = 1;
const ANY: i32 = 2;
const RACE: i32 = 3;

/// Promise.all / allSettled / any / race (§27.2.4.1-5): the shared
/// GetPromiseResolve, iteration and IfAbruptRejectPromise steps.
fn combinator(cx: Cx, args: &Args) -> JsResult<Value> {
    let c = args.this.clone();
    let cap = new_capability(&cx, &c)?;
    let reject_with = |e: Value| -> JsResult<Value> {
        cx.call(&cap[2], &Value::Undefined, &[e])?;
        Ok(cap[0].clone())
    };
    let resolve_fn = match get_promise_resolve(&cx, &c) {
        Ok(f) => f,
        Err(e) => return reject_with(e),
    };
    let (it, next) = match crate::ops::get_iterator(&cx, args.arg(0)) {
        Ok(x) => x,
        Err(e) => return reject_with(e),
    };
    match combine(&cx, args.magic, &c, &cap, &resolve_fn, &it, &next) {
        Ok(()) => Ok(cap[0].clone()),
        Err((e, done)) => {
            if !done {
                let _ = crate::ops::iterator_close(&cx, &it);
            }
            reject_with(e)
        }
    }
}

/// The loop of PerformPromiseAll and friends. An error carries whether the
/// iterator is done (then it must not be closed).
fn combine(
    cx: &Cx,
    which: i32,
    c: &Value,
    cap: &Capability,
    resolve_fn: &Value,
    it: &Value,
    next: &Value,
) -> Result<(), (Value, bool)> {
    let values = Value::Object(object::new_array(*cx, Vec::new()));
    // remainingElementsCount, as a shared cell.
    let remaining = Value::Object(new_object(*cx, None, Class::Number(1.0)));
    let mut index: u32 = 0;
    loop {
        let (v, done) = crate::ops::iterator_step(cx, it, next).map_err(|e| (e, true))?;
        if done {
            break;
        }
        let not_done = |e| (e, false);
        let p = cx.call(resolve_fn, c, &[v]).map_err(not_done)?;
        let then_args = if which == RACE {
            vec![cap[1].clone(), cap[2].clone()]
        } else {
            if let Value::Object(a) = &values
                && let Some(k) = Atom::from_index(index)
            {
                object::define_data(cx, a, k, Value::Undefined, flags::DEFAULT);
            }
            adjust(&remaining, 1.0);
            let element = |settled_kind: i32| {
                Value::Object(closure(
                    cx,
                    combinator_element,
                    1,
                    vec![
                        Value::number(index as f64),
                        values.clone(),
                        cap[1].clone(),
                        cap[2].clone(),
                        remaining.clone(),
                        flag(cx),
                        Value::Int(settled_kind),
                    ],
                ))
            };
            match which {
                ALL => vec![element(0), cap[2].clone()],
                ALL_SETTLED => {
                    // Both functions share one alreadyCalled flag.
                    let f = element(1);
                    let r = element(2);
                    share_flag(&f, &r);
                    vec![f, r]
                }
                _ => vec![cap[1].clone(), element(3)],
            }
        };
        invoke_then(cx, &p, &then_args).map_err(not_done)?;
        index += 1;
    }
    if which != RACE && adjust(&remaining, -1.0) == 0.0 {
        if which == ANY {
            let e = aggregate_error(cx, &values);
            cx.call(&cap[2], &Value::Undefined, &[e])
                .map_err(|e| (e, true))?;
        } else {
            cx.call(&cap[1], &Value::Undefined, &[values])
                .map_err(|e| (e, true))?;
        }
    }
    Ok(())
}

/// Adds `d` to a shared counter and returns the new count.
fn adjust(cell: &Value, d: f64) -> f64 {
    if let Value::Object(o) = cell
        && let Class::Number(n) = &mut o.d.borrow_mut().class
    {
        *n += d;
        return *n;
    }
    0.0
}

/// Makes `b` use `a`'s alreadyCalled flag (data slot 5).
fn share_flag(a: &Value, b: &Value) {
    let (Value::Object(a), Value::Object(b)) = (a, b) else {
        return;
    };
    let shared = match &a.d.borrow().class {
        Class::Native(n) => n.extra.as_ref().and_then(|x| x.data.get(5).cloned()),
        _ => None,
    };
    if let (Some(f), Class::Native(n)) = (shared, &mut b.d.borrow_mut().class)
        && let Some(slot) = n.extra.as_mut().and_then(|x| x.data.get_mut(5))
    {
        *slot = f;
    }
}

/// An AggregateError whose `errors` are the values of `errors`.
fn aggregate_error(cx: &Cx, errors: &Value) -> Value {
    let list = match errors {
        Value::Object(a) => object::fast_array_elems(a).unwrap_or_default(),
        _ => Vec::new(),
    };
    super::error::new_aggregate_error(cx, list, "All promises were rejected")
}

/// Promise.all Resolve Element Functions and their allSettled and any
/// counterparts (§27.2.4.1.3, §27.2.4.2.2-3, §27.2.4.3.2): [index, values,
/// resolve, reject, remaining, alreadyCalled, kind (0 all, 1 allSettled
/// fulfilled, 2 allSettled rejected, 3 any), keys (the keyed combinators'
/// property keys, else absent)].
fn combinator_element(cx: Cx, args: &Args) -> JsResult<Value> {
    if test_and_set(&captured(args, 5)) {
        return Ok(Value::Undefined);
    }
    let x = args.get(0);
    let kind = match captured(args, 6) {
        Value::Int(k) => k,
        _ => 0,
    };
    let v = match kind {
        1 | 2 => {
            let o = object::new_plain(cx);
            let (status, key) = if kind == 1 {
                ("fulfilled", "value")
            } else {
                ("rejected", "reason")
            };
            object::define_data(
                &cx,
                &o,
                cx.intern("status"),
                Value::String(cx.str(status)),
                flags::DEFAULT,
            );
            object::define_data(&cx, &o, cx.intern(key), x, flags::DEFAULT);
            Value::Object(o)
        }
        _ => x,
    };
    let values = captured(args, 1);
    let index = match captured(args, 0) {
        Value::Int(i) => i as u32,
        Value::Float(f) => f as u32,
        _ => 0,
    };
    if let Value::Object(a) = &values
        && let Some(k) = Atom::from_index(index)
    {
        object::define_data(&cx, a, k, v, flags::DEFAULT);
    }
    if adjust(&captured(args, 4), -1.0) == 0.0 {
        let keys = captured(args, 7);
        if !keys.is_undefined() {
            let result = keyed_result(&cx, &keys, &values)?;
            return cx.call(&captured(args, 2), &Value::Undefined, &[result]);
        }
        if kind == 3 {
            let e = aggregate_error(&cx, &values);
            return cx.call(&captured(args, 3), &Value::Undefined, &[e]);
        }
        return cx.call(&captured(args, 2), &Value::Undefined, &[values]);
    }
    Ok(Value::Undefined)
}

/// Which keyed combinator (the magic of `allKeyed`, `allSettledKeyed`).
const ALL_KEYED: i32 = 4;
const ALL_SETTLED_KEYED: i32 = 5;

/// Promise.allKeyed / Promise.allSettledKeyed (await-dictionary proposal,
/// §27.2.4.1-2 of its spec text): like `all` and `allSettled` over the own
/// enumerable properties of an object, fulfilling with a null-prototype
/// object of the same keys.
///
/// <https://tc39.es/proposal-await-dictionary/>
fn keyed_combinator(cx: Cx, args: &Args) -> JsResult<Value> {
    let c = args.this.clone();
    let cap = new_capability(&cx, &c)?;
    let reject_with = |e: Value| -> JsResult<Value> {
        cx.call(&cap[2], &Value::Undefined, &[e])?;
        Ok(cap[0].clone())
    };
    let resolve_fn = match get_promise_resolve(&cx, &c) {
        Ok(f) => f,
        Err(e) => return reject_with(e),
    };
    let Value::Object(promises) = args.arg(0) else {
        let e = cx.make_error(
            crate::runtime::ErrorKind::TypeError,
            "Promise keyed combinator: argument is not an object",
        );
        return reject_with(e);
    };
    match combine_keyed(&cx, args.magic, &c, &cap, &resolve_fn, promises) {
        Ok(()) => Ok(cap[0].clone()),
        Err(e) => reject_with(e),
    }
}

/// PerformPromiseAllKeyed: one element function (pair, for the settled
/// variant) per own enumerable property, in [[OwnPropertyKeys]] order.
fn combine_keyed(
    cx: &Cx,
    which: i32,
    c: &Value,
    cap: &Capability,
    resolve_fn: &Value,
    promises: &Obj,
) -> JsResult<()> {
    let values = Value::Object(object::new_array(*cx, Vec::new()));
    let keys = object::new_array(*cx, Vec::new());
    let remaining = Value::Object(new_object(*cx, None, Class::Number(1.0)));
    let mut index: u32 = 0;
    for key in object::own_keys(cx, promises)? {
        let Some(desc) = object::get_own_property(cx, promises, key)? else {
            continue;
        };
        if desc.enumerable != Some(true) {
            continue;
        }
        let v = object::get_prop(cx, promises, key)?;
        let Some(k) = Atom::from_index(index) else {
            return cx.range_error("too many properties");
        };
        object::define_data(cx, &keys, k, crate::ops::key_value(cx, key), flags::DEFAULT);
        if let Value::Object(a) = &values {
            object::define_data(cx, a, k, Value::Undefined, flags::DEFAULT);
        }
        let p = cx.call(resolve_fn, c, &[v])?;
        adjust(&remaining, 1.0);
        let element = |settled_kind: i32| {
            Value::Object(closure(
                cx,
                combinator_element,
                1,
                vec![
                    Value::number(index as f64),
                    values.clone(),
                    cap[1].clone(),
                    cap[2].clone(),
                    remaining.clone(),
                    flag(cx),
                    Value::Int(settled_kind),
                    Value::Object(keys.clone()),
                ],
            ))
        };
        let then_args = if which == ALL_SETTLED_KEYED {
            let f = element(1);
            let r = element(2);
            share_flag(&f, &r);
            vec![f, r]
        } else {
            vec![element(0), cap[2].clone()]
        };
        invoke_then(cx, &p, &then_args)?;
        index += 1;
        cx.poll()?;
    }
    if adjust(&remaining, -1.0) == 0.0 {
        let result = keyed_result(cx, &Value::Object(keys), &values)?;
        cx.call(&cap[1], &Value::Undefined, &[result])?;
    }
    Ok(())
}

/// CreateKeyedPromiseCombinatorResultObject: a null-prototype object with
/// `keys[i]: values[i]`.
fn keyed_result(cx: &Cx, keys: &Value, values: &Value) -> JsResult<Value> {
    let (Value::Object(k), Value::Object(v)) = (keys, values) else {
        return Ok(Value::Undefined);
    };
    let keys = object::fast_array_elems(k).unwrap_or_default();
    let values = object::fast_array_elems(v).unwrap_or_default();
    let o = new_object(*cx, None, Class::Object);
    for (key, value) in keys.iter().zip(values) {
        let key = cx.to_property_key(key)?;
        object::define_data(cx, &o, key, value, flags::DEFAULT);
    }
    Ok(Value::Object(o))
}

const CTOR_FNS: &[FnSpec] = fns! {
    "all", 1, combinator, ALL;
    "allSettled", 1, combinator, ALL_SETTLED;
    "allKeyed", 1, keyed_combinator, ALL_KEYED;
    "allSettledKeyed", 1, keyed_combinator, ALL_SETTLED_KEYED;
    "any", 1, combinator, ANY;
    "race", 1, combinator, RACE;
    "reject", 1, reject;
    "resolve", 1, resolve;
    "try", 1, try_;
    "withResolvers", 0, with_resolvers;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "catch", 1, catch;
    "finally", 1, finally;
    "then", 2, then;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().promise_proto;
    let ctor = super::define_ctor(cx, "Promise", 1, promise_ctor, proto);
    super::define_species(cx, &ctor);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "Promise");
    let _ = cx.realm.promise_ctor.set(ctor);
}
