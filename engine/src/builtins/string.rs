//! `String` and `String.prototype` (ECMA-262 §22.1), the methods that need
//! no regular expressions.
//!
//! <https://tc39.es/ecma262/#sec-string-objects>
//!
//! Case conversion and normalization use the `unicode` crate's tables:
//! `toUpperCase` / `toLowerCase` are the language-insensitive full mappings
//! of SpecialCasing.txt (with Final_Sigma),
//! <https://tc39.es/ecma262/#sec-string.prototype.tolowercase>, and the
//! `toLocale*` variants behave the same (root locale, no locale data),
//! <https://tc39.es/ecma262/#sec-string.prototype.tolocalelowercase>.
//! `normalize`: <https://tc39.es/ecma262/#sec-string.prototype.normalize>.
//! `localeCompare` compares the NFC forms in code point order, so that
//! canonically equivalent strings compare equal as
//! <https://tc39.es/ecma262/#sec-string.prototype.localecompare> requires.

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, new_object};
use crate::runtime::{Cx, JsResult};
use crate::string::{JsString, StringBuilder, Units};
use crate::value::Value;

/// A one-unit string.
pub(crate) fn char_string(cx: &Cx, u: u16) -> JsString {
    let mut b = StringBuilder::with_capacity(1);
    b.push(u);
    b.finish(cx.heap())
}

/// RequireObjectCoercible(this) then ToString.
fn this_str(cx: &Cx, args: &Args, method: &str) -> JsResult<JsString> {
    if args.this.is_nullish() {
        return cx.type_error(&format!(
            "String.prototype.{method} called on null or undefined"
        ));
    }
    cx.to_string(&args.this)
}

/// The String constructor (§22.1.1.1).
fn string_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = match args.args.first() {
        None => cx.rt.atom_string(Atom::EMPTY),
        Some(Value::Symbol(a)) if args.new_target.is_none() => {
            let mut b = StringBuilder::new();
            b.push_str("Symbol(");
            b.push_js(&cx.rt.atom_string(a.atom()));
            b.push(b')' as u16);
            b.finish(cx.heap())
        }
        Some(v) => cx.to_string(v)?,
    };
    match &args.new_target {
        None => Ok(Value::String(s)),
        Some(nt) => {
            let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.string_proto)?;
            Ok(Value::Object(new_object(cx, Some(proto), Class::String(s))))
        }
    }
}

fn from_char_code(cx: Cx, args: &Args) -> JsResult<Value> {
    let mut b = StringBuilder::with_capacity(args.len());
    for a in args.args {
        b.push(crate::ops::to_uint16(&cx, a)?);
    }
    Ok(Value::String(b.finish(cx.heap())))
}

fn from_code_point(cx: Cx, args: &Args) -> JsResult<Value> {
    let mut b = StringBuilder::with_capacity(args.len());
    for a in args.args {
        let n = cx.to_number(a)?;
        if n.fract() != 0.0 || !(0.0..=1114111.0).contains(&n) {
            return cx.range_error(&format!(
                "invalid code point {}",
                crate::value::number_to_string(n)
            ));
        }
        b.push_code_point(n as u32);
    }
    Ok(Value::String(b.finish(cx.heap())))
}

/// thisStringValue (§22.1.3.35.1) for toString/valueOf.
fn value_of(cx: Cx, args: &Args) -> JsResult<Value> {
    match &args.this {
        Value::String(s) => Ok(Value::String(s.clone())),
        Value::Object(o) => match &o.d.borrow().class {
            Class::String(s) => Ok(Value::String(s.clone())),
            _ => cx.type_error("String.prototype.valueOf requires that 'this' be a String"),
        },
        _ => cx.type_error("String.prototype.valueOf requires that 'this' be a String"),
    }
}

/// Clamps a relative index argument to 0..=len.
fn rel_index(cx: &Cx, v: &Value, len: usize, default: f64) -> JsResult<usize> {
    let n = if v.is_undefined() {
        default
    } else {
        cx.to_integer(v)?
    };
    let len = len as f64;
    Ok((if n < 0.0 {
        (len + n).max(0.0)
    } else {
        n.min(len)
    }) as usize)
}

fn sub(cx: &Cx, s: &JsString, a: usize, b: usize) -> Value {
    if a == 0 && b == s.len() {
        return Value::String(s.clone());
    }
    Value::String(JsString::from_units(cx.heap(), s.units().slice(a, b)))
}

fn char_at(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "charAt")?;
    let p = cx.to_integer(args.arg(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::String(cx.rt.atom_string(Atom::EMPTY)));
    }
    Ok(Value::String(char_string(&cx, s.units().at(p as usize))))
}

fn char_code_at(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "charCodeAt")?;
    let p = cx.to_integer(args.arg(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::Float(f64::NAN));
    }
    Ok(Value::Int(s.units().at(p as usize) as i32))
}

/// CodePointAt (§11.1.4) on units at `i`.
pub(crate) fn code_point_at(u: &Units, i: usize) -> (u32, usize) {
    let c = u.at(i);
    if (0xD800..0xDC00).contains(&c) && i + 1 < u.len() {
        let d = u.at(i + 1);
        if (0xDC00..0xE000).contains(&d) {
            return (
                0x10000 + (((c as u32) - 0xD800) << 10) + (d as u32 - 0xDC00),
                2,
            );
        }
    }
    (c as u32, 1)
}

fn code_point_at_fn(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "codePointAt")?;
    let p = cx.to_integer(args.arg(0))?;
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::Undefined);
    }
    Ok(Value::Int(code_point_at(&s.units(), p as usize).0 as i32))
}

fn at(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "at")?;
    let mut p = cx.to_integer(args.arg(0))?;
    if p < 0.0 {
        p += s.len() as f64;
    }
    if p < 0.0 || p >= s.len() as f64 {
        return Ok(Value::Undefined);
    }
    Ok(Value::String(char_string(&cx, s.units().at(p as usize))))
}

/// Finds `needle` in `hay` at or after `from`.
pub(crate) fn find(hay: &Units, needle: &Units, from: usize) -> Option<usize> {
    let (n, m) = (hay.len(), needle.len());
    if m == 0 {
        return (from <= n).then_some(from);
    }
    if m > n {
        return None;
    }
    let first = needle.at(0);
    (from..=n - m).find(|&i| hay.at(i) == first && (1..m).all(|j| hay.at(i + j) == needle.at(j)))
}

fn index_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "indexOf")?;
    let needle = cx.to_string(args.arg(0))?;
    let pos = cx.to_integer(args.arg(1))?.clamp(0.0, s.len() as f64) as usize;
    Ok(Value::Int(
        find(&s.units(), &needle.units(), pos)
            .map(|i| i as i32)
            .unwrap_or(-1),
    ))
}

fn last_index_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "lastIndexOf")?;
    let needle = cx.to_string(args.arg(0))?;
    let n = cx.to_number(args.arg(1))?;
    let len = s.len();
    let start = if n.is_nan() {
        len
    } else {
        crate::value::integer_or_infinity(n).clamp(0.0, len as f64) as usize
    };
    let (h, nd) = (s.units(), needle.units());
    let m = nd.len();
    if m > len {
        return Ok(Value::Int(-1));
    }
    let mut i = start.min(len - m);
    loop {
        if (0..m).all(|j| h.at(i + j) == nd.at(j)) {
            return Ok(Value::Int(i as i32));
        }
        if i == 0 {
            return Ok(Value::Int(-1));
        }
        i -= 1;
    }
}

fn is_regexp_arg(cx: &Cx, v: &Value) -> JsResult<bool> {
    super::regexp::is_regexp(cx, v)
}

/// includes / startsWith / endsWith (magic 0 / 1 / 2).
fn includes(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "includes")?;
    if is_regexp_arg(&cx, args.arg(0))? {
        return cx.type_error("first argument must not be a regular expression");
    }
    let needle = cx.to_string(args.arg(0))?;
    let (h, nd) = (s.units(), needle.units());
    let len = h.len();
    Ok(Value::Bool(match args.magic {
        0 => {
            let pos = cx.to_integer(args.arg(1))?.clamp(0.0, len as f64) as usize;
            find(&h, &nd, pos).is_some()
        }
        1 => {
            let pos = cx.to_integer(args.arg(1))?.clamp(0.0, len as f64) as usize;
            pos + nd.len() <= len && (0..nd.len()).all(|j| h.at(pos + j) == nd.at(j))
        }
        _ => {
            let end = if args.arg(1).is_undefined() {
                len
            } else {
                cx.to_integer(args.arg(1))?.clamp(0.0, len as f64) as usize
            };
            end >= nd.len() && (0..nd.len()).all(|j| h.at(end - nd.len() + j) == nd.at(j))
        }
    }))
}

fn slice(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "slice")?;
    let len = s.len();
    let a = rel_index(&cx, args.arg(0), len, 0.0)?;
    let b = rel_index(&cx, args.arg(1), len, len as f64)?;
    Ok(if a >= b {
        Value::String(cx.rt.atom_string(Atom::EMPTY))
    } else {
        sub(&cx, &s, a, b)
    })
}

fn substring(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "substring")?;
    let len = s.len() as f64;
    let a = cx.to_integer(args.arg(0))?.clamp(0.0, len) as usize;
    let b = if args.arg(1).is_undefined() {
        len as usize
    } else {
        cx.to_integer(args.arg(1))?.clamp(0.0, len) as usize
    };
    Ok(sub(&cx, &s, a.min(b), a.max(b)))
}

/// String.prototype.substr (Annex B.2.2.1).
fn substr(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "substr")?;
    let len = s.len();
    let start = rel_index(&cx, args.arg(0), len, 0.0)?;
    let l = if args.arg(1).is_undefined() {
        f64::INFINITY
    } else {
        cx.to_integer(args.arg(1))?
    };
    let end = (start as f64 + l.clamp(0.0, len as f64)).min(len as f64) as usize;
    Ok(if start >= end {
        Value::String(cx.rt.atom_string(Atom::EMPTY))
    } else {
        sub(&cx, &s, start, end)
    })
}

/// The units of `u` as UTF-16.
fn utf16_vec(u: &Units) -> Vec<u16> {
    match *u {
        Units::Latin1(b) => b.iter().map(|&c| c as u16).collect(),
        Units::Utf16(w) => w.to_vec(),
    }
}

/// The string for `out`, or `s` itself when nothing changed.
fn string_result(cx: &Cx, s: &JsString, out: Vec<u16>) -> JsResult<Value> {
    if out.len() == s.len() && s.units().iter().eq(out.iter().copied()) {
        return Ok(Value::String(s.clone()));
    }
    if out.len() > crate::string::MAX_STRING_LEN {
        return cx.range_error("invalid string length");
    }
    cx.check_alloc(out.len() * 2)?;
    Ok(Value::String(JsString::from_utf16(cx.heap(), out)))
}

/// toUpperCase / toLowerCase / toLocaleUpperCase / toLocaleLowerCase
/// (magic 0 / 1 / 2 / 3): full Unicode case mapping, root locale. The
/// locale argument of the `toLocale*` forms is ignored.
fn change_case(cx: Cx, args: &Args) -> JsResult<Value> {
    const NAMES: [&str; 4] = [
        "toUpperCase",
        "toLowerCase",
        "toLocaleUpperCase",
        "toLocaleLowerCase",
    ];
    let s = this_str(&cx, args, NAMES[args.magic as usize & 3])?;
    let upper = args.magic & 1 == 0;
    let u = s.units();
    if let Units::Latin1(b) = u
        && b.is_ascii()
    {
        let changed = if upper {
            b.iter().any(u8::is_ascii_lowercase)
        } else {
            b.iter().any(u8::is_ascii_uppercase)
        };
        if !changed {
            return Ok(Value::String(s.clone()));
        }
        let v: Vec<u8> = if upper {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        };
        return Ok(Value::String(JsString::from_latin1(
            cx.heap(),
            v.into_boxed_slice(),
        )));
    }
    // The conversion works on code points (4 bytes each) before encoding.
    cx.check_alloc(u.len().saturating_mul(6))?;
    let units = utf16_vec(&u);
    let out = if upper {
        unicode::to_upper(&units)
    } else {
        unicode::to_lower(&units)
    };
    string_result(&cx, &s, out)
}

/// String.prototype.normalize (§22.1.3.15).
fn normalize(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "normalize")?;
    let form = if args.arg(0).is_undefined() {
        unicode::NormalizationForm::Nfc
    } else {
        let f = cx.to_string(args.arg(0))?;
        match unicode::NormalizationForm::from_name(&f.to_rust_string()) {
            Some(form) => form,
            None => {
                return cx
                    .range_error("The normalization form should be one of NFC, NFD, NFKC, NFKD");
            }
        }
    };
    let u = s.units();
    // ASCII strings are in every normalization form, Latin-1 strings in NFC.
    match u {
        Units::Latin1(b) if form == unicode::NormalizationForm::Nfc || b.is_ascii() => {
            return Ok(Value::String(s.clone()));
        }
        _ => {}
    }
    cx.check_alloc(u.len().saturating_mul(6))?;
    let out = unicode::normalize(form, &utf16_vec(&u));
    string_result(&cx, &s, out)
}

/// JS WhiteSpace or LineTerminator (§12.2, §12.3).
pub(crate) fn is_js_space(c: u16) -> bool {
    let c = u32::from(c);
    unicode::is_white_space(c) || unicode::is_line_terminator(c)
}

/// trim / trimStart / trimEnd (magic 0 / 1 / 2).
fn trim(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "trim")?;
    let u = s.units();
    let mut a = 0;
    let mut b = u.len();
    if args.magic != 2 {
        while a < b && is_js_space(u.at(a)) {
            a += 1;
        }
    }
    if args.magic != 1 {
        while b > a && is_js_space(u.at(b - 1)) {
            b -= 1;
        }
    }
    Ok(sub(&cx, &s, a, b))
}

/// padStart / padEnd (magic 0 / 1).
fn pad(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "padStart")?;
    let max = cx.to_length(args.arg(0))?;
    let len = s.len();
    if max <= len as f64 {
        return Ok(Value::String(s));
    }
    let filler = if args.arg(1).is_undefined() {
        cx.str(" ")
    } else {
        cx.to_string(args.arg(1))?
    };
    if filler.is_empty() {
        return Ok(Value::String(s));
    }
    if max > crate::string::MAX_STRING_LEN as f64 {
        return cx.range_error("invalid string length");
    }
    cx.check_alloc(max as usize * 2)?;
    let fill_len = max as usize - len;
    let f = filler.units();
    let mut b = StringBuilder::with_capacity(max as usize);
    if args.magic == 1 {
        b.push_js(&s);
    }
    for i in 0..fill_len {
        b.push(f.at(i % f.len()));
    }
    if args.magic == 0 {
        b.push_js(&s);
    }
    Ok(Value::String(b.finish(cx.heap())))
}

fn repeat(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "repeat")?;
    let n = cx.to_integer(args.arg(0))?;
    if n < 0.0 || n == f64::INFINITY {
        return cx.range_error("invalid count value");
    }
    if s.is_empty() || n == 0.0 {
        return Ok(Value::String(cx.rt.atom_string(Atom::EMPTY)));
    }
    let total = s.len() as f64 * n;
    if total > crate::string::MAX_STRING_LEN as f64 {
        return cx.range_error("invalid string length");
    }
    cx.check_alloc(total as usize * 2)?;
    let mut b = StringBuilder::with_capacity(total as usize);
    for _ in 0..n as usize {
        b.push_js(&s);
    }
    Ok(Value::String(b.finish(cx.heap())))
}

fn concat(cx: Cx, args: &Args) -> JsResult<Value> {
    let mut s = this_str(&cx, args, "concat")?;
    for a in args.args {
        let t = cx.to_string(a)?;
        s = match JsString::concat(cx.heap(), &s, &t) {
            Some(x) => x,
            None => return cx.range_error("invalid string length"),
        };
    }
    Ok(Value::String(s))
}

/// String.prototype.split with a string separator (§22.1.3.23).
fn split(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.this.is_nullish() {
        return cx.type_error("String.prototype.split called on null or undefined");
    }
    let sep = args.arg(0);
    if matches!(sep, Value::Object(_)) {
        let splitter = object::get_value(&cx, sep, Atom::SYM_SPLIT)?;
        if !splitter.is_nullish() {
            return cx.call(&splitter, sep, &[args.this.clone(), args.get(1)]);
        }
    }
    let s = cx.to_string(&args.this)?;
    let lim = if args.arg(1).is_undefined() {
        u32::MAX
    } else {
        cx.to_uint32(args.arg(1))?
    };
    let r = cx.to_string(sep)?;
    if lim == 0 {
        return Ok(Value::Object(object::new_array(cx, Vec::new())));
    }
    if sep.is_undefined() {
        return Ok(Value::Object(object::new_array(cx, vec![Value::String(s)])));
    }
    let (h, nd) = (s.units(), r.units());
    let mut out = Vec::new();
    if nd.is_empty() {
        for i in 0..h.len().min(lim as usize) {
            out.push(Value::String(char_string(&cx, h.at(i))));
            if i % 1024 == 0 {
                // The element vector is not accounted yet: check it against the limit.
                cx.check_alloc(out.len() * std::mem::size_of::<Value>())?;
                cx.poll()?;
            }
        }
        return Ok(Value::Object(object::new_array(cx, out)));
    }
    let mut p = 0;
    let mut q = 0;
    while let Some(i) = find(&h, &nd, q) {
        out.push(sub(&cx, &s, p, i));
        if out.len() as u32 >= lim {
            return Ok(Value::Object(object::new_array(cx, out)));
        }
        p = i + nd.len();
        q = p;
        cx.check_alloc(out.len() * std::mem::size_of::<Value>())?;
        cx.poll()?;
    }
    out.push(sub(&cx, &s, p, h.len()));
    Ok(Value::Object(object::new_array(cx, out)))
}

/// GetMethod(v, key) (§7.3.11) for a non-nullish `v`: undefined or a
/// callable, otherwise a TypeError.
fn get_method(cx: &Cx, v: &Value, key: Atom) -> JsResult<Option<Value>> {
    let m = object::get_value(cx, v, key)?;
    if m.is_nullish() {
        return Ok(None);
    }
    if !m.is_callable() {
        return cx.type_error("Symbol method is not a function");
    }
    Ok(Some(m))
}

/// String.prototype.match / search (§22.1.3.13, §22.1.3.22): delegate to
/// `@@match` / `@@search` of the argument (only when it is an object) or of
/// a new RegExp.
fn match_search(cx: Cx, args: &Args) -> JsResult<Value> {
    let (name, key) = if args.magic == 0 {
        ("match", Atom::SYM_MATCH)
    } else {
        ("search", Atom::SYM_SEARCH)
    };
    // 1-2.
    if args.this.is_nullish() {
        return cx.type_error(&format!(
            "String.prototype.{name} called on null or undefined"
        ));
    }
    let regexp = args.arg(0);
    if matches!(regexp, Value::Object(_))
        && let Some(m) = get_method(&cx, regexp, key)?
    {
        return cx.call(&m, regexp, std::slice::from_ref(&args.this));
    }
    // 3-5.
    let s = cx.to_string(&args.this)?;
    let rx = super::regexp::regexp_create(&cx, regexp, &Value::Undefined)?;
    let rxv = Value::Object(rx);
    let f = object::get_value(&cx, &rxv, key)?;
    cx.call(&f, &rxv, &[Value::String(s)])
}

/// String.prototype.matchAll (§22.1.3.14).
fn match_all(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.this.is_nullish() {
        return cx.type_error("String.prototype.matchAll called on null or undefined");
    }
    let regexp = args.arg(0);
    // 2.
    if matches!(regexp, Value::Object(_)) {
        if super::regexp::is_regexp(&cx, regexp)? {
            let flags = object::get_value(&cx, regexp, Atom::FLAGS)?;
            if flags.is_nullish() {
                return cx.type_error("matchAll: flags is null or undefined");
            }
            let flags = cx.to_string(&flags)?;
            if !flags.units().iter().any(|u| u == b'g' as u16) {
                return cx.type_error("matchAll requires a global RegExp");
            }
        }
        if let Some(m) = get_method(&cx, regexp, Atom::SYM_MATCH_ALL)? {
            return cx.call(&m, regexp, std::slice::from_ref(&args.this));
        }
    }
    // 3-5.
    let s = cx.to_string(&args.this)?;
    let rx = super::regexp::regexp_create(&cx, regexp, &Value::String(cx.str("g")))?;
    let rxv = Value::Object(rx);
    let f = object::get_value(&cx, &rxv, Atom::SYM_MATCH_ALL)?;
    cx.call(&f, &rxv, &[Value::String(s)])
}

/// String.prototype.replace / replaceAll (§22.1.3.19, §22.1.3.20); magic 1
/// for replaceAll.
fn replace(cx: Cx, args: &Args) -> JsResult<Value> {
    let all = args.magic == 1;
    // 1.
    if args.this.is_nullish() {
        return cx.type_error(&format!(
            "String.prototype.{} called on null or undefined",
            if all { "replaceAll" } else { "replace" }
        ));
    }
    let search_value = args.arg(0);
    let replace_value = args.get(1);
    // 2.
    if matches!(search_value, Value::Object(_)) {
        if all && super::regexp::is_regexp(&cx, search_value)? {
            let flags = object::get_value(&cx, search_value, Atom::FLAGS)?;
            if flags.is_nullish() {
                return cx.type_error("replaceAll: flags is null or undefined");
            }
            let flags = cx.to_string(&flags)?;
            if !flags.units().iter().any(|u| u == b'g' as u16) {
                return cx.type_error("replaceAll requires a global RegExp");
            }
        }
        if let Some(m) = get_method(&cx, search_value, Atom::SYM_REPLACE)? {
            return cx.call(&m, search_value, &[args.this.clone(), replace_value]);
        }
    }
    // 3-6.
    let s = cx.to_string(&args.this)?;
    let search = cx.to_string(search_value)?;
    let functional = replace_value.is_callable();
    let template = if functional {
        None
    } else {
        Some(cx.to_string(&replace_value)?)
    };
    // Positions of the matches (one for replace; all, advancing by
    // max(1, searchLength), for replaceAll).
    let (h, nd) = (s.units(), search.units());
    let mut positions = Vec::new();
    let mut from = 0;
    while let Some(p) = find(&h, &nd, from) {
        positions.push(p);
        if !all {
            break;
        }
        from = p + nd.len().max(1);
        if from > h.len() {
            break;
        }
        cx.poll()?;
    }
    if positions.is_empty() {
        return Ok(Value::String(s));
    }
    let mut out = StringBuilder::new();
    let mut end_of_last = 0;
    for p in positions {
        out.push_units(s.units().slice(end_of_last, p));
        match &template {
            None => {
                let v = cx.call(
                    &replace_value,
                    &Value::Undefined,
                    &[
                        Value::String(search.clone()),
                        Value::number(p as f64),
                        Value::String(s.clone()),
                    ],
                )?;
                let r = cx.to_string(&v)?;
                out.push_js(&r);
            }
            Some(t) => super::regexp::get_substitution(
                &cx,
                &search,
                &s,
                p,
                &[],
                &Value::Undefined,
                t,
                &mut out,
            )?,
        }
        end_of_last = p + search.len();
    }
    out.push_units(s.units().slice(end_of_last.min(s.len()), s.len()));
    Ok(Value::String(out.finish(cx.heap())))
}

/// The NFC form of `u` as code points (lone surrogates kept).
fn nfc_code_points(u: &Units) -> Vec<u32> {
    let units = utf16_vec(u);
    let nfc = if units.iter().all(|&c| c < 0x300) {
        units
    } else {
        unicode::normalize(unicode::NormalizationForm::Nfc, &units)
    };
    unicode::decode_utf16_lossless(&nfc)
}

/// String.prototype.localeCompare (§22.1.3.12) for the root locale without
/// collation data: the NFC forms are compared in code point order, which is
/// a consistent total order in which canonically equivalent strings are
/// equal.
fn locale_compare(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "localeCompare")?;
    let t = cx.to_string(args.arg(0))?;
    let (a, b) = (s.units(), t.units());
    // Below U+0300 every string is in NFC and has no surrogates, so code
    // unit order is code point order.
    let nfc_stable = |u: &Units| match u {
        Units::Latin1(_) => true,
        Units::Utf16(w) => w.iter().all(|&c| c < 0x300),
    };
    let ord = match (a, b) {
        (Units::Latin1(x), Units::Latin1(y)) => x.cmp(y),
        _ if nfc_stable(&a) && nfc_stable(&b) => a.cmp_units(&b),
        _ => {
            cx.check_alloc((a.len() + b.len()).saturating_mul(12))?;
            nfc_code_points(&a).cmp(&nfc_code_points(&b))
        }
    };
    Ok(Value::Int(match ord {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

fn is_well_formed(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "isWellFormed")?;
    let u = s.units();
    let mut i = 0;
    while i < u.len() {
        let (c, n) = code_point_at(&u, i);
        if (0xD800..0xE000).contains(&c) {
            return Ok(Value::Bool(false));
        }
        i += n;
    }
    Ok(Value::Bool(true))
}

fn to_well_formed(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = this_str(&cx, args, "toWellFormed")?;
    let u = s.units();
    let mut b = StringBuilder::with_capacity(u.len());
    let mut i = 0;
    while i < u.len() {
        let (c, n) = code_point_at(&u, i);
        if (0xD800..0xE000).contains(&c) {
            b.push(0xFFFD);
        } else {
            b.push_code_point(c);
        }
        i += n;
    }
    Ok(Value::String(b.finish(cx.heap())))
}

/// String.raw (§22.1.2.4).
fn raw(cx: Cx, args: &Args) -> JsResult<Value> {
    let subs = args.args.get(1..).unwrap_or(&[]);
    let cooked = cx.to_object(args.arg(0))?;
    let raw = object::get_prop(&cx, &cooked, cx.intern("raw"))?;
    let literals = cx.to_object(&raw)?;
    let count = cx.to_length(&object::get_prop(&cx, &literals, Atom::LENGTH)?)?;
    let mut b = StringBuilder::new();
    let mut i = 0.0;
    while i < count {
        let key = cx.to_property_key(&Value::number(i))?;
        let lit = object::get_prop(&cx, &literals, key)?;
        b.push_js(&cx.to_string(&lit)?);
        if i + 1.0 >= count {
            break;
        }
        if let Some(s) = subs.get(i as usize) {
            b.push_js(&cx.to_string(s)?);
        }
        if b.len() > crate::string::MAX_STRING_LEN {
            return cx.range_error("invalid string length");
        }
        cx.check_alloc(b.len())?;
        i += 1.0;
        cx.poll()?;
    }
    Ok(Value::String(b.finish(cx.heap())))
}

const CTOR_FNS: &[FnSpec] = fns! {
    "fromCharCode", 1, from_char_code;
    "fromCodePoint", 1, from_code_point;
    "raw", 1, raw;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "toString", 0, value_of;
    "valueOf", 0, value_of;
    "charAt", 1, char_at;
    "charCodeAt", 1, char_code_at;
    "codePointAt", 1, code_point_at_fn;
    "at", 1, at;
    "indexOf", 1, index_of;
    "lastIndexOf", 1, last_index_of;
    "includes", 1, includes, 0;
    "startsWith", 1, includes, 1;
    "endsWith", 1, includes, 2;
    "slice", 2, slice;
    "substring", 2, substring;
    "substr", 2, substr;
    "toUpperCase", 0, change_case, 0;
    "toLowerCase", 0, change_case, 1;
    "toLocaleUpperCase", 0, change_case, 2;
    "toLocaleLowerCase", 0, change_case, 3;
    "normalize", 0, normalize;
    "trim", 0, trim, 0;
    "trimStart", 0, trim, 1;
    "trimEnd", 0, trim, 2;
    "padStart", 1, pad, 0;
    "padEnd", 1, pad, 1;
    "repeat", 1, repeat;
    "concat", 1, concat;
    "split", 2, split;
    "match", 1, match_search, 0;
    "matchAll", 1, match_all;
    "replace", 2, replace, 0;
    "replaceAll", 2, replace, 1;
    "search", 1, match_search, 1;
    "localeCompare", 1, locale_compare;
    "isWellFormed", 0, is_well_formed;
    "toWellFormed", 0, to_well_formed;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().string_proto;
    let ctor = super::define_ctor(cx, "String", 1, string_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    // Annex B aliases share the function objects.
    for (alias, target) in [("trimLeft", "trimStart"), ("trimRight", "trimEnd")] {
        if let Ok(f) = object::get_prop(cx, proto, cx.intern(target)) {
            object::define_data(cx, proto, cx.intern(alias), f, crate::shape::flags::HIDDEN);
        }
    }
}
