//! `Object` and `Object.prototype` (ECMA-262 §20.1), and `for-in` enumeration (§14.7.5.9).
//!
//! <https://tc39.es/ecma262/#sec-object-objects>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, ForIn, Obj, PropDesc, new_object};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// The Object constructor (§20.1.1.1).
fn object_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    if let Some(nt) = &args.new_target
        && !Obj::ptr_eq(nt, &args.callee)
    {
        let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.object_proto)?;
        return Ok(Value::Object(new_object(cx, Some(proto), Class::Object)));
    }
    let v = args.arg(0);
    if v.is_nullish() {
        return Ok(Value::Object(object::new_plain(cx)));
    }
    Ok(Value::Object(cx.to_object(v)?))
}

fn arg_object<'a>(cx: &Cx, args: &'a Args, i: usize, what: &str) -> JsResult<&'a Obj> {
    match args.arg(i) {
        Value::Object(o) => Ok(o),
        _ => cx.type_error(&format!("{what} called on non-object")),
    }
}

/// ToPropertyDescriptor (§6.2.6.5).
pub(crate) fn to_property_descriptor(cx: &Cx, v: &Value) -> JsResult<PropDesc> {
    let Value::Object(o) = v else {
        return cx.type_error("property descriptor must be an object");
    };
    let mut d = PropDesc::default();
    let field = |name: Atom| -> JsResult<Option<Value>> {
        if object::has_property(cx, o, name)? {
            Ok(Some(object::get_prop(cx, o, name)?))
        } else {
            Ok(None)
        }
    };
    if let Some(v) = field(Atom::ENUMERABLE)? {
        d.enumerable = Some(v.to_boolean());
    }
    if let Some(v) = field(Atom::CONFIGURABLE)? {
        d.configurable = Some(v.to_boolean());
    }
    if let Some(v) = field(Atom::VALUE)? {
        d.value = Some(v);
    }
    if let Some(v) = field(Atom::WRITABLE)? {
        d.writable = Some(v.to_boolean());
    }
    for (name, slot) in [(Atom::GET, &mut d.get), (Atom::SET, &mut d.set)] {
        if let Some(v) = field(name)? {
            match v {
                Value::Undefined => *slot = Some(None),
                Value::Object(f) if object::is_callable(&f) => *slot = Some(Some(f)),
                _ => return cx.type_error("accessor must be a function"),
            }
        }
    }
    if d.is_accessor() && d.is_data() {
        return cx.type_error(
            "invalid property descriptor: cannot both specify accessors and a value or writable",
        );
    }
    Ok(d)
}

/// FromPropertyDescriptor (§6.2.6.4).
pub(crate) fn from_property_descriptor(cx: &Cx, d: &PropDesc) -> Value {
    let o = object::new_plain(*cx);
    if let Some(v) = &d.value {
        object::define_data(cx, &o, Atom::VALUE, v.clone(), flags::DEFAULT);
    }
    if let Some(w) = d.writable {
        object::define_data(cx, &o, Atom::WRITABLE, Value::Bool(w), flags::DEFAULT);
    }
    if let Some(g) = &d.get {
        object::define_data(
            cx,
            &o,
            Atom::GET,
            g.clone().map(Value::Object).unwrap_or(Value::Undefined),
            flags::DEFAULT,
        );
    }
    if let Some(s) = &d.set {
        object::define_data(
            cx,
            &o,
            Atom::SET,
            s.clone().map(Value::Object).unwrap_or(Value::Undefined),
            flags::DEFAULT,
        );
    }
    if let Some(e) = d.enumerable {
        object::define_data(cx, &o, Atom::ENUMERABLE, Value::Bool(e), flags::DEFAULT);
    }
    if let Some(c) = d.configurable {
        object::define_data(cx, &o, Atom::CONFIGURABLE, Value::Bool(c), flags::DEFAULT);
    }
    Value::Object(o)
}

/// The enumerable own string keys of `o`, in [[OwnPropertyKeys]] order
/// (EnumerableOwnProperties(O, key), §7.3.23).
pub(crate) fn enumerable_own_keys(cx: &Cx, o: &Obj) -> JsResult<Vec<Atom>> {
    let mut out = Vec::new();
    for k in object::own_keys(cx, o)? {
        if !cx.rt.atoms.is_symbol(k)
            && object::get_own_property(cx, o, k)?.is_some_and(|d| d.enumerable == Some(true))
        {
            out.push(k);
        }
    }
    Ok(out)
}

/// DefinePropertyOrThrow (§7.3.8).
pub(crate) fn define_or_throw(cx: &Cx, o: &Obj, key: Atom, d: PropDesc) -> JsResult<()> {
    if !object::define_own_property(cx, o, key, d)? {
        return cx.type_error(&format!(
            "cannot redefine property: {}",
            cx.rt.atom_name(key)
        ));
    }
    Ok(())
}

fn define_property(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = arg_object(&cx, args, 0, "Object.defineProperty")?;
    let key = cx.to_property_key(args.arg(1))?;
    let d = to_property_descriptor(&cx, args.arg(2))?;
    define_or_throw(&cx, o, key, d)?;
    Ok(args.get(0))
}

/// ObjectDefineProperties (§20.1.2.3.1).
fn define_properties_impl(cx: &Cx, o: &Obj, props: &Value) -> JsResult<()> {
    let props = cx.to_object(props)?;
    let mut descs = Vec::new();
    for key in object::own_keys(cx, &props)? {
        if let Some(pd) = object::get_own_property(cx, &props, key)?
            && pd.enumerable == Some(true)
        {
            let dv = object::get_prop(cx, &props, key)?;
            descs.push((key, to_property_descriptor(cx, &dv)?));
        }
    }
    for (k, d) in descs {
        define_or_throw(cx, o, k, d)?;
    }
    Ok(())
}

fn define_properties(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = arg_object(&cx, args, 0, "Object.defineProperties")?;
    define_properties_impl(&cx, o, args.arg(1))?;
    Ok(args.get(0))
}

fn create(cx: Cx, args: &Args) -> JsResult<Value> {
    let proto = match args.arg(0) {
        Value::Object(p) => Some(p.clone()),
        Value::Null => None,
        _ => return cx.type_error("Object prototype may only be an Object or null"),
    };
    let o = new_object(cx, proto, Class::Object);
    if !args.arg(1).is_undefined() {
        define_properties_impl(&cx, &o, args.arg(1))?;
    }
    Ok(Value::Object(o))
}

fn get_own_property_descriptor(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    let key = cx.to_property_key(args.arg(1))?;
    Ok(match object::get_own_property(&cx, &o, key)? {
        Some(d) => from_property_descriptor(&cx, &d),
        None => Value::Undefined,
    })
}

fn get_own_property_descriptors(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    let out = object::new_plain(cx);
    for key in object::own_keys(&cx, &o)? {
        if let Some(d) = object::get_own_property(&cx, &o, key)? {
            object::define_data(
                &cx,
                &out,
                key,
                from_property_descriptor(&cx, &d),
                flags::DEFAULT,
            );
        }
    }
    Ok(Value::Object(out))
}

fn keys_of(cx: &Cx, o: &Obj, strings: bool, symbols: bool) -> JsResult<Vec<Value>> {
    Ok(object::own_keys(cx, o)?
        .into_iter()
        .filter(|k| {
            if cx.rt.atoms.is_symbol(*k) {
                symbols
            } else {
                strings
            }
        })
        .map(|k| crate::ops::key_to_value(cx, k))
        .collect())
}

fn get_own_property_names(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    Ok(Value::Object(object::new_array(
        cx,
        keys_of(&cx, &o, true, false)?,
    )))
}

fn get_own_property_symbols(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    Ok(Value::Object(object::new_array(
        cx,
        keys_of(&cx, &o, false, true)?,
    )))
}

/// EnumerableOwnProperties (§7.3.23): 0 = keys, 1 = values, 2 = entries.
fn enumerable_own(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    let mut out = Vec::new();
    for key in object::own_keys(&cx, &o)? {
        if cx.rt.atoms.is_symbol(key) {
            continue;
        }
        let Some(d) = object::get_own_property(&cx, &o, key)? else {
            continue;
        };
        if d.enumerable != Some(true) {
            continue;
        }
        let k = Value::String(cx.rt.atom_string(key));
        match args.magic {
            0 => out.push(k),
            1 => out.push(object::get_prop(&cx, &o, key)?),
            _ => {
                let v = object::get_prop(&cx, &o, key)?;
                out.push(Value::Object(object::new_array(cx, vec![k, v])));
            }
        }
    }
    Ok(Value::Object(object::new_array(cx, out)))
}

fn get_prototype_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    Ok(object::get_prototype_of(&cx, &o)?
        .map(Value::Object)
        .unwrap_or(Value::Null))
}

fn set_prototype_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let v = args.arg(0);
    if v.is_nullish() {
        return cx.type_error("Object.setPrototypeOf called on null or undefined");
    }
    let proto = match args.arg(1) {
        Value::Object(p) => Some(p.clone()),
        Value::Null => None,
        _ => return cx.type_error("Object prototype may only be an Object or null"),
    };
    if let Value::Object(o) = v
        && !object::set_prototype_of(&cx, o, proto)?
    {
        return cx.type_error("cannot set prototype");
    }
    Ok(v.clone())
}

/// SetIntegrityLevel (§7.3.15): magic 0 = seal, 1 = freeze; 2 = preventExtensions.
fn set_integrity(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = args.arg(0) else {
        return Ok(args.get(0));
    };
    let ok = if args.magic == 2 {
        object::prevent_extensions(&cx, o)?
    } else {
        set_integrity_level(&cx, o, args.magic == 1)?
    };
    if !ok {
        return cx.type_error("cannot prevent extensions");
    }
    Ok(args.get(0))
}

/// SetIntegrityLevel (§7.3.15) for `sealed` or (when `frozen`) `frozen`.
pub(crate) fn set_integrity_level(cx: &Cx, o: &Obj, frozen: bool) -> JsResult<bool> {
    // Steps 3-4.
    if !object::prevent_extensions(cx, o)? {
        return Ok(false);
    }
    // Step 5.
    let keys = object::own_keys(cx, o)?;
    for key in keys {
        let mut d = PropDesc {
            configurable: Some(false),
            ..Default::default()
        };
        // Step 7.b: only freezing reads the current descriptor.
        if frozen {
            let Some(cur) = object::get_own_property(cx, o, key)? else {
                continue;
            };
            if !cur.is_accessor() {
                d.writable = Some(false);
            }
        }
        define_or_throw(cx, o, key, d)?;
    }
    Ok(true)
}

/// TestIntegrityLevel (§7.3.16): magic 0 = sealed, 1 = frozen, 2 = extensible.
fn test_integrity(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = args.arg(0) else {
        return Ok(Value::Bool(args.magic != 2));
    };
    let extensible = object::is_extensible(&cx, o)?;
    if args.magic == 2 {
        return Ok(Value::Bool(extensible));
    }
    if extensible {
        return Ok(Value::Bool(false));
    }
    for key in object::own_keys(&cx, o)? {
        if let Some(d) = object::get_own_property(&cx, o, key)?
            && (d.configurable == Some(true) || (args.magic == 1 && d.writable == Some(true)))
        {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

fn is(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(crate::value::same_value(
        args.arg(0),
        args.arg(1),
    )))
}

fn assign(cx: Cx, args: &Args) -> JsResult<Value> {
    let to = cx.to_object(args.arg(0))?;
    for src in args.args.iter().skip(1) {
        if src.is_nullish() {
            continue;
        }
        let from = cx.to_object(src)?;
        for key in object::own_keys(&cx, &from)? {
            if let Some(d) = object::get_own_property(&cx, &from, key)?
                && d.enumerable == Some(true)
            {
                let v = object::get_prop(&cx, &from, key)?;
                object::put(&cx, &to, key, v, true)?;
            }
        }
    }
    Ok(Value::Object(to))
}

fn has_own(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(args.arg(0))?;
    let key = cx.to_property_key(args.arg(1))?;
    Ok(Value::Bool(
        object::get_own_property(&cx, &o, key)?.is_some(),
    ))
}

fn has_own_property(cx: Cx, args: &Args) -> JsResult<Value> {
    let key = cx.to_property_key(args.arg(0))?;
    let o = cx.to_object(&args.this)?;
    Ok(Value::Bool(
        object::get_own_property(&cx, &o, key)?.is_some(),
    ))
}

fn is_prototype_of(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(v) = args.arg(0) else {
        return Ok(Value::Bool(false));
    };
    let o = cx.to_object(&args.this)?;
    let mut cur = object::get_prototype_of(&cx, v)?;
    while let Some(p) = cur {
        if Obj::ptr_eq(&p, &o) {
            return Ok(Value::Bool(true));
        }
        cur = object::get_prototype_of(&cx, &p)?;
    }
    Ok(Value::Bool(false))
}

fn property_is_enumerable(cx: Cx, args: &Args) -> JsResult<Value> {
    let key = cx.to_property_key(args.arg(0))?;
    let o = cx.to_object(&args.this)?;
    Ok(Value::Bool(
        object::get_own_property(&cx, &o, key)?.is_some_and(|d| d.enumerable == Some(true)),
    ))
}

/// Object.prototype.toString (§20.1.3.6).
pub(crate) fn object_to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let tag = match &args.this {
        Value::Undefined => return Ok(Value::String(cx.str("[object Undefined]"))),
        Value::Null => return Ok(Value::String(cx.str("[object Null]"))),
        v => {
            let o = cx.to_object(v)?;
            // Steps 4-14.
            let is_array = object::is_array(&cx, &o)?;
            let callable = object::is_callable(&o);
            let builtin = match &o.d.borrow().class {
                _ if is_array => "Array",
                Class::Arguments(_) => "Arguments",
                _ if callable => "Function",
                Class::Error => "Error",
                Class::RegExp(_) => "RegExp",
                Class::Boolean(_) => "Boolean",
                Class::Number(_) => "Number",
                Class::Date(_) => "Date",
                Class::String(_) => "String",
                _ => "Object",
            };
            match object::get_prop(&cx, &o, Atom::SYM_TO_STRING_TAG)? {
                Value::String(s) => s.to_rust_string(),
                _ => builtin.to_string(),
            }
        }
    };
    Ok(Value::String(cx.str(&format!("[object {tag}]"))))
}

fn to_locale_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let f = crate::object::get_value(&cx, &args.this, Atom::TO_STRING)?;
    cx.call(&f, &args.this, &[])
}

fn value_of(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Object(cx.to_object(&args.this)?))
}

fn proto_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    Ok(object::get_prototype_of(&cx, &o)?
        .map(Value::Object)
        .unwrap_or(Value::Null))
}

fn proto_setter(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.this.is_nullish() {
        return cx.type_error("Object.prototype.__proto__ called on null or undefined");
    }
    let proto = match args.arg(0) {
        Value::Object(p) => Some(p.clone()),
        Value::Null => None,
        _ => return Ok(Value::Undefined),
    };
    if let Value::Object(o) = &args.this
        && !object::set_prototype_of(&cx, o, proto)?
    {
        return cx.type_error("cannot set prototype");
    }
    Ok(Value::Undefined)
}

/// Starts a for-in enumeration (§14.7.5.6 ForIn/OfHeadEvaluation, EnumerateObjectProperties).
pub(crate) fn for_in_start(cx: &Cx, v: &Value) -> JsResult<Value> {
    let obj = if v.is_nullish() {
        None
    } else {
        Some(cx.to_object(v)?)
    };
    let it = ForIn {
        obj,
        proto: None,
        keys: Vec::new(),
        pos: 0,
        visited: hashbrown::HashSet::new(),
        first: true,
        gone: Vec::new(),
    };
    let o = new_object(*cx, None, Class::ForIn(Box::new(it)));
    load_keys(cx, &o)?;
    Ok(Value::Object(o))
}

/// Reads the own string keys of the object being enumerated, then its
/// prototype.
fn load_keys(cx: &Cx, it: &Obj) -> JsResult<()> {
    let obj = match &it.d.borrow().class {
        Class::ForIn(f) => f.obj.clone(),
        _ => None,
    };
    let (keys, proto) = match &obj {
        Some(o) => (object::own_keys(cx, o)?, object::get_prototype_of(cx, o)?),
        None => (Vec::new(), None),
    };
    if let Class::ForIn(f) = &mut it.d.borrow_mut().class {
        f.proto = proto;
        f.keys = keys
            .into_iter()
            .filter(|k| !cx.rt.atoms.is_symbol(*k))
            .collect();
        f.pos = 0;
    }
    Ok(())
}

/// Whether no object of the chain from `p` can contribute a key to a
/// for-in enumeration: each is ordinary (or an array without elements)
/// and has no enumerable property. Such a chain only shadows its own keys,
/// so the enumeration may end with the receiver's keys.
fn chain_has_no_enumerable(mut p: Option<Obj>) -> bool {
    for _ in 0..64 {
        let Some(o) = p else {
            return true;
        };
        let d = o.d.borrow();
        let plain = match &d.class {
            Class::Object | Class::ImmutablePrototype | Class::Closure(_) | Class::Native(_) => {
                true
            }
            Class::Array(a) => a.elems.is_empty(),
            _ => false,
        };
        if !plain
            || d.shape
                .props
                .iter()
                .any(|p| p.flags & flags::ENUMERABLE != 0)
        {
            return false;
        }
        p = d.proto.clone();
    }
    false
}

/// Whether `obj` has an own property `k`, and if so whether it is
/// enumerable, without building a descriptor when the shape or the
/// elements answer.
fn own_enumerable(cx: &Cx, obj: &Obj, k: Atom) -> JsResult<Option<bool>> {
    {
        let d = obj.d.borrow();
        if let (Class::Array(a), Some(i)) = (&d.class, k.index())
            && a.fast
        {
            return Ok(a
                .elems
                .get(i as usize)
                .filter(|v| !crate::object::array::is_hole(v))
                .map(|_| true));
        }
        if d.plain_key(k) {
            return Ok(d
                .shape
                .find(k)
                .map(|at| d.shape.props[at].flags & flags::ENUMERABLE != 0));
        }
    }
    Ok(object::get_own_property(cx, obj, k)?.map(|d| d.enumerable == Some(true)))
}

/// The next key of a for-in enumeration: (key, done).
pub(crate) fn for_in_next(cx: &Cx, it: &Obj) -> JsResult<(Value, bool)> {
    loop {
        let (obj, key, first) = {
            let mut d = it.d.borrow_mut();
            let Class::ForIn(f) = &mut d.class else {
                return Ok((Value::Undefined, true));
            };
            let Some(obj) = f.obj.clone() else {
                return Ok((Value::Undefined, true));
            };
            if f.pos < f.keys.len() {
                let k = f.keys[f.pos];
                f.pos += 1;
                (obj, Some(k), f.first)
            } else {
                (obj, None, f.first)
            }
        };
        match key {
            Some(k) => {
                // The receiver's keys are distinct and come first: nothing
                // can have shadowed them.
                if !first {
                    let seen = match &mut it.d.borrow_mut().class {
                        Class::ForIn(f) => !f.visited.insert(k),
                        _ => true,
                    };
                    if seen {
                        continue;
                    }
                }
                // Skip properties deleted or not enumerable at this point.
                match own_enumerable(cx, &obj, k)? {
                    Some(true) => {
                        let v = match k.index() {
                            Some(i) if i <= i32::MAX as u32 => {
                                Value::String(crate::value::int_to_jsstring(cx, i as i32))
                            }
                            Some(i) => Value::String(cx.str(&i.to_string())),
                            None => Value::String(cx.rt.atom_string(k)),
                        };
                        return Ok((v, false));
                    }
                    Some(false) => continue,
                    None => {
                        if first && let Class::ForIn(f) = &mut it.d.borrow_mut().class {
                            f.gone.push(f.pos - 1);
                        }
                        if !first && let Class::ForIn(f) = &mut it.d.borrow_mut().class {
                            // Not processed: a later object may still
                            // produce the key.
                            f.visited.remove(&k);
                        }
                        continue;
                    }
                }
            }
            None => {
                let proto = match &it.d.borrow().class {
                    Class::ForIn(f) => f.proto.clone(),
                    _ => None,
                };
                if first && chain_has_no_enumerable(proto) {
                    if let Class::ForIn(f) = &mut it.d.borrow_mut().class {
                        f.obj = None;
                        f.proto = None;
                    }
                    return Ok((Value::Undefined, true));
                }
                if let Class::ForIn(f) = &mut it.d.borrow_mut().class {
                    if f.first {
                        // The receiver's keys that were processed shadow
                        // the prototypes' keys from now on.
                        f.first = false;
                        let gone = std::mem::take(&mut f.gone);
                        let keys = std::mem::take(&mut f.keys);
                        f.visited.extend(
                            keys.iter()
                                .enumerate()
                                .filter(|(i, _)| gone.binary_search(i).is_err())
                                .map(|(_, k)| *k),
                        );
                    }
                    f.obj = f.proto.take();
                }
                if it.d.borrow().class_is_done() {
                    return Ok((Value::Undefined, true));
                }
                load_keys(cx, it)?;
            }
        }
    }
}

impl crate::object::ObjectData {
    fn class_is_done(&self) -> bool {
        matches!(&self.class, Class::ForIn(f) if f.obj.is_none())
    }
}

/// __defineGetter__ (magic 0) and __defineSetter__ (magic 1) (§B.2.2.2-3).
fn define_accessor(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let Value::Object(f) = args.arg(1) else {
        return cx.type_error("accessor must be a function");
    };
    if !object::is_callable(f) {
        return cx.type_error("accessor must be a function");
    }
    let key = cx.to_property_key(args.arg(0))?;
    let mut d = PropDesc {
        enumerable: Some(true),
        configurable: Some(true),
        ..Default::default()
    };
    if args.magic == 0 {
        d.get = Some(Some(f.clone()));
    } else {
        d.set = Some(Some(f.clone()));
    }
    define_or_throw(&cx, &o, key, d)?;
    Ok(Value::Undefined)
}

/// __lookupGetter__ (magic 0) and __lookupSetter__ (magic 1) (§B.2.2.4-5).
fn lookup_accessor(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let key = cx.to_property_key(args.arg(0))?;
    let mut cur = Some(o);
    while let Some(c) = cur {
        if let Some(d) = object::get_own_property(&cx, &c, key)? {
            let f = if args.magic == 0 { d.get } else { d.set };
            return Ok(f.flatten().map(Value::Object).unwrap_or(Value::Undefined));
        }
        cur = object::get_prototype_of(&cx, &c)?;
    }
    Ok(Value::Undefined)
}

/// Object.fromEntries (§20.1.2.7).
fn from_entries(cx: Cx, args: &Args) -> JsResult<Value> {
    let iterable = args.arg(0);
    if iterable.is_nullish() {
        return cx.type_error("Object.fromEntries requires an iterable");
    }
    let obj = object::new_plain(cx);
    crate::ops::iterate(&cx, iterable, |item| {
        let (k, v) = super::map::entry(&cx, &item)?;
        let key = cx.to_property_key(&k)?;
        object::create_data_property(&cx, &obj, key, v)?;
        Ok(())
    })?;
    Ok(Value::Object(obj))
}

/// Object.groupBy (§20.1.2.12).
fn group_by(cx: Cx, args: &Args) -> JsResult<Value> {
    let groups = super::map::group_by(&cx, args.arg(0), args.arg(1), true)?;
    let obj = new_object(cx, None, Class::Object);
    for (key, elements) in groups {
        let key = cx.to_property_key(&key)?;
        let arr = Value::Object(object::new_array(cx, elements));
        object::create_data_property(&cx, &obj, key, arr)?;
    }
    Ok(Value::Object(obj))
}

const CTOR_FNS: &[FnSpec] = fns! {
    "fromEntries", 1, from_entries;
    "groupBy", 2, group_by;
    "create", 2, create;
    "defineProperty", 3, define_property;
    "defineProperties", 2, define_properties;
    "getOwnPropertyDescriptor", 2, get_own_property_descriptor;
    "getOwnPropertyDescriptors", 1, get_own_property_descriptors;
    "getOwnPropertyNames", 1, get_own_property_names;
    "getOwnPropertySymbols", 1, get_own_property_symbols;
    "getPrototypeOf", 1, get_prototype_of;
    "setPrototypeOf", 2, set_prototype_of;
    "keys", 1, enumerable_own, 0;
    "values", 1, enumerable_own, 1;
    "entries", 1, enumerable_own, 2;
    "assign", 2, assign;
    "seal", 1, set_integrity, 0;
    "freeze", 1, set_integrity, 1;
    "preventExtensions", 1, set_integrity, 2;
    "isSealed", 1, test_integrity, 0;
    "isFrozen", 1, test_integrity, 1;
    "isExtensible", 1, test_integrity, 2;
    "is", 2, is;
    "hasOwn", 2, has_own;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "hasOwnProperty", 1, has_own_property;
    "isPrototypeOf", 1, is_prototype_of;
    "propertyIsEnumerable", 1, property_is_enumerable;
    "toString", 0, object_to_string;
    "toLocaleString", 0, to_locale_string;
    "valueOf", 0, value_of;
    "__defineGetter__", 2, define_accessor, 0;
    "__defineSetter__", 2, define_accessor, 1;
    "__lookupGetter__", 1, lookup_accessor, 0;
    "__lookupSetter__", 1, lookup_accessor, 1;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().object_proto;
    let ctor = super::define_ctor(cx, "Object", 1, object_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    let getter =
        super::function::new_native(cx, cx.intern("get __proto__"), 0, proto_getter, 0, false);
    let setter =
        super::function::new_native(cx, cx.intern("set __proto__"), 1, proto_setter, 0, false);
    let _ = object::define_own_property(
        cx,
        proto,
        Atom::PROTO,
        PropDesc {
            get: Some(Some(getter)),
            set: Some(Some(setter)),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        },
    );
    let _ = cx.realm.object_ctor.set(ctor);
}
