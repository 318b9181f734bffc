//! The node tree produced by the parser and consumed by the compiler.
//!
//! Flags that modifiers `(?i:...)` can change (`i`, `m`, `s`) are resolved
//! by the parser and stored on the nodes they affect.

use crate::charset::CharSet;

/// Kinds of zero-width assertions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssertKind {
    /// `^`
    Start { multiline: bool },
    /// `$`
    End { multiline: bool },
    /// `\b`; `extra` adds U+017F and U+212A to the word characters (u/v + i).
    WordBoundary { extra: bool },
    /// `\B`
    NotWordBoundary { extra: bool },
}

/// A character class ready for matching one character.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Class {
    /// The members as written (before case canonicalisation).
    pub set: CharSet,
    /// Match characters NOT in the set.
    pub negate: bool,
    /// Compare canonicalised characters.
    pub ignore_case: bool,
}

/// A node of the pattern tree.
#[derive(Clone, Debug)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One character (code unit, or code point in u/v mode).
    Char { c: u32, ignore_case: bool },
    /// `.`
    Dot { dot_all: bool },
    /// A character class or class escape.
    Class(Class),
    /// Concatenation.
    Seq(Vec<Node>),
    /// Alternation, tried left to right.
    Alt(Vec<Node>),
    /// A capturing group with its 1-based index.
    Capture { index: usize, body: Box<Node> },
    /// A quantified node. `first_capture..first_capture + capture_count` are
    /// the capture indices inside `body`, reset on each iteration.
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
        first_capture: usize,
        capture_count: usize,
    },
    /// A zero-width assertion.
    Assert(AssertKind),
    /// Lookahead (`ahead`) or lookbehind, possibly negative.
    Look {
        ahead: bool,
        negate: bool,
        body: Box<Node>,
    },
    /// A backreference to one or more groups (several for a duplicated
    /// name; at most one of them can be set at a time).
    BackRef {
        groups: Vec<usize>,
        ignore_case: bool,
    },
}

impl Node {
    /// Whether the node may match without consuming input (conservative).
    pub fn can_be_empty(&self) -> bool {
        match self {
            Node::Empty | Node::Assert(_) | Node::Look { .. } | Node::BackRef { .. } => true,
            Node::Char { .. } | Node::Dot { .. } | Node::Class(_) => false,
            Node::Seq(v) => v.iter().all(Node::can_be_empty),
            Node::Alt(v) => v.iter().any(Node::can_be_empty),
            Node::Capture { body, .. } => body.can_be_empty(),
            Node::Repeat { body, min, .. } => *min == 0 || body.can_be_empty(),
        }
    }
}

/// The result of parsing a pattern.
#[derive(Debug)]
pub struct Parsed {
    /// The pattern tree.
    pub node: Node,
    /// Number of groups including group 0.
    pub capture_count: usize,
    /// Named groups in order of first appearance.
    pub group_names: Vec<(String, Vec<usize>)>,
}
