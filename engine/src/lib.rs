//! An embeddable ECMAScript engine.
//!
//! ```
//! let rt = engine::Runtime::new();
//! let ctx = engine::Context::new(&rt);
//! let v = ctx.eval("1 + 2", "example.js").unwrap();
//! assert_eq!(v.as_f64(), Some(3.0));
//! ```
//!
//! See `ARCHITECTURE.md` at the repository root for how the pieces fit.

mod api;
mod atom;
mod builtins;
mod bytecode;
mod compiler;
mod gc;
mod inspect;
mod interp;
mod object;
mod ops;
mod parser;
mod runtime;
mod shape;
mod string;
mod value;

pub use api::{Context, EvalOptions, JsError, JsObject, JsValue, MemoryUsage, Runtime};
