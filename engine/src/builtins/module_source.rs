//! `%AbstractModuleSource%` and module source objects (source phase
//! imports proposal, §28.1-28.3 of the proposal's draft).
//!
//! <https://tc39.es/proposal-source-phase-imports/#sec-%abstractmodulesource%>
//!
//! `%AbstractModuleSource%` is an intrinsic without a global binding (hosts
//! expose it, test262 through `$262.AbstractModuleSource`): a constructor
//! that always throws, whose prototype's `@@toStringTag` getter returns the
//! `[[ModuleSourceClassName]]` of a module source object. Only host-defined
//! modules have source objects ([`crate::NativeModule::with_source`]); each
//! such object inherits from a per-realm, per-class prototype that inherits
//! from `%AbstractModuleSource%.prototype`. The intrinsic is created on first
//! use and kept by the runtime's module state, one per realm; the class name
//! of a source object lives in the module record that owns it.

use crate::atom::Atom;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::Value;

/// %AbstractModuleSource% ( ) (§28.1.1.1): always throws.
fn ctor(cx: Cx, _args: &Args) -> JsResult<Value> {
    cx.type_error("AbstractModuleSource cannot be constructed or called")
}

/// get %AbstractModuleSource%.prototype [ @@toStringTag ] (§28.3.3.2):
/// the `[[ModuleSourceClassName]]` of a module source object, else
/// undefined.
fn to_string_tag(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return Ok(Value::Undefined);
    };
    Ok(match crate::module::source_class_name(&cx, o) {
        Some(name) => Value::String(cx.str(&name)),
        None => Value::Undefined,
    })
}

/// Creates `%AbstractModuleSource%` of the current realm: the constructor
/// and its prototype.
pub(crate) fn create(cx: &Cx) -> (Obj, Obj) {
    let proto = new_object(*cx, Some(cx.intr().object_proto.clone()), Class::Object);
    let atom = cx.intern("AbstractModuleSource");
    let c = super::function::new_native(cx, atom, 0, ctor, 0, true);
    object::define_data(cx, &c, Atom::PROTOTYPE, Value::Object(proto.clone()), 0);
    object::define_data(
        cx,
        &proto,
        Atom::CONSTRUCTOR,
        Value::Object(c.clone()),
        flags::HIDDEN,
    );
    super::define_getter(
        cx,
        &proto,
        Atom::SYM_TO_STRING_TAG,
        "[Symbol.toStringTag]",
        to_string_tag,
        0,
    );
    (c, proto)
}
