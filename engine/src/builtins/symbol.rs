//! `Symbol` and `Symbol.prototype` (ECMA-262 §20.4).
//!
//! <https://tc39.es/ecma262/#sec-symbol-objects>

use super::{FnSpec, fns};
use crate::atom::{Atom, AtomKind, Sym};
use crate::object::{self, Args, Class};
use crate::runtime::{Cx, JsResult};
use crate::string::StringBuilder;
use crate::value::Value;

fn symbol_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.new_target.is_some() {
        return cx.type_error("Symbol is not a constructor");
    }
    let desc = if args.arg(0).is_undefined() {
        None
    } else {
        Some(cx.to_string(args.arg(0))?)
    };
    Ok(Value::Symbol(cx.rt.atoms.new_symbol(desc, cx.heap())))
}

/// thisSymbolValue (§20.4.3.4.1).
fn this_symbol(cx: &Cx, v: &Value) -> JsResult<Sym> {
    match v {
        Value::Symbol(a) => Ok(a.clone()),
        Value::Object(o) => match &o.d.borrow().class {
            Class::Symbol(a) => Ok(a.clone()),
            _ => cx.type_error("Symbol.prototype method requires that 'this' be a Symbol"),
        },
        _ => cx.type_error("Symbol.prototype method requires that 'this' be a Symbol"),
    }
}

/// SymbolDescriptiveString (§20.4.3.3.1).
pub(crate) fn descriptive_string(cx: &Cx, a: Atom) -> crate::string::JsString {
    let mut b = StringBuilder::new();
    b.push_str("Symbol(");
    if cx.rt.atoms.kind(a) != AtomKind::SymbolNoDescription {
        b.push_js(&cx.rt.atom_string(a));
    }
    b.push(b')' as u16);
    b.finish(cx.heap())
}

fn to_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let a = this_symbol(&cx, &args.this)?;
    Ok(Value::String(descriptive_string(&cx, a.atom())))
}

fn value_of(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Symbol(this_symbol(&cx, &args.this)?))
}

fn description(cx: Cx, args: &Args) -> JsResult<Value> {
    let a = this_symbol(&cx, &args.this)?;
    if cx.rt.atoms.kind(a.atom()) == AtomKind::SymbolNoDescription {
        return Ok(Value::Undefined);
    }
    Ok(Value::String(cx.rt.atom_string(a.atom())))
}

/// Symbol.for (§20.4.2.2).
fn symbol_for(cx: Cx, args: &Args) -> JsResult<Value> {
    let key = cx.to_string(args.arg(0))?;
    Ok(Value::Symbol(cx.rt.atoms.symbol_for(cx.heap(), &key)))
}

/// Symbol.keyFor (§20.4.2.6).
fn key_for(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Symbol(a) = args.arg(0) else {
        return cx.type_error("Symbol.keyFor: argument is not a symbol");
    };
    if cx.rt.atoms.is_registered_symbol(a.atom()) {
        return Ok(Value::String(cx.rt.atom_string(a.atom())));
    }
    Ok(Value::Undefined)
}

const CTOR_FNS: &[FnSpec] = fns! {
    "for", 1, symbol_for;
    "keyFor", 1, key_for;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "toString", 0, to_string;
    "valueOf", 0, value_of;
    "@@toPrimitive", 1, value_of;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().symbol_proto;
    let ctor = super::define_ctor(cx, "Symbol", 0, symbol_ctor, proto);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_to_string_tag(cx, proto, "Symbol");
    let getter =
        super::function::new_native(cx, cx.intern("get description"), 0, description, 0, false);
    let _ = object::define_own_property(
        cx,
        proto,
        cx.intern("description"),
        object::PropDesc {
            get: Some(Some(getter)),
            set: Some(None),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        },
    );
    for (name, a) in [
        ("asyncDispose", Atom::SYM_ASYNC_DISPOSE),
        ("asyncIterator", Atom::SYM_ASYNC_ITERATOR),
        ("dispose", Atom::SYM_DISPOSE),
        ("hasInstance", Atom::SYM_HAS_INSTANCE),
        ("isConcatSpreadable", Atom::SYM_IS_CONCAT_SPREADABLE),
        ("iterator", Atom::SYM_ITERATOR),
        ("match", Atom::SYM_MATCH),
        ("matchAll", Atom::SYM_MATCH_ALL),
        ("replace", Atom::SYM_REPLACE),
        ("search", Atom::SYM_SEARCH),
        ("species", Atom::SYM_SPECIES),
        ("split", Atom::SYM_SPLIT),
        ("toPrimitive", Atom::SYM_TO_PRIMITIVE),
        ("toStringTag", Atom::SYM_TO_STRING_TAG),
        ("unscopables", Atom::SYM_UNSCOPABLES),
    ] {
        super::define_const(cx, &ctor, name, cx.rt.symbol_value(a));
    }
}
