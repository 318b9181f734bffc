//! The backtracking interpreter for [`Program`]s, generic over the input
//! code unit (`u8` Latin-1 or `u16` UTF-16) and monomorphised for each.
//!
//! Choice points and undo records live on an explicit stack
//! ([`MatchContext::stack`]); the interpreter never recurses.

use crate::compiler::{Inst, Prefilter, Program, Single};
use crate::ir::AssertKind;
use crate::unicode_support as uni;
use crate::{MatchContext, MatchError};

/// How often (in backtracking steps) the interrupt callback is polled.
const POLL_INTERVAL: u32 = 1 << 12;

/// An entry of the backtracking stack.
#[derive(Clone, Copy, Debug)]
pub enum Frame {
    /// Resume at `pc` with position `pos`.
    Alt { pc: u32, pos: usize },
    /// Undo a capture slot write.
    Cap { slot: u32, old: Option<usize> },
    /// Undo a register write.
    Reg { reg: u32, old: usize },
    /// Give back one character of a greedy `Loop1` (never past `min_pos`).
    Greedy {
        pc: u32,
        single: u32,
        min_pos: usize,
        pos: usize,
    },
    /// Take one more character of a lazy `Loop1`.
    Lazy {
        pc: u32,
        single: u32,
        count: u32,
        max: u32,
        pos: usize,
    },
}

/// An input code unit type.
pub trait Unit: Copy {
    /// Whether units can be surrogates.
    const WIDE: bool;
    fn get(self) -> u32;
}

impl Unit for u8 {
    const WIDE: bool = false;
    #[inline(always)]
    fn get(self) -> u32 {
        self as u32
    }
}

impl Unit for u16 {
    const WIDE: bool = true;
    #[inline(always)]
    fn get(self) -> u32 {
        self as u32
    }
}

#[inline(always)]
fn is_lead(c: u32) -> bool {
    (0xD800..=0xDBFF).contains(&c)
}

#[inline(always)]
fn is_trail(c: u32) -> bool {
    (0xDC00..=0xDFFF).contains(&c)
}

/// The character at `pos` and the position after it.
#[inline(always)]
fn read_fwd<U: Unit>(input: &[U], pos: usize, unicode: bool) -> Option<(u32, usize)> {
    let c = input.get(pos)?.get();
    if U::WIDE
        && unicode
        && is_lead(c)
        && let Some(t) = input.get(pos + 1).map(|u| u.get())
        && is_trail(t)
    {
        return Some((0x10000 + ((c - 0xD800) << 10) + (t - 0xDC00), pos + 2));
    }
    Some((c, pos + 1))
}

/// The character before `pos` and the position before it.
#[inline(always)]
fn read_back<U: Unit>(input: &[U], pos: usize, unicode: bool) -> Option<(u32, usize)> {
    if pos == 0 {
        return None;
    }
    let c = input.get(pos - 1)?.get();
    if U::WIDE
        && unicode
        && is_trail(c)
        && pos >= 2
        && let Some(l) = input.get(pos - 2).map(|u| u.get())
        && is_lead(l)
    {
        return Some((0x10000 + ((l - 0xD800) << 10) + (c - 0xDC00), pos - 2));
    }
    Some((c, pos - 1))
}

#[inline(always)]
fn read<U: Unit>(input: &[U], pos: usize, unicode: bool, back: bool) -> Option<(u32, usize)> {
    if back {
        read_back(input, pos, unicode)
    } else {
        read_fwd(input, pos, unicode)
    }
}

#[inline(always)]
fn is_line_terminator(c: u32) -> bool {
    c == 0x0A || c == 0x0D || c == 0x2028 || c == 0x2029
}

#[inline(always)]
fn is_word(c: u32, extra: bool) -> bool {
    matches!(c, 0x30..=0x39 | 0x41..=0x5A | 0x5F | 0x61..=0x7A)
        || (extra && (c == 0x17F || c == 0x212A))
}

#[inline(always)]
fn single_matches(prog: &Program, s: Single, c: u32) -> bool {
    match s {
        Single::Char(x) => c == x,
        Single::CharI(x) => uni::canonicalize(c, prog.unicode) == x,
        Single::Dot { all } => all || !is_line_terminator(c),
        Single::Set(i) => prog.sets.get(i as usize).is_some_and(|m| m.matches(c)),
    }
}

fn push(stack: &mut Vec<Frame>, f: Frame, limit: usize) -> Result<(), MatchError> {
    if stack.len() >= limit {
        return Err(MatchError::StackLimit);
    }
    stack.push(f);
    Ok(())
}

/// Runs `prog` from `start`. On success fills `captures`.
pub fn exec<U: Unit>(
    prog: &Program,
    input: &[U],
    start: usize,
    captures: &mut [Option<usize>],
    ctx: &mut MatchContext,
) -> Result<bool, MatchError> {
    if start > input.len() {
        return Ok(false);
    }
    let n = prog.n_slots;
    if captures.len() < n {
        let mut tmp = vec![None; n];
        let r = exec(prog, input, start, &mut tmp, ctx)?;
        let k = captures.len();
        captures.copy_from_slice(&tmp[..k]);
        return Ok(r);
    }
    let caps = &mut captures[..n];
    if ctx.regs.len() < prog.n_regs {
        ctx.regs.resize(prog.n_regs, 0);
    }
    let len = input.len();
    let mut pos = start;
    let unit = |i: usize| input.get(i).map_or(0, |u| u.get());
    // In u/v mode a start inside a surrogate pair backs up to the pair.
    if U::WIDE && prog.unicode && pos > 0 && is_trail(unit(pos)) && is_lead(unit(pos - 1)) {
        pos -= 1;
    }
    loop {
        if prog.anchored && pos > 0 {
            return Ok(false);
        }
        if !prog.sticky {
            // Skip positions whose first unit cannot start a match.
            match &prog.prefilter {
                Prefilter::None => {}
                Prefilter::Unit(u) => {
                    let u = *u;
                    match input[pos..].iter().position(|x| x.get() == u) {
                        Some(off) => pos += off,
                        None => return Ok(false),
                    }
                }
                Prefilter::Set(m) => match input[pos..].iter().position(|x| m.matches(x.get())) {
                    Some(off) => pos += off,
                    None => return Ok(false),
                },
            }
            // The scan may land inside a surrogate pair, which is not a
            // character boundary in u/v mode.
            if U::WIDE && prog.unicode && pos > 0 && is_trail(unit(pos)) && is_lead(unit(pos - 1)) {
                pos += 1;
                continue;
            }
        }
        for c in caps.iter_mut() {
            *c = None;
        }
        tick(ctx)?;
        if let Some(end) = run(prog, input, pos, caps, ctx)? {
            caps[0] = Some(pos);
            caps[1] = Some(end);
            return Ok(true);
        }
        if prog.sticky || pos >= len {
            return Ok(false);
        }
        pos = match read_fwd(input, pos, prog.unicode) {
            Some((_, p)) => p,
            None => return Ok(false),
        };
    }
}

/// Counts one step and polls the interrupt callback every `POLL_INTERVAL`.
#[inline]
fn tick(ctx: &mut MatchContext) -> Result<(), MatchError> {
    ctx.steps = ctx.steps.wrapping_add(1);
    if ctx.steps.is_multiple_of(POLL_INTERVAL) {
        poll(ctx)?;
    }
    Ok(())
}

fn poll(ctx: &mut MatchContext) -> Result<(), MatchError> {
    if let Some(f) = ctx.interrupt.as_mut()
        && f()
    {
        return Err(MatchError::Interrupted);
    }
    Ok(())
}

/// Compares the text of a group against the input at `pos`; returns the
/// position after (or before, going backwards) the matched text.
fn backref<U: Unit>(
    prog: &Program,
    input: &[U],
    pos: usize,
    s: usize,
    e: usize,
    icase: bool,
    back: bool,
) -> Option<usize> {
    let len = e.checked_sub(s)?;
    if !icase {
        if back {
            let b = pos.checked_sub(len)?;
            let a = input.get(b..pos)?;
            let g = input.get(s..e)?;
            return a
                .iter()
                .zip(g)
                .all(|(x, y)| x.get() == y.get())
                .then_some(b);
        }
        let a = input.get(pos..pos.checked_add(len)?)?;
        let g = input.get(s..e)?;
        return a
            .iter()
            .zip(g)
            .all(|(x, y)| x.get() == y.get())
            .then_some(pos + len);
    }
    let u = prog.unicode;
    if back {
        let (mut gp, mut ip) = (e, pos);
        while gp > s {
            let (gc, ng) = read_back(input, gp, u)?;
            let (ic, ni) = read_back(input, ip, u)?;
            if uni::canonicalize(gc, u) != uni::canonicalize(ic, u) {
                return None;
            }
            gp = ng;
            ip = ni;
        }
        Some(ip)
    } else {
        let (mut gp, mut ip) = (s, pos);
        while gp < e {
            let (gc, ng) = read_fwd(input, gp, u)?;
            let (ic, ni) = read_fwd(input, ip, u)?;
            if uni::canonicalize(gc, u) != uni::canonicalize(ic, u) {
                return None;
            }
            gp = ng;
            ip = ni;
        }
        Some(ip)
    }
}

/// Runs the program at one start position.
fn run<U: Unit>(
    prog: &Program,
    input: &[U],
    mut pos: usize,
    caps: &mut [Option<usize>],
    ctx: &mut MatchContext,
) -> Result<Option<usize>, MatchError> {
    let mut stack = std::mem::take(&mut ctx.stack);
    stack.clear();
    let r = run_inner(prog, input, &mut pos, caps, ctx, &mut stack);
    stack.clear();
    ctx.stack = stack;
    r
}

fn run_inner<U: Unit>(
    prog: &Program,
    input: &[U],
    pos_ref: &mut usize,
    caps: &mut [Option<usize>],
    ctx: &mut MatchContext,
    stack: &mut Vec<Frame>,
) -> Result<Option<usize>, MatchError> {
    let limit = ctx.backtrack_limit;
    let unicode = prog.unicode;
    let insts = &prog.insts[..];
    let mut pos = *pos_ref;
    let mut pc: usize = 0;
    loop {
        let Some(&inst) = insts.get(pc) else {
            return Ok(None);
        };
        let ok = match inst {
            Inst::Char { c, back } => match read(input, pos, unicode, back) {
                Some((x, np)) if x == c => {
                    pos = np;
                    pc += 1;
                    true
                }
                _ => false,
            },
            Inst::CharI { c, back } => match read(input, pos, unicode, back) {
                Some((x, np)) if uni::canonicalize(x, unicode) == c => {
                    pos = np;
                    pc += 1;
                    true
                }
                _ => false,
            },
            Inst::Str { start, len } => {
                let (start, len) = (start as usize, len as usize);
                let lit = prog.literals.get(start..start + len).unwrap_or(&[]);
                match input.get(pos..pos + len) {
                    Some(s) if s.iter().zip(lit).all(|(a, &b)| a.get() == b) => {
                        pos += len;
                        pc += 1;
                        true
                    }
                    _ => false,
                }
            }
            Inst::Dot { all, back } => match read(input, pos, unicode, back) {
                Some((x, np)) if all || !is_line_terminator(x) => {
                    pos = np;
                    pc += 1;
                    true
                }
                _ => false,
            },
            Inst::Set { set, back } => match read(input, pos, unicode, back) {
                Some((x, np)) if prog.sets.get(set as usize).is_some_and(|m| m.matches(x)) => {
                    pos = np;
                    pc += 1;
                    true
                }
                _ => false,
            },
            Inst::Loop1 {
                single,
                min,
                max,
                greedy,
                back,
                ..
            } => {
                let s = prog
                    .singles
                    .get(single as usize)
                    .copied()
                    .unwrap_or(Single::Dot { all: true });
                let mut count = 0u32;
                let mut min_pos = pos;
                let limit_count = if greedy { max } else { min };
                let mut ok = true;
                while count < limit_count {
                    match read(input, pos, unicode, back) {
                        Some((x, np)) if single_matches(prog, s, x) => {
                            pos = np;
                            count += 1;
                            if count == min {
                                min_pos = pos;
                            }
                        }
                        _ => break,
                    }
                }
                if count < min {
                    ok = false;
                } else if greedy {
                    if pos != min_pos {
                        push(
                            stack,
                            Frame::Greedy {
                                pc: pc as u32 + 1,
                                single,
                                min_pos,
                                pos,
                            },
                            limit,
                        )?;
                    }
                    pc += 1;
                } else {
                    if min < max {
                        push(
                            stack,
                            Frame::Lazy {
                                pc: pc as u32 + 1,
                                single,
                                count: min,
                                max,
                                pos,
                            },
                            limit,
                        )?;
                    }
                    pc += 1;
                }
                ok
            }
            Inst::Split { alt } => {
                push(stack, Frame::Alt { pc: alt, pos }, limit)?;
                pc += 1;
                true
            }
            Inst::SplitAlt { alt } => {
                push(
                    stack,
                    Frame::Alt {
                        pc: pc as u32 + 1,
                        pos,
                    },
                    limit,
                )?;
                pc = alt as usize;
                true
            }
            Inst::Jump { to } => {
                pc = to as usize;
                true
            }
            Inst::Save { slot } => {
                if let Some(c) = caps.get_mut(slot as usize) {
                    push(stack, Frame::Cap { slot, old: *c }, limit)?;
                    *c = Some(pos);
                }
                pc += 1;
                true
            }
            Inst::ResetCaps { from, to } => {
                for slot in from..to {
                    if let Some(c) = caps.get_mut(slot as usize)
                        && c.is_some()
                    {
                        push(stack, Frame::Cap { slot, old: *c }, limit)?;
                        *c = None;
                    }
                }
                pc += 1;
                true
            }
            Inst::Assert(kind) => {
                let prev = if pos == 0 {
                    None
                } else {
                    input.get(pos - 1).map(|u| u.get())
                };
                let next = input.get(pos).map(|u| u.get());
                let ok = match kind {
                    AssertKind::Start { multiline } => {
                        pos == 0 || (multiline && prev.is_some_and(is_line_terminator))
                    }
                    AssertKind::End { multiline } => {
                        pos == input.len() || (multiline && next.is_some_and(is_line_terminator))
                    }
                    AssertKind::WordBoundary { extra } => {
                        prev.is_some_and(|c| is_word(c, extra))
                            != next.is_some_and(|c| is_word(c, extra))
                    }
                    AssertKind::NotWordBoundary { extra } => {
                        prev.is_some_and(|c| is_word(c, extra))
                            == next.is_some_and(|c| is_word(c, extra))
                    }
                };
                pc += 1;
                ok
            }
            Inst::BackRef { idx, icase, back } => {
                let mut range = None;
                if let Some(groups) = prog.backrefs.get(idx as usize) {
                    for &g in groups {
                        let g = g as usize;
                        if let (Some(Some(s)), Some(Some(e))) =
                            (caps.get(2 * g), caps.get(2 * g + 1))
                        {
                            range = Some((*s, *e));
                            break;
                        }
                    }
                }
                match range {
                    None => {
                        pc += 1;
                        true
                    }
                    Some((s, e)) => match backref(prog, input, pos, s, e, icase, back) {
                        Some(np) => {
                            pos = np;
                            pc += 1;
                            true
                        }
                        None => false,
                    },
                }
            }
            Inst::LoopInit { reg } => {
                set_reg(ctx, stack, reg, 0, limit)?;
                pc += 1;
                true
            }
            Inst::LoopHead {
                reg,
                min,
                max,
                greedy,
                exit,
            } => {
                let count = ctx.regs.get(reg as usize).copied().unwrap_or(0) as u64;
                if count >= max as u64 && max != u32::MAX {
                    pc = exit as usize;
                } else {
                    set_reg(ctx, stack, reg + 1, pos, limit)?;
                    if count < min as u64 {
                        pc += 1;
                    } else if greedy {
                        push(stack, Frame::Alt { pc: exit, pos }, limit)?;
                        pc += 1;
                    } else {
                        push(
                            stack,
                            Frame::Alt {
                                pc: pc as u32 + 1,
                                pos,
                            },
                            limit,
                        )?;
                        pc = exit as usize;
                    }
                }
                true
            }
            Inst::LoopTail { reg, min, head } => {
                tick(ctx)?;
                let count = ctx.regs.get(reg as usize).copied().unwrap_or(0);
                let start = ctx
                    .regs
                    .get(reg as usize + 1)
                    .copied()
                    .unwrap_or(usize::MAX);
                if count >= min as usize && pos == start {
                    false
                } else {
                    set_reg(ctx, stack, reg, count.saturating_add(1), limit)?;
                    pc = head as usize;
                    true
                }
            }
            Inst::LookStart { reg, negate, end } => {
                let r = reg as usize;
                let old0 = ctx.regs.get(r).copied().unwrap_or(0);
                let old1 = ctx.regs.get(r + 1).copied().unwrap_or(0);
                push(stack, Frame::Reg { reg, old: old0 }, limit)?;
                push(
                    stack,
                    Frame::Reg {
                        reg: reg + 1,
                        old: old1,
                    },
                    limit,
                )?;
                if negate {
                    push(stack, Frame::Alt { pc: end, pos }, limit)?;
                }
                if let Some(x) = ctx.regs.get_mut(r) {
                    *x = pos;
                }
                if let Some(x) = ctx.regs.get_mut(r + 1) {
                    *x = stack.len();
                }
                pc += 1;
                true
            }
            Inst::LookEnd { reg, negate } => {
                let r = reg as usize;
                let saved_pos = ctx.regs.get(r).copied().unwrap_or(0);
                let height = ctx.regs.get(r + 1).copied().unwrap_or(0).min(stack.len());
                if negate {
                    // The body matched: undo its effects, drop the
                    // continuation pushed by LookStart, and fail.
                    while stack.len() > height {
                        if let Some(f) = stack.pop() {
                            undo(f, caps, ctx);
                        }
                    }
                    stack.pop();
                    false
                } else {
                    // Keep the undo records, drop the body's choice points.
                    let mut w = height;
                    for i in height..stack.len() {
                        let f = stack[i];
                        if matches!(f, Frame::Cap { .. } | Frame::Reg { .. }) {
                            stack[w] = f;
                            w += 1;
                        }
                    }
                    stack.truncate(w);
                    pos = saved_pos;
                    pc += 1;
                    true
                }
            }
            Inst::Match => {
                *pos_ref = pos;
                return Ok(Some(pos));
            }
        };
        if ok {
            continue;
        }
        // Backtrack.
        tick(ctx)?;
        loop {
            let Some(f) = stack.pop() else {
                return Ok(None);
            };
            match f {
                Frame::Alt { pc: p, pos: q } => {
                    pc = p as usize;
                    pos = q;
                    break;
                }
                Frame::Cap { .. } | Frame::Reg { .. } => undo(f, caps, ctx),
                Frame::Greedy {
                    pc: p,
                    single,
                    min_pos,
                    pos: q,
                } => {
                    let (hint, back) = match insts.get((p as usize).wrapping_sub(1)) {
                        Some(Inst::Loop1 { hint, back, .. }) => (*hint, *back),
                        _ => (u32::MAX, false),
                    };
                    let mut cur = q;
                    let mut resumed = false;
                    if back {
                        // Give back one character on the left side.
                        if cur < min_pos {
                            cur = match read_fwd(input, cur, unicode) {
                                Some((_, np)) if np <= min_pos => np,
                                _ => min_pos,
                            };
                            if cur < min_pos {
                                stack.push(Frame::Greedy {
                                    pc: p,
                                    single,
                                    min_pos,
                                    pos: cur,
                                });
                            }
                            resumed = true;
                        }
                    } else {
                        while cur > min_pos {
                            let np = match read_back(input, cur, unicode) {
                                Some((_, np)) if np >= min_pos => np,
                                _ => min_pos,
                            };
                            cur = np;
                            if hint == u32::MAX || input.get(np).is_some_and(|u| u.get() == hint) {
                                if np > min_pos {
                                    stack.push(Frame::Greedy {
                                        pc: p,
                                        single,
                                        min_pos,
                                        pos: np,
                                    });
                                }
                                resumed = true;
                                break;
                            }
                        }
                    }
                    if resumed {
                        pc = p as usize;
                        pos = cur;
                        break;
                    }
                }
                Frame::Lazy {
                    pc: p,
                    single,
                    count,
                    max,
                    pos: q,
                } => {
                    let s = prog
                        .singles
                        .get(single as usize)
                        .copied()
                        .unwrap_or(Single::Dot { all: true });
                    let (hint, back) = match insts.get((p as usize).wrapping_sub(1)) {
                        Some(Inst::Loop1 { hint, back, .. }) => (*hint, *back),
                        _ => (u32::MAX, false),
                    };
                    // Take one more character; skip ahead while the
                    // continuation's first unit cannot match.
                    let (mut count, mut cur) = (count, q);
                    let mut resumed = false;
                    while count < max {
                        match read(input, cur, unicode, back) {
                            Some((x, np)) if single_matches(prog, s, x) => {
                                count += 1;
                                cur = np;
                                if hint == u32::MAX
                                    || input.get(cur).is_some_and(|u| u.get() == hint)
                                {
                                    resumed = true;
                                    break;
                                }
                            }
                            _ => break,
                        }
                    }
                    if resumed {
                        if count < max {
                            stack.push(Frame::Lazy {
                                pc: p,
                                single,
                                count,
                                max,
                                pos: cur,
                            });
                        }
                        pc = p as usize;
                        pos = cur;
                        break;
                    }
                }
            }
        }
    }
}

#[inline]
fn undo(f: Frame, caps: &mut [Option<usize>], ctx: &mut MatchContext) {
    match f {
        Frame::Cap { slot, old } => {
            if let Some(c) = caps.get_mut(slot as usize) {
                *c = old;
            }
        }
        Frame::Reg { reg, old } => {
            if let Some(r) = ctx.regs.get_mut(reg as usize) {
                *r = old;
            }
        }
        _ => {}
    }
}

#[inline]
fn set_reg(
    ctx: &mut MatchContext,
    stack: &mut Vec<Frame>,
    reg: u32,
    value: usize,
    limit: usize,
) -> Result<(), MatchError> {
    if let Some(r) = ctx.regs.get_mut(reg as usize) {
        let old = *r;
        push(stack, Frame::Reg { reg, old }, limit)?;
        *r = value;
    }
    Ok(())
}
