//! Immutable JavaScript strings: Latin-1 (8-bit) or UTF-16 (16-bit) code
//! units, chosen per string, with O(1) random access.
//!
//! Concatenation of long strings builds a rope node instead of copying; the
//! rope is flattened (iteratively, once) the first time its contents are
//! read, so building a string by repeated `+=` is linear.

use std::cell::{Cell, OnceCell};
use std::fmt;

use crate::gc::{CellKind, Gc, Heap, Trace, Tracer};

/// Flat contents of a string.
pub(crate) enum Flat {
    Latin1(Box<[u8]>),
    Utf16(Box<[u16]>),
    /// Up to [`SHORT_LEN`] Latin-1 units kept in the cell itself (numbers
    /// turned into strings, keys, single characters): no second allocation.
    Short(u8, [u8; SHORT_LEN]),
}

/// The longest Latin-1 string stored inline; the inline form then takes
/// no more room than the boxed ones.
pub(crate) const SHORT_LEN: usize = 22;

const _: () = assert!(std::mem::size_of::<Flat>() == 24);

impl Flat {
    #[inline]
    fn units(&self) -> Units<'_> {
        match self {
            Flat::Latin1(b) => Units::Latin1(b),
            Flat::Utf16(w) => Units::Utf16(w),
            Flat::Short(n, b) => Units::Latin1(&b[..*n as usize]),
        }
    }
}

/// A borrowed view of a flat string's units.
#[derive(Clone, Copy)]
pub(crate) enum Units<'a> {
    Latin1(&'a [u8]),
    Utf16(&'a [u16]),
}

impl<'a> Units<'a> {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        match self {
            Units::Latin1(s) => s.len(),
            Units::Utf16(s) => s.len(),
        }
    }
    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
    #[inline]
    pub(crate) fn at(&self, i: usize) -> u16 {
        match self {
            Units::Latin1(s) => s[i] as u16,
            Units::Utf16(s) => s[i],
        }
    }
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<u16> {
        match self {
            Units::Latin1(s) => s.get(i).map(|&b| b as u16),
            Units::Utf16(s) => s.get(i).copied(),
        }
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        let this = *self;
        (0..this.len()).map(move |i| this.at(i))
    }
    pub(crate) fn slice(&self, start: usize, end: usize) -> Units<'a> {
        match *self {
            Units::Latin1(s) => Units::Latin1(&s[start..end]),
            Units::Utf16(s) => Units::Utf16(&s[start..end]),
        }
    }
    /// Converts to a Rust string, replacing lone surrogates with U+FFFD.
    pub(crate) fn to_rust_string(self) -> String {
        match self {
            Units::Latin1(s) => s.iter().map(|&b| b as char).collect(),
            Units::Utf16(s) => String::from_utf16_lossy(s),
        }
    }
    pub(crate) fn eq_units(&self, other: &Units) -> bool {
        match (self, other) {
            (Units::Latin1(a), Units::Latin1(b)) => a == b,
            (Units::Utf16(a), Units::Utf16(b)) => a == b,
            _ => self.len() == other.len() && self.iter().eq(other.iter()),
        }
    }
    pub(crate) fn cmp_units(&self, other: &Units) -> std::cmp::Ordering {
        match (self, other) {
            (Units::Latin1(a), Units::Latin1(b)) => a.cmp(b),
            _ => self.iter().cmp(other.iter()),
        }
    }
    /// FNV-1a over the code units; the same for both widths.
    pub(crate) fn hash(&self) -> u32 {
        let mut h: u32 = 0x811c_9dc5;
        for u in self.iter() {
            h = (h ^ u as u32).wrapping_mul(0x0100_0193);
        }
        h
    }
}

/// The payload of a string cell.
///
/// Invariant: exactly one of `flat` (set) and `rope` (Some) describes the
/// contents; `flat` is set at most once and then never changes, so
/// references into it stay valid for the life of the cell.
pub(crate) struct StrCell {
    len: u32,
    wide: bool,
    flat: OnceCell<Flat>,
    rope: Cell<Option<Box<(JsString, JsString)>>>,
    /// Cached atom index + 1 (0 = none).
    atom: Cell<u32>,
    /// The character data was reported to the heap at creation.
    accounted: bool,
}

impl Trace for StrCell {
    const KIND: CellKind = CellKind::String;
    const COLLECTABLE: bool = false;
    fn trace(&self, _: &mut Tracer) {}
    fn clear(&self) {}
    fn extra_bytes(&self) -> usize {
        // Rope nodes own no character data; the buffer of a rope flattened
        // later is not counted (the heap is not reachable from there).
        if self.accounted {
            self.len as usize * if self.wide { 2 } else { 1 }
        } else {
            0
        }
    }
}

/// A reference-counted JavaScript string.
#[derive(Clone)]
pub(crate) struct JsString(Gc<StrCell>);

/// Maximum string length (as in other engines, 2^30 - 1 units).
pub(crate) const MAX_STRING_LEN: usize = (1 << 30) - 1;

/// Strings shorter than this are concatenated by copying.
const ROPE_MIN_LEN: usize = 256;

impl JsString {
    pub(crate) fn from_latin1(heap: &Heap, bytes: Box<[u8]>) -> JsString {
        let len = bytes.len() as u32;
        heap.add_extra(bytes.len());
        JsString(heap.alloc(StrCell {
            len,
            wide: false,
            flat: OnceCell::from(Flat::Latin1(bytes)),
            rope: Cell::new(None),
            atom: Cell::new(0),
            accounted: true,
        }))
    }

    /// A Latin-1 string copied from `bytes`, kept inline when short.
    pub(crate) fn from_latin1_slice(heap: &Heap, bytes: &[u8]) -> JsString {
        if bytes.len() > SHORT_LEN {
            return Self::from_latin1(heap, bytes.into());
        }
        let mut b = [0u8; SHORT_LEN];
        b[..bytes.len()].copy_from_slice(bytes);
        JsString(heap.alloc(StrCell {
            len: bytes.len() as u32,
            wide: false,
            flat: OnceCell::from(Flat::Short(bytes.len() as u8, b)),
            rope: Cell::new(None),
            atom: Cell::new(0),
            // The units live in the cell: no extra bytes.
            accounted: false,
        }))
    }

    /// Makes a string from UTF-16 units, narrowing to Latin-1 when possible.
    pub(crate) fn from_utf16(heap: &Heap, units: Vec<u16>) -> JsString {
        if units.iter().all(|&u| u < 256) {
            if units.len() <= SHORT_LEN {
                let mut b = [0u8; SHORT_LEN];
                for (d, &u) in b.iter_mut().zip(&units) {
                    *d = u as u8;
                }
                return Self::from_latin1_slice(heap, &b[..units.len()]);
            }
            return Self::from_latin1(heap, units.iter().map(|&u| u as u8).collect());
        }
        let len = units.len() as u32;
        heap.add_extra(units.len() * 2);
        JsString(heap.alloc(StrCell {
            len,
            wide: true,
            flat: OnceCell::from(Flat::Utf16(units.into_boxed_slice())),
            rope: Cell::new(None),
            atom: Cell::new(0),
            accounted: true,
        }))
    }

    pub(crate) fn from_str(heap: &Heap, s: &str) -> JsString {
        if s.is_ascii() {
            return Self::from_latin1_slice(heap, s.as_bytes());
        }
        Self::from_utf16(heap, s.encode_utf16().collect())
    }

    pub(crate) fn from_units(heap: &Heap, u: Units) -> JsString {
        match u {
            Units::Latin1(b) => Self::from_latin1_slice(heap, b),
            Units::Utf16(w) => Self::from_utf16(heap, w.to_vec()),
        }
    }

    /// Length in UTF-16 code units.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.0.len as usize
    }

    #[inline]
    pub(crate) fn is_empty(&self) -> bool {
        self.0.len == 0
    }

    /// The contents, flattening a rope on first use.
    #[inline]
    pub(crate) fn units(&self) -> Units<'_> {
        let flat = match self.0.flat.get() {
            Some(f) => f,
            None => self.flatten(),
        };
        flat.units()
    }

    #[cold]
    fn flatten(&self) -> &Flat {
        let cell = &*self.0;
        let parts = cell.rope.take();
        let flat = if cell.wide {
            let mut out: Vec<u16> = Vec::with_capacity(cell.len as usize);
            if let Some(p) = &parts {
                collect_rope(&p.0, &p.1, &mut |u: Units| match u {
                    Units::Latin1(b) => out.extend(b.iter().map(|&x| x as u16)),
                    Units::Utf16(w) => out.extend_from_slice(w),
                });
            }
            Flat::Utf16(out.into_boxed_slice())
        } else {
            let mut out: Vec<u8> = Vec::with_capacity(cell.len as usize);
            if let Some(p) = &parts {
                collect_rope(&p.0, &p.1, &mut |u: Units| {
                    if let Units::Latin1(b) = u {
                        out.extend_from_slice(b)
                    }
                });
            }
            Flat::Latin1(out.into_boxed_slice())
        };
        drop(parts);
        let _ = cell.flat.set(flat);
        match cell.flat.get() {
            Some(f) => f,
            None => unreachable!("flat was just set"),
        }
    }

    /// Concatenation: copies short results, builds a rope for long ones.
    pub(crate) fn concat(heap: &Heap, a: &JsString, b: &JsString) -> Option<JsString> {
        if a.is_empty() {
            return Some(b.clone());
        }
        if b.is_empty() {
            return Some(a.clone());
        }
        let len = a.len() + b.len();
        if len > MAX_STRING_LEN {
            return None;
        }
        let wide = a.0.wide || b.0.wide;
        if len < ROPE_MIN_LEN {
            let (ua, ub) = (a.units(), b.units());
            return Some(if wide {
                let mut v = Vec::with_capacity(len);
                v.extend(ua.iter());
                v.extend(ub.iter());
                heap.add_extra(len * 2);
                JsString(heap.alloc(StrCell {
                    len: len as u32,
                    wide: true,
                    flat: OnceCell::from(Flat::Utf16(v.into_boxed_slice())),
                    rope: Cell::new(None),
                    atom: Cell::new(0),
                    accounted: true,
                }))
            } else if len <= SHORT_LEN {
                let mut b = [0u8; SHORT_LEN];
                if let (Units::Latin1(x), Units::Latin1(y)) = (ua, ub) {
                    b[..x.len()].copy_from_slice(x);
                    b[x.len()..len].copy_from_slice(y);
                }
                JsString::from_latin1_slice(heap, &b[..len])
            } else {
                let mut v = Vec::with_capacity(len);
                if let (Units::Latin1(x), Units::Latin1(y)) = (ua, ub) {
                    v.extend_from_slice(x);
                    v.extend_from_slice(y);
                }
                JsString::from_latin1(heap, v.into_boxed_slice())
            });
        }
        Some(JsString(heap.alloc(StrCell {
            len: len as u32,
            wide,
            flat: OnceCell::new(),
            rope: Cell::new(Some(Box::new((a.clone(), b.clone())))),
            atom: Cell::new(0),
            accounted: false,
        })))
    }

    pub(crate) fn to_rust_string(&self) -> String {
        self.units().to_rust_string()
    }

    #[inline]
    pub(crate) fn ptr_eq(a: &JsString, b: &JsString) -> bool {
        Gc::ptr_eq(&a.0, &b.0)
    }

    pub(crate) fn eq(&self, other: &JsString) -> bool {
        Self::ptr_eq(self, other)
            || (self.len() == other.len() && self.units().eq_units(&other.units()))
    }

    pub(crate) fn cached_atom(&self) -> Option<u32> {
        self.0.atom.get().checked_sub(1)
    }

    pub(crate) fn set_cached_atom(&self, a: u32) {
        self.0.atom.set(a + 1);
    }

    #[cfg(test)]
    pub(crate) fn is_wide(&self) -> bool {
        self.0.wide
    }
}

/// Visits the leaves of a rope left to right, using an explicit stack.
fn collect_rope(a: &JsString, b: &JsString, out: &mut dyn FnMut(Units)) {
    let mut stack: Vec<JsString> = vec![b.clone(), a.clone()];
    while let Some(s) = stack.pop() {
        if let Some(f) = s.0.flat.get() {
            out(f.units());
            continue;
        }
        let parts = s.0.rope.take();
        if let Some(p) = &parts {
            stack.push(p.1.clone());
            stack.push(p.0.clone());
        }
        s.0.rope.set(parts);
    }
}

impl fmt::Debug for JsString {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_rust_string())
    }
}

/// Builds a string unit by unit, staying 8-bit until a wide unit appears.
#[derive(Default)]
pub(crate) struct StringBuilder {
    latin1: Vec<u8>,
    wide: Option<Vec<u16>>,
}

impl StringBuilder {
    pub(crate) fn new() -> Self {
        Self::default()
    }
    pub(crate) fn with_capacity(n: usize) -> Self {
        StringBuilder {
            latin1: Vec::with_capacity(n),
            wide: None,
        }
    }
    pub(crate) fn len(&self) -> usize {
        match &self.wide {
            Some(w) => w.len(),
            None => self.latin1.len(),
        }
    }
    pub(crate) fn truncate(&mut self, n: usize) {
        match &mut self.wide {
            Some(w) => w.truncate(n),
            None => self.latin1.truncate(n),
        }
    }
    #[inline]
    pub(crate) fn push(&mut self, u: u16) {
        match &mut self.wide {
            Some(w) => w.push(u),
            None if u < 256 => self.latin1.push(u as u8),
            None => {
                let mut w: Vec<u16> = self.latin1.iter().map(|&b| b as u16).collect();
                w.push(u);
                self.wide = Some(w);
            }
        }
    }
    pub(crate) fn push_code_point(&mut self, c: u32) {
        if c < 0x10000 {
            self.push(c as u16);
        } else {
            let c = c - 0x10000;
            self.push(0xD800 + (c >> 10) as u16);
            self.push(0xDC00 + (c & 0x3FF) as u16);
        }
    }
    pub(crate) fn push_str(&mut self, s: &str) {
        if self.wide.is_none() && s.is_ascii() {
            self.latin1.extend_from_slice(s.as_bytes());
        } else {
            for u in s.encode_utf16() {
                self.push(u);
            }
        }
    }
    pub(crate) fn push_units(&mut self, u: Units) {
        match (u, &mut self.wide) {
            (Units::Latin1(b), None) => self.latin1.extend_from_slice(b),
            (Units::Latin1(b), Some(w)) => w.extend(b.iter().map(|&x| x as u16)),
            (Units::Utf16(s), Some(w)) => w.extend_from_slice(s),
            (Units::Utf16(s), None) => {
                for &x in s {
                    self.push(x);
                }
            }
        }
    }
    pub(crate) fn push_js(&mut self, s: &JsString) {
        self.push_units(s.units());
    }
    pub(crate) fn finish(self, heap: &Heap) -> JsString {
        match self.wide {
            Some(w) => JsString::from_utf16(heap, w),
            None => JsString::from_latin1(heap, self.latin1.into_boxed_slice()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_and_concat() {
        let heap = Heap::new();
        let a = JsString::from_str(&heap, "abc");
        assert!(!a.is_wide());
        let b = JsString::from_str(&heap, "é€");
        assert!(b.is_wide());
        let c = JsString::concat(&heap, &a, &b).unwrap();
        assert_eq!(c.to_rust_string(), "abcé€");
        assert_eq!(c.len(), 5);
    }

    #[test]
    fn long_rope_flattens_in_order() {
        let heap = Heap::new();
        let piece = JsString::from_str(&heap, &"x".repeat(300));
        let mut s = JsString::from_str(&heap, "");
        for i in 0..2000 {
            s = JsString::concat(&heap, &s, &piece).unwrap();
            if i == 1000 {
                let w = JsString::from_str(&heap, "\u{3b1}");
                s = JsString::concat(&heap, &s, &w).unwrap();
            }
        }
        assert_eq!(s.len(), 2000 * 300 + 1);
        let u = s.units();
        assert_eq!(u.at(0), b'x' as u16);
        assert_eq!(u.at(1001 * 300), 0x3b1);
        drop(s);
        drop(piece);
        assert_eq!(heap.live_cells(), 0);
    }

    #[test]
    fn builder_switches_width() {
        let heap = Heap::new();
        let mut b = StringBuilder::new();
        b.push_str("ab");
        b.push_code_point(0x1F600);
        let s = b.finish(&heap);
        assert_eq!(s.len(), 4);
        assert_eq!(s.to_rust_string(), "ab\u{1F600}");
    }
}
