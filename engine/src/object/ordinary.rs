//! The ordinary object internal methods (ECMA-262 §10.1) over an object's
//! own storage: its shape, slots, prototype and extensible flag.
//!
//! <https://tc39.es/ecma262/#sec-ordinary-object-internal-methods-and-internal-slots>
//!
//! Exotic classes reuse these for the keys they do not treat specially.
//! Nothing here runs script except through a getter or setter reached by
//! the chain walks in `methods.rs`.

use super::{Class, Obj, ObjectData, PropDesc, Slot, methods, new_object};
use crate::atom::{Atom, AtomKind};
use crate::runtime::{Cx, JsResult};
use crate::shape::{Shape, flags};
use crate::value::Value;

/// The keys of the own properties a function may create on first access
/// (`materialize`): `prototype`, and the legacy `arguments` and
/// `caller` of sloppy functions.
#[inline(always)]
pub(crate) fn lazy_key(key: Atom) -> bool {
    key == Atom::PROTOTYPE || key == Atom::CALLER || key == Atom::ARGUMENTS
}

/// Creates a function's pending own properties for an access to `key`
/// (`None`: all of them): the legacy `arguments` and `caller` of a sloppy
/// function (`function::define_legacy_properties`), and a constructor's
/// `prototype` property (§10.2.5 MakeConstructor, done lazily on the first
/// access to the key).
pub(crate) fn materialize(cx: &Cx, o: &Obj, key: Option<Atom>) {
    let legacy = match &mut o.d.borrow_mut().class {
        Class::Closure(c) if c.legacy_pending && key != Some(Atom::PROTOTYPE) => {
            c.legacy_pending = false;
            Some(c.realm)
        }
        _ => None,
    };
    if let Some(realm) = legacy {
        crate::builtins::function::define_legacy_properties(cx, o, realm);
    }
    if key.is_none() || key == Some(Atom::PROTOTYPE) {
        materialize_prototype(cx, o);
    }
}

/// Creates a constructor's `prototype` property if it is still pending.
fn materialize_prototype(cx: &Cx, o: &Obj) {
    let mut is_async = false;
    let pending = match &mut o.d.borrow_mut().class {
        Class::Closure(c) if c.proto_pending => {
            c.proto_pending = false;
            let generator = c.bc.has(crate::bytecode::fn_flags::GENERATOR);
            is_async = c.bc.has(crate::bytecode::fn_flags::ASYNC);
            Some((generator, c.realm))
        }
        _ => None,
    };
    if let Some((true, realm)) = pending {
        // A generator function's `prototype` (§15.5.3 step 5): inherits
        // %GeneratorPrototype% of the function's realm, no `constructor`.
        // An async generator function's inherits %AsyncGeneratorPrototype%
        // (§15.6.3 step 5).
        let realm = cx.rt.realm(realm);
        let parent = if is_async {
            &realm.intr.async_generator_proto
        } else {
            &realm.intr.generator_proto
        };
        let proto = new_object(*cx, Some(parent.clone()), Class::Object);
        methods::define_data(
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
        methods::define_data(
            cx,
            &proto,
            Atom::CONSTRUCTOR,
            Value::Object(o.clone()),
            flags::HIDDEN,
        );
        methods::define_data(
            cx,
            o,
            Atom::PROTOTYPE,
            Value::Object(proto),
            flags::WRITABLE,
        );
    }
}

/// The descriptor of the property `key` stored in the shape, if any.
#[inline]
pub(crate) fn shape_desc(d: &ObjectData, key: Atom) -> Option<PropDesc> {
    let i = d.shape.find(key)?;
    Some(PropDesc::from_slot(&d.slots[i], d.shape.props[i].flags))
}

/// OrdinaryGetPrototypeOf (§10.1.1.1).
pub(crate) fn get_prototype_of(_cx: &Cx, o: &Obj) -> JsResult<Option<Obj>> {
    Ok(o.d.borrow().proto.clone())
}

/// OrdinarySetPrototypeOf (§10.1.2.1).
pub(crate) fn set_prototype_of(_cx: &Cx, o: &Obj, proto: Option<Obj>) -> JsResult<bool> {
    {
        let d = o.d.borrow();
        // Step 3.
        let same = match (&d.proto, &proto) {
            (None, None) => true,
            (Some(a), Some(b)) => Obj::ptr_eq(a, b),
            _ => false,
        };
        if same {
            return Ok(true);
        }
        // Step 4.
        if !d.extensible {
            return Ok(false);
        }
    }
    // Steps 6-8: reject a cycle, stopping at an object whose
    // [[GetPrototypeOf]] is not the ordinary one.
    let mut p = proto.clone();
    while let Some(x) = p {
        if Obj::ptr_eq(&x, o) {
            return Ok(false);
        }
        let d = x.d.borrow();
        if d.methods().is_some_and(|m| !m.ordinary_get_prototype_of) {
            break;
        }
        p = d.proto.clone();
    }
    o.d.borrow_mut().proto = proto;
    Ok(true)
}

/// OrdinaryIsExtensible (§10.1.3.1).
pub(crate) fn is_extensible(_cx: &Cx, o: &Obj) -> JsResult<bool> {
    Ok(o.d.borrow().extensible)
}

/// OrdinaryPreventExtensions (§10.1.4.1). A function's pending own
/// properties are created first: they exist from the start.
pub(crate) fn prevent_extensions(cx: &Cx, o: &Obj) -> JsResult<bool> {
    materialize(cx, o, None);
    o.d.borrow_mut().extensible = false;
    Ok(true)
}

/// OrdinaryGetOwnProperty (§10.1.5.1).
pub(crate) fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    if lazy_key(key) {
        materialize(cx, o, Some(key));
    }
    Ok(shape_desc(&o.d.borrow(), key))
}

/// OrdinaryDefineOwnProperty (§10.1.6.1).
pub(crate) fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    if lazy_key(key) {
        materialize(cx, o, Some(key));
    }
    let mut d = o.d.borrow_mut();
    let ok = validate_and_apply(cx, &mut d, key, desc);
    d.account(cx.heap());
    Ok(ok)
}

/// ValidateAndApplyPropertyDescriptor (§10.1.6.3) on the object's own
/// storage, with `extensible` read from the object.
pub(crate) fn validate_and_apply(cx: &Cx, d: &mut ObjectData, key: Atom, desc: PropDesc) -> bool {
    let Some(i) = d.shape.find(key) else {
        // Step 2: no current property.
        if !d.extensible {
            return false;
        }
        let f = desc.flags();
        let slot = if desc.is_accessor() {
            Slot::accessor(desc.get.flatten(), desc.set.flatten())
        } else {
            Slot::Data(desc.value.unwrap_or(Value::Undefined))
        };
        d.push_prop_key(key, slot, f, cx.rt.key_cell(key));
        return true;
    };
    let cur_flags = d.shape.props[i].flags;
    let current = PropDesc::from_slot(&d.slots[i], cur_flags);
    // Step 4: what a non-configurable property allows.
    if !is_compatible(&current, &desc) {
        return false;
    }
    // Step 5: apply.
    let mut f = cur_flags;
    if desc.is_accessor() && !current.is_accessor() {
        f = (f & (flags::ENUMERABLE | flags::CONFIGURABLE)) | flags::ACCESSOR;
        d.slots[i] = Slot::accessor(None, None);
    } else if desc.is_data() && current.is_accessor() {
        f &= flags::ENUMERABLE | flags::CONFIGURABLE;
        d.slots[i] = Slot::Data(Value::Undefined);
    }
    let set_flag = |f: u8, bit: u8, on: Option<bool>| match on {
        Some(true) => f | bit,
        Some(false) => f & !bit,
        None => f,
    };
    f = set_flag(f, flags::ENUMERABLE, desc.enumerable);
    f = set_flag(f, flags::CONFIGURABLE, desc.configurable);
    f = set_flag(f, flags::WRITABLE, desc.writable);
    match &mut d.slots[i] {
        Slot::Data(v) => {
            if let Some(nv) = desc.value {
                *v = nv;
            }
        }
        Slot::Accessor(a) => {
            if let Some(ng) = desc.get {
                a.get = ng;
            }
            if let Some(ns) = desc.set {
                a.set = ns;
            }
        }
    }
    Shape::set_flags(&mut d.shape, i, f);
    true
}

/// ValidateAndApplyPropertyDescriptor's step 4 (§10.1.6.3): whether `desc`
/// may be applied to the existing property `current`. Also
/// IsCompatiblePropertyDescriptor (§10.1.6.2) for an existing property.
pub(crate) fn is_compatible(current: &PropDesc, desc: &PropDesc) -> bool {
    if current.configurable == Some(true) {
        return true;
    }
    // Steps 4.a-b.
    if desc.configurable == Some(true) {
        return false;
    }
    if desc.enumerable.is_some() && desc.enumerable != current.enumerable {
        return false;
    }
    // Step 4.c: a generic descriptor changes nothing else.
    if !desc.is_accessor() && !desc.is_data() {
        return true;
    }
    // Step 4.d.
    if desc.is_accessor() != current.is_accessor() {
        return false;
    }
    if current.is_accessor() {
        // Step 4.e.
        let same = |new: &Option<Option<Obj>>, cur: &Option<Option<Obj>>| match new {
            None => true,
            Some(n) => opt_obj_eq(n, cur.as_ref().and_then(|x| x.as_ref())),
        };
        same(&desc.get, &current.get) && same(&desc.set, &current.set)
    } else if current.writable != Some(true) {
        // Step 4.f.
        if desc.writable == Some(true) {
            return false;
        }
        match (&desc.value, &current.value) {
            (Some(v), Some(c)) => crate::value::same_value(v, c),
            _ => true,
        }
    } else {
        true
    }
}

fn opt_obj_eq(a: &Option<Obj>, b: Option<&Obj>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => Obj::ptr_eq(x, y),
        _ => false,
    }
}

/// OrdinaryDelete (§10.1.10.1).
pub(crate) fn delete(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    if lazy_key(key) {
        materialize(cx, o, Some(key));
    }
    let mut d = o.d.borrow_mut();
    let d = &mut *d;
    let Some(i) = d.shape.find(key) else {
        return Ok(true);
    };
    if d.shape.props[i].flags & flags::CONFIGURABLE == 0 {
        return Ok(false);
    }
    Shape::remove_at(&mut d.shape, i);
    let old = d.slots.remove(i);
    drop(old);
    Ok(true)
}

/// OrdinaryOwnPropertyKeys (§10.1.11.1).
pub(crate) fn own_property_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    materialize(cx, o, None);
    Ok(ordered_keys(cx, &o.d.borrow(), 0, false))
}

/// The keys of the shape in [[OwnPropertyKeys]] order: array indices
/// ascending, then strings, then symbols, each in creation order. Indices
/// `0..virtual_indices` and, when `length` is set, the `length` key (first
/// of the strings) are exotic own properties that the shape does not hold.
pub(crate) fn ordered_keys(
    cx: &Cx,
    d: &ObjectData,
    virtual_indices: u32,
    length: bool,
) -> Vec<Atom> {
    let props = &d.shape.props;
    let mut idx: Vec<u32> = Vec::with_capacity(virtual_indices as usize + props.len());
    idx.extend(0..virtual_indices);
    let mut strings = Vec::with_capacity(props.len() + length as usize);
    let mut symbols = Vec::new();
    if length {
        strings.push(Atom::LENGTH);
    }
    let mut big_indices = Vec::new();
    for p in props {
        if let Some(i) = p.atom.index() {
            idx.push(i);
            continue;
        }
        match cx.rt.atoms.kind(p.atom) {
            // Private names are not properties (§7.3.32 PrivateElementFind).
            AtomKind::Private => {}
            AtomKind::Symbol | AtomKind::SymbolNoDescription => symbols.push(p.atom),
            AtomKind::String => match super::array::array_index(cx, p.atom) {
                // Array indices above 2^31 are string atoms but still sort as indices.
                Some(n) => big_indices.push((n, p.atom)),
                None => strings.push(p.atom),
            },
        }
    }
    idx.sort_unstable();
    big_indices.sort_unstable_by_key(|x| x.0);
    let mut out: Vec<Atom> = Vec::with_capacity(idx.len() + strings.len() + symbols.len());
    out.extend(idx.into_iter().filter_map(Atom::from_index));
    out.extend(big_indices.into_iter().map(|x| x.1));
    out.extend(strings);
    out.extend(symbols);
    out
}
