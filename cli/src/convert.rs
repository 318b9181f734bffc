//! Small conversions between host function arguments and Rust values.

use engine::{Context, JsError, JsObject, JsValue};

/// What a host function returns: a value, or a thrown value.
pub type HostResult = Result<JsValue, JsValue>;

/// Argument `i`, `undefined` when missing.
pub fn arg(args: &[JsValue], i: usize) -> JsValue {
    args.get(i).cloned().unwrap_or_else(JsValue::undefined)
}

/// The thrown value of an engine error.
pub fn thrown(e: JsError) -> JsValue {
    e.value
}

/// A new error to throw: `kind` is a constructor name (`"TypeError"`, ...).
pub fn error(ctx: &Context, kind: &str, msg: &str) -> JsValue {
    ctx.new_error(kind, msg)
}

/// ToNumber for the values the host modules take: numbers, booleans,
/// BigInts, numeric strings; anything else is NaN.
pub fn number(v: &JsValue) -> f64 {
    if let Some(n) = v.as_f64() {
        return n;
    }
    if let Some(b) = v.as_bool() {
        return if b { 1.0 } else { 0.0 };
    }
    if v.is_null() {
        return 0.0;
    }
    if let Some(i) = v.as_bigint_i64() {
        return i as f64;
    }
    if let Some(s) = v.as_string() {
        let t = s.trim();
        return if t.is_empty() {
            0.0
        } else {
            t.parse().unwrap_or(f64::NAN)
        };
    }
    f64::NAN
}

/// Argument `i` as an integer (NaN and missing give 0, as C's ToInt does).
pub fn int(args: &[JsValue], i: usize) -> i64 {
    let n = number(&arg(args, i));
    if n.is_nan() { 0 } else { n as i64 }
}

/// Argument `i` as an integer, `default` when missing or undefined.
pub fn int_or(args: &[JsValue], i: usize, default: i64) -> i64 {
    match args.get(i) {
        Some(v) if !v.is_undefined() => {
            let n = number(v);
            if n.is_nan() { 0 } else { n as i64 }
        }
        _ => default,
    }
}

/// Argument `i` converted with `String(v)`.
pub fn string(ctx: &Context, args: &[JsValue], i: usize) -> Result<String, JsValue> {
    ctx.to_string(&arg(args, i)).map_err(thrown)
}

/// JavaScript truthiness of the values options hold.
pub fn truthy(v: &JsValue) -> bool {
    if let Some(b) = v.as_bool() {
        return b;
    }
    if let Some(n) = v.as_f64() {
        return n != 0.0 && !n.is_nan();
    }
    if let Some(s) = v.as_string() {
        return !s.is_empty();
    }
    !(v.is_undefined() || v.is_null())
}

/// Whether `v` is callable.
pub fn is_function(v: &JsValue) -> bool {
    v.type_of() == "function"
}

/// `obj[key] = value`, ignoring failures (for building fresh objects).
pub fn set(ctx: &Context, obj: &JsObject, key: &str, value: impl Into<JsValue>) {
    let _ = obj.set(ctx, key, &value.into());
}

/// Defines method `name` on `obj`.
pub fn method(
    ctx: &Context,
    obj: &JsObject,
    name: &str,
    length: u32,
    f: impl Fn(&Context, &JsValue, &[JsValue]) -> HostResult + 'static,
) {
    let func = ctx.new_function(name, length, f);
    set(ctx, obj, name, func);
}

/// An integer as a JavaScript number.
pub fn num(n: impl Into<f64>) -> JsValue {
    JsValue::from(n.into())
}

/// The elements of an array-like object (`length` then indexed reads).
pub fn array_items(ctx: &Context, v: &JsValue) -> Result<Vec<JsValue>, JsValue> {
    let Some(o) = v.as_object() else {
        return Err(error(ctx, "TypeError", "not an array"));
    };
    let len = number(&o.get(ctx, "length").map_err(thrown)?);
    let len = if len.is_nan() { 0 } else { len as usize };
    let mut out = Vec::with_capacity(len.min(1024));
    for i in 0..len {
        out.push(o.get(ctx, i.to_string()).map_err(thrown)?);
    }
    Ok(out)
}

/// A JavaScript array of strings.
pub fn string_array(ctx: &Context, items: &[String]) -> JsValue {
    let vals: Vec<JsValue> = items.iter().map(|s| ctx.new_string(s)).collect();
    match ctx.new_array(&vals) {
        Ok(a) => a.into(),
        Err(e) => e.value,
    }
}

/// A JavaScript array of values.
pub fn array(ctx: &Context, items: &[JsValue]) -> JsValue {
    match ctx.new_array(items) {
        Ok(a) => a.into(),
        Err(e) => e.value,
    }
}

/// The errno of an I/O error (EIO when it has none).
pub fn errno(e: &std::io::Error) -> i32 {
    e.raw_os_error().unwrap_or(5)
}
