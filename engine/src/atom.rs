//! Atoms: interned property keys and identifiers.
//!
//! An [`Atom`] is a 32-bit handle. Array indices below 2^31 are immediate
//! integer atoms (bit 31 set) and never touch the table; everything else
//! (strings, symbols, private names) is an index into the runtime's
//! [`AtomTable`]. The well-known atoms (keywords first, then common names,
//! then the well-known symbols) are a compile-time table, so the compiler and
//! the built-ins refer to them as constants such as [`Atom::LENGTH`].

use std::cell::RefCell;

use hashbrown::HashTable;

use crate::gc::Heap;
use crate::string::{JsString, Units};

/// An interned property key.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub(crate) struct Atom(pub(crate) u32);

const INT_BIT: u32 = 1 << 31;

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

struct Entry {
    kind: AtomKind,
    text: JsString,
    hash: u32,
    /// A symbol of the GlobalSymbolRegistry (`Symbol.for`); its key is `text`.
    registered: bool,
}

/// The runtime's atom table.
///
/// Atoms are never freed during the runtime's life (a known limitation:
/// programs that create unbounded numbers of distinct keys or symbols grow the
/// table).
pub(crate) struct AtomTable {
    entries: RefCell<Vec<Entry>>,
    /// Indices of string atoms, hashed by their text.
    by_text: RefCell<HashTable<u32>>,
    /// The GlobalSymbolRegistry (§20.4.2.2): symbols by key.
    registry: RefCell<HashTable<u32>>,
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
        }
    }

    /// Registers the well-known atoms.
    pub(crate) fn init(&self, heap: &Heap) {
        for (i, s) in WELL_KNOWN.iter().enumerate() {
            let text = JsString::from_str(heap, s);
            if i >= Atom::PRIV_FIELDS.0 as usize {
                self.push(AtomKind::Private, text);
            } else if i >= Atom::SYM_ASYNC_ITERATOR.0 as usize {
                self.push(AtomKind::Symbol, text);
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
        });
        Atom(id)
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

    /// Creates a new symbol atom.
    pub(crate) fn new_symbol(&self, description: Option<JsString>, heap: &Heap) -> Atom {
        match description {
            Some(d) => self.push(AtomKind::Symbol, d),
            None => self.push(AtomKind::SymbolNoDescription, JsString::from_str(heap, "")),
        }
    }

    /// `Symbol.for(key)` (§20.4.2.2): the registered symbol for `key`, created
    /// on first use.
    pub(crate) fn symbol_for(&self, key: &JsString) -> Atom {
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
        if let Some(i) = found {
            return Atom(i);
        }
        let a = self.push(AtomKind::Symbol, key.clone());
        let mut entries = self.entries.borrow_mut();
        entries[a.0 as usize].registered = true;
        self.registry
            .borrow_mut()
            .insert_unique(hash as u64, a.0, |&i| entries[i as usize].hash as u64);
        a
    }

    /// Whether `a` is a symbol of the GlobalSymbolRegistry (`Symbol.keyFor`
    /// gives its key, its description).
    pub(crate) fn is_registered_symbol(&self, a: Atom) -> bool {
        !a.is_index() && self.entries.borrow()[a.0 as usize].registered
    }

    /// A new Private Name described by `#name`.
    pub(crate) fn new_private(&self, description: JsString) -> Atom {
        self.push(AtomKind::Private, description)
    }

    #[inline]
    pub(crate) fn is_private(&self, a: Atom) -> bool {
        !a.is_index() && self.kind(a) == AtomKind::Private
    }

    pub(crate) fn kind(&self, a: Atom) -> AtomKind {
        if a.is_index() {
            return AtomKind::String;
        }
        self.entries.borrow()[a.0 as usize].kind
    }

    pub(crate) fn is_symbol(&self, a: Atom) -> bool {
        matches!(
            self.kind(a),
            AtomKind::Symbol | AtomKind::SymbolNoDescription | AtomKind::Private
        )
    }

    /// The text of a string atom, or the description of a symbol.
    pub(crate) fn text(&self, heap: &Heap, a: Atom) -> JsString {
        match a.index() {
            Some(i) => JsString::from_str(heap, &i.to_string()),
            None => self.entries.borrow()[a.0 as usize].text.clone(),
        }
    }

    /// The text as a Rust string (for messages and debugging).
    pub(crate) fn to_rust_string(&self, a: Atom) -> String {
        match a.index() {
            Some(i) => i.to_string(),
            None => self.entries.borrow()[a.0 as usize].text.to_rust_string(),
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
