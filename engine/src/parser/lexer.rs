//! The lexer: turns UTF-8 source text into tokens (ECMAScript lexical
//! grammar, including the Annex B extensions for scripts).
//!
//! The lexer never panics; malformed input produces a [`LexError`].
//! Context-dependent tokens are handled by re-scanning on request of the
//! parser: `/` and `/=` are always punctuators unless the parser calls
//! [`Lexer::rescan_regexp`], and `}` is always a punctuator unless the parser
//! calls [`Lexer::rescan_template_continuation`].

use std::borrow::Cow;

pub use super::token::{LexError, Pos, Punct, Token, TokenKind, Wtf16Str};

#[cfg(test)]
#[path = "lexer_tests.rs"]
mod lexer_tests;

const LS: char = '\u{2028}';
const PS: char = '\u{2029}';

const fn ascii_table(cont: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphabetic() || b == b'$' || b == b'_' || (cont && b.is_ascii_digit());
        i += 1;
    }
    t
}

/// ASCII bytes that may start an identifier.
static ASCII_ID_START: [bool; 256] = ascii_table(false);
/// ASCII bytes that may continue an identifier.
static ASCII_ID_CONTINUE: [bool; 256] = ascii_table(true);

/// IdentifierStartChar: `ID_Start`, `$`, `_`.
pub(crate) fn is_id_start(c: char) -> bool {
    if c.is_ascii() {
        ASCII_ID_START[c as usize]
    } else {
        unicode::is_id_start(c as u32)
    }
}

/// IdentifierPartChar: `ID_Continue`, `$`, ZWNJ, ZWJ.
pub(crate) fn is_id_continue(c: char) -> bool {
    if c.is_ascii() {
        ASCII_ID_CONTINUE[c as usize]
    } else {
        // ZWNJ and ZWJ are listed separately by the grammar; they are also
        // `ID_Continue` since Unicode 15.1.
        c == '\u{200C}' || c == '\u{200D}' || unicode::is_id_continue(c as u32)
    }
}

/// Non-ASCII WhiteSpace: NBSP, ZWNBSP and the other `Zs` characters.
fn is_non_ascii_whitespace(c: char) -> bool {
    unicode::is_white_space(c as u32)
}

/// Number of UTF-16 code units encoded by a run of UTF-8 bytes.
fn utf16_len(bytes: &[u8]) -> u32 {
    let mut n: u32 = 0;
    for &b in bytes {
        n = n
            .wrapping_add(u32::from((b & 0xC0) != 0x80))
            .wrapping_add(u32::from(b >= 0xF0));
    }
    n
}

fn to_u32(x: usize) -> u32 {
    u32::try_from(x).unwrap_or(u32::MAX)
}

fn hex_val(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'a'..=b'f' => Some(u32::from(b - b'a' + 10)),
        b'A'..=b'F' => Some(u32::from(b - b'A' + 10)),
        _ => None,
    }
}

fn push_code_point(buf: &mut Vec<u16>, cp: u32) {
    if cp > 0xFFFF {
        let v = cp - 0x1_0000;
        buf.push(0xD800 | ((v >> 10) as u16 & 0x3FF));
        buf.push(0xDC00 | (v as u16 & 0x3FF));
    } else {
        buf.push(cp as u16);
    }
}

/// Result of decoding one escape sequence in a string or template.
enum Escape {
    /// A code point (or a lone surrogate code unit from `\uHHHH`).
    Cp(u32),
    /// Backslash followed by a line terminator: contributes nothing.
    LineContinuation,
    /// `\0`-prefixed or `\1`..`\377` legacy octal escape, with its value.
    LegacyOctal(u32),
    /// `\8` or `\9`, with the digit's value as a code point.
    NonOctalDecimal(u32),
    /// A malformed `\x` / `\u` escape (a SyntaxError in strings, an
    /// undefined cooked value in templates).
    Invalid(&'static str),
}

/// Saved lexer state for [`Lexer::checkpoint`] / [`Lexer::restore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexState {
    pos: usize,
    line: u32,
    line_start: usize,
    col_base_off: usize,
    col_base: u32,
    seen_token: bool,
    last_start: usize,
    last_newline: bool,
}

/// The lexer. See the module documentation.
pub struct Lexer<'src> {
    src: &'src str,
    bytes: &'src [u8],
    /// Current byte offset; always on a char boundary.
    pos: usize,
    /// Current 1-based line.
    line: u32,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// A byte offset on the current line whose column is known...
    col_base_off: usize,
    /// ...and that column. Columns are computed incrementally from here.
    col_base: u32,
    /// Module code: HTML-like comments are disabled.
    module: bool,
    /// A `#!` comment is recognised at the start of the source.
    hashbang: bool,
    /// A token has been returned (so `#!` and start-of-input `-->` no longer apply).
    seen_token: bool,
    last_start: usize,
    last_newline: bool,
    /// Source text decoded from UTF-16 holds each lone surrogate as U+FFFD;
    /// this lists, sorted by byte offset, each such U+FFFD with the code
    /// unit it stands for (empty for ordinary source). String, template and
    /// regular expression literals get the original unit back.
    lone: &'src [(usize, u16)],
}

type LexResult<T> = Result<T, LexError>;

impl<'src> Lexer<'src> {
    pub fn new(src: &'src str) -> Self {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            col_base_off: 0,
            col_base: 1,
            module: false,
            hashbang: true,
            seen_token: false,
            last_start: usize::MAX,
            last_newline: false,
            lone: &[],
        }
    }

    /// Source text decoded from UTF-16 (see [`SourceText`]).
    pub fn with_lone_surrogates(src: &'src str, lone: &'src [(usize, u16)]) -> Self {
        Lexer {
            lone,
            ..Lexer::new(src)
        }
    }

    /// The lone surrogate that the U+FFFD at byte offset `p` stands for.
    #[inline]
    fn lone_at(&self, p: usize) -> Option<u16> {
        if self.lone.is_empty() {
            return None;
        }
        let i = self.lone.binary_search_by_key(&p, |&(off, _)| off).ok()?;
        Some(self.lone[i].1)
    }

    /// Whether a lone surrogate stands between bytes `a` and `b`.
    pub fn has_lone_in(&self, a: usize, b: usize) -> bool {
        let first = self.lone.partition_point(|&(off, _)| off < a);
        self.lone.get(first).is_some_and(|&(off, _)| off < b)
    }

    /// The source text from byte `a` to `b` as UTF-16, lone surrogates
    /// restored.
    pub fn source_units(&self, a: usize, b: usize) -> Vec<u16> {
        let mut out = Vec::with_capacity(b.saturating_sub(a));
        let mut from = a;
        let first = self.lone.partition_point(|&(off, _)| off < a);
        for &(off, unit) in self.lone[first..].iter().take_while(|&&(off, _)| off < b) {
            out.extend(self.str_slice(from, off).encode_utf16());
            out.push(unit);
            from = off + '\u{FFFD}'.len_utf8();
        }
        out.extend(self.str_slice(from, b).encode_utf16());
        out
    }

    /// Module code disables HTML-like comments (`<!--`, `-->`).
    pub fn set_module(&mut self, module: bool) {
        self.module = module;
    }

    /// Whether a hashbang comment (`#!...`) is recognised at the very start
    /// of the source (default: yes). Scripts, modules and eval code allow
    /// it; the bodies and parameters given to the `Function` constructor do
    /// not.
    pub fn set_hashbang(&mut self, allowed: bool) {
        self.hashbang = allowed;
    }

    /// The source text being lexed.
    pub fn source(&self) -> &'src str {
        self.src
    }

    /// Source text between two positions (empty if the span is invalid).
    pub fn slice(&self, start: Pos, end: Pos) -> &'src str {
        self.src
            .get(start.offset as usize..end.offset as usize)
            .unwrap_or("")
    }

    pub fn checkpoint(&self) -> LexState {
        LexState {
            pos: self.pos,
            line: self.line,
            line_start: self.line_start,
            col_base_off: self.col_base_off,
            col_base: self.col_base,
            seen_token: self.seen_token,
            last_start: self.last_start,
            last_newline: self.last_newline,
        }
    }

    pub fn restore(&mut self, s: LexState) {
        self.pos = s.pos;
        self.line = s.line;
        self.line_start = s.line_start;
        self.col_base_off = s.col_base_off;
        self.col_base = s.col_base;
        self.seen_token = s.seen_token;
        self.last_start = s.last_start;
        self.last_newline = s.last_newline;
    }

    // ----- low-level helpers -------------------------------------------------

    #[inline]
    fn byte_at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    #[inline]
    fn char_at(&self, i: usize) -> Option<char> {
        self.src.get(i..)?.chars().next()
    }

    #[inline]
    fn str_slice(&self, a: usize, b: usize) -> &'src str {
        self.src.get(a..b).unwrap_or("")
    }

    /// Whether U+2028 or U+2029 starts at `i`.
    #[inline]
    fn is_ls_ps_at(&self, i: usize) -> bool {
        self.byte_at(i) == 0xE2
            && self.byte_at(i + 1) == 0x80
            && (self.byte_at(i + 2) == 0xA8 || self.byte_at(i + 2) == 0xA9)
    }

    /// Records that a line terminator ended just before byte offset `after`.
    #[inline]
    fn newline_at(&mut self, after: usize) {
        self.line = self.line.saturating_add(1);
        self.line_start = after;
        self.col_base_off = after;
        self.col_base = 1;
    }

    /// Position of byte offset `off`, which must lie on the current line.
    fn pos_at(&mut self, off: usize) -> Pos {
        let col = if off >= self.col_base_off {
            let delta = utf16_len(self.bytes.get(self.col_base_off..off).unwrap_or(&[]));
            let col = self.col_base.wrapping_add(delta);
            self.col_base_off = off;
            self.col_base = col;
            col
        } else if off >= self.line_start {
            1u32.wrapping_add(utf16_len(
                self.bytes.get(self.line_start..off).unwrap_or(&[]),
            ))
        } else {
            1
        };
        Pos {
            offset: to_u32(off),
            line: self.line,
            col,
        }
    }

    fn err<T>(&mut self, off: usize, message: impl Into<String>) -> LexResult<T> {
        Err(LexError {
            message: message.into(),
            pos: self.pos_at(off),
        })
    }

    /// Moves the lexer to `p`, as previously reported in a token.
    fn reset_to(&mut self, p: Pos) -> LexResult<()> {
        let off = p.offset as usize;
        if off > self.src.len() || !self.src.is_char_boundary(off) || p.line == 0 || p.col == 0 {
            return Err(LexError {
                message: "invalid rescan position".into(),
                pos: p,
            });
        }
        self.pos = off;
        self.line = p.line;
        self.line_start = off;
        self.col_base_off = off;
        self.col_base = p.col;
        Ok(())
    }

    fn finish(
        &mut self,
        kind: TokenKind<'src>,
        start: Pos,
        newline_before: bool,
        flags: u8,
    ) -> Token<'src> {
        let end = self.pos_at(self.pos);
        self.seen_token = true;
        self.last_start = start.offset as usize;
        self.last_newline = newline_before;
        Token {
            kind,
            start,
            end,
            newline_before,
            flags,
        }
    }

    // ----- trivia ------------------------------------------------------------

    /// Skips to the next line terminator (not consuming it).
    fn skip_line_comment(&mut self, from: usize) {
        let mut p = from;
        while let Some(&b) = self.bytes.get(p) {
            match b {
                b'\n' | b'\r' => break,
                0xE2 if self.is_ls_ps_at(p) => break,
                _ => p += 1,
            }
        }
        self.pos = p;
    }

    /// Skips a `/* */` comment starting at `self.pos`; returns whether it
    /// contained a line terminator.
    fn skip_block_comment(&mut self) -> LexResult<bool> {
        let start = self.pos;
        let mut p = start + 2;
        let mut nl = false;
        loop {
            let Some(&b) = self.bytes.get(p) else {
                return self.err(start, "unterminated comment");
            };
            match b {
                b'*' if self.byte_at(p + 1) == b'/' => {
                    self.pos = p + 2;
                    return Ok(nl);
                }
                b'\n' => {
                    p += 1;
                    self.newline_at(p);
                    nl = true;
                }
                b'\r' => {
                    p += 1;
                    if self.byte_at(p) == b'\n' {
                        p += 1;
                    }
                    self.newline_at(p);
                    nl = true;
                }
                0xE2 if self.is_ls_ps_at(p) => {
                    p += 3;
                    self.newline_at(p);
                    nl = true;
                }
                _ => p += 1,
            }
        }
    }

    /// Skips whitespace, line terminators and comments. Returns whether a
    /// line terminator was seen.
    fn skip_trivia(&mut self) -> LexResult<bool> {
        let mut nl = false;
        if self.hashbang && self.pos == 0 && !self.seen_token && self.bytes.starts_with(b"#!") {
            self.skip_line_comment(2);
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b' ' | b'\t' | 0x0B | 0x0C => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.newline_at(self.pos);
                    nl = true;
                }
                b'\r' => {
                    self.pos += 1;
                    if self.byte_at(self.pos) == b'\n' {
                        self.pos += 1;
                    }
                    self.newline_at(self.pos);
                    nl = true;
                }
                b'/' => match self.byte_at(self.pos + 1) {
                    b'/' => self.skip_line_comment(self.pos + 2),
                    b'*' => {
                        if self.skip_block_comment()? {
                            nl = true;
                        }
                    }
                    _ => break,
                },
                b'<' if !self.module
                    && self.bytes.get(self.pos + 1..self.pos + 4) == Some(b"!--") =>
                {
                    self.skip_line_comment(self.pos + 4);
                }
                b'-' if !self.module
                    && (nl || !self.seen_token)
                    && self.bytes.get(self.pos + 1..self.pos + 3) == Some(b"->") =>
                {
                    self.skip_line_comment(self.pos + 3);
                }
                0x80.. => match self.char_at(self.pos) {
                    Some(c) if is_non_ascii_whitespace(c) => self.pos += c.len_utf8(),
                    Some(LS | PS) => {
                        self.pos += 3;
                        self.newline_at(self.pos);
                        nl = true;
                    }
                    _ => break,
                },
                _ => break,
            }
        }
        Ok(nl)
    }

    // ----- main entry --------------------------------------------------------

    /// Returns the next token. `/`, `/=` and `}` are always punctuators.
    pub fn next_token(&mut self) -> LexResult<Token<'src>> {
        let nl = self.skip_trivia()?;
        let start = self.pos;
        let start_pos = self.pos_at(start);
        let Some(&b) = self.bytes.get(start) else {
            return Ok(self.finish(TokenKind::Eof, start_pos, nl, 0));
        };
        use Punct::*;
        let (punct, len) = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'$' | b'_' => {
                let mut p = start + 1;
                while ASCII_ID_CONTINUE[usize::from(self.byte_at(p))] {
                    p += 1;
                }
                let stop = self.byte_at(p);
                if stop == b'\\' || stop >= 0x80 {
                    let (name, escaped) = self.scan_identifier_name(start)?;
                    return Ok(self.finish(TokenKind::Ident { name, escaped }, start_pos, nl, 0));
                }
                self.pos = p;
                let name = Cow::Borrowed(self.str_slice(start, p));
                return Ok(self.finish(
                    TokenKind::Ident {
                        name,
                        escaped: false,
                    },
                    start_pos,
                    nl,
                    0,
                ));
            }
            b'0'..=b'9' => {
                let (kind, flags) = self.scan_number(start)?;
                return Ok(self.finish(kind, start_pos, nl, flags));
            }
            b'"' | b'\'' => {
                let (value, flags) = self.scan_string(start, b)?;
                return Ok(self.finish(TokenKind::String { value }, start_pos, nl, flags));
            }
            b'`' => {
                let kind = self.scan_template(start)?;
                return Ok(self.finish(kind, start_pos, nl, 0));
            }
            b'#' => {
                let (name, _) = self.scan_identifier_name(start + 1)?;
                if name.is_empty() {
                    return self.err(start, "invalid or unexpected token '#'");
                }
                return Ok(self.finish(TokenKind::PrivateName { name }, start_pos, nl, 0));
            }
            b'\\' => {
                let (name, escaped) = self.scan_identifier_name(start)?;
                if name.is_empty() {
                    return self.err(start, "invalid or unexpected token '\\'");
                }
                return Ok(self.finish(TokenKind::Ident { name, escaped }, start_pos, nl, 0));
            }
            0x80.. => {
                match self.char_at(start) {
                    Some(c) if is_id_start(c) => {}
                    Some(c) => {
                        return self.err(start, format!("invalid character U+{:04X}", c as u32));
                    }
                    None => return self.err(start, "invalid character"),
                }
                let (name, escaped) = self.scan_identifier_name(start)?;
                return Ok(self.finish(TokenKind::Ident { name, escaped }, start_pos, nl, 0));
            }
            b'.' => {
                let b1 = self.byte_at(start + 1);
                if b1.is_ascii_digit() {
                    let (kind, flags) = self.scan_number(start)?;
                    return Ok(self.finish(kind, start_pos, nl, flags));
                }
                if b1 == b'.' && self.byte_at(start + 2) == b'.' {
                    (Ellipsis, 3)
                } else {
                    (Dot, 1)
                }
            }
            b'{' => (LBrace, 1),
            b'}' => (RBrace, 1),
            b'(' => (LParen, 1),
            b')' => (RParen, 1),
            b'[' => (LBracket, 1),
            b']' => (RBracket, 1),
            b';' => (Semicolon, 1),
            b',' => (Comma, 1),
            b':' => (Colon, 1),
            b'~' => (Tilde, 1),
            b'<' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'<', b'=') => (ShlAssign, 3),
                (b'<', _) => (Shl, 2),
                (b'=', _) => (LtEq, 2),
                _ => (Lt, 1),
            },
            b'>' => match (
                self.byte_at(start + 1),
                self.byte_at(start + 2),
                self.byte_at(start + 3),
            ) {
                (b'>', b'>', b'=') => (UShrAssign, 4),
                (b'>', b'>', _) => (UShr, 3),
                (b'>', b'=', _) => (ShrAssign, 3),
                (b'>', _, _) => (Shr, 2),
                (b'=', _, _) => (GtEq, 2),
                _ => (Gt, 1),
            },
            b'=' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'=', b'=') => (EqEqEq, 3),
                (b'=', _) => (EqEq, 2),
                (b'>', _) => (Arrow, 2),
                _ => (Assign, 1),
            },
            b'!' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'=', b'=') => (NotEqEq, 3),
                (b'=', _) => (NotEq, 2),
                _ => (Bang, 1),
            },
            b'+' => match self.byte_at(start + 1) {
                b'+' => (PlusPlus, 2),
                b'=' => (PlusAssign, 2),
                _ => (Plus, 1),
            },
            b'-' => match self.byte_at(start + 1) {
                b'-' => (MinusMinus, 2),
                b'=' => (MinusAssign, 2),
                _ => (Minus, 1),
            },
            b'*' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'*', b'=') => (StarStarAssign, 3),
                (b'*', _) => (StarStar, 2),
                (b'=', _) => (StarAssign, 2),
                _ => (Star, 1),
            },
            b'/' => match self.byte_at(start + 1) {
                b'=' => (SlashAssign, 2),
                _ => (Slash, 1),
            },
            b'%' => match self.byte_at(start + 1) {
                b'=' => (PercentAssign, 2),
                _ => (Percent, 1),
            },
            b'^' => match self.byte_at(start + 1) {
                b'=' => (CaretAssign, 2),
                _ => (Caret, 1),
            },
            b'&' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'&', b'=') => (AmpAmpAssign, 3),
                (b'&', _) => (AmpAmp, 2),
                (b'=', _) => (AmpAssign, 2),
                _ => (Amp, 1),
            },
            b'|' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'|', b'=') => (PipePipeAssign, 3),
                (b'|', _) => (PipePipe, 2),
                (b'=', _) => (PipeAssign, 2),
                _ => (Pipe, 1),
            },
            b'?' => match (self.byte_at(start + 1), self.byte_at(start + 2)) {
                (b'?', b'=') => (QuestionQuestionAssign, 3),
                (b'?', _) => (QuestionQuestion, 2),
                (b'.', d) if !d.is_ascii_digit() => (QuestionDot, 2),
                _ => (Question, 1),
            },
            _ => {
                return self.err(
                    start,
                    format!("invalid or unexpected token U+{:04X}", u32::from(b)),
                );
            }
        };
        self.pos = start + len;
        Ok(self.finish(TokenKind::Punct(punct), start_pos, nl, 0))
    }

    // ----- identifiers -------------------------------------------------------

    /// Decodes `\uHHHH` or `\u{H...}` at `p` (pointing at the backslash) in
    /// an identifier. Returns the character and the offset after the escape.
    fn scan_ident_escape(&mut self, p: usize) -> LexResult<(char, usize)> {
        if self.byte_at(p + 1) != b'u' {
            return self.err(p, "invalid escape in identifier");
        }
        let (cp, end) = match self.read_unicode_escape(p + 2) {
            Ok(v) => v,
            Err(msg) => return self.err(p, msg),
        };
        match char::from_u32(cp) {
            Some(c) => Ok((c, end)),
            None => self.err(p, "invalid identifier escape"),
        }
    }

    /// Scans an IdentifierName starting at `start`. Returns an empty name if
    /// no identifier starts there.
    fn scan_identifier_name(&mut self, start: usize) -> LexResult<(Cow<'src, str>, bool)> {
        let mut p = start;
        let mut owned: Option<String> = None;
        while let Some(&b) = self.bytes.get(p) {
            let first = p == start;
            if b < 0x80 {
                let ok = if first {
                    ASCII_ID_START[usize::from(b)]
                } else {
                    ASCII_ID_CONTINUE[usize::from(b)]
                };
                if ok {
                    if let Some(s) = owned.as_mut() {
                        s.push(char::from(b));
                    }
                    p += 1;
                    continue;
                }
                if b != b'\\' {
                    break;
                }
                let (c, end) = self.scan_ident_escape(p)?;
                let valid = if first {
                    is_id_start(c)
                } else {
                    is_id_continue(c)
                };
                if !valid {
                    return self.err(p, "invalid identifier escape");
                }
                let s = owned.get_or_insert_with(|| self.str_slice(start, p).to_owned());
                s.push(c);
                p = end;
            } else {
                let Some(c) = self.char_at(p) else { break };
                let ok = if first {
                    is_id_start(c)
                } else {
                    is_id_continue(c)
                };
                if !ok {
                    break;
                }
                if let Some(s) = owned.as_mut() {
                    s.push(c);
                }
                p += c.len_utf8();
            }
        }
        self.pos = p;
        Ok(match owned {
            Some(s) => (Cow::Owned(s), true),
            None => (Cow::Borrowed(self.str_slice(start, p)), false),
        })
    }

    // ----- numbers -----------------------------------------------------------

    fn check_after_number(&mut self, p: usize) -> LexResult<()> {
        let b = self.byte_at(p);
        let bad = if b < 0x80 {
            b.is_ascii_digit() || ASCII_ID_START[usize::from(b)] || b == b'\\'
        } else {
            self.char_at(p).is_some_and(is_id_start)
        };
        if bad {
            return self.err(p, "identifier starts immediately after numeric literal");
        }
        Ok(())
    }

    /// Scans decimal digits with numeric separators from `*p`. Returns
    /// whether a separator was seen.
    fn scan_decimal_digits(&mut self, p: &mut usize, allow_sep: bool) -> LexResult<bool> {
        let mut sep = false;
        let mut prev_digit = false;
        loop {
            let b = self.byte_at(*p);
            if b.is_ascii_digit() {
                prev_digit = true;
                *p += 1;
            } else if b == b'_' {
                if !allow_sep {
                    return self.err(*p, "numeric separator not allowed here");
                }
                if !prev_digit || !self.byte_at(*p + 1).is_ascii_digit() {
                    return self.err(*p, "numeric separators are only allowed between digits");
                }
                sep = true;
                prev_digit = false;
                *p += 1;
            } else {
                return Ok(sep);
            }
        }
    }

    fn scan_number(&mut self, start: usize) -> LexResult<(TokenKind<'src>, u8)> {
        let b0 = self.byte_at(start);
        let b1 = self.byte_at(start + 1);
        if b0 == b'0' {
            match b1 {
                b'x' | b'X' => return self.scan_radix(start, 4),
                b'o' | b'O' => return self.scan_radix(start, 3),
                b'b' | b'B' => return self.scan_radix(start, 1),
                b'0'..=b'9' => return self.scan_legacy(start),
                b'_' => {
                    return self.err(start + 1, "numeric separator not allowed after leading 0");
                }
                _ => {}
            }
        }
        let mut p = start;
        let mut sep = false;
        let mut is_int = true;
        if b0 != b'.' {
            sep |= self.scan_decimal_digits(&mut p, true)?;
        }
        let int_end = p;
        self.scan_fraction_exponent(&mut p, &mut sep, &mut is_int)?;
        if self.byte_at(p) == b'n' {
            if !is_int {
                return self.err(p, "invalid BigInt literal");
            }
            let text = self.str_slice(start, p);
            self.check_after_number(p + 1)?;
            self.pos = p + 1;
            let text = if sep {
                Cow::Owned(text.replace('_', ""))
            } else {
                Cow::Borrowed(text)
            };
            return Ok((TokenKind::BigInt(text), 0));
        }
        self.check_after_number(p)?;
        self.pos = p;
        // Fast path: short plain integers are exact.
        if is_int && !sep && int_end - start <= 15 {
            let mut v: u64 = 0;
            for &d in self.bytes.get(start..int_end).unwrap_or(&[]) {
                v = v * 10 + u64::from(d - b'0');
            }
            return Ok((TokenKind::Number(v as f64), 0));
        }
        let v = self.parse_decimal(start, p, sep)?;
        Ok((TokenKind::Number(v), 0))
    }

    /// Scans an optional `.digits` and exponent at `*p`.
    fn scan_fraction_exponent(
        &mut self,
        p: &mut usize,
        sep: &mut bool,
        is_int: &mut bool,
    ) -> LexResult<()> {
        if self.byte_at(*p) == b'.' {
            *p += 1;
            *is_int = false;
            if self.byte_at(*p).is_ascii_digit() {
                *sep |= self.scan_decimal_digits(p, true)?;
            }
        }
        if matches!(self.byte_at(*p), b'e' | b'E') {
            let mut q = *p + 1;
            if matches!(self.byte_at(q), b'+' | b'-') {
                q += 1;
            }
            if !self.byte_at(q).is_ascii_digit() {
                return self.err(q, "missing exponent digits");
            }
            *p = q;
            *sep |= self.scan_decimal_digits(p, true)?;
            *is_int = false;
        }
        Ok(())
    }

    fn parse_decimal(&mut self, start: usize, end: usize, sep: bool) -> LexResult<f64> {
        let text = self.str_slice(start, end);
        let parsed = if sep {
            text.replace('_', "").parse::<f64>()
        } else {
            text.parse::<f64>()
        };
        match parsed {
            Ok(v) => Ok(v),
            Err(_) => self.err(start, "invalid numeric literal"),
        }
    }

    /// `0x` / `0o` / `0b` literals; `bits` is log2 of the radix.
    fn scan_radix(&mut self, start: usize, bits: u32) -> LexResult<(TokenKind<'src>, u8)> {
        let radix = 1u32 << bits;
        let digit = |b: u8| hex_val(b).filter(|&d| d < radix);
        let digits_start = start + 2;
        let mut p = digits_start;
        let mut sep = false;
        let mut prev_digit = false;
        let mut acc = RadixAcc::default();
        loop {
            let b = self.byte_at(p);
            if let Some(d) = digit(b) {
                acc.push(d, bits);
                prev_digit = true;
                p += 1;
            } else if b == b'_' {
                if !prev_digit || digit(self.byte_at(p + 1)).is_none() {
                    return self.err(p, "numeric separators are only allowed between digits");
                }
                sep = true;
                prev_digit = false;
                p += 1;
            } else {
                break;
            }
        }
        if p == digits_start {
            return self.err(p, "missing digits after radix prefix");
        }
        if self.byte_at(p) == b'n' {
            let text = self.str_slice(start, p);
            self.check_after_number(p + 1)?;
            self.pos = p + 1;
            let text = if sep {
                Cow::Owned(text.replace('_', ""))
            } else {
                Cow::Borrowed(text)
            };
            return Ok((TokenKind::BigInt(text), 0));
        }
        self.check_after_number(p)?;
        self.pos = p;
        Ok((TokenKind::Number(acc.value()), 0))
    }

    /// `0` followed by a digit: LegacyOctalIntegerLiteral (`017`) or
    /// NonOctalDecimalIntegerLiteral (`08`, `019.5`).
    fn scan_legacy(&mut self, start: usize) -> LexResult<(TokenKind<'src>, u8)> {
        let mut p = start;
        let mut octal = true;
        while let b @ b'0'..=b'9' = self.byte_at(p) {
            if b >= b'8' {
                octal = false;
            }
            p += 1;
        }
        if self.byte_at(p) == b'_' {
            return self.err(
                p,
                "numeric separator not allowed in legacy octal-like literal",
            );
        }
        if octal {
            if self.byte_at(p) == b'n' {
                return self.err(p, "invalid BigInt literal");
            }
            self.check_after_number(p)?;
            self.pos = p;
            let mut acc = RadixAcc::default();
            for &d in self.bytes.get(start..p).unwrap_or(&[]) {
                acc.push(u32::from(d - b'0'), 3);
            }
            return Ok((TokenKind::Number(acc.value()), Token::LEGACY_OCTAL));
        }
        let mut sep = false;
        let mut is_int = true;
        self.scan_fraction_exponent(&mut p, &mut sep, &mut is_int)?;
        if self.byte_at(p) == b'n' {
            return self.err(p, "invalid BigInt literal");
        }
        self.check_after_number(p)?;
        self.pos = p;
        let v = self.parse_decimal(start, p, sep)?;
        Ok((TokenKind::Number(v), Token::LEGACY_OCTAL))
    }

    // ----- strings and templates ---------------------------------------------

    /// Reads the part of a Unicode escape after `\u` at `p`: `HHHH` or
    /// `{H...}`. Returns the code point (a lone surrogate is possible for
    /// the 4-digit form) and the offset after the escape.
    fn read_unicode_escape(&self, p: usize) -> Result<(u32, usize), &'static str> {
        if self.byte_at(p) == b'{' {
            let mut q = p + 1;
            let mut v: u32 = 0;
            while let Some(d) = hex_val(self.byte_at(q)) {
                v = v.saturating_mul(16).saturating_add(d);
                if v > 0x10_FFFF {
                    return Err("Unicode escape out of range");
                }
                q += 1;
            }
            if q == p + 1 || self.byte_at(q) != b'}' {
                return Err("invalid Unicode escape sequence");
            }
            Ok((v, q + 1))
        } else {
            let mut v: u32 = 0;
            for i in 0..4 {
                match hex_val(self.byte_at(p + i)) {
                    Some(d) => v = v * 16 + d,
                    None => return Err("invalid Unicode escape sequence"),
                }
            }
            Ok((v, p + 4))
        }
    }

    /// Decodes an escape sequence; `p` points just after the backslash,
    /// which must not be at the end of input. Returns the escape and the
    /// offset after it. Line tracking is updated for line continuations.
    fn read_escape(&mut self, p: usize, template: bool) -> (Escape, usize) {
        let b = self.byte_at(p);
        match b {
            b'n' => (Escape::Cp(0x0A), p + 1),
            b't' => (Escape::Cp(0x09), p + 1),
            b'r' => (Escape::Cp(0x0D), p + 1),
            b'b' => (Escape::Cp(0x08), p + 1),
            b'f' => (Escape::Cp(0x0C), p + 1),
            b'v' => (Escape::Cp(0x0B), p + 1),
            b'\n' => {
                self.newline_at(p + 1);
                (Escape::LineContinuation, p + 1)
            }
            b'\r' => {
                let end = if self.byte_at(p + 1) == b'\n' {
                    p + 2
                } else {
                    p + 1
                };
                self.newline_at(end);
                (Escape::LineContinuation, end)
            }
            b'x' => match (hex_val(self.byte_at(p + 1)), hex_val(self.byte_at(p + 2))) {
                (Some(h), Some(l)) => (Escape::Cp(h * 16 + l), p + 3),
                (Some(_), None) => (
                    Escape::Invalid("invalid hexadecimal escape sequence"),
                    p + 2,
                ),
                _ => (
                    Escape::Invalid("invalid hexadecimal escape sequence"),
                    p + 1,
                ),
            },
            b'u' => match self.read_unicode_escape(p + 1) {
                Ok((cp, end)) => (Escape::Cp(cp), end),
                Err(msg) => (Escape::Invalid(msg), p + 1),
            },
            b'0'..=b'7' => {
                let next = self.byte_at(p + 1);
                if b == b'0' && !next.is_ascii_digit() {
                    return (Escape::Cp(0), p + 1);
                }
                if template {
                    return (Escape::LegacyOctal(0), p + 1);
                }
                let mut v = u32::from(b - b'0');
                let mut q = p + 1;
                let max_len = if b <= b'3' { 3 } else { 2 };
                while q - p < max_len {
                    match self.byte_at(q) {
                        d @ b'0'..=b'7' => {
                            v = v * 8 + u32::from(d - b'0');
                            q += 1;
                        }
                        _ => break,
                    }
                }
                (Escape::LegacyOctal(v), q)
            }
            b'8' | b'9' => (Escape::NonOctalDecimal(u32::from(b)), p + 1),
            0..=0x7F => (Escape::Cp(u32::from(b)), p + 1),
            _ => match self.char_at(p) {
                Some(c @ (LS | PS)) => {
                    let end = p + c.len_utf8();
                    self.newline_at(end);
                    (Escape::LineContinuation, end)
                }
                Some(c) => (Escape::Cp(c as u32), p + c.len_utf8()),
                None => (Escape::Invalid("invalid escape"), p + 1),
            },
        }
    }

    /// Scans a string literal whose opening quote is at `start`.
    fn scan_string(&mut self, start: usize, quote: u8) -> LexResult<(Wtf16Str<'src>, u8)> {
        let mut p = start + 1;
        // Fast path: no escapes, borrow from the source.
        loop {
            let Some(&b) = self.bytes.get(p) else {
                return self.err(start, "unterminated string literal");
            };
            if b == quote {
                self.pos = p + 1;
                return Ok((Wtf16Str::Borrowed(self.str_slice(start + 1, p)), 0));
            }
            match b {
                b'\\' => break,
                b'\n' | b'\r' => return self.err(start, "unterminated string literal"),
                0xEF if self.lone_at(p).is_some() => break,
                0xE2 if self.is_ls_ps_at(p) => {
                    p += 3;
                    self.newline_at(p);
                }
                _ => p += 1,
            }
        }
        let mut buf: Vec<u16> = Vec::with_capacity(p - start + 16);
        buf.extend(self.str_slice(start + 1, p).encode_utf16());
        let mut flags = Token::HAS_ESCAPE;
        loop {
            let Some(&b) = self.bytes.get(p) else {
                return self.err(start, "unterminated string literal");
            };
            if b == quote {
                self.pos = p + 1;
                return Ok((Wtf16Str::Owned(buf), flags));
            }
            match b {
                b'\\' => {
                    if p + 1 >= self.bytes.len() {
                        return self.err(start, "unterminated string literal");
                    }
                    let (esc, end) = self.read_escape(p + 1, false);
                    match esc {
                        Escape::Cp(cp) => push_code_point(&mut buf, cp),
                        Escape::LineContinuation => {}
                        Escape::LegacyOctal(v) | Escape::NonOctalDecimal(v) => {
                            flags |= Token::LEGACY_OCTAL;
                            push_code_point(&mut buf, v);
                        }
                        Escape::Invalid(msg) => return self.err(p, msg),
                    }
                    p = end;
                }
                b'\n' | b'\r' => return self.err(start, "unterminated string literal"),
                0..=0x7F => {
                    buf.push(u16::from(b));
                    p += 1;
                }
                _ => {
                    let Some(c) = self.char_at(p) else {
                        return self.err(p, "invalid character");
                    };
                    match self.lone_at(p) {
                        Some(unit) => buf.push(unit),
                        None => push_code_point(&mut buf, c as u32),
                    }
                    p += c.len_utf8();
                    if c == LS || c == PS {
                        self.newline_at(p);
                    }
                }
            }
        }
    }

    /// Scans a template piece starting at `start` (a backtick or the `}`
    /// closing a substitution).
    fn scan_template(&mut self, start: usize) -> LexResult<TokenKind<'src>> {
        let content_start = start + 1;
        let mut p = content_start;
        let mut cooked: Option<Vec<u16>> = Some(Vec::new());
        let (content_end, tail) = loop {
            let Some(&b) = self.bytes.get(p) else {
                return self.err(start, "unterminated template literal");
            };
            match b {
                b'`' => {
                    p += 1;
                    break (p - 1, true);
                }
                b'$' if self.byte_at(p + 1) == b'{' => {
                    p += 2;
                    break (p - 2, false);
                }
                b'\\' => {
                    if p + 1 >= self.bytes.len() {
                        return self.err(start, "unterminated template literal");
                    }
                    let (esc, end) = self.read_escape(p + 1, true);
                    match esc {
                        Escape::Cp(cp) => {
                            if let Some(c) = cooked.as_mut() {
                                push_code_point(c, cp);
                            }
                        }
                        Escape::LineContinuation => {}
                        Escape::LegacyOctal(_)
                        | Escape::NonOctalDecimal(_)
                        | Escape::Invalid(_) => {
                            cooked = None;
                        }
                    }
                    p = end;
                }
                b'\r' => {
                    p += 1;
                    if self.byte_at(p) == b'\n' {
                        p += 1;
                    }
                    self.newline_at(p);
                    if let Some(c) = cooked.as_mut() {
                        c.push(0x0A);
                    }
                }
                b'\n' => {
                    p += 1;
                    self.newline_at(p);
                    if let Some(c) = cooked.as_mut() {
                        c.push(0x0A);
                    }
                }
                0..=0x7F => {
                    if let Some(c) = cooked.as_mut() {
                        c.push(u16::from(b));
                    }
                    p += 1;
                }
                _ => {
                    let Some(ch) = self.char_at(p) else {
                        return self.err(p, "invalid character");
                    };
                    if let Some(c) = cooked.as_mut() {
                        match self.lone_at(p) {
                            Some(unit) => c.push(unit),
                            None => push_code_point(c, ch as u32),
                        }
                    }
                    p += ch.len_utf8();
                    if ch == LS || ch == PS {
                        self.newline_at(p);
                    }
                }
            }
        };
        self.pos = p;
        // Raw value: the source text with CR and CRLF normalised to LF.
        let text = self.source_units(content_start, content_end);
        let mut raw = Vec::with_capacity(text.len());
        let mut units = text.into_iter().peekable();
        while let Some(u) = units.next() {
            if u == 0x0D {
                if units.peek() == Some(&0x0A) {
                    units.next();
                }
                raw.push(0x0A);
            } else {
                raw.push(u);
            }
        }
        Ok(TokenKind::Template { cooked, raw, tail })
    }

    /// Re-lexes from the `}` at `brace_start` as a TemplateMiddle or
    /// TemplateTail. The parser calls this on the `}` that closes a template
    /// substitution.
    pub fn rescan_template_continuation(&mut self, brace_start: Pos) -> LexResult<Token<'src>> {
        self.reset_to(brace_start)?;
        let start = self.pos;
        if self.byte_at(start) != b'}' {
            return self.err(start, "expected '}' to continue template literal");
        }
        let nl = self.newline_for(start);
        let start_pos = self.pos_at(start);
        let kind = self.scan_template(start)?;
        Ok(self.finish(kind, start_pos, nl, 0))
    }

    // ----- regular expressions -----------------------------------------------

    fn newline_for(&self, start: usize) -> bool {
        self.last_start == start && self.last_newline
    }

    /// Re-lexes from the `/` or `/=` at `slash_token_start` as a regular
    /// expression literal. The parser calls this where an expression may
    /// start. `newline_before` is carried over when the slash was the most
    /// recently returned token.
    pub fn rescan_regexp(&mut self, slash_token_start: Pos) -> LexResult<Token<'src>> {
        self.reset_to(slash_token_start)?;
        let start = self.pos;
        if self.byte_at(start) != b'/' {
            return self.err(start, "expected '/' to start regular expression");
        }
        let nl = self.newline_for(start);
        let start_pos = self.pos_at(start);
        let mut p = start + 1;
        let mut in_class = false;
        loop {
            let Some(&b) = self.bytes.get(p) else {
                return self.err(start, "unterminated regular expression literal");
            };
            match b {
                b'\n' | b'\r' => return self.err(start, "unterminated regular expression literal"),
                b'\\' => {
                    p += 1;
                    match self.char_at(p) {
                        None | Some('\n' | '\r' | LS | PS) => {
                            return self.err(start, "unterminated regular expression literal");
                        }
                        Some(c) => p += c.len_utf8(),
                    }
                }
                b'[' => {
                    in_class = true;
                    p += 1;
                }
                b']' => {
                    in_class = false;
                    p += 1;
                }
                b'/' if !in_class => break,
                0..=0x7F => p += 1,
                _ => match self.char_at(p) {
                    None | Some(LS | PS) => {
                        return self.err(start, "unterminated regular expression literal");
                    }
                    Some(c) => p += c.len_utf8(),
                },
            }
        }
        let body = self.str_slice(start + 1, p);
        p += 1;
        let flags_start = p;
        loop {
            let b = self.byte_at(p);
            if b < 0x80 {
                if ASCII_ID_CONTINUE[usize::from(b)] {
                    p += 1;
                    continue;
                }
                if b == b'\\' {
                    return self.err(p, "invalid regular expression flags");
                }
                break;
            }
            match self.char_at(p) {
                Some(c) if is_id_continue(c) => p += c.len_utf8(),
                _ => break,
            }
        }
        let flags = self.str_slice(flags_start, p);
        self.pos = p;
        Ok(self.finish(
            TokenKind::RegExp {
                body: Cow::Borrowed(body),
                flags: Cow::Borrowed(flags),
            },
            start_pos,
            nl,
            0,
        ))
    }
}

/// Accumulates the digits of a power-of-two radix literal exactly enough to
/// round correctly: the leading 125+ bits are kept and any further non-zero
/// bits are folded into a sticky bit.
#[derive(Default)]
struct RadixAcc {
    mant: u128,
    /// Number of low bits dropped (the value is `mant * 2^dropped`).
    dropped: u32,
    sticky: bool,
}

impl RadixAcc {
    fn push(&mut self, digit: u32, bits: u32) {
        if self.dropped == 0 && self.mant >> (128 - bits) == 0 {
            self.mant = (self.mant << bits) | u128::from(digit);
        } else {
            self.dropped = self.dropped.saturating_add(bits);
            self.sticky |= digit != 0;
        }
    }

    fn value(&self) -> f64 {
        // `mant` has at least 125 significant bits once anything is dropped,
        // so or-ing the sticky bit into its lowest bit cannot change the
        // rounding except to break a false tie; `u128 as f64` rounds to
        // nearest, ties to even.
        let m = self.mant | u128::from(self.sticky);
        let v = m as f64;
        if self.dropped == 0 {
            v
        } else {
            let e = i32::try_from(self.dropped).unwrap_or(i32::MAX);
            v * 2f64.powi(e.min(2000))
        }
    }
}
