//! Bound function exotic objects (ECMA-262 §10.4.1): ordinary properties,
//! with a [[Call]] and (when the target has one) a [[Construct]] that
//! forward to the target with the bound `this` and arguments.
//!
//! <https://tc39.es/ecma262/#sec-bound-function-exotic-objects>

use super::methods::{InternalMethods, ORDINARY};
use super::{Bound, Class, Obj};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

static FUNCTION: InternalMethods = InternalMethods {
    call: Some(call),
    ..ORDINARY
};

static CONSTRUCTOR: InternalMethods = InternalMethods {
    call: Some(call),
    construct: Some(construct),
    ..ORDINARY
};

/// The table of a bound function: a constructor when its target is one
/// (BoundFunctionCreate step 5, decided once at creation).
pub(crate) fn methods(b: &Bound) -> &'static InternalMethods {
    if b.constructor {
        &CONSTRUCTOR
    } else {
        &FUNCTION
    }
}

fn parts(o: &Obj) -> (Obj, Value, Vec<Value>) {
    match &o.d.borrow().class {
        Class::Bound(b) => (b.target.clone(), b.this.clone(), b.args.clone()),
        _ => unreachable!("bound function method on another object"),
    }
}

/// [[Call]] (§10.4.1.1).
fn call(cx: &Cx, o: &Obj, _this: &Value, args: &[Value]) -> JsResult<Value> {
    let (target, this, mut bound_args) = parts(o);
    bound_args.extend_from_slice(args);
    cx.call(&Value::Object(target), &this, &bound_args)
}

/// [[Construct]] (§10.4.1.2).
fn construct(cx: &Cx, o: &Obj, args: &[Value], new_target: &Obj) -> JsResult<Value> {
    let (target, _, mut bound_args) = parts(o);
    bound_args.extend_from_slice(args);
    // Step 5.
    let new_target = if Obj::ptr_eq(new_target, o) {
        target.clone()
    } else {
        new_target.clone()
    };
    cx.construct(&Value::Object(target), &bound_args, Some(&new_target))
}
