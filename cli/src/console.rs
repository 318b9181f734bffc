//! The globals every script gets: `print`, `console`, timers,
//! `queueMicrotask` and `scriptArgs`.

use std::io::Write;

use engine::{Context, JsValue};

use crate::convert::{self, HostResult, arg};
use crate::event_loop;

fn render(ctx: &Context, args: &[JsValue]) -> String {
    let parts: Vec<String> = args.iter().map(|a| ctx.inspect(a)).collect();
    parts.join(" ")
}

fn log(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let line = render(ctx, args);
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    Ok(JsValue::undefined())
}

fn log_err(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let line = render(ctx, args);
    let _ = std::io::stdout().flush();
    let _ = writeln!(std::io::stderr().lock(), "{line}");
    Ok(JsValue::undefined())
}

/// Installs the globals in `ctx`; `script_args` becomes `scriptArgs`.
pub fn install(ctx: &Context, script_args: &[String]) {
    let global = ctx.global();
    ctx.set_global_function("print", 1, log);
    let console = ctx.new_object();
    for name in ["log", "info", "debug"] {
        convert::method(ctx, &console, name, 1, log);
    }
    for name in ["error", "warn", "trace"] {
        convert::method(ctx, &console, name, 1, log_err);
    }
    convert::set(ctx, &global, "console", console);
    ctx.set_global_function("setTimeout", 2, |ctx, _, args| {
        event_loop::set_timer(ctx, args, false)
    });
    ctx.set_global_function("setInterval", 2, |ctx, _, args| {
        event_loop::set_timer(ctx, args, true)
    });
    ctx.set_global_function("clearTimeout", 1, event_loop::clear_timer_fn);
    ctx.set_global_function("clearInterval", 1, event_loop::clear_timer_fn);
    ctx.set_global_function("queueMicrotask", 1, |ctx, _, args| {
        let f = arg(args, 0);
        if !convert::is_function(&f) {
            return Err(convert::error(ctx, "TypeError", "not a function"));
        }
        // A job of its own: a reaction to an already resolved promise.
        let (p, resolve, _) = event_loop::deferred(ctx)?;
        ctx.call(&resolve, &JsValue::undefined(), &[])
            .map_err(convert::thrown)?;
        let then = p
            .as_object()
            .map(|o| o.get(ctx, "then"))
            .transpose()
            .map_err(convert::thrown)?
            .unwrap_or_else(JsValue::undefined);
        ctx.call(&then, &p, &[f]).map_err(convert::thrown)?;
        Ok(JsValue::undefined())
    });
    let args = convert::string_array(ctx, script_args);
    convert::set(ctx, &global, "scriptArgs", args);
}
