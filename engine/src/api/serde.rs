//! Serde bridging (feature `serde`): any `Serialize` type becomes a
//! JavaScript value and any `Deserialize` type is read from one, through
//! the [`Serde`] wrapper or [`Context::to_js_serde`] /
//! [`Context::from_js_serde`]. Values map as JSON does: objects, arrays,
//! strings, numbers, booleans and `null` (`undefined` reads as `null`;
//! functions and symbols are refused).
//!
//! ```
//! use engine::{Context, Runtime, Serde};
//! #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
//! struct Config { name: String, retries: u32, tags: Vec<String> }
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! let Serde(c): Serde<Config> = ctx.eval_as("({ name: 'x', retries: 3, tags: ['a'] })").unwrap();
//! assert_eq!(c, Config { name: "x".into(), retries: 3, tags: vec!["a".into()] });
//! ctx.set_global("cfg", Serde(c)).unwrap();
//! assert_eq!(ctx.eval_as::<u32>("cfg.retries + cfg.tags.length").unwrap(), 4);
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value as Json;

use super::convert::{FromJs, IntoJs, describe};
use super::{Context, JsError, JsValue};

/// A value converted through serde (see the [module documentation](self)).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Serde<T>(pub T);

impl<T: DeserializeOwned> FromJs for Serde<T> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        ctx.from_js_serde(&value).map(Serde)
    }
}

impl<T: Serialize> IntoJs for Serde<T> {
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        ctx.to_js_serde(&self.0)
    }
}

fn to_json(ctx: &Context, v: &JsValue, depth: usize) -> Result<Json, JsError> {
    if depth > 256 {
        return Err(JsError::range_error("value nested too deeply"));
    }
    if v.is_undefined() || v.is_null() {
        return Ok(Json::Null);
    }
    if let Some(b) = v.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(i) = v.as_i32() {
        return Ok(Json::from(i));
    }
    if let Some(f) = v.as_f64() {
        return Ok(serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number));
    }
    if let Some(s) = v.as_string() {
        return Ok(Json::String(s));
    }
    if let Some(a) = v.as_array() {
        let n = a.len(ctx)?;
        let mut out = Vec::with_capacity(n.min(1024));
        for i in 0..n {
            ctx.poll()?;
            out.push(to_json(ctx, &a.get(ctx, i)?, depth + 1)?);
        }
        return Ok(Json::Array(out));
    }
    if let Some(o) = v.as_object().filter(|_| !v.is_function()) {
        let mut out = serde_json::Map::new();
        for k in o.keys(ctx)? {
            ctx.poll()?;
            let x = o.get(ctx, k.as_str())?;
            out.insert(k, to_json(ctx, &x, depth + 1)?);
        }
        return Ok(Json::Object(out));
    }
    Err(JsError::conversion(format!(
        "expected a JSON-like value, got {}",
        describe(v)
    )))
}

fn from_json(ctx: &Context, v: Json) -> Result<JsValue, JsError> {
    Ok(match v {
        Json::Null => JsValue::null(),
        Json::Bool(b) => JsValue::from(b),
        Json::Number(n) => JsValue::from(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) => ctx.new_string(&s),
        Json::Array(items) => {
            let a = super::JsArray::new(ctx);
            for x in items {
                a.push(ctx, from_json(ctx, x)?)?;
            }
            a.into()
        }
        Json::Object(map) => {
            let o = ctx.new_object();
            for (k, x) in map {
                o.put(ctx, k.as_str(), from_json(ctx, x)?)?;
            }
            o.into()
        }
    })
}

impl Context {
    /// A JavaScript value from any `Serialize` value.
    pub fn to_js_serde<T: Serialize + ?Sized>(&self, v: &T) -> Result<JsValue, JsError> {
        let j = serde_json::to_value(v).map_err(|e| JsError::type_error(e.to_string()))?;
        from_json(self, j)
    }

    /// A `Deserialize` value read from a JavaScript value.
    pub fn from_js_serde<T: DeserializeOwned>(&self, v: &JsValue) -> Result<T, JsError> {
        let j = to_json(self, v, 0)?;
        serde_json::from_value(j).map_err(|e| JsError::conversion(e.to_string()))
    }
}
