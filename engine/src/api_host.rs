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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unhandled_rejections_are_taken_once_and_only_while_unhandled() {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        // Not tracked: nothing is recorded.
        ctx.eval("Promise.reject(0)", "a.js").unwrap();
        rt.run_pending_jobs().unwrap();
        assert!(rt.take_unhandled_rejections().is_empty());
        rt.track_unhandled_rejections(true);
        ctx.eval(
            "var late = Promise.reject(1);
             Promise.reject(new Error('two'));
             Promise.reject(3).catch(() => {});
             (async () => { throw 4 })();
             Promise.resolve().then(() => late.catch(() => {}));",
            "b.js",
        )
        .unwrap();
        rt.run_pending_jobs().unwrap();
        let got = rt.take_unhandled_rejections();
        let reasons: Vec<String> = got
            .iter()
            .map(|(_, r)| ctx.inspect(r).lines().next().unwrap_or("").to_string())
            .collect();
        assert_eq!(reasons, ["Error: two", "4"]);
        assert!(rt.take_unhandled_rejections().is_empty());
        let opts = InspectOptions {
            colors: true,
            quote_strings: true,
            ..InspectOptions::default()
        };
        let v = ctx.eval("[1, 's', null, undefined]", "c.js").unwrap();
        assert_eq!(
            ctx.inspect_with(&v, &opts),
            "[ \u{1b}[33m1\u{1b}[39m, \u{1b}[32m's'\u{1b}[39m, \u{1b}[1mnull\u{1b}[22m, \u{1b}[90mundefined\u{1b}[39m ]"
        );
        let v = ctx
            .eval(
                "class P { constructor() { this.x = 1 } }
                 const o = { p: new P(), m: new Map([['k', [1]]]), s: new Set(['a']) };
                 o.self = o;
                 [o, Object.create(null), Promise.resolve(2), -0]",
                "d.js",
            )
            .unwrap();
        assert_eq!(
            ctx.inspect(&v),
            "[\n  {\n    p: P { x: 1 },\n    m: Map(1) { 'k' => [Array] },\n    s: Set(1) { 'a' },\n    self: [Circular]\n  },\n  [Object: null prototype] {},\n  Promise { 2 },\n  -0\n]"
        );
    }
}
