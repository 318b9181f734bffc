//! Benchmark workloads shared by the criterion benches (`benches/core.rs`) and
//! the quick side-by-side comparison (`examples/compare.rs`).
//!
//! Each workload is a classic script that defines one global function taking a
//! size `n` and returning a Number. The script is evaluated once at setup; what
//! is timed is one call of that function with the workload's fixed size. Every
//! engine under comparison runs the very same source, and the harnesses check
//! that all of them return the same value before timing anything.

use engine::{Context, JsValue, Runtime};

/// One core-path workload.
#[derive(Clone, Copy)]
pub struct Workload {
    /// Short name, used as the benchmark group name.
    pub name: &'static str,
    /// What the workload exercises.
    pub description: &'static str,
    /// Script defining the global function [`Workload::func`].
    pub source: &'static str,
    /// Name of the global function to call.
    pub func: &'static str,
    /// The size passed to the function: chosen so that one call takes a few
    /// milliseconds.
    pub n: i32,
}

/// The core paths, in reporting order.
pub const WORKLOADS: &[Workload] = &[
    Workload {
        name: "fib",
        description: "function calls: recursive fib(n)",
        source: r#"
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function bench_fib(n) { return fib(n); }
"#,
        func: "bench_fib",
        n: 22,
    },
    Workload {
        name: "props",
        description: "property get/set on plain objects",
        source: r#"
function bench_props(n) {
    var o = { a: 1, b: 2, c: 3, d: 4 };
    var p = { x: 0, y: 0 };
    var s = 0;
    for (var i = 0; i < n; i++) {
        o.a = o.b + i;
        o.b = o.c ^ i;
        o.c = o.d + 1;
        o.d = o.a & 255;
        p.x = o.a;
        p.y = p.x + o.c;
        s = (s + o.a + o.b + o.c + o.d + p.y) | 0;
    }
    return s;
}
"#,
        func: "bench_props",
        n: 10_000,
    },
    Workload {
        name: "int_arith",
        description: "int32 arithmetic loop",
        source: r#"
function bench_int_arith(n) {
    var s = 0;
    for (var i = 0; i < n; i++) {
        s = (s + i * 3 - (i >> 1)) | 0;
        s = s ^ (i & 1023);
        s = (s << 1) >> 1;
    }
    return s;
}
"#,
        func: "bench_int_arith",
        n: 30_000,
    },
    Workload {
        name: "float_arith",
        description: "double arithmetic loop",
        source: r#"
function bench_float_arith(n) {
    var x = 0.5, y = 1.25, s = 0.0;
    for (var i = 0; i < n; i++) {
        x = x * 0.999999 + 0.125;
        y = y - x * 0.001;
        s += x / (i + 1.5) + y * 0.5;
    }
    return s;
}
"#,
        func: "bench_float_arith",
        n: 30_000,
    },
    Workload {
        name: "closures",
        description: "closure creation and calls",
        source: r#"
function make_adder(k) { return function (x) { return x + k; }; }
function make_counter() {
    var c = 0;
    return function () { c = c + 1; return c; };
}
function bench_closures(n) {
    var s = 0;
    var counter = make_counter();
    for (var i = 0; i < n; i++) {
        var add = make_adder(i & 255);
        s = (s + add(1) + counter()) | 0;
    }
    return s;
}
"#,
        func: "bench_closures",
        n: 5_000,
    },
    Workload {
        name: "array",
        description: "array push, indexed read and write",
        source: r#"
function bench_array(n) {
    var a = [];
    for (var i = 0; i < n; i++) a.push(i);
    for (var i = 0; i < n; i++) a[i] = a[i] * 2 + 1;
    var s = 0;
    for (var i = n - 1; i >= 0; i--) s = (s + a[i]) | 0;
    return s;
}
"#,
        func: "bench_array",
        n: 10_000,
    },
    Workload {
        name: "string_concat",
        description: "string building by += in a loop",
        source: r#"
function bench_string_concat(n) {
    var s = '';
    for (var i = 0; i < n; i++) {
        s += 'ab';
        s += i % 10;
    }
    return s.length + s.charCodeAt(s.length - 1);
}
"#,
        func: "bench_string_concat",
        n: 10_000,
    },
    Workload {
        name: "mixed",
        description: "constructors, prototype methods, arrays, string keys, for-in",
        source: r#"
function Vec(x, y) { this.x = x; this.y = y; }
Vec.prototype.add = function (o) { return new Vec(this.x + o.x, this.y + o.y); };
Vec.prototype.len2 = function () { return this.x * this.x + this.y * this.y; };
function bench_mixed(n) {
    var pts = [];
    for (var i = 0; i < n; i++) pts.push(new Vec(i % 17, (i * 7) % 13));
    var acc = new Vec(0, 0);
    var buckets = {};
    for (var i = 0; i < pts.length; i++) {
        var p = pts[i];
        acc = acc.add(p);
        var k = 'k' + (i % 31);
        buckets[k] = (buckets[k] || 0) + p.len2();
    }
    var total = 0;
    for (var key in buckets) total += buckets[key];
    return total + acc.x * 1000 + acc.y;
}
"#,
        func: "bench_mixed",
        n: 2_000,
    },
    Workload {
        name: "literal_methods",
        description: "method calls and field reads on an object literal",
        source: r#"
function bench_literal_methods(n) {
    var o = {
        x: 1,
        get() { return this.x; },
        step(k) { this.x = (this.x + k) & 1023; return this.x; },
    };
    var s = 0;
    for (var i = 0; i < n; i++) s = (s + o.step(i) + o.get() + o.x) | 0;
    return s;
}
"#,
        func: "bench_literal_methods",
        n: 10_000,
    },
    Workload {
        name: "class_methods",
        description: "the same on a class instance (prototype methods)",
        source: r#"
class Counter {
    constructor() { this.x = 1; }
    get() { return this.x; }
    step(k) { this.x = (this.x + k) & 1023; return this.x; }
}
function bench_class_methods(n) {
    var o = new Counter();
    var s = 0;
    for (var i = 0; i < n; i++) s = (s + o.step(i) + o.get() + o.x) | 0;
    return s;
}
"#,
        func: "bench_class_methods",
        n: 10_000,
    },
    Workload {
        name: "private_fields",
        description: "the same on a class keeping x in a private field (read by the getter)",
        source: r#"
class PrivateCounter {
    #x = 1;
    get() { return this.#x; }
    step(k) { this.#x = (this.#x + k) & 1023; return this.#x; }
    get x() { return this.#x; }
}
function bench_private_fields(n) {
    var o = new PrivateCounter();
    var s = 0;
    for (var i = 0; i < n; i++) s = (s + o.step(i) + o.get() + o.x) | 0;
    return s;
}
"#,
        func: "bench_private_fields",
        n: 10_000,
    },
    Workload {
        name: "float64_sum",
        description: "summing a Float64Array of a million elements (filled once)",
        source: r#"
var f64 = new Float64Array(1000000);
for (var i = 0; i < f64.length; i++) f64[i] = i * 0.5;
function bench_float64_sum(n) {
    var s = 0;
    for (var r = 0; r < n; r++)
        for (var i = 0; i < f64.length; i++) s += f64[i];
    return s;
}
"#,
        func: "bench_float64_sum",
        n: 1,
    },
];

/// A workload loaded into a fresh runtime of our engine, ready to be called.
pub struct EngineWorkload {
    // Field order matters for drop order: the function and the context go
    // before the runtime.
    func: JsValue,
    n: i32,
    ctx: Context,
    _rt: Runtime,
}

impl EngineWorkload {
    /// Evaluates the workload's script and looks up its function.
    pub fn new(w: &Workload) -> Result<EngineWorkload, String> {
        let rt = Runtime::new();
        let ctx = Context::new(&rt);
        ctx.eval(w.source, w.name)
            .map_err(|e| format!("{}: eval failed: {e}", w.name))?;
        let func = ctx
            .global()
            .get(&ctx, w.func)
            .map_err(|e| format!("{}: lookup of {} failed: {e}", w.name, w.func))?;
        Ok(EngineWorkload {
            func,
            n: w.n,
            ctx,
            _rt: rt,
        })
    }

    /// Calls the workload function once and returns its Number result.
    pub fn run(&self) -> Result<f64, String> {
        let v = self
            .ctx
            .call(&self.func, &JsValue::undefined(), &[JsValue::from(self.n)])
            .map_err(|e| e.to_string())?;
        v.as_f64()
            .ok_or_else(|| format!("expected a Number, got {v:?}"))
    }
}

/// Whether two workload results agree: identical Numbers (NaN equals NaN).
pub fn same_result(a: f64, b: f64) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()) || (a == 0.0 && b == 0.0)
}
