//! `Set`, `Set.prototype` and Set Iterator objects (ECMA-262 §24.2). The
//! iterator, `forEach` and the constructor's loop are shared with `Map`
//! (`map.rs`).
//!
//! <https://tc39.es/ecma262/#sec-set-objects>

use super::map::{add_from_iterable, for_each, iterator, iterator_next, with_entries};
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, new_object};
use crate::ordered_map::OrderedMap;
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

fn with_set<R>(
    cx: &Cx,
    this: &Value,
    method: &str,
    f: impl FnOnce(&mut OrderedMap) -> R,
) -> JsResult<R> {
    with_entries(cx, this, true, method, f)
}

/// Set (§24.2.2.1).
fn set_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor Set requires 'new'");
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.set_proto)?;
    let set = new_object(cx, Some(proto), Class::Set(Box::default()));
    add_from_iterable(&cx, &set, args.arg(0), "add", false)?;
    Ok(Value::Object(set))
}

fn add(cx: Cx, args: &Args) -> JsResult<Value> {
    with_set(&cx, &args.this, "add", |m| {
        m.set(args.get(0), Value::Undefined)
    })?;
    Ok(args.this.clone())
}

fn has(cx: Cx, args: &Args) -> JsResult<Value> {
    with_set(&cx, &args.this, "has", |m| Value::Bool(m.has(args.arg(0))))
}

fn delete(cx: Cx, args: &Args) -> JsResult<Value> {
    let old = with_set(&cx, &args.this, "delete", |m| m.delete(args.arg(0)))?;
    Ok(Value::Bool(old.is_some()))
}

fn clear(cx: Cx, args: &Args) -> JsResult<Value> {
    let old = with_set(&cx, &args.this, "clear", |m| m.clear())?;
    drop(old);
    Ok(Value::Undefined)
}

fn size(cx: Cx, args: &Args) -> JsResult<Value> {
    with_set(&cx, &args.this, "size", |m| Value::number(m.len() as f64))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "add", 1, add;
    "clear", 0, clear;
    "delete", 1, delete;
    "entries", 0, iterator, 6;
    "forEach", 1, for_each, 1;
    "has", 1, has;
    "values", 0, iterator, 5;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().set_proto;
    let ctor = super::define_ctor(cx, "Set", 0, set_ctor, proto);
    super::define_species(cx, &ctor);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_getter(cx, proto, cx.intern("size"), "size", size, 0);
    // `keys` and @@iterator are the same function object as `values`.
    if let Ok(values) = object::get_prop(cx, proto, cx.intern("values")) {
        object::define_data(cx, proto, cx.intern("keys"), values.clone(), flags::HIDDEN);
        object::define_data(cx, proto, Atom::SYM_ITERATOR, values, flags::HIDDEN);
    }
    super::define_to_string_tag(cx, proto, "Set");
    let iter_proto = &cx.intr().set_iter_proto;
    super::define_fns(cx, iter_proto, fns! { "next", 0, iterator_next, 1; });
    super::define_to_string_tag(cx, iter_proto, "Set Iterator");
}
