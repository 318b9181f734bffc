//! Pattern parser: ECMAScript 2025 regular expression syntax (spec 22.2.1)
//! with the Annex B.1.2 extensions in non-unicode mode, producing the node
//! tree of [`crate::ir`].
//!
//! The parser recurses only on group and nested-class nesting, bounded by
//! [`MAX_DEPTH`].

use crate::charset::CharSet;
use crate::ir::{AssertKind, Class, Node, Parsed};
use crate::unicode_support as uni;
use crate::{Flags, SyntaxError};

/// Maximum nesting of groups and classes.
pub const MAX_DEPTH: usize = 200;

type PResult<T> = Result<T, SyntaxError>;

fn err<T>(msg: &str) -> PResult<T> {
    Err(SyntaxError::new(msg))
}

const fn ch(c: char) -> u32 {
    c as u32
}

fn is_syntax_char(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|')
    )
}

fn hex_val(c: u32) -> Option<u32> {
    char::from_u32(c).and_then(|c| c.to_digit(16))
}

fn is_lead(c: u32) -> bool {
    (0xD800..=0xDBFF).contains(&c)
}

fn is_trail(c: u32) -> bool {
    (0xDC00..=0xDFFF).contains(&c)
}

/// `\d`
pub fn digit_set() -> CharSet {
    CharSet::from_ranges(vec![(0x30, 0x39)])
}

/// `\s`: WhiteSpace and LineTerminator.
pub fn space_set() -> CharSet {
    CharSet::from_ranges(vec![
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

/// `\w`; `extra` adds the characters whose case folding is a word
/// character (u/v mode with ignore case).
pub fn word_set(extra: bool) -> CharSet {
    let mut v = vec![(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
    if extra {
        v.push((0x17F, 0x17F));
        v.push((0x212A, 0x212A));
    }
    CharSet::from_ranges(v)
}

/// A `v`-mode class operand or result: characters plus strings.
#[derive(Default)]
struct VSet {
    set: CharSet,
    strings: Vec<Vec<u32>>,
    may_strings: bool,
    /// The operand was one character (can start a range).
    single: Option<u32>,
}

/// The (disjunction, alternative) pairs from the root to a group.
type GroupPath = Vec<(u32, u32)>;

enum ClassAtom {
    Char(u32),
    Set(CharSet),
}

struct Parser {
    src: Vec<u32>,
    pos: usize,
    unicode: bool,
    vmode: bool,
    icase: bool,
    multiline: bool,
    dot_all: bool,
    groups: usize,
    total_groups: usize,
    has_named: bool,
    /// From the prescan: (name, group index) in order.
    prescan_names: Vec<(String, usize)>,
    /// (name, [(group index, path)])
    names: Vec<(String, Vec<(usize, GroupPath)>)>,
    path: Vec<(u32, u32)>,
    next_disj: u32,
}

/// Parses `pattern` with `flags`.
pub fn parse(pattern: &[u16], flags: Flags) -> PResult<Parsed> {
    let unicode = flags.either_unicode();
    let src: Vec<u32> = if unicode {
        char::decode_utf16(pattern.iter().copied())
            .map(|r| match r {
                Ok(c) => c as u32,
                Err(e) => e.unpaired_surrogate() as u32,
            })
            .collect()
    } else {
        pattern.iter().map(|&u| u as u32).collect()
    };
    let mut p = Parser {
        src,
        pos: 0,
        unicode,
        vmode: flags.unicode_sets,
        icase: flags.ignore_case,
        multiline: flags.multiline,
        dot_all: flags.dot_all,
        groups: 0,
        total_groups: 0,
        has_named: false,
        prescan_names: Vec::new(),
        names: Vec::new(),
        path: Vec::new(),
        next_disj: 0,
    };
    p.prescan();
    let node = p.parse_disjunction(0)?;
    if p.pos < p.src.len() {
        // Only a stray ')' can stop the top-level disjunction early.
        return err("unmatched ')'");
    }
    let group_names = p
        .names
        .into_iter()
        .map(|(n, v)| (n, v.into_iter().map(|(i, _)| i).collect()))
        .collect();
    Ok(Parsed {
        node,
        capture_count: p.groups + 1,
        group_names,
    })
}

impl Parser {
    fn peek(&self) -> Option<u32> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, off: usize) -> Option<u32> {
        self.src.get(self.pos + off).copied()
    }

    fn is(&self, c: char) -> bool {
        self.peek() == Some(c as u32)
    }

    fn is_at(&self, off: usize, c: char) -> bool {
        self.peek_at(off) == Some(c as u32)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.is(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn next(&mut self) -> Option<u32> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// Counts capturing groups and collects group names ahead of parsing,
    /// which decides the meaning of `\N` and `\k` (forward references).
    fn prescan(&mut self) {
        let mut i = 0;
        let mut class_depth = 0usize;
        while i < self.src.len() {
            let c = self.src[i];
            if c == ch('\\') {
                i += 2;
                continue;
            }
            if class_depth > 0 {
                if c == ch(']') {
                    class_depth -= 1;
                } else if c == ch('[') && self.vmode {
                    class_depth += 1;
                }
                i += 1;
                continue;
            }
            if c == ch('[') {
                class_depth = 1;
            } else if c == ch('(') {
                if self.src.get(i + 1) == Some(&ch('?')) {
                    if self.src.get(i + 2) == Some(&ch('<'))
                        && !matches!(self.src.get(i + 3), Some(&0x3D) | Some(&0x21))
                    {
                        self.total_groups += 1;
                        self.has_named = true;
                        let save = self.pos;
                        self.pos = i + 3;
                        if let Ok(name) = self.parse_group_name() {
                            self.prescan_names.push((name, self.total_groups));
                        }
                        self.pos = save;
                    }
                } else {
                    self.total_groups += 1;
                }
            }
            i += 1;
        }
    }

    fn parse_disjunction(&mut self, depth: usize) -> PResult<Node> {
        if depth > MAX_DEPTH {
            return err("regular expression nested too deeply");
        }
        let disj = self.next_disj;
        self.next_disj += 1;
        let mut alts = Vec::new();
        let mut idx = 0u32;
        loop {
            self.path.push((disj, idx));
            let a = self.parse_alternative(depth);
            self.path.pop();
            alts.push(a?);
            if self.eat('|') {
                idx += 1;
            } else {
                break;
            }
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn parse_alternative(&mut self, depth: usize) -> PResult<Node> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == ch('|') || c == ch(')') {
                break;
            }
            self.parse_term(depth, &mut terms)?;
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Seq(terms),
        })
    }

    /// Tries to read `{n}`, `{n,}` or `{n,m}` at the current position.
    fn try_braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.pos;
        if !self.eat('{') {
            return None;
        }
        let read_num = |p: &mut Parser| -> Option<u32> {
            let mut v: Option<u32> = None;
            while let Some(d) = p.peek().and_then(|c| char::from_u32(c)?.to_digit(10)) {
                p.pos += 1;
                v = Some(v.unwrap_or(0).saturating_mul(10).saturating_add(d));
            }
            v
        };
        let Some(min) = read_num(self) else {
            self.pos = start;
            return None;
        };
        let max = if self.eat(',') {
            read_num(self)
        } else {
            Some(min)
        };
        if !self.eat('}') {
            self.pos = start;
            return None;
        }
        Some((min, max))
    }

    fn at_quantifier(&mut self) -> bool {
        match self.peek() {
            Some(c) if c == ch('*') || c == ch('+') || c == ch('?') => true,
            Some(c) if c == ch('{') => {
                let save = self.pos;
                let r = self.try_braces().is_some();
                self.pos = save;
                r
            }
            _ => false,
        }
    }

    fn parse_term(&mut self, depth: usize, out: &mut Vec<Node>) -> PResult<()> {
        let Some(c) = self.peek() else {
            return Ok(());
        };
        let groups_before = self.groups;
        let atom: Node;
        let mut quantifiable = true;
        match char::from_u32(c).unwrap_or('\0') {
            '^' | '$' => {
                self.pos += 1;
                let multiline = self.multiline;
                atom = Node::Assert(if c == ch('^') {
                    AssertKind::Start { multiline }
                } else {
                    AssertKind::End { multiline }
                });
                quantifiable = false;
            }
            '\\' if self.is_at(1, 'b') || self.is_at(1, 'B') => {
                let extra = self.unicode && self.icase;
                atom = Node::Assert(if self.is_at(1, 'b') {
                    AssertKind::WordBoundary { extra }
                } else {
                    AssertKind::NotWordBoundary { extra }
                });
                self.pos += 2;
                quantifiable = false;
            }
            '(' => {
                let (node, q) = self.parse_group(depth)?;
                atom = node;
                quantifiable = q;
            }
            '*' | '+' | '?' => return err("nothing to repeat"),
            '{' => {
                if self.at_quantifier() {
                    return err("nothing to repeat");
                }
                if self.unicode {
                    return err("lone quantifier brackets");
                }
                self.pos += 1;
                atom = self.char_node(c);
            }
            '}' | ']' => {
                if self.unicode {
                    return err("lone quantifier brackets");
                }
                self.pos += 1;
                atom = self.char_node(c);
            }
            '.' => {
                self.pos += 1;
                atom = Node::Dot {
                    dot_all: self.dot_all,
                };
            }
            '[' => {
                self.pos += 1;
                atom = if self.vmode {
                    let v = self.parse_class_v(depth + 1)?;
                    self.vset_node(v)
                } else {
                    self.parse_class()?
                };
            }
            '\\' => {
                self.pos += 1;
                atom = self.parse_atom_escape()?;
            }
            _ => {
                self.pos += 1;
                atom = self.char_node(c);
            }
        }
        // Quantifier.
        let (min, max) = match self.peek().and_then(char::from_u32) {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => match self.try_braces() {
                Some(q) => q,
                None => {
                    if self.unicode {
                        return err("incomplete quantifier");
                    }
                    out.push(atom);
                    return Ok(());
                }
            },
            _ => {
                out.push(atom);
                return Ok(());
            }
        };
        if !quantifiable {
            return err("nothing to repeat");
        }
        if let Some(m) = max
            && m < min
        {
            return err("numbers out of order in {} quantifier");
        }
        let greedy = !self.eat('?');
        out.push(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
            first_capture: groups_before + 1,
            capture_count: self.groups - groups_before,
        });
        Ok(())
    }

    fn char_node(&self, c: u32) -> Node {
        Node::Char {
            c,
            ignore_case: self.icase,
        }
    }

    fn class_node(&self, set: CharSet, negate: bool) -> Node {
        Node::Class(Class {
            set,
            negate,
            ignore_case: self.icase,
        })
    }

    /// Parses a group starting at `(`; returns the node and whether it can
    /// be quantified.
    fn parse_group(&mut self, depth: usize) -> PResult<(Node, bool)> {
        self.pos += 1; // (
        if !self.eat('?') {
            self.groups += 1;
            let index = self.groups;
            let body = self.parse_disjunction(depth + 1)?;
            if !self.eat(')') {
                return err("unterminated group");
            }
            return Ok((
                Node::Capture {
                    index,
                    body: Box::new(body),
                },
                true,
            ));
        }
        let look = |p: &mut Parser, ahead: bool, negate: bool| -> PResult<(Node, bool)> {
            let body = p.parse_disjunction(depth + 1)?;
            if !p.eat(')') {
                return err("unterminated group");
            }
            Ok((
                Node::Look {
                    ahead,
                    negate,
                    body: Box::new(body),
                },
                ahead && !p.unicode,
            ))
        };
        match self.peek().and_then(char::from_u32) {
            Some('=') => {
                self.pos += 1;
                look(self, true, false)
            }
            Some('!') => {
                self.pos += 1;
                look(self, true, true)
            }
            Some(':') => {
                self.pos += 1;
                let body = self.parse_disjunction(depth + 1)?;
                if !self.eat(')') {
                    return err("unterminated group");
                }
                Ok((body_group(body), true))
            }
            Some('<') if self.is_at(1, '=') => {
                self.pos += 2;
                look(self, false, false)
            }
            Some('<') if self.is_at(1, '!') => {
                self.pos += 2;
                look(self, false, true)
            }
            Some('<') => {
                self.pos += 1;
                let name = self.parse_group_name()?;
                self.groups += 1;
                let index = self.groups;
                self.add_name(name, index)?;
                let body = self.parse_disjunction(depth + 1)?;
                if !self.eat(')') {
                    return err("unterminated group");
                }
                Ok((
                    Node::Capture {
                        index,
                        body: Box::new(body),
                    },
                    true,
                ))
            }
            Some('i' | 'm' | 's' | '-') => self.parse_modifiers(depth),
            _ => err("invalid group"),
        }
    }

    fn parse_modifiers(&mut self, depth: usize) -> PResult<(Node, bool)> {
        let mut add = [false; 3];
        let mut remove = [false; 3];
        let mut removing = false;
        let mut any_remove_part = false;
        loop {
            let Some(c) = self.next() else {
                return err("invalid group");
            };
            let idx = match char::from_u32(c) {
                Some('i') => 0,
                Some('m') => 1,
                Some('s') => 2,
                Some('-') if !removing => {
                    removing = true;
                    any_remove_part = true;
                    continue;
                }
                Some(':') => break,
                _ => return err("invalid group modifiers"),
            };
            if add[idx] || remove[idx] {
                return err("repeated flag in group modifiers");
            }
            if removing {
                remove[idx] = true;
            } else {
                add[idx] = true;
            }
        }
        if any_remove_part && !add.iter().any(|&b| b) && !remove.iter().any(|&b| b) {
            return err("invalid group modifiers");
        }
        let saved = (self.icase, self.multiline, self.dot_all);
        let apply = |cur: bool, i: usize| {
            if add[i] {
                true
            } else if remove[i] {
                false
            } else {
                cur
            }
        };
        self.icase = apply(self.icase, 0);
        self.multiline = apply(self.multiline, 1);
        self.dot_all = apply(self.dot_all, 2);
        let body = self.parse_disjunction(depth + 1);
        (self.icase, self.multiline, self.dot_all) = saved;
        let body = body?;
        if !self.eat(')') {
            return err("unterminated group");
        }
        Ok((body_group(body), true))
    }

    fn add_name(&mut self, name: String, index: usize) -> PResult<()> {
        let path = self.path.clone();
        if let Some((_, entries)) = self.names.iter_mut().find(|(n, _)| *n == name) {
            for (_, other) in entries.iter() {
                if !different_alternatives(other, &path) {
                    return err("duplicate capture group name");
                }
            }
            entries.push((index, path));
        } else {
            self.names.push((name, vec![(index, path)]));
        }
        Ok(())
    }

    /// Parses `name>` after `<`.
    fn parse_group_name(&mut self) -> PResult<String> {
        let mut name = String::new();
        loop {
            let Some(mut c) = self.next() else {
                return err("invalid capture group name");
            };
            if c == ch('>') {
                break;
            }
            if c == ch('\\') {
                if !self.eat('u') {
                    return err("invalid capture group name");
                }
                c = match self.parse_unicode_escape_body(true) {
                    Some(v) => v,
                    None => return err("invalid capture group name"),
                };
            } else if is_lead(c)
                && let Some(t) = self.peek().filter(|&t| is_trail(t))
            {
                self.pos += 1;
                c = 0x10000 + ((c - 0xD800) << 10) + (t - 0xDC00);
            }
            let ok = if name.is_empty() {
                uni::is_id_start(c)
            } else {
                uni::is_id_continue(c)
            };
            let Some(chr) = char::from_u32(c).filter(|_| ok) else {
                return err("invalid capture group name");
            };
            name.push(chr);
        }
        if name.is_empty() {
            return err("invalid capture group name");
        }
        Ok(name)
    }

    /// After `\u`: `{X...}` (when `unicode_style`) or `XXXX`, joining an
    /// escaped surrogate pair when `unicode_style`. Restores the position
    /// and returns `None` when malformed.
    fn parse_unicode_escape_body(&mut self, unicode_style: bool) -> Option<u32> {
        let start = self.pos;
        if unicode_style && self.eat('{') {
            let mut v: u32 = 0;
            let mut n = 0;
            while let Some(d) = self.peek().and_then(hex_val) {
                self.pos += 1;
                v = v.saturating_mul(16).saturating_add(d);
                n += 1;
            }
            if n == 0 || v > 0x10_FFFF || !self.eat('}') {
                self.pos = start;
                return None;
            }
            return Some(v);
        }
        let v = self.read_hex4()?;
        if unicode_style && is_lead(v) && self.is('\\') && self.is_at(1, 'u') {
            let save = self.pos;
            self.pos += 2;
            match self.read_hex4() {
                Some(t) if is_trail(t) => {
                    return Some(0x10000 + ((v - 0xD800) << 10) + (t - 0xDC00));
                }
                _ => self.pos = save,
            }
        }
        Some(v)
    }

    fn read_hex4(&mut self) -> Option<u32> {
        let mut v = 0;
        for i in 0..4 {
            v = v * 16 + self.peek_at(i).and_then(hex_val)?;
        }
        self.pos += 4;
        Some(v)
    }

    /// A legacy octal escape whose first digit is at `pos`.
    fn parse_legacy_octal(&mut self) -> u32 {
        let oct = |c: Option<u32>| {
            c.filter(|&c| (ch('0')..=ch('7')).contains(&c))
                .map(|c| c - 0x30)
        };
        let Some(d0) = oct(self.peek()) else {
            return 0;
        };
        self.pos += 1;
        let mut v = d0;
        if let Some(d1) = oct(self.peek()) {
            self.pos += 1;
            v = v * 8 + d1;
            if d0 <= 3
                && let Some(d2) = oct(self.peek())
            {
                self.pos += 1;
                v = v * 8 + d2;
            }
        }
        v
    }

    /// An escape outside a class; `pos` is after the backslash.
    fn parse_atom_escape(&mut self) -> PResult<Node> {
        let Some(c) = self.peek() else {
            return err("\\ at end of pattern");
        };
        match char::from_u32(c).unwrap_or('\0') {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.pos += 1;
                let (set, neg) = self.class_escape_set(c);
                Ok(self.class_node(set, neg))
            }
            'p' | 'P' if self.unicode => {
                self.pos += 1;
                let v = if self.vmode {
                    self.v_property(c == ch('P'))?
                } else {
                    self.parse_property(c == ch('P'))?
                };
                Ok(self.vset_node(v))
            }
            'k' if self.unicode || self.has_named => {
                self.pos += 1;
                if !self.eat('<') {
                    return err("invalid named reference");
                }
                let name = self.parse_group_name()?;
                let groups: Vec<usize> = self
                    .prescan_names
                    .iter()
                    .filter(|(n, _)| *n == name)
                    .map(|&(_, i)| i)
                    .collect();
                if groups.is_empty() {
                    return err("invalid named capture referenced");
                }
                Ok(Node::BackRef {
                    groups,
                    ignore_case: self.icase,
                })
            }
            '1'..='9' => {
                let start = self.pos;
                let mut n: usize = 0;
                while let Some(d) = self.peek().and_then(|c| char::from_u32(c)?.to_digit(10)) {
                    self.pos += 1;
                    n = n.saturating_mul(10).saturating_add(d as usize);
                }
                if n <= self.total_groups {
                    return Ok(Node::BackRef {
                        groups: vec![n],
                        ignore_case: self.icase,
                    });
                }
                if self.unicode {
                    return err("invalid escape");
                }
                self.pos = start;
                if c >= ch('8') {
                    self.pos += 1;
                    return Ok(self.char_node(c));
                }
                let v = self.parse_legacy_octal();
                Ok(self.char_node(v))
            }
            '0' => {
                self.pos += 1;
                if self
                    .peek()
                    .is_some_and(|d| (ch('0')..=ch('9')).contains(&d))
                {
                    if self.unicode {
                        return err("invalid decimal escape");
                    }
                    self.pos -= 1;
                    let v = self.parse_legacy_octal();
                    return Ok(self.char_node(v));
                }
                Ok(self.char_node(0))
            }
            _ => {
                let v = self.parse_char_escape(false)?;
                Ok(self.char_node(v))
            }
        }
    }

    fn class_escape_set(&self, c: u32) -> (CharSet, bool) {
        let lower = char::from_u32(c).unwrap_or('\0').to_ascii_lowercase();
        let set = match lower {
            'd' => digit_set(),
            's' => space_set(),
            _ => word_set(self.unicode && self.icase),
        };
        (set, c != lower as u32)
    }

    /// A CharacterEscape (or identity escape) whose first character is at
    /// `pos` (after the backslash). Returns the character value.
    fn parse_char_escape(&mut self, in_class: bool) -> PResult<u32> {
        let Some(c) = self.next() else {
            return err("\\ at end of pattern");
        };
        let v = match char::from_u32(c).unwrap_or('\0') {
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => {
                if let Some(l) = self.peek().filter(|&l| {
                    char::from_u32(l).is_some_and(|l| l.is_ascii_alphabetic())
                        || (in_class
                            && !self.unicode
                            && (l == ch('_') || (ch('0')..=ch('9')).contains(&l)))
                }) {
                    self.pos += 1;
                    l % 32
                } else if self.unicode {
                    return err("invalid unicode escape");
                } else {
                    // `\c` stands for a backslash; the `c` is read next.
                    self.pos -= 1;
                    ch('\\')
                }
            }
            'x' => {
                match (
                    self.peek().and_then(hex_val),
                    self.peek_at(1).and_then(hex_val),
                ) {
                    (Some(a), Some(b)) => {
                        self.pos += 2;
                        a * 16 + b
                    }
                    _ => {
                        if self.unicode {
                            return err("invalid escape");
                        }
                        ch('x')
                    }
                }
            }
            'u' => match self.parse_unicode_escape_body(self.unicode) {
                Some(v) => v,
                None => {
                    if self.unicode {
                        return err("invalid unicode escape");
                    }
                    ch('u')
                }
            },
            _ => {
                if self.unicode {
                    let ok = is_syntax_char(c)
                        || c == ch('/')
                        || (in_class && c == ch('-'))
                        || (in_class && self.vmode && is_reserved_punct(c));
                    if !ok {
                        return err("invalid escape");
                    }
                } else if c == ch('k') && self.has_named {
                    return err("invalid escape");
                }
                c
            }
        };
        Ok(v)
    }

    /// `\p{...}` after the `p`/`P`.
    fn parse_property(&mut self, negate: bool) -> PResult<VSet> {
        if !self.eat('{') {
            return err("invalid property name");
        }
        let mut name = String::new();
        let mut value: Option<String> = None;
        loop {
            let Some(c) = self.next() else {
                return err("invalid property name");
            };
            if c == ch('}') {
                break;
            }
            let Some(chr) = char::from_u32(c).filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            else {
                if c == ch('=') && value.is_none() {
                    value = Some(String::new());
                    continue;
                }
                return err("invalid property name");
            };
            match value.as_mut() {
                Some(v) => v.push(chr),
                None => name.push(chr),
            }
        }
        if name.is_empty() || value.as_ref().is_some_and(|v| v.is_empty()) {
            return err("invalid property name");
        }
        if let Some(ranges) = uni::property_ranges(&name, value.as_deref()) {
            let mut set = CharSet::from_ranges(ranges);
            if negate {
                set = set.complement();
            }
            return Ok(VSet {
                set,
                ..VSet::default()
            });
        }
        if self.vmode
            && value.is_none()
            && !negate
            && let Some(strings) = uni::string_property(&name)
        {
            let mut v = VSet {
                may_strings: true,
                ..VSet::default()
            };
            for s in strings {
                if s.len() == 1 {
                    v.set.add(s[0]);
                } else {
                    v.strings.push(s);
                }
            }
            return Ok(v);
        }
        err("invalid property name")
    }

    /// A non-`v` character class after `[`.
    fn parse_class(&mut self) -> PResult<Node> {
        let negate = self.eat('^');
        let mut set = CharSet::new();
        loop {
            let Some(c) = self.peek() else {
                return err("unterminated character class");
            };
            if c == ch(']') {
                self.pos += 1;
                break;
            }
            let a = self.parse_class_atom()?;
            if self.is('-') && self.peek_at(1).is_some() && !self.is_at(1, ']') {
                self.pos += 1;
                let b = self.parse_class_atom()?;
                match (a, b) {
                    (ClassAtom::Char(x), ClassAtom::Char(y)) => {
                        if x > y {
                            return err("range out of order in character class");
                        }
                        set.add_range(x, y);
                    }
                    (a, b) => {
                        if self.unicode {
                            return err("invalid character class");
                        }
                        for atom in [a, b] {
                            match atom {
                                ClassAtom::Char(x) => set.add(x),
                                ClassAtom::Set(s) => set.union_with(&s),
                            }
                        }
                        set.add(ch('-'));
                    }
                }
            } else {
                match a {
                    ClassAtom::Char(x) => set.add(x),
                    ClassAtom::Set(s) => set.union_with(&s),
                }
            }
        }
        Ok(self.class_node(set, negate))
    }

    fn parse_class_atom(&mut self) -> PResult<ClassAtom> {
        let Some(c) = self.next() else {
            return err("unterminated character class");
        };
        if c != ch('\\') {
            return Ok(ClassAtom::Char(c));
        }
        let Some(e) = self.peek() else {
            return err("\\ at end of pattern");
        };
        match char::from_u32(e).unwrap_or('\0') {
            'b' => {
                self.pos += 1;
                Ok(ClassAtom::Char(8))
            }
            '-' if self.unicode => {
                self.pos += 1;
                Ok(ClassAtom::Char(e))
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.pos += 1;
                let (set, neg) = self.class_escape_set(e);
                Ok(ClassAtom::Set(if neg { set.complement() } else { set }))
            }
            'p' | 'P' if self.unicode => {
                self.pos += 1;
                let v = self.parse_property(e == ch('P'))?;
                Ok(ClassAtom::Set(v.set))
            }
            '0'..='9' => {
                if self.unicode {
                    if e == ch('0')
                        && !self
                            .peek_at(1)
                            .is_some_and(|d| (ch('0')..=ch('9')).contains(&d))
                    {
                        self.pos += 1;
                        return Ok(ClassAtom::Char(0));
                    }
                    return err("invalid class escape");
                }
                if e >= ch('8') {
                    self.pos += 1;
                    return Ok(ClassAtom::Char(e));
                }
                Ok(ClassAtom::Char(self.parse_legacy_octal()))
            }
            _ => Ok(ClassAtom::Char(self.parse_char_escape(true)?)),
        }
    }

    /// Builds the node for a `v`-mode class result: strings (longest
    /// first), then single characters, then the empty string.
    fn vset_node(&self, v: VSet) -> Node {
        let class = Node::Class(Class {
            set: v.set,
            negate: false,
            ignore_case: self.icase,
        });
        if v.strings.is_empty() {
            return class;
        }
        let mut strings = v.strings;
        strings.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        strings.dedup();
        let mut alts = Vec::new();
        let mut has_empty = false;
        for s in strings {
            if s.is_empty() {
                has_empty = true;
                continue;
            }
            alts.push(Node::Seq(
                s.into_iter().map(|c| self.char_node(c)).collect(),
            ));
        }
        alts.push(class);
        if has_empty {
            alts.push(Node::Empty);
        }
        Node::Alt(alts)
    }

    /// `\p{...}` / `\P{...}` in `v` mode (after the `p`/`P`), case folded.
    fn v_property(&mut self, negate: bool) -> PResult<VSet> {
        let mut p = self.parse_property(false)?;
        self.fold_vset(&mut p);
        if negate {
            if p.may_strings {
                return err("invalid property name");
            }
            p.set = self.v_complement(&p.set);
        }
        Ok(p)
    }

    /// CharacterComplement in `v` mode: with ignore case, only characters
    /// that are their own simple case folding are candidates.
    fn v_complement(&self, set: &CharSet) -> CharSet {
        let c = set.complement();
        if self.icase {
            c.subtract(non_canonical_folds())
        } else {
            c
        }
    }

    fn fold_vset(&self, v: &mut VSet) {
        if !self.icase {
            return;
        }
        v.set = fold_set(&v.set);
        for s in &mut v.strings {
            for c in s.iter_mut() {
                *c = uni::simple_fold(*c);
            }
        }
    }

    /// A `v`-mode class after `[`.
    fn parse_class_v(&mut self, depth: usize) -> PResult<VSet> {
        if depth > MAX_DEPTH {
            return err("regular expression nested too deeply");
        }
        let negate = self.eat('^');
        let mut acc;
        if self.eat(']') {
            acc = VSet::default();
        } else {
            let first = self.parse_v_operand(depth)?;
            if self.is('&') && self.is_at(1, '&') {
                acc = first;
                while self.is('&') && self.is_at(1, '&') {
                    self.pos += 2;
                    if self.is('&') {
                        return err("invalid set operation in character class");
                    }
                    let op = self.parse_v_operand(depth)?;
                    acc.set = acc.set.intersect(&op.set);
                    acc.strings.retain(|s| op.strings.contains(s));
                    acc.may_strings = acc.may_strings && op.may_strings;
                }
                if !self.eat(']') {
                    return err("invalid set operation in character class");
                }
            } else if self.is('-') && self.is_at(1, '-') {
                acc = first;
                while self.is('-') && self.is_at(1, '-') {
                    self.pos += 2;
                    let op = self.parse_v_operand(depth)?;
                    acc.set = acc.set.subtract(&op.set);
                    acc.strings.retain(|s| !op.strings.contains(s));
                }
                if !self.eat(']') {
                    return err("invalid set operation in character class");
                }
            } else {
                acc = VSet::default();
                let mut op = first;
                loop {
                    // A range?
                    if let Some(a) = op.single
                        && self.is('-')
                        && !self.is_at(1, '-')
                    {
                        self.pos += 1;
                        let b = self.parse_v_operand(depth)?;
                        let Some(b) = b.single else {
                            return err("invalid character class range");
                        };
                        if a > b {
                            return err("range out of order in character class");
                        }
                        let mut r = VSet {
                            set: CharSet::from_ranges(vec![(a, b)]),
                            ..VSet::default()
                        };
                        self.fold_vset(&mut r);
                        op = r;
                    }
                    acc.set.union_with(&op.set);
                    acc.may_strings |= op.may_strings;
                    for s in op.strings {
                        if !acc.strings.contains(&s) {
                            acc.strings.push(s);
                        }
                    }
                    if self.eat(']') {
                        break;
                    }
                    if self.peek().is_none() {
                        return err("unterminated character class");
                    }
                    if (self.is('&') && self.is_at(1, '&')) || (self.is('-') && self.is_at(1, '-'))
                    {
                        return err("invalid set operation in character class");
                    }
                    op = self.parse_v_operand(depth)?;
                }
            }
        }
        acc.single = None;
        if negate {
            if acc.may_strings {
                return err("negated character class may contain strings");
            }
            acc.set = self.v_complement(&acc.set);
            acc.strings.clear();
        }
        Ok(acc)
    }

    fn parse_v_operand(&mut self, depth: usize) -> PResult<VSet> {
        let Some(c) = self.peek() else {
            return err("unterminated character class");
        };
        let mut v;
        if c == ch('[') {
            self.pos += 1;
            v = self.parse_class_v(depth + 1)?;
            return Ok(v);
        } else if c == ch('\\') {
            self.pos += 1;
            let Some(e) = self.peek() else {
                return err("\\ at end of pattern");
            };
            match char::from_u32(e).unwrap_or('\0') {
                'q' if self.is_at(1, '{') => {
                    self.pos += 2;
                    v = self.parse_class_strings()?;
                }
                'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                    self.pos += 1;
                    let (set, neg) = self.class_escape_set(e);
                    let set = if self.icase { fold_set(&set) } else { set };
                    return Ok(VSet {
                        set: if neg { self.v_complement(&set) } else { set },
                        ..VSet::default()
                    });
                }
                'p' | 'P' => {
                    self.pos += 1;
                    return self.v_property(e == ch('P'));
                }
                _ => {
                    let c = self.parse_v_char_escape()?;
                    v = VSet {
                        set: CharSet::single(c),
                        single: Some(c),
                        ..VSet::default()
                    };
                }
            }
        } else {
            self.pos += 1;
            if is_class_set_syntax(c) {
                return err("invalid character in character class");
            }
            if is_double_punct(c) && self.peek() == Some(c) {
                return err("invalid set operation in character class");
            }
            v = VSet {
                set: CharSet::single(c),
                single: Some(c),
                ..VSet::default()
            };
        }
        let single = v.single;
        self.fold_vset(&mut v);
        v.single = single;
        Ok(v)
    }

    /// An escape in a `v` class that denotes one character (after `\`).
    fn parse_v_char_escape(&mut self) -> PResult<u32> {
        let Some(e) = self.peek() else {
            return err("\\ at end of pattern");
        };
        if e == ch('b') {
            self.pos += 1;
            return Ok(8);
        }
        if e == ch('0') {
            self.pos += 1;
            if self
                .peek()
                .is_some_and(|d| (ch('0')..=ch('9')).contains(&d))
            {
                return err("invalid class escape");
            }
            return Ok(0);
        }
        if (ch('1')..=ch('9')).contains(&e) {
            return err("invalid class escape");
        }
        self.parse_char_escape(true)
    }

    /// `\q{...}` after the `{`.
    fn parse_class_strings(&mut self) -> PResult<VSet> {
        let mut v = VSet::default();
        let mut cur: Vec<u32> = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return err("unterminated class string disjunction");
            };
            if c == ch('}') || c == ch('|') {
                self.pos += 1;
                let s = std::mem::take(&mut cur);
                if s.len() == 1 {
                    v.set.add(s[0]);
                } else {
                    v.may_strings = true;
                    if !v.strings.contains(&s) {
                        v.strings.push(s);
                    }
                }
                if c == ch('}') {
                    break;
                }
                continue;
            }
            if c == ch('\\') {
                self.pos += 1;
                cur.push(self.parse_v_char_escape()?);
                continue;
            }
            self.pos += 1;
            if is_class_set_syntax(c) {
                return err("invalid character in character class");
            }
            if is_double_punct(c) && self.peek() == Some(c) {
                return err("invalid set operation in character class");
            }
            cur.push(c);
        }
        Ok(v)
    }
}

/// Wraps a non-capturing group body (nothing to record).
fn body_group(body: Node) -> Node {
    body
}

/// Two group paths are in different alternatives of some disjunction.
fn different_alternatives(a: &[(u32, u32)], b: &[(u32, u32)]) -> bool {
    for (x, y) in a.iter().zip(b.iter()) {
        if x.0 != y.0 {
            return false;
        }
        if x.1 != y.1 {
            return true;
        }
    }
    false
}

fn is_class_set_syntax(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('(' | ')' | '[' | ']' | '{' | '}' | '/' | '-' | '\\' | '|')
    )
}

fn is_reserved_punct(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some('&' | '-' | '!' | '#' | '%' | ',' | ':' | ';' | '<' | '=' | '>' | '@' | '`' | '~')
    )
}

fn is_double_punct(c: u32) -> bool {
    matches!(
        char::from_u32(c),
        Some(
            '&' | '!'
                | '#'
                | '$'
                | '%'
                | '*'
                | '+'
                | ','
                | '.'
                | ':'
                | ';'
                | '<'
                | '='
                | '>'
                | '?'
                | '@'
                | '^'
                | '`'
                | '~'
        )
    )
}

/// The image of a set under simple case folding.
pub fn fold_set(set: &CharSet) -> CharSet {
    canonical_image(set, true)
}

/// `{ Canonicalize(c) | c in set }`.
pub fn canonical_image(set: &CharSet, unicode: bool) -> CharSet {
    let table = uni::case_table(unicode);
    let mut out = set.clone();
    let mut extra = Vec::new();
    let mut changed_in_set = Vec::new();
    for &(from, to) in table.changed() {
        if set.contains(from) {
            extra.push((to, to));
            changed_in_set.push((from, from));
        }
    }
    out = out.subtract(&CharSet::from_ranges(changed_in_set));
    // Points that canonicalise to themselves stay; mapped ones are replaced.
    let mut r = out.ranges().to_vec();
    r.extend(extra);
    CharSet::from_ranges(r)
}

/// The code points whose simple case folding differs from themselves.
fn non_canonical_folds() -> &'static CharSet {
    static SET: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        CharSet::from_ranges(
            uni::fold_table()
                .changed()
                .iter()
                .map(|&(a, _)| (a, a))
                .collect(),
        )
    })
}
