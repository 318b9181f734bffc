//! Generators: `%GeneratorFunction%` (§27.3), `%GeneratorFunction.prototype%`
//! and `%GeneratorPrototype%` (§27.5) with `next`, `return` and `throw`.
//!
//! <https://tc39.es/ecma262/#sec-generatorfunction-objects>
//! <https://tc39.es/ecma262/#sec-generator-objects>
//!
//! A generator object keeps its suspended frame in `Class::Generator`; the
//! interpreter suspends and resumes it (`interp::resume_generator`).

use super::iterator::iter_result;
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::interp::{Resume, Resumed};
use crate::object::{self, Args, Class, GenState};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// `next` (magic 0), `return` (1), `throw` (2): GeneratorResume (§27.5.3.3)
/// and GeneratorResumeAbrupt (§27.5.3.4).
fn resume(cx: Cx, args: &Args) -> JsResult<Value> {
    let how = match args.magic {
        0 => Resume::Next,
        1 => Resume::Return,
        _ => Resume::Throw,
    };
    Ok(match resume_step(&cx, &args.this, how, args.get(0))? {
        GenStep::Plain(v, done) => iter_result(&cx, v, done),
        GenStep::Raw(r) => r,
    })
}

/// What one resumption of a generator produced.
pub(crate) enum GenStep {
    /// The value and whether the generator is done: the caller makes the
    /// iterator result, or reads it directly.
    Plain(Value, bool),
    /// A result a `yield*` passed through unwrapped.
    Raw(Value),
}

/// The realm of `f` when it is `%GeneratorPrototype%.next`: iteration
/// loops then resume the generator with `resume_step` directly, which no
/// script can tell apart from calling `next` and reading `done` and `value`
/// from the fresh result object.
pub(crate) fn next_realm(f: &object::Obj) -> Option<u32> {
    match &f.d.borrow().class {
        Class::Native(n)
            if n.magic == 0 && std::ptr::fn_addr_eq(n.f, resume as object::NativeFn) =>
        {
            Some(n.realm)
        }
        _ => None,
    }
}

/// GeneratorResume / GeneratorResumeAbrupt on `this` without the result
/// object.
pub(crate) fn resume_step(cx: &Cx, this: &Value, how: Resume, value: Value) -> JsResult<GenStep> {
    let cx = *cx;
    let Value::Object(g) = this else {
        return cx.type_error("not a generator object");
    };
    crate::interp::check_resume(&cx)?;
    // GeneratorValidate (§27.5.3.2).
    let (state, frame) = match &mut g.d.borrow_mut().class {
        Class::Generator(gd) if gd.queue.is_none() => {
            let state = gd.state;
            match state {
                GenState::SuspendedStart | GenState::SuspendedYield => {
                    gd.state = GenState::Executing;
                    (state, gd.frame.take())
                }
                _ => (state, None),
            }
        }
        _ => return cx.type_error("not a generator object"),
    };
    let set_state = |state: GenState, frame| {
        if let Class::Generator(gd) = &mut g.d.borrow_mut().class {
            gd.state = state;
            gd.frame = frame;
        }
    };
    let frame = match (state, frame) {
        (GenState::Executing, _) => return cx.type_error("Generator is already running"),
        // GeneratorResumeAbrupt step 2: a generator that has not started
        // completes without running.
        (GenState::SuspendedStart, Some(f)) if how != Resume::Next => {
            set_state(GenState::Completed, None);
            drop(f);
            None
        }
        (_, f) => f,
    };
    let Some(frame) = frame else {
        if state != GenState::Completed && state != GenState::SuspendedStart {
            set_state(GenState::Completed, None);
        }
        return match how {
            Resume::Next => Ok(GenStep::Plain(Value::Undefined, true)),
            Resume::Return => Ok(GenStep::Plain(value, true)),
            Resume::Throw => Err(value),
        };
    };
    match crate::interp::resume_generator(&cx, frame, how, value) {
        Ok(Resumed::Yield(v, raw, frame)) => {
            set_state(GenState::SuspendedYield, Some(frame));
            Ok(if raw {
                GenStep::Raw(v)
            } else {
                GenStep::Plain(v, false)
            })
        }
        Ok(Resumed::Done(v)) => {
            set_state(GenState::Completed, None);
            Ok(GenStep::Plain(v, true))
        }
        Ok(Resumed::Await(..)) => {
            // Only async bodies await.
            set_state(GenState::Completed, None);
            cx.type_error("await in a generator")
        }
        Err(e) => {
            set_state(GenState::Completed, None);
            Err(e)
        }
    }
}

/// The GeneratorFunction constructor (§27.3.1.1).
fn generator_function_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    super::function::create_dynamic_function(cx, args, "function*")
}

const PROTO_FNS: &[FnSpec] = fns! {
    "next", 1, resume, 0;
    "return", 1, resume, 1;
    "throw", 1, resume, 2;
};

pub(crate) fn init(cx: &Cx) {
    let gen_fn_proto = &cx.intr().generator_function_proto;
    let gen_proto = &cx.intr().generator_proto;
    super::function::define_function_kind(
        cx,
        "GeneratorFunction",
        generator_function_ctor,
        gen_fn_proto,
    );
    object::define_data(
        cx,
        gen_fn_proto,
        Atom::PROTOTYPE,
        Value::Object(gen_proto.clone()),
        flags::CONFIGURABLE,
    );
    super::define_to_string_tag(cx, gen_fn_proto, "GeneratorFunction");
    // §27.5.1.
    object::define_data(
        cx,
        gen_proto,
        Atom::CONSTRUCTOR,
        Value::Object(gen_fn_proto.clone()),
        flags::CONFIGURABLE,
    );
    super::define_fns(cx, gen_proto, PROTO_FNS);
    super::define_to_string_tag(cx, gen_proto, "Generator");
}
