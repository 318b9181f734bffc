//! The runtime (heap, atoms, shapes, limits, jobs) and realms (global object
//! and intrinsics). [`Cx`] pairs the two and is what engine code passes around.

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use hashbrown::HashMap;

use crate::atom::{Atom, AtomTable};
use crate::gc::Heap;
use crate::object::{Class, Obj};
use crate::shape::Shape;
use crate::string::JsString;
use crate::value::Value;

/// The result of anything that can throw: the error is the thrown value.
pub(crate) type JsResult<T> = Result<T, Value>;

/// A queued job (promise reaction and the like).
pub(crate) struct Job {
    pub(crate) realm: u32,
    pub(crate) func: Value,
    pub(crate) args: Vec<Value>,
}

/// The embedder's `import.meta` hook: (realm, module id, the new object).
pub(crate) type ImportMetaHook = Rc<
    dyn Fn(&crate::api::Context, &str, &crate::api::JsObject) -> Result<(), crate::api::JsValue>,
>;

/// Runtime-wide state. All mutation goes through cells, so engine code shares
/// `&Rt` freely and native callbacks may re-enter the engine.
///
/// Field order matters: fields drop in declaration order, and `heap` must be
/// dropped last because every cell points to it.
pub(crate) struct Rt {
    pub(crate) atoms: AtomTable,
    pub(crate) root_shape: Rc<Shape>,
    pub(crate) realms: RefCell<Vec<Rc<Realm>>>,
    /// The records of the running JavaScript frames, of all activations
    /// (native-to-JavaScript calls and resumed generators included),
    /// innermost last: stack traces and the frame limit read them.
    pub(crate) frames: RefCell<Vec<crate::interp::Frame>>,
    /// Program counter of the innermost running frame (the top of
    /// `frames`), published when it may be observed.
    pub(crate) cur_pc: Cell<u32>,
    /// Idle interpreter activations (emptied stacks) for calls from native
    /// code into JavaScript.
    pub(crate) interp_pool: RefCell<Vec<crate::interp::Interp>>,
    pub(crate) jobs: RefCell<VecDeque<Job>>,
    /// `Atomics.waitAsync` waiters of this runtime, polled for notifications
    /// from any thread and for their timeouts.
    pub(crate) async_waiters: RefCell<Vec<crate::builtins::atomics::AsyncWaiter>>,
    /// What the embedder's values (`api::JsValue`) know of this runtime.
    pub(crate) link: Rc<RtLink>,
    /// `[[KeptAlive]]` (§9.10): objects WeakRefs created or dereferenced
    /// during the current job, by address; emptied when the job ends.
    pub(crate) kept: RefCell<HashMap<usize, Obj>>,
    /// Counted symbols kept alive until the current job ends (see
    /// `weak_ref::keep_key`).
    pub(crate) kept_keys: RefCell<Vec<crate::atom::Sym>>,
    pub(crate) max_stack_size: Cell<usize>,
    /// Address of a local in the outermost engine entry on the native stack.
    pub(crate) stack_base: Cell<usize>,
    pub(crate) entry_depth: Cell<u32>,
    pub(crate) interrupt: RefCell<Option<Box<dyn FnMut() -> bool>>>,
    pub(crate) interrupt_countdown: Cell<u32>,
    /// Set while an uncatchable interruption unwinds.
    pub(crate) interrupted: Cell<bool>,
    pub(crate) module_resolver: RefCell<Option<Box<dyn crate::module_loader::ModuleResolver>>>,
    pub(crate) module_loader: RefCell<Option<Box<dyn crate::module_loader::ModuleLoader>>>,
    pub(crate) import_meta_hook: RefCell<Option<ImportMetaHook>>,
    /// The runtime itself, for handing embedder callbacks a `Context`.
    pub(crate) this: Weak<Rt>,
    /// Module records, the module map and the referrers of compiled code.
    pub(crate) modules: crate::module::ModuleState,
    /// State of `Math.random`.
    pub(crate) rng: Cell<u64>,
    /// The embedding API's per-runtime state (native classes, hooks).
    pub(crate) host: crate::api::HostState,
    pub(crate) heap: Heap,
}

/// How many polls between calls to the interrupt handler.
pub(crate) const INTERRUPT_INTERVAL: u32 = 10_000;

impl Rt {
    pub(crate) fn new() -> Rc<Rt> {
        let rt = Rc::new_cyclic(|this| Rt {
            atoms: AtomTable::empty(),
            root_shape: Shape::root(),
            realms: RefCell::new(Vec::new()),
            frames: RefCell::new(Vec::new()),
            cur_pc: Cell::new(0),
            interp_pool: RefCell::new(Vec::new()),
            jobs: RefCell::new(VecDeque::new()),
            async_waiters: RefCell::new(Vec::new()),
            link: Rc::new(RtLink {
                alive: Cell::new(true),
                values: Cell::new(0),
            }),
            kept: RefCell::new(HashMap::new()),
            kept_keys: RefCell::new(Vec::new()),
            max_stack_size: Cell::new(1 << 20),
            stack_base: Cell::new(0),
            entry_depth: Cell::new(0),
            interrupt: RefCell::new(None),
            interrupt_countdown: Cell::new(INTERRUPT_INTERVAL),
            interrupted: Cell::new(false),
            module_resolver: RefCell::new(None),
            module_loader: RefCell::new(None),
            import_meta_hook: RefCell::new(None),
            this: this.clone(),
            modules: Default::default(),
            rng: Cell::new(0x9E37_79B9_7F4A_7C15),
            host: Default::default(),
            heap: Heap::new(),
        });
        rt.atoms.init(&rt.heap);
        rt
    }

    pub(crate) fn realm(&self, index: u32) -> Rc<Realm> {
        self.realms.borrow()[index as usize].clone()
    }

    /// Maximum number of nested JavaScript frames.
    pub(crate) fn max_frames(&self) -> usize {
        (self.max_stack_size.get() / 32).max(64)
    }

    pub(crate) fn intern(&self, s: &str) -> Atom {
        if s.is_ascii() {
            // Looked up from the bytes: no string is made for a known key.
            return self
                .atoms
                .intern_units(&self.heap, crate::string::Units::Latin1(s.as_bytes()));
        }
        self.atoms.intern_str(&self.heap, s)
    }

    pub(crate) fn intern_js(&self, s: &JsString) -> Atom {
        self.atoms.intern(&self.heap, s)
    }

    pub(crate) fn atom_string(&self, a: Atom) -> JsString {
        self.atoms.text(&self.heap, a)
    }

    /// The cell a shape must hold to have `a` as a key: the symbol's, when
    /// `a` is a counted symbol.
    #[inline]
    pub(crate) fn key_cell(&self, a: Atom) -> Option<crate::atom::Sym> {
        if a.is_counted_symbol() {
            let s = self.atoms.symbol(&self.heap, a);
            debug_assert!(s.is_some(), "symbol atom {} is not alive", a.0);
            s
        } else {
            None
        }
    }

    /// The value of a symbol atom that is alive (a well-known or private
    /// atom, or one held as a key).
    pub(crate) fn symbol_value(&self, a: Atom) -> Value {
        match self.atoms.symbol(&self.heap, a) {
            Some(s) => Value::Symbol(s),
            None => {
                debug_assert!(false, "symbol atom {} is not alive", a.0);
                Value::Undefined
            }
        }
    }

    pub(crate) fn atom_name(&self, a: Atom) -> String {
        self.atoms.to_rust_string(a)
    }

    pub(crate) fn str(&self, s: &str) -> JsString {
        JsString::from_str(&self.heap, s)
    }

    /// The common case of [`Cx::poll`]: counts one poll down and returns
    /// true when neither the interrupt handler nor the heap needs attention
    /// (otherwise `Cx::poll` must run).
    #[inline(always)]
    pub(crate) fn poll_fast(&self) -> bool {
        let n = self.interrupt_countdown.get();
        if n > 1 && !self.heap.attention() {
            self.interrupt_countdown.set(n - 1);
            return true;
        }
        false
    }

    /// Whether the native stack has grown past the limit.
    #[inline]
    pub(crate) fn stack_overflow(&self) -> bool {
        let here = 0u8;
        let addr = std::ptr::addr_of!(here) as usize;
        let base = self.stack_base.get();
        base != 0 && base.saturating_sub(addr) > self.max_stack_size.get()
    }
}

/// Shared by a runtime and the embedder's values that point into its heap:
/// whether the heap still exists, and how many such values are live. It
/// also identifies the runtime (by address) for the cross-runtime check.
pub(crate) struct RtLink {
    pub(crate) alive: Cell<bool>,
    pub(crate) values: Cell<usize>,
}

impl Drop for Rt {
    fn drop(&mut self) {
        crate::shape::forget_recent_shapes();
        self.jobs.borrow_mut().clear();
        self.async_waiters.borrow_mut().clear();
        crate::builtins::weak_ref::clear_kept_objects(self);
        crate::builtins::weak_ref::clear_kept_keys(self);
        self.frames.borrow_mut().clear();
        self.modules.clear();
        self.host.clear();
        let realms = std::mem::take(&mut *self.realms.borrow_mut());
        drop(realms);
        // Values captured by host functions are released here, while the
        // heap still exists; the embedder's own values then go inert.
        self.heap.free_all();
        self.link.alive.set(false);
        if self.link.values.get() > 0 {
            self.heap.set_held_outside();
        }
    }
}

/// Well-known intrinsic objects of a realm.
pub(crate) struct Intrinsics {
    pub(crate) object_proto: Obj,
    pub(crate) function_proto: Obj,
    pub(crate) array_proto: Obj,
    pub(crate) string_proto: Obj,
    pub(crate) number_proto: Obj,
    pub(crate) boolean_proto: Obj,
    pub(crate) symbol_proto: Obj,
    pub(crate) bigint_proto: Obj,
    pub(crate) date_proto: Obj,
    /// `%IteratorPrototype%`, `%ArrayIteratorPrototype%`, `%StringIteratorPrototype%`.
    pub(crate) iterator_proto: Obj,
    pub(crate) array_iter_proto: Obj,
    pub(crate) string_iter_proto: Obj,
    pub(crate) regexp_proto: Obj,
    /// `%RegExpStringIteratorPrototype%`.
    pub(crate) regexp_iter_proto: Obj,
    pub(crate) map_proto: Obj,
    pub(crate) promise_proto: Obj,
    pub(crate) set_proto: Obj,
    /// `%MapIteratorPrototype%`, `%SetIteratorPrototype%`.
    pub(crate) map_iter_proto: Obj,
    pub(crate) set_iter_proto: Obj,
    /// `%GeneratorFunction.prototype%` (§27.3.3) and `%GeneratorPrototype%` (§27.5.1).
    pub(crate) generator_function_proto: Obj,
    pub(crate) generator_proto: Obj,
    /// `%AsyncFunction.prototype%` (§27.7.3).
    pub(crate) async_function_proto: Obj,
    /// `%AsyncIteratorPrototype%` (§27.1.3), `%AsyncGeneratorFunction.prototype%`
    /// (§27.4.3), `%AsyncGeneratorPrototype%` (§27.6.1) and
    /// `%AsyncFromSyncIteratorPrototype%` (§27.1.6.2).
    pub(crate) async_iterator_proto: Obj,
    pub(crate) async_generator_function_proto: Obj,
    pub(crate) async_generator_proto: Obj,
    pub(crate) async_from_sync_iter_proto: Obj,
    /// `%IteratorHelperPrototype%` (§27.1.2.1) and
    /// `%WrapForValidIteratorPrototype%` (§27.1.3.2.1.1).
    pub(crate) iterator_helper_proto: Obj,
    pub(crate) wrap_for_valid_iter_proto: Obj,
    pub(crate) weak_map_proto: Obj,
    pub(crate) weak_set_proto: Obj,
    pub(crate) weak_ref_proto: Obj,
    pub(crate) finalization_registry_proto: Obj,
    pub(crate) disposable_stack_proto: Obj,
    pub(crate) async_disposable_stack_proto: Obj,
    pub(crate) shadow_realm_proto: Obj,
    pub(crate) array_buffer_proto: Obj,
    pub(crate) shared_array_buffer_proto: Obj,
    pub(crate) data_view_proto: Obj,
    /// `%TypedArray.prototype%` and the prototypes of the typed array
    /// constructors, indexed by `typed_array::Kind`.
    pub(crate) typed_array_proto: Obj,
    pub(crate) typed_protos: Vec<Obj>,
    pub(crate) error_proto: Obj,
    /// Prototypes of the native errors, indexed by [`ErrorKind`].
    pub(crate) native_error_protos: Vec<Obj>,
}

/// The native error constructors.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ErrorKind {
    Error,
    EvalError,
    RangeError,
    ReferenceError,
    SyntaxError,
    TypeError,
    URIError,
    InternalError,
    AggregateError,
    SuppressedError,
}

impl ErrorKind {
    pub(crate) const ALL: [ErrorKind; 10] = [
        ErrorKind::Error,
        ErrorKind::EvalError,
        ErrorKind::RangeError,
        ErrorKind::ReferenceError,
        ErrorKind::SyntaxError,
        ErrorKind::TypeError,
        ErrorKind::URIError,
        ErrorKind::InternalError,
        ErrorKind::AggregateError,
        ErrorKind::SuppressedError,
    ];
    pub(crate) fn name(self) -> &'static str {
        match self {
            ErrorKind::Error => "Error",
            ErrorKind::EvalError => "EvalError",
            ErrorKind::RangeError => "RangeError",
            ErrorKind::ReferenceError => "ReferenceError",
            ErrorKind::SyntaxError => "SyntaxError",
            ErrorKind::TypeError => "TypeError",
            ErrorKind::URIError => "URIError",
            ErrorKind::InternalError => "InternalError",
            ErrorKind::AggregateError => "AggregateError",
            ErrorKind::SuppressedError => "SuppressedError",
        }
    }
}

/// A realm: global object, intrinsics, and the global lexical environment.
pub(crate) struct Realm {
    pub(crate) index: u32,
    pub(crate) global: Obj,
    pub(crate) intr: Intrinsics,
    /// Script-level `let`/`const`/`class` bindings.
    pub(crate) global_lex: RefCell<crate::ops::GlobalLex>,
    /// Constructors the engine needs to reach directly.
    pub(crate) array_ctor: OnceCell<Obj>,
    pub(crate) object_ctor: OnceCell<Obj>,
    pub(crate) regexp_ctor: OnceCell<Obj>,
    pub(crate) promise_ctor: OnceCell<Obj>,
    /// `%Iterator%` (§27.1.3.1).
    pub(crate) iterator_ctor: OnceCell<Obj>,
    /// The typed array constructors (by `typed_array::Kind`), then
    /// `%ArrayBuffer%`, `%SharedArrayBuffer%` and `%TypedArray%`.
    pub(crate) binary_ctors: RefCell<Vec<Obj>>,
    /// What `ta.length` reads as long as the typed array prototypes are
    /// untouched (see `typed_array::fast_length`).
    pub(crate) ta_length_guard: OnceCell<crate::builtins::typed_array::LengthGuard>,
    /// The legacy RegExp static properties (Annex B `RegExp.$1` ...): the
    /// last successful match, or `None` once invalidated.
    pub(crate) regexp_legacy: RefCell<Option<crate::builtins::regexp::LegacyMatch>>,
    pub(crate) throw_type_error: OnceCell<Obj>,
    /// The getters of sloppy functions' legacy `arguments` and `caller`
    /// properties (`function::define_legacy_properties`), made on first use.
    pub(crate) legacy_accessors: OnceCell<(Obj, Obj)>,
    /// The global `eval` function, to recognise direct eval.
    pub(crate) eval_fn: OnceCell<Obj>,
    /// The shape `%Object.prototype%` had when it was last seen without an
    /// index property (see `ops::protos_have_indices`). Holding the `Rc`
    /// makes any later change to that shape produce a new one.
    pub(crate) index_free_object_proto: RefCell<Option<Rc<Shape>>>,
    /// `%Array.prototype.values%`, the `@@iterator` of arguments objects.
    pub(crate) array_values: OnceCell<Obj>,
    /// The shapes of arguments objects with few arguments, by mapped-ness
    /// and count (see `function::make_arguments`).
    pub(crate) arguments_shapes: RefCell<Vec<Option<Rc<Shape>>>>,
    /// The shape of a new closure (`length`, then `name`; see
    /// `function::new_closure`), once one was made.
    pub(crate) closure_shape: RefCell<Option<Rc<Shape>>>,
    /// While the realm's intrinsics are being set up: the objects given a
    /// dictionary shape for it (see `builtins::new_realm`); `None` after.
    pub(crate) building: RefCell<Option<Vec<Obj>>>,
    /// The `$262`-style IsHTMLDDA object's class marker is per object; nothing here.
    pub(crate) _private: (),
}

impl Realm {
    pub(crate) fn error_proto(&self, kind: ErrorKind) -> &Obj {
        match kind {
            ErrorKind::Error => &self.intr.error_proto,
            k => &self.intr.native_error_protos[k as usize],
        }
    }
}

/// The runtime and the current realm: the context every engine function gets.
#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub(crate) rt: &'a Rt,
    pub(crate) realm: &'a Realm,
}

impl<'a> Cx<'a> {
    #[inline]
    pub(crate) fn heap(&self) -> &'a Heap {
        &self.rt.heap
    }

    #[inline]
    pub(crate) fn intr(&self) -> &'a Intrinsics {
        &self.realm.intr
    }

    pub(crate) fn str(&self, s: &str) -> JsString {
        self.rt.str(s)
    }

    pub(crate) fn intern(&self, s: &str) -> Atom {
        self.rt.intern(s)
    }

    /// Creates an error object of `kind` with `msg`.
    pub(crate) fn make_error(&self, kind: ErrorKind, msg: &str) -> Value {
        let proto = self.realm.error_proto(kind).clone();
        let obj = crate::object::new_object(*self, Some(proto), Class::Error);
        let m = Value::String(self.str(msg));
        crate::object::define_data(self, &obj, Atom::MESSAGE, m, crate::shape::flags::HIDDEN);
        crate::builtins::error::capture_stack(*self, &obj);
        Value::Object(obj)
    }

    pub(crate) fn throw<T>(&self, kind: ErrorKind, msg: &str) -> JsResult<T> {
        Err(self.make_error(kind, msg))
    }

    pub(crate) fn type_error<T>(&self, msg: &str) -> JsResult<T> {
        self.throw(ErrorKind::TypeError, msg)
    }

    pub(crate) fn range_error<T>(&self, msg: &str) -> JsResult<T> {
        self.throw(ErrorKind::RangeError, msg)
    }

    pub(crate) fn reference_error<T>(&self, msg: &str) -> JsResult<T> {
        self.throw(ErrorKind::ReferenceError, msg)
    }

    pub(crate) fn syntax_error<T>(&self, msg: &str) -> JsResult<T> {
        self.throw(ErrorKind::SyntaxError, msg)
    }

    /// Checks the native stack depth; throws a RangeError when exceeded.
    #[inline]
    pub(crate) fn check_stack(&self) -> JsResult<()> {
        if self.rt.stack_overflow() {
            return self.range_error("Maximum call stack size exceeded");
        }
        Ok(())
    }

    /// Polls the interrupt handler and the memory limit; called on backward
    /// jumps, calls, and inside long native loops.
    #[inline]
    pub(crate) fn poll(&self) -> JsResult<()> {
        if self.rt.poll_fast() {
            return Ok(());
        }
        self.poll_slow()
    }

    /// Asks the interrupt handler now, for code that waits rather than
    /// computes (a blocked `Atomics.wait`).
    pub(crate) fn poll_now(&self) -> JsResult<()> {
        self.rt.interrupt_countdown.set(1);
        self.poll_slow()
    }

    #[cold]
    fn poll_slow(&self) -> JsResult<()> {
        let n = self.rt.interrupt_countdown.get();
        let heap = &self.rt.heap;
        if heap.attention() {
            if heap.should_collect() || heap.over_limit() {
                heap.collect_cycles();
            }
            heap.clear_attention();
            if heap.over_limit() {
                return self.range_error("out of memory");
            }
            if n > 1 {
                self.rt.interrupt_countdown.set(n - 1);
                return Ok(());
            }
        }
        self.rt.interrupt_countdown.set(INTERRUPT_INTERVAL);
        let stop = self.rt.host.interrupt.is_set()
            || match self.rt.interrupt.try_borrow_mut() {
                Ok(mut h) => h.as_mut().is_some_and(|f| f()),
                Err(_) => false,
            };
        if stop {
            self.rt.interrupted.set(true);
            return Err(self.make_error(ErrorKind::InternalError, "interrupted"));
        }
        Ok(())
    }

    /// Reserves `bytes` of buffer memory against the limit.
    pub(crate) fn check_alloc(&self, bytes: usize) -> JsResult<()> {
        let heap = &self.rt.heap;
        if heap.bytes().saturating_add(bytes) > heap.limit() {
            heap.collect_cycles();
            if heap.bytes().saturating_add(bytes) > heap.limit() {
                return self.range_error("out of memory");
            }
        }
        Ok(())
    }
}
