//! The workloads compute the same value in our engine and in QuickJS, at
//! reduced sizes (this checks results only; nothing here is timed).

use engine_bench::{EngineWorkload, WORKLOADS, Workload, same_result};

#[path = "../benches/support/quickjs.rs"]
mod quickjs;
use quickjs::QuickJsWorkload;

#[test]
fn engines_agree_on_every_workload() {
    for w in WORKLOADS {
        let small = Workload {
            n: if w.name == "fib" {
                15
            } else {
                (w.n / 20).max(1)
            },
            ..*w
        };
        let a = EngineWorkload::new(&small)
            .and_then(|e| e.run())
            .unwrap_or_else(|e| panic!("engine: {e}"));
        let b = QuickJsWorkload::new(&small)
            .and_then(|q| q.run())
            .unwrap_or_else(|e| panic!("quickjs: {e}"));
        assert!(
            same_result(a, b),
            "{}: engine returned {a}, QuickJS returned {b}",
            w.name
        );
    }
}
