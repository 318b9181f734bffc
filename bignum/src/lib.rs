//! BigInt arithmetic with JavaScript semantics and exact number <-> string
//! conversion.
//!
//! * [`number_format`]: Number -> string (`Number::toString`, `toFixed`,
//!   `toExponential`, `toPrecision`).
//! * [`number_parse`]: string -> Number (`StringToNumber`, `parseFloat`,
//!   `parseInt`, numeric literal bodies).
//! * [`bigint`]: the BigInt type and its operations.

pub mod bigint;
pub mod number_format;
pub mod number_parse;

pub use bigint::{BigIntError, JsBigInt};
pub use number_format::{
    number_to_string, number_to_string_radix, push_number_to_string, to_exponential, to_fixed,
    to_precision,
};
pub use number_parse::{
    NumericLiteralKind, is_js_whitespace, parse_float, parse_int, parse_numeric_literal,
    string_to_number, trim_js_whitespace,
};
