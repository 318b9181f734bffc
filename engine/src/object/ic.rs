//! Inline caches of the property and global access sites.
//!
//! Each `GetField`/`PutField`/`GetGlobal`/`PutGlobal` site of a bytecode
//! owns one [`PropCache`], which remembers what the last lookup at that site
//! found, keyed by *shape identity*. Shared shapes (those of the transition
//! tree) never change: the same `Rc<Shape>` always lists the same keys at the
//! same slots with the same attributes, so an object whose shape is the
//! remembered one has the remembered property layout. A cache holds an
//! `Rc` to each shape it names: comparing addresses can then never confuse
//! a new shape with a freed one, and the shapes of short-lived objects stay
//! in the transition tree, so the next object built the same way gets the
//! same shapes. Dictionary shapes are mutated in place and are never keyed
//! on (a prototype with a dictionary shape is given a fresh shared-style
//! shape the first time a cache fill walks through it).
//!
//! The prototype is stored in the object, not in the shape, so an entry for
//! a property found on the prototype chain remembers the shape of every
//! object along the chain, from the receiver to the holder, and a hit walks
//! the receiver's actual chain comparing each object's shape with the
//! remembered one. If they all match, no object before the holder has the
//! key (their shapes lack it) and the holder has it at the remembered slot,
//! whatever prototypes were swapped or properties added in between. The
//! same check covers "absent along the whole chain" (then the chain must end
//! after the last remembered object).
//!
//! Classes matter too: two objects of different classes may share a shape,
//! so every object visited on a hit must answer `plain_key(key)` (its own
//! property `key` is the ordinary one in its shape); a Proxy, a typed array,
//! a String object's `length` or indices never hit.
//!
//! What an entry can say:
//! * `Own`: an own property at a slot of a shared shape: read or overwrite
//!   the slot, or call its getter/setter.
//! * `Hint`: an own data property of a dictionary-shaped object at a slot,
//!   valid while the key stored at that slot is the key (the global object
//!   and objects that deleted properties).
//! * `Proto`: found on the prototype chain (or absent from all of it).
//! * `Add`: assigning the key to an object of shape `from` creates it as a
//!   new own data property and moves the object to shape `to`, the chain
//!   having no setter or read-only property of that name (it may have a
//!   writable data property, which the new one shadows).
//! * `Lex`/`Global`: a global lexical binding (by its index; bindings are
//!   never removed), or an own data property of the global object while no
//!   lexical binding was added since the entry was made.
//!
//! Misses take the generic path, then refill the entry by a walk that runs
//! no script.

use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;

use super::{Class, Obj, ObjectData, Slot, methods};
use crate::atom::Atom;
use crate::runtime::{Cx, JsResult};
use crate::shape::{Shape, flags};
use crate::value::Value;

/// Prototype chains longer than this are not cached.
const MAX_DEPTH: usize = 8;
/// Entries a polymorphic site holds besides its first one.
const MORE: usize = 3;

// Entry kinds.
const EMPTY: u8 = 0;
/// Own property of a shared shape: `shape`, `slot`, `flags`.
const OWN: u8 = 1;
/// Own data property of a dictionary shape at `slot`, checked by key.
const HINT: u8 = 2;
/// On the prototype chain: `shape`, `ext.chain` (holder last), `slot`, `flags`.
const PROTO: u8 = 3;
/// Absent from the object and its whole chain: `shape`, `ext.chain`.
const ABSENT: u8 = 4;
/// Assignment adds the key: `shape` (before), `ext.to`, `ext.chain` (all the
/// prototypes, or up to one with a writable data property of that name when
/// `aux` is 1).
const ADD: u8 = 5;
/// Global lexical binding: `slot` is its index, `word` the realm.
const LEX: u8 = 6;
/// Own data property of the global object at `slot`, `word` the realm and
/// `aux` the number of global lexical bindings.
const GLOBAL: u8 = 7;

/// The inline cache of one access site. The hot fields are plain `Cell`s;
/// `ext` owns the references that keep the shapes named by address (in
/// `word` and `ext.chain`) alive.
pub(crate) struct PropCache {
    kind: Cell<u8>,
    flags: Cell<u8>,
    key: Cell<Atom>,
    slot: Cell<u32>,
    aux: Cell<u32>,
    /// How many times the entry was refilled: a site that keeps missing
    /// (many shapes) refills only now and then.
    fills: Cell<u32>,
    /// The receiver's shape address (or the realm index for globals).
    word: Cell<usize>,
    /// For a property of the receiver's prototype itself: that prototype's
    /// shape address (also in `ext.chain`); 0 otherwise.
    proto_word: Cell<usize>,
    ext: RefCell<Ext>,
    /// More entries for the same key, made when the site sees other
    /// shapes; checked in order after this one misses.
    more: OnceCell<Box<[PropCache; MORE]>>,
    /// The entry of `more` the next fill replaces when all are used.
    next: Cell<u8>,
}

#[derive(Default)]
struct Ext {
    shape: Option<Rc<Shape>>,
    /// The shapes of the prototypes, by address and kept alive.
    chain: Box<[(usize, Rc<Shape>)]>,
    /// The shape after an added property.
    to: Option<Rc<Shape>>,
}

impl Default for PropCache {
    fn default() -> PropCache {
        PropCache {
            kind: Cell::new(EMPTY),
            flags: Cell::new(0),
            key: Cell::new(Atom(0)),
            slot: Cell::new(0),
            aux: Cell::new(0),
            fills: Cell::new(0),
            word: Cell::new(0),
            proto_word: Cell::new(0),
            ext: RefCell::default(),
            more: OnceCell::new(),
            next: Cell::new(0),
        }
    }
}

/// Overwrites `o`'s writable data property `key` when the shape has it at
/// slot `i`; gives the value back otherwise.
#[inline]
fn write_hinted(o: &Obj, key: Atom, i: usize, v: Value) -> Result<(), Value> {
    let Ok(mut d) = o.d.try_borrow_mut() else {
        return Err(v);
    };
    let ok = plain(&d, key)
        && matches!(d.shape.props.get(i), Some(p) if p.atom == key
            && p.flags & (flags::WRITABLE | flags::ACCESSOR) == flags::WRITABLE);
    match d.slots.get_mut(i) {
        Some(s) if ok => {
            let old = std::mem::replace(s, Slot::Data(v));
            drop(d);
            drop(old);
            Ok(())
        }
        _ => Err(v),
    }
}

/// `d.plain_key(key)`, answered without a call for the common classes.
#[inline(always)]
fn plain(d: &ObjectData, key: Atom) -> bool {
    matches!(
        d.class,
        Class::Object | Class::Closure(_) | Class::ImmutablePrototype
    ) || d.plain_key(key)
}

#[inline]
fn addr(shape: &Rc<Shape>) -> usize {
    Rc::as_ptr(shape) as usize
}

impl PropCache {
    /// Whether a miss should refill the entry: always for the first few
    /// misses, then once every 64.
    fn may_fill(&self) -> bool {
        let n = self.fills.get();
        self.fills.set(n.wrapping_add(1));
        n < 16 || n.is_multiple_of(64)
    }

    #[inline]
    fn is(&self, kind: u8, key: Atom) -> bool {
        self.kind.get() == kind && self.key.get() == key
    }

    /// The extra entries, if the site was ever polymorphic.
    #[inline]
    fn more(&self) -> &[PropCache] {
        self.more.get().map_or(&[], |m| &m[..])
    }

    /// The entry a fill for `key` on receivers of shape address `word` (0
    /// for no shape) writes: the first one while it is empty, for another
    /// key or for that same shape; else an extra entry for that shape, an
    /// empty one, or the next one in turn.
    fn target(&self, key: Atom, word: usize) -> &PropCache {
        let k = self.kind.get();
        if word == 0
            || k == EMPTY
            || self.key.get() != key
            || self.word.get() == word
            || !matches!(k, OWN | PROTO | ABSENT | ADD)
        {
            // A new key starts over with one entry.
            if let Some(m) = self.more.get()
                && self.key.get() != key
            {
                for e in m.iter() {
                    e.kind.set(EMPTY);
                }
            }
            return self;
        }
        let m = self.more.get_or_init(Box::default);
        if let Some(e) = m
            .iter()
            .find(|e| e.kind.get() != EMPTY && e.word.get() == word)
        {
            return e;
        }
        if let Some(e) = m.iter().find(|e| e.kind.get() == EMPTY) {
            return e;
        }
        let i = usize::from(self.next.get()) % MORE;
        self.next.set(((i + 1) % MORE) as u8);
        &m[i]
    }

    /// Fills an entry for the shape `shape` (see `target`); gives the entry
    /// written.
    fn set(
        &self,
        kind: u8,
        key: Atom,
        slot: u32,
        flags: u8,
        shape: Option<&Rc<Shape>>,
        ext: Ext,
    ) -> &PropCache {
        let t = self.target(key, shape.map_or(0, addr));
        t.set_here(kind, key, slot, flags, shape, ext);
        t
    }

    /// Replaces the entry.
    fn set_here(
        &self,
        kind: u8,
        key: Atom,
        slot: u32,
        flags: u8,
        shape: Option<&Rc<Shape>>,
        ext: Ext,
    ) {
        let Ok(mut e) = self.ext.try_borrow_mut() else {
            return;
        };
        let old = std::mem::replace(&mut *e, ext);
        e.shape = shape.cloned();
        let proto_word = match &*e.chain {
            [(a, _)] if kind == PROTO => *a,
            _ => 0,
        };
        self.proto_word.set(proto_word);
        drop(e);
        drop(old);
        self.kind.set(kind);
        self.key.set(key);
        self.slot.set(slot);
        self.flags.set(flags);
        self.word.set(shape.map_or(0, addr));
        self.aux.set(0);
    }
}

/// Walks the prototypes of an object whose own shape matched, comparing
/// each one's shape with `chain`. Gives the holder (the last object) when
/// all match and, when `to_end`, the last one's prototype is null.
#[inline]
fn walk_chain(
    first: Option<Obj>,
    key: Atom,
    chain: &[(usize, Rc<Shape>)],
    to_end: bool,
) -> Option<Obj> {
    let mut cur = first?;
    let last = chain.len().checked_sub(1)?;
    for (i, (w, _)) in chain.iter().enumerate() {
        let next = {
            let d = cur.d.try_borrow().ok()?;
            if addr(&d.shape) != *w || !plain(&d, key) {
                return None;
            }
            if i == last {
                if to_end && d.proto.is_some() {
                    return None;
                }
                None
            } else {
                Some(d.proto.clone()?)
            }
        };
        match next {
            Some(n) => cur = n,
            None => return Some(cur),
        }
    }
    None
}

/// Whether the prototype chain starting at `p` matches `chain` (as
/// `walk_chain`, without taking references: each object is borrowed while
/// its prototype is checked). The depth is bounded by `MAX_DEPTH`.
fn chain_matches(p: Option<&Obj>, key: Atom, chain: &[(usize, Rc<Shape>)], to_end: bool) -> bool {
    let (Some(p), Some(((w, _), rest))) = (p, chain.split_first()) else {
        return false;
    };
    let Ok(d) = p.d.try_borrow() else {
        return false;
    };
    if addr(&d.shape) != *w || !plain(&d, key) {
        return false;
    }
    if rest.is_empty() {
        return !to_end || d.proto.is_none();
    }
    chain_matches(d.proto.as_ref(), key, rest, to_end)
}

/// The add-transition hit of `o.key = v` (the site's first entry is `Add`
/// for `o`'s shape and the chain still matches): moves `o` to the new
/// shape and appends the slot. Gives the value back otherwise.
#[inline]
pub(crate) fn put_field_add_hit(
    cx: &Cx,
    o: &Obj,
    key: Atom,
    v: Value,
    c: &PropCache,
) -> Result<(), Value> {
    if !c.is(ADD, key) {
        return Err(v);
    }
    let Ok(e) = c.ext.try_borrow() else {
        return Err(v);
    };
    let Some(to) = e.to.as_ref() else {
        return Err(v);
    };
    let Ok(mut d) = o.d.try_borrow_mut() else {
        return Err(v);
    };
    if addr(&d.shape) != c.word.get() || !d.extensible || d.methods().is_some() {
        return Err(v);
    }
    let chain_ok = if e.chain.is_empty() {
        d.proto.is_none()
    } else {
        // `aux` is set when the chain ends at a writable data property of
        // a prototype, which the assignment shadows.
        chain_matches(d.proto.as_ref(), key, &e.chain, c.aux.get() == 0)
    };
    if !chain_ok {
        return Err(v);
    }
    let old = std::mem::replace(&mut d.shape, to.clone());
    d.push_slot(Slot::Data(v), cx.heap());
    drop(d);
    drop(e);
    drop(old);
    Ok(())
}

/// `DefineField` (a property of an object literal) on an ordinary
/// extensible object that lacks the key: appends the data property, as
/// ValidateAndApplyPropertyDescriptor does, without the generic path.
/// Gives the value back otherwise.
#[inline]
pub(crate) fn define_field_add(cx: &Cx, o: &Obj, key: Atom, v: Value) -> Result<(), Value> {
    let Ok(mut d) = o.d.try_borrow_mut() else {
        return Err(v);
    };
    if !matches!(d.class, Class::Object) || !d.extensible || d.shape.find(key).is_some() {
        return Err(v);
    }
    Shape::with_added_key(&mut d.shape, key, flags::DEFAULT, cx.rt.key_cell(key));
    d.push_slot(Slot::Data(v), cx.heap());
    Ok(())
}

/// The result of a cached read.
enum Read {
    Value(Value),
    Getter(Option<Obj>),
    Miss,
}

#[inline]
fn slot_read(d: &ObjectData, slot: u32) -> Read {
    match d.slots.get(slot as usize) {
        Some(Slot::Data(v)) => Read::Value(v.clone()),
        Some(Slot::Accessor(a)) => Read::Getter(a.get.clone()),
        None => Read::Miss,
    }
}

#[inline]
fn hint_read(d: &ObjectData, key: Atom, slot: u32) -> Read {
    let i = slot as usize;
    match (d.shape.props.get(i), d.slots.get(i)) {
        (Some(p), Some(Slot::Data(v))) if p.atom == key => Read::Value(v.clone()),
        _ => Read::Miss,
    }
}

/// The common hit of `o.key`: an own data property of a shared shape (one
/// kind and key test, one shape compare, one slot read). `None` when the
/// site's first entry does not say so; the caller then takes `get_field`.
#[inline(always)]
pub(crate) fn get_field_hit(o: &Obj, key: Atom, c: &PropCache) -> Option<Value> {
    if c.is(OWN, key)
        && let Ok(d) = o.d.try_borrow()
        && addr(&d.shape) == c.word.get()
        && let Some(Slot::Data(v)) = d.slots.get(c.slot.get() as usize)
        && plain(&d, key)
    {
        return Some(v.clone());
    }
    None
}

/// The other data hits of `o.key`, for when `get_field_hit` missed: a data
/// property on the prototype chain (the method of `o.m()`), an absent key,
/// or an own property found by one of the extra entries of a polymorphic
/// site. Nothing is cloned but the value read; `None` for a getter or a
/// miss, which the caller leaves to `get_field`.
#[inline(never)]
pub(crate) fn get_field_hit_more(o: &Obj, key: Atom, c: &PropCache) -> Option<Value> {
    if c.key.get() != key {
        return None;
    }
    let d = o.d.try_borrow().ok()?;
    if !plain(&d, key) {
        return None;
    }
    let w = addr(&d.shape);
    std::iter::once(c)
        .chain(c.more())
        .find(|e| e.word.get() == w && e.key.get() == key && e.kind.get() != EMPTY)
        .and_then(|e| entry_data_hit(&d, key, e))
}

/// A data read through entry `e`, whose shape is the shape of `d`.
#[inline]
fn entry_data_hit(d: &ObjectData, key: Atom, e: &PropCache) -> Option<Value> {
    match e.kind.get() {
        OWN => match d.slots.get(e.slot.get() as usize)? {
            Slot::Data(v) => Some(v.clone()),
            Slot::Accessor(_) => None,
        },
        PROTO if e.proto_word.get() != 0 => {
            // The holder is the receiver's prototype.
            let pd = d.proto.as_ref()?.d.try_borrow().ok()?;
            if addr(&pd.shape) != e.proto_word.get() || !plain(&pd, key) {
                return None;
            }
            match pd.slots.get(e.slot.get() as usize)? {
                Slot::Data(v) => Some(v.clone()),
                Slot::Accessor(_) => None,
            }
        }
        k @ (PROTO | ABSENT) => {
            let x = e.ext.try_borrow().ok()?;
            chain_read(d.proto.as_ref(), key, &x.chain, k == ABSENT, e.slot.get())
        }
        _ => None,
    }
}

/// Reads a data property along a remembered chain: each object from `p` on
/// must have the shape `chain` names (the holder last, whose slot `slot` is
/// read); for an absent key (`absent`) the chain must end after the last
/// one, and the result is `undefined`. Each object stays borrowed while its
/// prototype is checked, so nothing is cloned; the depth is bounded by
/// `MAX_DEPTH`.
fn chain_read(
    p: Option<&Obj>,
    key: Atom,
    chain: &[(usize, Rc<Shape>)],
    absent: bool,
    slot: u32,
) -> Option<Value> {
    let ((w, _), rest) = chain.split_first()?;
    let d = p?.d.try_borrow().ok()?;
    if addr(&d.shape) != *w || !plain(&d, key) {
        return None;
    }
    if !rest.is_empty() {
        return chain_read(d.proto.as_ref(), key, rest, absent, slot);
    }
    if absent {
        return d.proto.is_none().then_some(Value::Undefined);
    }
    match d.slots.get(slot as usize)? {
        Slot::Data(v) => Some(v.clone()),
        Slot::Accessor(_) => None,
    }
}

/// `o.key` through the site's cache.
#[inline(always)]
pub(crate) fn get_field(cx: &Cx, o: &Obj, key: Atom, c: &PropCache) -> JsResult<Value> {
    // The common case first: an own data property of a shared shape.
    if let Some(v) = get_field_hit(o, key, c) {
        return Ok(v);
    }
    get_field_slow(cx, o, key, c)
}

#[inline(never)]
fn get_field_slow(cx: &Cx, o: &Obj, key: Atom, c: &PropCache) -> JsResult<Value> {
    get_with_receiver(cx, o, key, &Value::Object(o.clone()), c)
}

/// [[Get]] of `key` on `o` with `receiver`, through the cache.
fn get_with_receiver(
    cx: &Cx,
    o: &Obj,
    key: Atom,
    receiver: &Value,
    c: &PropCache,
) -> JsResult<Value> {
    match cached_read(o, key, c) {
        Read::Value(v) => Ok(v),
        Read::Getter(Some(g)) => cx.call(&Value::Object(g), receiver, &[]),
        Read::Getter(None) => Ok(Value::Undefined),
        Read::Miss => {
            let v = methods::get(cx, o, key, receiver)?;
            if c.may_fill() {
                fill_get(cx, o, key, c);
            }
            Ok(v)
        }
    }
}

/// `v.key` for a primitive `v` through the site's cache: the lookup starts
/// at the prototype of its type, which is then the object whose shape the
/// cache keys on.
pub(crate) fn get_primitive_field(cx: &Cx, v: &Value, key: Atom, c: &PropCache) -> JsResult<Value> {
    let intr = cx.intr();
    let proto = match v {
        // A string's own `length` and indices.
        Value::String(_) if key == Atom::LENGTH || key.is_index() => {
            return methods::get_value(cx, v, key);
        }
        Value::String(_) => &intr.string_proto,
        Value::Int(_) | Value::Float(_) => &intr.number_proto,
        Value::Bool(_) => &intr.boolean_proto,
        Value::Symbol(_) => &intr.symbol_proto,
        Value::BigInt(_) => &intr.bigint_proto,
        Value::Object(_) | Value::Undefined | Value::Null | Value::Uninit => {
            return methods::get_value(cx, v, key);
        }
    };
    get_with_receiver(cx, proto, key, v, c)
}

/// A read through the site's entries, in order.
fn cached_read(o: &Obj, key: Atom, c: &PropCache) -> Read {
    match entry_read(o, key, c) {
        Read::Miss => {}
        r => return r,
    }
    for e in c.more() {
        match entry_read(o, key, e) {
            Read::Miss => {}
            r => return r,
        }
    }
    Read::Miss
}

fn entry_read(o: &Obj, key: Atom, c: &PropCache) -> Read {
    if c.key.get() != key {
        return Read::Miss;
    }
    let Ok(d) = o.d.try_borrow() else {
        return Read::Miss;
    };
    if !plain(&d, key) {
        return Read::Miss;
    }
    match c.kind.get() {
        OWN if addr(&d.shape) == c.word.get() => slot_read(&d, c.slot.get()),
        HINT => hint_read(&d, key, c.slot.get()),
        PROTO if addr(&d.shape) == c.word.get() && c.proto_word.get() != 0 => {
            // The holder is the receiver's prototype: no walk, no clone.
            let Some(p) = d.proto.as_ref() else {
                return Read::Miss;
            };
            let Ok(pd) = p.d.try_borrow() else {
                return Read::Miss;
            };
            if addr(&pd.shape) != c.proto_word.get() || !plain(&pd, key) {
                return Read::Miss;
            }
            slot_read(&pd, c.slot.get())
        }
        k @ (PROTO | ABSENT) if addr(&d.shape) == c.word.get() => {
            let first = d.proto.clone();
            drop(d);
            let Ok(e) = c.ext.try_borrow() else {
                return Read::Miss;
            };
            let Some(holder) = walk_chain(first, key, &e.chain, k == ABSENT) else {
                return Read::Miss;
            };
            drop(e);
            if k == ABSENT {
                return Read::Value(Value::Undefined);
            }
            let Ok(h) = holder.d.try_borrow() else {
                return Read::Miss;
            };
            slot_read(&h, c.slot.get())
        }
        _ => Read::Miss,
    }
}

/// The shapes of the prototypes of an object, up to the first one that has
/// `key` (included) or to the end of the chain; `None` when some object of
/// the chain cannot be cached (an exotic key, a dictionary shape, too long).
/// Gives the chain and the holder's slot and flags (`None` when absent).
#[allow(clippy::type_complexity)]
fn chain_shapes(
    cx: &Cx,
    first: Option<Obj>,
    key: Atom,
) -> Option<(Box<[(usize, Rc<Shape>)]>, Option<(u32, u8)>)> {
    if super::ordinary::lazy_key(key) {
        // A function creates `prototype` (and a sloppy one `arguments` and
        // `caller`) on first access (not in its shape).
        return None;
    }
    let mut chain = Vec::with_capacity(4);
    let mut cur = first;
    while let Some(p) = cur {
        if chain.len() >= MAX_DEPTH {
            return None;
        }
        if p.d.try_borrow().ok()?.shape.dictionary {
            // A prototype that deleted a property or changed an attribute:
            // give it a shape that can be keyed on again.
            let mut d = p.d.try_borrow_mut().ok()?;
            Shape::undictionary(&mut d.shape);
            d.account(cx.heap());
        }
        let d = p.d.try_borrow().ok()?;
        if !plain(&d, key) || d.shape.dictionary {
            return None;
        }
        chain.push((addr(&d.shape), d.shape.clone()));
        if let Some(i) = d.shape.find(key) {
            return Some((chain.into(), Some((i as u32, d.shape.props[i].flags))));
        }
        cur = d.proto.clone();
    }
    if chain.is_empty() {
        return None;
    }
    Some((chain.into(), None))
}

/// Remembers where `key` is for `o` after a slow read.
fn fill_get(cx: &Cx, o: &Obj, key: Atom, c: &PropCache) {
    let Ok(d) = o.d.try_borrow() else { return };
    if !plain(&d, key) {
        return;
    }
    if let Some(i) = d.shape.find(key) {
        let f = d.shape.props[i].flags;
        if !d.shape.dictionary {
            let shape = d.shape.clone();
            drop(d);
            c.set(OWN, key, i as u32, f, Some(&shape), Ext::default());
        } else if f & flags::ACCESSOR == 0 {
            drop(d);
            c.set(HINT, key, i as u32, f, None, Ext::default());
        }
        return;
    }
    if d.shape.dictionary {
        return;
    }
    let shape = d.shape.clone();
    let first = d.proto.clone();
    drop(d);
    if let Some((chain, found)) = chain_shapes(cx, first, key) {
        let ext = Ext {
            chain,
            ..Ext::default()
        };
        match found {
            Some((slot, f)) => c.set(PROTO, key, slot, f, Some(&shape), ext),
            None => c.set(ABSENT, key, 0, 0, Some(&shape), ext),
        };
    }
}

/// Own data property read for sites that only look at own properties
/// (private fields): the value if the cache vouches for it.
#[inline]
pub(crate) fn get_own_cached(o: &Obj, key: Atom, c: &PropCache) -> Option<Value> {
    std::iter::once(c)
        .chain(c.more())
        .filter(|e| matches!(e.kind.get(), OWN | HINT))
        .find_map(|e| match entry_read(o, key, e) {
            Read::Value(v) => Some(v),
            _ => None,
        })
}

/// Remembers the own property `key` of `o`, if it has one.
pub(crate) fn fill_own(cx: &Cx, o: &Obj, key: Atom, c: &PropCache) {
    let own = o.d.try_borrow().is_ok_and(|d| d.shape.find(key).is_some());
    if own {
        fill_get(cx, o, key, c);
    }
}

/// The result of a cached write.
enum Write {
    Done,
    Setter(Obj, Value),
    Miss(Value),
}

/// `o.key = v` through the site's cache (throws in strict code when the
/// assignment is rejected).
#[inline(always)]
pub(crate) fn put_field(
    cx: &Cx,
    o: &Obj,
    key: Atom,
    v: Value,
    strict: bool,
    c: &PropCache,
) -> JsResult<()> {
    // The common case first: an own writable data property of a shared shape.
    match put_field_hit(o, key, v, c) {
        Ok(()) => Ok(()),
        Err(v) => put_field_slow(cx, o, key, v, strict, c),
    }
}

/// The common hit of `o.key = v`: an own writable data property of a shared
/// shape, overwritten in place. Gives the value back when the site's first
/// entry does not say so; the caller then takes `put_field`.
#[inline(always)]
pub(crate) fn put_field_hit(o: &Obj, key: Atom, v: Value, c: &PropCache) -> Result<(), Value> {
    if c.is(OWN, key)
        && c.flags.get() & (flags::WRITABLE | flags::ACCESSOR) == flags::WRITABLE
        && let Ok(mut d) = o.d.try_borrow_mut()
        && addr(&d.shape) == c.word.get()
        && plain(&d, key)
        && let Some(s) = d.slots.get_mut(c.slot.get() as usize)
    {
        let old = std::mem::replace(s, Slot::Data(v));
        drop(d);
        // Dropping a data slot's value inline spares a call when it holds
        // no reference (the usual number).
        match old {
            Slot::Data(old) => drop(old),
            old => drop(old),
        }
        return Ok(());
    }
    Err(v)
}

#[inline(never)]
fn put_field_slow(
    cx: &Cx,
    o: &Obj,
    key: Atom,
    v: Value,
    strict: bool,
    c: &PropCache,
) -> JsResult<()> {
    if key == Atom::LENGTH
        && let Value::Int(n) = v
        && n >= 0
        && super::array::truncate_fast(o, n as u32)
    {
        return Ok(());
    }
    match cached_write(cx, o, key, v, c) {
        Write::Done => Ok(()),
        Write::Setter(s, v) => {
            cx.call(&Value::Object(s), &Value::Object(o.clone()), &[v])?;
            Ok(())
        }
        Write::Miss(v) => {
            let before = o.d.try_borrow().ok().map(|d| d.shape.clone());
            methods::put(cx, o, key, v, strict)?;
            if c.may_fill() {
                fill_put(cx, o, key, before, c);
            }
            Ok(())
        }
    }
}

/// A write through the site's entries, in order.
fn cached_write(cx: &Cx, o: &Obj, key: Atom, v: Value, c: &PropCache) -> Write {
    let mut v = match entry_write(cx, o, key, v, c) {
        Write::Miss(v) => v,
        w => return w,
    };
    for e in c.more() {
        v = match entry_write(cx, o, key, v, e) {
            Write::Miss(v) => v,
            w => return w,
        };
    }
    Write::Miss(v)
}

fn entry_write(cx: &Cx, o: &Obj, key: Atom, v: Value, c: &PropCache) -> Write {
    if c.key.get() != key {
        return Write::Miss(v);
    }
    match c.kind.get() {
        OWN => {
            let Ok(mut d) = o.d.try_borrow_mut() else {
                return Write::Miss(v);
            };
            if addr(&d.shape) != c.word.get() || !plain(&d, key) {
                return Write::Miss(v);
            }
            let writable = c.flags.get() & (flags::WRITABLE | flags::ACCESSOR) == flags::WRITABLE;
            match d.slots.get_mut(c.slot.get() as usize) {
                Some(Slot::Accessor(a)) => match &a.set {
                    Some(s) => Write::Setter(s.clone(), v),
                    None => Write::Miss(v),
                },
                Some(s @ Slot::Data(_)) if writable => {
                    let old = std::mem::replace(s, Slot::Data(v));
                    drop(d);
                    drop(old);
                    Write::Done
                }
                _ => Write::Miss(v),
            }
        }
        HINT => match write_hinted(o, key, c.slot.get() as usize, v) {
            Ok(()) => Write::Done,
            Err(v) => Write::Miss(v),
        },
        PROTO if c.flags.get() & flags::ACCESSOR != 0 => {
            let first = {
                let Ok(d) = o.d.try_borrow() else {
                    return Write::Miss(v);
                };
                if addr(&d.shape) != c.word.get() || !plain(&d, key) {
                    return Write::Miss(v);
                }
                d.proto.clone()
            };
            let Ok(e) = c.ext.try_borrow() else {
                return Write::Miss(v);
            };
            let Some(holder) = walk_chain(first, key, &e.chain, false) else {
                return Write::Miss(v);
            };
            drop(e);
            let Ok(h) = holder.d.try_borrow() else {
                return Write::Miss(v);
            };
            match h.slots.get(c.slot.get() as usize) {
                Some(Slot::Accessor(a)) => match &a.set {
                    Some(s) => Write::Setter(s.clone(), v),
                    None => Write::Miss(v),
                },
                _ => Write::Miss(v),
            }
        }
        ADD => match put_field_add_hit(cx, o, key, v, c) {
            Ok(()) => Write::Done,
            Err(v) => Write::Miss(v),
        },
        _ => Write::Miss(v),
    }
}

/// Remembers how an assignment of `key` to `o` went, `before` being the
/// shape `o` had before it.
fn fill_put(cx: &Cx, o: &Obj, key: Atom, before: Option<Rc<Shape>>, c: &PropCache) {
    let Ok(d) = o.d.try_borrow() else { return };
    if !plain(&d, key) {
        return;
    }
    if let Some(i) = d.shape.find(key) {
        let added = !super::ordinary::lazy_key(key)
            && i + 1 == d.shape.props.len()
            && d.shape.props[i].flags == flags::DEFAULT
            && !d.shape.dictionary
            && d.methods().is_none()
            && before
                .as_ref()
                .is_some_and(|b| d.shape.parent().is_some_and(|p| Rc::ptr_eq(p, b)));
        if added {
            let to = Some(d.shape.clone());
            let first = d.proto.clone();
            drop(d);
            let Some(from) = before else { return };
            let chain = match first {
                None => Some((Box::default(), false)),
                Some(first) => {
                    chain_shapes(cx, Some(first), key).and_then(|(chain, found)| match found {
                        None => Some((chain, false)),
                        Some((_, f))
                            if f & (flags::WRITABLE | flags::ACCESSOR) == flags::WRITABLE =>
                        {
                            Some((chain, true))
                        }
                        Some(_) => None,
                    })
                }
            };
            if let Some((chain, shadows)) = chain {
                let ext = Ext {
                    chain,
                    to,
                    ..Ext::default()
                };
                c.set(ADD, key, 0, 0, Some(&from), ext)
                    .aux
                    .set(u32::from(shadows));
            }
            return;
        }
        drop(d);
        fill_get(cx, o, key, c);
        return;
    }
    if d.shape.dictionary {
        return;
    }
    let shape = d.shape.clone();
    let first = d.proto.clone();
    drop(d);
    // Not added: a setter or a read-only property on the chain.
    if let Some((chain, Some((slot, f)))) = chain_shapes(cx, first, key)
        && f & flags::ACCESSOR != 0
    {
        let ext = Ext {
            chain,
            ..Ext::default()
        };
        c.set(PROTO, key, slot, f, Some(&shape), ext);
    }
}

/// A global variable read through the site's cache: a global lexical
/// binding, or an own data property of the global object.
#[inline(always)]
pub(crate) fn global_get(cx: &Cx, key: Atom, c: &PropCache) -> Option<Value> {
    if c.key.get() != key || c.word.get() != cx.realm.index as usize {
        return None;
    }
    match c.kind.get() {
        LEX => {
            let lex = cx.realm.global_lex.borrow();
            let cell = lex.cell_at(c.slot.get(), key)?;
            let v = cell.value.borrow();
            (!matches!(*v, Value::Uninit)).then(|| v.clone())
        }
        GLOBAL => {
            if cx.realm.global_lex.borrow().len() != c.aux.get() {
                return None;
            }
            let d = cx.realm.global.d.try_borrow().ok()?;
            let i = c.slot.get() as usize;
            match (d.shape.props.get(i), d.slots.get(i)) {
                (Some(p), Some(Slot::Data(v))) if p.atom == key && plain(&d, key) => {
                    Some(v.clone())
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// A global variable assignment through the site's cache; gives the value
/// back on a miss (including every case that must throw).
#[inline(always)]
pub(crate) fn global_put(cx: &Cx, key: Atom, v: Value, c: &PropCache) -> Result<(), Value> {
    if c.key.get() != key || c.word.get() != cx.realm.index as usize {
        return Err(v);
    }
    match c.kind.get() {
        LEX => {
            let lex = cx.realm.global_lex.borrow();
            let Some(cell) = lex.cell_at(c.slot.get(), key) else {
                return Err(v);
            };
            if lex.is_const(c.slot.get()) || matches!(*cell.value.borrow(), Value::Uninit) {
                return Err(v);
            }
            let cell = cell.clone();
            drop(lex);
            let old = cell.value.replace(v);
            drop(old);
            Ok(())
        }
        GLOBAL => {
            if cx.realm.global_lex.borrow().len() != c.aux.get() {
                return Err(v);
            }
            write_hinted(&cx.realm.global, key, c.slot.get() as usize, v)
        }
        _ => Err(v),
    }
}

/// Remembers where the global variable `key` lives after a slow access.
pub(crate) fn global_fill(cx: &Cx, key: Atom, c: &PropCache) {
    let lex = cx.realm.global_lex.borrow();
    let (kind, slot, lex_len) = if let Some(index) = lex.index_of(key) {
        (LEX, index, 0)
    } else {
        let Ok(d) = cx.realm.global.d.try_borrow() else {
            return;
        };
        match d.shape.find(key) {
            Some(i) if d.shape.props[i].flags & flags::ACCESSOR == 0 => {
                (GLOBAL, i as u32, lex.len())
            }
            _ => return,
        }
    };
    drop(lex);
    let t = c.set(kind, key, slot, 0, None, Ext::default());
    t.word.set(cx.realm.index as usize);
    t.aux.set(lex_len);
}

#[cfg(test)]
mod tests {
    use crate::{Context, Runtime};

    /// Evaluates `src` and gives its completion value as a string.
    fn run(src: &str) -> String {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        let v = ctx.eval(src, "ic-test.js").expect("evaluates");
        ctx.to_string(&v).expect("string")
    }

    /// Runs `body` (which reads `f(i)` for `i` in 0..8 with a mutation
    /// somewhere in between) and joins the results.
    fn steps(setup: &str, f: &str) -> String {
        run(&format!(
            "{setup}\nvar f = {f}; var out = []; \
             for (var i = 0; i < 8; i++) out.push(String(f(i))); out.join()"
        ))
    }

    #[test]
    fn proto_hit_sees_set_prototype_of() {
        // Same-shaped prototypes: the value is read from the actual one.
        let r = steps(
            "function get(o) { return o.m; }
             var p1 = { m: 1 }, p2 = { m: 2 }, o = Object.create(p1);",
            "function (i) { if (i === 4) Object.setPrototypeOf(o, p2); return get(o); }",
        );
        assert_eq!(r, "1,1,1,1,2,2,2,2");
        let r = steps(
            "function get(o) { return o.m; }
             var p1 = { m: 1 }, p2 = { n: 0, m: 2 }, o = Object.create(p1);",
            "function (i) { if (i === 4) o.__proto__ = p2; return get(o); }",
        );
        assert_eq!(r, "1,1,1,1,2,2,2,2");
    }

    #[test]
    fn proto_hit_sees_shadowing_on_intermediate_prototype() {
        let r = steps(
            "function A() {} A.prototype.m = function () { return 'a'; };
             function B() {} B.prototype = Object.create(A.prototype);
             function C() {} C.prototype = Object.create(B.prototype);
             function call(o) { return o.m(); } var c = new C();",
            "function (i) {
                 if (i === 2) B.prototype.m = function () { return 'b'; };
                 if (i === 4) c.m = function () { return 'own'; };
                 if (i === 6) delete c.m;
                 return call(c);
             }",
        );
        assert_eq!(r, "a,a,b,b,own,own,b,b");
    }

    #[test]
    fn proto_hit_sees_holder_changes() {
        // Replaced value, deleted (dictionary), redefined as a getter.
        let r = steps(
            "var p = { x: 1, m: 'm' }; var o = Object.create(p);
             function get(o) { return o.m; }",
            "function (i) {
                 if (i === 2) p.m = 'n';
                 if (i === 4) delete p.m;
                 if (i === 6) Object.defineProperty(p, 'm', { get: function () { return 'g'; } });
                 return get(o);
             }",
        );
        assert_eq!(r, "m,m,n,n,undefined,undefined,g,g");
    }

    #[test]
    fn absent_hit_sees_additions_at_the_end_of_the_chain() {
        let r = steps(
            "function get(o) { return o.zz; } var o = Object.create({ a: 1 });",
            "function (i) {
                 if (i === 3) Object.prototype.zz = 'late';
                 if (i === 5) delete Object.prototype.zz;
                 return get(o);
             }",
        );
        assert_eq!(
            r,
            "undefined,undefined,undefined,late,late,undefined,undefined,undefined"
        );
    }

    #[test]
    fn proto_hit_with_proxy_or_dictionary_in_chain() {
        let r = steps(
            "var p = { m: 1 }; var o = Object.create(p); var n = 0;
             var px = new Proxy({ m: 5 }, { get: function (t, k, r) { n++; return 7; } });
             function get(o) { return o.m; }",
            "function (i) {
                 if (i === 2) Object.setPrototypeOf(o, px);
                 if (i === 4) Object.setPrototypeOf(o, p);
                 return get(o) + ':' + n;
             }",
        );
        assert_eq!(r, "1:0,1:0,7:1,7:2,1:2,1:2,1:2,1:2");
        // A receiver in dictionary mode, then its prototype.
        let r = steps(
            "var p = { m: 1, q: 0 }; var o = Object.create(p); o.a = 1;
             function get(o) { return o.m; }",
            "function (i) {
                 if (i === 2) delete o.a;
                 if (i === 4) delete p.q;
                 if (i === 6) p.m = 3;
                 return get(o);
             }",
        );
        assert_eq!(r, "1,1,1,1,1,1,3,3");
    }

    #[test]
    fn polymorphic_proto_hits() {
        let r = steps(
            "function A() {} A.prototype.k = function () { return 'A'; };
             function B() { this.z = 1; } B.prototype.k = function () { return 'B'; };
             function C() {} C.prototype = Object.create(A.prototype);
             var objs = [new A(), new B(), new C(), { k: function () { return 'own'; } }];
             function call(o) { return o.k(); }",
            "function (i) {
                 if (i === 6) A.prototype.k = function () { return 'A2'; };
                 return objs.map(call).join('');
             }",
        );
        assert_eq!(
            r,
            "ABAown,ABAown,ABAown,ABAown,ABAown,ABAown,A2BA2own,A2BA2own"
        );
    }

    #[test]
    fn instanceof_follows_every_change() {
        let r = steps(
            "function A() {} function B() {} B.prototype = Object.create(A.prototype);
             var b = new B(); var other = {}; var seen = 0;
             var px = new Proxy({}, { getPrototypeOf: function () { seen++; return B.prototype; } });",
            "function (i) {
                 if (i === 1) B.prototype = {};
                 if (i === 2) Object.setPrototypeOf(b, other);
                 if (i === 3) Object.setPrototypeOf(other, A.prototype);
                 if (i === 4) Object.defineProperty(A, Symbol.hasInstance, { value: function (v) { return v === 1; } });
                 if (i === 5) return (1 instanceof A) + '' + (b instanceof A);
                 if (i === 6) return (px instanceof B) + ':' + seen;
                 if (i === 7) return (px instanceof A) + ':' + seen;
                 return b instanceof A;
             }",
        );
        assert_eq!(r, "true,true,false,true,false,truefalse,true:1,false:1");
        // A function whose prototype is not %Function.prototype%, a bound
        // function, a pending `prototype`, a non-object `prototype`.
        let r = run("function F() {} var f = new F();
             var G = function () {}; Object.setPrototypeOf(G, { [Symbol.hasInstance]: function () { return 'yes'; } });
             var H = function () {}; var bound = F.bind(null);
             var K = function () {}; K.prototype = 3; var e;
             try { f instanceof K; } catch (x) { e = x.constructor.name; }
             [f instanceof F, f instanceof G, f instanceof H, f instanceof bound, ({}) instanceof H, e].join()");
        assert_eq!(r, "true,true,false,true,false,TypeError");
    }

    #[test]
    fn constructor_prototype_read() {
        let r = steps(
            "function F() { this.a = 1; } var p2 = { tag: 'p2' };",
            "function (i) {
                 if (i === 2) F.prototype = p2;
                 if (i === 4) F.prototype = 5;
                 if (i === 6) F.prototype = { tag: 'p3' };
                 var o = new F();
                 var p = Object.getPrototypeOf(o);
                 return p === Object.prototype ? 'obj' : (p.tag || 'orig');
             }",
        );
        assert_eq!(r, "orig,orig,p2,p2,obj,obj,p3,p3");
    }
}
