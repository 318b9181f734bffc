//! Evaluates arbitrary bytes as a script under tight limits; must never crash.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = std::str::from_utf8(data) {
        let rt = engine::Runtime::new();
        rt.set_memory_limit(Some(32 << 20));
        let mut budget = 100_000u32;
        rt.set_interrupt_handler(Some(Box::new(move || {
            budget = budget.saturating_sub(1);
            budget == 0
        })));
        let ctx = engine::Context::new(&rt);
        let _ = ctx.eval(src, "fuzz.js");
    }
});
