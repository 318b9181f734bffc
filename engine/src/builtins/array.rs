//! `Array` and `Array.prototype` (ECMA-262 §23.1).
//!
//! <https://tc39.es/ecma262/#sec-array-objects>
//!
//! The methods are generic (they work on any array-like `this`); fast
//! arrays take shortcuts where the result cannot be observed to differ.

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::array::is_hole;
use crate::object::{self, Args, Class, Obj};
use crate::runtime::{Cx, JsResult};
use crate::string::StringBuilder;
use crate::value::Value;

/// The largest array index plus one (2^53 - 1 for generic lengths).
const MAX_SAFE: f64 = 9007199254740991.0;

fn key(cx: &Cx, i: f64) -> Atom {
    if i < 2147483648.0 {
        Atom::from_index(i as u32).unwrap_or(Atom::EMPTY)
    } else {
        cx.intern(&crate::value::number_to_string(i))
    }
}

/// Whether the holes of array `d` behave as absent elements that moving
/// code may simply carry along: nothing on the prototype chain answers for
/// an index and the array may gain properties (filling a hole defines one).
fn holes_read_undefined(cx: &Cx, d: &object::ObjectData) -> bool {
    d.extensible && !crate::ops::protos_have_indices(cx, d.proto.as_ref())
}

fn len_of(cx: &Cx, o: &Obj) -> JsResult<f64> {
    if let Class::Array(a) = &o.d.borrow().class {
        return Ok(a.len as f64);
    }
    let v = object::get_prop(cx, o, Atom::LENGTH)?;
    cx.to_length(&v)
}

fn get_i(cx: &Cx, o: &Obj, i: f64) -> JsResult<Value> {
    object::get_prop(cx, o, key(cx, i))
}

fn has_i(cx: &Cx, o: &Obj, i: f64) -> JsResult<bool> {
    object::has_property(cx, o, key(cx, i))
}

/// HasProperty(O, k) then, when present, Get(O, k): the element of a
/// fast array is read directly (an own data element answers both, so
/// nothing else could observe the lookup); holes and other objects take
/// the generic path.
#[inline]
fn get_present_i(cx: &Cx, o: &Obj, i: f64) -> JsResult<Option<Value>> {
    if let Ok(d) = o.d.try_borrow()
        && let Class::Array(a) = &d.class
        && a.fast
        && let Some(v) = a.elems.get(i as usize)
        && !is_hole(v)
    {
        return Ok(Some(v.clone()));
    }
    if has_i(cx, o, i)? {
        return get_i(cx, o, i).map(Some);
    }
    Ok(None)
}

fn set_i(cx: &Cx, o: &Obj, i: f64, v: Value) -> JsResult<()> {
    object::put(cx, o, key(cx, i), v, true)
}

fn delete_i(cx: &Cx, o: &Obj, i: f64) -> JsResult<()> {
    if !object::delete_property(cx, o, key(cx, i))? {
        return cx.type_error("cannot delete array element");
    }
    Ok(())
}

fn set_len(cx: &Cx, o: &Obj, n: f64) -> JsResult<()> {
    object::put(cx, o, Atom::LENGTH, Value::number(n), true)
}

fn callback(cx: &Cx, args: &Args) -> JsResult<Value> {
    let f = args.get(0);
    if !f.is_callable() {
        return cx.type_error("callback is not a function");
    }
    Ok(f)
}

/// The Array constructor (§23.1.1.1).
fn array_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let proto =
        crate::ops::proto_from_ctor(&cx, args.new_target.as_ref(), |r| &r.intr.array_proto)?;
    let a = object::new_array(cx, Vec::new());
    a.d.borrow_mut().proto = Some(proto);
    if args.len() == 1 {
        match args.arg(0) {
            Value::Int(_) | Value::Float(_) => {
                let n = args.arg(0).as_number().unwrap_or(0.0);
                if !(0.0..=4294967295.0).contains(&n) || n.fract() != 0.0 {
                    return cx.range_error("Invalid array length");
                }
                set_len(&cx, &a, n)?;
            }
            v => {
                crate::ops::append_elem(&cx, &a, v.clone())?;
            }
        }
    } else {
        for v in args.args {
            crate::ops::append_elem(&cx, &a, v.clone())?;
        }
    }
    Ok(Value::Object(a))
}

/// Array.isArray (§23.1.2.2).
fn is_array(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(match args.arg(0) {
        Value::Object(o) => object::is_array(&cx, o)?,
        _ => false,
    }))
}

/// `this` when it is a constructor (Array.from / Array.of create their
/// result through it), else `None` for a plain array.
fn this_ctor(args: &Args) -> Option<Value> {
    match &args.this {
        Value::Object(o) if object::is_constructor(o) => Some(args.this.clone()),
        _ => None,
    }
}

/// Construct(C, args) that must produce an object.
fn construct_obj(cx: &Cx, c: &Value, args: &[Value]) -> JsResult<Obj> {
    match cx.construct(c, args, None)? {
        Value::Object(o) => Ok(o),
        _ => cx.type_error("constructor returned a non-object"),
    }
}

/// CreateDataPropertyOrThrow (§7.3.7) at an index.
fn create_i(cx: &Cx, o: &Obj, i: f64, v: Value) -> JsResult<()> {
    if !object::create_data_property(cx, o, key(cx, i), v)? {
        return cx.type_error("cannot define array element");
    }
    Ok(())
}

/// Array.of (§23.1.2.3).
fn of(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(c) = this_ctor(args) else {
        return Ok(Value::Object(object::new_array(cx, args.args.to_vec())));
    };
    let len = args.len() as f64;
    let a = construct_obj(&cx, &c, &[Value::number(len)])?;
    for (k, v) in args.args.iter().enumerate() {
        create_i(&cx, &a, k as f64, v.clone())?;
    }
    set_len(&cx, &a, len)?;
    Ok(Value::Object(a))
}

/// Array.from (§23.1.2.1): through the iterator protocol when the source
/// has `@@iterator`, else as an array-like.
fn from(cx: Cx, args: &Args) -> JsResult<Value> {
    let c = this_ctor(args);
    let items = args.get(0);
    // Steps 2-3.
    let map = args.get(1);
    if !map.is_undefined() && !map.is_callable() {
        return cx.type_error("Array.from: mapper is not a function");
    }
    let this_arg = args.get(2);
    let mapped = |k: f64, v: Value| -> JsResult<Value> {
        if map.is_undefined() {
            Ok(v)
        } else {
            cx.call(&map, &this_arg, &[v, Value::number(k)])
        }
    };
    // Steps 4-5: iterables.
    if items.is_nullish() {
        return cx.type_error("Array.from: source is null or undefined");
    }
    let using = object::get_value(&cx, &items, Atom::SYM_ITERATOR)?;
    if !using.is_nullish() {
        if !using.is_callable() {
            return cx.type_error("Array.from: @@iterator is not a function");
        }
        let a = match &c {
            Some(c) => construct_obj(&cx, c, &[])?,
            None => object::new_array(cx, Vec::new()),
        };
        let it = cx.call(&using, &items, &[])?;
        if !matches!(it, Value::Object(_)) {
            return cx.type_error("iterator is not an object");
        }
        let next = object::get_value(&cx, &it, Atom::NEXT)?;
        let mut k = 0.0;
        loop {
            let (v, done) = crate::ops::iterator_step(&cx, &it, &next)?;
            if done {
                set_len(&cx, &a, k)?;
                return Ok(Value::Object(a));
            }
            // Steps 5.e.ii-vii: an error after a value was produced closes
            // the iterator (the original error wins over the closing one).
            let step = (|| {
                if k >= MAX_SAFE {
                    return cx.type_error("Array.from: too many elements");
                }
                let v = mapped(k, v)?;
                create_i(&cx, &a, k, v)
            })();
            if let Err(e) = step {
                let _ = crate::ops::iterator_close(&cx, &it);
                return Err(e);
            }
            k += 1.0;
            cx.poll()?;
        }
    }
    // Steps 6-13: array-likes.
    let src = cx.to_object(&items)?;
    let len = len_of(&cx, &src)?;
    let a = match &c {
        Some(c) => construct_obj(&cx, c, &[Value::number(len)])?,
        None => {
            if len > 4294967295.0 {
                return cx.range_error("Invalid array length");
            }
            object::new_array(cx, Vec::new())
        }
    };
    let mut k = 0.0;
    while k < len {
        let v = get_i(&cx, &src, k)?;
        let v = mapped(k, v)?;
        create_i(&cx, &a, k, v)?;
        k += 1.0;
        cx.poll()?;
    }
    set_len(&cx, &a, len)?;
    Ok(Value::Object(a))
}

/// ArraySpeciesCreate (§10.4.2.3).
fn species_create(cx: &Cx, orig: &Obj, len: f64) -> JsResult<Obj> {
    // Steps 3-4.
    if object::is_array(cx, orig)? {
        // Step 5.
        let mut c = object::get_prop(cx, orig, Atom::CONSTRUCTOR)?;
        // Step 6: another realm's %Array% counts as undefined.
        if let Value::Object(co) = &c
            && object::is_constructor(co)
        {
            let realm_c = object::function_realm(cx, co)?;
            if realm_c != cx.realm.index
                && let Some(ac) = cx.rt.realm(realm_c).array_ctor.get()
                && Obj::ptr_eq(co, ac)
            {
                c = Value::Undefined;
            }
        }
        // Step 7.
        if let Value::Object(co) = &c {
            c = object::get_prop(cx, co, Atom::SYM_SPECIES)?;
            if c.is_null() {
                c = Value::Undefined;
            }
        }
        // Steps 8-10.
        if !c.is_undefined() {
            if !matches!(&c, Value::Object(co) if object::is_constructor(co)) {
                return cx.type_error("species is not a constructor");
            }
            return construct_obj(cx, &c, &[Value::number(len)]);
        }
    }
    if len > 4294967295.0 {
        return cx.range_error("Invalid array length");
    }
    let a = object::new_array(*cx, Vec::new());
    if len > 0.0 {
        set_len(cx, &a, len)?;
    }
    Ok(a)
}

impl Value {
    fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

fn push(cx: Cx, args: &Args) -> JsResult<Value> {
    // A fast array appends in place when [[Set]] of each new index would
    // create an own data property.
    if let Value::Object(o) = &args.this
        && let Ok(mut d) = o.d.try_borrow_mut()
        && matches!(&d.class, Class::Array(a) if a.fast && a.length_writable)
        && d.extensible
        && !crate::ops::protos_have_indices(&cx, d.proto.as_ref())
        && let Class::Array(a) = &mut d.class
    {
        let cap = a.elems.capacity();
        a.elems.extend_from_slice(args.args);
        a.len = a.elems.len() as u32;
        let n = a.len;
        if a.elems.capacity() != cap {
            d.account(cx.heap());
        }
        return Ok(Value::number(n as f64));
    }
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    if len + args.len() as f64 > MAX_SAFE {
        return cx.type_error("array length too large");
    }
    for (i, v) in args.args.iter().enumerate() {
        set_i(&cx, &o, len + i as f64, v.clone())?;
    }
    let n = len + args.len() as f64;
    set_len(&cx, &o, n)?;
    Ok(Value::number(n))
}

fn pop(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    {
        let mut d = o.d.borrow_mut();
        // A hole at the end reads through the prototype chain: the generic
        // steps below, unless no prototype has an index.
        let d = &mut *d;
        if let Class::Array(a) = &mut d.class
            && a.fast
            && a.length_writable
            && (!a.elems.last().is_some_and(is_hole)
                || !crate::ops::protos_have_indices(&cx, d.proto.as_ref()))
        {
            let mut v = a.elems.pop().unwrap_or(Value::Undefined);
            if is_hole(&v) {
                v = Value::Undefined;
            }
            a.len = a.elems.len() as u32;
            return Ok(v);
        }
    }
    let len = len_of(&cx, &o)?;
    if len == 0.0 {
        set_len(&cx, &o, 0.0)?;
        return Ok(Value::Undefined);
    }
    let v = get_i(&cx, &o, len - 1.0)?;
    delete_i(&cx, &o, len - 1.0)?;
    set_len(&cx, &o, len - 1.0)?;
    Ok(v)
}

fn shift(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    {
        let mut d = o.d.borrow_mut();
        let holes_ok = holes_read_undefined(&cx, &d);
        if let Class::Array(a) = &mut d.class
            && a.fast
            && a.length_writable
            && !a.elems.is_empty()
            && (holes_ok || !a.elems.iter().any(is_hole))
        {
            let mut v = a.elems.remove(0);
            if is_hole(&v) {
                v = Value::Undefined;
            }
            a.len = a.elems.len() as u32;
            return Ok(v);
        }
    }
    let len = len_of(&cx, &o)?;
    if len == 0.0 {
        set_len(&cx, &o, 0.0)?;
        return Ok(Value::Undefined);
    }
    let first = get_i(&cx, &o, 0.0)?;
    let mut k = 1.0;
    while k < len {
        if has_i(&cx, &o, k)? {
            let v = get_i(&cx, &o, k)?;
            set_i(&cx, &o, k - 1.0, v)?;
        } else {
            delete_i(&cx, &o, k - 1.0)?;
        }
        k += 1.0;
        cx.poll()?;
    }
    delete_i(&cx, &o, len - 1.0)?;
    set_len(&cx, &o, len - 1.0)?;
    Ok(first)
}

fn unshift(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let n = args.len() as f64;
    if n > 0.0 {
        if len + n > MAX_SAFE {
            return cx.type_error("array length too large");
        }
        let mut k = len;
        while k > 0.0 {
            if has_i(&cx, &o, k - 1.0)? {
                let v = get_i(&cx, &o, k - 1.0)?;
                set_i(&cx, &o, k + n - 1.0, v)?;
            } else {
                delete_i(&cx, &o, k + n - 1.0)?;
            }
            k -= 1.0;
            cx.poll()?;
        }
        for (j, v) in args.args.iter().enumerate() {
            set_i(&cx, &o, j as f64, v.clone())?;
        }
    }
    set_len(&cx, &o, len + n)?;
    Ok(Value::number(len + n))
}

fn rel(cx: &Cx, v: &Value, len: f64, default: f64) -> JsResult<f64> {
    let n = if v.is_undefined() {
        default
    } else {
        cx.to_integer(v)?
    };
    Ok(if n < 0.0 {
        (len + n).max(0.0)
    } else {
        n.min(len)
    })
}

fn slice(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let k = rel(&cx, args.arg(0), len, 0.0)?;
    let fin = rel(&cx, args.arg(1), len, len)?;
    let count = (fin - k).max(0.0);
    let a = species_create(&cx, &o, count)?;
    if copy_fast_elems(&cx, &o, &a, k, fin) {
        return Ok(Value::Object(a));
    }
    let mut n = 0.0;
    let mut i = k;
    while i < fin {
        if has_i(&cx, &o, i)? {
            let v = get_i(&cx, &o, i)?;
            create_i(&cx, &a, n, v)?;
        }
        i += 1.0;
        n += 1.0;
        cx.poll()?;
    }
    set_len(&cx, &a, n)?;
    Ok(Value::Object(a))
}

/// The copy loop of `slice` (§23.1.3.28 steps 14-15) when it cannot be
/// observed: `src` is a fast array holding `from..to`, whose holes read as
/// absent (nothing on its prototype chain answers for an index), and `dst`
/// is a fresh extensible fast array of `to - from` holes with a writable
/// length, on which each CreateDataProperty would define a plain element
/// and the final Set of `length` changes nothing. Returns whether it copied.
fn copy_fast_elems(cx: &Cx, src: &Obj, dst: &Obj, from: f64, to: f64) -> bool {
    if Obj::ptr_eq(src, dst) || from >= to {
        return false;
    }
    let (from, to) = (from as usize, to as usize);
    let Ok(s) = src.d.try_borrow() else {
        return false;
    };
    let Class::Array(sa) = &s.class else {
        return false;
    };
    if !sa.fast || to > sa.elems.len() {
        return false;
    }
    let part = &sa.elems[from..to];
    if part.iter().any(is_hole) && crate::ops::protos_have_indices(cx, s.proto.as_ref()) {
        return false;
    }
    let Ok(mut d) = dst.d.try_borrow_mut() else {
        return false;
    };
    let extensible = d.extensible;
    let Class::Array(da) = &mut d.class else {
        return false;
    };
    if !da.fast
        || !extensible
        || !da.length_writable
        || da.elems.len() != to - from
        || !da.elems.iter().all(is_hole)
    {
        return false;
    }
    da.elems.clone_from_slice(part);
    true
}

fn splice(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let start = rel(&cx, args.arg(0), len, 0.0)?;
    let del = match args.len() {
        0 => 0.0,
        1 => len - start,
        _ => cx.to_integer(args.arg(1))?.clamp(0.0, len - start),
    };
    let items: Vec<Value> = args.args.iter().skip(2).cloned().collect();
    let ins = items.len() as f64;
    if len + ins - del > MAX_SAFE {
        return cx.type_error("array length too large");
    }
    let removed = species_create(&cx, &o, del)?;
    let mut k = 0.0;
    while k < del {
        if has_i(&cx, &o, start + k)? {
            let v = get_i(&cx, &o, start + k)?;
            create_i(&cx, &removed, k, v)?;
        }
        k += 1.0;
    }
    set_len(&cx, &removed, del)?;
    if ins < del {
        let mut k = start;
        while k < len - del {
            if has_i(&cx, &o, k + del)? {
                let v = get_i(&cx, &o, k + del)?;
                set_i(&cx, &o, k + ins, v)?;
            } else {
                delete_i(&cx, &o, k + ins)?;
            }
            k += 1.0;
            cx.poll()?;
        }
        let mut k = len;
        while k > len - del + ins {
            delete_i(&cx, &o, k - 1.0)?;
            k -= 1.0;
        }
    } else if ins > del {
        let mut k = len - del;
        while k > start {
            if has_i(&cx, &o, k + del - 1.0)? {
                let v = get_i(&cx, &o, k + del - 1.0)?;
                set_i(&cx, &o, k + ins - 1.0, v)?;
            } else {
                delete_i(&cx, &o, k + ins - 1.0)?;
            }
            k -= 1.0;
            cx.poll()?;
        }
    }
    for (j, v) in items.into_iter().enumerate() {
        set_i(&cx, &o, start + j as f64, v)?;
    }
    set_len(&cx, &o, len - del + ins)?;
    Ok(Value::Object(removed))
}

fn is_concat_spreadable(cx: &Cx, v: &Value) -> JsResult<bool> {
    let Value::Object(o) = v else {
        return Ok(false);
    };
    let s = object::get_prop(cx, o, Atom::SYM_IS_CONCAT_SPREADABLE)?;
    if !s.is_undefined() {
        return Ok(s.to_boolean());
    }
    object::is_array(cx, o)
}

fn concat(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let a = species_create(&cx, &o, 0.0)?;
    let mut n = 0.0;
    let this = Value::Object(o);
    for item in std::iter::once(&this).chain(args.args.iter()) {
        if is_concat_spreadable(&cx, item)? {
            let Value::Object(e) = item else { continue };
            let len = len_of(&cx, e)?;
            if n + len > MAX_SAFE {
                return cx.type_error("array length too large");
            }
            let mut k = 0.0;
            while k < len {
                if has_i(&cx, e, k)? {
                    let v = get_i(&cx, e, k)?;
                    create_i(&cx, &a, n, v)?;
                }
                n += 1.0;
                k += 1.0;
                cx.poll()?;
            }
        } else {
            create_i(&cx, &a, n, item.clone())?;
            n += 1.0;
        }
    }
    set_len(&cx, &a, n)?;
    Ok(Value::Object(a))
}

/// Array.prototype.join (§23.1.3.18), with cycle protection.
fn join(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    // Step 2: the length is read before the separator is converted.
    let len = len_of(&cx, &o)?;
    let sep = if args.arg(0).is_undefined() {
        cx.str(",")
    } else {
        cx.to_string(args.arg(0))?
    };
    join_impl(&cx, &o, &sep, len)
}

thread_local! {
    /// Arrays being joined, to print cycles as empty strings.
    static JOINING: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn join_impl(cx: &Cx, o: &Obj, sep: &crate::string::JsString, len: f64) -> JsResult<Value> {
    let id = o.addr();
    if JOINING.with(|j| j.borrow().contains(&id)) {
        return Ok(Value::String(cx.rt.atom_string(Atom::EMPTY)));
    }
    cx.check_stack()?;
    JOINING.with(|j| j.borrow_mut().push(id));
    let r = (|| {
        let mut b = StringBuilder::new();
        let mut i = 0.0;
        while i < len {
            if i > 0.0 {
                b.push_js(sep);
            }
            let v = get_i(cx, o, i)?;
            if !v.is_nullish() {
                b.push_js(&cx.to_string(&v)?);
            }
            if b.len() > crate::string::MAX_STRING_LEN {
                return cx.range_error("invalid string length");
            }
            // The buffer is not a heap cell yet: count it against the limit.
            cx.check_alloc(b.len())?;
            i += 1.0;
            cx.poll()?;
        }
        Ok(Value::String(b.finish(cx.heap())))
    })();
    JOINING.with(|j| j.borrow_mut().pop());
    r
}

fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let f = object::get_prop(&cx, &o, Atom::JOIN)?;
    if f.is_callable() {
        return cx.call(&f, &Value::Object(o), &[]);
    }
    super::object::object_to_string(
        cx,
        &Args {
            this: Value::Object(o),
            args: &[],
            new_target: None,
            callee: args.callee.clone(),
            magic: 0,
        },
    )
}

fn to_locale_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let mut b = StringBuilder::new();
    let mut i = 0.0;
    while i < len {
        if i > 0.0 {
            b.push(b',' as u16);
        }
        let v = get_i(&cx, &o, i)?;
        if !v.is_nullish() {
            let f = object::get_value(&cx, &v, Atom::TO_LOCALE_STRING)?;
            let s = cx.call(&f, &v, &[])?;
            b.push_js(&cx.to_string(&s)?);
        }
        i += 1.0;
    }
    Ok(Value::String(b.finish(cx.heap())))
}

fn reverse(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    {
        let mut d = o.d.borrow_mut();
        let holes_ok = holes_read_undefined(&cx, &d);
        if let Class::Array(a) = &mut d.class
            && a.fast
            && (holes_ok || !a.elems.iter().any(is_hole))
        {
            a.elems.reverse();
            drop(d);
            return Ok(Value::Object(o));
        }
    }
    let len = len_of(&cx, &o)?;
    let mut lower = 0.0;
    let half = (len / 2.0).floor();
    while lower < half {
        let upper = len - lower - 1.0;
        // Steps 7.d-i: each HasProperty is followed by its Get.
        let le = has_i(&cx, &o, lower)?;
        let lv = if le {
            get_i(&cx, &o, lower)?
        } else {
            Value::Undefined
        };
        let ue = has_i(&cx, &o, upper)?;
        let uv = if ue {
            get_i(&cx, &o, upper)?
        } else {
            Value::Undefined
        };
        match (le, ue) {
            (true, true) => {
                set_i(&cx, &o, lower, uv)?;
                set_i(&cx, &o, upper, lv)?;
            }
            (false, true) => {
                set_i(&cx, &o, lower, uv)?;
                delete_i(&cx, &o, upper)?;
            }
            (true, false) => {
                delete_i(&cx, &o, lower)?;
                set_i(&cx, &o, upper, lv)?;
            }
            (false, false) => {}
        }
        lower += 1.0;
        cx.poll()?;
    }
    Ok(Value::Object(o))
}

/// indexOf (magic 0), lastIndexOf (1), includes (2).
fn index_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let target = args.arg(0);
    if len == 0.0 {
        return Ok(if args.magic == 2 {
            Value::Bool(false)
        } else {
            Value::Int(-1)
        });
    }
    if args.magic == 1 {
        let mut k = if args.len() > 1 {
            let n = cx.to_integer(args.arg(1))?;
            if n < 0.0 { len + n } else { n.min(len - 1.0) }
        } else {
            len - 1.0
        };
        while k >= 0.0 {
            if has_i(&cx, &o, k)? && crate::value::strict_equals(&get_i(&cx, &o, k)?, target) {
                return Ok(Value::number(k));
            }
            k -= 1.0;
        }
        return Ok(Value::Int(-1));
    }
    let n = cx.to_integer(args.arg(1))?;
    let mut k = if n < 0.0 { (len + n).max(0.0) } else { n };
    while k < len {
        if args.magic == 2 {
            if crate::value::same_value_zero(&get_i(&cx, &o, k)?, target) {
                return Ok(Value::Bool(true));
            }
        } else if has_i(&cx, &o, k)? && crate::value::strict_equals(&get_i(&cx, &o, k)?, target) {
            return Ok(Value::number(k));
        }
        k += 1.0;
        cx.poll()?;
    }
    Ok(if args.magic == 2 {
        Value::Bool(false)
    } else {
        Value::Int(-1)
    })
}

/// every (0), some (1), forEach (2), map (3), filter (4).
fn iterate(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let f = callback(&cx, args)?;
    let this_arg = args.get(1);
    let out = match args.magic {
        3 => Some(species_create(&cx, &o, len)?),
        4 => Some(species_create(&cx, &o, 0.0)?),
        _ => None,
    };
    let ov = Value::Object(o.clone());
    let mut to = 0.0;
    let mut k = 0.0;
    while k < len {
        if let Some(v) = get_present_i(&cx, &o, k)? {
            let arg = if args.magic == 4 {
                v.clone()
            } else {
                Value::Undefined
            };
            let r = cx.call_owned(&f, &this_arg, [v, Value::number(k), ov.clone()])?;
            match args.magic {
                0 if !r.to_boolean() => return Ok(Value::Bool(false)),
                1 if r.to_boolean() => return Ok(Value::Bool(true)),
                3 => {
                    if let Some(a) = &out {
                        create_i(&cx, a, k, r)?;
                    }
                }
                4 if r.to_boolean() => {
                    if let Some(a) = &out {
                        create_i(&cx, a, to, arg)?;
                        to += 1.0;
                    }
                }
                _ => {}
            }
        }
        k += 1.0;
    }
    Ok(match args.magic {
        0 => Value::Bool(true),
        1 => Value::Bool(false),
        2 => Value::Undefined,
        _ => out.map(Value::Object).unwrap_or(Value::Undefined),
    })
}

/// reduce (magic 0) and reduceRight (1).
fn reduce(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let f = callback(&cx, args)?;
    let right = args.magic == 1;
    let mut k: f64 = if right { len - 1.0 } else { 0.0 };
    let step = if right { -1.0 } else { 1.0 };
    let in_range = |k: f64| if right { k >= 0.0 } else { k < len };
    let mut acc = if args.len() >= 2 {
        args.get(1)
    } else {
        loop {
            if !in_range(k) {
                return cx.type_error("reduce of empty array with no initial value");
            }
            if let Some(v) = get_present_i(&cx, &o, k)? {
                k += step;
                break v;
            }
            k += step;
        }
    };
    let ov = Value::Object(o.clone());
    while in_range(k) {
        if let Some(v) = get_present_i(&cx, &o, k)? {
            acc = cx.call_owned(
                &f,
                &Value::Undefined,
                [acc, v, Value::number(k), ov.clone()],
            )?;
        }
        k += step;
    }
    Ok(acc)
}

/// find (0), findIndex (1), findLast (2), findLastIndex (3).
fn find(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let f = callback(&cx, args)?;
    let ov = Value::Object(o.clone());
    let last = args.magic >= 2;
    let mut k = if last { len - 1.0 } else { 0.0 };
    while if last { k >= 0.0 } else { k < len } {
        let v = get_i(&cx, &o, k)?;
        if cx
            .call(&f, args.arg(1), &[v.clone(), Value::number(k), ov.clone()])?
            .to_boolean()
        {
            return Ok(if args.magic % 2 == 0 {
                v
            } else {
                Value::number(k)
            });
        }
        k += if last { -1.0 } else { 1.0 };
    }
    Ok(if args.magic % 2 == 0 {
        Value::Undefined
    } else {
        Value::Int(-1)
    })
}

fn fill(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let mut k = rel(&cx, args.arg(1), len, 0.0)?;
    let fin = rel(&cx, args.arg(2), len, len)?;
    while k < fin {
        set_i(&cx, &o, k, args.get(0))?;
        k += 1.0;
        cx.poll()?;
    }
    Ok(Value::Object(o))
}

/// SortCompare (§23.1.3.30.2).
fn sort_compare(cx: &Cx, cmp: &Value, x: &Value, y: &Value) -> JsResult<bool> {
    // Returns whether y < x (so a stable merge keeps x first otherwise).
    if x.is_undefined() {
        return Ok(!y.is_undefined());
    }
    if y.is_undefined() {
        return Ok(false);
    }
    if !cmp.is_undefined() {
        let r = cx.call(cmp, &Value::Undefined, &[x.clone(), y.clone()])?;
        let n = cx.to_number(&r)?;
        return Ok(n > 0.0);
    }
    if let (Value::Int(a), Value::Int(b)) = (x, y) {
        // Compare as strings without allocating when both are non-negative and of equal length.
        if *a >= 0 && *b >= 0 {
            return Ok(a.to_string() > b.to_string());
        }
    }
    let xs = cx.to_string(x)?;
    let ys = cx.to_string(y)?;
    Ok(ys.units().cmp_units(&xs.units()).is_lt())
}

/// The default sort order (SortCompare without a comparator) of values
/// whose ToString runs no script: each converted once, a stable sort by
/// code units, undefined last.
fn sort_primitives(cx: &Cx, items: &mut Vec<Value>) -> JsResult<()> {
    let mut undefined = 0;
    let mut keyed = Vec::with_capacity(items.len());
    for v in items.drain(..) {
        if v.is_undefined() {
            undefined += 1;
        } else {
            keyed.push((cx.to_string(&v)?, v));
        }
    }
    keyed.sort_by(|a, b| a.0.units().cmp_units(&b.0.units()));
    items.extend(keyed.into_iter().map(|(_, v)| v));
    items.extend(std::iter::repeat_n(Value::Undefined, undefined));
    Ok(())
}

/// A stable merge sort whose comparison may throw.
fn merge_sort(cx: &Cx, v: &mut Vec<Value>, cmp: &Value) -> JsResult<()> {
    let n = v.len();
    let mut buf: Vec<Value> = v.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut a, mut b, mut k) = (i, mid, i);
            while a < mid && b < hi {
                if sort_compare(cx, cmp, &v[a], &v[b])? {
                    buf[k] = v[b].clone();
                    b += 1;
                } else {
                    buf[k] = v[a].clone();
                    a += 1;
                }
                k += 1;
            }
            while a < mid {
                buf[k] = v[a].clone();
                a += 1;
                k += 1;
            }
            while b < hi {
                buf[k] = v[b].clone();
                b += 1;
                k += 1;
            }
            i += 2 * width;
        }
        std::mem::swap(v, &mut buf);
        width *= 2;
        cx.poll()?;
    }
    Ok(())
}

fn sort(cx: Cx, args: &Args) -> JsResult<Value> {
    let cmp = args.get(0);
    if !cmp.is_undefined() && !cmp.is_callable() {
        return cx.type_error("comparator must be a function");
    }
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    // A fast array without holes has exactly its elements as own data
    // properties: reading them runs no script.
    let mut items = match object::fast_array_elems(&o) {
        Some(v) if v.len() as f64 == len => v,
        _ => {
            let mut items = Vec::new();
            let mut k = 0.0;
            while k < len {
                if has_i(&cx, &o, k)? {
                    items.push(get_i(&cx, &o, k)?);
                }
                k += 1.0;
                cx.poll()?;
            }
            items
        }
    };
    let count = items.len() as f64;
    if cmp.is_undefined()
        && items
            .iter()
            .all(|v| !matches!(v, Value::Object(_) | Value::Symbol(_)))
    {
        sort_primitives(&cx, &mut items)?;
    } else {
        merge_sort(&cx, &mut items, &cmp)?;
    }
    for (i, v) in items.into_iter().enumerate() {
        set_i(&cx, &o, i as f64, v)?;
    }
    let mut k = count;
    while k < len {
        delete_i(&cx, &o, k)?;
        k += 1.0;
    }
    Ok(Value::Object(o))
}

fn at(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let n = cx.to_integer(args.arg(0))?;
    let k = if n < 0.0 { len + n } else { n };
    if k < 0.0 || k >= len {
        return Ok(Value::Undefined);
    }
    get_i(&cx, &o, k)
}

/// Array.prototype.copyWithin (§23.1.3.4).
fn copy_within(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let mut to = rel(&cx, args.arg(0), len, 0.0)?;
    let mut from = rel(&cx, args.arg(1), len, 0.0)?;
    let fin = rel(&cx, args.arg(2), len, len)?;
    let mut count = (fin - from).min(len - to);
    let mut dir = 1.0;
    if from < to && to < from + count {
        dir = -1.0;
        from += count - 1.0;
        to += count - 1.0;
    }
    while count > 0.0 {
        if has_i(&cx, &o, from)? {
            let v = get_i(&cx, &o, from)?;
            set_i(&cx, &o, to, v)?;
        } else {
            delete_i(&cx, &o, to)?;
        }
        from += dir;
        to += dir;
        count -= 1.0;
        cx.poll()?;
    }
    Ok(Value::Object(o))
}

/// FlattenIntoArray (§23.1.3.13.1): appends the elements of `src` (mapped
/// through `mapper` when given) to `target` from index `start`, flattening
/// arrays `depth` levels deep. Returns the next target index.
fn flatten_into(
    cx: &Cx,
    target: &Obj,
    src: &Obj,
    src_len: f64,
    start: f64,
    depth: f64,
    mapper: Option<(&Value, &Value)>,
) -> JsResult<f64> {
    cx.check_stack()?;
    let mut ti = start;
    let mut si = 0.0;
    let srcv = Value::Object(src.clone());
    while si < src_len {
        if has_i(cx, src, si)? {
            let mut e = get_i(cx, src, si)?;
            if let Some((f, this_arg)) = mapper {
                e = cx.call(f, this_arg, &[e, Value::number(si), srcv.clone()])?;
            }
            let flatten = match &e {
                Value::Object(eo) if depth > 0.0 => object::is_array(cx, eo)?,
                _ => false,
            };
            if let (true, Value::Object(eo)) = (flatten, &e) {
                let n = len_of(cx, eo)?;
                ti = flatten_into(cx, target, eo, n, ti, depth - 1.0, None)?;
            } else {
                if ti >= MAX_SAFE {
                    return cx.type_error("array length too large");
                }
                create_i(cx, target, ti, e)?;
                ti += 1.0;
            }
        }
        si += 1.0;
        cx.poll()?;
    }
    Ok(ti)
}

/// Array.prototype.flat (§23.1.3.13).
fn flat(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let depth = if args.arg(0).is_undefined() {
        1.0
    } else {
        cx.to_integer(args.arg(0))?.max(0.0)
    };
    let a = species_create(&cx, &o, 0.0)?;
    flatten_into(&cx, &a, &o, len, 0.0, depth, None)?;
    Ok(Value::Object(a))
}

/// Array.prototype.flatMap (§23.1.3.14).
fn flat_map(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let f = callback(&cx, args)?;
    let a = species_create(&cx, &o, 0.0)?;
    flatten_into(&cx, &a, &o, len, 0.0, 1.0, Some((&f, args.arg(1))))?;
    Ok(Value::Object(a))
}

/// The elements of a fresh array built by the copying methods
/// (`toReversed`, `toSorted`, `toSpliced`, `with`): the array is not
/// reachable from script until it is returned, so it is built as a vector
/// whose growth is charged against the memory limit as it goes.
struct Copy {
    elems: Vec<Value>,
}

impl Copy {
    /// ArrayCreate(len) (§10.4.2.2): a RangeError past 2^32 - 1.
    fn new(cx: &Cx, len: f64) -> JsResult<Copy> {
        if len > 4294967295.0 {
            return cx.range_error("Invalid array length");
        }
        Ok(Copy {
            elems: Vec::with_capacity((len as usize).min(1 << 16)),
        })
    }

    fn push(&mut self, cx: &Cx, v: Value) -> JsResult<()> {
        if self.elems.len() == self.elems.capacity() {
            cx.check_alloc(self.elems.len() * std::mem::size_of::<Value>())?;
        }
        self.elems.push(v);
        if self.elems.len().is_multiple_of(4096) {
            cx.poll()?;
        }
        Ok(())
    }

    fn finish(self, cx: &Cx) -> Value {
        Value::Object(object::new_array(*cx, self.elems))
    }
}

/// Array.prototype.toReversed (§23.1.3.33).
fn to_reversed(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let mut a = Copy::new(&cx, len)?;
    let mut k = 0.0;
    while k < len {
        a.push(&cx, get_i(&cx, &o, len - k - 1.0)?)?;
        k += 1.0;
    }
    Ok(a.finish(&cx))
}

/// Array.prototype.toSorted (§23.1.3.34).
fn to_sorted(cx: Cx, args: &Args) -> JsResult<Value> {
    let cmp = args.get(0);
    if !cmp.is_undefined() && !cmp.is_callable() {
        return cx.type_error("comparator must be a function");
    }
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let mut a = Copy::new(&cx, len)?;
    // SortIndexedProperties with holes read through: every index is read.
    let mut k = 0.0;
    while k < len {
        a.push(&cx, get_i(&cx, &o, k)?)?;
        k += 1.0;
    }
    if cmp.is_undefined()
        && a.elems
            .iter()
            .all(|v| !matches!(v, Value::Object(_) | Value::Symbol(_)))
    {
        sort_primitives(&cx, &mut a.elems)?;
    } else {
        merge_sort(&cx, &mut a.elems, &cmp)?;
    }
    Ok(a.finish(&cx))
}

/// Array.prototype.toSpliced (§23.1.3.35).
fn to_spliced(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let start = rel(&cx, args.arg(0), len, 0.0)?;
    let items = args.args.get(2..).unwrap_or(&[]);
    let skip = match args.len() {
        0 => 0.0,
        1 => len - start,
        _ => cx.to_integer(args.arg(1))?.clamp(0.0, len - start),
    };
    let new_len = len + items.len() as f64 - skip;
    if new_len > MAX_SAFE {
        return cx.type_error("array length too large");
    }
    let mut a = Copy::new(&cx, new_len)?;
    let mut i = 0.0;
    while i < start {
        a.push(&cx, get_i(&cx, &o, i)?)?;
        i += 1.0;
    }
    for v in items {
        a.push(&cx, v.clone())?;
    }
    let mut r = start + skip;
    while r < len {
        a.push(&cx, get_i(&cx, &o, r)?)?;
        r += 1.0;
    }
    Ok(a.finish(&cx))
}

/// Array.prototype.with (§23.1.3.39).
fn with(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let len = len_of(&cx, &o)?;
    let rel = cx.to_integer(args.arg(0))?;
    let index = if rel >= 0.0 { rel } else { len + rel };
    if index >= len || index < 0.0 {
        return cx.range_error("Array.prototype.with: index out of range");
    }
    let mut a = Copy::new(&cx, len)?;
    let mut k = 0.0;
    while k < len {
        let v = if k == index {
            args.get(1)
        } else {
            get_i(&cx, &o, k)?
        };
        a.push(&cx, v)?;
        k += 1.0;
    }
    Ok(a.finish(&cx))
}

/// Array.prototype[@@unscopables] (§23.1.3.41): a null-prototype object
/// naming the methods added after `with` statements were common.
fn define_unscopables(cx: &Cx, proto: &Obj) {
    let u = object::new_object(*cx, None, Class::Object);
    for name in [
        "at",
        "copyWithin",
        "entries",
        "fill",
        "find",
        "findIndex",
        "findLast",
        "findLastIndex",
        "flat",
        "flatMap",
        "includes",
        "keys",
        "toReversed",
        "toSorted",
        "toSpliced",
        "values",
    ] {
        object::define_data(
            cx,
            &u,
            cx.intern(name),
            Value::Bool(true),
            crate::shape::flags::DEFAULT,
        );
    }
    object::define_data(
        cx,
        proto,
        Atom::SYM_UNSCOPABLES,
        Value::Object(u),
        crate::shape::flags::CONFIGURABLE,
    );
}

const CTOR_FNS: &[FnSpec] = fns! {
    "isArray", 1, is_array;
    "of", 0, of;
    "from", 1, from;
    "fromAsync", 1, from_async::from_async;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "push", 1, push;
    "pop", 0, pop;
    "shift", 0, shift;
    "unshift", 1, unshift;
    "slice", 2, slice;
    "splice", 2, splice;
    "concat", 1, concat;
    "join", 1, join;
    "toString", 0, to_string;
    "toLocaleString", 0, to_locale_string;
    "reverse", 0, reverse;
    "indexOf", 1, index_of, 0;
    "lastIndexOf", 1, index_of, 1;
    "includes", 1, index_of, 2;
    "every", 1, iterate, 0;
    "some", 1, iterate, 1;
    "forEach", 1, iterate, 2;
    "map", 1, iterate, 3;
    "filter", 1, iterate, 4;
    "reduce", 1, reduce, 0;
    "reduceRight", 1, reduce, 1;
    "find", 1, find, 0;
    "findIndex", 1, find, 1;
    "findLast", 1, find, 2;
    "findLastIndex", 1, find, 3;
    "fill", 1, fill;
    "sort", 1, sort;
    "at", 1, at;
    "copyWithin", 2, copy_within;
    "flat", 0, flat;
    "flatMap", 1, flat_map;
    "toReversed", 0, to_reversed;
    "toSorted", 1, to_sorted;
    "toSpliced", 2, to_spliced;
    "with", 2, with;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().array_proto;
    let ctor = super::define_ctor(cx, "Array", 1, array_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    define_unscopables(cx, proto);
    super::define_species(cx, &ctor);
    let _ = cx.realm.array_ctor.set(ctor);
}

/// Array.fromAsync (proposal, §2.1.1.1 of the Array.fromAsync spec text):
/// the async closure runs as a state machine kept in the slots of an
/// internal native function (`st`), resumed from promise reactions after
/// each await.
///
/// <https://tc39.es/proposal-array-from-async/>
mod from_async {
    use super::{MAX_SAFE, construct_obj, create_i, get_i, len_of, set_len};
    use crate::atom::Atom;
    use crate::builtins::promise;
    use crate::object::{self, Args, Class, Obj};
    use crate::runtime::{Cx, JsResult};
    use crate::value::Value;

    // State slots.
    const C: usize = 0;
    const A: usize = 1;
    const ITER: usize = 2;
    const NEXT: usize = 3;
    const MAPFN: usize = 4;
    const THIS_ARG: usize = 5;
    const K: usize = 6;
    const LEN: usize = 7;
    const RESOLVE: usize = 8;
    const REJECT: usize = 9;
    const PHASE: usize = 10;
    const ERROR: usize = 11;
    const SLOTS: usize = 12;

    // Phases: what the last await was for.
    const START: i32 = 0;
    const NEXT_RESULT: i32 = 1;
    const ITER_MAPPED: i32 = 2;
    const LIKE_VALUE: i32 = 3;
    const LIKE_MAPPED: i32 = 4;
    const CLOSING: i32 = 5;

    enum Next {
        Await(Value, i32),
        Done(Value),
    }

    fn slot(st: &Obj, i: usize) -> Value {
        match &st.d.borrow().class {
            Class::Native(n) => n
                .extra
                .as_ref()
                .and_then(|x| x.data.get(i).cloned())
                .unwrap_or(Value::Undefined),
            _ => Value::Undefined,
        }
    }

    fn set_slot(st: &Obj, i: usize, v: Value) {
        if let Class::Native(n) = &mut st.d.borrow_mut().class
            && let Some(s) = n.extra.as_mut().and_then(|x| x.data.get_mut(i))
        {
            *s = v;
        }
    }

    fn num(v: &Value) -> f64 {
        match v {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            _ => 0.0,
        }
    }

    fn state_holder(_cx: Cx, _args: &Args) -> JsResult<Value> {
        Ok(Value::Undefined)
    }

    pub(super) fn from_async(cx: Cx, args: &Args) -> JsResult<Value> {
        let (p, resolve, reject) = promise::new_pending(&cx);
        let mut data = vec![Value::Undefined; SLOTS];
        data[C] = args.this.clone();
        data[A] = args.get(0);
        data[MAPFN] = args.get(1);
        data[THIS_ARG] = args.get(2);
        data[RESOLVE] = resolve;
        data[REJECT] = reject;
        data[PHASE] = Value::Int(START);
        let st = promise::closure(&cx, state_holder, 0, data);
        drive(&cx, &st, Ok(Value::Undefined));
        Ok(p)
    }

    /// Runs the closure from its current phase with the outcome of the
    /// last await until it awaits again or completes.
    fn drive(cx: &Cx, st: &Obj, input: Result<Value, Value>) {
        let mut input = input;
        loop {
            let phase = match slot(st, PHASE) {
                Value::Int(p) => p,
                _ => START,
            };
            match step(cx, st, phase, input) {
                Ok(Next::Await(v, next_phase)) => {
                    set_slot(st, PHASE, Value::Int(next_phase));
                    match promise::resolve_intrinsic(cx, v) {
                        Ok(p) => {
                            let s = Value::Object(st.clone());
                            let ok = promise::closure(
                                cx,
                                settled,
                                1,
                                vec![s.clone(), Value::Bool(false)],
                            );
                            let err = promise::closure(cx, settled, 1, vec![s, Value::Bool(true)]);
                            promise::then_internal(cx, &p, Value::Object(ok), Value::Object(err));
                            return;
                        }
                        Err(e) => input = Err(e),
                    }
                }
                Ok(Next::Done(a)) => {
                    let _ = cx.call(&slot(st, RESOLVE), &Value::Undefined, &[a]);
                    return;
                }
                Err(e) => {
                    if !cx.rt.interrupted.get() {
                        let _ = cx.call(&slot(st, REJECT), &Value::Undefined, &[e]);
                    }
                    return;
                }
            }
        }
    }

    /// A reaction: [st, is_rejection].
    fn settled(cx: Cx, args: &Args) -> JsResult<Value> {
        if let Value::Object(st) = promise::captured(args, 0) {
            let v = args.get(0);
            let input = if promise::captured(args, 1).to_boolean() {
                Err(v)
            } else {
                Ok(v)
            };
            drive(&cx, &st, input);
        }
        Ok(Value::Undefined)
    }

    fn step(cx: &Cx, st: &Obj, phase: i32, input: Result<Value, Value>) -> JsResult<Next> {
        let a = || match slot(st, A) {
            Value::Object(o) => o,
            _ => cx.realm.global.clone(),
        };
        let mapfn = slot(st, MAPFN);
        let k = num(&slot(st, K));
        match phase {
            START => start(cx, st),
            NEXT_RESULT => {
                let r = input?;
                let Value::Object(ro) = &r else {
                    return cx.type_error("iterator result is not an object");
                };
                if object::get_prop(cx, ro, Atom::DONE)?.to_boolean() {
                    let a = a();
                    set_len(cx, &a, k)?;
                    return Ok(Next::Done(Value::Object(a)));
                }
                let v = object::get_prop(cx, ro, Atom::VALUE)?;
                if mapfn.is_undefined() {
                    return define_iter(cx, st, v);
                }
                match cx.call(&mapfn, &slot(st, THIS_ARG), &[v, Value::number(k)]) {
                    Ok(m) => Ok(Next::Await(m, ITER_MAPPED)),
                    Err(e) => close(cx, st, e),
                }
            }
            ITER_MAPPED => match input {
                Ok(v) => define_iter(cx, st, v),
                Err(e) => close(cx, st, e),
            },
            LIKE_VALUE => {
                let v = input?;
                if mapfn.is_undefined() {
                    return define_like(cx, st, v);
                }
                let m = cx.call(&mapfn, &slot(st, THIS_ARG), &[v, Value::number(k)])?;
                Ok(Next::Await(m, LIKE_MAPPED))
            }
            LIKE_MAPPED => define_like(cx, st, input?),
            _ => Err(slot(st, ERROR)),
        }
    }

    /// Steps 3.a-i up to the first await.
    fn start(cx: &Cx, st: &Obj) -> JsResult<Next> {
        let items = slot(st, A);
        let mapfn = slot(st, MAPFN);
        if !mapfn.is_undefined() && !mapfn.is_callable() {
            return cx.type_error("Array.fromAsync: mapper is not a function");
        }
        let c = slot(st, C);
        let is_ctor = matches!(&c, Value::Object(o) if object::is_constructor(o));
        let using_async = crate::interp::get_method(cx, &items, Atom::SYM_ASYNC_ITERATOR)?;
        let using_sync = if using_async.is_undefined() {
            crate::interp::get_method(cx, &items, Atom::SYM_ITERATOR)?
        } else {
            Value::Undefined
        };
        if !using_async.is_undefined() || !using_sync.is_undefined() {
            let a = if is_ctor {
                construct_obj(cx, &c, &[])?
            } else {
                object::new_array(*cx, Vec::new())
            };
            let method = if using_async.is_undefined() {
                &using_sync
            } else {
                &using_async
            };
            let it = cx.call(method, &items, &[])?;
            if !matches!(it, Value::Object(_)) {
                return cx.type_error("iterator is not an object");
            }
            let next = object::get_value(cx, &it, Atom::NEXT)?;
            let (it, next) = if using_async.is_undefined() {
                crate::builtins::async_iterator::from_sync(cx, it, next)
            } else {
                (it, next)
            };
            set_slot(st, A, Value::Object(a));
            set_slot(st, ITER, it);
            set_slot(st, NEXT, next);
            set_slot(st, K, Value::Int(0));
            return iter_step(cx, st);
        }
        let src = cx.to_object(&items)?;
        let len = len_of(cx, &src)?;
        let a = if is_ctor {
            construct_obj(cx, &c, &[Value::number(len)])?
        } else {
            if len > 4294967295.0 {
                return cx.range_error("Invalid array length");
            }
            object::new_array(*cx, Vec::new())
        };
        set_slot(st, A, Value::Object(a));
        set_slot(st, ITER, Value::Object(src));
        set_slot(st, LEN, Value::number(len));
        set_slot(st, K, Value::Int(0));
        like_step(cx, st)
    }

    /// Step 3.h.iv.1-4: the next iterator result.
    fn iter_step(cx: &Cx, st: &Obj) -> JsResult<Next> {
        cx.poll()?;
        if num(&slot(st, K)) >= MAX_SAFE {
            let e = match cx.type_error::<Value>("Array.fromAsync: too many elements") {
                Err(e) | Ok(e) => e,
            };
            return close(cx, st, e);
        }
        let r = cx.call(&slot(st, NEXT), &slot(st, ITER), &[])?;
        Ok(Next::Await(r, NEXT_RESULT))
    }

    /// Steps 3.h.iv.10-12.
    fn define_iter(cx: &Cx, st: &Obj, v: Value) -> JsResult<Next> {
        let k = num(&slot(st, K));
        let Value::Object(a) = slot(st, A) else {
            return cx.type_error("Array.fromAsync: no target");
        };
        if let Err(e) = create_i(cx, &a, k, v) {
            return close(cx, st, e);
        }
        set_slot(st, K, Value::number(k + 1.0));
        iter_step(cx, st)
    }

    /// Step 3.i.iv: the next element of an array-like.
    fn like_step(cx: &Cx, st: &Obj) -> JsResult<Next> {
        cx.poll()?;
        let k = num(&slot(st, K));
        let len = num(&slot(st, LEN));
        let Value::Object(a) = slot(st, A) else {
            return cx.type_error("Array.fromAsync: no target");
        };
        if k >= len {
            set_len(cx, &a, len)?;
            return Ok(Next::Done(Value::Object(a)));
        }
        let Value::Object(src) = slot(st, ITER) else {
            return cx.type_error("Array.fromAsync: no source");
        };
        let v = get_i(cx, &src, k)?;
        Ok(Next::Await(v, LIKE_VALUE))
    }

    fn define_like(cx: &Cx, st: &Obj, v: Value) -> JsResult<Next> {
        let k = num(&slot(st, K));
        let Value::Object(a) = slot(st, A) else {
            return cx.type_error("Array.fromAsync: no target");
        };
        create_i(cx, &a, k, v)?;
        set_slot(st, K, Value::number(k + 1.0));
        like_step(cx, st)
    }

    /// AsyncIteratorClose (§7.4.13) with a throw completion `e`: calls
    /// `return()`, awaits its result, then rejects with `e`.
    fn close(cx: &Cx, st: &Obj, e: Value) -> JsResult<Next> {
        let it = slot(st, ITER);
        let ret = match crate::interp::get_method(cx, &it, cx.intern("return")) {
            Ok(r) if !r.is_undefined() => r,
            _ => return Err(e),
        };
        match cx.call(&ret, &it, &[]) {
            Ok(r) => {
                set_slot(st, ERROR, e);
                Ok(Next::Await(r, CLOSING))
            }
            Err(_) => Err(e),
        }
    }
}
