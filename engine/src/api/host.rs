//! Additions to the public API for hosts such as the command-line shell:
//! value inspection with options. (Promises rejected without a handler
//! reach hosts through [`Runtime::set_unhandled_rejection_hook`].)

use super::{Context, JsValue, enter};

pub use crate::inspect::InspectOptions;

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
    use crate::api::Runtime;

    #[test]
    fn inspect_with_colours_and_node_like_layout() {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
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
