//! Additions to the public API for hosts such as the command-line shell:
//! tracking of promises rejected without a handler (HostPromiseRejectionTracker,
//! ECMA-262 §27.2.1.9) and value inspection with options.

use std::rc::Rc;

use super::{Context, JsValue, Runtime, enter};
use crate::object::{Class, Obj};
use crate::runtime::Rt;
use crate::value::Value;

pub use crate::inspect::InspectOptions;

/// Called when a promise is rejected while it has no handler.
pub(crate) fn note_rejection(rt: &Rt, promise: &Obj) {
    if let Some(list) = rt.rejections.borrow_mut().as_mut() {
        list.push(promise.clone());
    }
}

impl Runtime {
    /// Starts (or stops) recording promises rejected while they have no
    /// handler, for [`Runtime::take_unhandled_rejections`].
    pub fn track_unhandled_rejections(&self, on: bool) {
        let mut r = self.rt.rejections.borrow_mut();
        if on {
            r.get_or_insert_with(Vec::new);
        } else {
            *r = None;
        }
    }

    /// The promises rejected since the last call that still have no
    /// handler, as `(promise, reason)` pairs in the order they were
    /// rejected. Hosts call it once the job queue is empty (a handler added
    /// by a later job of the same turn makes the rejection handled).
    pub fn take_unhandled_rejections(&self) -> Vec<(JsValue, JsValue)> {
        let list = match self.rt.rejections.borrow_mut().as_mut() {
            Some(l) => std::mem::take(l),
            None => return Vec::new(),
        };
        let rt: &Rc<Rt> = &self.rt;
        list.into_iter()
            .filter_map(|p| {
                let reason = match &p.d.borrow().class {
                    Class::Promise(d) if !d.handled => d.result.clone(),
                    _ => return None,
                };
                Some((
                    JsValue::new_in(rt, Value::Object(p)),
                    JsValue::new_in(rt, reason),
                ))
            })
            .collect()
    }
}

impl Context {
    /// Renders a value for a console with `opts` (see [`InspectOptions`]):
    /// the REPL quotes strings and may colour its output.
    pub fn inspect_with(&self, v: &JsValue, opts: &InspectOptions) -> String {
        let cx = self.cx();
        match v.value_in(&self.rt) {
            Some(v) => enter(&self.rt, || crate::inspect::inspect_with(&cx, v, opts)),
            None => "<value of another runtime>".into(),
        }
    }
}
