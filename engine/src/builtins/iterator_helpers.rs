//! The `Iterator` constructor and its helpers (ECMA-262 §27.1.3, §27.1.2):
//! `Iterator.from` with `%WrapForValidIteratorPrototype%`, the lazy
//! helpers of `Iterator.prototype` (map, filter, take, drop, flatMap)
//! returning `%IteratorHelperPrototype%` objects, the eager ones (reduce,
//! toArray, forEach, some, every, find), and the proposals test262 covers:
//! `includes`, `chunks`, `windows`, `join`, `Iterator.concat` and
//! `Iterator.prototype[Symbol.dispose]`
//! (`Iterator.zip`/`zipKeyed` are in `iterator_zip.rs`).
//!
//! <https://tc39.es/ecma262/#sec-iterator-objects>
//! <https://tc39.es/proposal-iterator-sequencing/>
//! <https://tc39.es/proposal-iterator-chunking/>
//! <https://tc39.es/proposal-explicit-resource-management/>
//!
//! A helper is a native state machine standing for the spec's abstract
//! closure: `Helper::state` is its `[[GeneratorState]]` and each `next`
//! runs `step` up to the next value the closure would yield. While a step
//! runs, the state is `Running` and the kind's data is moved out of the
//! object (so no borrow is held while script runs); re-entering `next` or
//! `return` then throws a TypeError as GeneratorValidate requires.

use std::collections::VecDeque;

use super::iterator::iter_result;
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::gc::Tracer;
use crate::interp::get_method;
use crate::object::{self, Args, Class, Obj, PropDesc, new_object, trace_value};
use crate::ops::{iterator_close, iterator_step};
use crate::runtime::{Cx, JsResult};
use crate::value::{Value, same_value_zero};

/// `[[GeneratorState]]` of a helper.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum HState {
    Start,
    Yield,
    Running,
    Done,
}

/// An iterator record: the iterator and its `next` method.
pub(crate) type Record = (Value, Value);

/// What a helper does at each step, with the closure's variables.
pub(crate) enum Kind {
    Map {
        f: Value,
        counter: f64,
    },
    Filter {
        f: Value,
        counter: f64,
    },
    Take {
        remaining: f64,
    },
    Drop {
        remaining: f64,
    },
    FlatMap {
        f: Value,
        counter: f64,
        inner: Option<Record>,
    },
    /// `exhausted`: the underlying iterator is done (the last partial
    /// chunk may still be pending).
    Chunks {
        size: u32,
        exhausted: bool,
    },
    Windows {
        size: u32,
        partial: bool,
        buf: VecDeque<Value>,
        exhausted: bool,
    },
    /// `Iterator.concat`: each iterable's `[[OpenMethod]]` and
    /// `[[Iterable]]`, the next one to open, and the current iterator.
    Concat {
        items: Vec<(Value, Value)>,
        index: usize,
        inner: Option<Record>,
    },
    Zip(Box<super::iterator_zip::Zip>),
    /// The closure has finished (or its data is out while it runs).
    Finished,
}

/// The internal slots of an iterator helper object.
pub(crate) struct Helper {
    pub(crate) state: HState,
    /// `[[UnderlyingIterator]]` (undefined for concat and zip).
    pub(crate) it: Record,
    pub(crate) kind: Kind,
}

impl Helper {
    /// Reports every counted reference the helper holds.
    pub(crate) fn trace(&self, t: &mut Tracer) {
        trace_value(&self.it.0, t);
        trace_value(&self.it.1, t);
        let rec = |r: &Option<Record>, t: &mut Tracer| {
            if let Some((a, b)) = r {
                trace_value(a, t);
                trace_value(b, t);
            }
        };
        match &self.kind {
            Kind::Map { f, .. } | Kind::Filter { f, .. } => trace_value(f, t),
            Kind::FlatMap { f, inner, .. } => {
                trace_value(f, t);
                rec(inner, t);
            }
            Kind::Windows { buf, .. } => buf.iter().for_each(|v| trace_value(v, t)),
            Kind::Concat { items, inner, .. } => {
                for (a, b) in items {
                    trace_value(a, t);
                    trace_value(b, t);
                }
                rec(inner, t);
            }
            Kind::Zip(z) => z.trace(t),
            Kind::Take { .. } | Kind::Drop { .. } | Kind::Chunks { .. } | Kind::Finished => {}
        }
    }
}

/// Creates a helper object in its suspended-start state.
pub(crate) fn new_helper(cx: &Cx, it: Record, kind: Kind) -> Value {
    let h = Helper {
        state: HState::Start,
        it,
        kind,
    };
    Value::Object(new_object(
        *cx,
        Some(cx.intr().iterator_helper_proto.clone()),
        Class::IterHelper(Box::new(h)),
    ))
}

// ---------------------------------------------------------------------------
// Iterator records

/// GetIteratorDirect (§7.4.4): the object and its `next`, read once.
pub(crate) fn direct(cx: &Cx, o: &Obj) -> JsResult<Record> {
    let next = object::get_prop(cx, o, Atom::NEXT)?;
    Ok((Value::Object(o.clone()), next))
}

/// IteratorStep (§7.4.8) without reading `value`: whether the iterator is done.
pub(crate) fn step_done(cx: &Cx, r: &Record) -> JsResult<bool> {
    let res = cx.call(&r.1, &r.0, &[])?;
    let Value::Object(ro) = &res else {
        return cx.type_error("iterator result is not an object");
    };
    Ok(object::get_prop(cx, ro, Atom::DONE)?.to_boolean())
}

/// IteratorStepValue (§7.4.10): `Some(value)`, or `None` when done.
pub(crate) fn step_value(cx: &Cx, r: &Record) -> JsResult<Option<Value>> {
    let (v, done) = iterator_step(cx, &r.0, &r.1)?;
    Ok(if done { None } else { Some(v) })
}

/// IteratorClose with a throw completion: the close's own errors are lost.
pub(crate) fn close_throw<T>(cx: &Cx, it: &Value, e: Value) -> JsResult<T> {
    let _ = iterator_close(cx, it);
    Err(e)
}

/// IfAbruptCloseIterator (§7.4.13).
fn or_close<T>(cx: &Cx, it: &Value, r: JsResult<T>) -> JsResult<T> {
    match r {
        Ok(v) => Ok(v),
        Err(e) => close_throw(cx, it, e),
    }
}

/// GetIteratorFlattenable (§7.4.5): `strings` is iterate-string-primitives.
pub(crate) fn flattenable(cx: &Cx, v: &Value, strings: bool) -> JsResult<Record> {
    match v {
        Value::Object(_) => {}
        Value::String(_) if strings => {}
        _ => return cx.type_error("value is not an object"),
    }
    let method = get_method(cx, v, Atom::SYM_ITERATOR)?;
    let it = if method.is_undefined() {
        v.clone()
    } else {
        cx.call(&method, v, &[])?
    };
    let Value::Object(o) = &it else {
        return cx.type_error("iterator is not an object");
    };
    direct(cx, o)
}

/// The `this` object of an `Iterator.prototype` method.
fn this_obj(cx: &Cx, args: &Args, name: &str) -> JsResult<Obj> {
    match &args.this {
        Value::Object(o) => Ok(o.clone()),
        _ => cx.type_error(&format!("Iterator.prototype.{name} called on a non-object")),
    }
}

/// A callable argument, or a TypeError after closing `o` (the validation
/// steps of the callback-taking methods).
fn callback(cx: &Cx, o: &Obj, f: Value) -> JsResult<Value> {
    if f.is_callable() {
        return Ok(f);
    }
    let e = cx
        .type_error::<()>(&format!(
            "{} is not a function",
            crate::ops::describe(cx, &f)
        ))
        .unwrap_err();
    close_throw(cx, &Value::Object(o.clone()), e)
}

/// Throws the error `make` produces after closing `o` (argument validation).
fn fail_closing<T>(cx: &Cx, o: &Obj, r: JsResult<()>) -> JsResult<T> {
    let e = match r {
        Err(e) => e,
        Ok(()) => return cx.type_error("invalid argument"),
    };
    close_throw(cx, &Value::Object(o.clone()), e)
}

// ---------------------------------------------------------------------------
// The constructor, Iterator.from and %WrapForValidIteratorPrototype%

/// Iterator (§27.1.3.1): abstract, only subclasses construct it.
fn iterator_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    match &args.new_target {
        Some(nt) if !Obj::ptr_eq(nt, &args.callee) => {
            let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.iterator_proto)?;
            Ok(Value::Object(new_object(cx, Some(proto), Class::Object)))
        }
        _ => cx.type_error("Iterator cannot be constructed directly"),
    }
}

/// Iterator.from (§27.1.3.2.1).
fn from(cx: Cx, args: &Args) -> JsResult<Value> {
    let (it, next) = flattenable(&cx, &args.get(0), true)?;
    let Value::Object(o) = &it else {
        return cx.type_error("iterator is not an object");
    };
    // OrdinaryHasInstance(%Iterator%, iterator): %Iterator%.prototype is
    // non-writable and non-configurable, so a walk of the chain tells.
    let mut cur = object::get_prototype_of(&cx, o)?;
    while let Some(p) = cur {
        if Obj::ptr_eq(&p, &cx.intr().iterator_proto) {
            return Ok(it);
        }
        cur = object::get_prototype_of(&cx, &p)?;
        cx.poll()?;
    }
    Ok(Value::Object(new_object(
        cx,
        Some(cx.intr().wrap_for_valid_iter_proto.clone()),
        Class::WrapIter(Box::new((it, next))),
    )))
}

fn wrapped(cx: &Cx, this: &Value) -> JsResult<Record> {
    if let Value::Object(o) = this
        && let Class::WrapIter(r) = &o.d.borrow().class
    {
        return Ok((r.0.clone(), r.1.clone()));
    }
    cx.type_error("not a wrapped iterator")
}

/// %WrapForValidIteratorPrototype%.next (§27.1.3.2.1.1.1).
fn wrap_next(cx: Cx, args: &Args) -> JsResult<Value> {
    let (it, next) = wrapped(&cx, &args.this)?;
    cx.call(&next, &it, &[])
}

/// %WrapForValidIteratorPrototype%.return (§27.1.3.2.1.1.2).
fn wrap_return(cx: Cx, args: &Args) -> JsResult<Value> {
    let (it, _) = wrapped(&cx, &args.this)?;
    let ret = get_method(&cx, &it, Atom::RETURN)?;
    if ret.is_undefined() {
        return Ok(iter_result(&cx, Value::Undefined, true));
    }
    cx.call(&ret, &it, &[])
}

// ---------------------------------------------------------------------------
// Iterator.prototype[@@toStringTag] and .constructor (§27.1.4.1, §27.1.4.14)

/// get (magic 0: `constructor`, 1: `@@toStringTag`).
fn proto_get(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.magic == 0 {
        Ok(cx
            .realm
            .iterator_ctor
            .get()
            .map_or(Value::Undefined, |c| Value::Object(c.clone())))
    } else {
        Ok(Value::String(cx.str("Iterator")))
    }
}

/// SetterThatIgnoresPrototypeProperties (§27.1.4.1.2) with home
/// %Iterator.prototype%.
fn proto_set(cx: Cx, args: &Args) -> JsResult<Value> {
    let key = if args.magic == 0 {
        Atom::CONSTRUCTOR
    } else {
        Atom::SYM_TO_STRING_TAG
    };
    let Value::Object(o) = &args.this else {
        return cx.type_error("setter called on a non-object");
    };
    if Obj::ptr_eq(o, &cx.intr().iterator_proto) {
        return cx.type_error("cannot set the property on Iterator.prototype");
    }
    let v = args.get(0);
    if object::get_own_property(&cx, o, key)?.is_none() {
        if !object::create_data_property(&cx, o, key, v)? {
            return cx.type_error("cannot define property");
        }
    } else {
        object::put(&cx, o, key, v, true)?;
    }
    Ok(Value::Undefined)
}

// ---------------------------------------------------------------------------
// %IteratorHelperPrototype%

fn helper_of(cx: &Cx, this: &Value) -> JsResult<Obj> {
    if let Value::Object(o) = this
        && matches!(o.d.borrow().class, Class::IterHelper(_))
    {
        return Ok(o.clone());
    }
    cx.type_error("not an Iterator Helper object")
}

/// Reads the state and, for `Running`, moves the kind's data out.
fn begin(h: &Obj) -> Option<(HState, Record, Kind)> {
    let mut d = h.d.borrow_mut();
    let Class::IterHelper(s) = &mut d.class else {
        return None;
    };
    let state = s.state;
    if matches!(state, HState::Start | HState::Yield) {
        s.state = HState::Running;
        let kind = std::mem::replace(&mut s.kind, Kind::Finished);
        return Some((state, s.it.clone(), kind));
    }
    Some((state, (Value::Undefined, Value::Undefined), Kind::Finished))
}

/// Puts the data back after a yield, or drops everything once done.
fn finish(h: &Obj, kind: Option<Kind>) {
    let mut d = h.d.borrow_mut();
    if let Class::IterHelper(s) = &mut d.class {
        match kind {
            Some(k) => {
                s.state = HState::Yield;
                s.kind = k;
            }
            None => {
                s.state = HState::Done;
                s.it = (Value::Undefined, Value::Undefined);
                s.kind = Kind::Finished;
            }
        }
    }
}

fn running<T>(cx: &Cx) -> JsResult<T> {
    cx.type_error("iterator helper is already running")
}

/// %IteratorHelperPrototype%.next (§27.1.2.1.1): GeneratorResume.
fn helper_next(cx: Cx, args: &Args) -> JsResult<Value> {
    let h = helper_of(&cx, &args.this)?;
    let Some((state, it, mut kind)) = begin(&h) else {
        return cx.type_error("not an Iterator Helper object");
    };
    match state {
        HState::Running => return running(&cx),
        HState::Done => return Ok(iter_result(&cx, Value::Undefined, true)),
        _ => {}
    }
    match step(&cx, &it, &mut kind) {
        Ok(Some(v)) => {
            finish(&h, Some(kind));
            Ok(iter_result(&cx, v, false))
        }
        Ok(None) => {
            finish(&h, None);
            Ok(iter_result(&cx, Value::Undefined, true))
        }
        Err(e) => {
            finish(&h, None);
            Err(e)
        }
    }
}

/// %IteratorHelperPrototype%.return (§27.1.2.1.2).
fn helper_return(cx: Cx, args: &Args) -> JsResult<Value> {
    let h = helper_of(&cx, &args.this)?;
    let Some((state, it, kind)) = begin(&h) else {
        return cx.type_error("not an Iterator Helper object");
    };
    let r = match state {
        HState::Running => return running(&cx),
        HState::Done => return Ok(iter_result(&cx, Value::Undefined, true)),
        // Completed before it started: IteratorCloseAll of the underlying
        // iterators (none for concat), with a normal completion.
        HState::Start => {
            finish(&h, None);
            match &kind {
                Kind::Concat { .. } => Ok(()),
                Kind::Zip(z) => z.close_all(&cx, Ok(())),
                _ => iterator_close(&cx, &it.0),
            }
        }
        // GeneratorResumeAbrupt with a return completion: the closure's
        // IfAbruptCloseIterator for the yield it is suspended at.
        _ => {
            let r = abort(&cx, &it, &kind);
            finish(&h, None);
            r
        }
    };
    r?;
    Ok(iter_result(&cx, Value::Undefined, true))
}

/// The closure's handling of a return completion at its current yield.
fn abort(cx: &Cx, it: &Record, kind: &Kind) -> JsResult<()> {
    match kind {
        Kind::FlatMap {
            inner: Some((ii, _)),
            ..
        } => {
            if let Err(e) = iterator_close(cx, ii) {
                return close_throw(cx, &it.0, e);
            }
            iterator_close(cx, &it.0)
        }
        Kind::Concat { inner, .. } => match inner {
            Some((ii, _)) => iterator_close(cx, ii),
            None => Ok(()),
        },
        Kind::Zip(z) => z.close_all(cx, Ok(())),
        Kind::Chunks {
            exhausted: true, ..
        }
        | Kind::Windows {
            exhausted: true, ..
        }
        | Kind::Finished => Ok(()),
        _ => iterator_close(cx, &it.0),
    }
}

/// Runs the closure to its next yield: `Some(value)`, or `None` when it returns.
fn step(cx: &Cx, it: &Record, kind: &mut Kind) -> JsResult<Option<Value>> {
    let o = &it.0;
    match kind {
        Kind::Map { f, counter } => {
            let Some(v) = step_value(cx, it)? else {
                return Ok(None);
            };
            let mapped = or_close(
                cx,
                o,
                cx.call(f, &Value::Undefined, &[v, Value::number(*counter)]),
            )?;
            *counter += 1.0;
            Ok(Some(mapped))
        }
        Kind::Filter { f, counter } => loop {
            let Some(v) = step_value(cx, it)? else {
                return Ok(None);
            };
            let args = [v.clone(), Value::number(*counter)];
            let sel = or_close(cx, o, cx.call(f, &Value::Undefined, &args))?;
            *counter += 1.0;
            if sel.to_boolean() {
                return Ok(Some(v));
            }
            cx.poll()?;
        },
        Kind::Take { remaining } => {
            if *remaining == 0.0 {
                iterator_close(cx, o)?;
                return Ok(None);
            }
            if *remaining != f64::INFINITY {
                *remaining -= 1.0;
            }
            step_value(cx, it)
        }
        Kind::Drop { remaining } => {
            while *remaining > 0.0 {
                if *remaining != f64::INFINITY {
                    *remaining -= 1.0;
                }
                if step_done(cx, it)? {
                    return Ok(None);
                }
                cx.poll()?;
            }
            step_value(cx, it)
        }
        Kind::FlatMap { f, counter, inner } => loop {
            if let Some(rec) = inner {
                match or_close(cx, o, step_value(cx, rec))? {
                    Some(v) => return Ok(Some(v)),
                    None => *inner = None,
                }
            } else {
                let Some(v) = step_value(cx, it)? else {
                    return Ok(None);
                };
                let args = [v, Value::number(*counter)];
                let mapped = or_close(cx, o, cx.call(f, &Value::Undefined, &args))?;
                *inner = Some(or_close(cx, o, flattenable(cx, &mapped, false))?);
                *counter += 1.0;
            }
            cx.poll()?;
        },
        Kind::Chunks { size, exhausted } => {
            if *exhausted {
                return Ok(None);
            }
            let mut buf = Vec::new();
            loop {
                let Some(v) = step_value(cx, it)? else {
                    *exhausted = true;
                    if buf.is_empty() {
                        return Ok(None);
                    }
                    break;
                };
                buf.push(v);
                if buf.len() == *size as usize {
                    break;
                }
                cx.poll()?;
            }
            Ok(Some(Value::Object(object::new_array(*cx, buf))))
        }
        Kind::Windows {
            size,
            partial,
            buf,
            exhausted,
        } => loop {
            if *exhausted {
                return Ok(None);
            }
            let Some(v) = step_value(cx, it)? else {
                *exhausted = true;
                if *partial && !buf.is_empty() && buf.len() < *size as usize {
                    let w = buf.iter().cloned().collect();
                    return Ok(Some(Value::Object(object::new_array(*cx, w))));
                }
                return Ok(None);
            };
            if buf.len() == *size as usize {
                buf.pop_front();
            }
            buf.push_back(v);
            if buf.len() == *size as usize {
                let w = buf.iter().cloned().collect();
                return Ok(Some(Value::Object(object::new_array(*cx, w))));
            }
            cx.poll()?;
        },
        Kind::Concat {
            items,
            index,
            inner,
        } => loop {
            if let Some(rec) = inner {
                match step_value(cx, rec)? {
                    Some(v) => return Ok(Some(v)),
                    None => *inner = None,
                }
            } else {
                let Some((open, iterable)) = items.get(*index).cloned() else {
                    return Ok(None);
                };
                *index += 1;
                let iter = cx.call(&open, &iterable, &[])?;
                let Value::Object(io) = &iter else {
                    return cx.type_error("iterator is not an object");
                };
                *inner = Some(direct(cx, io)?);
            }
            cx.poll()?;
        },
        Kind::Zip(z) => z.step(cx),
        Kind::Finished => Ok(None),
    }
}

// ---------------------------------------------------------------------------
// The lazy helpers (§27.1.4)

/// map (0), filter (1), flatMap (2).
fn with_callback(cx: Cx, args: &Args) -> JsResult<Value> {
    let name = ["map", "filter", "flatMap"][args.magic as usize];
    let o = this_obj(&cx, args, name)?;
    let f = callback(&cx, &o, args.get(0))?;
    let it = direct(&cx, &o)?;
    let kind = match args.magic {
        0 => Kind::Map { f, counter: 0.0 },
        1 => Kind::Filter { f, counter: 0.0 },
        _ => Kind::FlatMap {
            f,
            counter: 0.0,
            inner: None,
        },
    };
    Ok(new_helper(&cx, it, kind))
}

/// take (0) and drop (1): the limit's validation closes the iterator.
fn take_drop(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, if args.magic == 0 { "take" } else { "drop" })?;
    let n = match cx.to_number(&args.get(0)) {
        Ok(n) => n,
        Err(e) => return close_throw(&cx, &Value::Object(o), e),
    };
    if n.is_nan() {
        return fail_closing(&cx, &o, cx.range_error("limit must be a number"));
    }
    let limit = crate::value::integer_or_infinity(n);
    if limit < 0.0 {
        return fail_closing(&cx, &o, cx.range_error("limit must not be negative"));
    }
    if limit.is_finite() && limit > 9007199254740991.0 {
        return fail_closing(&cx, &o, cx.range_error("limit is too large"));
    }
    let it = direct(&cx, &o)?;
    let kind = if args.magic == 0 {
        Kind::Take { remaining: limit }
    } else {
        Kind::Drop { remaining: limit }
    };
    Ok(new_helper(&cx, it, kind))
}

/// A chunk or window size: an integral Number in [1, 2^32 - 1].
fn size_arg(cx: &Cx, o: &Obj, v: &Value) -> JsResult<u32> {
    let Some(n) = v.as_number() else {
        return fail_closing(cx, o, cx.type_error("size must be a number"));
    };
    if !n.is_finite() || n.trunc() != n {
        return fail_closing(cx, o, cx.type_error("size must be an integer"));
    }
    if !(1.0..=4294967295.0).contains(&n) {
        return fail_closing(cx, o, cx.range_error("size out of range"));
    }
    Ok(n as u32)
}

/// chunks (proposal-iterator-chunking).
fn chunks(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, "chunks")?;
    let size = size_arg(&cx, &o, &args.get(0))?;
    let it = direct(&cx, &o)?;
    Ok(new_helper(
        &cx,
        it,
        Kind::Chunks {
            size,
            exhausted: false,
        },
    ))
}

/// windows (proposal-iterator-chunking).
fn windows(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, "windows")?;
    let size = size_arg(&cx, &o, &args.get(0))?;
    let partial = match args.get(1) {
        Value::Undefined => false,
        Value::String(s) if s.eq(&cx.str("only-full")) => false,
        Value::String(s) if s.eq(&cx.str("allow-partial")) => true,
        _ => {
            return fail_closing(
                &cx,
                &o,
                cx.type_error("undersized must be \"only-full\" or \"allow-partial\""),
            );
        }
    };
    let it = direct(&cx, &o)?;
    Ok(new_helper(
        &cx,
        it,
        Kind::Windows {
            size,
            partial,
            buf: VecDeque::new(),
            exhausted: false,
        },
    ))
}

/// Iterator.concat (proposal-iterator-sequencing).
fn concat(cx: Cx, args: &Args) -> JsResult<Value> {
    let mut items = Vec::with_capacity(args.args.len());
    for item in args.args {
        if !matches!(item, Value::Object(_)) {
            return cx.type_error("Iterator.concat: argument is not an object");
        }
        let m = get_method(&cx, item, Atom::SYM_ITERATOR)?;
        if m.is_undefined() {
            return cx.type_error("Iterator.concat: argument is not iterable");
        }
        items.push((m, item.clone()));
    }
    let kind = Kind::Concat {
        items,
        index: 0,
        inner: None,
    };
    Ok(new_helper(&cx, (Value::Undefined, Value::Undefined), kind))
}

// ---------------------------------------------------------------------------
// The eager methods (§27.1.4)

/// reduce (§27.1.4.8).
fn reduce(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, "reduce")?;
    let f = callback(&cx, &o, args.get(0))?;
    let it = direct(&cx, &o)?;
    let (mut acc, mut counter) = if args.args.len() < 2 {
        match step_value(&cx, &it)? {
            Some(v) => (v, 1.0),
            None => return cx.type_error("reduce of an empty iterator with no initial value"),
        }
    } else {
        (args.get(1), 0.0)
    };
    loop {
        let Some(v) = step_value(&cx, &it)? else {
            return Ok(acc);
        };
        let a = [acc, v, Value::number(counter)];
        acc = or_close(&cx, &it.0, cx.call(&f, &Value::Undefined, &a))?;
        counter += 1.0;
        or_close(&cx, &it.0, cx.poll())?;
    }
}

/// toArray (§27.1.4.12).
fn to_array(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, "toArray")?;
    let it = direct(&cx, &o)?;
    let mut items = Vec::new();
    while let Some(v) = step_value(&cx, &it)? {
        items.push(v);
        cx.check_alloc(items.len() * 16)?;
        cx.poll()?;
    }
    Ok(Value::Object(object::new_array(cx, items)))
}

/// forEach (0), some (1), every (2), find (3) (§27.1.4.5, .10, .4, .6).
fn for_each_like(cx: Cx, args: &Args) -> JsResult<Value> {
    let name = ["forEach", "some", "every", "find"][args.magic as usize];
    let o = this_obj(&cx, args, name)?;
    let f = callback(&cx, &o, args.get(0))?;
    let it = direct(&cx, &o)?;
    let mut counter = 0.0;
    loop {
        let Some(v) = step_value(&cx, &it)? else {
            return Ok(match args.magic {
                1 => Value::Bool(false),
                2 => Value::Bool(true),
                _ => Value::Undefined,
            });
        };
        let a = [v.clone(), Value::number(counter)];
        let r = or_close(&cx, &it.0, cx.call(&f, &Value::Undefined, &a))?;
        let found = match args.magic {
            1 if r.to_boolean() => Some(Value::Bool(true)),
            2 if !r.to_boolean() => Some(Value::Bool(false)),
            3 if r.to_boolean() => Some(v),
            _ => None,
        };
        if let Some(result) = found {
            iterator_close(&cx, &it.0)?;
            return Ok(result);
        }
        counter += 1.0;
        or_close(&cx, &it.0, cx.poll())?;
    }
}

/// includes (proposal-iterator-includes).
fn includes(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, "includes")?;
    let target = args.get(0);
    let skip = match args.get(1) {
        Value::Undefined => 0.0,
        v => match v.as_number() {
            Some(n) if n.is_infinite() || n.is_finite() && n.trunc() == n => n,
            _ => return fail_closing(&cx, &o, cx.type_error("skippedElements must be an integer")),
        },
    };
    if skip < 0.0 {
        return fail_closing(
            &cx,
            &o,
            cx.range_error("skippedElements must not be negative"),
        );
    }
    if skip.is_finite() && skip > 9007199254740991.0 {
        return fail_closing(&cx, &o, cx.range_error("skippedElements is too large"));
    }
    let it = direct(&cx, &o)?;
    let mut skipped = 0.0;
    loop {
        let Some(v) = step_value(&cx, &it)? else {
            return Ok(Value::Bool(false));
        };
        if skipped < skip {
            skipped += 1.0;
        } else if same_value_zero(&v, &target) {
            iterator_close(&cx, &it.0)?;
            return Ok(Value::Bool(true));
        }
        or_close(&cx, &it.0, cx.poll())?;
    }
}

/// join (proposal-iterator-join).
fn join(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_obj(&cx, args, "join")?;
    let sep = match args.get(0) {
        Value::Undefined => cx.str(","),
        v => match cx.to_string(&v) {
            Ok(s) => s,
            Err(e) => return close_throw(&cx, &Value::Object(o), e),
        },
    };
    let it = direct(&cx, &o)?;
    let mut b = crate::string::StringBuilder::new();
    let mut first = true;
    loop {
        let Some(v) = step_value(&cx, &it)? else {
            return Ok(Value::String(b.finish(cx.heap())));
        };
        if !first {
            b.push_js(&sep);
        }
        first = false;
        if !v.is_nullish() {
            let s = or_close(&cx, &it.0, cx.to_string(&v))?;
            b.push_js(&s);
        }
        if b.len() > crate::string::MAX_STRING_LEN {
            return fail_closing(&cx, &o, cx.range_error("invalid string length"));
        }
        // The buffer is not a heap cell yet: count it against the limit.
        or_close(&cx, &it.0, cx.check_alloc(b.len()))?;
        or_close(&cx, &it.0, cx.poll())?;
    }
}

/// %Iterator.prototype%[@@dispose] (the explicit resource management proposal).
fn dispose(cx: Cx, args: &Args) -> JsResult<Value> {
    let ret = get_method(&cx, &args.this, Atom::RETURN)?;
    if !ret.is_undefined() {
        cx.call(&ret, &args.this, &[])?;
    }
    Ok(Value::Undefined)
}

const PROTO_FNS: &[FnSpec] = fns! {
    "map", 1, with_callback, 0;
    "filter", 1, with_callback, 1;
    "take", 1, take_drop, 0;
    "drop", 1, take_drop, 1;
    "flatMap", 1, with_callback, 2;
    "reduce", 1, reduce;
    "toArray", 0, to_array;
    "forEach", 1, for_each_like, 0;
    "some", 1, for_each_like, 1;
    "every", 1, for_each_like, 2;
    "find", 1, for_each_like, 3;
    "includes", 1, includes;
    "chunks", 1, chunks;
    "windows", 1, windows;
    "join", 1, join;
    "@@dispose", 0, dispose;
};

pub(crate) fn init(cx: &Cx) {
    let intr = cx.intr();
    let proto = &intr.iterator_proto;
    let ctor = super::define_ctor(cx, "Iterator", 0, iterator_ctor, proto);
    let _ = cx.realm.iterator_ctor.set(ctor.clone());
    super::define_fns(
        cx,
        &ctor,
        fns! {
            "from", 1, from;
            "concat", 0, concat;
            "zip", 1, super::iterator_zip::zip, 0;
            "zipKeyed", 1, super::iterator_zip::zip, 1;
        },
    );
    super::define_fns(cx, proto, PROTO_FNS);
    // `constructor` and @@toStringTag are accessors (§27.1.4.1, §27.1.4.14).
    for (magic, key, name) in [
        (0, Atom::CONSTRUCTOR, "constructor"),
        (1, Atom::SYM_TO_STRING_TAG, "[Symbol.toStringTag]"),
    ] {
        let get = super::function::new_native(
            cx,
            cx.intern(&format!("get {name}")),
            0,
            proto_get,
            magic,
            false,
        );
        let set = super::function::new_native(
            cx,
            cx.intern(&format!("set {name}")),
            1,
            proto_set,
            magic,
            false,
        );
        let _ = object::define_own_property(
            cx,
            proto,
            key,
            PropDesc {
                get: Some(Some(get)),
                set: Some(Some(set)),
                enumerable: Some(false),
                configurable: Some(true),
                ..Default::default()
            },
        );
    }
    super::define_fns(
        cx,
        &intr.iterator_helper_proto,
        fns! {
            "next", 0, helper_next;
            "return", 0, helper_return;
        },
    );
    super::define_to_string_tag(cx, &intr.iterator_helper_proto, "Iterator Helper");
    super::define_fns(
        cx,
        &intr.wrap_for_valid_iter_proto,
        fns! {
            "next", 0, wrap_next;
            "return", 0, wrap_return;
        },
    );
}
