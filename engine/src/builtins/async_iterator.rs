//! `%AsyncIteratorPrototype%` (§27.1.3), GetIterator(obj, async) (§7.4.3)
//! and `%AsyncFromSyncIteratorPrototype%` (§27.1.6), which adapts a sync
//! iterator for `for await` and `yield*` in async generators.
//!
//! <https://tc39.es/ecma262/#sec-asynciteratorprototype>
//! <https://tc39.es/ecma262/#sec-async-from-sync-iterator-objects>

use super::iterator::iter_result;
use super::promise;
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// GetIterator(obj, async) (§7.4.3): the iterator and its `next` method;
/// a sync iterator is wrapped by CreateAsyncFromSyncIterator (§27.1.6.1).
pub(crate) fn get_async_iterator(cx: &Cx, v: &Value) -> JsResult<(Value, Value)> {
    let method = crate::interp::get_method(cx, v, Atom::SYM_ASYNC_ITERATOR)?;
    if method.is_undefined() {
        let (it, next) = crate::ops::get_iterator(cx, v)?;
        return Ok(from_sync(cx, it, next));
    }
    let it = cx.call(&method, v, &[])?;
    if !matches!(it, Value::Object(_)) {
        return cx.type_error("async iterator is not an object");
    }
    let next = object::get_value(cx, &it, Atom::NEXT)?;
    Ok((it, next))
}

/// CreateAsyncFromSyncIterator (§27.1.6.1).
pub(crate) fn from_sync(cx: &Cx, it: Value, next: Value) -> (Value, Value) {
    let o = object::new_object(
        *cx,
        Some(cx.intr().async_from_sync_iter_proto.clone()),
        Class::AsyncFromSyncIter(Box::new((it, next))),
    );
    // The `next` method is read from the new object: the prototype's.
    let next = object::get_prop(cx, &o, Atom::NEXT).unwrap_or(Value::Undefined);
    (Value::Object(o), next)
}

/// %AsyncIteratorPrototype%[@@asyncIterator] (§27.1.3.1): returns `this`.
fn async_iterator_self(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(args.this.clone())
}

/// `next` (magic 0), `return` (1), `throw` (2) of
/// %AsyncFromSyncIteratorPrototype% (§27.1.6.2.1-3).
fn method(cx: Cx, args: &Args) -> JsResult<Value> {
    let (p, resolve, reject) = promise::new_pending(&cx);
    let record = match &args.this {
        Value::Object(o) => match &o.d.borrow().class {
            Class::AsyncFromSyncIter(r) => Some((r.0.clone(), r.1.clone())),
            _ => None,
        },
        _ => None,
    };
    let cap = [p.clone(), resolve.clone(), reject.clone()];
    let outcome = match record {
        Some((it, next)) => step(&cx, args, &it, &next, &resolve, cap),
        None => cx.type_error("not an Async-from-Sync Iterator"),
    };
    // IfAbruptRejectPromise.
    if let Err(e) = outcome {
        if cx.rt.interrupted.get() {
            return Err(e);
        }
        let _ = cx.call(&reject, &Value::Undefined, &[e]);
    }
    Ok(p)
}

fn step(
    cx: &Cx,
    args: &Args,
    it: &Value,
    next: &Value,
    resolve: &Value,
    cap: [Value; 3],
) -> JsResult<()> {
    let present = !args.args.is_empty();
    let value = args.get(0);
    let pass: &[Value] = if present {
        std::slice::from_ref(&value)
    } else {
        &[]
    };
    let result = match args.magic {
        0 => cx.call(next, it, pass)?,
        1 => {
            let ret = crate::interp::get_method(cx, it, cx.intern("return"))?;
            if ret.is_undefined() {
                let r = iter_result(cx, value, true);
                cx.call(resolve, &Value::Undefined, &[r])?;
                return Ok(());
            }
            cx.call(&ret, it, pass)?
        }
        _ => {
            let throw = crate::interp::get_method(cx, it, Atom::THROW)?;
            if throw.is_undefined() {
                // Close the sync iterator, then report the protocol
                // violation.
                crate::ops::iterator_close(cx, it)?;
                return cx.type_error("the iterator does not have a 'throw' method");
            }
            cx.call(&throw, it, pass)?
        }
    };
    if args.magic != 0 && !matches!(result, Value::Object(_)) {
        return cx.type_error("iterator result is not an object");
    }
    continuation(cx, &result, it, cap, args.magic != 1)
}

/// AsyncFromSyncIteratorContinuation (§27.1.6.4).
fn continuation(
    cx: &Cx,
    result: &Value,
    it: &Value,
    cap: [Value; 3],
    close_on_rejection: bool,
) -> JsResult<()> {
    let Value::Object(ro) = result else {
        return cx.type_error("iterator result is not an object");
    };
    let done = object::get_prop(cx, ro, Atom::DONE)?.to_boolean();
    let value = object::get_prop(cx, ro, Atom::VALUE)?;
    // Steps 5-7.
    let wrapper = match promise::resolve_intrinsic(cx, value) {
        Ok(w) => w,
        Err(e) => {
            if !done && close_on_rejection {
                // IteratorClose with a throw completion: its own outcome
                // is ignored.
                let _ = crate::ops::iterator_close(cx, it);
            }
            return Err(e);
        }
    };
    let on_ok = promise::closure(cx, unwrap, 1, vec![Value::Bool(done)]);
    let on_err = if done || !close_on_rejection {
        Value::Undefined
    } else {
        Value::Object(promise::closure(cx, close_iterator, 1, vec![it.clone()]))
    };
    promise::then_with(cx, &wrapper, Value::Object(on_ok), on_err, cap);
    Ok(())
}

/// The unwrap closure (step 8): [done].
fn unwrap(cx: Cx, args: &Args) -> JsResult<Value> {
    let done = promise::captured(args, 0).to_boolean();
    Ok(iter_result(&cx, args.get(0), done))
}

/// The closeIterator closure (step 12): [iterator]; closes it and rethrows.
fn close_iterator(cx: Cx, args: &Args) -> JsResult<Value> {
    let it = promise::captured(args, 0);
    let _ = crate::ops::iterator_close(&cx, &it);
    Err(args.get(0))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "next", 1, method, 0;
    "return", 1, method, 1;
    "throw", 1, method, 2;
};

pub(crate) fn init(cx: &Cx) {
    let intr = cx.intr();
    super::define_fns(
        cx,
        &intr.async_iterator_proto,
        fns! { "@@asyncIterator", 0, async_iterator_self; },
    );
    super::define_fns(cx, &intr.async_from_sync_iter_proto, PROTO_FNS);
}
