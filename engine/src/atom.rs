//! Atoms: interned property keys and identifiers.
//!
//! An [`Atom`] is a 32-bit handle. Array indices below 2^31 are immediate
//! integer atoms (bit 31 set) and never touch the table; everything else
//! (strings, symbols, private names) is an index into the runtime's
//! [`AtomTable`]. The well-known atoms (keywords first, then common names,
//! then the well-known symbols) are a compile-time table, so the compiler and
//! the built-ins refer to them as constants such as [`Atom::LENGTH`].

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use hashbrown::HashTable;

use crate::gc::{CellKind, Gc, Heap, Trace, Tracer, WeakGc};
use crate::string::{JsString, Units};

/// An interned property key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct Atom(pub(crate) u32);

const INT_BIT: u32 = 1 << 31;
/// Set on the atoms of counted symbols (see [`SymbolCell`]), which are
/// freed with their last reference; the other bits are the table slot.
const SYM_BIT: u32 = 1 << 30;

macro_rules! define_atoms {
    ($( $id:ident = $s:literal ),* $(,)?) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
        #[repr(u32)]
        enum WellKnown { $($id),* }
        #[allow(dead_code)]
        impl Atom {
            $( pub(crate) const $id: Atom = Atom(WellKnown::$id as u32); )*
        }
        /// The text of each well-known atom, in atom order.
        const WELL_KNOWN: &[&str] = &[$($s),*];
    };
}

define_atoms! {
    // Reserved words; the parser relies on this block coming first.
    NULL = "null", FALSE = "false", TRUE = "true", IF = "if", ELSE = "else",
    RETURN = "return", VAR = "var", THIS = "this", DELETE = "delete", VOID = "void",
    TYPEOF = "typeof", NEW = "new", IN = "in", INSTANCEOF = "instanceof", DO = "do",
    WHILE = "while", FOR = "for", BREAK = "break", CONTINUE = "continue",
    SWITCH = "switch", CASE = "case", DEFAULT = "default", THROW = "throw", TRY = "try",
    CATCH = "catch", FINALLY = "finally", FUNCTION = "function", DEBUGGER = "debugger",
    WITH = "with", CLASS = "class", CONST = "const", ENUM = "enum", EXPORT = "export",
    EXTENDS = "extends", IMPORT = "import", SUPER = "super",
    // Reserved in strict mode only.
    IMPLEMENTS = "implements", INTERFACE = "interface", LET = "let", PACKAGE = "package",
    PRIVATE = "private", PROTECTED = "protected", PUBLIC = "public", STATIC = "static",
    YIELD = "yield",
    // Contextual keywords and common names.
    AWAIT = "await", EMPTY = "", LENGTH = "length", PROTOTYPE = "prototype",
    CONSTRUCTOR = "constructor", NAME = "name", MESSAGE = "message", STACK = "stack",
    CAUSE = "cause", TO_STRING = "toString", VALUE_OF = "valueOf", TO_LOCALE_STRING = "toLocaleString",
    GET = "get", SET = "set", OF = "of", ASYNC = "async", ARGUMENTS = "arguments", EVAL = "eval",
    UNDEFINED = "undefined", NAN = "NaN", INFINITY = "Infinity", PROTO = "__proto__",
    VALUE = "value", WRITABLE = "writable", ENUMERABLE = "enumerable",
    CONFIGURABLE = "configurable", CALLEE = "callee", CALLER = "caller", TO_JSON = "toJSON",
    TARGET = "target", META = "meta", AS = "as", FROM = "from", USE_STRICT = "use strict",
    NEW_TARGET = "new.target", NUMBER = "number", STRING = "string", BOOLEAN = "boolean",
    OBJECT = "object", SYMBOL = "symbol", BIGINT = "bigint", FUNCTION_LC = "function ",
    ANONYMOUS = "anonymous", DONE = "done", NEXT = "next", INDEX = "index", INPUT = "input",
    GROUPS = "groups", JOIN = "join", ERRORS = "errors", GLOBAL_THIS = "globalThis",
    LAST_INDEX = "lastIndex", SOURCE = "source", FLAGS = "flags", RAW = "raw",
    THEN = "then", RESOLVE = "resolve",
    // Proxy traps.
    GET_PROTOTYPE_OF = "getPrototypeOf", SET_PROTOTYPE_OF = "setPrototypeOf",
    IS_EXTENSIBLE = "isExtensible", PREVENT_EXTENSIONS = "preventExtensions",
    GET_OWN_PROPERTY_DESCRIPTOR = "getOwnPropertyDescriptor", DEFINE_PROPERTY = "defineProperty",
    HAS = "has", DELETE_PROPERTY = "deleteProperty", OWN_KEYS = "ownKeys", APPLY = "apply",
    CONSTRUCT = "construct", PROXY = "proxy", REVOKE = "revoke",
    // Hidden names the compiler gives to implicit bindings of methods and
    // class constructors (never valid identifiers).
    HOME_OBJECT = "<home>", ACTIVE_FUNC = "<active>",
    // Well-known symbols (their text is the description).
    SYM_ASYNC_ITERATOR = "Symbol.asyncIterator", SYM_HAS_INSTANCE = "Symbol.hasInstance",
    SYM_IS_CONCAT_SPREADABLE = "Symbol.isConcatSpreadable", SYM_ITERATOR = "Symbol.iterator",
    SYM_MATCH = "Symbol.match", SYM_MATCH_ALL = "Symbol.matchAll", SYM_REPLACE = "Symbol.replace",
    SYM_SEARCH = "Symbol.search", SYM_SPECIES = "Symbol.species", SYM_SPLIT = "Symbol.split",
    SYM_TO_PRIMITIVE = "Symbol.toPrimitive", SYM_TO_STRING_TAG = "Symbol.toStringTag",
    SYM_UNSCOPABLES = "Symbol.unscopables", SYM_DISPOSE = "Symbol.dispose",
    SYM_ASYNC_DISPOSE = "Symbol.asyncDispose",
    // Private names (never own keys, see `AtomKind::Private`).
    PRIV_FIELDS = "<fields>",
    // An error's stack trace (read by `Error.prototype.stack`).
    PRIV_STACK = "<stack>",
    // The brand of `JSON.rawJSON` objects (`[[IsRawJSON]]`).
    PRIV_RAW_JSON = "<rawJSON>",
}

impl Atom {
    /// The integer atom for an array index, if `i` fits.
    #[inline]
    pub(crate) fn from_index(i: u32) -> Option<Atom> {
        (i < INT_BIT).then_some(Atom(i | INT_BIT))
    }

    /// The array index this atom stands for, if it is an integer atom.
    #[inline]
    pub(crate) fn index(self) -> Option<u32> {
        (self.0 & INT_BIT != 0).then_some(self.0 & !INT_BIT)
    }

    #[inline]
    pub(crate) fn is_index(self) -> bool {
        self.0 & INT_BIT != 0
    }

    /// Whether this is the atom of a counted symbol (one that is freed
    /// when unreachable): whoever keeps it as a key must hold its cell.
    #[inline]
    pub(crate) fn is_counted_symbol(self) -> bool {
        self.0 & (INT_BIT | SYM_BIT) == SYM_BIT
    }

    /// The table slot of a non-integer atom.
    #[inline]
    fn slot(self) -> usize {
        (self.0 & !SYM_BIT) as usize
    }

    /// Whether this is a reserved word in every mode.
    pub(crate) fn is_reserved_word(self) -> bool {
        self.0 <= Atom::SUPER.0
    }

    /// Whether this is a reserved word in strict mode code.
    pub(crate) fn is_strict_reserved_word(self) -> bool {
        self.0 <= Atom::YIELD.0
    }
}

/// What an atom in the table stands for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum AtomKind {
    String,
    /// A symbol; the entry's string is its description.
    Symbol,
    /// A symbol without description (`Symbol()`).
    SymbolNoDescription,
    /// A Private Name (§6.2.12): a symbol-like key that only the private
    /// member instructions use. It is never an own key (`own_keys` skips
    /// it) and lookups by it never walk the prototype chain.
    Private,
}

/// The heap cell of a symbol value: `Value::Symbol` holds a counted
/// reference to it, and its atom is the symbol's identity as a property key.
///
/// Every symbol atom has exactly one cell. The cells of permanent symbols
/// (well-known, registered with `Symbol.for`, private names) are held by
/// the atom table for the runtime's life. The cells of other symbols
/// (`Symbol()`, counted symbols, whose atoms carry [`SYM_BIT`]) are held
/// only by values and by the shapes that have them as keys; the table keeps
/// a weak pointer, and when the last reference goes the cell's drop queues
/// the atom's slot for reuse. Weak tables key symbols by cell identity.
pub(crate) struct SymbolCell {
    atom: Atom,
    /// The table's queue of freed counted-symbol slots (counted symbols only).
    freed: Option<Rc<RefCell<Vec<u32>>>>,
}

impl SymbolCell {
    #[inline]
    pub(crate) fn atom(&self) -> Atom {
        self.atom
    }
}

impl Trace for SymbolCell {
    const KIND: CellKind = CellKind::Symbol;
    // A symbol refers to no cell, but it takes part in cycle collection so
    // that it can be an ephemeron key: the collector decides whether it is
    // reachable like an object key.
    const COLLECTABLE: bool = true;
    fn trace(&self, _: &mut Tracer) {}
    fn clear(&self) {}
}

impl Drop for SymbolCell {
    fn drop(&mut self) {
        if let Some(q) = &self.freed
            && let Ok(mut q) = q.try_borrow_mut()
        {
            q.push(self.atom.0);
        }
    }
}

/// A counted reference to a symbol (the payload of `Value::Symbol`).
pub(crate) type Sym = Gc<SymbolCell>;

/// How the table reaches the cell of a symbol atom.
enum SymLink {
    /// Not a symbol (a string atom, or a freed slot).
    None,
    /// A permanent symbol: the table owns a reference.
    Strong(Sym),
    /// A counted symbol, live while its cell is.
    Weak(WeakGc<SymbolCell>),
}

struct Entry {
    kind: AtomKind,
    text: JsString,
    hash: u32,
    /// A symbol of the GlobalSymbolRegistry (`Symbol.for`); its key is `text`.
    registered: bool,
    cell: SymLink,
}

/// The runtime's atom table.
///
/// String atoms and permanent symbols (well-known, registered, private
/// names) live for the runtime's life (programs that create unbounded
/// numbers of distinct string keys grow the table). Counted symbols are
/// freed with their cell (see [`SymbolCell`]) and their slots reused.
pub(crate) struct AtomTable {
    entries: RefCell<Vec<Entry>>,
    /// Indices of string atoms, hashed by their text.
    by_text: RefCell<HashTable<u32>>,
    /// The GlobalSymbolRegistry (§20.4.2.2): symbols by key.
    registry: RefCell<HashTable<u32>>,
    /// Slots of counted symbols whose cell was freed, pushed by the cell's
    /// drop and taken up by [`AtomTable::new_symbol`].
    freed: Rc<RefCell<Vec<u32>>>,
    /// Free slots, reused oldest first.
    free_slots: RefCell<VecDeque<u32>>,
}

/// Parses a canonical array index ("0", "17"; not "01" or "-1").
pub(crate) fn parse_index(u: &Units) -> Option<u32> {
    let n = u.len();
    if n == 0 || n > 10 {
        return None;
    }
    let first = u.at(0);
    if first == b'0' as u16 {
        return (n == 1).then_some(0);
    }
    let mut v: u64 = 0;
    for i in 0..n {
        let c = u.at(i);
        if !(b'0' as u16..=b'9' as u16).contains(&c) {
            return None;
        }
        v = v * 10 + (c - b'0' as u16) as u64;
    }
    (v < INT_BIT as u64).then_some(v as u32)
}

impl AtomTable {
    /// A table without the well-known atoms; call [`AtomTable::init`] before use.
    pub(crate) fn empty() -> AtomTable {
        AtomTable {
            entries: RefCell::new(Vec::new()),
            by_text: RefCell::new(HashTable::new()),
            registry: RefCell::new(HashTable::new()),
            freed: Rc::new(RefCell::new(Vec::new())),
            free_slots: RefCell::new(VecDeque::new()),
        }
    }

    /// Registers the well-known atoms.
    pub(crate) fn init(&self, heap: &Heap) {
        for (i, s) in WELL_KNOWN.iter().enumerate() {
            let text = JsString::from_str(heap, s);
            if i >= Atom::PRIV_FIELDS.0 as usize {
                self.push_permanent(heap, AtomKind::Private, text);
            } else if i >= Atom::SYM_ASYNC_ITERATOR.0 as usize {
                self.push_permanent(heap, AtomKind::Symbol, text);
            } else {
                let a = self.intern_new(text);
                debug_assert_eq!(a.0 as usize, i);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn new(heap: &Heap) -> AtomTable {
        let t = Self::empty();
        t.init(heap);
        t
    }

    fn push(&self, kind: AtomKind, text: JsString) -> Atom {
        let mut e = self.entries.borrow_mut();
        let id = e.len() as u32;
        let hash = text.units().hash();
        e.push(Entry {
            kind,
            text,
            hash,
            registered: false,
            cell: SymLink::None,
        });
        Atom(id)
    }

    /// Adds a permanent symbol (or private name) with its cell.
    fn push_permanent(&self, heap: &Heap, kind: AtomKind, text: JsString) -> Atom {
        let a = self.push(kind, text);
        let cell = heap.alloc(SymbolCell {
            atom: a,
            freed: None,
        });
        self.entries.borrow_mut()[a.slot()].cell = SymLink::Strong(cell);
        a
    }

    /// Frees the slots of the counted symbols whose cells were freed.
    fn reclaim(&self) {
        let Ok(mut freed) = self.freed.try_borrow_mut() else {
            return;
        };
        if freed.is_empty() {
            return;
        }
        let mut entries = self.entries.borrow_mut();
        let empty = entries[Atom::EMPTY.slot()].text.clone();
        let mut slots = self.free_slots.borrow_mut();
        // Dropping a description frees at most a string, which never
        // reaches back into the table.
        for a in freed.drain(..) {
            let slot = Atom(a).slot();
            let Some(e) = entries.get_mut(slot) else {
                continue;
            };
            e.kind = AtomKind::String;
            e.hash = 0;
            e.text = empty.clone();
            e.cell = SymLink::None;
            slots.push_back(slot as u32);
        }
    }

    fn intern_new(&self, text: JsString) -> Atom {
        let hash = text.units().hash();
        let a = self.push(AtomKind::String, text);
        let entries = self.entries.borrow();
        self.by_text
            .borrow_mut()
            .insert_unique(hash as u64, a.0, |&i| entries[i as usize].hash as u64);
        a
    }

    fn find(&self, u: &Units, hash: u32) -> Option<Atom> {
        let entries = self.entries.borrow();
        self.by_text
            .borrow()
            .find(hash as u64, |&i| {
                let e = &entries[i as usize];
                e.hash == hash && e.text.units().eq_units(u)
            })
            .map(|&i| Atom(i))
    }

    /// Interns a string (integer atoms for canonical array indices).
    pub(crate) fn intern(&self, heap: &Heap, s: &JsString) -> Atom {
        if let Some(a) = s.cached_atom() {
            return Atom(a);
        }
        let u = s.units();
        if let Some(i) = parse_index(&u) {
            return Atom(i | INT_BIT);
        }
        let hash = u.hash();
        let a = match self.find(&u, hash) {
            Some(a) => a,
            None => {
                let _ = heap;
                self.intern_new(s.clone())
            }
        };
        s.set_cached_atom(a.0);
        a
    }

    /// Interns a Rust string.
    pub(crate) fn intern_str(&self, heap: &Heap, s: &str) -> Atom {
        let tmp = JsString::from_str(heap, s);
        self.intern(heap, &tmp)
    }

    /// Interns UTF-16 or Latin-1 units.
    pub(crate) fn intern_units(&self, heap: &Heap, u: Units) -> Atom {
        if let Some(i) = parse_index(&u) {
            return Atom(i | INT_BIT);
        }
        if let Some(a) = self.find(&u, u.hash()) {
            return a;
        }
        self.intern_new(JsString::from_units(heap, u))
    }

    /// Creates a new counted symbol.
    pub(crate) fn new_symbol(&self, description: Option<JsString>, heap: &Heap) -> Sym {
        self.reclaim();
        let (kind, text) = match description {
            Some(d) => (AtomKind::Symbol, d),
            None => (
                AtomKind::SymbolNoDescription,
                self.entries.borrow()[Atom::EMPTY.slot()].text.clone(),
            ),
        };
        let reuse = self.free_slots.borrow_mut().pop_front();
        let slot = match reuse {
            Some(s) => s,
            None => {
                let a = self.push(kind, text.clone());
                a.0
            }
        };
        let atom = Atom(slot | SYM_BIT);
        let cell = heap.alloc(SymbolCell {
            atom,
            freed: Some(self.freed.clone()),
        });
        let weak = heap.weak_ref(&cell);
        let old = {
            let mut entries = self.entries.borrow_mut();
            let e = &mut entries[slot as usize];
            e.kind = kind;
            e.cell = SymLink::Weak(weak);
            std::mem::replace(&mut e.text, text)
        };
        drop(old);
        cell
    }

    /// The symbol value of a symbol atom (`None` for string atoms and for
    /// counted symbols that are no longer alive).
    pub(crate) fn symbol(&self, heap: &Heap, a: Atom) -> Option<Sym> {
        if a.is_index() {
            return None;
        }
        let entries = self.entries.borrow();
        match &entries.get(a.slot())?.cell {
            SymLink::None => None,
            SymLink::Strong(c) => Some(c.clone()),
            SymLink::Weak(w) if a.is_counted_symbol() => heap.upgrade(w),
            SymLink::Weak(_) => None,
        }
    }

    /// `Symbol.for(key)` (§20.4.2.2): the registered symbol for `key`, created
    /// on first use.
    pub(crate) fn symbol_for(&self, heap: &Heap, key: &JsString) -> Sym {
        let u = key.units();
        let hash = u.hash();
        let found = {
            let entries = self.entries.borrow();
            self.registry
                .borrow()
                .find(hash as u64, |&i| {
                    let e = &entries[i as usize];
                    e.hash == hash && e.text.units().eq_units(&u)
                })
                .copied()
        };
        if let Some(i) = found
            && let SymLink::Strong(c) = &self.entries.borrow()[i as usize].cell
        {
            return c.clone();
        }
        let a = self.push_permanent(heap, AtomKind::Symbol, key.clone());
        let mut entries = self.entries.borrow_mut();
        entries[a.slot()].registered = true;
        self.registry
            .borrow_mut()
            .insert_unique(hash as u64, a.0, |&i| entries[i as usize].hash as u64);
        match &entries[a.slot()].cell {
            SymLink::Strong(c) => c.clone(),
            _ => unreachable!("push_permanent stores the cell"),
        }
    }

    /// Whether `a` is a symbol of the GlobalSymbolRegistry (`Symbol.keyFor`
    /// gives its key, its description).
    pub(crate) fn is_registered_symbol(&self, a: Atom) -> bool {
        !a.is_index() && self.entries.borrow()[a.slot()].registered
    }

    /// A new Private Name described by `#name`.
    pub(crate) fn new_private(&self, heap: &Heap, description: JsString) -> Atom {
        self.push_permanent(heap, AtomKind::Private, description)
    }

    #[inline]
    pub(crate) fn is_private(&self, a: Atom) -> bool {
        !a.is_index() && self.kind(a) == AtomKind::Private
    }

    pub(crate) fn kind(&self, a: Atom) -> AtomKind {
        if a.is_index() {
            return AtomKind::String;
        }
        self.entries.borrow()[a.slot()].kind
    }

    pub(crate) fn is_symbol(&self, a: Atom) -> bool {
        a.is_counted_symbol()
            || matches!(
                self.kind(a),
                AtomKind::Symbol | AtomKind::SymbolNoDescription | AtomKind::Private
            )
    }

    /// The text of a string atom, or the description of a symbol.
    pub(crate) fn text(&self, heap: &Heap, a: Atom) -> JsString {
        match a.index() {
            Some(i) => JsString::from_str(heap, &i.to_string()),
            None => self.entries.borrow()[a.slot()].text.clone(),
        }
    }

    /// The text as a Rust string (for messages and debugging).
    pub(crate) fn to_rust_string(&self, a: Atom) -> String {
        match a.index() {
            Some(i) => i.to_string(),
            None => self.entries.borrow()[a.slot()].text.to_rust_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_and_interning() {
        let heap = Heap::new();
        let t = AtomTable::new(&heap);
        assert_eq!(t.intern_str(&heap, "length"), Atom::LENGTH);
        assert_eq!(t.intern_str(&heap, "if"), Atom::IF);
        assert!(Atom::IF.is_reserved_word());
        assert!(!Atom::LET.is_reserved_word() && Atom::LET.is_strict_reserved_word());
        let a = t.intern_str(&heap, "hello");
        assert_eq!(t.intern_str(&heap, "hello"), a);
        assert_eq!(t.to_rust_string(a), "hello");
        assert!(t.is_symbol(Atom::SYM_ITERATOR));
        assert_eq!(t.to_rust_string(Atom::SYM_ITERATOR), "Symbol.iterator");
    }

    #[test]
    fn counted_symbols_are_freed_and_their_slots_reused() {
        let heap = Heap::new();
        let t = AtomTable::new(&heap);
        let d = JsString::from_str(&heap, "d");
        let s = t.new_symbol(Some(d.clone()), &heap);
        let a = s.atom();
        assert!(a.is_counted_symbol() && t.is_symbol(a) && !a.is_index());
        assert!(!Atom::SYM_ITERATOR.is_counted_symbol());
        assert_eq!(t.to_rust_string(a), "d");
        let again = t.symbol(&heap, a).expect("live");
        assert!(Gc::ptr_eq(&again, &s));
        drop(again);
        drop(s);
        assert!(t.symbol(&heap, a).is_none(), "a freed symbol has no value");
        let s2 = t.new_symbol(None, &heap);
        assert_eq!(s2.atom(), a, "the slot is reused");
        assert_eq!(t.kind(a), AtomKind::SymbolNoDescription);
        let w = t.symbol(&heap, Atom::SYM_ITERATOR).expect("permanent");
        assert_eq!(w.atom(), Atom::SYM_ITERATOR);
        let r = t.symbol_for(&heap, &d);
        assert!(Gc::ptr_eq(&r, &t.symbol_for(&heap, &d)));
        assert!(t.is_registered_symbol(r.atom()) && !r.atom().is_counted_symbol());
        drop((s2, w, r, d));
    }

    #[test]
    fn index_atoms() {
        let heap = Heap::new();
        let t = AtomTable::new(&heap);
        assert_eq!(t.intern_str(&heap, "17").index(), Some(17));
        assert_eq!(t.intern_str(&heap, "017").index(), None);
        assert_eq!(t.intern_str(&heap, "2147483648").index(), None);
        assert_eq!(t.intern_str(&heap, "2147483647").index(), Some(2147483647));
        assert_eq!(t.to_rust_string(Atom::from_index(5).unwrap()), "5");
    }
}
