//! Function objects: creation of closures and native functions, `arguments`
//! objects, and `Function` / `Function.prototype` (ECMA-262 §20.2).
//!
//! <https://tc39.es/ecma262/#sec-function-objects>

use std::rc::Rc;

use smallvec::SmallVec;

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::bytecode::{FunctionBytecode, fn_flags};
use crate::gc::Gc;
use crate::object::{
    self, Args, Bound, Class, Closure, Native, NativeExtra, NativeFn, Obj, Slot, VarRef, new_object,
};
use crate::runtime::{Cx, JsResult, Realm};
use crate::shape::flags;
use crate::string::StringBuilder;
use crate::value::Value;

/// Creates a closure object for `bc` (§10.2.3 OrdinaryFunctionCreate,
/// §10.2.5 MakeConstructor).
pub(crate) fn new_closure(cx: &Cx, bc: Gc<FunctionBytecode>, var_refs: Rc<[Gc<VarRef>]>) -> Obj {
    let is_ctor = bc.has(fn_flags::CONSTRUCTOR);
    let is_gen = bc.has(fn_flags::GENERATOR);
    let legacy = is_ctor
        && !is_gen
        && bc.flags & (fn_flags::STRICT | fn_flags::ASYNC | fn_flags::METHOD) == 0;
    let name = bc.name;
    let length = bc.length;
    let proto = if is_gen && bc.has(fn_flags::ASYNC) {
        cx.intr().async_generator_function_proto.clone()
    } else if is_gen {
        cx.intr().generator_function_proto.clone()
    } else if bc.has(fn_flags::ASYNC) {
        cx.intr().async_function_proto.clone()
    } else {
        cx.intr().function_proto.clone()
    };
    let f = new_object(
        *cx,
        Some(proto),
        Class::Closure(Box::new(Closure {
            bc,
            var_refs,
            realm: cx.realm.index,
            home: None,
            proto_pending: is_ctor || is_gen,
            legacy_pending: legacy,
        })),
    );
    let length = Value::Int(length as i32);
    let name = Value::String(cx.rt.atom_string(name));
    // Every closure starts with the same two properties: after the first,
    // the realm keeps their shape and the others get it in one step.
    let cached = cx.realm.closure_shape.borrow().clone();
    if let Some(shape) = cached {
        let mut d = f.d.borrow_mut();
        d.shape = shape;
        d.slots = vec![Slot::Data(length), Slot::Data(name)];
        d.account(cx.heap());
        drop(d);
        return f;
    }
    object::define_data(cx, &f, Atom::LENGTH, length, flags::CONFIGURABLE);
    object::define_data(cx, &f, Atom::NAME, name, flags::CONFIGURABLE);
    let d = f.d.borrow();
    if d.slots.len() == 2 && !d.shape.dictionary {
        *cx.realm.closure_shape.borrow_mut() = Some(d.shape.clone());
    }
    drop(d);
    f
}

/// Creates a built-in function object.
pub(crate) fn new_native(
    cx: &Cx,
    name: Atom,
    length: u32,
    f: NativeFn,
    magic: i32,
    constructor: bool,
) -> Obj {
    let o = new_object(
        *cx,
        Some(cx.intr().function_proto.clone()),
        Class::Native(Native {
            f,
            magic,
            realm: cx.realm.index,
            extra: constructor.then(|| {
                Box::new(NativeExtra {
                    constructor: true,
                    host: None,
                    data: Vec::new(),
                })
            }),
        }),
    );
    // A string-named function has the shape of a new closure (`length`,
    // then `name`, both configurable) and its name is the atom's text.
    let cached = cx.realm.closure_shape.borrow().clone();
    if let Some(shape) = cached.filter(|_| !cx.rt.atoms.is_symbol(name)) {
        let mut d = o.d.borrow_mut();
        d.shape = shape;
        d.slots = vec![
            Slot::Data(Value::Int(length as i32)),
            Slot::Data(Value::String(cx.rt.atom_string(name))),
        ];
        d.account(cx.heap());
        drop(d);
        return o;
    }
    object::define_data(
        cx,
        &o,
        Atom::LENGTH,
        Value::Int(length as i32),
        flags::CONFIGURABLE,
    );
    let name_str = function_name_string(cx, name, None);
    object::define_data(
        cx,
        &o,
        Atom::NAME,
        Value::String(name_str),
        flags::CONFIGURABLE,
    );
    let d = o.d.borrow();
    if d.slots.len() == 2 && !d.shape.dictionary && cx.realm.closure_shape.borrow().is_none() {
        *cx.realm.closure_shape.borrow_mut() = Some(d.shape.clone());
    }
    drop(d);
    o
}

/// The `name` for a function named by `key` (§10.2.9 SetFunctionName).
fn function_name_string(cx: &Cx, key: Atom, prefix: Option<&str>) -> crate::string::JsString {
    let mut b = StringBuilder::new();
    if let Some(p) = prefix {
        b.push_str(p);
        b.push(b' ' as u16);
    }
    if cx.rt.atoms.is_symbol(key) {
        let desc = cx.rt.atom_string(key);
        match cx.rt.atoms.kind(key) {
            crate::atom::AtomKind::Symbol => {
                b.push(b'[' as u16);
                b.push_js(&desc);
                b.push(b']' as u16);
            }
            // A private method's name is its description, `#m`.
            crate::atom::AtomKind::Private => b.push_js(&desc),
            _ => {}
        }
    } else {
        b.push_js(&cx.rt.atom_string(key));
    }
    b.finish(cx.heap())
}

/// SetFunctionName (§10.2.9) on an anonymous function.
pub(crate) fn set_function_name(cx: &Cx, f: &Obj, key: Atom, prefix: Option<&str>) {
    let s = function_name_string(cx, key, prefix);
    object::define_data(cx, f, Atom::NAME, Value::String(s), flags::CONFIGURABLE);
}

/// Names an accessor function `get x` / `set x`.
pub(crate) fn set_accessor_name(cx: &Cx, f: &Obj, key: Atom, getter: bool) {
    set_function_name(cx, f, key, Some(if getter { "get" } else { "set" }));
}

/// Arguments objects with fewer arguments than this take their shape from
/// the realm's cache.
const CACHED_ARGUMENTS_SHAPES: usize = 8;

/// CreateMappedArgumentsObject / CreateUnmappedArgumentsObject (§10.4.4.6-7).
/// Own properties, in order: the indices, `length`, `@@iterator`, `callee`.
/// For fewer than [`CACHED_ARGUMENTS_SHAPES`] arguments the realm keeps the
/// resulting shape, and later objects of the same kind get it and their
/// slots directly.
pub(crate) fn make_arguments(
    cx: &Cx,
    args: &[Value],
    callee: &Obj,
    mapped: bool,
    map: Vec<Option<crate::gc::Gc<crate::object::VarRef>>>,
) -> Obj {
    let n = args.len();
    let class = if mapped && map.iter().any(Option::is_some) {
        Class::Arguments(map)
    } else {
        Class::Arguments(Vec::new())
    };
    let cache_at =
        (n < CACHED_ARGUMENTS_SHAPES).then(|| usize::from(mapped) * CACHED_ARGUMENTS_SHAPES + n);
    let values = cx.realm.array_values.get();
    let thrower = cx.realm.throw_type_error.get();
    let cached = match (cache_at, values, thrower) {
        (Some(at), Some(_), Some(_)) => cx
            .realm
            .arguments_shapes
            .borrow()
            .get(at)
            .cloned()
            .flatten(),
        _ => None,
    };
    if let (Some(shape), Some(values), Some(thrower)) = (cached, values, thrower) {
        let mut slots = Vec::with_capacity(n + 3);
        slots.extend(args.iter().map(|v| Slot::Data(v.clone())));
        slots.push(Slot::Data(Value::Int(n as i32)));
        slots.push(Slot::Data(Value::Object(values.clone())));
        slots.push(if mapped {
            Slot::Data(Value::Object(callee.clone()))
        } else {
            Slot::accessor(Some(thrower.clone()), Some(thrower.clone()))
        });
        let o = new_object(*cx, Some(cx.intr().object_proto.clone()), class);
        {
            let mut d = o.d.borrow_mut();
            d.shape = shape;
            d.slots = slots;
            d.account(cx.heap());
        }
        return o;
    }
    let o = new_object(*cx, Some(cx.intr().object_proto.clone()), Class::Object);
    for (i, v) in args.iter().enumerate() {
        if let Some(a) = Atom::from_index(i as u32) {
            object::define_data(cx, &o, a, v.clone(), flags::DEFAULT);
        }
    }
    object::define_data(
        cx,
        &o,
        Atom::LENGTH,
        Value::Int(args.len() as i32),
        flags::HIDDEN,
    );
    if let Some(values) = values {
        object::define_data(
            cx,
            &o,
            Atom::SYM_ITERATOR,
            Value::Object(values.clone()),
            flags::HIDDEN,
        );
    }
    if mapped {
        object::define_data(
            cx,
            &o,
            Atom::CALLEE,
            Value::Object(callee.clone()),
            flags::HIDDEN,
        );
    } else if let Some(thrower) = thrower {
        let _ = object::define_own_property(
            cx,
            &o,
            Atom::CALLEE,
            object::PropDesc {
                get: Some(Some(thrower.clone())),
                set: Some(Some(thrower.clone())),
                enumerable: Some(false),
                configurable: Some(false),
                ..Default::default()
            },
        );
    }
    let mut d = o.d.borrow_mut();
    d.class = class;
    if let Some(at) = cache_at
        && values.is_some()
        && thrower.is_some()
        && d.slots.len() == n + 3
    {
        let mut shapes = cx.realm.arguments_shapes.borrow_mut();
        if shapes.len() <= at {
            shapes.resize(2 * CACHED_ARGUMENTS_SHAPES, None);
        }
        shapes[at] = Some(d.shape.clone());
    }
    drop(d);
    o
}

/// `Function.prototype` itself is callable and returns undefined.
pub(crate) fn function_proto_call(_cx: Cx, _args: &Args) -> JsResult<Value> {
    Ok(Value::Undefined)
}

fn this_callable<'a>(cx: &Cx, args: &'a Args) -> JsResult<&'a Value> {
    if !args.this.is_callable() {
        return cx.type_error("Function.prototype method called on incompatible receiver");
    }
    Ok(&args.this)
}

/// The magic numbers of `Function.prototype.call` and `apply`, which the
/// interpreter's call path recognises (with the function itself) to call
/// the target directly.
pub(crate) const CALL_MAGIC: i32 = 0x4341_4c4c;
pub(crate) const APPLY_MAGIC: i32 = 0x4150_504c;

/// Function.prototype.call (§20.2.3.3).
pub(crate) fn call(cx: Cx, args: &Args) -> JsResult<Value> {
    let f = this_callable(&cx, args)?;
    let rest = if args.args.is_empty() {
        &[][..]
    } else {
        &args.args[1..]
    };
    cx.call(f, args.arg(0), rest)
}

/// CreateListFromArrayLike (§7.3.18).
pub(crate) fn list_from_array_like(cx: &Cx, v: &Value) -> JsResult<Vec<Value>> {
    let Value::Object(o) = v else {
        return cx.type_error("argument list must be an object");
    };
    if let Some(elems) = object::fast_array_elems(o) {
        return Ok(elems);
    }
    let len = cx.to_length(&object::get_prop(cx, o, Atom::LENGTH)?)?;
    if len > 10_000_000.0 {
        return cx.range_error("too many arguments");
    }
    let mut out = Vec::with_capacity(len as usize);
    for i in 0..len as u32 {
        let key = Atom::from_index(i).unwrap_or(Atom::EMPTY);
        out.push(object::get_prop(cx, o, key)?);
    }
    Ok(out)
}

/// The list CreateListFromArrayLike (§7.3.18) makes of `o` when reading
/// it runs no script and needs no lookup: the elements of a fast array
/// without holes, or those of an arguments object that still has the
/// realm's shape for its kind and count (own data indices, then `length`,
/// `@@iterator` and `callee`) and an int `length` no larger than its index
/// count (a mapped index reads its parameter's cell). None otherwise.
pub(crate) fn fast_list(realm: &Realm, o: &Obj) -> Option<SmallVec<[Value; 8]>> {
    let d = o.d.borrow();
    match &d.class {
        Class::Array(a) if a.fast && !a.elems.iter().any(object::array::is_hole) => {
            Some(a.elems.iter().cloned().collect())
        }
        Class::Arguments(map) => {
            let n = d.slots.len().checked_sub(3)?;
            if n >= CACHED_ARGUMENTS_SHAPES {
                return None;
            }
            {
                let shapes = realm.arguments_shapes.borrow();
                let is = |at: usize| {
                    shapes
                        .get(at)
                        .and_then(|s| s.as_ref())
                        .is_some_and(|s| Rc::ptr_eq(s, &d.shape))
                };
                if !is(n) && !is(CACHED_ARGUMENTS_SHAPES + n) {
                    return None;
                }
            }
            let len = match &d.slots[n] {
                Slot::Data(Value::Int(k)) if (0..=n as i32).contains(k) => *k as usize,
                _ => return None,
            };
            let mut out = SmallVec::with_capacity(len);
            for (i, slot) in d.slots[..len].iter().enumerate() {
                let v = match (map.get(i), slot) {
                    (Some(Some(cell)), _) => cell.value.borrow().clone(),
                    (_, Slot::Data(v)) => v.clone(),
                    _ => return None,
                };
                out.push(v);
            }
            Some(out)
        }
        _ => None,
    }
}

/// Function.prototype.apply (§20.2.3.1).
pub(crate) fn apply(cx: Cx, args: &Args) -> JsResult<Value> {
    let f = this_callable(&cx, args)?;
    let list = match args.arg(1) {
        v if v.is_nullish() => SmallVec::new(),
        Value::Object(o) => match fast_list(cx.realm, o) {
            Some(l) => l,
            None => list_from_array_like(&cx, args.arg(1))?.into(),
        },
        v => list_from_array_like(&cx, v)?.into(),
    };
    cx.call(f, args.arg(0), &list)
}

/// Function.prototype.bind (§20.2.3.2).
fn bind(cx: Cx, args: &Args) -> JsResult<Value> {
    let f = this_callable(&cx, args)?.clone();
    let Value::Object(target) = &f else {
        unreachable!("checked callable")
    };
    let bound_args: Vec<Value> = args.args.iter().skip(1).cloned().collect();
    // BoundFunctionCreate (§10.4.1.3).
    let proto = object::get_prototype_of(&cx, target)?;
    let b = new_object(
        cx,
        proto,
        Class::Bound(Box::new(Bound {
            target: target.clone(),
            this: args.get(0),
            args: bound_args.clone(),
            constructor: object::is_constructor(target),
        })),
    );
    // Steps 4-7: length.
    let mut len = 0.0;
    if object::get_own_property(&cx, target, Atom::LENGTH)?.is_some()
        && let Some(n) = object::get_prop(&cx, target, Atom::LENGTH)?.as_number()
    {
        len = if n == f64::INFINITY {
            f64::INFINITY
        } else if n == f64::NEG_INFINITY {
            0.0
        } else {
            (crate::value::integer_or_infinity(n) - bound_args.len() as f64).max(0.0)
        };
    }
    object::define_data(
        &cx,
        &b,
        Atom::LENGTH,
        Value::number(len),
        flags::CONFIGURABLE,
    );
    // Steps 8-10: name.
    let name = match object::get_prop(&cx, target, Atom::NAME)? {
        Value::String(s) => s,
        _ => cx.rt.atom_string(Atom::EMPTY),
    };
    let mut sb = StringBuilder::new();
    sb.push_str("bound ");
    sb.push_js(&name);
    object::define_data(
        &cx,
        &b,
        Atom::NAME,
        Value::String(sb.finish(cx.heap())),
        flags::CONFIGURABLE,
    );
    Ok(Value::Object(b))
}

/// Function.prototype.toString (§20.2.3.5).
fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("Function.prototype.toString requires that 'this' be a Function");
    };
    let text = match &o.d.borrow().class {
        Class::Closure(c) if c.bc.source_units.is_some() => {
            let units = c.bc.source_units.as_deref().unwrap_or_default();
            return Ok(Value::String(crate::string::JsString::from_utf16(
                &cx.rt.heap,
                units.to_vec(),
            )));
        }
        Class::Closure(c) => match &c.bc.source {
            Some(s) => s.to_string(),
            None => format!(
                "function {}() {{ [native code] }}",
                cx.rt.atom_name(c.bc.name)
            ),
        },
        Class::Native(_) | Class::Bound(_) => String::new(),
        // A callable proxy shows as a NativeFunction without a name.
        Class::Proxy(_) if object::is_callable(o) => "function () { [native code] }".to_string(),
        _ => {
            return cx.type_error("Function.prototype.toString requires that 'this' be a Function");
        }
    };
    if !text.is_empty() {
        return Ok(Value::String(cx.str(&text)));
    }
    let name = match object::get_prop(&cx, o, Atom::NAME)? {
        Value::String(s) => s.to_rust_string(),
        _ => String::new(),
    };
    Ok(Value::String(cx.str(&format!(
        "function {}() {{ [native code] }}",
        native_name(&name)
    ))))
}

/// The part of a NativeFunction's text (§20.2.3.5) naming a built-in: an
/// optional `get `/`set ` and the name when it is an IdentifierName or a
/// computed `[...]` name (so `get $&` shows as `get `).
fn native_name(name: &str) -> String {
    let (accessor, rest) = match name.get(..4) {
        Some("get ") | Some("set ") => name.split_at(4),
        _ => ("", name),
    };
    let start = |c: char| c == '$' || c == '_' || c.is_alphabetic();
    let part = |c: char| start(c) || c.is_alphanumeric() || c == '\u{200c}' || c == '\u{200d}';
    let ident = rest.chars().next().is_some_and(start) && rest.chars().all(part);
    if ident || rest.starts_with('[') {
        name.to_string()
    } else {
        accessor.to_string()
    }
}

/// Function.prototype[@@hasInstance] (§20.2.3.6).
fn has_instance(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(crate::ops::ordinary_has_instance(
        &cx,
        &args.this,
        args.arg(0),
    )?))
}

/// The Function constructor (§20.2.1.1): compiles parameters and body.
fn function_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    create_dynamic_function(cx, args, "function")
}

/// CreateDynamicFunction (§20.2.1.1.1) for `kind` (`function` or `function*`).
pub(crate) fn create_dynamic_function(cx: Cx, args: &Args, kind: &str) -> JsResult<Value> {
    // The texts are UTF-16 (a lone surrogate may stand in a string literal).
    let n = args.len();
    let mut params: Vec<u16> = Vec::new();
    for (i, a) in args.args.iter().take(n.saturating_sub(1)).enumerate() {
        if i > 0 {
            params.push(u16::from(b','));
        }
        params.extend(cx.to_string(a)?.units().iter());
    }
    let body: Vec<u16> = if n > 0 {
        cx.to_string(&args.args[n - 1])?.units().iter().collect()
    } else {
        Vec::new()
    };
    let text = |parts: &[&[u16]]| {
        let units: Vec<u16> = parts.concat();
        crate::compiler::SourceText::from_units(crate::string::Units::Utf16(&units))
    };
    let utf16 = |s: &str| s.encode_utf16().collect::<Vec<u16>>();
    let head = utf16(&format!("{kind} anonymous("));
    let (open_body, close) = (utf16("\n) {\n"), utf16("\n}"));
    // §20.2.1.1.1 CreateDynamicFunction parses the parameters and the body
    // each on its own, so neither can end the other early: check both alone,
    // as a declaration (after which no `)` or `,` may follow), before
    // compiling the whole.
    for alone in [
        text(&[&head, &params, &open_body, &close]),
        text(&[&head, &open_body, &body, &close]),
    ] {
        if let Err(e) = crate::compiler::compile_script_text(cx.rt, &alone, "<function>") {
            return cx.syntax_error(&e.message);
        }
    }
    let src = text(&[
        &utf16("("),
        &head,
        &params,
        &open_body,
        &body,
        &close,
        &utf16(")"),
    ]);
    let f = crate::api::eval_function_source(&cx, &src)?;
    // A subclass's constructor gives the prototype (step 25).
    if let (Some(nt), Value::Object(fo)) = (&args.new_target, &f)
        && !Obj::ptr_eq(nt, &args.callee)
    {
        let fallback: fn(&crate::runtime::Realm) -> &Obj = match kind {
            "function*" => |r| &r.intr.generator_function_proto,
            "async function" => |r| &r.intr.async_function_proto,
            "async function*" => |r| &r.intr.async_generator_function_proto,
            _ => |r| &r.intr.function_proto,
        };
        let proto = crate::ops::proto_from_ctor(&cx, Some(nt), fallback)?;
        object::set_prototype_of(&cx, fo, Some(proto))?;
    }
    Ok(f)
}

/// The constructor of a kind of function (%GeneratorFunction% §27.3.1,
/// %AsyncFunction% §27.7.1): it inherits %Function%, its `prototype` is
/// fixed, and the prototype's `constructor` link is read-only but
/// configurable (§27.3.3.1, §27.7.3.1).
pub(crate) fn define_function_kind(cx: &Cx, name: &str, f: NativeFn, proto: &Obj) -> Obj {
    let ctor = new_native(cx, cx.intern(name), 1, f, 0, true);
    if let Some(object::PropDesc {
        value: Some(Value::Object(function_ctor)),
        ..
    }) = object::get_own_property(cx, &cx.intr().function_proto, Atom::CONSTRUCTOR)
        .ok()
        .flatten()
    {
        let _ = object::set_prototype_of(cx, &ctor, Some(function_ctor));
    }
    object::define_data(cx, &ctor, Atom::PROTOTYPE, Value::Object(proto.clone()), 0);
    object::define_data(
        cx,
        proto,
        Atom::CONSTRUCTOR,
        Value::Object(ctor.clone()),
        flags::CONFIGURABLE,
    );
    ctor
}

/// The legacy `arguments` and `caller` properties of sloppy ordinary
/// functions, the extension V8 and SpiderMonkey have and ECMA-262 §17.1
/// restricts (<https://tc39.es/ecma262/#sec-forbidden-extensions>): only
/// non-strict `function` declarations and expressions (and `Function`
/// bodies) get them; strict functions, arrows, methods, generators, async
/// functions and classes inherit %ThrowTypeError% from
/// `Function.prototype`. They are non-enumerable, non-configurable
/// accessors without a setter (an assignment is ignored in sloppy code and
/// a TypeError in strict code), so they never look like a non-writable data
/// property whose value changes. Created when one of the function's lazy
/// keys is first looked at (`ordinary::materialize`), before `prototype`.
pub(crate) fn define_legacy_properties(cx: &Cx, f: &Obj, realm: u32) {
    let realm = cx.rt.realm(realm);
    let (args_get, caller_get) = realm
        .legacy_accessors
        .get_or_init(|| {
            let rcx = Cx {
                rt: cx.rt,
                realm: &realm,
            };
            let a = new_native(&rcx, Atom::ARGUMENTS, 0, legacy_arguments, 0, false);
            let c = new_native(&rcx, Atom::CALLER, 0, legacy_caller, 0, false);
            (a, c)
        })
        .clone();
    for (key, getter) in [(Atom::ARGUMENTS, args_get), (Atom::CALLER, caller_get)] {
        let _ = object::define_own_property(
            cx,
            f,
            key,
            object::PropDesc {
                get: Some(Some(getter)),
                set: Some(None),
                enumerable: Some(false),
                configurable: Some(false),
                ..Default::default()
            },
        );
    }
}

/// The index in `rt.frames` of the latest running invocation of the
/// sloppy function `this`, if any.
fn latest_invocation(cx: &Cx, this: &Value) -> Option<usize> {
    let Value::Object(f) = this else { return None };
    let (bc, var_refs) = match &f.d.try_borrow().ok()?.class {
        Class::Closure(c) if !c.bc.has(fn_flags::STRICT) => (c.bc.clone(), c.var_refs.clone()),
        _ => return None,
    };
    let frames = cx.rt.frames.try_borrow().ok()?;
    frames.iter().rposition(|fr| fr.runs(&bc, &var_refs))
}

/// The getter of a sloppy function's `caller`: the function that made the
/// latest running invocation of this one, or null when it is not running,
/// was called from global, module or eval code, or from a strict function
/// (which must never be revealed). A built-in function in between is not
/// seen: the caller is the nearest function running bytecode.
fn legacy_caller(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(i) = latest_invocation(&cx, &args.this) else {
        return Ok(Value::Null);
    };
    let (bc, var_refs) = {
        let frames = cx.rt.frames.borrow();
        let Some(fr) = i.checked_sub(1).and_then(|j| frames.get(j)) else {
            return Ok(Value::Null);
        };
        if fr.bc.flags & (fn_flags::STRICT | fn_flags::SCRIPT | fn_flags::MODULE) != 0 {
            return Ok(Value::Null);
        }
        (fr.bc.clone(), fr.var_refs().clone())
    };
    // Frames do not hold their function object: the caller is the (live)
    // closure with that code and those captures.
    let found = cx.heap().find_cell(|o: &object::JsObject| {
        o.d.try_borrow().is_ok_and(|d| {
            matches!(&d.class, Class::Closure(c)
                if Gc::ptr_eq(&c.bc, &bc) && Rc::ptr_eq(&c.var_refs, &var_refs))
        })
    });
    Ok(found.map_or(Value::Null, Value::Object))
}

/// The getter of a sloppy function's `arguments`: a new arguments object
/// holding the arguments of its latest running invocation, or null when it
/// is not running. The values come from the frame's record
/// (`Frame::recorded_args`): a function whose code does not use
/// `arguments` reads null when it was passed arguments.
fn legacy_arguments(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(i) = latest_invocation(&cx, &args.this) else {
        return Ok(Value::Null);
    };
    let kept: Option<Vec<Value>> = {
        let frames = cx.rt.frames.borrow();
        frames.get(i).and_then(|f| f.recorded_args())
    };
    let (Some(values), Value::Object(f)) = (kept, &args.this) else {
        return Ok(Value::Null);
    };
    Ok(Value::Object(make_arguments(
        &cx,
        &values,
        f,
        true,
        Vec::new(),
    )))
}

/// %ThrowTypeError% (§10.2.4.1).
fn throw_type_error(cx: Cx, _args: &Args) -> JsResult<Value> {
    cx.type_error("'caller', 'callee', and 'arguments' properties may not be accessed on strict mode functions")
}

const PROTO_FNS: &[FnSpec] = fns! {
    "call", 1, call, CALL_MAGIC;
    "apply", 2, apply, APPLY_MAGIC;
    "bind", 1, bind;
    "toString", 0, to_string;
    "@@hasInstance", 1, has_instance;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().function_proto;
    object::define_data(cx, proto, Atom::LENGTH, Value::Int(0), flags::CONFIGURABLE);
    object::define_data(
        cx,
        proto,
        Atom::NAME,
        Value::String(cx.rt.atom_string(Atom::EMPTY)),
        flags::CONFIGURABLE,
    );
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_ctor(cx, "Function", 1, function_ctor, proto);
    let thrower = new_native(cx, Atom::EMPTY, 0, throw_type_error, 0, false);
    // §10.2.4.1: `length` and `name` are non-configurable and the function
    // is frozen.
    object::define_data(cx, &thrower, Atom::LENGTH, Value::Int(0), 0);
    object::define_data(
        cx,
        &thrower,
        Atom::NAME,
        Value::String(cx.rt.atom_string(Atom::EMPTY)),
        0,
    );
    let _ = object::prevent_extensions(cx, &thrower);
    let _ = cx.realm.throw_type_error.set(thrower.clone());
    for name in [Atom::CALLER, Atom::ARGUMENTS] {
        let _ = object::define_own_property(
            cx,
            proto,
            name,
            object::PropDesc {
                get: Some(Some(thrower.clone())),
                set: Some(Some(thrower.clone())),
                enumerable: Some(false),
                configurable: Some(true),
                ..Default::default()
            },
        );
    }
}
