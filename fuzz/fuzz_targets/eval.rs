//! Evaluates arbitrary bytes as a script, or as a module when the first
//! byte is odd (then its queued jobs), under a memory limit, a native stack
//! limit and an instruction budget; must never crash, and dropping the
//! runtime must free everything.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let rt = common::limited_runtime(None);
        let ctx = engine::Context::new(&rt);
        if data.first().is_some_and(|b| b & 1 == 1) {
            common::run_module(&ctx, &rt, src);
        } else {
            common::run(&ctx, &rt, src);
        }
        drop(ctx);
        drop(rt);
        common::assert_no_leaks();
    }
});
