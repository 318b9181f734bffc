//! Immutable prototype exotic objects (ECMA-262 §10.4.7): %Object.prototype%
//! keeps its (null) prototype forever.
//!
//! <https://tc39.es/ecma262/#sec-immutable-prototype-exotic-objects>

use super::Obj;
use super::methods::{self, InternalMethods, ORDINARY};
use crate::runtime::{Cx, JsResult};

pub(crate) static METHODS: InternalMethods = InternalMethods {
    set_prototype_of,
    ..ORDINARY
};

/// [[SetPrototypeOf]] (§10.4.7.1), SetImmutablePrototype (§10.4.7.2): only
/// the current prototype is accepted.
fn set_prototype_of(cx: &Cx, o: &Obj, proto: Option<Obj>) -> JsResult<bool> {
    let current = methods::get_prototype_of(cx, o)?;
    Ok(match (proto, current) {
        (None, None) => true,
        (Some(a), Some(b)) => Obj::ptr_eq(&a, &b),
        _ => false,
    })
}
