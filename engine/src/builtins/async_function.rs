//! Async functions (ECMA-262 §15.8, §27.7): `%AsyncFunction%`,
//! `%AsyncFunction.prototype%`, and the driver that runs an async
//! function's body as a suspended frame (the generator machinery), resuming
//! it from promise reaction jobs after each `await`.
//!
//! <https://tc39.es/ecma262/#sec-async-function-objects>
//!
//! The compiler puts `InitialYield` at the very start of an async function,
//! so that errors in its parameters also reject the returned promise
//! (§15.8.4 EvaluateAsyncFunctionBody), and compiles `await v` as a `Yield`
//! whose resumption value is the settled value (or a throw).

use super::promise;
use crate::interp::{Resume, Resumed};
use crate::object::{Args, Class, GenState};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// AsyncFunctionStart (§27.7.5.1): called with the suspended body `g` just
/// created by a call of an async function; runs it to its first `await`
/// and returns the promise of its result.
pub(crate) fn start(cx: &Cx, g: Value) -> Value {
    let (p, resolve, reject) = promise::new_pending(cx);
    step(cx, &g, &resolve, &reject, Resume::Next, Value::Undefined);
    p
}

/// Resumes the body with a value or a throw, until it awaits (then a
/// reaction on the awaited promise resumes it again), returns (resolve) or
/// throws (reject).
fn step(cx: &Cx, g: &Value, resolve: &Value, reject: &Value, how: Resume, value: Value) {
    let mut how = how;
    let mut value = value;
    loop {
        let Value::Object(go) = g else { return };
        let frame = match &mut go.d.borrow_mut().class {
            Class::Generator(gd) => {
                gd.state = GenState::Executing;
                gd.frame.take()
            }
            _ => None,
        };
        let Some(frame) = frame else { return };
        let outcome = match crate::interp::check_resume(cx) {
            Ok(()) => crate::interp::resume_generator(cx, frame, how, value),
            Err(e) => Err(e),
        };
        let set = |state: GenState, frame| {
            if let Class::Generator(gd) = &mut go.d.borrow_mut().class {
                gd.state = state;
                gd.frame = frame;
            }
        };
        match outcome {
            Ok(Resumed::Yield(v, _, frame) | Resumed::Await(v, frame)) => {
                set(GenState::SuspendedYield, Some(frame));
                // Await (§27.7.5.3): PromiseResolve(%Promise%, v), then
                // resume on its settlement.
                match promise::resolve_intrinsic(cx, v) {
                    Ok(p) => {
                        let on_ok = resumer(cx, g, resolve, reject, false);
                        let on_err = resumer(cx, g, resolve, reject, true);
                        promise::then_internal(cx, &p, on_ok, on_err);
                        return;
                    }
                    Err(e) => {
                        how = Resume::Throw;
                        value = e;
                    }
                }
            }
            Ok(Resumed::Done(v)) => {
                set(GenState::Completed, None);
                let _ = cx.call(resolve, &Value::Undefined, &[v]);
                return;
            }
            Err(e) => {
                set(GenState::Completed, None);
                if cx.rt.interrupted.get() {
                    return;
                }
                let _ = cx.call(reject, &Value::Undefined, &[e]);
                return;
            }
        }
    }
}

/// The fulfilled or rejected handler of an await: [g, resolve, reject, throw].
fn resumer(cx: &Cx, g: &Value, resolve: &Value, reject: &Value, throw: bool) -> Value {
    let f = promise::closure(
        cx,
        resume,
        1,
        vec![
            g.clone(),
            resolve.clone(),
            reject.clone(),
            Value::Bool(throw),
        ],
    );
    Value::Object(f)
}

fn resume(cx: Cx, args: &Args) -> JsResult<Value> {
    let c = |i| promise::captured(args, i);
    let how = if c(3).to_boolean() {
        Resume::Throw
    } else {
        Resume::Next
    };
    step(&cx, &c(0), &c(1), &c(2), how, args.get(0));
    Ok(Value::Undefined)
}

/// The AsyncFunction constructor (§27.7.1.1).
fn async_function_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    super::function::create_dynamic_function(cx, args, "async function")
}

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().async_function_proto;
    super::function::define_function_kind(cx, "AsyncFunction", async_function_ctor, proto);
    super::define_to_string_tag(cx, proto, "AsyncFunction");
}
