//! Objects: layout, classes, and the ordinary internal methods (ECMA-262
//! §10.1) with the array (§10.4.2), string (§10.4.3) and arguments exotic
//! behaviour.
//!
//! <https://tc39.es/ecma262/#sec-ordinary-object-internal-methods-and-internal-slots>
//!
//! An object is a shape (its property keys and attributes, shared), a slot
//! vector (the property values, in shape order), a prototype, and a
//! [`Class`] carrying class-specific data. Arrays without holes keep their
//! elements in a dense vector ("fast arrays") instead of in the shape.

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

/// A property's storage.
#[derive(Clone)]
pub(crate) enum Slot {
    Data(Value),
    /// Getter and setter (`None` = undefined).
    Accessor(Option<Obj>, Option<Obj>),
}

pub(crate) struct ObjectData {
    pub(crate) shape: Rc<Shape>,
    /// `slots[i]` is the value of `shape.props[i]`.
    pub(crate) slots: Vec<Slot>,
    pub(crate) proto: Option<Obj>,
    pub(crate) extensible: bool,
    pub(crate) class: Class,
    /// Buffer bytes last reported to the heap (see [`ObjectData::account`]).
    pub(crate) reported: usize,
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
}

pub(crate) struct Native {
    pub(crate) f: NativeFn,
    pub(crate) magic: i32,
    pub(crate) realm: u32,
    pub(crate) constructor: bool,
    /// Rarely used state, boxed to keep objects small.
    pub(crate) extra: Option<Box<NativeExtra>>,
}

pub(crate) struct NativeExtra {
    /// A host closure registered through the public API.
    pub(crate) host: Option<HostFn>,
    /// Values a built-in closes over (e.g. a promise's resolving functions).
    pub(crate) data: Vec<Value>,
}

pub(crate) struct Bound {
    pub(crate) target: Obj,
    pub(crate) this: Value,
    pub(crate) args: Vec<Value>,
}

/// State of a `for-in` enumeration.
pub(crate) struct ForIn {
    pub(crate) obj: Option<Obj>,
    pub(crate) keys: Vec<Atom>,
    pub(crate) pos: usize,
    /// Keys already produced by objects nearer the start of the chain.
    pub(crate) visited: hashbrown::HashSet<Atom>,
}

/// Class-specific data of an object.
pub(crate) enum Class {
    Object,
    Array(ArrayData),
    Closure(Closure),
    Native(Native),
    Bound(Box<Bound>),
    Error,
    Boolean(bool),
    Number(f64),
    /// A Date object's time value (`[[DateValue]]`).
    Date(f64),
    String(JsString),
    Symbol(Atom),
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
}

/// The internal slots of a RegExp object.
pub(crate) struct RegExpData {
    pub(crate) regex: Rc<regexp::Regex>,
    pub(crate) source: JsString,
    pub(crate) flags: JsString,
    /// `[[LegacyFeaturesEnabled]]` (Annex B legacy static properties).
    pub(crate) legacy: bool,
}

/// The state of a RegExp string iterator (§22.2.9).
pub(crate) struct RegExpIter {
    pub(crate) matcher: Value,
    pub(crate) string: JsString,
    pub(crate) global: bool,
    pub(crate) unicode: bool,
    pub(crate) done: bool,
}

/// Array storage. When `fast`, `elems` holds all elements (no holes) and
/// `elems.len() == len`; otherwise elements are ordinary properties.
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
    if let Value::Object(o) = v {
        t.edge(o);
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
                Slot::Accessor(g, s) => {
                    if let Some(g) = g {
                        t.edge(g);
                    }
                    if let Some(s) = s {
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
            }
            Class::ArrayIter(it) => {
                if let Some(o) = &it.0 {
                    t.edge(o);
                }
            }
            Class::RegExpIter(r) => trace_value(&r.matcher, t),
            Class::Map(m) | Class::Set(m) => m.trace(t),
            Class::Promise(p) => p.trace(t),
            Class::CollectionIter(it) => {
                if let Some(o) = &it.coll {
                    t.edge(o);
                }
            }
            Class::Arguments(map) => map.iter().flatten().for_each(|c| t.edge(c)),
            Class::Generator(g) => {
                if let Some(f) = &g.frame {
                    f.trace(t);
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
        self.d.try_borrow().map(|d| d.reported).unwrap_or(0)
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

pub(crate) fn new_array(cx: Cx, elems: Vec<Value>) -> Obj {
    let len = elems.len() as u32;
    new_object(
        cx,
        Some(cx.intr().array_proto.clone()),
        Class::Array(ArrayData {
            elems,
            len,
            fast: true,
            length_writable: true,
        }),
    )
}

pub(crate) fn is_callable(o: &Obj) -> bool {
    matches!(
        o.d.borrow().class,
        Class::Closure(_) | Class::Native(_) | Class::Bound(_) | Class::HtmlDda
    )
}

pub(crate) fn is_constructor(o: &Obj) -> bool {
    match &o.d.borrow().class {
        Class::Closure(c) => c.bc.has(crate::bytecode::fn_flags::CONSTRUCTOR),
        Class::Native(n) => n.constructor,
        Class::Bound(b) => is_constructor(&b.target),
        _ => false,
    }
}

pub(crate) fn is_array(o: &Obj) -> bool {
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
    fn from_slot(slot: &Slot, f: u8) -> PropDesc {
        match slot {
            Slot::Data(v) => PropDesc::data(v.clone(), f),
            Slot::Accessor(g, s) => PropDesc {
                value: None,
                writable: None,
                get: Some(g.clone()),
                set: Some(s.clone()),
                enumerable: Some(f & flags::ENUMERABLE != 0),
                configurable: Some(f & flags::CONFIGURABLE != 0),
            },
        }
    }
    fn flags(&self) -> u8 {
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
        if now > self.reported {
            heap.add_extra(now - self.reported);
        } else {
            heap.sub_extra(self.reported - now);
        }
        self.reported = now;
    }

    /// Appends a property that is known to be absent.
    pub(crate) fn push_prop(&mut self, atom: Atom, slot: Slot, f: u8) {
        Shape::with_added(&mut self.shape, atom, f);
        self.slots.push(slot);
    }

    /// Converts a fast array to ordinary element properties.
    fn make_array_slow(&mut self) {
        let Class::Array(a) = &mut self.class else {
            return;
        };
        if !a.fast {
            return;
        }
        a.fast = false;
        let elems = std::mem::take(&mut a.elems);
        for (i, v) in elems.into_iter().enumerate() {
            if let Some(atom) = Atom::from_index(i as u32) {
                Shape::with_added(&mut self.shape, atom, flags::DEFAULT);
                self.slots.push(Slot::Data(v));
            }
        }
    }
}

/// [[GetOwnProperty]] (§10.1.5), including exotic own properties.
/// Creates a constructor's `prototype` property if it is still pending
/// (§10.2.5 MakeConstructor, done lazily).
pub(crate) fn materialize_prototype(cx: &Cx, o: &Obj) {
    let pending = match &mut o.d.borrow_mut().class {
        Class::Closure(c) if c.proto_pending => {
            c.proto_pending = false;
            let generator = c.bc.has(crate::bytecode::fn_flags::GENERATOR);
            Some((generator, c.realm))
        }
        _ => None,
    };
    if let Some((true, realm)) = pending {
        // A generator function's `prototype` (§15.5.3 step 5): inherits
        // %GeneratorPrototype% of the function's realm, no `constructor`.
        let realm = cx.rt.realm(realm);
        let proto = new_object(*cx, Some(realm.intr.generator_proto.clone()), Class::Object);
        define_data(
            cx,
            o,
            Atom::PROTOTYPE,
            Value::Object(proto),
            flags::WRITABLE,
        );
    } else if let Some((_, realm)) = pending {
        // An ordinary object of the function's realm (§10.2.5 MakeConstructor).
        let realm = cx.rt.realm(realm);
        let proto = new_object(*cx, Some(realm.intr.object_proto.clone()), Class::Object);
        define_data(
            cx,
            &proto,
            Atom::CONSTRUCTOR,
            Value::Object(o.clone()),
            flags::HIDDEN,
        );
        define_data(
            cx,
            o,
            Atom::PROTOTYPE,
            Value::Object(proto),
            flags::WRITABLE,
        );
    }
}

pub(crate) fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> Option<PropDesc> {
    if key == Atom::PROTOTYPE {
        materialize_prototype(cx, o);
    }
    let d = o.d.borrow();
    match &d.class {
        Class::Array(a) => {
            if key == Atom::LENGTH {
                let f = if a.length_writable {
                    flags::WRITABLE
                } else {
                    0
                };
                return Some(PropDesc::data(Value::number(a.len as f64), f));
            }
            if a.fast
                && let Some(i) = key.index()
            {
                return a
                    .elems
                    .get(i as usize)
                    .map(|v| PropDesc::data(v.clone(), flags::DEFAULT));
            }
        }
        Class::String(s) => {
            if key == Atom::LENGTH {
                return Some(PropDesc::data(Value::Int(s.len() as i32), 0));
            }
            if let Some(i) = key.index()
                && (i as usize) < s.len()
            {
                let ch = s.units().at(i as usize);
                let cs = crate::builtins::string::char_string(cx, ch);
                return Some(PropDesc::data(Value::String(cs), flags::ENUMERABLE));
            }
        }
        Class::Arguments(map) if !map.is_empty() => {
            // §10.4.4.1 step 5: a mapped index reads its parameter.
            let i = d.shape.find(key)?;
            let mut desc = PropDesc::from_slot(&d.slots[i], d.shape.props[i].flags);
            if let Some(c) = arg_cell(map, key) {
                desc.value = Some(c.value.borrow().clone());
            }
            return Some(desc);
        }
        _ => {}
    }
    let i = d.shape.find(key)?;
    Some(PropDesc::from_slot(&d.slots[i], d.shape.props[i].flags))
}

/// The parameter cell a mapped arguments object's index `key` aliases.
fn arg_cell(map: &[Option<Gc<VarRef>>], key: Atom) -> Option<&Gc<VarRef>> {
    map.get(key.index()? as usize)?.as_ref()
}

/// Ends the aliasing of index `key` of a mapped arguments object.
fn unmap_arg(o: &Obj, key: Atom) {
    if let Class::Arguments(map) = &mut o.d.borrow_mut().class
        && let Some(i) = key.index()
        && let Some(slot) = map.get_mut(i as usize)
    {
        *slot = None;
    }
}

/// The cell aliased by index `key` of `o`, if `o` is a mapped arguments object.
fn mapped_arg(o: &Obj, key: Atom) -> Option<Gc<VarRef>> {
    match &o.d.borrow().class {
        Class::Arguments(map) if !map.is_empty() => arg_cell(map, key).cloned(),
        _ => None,
    }
}

/// Looks up `key` along the prototype chain without invoking getters:
/// returns the holder's slot copy.
enum Found {
    Data(Value),
    Accessor(Option<Obj>),
    Missing,
}

fn lookup(cx: &Cx, o: &Obj, key: Atom) -> Found {
    let mut cur = o.clone();
    loop {
        if key == Atom::PROTOTYPE {
            materialize_prototype(cx, &cur);
        }
        let next = {
            let d = cur.d.borrow();
            match &d.class {
                Class::Array(a) if a.fast => {
                    if let Some(i) = key.index() {
                        if let Some(v) = a.elems.get(i as usize) {
                            return Found::Data(v.clone());
                        }
                    } else if key == Atom::LENGTH {
                        return Found::Data(Value::number(a.len as f64));
                    }
                }
                Class::Array(a) if key == Atom::LENGTH => {
                    return Found::Data(Value::number(a.len as f64));
                }
                Class::Arguments(map) if !map.is_empty() && d.shape.find(key).is_some() => {
                    if let Some(c) = arg_cell(map, key) {
                        return Found::Data(c.value.borrow().clone());
                    }
                }
                Class::String(_) if key == Atom::LENGTH || key.is_index() => {
                    drop(d);
                    if let Some(p) = get_own_property(cx, &cur, key) {
                        return Found::Data(p.value.unwrap_or(Value::Undefined));
                    }
                    let d = cur.d.borrow();
                    match d.shape.find(key) {
                        Some(i) => {
                            return match &d.slots[i] {
                                Slot::Data(v) => Found::Data(v.clone()),
                                Slot::Accessor(g, _) => Found::Accessor(g.clone()),
                            };
                        }
                        None => match &d.proto {
                            Some(p) => {
                                let p = p.clone();
                                drop(d);
                                cur = p;
                                continue;
                            }
                            None => return Found::Missing,
                        },
                    }
                }
                _ => {}
            }
            if let Some(i) = d.shape.find(key) {
                return match &d.slots[i] {
                    Slot::Data(v) => Found::Data(v.clone()),
                    Slot::Accessor(g, _) => Found::Accessor(g.clone()),
                };
            }
            match &d.proto {
                Some(p) => p.clone(),
                None => return Found::Missing,
            }
        };
        cur = next;
    }
}

/// [[Get]] (§10.1.8) with an explicit receiver.
pub(crate) fn get(cx: &Cx, o: &Obj, key: Atom, receiver: &Value) -> JsResult<Value> {
    match lookup(cx, o, key) {
        Found::Data(v) => Ok(v),
        Found::Accessor(Some(g)) => cx.call(&Value::Object(g), receiver, &[]),
        Found::Accessor(None) | Found::Missing => Ok(Value::Undefined),
    }
}

/// `o[key]` with `o` as receiver.
#[inline]
pub(crate) fn get_prop(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Value> {
    get(cx, o, key, &Value::Object(o.clone()))
}

/// GetV (§7.3.3): property read on any value (primitives use their prototype).
pub(crate) fn get_value(cx: &Cx, v: &Value, key: Atom) -> JsResult<Value> {
    let intr = cx.intr();
    let proto = match v {
        Value::Object(o) => return get(cx, o, key, v),
        Value::String(s) => {
            if key == Atom::LENGTH {
                return Ok(Value::Int(s.len() as i32));
            }
            if let Some(i) = key.index()
                && (i as usize) < s.len()
            {
                let ch = s.units().at(i as usize);
                return Ok(Value::String(crate::builtins::string::char_string(cx, ch)));
            }
            &intr.string_proto
        }
        Value::Int(_) | Value::Float(_) => &intr.number_proto,
        Value::Bool(_) => &intr.boolean_proto,
        Value::Symbol(_) => &intr.symbol_proto,
        Value::BigInt(_) => &intr.bigint_proto,
        Value::Undefined | Value::Null | Value::Uninit => {
            let what = if v.is_undefined() {
                "undefined"
            } else {
                "null"
            };
            return cx.type_error(&format!(
                "cannot read property '{}' of {what}",
                cx.rt.atom_name(key)
            ));
        }
    };
    get(cx, proto, key, v)
}

/// [[Set]] (§10.1.9). Returns false when the assignment is rejected.
pub(crate) fn set(cx: &Cx, o: &Obj, key: Atom, v: Value, receiver: &Value) -> JsResult<bool> {
    if key == Atom::PROTOTYPE {
        materialize_prototype(cx, o);
    }
    // Fast path: own writable data property or fast array element on the receiver itself.
    if let Value::Object(r) = receiver
        && Obj::ptr_eq(r, o)
    {
        let mut d = o.d.borrow_mut();
        let d = &mut *d;
        if let Class::Array(a) = &mut d.class
            && let Some(i) = key.index()
            && a.fast
        {
            let i = i as usize;
            if i < a.elems.len() {
                a.elems[i] = v;
                return Ok(true);
            }
            if i == a.elems.len() && d.extensible && a.length_writable && d.proto.is_some() {
                // Appending: only fast when no prototype has indexed properties,
                // which the slow path checks; fall through otherwise.
            }
        }
        if (!matches!(d.class, Class::Array(_) | Class::String(_))
            || !(key.is_index() || key == Atom::LENGTH))
            && let Some(i) = d.shape.find(key)
        {
            let f = d.shape.props[i].flags;
            if f & (flags::ACCESSOR | flags::WRITABLE) == flags::WRITABLE {
                // §10.4.4.4: a mapped index also writes its parameter.
                if key.is_index()
                    && let Class::Arguments(map) = &d.class
                    && let Some(c) = arg_cell(map, key)
                {
                    let old = c.value.replace(v.clone());
                    drop(old);
                }
                d.slots[i] = Slot::Data(v);
                return Ok(true);
            }
        }
    }
    // OrdinarySet: find the property along the chain.
    let mut cur = o.clone();
    let own_desc = loop {
        if let Some(p) = get_own_property(cx, &cur, key) {
            break Some(p);
        }
        let next = cur.d.borrow().proto.clone();
        match next {
            Some(p) => cur = p,
            None => break None,
        }
    };
    let own_desc = own_desc.unwrap_or_else(|| PropDesc::data(Value::Undefined, flags::DEFAULT));
    if own_desc.is_data() || !own_desc.is_accessor() {
        if own_desc.writable != Some(true) {
            return Ok(false);
        }
        let Value::Object(r) = receiver else {
            return Ok(false);
        };
        if let Some(existing) = get_own_property(cx, r, key) {
            if existing.is_accessor() || existing.writable != Some(true) {
                return Ok(false);
            }
            return define_own_property(
                cx,
                r,
                key,
                PropDesc {
                    value: Some(v),
                    ..Default::default()
                },
            );
        }
        return define_own_property(cx, r, key, PropDesc::data(v, flags::DEFAULT));
    }
    match own_desc.set {
        Some(Some(setter)) => {
            cx.call(&Value::Object(setter), receiver, &[v])?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `o[key] = v`, throwing in strict code when rejected.
pub(crate) fn put(cx: &Cx, o: &Obj, key: Atom, v: Value, strict: bool) -> JsResult<()> {
    if !set(cx, o, key, v, &Value::Object(o.clone()))? && strict {
        return cx.type_error(&format!(
            "cannot assign to read only property '{}'",
            cx.rt.atom_name(key)
        ));
    }
    Ok(())
}

/// PutValue on any base value (primitives: set through the prototype with the primitive as receiver).
pub(crate) fn put_value(cx: &Cx, base: &Value, key: Atom, v: Value, strict: bool) -> JsResult<()> {
    match base {
        Value::Object(o) => put(cx, o, key, v, strict),
        Value::Undefined | Value::Null | Value::Uninit => {
            let what = if base.is_undefined() {
                "undefined"
            } else {
                "null"
            };
            cx.type_error(&format!(
                "cannot set property '{}' of {what}",
                cx.rt.atom_name(key)
            ))
        }
        _ => {
            let proto = cx.to_object(base)?;
            if !set(cx, &proto, key, v, base)? && strict {
                return cx.type_error(&format!(
                    "cannot create property '{}' on primitive",
                    cx.rt.atom_name(key)
                ));
            }
            Ok(())
        }
    }
}

/// Defines a data property directly (built-in setup and literals); replaces an existing one.
pub(crate) fn define_data(cx: &Cx, o: &Obj, key: Atom, v: Value, f: u8) {
    let _ = define_own_property(cx, o, key, PropDesc::data(v, f));
}

/// CreateDataProperty (§7.3.5).
pub(crate) fn create_data_property(cx: &Cx, o: &Obj, key: Atom, v: Value) -> JsResult<bool> {
    define_own_property(cx, o, key, PropDesc::data(v, flags::DEFAULT))
}

/// [[DefineOwnProperty]] (§10.1.6) with array `length`/index semantics (§10.4.2.1).
pub(crate) fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    let r = define_own_property_inner(cx, o, key, desc);
    if let Ok(mut d) = o.d.try_borrow_mut() {
        d.account(cx.heap());
    }
    r
}

fn define_own_property_inner(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    if key == Atom::PROTOTYPE {
        materialize_prototype(cx, o);
    }
    let is_array = matches!(o.d.borrow().class, Class::Array(_));
    if is_array {
        if key == Atom::LENGTH {
            return array_set_length(cx, o, desc);
        }
        if let Some(i) = array_index(cx, key) {
            return array_define_index(cx, o, key, i, desc);
        }
    }
    if let Some(cell) = mapped_arg(o, key) {
        return arguments_define(cx, o, key, desc, cell);
    }
    if let Class::String(s) = &o.d.borrow().class {
        let len = s.len();
        if key == Atom::LENGTH || key.index().is_some_and(|i| (i as usize) < len) {
            let current = get_own_property(cx, o, key);
            return Ok(current.is_some_and(|c| compatible_unchanged(&c, &desc)));
        }
    }
    ordinary_define(cx, o, key, desc)
}

/// [[DefineOwnProperty]] of an arguments object for an index that still
/// aliases a parameter (§10.4.4.2).
fn arguments_define(
    cx: &Cx,
    o: &Obj,
    key: Atom,
    desc: PropDesc,
    cell: Gc<VarRef>,
) -> JsResult<bool> {
    // Step 3: freezing without a value keeps the parameter's current value.
    let mut new_desc = desc.clone();
    if !desc.is_accessor() && desc.value.is_none() && desc.writable == Some(false) {
        new_desc.value = Some(cell.value.borrow().clone());
    }
    // The stored slot may be stale: refresh it before the ordinary checks.
    {
        let mut d = o.d.borrow_mut();
        if let Some(i) = d.shape.find(key)
            && let Slot::Data(v) = &mut d.slots[i]
        {
            *v = cell.value.borrow().clone();
        }
    }
    if !ordinary_define(cx, o, key, new_desc)? {
        return Ok(false);
    }
    // Step 7.
    if desc.is_accessor() {
        unmap_arg(o, key);
    } else {
        if let Some(v) = desc.value {
            let old = cell.value.replace(v);
            drop(old);
        }
        if desc.writable == Some(false) {
            unmap_arg(o, key);
        }
    }
    Ok(true)
}

/// Whether applying `desc` to a non-configurable, non-writable `current` is allowed.
fn compatible_unchanged(current: &PropDesc, desc: &PropDesc) -> bool {
    if desc.configurable == Some(true)
        || desc
            .enumerable
            .is_some_and(|e| Some(e) != current.enumerable)
    {
        return false;
    }
    if desc.is_accessor() || desc.writable == Some(true) {
        return false;
    }
    match (&desc.value, &current.value) {
        (Some(v), Some(c)) => crate::value::same_value(v, c),
        _ => true,
    }
}

/// ValidateAndApplyPropertyDescriptor (§10.1.6.3) on ordinary storage.
fn ordinary_define(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    let _ = cx;
    let mut d = o.d.borrow_mut();
    let d = &mut *d;
    let Some(i) = d.shape.find(key) else {
        // Step 2: no current property.
        if !d.extensible {
            return Ok(false);
        }
        let f = desc.flags();
        let slot = if desc.is_accessor() {
            Slot::Accessor(desc.get.flatten(), desc.set.flatten())
        } else {
            Slot::Data(desc.value.unwrap_or(Value::Undefined))
        };
        d.push_prop(key, slot, f);
        return Ok(true);
    };
    let cur_flags = d.shape.props[i].flags;
    let current = PropDesc::from_slot(&d.slots[i], cur_flags);
    let configurable = cur_flags & flags::CONFIGURABLE != 0;
    // Step 4: non-configurable checks.
    if !configurable {
        if desc.configurable == Some(true) {
            return Ok(false);
        }
        if desc
            .enumerable
            .is_some_and(|e| e != (cur_flags & flags::ENUMERABLE != 0))
        {
            return Ok(false);
        }
        let generic = !desc.is_accessor() && !desc.is_data();
        if !generic && desc.is_accessor() != current.is_accessor() {
            return Ok(false);
        }
        if current.is_accessor() {
            if let Some(g) = &desc.get
                && !opt_obj_eq(g, current.get.as_ref().and_then(|x| x.as_ref()))
            {
                return Ok(false);
            }
            if let Some(s) = &desc.set
                && !opt_obj_eq(s, current.set.as_ref().and_then(|x| x.as_ref()))
            {
                return Ok(false);
            }
        } else if cur_flags & flags::WRITABLE == 0 {
            if desc.writable == Some(true) {
                return Ok(false);
            }
            if let (Some(v), Some(c)) = (&desc.value, &current.value)
                && !crate::value::same_value(v, c)
            {
                return Ok(false);
            }
        }
    }
    // Step 5: apply.
    let mut f = cur_flags;
    if desc.is_accessor() && !current.is_accessor() {
        f = (f & (flags::ENUMERABLE | flags::CONFIGURABLE)) | flags::ACCESSOR;
        d.slots[i] = Slot::Accessor(None, None);
    } else if desc.is_data() && current.is_accessor() {
        f &= flags::ENUMERABLE | flags::CONFIGURABLE;
        d.slots[i] = Slot::Data(Value::Undefined);
    }
    if let Some(e) = desc.enumerable {
        f = if e {
            f | flags::ENUMERABLE
        } else {
            f & !flags::ENUMERABLE
        };
    }
    if let Some(c) = desc.configurable {
        f = if c {
            f | flags::CONFIGURABLE
        } else {
            f & !flags::CONFIGURABLE
        };
    }
    if let Some(w) = desc.writable {
        f = if w {
            f | flags::WRITABLE
        } else {
            f & !flags::WRITABLE
        };
    }
    match &mut d.slots[i] {
        Slot::Data(v) => {
            if let Some(nv) = desc.value {
                *v = nv;
            }
        }
        Slot::Accessor(g, s) => {
            if let Some(ng) = desc.get {
                *g = ng;
            }
            if let Some(ns) = desc.set {
                *s = ns;
            }
        }
    }
    Shape::set_flags(&mut d.shape, i, f);
    Ok(true)
}

fn opt_obj_eq(a: &Option<Obj>, b: Option<&Obj>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => Obj::ptr_eq(x, y),
        _ => false,
    }
}

/// Defining an array index (§10.4.2.1 step 1.b-c).
/// The array index (§6.1.7: a canonical numeric string of an integer below
/// 2^32 - 1) that `key` names, if any. Indices below 2^31 are immediate
/// atoms; larger ones are string atoms.
pub(crate) fn array_index(cx: &Cx, key: Atom) -> Option<u32> {
    if let Some(i) = key.index() {
        return Some(i);
    }
    if cx.rt.atoms.is_symbol(key) {
        return None;
    }
    let s = cx.rt.atom_string(key);
    let crate::string::Units::Latin1(b) = s.units() else {
        return None;
    };
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n: u64 = b.iter().fold(0, |n, &d| n * 10 + u64::from(d - b'0'));
    (n >= 1 << 31 && n < u64::from(u32::MAX)).then_some(n as u32)
}

fn array_define_index(cx: &Cx, o: &Obj, key: Atom, index: u32, desc: PropDesc) -> JsResult<bool> {
    {
        let mut d = o.d.borrow_mut();
        let d = &mut *d;
        let extensible = d.extensible;
        let Class::Array(a) = &mut d.class else {
            unreachable!("checked by caller")
        };
        if index >= a.len && !a.length_writable {
            return Ok(false);
        }
        let plain = desc.value.is_some()
            && desc.writable != Some(false)
            && desc.enumerable != Some(false)
            && desc.configurable != Some(false)
            && !desc.is_accessor();
        let full =
            desc.writable.is_some() && desc.enumerable.is_some() && desc.configurable.is_some();
        if a.fast {
            let i = index as usize;
            if i < a.elems.len() && plain {
                if let Some(v) = desc.value {
                    a.elems[i] = v;
                }
                return Ok(true);
            }
            if i == a.elems.len() && plain && full && extensible {
                if let Some(v) = desc.value {
                    a.elems.push(v);
                }
                a.len = a.elems.len() as u32;
                return Ok(true);
            }
        }
        d.make_array_slow();
    }
    if !ordinary_define(cx, o, key, desc)? {
        return Ok(false);
    }
    if let Class::Array(a) = &mut o.d.borrow_mut().class
        && index >= a.len
    {
        a.len = index + 1;
    }
    Ok(true)
}

/// ArraySetLength (§10.4.2.4).
fn array_set_length(cx: &Cx, o: &Obj, desc: PropDesc) -> JsResult<bool> {
    let new_len = match &desc.value {
        None => None,
        Some(v) => {
            let n = cx.to_number(v)?;
            let u = cx.to_uint32(v)?;
            if u as f64 != n {
                return cx.range_error("Invalid array length");
            }
            Some(u)
        }
    };
    let mut d = o.d.borrow_mut();
    let d = &mut *d;
    let Class::Array(a) = &mut d.class else {
        unreachable!("checked by caller")
    };
    if desc.configurable == Some(true) || desc.enumerable == Some(true) || desc.is_accessor() {
        return Ok(false);
    }
    if !a.length_writable && (desc.writable == Some(true) || new_len.is_some_and(|n| n != a.len)) {
        return Ok(false);
    }
    if let Some(n) = new_len {
        if a.fast {
            if (n as usize) <= a.elems.len() {
                a.elems.truncate(n as usize);
                a.len = n;
            } else {
                a.len = n;
                d.make_array_slow();
            }
        } else if n < a.len {
            // Delete indices >= n from the highest down; stop at a non-configurable one.
            let mut idx: Vec<(u32, Atom)> = d
                .shape
                .props
                .iter()
                .filter_map(|p| {
                    array_index(cx, p.atom)
                        .filter(|&k| k >= n)
                        .map(|k| (k, p.atom))
                })
                .collect();
            idx.sort_unstable_by_key(|x| std::cmp::Reverse(x.0));
            let mut final_len = n;
            for (k, atom) in idx {
                let Some(i) = d.shape.find(atom) else {
                    continue;
                };
                if d.shape.props[i].flags & flags::CONFIGURABLE == 0 {
                    final_len = k + 1;
                    break;
                }
                Shape::remove_at(&mut d.shape, i);
                d.slots.remove(i);
            }
            if let Class::Array(a) = &mut d.class {
                a.len = final_len;
                if desc.writable == Some(false) {
                    a.length_writable = false;
                }
                return Ok(final_len == n);
            }
        } else {
            a.len = n;
        }
    }
    if let Class::Array(a) = &mut d.class
        && desc.writable == Some(false)
    {
        a.length_writable = false;
    }
    Ok(true)
}

/// [[HasProperty]] (§10.1.7).
pub(crate) fn has_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    let mut cur = o.clone();
    loop {
        if get_own_property(cx, &cur, key).is_some() {
            return Ok(true);
        }
        let next = cur.d.borrow().proto.clone();
        match next {
            Some(p) => cur = p,
            None => return Ok(false),
        }
    }
}

/// [[Delete]] (§10.1.10).
pub(crate) fn delete_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    if key == Atom::PROTOTYPE {
        materialize_prototype(cx, o);
    }
    let _ = cx;
    let mut d = o.d.borrow_mut();
    let d = &mut *d;
    match &mut d.class {
        Class::Array(a) => {
            if key == Atom::LENGTH {
                return Ok(false);
            }
            if a.fast
                && let Some(i) = key.index()
            {
                let i = i as usize;
                if i >= a.elems.len() {
                    return Ok(true);
                }
                d.make_array_slow();
            }
        }
        Class::String(s)
            if (key == Atom::LENGTH || key.index().is_some_and(|i| (i as usize) < s.len())) =>
        {
            return Ok(false);
        }
        _ => {}
    }
    let Some(i) = d.shape.find(key) else {
        return Ok(true);
    };
    if d.shape.props[i].flags & flags::CONFIGURABLE == 0 {
        return Ok(false);
    }
    // §10.4.4.5: deleting a mapped index ends its aliasing.
    if let Class::Arguments(map) = &mut d.class
        && let Some(ix) = key.index()
        && let Some(slot) = map.get_mut(ix as usize)
    {
        *slot = None;
    }
    Shape::remove_at(&mut d.shape, i);
    let old = d.slots.remove(i);
    drop(old);
    Ok(true)
}

/// [[OwnPropertyKeys]] (§10.1.11): indices ascending, then strings, then symbols, in creation order.
pub(crate) fn own_keys(cx: &Cx, o: &Obj) -> Vec<Atom> {
    materialize_prototype(cx, o);
    let d = o.d.borrow();
    let mut idx: Vec<u32> = Vec::new();
    let mut strings = Vec::new();
    let mut symbols = Vec::new();
    match &d.class {
        Class::Array(a) if a.fast => idx.extend(0..a.elems.len() as u32),
        Class::String(s) => idx.extend(0..s.len() as u32),
        _ => {}
    }
    let mut big_indices = Vec::new();
    for p in &d.shape.props {
        if let Some(i) = p.atom.index() {
            idx.push(i);
        } else if cx.rt.atoms.is_symbol(p.atom) {
            // Private names are not properties (§7.3.32 PrivateElementFind).
            if !cx.rt.atoms.is_private(p.atom) {
                symbols.push(p.atom);
            }
        } else {
            let s = cx.rt.atom_name(p.atom);
            // Array indices above 2^31 are string atoms but still sort as indices.
            match s.parse::<u64>() {
                Ok(n) if n < 4294967295 && n.to_string() == s => big_indices.push((n, p.atom)),
                _ => strings.push(p.atom),
            }
        }
    }
    if matches!(d.class, Class::Array(_) | Class::String(_)) {
        strings.insert(0, Atom::LENGTH);
    }
    idx.sort_unstable();
    big_indices.sort_unstable_by_key(|x| x.0);
    let mut out: Vec<Atom> = idx.into_iter().filter_map(Atom::from_index).collect();
    out.extend(big_indices.into_iter().map(|x| x.1));
    out.extend(strings);
    out.extend(symbols);
    out
}

/// [[SetPrototypeOf]] (§10.1.2).
pub(crate) fn set_prototype_of(o: &Obj, proto: Option<Obj>) -> bool {
    {
        let d = o.d.borrow();
        let same = match (&d.proto, &proto) {
            (None, None) => true,
            (Some(a), Some(b)) => Obj::ptr_eq(a, b),
            _ => false,
        };
        if same {
            return true;
        }
        if !d.extensible {
            return false;
        }
    }
    // Reject cycles.
    let mut p = proto.clone();
    while let Some(x) = p {
        if Obj::ptr_eq(&x, o) {
            return false;
        }
        p = x.d.borrow().proto.clone();
    }
    o.d.borrow_mut().proto = proto;
    true
}

pub(crate) fn get_prototype_of(o: &Obj) -> Option<Obj> {
    o.d.borrow().proto.clone()
}

/// [[PreventExtensions]] (§10.1.4).
pub(crate) fn prevent_extensions(o: &Obj) -> bool {
    let mut d = o.d.borrow_mut();
    d.make_array_slow_if_fast_for_freeze();
    d.extensible = false;
    true
}

impl ObjectData {
    fn make_array_slow_if_fast_for_freeze(&mut self) {
        // A non-extensible fast array cannot grow; keep it fast (elements stay
        // writable/configurable until frozen, which converts explicitly).
    }

    /// Turns fast elements into properties, so their attributes can change.
    pub(crate) fn make_slow(&mut self) {
        self.make_array_slow();
    }
}

/// Elements of a fast array, cloned (for built-ins' fast paths).
pub(crate) fn fast_array_elems(o: &Obj) -> Option<Vec<Value>> {
    match &o.d.borrow().class {
        Class::Array(a) if a.fast => Some(a.elems.clone()),
        _ => None,
    }
}

/// The function's realm index, for cross-realm calls.
pub(crate) fn function_realm(o: &Obj) -> Option<u32> {
    match &o.d.borrow().class {
        Class::Closure(c) => Some(c.realm),
        Class::Native(n) => Some(n.realm),
        Class::Bound(b) => function_realm(&b.target),
        _ => None,
    }
}

// Objects stay small: a cell header plus this.
const _: () = assert!(std::mem::size_of::<ObjectData>() <= 104);

/// Inline-cache read: the own data property `key` of `o`, if it sits at the
/// hinted slot. The key stored at that slot is compared, so a stale hint is
/// only a miss, whatever happened to the object's shape since.
#[inline]
pub(crate) fn ic_get(o: &Obj, key: Atom, hint: &std::cell::Cell<u32>) -> Option<Value> {
    let d = o.d.try_borrow().ok()?;
    let i = hint.get() as usize;
    match d.shape.props.get(i) {
        Some(p) if p.atom == key => match &d.slots[i] {
            Slot::Data(v) => Some(v.clone()),
            Slot::Accessor(..) => None,
        },
        _ => None,
    }
}

/// After a slow lookup, remembers the slot of `key` if `o` has it as an own property.
#[inline]
pub(crate) fn ic_update(o: &Obj, key: Atom, hint: &std::cell::Cell<u32>) {
    if let Ok(d) = o.d.try_borrow()
        && let Some(i) = d.shape.find(key)
    {
        hint.set(i as u32);
    }
}

/// Inline-cache write into an own writable data property at the hinted slot;
/// gives the value back on a miss.
#[inline]
pub(crate) fn ic_put(
    o: &Obj,
    key: Atom,
    hint: &std::cell::Cell<u32>,
    v: Value,
) -> Result<(), Value> {
    let Ok(mut d) = o.d.try_borrow_mut() else {
        return Err(v);
    };
    let i = hint.get() as usize;
    let ok = matches!(d.shape.props.get(i), Some(p) if p.atom == key && p.flags & (flags::WRITABLE | flags::ACCESSOR) == flags::WRITABLE);
    if !ok {
        return Err(v);
    }
    let old = std::mem::replace(&mut d.slots[i], Slot::Data(v));
    drop(d);
    drop(old);
    Ok(())
}
