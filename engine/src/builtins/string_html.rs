//! The Annex B HTML methods of `String.prototype` (§B.2.2.2 - §B.2.2.14):
//! `"x".bold()` and friends, all through CreateHTML (§B.2.2.2.1).
//!
//! <https://tc39.es/ecma262/#sec-string.prototype.anchor>

use super::{FnSpec, fns};
use crate::object::Args;
use crate::runtime::{Cx, JsResult};
use crate::string::StringBuilder;
use crate::value::Value;

/// (tag, attribute) for each method, indexed by magic.
const TAGS: &[(&str, &str)] = &[
    ("a", "name"),
    ("big", ""),
    ("blink", ""),
    ("b", ""),
    ("tt", ""),
    ("font", "color"),
    ("font", "size"),
    ("i", ""),
    ("a", "href"),
    ("small", ""),
    ("strike", ""),
    ("sub", ""),
    ("sup", ""),
];

/// CreateHTML (§B.2.2.2.1).
fn create_html(cx: Cx, args: &Args) -> JsResult<Value> {
    // Steps 1-2.
    if args.this.is_nullish() {
        return cx.type_error("String.prototype HTML method called on null or undefined");
    }
    let s = cx.to_string(&args.this)?;
    let (tag, attr) = TAGS[args.magic as usize];
    let mut out = StringBuilder::new();
    out.push(b'<' as u16);
    out.push_str(tag);
    // Step 4: the attribute value with quotes escaped.
    if !attr.is_empty() {
        let v = cx.to_string(args.arg(0))?;
        out.push(b' ' as u16);
        out.push_str(attr);
        out.push_str("=\"");
        for u in v.units().iter() {
            if u == b'"' as u16 {
                out.push_str("&quot;");
            } else {
                out.push(u);
            }
        }
        out.push(b'"' as u16);
    }
    out.push(b'>' as u16);
    out.push_js(&s);
    out.push_str("</");
    out.push_str(tag);
    out.push(b'>' as u16);
    Ok(Value::String(out.finish(cx.heap())))
}

const FNS: &[FnSpec] = fns! {
    "anchor", 1, create_html, 0;
    "big", 0, create_html, 1;
    "blink", 0, create_html, 2;
    "bold", 0, create_html, 3;
    "fixed", 0, create_html, 4;
    "fontcolor", 1, create_html, 5;
    "fontsize", 1, create_html, 6;
    "italics", 0, create_html, 7;
    "link", 1, create_html, 8;
    "small", 0, create_html, 9;
    "strike", 0, create_html, 10;
    "sub", 0, create_html, 11;
    "sup", 0, create_html, 12;
};

pub(crate) fn init(cx: &Cx) {
    super::define_fns(cx, &cx.intr().string_proto, FNS);
}
