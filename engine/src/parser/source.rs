//! Source text that comes from a JavaScript string (`eval`, ShadowRealm
//! `evaluate`, the `Function` constructor): UTF-16 that may hold lone
//! surrogates, which a Rust `str` cannot. The text is kept as UTF-8 with U+FFFD in their place and a side
//! table of where they stand; a lone surrogate is only meaningful inside a
//! string, template or regular expression literal (anywhere else it is a
//! syntax error, as U+FFFD is), and the lexer restores it there.

use crate::string::Units;

/// Source text decoded from UTF-16.
pub(crate) struct SourceText {
    pub text: String,
    /// Byte offset in `text` of each U+FFFD that stands for a lone
    /// surrogate, with that surrogate; sorted by offset.
    pub lone: Vec<(usize, u16)>,
}

impl SourceText {
    pub fn from_units(units: Units<'_>) -> SourceText {
        let units = match units {
            Units::Latin1(b) => {
                return SourceText {
                    text: b.iter().map(|&b| b as char).collect(),
                    lone: Vec::new(),
                };
            }
            Units::Utf16(u) => u,
        };
        let mut text = String::with_capacity(units.len());
        let mut lone = Vec::new();
        for r in char::decode_utf16(units.iter().copied()) {
            match r {
                Ok(c) => text.push(c),
                Err(e) => {
                    lone.push((text.len(), e.unpaired_surrogate()));
                    text.push(char::REPLACEMENT_CHARACTER);
                }
            }
        }
        SourceText { text, lone }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_surrogates_are_listed_by_byte_offset() {
        let units = [0x61, 0xD800, 0xE9, 0xD83D, 0xDE00, 0xDC00];
        let s = SourceText::from_units(Units::Utf16(&units));
        assert_eq!(s.text, "a\u{FFFD}é😀\u{FFFD}");
        assert_eq!(s.lone, vec![(1, 0xD800), (10, 0xDC00)]);
    }
}
