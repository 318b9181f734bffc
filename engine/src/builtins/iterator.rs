//! Iterators over arrays and strings: `%IteratorPrototype%` (§27.1.2),
//! Array Iterator objects (§23.1.5) with `Array.prototype.keys/values/entries`,
//! and String Iterator objects (§22.1.5).
//!
//! <https://tc39.es/ecma262/#sec-%arrayiteratorprototype%-object>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::array::is_hole;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// CreateIterResultObject (§7.4.14).
pub(crate) fn iter_result(cx: &Cx, value: Value, done: bool) -> Value {
    let o = object::new_plain(*cx);
    object::define_data(cx, &o, Atom::VALUE, value, flags::DEFAULT);
    object::define_data(cx, &o, Atom::DONE, Value::Bool(done), flags::DEFAULT);
    Value::Object(o)
}

/// keys (magic 0), values (1), entries (2): CreateArrayIterator (§23.1.5.1).
fn array_iterator(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let it = new_object(
        cx,
        Some(cx.intr().array_iter_proto.clone()),
        Class::ArrayIter(Box::new((Some(o), 0, args.magic as u8))),
    );
    Ok(Value::Object(it))
}

/// %ArrayIteratorPrototype%.next (§23.1.5.2.1).
fn array_iter_next(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(it) = &args.this else {
        return cx.type_error("next called on a non-iterator");
    };
    match array_iter_step(&cx, it)? {
        Some((value, done)) => Ok(iter_result(&cx, value, done)),
        None => cx.type_error("next called on a non-iterator"),
    }
}

/// Whether `f` is an `%ArrayIteratorPrototype%.next` function (of any realm).
pub(crate) fn is_array_iter_next(f: &Obj) -> bool {
    matches!(&f.d.borrow().class,
        Class::Native(n) if std::ptr::fn_addr_eq(n.f, array_iter_next as object::NativeFn))
}

/// The common step of a values iteration over a fast array, for a loop
/// whose `next` is %ArrayIteratorPrototype%.next: the present element at
/// the iterator's index (which then advances), or `None` for every other
/// case (end, hole, other kinds of array or iterator), which
/// [`array_iter_step`] handles. Reads and writes nothing else, so it is
/// exactly that step without the result object.
#[inline]
pub(crate) fn array_iter_fast(it: &Value, next: &Value) -> Option<Value> {
    let (Value::Object(io), Value::Object(f)) = (it, next) else {
        return None;
    };
    if !is_array_iter_next(f) {
        return None;
    }
    let mut d = io.d.try_borrow_mut().ok()?;
    let Class::ArrayIter(s) = &mut d.class else {
        return None;
    };
    if s.2 != 1 {
        return None;
    }
    let v = {
        let a = s.0.as_ref()?.d.try_borrow().ok()?;
        let Class::Array(a) = &a.class else {
            return None;
        };
        if !a.fast {
            return None;
        }
        let v = a.elems.get(s.1 as usize)?;
        if is_hole(v) {
            return None;
        }
        v.clone()
    };
    s.1 += 1;
    Some(v)
}

/// The steps of %ArrayIteratorPrototype%.next (§23.1.5.2.1) without the
/// result object: `(value, done)`, or `None` when `it` is not an Array
/// Iterator. Iteration loops whose `next` is that built-in call this
/// directly, which no script can tell apart from calling it and reading
/// `done` and `value` from the fresh result.
pub(crate) fn array_iter_step(cx: &Cx, it: &Obj) -> JsResult<Option<(Value, bool)>> {
    let (obj, index, kind) = match &it.d.borrow().class {
        Class::ArrayIter(s) => (s.0.clone(), s.1, s.2),
        _ => return Ok(None),
    };
    let Some(obj) = obj else {
        return Ok(Some((Value::Undefined, true)));
    };
    // A present element of a fast array or an in-bounds typed array
    // element is read directly.
    let mut direct = None;
    let len = match &obj.d.borrow().class {
        Class::Array(a) => {
            if kind == 1
                && a.fast
                && let Some(v) = a.elems.get(index as usize)
                && !is_hole(v)
            {
                direct = Some(v.clone());
            }
            Some(a.len as f64)
        }
        // §23.1.5.2.1 step: a typed array's length, or a TypeError once it
        // is detached or out of bounds.
        Class::TypedArray(t) => {
            let len = t.len();
            if kind == 1
                && let Some(n) = len
                && (index as usize) < n
            {
                direct = t.get(cx, index as usize);
            }
            Some(len.map_or(-1.0, |n| n as f64))
        }
        _ => None,
    };
    if len == Some(-1.0) {
        return cx.type_error("typed array is detached or out of bounds");
    }
    let len = match len {
        Some(l) => l,
        None => cx.to_length(&object::get_prop(cx, &obj, Atom::LENGTH)?)?,
    };
    if index as f64 >= len {
        if let Class::ArrayIter(s) = &mut it.d.borrow_mut().class {
            s.0 = None;
        }
        return Ok(Some((Value::Undefined, true)));
    }
    if let Class::ArrayIter(s) = &mut it.d.borrow_mut().class {
        s.1 = index + 1;
    }
    if let Some(v) = direct {
        return Ok(Some((v, false)));
    }
    let key = Value::Int(index as i32);
    let value = match kind {
        0 => key,
        _ => {
            let v = match Atom::from_index(index) {
                Some(a) => object::get_prop(cx, &obj, a)?,
                None => Value::Undefined,
            };
            if kind == 1 {
                v
            } else {
                Value::Object(object::new_array(*cx, vec![key, v]))
            }
        }
    };
    Ok(Some((value, false)))
}

/// String.prototype[@@iterator] (§22.1.3.36).
fn string_iterator(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.this.is_nullish() {
        return cx.type_error("String.prototype[Symbol.iterator] called on null or undefined");
    }
    let s = cx.to_string(&args.this)?;
    let it = new_object(
        cx,
        Some(cx.intr().string_iter_proto.clone()),
        Class::StringIter(Box::new((Some(s), 0))),
    );
    Ok(Value::Object(it))
}

/// %StringIteratorPrototype%.next (§22.1.5.1.1): one code point at a time.
fn string_iter_next(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(it) = &args.this else {
        return cx.type_error("next called on a non-iterator");
    };
    let mut d = it.d.borrow_mut();
    let Class::StringIter(state) = &mut d.class else {
        drop(d);
        return cx.type_error("next called on a non-iterator");
    };
    let Some(s) = state.0.clone() else {
        drop(d);
        return Ok(iter_result(&cx, Value::Undefined, true));
    };
    let u = s.units();
    if state.1 >= u.len() {
        state.0 = None;
        drop(d);
        return Ok(iter_result(&cx, Value::Undefined, true));
    }
    let (_, n) = super::string::code_point_at(&u, state.1);
    let piece = crate::string::JsString::from_units(cx.heap(), u.slice(state.1, state.1 + n));
    state.1 += n;
    drop(d);
    Ok(iter_result(&cx, Value::String(piece), false))
}

/// %IteratorPrototype%[@@iterator] (§27.1.2.1): returns `this`.
fn iterator_self(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(args.this.clone())
}

const ARRAY_FNS: &[FnSpec] = fns! {
    "keys", 0, array_iterator, 0;
    "values", 0, array_iterator, 1;
    "entries", 0, array_iterator, 2;
};

pub(crate) fn init(cx: &Cx) {
    let intr = cx.intr();
    super::define_fns(
        cx,
        &intr.iterator_proto,
        fns! { "@@iterator", 0, iterator_self; },
    );
    super::define_fns(cx, &intr.array_proto, ARRAY_FNS);
    if let Ok(values) = object::get_prop(cx, &intr.array_proto, cx.intern("values")) {
        if let Value::Object(f) = &values {
            let _ = cx.realm.array_values.set(f.clone());
        }
        object::define_data(
            cx,
            &intr.array_proto,
            Atom::SYM_ITERATOR,
            values,
            flags::HIDDEN,
        );
    }
    super::define_fns(
        cx,
        &intr.array_iter_proto,
        fns! { "next", 0, array_iter_next; },
    );
    super::define_to_string_tag(cx, &intr.array_iter_proto, "Array Iterator");
    super::define_fns(
        cx,
        &intr.string_proto,
        fns! { "@@iterator", 0, string_iterator; },
    );
    super::define_fns(
        cx,
        &intr.string_iter_proto,
        fns! { "next", 0, string_iter_next; },
    );
    super::define_to_string_tag(cx, &intr.string_iter_proto, "String Iterator");
}
