//! `Atomics` (ECMA-262 §25.4).
//!
//! <https://tc39.es/ecma262/#sec-atomics-object>
//!
//! A SharedArrayBuffer's bytes are a shared block that runtimes on other
//! threads may hold too ([`super::shared_memory`]): every operation here
//! runs under the block's lock, which makes it atomic. `wait` blocks the
//! thread on the block's waiter list (polling the interrupt handler);
//! `waitAsync` waiters belong to their runtime, which settles their
//! promises when it polls them; `notify` wakes waiters of every agent.

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::shared_memory::{SharedBlock, WaitEnd};
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

/// DoWait (§25.4.3.14) up to the critical section: the shared block, the
/// byte index and size of the element, the expected value's bits and the
/// timeout in milliseconds.
fn wait_prologue(cx: &Cx, args: &Args) -> JsResult<(Arc<SharedBlock>, usize, usize, u64, f64)> {
    let (o, kind, len) = validate(cx, args.arg(0))?;
    if !matches!(kind, Kind::Int32 | Kind::BigInt64) {
        return cx.type_error("invalid typed array type for Atomics.wait");
    }
    let view = match &o.d.borrow().class {
        Class::TypedArray(t) => t.data.bytes.block().map(|b| (b.clone(), t.offset)),
        _ => None,
    };
    let Some((block, offset)) = view else {
        return cx.type_error("Atomics.wait needs a SharedArrayBuffer");
    };
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
    let size = kind.size();
    Ok((block, offset + i * size, size, bits(kind, &v), t))
}

/// Whether the element of `size` bytes at `at` holds `expected`.
fn holds(bytes: &[u8], at: usize, size: usize, expected: u64) -> bool {
    let mut raw = [0u8; 8];
    match bytes.get(at..at + size) {
        Some(b) => raw[..size].copy_from_slice(b),
        None => return false,
    }
    u64::from_le_bytes(raw) == expected
}

/// A timeout in milliseconds as a duration (`None`: forever).
fn duration(t: f64) -> Option<Duration> {
    (t.is_finite() && t < 1e15).then(|| Duration::from_secs_f64(t / 1000.0))
}

/// Atomics.wait (§25.4.13): blocks this thread until another agent's
/// `notify` or the timeout, polling the interrupt handler meanwhile.
fn wait(cx: Cx, args: &Args) -> JsResult<Value> {
    let (block, at, size, expected, t) = wait_prologue(&cx, args)?;
    let Some(id) = block.enqueue_if(at, |b| holds(b, at, size, expected)) else {
        return Ok(Value::String(cx.str("not-equal")));
    };
    let mut stopped = None;
    let end = block.block_on(id, duration(t), || match cx.poll_now() {
        Ok(()) => true,
        Err(e) => {
            stopped = Some(e);
            false
        }
    });
    Ok(Value::String(cx.str(match end {
        WaitEnd::Ok => "ok",
        WaitEnd::TimedOut => "timed-out",
        WaitEnd::Interrupted => return Err(stopped.unwrap_or(Value::Undefined)),
    })))
}

/// An `Atomics.waitAsync` waiter of this runtime: its record in a shared
/// block, the function resolving its promise (held by the runtime until
/// then), the realm it resolves in, and when it times out.
pub(crate) struct AsyncWaiter {
    block: Arc<SharedBlock>,
    id: u64,
    resolve: Value,
    realm: u32,
    deadline: Option<Instant>,
}

/// Atomics.waitAsync (§25.4.14): a wait that would block gets a promise,
/// settled with "ok" by a `notify` from any agent or with "timed-out" when
/// the runtime is polled after the timeout ([`poll_async_waiters`]).
fn wait_async(cx: Cx, args: &Args) -> JsResult<Value> {
    let (block, at, size, expected, t) = wait_prologue(&cx, args)?;
    let r = object::new_plain(cx);
    let (is_async, value) = if t == 0.0 {
        let equal = holds(&block.bytes_snapshot(at, size), 0, size, expected);
        let s = if equal { "timed-out" } else { "not-equal" };
        (false, Value::String(cx.str(s)))
    } else if let Some(id) = block.enqueue_if(at, |b| holds(b, at, size, expected)) {
        let (promise, resolve, _) = super::promise::new_pending(&cx);
        cx.rt.async_waiters.borrow_mut().push(AsyncWaiter {
            block,
            id,
            resolve,
            realm: cx.realm.index,
            deadline: duration(t).and_then(|d| Instant::now().checked_add(d)),
        });
        (true, promise)
    } else {
        (false, Value::String(cx.str("not-equal")))
    };
    object::define_data(
        &cx,
        &r,
        cx.intern("async"),
        Value::Bool(is_async),
        flags::DEFAULT,
    );
    object::define_data(&cx, &r, crate::atom::Atom::VALUE, value, flags::DEFAULT);
    Ok(Value::Object(r))
}

/// Settles the promises of this runtime's `waitAsync` waiters that were
/// notified (by any agent) or whose timeout has passed. The embedding API
/// calls it before each job; hosts with waiters left poll again later
/// ([`crate::Runtime::pending_async_waiters`]).
pub(crate) fn poll_async_waiters(rt: &crate::runtime::Rt) -> JsResult<()> {
    if rt.async_waiters.borrow().is_empty() {
        return Ok(());
    }
    let now = Instant::now();
    let mut settled = Vec::new();
    rt.async_waiters.borrow_mut().retain(|w| {
        let end = match w.block.check(w.id) {
            Some(end) => end,
            None if w.deadline.is_some_and(|d| now >= d) => w.block.cancel(w.id),
            None => return true,
        };
        settled.push((w.resolve.clone(), w.realm, end));
        false
    });
    for (resolve, realm, end) in settled {
        let realm = rt.realm(realm);
        let cx = Cx { rt, realm: &realm };
        let s = Value::String(cx.str(if end == WaitEnd::Ok {
            "ok"
        } else {
            "timed-out"
        }));
        cx.call(&resolve, &Value::Undefined, std::slice::from_ref(&s))?;
    }
    Ok(())
}

/// Atomics.notify (§25.4.15): wakes up to `count` waiters of any agent on
/// the same location, oldest first; this runtime's async waiters settle at
/// once.
fn notify(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, i) = validate_access(&cx, args.arg(0), args.arg(1), true, false)?;
    let count = if args.arg(2).is_undefined() {
        f64::INFINITY
    } else {
        cx.to_integer(args.arg(2))?.max(0.0)
    };
    let target = match &o.d.borrow().class {
        Class::TypedArray(t) => t
            .data
            .bytes
            .block()
            .map(|b| (b.clone(), t.offset + i * kind.size())),
        _ => None,
    };
    let Some((block, at)) = target else {
        return Ok(Value::Int(0));
    };
    let n = block.notify(at, count);
    poll_async_waiters(cx.rt)?;
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
