//! JSON.parse / JSON.stringify round trip: for any input that `JSON.parse`
//! accepts, `stringify(parse(stringify(v)))` must equal `stringify(v)`, also
//! through the indented form. Whatever `serde_json` accepts, `JSON.parse`
//! must accept too (unless a limit stops it).
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

const CHECK: &str = r#"(function () {
  var v;
  try {
    v = JSON.parse(input);
  } catch (e) {
    return e instanceof SyntaxError ? "rejected" : "limit";
  }
  var s1 = JSON.stringify(v);
  if (typeof s1 !== "string") return "MISMATCH: stringify gave " + typeof s1;
  var s2 = JSON.stringify(JSON.parse(s1));
  if (s1 !== s2) return "MISMATCH:\n" + s1 + "\n" + s2;
  var p = JSON.stringify(v, null, 2);
  var s3 = JSON.stringify(JSON.parse(p));
  if (s1 !== s3) return "MISMATCH (indented):\n" + s1 + "\n" + s3;
  return "ok";
})()"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::with_shared(|ctx, _| {
        let input = ctx.new_string(text);
        if ctx.global().set(ctx, "input", &input).is_err() {
            return;
        }
        let verdict = ctx
            .eval(CHECK, "json.js")
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| "limit".into());
        assert!(!verdict.starts_with("MISMATCH"), "{verdict}");
        if verdict == "rejected" {
            let accepted = serde_json::from_str::<serde_json::Value>(text).is_ok();
            assert!(!accepted, "JSON.parse rejected what serde_json accepts");
        }
    });
});
