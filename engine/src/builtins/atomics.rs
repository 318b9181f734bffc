//! `Atomics` (ECMA-262 §25.4).
//!
//! <https://tc39.es/ecma262/#sec-atomics-object>
//!
//! A runtime is single-threaded and a SharedArrayBuffer is shared only by
//! the views of one runtime, so every operation is a plain read-modify-write
//! of the buffer. `wait` can only time out (nothing else can notify while
//! this agent is blocked); it sleeps in short slices that poll the interrupt
//! handler. `notify` resolves the promises of `waitAsync` waiters.

use super::typed_array::{Elem, Kind, validate};
use super::{define_fns, define_to_string_tag, fns};
use crate::object::{self, Args, Class, Obj};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// ValidateIntegerTypedArray (§25.4.3.1) and ValidateAtomicAccess
/// (§25.4.3.2): the typed array, its element type and the element index.
fn validate_access(
    cx: &Cx,
    ta: &Value,
    index: &Value,
    waitable: bool,
    write: bool,
) -> JsResult<(Obj, Kind, usize)> {
    let (o, kind, len) = validate(cx, ta)?;
    let ok = if waitable {
        matches!(kind, Kind::Int32 | Kind::BigInt64)
    } else {
        !matches!(
            kind,
            Kind::Float16 | Kind::Float32 | Kind::Float64 | Kind::Uint8C
        )
    };
    if !ok {
        return cx.type_error("invalid typed array type for Atomics");
    }
    if write && super::typed_array::is_immutable(&o) {
        return cx.type_error("the typed array's buffer is immutable");
    }
    let i = super::array_buffer::to_index(cx, index)?;
    if i >= len {
        return cx.range_error("index out of range");
    }
    Ok((o, kind, i))
}

/// The operand conversion: ToBigInt, or ToIntegerOrInfinity as a Number.
fn operand(cx: &Cx, kind: Kind, v: &Value) -> JsResult<Value> {
    if kind.is_bigint() {
        Ok(Value::BigInt(cx.to_bigint(v)?))
    } else {
        Ok(Value::number(cx.to_integer(v)?))
    }
}

/// The element bits of an operand (zero-extended to 64 bits).
fn bits(kind: Kind, v: &Value) -> u64 {
    let e = match v {
        Value::BigInt(b) => Elem::Big(crate::bigint::wrap_u64(b.get())),
        v => Elem::Num(v.as_number().unwrap_or(0.0)),
    };
    let mut raw = [0u8; 8];
    kind.store(&mut raw[..kind.size()], e);
    u64::from_le_bytes(raw)
}

/// RevalidateAtomicAccess (§25.4.3.4), then reads element `i` as bits and
/// replaces it with `f(old)` when that gives a value; returns the old value.
fn modify(
    cx: &Cx,
    o: &Obj,
    kind: Kind,
    i: usize,
    f: impl FnOnce(u64) -> Option<u64>,
) -> JsResult<Value> {
    let d = o.d.borrow();
    let Class::TypedArray(t) = &d.class else {
        return cx.type_error("not a typed array");
    };
    let Some(len) = t.len() else {
        return cx.type_error("typed array is detached or out of bounds");
    };
    if i >= len {
        return cx.range_error("index out of range");
    }
    let size = kind.size();
    let at = t.offset + i * size;
    let mut b = t.data.bytes.borrow_mut();
    let mut raw = [0u8; 8];
    raw[..size].copy_from_slice(&b[at..at + size]);
    let old = u64::from_le_bytes(raw);
    if let Some(new) = f(old) {
        b[at..at + size].copy_from_slice(&new.to_le_bytes()[..size]);
    }
    Ok(kind.load(cx, &raw[..size]))
}

/// add, and, exchange, or, sub, xor (magic 0-5): AtomicReadModifyWrite (§25.4.3.17).
fn rmw(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, i) = validate_access(&cx, args.arg(0), args.arg(1), false, true)?;
    let v = operand(&cx, kind, args.arg(2))?;
    let x = bits(kind, &v);
    let op = args.magic;
    modify(&cx, &o, kind, i, |old| {
        Some(match op {
            0 => old.wrapping_add(x),
            1 => old & x,
            2 => x,
            3 => old | x,
            4 => old.wrapping_sub(x),
            _ => old ^ x,
        })
    })
}

/// Atomics.compareExchange (§25.4.5).
fn compare_exchange(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, i) = validate_access(&cx, args.arg(0), args.arg(1), false, true)?;
    let expected = bits(kind, &operand(&cx, kind, args.arg(2))?);
    let replacement = bits(kind, &operand(&cx, kind, args.arg(3))?);
    let mask = if kind.size() == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * kind.size())) - 1
    };
    modify(&cx, &o, kind, i, |old| {
        (old & mask == expected & mask).then_some(replacement)
    })
}

/// Atomics.load (§25.4.9).
fn load(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, i) = validate_access(&cx, args.arg(0), args.arg(1), false, false)?;
    modify(&cx, &o, kind, i, |_| None)
}

/// Atomics.store (§25.4.11).
fn store(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, i) = validate_access(&cx, args.arg(0), args.arg(1), false, true)?;
    let v = operand(&cx, kind, args.arg(2))?;
    let x = bits(kind, &v);
    modify(&cx, &o, kind, i, |_| Some(x))?;
    Ok(v)
}

/// Atomics.isLockFree (§25.4.8).
fn is_lock_free(cx: Cx, args: &Args) -> JsResult<Value> {
    let n = cx.to_integer(args.arg(0))?;
    Ok(Value::Bool(
        matches!(n as i64, 1 | 2 | 4 | 8) && n.fract() == 0.0,
    ))
}

/// Atomics.pause (§25.4.10).
fn pause(cx: Cx, args: &Args) -> JsResult<Value> {
    let n = args.arg(0);
    if !n.is_undefined() {
        match n.as_number() {
            Some(f) if f.is_finite() && f.fract() == 0.0 => {}
            _ => return cx.type_error("Atomics.pause argument must be an integral Number"),
        }
    }
    std::hint::spin_loop();
    Ok(Value::Undefined)
}

/// The shared checks of `wait`, `waitAsync` and `notify`: a waitable view
/// over a SharedArrayBuffer (for waits).
fn is_shared(o: &Obj) -> bool {
    matches!(&o.d.borrow().class, Class::TypedArray(t) if t.data.shared)
}

/// DoWait (§25.4.3.14) up to the comparison: whether the value differs, and
/// the timeout in milliseconds.
fn wait_prologue(cx: &Cx, args: &Args) -> JsResult<(bool, f64, WaiterKey)> {
    let (o, kind, len) = validate(cx, args.arg(0))?;
    if !matches!(kind, Kind::Int32 | Kind::BigInt64) {
        return cx.type_error("invalid typed array type for Atomics.wait");
    }
    if !is_shared(&o) {
        return cx.type_error("Atomics.wait needs a SharedArrayBuffer");
    }
    let i = super::array_buffer::to_index(cx, args.arg(1))?;
    if i >= len {
        return cx.range_error("index out of range");
    }
    let v = if kind.is_bigint() {
        Value::BigInt(cx.to_bigint(args.arg(2))?)
    } else {
        Value::number(cx.to_int32(args.arg(2))? as f64)
    };
    let q = cx.to_number(args.arg(3))?;
    let t = if q.is_nan() {
        f64::INFINITY
    } else {
        q.max(0.0)
    };
    let expected = bits(kind, &v);
    let cur = modify(cx, &o, kind, i, |_| None)?;
    let key = match &o.d.borrow().class {
        Class::TypedArray(v) => Some((v.data.clone(), v.offset + i * kind.size())),
        _ => None,
    };
    Ok((bits(kind, &cur) != expected, t, key))
}

/// Atomics.wait (§25.4.13).
fn wait(cx: Cx, args: &Args) -> JsResult<Value> {
    let (differs, t, _) = wait_prologue(&cx, args)?;
    if differs {
        return Ok(Value::String(cx.str("not-equal")));
    }
    // Nothing can notify this agent while it is blocked: sleep out the time.
    let start = std::time::Instant::now();
    loop {
        let elapsed = start.elapsed().as_secs_f64() * 1000.0;
        if elapsed >= t {
            break;
        }
        let slice = (t - elapsed).min(10.0);
        std::thread::sleep(std::time::Duration::from_secs_f64(slice / 1000.0));
        cx.poll()?;
    }
    Ok(Value::String(cx.str("timed-out")))
}

/// Atomics.waitAsync (§25.4.14): a wait that would block gets a promise
/// that `Atomics.notify` resolves with "ok" (no timer settles it).
fn wait_async(cx: Cx, args: &Args) -> JsResult<Value> {
    let (differs, t, key) = wait_prologue(&cx, args)?;
    let r = object::new_plain(cx);
    let value = if differs || t == 0.0 {
        object::define_data(
            &cx,
            &r,
            cx.intern("async"),
            Value::Bool(false),
            flags::DEFAULT,
        );
        Value::String(cx.str(if differs { "not-equal" } else { "timed-out" }))
    } else {
        object::define_data(
            &cx,
            &r,
            cx.intern("async"),
            Value::Bool(true),
            flags::DEFAULT,
        );
        let (promise, resolve, _) = super::promise::new_pending(&cx);
        if let Some((data, at)) = key {
            data.waiters.borrow_mut().push((at, resolve));
        }
        promise
    };
    object::define_data(&cx, &r, crate::atom::Atom::VALUE, value, flags::DEFAULT);
    Ok(Value::Object(r))
}

/// The buffer data and byte index a wait refers to.
type WaiterKey = Option<(std::rc::Rc<super::array_buffer::BufferData>, usize)>;

/// Atomics.notify (§25.4.15): resolves up to `count` async waiters on the
/// same location, oldest first.
fn notify(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, i) = validate_access(&cx, args.arg(0), args.arg(1), true, false)?;
    let count = if args.arg(2).is_undefined() {
        f64::INFINITY
    } else {
        cx.to_integer(args.arg(2))?.max(0.0)
    };
    let (data, at) = match &o.d.borrow().class {
        Class::TypedArray(t) => (t.data.clone(), t.offset + i * kind.size()),
        _ => return Ok(Value::Int(0)),
    };
    if !data.shared {
        return Ok(Value::Int(0));
    }
    let mut woken = Vec::new();
    {
        let mut w = data.waiters.borrow_mut();
        let mut k = 0;
        while k < w.len() && (woken.len() as f64) < count {
            if w[k].0 == at {
                woken.push(w.remove(k).1);
            } else {
                k += 1;
            }
        }
    }
    let n = woken.len();
    let ok = Value::String(cx.str("ok"));
    for resolve in woken {
        cx.call(&resolve, &Value::Undefined, std::slice::from_ref(&ok))?;
    }
    Ok(Value::number(n as f64))
}

pub(crate) fn init(cx: &Cx) {
    let atomics = object::new_plain(*cx);
    define_fns(
        cx,
        &atomics,
        fns![
            "add", 3, rmw, 0;
            "and", 3, rmw, 1;
            "compareExchange", 4, compare_exchange;
            "exchange", 3, rmw, 2;
            "isLockFree", 1, is_lock_free;
            "load", 2, load;
            "notify", 3, notify;
            "or", 3, rmw, 3;
            "pause", 0, pause;
            "store", 3, store;
            "sub", 3, rmw, 4;
            "wait", 4, wait;
            "waitAsync", 4, wait_async;
            "xor", 3, rmw, 5;
        ],
    );
    define_to_string_tag(cx, &atomics, "Atomics");
    object::define_data(
        cx,
        &cx.realm.global,
        cx.intern("Atomics"),
        Value::Object(atomics),
        flags::HIDDEN,
    );
}
