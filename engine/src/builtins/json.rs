//! The `JSON` object (ECMA-262 §25.5): `parse` with a reviver and
//! `stringify` with replacer, indentation and cycle detection; the
//! json-parse-with-source proposal's `rawJSON`, `isRawJSON` and reviver
//! `context.source`.
//!
//! <https://tc39.es/ecma262/#sec-json-object>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, Obj};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::string::{JsString, StringBuilder, Units};
use crate::value::Value;

/// A JSON Parse Record (json-parse-with-source proposal): what the parser
/// saw for a value, handed to a reviver as `context.source` while the value
/// is unchanged. Elements and entries keep the value they were parsed as.
enum Node {
    None,
    /// A primitive's source text.
    Source(JsString),
    Array(Vec<(Value, Node)>),
    Object(Vec<(Atom, Value, Node)>),
}

struct JsonParser<'a, 'c> {
    cx: &'c Cx<'c>,
    s: Units<'a>,
    pos: usize,
}

impl JsonParser<'_, '_> {
    fn peek(&self) -> Option<u16> {
        self.s.get(self.pos)
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if matches!(c, 0x20 | 0x09 | 0x0A | 0x0D) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn err<T>(&self) -> JsResult<T> {
        match self.peek() {
            None => self.cx.syntax_error("JSON.parse: unexpected end of input"),
            Some(c) => {
                let ch = char::from_u32(c as u32).unwrap_or('?');
                self.cx.syntax_error(&format!(
                    "JSON.parse: unexpected character '{ch}' at position {}",
                    self.pos
                ))
            }
        }
    }

    fn expect(&mut self, c: u8) -> JsResult<()> {
        if self.peek() == Some(c as u16) {
            self.pos += 1;
            Ok(())
        } else {
            self.err()
        }
    }

    fn value(&mut self) -> JsResult<Value> {
        Ok(self.value_node::<false>()?.0)
    }

    /// Parses a value and, when `RECORD` is set, its parse record (the
    /// source text of primitives and the records of elements and entries,
    /// for a reviver's `context`).
    fn value_node<const RECORD: bool>(&mut self) -> JsResult<(Value, Node)> {
        self.cx.check_stack()?;
        self.skip_ws();
        let start = self.pos;
        let v = self.value_inner::<RECORD>()?;
        if !RECORD {
            return Ok((v.0, Node::None));
        }
        let node = match v.1 {
            Some(n) => n,
            None => Node::Source(JsString::from_units(
                self.cx.heap(),
                self.s.slice(start, self.pos),
            )),
        };
        Ok((v.0, node))
    }

    /// The value at the current position with, for objects and arrays
    /// under `RECORD`, their record.
    fn value_inner<const RECORD: bool>(&mut self) -> JsResult<(Value, Option<Node>)> {
        let Some(c) = self.peek() else {
            return self.err();
        };
        match c as u8 {
            b'{' if c < 128 => {
                self.pos += 1;
                let o = object::new_plain(*self.cx);
                let mut entries = Vec::new();
                let done = |o: Obj, entries| {
                    let rec = RECORD.then_some(Node::Object(entries));
                    Ok((Value::Object(o), rec))
                };
                self.skip_ws();
                if self.peek() == Some(b'}' as u16) {
                    self.pos += 1;
                    return done(o, entries);
                }
                loop {
                    self.skip_ws();
                    if self.peek() != Some(b'"' as u16) {
                        return self.err();
                    }
                    let k = self.string()?;
                    self.skip_ws();
                    self.expect(b':')?;
                    let (v, node) = self.value_node::<RECORD>()?;
                    let key = self.cx.rt.intern_js(&k);
                    object::create_data_property(self.cx, &o, key, v.clone())?;
                    if RECORD {
                        // A repeated key's last value wins.
                        entries.retain(|(k, _, _)| *k != key);
                        entries.push((key, v, node));
                    }
                    self.skip_ws();
                    match self.peek() {
                        Some(0x2C) => self.pos += 1,
                        Some(0x7D) => {
                            self.pos += 1;
                            return done(o, entries);
                        }
                        _ => return self.err(),
                    }
                }
            }
            b'[' if c < 128 => {
                self.pos += 1;
                let mut elems = Vec::new();
                let mut nodes = Vec::new();
                let cx = self.cx;
                let done = |elems: Vec<Value>, nodes: Vec<(Value, Node)>| {
                    let a = Value::Object(object::new_array(*cx, elems));
                    Ok((a, RECORD.then_some(Node::Array(nodes))))
                };
                self.skip_ws();
                if self.peek() == Some(b']' as u16) {
                    self.pos += 1;
                    return done(elems, nodes);
                }
                loop {
                    let (v, node) = self.value_node::<RECORD>()?;
                    if RECORD {
                        nodes.push((v.clone(), node));
                    }
                    elems.push(v);
                    self.skip_ws();
                    match self.peek() {
                        Some(0x2C) => self.pos += 1,
                        Some(0x5D) => {
                            self.pos += 1;
                            return done(elems, nodes);
                        }
                        _ => return self.err(),
                    }
                }
            }
            b'"' if c < 128 => Ok((Value::String(self.string()?), None)),
            b't' if c < 128 => Ok((self.literal("true", Value::Bool(true))?, None)),
            b'f' if c < 128 => Ok((self.literal("false", Value::Bool(false))?, None)),
            b'n' if c < 128 => Ok((self.literal("null", Value::Null)?, None)),
            b'-' | b'0'..=b'9' if c < 128 => Ok((self.number()?, None)),
            _ => self.err(),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> JsResult<Value> {
        for b in word.bytes() {
            self.expect(b)?;
        }
        Ok(v)
    }

    fn number(&mut self) -> JsResult<Value> {
        let start = self.pos;
        if self.peek() == Some(b'-' as u16) {
            self.pos += 1;
        }
        let digit = |c: Option<u16>| c.is_some_and(|c| (b'0' as u16..=b'9' as u16).contains(&c));
        match self.peek() {
            Some(0x30) => self.pos += 1,
            c if digit(c) => {
                while digit(self.peek()) {
                    self.pos += 1;
                }
            }
            _ => return self.err(),
        }
        if self.peek() == Some(b'.' as u16) {
            self.pos += 1;
            if !digit(self.peek()) {
                return self.err();
            }
            while digit(self.peek()) {
                self.pos += 1;
            }
        }
        if matches!(self.peek(), Some(0x65) | Some(0x45)) {
            self.pos += 1;
            if matches!(self.peek(), Some(0x2B) | Some(0x2D)) {
                self.pos += 1;
            }
            if !digit(self.peek()) {
                return self.err();
            }
            while digit(self.peek()) {
                self.pos += 1;
            }
        }
        let text: String = (start..self.pos)
            .map(|i| self.s.at(i) as u8 as char)
            .collect();
        Ok(Value::number(text.parse::<f64>().unwrap_or(f64::NAN)))
    }

    fn string(&mut self) -> JsResult<JsString> {
        self.pos += 1;
        let mut b = StringBuilder::new();
        loop {
            let Some(c) = self.peek() else {
                return self.err();
            };
            self.pos += 1;
            match c {
                0x22 => return Ok(b.finish(self.cx.heap())),
                0x5C => {
                    let Some(e) = self.peek() else {
                        return self.err();
                    };
                    self.pos += 1;
                    match e {
                        0x22 | 0x5C | 0x2F => b.push(e),
                        0x62 => b.push(8),
                        0x66 => b.push(12),
                        0x6E => b.push(10),
                        0x72 => b.push(13),
                        0x74 => b.push(9),
                        0x75 => {
                            let mut v: u16 = 0;
                            for _ in 0..4 {
                                let Some(h) = self
                                    .peek()
                                    .and_then(|h| char::from_u32(h as u32))
                                    .and_then(|h| h.to_digit(16))
                                else {
                                    return self.err();
                                };
                                v = v * 16 + h as u16;
                                self.pos += 1;
                            }
                            b.push(v);
                        }
                        _ => {
                            self.pos -= 1;
                            return self.err();
                        }
                    }
                }
                c if c < 0x20 => {
                    self.pos -= 1;
                    return self.err();
                }
                c => b.push(c),
            }
        }
    }
}

/// InternalizeJSONProperty (§25.5.1.1, with the json-parse-with-source
/// proposal's parse record `node`: `parsed` is the value it was parsed as).
///
/// <https://tc39.es/proposal-json-parse-with-source/>
fn internalize(
    cx: &Cx,
    holder: &Obj,
    key: Atom,
    reviver: &Value,
    node: Option<(&Value, &Node)>,
) -> JsResult<Value> {
    cx.check_stack()?;
    let val = object::get_prop(cx, holder, key)?;
    let context = object::new_plain(*cx);
    // The record only describes the value while it is unchanged.
    let node = node.filter(|(parsed, _)| crate::value::same_value(parsed, &val));
    if let Some((_, Node::Source(src))) = node
        && !matches!(val, Value::Object(_))
    {
        let source = Value::String(src.clone());
        object::create_data_property(cx, &context, cx.intern("source"), source)?;
    }
    if let Value::Object(o) = &val {
        if object::is_array(cx, o)? {
            let elems: &[(Value, Node)] = match node {
                Some((_, Node::Array(e))) => e,
                _ => &[],
            };
            let len = cx.to_length(&object::get_prop(cx, o, Atom::LENGTH)?)?;
            let mut i = 0.0;
            while i < len {
                let k = cx.to_property_key(&Value::number(i))?;
                let rec = elems.get(i as usize).map(|(v, n)| (v, n));
                revive_one(cx, o, k, reviver, rec)?;
                i += 1.0;
                cx.poll()?;
            }
        } else {
            let entries: &[(Atom, Value, Node)] = match node {
                Some((_, Node::Object(e))) => e,
                _ => &[],
            };
            // EnumerableOwnProperties(val, key) is taken once, before the
            // reviver can add or delete properties (§25.5.1.1 step 2.c.i).
            let keys = super::object::enumerable_own_keys(cx, o)?;
            for k in keys {
                let rec = entries
                    .iter()
                    .find(|(ek, _, _)| *ek == k)
                    .map(|(_, v, n)| (v, n));
                revive_one(cx, o, k, reviver, rec)?;
            }
        }
    }
    let name = crate::ops::key_to_value(cx, key);
    cx.call(
        reviver,
        &Value::Object(holder.clone()),
        &[name, val, Value::Object(context)],
    )
}

fn revive_one(
    cx: &Cx,
    o: &Obj,
    k: Atom,
    reviver: &Value,
    node: Option<(&Value, &Node)>,
) -> JsResult<()> {
    let nv = internalize(cx, o, k, reviver, node)?;
    if nv.is_undefined() {
        object::delete_property(cx, o, k)?;
    } else {
        object::create_data_property(cx, o, k, nv)?;
    }
    Ok(())
}

/// JSON.parse of `text` without a reviver (JSON modules).
pub(crate) fn parse_text(cx: &Cx, text: &str) -> JsResult<Value> {
    let text = cx.str(text);
    let mut p = JsonParser {
        cx,
        s: text.units(),
        pos: 0,
    };
    let v = p.value()?;
    p.skip_ws();
    if p.pos < p.s.len() {
        return p.err();
    }
    Ok(v)
}

fn parse(cx: Cx, args: &Args) -> JsResult<Value> {
    let text = cx.to_string(args.arg(0))?;
    let reviver = args.get(1);
    let record = reviver.is_callable();
    let mut p = JsonParser {
        cx: &cx,
        s: text.units(),
        pos: 0,
    };
    let (v, node) = if record {
        p.value_node::<true>()?
    } else {
        p.value_node::<false>()?
    };
    p.skip_ws();
    if p.pos < p.s.len() {
        return p.err();
    }
    if record {
        let root = object::new_plain(cx);
        object::create_data_property(&cx, &root, Atom::EMPTY, v.clone())?;
        return internalize(&cx, &root, Atom::EMPTY, &reviver, Some((&v, &node)));
    }
    Ok(v)
}

/// Whether `o` was made by `JSON.rawJSON` (has `[[IsRawJSON]]`).
fn is_raw_json_obj(o: &Obj) -> bool {
    o.d.borrow().shape.find(Atom::PRIV_RAW_JSON).is_some()
}

/// JSON.rawJSON (json-parse-with-source proposal): a frozen null-prototype
/// object whose `rawJSON` text `JSON.stringify` emits as is; the text must
/// be one JSON primitive without surrounding whitespace.
fn raw_json(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_string(args.arg(0))?;
    let u = s.units();
    let ws = |c: u16| matches!(c, 0x09 | 0x0A | 0x0D | 0x20);
    if u.is_empty() || ws(u.at(0)) || ws(u.at(u.len() - 1)) {
        return cx.syntax_error("JSON.rawJSON: invalid raw JSON text");
    }
    if matches!(u.at(0), 0x5B | 0x7B) {
        return cx.syntax_error("JSON.rawJSON: raw JSON text must be a primitive");
    }
    let mut p = JsonParser {
        cx: &cx,
        s: u,
        pos: 0,
    };
    p.value()?;
    p.skip_ws();
    if p.pos < p.s.len() {
        return p.err();
    }
    let o = object::new_object(cx, None, Class::Object);
    object::create_data_property(&cx, &o, cx.intern("rawJSON"), Value::String(s.clone()))?;
    object::define_data(&cx, &o, Atom::PRIV_RAW_JSON, Value::Bool(true), 0);
    super::object::set_integrity_level(&cx, &o, true)?;
    Ok(Value::Object(o))
}

/// JSON.isRawJSON (json-parse-with-source proposal).
fn is_raw_json(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(
        matches!(args.arg(0), Value::Object(o) if is_raw_json_obj(o)),
    ))
}

struct Stringifier<'c> {
    cx: &'c Cx<'c>,
    replacer: Option<Value>,
    keys: Option<Vec<Atom>>,
    gap: Vec<u16>,
    indent: Vec<u16>,
    stack: Vec<usize>,
    out: StringBuilder,
}

/// QuoteJSONString (§25.5.2.3).
pub(crate) fn quote(out: &mut StringBuilder, s: &Units) {
    out.push(b'"' as u16);
    let n = s.len();
    let mut i = 0;
    while i < n {
        let c = s.at(i);
        match c {
            0x08 => out.push_str("\\b"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            c if c < 0x20 => out.push_str(&format!("\\u{c:04x}")),
            0xD800..=0xDBFF if i + 1 < n && (0xDC00..0xE000).contains(&s.at(i + 1)) => {
                out.push(c);
                out.push(s.at(i + 1));
                i += 1;
            }
            0xD800..=0xDFFF => out.push_str(&format!("\\u{c:04x}")),
            c => out.push(c),
        }
        i += 1;
    }
    out.push(b'"' as u16);
}

impl Stringifier<'_> {
    /// SerializeJSONProperty (§25.5.2.2); returns false for "undefined".
    fn property(&mut self, holder: &Obj, key: Atom) -> JsResult<bool> {
        let cx = self.cx;
        let mut v = object::get_prop(cx, holder, key)?;
        let key_value = || crate::ops::key_to_value(cx, key);
        // Step 2: objects and BigInts may have a toJSON method.
        if matches!(v, Value::Object(_) | Value::BigInt(_)) {
            let to_json = object::get_value(cx, &v, Atom::TO_JSON)?;
            if to_json.is_callable() {
                v = cx.call(&to_json, &v, &[key_value()])?;
            }
        }
        if let Some(r) = &self.replacer {
            v = cx.call(r, &Value::Object(holder.clone()), &[key_value(), v])?;
        }
        if let Value::Object(o) = &v {
            let prim = match &o.d.borrow().class {
                Class::Number(_) => Some(0),
                Class::String(_) => Some(1),
                Class::Boolean(b) => Some(if *b { 2 } else { 3 }),
                Class::BigInt(_) => Some(4),
                _ => None,
            };
            v = match prim {
                Some(0) => Value::number(cx.to_number(&v)?),
                Some(1) => Value::String(cx.to_string(&v)?),
                Some(2) => Value::Bool(true),
                Some(3) => Value::Bool(false),
                // Step 4.d: [[BigIntData]].
                Some(4) => match &o.d.borrow().class {
                    Class::BigInt(b) => Value::BigInt(b.clone()),
                    _ => Value::Undefined,
                },
                _ => v,
            };
        }
        match &v {
            Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::String(s) => quote(&mut self.out, &s.units()),
            Value::Int(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => {
                if f.is_finite() {
                    self.out.push_str(&crate::value::number_to_string(*f));
                } else {
                    self.out.push_str("null");
                }
            }
            // [[IsRawJSON]]: the text as it was given.
            Value::Object(o) if is_raw_json_obj(o) => {
                let raw = object::get_prop(cx, o, cx.intern("rawJSON"))?;
                self.out.push_js(&cx.to_string(&raw)?);
            }
            Value::Object(o) if !object::is_callable(o) => {
                if object::is_array(self.cx, o)? {
                    self.array(o)?;
                } else {
                    self.object(o)?;
                }
            }
            // Step 10.
            Value::BigInt(_) => {
                return cx.type_error("JSON.stringify: BigInt value can't be serialized");
            }
            _ => return Ok(false),
        }
        if self.out.len() > crate::string::MAX_STRING_LEN {
            return cx.range_error("invalid string length");
        }
        // The output is not a heap cell yet: count it against the limit.
        cx.check_alloc(self.out.len())?;
        Ok(true)
    }

    fn enter(&mut self, o: &Obj) -> JsResult<()> {
        self.cx.check_stack()?;
        self.cx.poll()?;
        if self.stack.contains(&o.addr()) {
            return self.cx.type_error("JSON.stringify: cyclic object value");
        }
        self.stack.push(o.addr());
        Ok(())
    }

    fn newline(&mut self) {
        if !self.gap.is_empty() {
            self.out.push(b'\n' as u16);
            for &u in &self.indent {
                self.out.push(u);
            }
        }
    }

    fn object(&mut self, o: &Obj) -> JsResult<()> {
        self.enter(o)?;
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap.clone());
        let keys = match &self.keys {
            Some(k) => k.clone(),
            None => super::object::enumerable_own_keys(self.cx, o)?,
        };
        self.out.push(b'{' as u16);
        let mut any = false;
        for k in keys {
            let mark = self.out.len();
            if any {
                self.out.push(b',' as u16);
            }
            self.newline();
            quote(&mut self.out, &self.cx.rt.atom_string(k).units());
            self.out.push(b':' as u16);
            if !self.gap.is_empty() {
                self.out.push(b' ' as u16);
            }
            if self.property(o, k)? {
                any = true;
            } else {
                self.out.truncate(mark);
            }
        }
        self.indent.truncate(stepback);
        if any {
            self.newline();
        }
        self.out.push(b'}' as u16);
        self.stack.pop();
        Ok(())
    }

    fn array(&mut self, o: &Obj) -> JsResult<()> {
        self.enter(o)?;
        let stepback = self.indent.len();
        self.indent.extend_from_slice(&self.gap.clone());
        let len = self
            .cx
            .to_length(&object::get_prop(self.cx, o, Atom::LENGTH)?)?;
        self.out.push(b'[' as u16);
        let mut i = 0.0;
        while i < len {
            if i > 0.0 {
                self.out.push(b',' as u16);
            }
            self.newline();
            let k = Atom::from_index(i as u32).unwrap_or(Atom::EMPTY);
            if !self.property(o, k)? {
                self.out.push_str("null");
            }
            i += 1.0;
        }
        self.indent.truncate(stepback);
        if len > 0.0 {
            self.newline();
        }
        self.out.push(b']' as u16);
        self.stack.pop();
        Ok(())
    }
}

fn stringify(cx: Cx, args: &Args) -> JsResult<Value> {
    let mut s = Stringifier {
        cx: &cx,
        replacer: None,
        keys: None,
        gap: Vec::new(),
        indent: Vec::new(),
        stack: Vec::new(),
        out: StringBuilder::new(),
    };
    if let Value::Object(r) = args.arg(1) {
        if object::is_callable(r) {
            s.replacer = Some(args.get(1));
        } else if object::is_array(&cx, r)? {
            let len = cx.to_length(&object::get_prop(&cx, r, Atom::LENGTH)?)?;
            let mut keys: Vec<Atom> = Vec::new();
            let mut i = 0.0;
            while i < len {
                let v =
                    object::get_prop(&cx, r, Atom::from_index(i as u32).unwrap_or(Atom::EMPTY))?;
                let item = match &v {
                    Value::String(_) | Value::Int(_) | Value::Float(_) => Some(cx.to_string(&v)?),
                    Value::Object(o)
                        if matches!(o.d.borrow().class, Class::String(_) | Class::Number(_)) =>
                    {
                        Some(cx.to_string(&v)?)
                    }
                    _ => None,
                };
                if let Some(item) = item {
                    let a = cx.rt.intern_js(&item);
                    if !keys.contains(&a) {
                        keys.push(a);
                    }
                }
                i += 1.0;
            }
            s.keys = Some(keys);
        }
    }
    let mut space = args.get(2);
    if let Value::Object(o) = &space {
        let kind = match &o.d.borrow().class {
            Class::Number(_) => 1,
            Class::String(_) => 2,
            _ => 0,
        };
        if kind == 1 {
            space = Value::number(cx.to_number(&space)?);
        } else if kind == 2 {
            space = Value::String(cx.to_string(&space)?);
        }
    }
    match &space {
        Value::Int(_) | Value::Float(_) => {
            let n = cx.to_integer(&space)?.clamp(0.0, 10.0) as usize;
            s.gap = vec![b' ' as u16; n];
        }
        Value::String(st) => s.gap = st.units().iter().take(10).collect(),
        _ => {}
    }
    let wrapper = object::new_plain(cx);
    object::create_data_property(&cx, &wrapper, Atom::EMPTY, args.get(0))?;
    if !s.property(&wrapper, Atom::EMPTY)? {
        return Ok(Value::Undefined);
    }
    Ok(Value::String(s.out.finish(cx.heap())))
}

const FNS: &[FnSpec] = fns! {
    "parse", 2, parse;
    "stringify", 3, stringify;
    "rawJSON", 1, raw_json;
    "isRawJSON", 1, is_raw_json;
};

pub(crate) fn init(cx: &Cx) {
    let j = object::new_plain(*cx);
    super::define_fns(cx, &j, FNS);
    super::define_to_string_tag(cx, &j, "JSON");
    object::define_data(
        cx,
        &cx.realm.global,
        cx.intern("JSON"),
        Value::Object(j),
        flags::HIDDEN,
    );
}
