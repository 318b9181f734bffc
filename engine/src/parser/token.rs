//! Tokens produced by the lexer.

use std::borrow::Cow;
use std::fmt;

/// A source position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pos {
    /// Byte offset into the UTF-8 source.
    pub offset: u32,
    /// 1-based line number. CR, LF, CRLF, U+2028 and U+2029 each end a line.
    pub line: u32,
    /// 1-based column, counted in UTF-16 code units.
    pub col: u32,
}

/// A lexical error; the parser reports it as a `SyntaxError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    pub message: String,
    pub pos: Pos,
}

impl fmt::Display for LexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}:{})", self.message, self.pos.line, self.pos.col)
    }
}

impl std::error::Error for LexError {}

/// A JavaScript string value: either a slice of the source (no escapes) or
/// owned UTF-16 code units (may contain lone surrogates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wtf16Str<'src> {
    Borrowed(&'src str),
    Owned(Vec<u16>),
}

impl<'src> Wtf16Str<'src> {
    /// Iterates over the UTF-16 code units of the value.
    pub fn units(&self) -> Wtf16Units<'_> {
        match self {
            Wtf16Str::Borrowed(s) => Wtf16Units::Str(s.encode_utf16()),
            Wtf16Str::Owned(v) => Wtf16Units::Slice(v.iter()),
        }
    }

    /// The value as UTF-16 code units.
    pub fn to_utf16(&self) -> Vec<u16> {
        match self {
            Wtf16Str::Borrowed(s) => s.encode_utf16().collect(),
            Wtf16Str::Owned(v) => v.clone(),
        }
    }

    /// The value as `&str` when it is borrowed from the source.
    pub fn as_borrowed(&self) -> Option<&'src str> {
        match self {
            Wtf16Str::Borrowed(s) => Some(s),
            Wtf16Str::Owned(_) => None,
        }
    }

    /// Length in UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        match self {
            Wtf16Str::Borrowed(s) => s.encode_utf16().count(),
            Wtf16Str::Owned(v) => v.len(),
        }
    }

    /// Whether the value equals `s` (compared as UTF-16).
    pub fn eq_str(&self, s: &str) -> bool {
        match self {
            Wtf16Str::Borrowed(b) => *b == s,
            Wtf16Str::Owned(v) => v.iter().copied().eq(s.encode_utf16()),
        }
    }

    /// The value as a Rust string; lone surrogates become U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'src, str> {
        match self {
            Wtf16Str::Borrowed(s) => Cow::Borrowed(s),
            Wtf16Str::Owned(v) => Cow::Owned(String::from_utf16_lossy(v)),
        }
    }
}

/// Iterator over the UTF-16 code units of a [`Wtf16Str`].
#[derive(Clone, Debug)]
pub enum Wtf16Units<'a> {
    Str(std::str::EncodeUtf16<'a>),
    Slice(std::slice::Iter<'a, u16>),
}

impl Iterator for Wtf16Units<'_> {
    type Item = u16;

    #[inline]
    fn next(&mut self) -> Option<u16> {
        match self {
            Wtf16Units::Str(it) => it.next(),
            Wtf16Units::Slice(it) => it.next().copied(),
        }
    }
}

/// Every punctuator of the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Punct {
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Dot,
    Ellipsis,
    Semicolon,
    Comma,
    Lt,
    Gt,
    LtEq,
    GtEq,
    EqEq,
    NotEq,
    EqEqEq,
    NotEqEq,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    StarStar,
    PlusPlus,
    MinusMinus,
    Shl,
    Shr,
    UShr,
    Amp,
    Pipe,
    Caret,
    Bang,
    Tilde,
    AmpAmp,
    PipePipe,
    QuestionQuestion,
    Question,
    QuestionDot,
    Colon,
    Assign,
    PlusAssign,
    MinusAssign,
    StarAssign,
    SlashAssign,
    PercentAssign,
    StarStarAssign,
    ShlAssign,
    ShrAssign,
    UShrAssign,
    AmpAssign,
    PipeAssign,
    CaretAssign,
    AmpAmpAssign,
    PipePipeAssign,
    QuestionQuestionAssign,
    Arrow,
}

impl Punct {
    /// The source text of the punctuator.
    pub fn as_str(self) -> &'static str {
        use Punct::*;
        match self {
            LBrace => "{",
            RBrace => "}",
            LParen => "(",
            RParen => ")",
            LBracket => "[",
            RBracket => "]",
            Dot => ".",
            Ellipsis => "...",
            Semicolon => ";",
            Comma => ",",
            Lt => "<",
            Gt => ">",
            LtEq => "<=",
            GtEq => ">=",
            EqEq => "==",
            NotEq => "!=",
            EqEqEq => "===",
            NotEqEq => "!==",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Percent => "%",
            StarStar => "**",
            PlusPlus => "++",
            MinusMinus => "--",
            Shl => "<<",
            Shr => ">>",
            UShr => ">>>",
            Amp => "&",
            Pipe => "|",
            Caret => "^",
            Bang => "!",
            Tilde => "~",
            AmpAmp => "&&",
            PipePipe => "||",
            QuestionQuestion => "??",
            Question => "?",
            QuestionDot => "?.",
            Colon => ":",
            Assign => "=",
            PlusAssign => "+=",
            MinusAssign => "-=",
            StarAssign => "*=",
            SlashAssign => "/=",
            PercentAssign => "%=",
            StarStarAssign => "**=",
            ShlAssign => "<<=",
            ShrAssign => ">>=",
            UShrAssign => ">>>=",
            AmpAssign => "&=",
            PipeAssign => "|=",
            CaretAssign => "^=",
            AmpAmpAssign => "&&=",
            PipePipeAssign => "||=",
            QuestionQuestionAssign => "??=",
            Arrow => "=>",
        }
    }
}

/// What a token is, with its value.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenKind<'src> {
    Eof,
    /// An identifier or reserved word. `escaped` is set when the source
    /// spelling contained a `\u` escape (escaped reserved words are errors).
    Ident {
        name: Cow<'src, str>,
        escaped: bool,
    },
    /// `#name`; `name` excludes the `#`.
    PrivateName {
        name: Cow<'src, str>,
    },
    /// Numeric literal value. Legacy octal (`017`) and non-octal decimal
    /// (`08`) literals carry [`Token::LEGACY_OCTAL`].
    Number(f64),
    /// BigInt literal digits with any radix prefix kept (`0x1F`, `123`),
    /// separators removed, without the trailing `n`.
    BigInt(Cow<'src, str>),
    /// String literal (cooked value).
    String {
        value: Wtf16Str<'src>,
    },
    /// A template piece: `` `...` `` / `` `...${ `` / `` }...${ `` / `` }...` ``.
    /// `cooked` is `None` when an escape is invalid (allowed in tagged
    /// templates only). `raw` has CR and CRLF normalised to LF. `tail` is
    /// set when the piece ends with a backtick.
    Template {
        cooked: Option<Vec<u16>>,
        raw: Vec<u16>,
        tail: bool,
    },
    /// Regular expression literal; the pattern and flags are not validated.
    RegExp {
        body: Cow<'src, str>,
        flags: Cow<'src, str>,
    },
    Punct(Punct),
}

/// A token with its source span.
#[derive(Clone, Debug, PartialEq)]
pub struct Token<'src> {
    pub kind: TokenKind<'src>,
    pub start: Pos,
    pub end: Pos,
    /// A line terminator (possibly inside a multi-line comment) appeared
    /// between the previous token and this one.
    pub newline_before: bool,
    /// Bit set of `Token::LEGACY_OCTAL`, `Token::HAS_ESCAPE`.
    pub flags: u8,
}

impl Token<'_> {
    /// Legacy octal / non-octal decimal integer literal (`017`, `08`), or a
    /// string literal containing a legacy octal escape (`\01`, `\7`) or
    /// `\8` / `\9`. All are errors in strict mode code.
    pub const LEGACY_OCTAL: u8 = 1;
    /// A string literal containing an escape sequence or line continuation
    /// (such a literal cannot be a `"use strict"` directive).
    pub const HAS_ESCAPE: u8 = 2;

    /// Whether the token is the punctuator `p`.
    pub fn is_punct(&self, p: Punct) -> bool {
        self.kind == TokenKind::Punct(p)
    }
}
