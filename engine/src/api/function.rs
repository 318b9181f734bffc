//! Rust functions callable from JavaScript, with typed parameters.
//!
//! Any closure `Fn(A, B, ...) -> R` (up to 8 parameters) whose parameters
//! implement [`FromJs`] (or are one of the special parameters below) and
//! whose result implements [`IntoJs`] (or is `Result<T, E>` with `E:
//! Into<JsError>`) is a host function:
//!
//! * [`This<T>`] receives `this`; [`Context`] receives the calling realm;
//! * [`Opt<T>`] and `Option<T>` are optional (`undefined` or missing is `None`);
//! * [`Rest<T>`] takes the remaining arguments.
//!
//! A parameter that does not convert throws a `TypeError` naming its
//! position (`"add: argument 2: expected number, got string"`); an `Err`
//! result is thrown as is ([`JsError::type_error`] and friends make one).
//! [`MutFn`] wraps an `FnMut`.
//!
//! ```
//! use engine::{Context, JsError, Opt, Rest, Runtime, This};
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! ctx.set_global_fn("add", |a: f64, b: f64| a + b);
//! ctx.set_global_fn("greet", |name: String, punct: Opt<String>| {
//!     format!("hello {name}{}", punct.0.unwrap_or_else(|| "!".into()))
//! });
//! ctx.set_global_fn("sum", |xs: Rest<i64>| xs.0.iter().sum::<i64>());
//! ctx.set_global_fn("who", |This(this): This<engine::JsObject>, ctx: Context| -> Result<String, JsError> {
//!     this.get_as(&ctx, "name")
//! });
//! assert_eq!(ctx.eval_as::<f64>("add(1, 2)").unwrap(), 3.0);
//! assert_eq!(ctx.eval_as::<String>("greet('bob') + greet('al', '?')").unwrap(), "hello bob!hello al?");
//! assert_eq!(ctx.eval_as::<i64>("sum(1, 2, 3, 4)").unwrap(), 10);
//! let err = ctx.eval("add(1, 'x')", "main.js").unwrap_err();
//! assert_eq!(err.message, "TypeError: add: argument 2: expected number, got string");
//! assert_eq!(ctx.eval_as::<u32>("add.length").unwrap(), 2);
//! assert_eq!(ctx.eval_as::<String>("who.call({ name: 'me' })").unwrap(), "me");
//! ```

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use super::convert::{FromJs, IntoJs};
use super::values::JsFunction;
use super::{Context, FOREIGN_VALUE, JsError, JsObject, JsValue, host_trampoline};
use crate::object::{self, Class, Native};
use crate::runtime::{Cx, ErrorKind, JsResult, Rt};
use crate::value::Value;

/// The arguments of a host call, consumed parameter by parameter.
#[doc(hidden)]
pub struct Params<'a> {
    pub(crate) ctx: &'a Context,
    pub(crate) this: &'a Value,
    args: &'a [Value],
    next: usize,
}

impl Params<'_> {
    pub(crate) fn new<'a>(ctx: &'a Context, this: &'a Value, args: &'a [Value]) -> Params<'a> {
        Params {
            ctx,
            this,
            args,
            next: 0,
        }
    }

    fn take(&mut self) -> JsValue {
        let v = self
            .args
            .get(self.next)
            .cloned()
            .unwrap_or(Value::Undefined);
        self.next += 1;
        self.ctx.wrap(v)
    }
}

/// A parameter type of a host function: any [`FromJs`] type (one
/// argument), or one of [`This`], [`Opt`], [`Rest`], [`Context`].
pub trait Param: Sized {
    #[doc(hidden)]
    fn from_params(p: &mut Params<'_>) -> Result<Self, JsError>;
    /// How many arguments it counts for in the function's `length`
    /// (0 for optional ones; `None` for those that take no argument).
    #[doc(hidden)]
    const COUNT: Option<u32>;
}

impl<T: FromJs> Param for T {
    fn from_params(p: &mut Params<'_>) -> Result<Self, JsError> {
        let pos = p.next + 1;
        let v = p.take();
        T::from_js(p.ctx, v).map_err(|e| e.in_context(&format!("argument {pos}")))
    }
    const COUNT: Option<u32> = Some(if T::OPTIONAL { 0 } else { 1 });
}

/// The `this` value of the call, converted.
///
/// ```
/// # use engine::{Context, Runtime, This};
/// # let rt = Runtime::new();
/// # let ctx = Context::new(&rt);
/// ctx.set_global_fn("double", |This(n): This<f64>| n * 2.0);
/// assert_eq!(ctx.eval_as::<f64>("double.call(21)").unwrap(), 42.0);
/// ```
#[derive(Clone, Debug, Default)]
pub struct This<T>(pub T);

impl<T: FromJs> Param for This<T> {
    fn from_params(p: &mut Params<'_>) -> Result<Self, JsError> {
        let v = p.ctx.wrap(p.this.clone());
        T::from_js(p.ctx, v)
            .map(This)
            .map_err(|e| e.in_context("this"))
    }
    const COUNT: Option<u32> = None;
}

/// An optional argument: `None` when missing or `undefined`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Opt<T>(pub Option<T>);

impl<T: FromJs> Param for Opt<T> {
    fn from_params(p: &mut Params<'_>) -> Result<Self, JsError> {
        let pos = p.next + 1;
        let v = p.take();
        if v.is_undefined() {
            return Ok(Opt(None));
        }
        T::from_js(p.ctx, v)
            .map(|v| Opt(Some(v)))
            .map_err(|e| e.in_context(&format!("argument {pos}")))
    }
    const COUNT: Option<u32> = Some(0);
}

/// The remaining arguments, each converted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rest<T>(pub Vec<T>);

impl<T: FromJs> Param for Rest<T> {
    fn from_params(p: &mut Params<'_>) -> Result<Self, JsError> {
        let mut out = Vec::new();
        while p.next < p.args.len() {
            let pos = p.next + 1;
            let v = p.take();
            out.push(T::from_js(p.ctx, v).map_err(|e| e.in_context(&format!("argument {pos}")))?);
        }
        Ok(Rest(out))
    }
    const COUNT: Option<u32> = Some(0);
}

impl Param for Context {
    fn from_params(p: &mut Params<'_>) -> Result<Self, JsError> {
        Ok(p.ctx.clone())
    }
    const COUNT: Option<u32> = None;
}

/// What a host function returns: a convertible value, or `Result<T, E>`
/// whose `Err` is thrown.
pub trait IntoReturn {
    #[doc(hidden)]
    fn into_return(self, ctx: &Context) -> Result<JsValue, JsError>;
}

impl<T: IntoJs> IntoReturn for T {
    fn into_return(self, ctx: &Context) -> Result<JsValue, JsError> {
        self.into_js(ctx)
    }
}

impl<T: IntoJs, E: Into<JsError>> IntoReturn for Result<T, E> {
    fn into_return(self, ctx: &Context) -> Result<JsValue, JsError> {
        match self {
            Ok(v) => v.into_js(ctx),
            Err(e) => Err(e.into()),
        }
    }
}

/// A Rust closure usable as a JavaScript function; `P` are its parameter
/// types (see the [module documentation](self)).
pub trait HostFunction<P>: 'static {
    #[doc(hidden)]
    fn into_host_fn(self, ctx: &Context, name: &str) -> HostFnBox;
    /// The function's `length`: the count of leading required parameters.
    #[doc(hidden)]
    fn length() -> u32;
}

/// The engine closure of a host function.
#[doc(hidden)]
pub struct HostFnBox(pub(crate) object::HostFn);

/// Wraps an `FnMut` closure as a host function. A call that re-enters the
/// same function while it runs throws a `TypeError`.
///
/// ```
/// # use engine::{Context, MutFn, Runtime};
/// # let rt = Runtime::new();
/// # let ctx = Context::new(&rt);
/// let mut count = 0;
/// ctx.set_global_fn("tick", MutFn(move || { count += 1; count }));
/// assert_eq!(ctx.eval_as::<i32>("tick(); tick(); tick()").unwrap(), 3);
/// ```
pub struct MutFn<F>(pub F);

pub(crate) fn length_of(counts: &[Option<u32>]) -> u32 {
    let mut n = 0;
    for c in counts.iter().flatten() {
        if *c == 0 {
            break;
        }
        n += 1;
    }
    n
}

macro_rules! host_fn {
    ($($a:ident),*) => {
        impl<F, R, $($a,)*> HostFunction<($($a,)*)> for F
        where
            F: Fn($($a),*) -> R + 'static,
            R: IntoReturn,
            $($a: Param,)*
        {
            #[allow(unused_variables, unused_mut, non_snake_case)]
            fn into_host_fn(self, ctx: &Context, name: &str) -> HostFnBox {
                host_closure(&ctx.rt, name, move |ctx: &Context, this: &Value, args: &[Value]| {
                    let mut p = Params { ctx, this, args, next: 0 };
                    $(let $a = $a::from_params(&mut p)?;)*
                    (self)($($a),*).into_return(ctx)
                })
            }
            fn length() -> u32 {
                length_of(&[$($a::COUNT),*])
            }
        }

        impl<F, R, $($a,)*> HostFunction<(MutFn<()>, $($a,)*)> for MutFn<F>
        where
            F: FnMut($($a),*) -> R + 'static,
            R: IntoReturn,
            $($a: Param,)*
        {
            #[allow(unused_variables, unused_mut, non_snake_case)]
            fn into_host_fn(self, ctx: &Context, name: &str) -> HostFnBox {
                let f = RefCell::new(self.0);
                host_closure(&ctx.rt, name, move |ctx: &Context, this: &Value, args: &[Value]| {
                    let mut p = Params { ctx, this, args, next: 0 };
                    $(let $a = $a::from_params(&mut p)?;)*
                    let Ok(mut f) = f.try_borrow_mut() else {
                        return Err(JsError::type_error("function called again while it runs"));
                    };
                    (f)($($a),*).into_return(ctx)
                })
            }
            fn length() -> u32 {
                length_of(&[$($a::COUNT),*])
            }
        }
    };
}

host_fn!();
host_fn!(A);
host_fn!(A, B);
host_fn!(A, B, C);
host_fn!(A, B, C, D);
host_fn!(A, B, C, D, E);
host_fn!(A, B, C, D, E, G);
host_fn!(A, B, C, D, E, G, H);
host_fn!(A, B, C, D, E, G, H, I);

/// Makes a native function object around a host closure.
pub(crate) fn make_function(
    ctx: &Context,
    name: &str,
    length: u32,
    host: object::HostFn,
    data: Vec<Value>,
) -> object::Obj {
    let cx = ctx.cx();
    let atom = ctx.rt.intern(name);
    let fo = crate::builtins::function::new_native(&cx, atom, length, host_trampoline, 0, false);
    if let Class::Native(Native { extra, .. }) = &mut fo.d.borrow_mut().class {
        *extra = Some(Box::new(object::NativeExtra {
            constructor: false,
            host: Some(host),
            data,
        }));
    }
    fo
}

/// The engine closure that runs `f` as host function `name`.
pub(crate) fn host_closure<G>(rt: &Rc<Rt>, name: &str, f: G) -> HostFnBox
where
    G: Fn(&Context, &Value, &[Value]) -> Result<JsValue, JsError> + 'static,
{
    let weak: Weak<Rt> = Rc::downgrade(rt);
    let name: Rc<str> = name.into();
    HostFnBox(Rc::new(
        move |cx: Cx, this: &Value, args: &[Value]| -> JsResult<Value> {
            let Some(rt) = weak.upgrade() else {
                return Ok(Value::Undefined);
            };
            let ctx = Context {
                realm: rt.realm(cx.realm.index),
                rt,
            };
            let r = f(&ctx, this, args);
            finish(&ctx, &name, r)
        },
    ))
}

/// A host call's result as the engine wants it: the value, or the thrown
/// value (failed conversions name the function).
pub(crate) fn finish(ctx: &Context, name: &str, r: Result<JsValue, JsError>) -> JsResult<Value> {
    match r {
        Ok(v) => match v.value_in(&ctx.rt) {
            Some(v) => Ok(v.clone()),
            None => Err(ctx.cx().make_error(ErrorKind::TypeError, FOREIGN_VALUE)),
        },
        Err(e) if e.is_conversion() && !name.is_empty() => {
            Err(ctx.thrown(e.in_context_named(name)))
        }
        Err(e) => Err(ctx.thrown(e)),
    }
}

impl JsError {
    fn in_context_named(mut self, name: &str) -> JsError {
        if let Some(l) = &mut self.lazy {
            l.msg = format!("{name}: {}", l.msg);
        }
        self
    }
}

impl Context {
    /// A JavaScript function backed by a typed Rust closure (see the
    /// [module documentation](crate::api::function) for the parameter
    /// types). Its `length` counts the leading required parameters.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let upper = ctx.function("upper", |s: String| s.to_uppercase());
    /// assert_eq!(upper.call::<String>(&ctx, ("abc",)).unwrap(), "ABC");
    /// ```
    pub fn function<P, F: HostFunction<P>>(&self, name: &str, f: F) -> JsFunction {
        let length = F::length();
        let host = f.into_host_fn(self, name);
        let fo = make_function(self, name, length, host.0, Vec::new());
        JsFunction {
            o: JsObject {
                v: self.wrap(Value::Object(fo)),
            },
        }
    }

    /// Defines a global function backed by a typed Rust closure (see
    /// [`Context::function`]).
    pub fn set_global_fn<P, F: HostFunction<P>>(&self, name: &str, f: F) {
        let f = self.function(name, f);
        let _ = self.global().set(self, name, &f.into());
    }

    /// A JavaScript function whose closure reads values it holds through
    /// `captures`, which the cycle collector sees: a function that captures
    /// (directly or not) its own function object, or objects that refer
    /// back to it, is collected when nothing else holds it, instead of
    /// living until the runtime is dropped. The closure receives the
    /// captures first, then its typed parameters.
    ///
    /// ```
    /// use engine::{Context, JsObject, Runtime};
    /// let rt = Runtime::new();
    /// let ctx = Context::new(&rt);
    /// let state = ctx.new_object();
    /// let f = ctx.function_with("bump", state.clone(), |s: &JsObject, ctx: Context| {
    ///     let n: i32 = s.get_as(&ctx, "n").unwrap_or(0);
    ///     s.put(&ctx, "n", n + 1).map(|_| n + 1)
    /// });
    /// state.set(&ctx, "self", &f.clone().into()).unwrap(); // a cycle through Rust
    /// assert_eq!(f.call::<i32>(&ctx, ()).unwrap(), 1);
    /// assert_eq!(f.call::<i32>(&ctx, ()).unwrap(), 2);
    /// ```
    pub fn function_with<C, P, F>(&self, name: &str, captures: C, f: F) -> JsFunction
    where
        C: super::class::Trace + 'static,
        F: CaptureFunction<C, P>,
    {
        let holder = super::class::holder(self, captures);
        let cell = holder.1.clone();
        let g = move |ctx: &Context, this: &Value, args: &[Value]| -> Result<JsValue, JsError> {
            let Ok(c) = cell.try_borrow() else {
                return Err(JsError::type_error("captured values are in use"));
            };
            f.invoke(&c, Params::new(ctx, this, args))
        };
        let host = host_closure(&self.rt, name, g);
        let fo = make_function(
            self,
            name,
            F::length(),
            host.0,
            vec![Value::Object(holder.0)],
        );
        JsFunction {
            o: JsObject {
                v: self.wrap(Value::Object(fo)),
            },
        }
    }
}

/// A closure taking captured values (`&C`) and then typed parameters, for
/// [`Context::function_with`].
pub trait CaptureFunction<C, P>: 'static {
    #[doc(hidden)]
    fn invoke(&self, c: &C, p: Params<'_>) -> Result<JsValue, JsError>;
    #[doc(hidden)]
    fn length() -> u32;
}

macro_rules! capture_fn {
    ($($a:ident),*) => {
        impl<C, F, R, $($a,)*> CaptureFunction<C, ($($a,)*)> for F
        where
            F: Fn(&C, $($a),*) -> R + 'static,
            R: IntoReturn,
            $($a: Param,)*
        {
            #[allow(unused_variables, unused_mut, non_snake_case)]
            fn invoke(&self, c: &C, mut p: Params<'_>) -> Result<JsValue, JsError> {
                let ctx = p.ctx;
                $(let $a = $a::from_params(&mut p)?;)*
                (self)(c, $($a),*).into_return(ctx)
            }
            fn length() -> u32 {
                length_of(&[$($a::COUNT),*])
            }
        }
    };
}

capture_fn!();
capture_fn!(A);
capture_fn!(A, B);
capture_fn!(A, B, D);
capture_fn!(A, B, D, E);
capture_fn!(A, B, D, E, G);
