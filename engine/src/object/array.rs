//! Array exotic objects (ECMA-262 §10.4.2).
//!
//! <https://tc39.es/ecma262/#sec-array-exotic-objects>
//!
//! `length` is virtual (kept in [`ArrayData`]). A *fast* array keeps its
//! elements, all writable, enumerable and configurable, in a dense vector of
//! `length` entries where [`HOLE`] marks an absent index (reads of a hole go
//! on to the prototype chain like any missing property). Holes may be created
//! anywhere by `delete`, but growing the vector with holes (a store or a
//! `length` past the end) is only done below [`MAX_HOLEY_LEN`]; anything else
//! (an attribute change, an accessor, a sparse store far past the end) first
//! converts the elements to ordinary properties.

use super::methods::{InternalMethods, ORDINARY};
use super::{ArrayData, Class, Obj, ObjectData, PropDesc, Slot, ordinary};
use crate::atom::Atom;
use crate::runtime::{Cx, JsResult};
use crate::shape::{Shape, flags};
use crate::value::Value;

/// The marker of an absent element in a fast array's vector (the internal
/// `Uninit` value, never visible to scripts).
pub(crate) const HOLE: Value = Value::Uninit;

/// Whether a fast array element is a hole.
#[inline]
pub(crate) fn is_hole(v: &Value) -> bool {
    matches!(v, Value::Uninit)
}

/// A fast array grows with holes (`new Array(n)`, `a.length = n`, a store
/// past the end) only up to this length; longer sparse arrays keep their
/// elements as properties.
pub(crate) const MAX_HOLEY_LEN: u32 = 1 << 16;

pub(crate) static METHODS: InternalMethods = InternalMethods {
    get_own_property,
    define_own_property,
    delete,
    own_property_keys,
    plain_key: super::methods::plain_unless_length_or_index,
    ..ORDINARY
};

fn array_data(d: &ObjectData) -> &ArrayData {
    match &d.class {
        Class::Array(a) => a,
        _ => unreachable!("array internal method on a non-array"),
    }
}

fn length_desc(a: &ArrayData) -> PropDesc {
    let f = if a.length_writable {
        flags::WRITABLE
    } else {
        0
    };
    PropDesc::data(Value::number(a.len as f64), f)
}

/// [[GetOwnProperty]]: `length` and fast elements, else ordinary.
fn get_own_property(cx: &Cx, o: &Obj, key: Atom) -> JsResult<Option<PropDesc>> {
    {
        let d = o.d.borrow();
        let a = array_data(&d);
        if key == Atom::LENGTH {
            return Ok(Some(length_desc(a)));
        }
        // A fast array has no index among its shape's properties.
        if a.fast
            && let Some(i) = key.index()
        {
            return Ok(a
                .elems
                .get(i as usize)
                .filter(|v| !is_hole(v))
                .map(|v| PropDesc::data(v.clone(), flags::DEFAULT)));
        }
    }
    ordinary::get_own_property(cx, o, key)
}

/// [[DefineOwnProperty]] (§10.4.2.1).
fn define_own_property(cx: &Cx, o: &Obj, key: Atom, desc: PropDesc) -> JsResult<bool> {
    // Step 1.
    if key == Atom::LENGTH {
        let r = set_length(cx, o, desc);
        o.d.borrow_mut().account(cx.heap());
        return r;
    }
    // Step 2.
    let r = match array_index(cx, key) {
        Some(i) => define_index(cx, o, key, i, desc),
        None => ordinary::define_own_property(cx, o, key, desc),
    };
    o.d.borrow_mut().account(cx.heap());
    r
}

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

/// Defining an array index (§10.4.2.1 step 2).
fn define_index(cx: &Cx, o: &Obj, key: Atom, index: u32, desc: PropDesc) -> JsResult<bool> {
    {
        let mut d = o.d.borrow_mut();
        let d = &mut *d;
        let extensible = d.extensible;
        let Class::Array(a) = &mut d.class else {
            unreachable!("array internal method on a non-array")
        };
        // Step 2.c.
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
            // A new element needs every attribute given (the missing ones
            // would default to false) and an extensible array.
            let new_ok = plain && full && extensible;
            if let Some(slot) = a.elems.get_mut(i) {
                if plain && (new_ok || !is_hole(slot)) {
                    if let Some(v) = desc.value {
                        *slot = v;
                    }
                    return Ok(true);
                }
            } else if new_ok && (i == a.elems.len() || index < MAX_HOLEY_LEN) {
                if let Some(v) = desc.value {
                    a.elems.resize(i, HOLE);
                    a.elems.push(v);
                }
                a.len = a.elems.len() as u32;
                return Ok(true);
            }
        }
        d.make_array_slow();
    }
    // Steps 2.d-g.
    if !ordinary::define_own_property(cx, o, key, desc)? {
        return Ok(false);
    }
    if let Class::Array(a) = &mut o.d.borrow_mut().class
        && index >= a.len
    {
        a.len = index + 1;
    }
    Ok(true)
}

/// `o.length = n` ([[Set]], then ArraySetLength §10.4.2.4) on a fast array
/// whose `length` is writable and at least `n`: drops the elements from
/// `n` on. False, with nothing done, for anything else.
pub(crate) fn truncate_fast(o: &Obj, n: u32) -> bool {
    let Ok(mut d) = o.d.try_borrow_mut() else {
        return false;
    };
    let Class::Array(a) = &mut d.class else {
        return false;
    };
    if !a.fast || !a.length_writable || n as usize > a.elems.len() {
        return false;
    }
    a.elems.truncate(n as usize);
    a.len = n;
    true
}

/// ArraySetLength (§10.4.2.4).
fn set_length(cx: &Cx, o: &Obj, desc: PropDesc) -> JsResult<bool> {
    // Steps 1-5 (the conversions may run script, before any borrow).
    let new_len = match &desc.value {
        None => None,
        Some(v) => {
            let u = cx.to_uint32(v)?;
            let n = cx.to_number(v)?;
            if u as f64 != n {
                return cx.range_error("Invalid array length");
            }
            Some(u)
        }
    };
    let mut d = o.d.borrow_mut();
    let d = &mut *d;
    let Class::Array(a) = &mut d.class else {
        unreachable!("array internal method on a non-array")
    };
    // The generic checks of OrdinaryDefineOwnProperty on `length`
    // (non-configurable, non-enumerable, data).
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
            } else if n <= MAX_HOLEY_LEN {
                a.elems.resize(n as usize, HOLE);
                a.len = n;
            } else {
                a.len = n;
                d.make_array_slow();
            }
        } else if n < a.len {
            // Steps 16-17: delete indices >= n from the highest down; stop
            // at a non-configurable one.
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

/// [[Delete]]: `length` is not configurable; deleting a fast element leaves
/// a hole.
fn delete(cx: &Cx, o: &Obj, key: Atom) -> JsResult<bool> {
    {
        let mut d = o.d.borrow_mut();
        let Class::Array(a) = &mut d.class else {
            unreachable!("array internal method on a non-array")
        };
        if key == Atom::LENGTH {
            return Ok(false);
        }
        if a.fast
            && let Some(i) = key.index()
        {
            if let Some(slot) = a.elems.get_mut(i as usize) {
                *slot = HOLE;
            }
            return Ok(true);
        }
    }
    ordinary::delete(cx, o, key)
}

/// [[OwnPropertyKeys]]: the fast elements' indices, then the ordinary keys
/// with `length` first among the strings.
fn own_property_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    let d = o.d.borrow();
    let a = array_data(&d);
    if !a.fast {
        return Ok(ordinary::ordered_keys(cx, &d, 0, true));
    }
    // The present elements come first; the shape holds no index.
    let mut keys: Vec<Atom> = a
        .elems
        .iter()
        .enumerate()
        .filter(|(_, v)| !is_hole(v))
        .filter_map(|(i, _)| Atom::from_index(i as u32))
        .collect();
    keys.extend(ordinary::ordered_keys(cx, &d, 0, true));
    Ok(keys)
}

impl ObjectData {
    /// Converts a fast array to ordinary element properties.
    pub(crate) fn make_array_slow(&mut self) {
        let Class::Array(a) = &mut self.class else {
            return;
        };
        if !a.fast {
            return;
        }
        a.fast = false;
        let elems = std::mem::take(&mut a.elems);
        for (i, v) in elems.into_iter().enumerate() {
            if is_hole(&v) {
                continue;
            }
            if let Some(atom) = Atom::from_index(i as u32) {
                Shape::with_added(&mut self.shape, atom, flags::DEFAULT);
                self.slots.push(Slot::Data(v));
            }
        }
    }
}
