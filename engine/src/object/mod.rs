//! Objects: layout and classes. The internal methods live in submodules:
//! their dispatch in `methods.rs`, the ordinary algorithms (§10.1) in
//! `ordinary.rs`, and one module per exotic class.
//!
//! <https://tc39.es/ecma262/#sec-object-type>
//!
//! An object is a shape (its property keys and attributes, shared), a slot
//! vector (the property values, in shape order), a prototype, and a
//! [`Class`] carrying class-specific data. Arrays without holes keep their
//! elements in a dense vector ("fast arrays") instead of in the shape.

mod arguments;
pub(crate) mod array;
mod bound;
pub(crate) mod ic;
mod immutable;
mod methods;
pub(crate) mod namespace;
mod ordinary;
pub(crate) mod proxy;
mod string;
mod typed_array;
pub(crate) use ordinary::ordered_keys;
pub(crate) use typed_array::set_element as typed_array_set_element;

pub(crate) use ic::PropCache;

pub(crate) use methods::{
    CallFn, ConstructFn, create_data_property, define_data, define_own_property, delete_property,
    get, get_own_property, get_prop, get_prototype_of, get_value, has_property, is_callable,
    is_constructor, is_extensible, own_keys, prevent_extensions, put, put_value, set,
    set_prototype_of,
};

use std::cell::RefCell;
use std::rc::Rc;

use crate::atom::Atom;
use crate::bytecode::FunctionBytecode;
use crate::gc::{CellKind, Gc, Trace, Tracer};
use crate::runtime::{Cx, JsResult};
use crate::shape::{Shape, flags};
use crate::string::JsString;
use crate::value::Value;

pub(crate) type Obj = Gc<JsObject>;

/// A heap object.
pub(crate) struct JsObject {
    pub(crate) d: RefCell<ObjectData>,
}

/// A property's storage: as small as a value (accessor properties, which
/// are rare, keep their pair of functions in a box).
#[derive(Clone)]
pub(crate) enum Slot {
    Data(Value),
    Accessor(Box<Accessors>),
}

const _: () = assert!(std::mem::size_of::<Slot>() == 16);

/// An accessor property's getter and setter (`None` = undefined).
#[derive(Clone)]
pub(crate) struct Accessors {
    pub(crate) get: Option<Obj>,
    pub(crate) set: Option<Obj>,
}

impl Slot {
    pub(crate) fn accessor(get: Option<Obj>, set: Option<Obj>) -> Slot {
        Slot::Accessor(Box::new(Accessors { get, set }))
    }
}

pub(crate) struct ObjectData {
    pub(crate) shape: Rc<Shape>,
    /// `slots[i]` is the value of `shape.props[i]`.
    pub(crate) slots: Vec<Slot>,
    pub(crate) proto: Option<Obj>,
    pub(crate) extensible: bool,
    pub(crate) class: Class,
    /// Buffer bytes last reported to the heap, in units of
    /// [`REPORT_UNIT`] bytes (see [`ObjectData::account`]); 32 bits keep
    /// the object small.
    pub(crate) reported: u32,
}

/// Signature of built-in functions.
pub(crate) type NativeFn = fn(cx: Cx, args: &Args) -> JsResult<Value>;

/// The arguments of a native call.
pub(crate) struct Args<'a> {
    pub(crate) this: Value,
    pub(crate) args: &'a [Value],
    /// `Some` when called as a constructor.
    pub(crate) new_target: Option<Obj>,
    pub(crate) callee: Obj,
    pub(crate) magic: i32,
}

impl Args<'_> {
    /// Argument `i`, or undefined.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Value {
        self.args.get(i).cloned().unwrap_or(Value::Undefined)
    }
    #[inline]
    pub(crate) fn arg(&self, i: usize) -> &Value {
        self.args.get(i).unwrap_or(&Value::Undefined)
    }
    pub(crate) fn len(&self) -> usize {
        self.args.len()
    }
}

/// A host closure registered through the public API.
pub(crate) type HostFn = Rc<dyn Fn(Cx, &Value, &[Value]) -> JsResult<Value>>;

/// Data of a closure created from bytecode.
pub(crate) struct Closure {
    pub(crate) bc: Gc<FunctionBytecode>,
    pub(crate) var_refs: Rc<[Gc<VarRef>]>,
    pub(crate) realm: u32,
    /// `[[HomeObject]]` for methods (used by `super`).
    pub(crate) home: Option<Obj>,
    /// A constructor's `prototype` object is created on first use.
    pub(crate) proto_pending: bool,
    /// A sloppy ordinary function's legacy `arguments` and `caller`
    /// properties (see `builtins/function.rs`) are created on first use.
    pub(crate) legacy_pending: bool,
}

pub(crate) struct Native {
    pub(crate) f: NativeFn,
    pub(crate) magic: i32,
    pub(crate) realm: u32,
    /// Rarely used state, boxed to keep objects small (constructors have it).
    pub(crate) extra: Option<Box<NativeExtra>>,
}

pub(crate) struct NativeExtra {
    /// Whether the function is a constructor (kept here so that `Native`
    /// takes 24 bytes and the `Class` enum 32).
    pub(crate) constructor: bool,
    /// A host closure registered through the public API.
    pub(crate) host: Option<HostFn>,
    /// Values a built-in closes over (e.g. a promise's resolving functions).
    pub(crate) data: Vec<Value>,
}

pub(crate) struct Bound {
    pub(crate) target: Obj,
    pub(crate) this: Value,
    pub(crate) args: Vec<Value>,
    /// Whether the target was a constructor when the function was bound.
    pub(crate) constructor: bool,
}

/// State of a `for-in` enumeration.
pub(crate) struct ForIn {
    pub(crate) obj: Option<Obj>,
    /// The prototype of `obj`, read right after its keys.
    pub(crate) proto: Option<Obj>,
    pub(crate) keys: Vec<Atom>,
    pub(crate) pos: usize,
    /// Keys already produced by objects nearer the start of the chain.
    /// The receiver's own keys (the first level) are added only when the
    /// enumeration goes on to a prototype that may have enumerable keys.
    pub(crate) visited: hashbrown::HashSet<Atom>,
    /// Still on the receiver's own keys.
    pub(crate) first: bool,
    /// Positions of first-level keys skipped because they were deleted
    /// before their turn (they do not shadow prototype keys).
    pub(crate) gone: Vec<usize>,
}

/// Class-specific data of an object.
pub(crate) enum Class {
    Object,
    Array(ArrayData),
    /// Boxed: a closure's data is the largest variant.
    Closure(Box<Closure>),
    Native(Native),
    Bound(Box<Bound>),
    Error,
    Boolean(bool),
    Number(f64),
    /// A Date object's time value (`[[DateValue]]`).
    Date(f64),
    String(JsString),
    Symbol(crate::atom::Sym),
    /// A BigInt wrapper object (`[[BigIntData]]`).
    BigInt(crate::bigint::BigIntRef),
    /// An arguments object (§10.4.4). For a mapped one, entry `i` is the
    /// cell of the parameter that index `i` still aliases; empty when unmapped.
    Arguments(Vec<Option<Gc<VarRef>>>),
    ForIn(Box<ForIn>),
    /// An Array Iterator (§23.1.5): the array-like (None once done), the next
    /// index, and what to produce (0 keys, 1 values, 2 entries).
    ArrayIter(Box<(Option<Obj>, u32, u8)>),
    /// A String Iterator (§22.1.5): the string (None once done) and the next index.
    StringIter(Box<(Option<JsString>, usize)>),
    /// Annex B `[[IsHTMLDDA]]` object (conformance testing only).
    HtmlDda,
    /// A RegExp instance: `[[RegExpMatcher]]`, `[[OriginalSource]]`,
    /// `[[OriginalFlags]]`.
    RegExp(Box<RegExpData>),
    /// A `%RegExpStringIterator%` (from `matchAll`).
    RegExpIter(Box<RegExpIter>),
    /// A Map's `[[MapData]]` (§24.1).
    Map(Box<crate::ordered_map::OrderedMap>),
    /// A Set's `[[SetData]]` (§24.2); values are stored as keys.
    Set(Box<crate::ordered_map::OrderedMap>),
    /// A Map or Set Iterator (§24.1.5, §24.2.6).
    CollectionIter(Box<CollectionIter>),
    /// A promise's internal slots (§27.2.6).
    Promise(Box<crate::builtins::promise::PromiseData>),
    /// A generator object (§27.5): its state and, while suspended, its frame.
    Generator(Box<Generator>),
    /// An Async-from-Sync Iterator (§27.1.6): `[[SyncIteratorRecord]]`
    /// (the iterator and its `next` method).
    AsyncFromSyncIter(Box<(Value, Value)>),
    /// An Iterator Helper object (§27.1.2.1) or an iterator made by
    /// `Iterator.concat` / `Iterator.zip`: its generator-like state and
    /// underlying iterators.
    IterHelper(Box<crate::builtins::iterator_helpers::Helper>),
    /// A `%WrapForValidIteratorPrototype%` object (`Iterator.from`):
    /// `[[Iterated]]`, the iterator and its `next` method.
    WrapIter(Box<(Value, Value)>),
    /// %Object.prototype%, an immutable prototype exotic object (§10.4.7).
    ImmutablePrototype,
    /// A Proxy exotic object (§10.5).
    Proxy(Box<proxy::ProxyData>),
    /// A WeakMap's `[[WeakMapData]]` (§24.3), an ephemeron table.
    WeakMap(Rc<crate::builtins::weak_map::WeakTable>),
    /// A WeakSet's `[[WeakSetData]]` (§24.4).
    WeakSet(Rc<crate::builtins::weak_map::WeakTable>),
    /// A WeakRef's `[[WeakRefTarget]]` (§26.1), held without a count.
    WeakRef(crate::builtins::weak_ref::WeakTarget),
    /// A FinalizationRegistry's internal slots (§26.2).
    FinalizationRegistry(Rc<crate::builtins::finalization_registry::Registry>),
    /// An ArrayBuffer's or SharedArrayBuffer's data (§25.1, §25.2).
    ArrayBuffer(Rc<crate::builtins::array_buffer::BufferData>),
    /// A typed array, an integer-indexed exotic object (§10.4.5).
    TypedArray(Box<crate::builtins::array_buffer::ViewData>),
    /// A DataView (§25.3).
    DataView(Box<crate::builtins::array_buffer::ViewData>),
    /// A module namespace exotic object (§10.4.6).
    Namespace(Box<namespace::NamespaceData>),
    /// A DisposableStack, an AsyncDisposableStack, or the hidden
    /// DisposeCapability of a scope with `using` declarations.
    Disposable(Box<crate::builtins::disposable_stack::DisposeData>),
    /// A ShadowRealm instance: `[[ShadowRealm]]`, the index of its realm.
    ShadowRealm(u32),
    /// An object of a native class defined through the embedding API: the
    /// embedder's Rust value (`api::class`).
    Host(Box<crate::api::class::HostData>),
}

/// The state of a Map or Set Iterator.
pub(crate) struct CollectionIter {
    /// The Map or Set; `None` once the iterator has finished.
    pub(crate) coll: Option<Obj>,
    pub(crate) cursor: crate::ordered_map::Cursor,
    /// 0 keys, 1 values, 2 entries.
    pub(crate) kind: u8,
    /// Over a Set (otherwise a Map).
    pub(crate) set: bool,
}

/// `[[GeneratorState]]` (§27.5.2).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum GenState {
    SuspendedStart,
    SuspendedYield,
    Executing,
    Completed,
}

/// The internal slots of a generator object: the state, and the suspended
/// frame (`[[GeneratorContext]]`), which is out of the object while the
/// generator runs and dropped once it completes.
pub(crate) struct Generator {
    pub(crate) state: GenState,
    pub(crate) frame: Option<Box<crate::interp::SuspendedFrame>>,
    /// An async generator's state and request queue (§27.6.2); `None` for
    /// generators and async function bodies.
    pub(crate) queue: Option<Box<crate::builtins::async_generator::AsyncGen>>,
}

/// The internal slots of a RegExp object.
pub(crate) struct RegExpData {
    pub(crate) regex: Rc<regexp::Regex>,
    pub(crate) source: JsString,
    pub(crate) flags: JsString,
    /// `[[LegacyFeaturesEnabled]]` (Annex B legacy static properties).
    pub(crate) legacy: bool,
    /// `[[Realm]]`: the realm the object was created in (Annex B
    /// `compile` refuses another realm's RegExp).
    pub(crate) realm: u32,
}

/// The state of a RegExp string iterator (§22.2.9).
pub(crate) struct RegExpIter {
    pub(crate) matcher: Value,
    pub(crate) string: JsString,
    pub(crate) global: bool,
    pub(crate) unicode: bool,
    pub(crate) done: bool,
}

/// Array storage. When `fast`, `elems` holds all elements, with
/// [`array::HOLE`] for absent ones, and `elems.len() == len`; otherwise
/// elements are ordinary properties.
pub(crate) struct ArrayData {
    pub(crate) elems: Vec<Value>,
    pub(crate) len: u32,
    pub(crate) fast: bool,
    pub(crate) length_writable: bool,
}

/// A closure variable cell, shared between a frame and the closures that
/// capture it.
pub(crate) struct VarRef {
    pub(crate) value: RefCell<Value>,
}

impl Trace for VarRef {
    const KIND: CellKind = CellKind::VarRef;
    const COLLECTABLE: bool = true;
    fn trace(&self, t: &mut Tracer) {
        if let Ok(v) = self.value.try_borrow() {
            trace_value(&v, t);
        }
    }
    fn clear(&self) {
        if let Ok(mut v) = self.value.try_borrow_mut() {
            *v = Value::Undefined;
        }
    }
}

#[inline]
pub(crate) fn trace_value(v: &Value, t: &mut Tracer) {
    match v {
        Value::Object(o) => t.edge(o),
        Value::Symbol(s) => t.edge(s),
        _ => {}
    }
}

impl Trace for JsObject {
    const KIND: CellKind = CellKind::Object;
    const COLLECTABLE: bool = true;
    fn trace(&self, t: &mut Tracer) {
        let Ok(d) = self.d.try_borrow() else { return };
        if let Some(p) = &d.proto {
            t.edge(p);
        }
        for s in &d.slots {
            match s {
                Slot::Data(v) => trace_value(v, t),
                Slot::Accessor(a) => {
                    if let Some(g) = &a.get {
                        t.edge(g);
                    }
                    if let Some(s) = &a.set {
                        t.edge(s);
                    }
                }
            }
        }
        match &d.class {
            Class::Array(a) => a.elems.iter().for_each(|v| trace_value(v, t)),
            Class::Closure(c) => {
                c.var_refs.iter().for_each(|r| t.edge(r));
                if let Some(h) = &c.home {
                    t.edge(h);
                }
            }
            Class::Native(n) => {
                if let Some(x) = &n.extra {
                    x.data.iter().for_each(|v| trace_value(v, t));
                }
            }
            Class::Bound(b) => {
                t.edge(&b.target);
                trace_value(&b.this, t);
                b.args.iter().for_each(|v| trace_value(v, t));
            }
            Class::ForIn(f) => {
                if let Some(o) = &f.obj {
                    t.edge(o);
                }
                if let Some(o) = &f.proto {
                    t.edge(o);
                }
            }
            Class::ArrayIter(it) => {
                if let Some(o) = &it.0 {
                    t.edge(o);
                }
            }
            Class::RegExpIter(r) => trace_value(&r.matcher, t),
            Class::Map(m) | Class::Set(m) => m.trace(t),
            Class::WeakMap(w) | Class::WeakSet(w) => w.trace(t),
            Class::FinalizationRegistry(r) => r.trace(t),
            Class::Promise(p) => p.trace(t),
            Class::CollectionIter(it) => {
                if let Some(o) = &it.coll {
                    t.edge(o);
                }
            }
            Class::Arguments(map) => map.iter().flatten().for_each(|c| t.edge(c)),
            Class::TypedArray(v) | Class::DataView(v) => t.edge(&v.buffer),
            Class::AsyncFromSyncIter(r) | Class::WrapIter(r) => {
                trace_value(&r.0, t);
                trace_value(&r.1, t);
            }
            Class::IterHelper(h) => h.trace(t),
            Class::Generator(g) => {
                if let Some(f) = &g.frame {
                    f.trace(t);
                }
                if let Some(q) = &g.queue {
                    q.trace(t);
                }
            }
            Class::Namespace(n) => n.exports.iter().for_each(|(_, c)| t.edge(c)),
            Class::Disposable(d) => d.trace(t),
            Class::Host(h) => h.trace(t),
            Class::Proxy(p) => {
                if let Some(o) = &p.target {
                    t.edge(o);
                }
                if let Some(o) = &p.handler {
                    t.edge(o);
                }
            }
            _ => {}
        }
    }
    fn clear(&self) {
        let Ok(mut d) = self.d.try_borrow_mut() else {
            return;
        };
        d.proto = None;
        let slots = std::mem::take(&mut d.slots);
        let class = std::mem::replace(&mut d.class, Class::Object);
        drop(d);
        drop(slots);
        drop(class);
    }
    fn extra_bytes(&self) -> usize {
        self.d
            .try_borrow()
            .map(|d| d.reported as usize * REPORT_UNIT)
            .unwrap_or(0)
    }
}

// Closures keep their var refs in an `Rc<[..]>` that frames share; the
// closure object is the only long-lived owner, so tracing through it is
// exact as long as frames (which are roots) hold their own clones.

/// Creates an ordinary object.
pub(crate) fn new_object(cx: Cx, proto: Option<Obj>, class: Class) -> Obj {
    cx.heap().alloc(JsObject {
        d: RefCell::new(ObjectData {
            shape: cx.rt.root_shape.clone(),
            slots: Vec::new(),
            proto,
            extensible: true,
            class,
            reported: 0,
        }),
    })
}

pub(crate) fn new_plain(cx: Cx) -> Obj {
    new_object(cx, Some(cx.intr().object_proto.clone()), Class::Object)
}

/// A plain object with room for `n` properties (an object literal's count).
pub(crate) fn new_plain_sized(cx: Cx, n: usize) -> Obj {
    let o = new_plain(cx);
    if n > 0 {
        let mut d = o.d.borrow_mut();
        d.slots.reserve_exact(n);
        d.account(cx.heap());
    }
    o
}

/// An array whose elements are `elems` (its capacity is reported to the
/// heap at once).
pub(crate) fn new_array(cx: Cx, elems: Vec<Value>) -> Obj {
    let len = elems.len() as u32;
    let reserved = elems.capacity() > 0;
    let o = new_object(
        cx,
        Some(cx.intr().array_proto.clone()),
        Class::Array(ArrayData {
            elems,
            len,
            fast: true,
            length_writable: true,
        }),
    );
    if reserved {
        o.d.borrow_mut().account(cx.heap());
    }
    o
}

/// IsArray (§7.2.2): arrays, and proxies whose target is an array.
pub(crate) fn is_array(cx: &Cx, o: &Obj) -> JsResult<bool> {
    let mut cur = o.clone();
    loop {
        let next = match &cur.d.borrow().class {
            Class::Array(_) => return Ok(true),
            Class::Proxy(_) => None,
            _ => return Ok(false),
        };
        cur = match next {
            Some(n) => n,
            None => proxy::target_of(cx, &cur)?,
        };
    }
}

/// Whether `o` is an Array exotic object itself (not through a proxy).
pub(crate) fn is_array_object(o: &Obj) -> bool {
    matches!(o.d.borrow().class, Class::Array(_))
}

/// A complete or partial property descriptor (§6.2.6).
#[derive(Clone, Default)]
pub(crate) struct PropDesc {
    pub(crate) value: Option<Value>,
    pub(crate) writable: Option<bool>,
    /// `Some(None)` = explicitly undefined.
    pub(crate) get: Option<Option<Obj>>,
    pub(crate) set: Option<Option<Obj>>,
    pub(crate) enumerable: Option<bool>,
    pub(crate) configurable: Option<bool>,
}

impl PropDesc {
    pub(crate) fn data(v: Value, f: u8) -> PropDesc {
        PropDesc {
            value: Some(v),
            writable: Some(f & flags::WRITABLE != 0),
            get: None,
            set: None,
            enumerable: Some(f & flags::ENUMERABLE != 0),
            configurable: Some(f & flags::CONFIGURABLE != 0),
        }
    }
    pub(crate) fn is_accessor(&self) -> bool {
        self.get.is_some() || self.set.is_some()
    }
    pub(crate) fn is_data(&self) -> bool {
        self.value.is_some() || self.writable.is_some()
    }
    pub(crate) fn from_slot(slot: &Slot, f: u8) -> PropDesc {
        match slot {
            Slot::Data(v) => PropDesc::data(v.clone(), f),
            Slot::Accessor(a) => PropDesc {
                value: None,
                writable: None,
                get: Some(a.get.clone()),
                set: Some(a.set.clone()),
                enumerable: Some(f & flags::ENUMERABLE != 0),
                configurable: Some(f & flags::CONFIGURABLE != 0),
            },
        }
    }
    pub(crate) fn flags(&self) -> u8 {
        let mut f = 0;
        if self.writable == Some(true) {
            f |= flags::WRITABLE;
        }
        if self.enumerable == Some(true) {
            f |= flags::ENUMERABLE;
        }
        if self.configurable == Some(true) {
            f |= flags::CONFIGURABLE;
        }
        if self.is_accessor() {
            f |= flags::ACCESSOR;
        }
        f
    }
}

impl ObjectData {
    /// Bytes owned outside the cell: slot, element and dictionary-shape buffers.
    fn buffer_bytes(&self) -> usize {
        let elems = match &self.class {
            Class::Array(a) => a.elems.capacity() * std::mem::size_of::<Value>(),
            Class::Map(m) | Class::Set(m) => m.heap_bytes(),
            Class::WeakMap(w) | Class::WeakSet(w) => w.heap_bytes(),
            Class::ArrayBuffer(b) => b.bytes.borrow().capacity(),
            _ => 0,
        };
        let dict = if self.shape.dictionary {
            self.shape.props.capacity() * 16
        } else {
            0
        };
        self.slots.capacity() * std::mem::size_of::<Slot>() + elems + dict
    }

    /// Reports growth or shrinkage of this object's buffers to the heap, so
    /// the memory limit sees them.
    pub(crate) fn account(&mut self, heap: &crate::gc::Heap) {
        let now = self.buffer_bytes();
        // Rounded up to whole units; an object whose buffers pass 64 GiB is
        // reported as 64 GiB.
        let now = u32::try_from(now.div_ceil(REPORT_UNIT)).unwrap_or(u32::MAX);
        let before = self.reported;
        if now > before {
            heap.add_extra((now - before) as usize * REPORT_UNIT);
        } else {
            heap.sub_extra((before - now) as usize * REPORT_UNIT);
        }
        self.reported = now;
    }

    /// Appends a property that is known to be absent.
    pub(crate) fn push_prop(&mut self, atom: Atom, slot: Slot, f: u8) {
        self.push_prop_key(atom, slot, f, None);
    }

    /// [`ObjectData::push_prop`] for any key: `sym` is the cell of `atom`
    /// when it is a counted symbol (`Rt::key_cell`).
    pub(crate) fn push_prop_key(
        &mut self,
        atom: Atom,
        slot: Slot,
        f: u8,
        sym: Option<crate::atom::Sym>,
    ) {
        Shape::with_added_key(&mut self.shape, atom, f, sym);
        if self.slots.len() == self.slots.capacity() {
            self.reserve_slots();
        }
        self.slots.push(slot);
    }

    /// Appends the slot of the property the shape has just gained, then
    /// reports the slot vector to the heap if it grew.
    #[inline]
    pub(crate) fn push_slot(&mut self, slot: Slot, heap: &crate::gc::Heap) {
        if self.slots.len() == self.slots.capacity() {
            self.reserve_slots();
            self.slots.push(slot);
            self.account(heap);
        } else {
            self.slots.push(slot);
        }
    }

    /// Grows a full slot vector for one more property: to the size objects
    /// of the same (new) shape have reached before, else by doubling.
    #[cold]
    fn reserve_slots(&mut self) {
        let len = self.slots.len();
        let hint = self.shape.slot_hint();
        if hint > len {
            self.slots.reserve_exact(hint - len);
        } else {
            self.slots.reserve(1);
        }
    }
}

/// Elements of a fast array without holes, cloned (for built-ins' fast
/// paths).
pub(crate) fn fast_array_elems(o: &Obj) -> Option<Vec<Value>> {
    match &o.d.borrow().class {
        Class::Array(a) if a.fast && !a.elems.iter().any(array::is_hole) => Some(a.elems.clone()),
        _ => None,
    }
}

/// GetFunctionRealm (§7.3.22): the realm index of a function object, through
/// bound functions and proxies; the current realm for other objects.
pub(crate) fn function_realm(cx: &Cx, o: &Obj) -> JsResult<u32> {
    let mut cur = o.clone();
    loop {
        let next = match &cur.d.borrow().class {
            Class::Closure(c) => return Ok(c.realm),
            Class::Native(n) => return Ok(n.realm),
            Class::Bound(b) => Some(b.target.clone()),
            Class::Proxy(_) => None,
            _ => return Ok(cx.realm.index),
        };
        cur = match next {
            Some(n) => n,
            None => proxy::target_of(cx, &cur)?,
        };
    }
}

// Objects stay small: a cell header plus this.
/// The granularity of [`ObjectData::reported`].
const REPORT_UNIT: usize = 16;

// With the 24-byte cell header, an object cell is 120 bytes: a 128-byte
// block for the allocator.
const _: () = assert!(std::mem::size_of::<ObjectData>() <= 88);
