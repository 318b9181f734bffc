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
    let value = args.get(0);
    let Value::Object(g) = &args.this else {
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
            Resume::Next => Ok(iter_result(&cx, Value::Undefined, true)),
            Resume::Return => Ok(iter_result(&cx, value, true)),
            Resume::Throw => Err(value),
        };
    };
    match crate::interp::resume_generator(&cx, frame, how, value) {
        Ok(Resumed::Yield(v, raw, frame)) => {
            set_state(GenState::SuspendedYield, Some(frame));
            Ok(if raw { v } else { iter_result(&cx, v, false) })
        }
        Ok(Resumed::Done(v)) => {
            set_state(GenState::Completed, None);
            Ok(iter_result(&cx, v, true))
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
