//! Emoji properties of strings (UTS #51), for `\p{...}` in `v`-mode
//! regular expressions.

use crate::properties::push_range;
pub use crate::tables::strings::StringProperty;
use crate::tables::strings::{
    BASIC_EMOJI_CODE_POINTS, BASIC_EMOJI_SEQUENCES, EMOJI_KEYCAP_SEQUENCE_CODE_POINTS,
    EMOJI_KEYCAP_SEQUENCE_SEQUENCES, RGI_EMOJI_FLAG_SEQUENCE_CODE_POINTS,
    RGI_EMOJI_FLAG_SEQUENCE_SEQUENCES, RGI_EMOJI_MODIFIER_SEQUENCE_CODE_POINTS,
    RGI_EMOJI_MODIFIER_SEQUENCE_SEQUENCES, RGI_EMOJI_TAG_SEQUENCE_CODE_POINTS,
    RGI_EMOJI_TAG_SEQUENCE_SEQUENCES, RGI_EMOJI_ZWJ_SEQUENCE_CODE_POINTS,
    RGI_EMOJI_ZWJ_SEQUENCE_SEQUENCES, STRING_PROPERTY_NAMES,
};

type Parts = (&'static [(u32, u32)], &'static [u32]);

/// The stored parts of every property except `RGI_Emoji`, which is their
/// union.
const PARTS: [Parts; 6] = [
    (&BASIC_EMOJI_CODE_POINTS, &BASIC_EMOJI_SEQUENCES),
    (
        &EMOJI_KEYCAP_SEQUENCE_CODE_POINTS,
        &EMOJI_KEYCAP_SEQUENCE_SEQUENCES,
    ),
    (
        &RGI_EMOJI_MODIFIER_SEQUENCE_CODE_POINTS,
        &RGI_EMOJI_MODIFIER_SEQUENCE_SEQUENCES,
    ),
    (
        &RGI_EMOJI_FLAG_SEQUENCE_CODE_POINTS,
        &RGI_EMOJI_FLAG_SEQUENCE_SEQUENCES,
    ),
    (
        &RGI_EMOJI_TAG_SEQUENCE_CODE_POINTS,
        &RGI_EMOJI_TAG_SEQUENCE_SEQUENCES,
    ),
    (
        &RGI_EMOJI_ZWJ_SEQUENCE_CODE_POINTS,
        &RGI_EMOJI_ZWJ_SEQUENCE_SEQUENCES,
    ),
];

fn parts(p: StringProperty) -> &'static [Parts] {
    match p {
        StringProperty::RgiEmoji => &PARTS,
        _ => &PARTS[p as usize..p as usize + 1],
    }
}

/// Iterates over a sequence pool (each entry: length, then code points).
fn pool_iter(pool: &'static [u32]) -> impl Iterator<Item = &'static [u32]> {
    let mut rest = pool;
    std::iter::from_fn(move || {
        let (&len, tail) = rest.split_first()?;
        let (seq, next) = tail.split_at(len as usize);
        rest = next;
        Some(seq)
    })
}

impl StringProperty {
    /// Looks up a property of strings by name (these have no aliases).
    ///
    /// ```
    /// use unicode::StringProperty;
    /// assert_eq!(StringProperty::from_name("RGI_Emoji"), Some(StringProperty::RgiEmoji));
    /// assert_eq!(StringProperty::from_name("Emoji_Test"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<StringProperty> {
        STRING_PROPERTY_NAMES
            .iter()
            .position(|&n| n == name)
            .map(|i| StringProperty::ALL[i])
    }

    /// The property's name.
    pub fn name(self) -> &'static str {
        STRING_PROPERTY_NAMES[self as usize]
    }

    /// The strings of length one (a single code point), as sorted inclusive
    /// ranges.
    pub fn code_points(self) -> Vec<(u32, u32)> {
        let mut all: Vec<(u32, u32)> = parts(self)
            .iter()
            .flat_map(|(cps, _)| cps.iter().copied())
            .collect();
        all.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::new();
        for (a, b) in all {
            match out.last_mut() {
                Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
                _ => push_range(&mut out, a, b),
            }
        }
        out
    }

    /// The strings of two or more code points, sorted.
    ///
    /// ```
    /// use unicode::StringProperty;
    /// let flags = StringProperty::RgiEmojiFlagSequence.sequences();
    /// assert!(flags.contains(&&[0x1F1FA, 0x1F1F8][..])); // 🇺🇸
    /// ```
    pub fn sequences(self) -> Vec<&'static [u32]> {
        let mut out: Vec<&'static [u32]> = parts(self)
            .iter()
            .flat_map(|&(_, pool)| pool_iter(pool))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether the string `s` (as code points) has the property.
    ///
    /// ```
    /// use unicode::StringProperty;
    /// assert!(StringProperty::RgiEmoji.contains(&[0x1F600]));
    /// assert!(StringProperty::EmojiKeycapSequence.contains(&[0x23, 0xFE0F, 0x20E3]));
    /// assert!(!StringProperty::BasicEmoji.contains(&[0x23, 0xFE0F, 0x20E3]));
    /// ```
    pub fn contains(self, s: &[u32]) -> bool {
        parts(self).iter().any(|&(cps, pool)| match s {
            [c] => crate::properties::ranges_contain(cps, *c),
            _ => pool_iter(pool).any(|seq| seq == s),
        })
    }
}
