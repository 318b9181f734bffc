//! The QuickJS side of the comparison, through the `rquickjs` bindings.
//! Shared by `benches/core.rs` and `examples/compare.rs`.

use engine_bench::Workload;
use rquickjs::{Context, Ctx, Function, Persistent, Runtime, Value};

/// A workload loaded into a fresh QuickJS runtime, ready to be called.
pub struct QuickJsWorkload {
    // Field order matters for drop order: the saved function before the
    // context, the context before the runtime.
    func: Persistent<Function<'static>>,
    n: i32,
    ctx: Context,
    _rt: Runtime,
}

fn exception_text(ctx: &Ctx<'_>, e: rquickjs::Error) -> String {
    if e.is_exception() {
        let v = ctx.catch();
        if let Some(ex) = v.as_exception() {
            return format!("{}", ex);
        }
        return format!("{v:?}");
    }
    e.to_string()
}

impl QuickJsWorkload {
    /// Evaluates the workload's script and looks up its function.
    pub fn new(w: &Workload) -> Result<QuickJsWorkload, String> {
        let rt = Runtime::new().map_err(|e| e.to_string())?;
        let ctx = Context::full(&rt).map_err(|e| e.to_string())?;
        let func = ctx.with(|ctx| -> Result<_, String> {
            ctx.eval::<(), _>(w.source)
                .map_err(|e| format!("{}: eval failed: {}", w.name, exception_text(&ctx, e)))?;
            let f: Function = ctx
                .globals()
                .get(w.func)
                .map_err(|e| format!("{}: lookup of {} failed: {e}", w.name, w.func))?;
            Ok(Persistent::save(&ctx, f))
        })?;
        Ok(QuickJsWorkload {
            func,
            n: w.n,
            ctx,
            _rt: rt,
        })
    }

    /// Calls the workload function once and returns its Number result.
    pub fn run(&self) -> Result<f64, String> {
        self.ctx.with(|ctx| {
            let f = self.func.clone().restore(&ctx).map_err(|e| e.to_string())?;
            Self::call(&ctx, &f, self.n)
        })
    }

    /// Runs `body` with the workload function and QuickJS context entered,
    /// so that a timing loop pays for entering the context only once.
    // Used by `benches/core.rs`, not by `examples/compare.rs`.
    #[allow(dead_code)]
    pub fn with<R>(&self, body: impl FnOnce(&dyn Fn() -> Result<f64, String>) -> R) -> R {
        self.ctx.with(|ctx| {
            let f = self
                .func
                .clone()
                .restore(&ctx)
                .expect("function saved in this runtime");
            let call = || Self::call(&ctx, &f, self.n);
            body(&call)
        })
    }

    fn call<'js>(ctx: &Ctx<'js>, f: &Function<'js>, n: i32) -> Result<f64, String> {
        let v: Value = f.call((n,)).map_err(|e| exception_text(ctx, e))?;
        v.as_number()
            .ok_or_else(|| format!("expected a Number, got {v:?}"))
    }
}
