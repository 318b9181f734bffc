//! Typed conversions between Rust and JavaScript values: [`FromJs`] and
//! [`IntoJs`].
//!
//! Conversions from JavaScript are strict, as in `rquickjs`: a `String`
//! parameter accepts a string, not a number (use [`Coerced`] for
//! JavaScript's own `String(v)` / `Number(v)` conversions). A failed
//! conversion is a `TypeError` saying what was expected and what came.
//!
//! ```
//! use std::collections::HashMap;
//! use engine::{Context, Runtime};
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! let v: Vec<(String, u32)> = ctx.eval_as("[['a', 1], ['b', 2]]").unwrap();
//! assert_eq!(v, vec![("a".to_string(), 1), ("b".to_string(), 2)]);
//! let m: HashMap<String, Option<f64>> = ctx.eval_as("({ x: 1.5, y: null })").unwrap();
//! assert_eq!(m["x"], Some(1.5));
//! assert_eq!(m["y"], None);
//! let js = ctx.to_js(vec![1, 2, 3]).unwrap();
//! assert_eq!(ctx.inspect(&js), "[ 1, 2, 3 ]");
//! ```

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use super::{Context, JsError, JsObject, JsValue};
use crate::runtime::ErrorKind;
use crate::value::Value;

/// A Rust type that can be made from a JavaScript value.
///
/// Implemented for `bool`, the number types, `String`, `()`, `Option<T>`
/// (`undefined` and `null` are `None`), `Vec<T>` (from any array-like),
/// `HashMap<String, T>` and `BTreeMap<String, T>` (own enumerable string
/// keys), tuples up to 8 (from arrays), and the handle types ([`JsValue`],
/// [`JsObject`], [`JsArray`](crate::JsArray), [`JsFunction`](crate::JsFunction),
/// [`JsPromise`](crate::JsPromise)). `#[derive(FromJs)]` from the
/// `engine-derive` crate writes it for structs and enums.
///
/// ```
/// use engine::{Context, FromJs, JsError, JsValue, Runtime};
///
/// struct Point { x: f64, y: f64 }
/// impl FromJs for Point {
///     fn from_js(ctx: &Context, v: JsValue) -> Result<Point, JsError> {
///         let o = ctx.from_js::<engine::JsObject>(v)?;
///         Ok(Point { x: o.get_as(ctx, "x")?, y: o.get_as(ctx, "y")? })
///     }
/// }
/// let rt = Runtime::new();
/// let ctx = Context::new(&rt);
/// let p: Point = ctx.eval_as("({ x: 1, y: 2 })").unwrap();
/// assert_eq!(p.x + p.y, 3.0);
/// ```
pub trait FromJs: Sized {
    /// Converts `value`; a mismatch is a `TypeError`.
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError>;

    /// Whether a missing argument is acceptable (`Option` says yes): used
    /// to compute a host function's `length`.
    #[doc(hidden)]
    const OPTIONAL: bool = false;
}

/// A Rust value that can become a JavaScript value.
///
/// Implemented for the same types as [`FromJs`] (`Vec`, slices and tuples
/// become arrays, maps become plain objects, `None` and `()` become
/// `undefined`) and for `&str`. Integers beyond 2^53 lose precision (they
/// become Numbers); use [`Context::new_bigint`] for exact big integers.
///
/// ```
/// use engine::{Context, IntoJs, JsError, JsValue, Runtime};
///
/// struct Point { x: f64, y: f64 }
/// impl IntoJs for Point {
///     fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
///         let o = ctx.new_object();
///         o.put(ctx, "x", self.x)?;
///         o.put(ctx, "y", self.y)?;
///         Ok(o.into())
///     }
/// }
/// let rt = Runtime::new();
/// let ctx = Context::new(&rt);
/// ctx.set_global("p", Point { x: 1.0, y: 2.0 }).unwrap();
/// assert_eq!(ctx.eval_as::<f64>("p.x + p.y").unwrap(), 3.0);
/// ```
pub trait IntoJs {
    /// Converts `self` into a value of `ctx`'s runtime.
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError>;
}

/// A short description of a value's type for error messages.
pub(crate) fn describe(v: &JsValue) -> String {
    match v.val() {
        Value::Null => "null".into(),
        Value::Int(i) => format!("number {i}"),
        Value::Float(f) => format!("number {}", Value::Float(*f).debug_string()),
        Value::Object(o) if crate::object::is_array_object(o) => "array".into(),
        v => match v.type_of() {
            crate::atom::Atom::FUNCTION => "function".into(),
            _ => JsValue::type_name(v).into(),
        },
    }
}

/// The `TypeError` of a failed conversion.
pub(crate) fn mismatch(expected: &str, v: &JsValue) -> JsError {
    JsError::conversion(format!("expected {expected}, got {}", describe(v)))
}

impl FromJs for JsValue {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        Ok(value)
    }
    const OPTIONAL: bool = true;
}

impl IntoJs for JsValue {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self)
    }
}

impl IntoJs for &JsValue {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self.clone())
    }
}

impl FromJs for JsObject {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        match value.val() {
            Value::Object(_) => Ok(JsObject { v: value }),
            _ => Err(mismatch("object", &value)),
        }
    }
}

impl IntoJs for JsObject {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self.v)
    }
}

impl IntoJs for &JsObject {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self.v.clone())
    }
}

impl FromJs for () {
    fn from_js(_ctx: &Context, _value: JsValue) -> Result<Self, JsError> {
        Ok(())
    }
    const OPTIONAL: bool = true;
}

impl IntoJs for () {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(JsValue::undefined())
    }
}

impl FromJs for bool {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        value.as_bool().ok_or_else(|| mismatch("boolean", &value))
    }
}

impl IntoJs for bool {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(JsValue::from(self))
    }
}

impl FromJs for f64 {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        value.as_f64().ok_or_else(|| mismatch("number", &value))
    }
}

impl IntoJs for f64 {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(JsValue::from(self))
    }
}

impl FromJs for f32 {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        value
            .as_f64()
            .map(|f| f as f32)
            .ok_or_else(|| mismatch("number", &value))
    }
}

impl IntoJs for f32 {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(JsValue::from(self as f64))
    }
}

/// An integer conversion: an exact integral Number in range (or a BigInt
/// that fits, for the 64- and 128-bit types).
macro_rules! int_conv {
    ($($t:ty, $bigint:expr);* $(;)?) => {$(
        impl FromJs for $t {
            fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
                let r = match value.val() {
                    Value::Int(i) => <$t>::try_from(*i).ok(),
                    Value::Float(f) if f.fract() == 0.0 && f.abs() <= 9007199254740992.0 => {
                        <$t>::try_from(*f as i128).ok()
                    }
                    Value::BigInt(b) if $bigint => {
                        b.get().to_i128().and_then(|i| <$t>::try_from(i).ok())
                    }
                    _ => None,
                };
                r.ok_or_else(|| mismatch(stringify!($t), &value))
            }
        }
        impl IntoJs for $t {
            fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
                Ok(match i32::try_from(self) {
                    Ok(i) => JsValue::from(i),
                    Err(_) => JsValue::from(self as f64),
                })
            }
        }
    )*};
}

int_conv!(
    i8, false; i16, false; i32, false; u8, false; u16, false; u32, false;
    i64, true; u64, true; isize, true; usize, true; i128, true; u128, true;
);

impl FromJs for String {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        value.as_string().ok_or_else(|| mismatch("string", &value))
    }
}

impl IntoJs for String {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        Ok(ctx.new_string(&self))
    }
}

impl IntoJs for &String {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        Ok(ctx.new_string(self))
    }
}

impl IntoJs for &str {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        Ok(ctx.new_string(self))
    }
}

impl IntoJs for char {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        Ok(ctx.new_string(self.encode_utf8(&mut [0; 4])))
    }
}

impl<T: FromJs> FromJs for Option<T> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        if value.is_undefined() || value.is_null() {
            Ok(None)
        } else {
            T::from_js(ctx, value).map(Some)
        }
    }
    const OPTIONAL: bool = true;
}

impl<T: IntoJs> IntoJs for Option<T> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        match self {
            Some(v) => v.into_js(ctx),
            None => Ok(JsValue::undefined()),
        }
    }
}

impl<T: IntoJs> IntoJs for Box<T> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        (*self).into_js(ctx)
    }
}

impl<T: FromJs> FromJs for Box<T> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        T::from_js(ctx, value).map(Box::new)
    }
}

/// The elements of an array-like value, converted.
fn array_like<T: FromJs>(ctx: &Context, value: &JsValue, what: &str) -> Result<Vec<T>, JsError> {
    let Some(o) = value.as_object() else {
        return Err(mismatch(what, value));
    };
    let len = o.len(ctx)?;
    let mut out = Vec::with_capacity(len.min(1024));
    for i in 0..len {
        ctx.poll()?;
        let v = o.get(ctx, i)?;
        out.push(T::from_js(ctx, v).map_err(|e| e.in_context(&format!("element {i}")))?);
    }
    Ok(out)
}

impl<T: FromJs> FromJs for Vec<T> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        array_like(ctx, &value, "array")
    }
}

impl<T: IntoJs> IntoJs for Vec<T> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        let items = self
            .into_iter()
            .map(|v| v.into_js(ctx))
            .collect::<Result<Vec<_>, _>>()?;
        ctx.new_array(&items).map(JsValue::from)
    }
}

impl<T: IntoJs + Clone> IntoJs for &[T] {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        self.to_vec().into_js(ctx)
    }
}

impl<T: IntoJs, const N: usize> IntoJs for [T; N] {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        Vec::from(self).into_js(ctx)
    }
}

/// The own enumerable string-keyed properties of an object, converted.
fn entries<T: FromJs>(ctx: &Context, value: &JsValue) -> Result<Vec<(String, T)>, JsError> {
    let Some(o) = value.as_object() else {
        return Err(mismatch("object", value));
    };
    let mut out = Vec::new();
    for k in o.keys(ctx)? {
        let v = o.get(ctx, k.as_str())?;
        let v = T::from_js(ctx, v).map_err(|e| e.in_context(&format!("property '{k}'")))?;
        out.push((k, v));
    }
    Ok(out)
}

fn object_from<'a, T: IntoJs + 'a>(
    ctx: &Context,
    items: impl Iterator<Item = (&'a str, T)>,
) -> Result<JsValue, JsError> {
    let o = ctx.new_object();
    for (k, v) in items {
        o.put(ctx, k, v)?;
    }
    Ok(o.into())
}

impl<T: FromJs, S: BuildHasher + Default> FromJs for HashMap<String, T, S> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        Ok(entries(ctx, &value)?.into_iter().collect())
    }
}

impl<T: IntoJs, S: BuildHasher> IntoJs for HashMap<String, T, S> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        let o = ctx.new_object();
        for (k, v) in self {
            o.put(ctx, k.as_str(), v)?;
        }
        Ok(o.into())
    }
}

impl<T: FromJs> FromJs for BTreeMap<String, T> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        Ok(entries(ctx, &value)?.into_iter().collect())
    }
}

impl<T: IntoJs> IntoJs for BTreeMap<String, T> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        let o = ctx.new_object();
        for (k, v) in self {
            o.put(ctx, k.as_str(), v)?;
        }
        Ok(o.into())
    }
}

impl<T: IntoJs + Clone> IntoJs for &BTreeMap<String, T> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        object_from(ctx, self.iter().map(|(k, v)| (k.as_str(), v.clone())))
    }
}

macro_rules! tuple_conv {
    ($n:expr; $($t:ident $i:tt),*) => {
        impl<$($t: FromJs),*> FromJs for ($($t,)*) {
            fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
                let Some(o) = value.as_object() else {
                    return Err(mismatch(concat!("array of ", $n), &value));
                };
                Ok(($(
                    $t::from_js(ctx, o.get(ctx, $i as u32)?)
                        .map_err(|e| e.in_context(concat!("element ", $i)))?,
                )*))
            }
        }
        impl<$($t: IntoJs),*> IntoJs for ($($t,)*) {
            fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
                let items = [$(self.$i.into_js(ctx)?),*];
                ctx.new_array(&items).map(JsValue::from)
            }
        }
    };
}

tuple_conv!("1"; A 0);
tuple_conv!("2"; A 0, B 1);
tuple_conv!("3"; A 0, B 1, C 2);
tuple_conv!("4"; A 0, B 1, C 2, D 3);
tuple_conv!("5"; A 0, B 1, C 2, D 3, E 4);
tuple_conv!("6"; A 0, B 1, C 2, D 3, E 4, F 5);
tuple_conv!("7"; A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_conv!("8"; A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// A value converted with JavaScript's own rules rather than strictly:
/// `Coerced<String>` is `String(v)`, `Coerced<f64>` is `Number(v)`,
/// `Coerced<i32>` is ToInt32, `Coerced<bool>` is `Boolean(v)`. These may run
/// script (`toString`/`valueOf`) and may throw.
///
/// ```
/// use engine::{Coerced, Context, Runtime};
/// let rt = Runtime::new();
/// let ctx = Context::new(&rt);
/// let Coerced(s): Coerced<String> = ctx.eval_as("[1, 2]").unwrap();
/// assert_eq!(s, "1,2");
/// let Coerced(n): Coerced<i32> = ctx.eval_as("'42'").unwrap();
/// assert_eq!(n, 42);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
pub struct Coerced<T>(pub T);

impl FromJs for Coerced<String> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        ctx.to_string(&value).map(Coerced)
    }
}

impl FromJs for Coerced<f64> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        ctx.to_number(&value).map(Coerced)
    }
}

impl FromJs for Coerced<i32> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        let n = ctx.to_number(&value)?;
        Ok(Coerced(crate::value::f64_to_int32(n)))
    }
}

impl FromJs for Coerced<bool> {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        Ok(Coerced(value.val().to_boolean()))
    }
}

impl Context {
    /// Converts a Rust value into a JavaScript value of this context.
    pub fn to_js(&self, v: impl IntoJs) -> Result<JsValue, JsError> {
        v.into_js(self)
    }

    /// Converts a JavaScript value into a Rust value.
    pub fn from_js<T: FromJs>(&self, v: JsValue) -> Result<T, JsError> {
        T::from_js(self, v)
    }

    /// ToNumber of a value, as JavaScript's `Number(v)`.
    pub fn to_number(&self, v: &JsValue) -> Result<f64, JsError> {
        let cx = self.cx();
        let v = self.import(v)?;
        super::enter(&self.rt, || cx.to_number(&v)).map_err(|e| self.err(e))
    }

    /// Runs the engine's poll point (memory limit, interrupt handler), for
    /// Rust loops over values of unbounded size.
    pub(crate) fn poll(&self) -> Result<(), JsError> {
        self.cx().poll().map_err(|e| self.err(e))
    }
}

impl JsError {
    /// A TypeError from a failed conversion.
    pub(crate) fn conversion(msg: String) -> JsError {
        JsError::lazy(ErrorKind::TypeError, msg, true)
    }
}
