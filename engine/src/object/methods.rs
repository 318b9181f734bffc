//! The object internal methods (ECMA-262 §6.1.7.2, Tables 4 and 5) and their
//! dispatch.
//!
//! <https://tc39.es/ecma262/#sec-object-internal-methods-and-internal-slots>
//!
//! Every object answers the eleven essential internal methods, and function
//! objects also [[Call]] and [[Construct]]. An ordinary object (§10.1) uses
//! the algorithms in `ordinary.rs`; a class with exotic behaviour supplies an
//! [`InternalMethods`] table from a module of its own (`array.rs`,
//! `string.rs`, `arguments.rs`, `bound.rs`, `proxy.rs`), chosen by
//! [`ObjectData::methods`]. Objects without a table never pay for an
//! indirect call: each entry point below tests for the table and otherwise
//! runs the ordinary algorithm inline.
//!
//! The entry points are the only way the rest of the engine reaches these
//! methods. Prototype-chain walks ([[Get]], [[Set]], [[HasProperty]]) are
//! loops, not recursion: an object in the chain that only overrides
//! [[GetOwnProperty]] is visited in place, and only a class that overrides
//! the walk itself (a `get`/`set`/`has_property` entry, as Proxy does) is
//! called, behind the native stack check.

use super::{Class, Obj, ObjectData, PropDesc, Slot, ordinary};
use crate::atom::Atom;
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// [[HasProperty]]: the object, the key.
pub(crate) type HasFn = fn(&Cx, &Obj, Atom) -> JsResult<bool>;
/// [[Get]]: the object, the key, the receiver.
pub(crate) type GetFn = fn(&Cx, &Obj, Atom, &Value) -> JsResult<Value>;
/// [[Set]]: the object, the key, the value, the receiver.
pub(crate) type SetFn = fn(&Cx, &Obj, Atom, Value, &Value) -> JsResult<bool>;
/// [[Call]]: the function object, `this`, the arguments.
pub(crate) type CallFn = fn(&Cx, &Obj, &Value, &[Value]) -> JsResult<Value>;
/// [[Construct]]: the function object, the arguments, `newTarget`.
pub(crate) type ConstructFn = fn(&Cx, &Obj, &[Value], &Obj) -> JsResult<Value>;

/// The internal methods of one class of exotic objects.
///
/// `has_property`, `get` and `set` are `None` when the class keeps the
/// ordinary algorithm over its own [[GetOwnProperty]], [[GetPrototypeOf]] and
/// [[DefineOwnProperty]]; the chain walks then handle the object without
/// calling out. `call`/`construct` are `None` for objects that are not
/// callable / not constructors.
pub(crate) struct InternalMethods {
    pub(crate) get_prototype_of: fn(&Cx, &Obj) -> JsResult<Option<Obj>>,
    pub(crate) set_prototype_of: fn(&Cx, &Obj, Option<Obj>) -> JsResult<bool>,
    pub(crate) is_extensible: fn(&Cx, &Obj) -> JsResult<bool>,
    pub(crate) prevent_extensions: fn(&Cx, &Obj) -> JsResult<bool>,
    pub(crate) get_own_property: fn(&Cx, &Obj, Atom) -> JsResult<Option<PropDesc>>,
    pub(crate) define_own_property: fn(&Cx, &Obj, Atom, PropDesc) -> JsResult<bool>,
    pub(crate) has_property: Option<HasFn>,
    pub(crate) get: Option<GetFn>,
    pub(crate) set: Option<SetFn>,
    pub(crate) delete: fn(&Cx, &Obj, Atom) -> JsResult<bool>,
    pub(crate) own_property_keys: fn(&Cx, &Obj) -> JsResult<Vec<Atom>>,
    pub(crate) call: Option<CallFn>,
    pub(crate) construct: Option<ConstructFn>,
    /// Whether [[GetPrototypeOf]] is the ordinary one (§10.1.2.1 step 8.c.i
    /// stops its cycle check at the first object where it is not).
    pub(crate) ordinary_get_prototype_of: bool,
    /// Whether the key is an ordinary own property for this class: its
    /// [[GetOwnProperty]], [[Get]], [[Set]] and [[HasProperty]] for that key
    /// are the ordinary ones over the shape and `proto` (an array's `length`
    /// and indices are not; for a proxy no key is). The walks and inline
    /// caches then read the shape directly.
    pub(crate) plain_key: fn(Atom) -> bool,
    /// Whether a data property stored in the shape is exactly what the
    /// class's [[GetOwnProperty]] reports for its key, and writing a new
    /// value into it is what its [[DefineOwnProperty]] does: true when the
    /// class's exotic keys never live in the shape (an array's elements are
    /// either all in the dense vector or all in the shape), false when a
    /// shape entry is only part of the story (mapped arguments, proxies,
    /// typed arrays). Element reads and writes on slow arrays then take the
    /// same direct path as ordinary properties.
    pub(crate) shape_is_authoritative: bool,
}

fn every_key_plain(_: Atom) -> bool {
    true
}

/// `plain_key` of classes whose exotic keys are `length` and indices.
pub(crate) fn plain_unless_length_or_index(key: Atom) -> bool {
    key != Atom::LENGTH && !key.is_index()
}

/// `plain_key` of classes whose exotic keys are indices.
pub(crate) fn plain_unless_index(key: Atom) -> bool {
    !key.is_index()
}

/// `plain_key` of classes with no ordinary key.
pub(crate) fn no_key_plain(_: Atom) -> bool {
    false
}

/// The ordinary internal methods, for exotic classes to start from
/// (`InternalMethods { define_own_property: ..., ..ORDINARY }`).
pub(crate) const ORDINARY: InternalMethods = InternalMethods {
    get_prototype_of: ordinary::get_prototype_of,
    set_prototype_of: ordinary::set_prototype_of,
    is_extensible: ordinary::is_extensible,
    prevent_extensions: ordinary::prevent_extensions,
    get_own_property: ordinary::get_own_property,
    define_own_property: ordinary::define_own_property,
    has_property: None,
    get: None,
    set: None,
    delete: ordinary::delete,
    own_property_keys: ordinary::own_property_keys,
    call: None,
    construct: None,
    ordinary_get_prototype_of: true,
    plain_key: every_key_plain,
    shape_is_authoritative: true,
};

/// Annex B `[[IsHTMLDDA]]` objects: ordinary, but callable (returning null).
static HTML_DDA: InternalMethods = InternalMethods {
    call: Some(|_, _, _, _| Ok(Value::Null)),
    ..ORDINARY
};

impl ObjectData {
    /// The internal-method table of an exotic object; `None` for ordinary
    /// objects (and ordinary functions, whose [[Call]] the interpreter runs
    /// directly).
    #[inline]
    pub(crate) fn methods(&self) -> Option<&'static InternalMethods> {
        match &self.class {
            Class::Array(_) => Some(&super::array::METHODS),
            Class::String(_) => Some(&super::string::METHODS),
            Class::Arguments(map) if !map.is_empty() => Some(&super::arguments::METHODS),
            Class::Bound(b) => Some(super::bound::methods(b)),
            Class::Proxy(p) => Some(p.methods),
            Class::HtmlDda => Some(&HTML_DDA),
            Class::ImmutablePrototype => Some(&super::immutable::METHODS),
            Class::TypedArray(_) => Some(&super::typed_array::METHODS),
            Class::Namespace(_) => Some(&super::namespace::METHODS),
            _ => None,
        }
    }
}

#[inline]
fn methods_of(o: &Obj) -> Option<&'static InternalMethods> {
    o.d.borrow().methods()
}

impl ObjectData {
    /// Whether `key` is an ordinary own property of this object (see
    /// [`InternalMethods::plain_key`]): true for every key of an ordinary
    /// object.
    #[inline]
    pub(crate) fn plain_key(&self, key: Atom) -> bool {
        self.methods().is_none_or(|m| (m.plain_key)(key))
    }

    /// The slot of `key` if the shape answers for it (a plain key, or any
    /// key found in the shape of a class whose shape is authoritative).
    #[inline]
    fn shape_slot(&self, key: Atom) -> Option<Result<usize, ()>> {
        match self.methods() {
            None => Some(self.shape.find(key).ok_or(())),
            Some(m) if (m.plain_key)(key) => Some(self.shape.find(key).ok_or(())),
            Some(m) if m.shape_is_authoritative => self.shape.find(key).map(Ok),
            Some(_) => None,
        }
    }
}

/// O.[[GetPrototypeOf]]() (§10.1.1).
pub(crate) fn get_prototype_of(cx: &Cx, o: &Obj) -> JsResult<Option<Obj>> {
    match methods_of(o) {
        Some(m) => (m.get_prototype_of)(cx, o),
        None => Ok(o.d.borrow().proto.clone()),
    }
}

/// O.[[SetPrototypeOf]](V) (§10.1.2).
pub(crate) fn set_prototype_of(cx: &Cx, o: &Obj, proto: Option<Obj>) -> JsResult<bool> {
    match methods_of(o) {
        Some(m) => (m.set_prototype_of)(cx, o, proto),
        None => ordinary::set_prototype_of(cx, o, proto),
    }
}

/// O.[[IsExtensible]]() (§10.1.3).
pub(crate) fn is_extensible(cx: &Cx, o: &Obj) -> JsResult<bool> {
    match methods_of(o) {
        Some(m) => (m.is_extensible)(cx, o),
        None => Ok(o.d.borrow().extensible),
    }
}

/// O.[[PreventExtensions]]() (§10.1.4).
pub(crate) fn prevent_extensions(cx: &Cx, o: &Obj) -> JsResult<bool> {
    match methods_of(o) {
        Some(m) => (m.prevent_extensions)(cx, o),
        None => ordinary::prevent_extensions(cx, o),
    }
}

/// O.[[GetOwnProperty]](P) (§10.1.5).
pub(crate) fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    match methods_of(o) {
        Some(m) => (m.get_own_property)(cx, o, key),
        None => ordinary::get_own_property(cx, o, key),
    }
}

/// O.[[DefineOwnProperty]](P, Desc) (§10.1.6).
pub(crate) fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    match methods_of(o) {
        Some(m) => (m.define_own_property)(cx, o, key, desc),
        None => ordinary::define_own_property(cx, o, key, desc),
    }
}

/// O.[[Delete]](P) (§10.1.10).
pub(crate) fn delete_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    match methods_of(o) {
        Some(m) => (m.delete)(cx, o, key),
        None => ordinary::delete(cx, o, key),
    }
}

/// O.[[OwnPropertyKeys]]() (§10.1.11).
pub(crate) fn own_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    match methods_of(o) {
        Some(m) => (m.own_property_keys)(cx, o),
        None => ordinary::own_property_keys(cx, o),
    }
}

/// What one step of a chain walk found on an object.
enum Step {
    /// An own property.
    Found(PropDesc),
    /// Not here: continue with this prototype, or stop at `None`.
    Next(Option<Obj>),
}

/// One object of a chain walk that the walk handles in place: its own
/// property `key`, or its prototype. For ordinary objects this reads the
/// shape directly.
#[inline]
fn walk_step(cx: &Cx, cur: &Obj, m: Option<&'static InternalMethods>, key: Atom) -> JsResult<Step> {
    if !ordinary::lazy_key(key) {
        let d = cur.d.borrow();
        match d.shape_slot(key) {
            Some(Ok(i)) => {
                let f = d.shape.props[i].flags;
                return Ok(Step::Found(PropDesc::from_slot(&d.slots[i], f)));
            }
            Some(Err(())) => return Ok(Step::Next(d.proto.clone())),
            None => {}
        }
    }
    match m {
        m if m.is_none_or(|m| (m.plain_key)(key)) => {
            if ordinary::lazy_key(key) {
                ordinary::materialize(cx, cur, Some(key));
            }
            let d = cur.d.borrow();
            Ok(match ordinary::shape_desc(&d, key) {
                Some(desc) => Step::Found(desc),
                None => Step::Next(d.proto.clone()),
            })
        }
        Some(m) => Ok(match (m.get_own_property)(cx, cur, key)? {
            Some(desc) => Step::Found(desc),
            None => Step::Next((m.get_prototype_of)(cx, cur)?),
        }),
        None => unreachable!("ordinary objects take the first arm"),
    }
}

/// O.[[Get]](P, Receiver) (§10.1.8).
pub(crate) fn get(cx: &Cx, o: &Obj, key: Atom, receiver: &Value) -> JsResult<Value> {
    let mut cur = o.clone();
    loop {
        let next = {
            let d = cur.d.borrow();
            let slot = if ordinary::lazy_key(key) {
                None
            } else {
                d.shape_slot(key)
            };
            match slot {
                // The fast path: the shape answers, no descriptor is built.
                Some(Ok(i)) => {
                    return match &d.slots[i] {
                        Slot::Data(v) => Ok(v.clone()),
                        Slot::Accessor(a) => {
                            let g = a.get.clone();
                            drop(d);
                            call_getter(cx, g, receiver)
                        }
                    };
                }
                Some(Err(())) => d.proto.clone(),
                None => {
                    let m = d.methods();
                    drop(d);
                    if let Some(get) = m.and_then(|m| m.get) {
                        cx.check_stack()?;
                        return get(cx, &cur, key, receiver);
                    }
                    match walk_step(cx, &cur, m, key)? {
                        Step::Found(desc) => return desc_get(cx, desc, receiver),
                        Step::Next(p) => p,
                    }
                }
            }
        };
        match next {
            Some(p) => cur = p,
            None => return Ok(Value::Undefined),
        }
    }
}

fn call_getter(cx: &Cx, getter: Option<Obj>, receiver: &Value) -> JsResult<Value> {
    match getter {
        Some(g) => cx.call(&Value::Object(g), receiver, &[]),
        None => Ok(Value::Undefined),
    }
}

/// The value a found property gives to [[Get]] (§10.1.8.1 steps 3-8).
fn desc_get(cx: &Cx, desc: PropDesc, receiver: &Value) -> JsResult<Value> {
    match desc.get {
        Some(g) => call_getter(cx, g, receiver),
        None => Ok(desc.value.unwrap_or(Value::Undefined)),
    }
}

/// O.[[HasProperty]](P) (§10.1.7).
pub(crate) fn has_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    let mut cur = o.clone();
    loop {
        let m = methods_of(&cur);
        if let Some(has) = m.and_then(|m| m.has_property) {
            cx.check_stack()?;
            return has(cx, &cur, key);
        }
        match walk_step(cx, &cur, m, key)? {
            Step::Found(_) => return Ok(true),
            Step::Next(Some(p)) => cur = p,
            Step::Next(None) => return Ok(false),
        }
    }
}

/// O.[[Set]](P, V, Receiver) (§10.1.9). Returns false when the assignment is
/// rejected.
pub(crate) fn set(cx: &Cx, o: &Obj, key: Atom, v: Value, receiver: &Value) -> JsResult<bool> {
    // Fast path: an ordinary receiver's own writable data property.
    if let Value::Object(r) = receiver
        && Obj::ptr_eq(r, o)
        && !ordinary::lazy_key(key)
    {
        let mut d = o.d.borrow_mut();
        if let Some(Ok(i)) = d.shape_slot(key)
            && d.shape.props[i].flags & (flags::ACCESSOR | flags::WRITABLE) == flags::WRITABLE
        {
            let old = std::mem::replace(&mut d.slots[i], Slot::Data(v));
            drop(d);
            drop(old);
            return Ok(true);
        }
    }
    // OrdinarySet (§10.1.9.1): find the property along the chain.
    let mut cur = o.clone();
    let own_desc = loop {
        let m = methods_of(&cur);
        if let Some(set) = m.and_then(|m| m.set) {
            cx.check_stack()?;
            return set(cx, &cur, key, v, receiver);
        }
        match walk_step(cx, &cur, m, key)? {
            Step::Found(desc) => break desc,
            Step::Next(Some(p)) => cur = p,
            Step::Next(None) => break PropDesc::data(Value::Undefined, flags::DEFAULT),
        }
    };
    set_with_own_descriptor(cx, key, v, receiver, own_desc)
}

/// OrdinarySetWithOwnDescriptor (§10.1.9.2) from step 2.
pub(crate) fn set_with_own_descriptor(
    cx: &Cx,
    key: Atom,
    v: Value,
    receiver: &Value,
    own_desc: PropDesc,
) -> JsResult<bool> {
    if !own_desc.is_accessor() {
        // Step 2.a-b.
        if own_desc.writable != Some(true) {
            return Ok(false);
        }
        let Value::Object(r) = receiver else {
            return Ok(false);
        };
        // Steps 2.c-e.
        return match get_own_property(cx, r, key)? {
            Some(existing) => {
                if existing.is_accessor() || existing.writable != Some(true) {
                    return Ok(false);
                }
                let value_desc = PropDesc {
                    value: Some(v),
                    ..Default::default()
                };
                define_own_property(cx, r, key, value_desc)
            }
            None => define_own_property(cx, r, key, PropDesc::data(v, flags::DEFAULT)),
        };
    }
    // Steps 3-7.
    match own_desc.set {
        Some(Some(setter)) => {
            cx.call(&Value::Object(setter), receiver, &[v])?;
            Ok(true)
        }
        _ => Ok(false),
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

/// Defines a data property on an object the engine itself is building
/// (built-in set-up, literals), replacing any existing one. The object must
/// not be a Proxy, so the definition cannot run script.
pub(crate) fn define_data(cx: &Cx, o: &Obj, key: Atom, v: Value, f: u8) {
    let _ = define_own_property(cx, o, key, PropDesc::data(v, f));
}

/// CreateDataProperty (§7.3.5).
pub(crate) fn create_data_property(cx: &Cx, o: &Obj, key: Atom, v: Value) -> JsResult<bool> {
    define_own_property(cx, o, key, PropDesc::data(v, flags::DEFAULT))
}

/// IsCallable (§7.2.3).
pub(crate) fn is_callable(o: &Obj) -> bool {
    let d = o.d.borrow();
    match &d.class {
        Class::Closure(_) | Class::Native(_) => true,
        _ => d.methods().is_some_and(|m| m.call.is_some()),
    }
}

/// IsConstructor (§7.2.4).
pub(crate) fn is_constructor(o: &Obj) -> bool {
    let d = o.d.borrow();
    match &d.class {
        Class::Closure(c) => c.bc.has(crate::bytecode::fn_flags::CONSTRUCTOR),
        Class::Native(n) => n.extra.as_ref().is_some_and(|e| e.constructor),
        _ => d.methods().is_some_and(|m| m.construct.is_some()),
    }
}
