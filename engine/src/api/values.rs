//! Objects and the typed handles: property keys, [`JsObject`]'s property
//! operations, [`JsArray`], [`JsFunction`], calls and constructs.
//!
//! Every handle is a [`JsValue`] underneath (they dereference to it) and,
//! like it, keeps what it refers to alive for as long as the runtime exists:
//! handles are persistent, they can be stored anywhere in Rust (a struct, a
//! closure, a static of the thread) and outlive any borrow.
//!
//! ```
//! use engine::{Context, JsFunction, Property, Runtime};
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! let o = ctx.new_object();
//! o.put(&ctx, "name", "box").unwrap();
//! o.put(&ctx, 0, 10).unwrap();
//! let sym = ctx.new_symbol("tag");
//! o.put(&ctx, &sym, true).unwrap();
//! o.define(&ctx, "fixed", Property::value(ctx.to_js(1).unwrap())).unwrap();
//! assert_eq!(o.keys(&ctx).unwrap(), vec!["0", "name"]);
//! assert_eq!(o.own_keys(&ctx).unwrap().len(), 4);
//! assert!(o.has(&ctx, &sym).unwrap());
//! assert!(o.delete(&ctx, "name").unwrap());
//! assert!(!o.delete(&ctx, "fixed").unwrap());
//! let f: JsFunction = ctx.eval_as("(function (a, b) { return this.base + a * b; })").unwrap();
//! o.put(&ctx, "base", 1).unwrap();
//! let r: i32 = f.call_with_this(&ctx, &o, (6, 7)).unwrap();
//! assert_eq!(r, 43);
//! ```

use std::ops::Deref;

use super::convert::{FromJs, IntoJs, mismatch};
use super::{Context, JsError, JsObject, JsValue, enter};
use crate::atom::Atom;
use crate::object::{self, Class, PropDesc};
use crate::runtime::ErrorKind;
use crate::value::Value;

/// A property key resolved in a runtime (an interned name, index or
/// symbol); it holds the symbol, so its atom stays valid while it lives.
#[doc(hidden)]
#[derive(Clone)]
pub struct PropKey(
    pub(crate) Atom,
    // Held, not read: keeps a counted symbol's atom allocated.
    #[allow(dead_code)] pub(crate) Option<crate::atom::Sym>,
);

/// Something that names a property: `&str`/`String` (names), `u32`/`usize`
/// (array indices), a symbol [`JsValue`] (see [`Context::new_symbol`]), or
/// any other value (converted with ToPropertyKey, which may run script).
pub trait IntoKey {
    #[doc(hidden)]
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError>;
}

impl IntoKey for &str {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        Ok(PropKey(ctx.rt.intern(self), None))
    }
}

impl IntoKey for &String {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        Ok(PropKey(ctx.rt.intern(self), None))
    }
}

impl IntoKey for String {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        Ok(PropKey(ctx.rt.intern(&self), None))
    }
}

impl IntoKey for u32 {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        Ok(PropKey(
            match Atom::from_index(self) {
                Some(a) => a,
                None => ctx.rt.intern(&self.to_string()),
            },
            None,
        ))
    }
}

impl IntoKey for usize {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        match u32::try_from(self) {
            Ok(i) => i.into_key(ctx),
            Err(_) => Ok(PropKey(ctx.rt.intern(&self.to_string()), None)),
        }
    }
}

impl IntoKey for i32 {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        match u32::try_from(self) {
            Ok(i) => i.into_key(ctx),
            Err(_) => Ok(PropKey(ctx.rt.intern(&self.to_string()), None)),
        }
    }
}

impl IntoKey for &JsValue {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        let v = ctx.import(self)?;
        let cx = ctx.cx();
        enter(&ctx.rt, || cx.to_property_key(&v))
            .map(|a| PropKey(a, ctx.rt.key_cell(a)))
            .map_err(|e| ctx.err(e))
    }
}

impl IntoKey for JsValue {
    fn into_key(self, ctx: &Context) -> Result<PropKey, JsError> {
        (&self).into_key(ctx)
    }
}

impl IntoKey for PropKey {
    fn into_key(self, _ctx: &Context) -> Result<PropKey, JsError> {
        Ok(self)
    }
}

/// A property for [`JsObject::define`]: a data property or an accessor,
/// with its attributes (all `false` unless set, as in
/// `Object.defineProperty`).
///
/// ```
/// use engine::{Context, Property, Runtime};
/// let rt = Runtime::new();
/// let ctx = Context::new(&rt);
/// let o = ctx.new_object();
/// let getter = ctx.function("get", || 42);
/// o.define(&ctx, "answer", Property::accessor(Some(getter), None).enumerable()).unwrap();
/// o.define(&ctx, "pi", Property::value(ctx.to_js(3.14).unwrap()).enumerable()).unwrap();
/// assert_eq!(o.get_as::<i32>(&ctx, "answer").unwrap(), 42);
/// assert_eq!(o.keys(&ctx).unwrap(), ["answer", "pi"]);
/// let err = ctx.eval("'use strict'; o => o.pi = 3", "f.js").unwrap();
/// assert!(ctx.call(&err, &engine::JsValue::undefined(), &[o.into()]).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct Property {
    value: Option<JsValue>,
    get: Option<JsFunction>,
    set: Option<JsFunction>,
    accessor: bool,
    writable: bool,
    enumerable: bool,
    configurable: bool,
}

impl Property {
    /// A data property holding `value` (read-only, not enumerable, not
    /// configurable until the attribute methods say otherwise).
    pub fn value(value: JsValue) -> Property {
        Property {
            value: Some(value),
            get: None,
            set: None,
            accessor: false,
            writable: false,
            enumerable: false,
            configurable: false,
        }
    }

    /// An accessor property with a getter and/or a setter.
    pub fn accessor(get: Option<JsFunction>, set: Option<JsFunction>) -> Property {
        Property {
            value: None,
            get,
            set,
            accessor: true,
            writable: false,
            enumerable: false,
            configurable: false,
        }
    }

    /// Makes a data property writable.
    pub fn writable(mut self) -> Property {
        self.writable = true;
        self
    }

    /// Makes the property enumerable.
    pub fn enumerable(mut self) -> Property {
        self.enumerable = true;
        self
    }

    /// Makes the property configurable.
    pub fn configurable(mut self) -> Property {
        self.configurable = true;
        self
    }

    fn desc(&self, ctx: &Context) -> Result<PropDesc, JsError> {
        let func = |f: &Option<JsFunction>| -> Result<Option<Obj>, JsError> {
            match f {
                Some(f) => match ctx.import(&f.o.v)? {
                    Value::Object(o) => Ok(Some(o)),
                    _ => Ok(None),
                },
                None => Ok(None),
            }
        };
        Ok(if self.accessor {
            PropDesc {
                value: None,
                writable: None,
                get: Some(func(&self.get)?),
                set: Some(func(&self.set)?),
                enumerable: Some(self.enumerable),
                configurable: Some(self.configurable),
            }
        } else {
            PropDesc {
                value: Some(match &self.value {
                    Some(v) => ctx.import(v)?,
                    None => Value::Undefined,
                }),
                writable: Some(self.writable),
                get: None,
                set: None,
                enumerable: Some(self.enumerable),
                configurable: Some(self.configurable),
            }
        })
    }
}

use crate::object::Obj;

impl Deref for JsObject {
    type Target = JsValue;
    fn deref(&self) -> &JsValue {
        &self.v
    }
}

impl AsRef<JsValue> for JsObject {
    fn as_ref(&self) -> &JsValue {
        &self.v
    }
}

impl JsObject {
    /// Runs `f` on the engine object inside the engine (`enter`), mapping
    /// a thrown value to a [`JsError`].
    fn with<R>(
        &self,
        ctx: &Context,
        f: impl FnOnce(&crate::runtime::Cx, &Obj) -> crate::runtime::JsResult<R>,
    ) -> Result<R, JsError> {
        let o = self.obj_in(ctx)?;
        let cx = ctx.cx();
        enter(&ctx.rt, || f(&cx, &o)).map_err(|e| ctx.err(e))
    }

    /// `obj[key]`, converted to `T` (a `TypeError` if it does not convert).
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let o: engine::JsObject = ctx.eval_as("({ n: 3, s: 'x' })").unwrap();
    /// let n: u8 = o.get_as(&ctx, "n").unwrap();
    /// assert_eq!(n, 3);
    /// assert!(o.get_as::<u8>(&ctx, "s").is_err());
    /// ```
    pub fn get_as<T: FromJs>(&self, ctx: &Context, key: impl IntoKey) -> Result<T, JsError> {
        let v = self.get(ctx, key)?;
        T::from_js(ctx, v)
    }

    /// `obj[key] = value` for any Rust value that converts (strict: a
    /// rejected assignment throws). [`JsObject::set`] takes a [`JsValue`].
    pub fn put(&self, ctx: &Context, key: impl IntoKey, value: impl IntoJs) -> Result<(), JsError> {
        let v = value.into_js(ctx)?;
        self.set(ctx, key, &v)
    }

    /// `Object.defineProperty(obj, key, property)`; a `TypeError` when the
    /// object refuses (an existing non-configurable property, a
    /// non-extensible object).
    pub fn define(&self, ctx: &Context, key: impl IntoKey, prop: Property) -> Result<(), JsError> {
        let pk = key.into_key(ctx)?;
        let key = pk.0;
        let desc = prop.desc(ctx)?;
        let ok = self.with(ctx, |cx, o| object::define_own_property(cx, o, key, desc))?;
        if ok {
            Ok(())
        } else {
            Err(JsError::type_error("cannot define property"))
        }
    }

    /// `delete obj[key]`: whether the property is gone (false for a
    /// non-configurable one).
    pub fn delete(&self, ctx: &Context, key: impl IntoKey) -> Result<bool, JsError> {
        let pk = key.into_key(ctx)?;
        let key = pk.0;
        self.with(ctx, |cx, o| object::delete_property(cx, o, key))
    }

    /// `key in obj` (the prototype chain included).
    pub fn has(&self, ctx: &Context, key: impl IntoKey) -> Result<bool, JsError> {
        let pk = key.into_key(ctx)?;
        let key = pk.0;
        self.with(ctx, |cx, o| object::has_property(cx, o, key))
    }

    /// `Object.hasOwn(obj, key)`.
    pub fn has_own(&self, ctx: &Context, key: impl IntoKey) -> Result<bool, JsError> {
        let pk = key.into_key(ctx)?;
        let key = pk.0;
        self.with(ctx, |cx, o| {
            object::get_own_property(cx, o, key).map(|d| d.is_some())
        })
    }

    /// `Object.keys(obj)`: the own enumerable string keys, in order.
    pub fn keys(&self, ctx: &Context) -> Result<Vec<String>, JsError> {
        let atoms = self.with(ctx, |cx, o| {
            crate::builtins::object::enumerable_own_keys(cx, o)
        })?;
        Ok(atoms.into_iter().map(|a| ctx.rt.atom_name(a)).collect())
    }

    /// `Reflect.ownKeys(obj)`: every own key, strings (indices included)
    /// and symbols, as values.
    pub fn own_keys(&self, ctx: &Context) -> Result<Vec<JsValue>, JsError> {
        let atoms = self.with(ctx, object::own_keys)?;
        Ok(atoms
            .into_iter()
            .map(|a| ctx.wrap(atom_value(ctx, a)))
            .collect())
    }

    /// The object's prototype (`None` for `null`).
    pub fn prototype(&self, ctx: &Context) -> Result<Option<JsObject>, JsError> {
        let p = self.with(ctx, object::get_prototype_of)?;
        Ok(p.map(|p| JsObject {
            v: ctx.wrap(Value::Object(p)),
        }))
    }

    /// `Object.setPrototypeOf(obj, proto)`; a `TypeError` when refused.
    pub fn set_prototype(&self, ctx: &Context, proto: Option<&JsObject>) -> Result<(), JsError> {
        let p = match proto {
            Some(p) => Some(p.obj_in(ctx)?),
            None => None,
        };
        if self.with(ctx, |cx, o| object::set_prototype_of(cx, o, p))? {
            Ok(())
        } else {
            Err(JsError::type_error("cannot set prototype"))
        }
    }

    /// `obj instanceof ctor`.
    pub fn instance_of(&self, ctx: &Context, ctor: &JsValue) -> Result<bool, JsError> {
        ctx.instance_of(&self.v, ctor)
    }

    /// `Object.freeze(obj)`.
    pub fn freeze(&self, ctx: &Context) -> Result<(), JsError> {
        let freeze = ctx.global().get(ctx, "Object")?;
        let freeze = ctx.get_property(&freeze, "freeze")?;
        ctx.call(
            &freeze,
            &JsValue::undefined(),
            std::slice::from_ref(&self.v),
        )?;
        Ok(())
    }

    /// `obj.length` as a length (ToLength), for array-likes.
    pub fn len(&self, ctx: &Context) -> Result<usize, JsError> {
        let n = self.with(ctx, |cx, o| {
            let l = object::get_prop(cx, o, Atom::LENGTH)?;
            cx.to_length(&l)
        })?;
        Ok(n as usize)
    }

    /// Whether `obj.length` is 0.
    pub fn is_empty(&self, ctx: &Context) -> Result<bool, JsError> {
        Ok(self.len(ctx)? == 0)
    }

    /// Calls method `name` of the object with `args`, converting the result.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let a: engine::JsObject = ctx.eval_as("[3, 1, 2]").unwrap();
    /// let s: String = a.call_method(&ctx, "join", ("-",)).unwrap();
    /// assert_eq!(s, "3-1-2");
    /// ```
    pub fn call_method<R: FromJs>(
        &self,
        ctx: &Context,
        name: impl IntoKey,
        args: impl IntoArgs,
    ) -> Result<R, JsError> {
        let f = self.get(ctx, name)?;
        let args = args.into_args(ctx)?;
        let r = ctx.call(&f, &self.v, &args)?;
        R::from_js(ctx, r)
    }

    /// `new obj(...args)` (a `TypeError` if the object is not a constructor).
    pub fn construct<R: FromJs>(&self, ctx: &Context, args: impl IntoArgs) -> Result<R, JsError> {
        let args = args.into_args(ctx)?;
        let r = ctx.construct(&self.v, &args)?;
        R::from_js(ctx, r)
    }

    /// The value as an array handle, if it is an Array.
    pub fn as_array(&self) -> Option<JsArray> {
        self.v.as_array()
    }

    /// The value as a function handle, if it is callable.
    pub fn as_function(&self) -> Option<JsFunction> {
        self.v.as_function()
    }
}

/// The value of an own key: a string (indices as their digits) or a symbol.
fn atom_value(ctx: &Context, a: Atom) -> Value {
    if let Some(i) = a.index() {
        return Value::String(ctx.rt.str(&i.to_string()));
    }
    if ctx.rt.atoms.is_symbol(a) {
        ctx.rt.symbol_value(a)
    } else {
        Value::String(ctx.rt.atom_string(a))
    }
}

/// The arguments of a call: a tuple of convertible values (`()` for none),
/// a `Vec<JsValue>` or a slice of values.
pub trait IntoArgs {
    /// Converts the arguments.
    fn into_args(self, ctx: &Context) -> Result<Vec<JsValue>, JsError>;
}

impl IntoArgs for () {
    fn into_args(self, _ctx: &Context) -> Result<Vec<JsValue>, JsError> {
        Ok(Vec::new())
    }
}

impl IntoArgs for Vec<JsValue> {
    fn into_args(self, _ctx: &Context) -> Result<Vec<JsValue>, JsError> {
        Ok(self)
    }
}

impl IntoArgs for &[JsValue] {
    fn into_args(self, _ctx: &Context) -> Result<Vec<JsValue>, JsError> {
        Ok(self.to_vec())
    }
}

macro_rules! tuple_args {
    ($($t:ident $i:tt),*) => {
        impl<$($t: IntoJs),*> IntoArgs for ($($t,)*) {
            fn into_args(self, ctx: &Context) -> Result<Vec<JsValue>, JsError> {
                Ok(vec![$(self.$i.into_js(ctx)?),*])
            }
        }
    };
}

tuple_args!(A 0);
tuple_args!(A 0, B 1);
tuple_args!(A 0, B 1, C 2);
tuple_args!(A 0, B 1, C 2, D 3);
tuple_args!(A 0, B 1, C 2, D 3, E 4);
tuple_args!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_args!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_args!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

macro_rules! handle {
    ($(#[$m:meta])* $name:ident, $what:literal, $test:expr) => {
        $(#[$m])*
        #[derive(Clone)]
        pub struct $name {
            pub(crate) o: JsObject,
        }

        impl Deref for $name {
            type Target = JsObject;
            fn deref(&self) -> &JsObject {
                &self.o
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.o.fmt(f)
            }
        }

        impl From<$name> for JsValue {
            fn from(h: $name) -> JsValue {
                h.o.v
            }
        }

        impl From<$name> for JsObject {
            fn from(h: $name) -> JsObject {
                h.o
            }
        }

        impl FromJs for $name {
            fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
                let ok = match value.val() {
                    Value::Object(o) => $test(o),
                    _ => false,
                };
                if ok {
                    Ok($name { o: JsObject { v: value } })
                } else {
                    Err(mismatch($what, &value))
                }
            }
        }

        impl IntoJs for $name {
            fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
                Ok(self.o.v)
            }
        }

        impl IntoJs for &$name {
            fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
                Ok(self.o.v.clone())
            }
        }
    };
}

handle!(
    /// A JavaScript Array held by the embedder.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let a = engine::JsArray::new(&ctx);
    /// a.push(&ctx, 1).unwrap();
    /// a.push(&ctx, "two").unwrap();
    /// assert_eq!(a.len(&ctx).unwrap(), 2);
    /// assert_eq!(a.get_as::<String>(&ctx, 1).unwrap(), "two");
    /// let v: Vec<i32> = ctx.eval_as::<engine::JsArray>("[1, 2, 3]").unwrap().to_vec(&ctx).unwrap();
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    JsArray,
    "array",
    object::is_array_object
);

handle!(
    /// A callable JavaScript object held by the embedder.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let add: engine::JsFunction = ctx.eval_as("(a, b) => a + b").unwrap();
    /// assert_eq!(add.call::<i32>(&ctx, (2, 3)).unwrap(), 5);
    /// assert_eq!(add.call::<String>(&ctx, ("a", "b")).unwrap(), "ab");
    /// ```
    JsFunction,
    "function",
    object::is_callable
);

impl JsArray {
    /// A new empty array.
    pub fn new(ctx: &Context) -> JsArray {
        JsArray {
            o: JsObject {
                v: ctx.wrap(Value::Object(object::new_array(ctx.cx(), Vec::new()))),
            },
        }
    }

    /// Appends a value (`a.push(v)`).
    pub fn push(&self, ctx: &Context, v: impl IntoJs) -> Result<(), JsError> {
        let n = self.len(ctx)?;
        self.put(ctx, n, v)
    }

    /// The elements converted to `T`.
    pub fn to_vec<T: FromJs>(&self, ctx: &Context) -> Result<Vec<T>, JsError> {
        Vec::<T>::from_js(ctx, self.o.v.clone())
    }
}

impl JsFunction {
    /// Calls the function with `this` undefined, converting the result.
    pub fn call<R: FromJs>(&self, ctx: &Context, args: impl IntoArgs) -> Result<R, JsError> {
        let args = args.into_args(ctx)?;
        let r = ctx.call(&self.o.v, &JsValue::undefined(), &args)?;
        R::from_js(ctx, r)
    }

    /// Calls the function with a `this` value.
    pub fn call_with_this<R: FromJs>(
        &self,
        ctx: &Context,
        this: &JsValue,
        args: impl IntoArgs,
    ) -> Result<R, JsError> {
        let args = args.into_args(ctx)?;
        let r = ctx.call(&self.o.v, this, &args)?;
        R::from_js(ctx, r)
    }

    /// Whether `new f()` is allowed.
    pub fn is_constructor(&self) -> bool {
        matches!(self.o.v.val(), Value::Object(o) if object::is_constructor(o))
    }
}

impl JsValue {
    /// The name of a value's type, as `typeof` gives it.
    pub(crate) fn type_name(v: &Value) -> &'static str {
        match v.type_of() {
            Atom::OBJECT => "object",
            Atom::BOOLEAN => "boolean",
            Atom::NUMBER => "number",
            Atom::STRING => "string",
            Atom::SYMBOL => "symbol",
            Atom::FUNCTION => "function",
            Atom::BIGINT => "bigint",
            _ => "undefined",
        }
    }

    /// Converts the value to a Rust type (see [`FromJs`]).
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let v = ctx.eval("[1, 2]", "main.js").unwrap();
    /// assert_eq!(v.get::<Vec<u8>>(&ctx).unwrap(), [1, 2]);
    /// ```
    pub fn get<T: FromJs>(&self, ctx: &Context) -> Result<T, JsError> {
        T::from_js(ctx, self.clone())
    }

    /// The value as an array handle, if it is an Array.
    pub fn as_array(&self) -> Option<JsArray> {
        match self.val() {
            Value::Object(o) if object::is_array_object(o) => Some(JsArray {
                o: JsObject { v: self.clone() },
            }),
            _ => None,
        }
    }

    /// The value as a function handle, if it is callable.
    pub fn as_function(&self) -> Option<JsFunction> {
        match self.val() {
            Value::Object(o) if object::is_callable(o) => Some(JsFunction {
                o: JsObject { v: self.clone() },
            }),
            _ => None,
        }
    }

    /// Whether this is an object (functions included).
    pub fn is_object(&self) -> bool {
        matches!(self.val(), Value::Object(_))
    }

    /// Whether this is a String.
    pub fn is_string(&self) -> bool {
        matches!(self.val(), Value::String(_))
    }

    /// Whether this is a Number.
    pub fn is_number(&self) -> bool {
        matches!(self.val(), Value::Int(_) | Value::Float(_))
    }

    /// Whether this is a Symbol.
    pub fn is_symbol(&self) -> bool {
        matches!(self.val(), Value::Symbol(_))
    }

    /// Whether this is callable.
    pub fn is_function(&self) -> bool {
        matches!(self.val(), Value::Object(o) if object::is_callable(o))
    }

    /// Whether this is an Error object.
    pub fn is_error(&self) -> bool {
        matches!(self.val(), Value::Object(o) if matches!(o.d.borrow().class, Class::Error))
    }

    /// `Object.is(self, other)` (SameValue).
    pub fn same_value(&self, other: &JsValue) -> bool {
        crate::value::same_value(self.val(), other.val())
    }
}

impl PartialEq for JsValue {
    /// `Object.is` (SameValue): objects by identity, `NaN` equal to itself.
    fn eq(&self, other: &JsValue) -> bool {
        self.same_value(other)
    }
}

impl Context {
    /// `obj[key]` for any value (primitives are boxed as in `v.key`).
    pub fn get_property(&self, v: &JsValue, key: impl IntoKey) -> Result<JsValue, JsError> {
        let pk = key.into_key(self)?;
        let key = pk.0;
        let v = self.import(v)?;
        let cx = self.cx();
        enter(&self.rt, || object::get_value(&cx, &v, key))
            .map(|v| self.wrap(v))
            .map_err(|e| self.err(e))
    }

    /// `new f(...args)`.
    pub fn construct(&self, f: &JsValue, args: &[JsValue]) -> Result<JsValue, JsError> {
        let f = self.import(f)?;
        let args = args
            .iter()
            .map(|a| self.import(a))
            .collect::<Result<Vec<Value>, JsError>>()?;
        let cx = self.cx();
        enter(&self.rt, || cx.construct(&f, &args, None))
            .map(|v| self.wrap(v))
            .map_err(|e| self.err(e))
    }

    /// `v instanceof ctor`.
    pub fn instance_of(&self, v: &JsValue, ctor: &JsValue) -> Result<bool, JsError> {
        let v = self.import(v)?;
        let c = self.import(ctor)?;
        let cx = self.cx();
        enter(&self.rt, || crate::ops::instance_of(&cx, &v, &c)).map_err(|e| self.err(e))
    }

    /// A new unique symbol with a description (`Symbol(description)`).
    pub fn new_symbol(&self, description: &str) -> JsValue {
        let d = self.rt.str(description);
        self.wrap(Value::Symbol(
            self.rt.atoms.new_symbol(Some(d), &self.rt.heap),
        ))
    }

    /// A well-known symbol by name (`"iterator"`, `"asyncIterator"`,
    /// `"toStringTag"`, ...): `Symbol[name]` of the realm.
    pub fn well_known_symbol(&self, name: &str) -> Result<JsValue, JsError> {
        let sym = self.global().get(self, "Symbol")?;
        let v = self.get_property(&sym, name)?;
        if v.is_symbol() {
            Ok(v)
        } else {
            Err(JsError::type_error(format!(
                "no well-known symbol '{name}'"
            )))
        }
    }

    /// Evaluates a script and converts its completion value.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let n: i32 = ctx.eval_as("6 * 7").unwrap();
    /// assert_eq!(n, 42);
    /// ```
    pub fn eval_as<T: FromJs>(&self, source: &str) -> Result<T, JsError> {
        let v = self.eval(source, "<eval>")?;
        T::from_js(self, v)
    }

    /// Sets a global variable (a property of the global object) to a Rust
    /// value.
    pub fn set_global(&self, name: &str, value: impl IntoJs) -> Result<(), JsError> {
        self.global().put(self, name, value)
    }

    /// Reads a global variable (a property of the global object), converted.
    pub fn get_global<T: FromJs>(&self, name: &str) -> Result<T, JsError> {
        self.global().get_as(self, name)
    }

    /// An error object of the named kind, as a [`JsError`] to return from a
    /// host function (equivalent to [`JsError::new`], but created now, with
    /// its stack).
    pub fn new_js_error(&self, name: &str, message: &str) -> JsError {
        let kind = ErrorKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name)
            .unwrap_or(ErrorKind::Error);
        let v = enter(&self.rt, || self.cx().make_error(kind, message));
        self.err(v)
    }
}
