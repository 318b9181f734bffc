//! The regular expression engine: compiles ECMAScript patterns to a compact
//! regexp bytecode and matches it by backtracking over an explicit stack.
//!
//! This crate has no dependency on `engine`; it is filled in by the regexp work.
