//! The Unicode queries the regexp engine needs.
//!
//! This module is the seam between the regexp engine and the workspace's
//! `unicode` crate (Unicode 17 tables). Every Unicode fact used by the
//! parser, compiler and matcher goes through the functions below:
//!
//! * [`simple_fold`]: simple case folding (`u`/`v` mode Canonicalize,
//!   `unicode::fold_simple`);
//! * [`to_upper_single`]: the one-code-point uppercase mapping;
//! * [`canonicalize`]: Canonicalize (ECMA-262 §22.2.2.7.3) in both modes,
//!   non-unicode mode through `unicode::canonicalize_non_unicode`;
//! * [`property_ranges`]: `\p{...}` character properties (binary
//!   properties, General_Category, Script, Script_Extensions);
//! * [`string_property`]: `\p{...}` properties of strings (`v` mode);
//! * [`is_id_start`] / [`is_id_continue`]: group name characters.

use std::sync::OnceLock;

/// Simple case folding of one code point (`scf` in CaseFolding.txt).
pub fn simple_fold(c: u32) -> u32 {
    unicode::fold_simple(c)
}

/// The uppercase mapping of `c` when it is exactly one code point.
pub fn to_upper_single(c: u32) -> Option<u32> {
    match unicode::upper_full(c).as_slice() {
        &[u] => Some(u),
        _ => None,
    }
}

/// Non-unicode-mode Canonicalize of a code unit (code points above the BMP
/// are never changed).
fn upper_canon(c: u32) -> u32 {
    match u16::try_from(c) {
        Ok(u) => u32::from(unicode::canonicalize_non_unicode(u)),
        Err(_) => c,
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
    T.get_or_init(|| CaseTable::build(0x10_FFFF, simple_fold))
}

pub(crate) fn upper_table() -> &'static CaseTable {
    static T: OnceLock<CaseTable> = OnceLock::new();
    T.get_or_init(|| CaseTable::build(0xFFFF, upper_canon))
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

/// Ranges of code points with property `name` (lone form: a binary property
/// or General_Category value) or `name=value` (General_Category, Script,
/// Script_Extensions). `None` if unknown.
pub fn property_ranges(name: &str, value: Option<&str>) -> Option<Vec<(u32, u32)>> {
    unicode::property_ranges(name, value)
}

/// The strings of a property of strings (`v` mode), e.g. `RGI_Emoji`:
/// single code points first, then the longer sequences. `None` if unknown.
pub fn string_property(name: &str) -> Option<Vec<Vec<u32>>> {
    let p = unicode::StringProperty::from_name(name)?;
    let mut out: Vec<Vec<u32>> = Vec::new();
    for (a, b) in p.code_points() {
        out.extend((a..=b).map(|c| vec![c]));
    }
    out.extend(p.sequences().into_iter().map(<[u32]>::to_vec));
    Some(out)
}

/// ID_Start (plus `$` and `_`) for group names.
pub fn is_id_start(c: u32) -> bool {
    c == '$' as u32 || c == '_' as u32 || unicode::is_id_start(c)
}

/// ID_Continue (plus `$`, ZWNJ and ZWJ) for group names.
pub fn is_id_continue(c: u32) -> bool {
    c == '$' as u32 || c == 0x200C || c == 0x200D || unicode::is_id_continue(c)
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
        assert!(property_ranges("Script", Some("Greek")).is_some());
        assert!(property_ranges("Script", Some("Nope")).is_none());
        assert!(string_property("RGI_Emoji").is_some());
        assert!(property_ranges("Nope", None).is_none());
    }
}
