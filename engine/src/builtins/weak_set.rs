//! `WeakSet` and `WeakSet.prototype` (ECMA-262 §24.4), over the weak table
//! of `weak_map.rs`.
//!
//! <https://tc39.es/ecma262/#sec-weakset-objects>

use std::rc::Rc;

use super::weak_map::{WeakTable, account, can_be_held_weakly, this_table, weak_key};
use super::{FnSpec, fns};
use crate::object::{Args, Class, new_object};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// WeakSet (§24.4.1.1).
fn weak_set_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor WeakSet requires 'new'");
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.weak_set_proto)?;
    let set = new_object(cx, Some(proto), Class::WeakSet(Rc::default()));
    super::map::add_from_iterable(&cx, &set, args.arg(0), "add", false)?;
    Ok(Value::Object(set))
}

/// WeakSet.prototype.add (§24.4.3.1).
fn add(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, true, "add")?;
    if !can_be_held_weakly(&cx, args.arg(0)) {
        return cx.type_error(
            "WeakSet.prototype.add: invalid value (not an object or a non-registered symbol)",
        );
    }
    WeakTable::set(&t, &cx, args.arg(0), Value::Undefined);
    account(&cx, &args.this);
    Ok(args.this.clone())
}

/// WeakSet.prototype.delete (§24.4.3.3).
fn delete(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, true, "delete")?;
    Ok(Value::Bool(
        weak_key(&cx, args.arg(0)).is_some_and(|k| t.delete(k)),
    ))
}

/// WeakSet.prototype.has (§24.4.3.4).
fn has(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_table(&cx, &args.this, true, "has")?;
    Ok(Value::Bool(
        weak_key(&cx, args.arg(0)).is_some_and(|k| t.has(k)),
    ))
}

const PROTO_FNS: &[FnSpec] = fns! {
    "add", 1, add;
    "delete", 1, delete;
    "has", 1, has;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().weak_set_proto;
    super::define_ctor(cx, "WeakSet", 0, weak_set_ctor, proto);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "WeakSet");
}
