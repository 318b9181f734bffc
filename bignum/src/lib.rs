//! BigInt arithmetic with JavaScript semantics and exact number <-> string
//! conversion.
//!
//! * [`number_format`]: Number -> string (`Number::toString`, `toFixed`,
//!   `toExponential`, `toPrecision`).
//! * [`number_parse`]: string -> Number (`StringToNumber`, `parseFloat`,
//!   `parseInt`, numeric literal bodies).
//! * [`bigint`]: the BigInt type and its operations.
//!
//! Conventions shared by the whole crate:
//!
//! * Every conversion is exact or correctly rounded: decimal and non-decimal
//!   strings round to nearest (ties to even) exactly once, and the
//!   `toFixed` / `toExponential` / `toPrecision` digits are computed on the
//!   exact binary value with the spec's "pick the larger n" rule.
//! * Nothing panics on any input. Number functions return NaN where
//!   JavaScript does; functions whose JavaScript counterpart throws return
//!   `None` (the `RangeError` cases of `toFixed` & co.) or a [`BigIntError`].
//! * Callers do the ECMAScript type conversions first (`ToString`,
//!   `ToIntegerOrInfinity`, `ToInt32`, `ToIndex`) and pass plain Rust values;
//!   the functions document which ones they expect.
//! * Parsers take `&str`; the `*_units` variants take Latin-1 (`u8`) or
//!   UTF-16 (`u16`) code units directly.
//! * BigInt results are limited to [`bigint::MAX_BIGINT_BITS`] bits; larger
//!   results are a `RangeError` rather than an attempt to allocate them.

pub mod bigint;
pub mod number_format;
pub mod number_parse;

pub use bigint::{BigIntError, JsBigInt};
pub use number_format::{
    NumberBuffer, number_to_string, number_to_string_radix, push_number_to_string, to_exponential,
    to_fixed, to_precision,
};
pub use number_parse::{
    NumericLiteralKind, is_js_whitespace, parse_float, parse_float_units, parse_int,
    parse_int_units, parse_numeric_literal, string_to_number, string_to_number_units,
    trim_js_whitespace,
};
