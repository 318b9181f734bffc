//! Lowers the node tree to the regexp bytecode run by [`crate::matcher`].
//!
//! The compiler recurses on the node tree, whose depth the parser bounds.

use crate::charset::CharSet;
use crate::ir::{AssertKind, Class, Node, Parsed};
use crate::parser::canonical_image;
use crate::unicode_support as uni;
use crate::{Flags, SyntaxError};

/// Marks an unbounded quantifier maximum.
pub const INFINITE: u32 = u32::MAX;

/// Maximum number of instructions of one program.
const MAX_INSTS: usize = 1 << 22;

/// One instruction. Character-consuming instructions carry `back` when
/// they run inside a lookbehind (matching right to left).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inst {
    /// One character equal to `c`.
    Char { c: u32, back: bool },
    /// One character whose canonical form is `c`.
    CharI { c: u32, back: bool },
    /// A forward run of code units `literals[start..start + len]`.
    Str { start: u32, len: u32 },
    /// `.`
    Dot { all: bool, back: bool },
    /// One character of `sets[set]`.
    Set { set: u32, back: bool },
    /// A loop over one-character matcher `singles[single]`. `hint` is the
    /// code unit that must follow a forward loop, or `u32::MAX`.
    Loop1 {
        single: u32,
        min: u32,
        max: u32,
        greedy: bool,
        hint: u32,
        back: bool,
    },
    /// Continue with the next instruction; on failure resume at `alt`.
    Split { alt: u32 },
    /// Continue at `alt`; on failure resume at the next instruction.
    SplitAlt { alt: u32 },
    /// Continue at `to`.
    Jump { to: u32 },
    /// Record the position in capture slot `slot`.
    Save { slot: u32 },
    /// Clear capture slots `from..to`.
    ResetCaps { from: u32, to: u32 },
    /// A zero-width assertion.
    Assert(AssertKind),
    /// Match the text of the group(s) `backrefs[idx]`.
    BackRef { idx: u32, icase: bool, back: bool },
    /// Start a counted loop: `regs[reg] = 0`.
    LoopInit { reg: u32 },
    /// Decide whether to run another iteration of a counted loop; `regs[reg]`
    /// counts iterations and `regs[reg + 1]` keeps the iteration start.
    LoopHead {
        reg: u32,
        min: u32,
        max: u32,
        greedy: bool,
        exit: u32,
    },
    /// End of an iteration: fail if it matched empty once the minimum is
    /// reached, otherwise count it and go back to `head`.
    LoopTail { reg: u32, min: u32, head: u32 },
    /// Enter a lookaround; `regs[reg]` / `regs[reg + 1]` save the position
    /// and the backtracking stack height. `end` follows the lookaround.
    LookStart { reg: u32, negate: bool, end: u32 },
    /// Leave a lookaround body that matched.
    LookEnd { reg: u32, negate: bool },
    /// The whole pattern matched.
    Match,
}

/// A one-character matcher used by [`Inst::Loop1`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Single {
    Char(u32),
    CharI(u32),
    Dot { all: bool },
    Set(u32),
}

/// A compiled character set.
#[derive(Clone, Debug)]
pub struct SetMatcher {
    /// The final answer for characters below 256.
    pub latin1: [u64; 4],
    /// Members (canonicalised when `icase`), consulted from 256 up.
    pub ranges: Vec<(u32, u32)>,
    pub negate: bool,
    pub icase: bool,
    pub unicode: bool,
}

impl SetMatcher {
    fn new(class: &Class, unicode: bool) -> SetMatcher {
        let set = if class.ignore_case {
            canonical_image(&class.set, unicode)
        } else {
            class.set.clone()
        };
        let mut m = SetMatcher {
            latin1: [0; 4],
            ranges: set.ranges().to_vec(),
            negate: class.negate,
            icase: class.ignore_case,
            unicode,
        };
        for c in 0..256u32 {
            let k = if m.icase {
                uni::canonicalize(c, unicode)
            } else {
                c
            };
            if set.contains(k) != m.negate {
                m.latin1[(c >> 6) as usize] |= 1 << (c & 63);
            }
        }
        m
    }

    /// Whether character `c` matches.
    #[inline]
    pub fn matches(&self, c: u32) -> bool {
        if c < 256 {
            return self.latin1[(c >> 6) as usize] & (1 << (c & 63)) != 0;
        }
        let k = if self.icase {
            uni::canonicalize(c, self.unicode)
        } else {
            c
        };
        let i = self.ranges.partition_point(|&(_, b)| b < k);
        let hit = i < self.ranges.len() && self.ranges[i].0 <= k;
        hit != self.negate
    }
}

/// A set of code units that can start a match.
#[derive(Clone, Debug)]
pub enum Prefilter {
    /// No restriction known.
    None,
    /// The first code unit must be this one.
    Unit(u32),
    /// The first code unit must be in this set.
    Set(Box<SetMatcher>),
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Program {
    pub insts: Vec<Inst>,
    pub sets: Vec<SetMatcher>,
    pub singles: Vec<Single>,
    pub literals: Vec<u32>,
    pub backrefs: Vec<Vec<u32>>,
    pub n_regs: usize,
    pub n_slots: usize,
    pub unicode: bool,
    pub sticky: bool,
    /// Every alternative starts with a non-multiline `^`.
    pub anchored: bool,
    pub prefilter: Prefilter,
}

struct Compiler {
    prog: Program,
}

/// Compiles a parsed pattern.
pub fn compile(parsed: &Parsed, flags: Flags) -> Result<Program, SyntaxError> {
    let unicode = flags.either_unicode();
    let mut c = Compiler {
        prog: Program {
            insts: Vec::new(),
            sets: Vec::new(),
            singles: Vec::new(),
            literals: Vec::new(),
            backrefs: Vec::new(),
            n_regs: 0,
            n_slots: parsed.capture_count * 2,
            unicode,
            sticky: flags.sticky,
            anchored: anchored(&parsed.node),
            prefilter: Prefilter::None,
        },
    };
    c.node(&parsed.node, false)?;
    c.emit(Inst::Match)?;
    c.fill_hints();
    c.prog.prefilter = prefilter(&parsed.node, unicode);
    Ok(c.prog)
}

fn anchored(node: &Node) -> bool {
    match node {
        Node::Assert(AssertKind::Start { multiline: false }) => true,
        Node::Seq(v) => v.first().is_some_and(anchored),
        Node::Alt(v) => v.iter().all(anchored),
        Node::Capture { body, .. } => anchored(body),
        _ => false,
    }
}

/// Code points that can begin a match: (set, can the node match empty).
/// `None` when unknown.
fn first_chars(node: &Node, unicode: bool) -> Option<(CharSet, bool)> {
    Some(match node {
        Node::Empty | Node::Assert(_) | Node::Look { .. } => (CharSet::new(), true),
        Node::Char { c, ignore_case } => {
            let class = Class {
                set: CharSet::single(*c),
                negate: false,
                ignore_case: *ignore_case,
            };
            (closure(&class, unicode)?, false)
        }
        Node::Class(class) => (closure(class, unicode)?, false),
        Node::Dot { .. } | Node::BackRef { .. } => return None,
        Node::Seq(v) => {
            let mut acc = CharSet::new();
            for n in v {
                let (s, nullable) = first_chars(n, unicode)?;
                acc.union_with(&s);
                if !nullable {
                    return Some((acc, false));
                }
            }
            (acc, true)
        }
        Node::Alt(v) => {
            let mut acc = CharSet::new();
            let mut any_null = false;
            for n in v {
                let (s, nullable) = first_chars(n, unicode)?;
                acc.union_with(&s);
                any_null |= nullable;
            }
            (acc, any_null)
        }
        Node::Capture { body, .. } => first_chars(body, unicode)?,
        Node::Repeat { body, min, max, .. } => {
            if *max == Some(0) {
                (CharSet::new(), true)
            } else {
                let (s, nullable) = first_chars(body, unicode)?;
                (s, nullable || *min == 0)
            }
        }
    })
}

/// All characters a class matches, as a set (`None` if too costly).
fn closure(class: &Class, unicode: bool) -> Option<CharSet> {
    let mut set = class.set.clone();
    if class.ignore_case {
        let canon = canonical_image(&class.set, unicode);
        let table = uni::case_table(unicode);
        set.union_with(&canon);
        if canon.count() > 5000 {
            return None;
        }
        let mut extra = Vec::new();
        for &(a, b) in canon.ranges() {
            for k in a..=b {
                for p in table.preimages(k) {
                    extra.push((p, p));
                }
            }
        }
        set.union_with(&CharSet::from_ranges(extra));
    }
    if class.negate {
        set = set.complement();
    }
    Some(set)
}

fn prefilter(node: &Node, unicode: bool) -> Prefilter {
    let Some((set, nullable)) = first_chars(node, unicode) else {
        return Prefilter::None;
    };
    if nullable || set.is_empty() {
        return Prefilter::None;
    }
    // Code points to code units.
    let mut units = set.intersect(&CharSet::from_ranges(vec![(0, 0xFFFF)]));
    if set.ranges().last().is_some_and(|&(_, b)| b > 0xFFFF) {
        units.add_range(0xD800, 0xDBFF);
    }
    if units.count() > 0xF000 {
        return Prefilter::None;
    }
    if units.count() == 1 {
        return Prefilter::Unit(units.ranges()[0].0);
    }
    let class = Class {
        set: units,
        negate: false,
        ignore_case: false,
    };
    Prefilter::Set(Box::new(SetMatcher::new(&class, unicode)))
}

impl Compiler {
    fn pc(&self) -> u32 {
        self.prog.insts.len() as u32
    }

    fn emit(&mut self, i: Inst) -> Result<u32, SyntaxError> {
        if self.prog.insts.len() >= MAX_INSTS {
            return Err(SyntaxError::new("regular expression too large"));
        }
        self.prog.insts.push(i);
        Ok(self.pc() - 1)
    }

    fn patch(&mut self, at: u32, target: u32) {
        if let Some(inst) = self.prog.insts.get_mut(at as usize) {
            match inst {
                Inst::Split { alt } | Inst::SplitAlt { alt } => *alt = target,
                Inst::Jump { to } => *to = target,
                Inst::LoopHead { exit, .. } => *exit = target,
                Inst::LookStart { end, .. } => *end = target,
                _ => {}
            }
        }
    }

    fn new_regs(&mut self, n: usize) -> u32 {
        let r = self.prog.n_regs as u32;
        self.prog.n_regs += n;
        r
    }

    fn add_set(&mut self, class: &Class) -> u32 {
        self.prog
            .sets
            .push(SetMatcher::new(class, self.prog.unicode));
        self.prog.sets.len() as u32 - 1
    }

    fn char_inst(&self, c: u32, ignore_case: bool, back: bool) -> Inst {
        if ignore_case {
            let k = uni::canonicalize(c, self.prog.unicode);
            let table = uni::case_table(self.prog.unicode);
            let alone = k == c && table.preimages(k).next().is_none();
            if !alone {
                return Inst::CharI { c: k, back };
            }
        }
        Inst::Char { c, back }
    }

    fn node(&mut self, node: &Node, back: bool) -> Result<(), SyntaxError> {
        match node {
            Node::Empty => {}
            Node::Char { c, ignore_case } => {
                let i = self.char_inst(*c, *ignore_case, back);
                self.emit(i)?;
            }
            Node::Dot { dot_all } => {
                self.emit(Inst::Dot {
                    all: *dot_all,
                    back,
                })?;
            }
            Node::Class(class) => {
                let set = self.add_set(class);
                self.emit(Inst::Set { set, back })?;
            }
            Node::Seq(v) => {
                if back {
                    for n in v.iter().rev() {
                        self.node(n, back)?;
                    }
                } else {
                    self.seq_forward(v)?;
                }
            }
            Node::Alt(v) => {
                let mut jumps = Vec::new();
                for (i, n) in v.iter().enumerate() {
                    let split = if i + 1 < v.len() {
                        Some(self.emit(Inst::Split { alt: 0 })?)
                    } else {
                        None
                    };
                    self.node(n, back)?;
                    if let Some(s) = split {
                        jumps.push(self.emit(Inst::Jump { to: 0 })?);
                        let here = self.pc();
                        self.patch(s, here);
                    }
                }
                let end = self.pc();
                for j in jumps {
                    self.patch(j, end);
                }
            }
            Node::Capture { index, body } => {
                let (first, second) = if back {
                    (index * 2 + 1, index * 2)
                } else {
                    (index * 2, index * 2 + 1)
                };
                self.emit(Inst::Save { slot: first as u32 })?;
                self.node(body, back)?;
                self.emit(Inst::Save {
                    slot: second as u32,
                })?;
            }
            Node::Repeat {
                body,
                min,
                max,
                greedy,
                first_capture,
                capture_count,
            } => self.repeat(
                body,
                *min,
                max.unwrap_or(INFINITE),
                *greedy,
                *first_capture,
                *capture_count,
                back,
            )?,
            Node::Assert(kind) => {
                self.emit(Inst::Assert(*kind))?;
            }
            Node::Look {
                ahead,
                negate,
                body,
            } => {
                let reg = self.new_regs(2);
                let start = self.emit(Inst::LookStart {
                    reg,
                    negate: *negate,
                    end: 0,
                })?;
                self.node(body, !*ahead)?;
                self.emit(Inst::LookEnd {
                    reg,
                    negate: *negate,
                })?;
                let end = self.pc();
                self.patch(start, end);
            }
            Node::BackRef {
                groups,
                ignore_case,
            } => {
                self.prog
                    .backrefs
                    .push(groups.iter().map(|&g| g as u32).collect());
                let idx = self.prog.backrefs.len() as u32 - 1;
                self.emit(Inst::BackRef {
                    idx,
                    icase: *ignore_case,
                    back,
                })?;
            }
        }
        Ok(())
    }

    /// A forward sequence, merging runs of literal characters into `Str`.
    fn seq_forward(&mut self, v: &[Node]) -> Result<(), SyntaxError> {
        let mut i = 0;
        while i < v.len() {
            let mut run: Vec<u32> = Vec::new();
            let mut j = i;
            while let Some(Node::Char { c, ignore_case }) = v.get(j) {
                let plain =
                    !*ignore_case || matches!(self.char_inst(*c, true, false), Inst::Char { .. });
                if !plain || (0xD800..=0xDFFF).contains(c) && self.prog.unicode {
                    break;
                }
                if *c > 0xFFFF {
                    if !self.prog.unicode {
                        break;
                    }
                    let v = *c - 0x10000;
                    run.push(0xD800 + (v >> 10));
                    run.push(0xDC00 + (v & 0x3FF));
                } else {
                    run.push(*c);
                }
                j += 1;
            }
            if j - i >= 2 {
                let start = self.prog.literals.len() as u32;
                let len = run.len() as u32;
                self.prog.literals.extend_from_slice(&run);
                self.emit(Inst::Str { start, len })?;
                i = j;
            } else {
                self.node(&v[i], false)?;
                i += 1;
            }
        }
        Ok(())
    }

    fn single(&mut self, body: &Node) -> Option<Single> {
        Some(match body {
            Node::Char { c, ignore_case } => match self.char_inst(*c, *ignore_case, false) {
                Inst::CharI { c, .. } => Single::CharI(c),
                _ => Single::Char(*c),
            },
            Node::Dot { dot_all } => Single::Dot { all: *dot_all },
            Node::Class(class) => Single::Set(self.add_set(class)),
            _ => return None,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &mut self,
        body: &Node,
        min: u32,
        max: u32,
        greedy: bool,
        first_capture: usize,
        capture_count: usize,
        back: bool,
    ) -> Result<(), SyntaxError> {
        if max == 0 {
            return Ok(());
        }
        if let Some(single) = self.single(body) {
            self.prog.singles.push(single);
            let single = self.prog.singles.len() as u32 - 1;
            self.emit(Inst::Loop1 {
                single,
                min,
                max,
                greedy,
                hint: u32::MAX,
                back,
            })?;
            return Ok(());
        }
        let reset = if capture_count > 0 {
            Some(Inst::ResetCaps {
                from: (first_capture * 2) as u32,
                to: ((first_capture + capture_count) * 2) as u32,
            })
        } else {
            None
        };
        let nullable = body.can_be_empty();
        if !nullable && min <= 1 && (max == 1 || max == INFINITE) {
            if min == 0 {
                // L: Split(end) body [Jump L] end:
                let l = self.pc();
                let split = if greedy {
                    self.emit(Inst::Split { alt: 0 })?
                } else {
                    self.emit(Inst::SplitAlt { alt: 0 })?
                };
                let body_start = self.pc();
                if let Some(r) = reset {
                    self.emit(r)?;
                }
                self.node(body, back)?;
                if max == INFINITE {
                    self.emit(Inst::Jump { to: l })?;
                }
                let end = self.pc();
                if greedy {
                    self.patch(split, end);
                } else {
                    // Lazy: go to end first, body on backtrack.
                    let _ = body_start;
                    self.patch(split, end);
                }
                return Ok(());
            }
            if max == INFINITE {
                // min == 1: L: body; Split back to L.
                let l = self.pc();
                if let Some(r) = reset {
                    self.emit(r)?;
                }
                self.node(body, back)?;
                if greedy {
                    self.emit(Inst::SplitAlt { alt: l })?;
                } else {
                    self.emit(Inst::Split { alt: l })?;
                }
                return Ok(());
            }
            // {1,1}
            if let Some(r) = reset {
                self.emit(r)?;
            }
            return self.node(body, back);
        }
        let reg = self.new_regs(2);
        self.emit(Inst::LoopInit { reg })?;
        let head = self.emit(Inst::LoopHead {
            reg,
            min,
            max,
            greedy,
            exit: 0,
        })?;
        if let Some(r) = reset {
            self.emit(r)?;
        }
        self.node(body, back)?;
        self.emit(Inst::LoopTail { reg, min, head })?;
        let exit = self.pc();
        self.patch(head, exit);
        Ok(())
    }

    /// Records, for each `Loop1`, the code unit its continuation needs.
    fn fill_hints(&mut self) {
        let unicode = self.prog.unicode;
        for i in 0..self.prog.insts.len() {
            let next = match self.prog.insts.get(i + 1) {
                Some(Inst::Char { c, back: false })
                    if *c <= 0xFFFF && !(unicode && (0xD800..=0xDFFF).contains(c)) =>
                {
                    *c
                }
                Some(Inst::Str { start, .. }) => match self.prog.literals.get(*start as usize) {
                    Some(&u) => u,
                    None => continue,
                },
                _ => continue,
            };
            if let Some(Inst::Loop1 {
                hint, back: false, ..
            }) = self.prog.insts.get_mut(i)
            {
                *hint = next;
            }
        }
    }
}
