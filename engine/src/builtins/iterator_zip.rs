//! `Iterator.zip` and `Iterator.zipKeyed` (the joint iteration proposal):
//! the argument processing and IteratorZip's closure, run as a `Kind::Zip`
//! iterator helper (see `iterator_helpers.rs` for the state machine).
//!
//! <https://tc39.es/proposal-joint-iteration/>

use super::iterator_helpers::{Kind, Record, flattenable, new_helper, step_done, step_value};
use crate::atom::Atom;
use crate::gc::Tracer;
use crate::object::{self, Args, Class, new_object, trace_value};
use crate::ops::{get_iterator, iterator_close, iterator_step};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Shortest,
    Longest,
    Strict,
}

/// IteratorZip's state: `iters` with `open` marking the members of
/// openIters (in longest mode a closed one is also a null entry of iters,
/// read from `padding`), and the keys of a zipKeyed result.
pub(crate) struct Zip {
    iters: Vec<Record>,
    open: Vec<bool>,
    mode: Mode,
    padding: Vec<Value>,
    keys: Option<Vec<Atom>>,
}

/// IteratorCloseAll (§7.4.12 of the proposal): closes `iters` in reverse
/// order; the first abrupt completion wins.
fn close_records<'a>(
    cx: &Cx,
    iters: impl DoubleEndedIterator<Item = &'a Record>,
    mut completion: JsResult<()>,
) -> JsResult<()> {
    for r in iters.rev() {
        completion = match completion {
            Ok(()) => iterator_close(cx, &r.0),
            Err(e) => {
                let _ = iterator_close(cx, &r.0);
                Err(e)
            }
        };
    }
    completion
}

impl Zip {
    pub(crate) fn trace(&self, t: &mut Tracer) {
        for (a, b) in &self.iters {
            trace_value(a, t);
            trace_value(b, t);
        }
        self.padding.iter().for_each(|v| trace_value(v, t));
    }

    /// IteratorCloseAll(openIters, completion).
    pub(crate) fn close_all(&self, cx: &Cx, completion: JsResult<()>) -> JsResult<()> {
        let open = self
            .iters
            .iter()
            .zip(&self.open)
            .filter(|(_, o)| **o)
            .map(|(r, _)| r)
            .collect::<Vec<_>>();
        close_records(cx, open.into_iter(), completion)
    }

    fn close_all_throw<T>(&self, cx: &Cx, e: Value) -> JsResult<T> {
        self.close_all(cx, Err(e))?;
        unreachable_ok(cx)
    }

    /// One round of IteratorZip's closure.
    pub(crate) fn step(&mut self, cx: &Cx) -> JsResult<Option<Value>> {
        let n = self.iters.len();
        if n == 0 {
            return Ok(None);
        }
        let mut results = Vec::with_capacity(n);
        for i in 0..n {
            if !self.open[i] {
                results.push(self.padding[i].clone());
                continue;
            }
            let v = match step_value(cx, &self.iters[i]) {
                Err(e) => {
                    self.open[i] = false;
                    return self.close_all_throw(cx, e);
                }
                Ok(Some(v)) => v,
                Ok(None) => {
                    self.open[i] = false;
                    match self.mode {
                        Mode::Shortest => {
                            self.close_all(cx, Ok(()))?;
                            return Ok(None);
                        }
                        Mode::Strict => {
                            if i != 0 {
                                let e = type_error(
                                    cx,
                                    "Iterator.zip: iterators have different lengths",
                                );
                                return self.close_all_throw(cx, e);
                            }
                            for k in 1..n {
                                match step_done(cx, &self.iters[k]) {
                                    Err(e) => {
                                        self.open[k] = false;
                                        return self.close_all_throw(cx, e);
                                    }
                                    Ok(true) => self.open[k] = false,
                                    Ok(false) => {
                                        let e = type_error(
                                            cx,
                                            "Iterator.zip: iterators have different lengths",
                                        );
                                        return self.close_all_throw(cx, e);
                                    }
                                }
                            }
                            return Ok(None);
                        }
                        Mode::Longest => {
                            if !self.open.iter().any(|o| *o) {
                                return Ok(None);
                            }
                            self.padding[i].clone()
                        }
                    }
                }
            };
            results.push(v);
        }
        Ok(Some(match &self.keys {
            None => Value::Object(object::new_array(*cx, results)),
            Some(keys) => {
                let o = new_object(*cx, None, Class::Object);
                for (k, v) in keys.iter().zip(results) {
                    object::create_data_property(cx, &o, *k, v)?;
                }
                Value::Object(o)
            }
        }))
    }
}

fn type_error(cx: &Cx, msg: &str) -> Value {
    match cx.type_error::<()>(msg) {
        Err(e) => e,
        Ok(()) => Value::Undefined,
    }
}

/// After an abrupt IteratorCloseAll, which always returns an error.
fn unreachable_ok<T>(cx: &Cx) -> JsResult<T> {
    cx.type_error("iterator close failed")
}

/// IfAbruptCloseIterators(r, iters).
fn or_close_all<T>(cx: &Cx, iters: &[Record], r: JsResult<T>) -> JsResult<T> {
    match r {
        Ok(v) => Ok(v),
        Err(e) => {
            close_records(cx, iters.iter(), Err(e))?;
            unreachable_ok(cx)
        }
    }
}

/// Iterator.zip (magic 0) and Iterator.zipKeyed (magic 1).
pub(crate) fn zip(cx: Cx, args: &Args) -> JsResult<Value> {
    let keyed = args.magic == 1;
    let iterables = args.get(0);
    let Value::Object(io) = &iterables else {
        return cx.type_error("Iterator.zip: iterables is not an object");
    };
    // GetOptionsObject.
    let options = match args.get(1) {
        Value::Undefined => None,
        Value::Object(o) => Some(o),
        _ => return cx.type_error("Iterator.zip: options is not an object"),
    };
    let mode_v = match &options {
        Some(o) => object::get_prop(&cx, o, cx.intern("mode"))?,
        None => Value::Undefined,
    };
    let mode = match &mode_v {
        Value::Undefined => Mode::Shortest,
        Value::String(s) if s.eq(&cx.str("shortest")) => Mode::Shortest,
        Value::String(s) if s.eq(&cx.str("longest")) => Mode::Longest,
        Value::String(s) if s.eq(&cx.str("strict")) => Mode::Strict,
        _ => return cx.type_error("Iterator.zip: invalid mode"),
    };
    let mut padding_opt = Value::Undefined;
    if mode == Mode::Longest
        && let Some(o) = &options
    {
        padding_opt = object::get_prop(&cx, o, cx.intern("padding"))?;
        if !matches!(padding_opt, Value::Undefined | Value::Object(_)) {
            return cx.type_error("Iterator.zip: padding is not an object");
        }
    }
    let mut iters: Vec<Record> = Vec::new();
    let mut keys = Vec::new();
    if keyed {
        for key in object::own_keys(&cx, io)? {
            let desc = or_close_all(&cx, &iters, object::get_own_property(&cx, io, key))?;
            if desc.is_none_or(|d| d.enumerable != Some(true)) {
                continue;
            }
            let value = or_close_all(&cx, &iters, object::get_prop(&cx, io, key))?;
            if value.is_undefined() {
                continue;
            }
            let it = or_close_all(&cx, &iters, flattenable(&cx, &value, false))?;
            keys.push(key);
            iters.push(it);
            cx.poll()?;
        }
    } else {
        let (input, input_next) = get_iterator(&cx, &iterables)?;
        loop {
            let next = or_close_all(&cx, &iters, iterator_step(&cx, &input, &input_next))?;
            if next.1 {
                break;
            }
            match flattenable(&cx, &next.0, false) {
                Ok(it) => iters.push(it),
                Err(e) => {
                    let _ = close_records(&cx, iters.iter(), Err(Value::Undefined));
                    let _ = iterator_close(&cx, &input);
                    return Err(e);
                }
            }
            cx.poll()?;
        }
    }
    let n = iters.len();
    let mut padding = Vec::new();
    if mode == Mode::Longest {
        match &padding_opt {
            Value::Object(po) if keyed => {
                for k in &keys {
                    padding.push(or_close_all(&cx, &iters, object::get_prop(&cx, po, *k))?);
                }
            }
            Value::Object(_) => {
                let (pi, pnext) = or_close_all(&cx, &iters, get_iterator(&cx, &padding_opt))?;
                let mut using = true;
                for _ in 0..n {
                    if using {
                        match or_close_all(
                            &cx,
                            &iters,
                            step_value(&cx, &(pi.clone(), pnext.clone())),
                        )? {
                            Some(v) => padding.push(v),
                            None => using = false,
                        }
                    }
                    if !using {
                        padding.push(Value::Undefined);
                    }
                    cx.poll()?;
                }
                if using {
                    or_close_all(&cx, &iters, iterator_close(&cx, &pi))?;
                }
            }
            _ => padding.resize(n, Value::Undefined),
        }
    }
    let zip = Zip {
        open: vec![true; n],
        iters,
        mode,
        padding,
        keys: keyed.then_some(keys),
    };
    Ok(new_helper(
        &cx,
        (Value::Undefined, Value::Undefined),
        Kind::Zip(Box::new(zip)),
    ))
}
