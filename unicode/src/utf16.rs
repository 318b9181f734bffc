//! UTF-16 helpers that keep lone surrogates as code points.

/// Decodes UTF-16 into code points; a lone surrogate becomes the code point
/// with its own value.
///
/// ```
/// assert_eq!(unicode::decode_utf16_lossless(&[0x61, 0xD83D, 0xDE00, 0xDC00]), vec![0x61, 0x1F600, 0xDC00]);
/// ```
pub fn decode_utf16_lossless(input: &[u16]) -> Vec<u32> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let u = input[i] as u32;
        let next = input.get(i + 1).map_or(0, |&n| n as u32);
        if (0xD800..0xDC00).contains(&u) && (0xDC00..0xE000).contains(&next) {
            out.push(0x10000 + ((u - 0xD800) << 10) + (next - 0xDC00));
            i += 2;
            continue;
        }
        out.push(u);
        i += 1;
    }
    out
}

/// Appends the UTF-16 encoding of code point `c` (a surrogate code point is
/// written as itself).
#[inline]
pub fn encode_utf16_into(c: u32, out: &mut Vec<u16>) {
    if c < 0x10000 {
        out.push(c as u16);
    } else {
        let c = c - 0x10000;
        out.push(0xD800 | (c >> 10) as u16);
        out.push(0xDC00 | (c & 0x3FF) as u16);
    }
}

/// Encodes code points as UTF-16.
pub fn encode_utf16(chars: &[u32]) -> Vec<u16> {
    let mut out = Vec::with_capacity(chars.len());
    for &c in chars {
        encode_utf16_into(c, &mut out);
    }
    out
}

/// Code points to a `String`; surrogate code points become U+FFFD.
pub(crate) fn chars_to_string(chars: &[u32]) -> String {
    chars
        .iter()
        .map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}'))
        .collect()
}
