//! Readable rendering of values for consoles (`console.log`, the REPL), in
//! the manner of node's `util.inspect`: nested objects and arrays, Maps and
//! Sets, class instances by their constructor's name, promises with their
//! state, cycles as `[Circular]`, optionally coloured with ANSI escapes.
//! Nothing here runs JavaScript code except the `name`/`message` reads of
//! errors: proxies show their target, accessors show as `[Getter]`.

use crate::atom::Atom;
use crate::object::{self, Class, Obj, Slot};
use crate::runtime::Cx;
use crate::value::Value;

/// How [`inspect_with`] renders values.
#[derive(Clone, Copy, Debug)]
pub struct InspectOptions {
    /// ANSI colours (numbers yellow, strings green, functions cyan, ...).
    pub colors: bool,
    /// How many levels of nesting are shown before `[Object]`.
    pub depth: usize,
    /// Whether a string at the top level is quoted (as the REPL shows
    /// results) rather than written as it is (as `console.log` does).
    pub quote_strings: bool,
    /// Objects whose one-line form is longer than this are written one
    /// property per line.
    pub break_length: usize,
}

impl Default for InspectOptions {
    fn default() -> Self {
        InspectOptions {
            colors: false,
            depth: 2,
            quote_strings: false,
            break_length: 80,
        }
    }
}

const MAX_ITEMS: usize = 100;

/// A Map entry (key and value) or a Set element (key only).
type Entry = (Value, Option<Value>);

/// Renders `v` with the default options: strings as they are at top
/// level, quoted when nested.
pub(crate) fn inspect(cx: &Cx, v: &Value) -> String {
    inspect_with(cx, v, &InspectOptions::default())
}

/// Renders `v` with `opts`.
pub(crate) fn inspect_with(cx: &Cx, v: &Value, opts: &InspectOptions) -> String {
    let mut p = Printer {
        cx,
        opts,
        seen: Vec::new(),
    };
    if let Value::String(s) = v
        && !opts.quote_strings
    {
        return s.to_rust_string();
    }
    p.value(v, 0)
}

#[derive(Clone, Copy)]
enum Style {
    Number,
    String,
    Special,
    Undefined,
    Null,
    Date,
    RegExp,
}

struct Printer<'a, 'b> {
    cx: &'a Cx<'b>,
    opts: &'a InspectOptions,
    seen: Vec<usize>,
}

fn quote(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// The printed width of `s`, ANSI escapes left out.
fn visible_len(s: &str) -> usize {
    let mut n = 0;
    let mut esc = false;
    for c in s.chars() {
        if esc {
            esc = c != 'm';
        } else if c == '\x1b' {
            esc = true;
        } else {
            n += 1;
        }
    }
    n
}

impl Printer<'_, '_> {
    fn style(&self, s: &str, style: Style) -> String {
        if !self.opts.colors {
            return s.to_string();
        }
        let (on, off) = match style {
            Style::Number => (33, 39),
            Style::String => (32, 39),
            Style::Special => (36, 39),
            Style::Undefined => (90, 39),
            Style::Null => (1, 22),
            Style::Date => (35, 39),
            Style::RegExp => (31, 39),
        };
        format!("\x1b[{on}m{s}\x1b[{off}m")
    }

    fn key_text(&self, k: Atom) -> String {
        let cx = self.cx;
        if cx.rt.atoms.is_symbol(k) {
            let d = crate::builtins::symbol::descriptive_string(cx, k).to_rust_string();
            return format!("[{}]", self.style(&d, Style::String));
        }
        let s = cx.rt.atom_name(k);
        let ident = !s.is_empty()
            && s.chars().enumerate().all(|(i, c)| {
                c == '_' || c == '$' || c.is_alphabetic() || (i > 0 && c.is_ascii_digit())
            });
        if ident || k.is_index() {
            s
        } else {
            self.style(&quote(&s), Style::String)
        }
    }

    fn value(&mut self, v: &Value, level: usize) -> String {
        match v {
            Value::String(s) => self.style(&quote(&s.to_rust_string()), Style::String),
            Value::Symbol(a) => {
                let d =
                    crate::builtins::symbol::descriptive_string(self.cx, a.atom()).to_rust_string();
                self.style(&d, Style::String)
            }
            Value::Object(o) => self.object(o, level),
            Value::Undefined => self.style("undefined", Style::Undefined),
            Value::Null => self.style("null", Style::Null),
            Value::Bool(_) | Value::Int(_) | Value::BigInt(_) => {
                let s = match v {
                    Value::BigInt(b) => format!("{}n", b.get()),
                    _ => v.debug_string(),
                };
                self.style(&s, Style::Number)
            }
            Value::Float(f) => {
                let s = if *f == 0.0 && f.is_sign_negative() {
                    "-0".to_string()
                } else {
                    crate::value::number_to_string(*f)
                };
                self.style(&s, Style::Number)
            }
            #[allow(unreachable_patterns)]
            other => other.debug_string(),
        }
    }

    /// The value of own property `k` without running getters.
    fn own_data(&self, o: &Obj, k: Atom) -> Result<Value, &'static str> {
        let cx = self.cx;
        let d = o.d.borrow();
        if let Class::Array(a) = &d.class
            && a.fast
            && let Some(i) = k.index()
        {
            return Ok(a
                .elems
                .get(i as usize)
                .filter(|v| !crate::object::array::is_hole(v))
                .cloned()
                .unwrap_or(Value::Undefined));
        }
        if let Class::TypedArray(t) = &d.class
            && let Some(i) = k.index()
        {
            return Ok(t.get(cx, i as usize).unwrap_or(Value::Undefined));
        }
        match d.shape.find(k).map(|i| &d.slots[i]) {
            Some(Slot::Data(v)) => Ok(v.clone()),
            Some(Slot::Accessor(a)) => Err(match (a.get.is_some(), a.set.is_some()) {
                (true, true) => "[Getter/Setter]",
                (true, false) => "[Getter]",
                _ => "[Setter]",
            }),
            None => Ok(Value::Undefined),
        }
    }

    /// The name of the constructor of `o`'s prototype when it is not the
    /// plain `Object` (`Some("")` for a null prototype).
    fn class_name(&self, o: &Obj) -> Option<String> {
        let proto = o.d.borrow().proto.clone();
        let Some(proto) = proto else {
            return Some(String::new());
        };
        let ctor = self.own_data(&proto, Atom::CONSTRUCTOR).ok()?;
        let Value::Object(c) = ctor else { return None };
        match self.own_data(&c, Atom::NAME) {
            Ok(Value::String(s)) if !s.is_empty() => {
                let s = s.to_rust_string();
                (s != "Object").then_some(s)
            }
            _ => None,
        }
    }

    fn error_text(&self, o: &Obj, level: usize) -> String {
        let cx = self.cx;
        let text = |k| {
            object::get_prop(cx, o, k)
                .ok()
                .and_then(|v| cx.to_rust_string(&v).ok())
                .unwrap_or_default()
        };
        let name = text(Atom::NAME);
        let msg = text(Atom::MESSAGE);
        let head = if msg.is_empty() {
            name
        } else {
            format!("{name}: {msg}")
        };
        let stack = match object::get_prop(cx, o, Atom::STACK) {
            Ok(Value::String(s)) => s.to_rust_string(),
            _ => String::new(),
        };
        if level > 0 || stack.is_empty() {
            return if level > 0 { format!("[{head}]") } else { head };
        }
        format!("{head}\n{}", stack.trim_end_matches('\n'))
    }

    fn object(&mut self, o: &Obj, level: usize) -> String {
        // A proxy shows its target, without running any trap.
        let mut o = o.clone();
        loop {
            let target = match &o.d.borrow().class {
                Class::Proxy(p) => p.target.clone(),
                _ => break,
            };
            match target {
                Some(t) => o = t,
                None => return self.style("[revoked Proxy]", Style::Special),
            }
        }
        let o = &o;
        if self.seen.contains(&o.addr()) {
            return self.style("[Circular]", Style::Special);
        }
        let cx = self.cx;
        // The prefix before the braces and what the object holds besides
        // its own properties.
        let mut prefix = String::new();
        let mut items: Vec<String> = Vec::new();
        let (open, close, is_array) = {
            let d = o.d.borrow();
            match &d.class {
                Class::Closure(_) | Class::Native(_) | Class::Bound(_) => {
                    drop(d);
                    let name = match self.own_data(o, Atom::NAME) {
                        Ok(Value::String(s)) if !s.is_empty() => {
                            format!("[Function: {}]", s.to_rust_string())
                        }
                        _ => "[Function (anonymous)]".into(),
                    };
                    return self.style(&name, Style::Special);
                }
                Class::Error => {
                    drop(d);
                    return self.error_text(o, level);
                }
                Class::Boolean(b) => return self.style(&format!("[Boolean: {b}]"), Style::Number),
                Class::BigInt(b) => {
                    return self.style(&format!("[BigInt: {}n]", b.get()), Style::Number);
                }
                Class::Number(n) => {
                    let s = format!("[Number: {}]", crate::value::number_to_string(*n));
                    return self.style(&s, Style::Number);
                }
                Class::String(s) => {
                    let s = format!("[String: {}]", quote(&s.to_rust_string()));
                    return self.style(&s, Style::String);
                }
                Class::Date(t) => {
                    return self.style(&crate::builtins::date::inspect(*t), Style::Date);
                }
                Class::RegExp(r) => {
                    let src = crate::builtins::regexp::escape_pattern(cx, &r.source);
                    let s = format!("/{}/{}", src.to_rust_string(), r.regex.flags());
                    return self.style(&s, Style::RegExp);
                }
                Class::ArrayBuffer(b) => {
                    return format!(
                        "ArrayBuffer {{ byteLength: {} }}",
                        self.style(&b.len().to_string(), Style::Number)
                    );
                }
                Class::WeakMap(_) | Class::WeakSet(_) => {
                    let name = if matches!(d.class, Class::WeakMap(_)) {
                        "WeakMap"
                    } else {
                        "WeakSet"
                    };
                    return format!(
                        "{name} {{ {} }}",
                        self.style("<items unknown>", Style::Special)
                    );
                }
                Class::TypedArray(t) => {
                    prefix = format!("{}({}) ", t.kind.name(), t.len().unwrap_or(0));
                    ("[", "]", true)
                }
                Class::Array(_) => ("[", "]", true),
                _ => ("{", "}", false),
            }
        };
        if level > self.opts.depth {
            let name = if is_array {
                "[Array]".to_string()
            } else {
                match self.class_name(o) {
                    Some(n) if !n.is_empty() => format!("[{n}]"),
                    _ => "[Object]".into(),
                }
            };
            return self.style(&name, Style::Special);
        }
        self.seen.push(o.addr());
        // Map and Set entries, a promise's state.
        let extra: Option<(String, Vec<Entry>)> = {
            let d = o.d.borrow();
            match &d.class {
                Class::Map(m) => {
                    let mut c = m.copy();
                    let cur = c.cursor();
                    let mut v = Vec::new();
                    while let Some((k, val)) = c.next(&cur) {
                        v.push((k, Some(val)));
                        if v.len() > MAX_ITEMS {
                            break;
                        }
                    }
                    Some((format!("Map({}) ", m.len()), v))
                }
                Class::Set(m) => Some((
                    format!("Set({}) ", m.len()),
                    m.keys()
                        .into_iter()
                        .take(MAX_ITEMS + 1)
                        .map(|k| (k, None))
                        .collect(),
                )),
                _ => None,
            }
        };
        if let Some((p, entries)) = extra {
            prefix = p;
            for (i, (k, v)) in entries.iter().enumerate() {
                if i >= MAX_ITEMS {
                    items.push("...".into());
                    break;
                }
                let ks = self.value(k, level + 1);
                items.push(match v {
                    Some(v) => format!("{ks} => {}", self.value(v, level + 1)),
                    None => ks,
                });
            }
        }
        let promise = match &o.d.borrow().class {
            Class::Promise(p) => Some((p.state, p.result.clone())),
            _ => None,
        };
        if let Some((state, result)) = promise {
            use crate::builtins::promise::State;
            prefix = "Promise ".into();
            items.push(match state {
                State::Pending => self.style("<pending>", Style::Special),
                State::Fulfilled => self.value(&result, level + 1),
                State::Rejected => format!(
                    "{} {}",
                    self.style("<rejected>", Style::Special),
                    self.value(&result, level + 1)
                ),
            });
        }
        if prefix.is_empty() && !is_array {
            match self.class_name(o) {
                Some(n) if n.is_empty() => prefix = "[Object: null prototype] ".into(),
                Some(n) => prefix = format!("{n} "),
                None => {}
            }
        }
        let keys: Vec<Atom> = crate::builtins::object::enumerable_own_keys(cx, o)
            .unwrap_or_default()
            .into_iter()
            .filter(|k| *k != Atom::LENGTH || !is_array)
            .collect();
        let total = keys.len();
        for (i, k) in keys.into_iter().enumerate() {
            if i >= MAX_ITEMS {
                items.push(format!("... {} more items", total - MAX_ITEMS));
                break;
            }
            let v = match self.own_data(o, k) {
                Ok(v) => self.value(&v, level + 1),
                Err(acc) => self.style(acc, Style::Special),
            };
            if is_array && k.is_index() {
                items.push(v);
            } else {
                items.push(format!("{}: {v}", self.key_text(k)));
            }
        }
        self.seen.pop();
        if items.is_empty() {
            return format!("{prefix}{open}{close}");
        }
        let width: usize = items.iter().map(|s| visible_len(s) + 2).sum::<usize>()
            + visible_len(&prefix)
            + level * 2;
        if width <= self.opts.break_length && !items.iter().any(|s| s.contains('\n')) {
            return format!("{prefix}{open} {} {close}", items.join(", "));
        }
        let indent = "  ".repeat(level + 1);
        let mut out = format!("{prefix}{open}\n");
        for (i, it) in items.iter().enumerate() {
            out.push_str(&indent);
            out.push_str(it);
            if i + 1 < items.len() {
                out.push(',');
            }
            out.push('\n');
        }
        out.push_str(&"  ".repeat(level));
        out.push_str(close);
        out
    }
}
