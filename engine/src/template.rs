//! Template objects of tagged templates (ECMA-262 §13.2.8.4
//! GetTemplateObject): `` tag`a${x}b` `` calls `tag` with a frozen array of
//! the cooked strings, whose frozen `raw` property holds the raw strings,
//! followed by the substitutions.
//!
//! https://tc39.es/ecma262/#sec-gettemplateobject

use std::cell::OnceCell;

use crate::atom::Atom;
use crate::builtins::object::set_integrity_level;
use crate::object::{self, Obj};
use crate::runtime::{Cx, JsResult};
use crate::string::JsString;
use crate::value::Value;

/// One tagged template in the source: its strings, and the template object
/// once the site has been evaluated. The spec keys the object by the Parse
/// Node within a realm; a function's bytecode belongs to one realm, so the
/// bytecode keeps it. The object is frozen and holds only strings and
/// arrays, so keeping it here (a reference the collector does not see)
/// only keeps it alive as long as the code that can return it.
pub(crate) struct TemplateSite {
    /// The cooked strings; `None` where an escape is invalid.
    pub(crate) cooked: Box<[Option<JsString>]>,
    pub(crate) raw: Box<[JsString]>,
    pub(crate) object: OnceCell<Obj>,
}

/// GetTemplateObject: the site's template object, created on first use.
pub(crate) fn template_object(cx: &Cx, site: &TemplateSite) -> JsResult<Obj> {
    if let Some(o) = site.object.get() {
        return Ok(o.clone());
    }
    let strings: Vec<Value> = site
        .cooked
        .iter()
        .map(|c| c.clone().map_or(Value::Undefined, Value::String))
        .collect();
    let raw: Vec<Value> = site.raw.iter().cloned().map(Value::String).collect();
    let template = object::new_array(*cx, strings);
    let raw = object::new_array(*cx, raw);
    // Steps 13-14: both arrays are frozen; `raw` is non-writable,
    // non-enumerable and non-configurable.
    set_integrity_level(cx, &raw, true)?;
    object::define_data(cx, &template, Atom::RAW, Value::Object(raw), 0);
    set_integrity_level(cx, &template, true)?;
    Ok(site.object.get_or_init(|| template).clone())
}
