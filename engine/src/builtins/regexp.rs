//! `RegExp`, `RegExp.prototype` and `%RegExpStringIteratorPrototype%`
//! (ECMA-262 §22.2), on top of the `regexp` crate's compiler and matcher.
//!
//! <https://tc39.es/ecma262/#sec-regexp-regular-expression-objects>
//!
//! * constructor and RegExpInitialize:
//!   <https://tc39.es/ecma262/#sec-regexp-constructor>
//! * RegExpBuiltinExec (§22.2.7.2):
//!   <https://tc39.es/ecma262/#sec-regexpbuiltinexec>
//! * the Symbol-keyed methods used by the String methods: `@@match`
//!   (§22.2.6.8), `@@matchAll` (§22.2.6.9), `@@replace` (§22.2.6.11),
//!   `@@search` (§22.2.6.12), `@@split` (§22.2.6.14):
//!   <https://tc39.es/ecma262/#sec-properties-of-the-regexp-prototype-object>
//! * GetSubstitution (§22.1.3.19.1), shared with `String.prototype.replace`:
//!   <https://tc39.es/ecma262/#sec-getsubstitution>
//! * RegExp string iterators (§22.2.9):
//!   <https://tc39.es/ecma262/#sec-regexp-string-iterator-objects>
//! * Annex B `RegExp.prototype.compile` (§B.2.4.1):
//!   <https://tc39.es/ecma262/#sec-regexp.prototype.compile>
//!
//! Strings are matched in their own representation: Latin-1 strings with
//! `exec_latin1`, wide strings with `exec_utf16`. The matcher polls the
//! engine's interrupt handler through [`Cx::poll`].

use std::rc::Rc;

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, Obj, PropDesc, RegExpData, RegExpIter};
use crate::runtime::{Cx, ErrorKind, JsResult};
use crate::shape::flags;
use crate::string::{JsString, StringBuilder, Units};
use crate::value::{Value, same_value};

/// The internal slots of `o` if it is a RegExp object.
fn regexp_legacy(o: &Obj) -> bool {
    matches!(&o.d.borrow().class, Class::RegExp(d) if d.legacy)
}

fn regexp_slots(o: &Obj) -> Option<(Rc<regexp::Regex>, JsString, JsString)> {
    match &o.d.borrow().class {
        Class::RegExp(d) => Some((d.regex.clone(), d.source.clone(), d.flags.clone())),
        _ => None,
    }
}

fn is_regexp_object(o: &Obj) -> bool {
    matches!(o.d.borrow().class, Class::RegExp(_))
}

/// IsRegExp (§7.2.8).
pub(crate) fn is_regexp(cx: &Cx, v: &Value) -> JsResult<bool> {
    let Value::Object(o) = v else {
        return Ok(false);
    };
    let m = object::get_prop(cx, o, Atom::SYM_MATCH)?;
    if !m.is_undefined() {
        return Ok(m.to_boolean());
    }
    Ok(is_regexp_object(o))
}

fn to_units(s: &JsString) -> Vec<u16> {
    s.units().iter().collect()
}

/// Parses `flags` and compiles `pattern` (steps 3-11 of RegExpInitialize,
/// §22.2.3.3).
fn compile(cx: &Cx, pattern: &Value, flags: &Value) -> JsResult<RegExpData> {
    let p = if pattern.is_undefined() {
        cx.rt.atom_string(Atom::EMPTY)
    } else {
        cx.to_string(pattern)?
    };
    let f = if flags.is_undefined() {
        cx.rt.atom_string(Atom::EMPTY)
    } else {
        cx.to_string(flags)?
    };
    let hash = cache_hash(&p, &f);
    if let Some(regex) = cache_get(hash, &p, &f) {
        return Ok(RegExpData {
            regex,
            source: p,
            flags: f,
            legacy: false,
            realm: cx.realm.index,
        });
    }
    let (pattern_units, flag_units) = (to_units(&p), to_units(&f));
    let parsed = match regexp::Flags::parse_utf16(&flag_units) {
        Ok(fl) => fl,
        Err(_) => {
            return cx.syntax_error(&format!(
                "Invalid flags supplied to RegExp constructor '{}'",
                f.to_rust_string()
            ));
        }
    };
    let regex = match regexp::Regex::new(&pattern_units, parsed) {
        Ok(r) => Rc::new(r),
        Err(e) => {
            return cx.syntax_error(&format!("{}: /{}/", e, p.to_rust_string()));
        }
    };
    cache_put(hash, pattern_units, flag_units, &regex);
    Ok(RegExpData {
        regex,
        source: p,
        flags: f,
        legacy: false,
        realm: cx.realm.index,
    })
}

/// Compiled patterns by (source, flags), so that a literal evaluated in a
/// loop is compiled once. Bounded: small patterns only, emptied when full.
/// Looked up by a hash of the code units (no allocation on a hit); an entry
/// keeps its source and flags to confirm the hit, and a colliding pattern
/// simply replaces it.
struct CacheEntry {
    source: Vec<u16>,
    flags: Vec<u16>,
    regex: Rc<regexp::Regex>,
}
const CACHE_ENTRIES: usize = 256;
const CACHE_PATTERN_LEN: usize = 1024;

thread_local! {
    static CACHE: std::cell::RefCell<hashbrown::HashMap<u64, CacheEntry>> =
        std::cell::RefCell::new(hashbrown::HashMap::new());
}

fn cache_hash(source: &JsString, flags: &JsString) -> u64 {
    ((source.units().hash() as u64) << 32) | flags.units().hash() as u64
}

fn cache_get(hash: u64, source: &JsString, flags: &JsString) -> Option<Rc<regexp::Regex>> {
    CACHE.with(|c| {
        let c = c.try_borrow().ok()?;
        let e = c.get(&hash)?;
        let hit = source.units().eq_units(&Units::Utf16(&e.source))
            && flags.units().eq_units(&Units::Utf16(&e.flags));
        hit.then(|| e.regex.clone())
    })
}

fn cache_put(hash: u64, source: Vec<u16>, flags: Vec<u16>, regex: &Rc<regexp::Regex>) {
    if source.len() > CACHE_PATTERN_LEN {
        return;
    }
    CACHE.with(|c| {
        if let Ok(mut m) = c.try_borrow_mut() {
            if m.len() >= CACHE_ENTRIES {
                m.clear();
            }
            let regex = regex.clone();
            m.insert(
                hash,
                CacheEntry {
                    source,
                    flags,
                    regex,
                },
            );
        }
    });
}

/// RegExpAlloc + RegExpInitialize (§22.2.3.1, §22.2.3.3) with `proto`;
/// `legacy` is `[[LegacyFeaturesEnabled]]`.
fn alloc_init(cx: &Cx, proto: Obj, pattern: &Value, flags: &Value, legacy: bool) -> JsResult<Obj> {
    let mut data = compile(cx, pattern, flags)?;
    data.legacy = legacy;
    let o = object::new_object(*cx, Some(proto), Class::RegExp(Box::new(data)));
    // The first property of a fresh object.
    o.d.borrow_mut().push_prop(
        Atom::LAST_INDEX,
        object::Slot::Data(Value::Int(0)),
        flags::WRITABLE,
    );
    Ok(o)
}

/// RegExpCreate (§22.2.3.2).
pub(crate) fn regexp_create(cx: &Cx, pattern: &Value, flags: &Value) -> JsResult<Obj> {
    alloc_init(cx, cx.intr().regexp_proto.clone(), pattern, flags, true)
}

/// The RegExp constructor (§22.2.4.1).
fn regexp_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let pattern = args.get(0);
    let flags = args.get(1);
    // 1-2.
    let pattern_is_regexp = is_regexp(&cx, &pattern)?;
    // 3-4.
    let new_target = match &args.new_target {
        Some(nt) => nt.clone(),
        None => {
            let nt = args.callee.clone();
            if pattern_is_regexp
                && flags.is_undefined()
                && let Value::Object(po) = &pattern
            {
                let pc = object::get_prop(&cx, po, Atom::CONSTRUCTOR)?;
                if matches!(&pc, Value::Object(c) if Obj::ptr_eq(c, &nt)) {
                    return Ok(pattern);
                }
            }
            nt
        }
    };
    // 5-7.
    let slots = pattern.as_object().and_then(regexp_slots);
    let (p, f) = match (slots, &pattern) {
        (Some((_, src, fl)), _) => (
            Value::String(src),
            if flags.is_undefined() {
                Value::String(fl)
            } else {
                flags
            },
        ),
        (None, Value::Object(po)) if pattern_is_regexp => {
            let src = object::get_prop(&cx, po, Atom::SOURCE)?;
            let f = if flags.is_undefined() {
                object::get_prop(&cx, po, Atom::FLAGS)?
            } else {
                flags
            };
            (src, f)
        }
        _ => (pattern.clone(), flags),
    };
    // 8-9.
    let proto = crate::ops::proto_from_ctor(&cx, Some(&new_target), |r| &r.intr.regexp_proto)?;
    // Annex B: legacy features only for direct instances of this realm's
    // constructor.
    let legacy = cx
        .realm
        .regexp_ctor
        .get()
        .is_some_and(|c| Obj::ptr_eq(c, &new_target));
    Ok(Value::Object(alloc_init(&cx, proto, &p, &f, legacy)?))
}

/// Runs the matcher from `start`, polling the engine for interrupts.
fn run(
    cx: &Cx,
    re: &regexp::Regex,
    s: &JsString,
    start: usize,
    caps: &mut [Option<usize>],
) -> JsResult<bool> {
    let mut err: Option<Value> = None;
    let r = {
        let mut poll = || match cx.poll() {
            Ok(()) => false,
            Err(e) => {
                err = Some(e);
                true
            }
        };
        let mut mc = regexp::MatchContext::with_interrupt(&mut poll);
        match s.units() {
            Units::Latin1(b) => re.exec_latin1(b, start, caps, &mut mc),
            Units::Utf16(u) => re.exec_utf16(u, start, caps, &mut mc),
        }
    };
    match r {
        Ok(m) => Ok(m),
        Err(regexp::MatchError::Interrupted) => {
            Err(err.unwrap_or_else(|| cx.make_error(ErrorKind::InternalError, "interrupted")))
        }
        Err(regexp::MatchError::StackLimit) => {
            cx.throw(ErrorKind::InternalError, "regexp too complex")
        }
    }
}

fn substring(cx: &Cx, s: &JsString, a: usize, b: usize) -> JsString {
    if a == 0 && b == s.len() {
        return s.clone();
    }
    JsString::from_units(cx.heap(), s.units().slice(a, b))
}

fn set_last_index(cx: &Cx, r: &Obj, v: f64) -> JsResult<()> {
    object::put(cx, r, Atom::LAST_INDEX, Value::number(v), true)
}

/// The match of a RegExpBuiltinExec: the compiled expression and the
/// capture positions (code unit indices, pairs per group).
struct RawMatch {
    regex: Rc<regexp::Regex>,
    caps: Vec<Option<usize>>,
}

/// Steps 1-17 of RegExpBuiltinExec (§22.2.7.2): runs the matcher and
/// updates lastIndex; `None` when there is no match.
fn builtin_exec_raw(cx: &Cx, r: &Obj, s: &JsString) -> JsResult<Option<RawMatch>> {
    let Some((regex, _, _)) = regexp_slots(r) else {
        return cx.type_error("RegExp.prototype.exec called on an incompatible receiver");
    };
    // 1. length of S.
    let length = s.len();
    // 2. lastIndex = ToLength(Get(R, "lastIndex")).
    let li = object::get_prop(cx, r, Atom::LAST_INDEX)?;
    let mut last_index = cx.to_length(&li)?;
    // 3-6. flags come from [[OriginalFlags]] (compiled into the matcher).
    let flags = regex.flags();
    let (global, sticky) = (flags.global, flags.sticky);
    // 7. Neither global nor sticky: always start at 0.
    if !global && !sticky {
        last_index = 0.0;
    }
    // 13.a. lastIndex > length fails.
    if last_index > length as f64 {
        if global || sticky {
            set_last_index(cx, r, 0.0)?;
        }
        return Ok(None);
    }
    // 13. The matcher scans forward from lastIndex itself (only lastIndex
    // when sticky), advancing by code points in unicode mode.
    let n = regex.capture_count();
    let mut caps = vec![None; 2 * n];
    let found = run(cx, &regex, s, last_index as usize, &mut caps)?;
    let end = match (found, caps.get(1).copied().flatten()) {
        (true, Some(end)) => end,
        _ => {
            // 13.b / 13.d.i: failure resets lastIndex for global or sticky.
            if global || sticky {
                set_last_index(cx, r, 0.0)?;
            }
            return Ok(None);
        }
    };
    // 15-16. The matcher reports code unit indices already.
    // 17. Global or sticky: lastIndex = e.
    if global || sticky {
        set_last_index(cx, r, end as f64)?;
    }
    // Annex B: UpdateLegacyRegExpStaticProperties or
    // InvalidateLegacyRegExpStaticProperties.
    let legacy = regexp_legacy(r).then(|| LegacyMatch::new(s, caps.clone()));
    *cx.realm.regexp_legacy.borrow_mut() = legacy;
    Ok(Some(RawMatch { regex, caps }))
}

/// RegExpBuiltinExec (§22.2.7.2).
pub(crate) fn builtin_exec(cx: &Cx, r: &Obj, s: &JsString) -> JsResult<Value> {
    let Some(RawMatch { regex, caps }) = builtin_exec_raw(cx, r, s)? else {
        return Ok(Value::Null);
    };
    let n = regex.capture_count();
    let start = caps[0].unwrap_or(0);
    let has_indices = regex.flags().has_indices;
    // 18-27. The result array.
    let pair = |i: usize| match (caps[2 * i], caps[2 * i + 1]) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => None,
    };
    let elems: Vec<Value> = (0..n)
        .map(|i| match pair(i) {
            Some((a, b)) => Value::String(substring(cx, s, a, b)),
            None => Value::Undefined,
        })
        .collect();
    let a = object::new_array(*cx, elems);
    // `index` and `input` are new properties of a fresh extensible array
    // (CreateDataProperty cannot fail), appended in that order.
    {
        let mut d = a.d.borrow_mut();
        d.push_prop(
            Atom::INDEX,
            object::Slot::Data(Value::number(start as f64)),
            flags::DEFAULT,
        );
        d.push_prop(
            Atom::INPUT,
            object::Slot::Data(Value::String(s.clone())),
            flags::DEFAULT,
        );
    }
    let names = regex.group_names();
    let make_groups = |f: &dyn Fn(Option<(usize, usize)>) -> Value| -> Value {
        if names.is_empty() {
            return Value::Undefined;
        }
        let g = object::new_object(*cx, None, Class::Object);
        for (name, indices) in names {
            let hit = indices.iter().find_map(|&i| pair(i));
            let _ = object::create_data_property(cx, &g, cx.intern(name), f(hit));
        }
        Value::Object(g)
    };
    let groups = make_groups(&|hit| match hit {
        Some((a, b)) => Value::String(substring(cx, s, a, b)),
        None => Value::Undefined,
    });
    a.d.borrow_mut()
        .push_prop(Atom::GROUPS, object::Slot::Data(groups), flags::DEFAULT);
    if has_indices {
        // MakeMatchIndicesIndexPairArray (§22.2.7.8).
        let pair_array = |hit: Option<(usize, usize)>| match hit {
            Some((x, y)) => Value::Object(object::new_array(
                *cx,
                vec![Value::number(x as f64), Value::number(y as f64)],
            )),
            None => Value::Undefined,
        };
        let ind: Vec<Value> = (0..n).map(|i| pair_array(pair(i))).collect();
        let ia = object::new_array(*cx, ind);
        let igroups = make_groups(&pair_array);
        object::create_data_property(cx, &ia, Atom::GROUPS, igroups)?;
        object::create_data_property(cx, &a, cx.intern("indices"), Value::Object(ia))?;
    }
    Ok(Value::Object(a))
}

/// Magic number of the built-in `RegExp.prototype.exec`, to recognise it.
const EXEC_MAGIC: i32 = 0x5245_7845;

/// Whether `f` is a realm's original `RegExp.prototype.exec`.
fn is_builtin_exec(f: &Value) -> bool {
    match f {
        Value::Object(o) => {
            matches!(&o.d.borrow().class, Class::Native(n) if n.magic == EXEC_MAGIC)
        }
        _ => false,
    }
}

/// RegExpExec (§22.2.7.1).
pub(crate) fn regexp_exec(cx: &Cx, r: &Obj, s: &JsString) -> JsResult<Value> {
    let exec = object::get_prop(cx, r, cx.intern("exec"))?;
    regexp_exec_with(cx, r, s, exec)
}

/// RegExpExec from step 2 on, with `exec` already read from `r`.
fn regexp_exec_with(cx: &Cx, r: &Obj, s: &JsString, exec: Value) -> JsResult<Value> {
    if exec.is_callable() {
        if is_builtin_exec(&exec) && is_regexp_object(r) {
            return builtin_exec(cx, r, s);
        }
        let res = cx.call(
            &exec,
            &Value::Object(r.clone()),
            &[Value::String(s.clone())],
        )?;
        if !matches!(res, Value::Object(_) | Value::Null) {
            return cx.type_error("exec result must be an object or null");
        }
        return Ok(res);
    }
    if !is_regexp_object(r) {
        return cx.type_error("RegExp exec method called on an incompatible receiver");
    }
    builtin_exec(cx, r, s)
}

/// AdvanceStringIndex (§22.2.7.3).
pub(crate) fn advance_string_index(s: &JsString, index: f64, unicode: bool) -> f64 {
    if !unicode || index + 1.0 >= s.len() as f64 {
        return index + 1.0;
    }
    let (_, n) = super::string::code_point_at(&s.units(), index as usize);
    index + n as f64
}

fn this_object<'a>(cx: &Cx, args: &'a Args, method: &str) -> JsResult<&'a Obj> {
    match &args.this {
        Value::Object(o) => Ok(o),
        _ => cx.type_error(&format!("RegExp.prototype.{method} called on a non-object")),
    }
}

/// RegExp.prototype.exec (§22.2.6.2).
fn exec(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = this_object(&cx, args, "exec")?;
    if !is_regexp_object(r) {
        return cx.type_error("RegExp.prototype.exec called on an incompatible receiver");
    }
    let s = cx.to_string(args.arg(0))?;
    builtin_exec(&cx, r, &s)
}

/// RegExp.prototype.test (§22.2.6.16).
fn test(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = this_object(&cx, args, "test")?;
    let s = cx.to_string(args.arg(0))?;
    // With the built-in exec, the result array is not observable.
    let exec = object::get_prop(&cx, r, cx.intern("exec"))?;
    if is_builtin_exec(&exec) && is_regexp_object(r) {
        return Ok(Value::Bool(builtin_exec_raw(&cx, r, &s)?.is_some()));
    }
    Ok(Value::Bool(!matches!(
        regexp_exec(&cx, r, &s)?,
        Value::Null
    )))
}

/// RegExp.prototype.toString (§22.2.6.17).
fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = this_object(&cx, args, "toString")?;
    let p = object::get_prop(&cx, r, Atom::SOURCE)?;
    let p = cx.to_string(&p)?;
    let f = object::get_prop(&cx, r, Atom::FLAGS)?;
    let f = cx.to_string(&f)?;
    let mut b = StringBuilder::new();
    b.push(b'/' as u16);
    b.push_js(&p);
    b.push(b'/' as u16);
    b.push_js(&f);
    Ok(Value::String(b.finish(cx.heap())))
}

/// RegExp.prototype.compile (Annex B §B.2.4.1).
fn compile_method(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_object(&cx, args, "compile")?;
    let (legacy, realm) = match &o.d.borrow().class {
        Class::RegExp(d) => (d.legacy, d.realm),
        _ => {
            return cx.type_error("RegExp.prototype.compile called on an incompatible receiver");
        }
    };
    // Steps 3-4 of the legacy RegExp features: only this realm's RegExps.
    if realm != object::function_realm(&cx, &args.callee)? {
        return cx.type_error("RegExp.prototype.compile called on another realm's RegExp");
    }
    if !legacy {
        return cx.type_error("RegExp.prototype.compile called on a RegExp subclass instance");
    }
    let (pattern, flags) = (args.get(0), args.get(1));
    let (p, f) = match pattern.as_object().and_then(regexp_slots) {
        Some((_, src, fl)) => {
            if !flags.is_undefined() {
                return cx.type_error("flags must be undefined when the pattern is a RegExp");
            }
            (Value::String(src), Value::String(fl))
        }
        None => (pattern, flags),
    };
    let mut data = compile(&cx, &p, &f)?;
    data.legacy = true;
    data.realm = realm;
    o.d.borrow_mut().class = Class::RegExp(Box::new(data));
    set_last_index(&cx, o, 0.0)?;
    Ok(args.this.clone())
}

/// EscapeRegExpPattern (§22.2.6.13.1): `/` outside classes and line
/// terminators are escaped so that `/source/flags` reparses to the same
/// pattern; the empty pattern is `(?:)`.
pub(crate) fn escape_pattern(cx: &Cx, src: &JsString) -> JsString {
    if src.is_empty() {
        return cx.str("(?:)");
    }
    let u = src.units();
    let mut b = StringBuilder::with_capacity(u.len());
    let mut in_class = false;
    let mut i = 0;
    let push_terminator = |b: &mut StringBuilder, c: u16| match c {
        0x0A => b.push_str("n"),
        0x0D => b.push_str("r"),
        0x2028 => b.push_str("u2028"),
        _ => b.push_str("u2029"),
    };
    let is_terminator = |c: u16| matches!(c, 0x0A | 0x0D | 0x2028 | 0x2029);
    while i < u.len() {
        let c = u.at(i);
        match c {
            0x5C => {
                b.push(c);
                if i + 1 < u.len() {
                    i += 1;
                    let d = u.at(i);
                    if is_terminator(d) {
                        push_terminator(&mut b, d);
                    } else {
                        b.push(d);
                    }
                }
            }
            0x2F if !in_class => b.push_str("\\/"),
            0x5B => {
                in_class = true;
                b.push(c);
            }
            0x5D => {
                in_class = false;
                b.push(c);
            }
            c if is_terminator(c) => {
                b.push(0x5C);
                push_terminator(&mut b, c);
            }
            _ => b.push(c),
        }
        i += 1;
    }
    b.finish(cx.heap())
}

/// get RegExp.prototype.source (§22.2.6.13).
fn source_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = this_object(&cx, args, "source")?;
    match regexp_slots(r) {
        Some((_, src, _)) => Ok(Value::String(escape_pattern(&cx, &src))),
        None if Obj::ptr_eq(r, &cx.intr().regexp_proto) => Ok(Value::String(cx.str("(?:)"))),
        None => cx.type_error("RegExp.prototype.source getter called on an incompatible receiver"),
    }
}

/// The flag getters through RegExpHasFlag (§22.2.6.4.1); `magic` is the
/// flag letter.
fn flag_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = this_object(&cx, args, "flag getter")?;
    match regexp_slots(r) {
        Some((re, _, _)) => {
            let f = re.flags();
            Ok(Value::Bool(match args.magic as u8 {
                b'd' => f.has_indices,
                b'g' => f.global,
                b'i' => f.ignore_case,
                b'm' => f.multiline,
                b's' => f.dot_all,
                b'u' => f.unicode,
                b'v' => f.unicode_sets,
                _ => f.sticky,
            }))
        }
        None if Obj::ptr_eq(r, &cx.intr().regexp_proto) => Ok(Value::Undefined),
        None => cx.type_error("RegExp flag getter called on an incompatible receiver"),
    }
}

/// get RegExp.prototype.flags (§22.2.6.4).
fn flags_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = this_object(&cx, args, "flags")?;
    let mut b = StringBuilder::new();
    for (name, c) in [
        ("hasIndices", b'd'),
        ("global", b'g'),
        ("ignoreCase", b'i'),
        ("multiline", b'm'),
        ("dotAll", b's'),
        ("unicode", b'u'),
        ("unicodeSets", b'v'),
        ("sticky", b'y'),
    ] {
        if object::get_prop(&cx, r, cx.intern(name))?.to_boolean() {
            b.push(c as u16);
        }
    }
    Ok(Value::String(b.finish(cx.heap())))
}

/// ToString(Get(rx, "flags")) as code units.
fn get_flags(cx: &Cx, rx: &Obj) -> JsResult<JsString> {
    let f = object::get_prop(cx, rx, Atom::FLAGS)?;
    cx.to_string(&f)
}

fn has_unit(s: &JsString, c: u8) -> bool {
    s.units().iter().any(|u| u == c as u16)
}

/// ToString(Get(result, "0")).
fn match_string(cx: &Cx, result: &Value) -> JsResult<JsString> {
    let m = object::get_value(cx, result, Atom::from_index(0).unwrap_or(Atom::EMPTY))?;
    cx.to_string(&m)
}

/// After an empty match: lastIndex = AdvanceStringIndex(S, lastIndex).
fn bump_last_index(cx: &Cx, rx: &Obj, s: &JsString, unicode: bool) -> JsResult<()> {
    let li = object::get_prop(cx, rx, Atom::LAST_INDEX)?;
    let this_index = cx.to_length(&li)?;
    set_last_index(cx, rx, advance_string_index(s, this_index, unicode))
}

/// RegExp.prototype[@@match] (§22.2.6.8).
fn symbol_match(cx: Cx, args: &Args) -> JsResult<Value> {
    // 1-2.
    let rx = this_object(&cx, args, "[Symbol.match]")?;
    // 3.
    let s = cx.to_string(args.arg(0))?;
    // 4-5.
    let flags = get_flags(&cx, rx)?;
    if !has_unit(&flags, b'g') {
        return regexp_exec(&cx, rx, &s);
    }
    // 6.a-c.
    let full_unicode = has_unit(&flags, b'u') || has_unit(&flags, b'v');
    set_last_index(&cx, rx, 0.0)?;
    let mut out = Vec::new();
    // 6.g.
    loop {
        let result = regexp_exec(&cx, rx, &s)?;
        if matches!(result, Value::Null) {
            if out.is_empty() {
                return Ok(Value::Null);
            }
            return Ok(Value::Object(object::new_array(cx, out)));
        }
        let m = match_string(&cx, &result)?;
        if m.is_empty() {
            bump_last_index(&cx, rx, &s, full_unicode)?;
        }
        out.push(Value::String(m));
        cx.poll()?;
    }
}

/// RegExp.prototype[@@search] (§22.2.6.12).
fn symbol_search(cx: Cx, args: &Args) -> JsResult<Value> {
    let rx = this_object(&cx, args, "[Symbol.search]")?;
    let s = cx.to_string(args.arg(0))?;
    // 4-5.
    let previous = object::get_prop(&cx, rx, Atom::LAST_INDEX)?;
    if !same_value(&previous, &Value::Int(0)) {
        object::put(&cx, rx, Atom::LAST_INDEX, Value::Int(0), true)?;
    }
    // 6-8.
    let result = regexp_exec(&cx, rx, &s)?;
    let current = object::get_prop(&cx, rx, Atom::LAST_INDEX)?;
    if !same_value(&current, &previous) {
        object::put(&cx, rx, Atom::LAST_INDEX, previous, true)?;
    }
    // 9-10.
    match result {
        Value::Null => Ok(Value::Int(-1)),
        r => object::get_value(&cx, &r, Atom::INDEX),
    }
}

/// SpeciesConstructor(O, %RegExp%) (§7.3.22).
fn species_constructor(cx: &Cx, o: &Obj) -> JsResult<Value> {
    let default = match cx.realm.regexp_ctor.get() {
        Some(c) => Value::Object(c.clone()),
        None => Value::Undefined,
    };
    crate::ops::species_constructor(cx, o, default)
}

fn construct_obj(cx: &Cx, c: &Value, args: &[Value]) -> JsResult<Obj> {
    match cx.construct(c, args, None)? {
        Value::Object(o) => Ok(o),
        _ => cx.type_error("constructor returned a non-object"),
    }
}

/// RegExp.prototype[@@split] (§22.2.6.14).
fn symbol_split(cx: Cx, args: &Args) -> JsResult<Value> {
    // 1-3.
    let rx = this_object(&cx, args, "[Symbol.split]")?;
    let s = cx.to_string(args.arg(0))?;
    // 4. C = SpeciesConstructor(rx, %RegExp%).
    let c = species_constructor(&cx, rx)?;
    // 5-7.
    let flags = get_flags(&cx, rx)?;
    let unicode = has_unit(&flags, b'u') || has_unit(&flags, b'v');
    let new_flags = if has_unit(&flags, b'y') {
        flags
    } else {
        let mut b = StringBuilder::new();
        b.push_js(&flags);
        b.push(b'y' as u16);
        b.finish(cx.heap())
    };
    // 8. splitter = Construct(C, « rx, newFlags »).
    let splitter = construct_obj(
        &cx,
        &c,
        &[Value::Object(rx.clone()), Value::String(new_flags)],
    )?;
    let fast = split_fast_matcher(&cx, &c, &splitter)?;
    // 9-12.
    let mut out: Vec<Value> = Vec::new();
    let lim = if args.arg(1).is_undefined() {
        u32::MAX
    } else {
        cx.to_uint32(args.arg(1))?
    };
    if lim == 0 {
        return Ok(Value::Object(object::new_array(cx, out)));
    }
    // 13-14. Empty input.
    let size = s.len();
    if size == 0 {
        let z = regexp_exec(&cx, &splitter, &s)?;
        if matches!(z, Value::Null) {
            out.push(Value::String(s));
        }
        return Ok(Value::Object(object::new_array(cx, out)));
    }
    // 15-17.
    let mut p = 0usize;
    let mut q = 0usize;
    if let Some(re) = fast {
        return split_fast(&cx, &re, &s, lim, unicode);
    }
    while q < size {
        cx.poll()?;
        // 17.a-b.
        set_last_index(&cx, &splitter, q as f64)?;
        let z = regexp_exec(&cx, &splitter, &s)?;
        if matches!(z, Value::Null) {
            // 17.c.
            q = advance_string_index(&s, q as f64, unicode) as usize;
            continue;
        }
        // 17.d.i-ii.
        let li = object::get_prop(&cx, &splitter, Atom::LAST_INDEX)?;
        let e = (cx.to_length(&li)?).min(size as f64) as usize;
        if e == p {
            // 17.d.iii.
            q = advance_string_index(&s, q as f64, unicode) as usize;
            continue;
        }
        // 17.d.iv.1-4.
        out.push(Value::String(substring(&cx, &s, p, q.max(p))));
        if out.len() as u32 == lim {
            return Ok(Value::Object(object::new_array(cx, out)));
        }
        // 17.d.iv.5.
        p = e;
        // 17.d.iv.6-11. The captures.
        let len = object::get_value(&cx, &z, Atom::LENGTH)?;
        let n = cx.to_length(&len)?;
        let mut i = 1.0;
        while i < n {
            cx.poll()?;
            let key = cx.to_property_key(&Value::number(i))?;
            out.push(object::get_value(&cx, &z, key)?);
            if out.len() as u32 == lim {
                return Ok(Value::Object(object::new_array(cx, out)));
            }
            i += 1.0;
        }
        // 17.d.iv.12.
        q = p;
    }
    // 18-20.
    out.push(Value::String(substring(&cx, &s, p.min(size), size)));
    Ok(Value::Object(object::new_array(cx, out)))
}

/// When `splitter` is a fresh RegExp made by the realm's own constructor and
/// `exec` is the built-in one found as a data property on the intrinsic
/// prototype, the per-position sticky calls of step 17 are unobservable and
/// equivalent to scanning with the same pattern without the sticky flag:
/// returns that non-sticky expression.
fn split_fast_matcher(cx: &Cx, c: &Value, splitter: &Obj) -> JsResult<Option<Rc<regexp::Regex>>> {
    let proto = &cx.intr().regexp_proto;
    let own_ctor = matches!((c, cx.realm.regexp_ctor.get()), (Value::Object(co), Some(rc)) if Obj::ptr_eq(co, rc));
    let exec_atom = cx.intern("exec");
    let plain = own_ctor
        && object::get_prototype_of(cx, splitter)?.is_some_and(|p| Obj::ptr_eq(&p, proto))
        && object::get_own_property(cx, splitter, exec_atom)?.is_none()
        && object::get_own_property(cx, proto, exec_atom)?
            .and_then(|d| d.value)
            .is_some_and(|v| is_builtin_exec(&v));
    if !plain {
        return Ok(None);
    }
    let Some((regex, src, _)) = regexp_slots(splitter) else {
        return Ok(None);
    };
    let flags = regexp::Flags {
        sticky: false,
        ..regex.flags()
    };
    let data = compile(
        cx,
        &Value::String(src),
        &Value::String(cx.str(&flags.to_string())),
    )?;
    Ok(Some(data.regex))
}

/// Steps 15-20 of @@split with a scanning matcher (see
/// [`split_fast_matcher`]); `lim` is at least 1 and `s` is not empty.
fn split_fast(
    cx: &Cx,
    re: &regexp::Regex,
    s: &JsString,
    lim: u32,
    unicode: bool,
) -> JsResult<Value> {
    let size = s.len();
    let n = re.capture_count();
    let mut caps = vec![None; 2 * n];
    let mut out: Vec<Value> = Vec::new();
    let (mut p, mut q) = (0usize, 0usize);
    // The splitter has [[LegacyFeaturesEnabled]]: its last successful match
    // updates the legacy static properties.
    let mut last: Option<Vec<Option<usize>>> = None;
    let result = loop {
        if q >= size {
            break None;
        }
        cx.poll()?;
        // 17.a-c: the first position from q where the sticky match succeeds.
        if !run(cx, re, s, q, &mut caps)? {
            break None;
        }
        let (Some(start), Some(e)) = (caps[0], caps[1]) else {
            break None;
        };
        if start >= size {
            break None;
        }
        last = Some(caps.clone());
        // 17.d.iii: an empty match at p.
        if e == p {
            q = advance_string_index(s, start as f64, unicode) as usize;
            continue;
        }
        // 17.d.iv.
        out.push(Value::String(substring(cx, s, p, start)));
        if out.len() as u32 == lim {
            break Some(());
        }
        p = e;
        let mut full = false;
        for i in 1..n {
            out.push(match (caps[2 * i], caps[2 * i + 1]) {
                (Some(a), Some(b)) => Value::String(substring(cx, s, a, b)),
                _ => Value::Undefined,
            });
            if out.len() as u32 == lim {
                full = true;
                break;
            }
        }
        if full {
            break Some(());
        }
        q = p;
    };
    if let Some(caps) = last {
        *cx.realm.regexp_legacy.borrow_mut() = Some(LegacyMatch::new(s, caps));
    }
    // 18-20.
    if result.is_none() {
        out.push(Value::String(substring(cx, s, p.min(size), size)));
    }
    Ok(Value::Object(object::new_array(*cx, out)))
}

/// GetSubstitution (§22.1.3.19.1): expands `template` for a match of
/// `matched` at `position` in `s` into `out`. `captures` hold strings or
/// undefined; `named` is undefined or an object.
#[allow(clippy::too_many_arguments)]
pub(crate) fn get_substitution(
    cx: &Cx,
    matched: &JsString,
    s: &JsString,
    position: usize,
    captures: &[Value],
    named: &Value,
    template: &JsString,
    out: &mut StringBuilder,
) -> JsResult<()> {
    let t = template.units();
    let su = s.units();
    let len = su.len();
    let m = captures.len();
    let digit = |i: usize| -> Option<usize> {
        let c = t.get(i)?;
        (0x30..=0x39).contains(&c).then(|| (c - 0x30) as usize)
    };
    let mut i = 0;
    while i < t.len() {
        let c = t.at(i);
        if c != b'$' as u16 || i + 1 >= t.len() {
            out.push(c);
            i += 1;
            continue;
        }
        match t.at(i + 1) {
            // $$
            0x24 => {
                out.push(0x24);
                i += 2;
            }
            // $`
            0x60 => {
                out.push_units(su.slice(0, position.min(len)));
                i += 2;
            }
            // $&
            0x26 => {
                out.push_js(matched);
                i += 2;
            }
            // $'
            0x27 => {
                let tail = position.saturating_add(matched.len()).min(len);
                out.push_units(su.slice(tail, len));
                i += 2;
            }
            // $n, $nn
            0x30..=0x39 => {
                let d1 = digit(i + 1).unwrap_or(0);
                let (mut index, mut count) = match digit(i + 2) {
                    Some(d2) => (d1 * 10 + d2, 2),
                    None => (d1, 1),
                };
                if index > m && count == 2 {
                    index = d1;
                    count = 1;
                }
                if (1..=m).contains(&index) {
                    if let Value::String(cs) = &captures[index - 1] {
                        out.push_js(cs);
                    }
                } else {
                    out.push_units(t.slice(i, i + 1 + count));
                }
                i += 1 + count;
            }
            // $<name>
            0x3C => {
                let gt = (i + 2..t.len()).find(|&j| t.at(j) == b'>' as u16);
                match (gt, named) {
                    (Some(g), Value::Object(no)) => {
                        let name = JsString::from_units(cx.heap(), t.slice(i + 2, g));
                        let key = cx.to_property_key(&Value::String(name))?;
                        let v = object::get_prop(cx, no, key)?;
                        if !v.is_undefined() {
                            let vs = cx.to_string(&v)?;
                            out.push_js(&vs);
                        }
                        i = g + 1;
                    }
                    _ => {
                        out.push_str("$<");
                        i += 2;
                    }
                }
            }
            _ => {
                out.push(0x24);
                i += 1;
            }
        }
    }
    Ok(())
}

/// RegExp.prototype[@@replace] (§22.2.6.11).
fn symbol_replace(cx: Cx, args: &Args) -> JsResult<Value> {
    // 1-2.
    let rx = this_object(&cx, args, "[Symbol.replace]")?;
    // 3-4.
    let s = cx.to_string(args.arg(0))?;
    let length_s = s.len();
    // 5-6.
    let replace_value = args.get(1);
    let functional = replace_value.is_callable();
    let template = if functional {
        None
    } else {
        Some(cx.to_string(&replace_value)?)
    };
    // 7-10.
    let flags = get_flags(&cx, rx)?;
    let global = has_unit(&flags, b'g');
    let full_unicode = has_unit(&flags, b'u') || has_unit(&flags, b'v');
    if global {
        set_last_index(&cx, rx, 0.0)?;
    }
    // 11-12. Collect the results.
    let mut results = Vec::new();
    loop {
        let result = regexp_exec(&cx, rx, &s)?;
        if matches!(result, Value::Null) {
            break;
        }
        results.push(result.clone());
        if !global {
            break;
        }
        let m = match_string(&cx, &result)?;
        if m.is_empty() {
            bump_last_index(&cx, rx, &s, full_unicode)?;
        }
        cx.poll()?;
    }
    // 13-14.
    let mut acc = StringBuilder::new();
    let mut next_source_position = 0usize;
    // 15.
    for result in &results {
        cx.poll()?;
        // 15.a-b.
        let len = object::get_value(&cx, result, Atom::LENGTH)?;
        let n_captures = (cx.to_length(&len)? - 1.0).max(0.0);
        // 15.c-e.
        let matched = match_string(&cx, result)?;
        let match_length = matched.len();
        // 15.f-h.
        let pos = object::get_value(&cx, result, Atom::INDEX)?;
        let position = cx.to_integer(&pos)?.clamp(0.0, length_s as f64) as usize;
        // 15.i-k.
        let mut captures = Vec::new();
        let mut k = 1.0;
        while k <= n_captures {
            cx.poll()?;
            let key = cx.to_property_key(&Value::number(k))?;
            let cap = object::get_value(&cx, result, key)?;
            captures.push(if cap.is_undefined() {
                cap
            } else {
                Value::String(cx.to_string(&cap)?)
            });
            k += 1.0;
        }
        // 15.l.
        let named = object::get_value(&cx, result, Atom::GROUPS)?;
        // 15.m-n.
        let replacement = match &template {
            None => {
                let mut call_args = Vec::with_capacity(captures.len() + 4);
                call_args.push(Value::String(matched.clone()));
                call_args.extend(captures.iter().cloned());
                call_args.push(Value::number(position as f64));
                call_args.push(Value::String(s.clone()));
                if !named.is_undefined() {
                    call_args.push(named);
                }
                let v = cx.call(&replace_value, &Value::Undefined, &call_args)?;
                cx.to_string(&v)?
            }
            Some(t) => {
                let named = if named.is_undefined() {
                    named
                } else {
                    Value::Object(cx.to_object(&named)?)
                };
                let mut b = StringBuilder::new();
                get_substitution(&cx, &matched, &s, position, &captures, &named, t, &mut b)?;
                b.finish(cx.heap())
            }
        };
        // 15.o.
        if position >= next_source_position {
            acc.push_units(s.units().slice(next_source_position, position));
            acc.push_js(&replacement);
            next_source_position = position + match_length;
        }
    }
    // 16-17.
    if next_source_position < length_s {
        acc.push_units(s.units().slice(next_source_position, length_s));
    }
    Ok(Value::String(acc.finish(cx.heap())))
}

/// RegExp.prototype[@@matchAll] (§22.2.6.9).
fn symbol_match_all(cx: Cx, args: &Args) -> JsResult<Value> {
    // 1-3.
    let r = this_object(&cx, args, "[Symbol.matchAll]")?;
    let s = cx.to_string(args.arg(0))?;
    // 4-6.
    let c = species_constructor(&cx, r)?;
    let flags = get_flags(&cx, r)?;
    let matcher = construct_obj(
        &cx,
        &c,
        &[Value::Object(r.clone()), Value::String(flags.clone())],
    )?;
    // 7-8.
    let li = object::get_prop(&cx, r, Atom::LAST_INDEX)?;
    let last_index = cx.to_length(&li)?;
    set_last_index(&cx, &matcher, last_index)?;
    // 9-13. CreateRegExpStringIterator (§22.2.9.1).
    let it = object::new_object(
        cx,
        Some(cx.intr().regexp_iter_proto.clone()),
        Class::RegExpIter(Box::new(RegExpIter {
            matcher: Value::Object(matcher),
            string: s,
            global: has_unit(&flags, b'g'),
            unicode: has_unit(&flags, b'u') || has_unit(&flags, b'v'),
            done: false,
        })),
    );
    Ok(Value::Object(it))
}

fn iter_result(cx: &Cx, value: Value, done: bool) -> Value {
    let o = object::new_plain(*cx);
    let _ = object::create_data_property(cx, &o, cx.intern("value"), value);
    let _ = object::create_data_property(cx, &o, Atom::DONE, Value::Bool(done));
    Value::Object(o)
}

/// %RegExpStringIteratorPrototype%.next (§22.2.9.2.1).
fn iter_next(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("not a RegExp String Iterator");
    };
    let state = match &o.d.borrow().class {
        Class::RegExpIter(it) => {
            if it.done {
                None
            } else {
                Some((it.matcher.clone(), it.string.clone(), it.global, it.unicode))
            }
        }
        _ => return cx.type_error("not a RegExp String Iterator"),
    };
    let Some((Value::Object(r), s, global, unicode)) = state else {
        return Ok(iter_result(&cx, Value::Undefined, true));
    };
    let set_done = || {
        if let Class::RegExpIter(it) = &mut o.d.borrow_mut().class {
            it.done = true;
        }
    };
    let m = regexp_exec(&cx, &r, &s)?;
    if matches!(m, Value::Null) {
        set_done();
        return Ok(iter_result(&cx, Value::Undefined, true));
    }
    if global {
        let ms = match_string(&cx, &m)?;
        if ms.is_empty() {
            bump_last_index(&cx, &r, &s, unicode)?;
        }
    } else {
        set_done();
    }
    Ok(iter_result(&cx, m, false))
}

fn iter_self(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(args.this.clone())
}

/// Whether `c` needs escaping at the start of RegExp.escape's output.
fn escape_punctuator(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some(
            ',' | '-'
                | '='
                | '<'
                | '>'
                | '#'
                | '&'
                | '!'
                | '%'
                | ':'
                | ';'
                | '@'
                | '~'
                | '\''
                | '`'
                | '"'
        )
    )
}

/// RegExp.escape (§22.2.5.1).
fn escape(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::String(s) = args.arg(0) else {
        return cx.type_error("RegExp.escape requires a string");
    };
    let u = s.units();
    let mut b = StringBuilder::with_capacity(u.len());
    let mut i = 0;
    let hex = |b: &mut StringBuilder, c: u32| {
        if c <= 0xFF {
            b.push_str(&format!("\\x{c:02x}"));
        } else {
            b.push_str(&format!("\\u{c:04x}"));
        }
    };
    while i < u.len() {
        let (c, n) = super::string::code_point_at(&u, i);
        if i == 0 && (c < 0x80 && (char::from_u32(c).is_some_and(|ch| ch.is_ascii_alphanumeric())))
        {
            hex(&mut b, c);
        } else if let Some(ch) = char::from_u32(c)
            && "^$\\.*+?()[]{}|/".contains(ch)
        {
            b.push(0x5C);
            b.push(c as u16);
        } else if c == 0x09 {
            b.push_str("\\t");
        } else if c == 0x0A {
            b.push_str("\\n");
        } else if c == 0x0B {
            b.push_str("\\v");
        } else if c == 0x0C {
            b.push_str("\\f");
        } else if c == 0x0D {
            b.push_str("\\r");
        } else if escape_punctuator(c)
            || unicode::is_white_space(c)
            || unicode::is_line_terminator(c)
            || c == 0xFEFF
            || (0xD800..0xE000).contains(&c)
        {
            hex(&mut b, c);
        } else {
            b.push_code_point(c);
        }
        i += n;
    }
    Ok(Value::String(b.finish(cx.heap())))
}

/// The state behind the legacy static properties (Annex B, "legacy RegExp
/// features"): the input and capture positions of the last successful
/// match of a RegExp with `[[LegacyFeaturesEnabled]]`.
pub(crate) struct LegacyMatch {
    /// `[[RegExpInput]]` (assignable through `RegExp.input`).
    input: JsString,
    /// The string the capture positions refer to.
    matched: JsString,
    caps: Vec<Option<usize>>,
}

impl LegacyMatch {
    fn new(s: &JsString, caps: Vec<Option<usize>>) -> LegacyMatch {
        LegacyMatch {
            input: s.clone(),
            matched: s.clone(),
            caps,
        }
    }

    fn group(&self, cx: &Cx, i: usize) -> JsString {
        let len = self.matched.len();
        match (self.caps.get(2 * i), self.caps.get(2 * i + 1)) {
            (Some(Some(a)), Some(Some(b))) if a <= b && *b <= len => {
                substring(cx, &self.matched, *a, *b)
            }
            _ => cx.rt.atom_string(Atom::EMPTY),
        }
    }
}

/// GetLegacyRegExpStaticProperty: `magic` 1-9 are `$1`-`$9`, 10 `input`,
/// 11 `lastMatch`, 12 `lastParen`, 13 `leftContext`, 14 `rightContext`.
fn legacy_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let own = match (&args.this, cx.realm.regexp_ctor.get()) {
        (Value::Object(o), Some(c)) => Obj::ptr_eq(o, c),
        _ => false,
    };
    if !own {
        return cx.type_error("legacy RegExp property read on another receiver than RegExp");
    }
    let state = cx.realm.regexp_legacy.borrow();
    let Some(m) = state.as_ref() else {
        return cx.type_error("legacy RegExp properties are not available");
    };
    let len = m.matched.len();
    let (start, end) = match (m.caps.first(), m.caps.get(1)) {
        (Some(Some(a)), Some(Some(b))) => (*a, *b),
        _ => (0, 0),
    };
    let s = match args.magic {
        1..=9 => m.group(&cx, args.magic as usize),
        10 => m.input.clone(),
        11 => m.group(&cx, 0),
        12 => {
            let n = m.caps.len() / 2;
            if n > 1 {
                m.group(&cx, n - 1)
            } else {
                cx.rt.atom_string(Atom::EMPTY)
            }
        }
        13 => substring(&cx, &m.matched, 0, start.min(len)),
        _ => substring(&cx, &m.matched, end.min(len), len),
    };
    Ok(Value::String(s))
}

/// SetLegacyRegExpStaticProperty for `RegExp.input` / `RegExp.$_`.
fn legacy_input_setter(cx: Cx, args: &Args) -> JsResult<Value> {
    let own = match (&args.this, cx.realm.regexp_ctor.get()) {
        (Value::Object(o), Some(c)) => Obj::ptr_eq(o, c),
        _ => false,
    };
    if !own {
        return cx.type_error("legacy RegExp property set on another receiver than RegExp");
    }
    let v = cx.to_string(args.arg(0))?;
    let mut state = cx.realm.regexp_legacy.borrow_mut();
    match state.as_mut() {
        Some(m) => m.input = v,
        None => *state = Some(LegacyMatch::new(&v, Vec::new())),
    }
    Ok(Value::Undefined)
}

fn define_legacy(cx: &Cx, ctor: &Obj) {
    let mut names: Vec<(String, i32)> = (1..=9).map(|i| (format!("${i}"), i)).collect();
    for (a, b, magic) in [
        ("input", "$_", 10),
        ("lastMatch", "$&", 11),
        ("lastParen", "$+", 12),
        ("leftContext", "$`", 13),
        ("rightContext", "$'", 14),
    ] {
        names.push((a.to_string(), magic));
        names.push((b.to_string(), magic));
    }
    for (name, magic) in names {
        let key = cx.intern(&name);
        let g = super::function::new_native(
            cx,
            cx.intern(&format!("get {name}")),
            0,
            legacy_getter,
            magic,
            false,
        );
        let set = (magic == 10).then(|| {
            super::function::new_native(
                cx,
                cx.intern(&format!("set {name}")),
                1,
                legacy_input_setter,
                0,
                false,
            )
        });
        let _ = object::define_own_property(
            cx,
            ctor,
            key,
            PropDesc {
                get: Some(Some(g)),
                set: Some(set),
                enumerable: Some(false),
                configurable: Some(true),
                ..Default::default()
            },
        );
    }
    *cx.realm.regexp_legacy.borrow_mut() = Some(LegacyMatch::new(
        &cx.rt.atom_string(Atom::EMPTY),
        vec![Some(0), Some(0)],
    ));
}

const CTOR_FNS: &[FnSpec] = fns! {
    "escape", 1, escape;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "exec", 1, exec, EXEC_MAGIC;
    "test", 1, test;
    "toString", 0, to_string;
    "compile", 2, compile_method;
    "@@match", 1, symbol_match;
    "@@matchAll", 1, symbol_match_all;
    "@@replace", 2, symbol_replace;
    "@@search", 1, symbol_search;
    "@@split", 2, symbol_split;
};

const ITER_FNS: &[FnSpec] = fns! {
    "next", 0, iter_next;
    "@@iterator", 0, iter_self;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().regexp_proto;
    let ctor = super::define_ctor(cx, "RegExp", 2, regexp_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    define_legacy(cx, &ctor);
    super::define_species(cx, &ctor);
    for (name, c) in [
        ("dotAll", b's'),
        ("global", b'g'),
        ("hasIndices", b'd'),
        ("ignoreCase", b'i'),
        ("multiline", b'm'),
        ("sticky", b'y'),
        ("unicode", b'u'),
        ("unicodeSets", b'v'),
    ] {
        super::define_getter(cx, proto, cx.intern(name), name, flag_getter, c as i32);
    }
    super::define_getter(cx, proto, Atom::FLAGS, "flags", flags_getter, 0);
    super::define_getter(cx, proto, Atom::SOURCE, "source", source_getter, 0);
    let iter_proto = &cx.intr().regexp_iter_proto;
    super::define_fns(cx, iter_proto, ITER_FNS);
    super::define_to_string_tag(cx, iter_proto, "RegExp String Iterator");
    let _ = cx.realm.regexp_ctor.set(ctor);
}
