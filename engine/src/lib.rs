//! An embeddable ECMAScript engine.
//!
//! ```
//! let rt = engine::Runtime::new();
//! let ctx = engine::Context::new(&rt);
//! let v = ctx.eval("1 + 2", "example.js").unwrap();
//! assert_eq!(v.as_f64(), Some(3.0));
//! ```
//!
//! Host functions are Rust closures; limits are set on the runtime:
//!
//! ```
//! let rt = engine::Runtime::new();
//! rt.set_memory_limit(Some(64 << 20));
//! let ctx = engine::Context::new(&rt);
//! ctx.set_global_function("double", 1, |_ctx, _this, args| {
//!     Ok(engine::JsValue::from(args[0].as_f64().unwrap_or(0.0) * 2.0))
//! });
//! assert_eq!(ctx.eval("double(21)", "main.js").unwrap().as_f64(), Some(42.0));
//! let err = ctx.eval("null.x", "main.js").unwrap_err();
//! assert!(err.message.starts_with("TypeError"));
//! ```
//!
//! See `ARCHITECTURE.md` at the repository root for how the pieces fit.

mod atom;
mod bigint;
mod builtins;
mod bytecode;
mod class;
mod compiler;
mod gc;
mod inspect;
mod interp;
#[cfg(test)]
mod layout_tests;
mod module;
pub mod module_loader;
mod object;
mod ops;
mod ordered_map;
mod parser;
mod runtime;
mod shape;
mod string;
mod template;
mod value;

pub mod api;

#[cfg(feature = "serde")]
pub use api::Serde;
pub use api::{
    ClassBuilder, Coerced, Context, EvalOptions, FromJs, HostFunction, InspectOptions, Instance,
    InterruptHandle, IntoArgs, IntoJs, IntoKey, JsArray, JsError, JsFunction, JsModule, JsObject,
    JsPromise, JsValue, LeakReport, MemoryUsage, MutFn, Opt, PromiseFuture, PromiseState, Promised,
    PropKey, Property, Resolvers, Rest, Runtime, RuntimeStats, SharedMemory, This, Trace, Tracer,
};
pub use module_loader::{
    FileLoader, FileResolver, MemoryLoader, ModuleLoader, ModuleResolver, ModuleSource,
    NativeModule, RelativeResolver,
};
