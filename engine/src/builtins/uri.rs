//! URI handling functions (ECMA-262 §19.2.6) and Annex B `escape` /
//! `unescape` (§B.2.1).
//!
//! <https://tc39.es/ecma262/#sec-uri-handling-functions>

use super::{FnSpec, fns};
use crate::object::Args;
use crate::runtime::{Cx, ErrorKind, JsResult};
use crate::string::{StringBuilder, Units};
use crate::value::Value;

const URI_MARK: &str = "-_.!~*'()";

fn is_unreserved(c: u16) -> bool {
    c < 128 && ((c as u8).is_ascii_alphanumeric() || URI_MARK.as_bytes().contains(&(c as u8)))
}

fn in_set(c: u16, set: &str) -> bool {
    c < 128 && set.as_bytes().contains(&(c as u8))
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Encode (§19.2.6.5); magic 0 = encodeURI, 1 = encodeURIComponent.
fn encode(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_string(args.arg(0))?;
    let u = s.units();
    let extra_unescaped = if args.magic == 0 { "#;/?:@&=+$," } else { "" };
    let mut out = StringBuilder::with_capacity(u.len());
    let mut k = 0;
    while k < u.len() {
        let c = u.at(k);
        if is_unreserved(c) || in_set(c, extra_unescaped) {
            out.push(c);
            k += 1;
            continue;
        }
        let (cp, n) = crate::builtins::string::code_point_at(&u, k);
        if (0xD800..0xE000).contains(&cp) {
            return cx.throw(ErrorKind::URIError, "URI malformed");
        }
        let mut buf = [0u8; 4];
        let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
        for &b in ch.encode_utf8(&mut buf).as_bytes() {
            out.push(b'%' as u16);
            out.push(HEX[(b >> 4) as usize] as u16);
            out.push(HEX[(b & 15) as usize] as u16);
        }
        k += n;
    }
    Ok(Value::String(out.finish(cx.heap())))
}

fn hex_at(u: &Units, i: usize) -> Option<u8> {
    let h = |c: u16| char::from_u32(c as u32).and_then(|c| c.to_digit(16));
    Some((h(u.get(i)?)? * 16 + h(u.get(i + 1)?)?) as u8)
}

/// Decode (§19.2.6.6); magic 0 = decodeURI, 1 = decodeURIComponent.
fn decode(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_string(args.arg(0))?;
    let u = s.units();
    let reserved = if args.magic == 0 { "#;/?:@&=+$," } else { "" };
    let mut out = StringBuilder::with_capacity(u.len());
    let malformed = |cx: &Cx| cx.throw::<Value>(ErrorKind::URIError, "URI malformed");
    let mut k = 0;
    while k < u.len() {
        let c = u.at(k);
        if c != b'%' as u16 {
            out.push(c);
            k += 1;
            continue;
        }
        let start = k;
        let Some(b) = hex_at(&u, k + 1) else {
            return malformed(&cx);
        };
        k += 3;
        if b < 0x80 {
            if in_set(b as u16, reserved) {
                for i in start..k {
                    out.push(u.at(i));
                }
            } else {
                out.push(b as u16);
            }
            continue;
        }
        let n = if b & 0xE0 == 0xC0 {
            2
        } else if b & 0xF0 == 0xE0 {
            3
        } else if b & 0xF8 == 0xF0 {
            4
        } else {
            return malformed(&cx);
        };
        let mut bytes = vec![b];
        for _ in 1..n {
            if u.get(k) != Some(b'%' as u16) {
                return malformed(&cx);
            }
            let Some(cb) = hex_at(&u, k + 1) else {
                return malformed(&cx);
            };
            if cb & 0xC0 != 0x80 {
                return malformed(&cx);
            }
            bytes.push(cb);
            k += 3;
        }
        match std::str::from_utf8(&bytes)
            .ok()
            .and_then(|s| s.chars().next())
        {
            Some(ch) => out.push_code_point(ch as u32),
            None => return malformed(&cx),
        }
    }
    Ok(Value::String(out.finish(cx.heap())))
}

/// escape (§B.2.1.1).
fn escape(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_string(args.arg(0))?;
    let u = s.units();
    let mut out = StringBuilder::with_capacity(u.len());
    for c in u.iter() {
        if c < 128 && ((c as u8).is_ascii_alphanumeric() || b"@*_+-./".contains(&(c as u8))) {
            out.push(c);
        } else if c < 256 {
            out.push(b'%' as u16);
            out.push(HEX[(c >> 4) as usize] as u16);
            out.push(HEX[(c & 15) as usize] as u16);
        } else {
            out.push_str("%u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((c >> shift) & 15) as usize] as u16);
            }
        }
    }
    Ok(Value::String(out.finish(cx.heap())))
}

/// unescape (§B.2.1.2).
fn unescape(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_string(args.arg(0))?;
    let u = s.units();
    let mut out = StringBuilder::with_capacity(u.len());
    let hex4 = |i: usize| -> Option<u16> {
        let mut v: u16 = 0;
        for j in 0..4 {
            let d = char::from_u32(u.get(i + j)? as u32)?.to_digit(16)?;
            v = v * 16 + d as u16;
        }
        Some(v)
    };
    let mut k = 0;
    while k < u.len() {
        let c = u.at(k);
        if c == b'%' as u16 {
            if u.get(k + 1) == Some(b'u' as u16) {
                if let Some(v) = hex4(k + 2) {
                    out.push(v);
                    k += 6;
                    continue;
                }
            } else if let Some(v) = hex_at(&u, k + 1) {
                out.push(v as u16);
                k += 3;
                continue;
            }
        }
        out.push(c);
        k += 1;
    }
    Ok(Value::String(out.finish(cx.heap())))
}

pub(crate) const FNS: &[FnSpec] = fns! {
    "encodeURI", 1, encode, 0;
    "encodeURIComponent", 1, encode, 1;
    "decodeURI", 1, decode, 0;
    "decodeURIComponent", 1, decode, 1;
    "escape", 1, escape;
    "unescape", 1, unescape;
};

pub(crate) fn init(cx: &Cx) {
    super::define_fns(cx, &cx.realm.global, FNS);
}

#[cfg(test)]
mod tests {
    use super::{in_set, is_unreserved};

    #[test]
    fn character_classes() {
        assert!(is_unreserved(b'a' as u16) && is_unreserved(b'~' as u16));
        assert!(!is_unreserved(b'%' as u16) && !is_unreserved(0xE9));
        assert!(in_set(b'/' as u16, ";/?:@&=+$,") && !in_set(b'a' as u16, ";/?:@&=+$,"));
    }
}
