//! Async generators: `%AsyncGeneratorFunction%` (§27.4),
//! `%AsyncGeneratorFunction.prototype%`, `%AsyncGeneratorPrototype%`
//! (§27.6) with `next`, `return` and `throw`, the request queue and its
//! driver (§27.6.3).
//!
//! <https://tc39.es/ecma262/#sec-asyncgeneratorfunction-objects>
//! <https://tc39.es/ecma262/#sec-asyncgenerator-objects>
//!
//! An async generator object is a `Class::Generator` whose `queue` is set.
//! Its body is a suspended frame like a generator's: `yield` suspends it
//! with `Yield 0` (after awaiting the operand), `await` with `Yield 2`; the
//! driver resolves the request at the head of the queue at each yield and
//! resumes the body from promise reaction jobs after each await.

use std::collections::VecDeque;

use super::iterator::iter_result;
use super::promise;
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::interp::{Resume, Resumed};
use crate::object::{self, Args, Class, Obj};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// `[[AsyncGeneratorState]]` (§27.6.2).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum AgState {
    #[default]
    SuspendedStart,
    SuspendedYield,
    Executing,
    DrainingQueue,
    Completed,
}

/// An AsyncGeneratorRequest (§27.6.3.1): the completion and the resolving
/// functions of the promise returned to the caller.
struct Request {
    how: Resume,
    value: Value,
    resolve: Value,
    reject: Value,
}

/// The async generator's state and `[[AsyncGeneratorQueue]]`.
#[derive(Default)]
pub(crate) struct AsyncGen {
    state: AgState,
    queue: VecDeque<Request>,
}

impl AsyncGen {
    pub(crate) fn trace(&self, t: &mut crate::gc::Tracer) {
        for r in &self.queue {
            object::trace_value(&r.value, t);
            object::trace_value(&r.resolve, t);
            object::trace_value(&r.reject, t);
        }
    }
}

/// Runs `f` on the async generator data of `g`, if it is one.
fn with<R>(g: &Obj, f: impl FnOnce(&mut AsyncGen) -> R) -> Option<R> {
    match &mut g.d.borrow_mut().class {
        Class::Generator(gd) => gd.queue.as_deref_mut().map(f),
        _ => None,
    }
}

fn set_state(g: &Obj, state: AgState) {
    with(g, |a| a.state = state);
}

/// The completion at the head of the queue.
fn front(g: &Obj) -> Option<(Resume, Value)> {
    with(g, |a| a.queue.front().map(|r| (r.how, r.value.clone()))).flatten()
}

/// `next` (magic 0), `return` (1), `throw` (2) (§27.6.1.2-4).
fn method(cx: Cx, args: &Args) -> JsResult<Value> {
    let how = match args.magic {
        0 => Resume::Next,
        1 => Resume::Return,
        _ => Resume::Throw,
    };
    let value = args.get(0);
    let (p, resolve, reject) = promise::new_pending(&cx);
    // AsyncGeneratorValidate (§27.6.3.3), IfAbruptRejectPromise.
    let g = match &args.this {
        Value::Object(o) if with(o, |_| ()).is_some() => o.clone(),
        _ => {
            let e = match cx.type_error::<Value>("not an async generator object") {
                Err(e) => e,
                Ok(v) => v,
            };
            let _ = cx.call(&reject, &Value::Undefined, &[e]);
            return Ok(p);
        }
    };
    let mut state = with(&g, |a| a.state).unwrap_or(AgState::Completed);
    if how == Resume::Throw && state == AgState::SuspendedStart {
        set_state(&g, AgState::Completed);
        state = AgState::Completed;
    }
    if state == AgState::Completed {
        match how {
            Resume::Next => {
                let r = iter_result(&cx, Value::Undefined, true);
                let _ = cx.call(&resolve, &Value::Undefined, &[r]);
                return Ok(p);
            }
            Resume::Throw => {
                let _ = cx.call(&reject, &Value::Undefined, &[value]);
                return Ok(p);
            }
            Resume::Return => {}
        }
    }
    // AsyncGeneratorEnqueue (§27.6.3.4).
    with(&g, |a| {
        a.queue.push_back(Request {
            how,
            value: value.clone(),
            resolve,
            reject,
        })
    });
    match (how, state) {
        (Resume::Return, AgState::SuspendedStart | AgState::Completed) => {
            set_state(&g, AgState::DrainingQueue);
            await_return(&cx, &g);
        }
        (_, AgState::SuspendedStart | AgState::SuspendedYield) => resume(&cx, &g, how, value),
        _ => {}
    }
    Ok(p)
}

/// AsyncGeneratorResume (§27.6.3.6) and what follows until the body
/// suspends: AsyncGeneratorYield (§27.6.3.8) resolves the head request and
/// goes on with the next one if any; an `await` waits for its promise; the
/// end of the body completes the head request and drains the queue
/// (AsyncGeneratorStart §27.6.3.2 step 4).
pub(crate) fn resume(cx: &Cx, g: &Obj, how: Resume, value: Value) {
    let mut how = how;
    let mut value = value;
    loop {
        let frame = match &mut g.d.borrow_mut().class {
            Class::Generator(gd) => {
                if let Some(a) = gd.queue.as_deref_mut() {
                    a.state = AgState::Executing;
                }
                gd.frame.take()
            }
            _ => None,
        };
        let Some(frame) = frame else { return };
        let outcome = match crate::interp::check_resume(cx) {
            Ok(()) => crate::interp::resume_generator(cx, frame, how, value),
            Err(e) => Err(e),
        };
        let store = |frame| {
            if let Class::Generator(gd) = &mut g.d.borrow_mut().class {
                gd.frame = frame;
            }
        };
        match outcome {
            Ok(Resumed::Yield(v, _, frame)) => {
                store(Some(frame));
                complete_step(cx, g, Ok(v), false);
                // Steps 10-11: a request queued meanwhile resumes the body
                // at once.
                match front(g) {
                    Some((h, v)) => {
                        how = h;
                        value = v;
                    }
                    None => {
                        set_state(g, AgState::SuspendedYield);
                        return;
                    }
                }
            }
            Ok(Resumed::Await(v, frame)) => {
                store(Some(frame));
                // Await (§6.2.3.1).
                match promise::resolve_intrinsic(cx, v) {
                    Ok(p) => {
                        let gv = Value::Object(g.clone());
                        let ok = promise::closure(
                            cx,
                            await_resume,
                            1,
                            vec![gv.clone(), Value::Bool(false)],
                        );
                        let err =
                            promise::closure(cx, await_resume, 1, vec![gv, Value::Bool(true)]);
                        promise::then_internal(cx, &p, Value::Object(ok), Value::Object(err));
                        return;
                    }
                    Err(e) => {
                        how = Resume::Throw;
                        value = e;
                    }
                }
            }
            Ok(Resumed::Done(v)) => {
                store(None);
                set_state(g, AgState::DrainingQueue);
                complete_step(cx, g, Ok(v), true);
                drain_queue(cx, g);
                return;
            }
            Err(e) => {
                store(None);
                if cx.rt.interrupted.get() {
                    set_state(g, AgState::Completed);
                    return;
                }
                set_state(g, AgState::DrainingQueue);
                complete_step(cx, g, Err(e), true);
                drain_queue(cx, g);
                return;
            }
        }
    }
}

/// The reaction of an `await` in the body: [g, is_rejection].
fn await_resume(cx: Cx, args: &Args) -> JsResult<Value> {
    let how = if promise::captured(args, 1).to_boolean() {
        Resume::Throw
    } else {
        Resume::Next
    };
    if let Value::Object(g) = promise::captured(args, 0) {
        resume(&cx, &g, how, args.get(0));
    }
    Ok(Value::Undefined)
}

/// AsyncGeneratorCompleteStep (§27.6.3.5): settles the head request.
fn complete_step(cx: &Cx, g: &Obj, result: Result<Value, Value>, done: bool) {
    let Some(Some(req)) = with(g, |a| a.queue.pop_front()) else {
        return;
    };
    let _ = match result {
        Ok(v) => {
            let r = iter_result(cx, v, done);
            cx.call(&req.resolve, &Value::Undefined, &[r])
        }
        Err(e) => cx.call(&req.reject, &Value::Undefined, &[e]),
    };
}

/// AsyncGeneratorDrainQueue (§27.6.3.10): settles the requests left once
/// the body has completed; a `return` request awaits its value first.
fn drain_queue(cx: &Cx, g: &Obj) {
    loop {
        let Some((how, value)) = front(g) else {
            set_state(g, AgState::Completed);
            return;
        };
        match how {
            Resume::Return => {
                await_return(cx, g);
                return;
            }
            Resume::Throw => complete_step(cx, g, Err(value), true),
            Resume::Next => complete_step(cx, g, Ok(Value::Undefined), true),
        }
    }
}

/// AsyncGeneratorAwaitReturn (§27.6.3.9): the head request is a return
/// on a generator that is not running; await its value, then settle it.
fn await_return(cx: &Cx, g: &Obj) {
    let Some((_, value)) = front(g) else {
        return;
    };
    match promise::resolve_intrinsic(cx, value) {
        Ok(p) => {
            let gv = Value::Object(g.clone());
            let ok = promise::closure(cx, return_settled, 1, vec![gv.clone(), Value::Bool(false)]);
            let err = promise::closure(cx, return_settled, 1, vec![gv, Value::Bool(true)]);
            promise::then_internal(cx, &p, Value::Object(ok), Value::Object(err));
        }
        Err(e) => {
            complete_step(cx, g, Err(e), true);
            drain_queue(cx, g);
        }
    }
}

/// The fulfilled and rejected closures of AsyncGeneratorAwaitReturn
/// (steps 8 and 10): [g, is_rejection].
fn return_settled(cx: Cx, args: &Args) -> JsResult<Value> {
    if let Value::Object(g) = promise::captured(args, 0) {
        let v = args.get(0);
        let r = if promise::captured(args, 1).to_boolean() {
            Err(v)
        } else {
            Ok(v)
        };
        complete_step(&cx, &g, r, true);
        drain_queue(&cx, &g);
    }
    Ok(Value::Undefined)
}

/// The AsyncGeneratorFunction constructor (§27.4.1.1).
fn async_generator_function_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    super::function::create_dynamic_function(cx, args, "async function*")
}

const PROTO_FNS: &[FnSpec] = fns! {
    "next", 1, method, 0;
    "return", 1, method, 1;
    "throw", 1, method, 2;
};

pub(crate) fn init(cx: &Cx) {
    let intr = cx.intr();
    let fn_proto = &intr.async_generator_function_proto;
    let proto = &intr.async_generator_proto;
    super::function::define_function_kind(
        cx,
        "AsyncGeneratorFunction",
        async_generator_function_ctor,
        fn_proto,
    );
    object::define_data(
        cx,
        fn_proto,
        Atom::PROTOTYPE,
        Value::Object(proto.clone()),
        flags::CONFIGURABLE,
    );
    super::define_to_string_tag(cx, fn_proto, "AsyncGeneratorFunction");
    object::define_data(
        cx,
        proto,
        Atom::CONSTRUCTOR,
        Value::Object(fn_proto.clone()),
        flags::CONFIGURABLE,
    );
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "AsyncGenerator");
}
