mod ident_tables;
pub(crate) mod lexer;
pub(crate) mod token;
