//! Parses and compiles arbitrary bytes without running them (and lists the
//! bytecode, which walks every instruction): must never crash. The first
//! byte picks sloppy or strict mode.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    common::with_shared(|ctx, _| {
        if mode & 1 == 0 {
            let _ = ctx.dump_bytecode(src, "fuzz.js");
        } else {
            let _ = ctx.dump_bytecode(&format!("\"use strict\";\n{src}"), "fuzz.js");
        }
    });
});
