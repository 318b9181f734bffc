pub(crate) mod lexer;
pub(crate) mod token;
