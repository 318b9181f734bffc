//! The regular expression engine: compiles ECMAScript patterns to a compact
//! regexp bytecode and matches it by backtracking over an explicit stack.
//!
//! This crate has no dependency on `engine`. The pipeline is:
//!
//! * [`parser`] turns the pattern source (UTF-16 code units) into the node
//!   tree of [`ir`], reporting early errors as [`SyntaxError`];
//! * [`compiler`] lowers the node tree to the instruction list of a
//!   [`compiler::Program`];
//! * [`matcher`] runs the program over Latin-1 (`u8`) or UTF-16 (`u16`)
//!   input with a backtracking interpreter whose stack lives on the heap
//!   (inside [`MatchContext`]) so that no input or pattern can overflow the
//!   Rust stack.
//!
//! Unicode data (case folding, properties) is reached only through
//! [`unicode_support`], the seam where the `unicode` crate plugs in.
//!
//! ```
//! use regexp::{Flags, MatchContext, Regex};
//!
//! let pattern: Vec<u16> = "(?<year>\\d{4})-(\\d\\d)".encode_utf16().collect();
//! let re = Regex::new(&pattern, Flags::parse("u").unwrap()).unwrap();
//! assert_eq!(re.capture_count(), 3);
//! assert_eq!(re.group_names()[0], ("year".to_string(), vec![1]));
//!
//! let mut captures = vec![None; re.capture_count() * 2];
//! let mut ctx = MatchContext::new();
//! assert_eq!(re.exec_latin1(b"on 2024-05", 0, &mut captures, &mut ctx), Ok(true));
//! assert_eq!(&captures[..4], &[Some(3), Some(10), Some(3), Some(7)]);
//! ```

mod charset;
mod compiler;
mod ir;
mod matcher;
mod parser;
pub mod unicode_support;

use std::fmt;

pub use charset::CharSet;

/// The flags of a regular expression (`dgimsuvy`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    /// `g`
    pub global: bool,
    /// `i`
    pub ignore_case: bool,
    /// `m`
    pub multiline: bool,
    /// `s`
    pub dot_all: bool,
    /// `u`
    pub unicode: bool,
    /// `v`
    pub unicode_sets: bool,
    /// `y`
    pub sticky: bool,
    /// `d`
    pub has_indices: bool,
}

impl Flags {
    /// Parses a flags string given as UTF-16 code units. Unknown or duplicate
    /// flags, and `u` together with `v`, are errors.
    pub fn parse_utf16(s: &[u16]) -> Result<Flags, SyntaxError> {
        let mut f = Flags::default();
        for &u in s {
            let slot = match u {
                0x64 => &mut f.has_indices,
                0x67 => &mut f.global,
                0x69 => &mut f.ignore_case,
                0x6D => &mut f.multiline,
                0x73 => &mut f.dot_all,
                0x75 => &mut f.unicode,
                0x76 => &mut f.unicode_sets,
                0x79 => &mut f.sticky,
                _ => return Err(SyntaxError::new("invalid regular expression flags")),
            };
            if *slot {
                return Err(SyntaxError::new("invalid regular expression flags"));
            }
            *slot = true;
        }
        if f.unicode && f.unicode_sets {
            return Err(SyntaxError::new("invalid regular expression flags"));
        }
        Ok(f)
    }

    /// Parses a flags string (see [`Flags::parse_utf16`]).
    pub fn parse(s: &str) -> Result<Flags, SyntaxError> {
        let units: Vec<u16> = s.encode_utf16().collect();
        Flags::parse_utf16(&units)
    }

    /// Whether the pattern is parsed and matched by code points (`u` or `v`).
    pub fn either_unicode(&self) -> bool {
        self.unicode || self.unicode_sets
    }
}

impl std::str::FromStr for Flags {
    type Err = SyntaxError;

    fn from_str(s: &str) -> Result<Flags, SyntaxError> {
        Flags::parse(s)
    }
}

impl fmt::Display for Flags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pairs = [
            (self.has_indices, 'd'),
            (self.global, 'g'),
            (self.ignore_case, 'i'),
            (self.multiline, 'm'),
            (self.dot_all, 's'),
            (self.unicode, 'u'),
            (self.unicode_sets, 'v'),
            (self.sticky, 'y'),
        ];
        for (on, c) in pairs {
            if on {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// An early error in a pattern or its flags.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// A short description, e.g. `nothing to repeat`.
    pub message: String,
}

impl SyntaxError {
    pub(crate) fn new(message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
        }
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Invalid regular expression: {}", self.message)
    }
}

impl std::error::Error for SyntaxError {}

/// Why a match attempt stopped without an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchError {
    /// The interrupt callback asked to stop.
    Interrupted,
    /// The backtracking stack grew past [`MatchContext::backtrack_limit`].
    StackLimit,
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchError::Interrupted => f.write_str("regular expression matching interrupted"),
            MatchError::StackLimit => f.write_str("regular expression too complex (stack limit)"),
        }
    }
}

impl std::error::Error for MatchError {}

/// Default maximum number of entries of the backtracking stack.
pub const DEFAULT_BACKTRACK_LIMIT: usize = 1 << 22;

/// Per-call matching state supplied by the caller: interrupt polling, the
/// stack limit, and reusable buffers so that matching does not allocate in
/// the common case.
pub struct MatchContext<'a> {
    /// Polled every few thousand backtracking steps; returning `true` stops
    /// the match with [`MatchError::Interrupted`].
    pub interrupt: Option<&'a mut dyn FnMut() -> bool>,
    /// Maximum number of entries on the explicit backtracking stack.
    pub backtrack_limit: usize,
    pub(crate) stack: Vec<matcher::Frame>,
    pub(crate) regs: Vec<usize>,
    /// Steps since the last interrupt poll (kept across start positions).
    pub(crate) steps: u32,
}

impl Default for MatchContext<'_> {
    fn default() -> Self {
        MatchContext::new()
    }
}

impl<'a> MatchContext<'a> {
    /// A context with no interrupt and the default stack limit.
    pub fn new() -> MatchContext<'a> {
        MatchContext {
            interrupt: None,
            backtrack_limit: DEFAULT_BACKTRACK_LIMIT,
            stack: Vec::new(),
            regs: Vec::new(),
            steps: 0,
        }
    }

    /// A context that polls `interrupt`.
    pub fn with_interrupt(interrupt: &'a mut dyn FnMut() -> bool) -> MatchContext<'a> {
        MatchContext {
            interrupt: Some(interrupt),
            ..MatchContext::new()
        }
    }
}

/// A compiled regular expression.
#[derive(Clone, Debug)]
pub struct Regex {
    program: compiler::Program,
    flags: Flags,
    capture_count: usize,
    group_names: Vec<(String, Vec<usize>)>,
}

impl Regex {
    /// Compiles `pattern` (UTF-16 code units) with `flags`.
    pub fn new(pattern: &[u16], flags: Flags) -> Result<Regex, SyntaxError> {
        let parsed = parser::parse(pattern, flags)?;
        let program = compiler::compile(&parsed, flags)?;
        Ok(Regex {
            program,
            flags,
            capture_count: parsed.capture_count,
            group_names: parsed.group_names,
        })
    }

    /// Compiles a pattern given as a Rust string.
    pub fn from_str(pattern: &str, flags: &str) -> Result<Regex, SyntaxError> {
        let units: Vec<u16> = pattern.encode_utf16().collect();
        Regex::new(&units, Flags::parse(flags)?)
    }

    /// The flags the expression was compiled with.
    pub fn flags(&self) -> Flags {
        self.flags
    }

    /// Number of capture groups, including group 0 (the whole match).
    pub fn capture_count(&self) -> usize {
        self.capture_count
    }

    /// Named groups in order of first appearance, each with the indices of
    /// the groups carrying that name (several when a name is reused in
    /// different alternatives).
    pub fn group_names(&self) -> &[(String, Vec<usize>)] {
        &self.group_names
    }

    /// Number of bytecode instructions (for diagnostics).
    pub fn program_len(&self) -> usize {
        self.program.insts.len()
    }

    /// Matches against Latin-1 input, trying positions from `start` on (only
    /// `start` itself with the sticky flag). On success, `captures` holds
    /// start/end pairs per group (`captures.len()` must be at least
    /// `2 * capture_count()`; any extra entries are left alone).
    pub fn exec_latin1(
        &self,
        input: &[u8],
        start: usize,
        captures: &mut [Option<usize>],
        ctx: &mut MatchContext,
    ) -> Result<bool, MatchError> {
        matcher::exec(&self.program, input, start, captures, ctx)
    }

    /// Matches against UTF-16 input; see [`Regex::exec_latin1`]. In `u`/`v`
    /// mode surrogate pairs are matched as one code point.
    pub fn exec_utf16(
        &self,
        input: &[u16],
        start: usize,
        captures: &mut [Option<usize>],
        ctx: &mut MatchContext,
    ) -> Result<bool, MatchError> {
        matcher::exec(&self.program, input, start, captures, ctx)
    }
}

#[cfg(test)]
mod tests;
