//! The lexer and its tokens. The parser proper is the compiler
//! (`crate::compiler`), which pulls tokens from here.

// Parts of the lexer's interface (module mode, hashbang control, source
// slices) serve module code and the `Function` constructor.
#[allow(dead_code)]
pub(crate) mod lexer;
pub(crate) mod source;
#[allow(dead_code)]
pub(crate) mod token;
