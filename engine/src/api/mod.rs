//! The public, safe embedding API: [`Runtime`], [`Context`], [`JsValue`].
//!
//! Handles keep what they refer to alive: a [`JsValue`] keeps the values it
//! references alive for as long as their runtime exists. The runtime itself
//! lives while a [`Runtime`] or [`Context`] handle does; values only refer
//! to it weakly, so a Rust closure stored in the runtime (a host function)
//! may capture `JsValue`s without keeping the runtime alive through a cycle.
//! A value that outlives its runtime reads as `undefined` and is otherwise
//! inert.
//!
//! Values belong to one runtime: handing a value of one runtime to another
//! (as an argument, a property value, a receiver or a host function's
//! result) is refused with a `TypeError`, never mixed into the other heap.
//! Nothing here is `Send`; a runtime lives on one thread.

use std::rc::{Rc, Weak};

use crate::atom::Atom;
use crate::builtins::shared_memory::Store;
use crate::gc::{CELL_KINDS, CellKind};
use crate::object::{self, Class, Native};
use crate::runtime::{Cx, ErrorKind, JsResult, Realm, Rt, RtLink};
use crate::value::Value;

pub mod class;
pub mod control;
mod convert;
pub mod function;
pub mod promise;
#[cfg(feature = "serde")]
pub mod serde;
mod values;

pub use class::{ClassBuilder, Instance, Trace, Tracer};
pub use control::{InterruptHandle, RuntimeStats};
pub use convert::{Coerced, FromJs, IntoJs};
pub use function::{HostFunction, MutFn, Opt, Rest, This};
pub use promise::{JsPromise, PromiseFuture, PromiseState, Promised, Resolvers};
#[cfg(feature = "serde")]
pub use serde::Serde;
pub use values::{IntoArgs, IntoKey, JsArray, JsFunction, PropKey, Property};

/// What the embedding API keeps per runtime.
#[derive(Default)]
pub(crate) struct HostState {
    pub(crate) classes: class::Classes,
    pub(crate) interrupt: control::InterruptFlag,
    pub(crate) futures: promise::Futures,
}

impl HostState {
    /// Drops every engine value held, while the heap still exists.
    pub(crate) fn clear(&self) {
        self.futures.clear();
        self.classes.clear();
    }
}

/// Host-facing additions: value inspection with options.
mod host;
pub use host::InspectOptions;

/// Live cells per kind, as the statistics report them.
pub(crate) fn cells_by_kind(s: &crate::gc::HeapStats) -> Vec<(&'static str, usize)> {
    const KINDS: [CellKind; CELL_KINDS] = [
        CellKind::String,
        CellKind::Object,
        CellKind::Bytecode,
        CellKind::VarRef,
        CellKind::BigInt,
        CellKind::Symbol,
    ];
    KINDS
        .iter()
        .map(|k| (k.name(), s.counts[*k as usize]))
        .collect()
}

/// Options for [`Context::eval_with`].
#[derive(Clone, Copy, Debug, Default)]
pub struct EvalOptions {
    /// Evaluate the script as strict mode code (as if it began with `"use strict"`).
    pub strict: bool,
    /// Evaluate as a module instead of a classic script.
    pub module: bool,
}

/// Memory statistics of a runtime.
#[derive(Clone, Debug, Default)]
pub struct MemoryUsage {
    /// Bytes currently allocated by the engine for heap cells and their buffers.
    pub bytes: usize,
    /// Live cells by kind name (e.g. `("object", 12)`).
    pub cells_by_kind: Vec<(&'static str, usize)>,
}

/// Leak accounting of the runtimes created on the current thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LeakReport {
    /// Runtimes created on this thread that are not yet dropped (a runtime
    /// kept alive by a reference cycle through the embedder shows up here).
    pub live_runtimes: usize,
    /// Heap cells that were still allocated when a runtime of this thread was
    /// dropped, summed over the runtimes dropped so far. Dropping a runtime
    /// frees everything it allocated, so anything else is an engine bug
    /// (debug builds also assert it when the runtime is dropped).
    pub leaked_cells: usize,
}

impl LeakReport {
    /// The report for the current thread: once every runtime created on it
    /// is dropped, both counts must be zero.
    pub fn current_thread() -> LeakReport {
        let (live_runtimes, leaked_cells) = crate::gc::leak_report();
        LeakReport {
            live_runtimes,
            leaked_cells,
        }
    }
}

/// A runtime: heap, atoms, shapes, limits. Cloning gives another handle to the same runtime.
#[derive(Clone)]
pub struct Runtime {
    rt: Rc<Rt>,
}

impl Default for Runtime {
    fn default() -> Self {
        Self::new()
    }
}

/// Marks entry into the engine from the embedder: records the native stack
/// base for the stack limit and clears a finished interruption. When the
/// outermost entry returns, the job it ran is over: the KeepDuringJob set
/// is emptied (ClearKeptObjects, §9.10.2).
fn enter<R>(rt: &Rt, f: impl FnOnce() -> R) -> R {
    let depth = rt.entry_depth.get();
    if depth == 0 {
        let here = 0u8;
        rt.stack_base.set(std::ptr::addr_of!(here) as usize);
        rt.interrupted.set(false);
    }
    rt.entry_depth.set(depth + 1);
    let r = f();
    rt.entry_depth.set(depth);
    if depth == 0 {
        crate::builtins::weak_ref::clear_kept_objects(rt);
        crate::builtins::weak_ref::clear_kept_keys(rt);
        if rt.interrupted.get() {
            // The interrupt handle's request has stopped this entry.
            rt.host.interrupt.clear();
        }
    }
    r
}

impl Runtime {
    /// Creates a runtime with default limits.
    pub fn new() -> Runtime {
        let rt = Rt::new();
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x1234_5678);
        rt.rng.set(seed | 1);
        Runtime { rt }
    }

    /// Sets the memory limit in bytes (`None` for no limit). Allocation past
    /// the limit makes the running script throw a catchable `RangeError`.
    pub fn set_memory_limit(&self, limit: Option<usize>) {
        self.rt.heap.set_limit(limit.unwrap_or(usize::MAX));
    }

    /// Sets the maximum native stack the engine may use, in bytes (it also
    /// bounds the depth of JavaScript calls).
    pub fn set_max_stack_size(&self, bytes: usize) {
        self.rt.max_stack_size.set(bytes);
    }

    /// Installs an interrupt handler, polled on backward jumps, calls and long native loops.
    /// Returning `true` interrupts the running script with an uncatchable error.
    pub fn set_interrupt_handler(&self, handler: Option<Box<dyn FnMut() -> bool>>) {
        *self.rt.interrupt.borrow_mut() = handler;
    }

    /// GC stress mode, for testing the engine: with `Some(n)` the cycle
    /// collector also runs before every `n`-th allocation of a collectable
    /// cell (objects, closure variables, bytecode; `Some(1)`: before every
    /// one; past 16,384 live collectable cells, at most every `live / 64`
    /// such allocations, so big heaps stay tractable). Scripts behave exactly
    /// as without it, only slower; a difference is an engine bug (a reference
    /// missing from a `trace`, or one reported that is not held). `None`
    /// turns it off.
    pub fn set_gc_stress(&self, every: Option<u32>) {
        self.rt.heap.set_gc_stress(every.filter(|&n| n > 0));
    }

    /// Live heap cells of all kinds.
    pub fn live_cells(&self) -> usize {
        self.rt.heap.live_cells()
    }

    /// Runs the cycle collector. Finalization callbacks of the objects it
    /// frees are queued as jobs by the next [`Runtime::run_pending_jobs`].
    pub fn run_gc(&self) {
        self.rt.heap.collect_cycles();
    }

    /// Empties the set of objects kept alive by the current job because a
    /// `WeakRef` to them was created or dereferenced (ClearKeptObjects).
    /// The engine does this itself whenever a script or job finishes; hosts
    /// call it to end a job early (test262's `$262.clearKeptObjects`).
    pub fn clear_kept_objects(&self) {
        crate::builtins::weak_ref::clear_kept_objects(&self.rt);
    }

    /// Current memory statistics.
    pub fn memory_usage(&self) -> MemoryUsage {
        let s = self.rt.heap.stats();
        MemoryUsage {
            bytes: s.bytes,
            cells_by_kind: cells_by_kind(&s),
        }
    }

    /// Installs the module resolver, which turns an import specifier and
    /// the importing module's id into a module id (`None`: the textual
    /// [`RelativeResolver`](crate::RelativeResolver)). See
    /// [`module_loader`](crate::module_loader) for ready resolvers.
    pub fn set_module_resolver(&self, resolver: Option<Box<dyn crate::ModuleResolver>>) {
        *self.rt.module_resolver.borrow_mut() = resolver;
    }

    /// Installs the module loader, which turns a module id into source
    /// text, bytes or a native module (`None`: imports fail). Each id is
    /// loaded at most once per module type for the runtime's life. See
    /// [`module_loader`](crate::module_loader) for ready loaders.
    pub fn set_module_loader(&self, loader: Option<Box<dyn crate::ModuleLoader>>) {
        *self.rt.module_loader.borrow_mut() = loader;
    }

    /// Installs the hook that fills a module's `import.meta` object the
    /// first time the module reads it: it gets the realm, the module's id
    /// and the (empty, null-prototype) object; an `Err` is thrown where
    /// `import.meta` was read.
    #[allow(clippy::type_complexity)]
    pub fn set_import_meta_hook(
        &self,
        hook: Option<Box<dyn Fn(&Context, &str, &JsObject) -> Result<(), JsValue>>>,
    ) {
        *self.rt.import_meta_hook.borrow_mut() = hook.map(Rc::from);
    }

    /// How many `Atomics.waitAsync` promises of this runtime wait for a
    /// notification (from another thread) or a timeout. A host with jobs
    /// done and waiters left calls [`Runtime::run_pending_jobs`] again
    /// later: that settles the waiters that were notified or timed out.
    pub fn pending_async_waiters(&self) -> usize {
        self.rt.async_waiters.borrow().len()
    }

    /// Runs queued jobs (promise reactions, finalization registry cleanups)
    /// until the queue is empty; returns how many ran.
    pub fn run_pending_jobs(&self) -> Result<usize, JsError> {
        let mut n = 0;
        loop {
            crate::builtins::finalization_registry::queue_cleanup_jobs(&self.rt);
            if let Err(e) = enter(&self.rt, || {
                crate::builtins::atomics::poll_async_waiters(&self.rt)
            }) {
                let realm = self.rt.realm(0);
                return Err(make_error(&self.rt, &realm, e, false));
            }
            let job = self.rt.jobs.borrow_mut().pop_front();
            let Some(job) = job else {
                // The queue is empty: report rejections still unhandled
                // (the hook may queue more jobs).
                self.report_rejections();
                if self.rt.jobs.borrow().is_empty() {
                    return Ok(n);
                }
                continue;
            };
            n += 1;
            let realm = self.rt.realm(job.realm);
            let cx = Cx {
                rt: &self.rt,
                realm: &realm,
            };
            let r = enter(&self.rt, || {
                cx.call(&job.func, &Value::Undefined, &job.args)
            });
            if let Err(e) = r {
                return Err(make_error(&self.rt, &realm, e, false));
            }
        }
    }
}

/// An evaluated module (see [`Context::eval_module`]).
pub struct JsModule {
    /// The module namespace object: its exports, live.
    pub namespace: JsObject,
    /// The promise of the module's evaluation (settled unless the module
    /// awaits something that no job settles).
    pub promise: JsValue,
}

/// A realm inside a runtime: its own global object and intrinsics.
#[derive(Clone)]
pub struct Context {
    realm: Rc<Realm>,
    rt: Rc<Rt>,
}

/// The error value for a compile error: a `SyntaxError` (a `RangeError` when
/// nesting was too deep) whose stack points at the offending position.
pub(crate) fn compile_error(cx: &Cx, e: &crate::compiler::CompileError, filename: &str) -> Value {
    let kind = if e.too_deep {
        ErrorKind::RangeError
    } else {
        ErrorKind::SyntaxError
    };
    let err = cx.make_error(kind, &e.message);
    if let Value::Object(o) = &err {
        let stack = format!("    at {filename}:{}:{}\n", e.line, e.col);
        object::define_data(
            cx,
            o,
            Atom::STACK,
            Value::String(cx.str(&stack)),
            crate::shape::flags::HIDDEN,
        );
    }
    err
}

/// Evaluates eval code (direct or indirect) in the global scope of `cx`.
pub(crate) fn eval_code(
    cx: &Cx,
    source: &crate::string::JsString,
    strict: bool,
) -> JsResult<Value> {
    let source = crate::compiler::SourceText::from_units(source.units());
    let bc = crate::compiler::compile_eval(cx.rt, &source, strict, None)
        .map_err(|e| compile_error(cx, &e, "<eval>"))?;
    cx.run_script(bc)
}

/// Evaluates the source text built by the `Function` constructor.
pub(crate) fn eval_function_source(
    cx: &Cx,
    source: &crate::compiler::SourceText,
) -> JsResult<Value> {
    let bc = crate::compiler::compile_script_text(cx.rt, source, "<function>")
        .map_err(|e| compile_error(cx, &e, "<function>"))?;
    cx.run_script(bc)
}

fn make_error(rt: &Rc<Rt>, realm: &Rc<Realm>, v: Value, is_syntax_error: bool) -> JsError {
    let value = JsValue::new_in(rt, v.clone());
    let is_interrupted = rt.interrupted.get();
    let cx = Cx { rt, realm };
    let mut stack = None;
    let message = match &v {
        Value::Object(o) if matches!(o.d.borrow().class, Class::Error) => {
            if let Ok(Value::String(s)) = object::get_prop(&cx, o, Atom::STACK) {
                stack = Some(s.to_rust_string());
            }
            let name = match object::get_prop(&cx, o, Atom::NAME) {
                Ok(Value::String(s)) => s.to_rust_string(),
                _ => "Error".into(),
            };
            let msg = match object::get_prop(&cx, o, Atom::MESSAGE) {
                Ok(Value::String(s)) => s.to_rust_string(),
                _ => String::new(),
            };
            if msg.is_empty() {
                name
            } else {
                format!("{name}: {msg}")
            }
        }
        other => enter(rt, || cx.to_rust_string(other)).unwrap_or_else(|_| "<exception>".into()),
    };
    JsError {
        value,
        message,
        stack,
        is_syntax_error,
        is_interrupted,
        lazy: None,
    }
}

impl Context {
    /// Creates a new realm in `rt`.
    pub fn new(rt: &Runtime) -> Context {
        let realm = crate::builtins::new_realm(&rt.rt);
        Context {
            realm,
            rt: rt.rt.clone(),
        }
    }

    fn cx(&self) -> Cx<'_> {
        Cx {
            rt: &self.rt,
            realm: &self.realm,
        }
    }

    /// The context of the realm `cx` runs in (`None` while the runtime is
    /// being dropped), for handing to embedder callbacks.
    pub(crate) fn from_cx(cx: &Cx) -> Option<Context> {
        let rt = cx.rt.this.upgrade()?;
        Some(Context {
            realm: rt.realm(cx.realm.index),
            rt,
        })
    }

    fn wrap(&self, v: Value) -> JsValue {
        JsValue::new_in(&self.rt, v)
    }

    /// The engine value of `v`, which must belong to this context's runtime.
    fn import(&self, v: &JsValue) -> Result<Value, JsError> {
        match v.value_in(&self.rt) {
            Some(v) => Ok(v.clone()),
            None => Err(self.foreign_error()),
        }
    }

    fn foreign_error(&self) -> JsError {
        let e = self.cx().make_error(ErrorKind::TypeError, FOREIGN_VALUE);
        self.err(e)
    }

    fn err(&self, v: Value) -> JsError {
        make_error(&self.rt, &self.realm, v, false)
    }

    /// The value to throw into a script for `e`: an error made in Rust is
    /// created now, in this realm; a value of another runtime is refused.
    pub(crate) fn thrown(&self, e: JsError) -> Value {
        if let Some(l) = e.lazy {
            return self.cx().make_error(l.kind, &l.msg);
        }
        match e.value.value_in(&self.rt) {
            Some(v) => v.clone(),
            None => self.cx().make_error(ErrorKind::TypeError, FOREIGN_VALUE),
        }
    }

    /// Evaluates a classic script in sloppy mode and returns its completion value.
    pub fn eval(&self, source: &str, filename: &str) -> Result<JsValue, JsError> {
        self.eval_with(source, filename, EvalOptions::default())
    }

    /// Evaluates a script with options.
    pub fn eval_with(
        &self,
        source: &str,
        filename: &str,
        opts: EvalOptions,
    ) -> Result<JsValue, JsError> {
        if opts.module {
            return self.eval_module(source, filename).map(|m| m.promise);
        }
        let cx = self.cx();
        let compiled = enter(&self.rt, || {
            crate::compiler::compile_script(cx.rt, source, filename, opts.strict)
        });
        let bc = match compiled {
            Ok(bc) => bc,
            Err(e) => {
                let err = compile_error(&cx, &e, filename);
                return Err(make_error(&self.rt, &self.realm, err, !e.too_deep));
            }
        };
        match enter(&self.rt, || cx.run_script(bc)) {
            Ok(v) => Ok(self.wrap(v)),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Loads, links and evaluates `source` as a module named `name` (its
    /// imports are resolved relative to that name by the runtime's module
    /// loader, see [`Runtime::set_module_loader`]). Returns the module's
    /// namespace and the promise of its evaluation. A module with top-level
    /// `await` is driven (pending jobs run) until that promise settles or
    /// no job is left; a rejection is returned as the error. Errors in
    /// loading (a missing module, a syntax error in an imported module) and
    /// linking (an unresolvable import) name the module and its importer;
    /// the runtime stays usable after any of them.
    pub fn eval_module(&self, source: &str, name: &str) -> Result<JsModule, JsError> {
        let cx = self.cx();
        let r = enter(&self.rt, || crate::module::run_root(&cx, source, name));
        let (id, p) = match r {
            Ok(r) => r,
            Err(Ok(e)) => {
                let err = compile_error(&cx, &e, name);
                return Err(make_error(&self.rt, &self.realm, err, !e.too_deep));
            }
            Err(Err(v)) => return Err(self.err(v)),
        };
        let mut state = crate::module::promise_state(&p);
        if matches!(state, Some((crate::builtins::promise::State::Pending, _))) {
            Runtime {
                rt: self.rt.clone(),
            }
            .run_pending_jobs()?;
            state = crate::module::promise_state(&p);
        }
        if let Some((crate::builtins::promise::State::Rejected, e)) = state {
            return Err(self.err(e));
        }
        let ns =
            enter(&self.rt, || crate::module::namespace_value(&cx, id)).map_err(|e| self.err(e))?;
        Ok(JsModule {
            namespace: JsObject { v: self.wrap(ns) },
            promise: self.wrap(p),
        })
    }

    /// A listing of the bytecode compiled from `source` (for `--dump-bytecode`).
    pub fn dump_bytecode(&self, source: &str, filename: &str) -> Result<String, JsError> {
        let cx = self.cx();
        match enter(&self.rt, || {
            crate::compiler::compile_script(cx.rt, source, filename, false)
        }) {
            Ok(bc) => {
                let mut out = String::new();
                bc.disassemble(&self.rt.atoms, &mut out);
                Ok(out)
            }
            Err(e) => {
                let err = cx.make_error(
                    ErrorKind::SyntaxError,
                    &format!("{} ({}:{})", e.message, e.line, e.col),
                );
                Err(make_error(&self.rt, &self.realm, err, true))
            }
        }
    }

    /// The global object.
    pub fn global(&self) -> JsObject {
        JsObject {
            v: self.wrap(Value::Object(self.realm.global.clone())),
        }
    }

    /// The runtime this realm belongs to.
    pub fn runtime(&self) -> Runtime {
        Runtime {
            rt: self.rt.clone(),
        }
    }

    /// Creates an empty plain object.
    pub fn new_object(&self) -> JsObject {
        JsObject {
            v: self.wrap(Value::Object(object::new_plain(self.cx()))),
        }
    }

    /// Creates a string value.
    pub fn new_string(&self, s: &str) -> JsValue {
        self.wrap(Value::String(self.rt.str(s)))
    }

    /// Creates an array from values (a TypeError if one belongs to another
    /// runtime).
    pub fn new_array(&self, items: &[JsValue]) -> Result<JsObject, JsError> {
        let elems = items
            .iter()
            .map(|v| self.import(v))
            .collect::<Result<Vec<Value>, JsError>>()?;
        Ok(JsObject {
            v: self.wrap(Value::Object(object::new_array(self.cx(), elems))),
        })
    }

    /// Creates a function object backed by a Rust closure. The closure receives the
    /// context, `this` and the arguments, and returns a value or a thrown value.
    pub fn new_function(
        &self,
        name: &str,
        length: u32,
        f: impl Fn(&Context, &JsValue, &[JsValue]) -> Result<JsValue, JsValue> + 'static,
    ) -> JsObject {
        let weak: Weak<Rt> = Rc::downgrade(&self.rt);
        let host: object::HostFn = Rc::new(move |cx: Cx, this: &Value, args: &[Value]| {
            let Some(rt) = weak.upgrade() else {
                return Ok(Value::Undefined);
            };
            let ctx = Context {
                realm: rt.realm(cx.realm.index),
                rt: rt.clone(),
            };
            let this = ctx.wrap(this.clone());
            let args: Vec<JsValue> = args.iter().map(|a| ctx.wrap(a.clone())).collect();
            let (r, thrown) = match f(&ctx, &this, &args) {
                Ok(v) => (v, false),
                Err(e) => (e, true),
            };
            match r.value_in(&rt) {
                Some(v) if thrown => Err(v.clone()),
                Some(v) => Ok(v.clone()),
                None => Err(cx.make_error(ErrorKind::TypeError, FOREIGN_VALUE)),
            }
        });
        let cx = self.cx();
        let atom = self.rt.intern(name);
        let fo =
            crate::builtins::function::new_native(&cx, atom, length, host_trampoline, 0, false);
        if let Class::Native(Native { extra, .. }) = &mut fo.d.borrow_mut().class {
            *extra = Some(Box::new(object::NativeExtra {
                constructor: false,
                host: Some(host),
                data: Vec::new(),
            }));
        }
        JsObject {
            v: self.wrap(Value::Object(fo)),
        }
    }

    /// Defines a global function backed by a Rust closure.
    pub fn set_global_function(
        &self,
        name: &str,
        length: u32,
        f: impl Fn(&Context, &JsValue, &[JsValue]) -> Result<JsValue, JsValue> + 'static,
    ) {
        let f = self.new_function(name, length, f);
        let _ = self.global().set(self, name, &f.into());
    }

    /// A BigInt value.
    pub fn new_bigint(&self, v: i128) -> JsValue {
        let b = crate::bigint::BigIntRef::new(&self.rt.heap, bignum::JsBigInt::from(v));
        self.wrap(Value::BigInt(b))
    }

    /// Creates an error object of the given constructor name (`"TypeError"`, ...).
    pub fn new_error(&self, name: &str, message: &str) -> JsValue {
        let kind = ErrorKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name)
            .unwrap_or(ErrorKind::Error);
        self.wrap(enter(&self.rt, || self.cx().make_error(kind, message)))
    }

    /// ToString of a value, as JavaScript's `String(v)`.
    pub fn to_string(&self, v: &JsValue) -> Result<String, JsError> {
        let cx = self.cx();
        let v = self.import(v)?;
        let r = enter(&self.rt, || match &v {
            Value::Symbol(a) => {
                Ok(crate::builtins::symbol::descriptive_string(&cx, a.atom()).to_rust_string())
            }
            other => cx.to_rust_string(other),
        });
        r.map_err(|e| self.err(e))
    }

    /// Calls a function value with `this` and arguments.
    pub fn call(&self, f: &JsValue, this: &JsValue, args: &[JsValue]) -> Result<JsValue, JsError> {
        let f = self.import(f)?;
        let this = self.import(this)?;
        // Up to 4 arguments without a heap allocation.
        let args = args
            .iter()
            .map(|a| self.import(a))
            .collect::<Result<smallvec::SmallVec<[Value; 4]>, JsError>>()?;
        let cx = self.cx();
        match enter(&self.rt, || cx.call(&f, &this, &args)) {
            Ok(v) => Ok(self.wrap(v)),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Creates an object that behaves like the `[[IsHTMLDDA]]` objects of Annex B
    /// (`typeof` gives `"undefined"`, it is falsy, calling it returns `null`); for conformance testing.
    pub fn new_html_dda(&self) -> JsValue {
        let o = object::new_object(
            self.cx(),
            Some(self.realm.intr.object_proto.clone()),
            Class::HtmlDda,
        );
        self.wrap(Value::Object(o))
    }

    /// `%AbstractModuleSource%` of this context's realm (source phase
    /// imports): the constructor that module source objects' prototypes
    /// inherit from. It has no global binding; hosts expose it as they see
    /// fit (test262 reads it as `$262.AbstractModuleSource`).
    pub fn abstract_module_source(&self) -> JsValue {
        let cx = self.cx();
        let (ctor, _) = enter(&self.rt, || crate::module::abstract_module_source(&cx));
        self.wrap(Value::Object(ctor))
    }

    /// Creates an ArrayBuffer that takes ownership of `bytes` (no copy).
    /// Fails with a RangeError over the memory limit.
    pub fn new_array_buffer(&self, bytes: Vec<u8>) -> Result<JsValue, JsError> {
        let cx = self.cx();
        let r = enter(&self.rt, || -> JsResult<Value> {
            cx.check_alloc(bytes.len())?;
            let data = crate::builtins::array_buffer::BufferData {
                bytes: Store::local(bytes),
                max: None,
                detached: std::cell::Cell::new(false),
                shared: false,
                immutable: false,
            };
            let proto = self.realm.intr.array_buffer_proto.clone();
            Ok(Value::Object(
                crate::builtins::array_buffer::new_buffer_object(&cx, proto, data),
            ))
        });
        r.map(|v| self.wrap(v)).map_err(|e| self.err(e))
    }

    /// The memory of a SharedArrayBuffer (or of a view over one), as a
    /// handle that can be sent to another thread and opened there by
    /// another runtime with [`Context::new_shared_array_buffer`]: both
    /// buffers then share their bytes, and `Atomics.wait`/`notify` work
    /// across them.
    pub fn shared_memory(&self, v: &JsValue) -> Option<SharedMemory> {
        let Some(Value::Object(o)) = v.value_in(&self.rt) else {
            return None;
        };
        let data = match &o.d.borrow().class {
            Class::ArrayBuffer(b) => b.clone(),
            Class::TypedArray(t) | Class::DataView(t) => t.data.clone(),
            _ => return None,
        };
        Some(SharedMemory {
            block: data.bytes.block()?.clone(),
            max: data.max,
        })
    }

    /// A SharedArrayBuffer of this realm over shared memory from
    /// [`Context::shared_memory`] (possibly of another runtime).
    pub fn new_shared_array_buffer(&self, memory: &SharedMemory) -> JsValue {
        let cx = self.cx();
        let data = crate::builtins::array_buffer::BufferData {
            bytes: Store::Shared(memory.block.clone()),
            max: memory.max,
            detached: std::cell::Cell::new(false),
            shared: true,
            immutable: false,
        };
        let proto = self.realm.intr.shared_array_buffer_proto.clone();
        let o = enter(&self.rt, || {
            crate::builtins::array_buffer::new_buffer_object(&cx, proto, data)
        });
        self.wrap(Value::Object(o))
    }

    /// Runs `f` on the bytes of an ArrayBuffer, SharedArrayBuffer, typed
    /// array or DataView, in place (no copy). `None` when `v` is none of
    /// these, or is detached or out of bounds. While `f` runs the bytes are
    /// lent out: if `f` re-enters the engine, scripts see the buffer as
    /// empty (its views out of bounds), never a half-borrowed state.
    pub fn with_bytes<R>(&self, v: &JsValue, f: impl FnOnce(&mut [u8]) -> R) -> Option<R> {
        let Some(Value::Object(o)) = v.value_in(&self.rt) else {
            return None;
        };
        let (data, start, len) = match &o.d.borrow().class {
            Class::ArrayBuffer(b) => (b.clone(), 0, b.len()),
            Class::TypedArray(t) | Class::DataView(t) => {
                let n = t.len()?;
                (t.data.clone(), t.offset, n * t.kind.size())
            }
            _ => return None,
        };
        if data.detached.get() {
            return None;
        }
        let cell = match &data.bytes {
            Store::Local(cell) => cell,
            Store::Shared(_) => {
                // Other threads may use a shared block meanwhile, and `f`
                // may re-enter the engine: it gets a copy, written back
                // after (a write racing with `f`'s is lost, as a race may be).
                let mut copy = data.bytes.borrow().get(start..start + len)?.to_vec();
                let r = f(&mut copy);
                if let Some(dst) = data.bytes.borrow_mut().get_mut(start..start + len) {
                    dst.copy_from_slice(&copy);
                }
                return Some(r);
            }
        };
        let mut bytes = std::mem::take(&mut *cell.try_borrow_mut().ok()?);
        let r = bytes.get_mut(start..start + len).map(f);
        // Put the bytes back unless a re-entrant script resized or detached
        // the buffer meanwhile (then its new state wins).
        if let Ok(mut b) = cell.try_borrow_mut()
            && b.is_empty()
            && !data.detached.get()
        {
            *b = bytes;
        }
        r
    }

    /// Detaches an ArrayBuffer (`DetachArrayBuffer`); throws a TypeError for anything else.
    pub fn detach_array_buffer(&self, v: &JsValue) -> Result<(), JsValue> {
        let cx = self.cx();
        let r = match v.value_in(&self.rt) {
            Some(Value::Object(o)) => {
                enter(&self.rt, || crate::builtins::array_buffer::detach(&cx, o))
            }
            _ => Err(cx.make_error(ErrorKind::TypeError, "not an ArrayBuffer")),
        };
        r.map_err(|e| self.wrap(e))
    }

    /// A readable rendering of a value for consoles: strings as is, arrays and
    /// objects with their contents (depth-limited), functions by name.
    pub fn inspect(&self, v: &JsValue) -> String {
        let cx = self.cx();
        match v.value_in(&self.rt) {
            Some(v) => enter(&self.rt, || crate::inspect::inspect(&cx, v)),
            None => "<value of another runtime>".into(),
        }
    }
}

/// Native entry point for host closures; the closure lives in the function object.
fn host_trampoline(_cx: Cx, _args: &object::Args) -> JsResult<Value> {
    Ok(Value::Undefined)
}

/// The exports a native module's initializer returned, as engine values.
pub(crate) fn native_exports(
    ctx: &Context,
    r: crate::module_loader::NativeExports,
) -> JsResult<Vec<(String, Value)>> {
    let foreign = || ctx.cx().make_error(ErrorKind::TypeError, FOREIGN_VALUE);
    match r {
        Ok(pairs) => pairs
            .into_iter()
            .map(|(k, v)| match v.value_in(&ctx.rt) {
                Some(v) => Ok((k, v.clone())),
                None => Err(foreign()),
            })
            .collect(),
        Err(thrown) => Err(thrown.value_in(&ctx.rt).cloned().unwrap_or_else(foreign)),
    }
}

/// Runs the embedder's `import.meta` hook on module `name`'s new object.
pub(crate) fn fill_import_meta(
    cx: &Cx,
    hook: &crate::runtime::ImportMetaHook,
    name: &str,
    meta: &object::Obj,
) -> JsResult<()> {
    let Some(ctx) = Context::from_cx(cx) else {
        return Ok(());
    };
    let obj = JsObject {
        v: ctx.wrap(Value::Object(meta.clone())),
    };
    match hook(&ctx, name, &obj) {
        Ok(()) => Ok(()),
        Err(thrown) => Err(thrown
            .value_in(&ctx.rt)
            .cloned()
            .unwrap_or_else(|| cx.make_error(ErrorKind::TypeError, FOREIGN_VALUE))),
    }
}

/// The bytes of a SharedArrayBuffer, shareable between threads (it is
/// `Send` and `Sync`); see [`Context::shared_memory`].
#[derive(Clone)]
pub struct SharedMemory {
    block: std::sync::Arc<crate::builtins::shared_memory::SharedBlock>,
    max: Option<usize>,
}

impl std::fmt::Debug for SharedMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedMemory")
            .field("max", &self.max)
            .finish()
    }
}

/// The message of the TypeError raised when a value crosses runtimes.
const FOREIGN_VALUE: &str = "value belongs to another runtime";

/// A JavaScript value held by the embedder; keeps what it references alive
/// while its runtime exists.
pub struct JsValue {
    /// `None` only while being dropped after the runtime is gone.
    v: Option<Value>,
    /// The runtime whose heap `v` points into; `None` for values without
    /// heap references (undefined, null, booleans, numbers).
    rt: Option<Rc<RtLink>>,
}

/// What a value reads as once its runtime is gone.
const DEAD: &Value = &Value::Undefined;

impl JsValue {
    fn new_in(rt: &Rc<Rt>, v: Value) -> JsValue {
        let rt = match v {
            Value::Undefined | Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {
                None
            }
            _ => {
                let link = &rt.link;
                link.values.set(link.values.get() + 1);
                Some(link.clone())
            }
        };
        JsValue { v: Some(v), rt }
    }

    fn prim(v: Value) -> JsValue {
        JsValue {
            v: Some(v),
            rt: None,
        }
    }

    /// Whether the value's heap (if it has one) still exists.
    fn alive(&self) -> bool {
        self.rt.as_ref().is_none_or(|l| l.alive.get())
    }

    /// The engine value, or undefined once the runtime is gone.
    fn val(&self) -> &Value {
        match &self.v {
            Some(v) if self.alive() => v,
            _ => DEAD,
        }
    }

    /// The engine value if it may be used in runtime `rt`: it has no heap
    /// references, or they point into `rt`'s heap.
    fn value_in(&self, rt: &Rc<Rt>) -> Option<&Value> {
        match &self.rt {
            Some(l) if !Rc::ptr_eq(l, &rt.link) => None,
            _ => self.v.as_ref(),
        }
    }
}

impl Clone for JsValue {
    fn clone(&self) -> JsValue {
        if !self.alive() {
            return JsValue::undefined();
        }
        if let Some(l) = &self.rt {
            l.values.set(l.values.get() + 1);
        }
        JsValue {
            v: self.v.clone(),
            rt: self.rt.clone(),
        }
    }
}

impl Drop for JsValue {
    fn drop(&mut self) {
        // Once the runtime is gone its heap is too: the references must not
        // be released into it. Forgetting them is safe and touches nothing.
        if let Some(l) = &self.rt {
            if l.alive.get() {
                l.values.set(l.values.get() - 1);
            } else {
                std::mem::forget(self.v.take());
            }
        }
    }
}

impl JsValue {
    /// `undefined`.
    pub fn undefined() -> JsValue {
        JsValue::prim(Value::Undefined)
    }
    /// `null`.
    pub fn null() -> JsValue {
        JsValue::prim(Value::Null)
    }
    /// Whether this is `undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self.val(), Value::Undefined)
    }
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.val(), Value::Null)
    }
    /// The number value, if this is a Number.
    pub fn as_f64(&self) -> Option<f64> {
        self.val().as_number()
    }
    /// The number as an `i32`, if this is a Number with an exact int32 value.
    pub fn as_i32(&self) -> Option<i32> {
        match *self.val() {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
    /// The boolean, if this is a Boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match *self.val() {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }
    /// Whether this is a BigInt.
    pub fn is_bigint(&self) -> bool {
        matches!(self.val(), Value::BigInt(_))
    }
    /// The BigInt as an `i64`, if this is a BigInt whose value fits.
    pub fn as_bigint_i64(&self) -> Option<i64> {
        match self.val() {
            Value::BigInt(b) => b.get().to_i64(),
            _ => None,
        }
    }
    /// The BigInt as an `i128`, if this is a BigInt whose value fits.
    pub fn as_bigint_i128(&self) -> Option<i128> {
        match self.val() {
            Value::BigInt(b) => b.get().to_i128(),
            _ => None,
        }
    }
    /// The digits of a BigInt in `radix` (2 to 36; other values give 10),
    /// with a leading `-` when negative and no `n` suffix; `None` for other
    /// values.
    pub fn bigint_to_string(&self, radix: u32) -> Option<String> {
        match self.val() {
            Value::BigInt(b) => Some(b.get().to_string_radix(radix)),
            _ => None,
        }
    }
    /// The string contents, if this is a String (lone surrogates become U+FFFD).
    pub fn as_string(&self) -> Option<String> {
        match self.val() {
            Value::String(s) => Some(s.to_rust_string()),
            _ => None,
        }
    }
    /// The object, if this is an object.
    pub fn as_object(&self) -> Option<JsObject> {
        matches!(self.val(), Value::Object(_)).then(|| JsObject { v: self.clone() })
    }
    /// The `typeof` of the value.
    pub fn type_of(&self) -> &'static str {
        JsValue::type_name(self.val())
    }
}

impl std::fmt::Debug for JsValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.val().debug_string())
    }
}

impl From<f64> for JsValue {
    fn from(n: f64) -> JsValue {
        JsValue::prim(Value::number(n))
    }
}

impl From<i32> for JsValue {
    fn from(n: i32) -> JsValue {
        JsValue::prim(Value::Int(n))
    }
}

impl From<bool> for JsValue {
    fn from(b: bool) -> JsValue {
        JsValue::prim(Value::Bool(b))
    }
}

/// A JavaScript object held by the embedder.
#[derive(Clone)]
pub struct JsObject {
    v: JsValue,
}

impl std::fmt::Debug for JsObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.v.fmt(f)
    }
}

impl From<JsObject> for JsValue {
    fn from(o: JsObject) -> JsValue {
        o.v
    }
}

impl JsObject {
    /// The object, if it belongs to `ctx`'s runtime.
    fn obj_in(&self, ctx: &Context) -> Result<object::Obj, JsError> {
        match ctx.import(&self.v)? {
            Value::Object(o) => Ok(o),
            _ => Err(ctx.foreign_error()),
        }
    }

    /// `obj[key]` (see [`IntoKey`] for the keys; [`JsObject::get_as`]
    /// converts the value).
    pub fn get(&self, ctx: &Context, key: impl IntoKey) -> Result<JsValue, JsError> {
        let cx = ctx.cx();
        let pk = key.into_key(ctx)?;
        let atom = pk.0;
        let o = self.obj_in(ctx)?;
        match enter(&ctx.rt, || object::get_prop(&cx, &o, atom)) {
            Ok(v) => Ok(ctx.wrap(v)),
            Err(e) => Err(ctx.err(e)),
        }
    }

    /// `obj[key] = value` (strict: a rejected assignment throws);
    /// [`JsObject::put`] takes any Rust value.
    pub fn set(&self, ctx: &Context, key: impl IntoKey, value: &JsValue) -> Result<(), JsError> {
        let cx = ctx.cx();
        let pk = key.into_key(ctx)?;
        let atom = pk.0;
        let o = self.obj_in(ctx)?;
        let value = ctx.import(value)?;
        enter(&ctx.rt, || object::put(&cx, &o, atom, value, true)).map_err(|e| ctx.err(e))
    }
}

/// A thrown JavaScript value, with its message and stack.
#[derive(Clone)]
pub struct JsError {
    /// The thrown value.
    pub value: JsValue,
    /// `String(value)`, or the error's `name: message`.
    pub message: String,
    /// The `stack` property of the thrown error, if any.
    pub stack: Option<String>,
    /// Whether the error was raised while parsing (early error).
    pub is_syntax_error: bool,
    /// Whether the script was stopped by the interrupt handler.
    pub is_interrupted: bool,
    /// For an error made in Rust ([`JsError::type_error`] and the like):
    /// the kind of error object to throw and its message, created in the
    /// realm where it is thrown.
    lazy: Option<Box<Lazy>>,
}

/// An error made in Rust, created as an error object when thrown.
#[derive(Clone)]
struct Lazy {
    kind: ErrorKind,
    msg: String,
    /// A failed conversion: its message says where (argument, element).
    conversion: bool,
}

impl JsError {
    fn lazy(kind: ErrorKind, msg: String, conversion: bool) -> JsError {
        JsError {
            value: JsValue::undefined(),
            message: format!("{}: {msg}", kind.name()),
            stack: None,
            is_syntax_error: false,
            is_interrupted: false,
            lazy: Some(Box::new(Lazy {
                kind,
                msg,
                conversion,
            })),
        }
    }

    /// A `TypeError` with `message`, thrown as such when a host function
    /// returns it. Host functions return these to report bad input:
    ///
    /// ```
    /// use engine::{Context, JsError, Runtime};
    /// let rt = Runtime::new();
    /// let ctx = Context::new(&rt);
    /// ctx.set_global_fn("sqrt", |x: f64| {
    ///     if x < 0.0 { Err(JsError::range_error("negative")) } else { Ok(x.sqrt()) }
    /// });
    /// let msg: String = ctx.eval_as("try { sqrt(-1) } catch (e) { e.name + ': ' + e.message }").unwrap();
    /// assert_eq!(msg, "RangeError: negative");
    /// ```
    pub fn type_error(message: impl Into<String>) -> JsError {
        JsError::lazy(ErrorKind::TypeError, message.into(), false)
    }

    /// A `RangeError` with `message` (see [`JsError::type_error`]).
    pub fn range_error(message: impl Into<String>) -> JsError {
        JsError::lazy(ErrorKind::RangeError, message.into(), false)
    }

    /// A plain `Error` with `message` (see [`JsError::type_error`]).
    pub fn error(message: impl Into<String>) -> JsError {
        JsError::lazy(ErrorKind::Error, message.into(), false)
    }

    /// An error of the named kind (`"TypeError"`, `"SyntaxError"`, ...;
    /// unknown names give `Error`) with `message`.
    pub fn new(name: &str, message: impl Into<String>) -> JsError {
        let kind = ErrorKind::ALL
            .iter()
            .copied()
            .find(|k| k.name() == name)
            .unwrap_or(ErrorKind::Error);
        JsError::lazy(kind, message.into(), false)
    }

    /// Whether this error is a failed conversion of a value to a Rust type.
    pub fn is_conversion(&self) -> bool {
        self.lazy.as_ref().is_some_and(|l| l.conversion)
    }

    /// For a failed conversion, the same error with `place` (`"argument
    /// 2"`, `"property 'x'"`) in front of its message; other errors as they
    /// are. For [`FromJs`] implementations that convert parts of a value.
    pub fn in_place(self, place: &str) -> JsError {
        self.in_context(place)
    }

    pub(crate) fn in_context(mut self, place: &str) -> JsError {
        if let Some(l) = &mut self.lazy
            && l.conversion
        {
            l.msg = format!("{place}: {}", l.msg);
            self.message = format!("{}: {}", l.kind.name(), l.msg);
        }
        self
    }
}

impl From<JsValue> for JsError {
    /// The error of throwing `value`.
    fn from(value: JsValue) -> JsError {
        let message = match value.as_string() {
            Some(s) => s,
            None => format!("{value:?}"),
        };
        JsError {
            value,
            message,
            stack: None,
            is_syntax_error: false,
            is_interrupted: false,
            lazy: None,
        }
    }
}

impl std::fmt::Debug for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigint_values_cross_the_api() {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        let v = ctx.eval("2n ** 70n", "big.js").expect("evaluates");
        assert!(v.is_bigint());
        assert_eq!(v.type_of(), "bigint");
        assert_eq!(v.as_bigint_i64(), None);
        assert_eq!(v.as_bigint_i128(), Some(1i128 << 70));
        assert_eq!(
            v.bigint_to_string(10).as_deref(),
            Some("1180591620717411303424")
        );
        assert_eq!(
            v.bigint_to_string(16).as_deref(),
            Some("400000000000000000")
        );
        assert_eq!(v.as_f64(), None);
        let small = ctx.eval("-5n", "small.js").expect("evaluates");
        assert_eq!(small.as_bigint_i64(), Some(-5));
        let n = ctx.eval("5", "n.js").expect("evaluates");
        assert!(!n.is_bigint());
        assert_eq!(n.bigint_to_string(10), None);
        let made = ctx.new_bigint(-(1i128 << 100));
        let f = ctx.eval("(x) => x * 2n", "f.js").expect("evaluates");
        let r = ctx.call(&f, &JsValue::undefined(), &[made]).expect("calls");
        assert_eq!(r.as_bigint_i128(), Some(-(1i128 << 101)));
        assert_eq!(
            ctx.to_string(&r).ok().as_deref(),
            Some("-2535301200456458802993406410752")
        );
    }
}
