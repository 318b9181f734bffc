//! The Unicode queries the regexp engine needs.
//!
//! This module is the seam where the workspace's `unicode` crate plugs in.
//! Every Unicode fact used by the parser, compiler and matcher goes through
//! the functions below:
//!
//! * [`simple_fold`]: simple case folding (`u`/`v` mode canonicalisation);
//! * [`to_upper_single`]: the one-code-unit uppercase mapping used by
//!   non-unicode canonicalisation;
//! * [`property_ranges`]: `\p{...}` character properties;
//! * [`string_property`]: `\p{...}` properties of strings (`v` mode);
//! * [`is_id_start`] / [`is_id_continue`]: group name characters.
//!
//! The current implementation is provisional and built only on what Rust's
//! standard library offers: case mappings from `char::to_uppercase` /
//! `char::to_lowercase` (with a few corrections towards CaseFolding.txt),
//! and the properties `Any`, `ASCII`, `ASCII_Hex_Digit`, `Alphabetic`,
//! `White_Space`, `Lowercase`, `Uppercase`, `Cc`/`Control` and
//! `N`/`Number`. Other property names are rejected as unknown and there are
//! no properties of strings; both become available when the `unicode` crate
//! replaces these bodies.

use std::sync::OnceLock;

/// Simple case folding of one code point (`scf` in CaseFolding.txt).
pub fn simple_fold(c: u32) -> u32 {
    if c < 0x80 {
        if (b'A' as u32..=b'Z' as u32).contains(&c) {
            return c + 32;
        }
        return c;
    }
    fold_table().lookup(c)
}

/// The uppercase mapping of `c` when it is exactly one code point.
pub fn to_upper_single(c: u32) -> Option<u32> {
    single_char(char::from_u32(c)?.to_uppercase())
}

/// The only item of a case mapping, if it has exactly one.
fn single_char(mut it: impl Iterator<Item = char>) -> Option<u32> {
    let first = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(first as u32)
}

fn std_simple_fold(c: u32) -> u32 {
    // Characters whose folding differs from lower(upper(c)) or lower(c).
    match c {
        0x0130 | 0x0131 => return c,
        0x13A0..=0x13F5 => return c,
        0x13F8..=0x13FD => return c - 8,
        0xAB70..=0xABBF => return c - 0xAB70 + 0x13A0,
        _ => {}
    }
    let Some(ch) = char::from_u32(c) else {
        return c;
    };
    if let Some(l) = single_char(ch.to_lowercase())
        && l != c
    {
        return l;
    }
    if let Some(u) = to_upper_single(c)
        && u != c
        && let Some(l2) = char::from_u32(u).and_then(|uc| single_char(uc.to_lowercase()))
    {
        return l2;
    }
    c
}

/// Non-unicode-mode canonicalisation (spec 22.2.2.7.3 with `rer.[[IgnoreCase]]`
/// and neither `u` nor `v`): uppercase, keeping only one-code-unit results and
/// never mapping a non-ASCII unit to ASCII.
fn std_upper_canon(c: u32) -> u32 {
    match to_upper_single(c) {
        Some(u) if u <= 0xFFFF && !(c >= 0x80 && u < 0x80) => u,
        _ => c,
    }
}

/// A code point mapping stored as the sorted list of points it changes,
/// with the inverse images for closing sets under case equivalence.
pub(crate) struct CaseTable {
    /// (from, to) sorted by `from`, only where `to != from`.
    map: Vec<(u32, u32)>,
    /// (to, from) sorted by `to`.
    inverse: Vec<(u32, u32)>,
}

impl CaseTable {
    fn build(limit: u32, f: fn(u32) -> u32) -> CaseTable {
        let mut map = Vec::new();
        for c in 0x80..=limit {
            if (0xD800..=0xDFFF).contains(&c) {
                continue;
            }
            let t = f(c);
            if t != c {
                map.push((c, t));
            }
        }
        // ASCII letters.
        for c in 0..0x80u32 {
            let t = f(c);
            if t != c {
                map.push((c, t));
            }
        }
        map.sort_unstable();
        let mut inverse: Vec<(u32, u32)> = map.iter().map(|&(a, b)| (b, a)).collect();
        inverse.sort_unstable();
        CaseTable { map, inverse }
    }

    /// The image of `c`.
    pub(crate) fn lookup(&self, c: u32) -> u32 {
        match self.map.binary_search_by_key(&c, |&(a, _)| a) {
            Ok(i) => self.map[i].1,
            Err(_) => c,
        }
    }

    /// All points that map to `t` (not counting `t` itself unless it maps to itself).
    pub(crate) fn preimages(&self, t: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.inverse.partition_point(|&(a, _)| a < t);
        self.inverse[start..]
            .iter()
            .take_while(move |&&(a, _)| a == t)
            .map(|&(_, b)| b)
    }

    /// All (from, to) pairs where the mapping changes the point.
    pub(crate) fn changed(&self) -> &[(u32, u32)] {
        &self.map
    }
}

pub(crate) fn fold_table() -> &'static CaseTable {
    static T: OnceLock<CaseTable> = OnceLock::new();
    T.get_or_init(|| CaseTable::build(0x10_FFFF, std_simple_fold))
}

pub(crate) fn upper_table() -> &'static CaseTable {
    static T: OnceLock<CaseTable> = OnceLock::new();
    T.get_or_init(|| CaseTable::build(0xFFFF, std_upper_canon))
}

/// Canonicalize (spec 22.2.2.7.3) for an ignore-case pattern.
#[inline]
pub fn canonicalize(c: u32, unicode: bool) -> u32 {
    if c < 0x80 {
        if unicode {
            if (b'A' as u32..=b'Z' as u32).contains(&c) {
                return c + 32;
            }
        } else if (b'a' as u32..=b'z' as u32).contains(&c) {
            return c - 32;
        }
        return c;
    }
    if unicode {
        fold_table().lookup(c)
    } else {
        upper_table().lookup(c)
    }
}

pub(crate) fn case_table(unicode: bool) -> &'static CaseTable {
    if unicode { fold_table() } else { upper_table() }
}

fn build_ranges(pred: impl Fn(char) -> bool) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for c in 0..=0x10_FFFFu32 {
        let Some(ch) = char::from_u32(c) else {
            continue;
        };
        if pred(ch) {
            match out.last_mut() {
                Some(last) if last.1 + 1 == c => last.1 = c,
                _ => out.push((c, c)),
            }
        }
    }
    out
}

/// Ranges of code points with property `name` (lone form: a binary property
/// or General_Category value) or `name=value` (General_Category, Script,
/// Script_Extensions). `None` if unknown.
pub fn property_ranges(name: &str, value: Option<&str>) -> Option<Vec<(u32, u32)>> {
    let key = match value {
        None => name,
        Some(v) => match name {
            "General_Category" | "gc" => v,
            _ => return None,
        },
    };
    let general_category_only = value.is_some();
    let binary = |n: &str| -> Option<Vec<(u32, u32)>> {
        Some(match n {
            "Any" => vec![(0, 0x10_FFFF)],
            "ASCII" => vec![(0, 0x7F)],
            "ASCII_Hex_Digit" | "AHex" => vec![(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
            "Alphabetic" | "Alpha" => build_ranges(char::is_alphabetic),
            "White_Space" | "space" => build_ranges(char::is_whitespace),
            "Lowercase" | "Lower" => build_ranges(char::is_lowercase),
            "Uppercase" | "Upper" => build_ranges(char::is_uppercase),
            _ => return None,
        })
    };
    let gc = |n: &str| -> Option<Vec<(u32, u32)>> {
        Some(match n {
            "Cc" | "Control" | "cntrl" => build_ranges(char::is_control),
            "N" | "Number" => build_ranges(char::is_numeric),
            _ => return None,
        })
    };
    if general_category_only {
        gc(key)
    } else {
        gc(key).or_else(|| binary(key))
    }
}

/// The strings of a property of strings (`v` mode), e.g. `RGI_Emoji`.
/// `None` if unknown (no such properties are available yet).
pub fn string_property(_name: &str) -> Option<Vec<Vec<u32>>> {
    None
}

/// ID_Start (plus `$` and `_`) for group names.
pub fn is_id_start(c: u32) -> bool {
    c == '$' as u32 || c == '_' as u32 || char::from_u32(c).is_some_and(|ch| ch.is_alphabetic())
}

/// ID_Continue (plus `$`, ZWNJ and ZWJ) for group names.
pub fn is_id_continue(c: u32) -> bool {
    c == '$' as u32
        || c == '_' as u32
        || c == 0x200C
        || c == 0x200D
        || char::from_u32(c).is_some_and(|ch| ch.is_alphanumeric())
        || (0x300..=0x36F).contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(simple_fold('A' as u32), 'a' as u32);
        assert_eq!(simple_fold(0x17F), 's' as u32);
        assert_eq!(simple_fold(0x212A), 'k' as u32);
        assert_eq!(simple_fold(0x3C2), 0x3C3);
        assert_eq!(simple_fold(0x131), 0x131);
        assert_eq!(simple_fold(0x1E9E), 0xDF);
        assert_eq!(canonicalize('a' as u32, false), 'A' as u32);
        assert_eq!(canonicalize(0x17F, false), 0x17F);
        assert_eq!(canonicalize(0xFF, false), 0x178);
        assert_eq!(canonicalize(0xDF, false), 0xDF);
        assert!(fold_table().preimages('k' as u32).any(|c| c == 0x212A));
    }

    #[test]
    fn properties() {
        assert!(property_ranges("ASCII", None).is_some());
        assert!(property_ranges("Alphabetic", None).is_some());
        assert!(property_ranges("Script", Some("Greek")).is_none());
        assert!(property_ranges("Nope", None).is_none());
    }
}
