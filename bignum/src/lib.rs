//! BigInt arithmetic with JavaScript semantics and exact number <-> string
//! conversion.
