//! Case folding and language-insensitive case conversion.
//!
//! The mappings come from this crate's generated tables (UnicodeData simple
//! mappings, the unconditional SpecialCasing.txt mappings and
//! CaseFolding.txt), so they follow the same Unicode version as every other
//! table here; the only conditional mapping applied is Final_Sigma, the one
//! language-insensitive condition `String.prototype.toLowerCase` needs.
//!
//! `icu_casemap` was considered for this: its current release (2.4) ships
//! Unicode 18 data (it maps 41 code points differently from Unicode 17.0,
//! e.g. the new pairs U+0277/U+A7DD and U+1DF40/U+1DF41) and needs Rust
//! 1.88, above the workspace's minimum. test262 at this project's revision
//! expects Unicode 17.0.0, and the regular expression engine's case folding
//! must agree with `toUpperCase`/`toLowerCase`, so the engine uses these
//! tables instead; they add about 8 KB (delta-encoded runs).

use crate::properties::BinaryProperty;
use crate::tables::case::{
    FOLD_FULL, FOLD_SIMPLE, LOWER_SIMPLE, LOWER_SPECIAL, UPPER_SIMPLE, UPPER_SPECIAL,
};
use crate::utf16::{decode_utf16_lossless, encode_utf16_into};

/// The result of mapping one code point: one to three code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mapping {
    chars: [u32; 3],
    len: u8,
}

impl Mapping {
    fn one(c: u32) -> Mapping {
        Mapping {
            chars: [c, 0, 0],
            len: 1,
        }
    }

    fn from_padded(chars: [u32; 3]) -> Mapping {
        let len = if chars[2] != 0 {
            3
        } else if chars[1] != 0 {
            2
        } else {
            1
        };
        Mapping { chars, len }
    }

    /// The mapped code points.
    pub fn as_slice(&self) -> &[u32] {
        &self.chars[..self.len as usize]
    }
}

/// Decodes a delta run: (start, count, stride, delta); the stride is 1 or 2.
#[inline]
fn run_parts(&(start, packed): &(u32, i32)) -> (u32, u32, u32, i32) {
    let count = (packed & 0x7F) as u32;
    let stride = 1 + ((packed >> 7) & 1) as u32;
    (start, count, stride, packed >> 8)
}

/// Looks `c` up in a table of delta runs (see the generated tables).
fn lookup_simple(table: &[(u32, i32)], c: u32) -> Option<u32> {
    let i = table
        .partition_point(|&(start, _)| start <= c)
        .checked_sub(1)?;
    let (start, count, stride, delta) = run_parts(&table[i]);
    let offset = c - start;
    if offset < count * stride && offset & (stride - 1) == 0 {
        Some(c.wrapping_add_signed(delta))
    } else {
        None
    }
}

fn lookup_full(table: &[(u32, [u32; 3])], c: u32) -> Option<[u32; 3]> {
    table
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .map(|i| table[i].1)
}

/// Simple case folding (CaseFolding.txt statuses C and S), as used by
/// case-insensitive `u`/`v`-mode regular expressions (Canonicalize).
///
/// ```
/// assert_eq!(unicode::fold_simple('A' as u32), 'a' as u32);
/// assert_eq!(unicode::fold_simple(0x0345), 0x03B9); // COMBINING GREEK YPOGEGRAMMENI
/// assert_eq!(unicode::fold_simple(0x1E9E), 0x00DF); // ẞ -> ß
/// ```
#[inline]
pub fn fold_simple(c: u32) -> u32 {
    if c < 128 {
        return if (b'A' as u32..=b'Z' as u32).contains(&c) {
            c + 32
        } else {
            c
        };
    }
    lookup_simple(&FOLD_SIMPLE, c).unwrap_or(c)
}

/// Every code point with the same simple case folding as `c` (`c`
/// included), sorted: the set a case-insensitive `u`/`v`-mode character
/// class has to match for `c`.
///
/// ```
/// assert_eq!(unicode::fold_equivalents('k' as u32), vec!['K' as u32, 'k' as u32, 0x212A]);
/// assert_eq!(unicode::fold_equivalents(0x3C3), vec![0x3A3, 0x3C2, 0x3C3]); // Σ ς σ
/// assert_eq!(unicode::fold_equivalents('1' as u32), vec!['1' as u32]);
/// ```
pub fn fold_equivalents(c: u32) -> Vec<u32> {
    let folded = fold_simple(c);
    let mut out: Vec<u32> = FOLD_SIMPLE
        .iter()
        .filter_map(|run| {
            let (start, count, stride, delta) = run_parts(run);
            let k = folded.wrapping_add_signed(-delta);
            let offset = k.wrapping_sub(start);
            (offset < count * stride && offset & (stride - 1) == 0).then_some(k)
        })
        .collect();
    out.push(folded);
    out.sort_unstable();
    out
}

/// ECMAScript's Canonicalize for case-insensitive regular expressions
/// without the `u` or `v` flag: the full uppercase mapping of the code unit,
/// unless that is not a single code unit or would map a non-ASCII code unit
/// into ASCII. (With `u`/`v`, Canonicalize is [`fold_simple`].)
///
/// ```
/// assert_eq!(unicode::canonicalize_non_unicode('a' as u16), 'A' as u16);
/// assert_eq!(unicode::canonicalize_non_unicode(0xDF), 0xDF); // ß -> "SS": kept
/// assert_eq!(unicode::canonicalize_non_unicode(0x17F), 0x17F); // ſ -> S: kept
/// assert_eq!(unicode::canonicalize_non_unicode(0x3C2), 0x3A3); // ς -> Σ
/// ```
pub fn canonicalize_non_unicode(ch: u16) -> u16 {
    let upper = upper_full(u32::from(ch));
    match upper.as_slice() {
        &[u] if u < 0x10000 && !(ch >= 128 && u < 128) => u as u16,
        _ => ch,
    }
}

/// Full case folding (CaseFolding.txt statuses C and F).
///
/// ```
/// assert_eq!(unicode::fold_full(0xDF).as_slice(), &[0x73, 0x73]); // ß -> ss
/// ```
pub fn fold_full(c: u32) -> Mapping {
    match lookup_full(&FOLD_FULL, c) {
        Some(m) => Mapping::from_padded(m),
        None => Mapping::one(fold_simple(c)),
    }
}

/// Simple (one-to-one) lowercase mapping from UnicodeData.txt.
#[inline]
pub fn lower_simple(c: u32) -> u32 {
    if c < 128 {
        return if (b'A' as u32..=b'Z' as u32).contains(&c) {
            c + 32
        } else {
            c
        };
    }
    lookup_simple(&LOWER_SIMPLE, c).unwrap_or(c)
}

/// Simple (one-to-one) uppercase mapping from UnicodeData.txt.
#[inline]
pub fn upper_simple(c: u32) -> u32 {
    if c < 128 {
        return if (b'a' as u32..=b'z' as u32).contains(&c) {
            c - 32
        } else {
            c
        };
    }
    lookup_simple(&UPPER_SIMPLE, c).unwrap_or(c)
}

/// Full lowercase mapping of one code point without context: the
/// unconditional SpecialCasing.txt mapping if there is one, else the simple
/// mapping. (Final_Sigma needs context; see [`to_lower`].)
///
/// ```
/// assert_eq!(unicode::lower_full(0x0130).as_slice(), &[0x69, 0x307]); // İ
/// ```
pub fn lower_full(c: u32) -> Mapping {
    match lookup_full(&LOWER_SPECIAL, c) {
        Some(m) => Mapping::from_padded(m),
        None => Mapping::one(lower_simple(c)),
    }
}

/// Full uppercase mapping of one code point: the unconditional
/// SpecialCasing.txt mapping if there is one, else the simple mapping.
///
/// ```
/// assert_eq!(unicode::upper_full(0xDF).as_slice(), &[0x53, 0x53]); // ß -> SS
/// assert_eq!(unicode::upper_full(0xFB03).as_slice(), &[0x46, 0x46, 0x49]); // ﬃ -> FFI
/// ```
pub fn upper_full(c: u32) -> Mapping {
    match lookup_full(&UPPER_SPECIAL, c) {
        Some(m) => Mapping::from_padded(m),
        None => Mapping::one(upper_simple(c)),
    }
}

const CAPITAL_SIGMA: u32 = 0x03A3;
const FINAL_SIGMA: u32 = 0x03C2;

/// The Final_Sigma condition (Unicode Table 3-17) for the code point at `i`:
/// preceded by a cased letter and zero or more case-ignorable characters,
/// and not followed by zero or more case-ignorable characters and a cased
/// letter.
fn is_final_sigma(chars: &[u32], i: usize) -> bool {
    let cased = |c: u32| BinaryProperty::Cased.contains(c);
    let ignorable = |c: u32| BinaryProperty::CaseIgnorable.contains(c);
    let before = chars[..i]
        .iter()
        .rev()
        .copied()
        .find(|&c| !ignorable(c))
        .is_some_and(cased);
    if !before {
        return false;
    }
    let after = chars[i + 1..]
        .iter()
        .copied()
        .find(|&c| !ignorable(c))
        .is_some_and(cased);
    !after
}

/// Lowercases code points (language-insensitive full mapping with
/// Final_Sigma), as `String.prototype.toLowerCase` does.
pub fn to_lower_chars(input: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(input.len());
    for (i, &c) in input.iter().enumerate() {
        if c < 128 {
            out.push(lower_simple(c));
        } else if c == CAPITAL_SIGMA && is_final_sigma(input, i) {
            out.push(FINAL_SIGMA);
        } else {
            out.extend_from_slice(lower_full(c).as_slice());
        }
    }
    out
}

/// Uppercases code points (language-insensitive full mapping), as
/// `String.prototype.toUpperCase` does.
pub fn to_upper_chars(input: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(input.len());
    for &c in input {
        if c < 128 {
            out.push(upper_simple(c));
        } else {
            out.extend_from_slice(upper_full(c).as_slice());
        }
    }
    out
}

/// `String.prototype.toLowerCase` on UTF-16; lone surrogates pass through.
///
/// ```
/// let s: Vec<u16> = "ΌΣΟΣ Σ".encode_utf16().collect();
/// let lower = String::from_utf16(&unicode::to_lower(&s)).unwrap();
/// assert_eq!(lower, "όσος σ");
/// assert_eq!(unicode::to_lower(&[0xD800, 0x41]), vec![0xD800, 0x61]);
/// ```
pub fn to_lower(input: &[u16]) -> Vec<u16> {
    if let Some(out) = ascii_only(input, |c| c.to_ascii_lowercase()) {
        return out;
    }
    let mut out = Vec::with_capacity(input.len());
    for c in to_lower_chars(&decode_utf16_lossless(input)) {
        encode_utf16_into(c, &mut out);
    }
    out
}

/// `String.prototype.toUpperCase` on UTF-16; lone surrogates pass through.
///
/// ```
/// let s: Vec<u16> = "straße".encode_utf16().collect();
/// assert_eq!(String::from_utf16(&unicode::to_upper(&s)).unwrap(), "STRASSE");
/// ```
pub fn to_upper(input: &[u16]) -> Vec<u16> {
    if let Some(out) = ascii_only(input, |c| c.to_ascii_uppercase()) {
        return out;
    }
    let mut out = Vec::with_capacity(input.len());
    for c in to_upper_chars(&decode_utf16_lossless(input)) {
        encode_utf16_into(c, &mut out);
    }
    out
}

fn ascii_only(input: &[u16], f: impl Fn(u8) -> u8) -> Option<Vec<u16>> {
    if input.iter().all(|&u| u < 128) {
        Some(input.iter().map(|&u| f(u as u8) as u16).collect())
    } else {
        None
    }
}

/// [`to_lower`] on a `str`.
pub fn to_lower_str(s: &str) -> String {
    let chars: Vec<u32> = s.chars().map(u32::from).collect();
    crate::utf16::chars_to_string(&to_lower_chars(&chars))
}

/// [`to_upper`] on a `str`.
pub fn to_upper_str(s: &str) -> String {
    let chars: Vec<u32> = s.chars().map(u32::from).collect();
    crate::utf16::chars_to_string(&to_upper_chars(&chars))
}
