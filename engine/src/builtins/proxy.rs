//! The `Proxy` constructor (ECMA-262 §28.2). The exotic behaviour itself is
//! in `object/proxy.rs`.
//!
//! <https://tc39.es/ecma262/#sec-proxy-objects>

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, proxy};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// Proxy(target, handler) (§28.2.1.1).
fn proxy_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    if args.new_target.is_none() {
        return cx.type_error("Constructor Proxy requires 'new'");
    }
    Ok(Value::Object(proxy::proxy_create(
        &cx,
        args.arg(0),
        args.arg(1),
    )?))
}

/// Proxy.revocable(target, handler) (§28.2.2.1).
fn revocable(cx: Cx, args: &Args) -> JsResult<Value> {
    let p = proxy::proxy_create(&cx, args.arg(0), args.arg(1))?;
    let revoker = super::promise::closure(&cx, revoke, 0, vec![Value::Object(p.clone())]);
    let result = object::new_plain(cx);
    object::create_data_property(&cx, &result, Atom::PROXY, Value::Object(p))?;
    object::create_data_property(&cx, &result, Atom::REVOKE, Value::Object(revoker))?;
    Ok(Value::Object(result))
}

/// A Proxy revocation function (§28.2.2.1.1).
fn revoke(_cx: Cx, args: &Args) -> JsResult<Value> {
    if let Value::Object(p) = super::promise::captured(args, 0) {
        super::promise::set_captured(args, 0, Value::Null);
        proxy::revoke(&p);
    }
    Ok(Value::Undefined)
}

const FNS: &[FnSpec] = fns! {
    "revocable", 2, revocable;
};

pub(crate) fn init(cx: &Cx) {
    let atom = cx.intern("Proxy");
    let ctor = super::function::new_native(cx, atom, 2, proxy_ctor, 0, true);
    super::define_fns(cx, &ctor, FNS);
    object::define_data(
        cx,
        &cx.realm.global,
        atom,
        Value::Object(ctor),
        flags::HIDDEN,
    );
}
