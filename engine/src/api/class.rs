//! Native classes: JavaScript classes whose instances hold a Rust value.
//!
//! [`Context::class`] starts a [`ClassBuilder`] for a Rust type: a
//! constructor (a typed closure returning the Rust value), methods and
//! accessors (closures taking `&T` or `&mut T` first), static members, and
//! a parent class (another native class, or any JavaScript constructor).
//! Scripts may subclass the result with `class X extends Native {}`.
//!
//! The Rust value lives inside the JavaScript object. JavaScript values it
//! holds are reported to the cycle collector by its [`Trace`]
//! implementation, so a cycle through Rust data (an instance holding a
//! callback that closes over the instance) is collected like any other.
//!
//! ```
//! use engine::{Context, JsFunction, Opt, Runtime, Trace, Tracer};
//!
//! struct Counter { n: i64, on_change: Option<JsFunction> }
//! impl Trace for Counter {
//!     fn trace(&self, t: &mut Tracer) { t.trace(&self.on_change) }
//! }
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! ctx.class::<Counter>("Counter")
//!     .constructor(|start: Opt<i64>| Counter { n: start.0.unwrap_or(0), on_change: None })
//!     .method("inc", |c: &mut Counter, ctx: Context| -> Result<i64, engine::JsError> {
//!         c.n += 1;
//!         if let Some(f) = &c.on_change { f.call::<()>(&ctx, (c.n,))?; }
//!         Ok(c.n)
//!     })
//!     .getter("value", |c: &Counter| c.n)
//!     .setter("onchange", |c: &mut Counter, f: Option<JsFunction>| c.on_change = f)
//!     .static_method("zero", |ctx: Context| ctx.instance(Counter { n: 0, on_change: None }))
//!     .define_global()
//!     .unwrap();
//! let r: String = ctx.eval_as("
//!     const c = new Counter(5);
//!     let seen = [];
//!     c.onchange = (n) => seen.push(n);
//!     c.inc(); c.inc();
//!     `${c.value} ${seen} ${Counter.zero().value} ${c instanceof Counter}`
//! ").unwrap();
//! assert_eq!(r, "7 6,7 0 true");
//! ```

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::rc::Rc;

use super::convert::{FromJs, IntoJs, mismatch};
use super::function::{HostFunction, IntoReturn, Param, Params, host_closure, make_function};
use super::values::{JsArray, JsFunction, Property};
use super::{Context, JsError, JsObject, JsValue, enter};
use crate::atom::Atom;
use crate::object::{self, Args, Class, Native, Obj};
use crate::runtime::{Cx, JsResult, RtLink};
use crate::shape::flags;
use crate::value::Value;

/// Reports the JavaScript values a Rust value holds to the cycle collector.
///
/// Implement it for the Rust data of a native class (and for the captures
/// of [`Context::function_with`]) by calling [`Tracer::trace`] on every
/// field that holds JavaScript values; fields without any need nothing.
/// Missing a value is safe (the collector then keeps what it refers to
/// alive, possibly through a cycle, until the runtime is dropped); `derive`
/// it with `engine-derive`'s `#[derive(Trace)]`.
pub trait Trace {
    /// Reports each JavaScript value held, through `tracer`.
    fn trace(&self, tracer: &mut Tracer<'_>);
}

/// Receives the values reported by [`Trace::trace`].
pub struct Tracer<'a> {
    link: &'a Rc<RtLink>,
    report: &'a mut dyn FnMut(&Value),
}

impl Tracer<'_> {
    /// Reports a value (values of other runtimes are ignored).
    pub fn value(&mut self, v: &JsValue) {
        if let (Some(l), Some(v)) = (&v.rt, &v.v)
            && Rc::ptr_eq(l, self.link)
            && l.alive.get()
        {
            (self.report)(v);
        }
    }

    /// Reports everything `t` holds.
    pub fn trace<T: Trace + ?Sized>(&mut self, t: &T) {
        t.trace(self);
    }
}

impl Trace for JsValue {
    fn trace(&self, t: &mut Tracer<'_>) {
        t.value(self);
    }
}

impl Trace for JsObject {
    fn trace(&self, t: &mut Tracer<'_>) {
        t.value(&self.v);
    }
}

impl Trace for JsFunction {
    fn trace(&self, t: &mut Tracer<'_>) {
        t.value(&self.o.v);
    }
}

impl Trace for JsArray {
    fn trace(&self, t: &mut Tracer<'_>) {
        t.value(&self.o.v);
    }
}

impl<T: Trace> Trace for Option<T> {
    fn trace(&self, t: &mut Tracer<'_>) {
        if let Some(v) = self {
            v.trace(t);
        }
    }
}

impl<T: Trace> Trace for Vec<T> {
    fn trace(&self, t: &mut Tracer<'_>) {
        self.iter().for_each(|v| v.trace(t));
    }
}

impl<T: Trace> Trace for Box<T> {
    fn trace(&self, t: &mut Tracer<'_>) {
        (**self).trace(t);
    }
}

impl<T: Trace> Trace for RefCell<T> {
    fn trace(&self, t: &mut Tracer<'_>) {
        if let Ok(v) = self.try_borrow() {
            v.trace(t);
        }
    }
}

impl<K, T: Trace, S> Trace for HashMap<K, T, S> {
    fn trace(&self, t: &mut Tracer<'_>) {
        self.values().for_each(|v| v.trace(t));
    }
}

impl<K, T: Trace> Trace for BTreeMap<K, T> {
    fn trace(&self, t: &mut Tracer<'_>) {
        self.values().for_each(|v| v.trace(t));
    }
}

macro_rules! no_trace {
    ($($t:ty),*) => {$(
        impl Trace for $t {
            fn trace(&self, _t: &mut Tracer<'_>) {}
        }
    )*};
}

no_trace!(
    (),
    bool,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    char,
    String,
    &'static str
);

macro_rules! tuple_trace {
    ($($t:ident $i:tt),*) => {
        impl<$($t: Trace),*> Trace for ($($t,)*) {
            fn trace(&self, t: &mut Tracer<'_>) {
                $(self.$i.trace(t);)*
            }
        }
    };
}

tuple_trace!(A 0, B 1);
tuple_trace!(A 0, B 1, C 2);
tuple_trace!(A 0, B 1, C 2, D 3);

/// The Rust value of a native object, type-erased.
pub(crate) trait HostCell {
    fn trace_cell(&self, t: &mut Tracer<'_>);
    fn as_any(&self) -> &dyn Any;
}

impl<T: Trace + 'static> HostCell for RefCell<T> {
    fn trace_cell(&self, t: &mut Tracer<'_>) {
        // A value borrowed right now (a method is running) is skipped: the
        // collector then treats what it holds as reachable.
        if let Ok(v) = self.try_borrow() {
            v.trace(t);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The class data of a native object (`Class::Host`).
pub(crate) struct HostData {
    link: Rc<RtLink>,
    /// `None` while the constructor has not produced the value yet.
    cell: Option<Rc<dyn HostCell>>,
}

impl HostData {
    pub(crate) fn trace(&self, t: &mut crate::gc::Tracer) {
        if let Some(c) = &self.cell {
            let mut report = |v: &Value| object::trace_value(v, t);
            let mut tracer = Tracer {
                link: &self.link,
                report: &mut report,
            };
            c.trace_cell(&mut tracer);
        }
    }
}

/// A hidden native object holding `value`, for captured values.
pub(crate) fn holder<C: Trace + 'static>(ctx: &Context, value: C) -> (Obj, Rc<RefCell<C>>) {
    let cell = Rc::new(RefCell::new(value));
    let o = object::new_object(
        ctx.cx(),
        None,
        Class::Host(Box::new(HostData {
            link: ctx.rt.link.clone(),
            cell: Some(cell.clone()),
        })),
    );
    (o, cell)
}

/// What a runtime knows of a native class.
pub(crate) struct ClassInfo {
    /// The prototype and constructor in each realm (by realm index).
    pub(crate) protos: HashMap<u32, (Value, Value)>,
}

type UpFn = dyn Fn(&dyn Any) -> Option<&dyn Any>;
type UpMutFn = dyn Fn(&mut dyn Any) -> Option<&mut dyn Any>;

/// For a class extending another native class: how to reach the
/// parent's value inside this one's.
#[derive(Clone)]
struct Upcast {
    get: Rc<UpFn>,
    get_mut: Rc<UpMutFn>,
}

/// The native classes of a runtime.
#[derive(Default)]
pub(crate) struct Classes {
    pub(crate) by_type: RefCell<HashMap<TypeId, ClassInfo>>,
}

impl Classes {
    pub(crate) fn clear(&self) {
        let all = std::mem::take(&mut *self.by_type.borrow_mut());
        drop(all);
    }
}

fn upcast(t: TypeId) -> Option<Upcast> {
    UPCASTS.with(|u| u.borrow().get(&t).cloned())
}

/// The Rust value cell of native object `v`, if it has one.
fn cell_of(v: &Value) -> Option<Rc<dyn HostCell>> {
    let Value::Object(o) = v else { return None };
    match &o.d.borrow().class {
        Class::Host(h) => h.cell.clone(),
        _ => None,
    }
}

/// Runs `f` on the `T` inside native object `v` (or inside a native
/// subclass instance whose value contains a `T`).
fn with_ref<T: 'static, R>(v: &Value, f: impl FnOnce(&T) -> R) -> Option<R> {
    let cell = cell_of(v)?;
    let any = cell.as_any();
    // The cell is a RefCell<U> for the instance's own type U.
    let mut out = None;
    let mut f = Some(f);
    let mut visit = |data: &dyn Any| {
        let mut cur = data;
        loop {
            if let Some(t) = cur.downcast_ref::<T>() {
                out = f.take().map(|f| f(t));
                return;
            }
            let Some(up) = upcast((*cur).type_id()) else {
                return;
            };
            match (up.get)(cur) {
                Some(next) => cur = next,
                None => return,
            }
        }
    };
    borrow_any(any, &mut visit)?;
    out
}

fn with_mut<T: 'static, R>(v: &Value, f: impl FnOnce(&mut T) -> R) -> Option<R> {
    let cell = cell_of(v)?;
    let any = cell.as_any();
    let mut out = None;
    let mut f = Some(f);
    let mut visit = |data: &mut dyn Any| {
        let mut cur = data;
        loop {
            if cur.is::<T>() {
                if let Some(t) = cur.downcast_mut::<T>() {
                    out = f.take().map(|f| f(t));
                }
                return;
            }
            let Some(up) = upcast((*cur).type_id()) else {
                return;
            };
            match (up.get_mut)(cur) {
                Some(next) => cur = next,
                None => return,
            }
        }
    };
    borrow_any_mut(any, &mut visit)?;
    out
}

/// Borrows the value inside a `RefCell<U>` of a registered class type.
fn borrow_any(any: &dyn Any, f: &mut dyn FnMut(&dyn Any)) -> Option<()> {
    REGISTRY.with(|r| {
        let r = r.borrow();
        let b = r.get(&any.type_id())?;
        (b.shared)(any, f)
    })
}

fn borrow_any_mut(any: &dyn Any, f: &mut dyn FnMut(&mut dyn Any)) -> Option<()> {
    REGISTRY.with(|r| {
        let r = r.borrow();
        let b = r.get(&any.type_id())?;
        (b.exclusive)(any, f)
    })
}

type SharedFn = fn(&dyn Any, &mut dyn FnMut(&dyn Any)) -> Option<()>;
type ExclusiveFn = fn(&dyn Any, &mut dyn FnMut(&mut dyn Any)) -> Option<()>;

/// How to borrow the `RefCell<U>` of each class type `U` as `dyn Any`.
struct Borrowers {
    shared: SharedFn,
    exclusive: ExclusiveFn,
}

thread_local! {
    static REGISTRY: RefCell<HashMap<TypeId, Borrowers>> = RefCell::new(HashMap::new());
    /// Native class types that extend another, by type.
    static UPCASTS: RefCell<HashMap<TypeId, Upcast>> = RefCell::new(HashMap::new());
}

fn shared_of<U: 'static>(any: &dyn Any, f: &mut dyn FnMut(&dyn Any)) -> Option<()> {
    let cell = any.downcast_ref::<RefCell<U>>()?;
    let b = cell.try_borrow().ok()?;
    f(&*b);
    Some(())
}

fn exclusive_of<U: 'static>(any: &dyn Any, f: &mut dyn FnMut(&mut dyn Any)) -> Option<()> {
    let cell = any.downcast_ref::<RefCell<U>>()?;
    let mut b = cell.try_borrow_mut().ok()?;
    f(&mut *b);
    Some(())
}

fn register_type<U: 'static>() {
    REGISTRY.with(|r| {
        r.borrow_mut()
            .entry(TypeId::of::<RefCell<U>>())
            .or_insert(Borrowers {
                shared: shared_of::<U>,
                exclusive: exclusive_of::<U>,
            });
    });
}

/// The error for a method called on the wrong kind of object, or on an
/// instance whose value is in use by a running method.
fn receiver_error(class: &str, member: &str) -> JsError {
    JsError::type_error(format!(
        "{class}.prototype.{member} called on an incompatible receiver (or re-entered while its value is borrowed)"
    ))
}

/// A method: a closure taking `&T` or `&mut T`, then typed parameters.
pub trait Method<T, P>: 'static {
    #[doc(hidden)]
    fn invoke(&self, p: Params<'_>, names: (&str, &str)) -> Result<JsValue, JsError>;
    #[doc(hidden)]
    fn length() -> u32;
}

#[doc(hidden)]
pub struct Shared;
#[doc(hidden)]
pub struct Exclusive;

macro_rules! method {
    ($($a:ident),*) => {
        impl<T: 'static, F, R, $($a,)*> Method<T, (Shared, $($a,)*)> for F
        where
            F: Fn(&T, $($a),*) -> R + 'static,
            R: IntoReturn,
            $($a: Param,)*
        {
            #[allow(unused_variables, unused_mut, non_snake_case)]
            fn invoke(&self, mut p: Params<'_>, names: (&str, &str)) -> Result<JsValue, JsError> {
                let (ctx, this) = (p.ctx, p.this);
                $(let $a = $a::from_params(&mut p)?;)*
                match with_ref::<T, R>(this, |t| (self)(t, $($a),*)) {
                    Some(r) => r.into_return(ctx),
                    None => Err(receiver_error(names.0, names.1)),
                }
            }
            fn length() -> u32 {
                super::function::length_of(&[$($a::COUNT),*])
            }
        }

        impl<T: 'static, F, R, $($a,)*> Method<T, (Exclusive, $($a,)*)> for F
        where
            F: Fn(&mut T, $($a),*) -> R + 'static,
            R: IntoReturn,
            $($a: Param,)*
        {
            #[allow(unused_variables, unused_mut, non_snake_case)]
            fn invoke(&self, mut p: Params<'_>, names: (&str, &str)) -> Result<JsValue, JsError> {
                let (ctx, this) = (p.ctx, p.this);
                $(let $a = $a::from_params(&mut p)?;)*
                match with_mut::<T, R>(this, |t| (self)(t, $($a),*)) {
                    Some(r) => r.into_return(ctx),
                    None => Err(receiver_error(names.0, names.1)),
                }
            }
            fn length() -> u32 {
                super::function::length_of(&[$($a::COUNT),*])
            }
        }
    };
}

method!();
method!(A);
method!(B, A);
method!(B, C, A);
method!(B, C, D, A);
method!(B, C, D, E, A);
method!(B, C, D, E, G, A);

/// A constructor: a closure taking typed parameters and returning the Rust
/// value (or `Result` of it).
pub trait Constructor<T, P>: 'static {
    #[doc(hidden)]
    fn construct(&self, p: Params<'_>) -> Result<T, JsError>;
    #[doc(hidden)]
    fn length() -> u32;
}

/// The result of a constructor closure: the value or `Result` of it.
pub trait IntoInstance<T> {
    #[doc(hidden)]
    fn into_instance(self) -> Result<T, JsError>;
}

impl<T> IntoInstance<T> for T {
    fn into_instance(self) -> Result<T, JsError> {
        Ok(self)
    }
}

impl<T, E: Into<JsError>> IntoInstance<T> for Result<T, E> {
    fn into_instance(self) -> Result<T, JsError> {
        self.map_err(Into::into)
    }
}

macro_rules! ctor {
    ($($a:ident),*) => {
        impl<T, F, R, $($a,)*> Constructor<T, ($($a,)*)> for F
        where
            F: Fn($($a),*) -> R + 'static,
            R: IntoInstance<T>,
            $($a: Param,)*
        {
            #[allow(unused_variables, unused_mut, non_snake_case)]
            fn construct(&self, mut p: Params<'_>) -> Result<T, JsError> {
                $(let $a = $a::from_params(&mut p)?;)*
                (self)($($a),*).into_instance()
            }
            fn length() -> u32 {
                super::function::length_of(&[$($a::COUNT),*])
            }
        }
    };
}

ctor!();
ctor!(A);
ctor!(A, B);
ctor!(A, B, C);
ctor!(A, B, C, D);
ctor!(A, B, C, D, E);
ctor!(A, B, C, D, E, G);

type CtorFn<T> = Rc<dyn Fn(&Context, &[Value]) -> Result<T, JsError>>;

enum Parent {
    None,
    Native(TypeId, Upcast),
    Value(JsValue),
}

/// Builds a native class; see the [module documentation](self).
pub struct ClassBuilder<T: Trace + 'static> {
    ctx: Context,
    name: String,
    ctor: Option<(CtorFn<T>, u32)>,
    methods: Vec<(String, JsFunction)>,
    accessors: Vec<(String, Option<JsFunction>, Option<JsFunction>)>,
    statics: Vec<(String, JsValue)>,
    parent: Parent,
    _t: PhantomData<T>,
}

impl<T: Trace + 'static> ClassBuilder<T> {
    /// The constructor: `new Class(...)` converts the arguments, calls `f`
    /// and wraps its value. Without one, scripts cannot construct the class
    /// (instances come from [`Context::instance`]).
    pub fn constructor<P, F: Constructor<T, P>>(mut self, f: F) -> Self {
        let len = F::length();
        self.ctor = Some((
            Rc::new(move |ctx, args| f.construct(Params::new(ctx, &Value::Undefined, args))),
            len,
        ));
        self
    }

    fn member<P, F: Method<T, P>>(&self, name: &str, f: F) -> JsFunction {
        let class = self.name.clone();
        let member = name.to_string();
        let host = host_closure(
            &self.ctx.rt,
            name,
            move |ctx: &Context, this: &Value, args: &[Value]| {
                f.invoke(Params::new(ctx, this, args), (&class, &member))
            },
        );
        let fo = make_function(&self.ctx, name, F::length(), host.0, Vec::new());
        JsFunction {
            o: JsObject {
                v: self.ctx.wrap(Value::Object(fo)),
            },
        }
    }

    /// A prototype method; `f` takes `&T` or `&mut T` first, then typed
    /// parameters (see [`HostFunction`]).
    pub fn method<P, F: Method<T, P>>(mut self, name: &str, f: F) -> Self {
        let m = self.member(name, f);
        self.methods.push((name.to_string(), m));
        self
    }

    /// A getter on the prototype: `f` takes `&T` (or `&mut T`).
    pub fn getter<P, F: Method<T, P>>(mut self, name: &str, f: F) -> Self {
        let g = self.member(&format!("get {name}"), f);
        match self.accessors.iter_mut().find(|a| a.0 == name) {
            Some(a) => a.1 = Some(g),
            None => self.accessors.push((name.to_string(), Some(g), None)),
        }
        self
    }

    /// A setter on the prototype: `f` takes `&mut T` and the new value.
    pub fn setter<P, F: Method<T, P>>(mut self, name: &str, f: F) -> Self {
        let s = self.member(&format!("set {name}"), f);
        match self.accessors.iter_mut().find(|a| a.0 == name) {
            Some(a) => a.2 = Some(s),
            None => self.accessors.push((name.to_string(), None, Some(s))),
        }
        self
    }

    /// A static method (a property of the constructor).
    pub fn static_method<P, F: HostFunction<P>>(mut self, name: &str, f: F) -> Self {
        let m = self.ctx.function(name, f);
        self.statics.push((name.to_string(), m.into()));
        self
    }

    /// A static value (a property of the constructor).
    pub fn static_value(mut self, name: &str, value: impl IntoJs) -> Self {
        if let Ok(v) = value.into_js(&self.ctx) {
            self.statics.push((name.to_string(), v));
        }
        self
    }

    /// Makes the class extend native class `P` (registered before in this
    /// realm): its prototype inherits `P.prototype`, and `P`'s methods and
    /// accessors work on instances of this class through `get`/`get_mut`,
    /// which find the `P` inside a `T`.
    pub fn extends<P: Trace + 'static>(
        mut self,
        get: fn(&T) -> &P,
        get_mut: fn(&mut T) -> &mut P,
    ) -> Self {
        let up = Upcast {
            get: Rc::new(move |a: &dyn Any| a.downcast_ref::<T>().map(|t| get(t) as &dyn Any)),
            get_mut: Rc::new(move |a: &mut dyn Any| {
                a.downcast_mut::<T>().map(|t| get_mut(t) as &mut dyn Any)
            }),
        };
        self.parent = Parent::Native(TypeId::of::<P>(), up);
        self
    }

    /// Makes the class extend a JavaScript constructor (a built-in such as
    /// `Error` or `EventTarget`, or a script class): the prototype chains
    /// are linked; instances are still native objects holding a `T`.
    pub fn extends_value(mut self, parent: &JsValue) -> Self {
        self.parent = Parent::Value(parent.clone());
        self
    }

    /// Creates the constructor and prototype and registers the class in
    /// this realm; returns the constructor.
    pub fn build(self) -> Result<JsFunction, JsError> {
        let ctx = &self.ctx;
        register_type::<T>();
        let cx = ctx.cx();
        // The parent's constructor and prototype.
        let (parent_ctor, parent_proto, up) = match &self.parent {
            Parent::None => (None, Some(ctx.realm.intr.object_proto.clone()), None),
            Parent::Native(t, up) => {
                let classes = ctx.rt.host.classes.by_type.borrow();
                let Some((p, c)) = classes
                    .get(t)
                    .and_then(|i| i.protos.get(&ctx.realm.index))
                    .cloned()
                else {
                    return Err(JsError::type_error(format!(
                        "class {}: the parent class is not registered in this realm",
                        self.name
                    )));
                };
                let (Value::Object(p), Value::Object(c)) = (p, c) else {
                    return Err(JsError::type_error("bad parent class"));
                };
                (Some(c), Some(p), Some(up.clone()))
            }
            Parent::Value(v) => {
                let Value::Object(c) = ctx.import(v)? else {
                    return Err(JsError::type_error("class parent is not a constructor"));
                };
                let p = enter(&ctx.rt, || object::get_prop(&cx, &c, Atom::PROTOTYPE))
                    .map_err(|e| ctx.err(e))?;
                let p = match p {
                    Value::Object(p) => Some(p),
                    Value::Null => None,
                    _ => return Err(JsError::type_error("parent prototype is not an object")),
                };
                (Some(c), p, None)
            }
        };
        let proto = object::new_object(cx, parent_proto, Class::Object);
        let (ctor_fn, length) = match self.ctor {
            Some((f, n)) => (Some(f), n),
            None => (None, 0),
        };
        let name = self.name.clone();
        let class_name = self.name.clone();
        let host = host_closure(
            &ctx.rt,
            "",
            move |ctx: &Context, this: &Value, args: &[Value]| -> Result<JsValue, JsError> {
                // The construct trampoline passes a fresh instance without
                // a value; anything else is a call without `new`.
                let fresh = match this {
                    Value::Object(o) => match &o.d.borrow().class {
                        Class::Host(h) => h.cell.is_none(),
                        _ => false,
                    },
                    _ => false,
                };
                if !fresh {
                    return Err(JsError::type_error(format!(
                        "class constructor {class_name} cannot be invoked without 'new'"
                    )));
                }
                let Some(f) = &ctor_fn else {
                    return Err(JsError::type_error(format!(
                        "{class_name} has no constructor"
                    )));
                };
                let value = f(ctx, args)?;
                if let Value::Object(o) = this
                    && let Class::Host(h) = &mut o.d.borrow_mut().class
                {
                    h.cell = Some(Rc::new(RefCell::new(value)));
                }
                Ok(ctx.wrap(this.clone()))
            },
        );
        let atom = ctx.rt.intern(&name);
        let ctor =
            crate::builtins::function::new_native(&cx, atom, length, construct_trampoline, 0, true);
        if let Class::Native(Native { extra, .. }) = &mut ctor.d.borrow_mut().class {
            *extra = Some(Box::new(object::NativeExtra {
                constructor: true,
                host: Some(host.0),
                data: vec![Value::Object(proto.clone())],
            }));
        }
        if let Some(pc) = parent_ctor {
            ctor.d.borrow_mut().proto = Some(pc);
        }
        object::define_data(&cx, &ctor, Atom::PROTOTYPE, Value::Object(proto.clone()), 0);
        object::define_data(
            &cx,
            &proto,
            Atom::CONSTRUCTOR,
            Value::Object(ctor.clone()),
            flags::HIDDEN,
        );
        let ctor_h = JsObject {
            v: ctx.wrap(Value::Object(ctor.clone())),
        };
        let proto_h = JsObject {
            v: ctx.wrap(Value::Object(proto.clone())),
        };
        for (n, m) in &self.methods {
            proto_h.define(
                ctx,
                n.as_str(),
                Property::value(m.clone().into()).writable().configurable(),
            )?;
        }
        for (n, g, s) in self.accessors {
            proto_h.define(ctx, n.as_str(), Property::accessor(g, s).configurable())?;
        }
        for (n, v) in self.statics {
            ctor_h.define(
                ctx,
                n.as_str(),
                Property::value(v).writable().configurable(),
            )?;
        }
        if let Ok(tag) = ctx.well_known_symbol("toStringTag") {
            let name_v = ctx.new_string(&name);
            proto_h.define(ctx, &tag, Property::value(name_v).configurable())?;
        }
        let mut classes = ctx.rt.host.classes.by_type.borrow_mut();
        let info = classes
            .entry(TypeId::of::<T>())
            .or_insert_with(|| ClassInfo {
                protos: HashMap::new(),
            });
        if let Some(up) = up {
            UPCASTS.with(|u| u.borrow_mut().insert(TypeId::of::<T>(), up));
        }
        info.protos
            .insert(ctx.realm.index, (Value::Object(proto), Value::Object(ctor)));
        Ok(JsFunction { o: ctor_h })
    }

    /// [`ClassBuilder::build`], then defines the constructor as a global.
    pub fn define_global(self) -> Result<JsFunction, JsError> {
        let ctx = self.ctx.clone();
        let name = self.name.clone();
        let c = self.build()?;
        ctx.global().set(&ctx, name.as_str(), &c.clone().into())?;
        Ok(c)
    }
}

/// [[Construct]] of a native class constructor: a fresh instance (its
/// prototype from `new.target`, so script subclasses work), filled by the
/// constructor closure.
fn construct_trampoline(cx: Cx, args: &Args) -> JsResult<Value> {
    let (host, default_proto) = match &args.callee.d.borrow().class {
        Class::Native(n) => match &n.extra {
            Some(x) => (x.host.clone(), x.data.first().cloned()),
            None => (None, None),
        },
        _ => (None, None),
    };
    let Some(host) = host else {
        return Ok(Value::Undefined);
    };
    let Some(nt) = &args.new_target else {
        return host(cx, &Value::Undefined, args.args);
    };
    let proto = match object::get_prop(&cx, nt, Atom::PROTOTYPE)? {
        Value::Object(p) => p,
        _ => match default_proto {
            Some(Value::Object(p)) => p,
            _ => cx.intr().object_proto.clone(),
        },
    };
    let o = object::new_object(
        cx,
        Some(proto),
        Class::Host(Box::new(HostData {
            link: cx.rt.link.clone(),
            cell: None,
        })),
    );
    host(cx, &Value::Object(o), args.args)
}

impl Context {
    /// Starts defining a native class named `name` backed by Rust type `T`
    /// (see the [module documentation](crate::api::class)).
    pub fn class<T: Trace + 'static>(&self, name: &str) -> ClassBuilder<T> {
        ClassBuilder {
            ctx: self.clone(),
            name: name.to_string(),
            ctor: None,
            methods: Vec::new(),
            accessors: Vec::new(),
            statics: Vec::new(),
            parent: Parent::None,
            _t: PhantomData,
        }
    }

    /// A new instance of native class `T` (registered in this realm with
    /// [`Context::class`]) holding `value`.
    pub fn instance<T: Trace + 'static>(&self, value: T) -> Result<Instance<T>, JsError> {
        let proto = {
            let classes = self.rt.host.classes.by_type.borrow();
            match classes
                .get(&TypeId::of::<T>())
                .and_then(|i| i.protos.get(&self.realm.index))
            {
                Some((Value::Object(p), _)) => p.clone(),
                _ => {
                    return Err(JsError::type_error(format!(
                        "{} is not registered as a class in this realm",
                        std::any::type_name::<T>()
                    )));
                }
            }
        };
        let o = object::new_object(
            self.cx(),
            Some(proto),
            Class::Host(Box::new(HostData {
                link: self.rt.link.clone(),
                cell: Some(Rc::new(RefCell::new(value))),
            })),
        );
        Ok(Instance {
            o: JsObject {
                v: self.wrap(Value::Object(o)),
            },
            _t: PhantomData,
        })
    }
}

/// A native object holding a `T` (or a subclass value containing one), as
/// a host function parameter or a handle.
///
/// ```
/// # use engine::{Context, Instance, Runtime, Trace, Tracer};
/// struct Vec2 { x: f64, y: f64 }
/// impl Trace for Vec2 { fn trace(&self, _: &mut Tracer) {} }
/// let rt = Runtime::new();
/// let ctx = Context::new(&rt);
/// ctx.class::<Vec2>("Vec2")
///     .constructor(|x: f64, y: f64| Vec2 { x, y })
///     .define_global()
///     .unwrap();
/// ctx.set_global_fn("dot", |a: Instance<Vec2>, b: Instance<Vec2>| -> Result<f64, engine::JsError> {
///     let (ax, ay) = a.borrow(|v| (v.x, v.y))?;
///     b.borrow(|v| ax * v.x + ay * v.y)
/// });
/// assert_eq!(ctx.eval_as::<f64>("dot(new Vec2(1, 2), new Vec2(3, 4))").unwrap(), 11.0);
/// ```
pub struct Instance<T> {
    o: JsObject,
    _t: PhantomData<T>,
}

impl<T> Clone for Instance<T> {
    fn clone(&self) -> Self {
        Instance {
            o: self.o.clone(),
            _t: PhantomData,
        }
    }
}

impl<T> std::ops::Deref for Instance<T> {
    type Target = JsObject;
    fn deref(&self) -> &JsObject {
        &self.o
    }
}

impl<T: 'static> Instance<T> {
    /// Runs `f` on the Rust value (a `TypeError` if a running method holds
    /// it mutably).
    pub fn borrow<R>(&self, f: impl FnOnce(&T) -> R) -> Result<R, JsError> {
        with_ref(self.o.v.val(), f).ok_or_else(|| JsError::type_error("value in use"))
    }

    /// Runs `f` on the Rust value, mutably (a `TypeError` if a running
    /// method holds it).
    pub fn borrow_mut<R>(&self, f: impl FnOnce(&mut T) -> R) -> Result<R, JsError> {
        with_mut(self.o.v.val(), f).ok_or_else(|| JsError::type_error("value in use"))
    }
}

impl<T: 'static> FromJs for Instance<T> {
    fn from_js(ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        let v = value.value_in(&ctx.rt).cloned().unwrap_or(Value::Undefined);
        if with_ref::<T, ()>(&v, |_| ()).is_some() {
            return Ok(Instance {
                o: JsObject { v: value },
                _t: PhantomData,
            });
        }
        let name = std::any::type_name::<T>();
        let short = name.rsplit("::").next().unwrap_or(name);
        Err(mismatch(short, &value))
    }
}

impl<T> IntoJs for Instance<T> {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self.o.v)
    }
}

impl<T> From<Instance<T>> for JsValue {
    fn from(i: Instance<T>) -> JsValue {
        i.o.v
    }
}

impl<T> Trace for Instance<T> {
    fn trace(&self, t: &mut Tracer<'_>) {
        t.value(&self.o.v);
    }
}
