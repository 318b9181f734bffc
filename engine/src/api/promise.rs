//! Promises and futures.
//!
//! * [`Context::new_promise`] makes a promise and its [`Resolvers`], which
//!   settle it from Rust.
//! * A [`JsPromise`] is a Rust [`Future`] (through
//!   [`JsPromise::into_future`]): awaiting it runs the runtime's jobs until
//!   the promise settles.
//! * [`Context::spawn`] runs a Rust future on the runtime;
//!   [`Context::promise_from_future`] (or returning [`Promised`] from a host
//!   function) makes a promise that the future's result settles.
//! * [`Runtime::drive`] is the future that runs jobs and spawned futures
//!   until none is left; [`Runtime::block_on`] runs a future to completion
//!   on the current thread. Any executor can poll these futures: the engine
//!   needs no particular async runtime, only a single thread (values are
//!   not `Send`).
//! * [`Runtime::set_unhandled_rejection_hook`] hears of promises rejected
//!   with no handler once the job queue is empty.
//!
//! ```
//! use engine::{Context, Promised, Runtime};
//!
//! let rt = Runtime::new();
//! let ctx = Context::new(&rt);
//! // An async host function: its future settles the promise it returns.
//! ctx.set_global_fn("delayedDouble", |x: f64| Promised(async move {
//!     // ... await timers, I/O, channels here ...
//!     Ok::<_, engine::JsError>(x * 2.0)
//! }));
//! let p: engine::JsPromise = ctx.eval_as("(async () => await delayedDouble(21) + 0)()").unwrap();
//! let v = rt.block_on(p.into_future(&ctx)).unwrap();
//! assert_eq!(v.as_f64(), Some(42.0));
//! ```

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Poll, Wake, Waker};

use super::convert::{FromJs, IntoJs, mismatch};
use super::values::JsFunction;
use super::{Context, JsError, JsObject, JsValue, Runtime};
use crate::builtins::promise::State;
use crate::object::{Class, Obj};
use crate::runtime::Cx;
use crate::value::Value;

/// A spawned Rust future.
type Task = Pin<Box<dyn Future<Output = ()>>>;

/// The embedder's unhandled-rejection hook: (realm, promise, reason).
type RejectionHook = Box<dyn Fn(&Context, &JsPromise, &JsValue)>;

/// What the runtime keeps for promises and futures.
#[derive(Default)]
pub(crate) struct Futures {
    pub(crate) tasks: RefCell<Vec<Task>>,
    wakers: RefCell<Vec<Waker>>,
    hook: RefCell<Option<RejectionHook>>,
    /// Promises rejected without a handler since the queue last emptied.
    rejected: RefCell<Vec<(u32, Obj)>>,
}

impl Futures {
    pub(crate) fn clear(&self) {
        drop(std::mem::take(&mut *self.tasks.borrow_mut()));
        self.rejected.borrow_mut().clear();
        drop(self.hook.borrow_mut().take());
    }

    fn wake_all(&self) {
        for w in std::mem::take(&mut *self.wakers.borrow_mut()) {
            w.wake();
        }
    }
}

/// Notes a promise rejected while no handler was attached (the host hook
/// HostPromiseRejectionTracker with "reject"), when the embedder listens.
pub(crate) fn track_rejection(cx: &Cx, promise: &Obj) {
    let f = &cx.rt.host.futures;
    if f.hook.borrow().is_some() {
        f.rejected
            .borrow_mut()
            .push((cx.realm.index, promise.clone()));
    }
}

/// The state of a promise.
#[derive(Clone, Debug)]
pub enum PromiseState {
    /// Not settled yet.
    Pending,
    /// Fulfilled with a value.
    Fulfilled(JsValue),
    /// Rejected with a reason.
    Rejected(JsValue),
}

/// A JavaScript promise held by the embedder.
#[derive(Clone)]
pub struct JsPromise {
    pub(crate) o: JsObject,
}

impl std::fmt::Debug for JsPromise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.o.fmt(f)
    }
}

impl std::ops::Deref for JsPromise {
    type Target = JsObject;
    fn deref(&self) -> &JsObject {
        &self.o
    }
}

impl From<JsPromise> for JsValue {
    fn from(p: JsPromise) -> JsValue {
        p.o.v
    }
}

impl FromJs for JsPromise {
    fn from_js(_ctx: &Context, value: JsValue) -> Result<Self, JsError> {
        if crate::builtins::promise::is_promise(value.val()) {
            Ok(JsPromise {
                o: JsObject { v: value },
            })
        } else {
            Err(mismatch("promise", &value))
        }
    }
}

impl IntoJs for JsPromise {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self.o.v)
    }
}

impl IntoJs for &JsPromise {
    fn into_js(self, _ctx: &Context) -> Result<JsValue, JsError> {
        Ok(self.o.v.clone())
    }
}

impl JsPromise {
    /// The promise's state. Reading a rejected promise's state marks the
    /// rejection as handled.
    pub fn state(&self, ctx: &Context) -> PromiseState {
        let Some(Value::Object(o)) = self.o.v.value_in(&ctx.rt) else {
            return PromiseState::Pending;
        };
        let mut d = o.d.borrow_mut();
        let Class::Promise(p) = &mut d.class else {
            return PromiseState::Pending;
        };
        match p.state {
            State::Pending => PromiseState::Pending,
            State::Fulfilled => PromiseState::Fulfilled(ctx.wrap(p.result.clone())),
            State::Rejected => {
                p.handled = true;
                PromiseState::Rejected(ctx.wrap(p.result.clone()))
            }
        }
    }

    /// `promise.then(on_fulfilled, on_rejected)`.
    pub fn then(
        &self,
        ctx: &Context,
        on_fulfilled: Option<&JsFunction>,
        on_rejected: Option<&JsFunction>,
    ) -> Result<JsPromise, JsError> {
        let f = |h: Option<&JsFunction>| h.map_or(JsValue::undefined(), |h| h.o.v.clone());
        self.o
            .call_method(ctx, "then", vec![f(on_fulfilled), f(on_rejected)])
    }

    /// A future that settles with the promise: the fulfilled value, or the
    /// rejection as an error. Polling it runs the runtime's pending jobs
    /// and spawned futures.
    pub fn into_future(self, ctx: &Context) -> PromiseFuture {
        PromiseFuture {
            ctx: ctx.clone(),
            promise: self,
        }
    }
}

/// The future of a [`JsPromise`] (see [`JsPromise::into_future`]).
pub struct PromiseFuture {
    ctx: Context,
    promise: JsPromise,
}

impl Future for PromiseFuture {
    type Output = Result<JsValue, JsError>;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let rt = this.ctx.runtime();
        if let Err(e) = rt.pump(cx) {
            return Poll::Ready(Err(e));
        }
        match this.promise.state(&this.ctx) {
            PromiseState::Fulfilled(v) => Poll::Ready(Ok(v)),
            PromiseState::Rejected(e) => Poll::Ready(Err(this.ctx.error_from(e))),
            PromiseState::Pending => {
                rt.rt
                    .host
                    .futures
                    .wakers
                    .borrow_mut()
                    .push(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

/// The functions that settle a promise made by [`Context::new_promise`].
#[derive(Clone)]
pub struct Resolvers {
    resolve: JsFunction,
    reject: JsFunction,
}

impl Resolvers {
    /// Resolves the promise with a value (a thenable is followed).
    pub fn resolve(&self, ctx: &Context, value: impl IntoJs) -> Result<(), JsError> {
        let v = value.into_js(ctx)?;
        self.resolve.call::<JsValue>(ctx, vec![v])?;
        ctx.rt.host.futures.wake_all();
        Ok(())
    }

    /// Rejects the promise with a reason.
    pub fn reject(&self, ctx: &Context, reason: impl IntoJs) -> Result<(), JsError> {
        let v = reason.into_js(ctx)?;
        self.reject.call::<JsValue>(ctx, vec![v])?;
        ctx.rt.host.futures.wake_all();
        Ok(())
    }

    /// Rejects the promise with an error (a [`JsError`] made in Rust
    /// becomes an error object of this realm).
    pub fn reject_error(&self, ctx: &Context, e: JsError) -> Result<(), JsError> {
        let v = ctx.wrap(ctx.thrown(e));
        self.reject(ctx, v)
    }
}

/// A future returned from a host function: the function returns a promise
/// that the future's result settles (`Ok` fulfils, `Err` rejects).
///
/// ```
/// # use engine::{Context, Promised, Runtime};
/// # let rt = Runtime::new();
/// # let ctx = Context::new(&rt);
/// ctx.set_global_fn("later", |s: String| Promised(async move {
///     if s.is_empty() { Err(engine::JsError::type_error("empty")) } else { Ok(s.len()) }
/// }));
/// ctx.eval("later('abc').then(n => globalThis.n = n); later('').catch(e => globalThis.e = e.message)", "p.js").unwrap();
/// rt.block_on(rt.drive()).unwrap();
/// assert_eq!(ctx.eval_as::<(u32, String)>("[n, e]").unwrap(), (3, "empty".to_string()));
/// ```
pub struct Promised<F>(pub F);

impl<F, T, E> IntoJs for Promised<F>
where
    F: Future<Output = Result<T, E>> + 'static,
    T: IntoJs + 'static,
    E: Into<JsError> + 'static,
{
    fn into_js(self, ctx: &Context) -> Result<JsValue, JsError> {
        Ok(ctx.promise_from_future(self.0).into())
    }
}

impl Context {
    /// A new pending promise and the functions that settle it.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let (p, resolvers) = ctx.new_promise();
    /// ctx.set_global("p", &p).unwrap();
    /// ctx.eval("p.then(v => globalThis.got = v)", "p.js").unwrap();
    /// resolvers.resolve(&ctx, "done").unwrap();
    /// rt.run_pending_jobs().unwrap();
    /// assert_eq!(ctx.get_global::<String>("got").unwrap(), "done");
    /// ```
    pub fn new_promise(&self) -> (JsPromise, Resolvers) {
        let cx = self.cx();
        let (p, resolve, reject) = crate::builtins::promise::new_pending(&cx);
        let f = |v: Value| JsFunction {
            o: JsObject { v: self.wrap(v) },
        };
        (
            JsPromise {
                o: JsObject { v: self.wrap(p) },
            },
            Resolvers {
                resolve: f(resolve),
                reject: f(reject),
            },
        )
    }

    /// Runs a Rust future on this runtime: it is polled by
    /// [`Runtime::drive`], [`Runtime::block_on`] and while a
    /// [`PromiseFuture`] is awaited.
    pub fn spawn(&self, fut: impl Future<Output = ()> + 'static) {
        self.rt.host.futures.tasks.borrow_mut().push(Box::pin(fut));
        self.rt.host.futures.wake_all();
    }

    /// A promise settled by a Rust future's result (`Ok` fulfils, `Err`
    /// rejects); the future is [spawned](Context::spawn).
    pub fn promise_from_future<F, T, E>(&self, fut: F) -> JsPromise
    where
        F: Future<Output = Result<T, E>> + 'static,
        T: IntoJs + 'static,
        E: Into<JsError> + 'static,
    {
        let (p, resolvers) = self.new_promise();
        let ctx = self.clone();
        self.spawn(async move {
            let r = match fut.await {
                Ok(v) => v.into_js(&ctx).and_then(|v| resolvers.resolve(&ctx, v)),
                Err(e) => resolvers.reject_error(&ctx, e.into()),
            };
            if let Err(e) = r {
                let _ = resolvers.reject_error(&ctx, e);
            }
        });
        p
    }

    /// The [`JsError`] of a thrown value (its message and stack).
    pub fn error_from(&self, thrown: JsValue) -> JsError {
        match self.import(&thrown) {
            Ok(v) => self.err(v),
            Err(e) => e,
        }
    }
}

impl Runtime {
    /// Runs pending jobs and polls spawned futures until neither makes
    /// progress; returns whether anything ran.
    fn pump(&self, cx: &mut std::task::Context<'_>) -> Result<bool, JsError> {
        let mut any = false;
        loop {
            let jobs = self.run_pending_jobs()?;
            let done = self.poll_tasks(cx);
            if jobs == 0 && !done {
                return Ok(any);
            }
            any = true;
        }
    }

    /// Polls each spawned future once; returns whether one finished or
    /// new ones were spawned.
    fn poll_tasks(&self, cx: &mut std::task::Context<'_>) -> bool {
        let f = &self.rt.host.futures;
        let mut tasks = std::mem::take(&mut *f.tasks.borrow_mut());
        if tasks.is_empty() {
            return false;
        }
        let before = tasks.len();
        tasks.retain_mut(|t| t.as_mut().poll(cx).is_pending());
        let finished = tasks.len() < before;
        // Futures spawned meanwhile go after the older ones.
        let mut new = std::mem::take(&mut *f.tasks.borrow_mut());
        let spawned = !new.is_empty();
        tasks.append(&mut new);
        *f.tasks.borrow_mut() = tasks;
        finished || spawned
    }

    /// A future that runs the job queue and the spawned futures until
    /// both are empty (the event loop of a host without timers or I/O of
    /// its own). A job that throws ends it with that error.
    pub fn drive(&self) -> Drive {
        Drive { rt: self.clone() }
    }

    /// Runs `fut` to completion on this thread, running the runtime's jobs
    /// and spawned futures meanwhile (a minimal executor: the thread sleeps
    /// until a waker fires). A future waiting for something that nothing
    /// will do never completes.
    ///
    /// ```
    /// # let rt = engine::Runtime::new();
    /// # let ctx = engine::Context::new(&rt);
    /// let p: engine::JsPromise = ctx.eval_as("Promise.resolve(1).then(x => x + 1)").unwrap();
    /// assert_eq!(rt.block_on(p.into_future(&ctx)).unwrap().as_f64(), Some(2.0));
    /// ```
    pub fn block_on<F: Future>(&self, fut: F) -> F::Output {
        struct ThreadWaker(std::thread::Thread);
        impl Wake for ThreadWaker {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(ThreadWaker(std::thread::current())));
        let mut cx = std::task::Context::from_waker(&waker);
        let mut fut = std::pin::pin!(fut);
        loop {
            if let Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
                return v;
            }
            if let Err(_e) = self.pump(&mut cx) {
                // The error belongs to a job, not to `fut`: it stays queued
                // for whoever drives the runtime; keep waiting on `fut`.
            }
            if self.pending_async_waiters() > 0 {
                std::thread::park_timeout(std::time::Duration::from_millis(5));
            } else if self.rt.jobs.borrow().is_empty() {
                std::thread::park_timeout(std::time::Duration::from_millis(100));
            }
        }
    }

    /// Installs the hook called for each promise rejected without a
    /// handler: after the job queue empties, a promise still unhandled is
    /// reported with its reason (so `Promise.reject(x).catch(f)` in one
    /// job is not). `None` removes it.
    ///
    /// ```
    /// use std::{cell::RefCell, rc::Rc};
    /// let rt = engine::Runtime::new();
    /// let ctx = engine::Context::new(&rt);
    /// let seen = Rc::new(RefCell::new(Vec::new()));
    /// let s = seen.clone();
    /// rt.set_unhandled_rejection_hook(Some(Box::new(move |ctx, _promise, reason| {
    ///     s.borrow_mut().push(ctx.to_string(reason).unwrap());
    /// })));
    /// ctx.eval("Promise.reject(new Error('lost')); Promise.reject(2).catch(() => {})", "r.js").unwrap();
    /// rt.run_pending_jobs().unwrap();
    /// assert_eq!(*seen.borrow(), ["Error: lost"]);
    /// ```
    pub fn set_unhandled_rejection_hook(&self, hook: Option<RejectionHook>) {
        let f = &self.rt.host.futures;
        if hook.is_none() {
            f.rejected.borrow_mut().clear();
        }
        *f.hook.borrow_mut() = hook;
    }

    /// Reports the rejections still unhandled to the hook.
    pub(crate) fn report_rejections(&self) {
        let f = &self.rt.host.futures;
        loop {
            let list = std::mem::take(&mut *f.rejected.borrow_mut());
            if list.is_empty() {
                return;
            }
            let Some(hook) = f.hook.borrow_mut().take() else {
                return;
            };
            for (realm, p) in list {
                let (handled, reason) = match &p.d.borrow().class {
                    Class::Promise(d) => (d.handled, d.result.clone()),
                    _ => (true, Value::Undefined),
                };
                if handled {
                    continue;
                }
                let ctx = Context {
                    realm: self.rt.realm(realm),
                    rt: self.rt.clone(),
                };
                let promise = JsPromise {
                    o: JsObject {
                        v: ctx.wrap(Value::Object(p)),
                    },
                };
                hook(&ctx, &promise, &ctx.wrap(reason));
            }
            let mut slot = f.hook.borrow_mut();
            if slot.is_none() {
                *slot = Some(hook);
            }
        }
    }
}

/// The future of [`Runtime::drive`].
pub struct Drive {
    rt: Runtime,
}

impl Future for Drive {
    type Output = Result<(), JsError>;
    fn poll(self: Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> Poll<Self::Output> {
        let rt = &self.get_mut().rt;
        if let Err(e) = rt.pump(cx) {
            return Poll::Ready(Err(e));
        }
        let f = &rt.rt.host.futures;
        if f.tasks.borrow().is_empty()
            && rt.rt.jobs.borrow().is_empty()
            && rt.pending_async_waiters() == 0
        {
            return Poll::Ready(Ok(()));
        }
        f.wakers.borrow_mut().push(cx.waker().clone());
        if rt.pending_async_waiters() > 0 {
            // Waiters are polled, not woken: come back soon.
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}
