//! Readable rendering of values for consoles (`console.log`, the REPL).

use crate::atom::Atom;
use crate::object::{self, Class, Obj, Slot};
use crate::runtime::Cx;
use crate::value::Value;

const MAX_DEPTH: usize = 2;
const MAX_ITEMS: usize = 100;

/// Renders `v`: strings as they are at top level, quoted when nested.
pub(crate) fn inspect(cx: &Cx, v: &Value) -> String {
    let mut out = String::new();
    let mut seen = Vec::new();
    write_value(cx, v, 0, true, &mut seen, &mut out);
    out
}

fn quote(s: &str, out: &mut String) {
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

fn key_text(cx: &Cx, k: Atom) -> String {
    if cx.rt.atoms.is_symbol(k) {
        return format!("[Symbol({})]", cx.rt.atom_name(k));
    }
    let s = cx.rt.atom_name(k);
    let ident = !s.is_empty()
        && s.chars().enumerate().all(|(i, c)| {
            c == '_' || c == '$' || c.is_alphabetic() || (i > 0 && c.is_ascii_digit())
        });
    if ident || k.is_index() {
        s
    } else {
        let mut q = String::new();
        quote(&s, &mut q);
        q
    }
}

fn write_value(
    cx: &Cx,
    v: &Value,
    depth: usize,
    top: bool,
    seen: &mut Vec<usize>,
    out: &mut String,
) {
    match v {
        Value::String(s) => {
            if top {
                out.push_str(&s.to_rust_string());
            } else {
                quote(&s.to_rust_string(), out);
            }
        }
        Value::Symbol(a) => {
            out.push_str(&crate::builtins::symbol::descriptive_string(cx, *a).to_rust_string())
        }
        Value::Object(o) => write_object(cx, o, depth, seen, out),
        other => out.push_str(&other.debug_string()),
    }
}

fn own_data(cx: &Cx, o: &Obj, k: Atom) -> Value {
    let d = o.d.borrow();
    if let Class::Array(a) = &d.class
        && a.fast
        && let Some(i) = k.index()
    {
        return a
            .elems
            .get(i as usize)
            .filter(|v| !crate::object::array::is_hole(v))
            .cloned()
            .unwrap_or(Value::Undefined);
    }
    if let Class::TypedArray(t) = &d.class
        && let Some(i) = k.index()
    {
        return t.get(cx, i as usize).unwrap_or(Value::Undefined);
    }
    match d.shape.find(k).map(|i| &d.slots[i]) {
        Some(Slot::Data(v)) => v.clone(),
        Some(Slot::Accessor(_)) => Value::String(cx.str("[Getter/Setter]")),
        None => Value::Undefined,
    }
}

fn write_object(cx: &Cx, o: &Obj, depth: usize, seen: &mut Vec<usize>, out: &mut String) {
    // A proxy shows its target, without running any trap.
    let mut o = o.clone();
    loop {
        let target = match &o.d.borrow().class {
            Class::Proxy(p) => p.target.clone(),
            _ => break,
        };
        match target {
            Some(t) => o = t,
            None => return out.push_str("[revoked Proxy]"),
        }
    }
    let o = &o;
    if seen.contains(&o.addr()) {
        out.push_str("[Circular]");
        return;
    }
    let (callable, is_array, is_error) = {
        let d = o.d.borrow();
        (
            matches!(
                d.class,
                Class::Closure(_) | Class::Native(_) | Class::Bound(_)
            ),
            matches!(d.class, Class::Array(_) | Class::TypedArray(_)),
            matches!(d.class, Class::Error),
        )
    };
    if callable {
        let name = match own_data(cx, o, Atom::NAME) {
            Value::String(s) if !s.is_empty() => s.to_rust_string(),
            _ => "(anonymous)".into(),
        };
        out.push_str(&format!("[Function: {name}]"));
        return;
    }
    if is_error {
        let name = object::get_prop(cx, o, Atom::NAME)
            .ok()
            .and_then(|v| cx.to_rust_string(&v).ok())
            .unwrap_or_default();
        let msg = object::get_prop(cx, o, Atom::MESSAGE)
            .ok()
            .and_then(|v| cx.to_rust_string(&v).ok())
            .unwrap_or_default();
        if msg.is_empty() {
            out.push_str(&name);
        } else {
            out.push_str(&format!("{name}: {msg}"));
        }
        return;
    }
    match &o.d.borrow().class {
        Class::Boolean(b) => return out.push_str(&format!("[Boolean: {b}]")),
        Class::BigInt(b) => return out.push_str(&format!("[BigInt: {}n]", b.get())),
        Class::Number(n) => {
            return out.push_str(&format!("[Number: {}]", crate::value::number_to_string(*n)));
        }
        Class::String(s) => return out.push_str(&format!("[String: '{}']", s.to_rust_string())),
        Class::Date(t) => return out.push_str(&crate::builtins::date::inspect(*t)),
        Class::TypedArray(t) => {
            out.push_str(&format!("{}({}) ", t.kind.name(), t.len().unwrap_or(0)))
        }
        Class::ArrayBuffer(b) => {
            return out.push_str(&format!("ArrayBuffer {{ byteLength: {} }}", b.len()));
        }
        Class::RegExp(r) => {
            let src = crate::builtins::regexp::escape_pattern(cx, &r.source);
            return out.push_str(&format!("/{}/{}", src.to_rust_string(), r.regex.flags()));
        }
        _ => {}
    }
    if depth > MAX_DEPTH {
        out.push_str(if is_array { "[Array]" } else { "[Object]" });
        return;
    }
    seen.push(o.addr());
    let keys: Vec<Atom> = crate::builtins::object::enumerable_own_keys(cx, o)
        .unwrap_or_default()
        .into_iter()
        .filter(|k| *k != Atom::LENGTH || !is_array)
        .collect();
    let (open, close) = if is_array { ("[", "]") } else { ("{", "}") };
    if keys.is_empty() {
        out.push_str(open);
        out.push_str(close);
        seen.pop();
        return;
    }
    out.push_str(open);
    out.push(' ');
    for (i, k) in keys.iter().enumerate() {
        if i >= MAX_ITEMS {
            out.push_str(&format!("... {} more items", keys.len() - MAX_ITEMS));
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        if !(is_array && k.is_index()) {
            out.push_str(&key_text(cx, *k));
            out.push_str(": ");
        }
        let v = own_data(cx, o, *k);
        write_value(cx, &v, depth + 1, false, seen, out);
    }
    out.push(' ');
    out.push_str(close);
    seen.pop();
}
