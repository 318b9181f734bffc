//! Core-path benchmarks: the same JavaScript through our engine and through
//! QuickJS (via `rquickjs`), one criterion group per workload with the
//! functions `engine` and `quickjs` side by side.
//!
//! Run with `cargo bench -p engine-bench --bench core` (add a filter such as
//! `fib` to run one group).

use criterion::{Criterion, criterion_group, criterion_main};
use engine_bench::{EngineWorkload, WORKLOADS, same_result};
use std::hint::black_box;
use std::time::Duration;

#[path = "support/quickjs.rs"]
mod quickjs;
use quickjs::QuickJsWorkload;

fn core_paths(c: &mut Criterion) {
    for w in WORKLOADS {
        // Setup, not timed: evaluate the scripts and check that both engines
        // compute the same value.
        let ours = EngineWorkload::new(w).unwrap_or_else(|e| panic!("engine: {e}"));
        let qjs = QuickJsWorkload::new(w).unwrap_or_else(|e| panic!("quickjs: {e}"));
        let a = ours
            .run()
            .unwrap_or_else(|e| panic!("engine: {}: {e}", w.name));
        let b = qjs
            .run()
            .unwrap_or_else(|e| panic!("quickjs: {}: {e}", w.name));
        assert!(
            same_result(a, b),
            "{}: engine returned {a}, QuickJS returned {b}",
            w.name
        );

        let mut group = c.benchmark_group(w.name);
        group
            .sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        group.bench_function("engine", |bch| {
            bch.iter(|| black_box(ours.run().expect("engine run")))
        });
        qjs.with(|call| {
            group.bench_function("quickjs", |bch| {
                bch.iter(|| black_box(call().expect("quickjs run")))
            });
        });
        group.finish();
    }
}

criterion_group!(benches, core_paths);
criterion_main!(benches);
