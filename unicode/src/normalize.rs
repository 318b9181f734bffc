//! Unicode normalization (UAX #15): NFC, NFD, NFKC, NFKD.
//!
//! The crate carries its own tables rather than depending on
//! `unicode-normalization`, whose releases lag behind the Unicode version
//! the rest of this crate (and test262) uses; mixing versions would make
//! `normalize` disagree with the property tables for newly encoded
//! characters. The tables are small: full (already recursive and
//! canonically ordered) decompositions stored as sorted `code point <<
//! 8 | length` keys with offsets into a UTF-16 pool, the
//! Canonical_Combining_Class as a run table, and the primary composites as
//! sorted triples, about 70 KB together (see `tests/sizes.rs`). Hangul syllables are handled
//! algorithmically. Every lookup is a binary search, skipped entirely for
//! the common low code points (nothing below U+00A0 changes under any form,
//! and nothing below U+0300 has a non-zero combining class), and inputs
//! that consist only of such code points are returned without any work.

use crate::properties::run_index;
use crate::tables::normalization::{
    CANONICAL_DECOMPOSITION, CANONICAL_DECOMPOSITION_OFFSETS, CANONICAL_DECOMPOSITION_POOL,
    CCC_RUN_STARTS, CCC_RUN_VALUES, COMPATIBILITY_DECOMPOSITION,
    COMPATIBILITY_DECOMPOSITION_OFFSETS, COMPATIBILITY_DECOMPOSITION_POOL, COMPOSITION_PAIRS,
};
use crate::utf16::{decode_utf16_lossless, encode_utf16};

/// A normalization form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NormalizationForm {
    /// Canonical decomposition followed by canonical composition.
    Nfc,
    /// Canonical decomposition.
    Nfd,
    /// Compatibility decomposition followed by canonical composition.
    Nfkc,
    /// Compatibility decomposition.
    Nfkd,
}

impl NormalizationForm {
    /// Parses `"NFC"`, `"NFD"`, `"NFKC"` or `"NFKD"` (the arguments
    /// `String.prototype.normalize` accepts).
    pub fn from_name(name: &str) -> Option<NormalizationForm> {
        match name {
            "NFC" => Some(NormalizationForm::Nfc),
            "NFD" => Some(NormalizationForm::Nfd),
            "NFKC" => Some(NormalizationForm::Nfkc),
            "NFKD" => Some(NormalizationForm::Nfkd),
            _ => None,
        }
    }

    fn is_compat(self) -> bool {
        matches!(self, NormalizationForm::Nfkc | NormalizationForm::Nfkd)
    }

    fn composes(self) -> bool {
        matches!(self, NormalizationForm::Nfc | NormalizationForm::Nfkc)
    }

    /// Code points below this bound are unchanged by the form whatever
    /// surrounds them.
    fn stable_below(self) -> u32 {
        match self {
            NormalizationForm::Nfc => 0x300,
            NormalizationForm::Nfd => 0xC0,
            NormalizationForm::Nfkc | NormalizationForm::Nfkd => 0xA0,
        }
    }
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The Canonical_Combining_Class of `c`.
///
/// ```
/// assert_eq!(unicode::canonical_combining_class(0x0301), 230);
/// assert_eq!(unicode::canonical_combining_class('a' as u32), 0);
/// ```
#[inline]
pub fn canonical_combining_class(c: u32) -> u8 {
    if !(0x300..=0x10FFFF).contains(&c) {
        return 0;
    }
    CCC_RUN_VALUES[run_index(&CCC_RUN_STARTS, c)]
}

/// A decomposition table: sorted keys (`code point << 8 | length`), pool
/// offsets, and the UTF-16 pool.
type DecompositionTable = (&'static [u32], &'static [u16], &'static [u16]);

const CANONICAL: DecompositionTable = (
    &CANONICAL_DECOMPOSITION,
    &CANONICAL_DECOMPOSITION_OFFSETS,
    &CANONICAL_DECOMPOSITION_POOL,
);
const COMPATIBILITY: DecompositionTable = (
    &COMPATIBILITY_DECOMPOSITION,
    &COMPATIBILITY_DECOMPOSITION_OFFSETS,
    &COMPATIBILITY_DECOMPOSITION_POOL,
);

/// The decomposition of `c` in `table`, as UTF-16.
fn table_decomposition(table: DecompositionTable, c: u32) -> Option<&'static [u16]> {
    let (keys, offsets, pool) = table;
    let i = keys.binary_search_by_key(&c, |&k| k >> 8).ok()?;
    let off = offsets[i] as usize;
    Some(&pool[off..off + (keys[i] & 0xFF) as usize])
}

/// Appends the code points of well-formed UTF-16 to `out`.
fn push_utf16(units: &[u16], out: &mut Vec<u32>) {
    let mut i = 0;
    while i < units.len() {
        let u = u32::from(units[i]);
        if (0xD800..0xDC00).contains(&u) {
            let low = u32::from(units[i + 1]);
            out.push(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
            i += 2;
        } else {
            out.push(u);
            i += 1;
        }
    }
}

/// Appends the full canonical (or, with `compat`, compatibility)
/// decomposition of `c` to `out`. The result is canonically ordered within
/// itself.
pub fn decompose_into(c: u32, compat: bool, out: &mut Vec<u32>) {
    if c < 0xA0 {
        out.push(c);
        return;
    }
    let s = c.wrapping_sub(S_BASE);
    if s < S_COUNT {
        out.push(L_BASE + s / N_COUNT);
        out.push(V_BASE + (s % N_COUNT) / T_COUNT);
        let t = s % T_COUNT;
        if t != 0 {
            out.push(T_BASE + t);
        }
        return;
    }
    let compat_decomposition = if compat {
        table_decomposition(COMPATIBILITY, c)
    } else {
        None
    };
    let decomposition = compat_decomposition.or_else(|| table_decomposition(CANONICAL, c));
    match decomposition {
        Some(d) => push_utf16(d, out),
        None => out.push(c),
    }
}

/// The primary composite of `a` followed by `b`, if any (Hangul included).
///
/// ```
/// assert_eq!(unicode::compose_pair('e' as u32, 0x301), Some(0xE9));
/// assert_eq!(unicode::compose_pair(0x1100, 0x1161), Some(0xAC00));
/// ```
pub fn compose_pair(a: u32, b: u32) -> Option<u32> {
    let l = a.wrapping_sub(L_BASE);
    if l < L_COUNT {
        let v = b.wrapping_sub(V_BASE);
        if v < V_COUNT {
            return Some(S_BASE + (l * V_COUNT + v) * T_COUNT);
        }
        return None;
    }
    let s = a.wrapping_sub(S_BASE);
    let lv_remainder = s % T_COUNT;
    if s < S_COUNT && lv_remainder == 0 {
        let t = b.wrapping_sub(T_BASE);
        if t > 0 && t < T_COUNT {
            return Some(a + t);
        }
        return None;
    }
    COMPOSITION_PAIRS
        .binary_search_by(|&(x, y, _)| (x, y).cmp(&(a, b)))
        .ok()
        .map(|i| COMPOSITION_PAIRS[i].2)
}

/// Sorts every run of non-starters by combining class (stable).
fn canonical_order(buf: &mut [u32]) {
    let mut i = 0;
    while i < buf.len() {
        if canonical_combining_class(buf[i]) == 0 {
            i += 1;
            continue;
        }
        let start = i;
        while i < buf.len() && canonical_combining_class(buf[i]) != 0 {
            i += 1;
        }
        if i - start > 1 {
            buf[start..i].sort_by_key(|&c| canonical_combining_class(c));
        }
    }
}

/// Canonical composition of a decomposed, canonically ordered sequence.
fn compose(buf: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(buf.len());
    let mut starter: Option<usize> = None;
    let mut last_ccc = 0u8;
    for &c in buf {
        let ccc = canonical_combining_class(c);
        if let Some(sp) = starter {
            let adjacent = out.len() == sp + 1;
            let unblocked = adjacent || (last_ccc != 0 && last_ccc < ccc);
            let composite = if unblocked {
                compose_pair(out[sp], c)
            } else {
                None
            };
            if let Some(comp) = composite {
                out[sp] = comp;
                continue;
            }
        }
        if ccc == 0 {
            starter = Some(out.len());
        }
        last_ccc = ccc;
        out.push(c);
    }
    out
}

/// Normalizes a sequence of code points (surrogate code points pass through
/// unchanged).
///
/// ```
/// use unicode::{normalize_chars, NormalizationForm};
/// assert_eq!(normalize_chars(NormalizationForm::Nfc, &[0x65, 0x301]), vec![0xE9]);
/// assert_eq!(normalize_chars(NormalizationForm::Nfd, &[0xAC01]), vec![0x1100, 0x1161, 0x11A8]);
/// assert_eq!(normalize_chars(NormalizationForm::Nfkc, &[0xFB01]), vec![0x66, 0x69]);
/// ```
pub fn normalize_chars(form: NormalizationForm, input: &[u32]) -> Vec<u32> {
    let bound = form.stable_below();
    if input.iter().all(|&c| c < bound) {
        return input.to_vec();
    }
    let mut buf = Vec::with_capacity(input.len() + 8);
    for &c in input {
        decompose_into(c, form.is_compat(), &mut buf);
    }
    canonical_order(&mut buf);
    if form.composes() { compose(&buf) } else { buf }
}

/// `String.prototype.normalize` on UTF-16; lone surrogates pass through.
///
/// ```
/// use unicode::{normalize, NormalizationForm};
/// let s: Vec<u16> = "e\u{301}".encode_utf16().collect();
/// assert_eq!(normalize(NormalizationForm::Nfc, &s), vec![0xE9]);
/// ```
pub fn normalize(form: NormalizationForm, input: &[u16]) -> Vec<u16> {
    let bound = form.stable_below();
    if input.iter().all(|&u| (u as u32) < bound) {
        return input.to_vec();
    }
    encode_utf16(&normalize_chars(form, &decode_utf16_lossless(input)))
}

/// [`normalize`] on a `str`.
pub fn normalize_str(form: NormalizationForm, s: &str) -> String {
    let chars: Vec<u32> = s.chars().map(u32::from).collect();
    crate::utf16::chars_to_string(&normalize_chars(form, &chars))
}
