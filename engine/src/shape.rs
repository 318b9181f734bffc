//! Shapes (hidden classes): the ordered list of an object's own property keys
//! and attributes, shared between objects built the same way.
//!
//! Shared shapes form a tree from the runtime's root shape; adding a property
//! follows (or creates) a transition, so objects built by the same code end
//! up with the same `Rc<Shape>` and property lookups can be cached by shape
//! identity. An object that deletes properties, changes attributes, or grows
//! past [`DICTIONARY_THRESHOLD`] properties switches to a *dictionary* shape
//! it owns alone and mutates in place.
//!
//! The prototype is stored in the object, not the shape. The one kind of
//! heap cell a shape refers to is the cell of a counted symbol it has as a
//! key (see `atom::SymbolCell`): the shape that added the key (or, for a
//! shape without a parent, the shape itself) holds a counted reference, so
//! the symbol's atom stays allocated while any shape lists it. Those
//! references are not reported to the collector: a symbol used as a key is
//! treated as reachable from outside for as long as a shape has it.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use hashbrown::HashMap;

use crate::atom::{Atom, Sym};

/// Property attribute bits.
pub(crate) mod flags {
    pub(crate) const WRITABLE: u8 = 1;
    pub(crate) const ENUMERABLE: u8 = 2;
    pub(crate) const CONFIGURABLE: u8 = 4;
    /// The slot holds a getter/setter pair.
    pub(crate) const ACCESSOR: u8 = 8;
    /// Writable, enumerable and configurable: a plain data property.
    pub(crate) const DEFAULT: u8 = WRITABLE | ENUMERABLE | CONFIGURABLE;
    /// Writable and configurable but not enumerable: built-in methods.
    pub(crate) const HIDDEN: u8 = WRITABLE | CONFIGURABLE;
}

/// Shapes with more properties than this become dictionaries.
pub(crate) const DICTIONARY_THRESHOLD: usize = 64;

/// Above this many properties a shape keeps a hash index.
const INDEX_THRESHOLD: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ShapeProp {
    pub(crate) atom: Atom,
    pub(crate) flags: u8,
}

pub(crate) struct Shape {
    /// Own properties in insertion order; slot `i` of the object holds the
    /// value of `props[i]`.
    pub(crate) props: Vec<ShapeProp>,
    index: Option<HashMap<Atom, u32>>,
    /// Child shapes by (added key, flags); only used by shared shapes.
    transitions: RefCell<HashMap<(Atom, u8), Weak<Shape>>>,
    /// Dictionary shapes belong to one object and are mutated in place.
    pub(crate) dictionary: bool,
    /// The shape this one was derived from. Holding it keeps the transition
    /// chain from the root alive for as long as any descendant is in use.
    parent: Option<Rc<Shape>>,
    /// The most properties any shared shape derived from this one has
    /// had (slack tracking): an object growing its slot vector at this
    /// shape reserves that many at once, since objects built alike tend
    /// to end up alike.
    grown: Cell<u8>,
    /// The cells of the counted symbols among `props` that `parent` does
    /// not hold: the added key's for a shape with a parent, all of them
    /// for a shape without one.
    syms: Vec<Sym>,
    /// This shape or an ancestor holds a symbol cell (such shapes are never
    /// kept in the ring of recent shapes: each `Symbol()` key makes its own
    /// shapes, which nothing would reuse).
    holds_syms: bool,
}

impl Shape {
    pub(crate) fn root() -> Rc<Shape> {
        Rc::new(Shape {
            props: Vec::new(),
            index: None,
            transitions: RefCell::default(),
            dictionary: false,
            parent: None,
            grown: Cell::new(0),
            syms: Vec::new(),
            holds_syms: false,
        })
    }

    /// The cells of every counted symbol key of this shape.
    fn all_syms(&self) -> Vec<Sym> {
        let mut v = Vec::new();
        let mut s = Some(self);
        while let Some(sh) = s {
            v.extend(sh.syms.iter().cloned());
            s = sh.parent.as_deref();
        }
        v
    }

    /// A parentless shape with the keys of `self` (shared or dictionary);
    /// the index is copied, not rebuilt.
    fn copy(&self, dictionary: bool) -> Shape {
        let mut s = Shape::with_index(self.props.clone(), self.index.clone(), dictionary);
        if self.parent.is_some() || !self.syms.is_empty() {
            s.syms = self.all_syms();
        }
        s.holds_syms = !s.syms.is_empty();
        s
    }

    fn build(props: Vec<ShapeProp>, dictionary: bool) -> Shape {
        let index = (props.len() > INDEX_THRESHOLD).then(|| index_of(&props));
        Shape::with_index(props, index, dictionary)
    }

    /// A parentless shape holding no symbol cells, with the given index.
    fn with_index(
        props: Vec<ShapeProp>,
        index: Option<HashMap<Atom, u32>>,
        dictionary: bool,
    ) -> Shape {
        Shape {
            props,
            index,
            transitions: RefCell::default(),
            dictionary,
            parent: None,
            grown: Cell::new(0),
            syms: Vec::new(),
            holds_syms: false,
        }
    }

    /// The shape this one was derived from by adding its last property
    /// (shared shapes only).
    #[inline]
    pub(crate) fn parent(&self) -> Option<&Rc<Shape>> {
        self.parent.as_ref()
    }

    /// How many slots an object whose slot vector is full should hold once
    /// it grows at this shape: the size its shared descendants have
    /// reached, 0 when unknown (dictionary shapes).
    #[inline]
    pub(crate) fn slot_hint(&self) -> usize {
        self.grown.get() as usize
    }

    /// The slot index of `atom`, if present.
    #[inline]
    pub(crate) fn find(&self, atom: Atom) -> Option<usize> {
        match &self.index {
            Some(ix) => ix.get(&atom).map(|&i| i as usize),
            None => self.props.iter().position(|p| p.atom == atom),
        }
    }

    /// The shape after adding `atom` with `flags` to `this`. For a
    /// dictionary shape owned by the caller, mutates it in place. `atom`
    /// must not be a counted symbol (see [`Shape::with_added_key`]).
    #[inline]
    pub(crate) fn with_added(this: &mut Rc<Shape>, atom: Atom, flags: u8) {
        debug_assert!(!atom.is_counted_symbol());
        Shape::with_added_key(this, atom, flags, None);
    }

    /// [`Shape::with_added`] for any key: `sym` is the cell of `atom` when
    /// it is a counted symbol, which the shape then holds.
    pub(crate) fn with_added_key(this: &mut Rc<Shape>, atom: Atom, flags: u8, sym: Option<Sym>) {
        if this.dictionary {
            let s = Rc::make_mut_dict(this);
            let i = s.props.len() as u32;
            s.props.push(ShapeProp { atom, flags });
            s.holds_syms |= sym.is_some();
            s.syms.extend(sym);
            match &mut s.index {
                Some(ix) => {
                    ix.insert(atom, i);
                }
                None if s.props.len() > INDEX_THRESHOLD => s.index = Some(index_of(&s.props)),
                None => {}
            }
            return;
        }
        let existing = this
            .transitions
            .borrow()
            .get(&(atom, flags))
            .and_then(Weak::upgrade);
        if let Some(next) = existing {
            *this = next;
            return;
        }
        let mut props = Vec::with_capacity(this.props.len() + 1);
        props.extend_from_slice(&this.props);
        props.push(ShapeProp { atom, flags });
        let dictionary = props.len() > DICTIONARY_THRESHOLD;
        let mut built = match &this.index {
            // The parent's index plus the new key: a copy of its table
            // costs less than hashing every key again.
            Some(ix) => {
                let mut ix = ix.clone();
                ix.insert(atom, this.props.len() as u32);
                Shape::with_index(props, Some(ix), dictionary)
            }
            None => Shape::build(props, dictionary),
        };
        if !dictionary {
            built.parent = Some(this.clone());
        } else if this.parent.is_some() || !this.syms.is_empty() {
            built.syms = this.all_syms();
        }
        built.syms.extend(sym);
        built.holds_syms = !built.syms.is_empty() || (!dictionary && this.holds_syms);
        let next = Rc::new(built);
        if !dictionary {
            if !next.holds_syms {
                keep_recent(&next);
            }
            // Every ancestor's subtree now holds a shape of this size; the
            // hints grow monotonically towards the root, so stop at the
            // first one that already knows as much.
            let n = next.props.len() as u8;
            let mut a = Some(&next);
            while let Some(s) = a {
                if s.grown.get() >= n {
                    break;
                }
                s.grown.set(n);
                a = s.parent.as_ref();
            }
            let mut t = this.transitions.borrow_mut();
            if t.len() > 32 {
                t.retain(|_, w| w.strong_count() > 0);
            }
            t.insert((atom, flags), Rc::downgrade(&next));
        }
        *this = next;
    }

    /// Makes `this` a dictionary shape owned by the caller (copying if shared).
    pub(crate) fn make_dictionary(this: &mut Rc<Shape>) -> &mut Shape {
        if !this.dictionary || Rc::strong_count(this) != 1 {
            *this = Rc::new(this.copy(true));
        }
        Rc::make_mut_dict(this)
    }

    /// Gives a dictionary shape small enough to be shared back a shape of
    /// its own that is not a dictionary (outside the transition tree, but
    /// immutable like the shapes in it), so that inline caches may key on
    /// it again. Used for prototypes, which rarely change once set up.
    pub(crate) fn undictionary(this: &mut Rc<Shape>) {
        if this.dictionary && this.props.len() <= DICTIONARY_THRESHOLD {
            *this = Rc::new(this.copy(false));
        }
    }

    /// Removes the property at `i` (dictionary shapes only).
    pub(crate) fn remove_at(this: &mut Rc<Shape>, i: usize) {
        let s = Shape::make_dictionary(this);
        let gone = s.props.remove(i);
        if gone.atom.is_counted_symbol()
            && let Some(j) = s.syms.iter().position(|c| c.atom() == gone.atom)
        {
            // Freeing the symbol here runs no script.
            s.syms.swap_remove(j);
        }
        if s.props.len() <= INDEX_THRESHOLD {
            s.index = None;
        } else if let Some(ix) = &mut s.index {
            // The later properties move down one slot.
            ix.remove(&gone.atom);
            for v in ix.values_mut() {
                if *v as usize > i {
                    *v -= 1;
                }
            }
        } else {
            s.reindex();
        }
    }

    /// Changes the flags of the property at `i`.
    pub(crate) fn set_flags(this: &mut Rc<Shape>, i: usize, flags: u8) {
        if this.props[i].flags == flags {
            return;
        }
        let s = Shape::make_dictionary(this);
        s.props[i].flags = flags;
    }

    fn reindex(&mut self) {
        self.index = (self.props.len() > INDEX_THRESHOLD).then(|| index_of(&self.props));
    }
}

/// A hash index of `props`: each key to its slot.
fn index_of(props: &[ShapeProp]) -> HashMap<Atom, u32> {
    props
        .iter()
        .enumerate()
        .map(|(i, p)| (p.atom, i as u32))
        .collect()
}

/// How many of the most recently created shared shapes are kept alive
/// besides their users.
const RECENT: usize = 64;

thread_local! {
    /// The most recently created shared shapes (a ring). The transition
    /// tree holds its children weakly, so without this the shapes of a
    /// loop's short-lived objects built by a path without an inline cache
    /// (computed keys, spreads, `Object.assign`, JSON) would be freed with
    /// each object and rebuilt for the next one. Shapes that hold symbol
    /// cells never enter it, so it holds no heap references; a runtime
    /// still empties it when dropped (`forget_recent_shapes`), so a
    /// dropped runtime's shapes do not linger.
    static RECENT_SHAPES: RefCell<(usize, Vec<Rc<Shape>>)> = const { RefCell::new((0, Vec::new())) };
}

/// Drops the recently created shapes kept alive (called when a runtime is
/// dropped; other runtimes on the thread only lose the cache).
pub(crate) fn forget_recent_shapes() {
    // The ring may already be gone when a runtime kept in a thread-local
    // drops at thread exit; it held no heap references then.
    let ring = RECENT_SHAPES
        .try_with(|r| {
            r.try_borrow_mut()
                .map(|mut r| {
                    r.0 = 0;
                    std::mem::take(&mut r.1)
                })
                .unwrap_or_default()
        })
        .unwrap_or_default();
    drop(ring);
}

fn keep_recent(s: &Rc<Shape>) {
    let evicted = RECENT_SHAPES.try_with(|r| {
        let Ok(mut r) = r.try_borrow_mut() else {
            return None;
        };
        let (next, ring) = &mut *r;
        if ring.len() < RECENT {
            ring.push(s.clone());
            return None;
        }
        let i = *next;
        *next = (i + 1) % RECENT;
        Some(std::mem::replace(&mut ring[i], s.clone()))
    });
    // Dropped outside the borrow: freeing a shape may free its ancestors.
    drop(evicted);
}

/// Mutable access to a dictionary shape the caller owns alone.
trait MakeMutDict {
    fn make_mut_dict(this: &mut Self) -> &mut Shape;
}

impl MakeMutDict for Rc<Shape> {
    fn make_mut_dict(this: &mut Self) -> &mut Shape {
        if Rc::get_mut(this).is_none() {
            *this = Rc::new(this.copy(true));
        }
        match Rc::get_mut(this) {
            Some(s) => s,
            None => unreachable!("a freshly created Rc is unique"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_are_shared() {
        let root = Shape::root();
        let mut a = root.clone();
        Shape::with_added(&mut a, Atom(100), flags::DEFAULT);
        Shape::with_added(&mut a, Atom(101), flags::DEFAULT);
        let mut b = root.clone();
        Shape::with_added(&mut b, Atom(100), flags::DEFAULT);
        Shape::with_added(&mut b, Atom(101), flags::DEFAULT);
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(a.find(Atom(101)), Some(1));
        let mut c = root.clone();
        Shape::with_added(&mut c, Atom(101), flags::DEFAULT);
        assert!(!Rc::ptr_eq(&a, &c));
    }

    #[test]
    fn dictionary_mode() {
        let mut s = Shape::root();
        for i in 0..100 {
            Shape::with_added(&mut s, Atom(1000 + i), flags::DEFAULT);
        }
        assert!(s.dictionary);
        assert_eq!(s.find(Atom(1050)), Some(50));
        Shape::remove_at(&mut s, 10);
        assert_eq!(s.find(Atom(1050)), Some(49));
        assert_eq!(s.find(Atom(1010)), None);
    }
}
