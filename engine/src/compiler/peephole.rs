//! The peephole pass: rewrites a resolved function's code while jump
//! targets are still symbolic (`Label n` markers) and source positions are
//! still `Position` markers, so instructions can be removed, merged or
//! retargeted freely; `resolve_labels` then turns labels into offsets and
//! positions into the table, and the stack depth is computed on the result.
//!
//! What it does, repeated until nothing changes:
//! * jump threading: a jump to a `Goto` goes to that `Goto`'s target; a
//!   `Goto` to the next instruction disappears; `IfFalse a; Goto b; a:`
//!   becomes `IfTrue b; a:` (and the other way round);
//! * unreachable code after an unconditional jump, return or throw is
//!   removed up to the next label that something jumps to, and labels
//!   nothing jumps to disappear;
//! * `Dup; PutX; Drop` (an assignment whose value is unused) becomes `PutX`,
//!   and `Insert2; PutField; Drop` / `Insert3; PutElem; Drop` (the same for
//!   a property) become `PutField` / `PutElem`; `ToNumeric; Dup; Inc; PutX;
//!   Drop` (`x++` as a statement on a non-local) becomes `Inc; PutX`;
//!   `x++`/`++x`/`x--`/`--x` on a local as a statement become
//!   `IncLoc`/`DecLoc`; `GetLoc n; <v>; Add; PutLoc n` (`x += v` as a
//!   statement) becomes `<v>; AddLoc n` when `<v>` is straight-line code that
//!   does not write local n (only the function's own code can write its
//!   uncaptured locals).
//!
//! Then, once: `Dup; PutLoc n` and `PutLoc n; GetLoc n` become `SetLoc n`,
//! `GetLoc n; Inc; SetLoc n` becomes `IncLoc n; GetLoc n`,
//! `PushThis; GetField k` becomes `GetThisField k`,
//! `GetLoc n; ToNumeric; Dup; Inc; PutLoc n` (`x++` whose value is used)
//! becomes `PostIncLoc n`, and a comparison
//! followed by a conditional jump becomes one compare-and-branch
//! instruction (`IfLt` ... `IfNotGe`, `IfEq` ... `IfNotStrictEq`).

use crate::bytecode::{Fmt, Op};

/// One instruction: the opcode and its operand bytes (the first
/// `op.size() - 1` are used).
#[derive(Clone, Copy)]
struct Ins {
    op: Op,
    a: [u8; 8],
}

impl Ins {
    fn new(op: Op, operands: &[u8]) -> Ins {
        let mut a = [0u8; 8];
        let n = operands.len().min(8);
        a[..n].copy_from_slice(&operands[..n]);
        Ins { op, a }
    }
    fn u16(&self) -> u16 {
        u16::from_le_bytes([self.a[0], self.a[1]])
    }
    fn with_u16(op: Op, v: u16) -> Ins {
        Ins::new(op, &v.to_le_bytes())
    }
    fn is_marker(&self) -> bool {
        matches!(self.op, Op::Label | Op::Position)
    }
    /// The label id of a `Label` marker.
    fn label_id(&self) -> Option<u32> {
        (self.op == Op::Label)
            .then(|| u32::from_le_bytes([self.a[0], self.a[1], self.a[2], self.a[3]]))
    }
    /// The label a jump instruction refers to.
    fn target(&self) -> Option<u32> {
        let at = match self.op.info().fmt {
            Fmt::Label => 0,
            Fmt::AtomLabel => 4,
            _ => return None,
        };
        Some(u32::from_le_bytes([
            self.a[at],
            self.a[at + 1],
            self.a[at + 2],
            self.a[at + 3],
        ]))
    }
    fn set_target(&mut self, l: u32) {
        if self.op.info().fmt == Fmt::Label {
            self.a[..4].copy_from_slice(&l.to_le_bytes());
        }
    }
    /// Whether `Local n` is `op n` for a local-variable op.
    fn is(&self, op: Op, n: u16) -> bool {
        self.op == op && self.u16() == n
    }
}

/// Whether execution never continues with the next instruction.
fn is_terminator(op: Op) -> bool {
    matches!(
        op,
        Op::Goto | Op::Return | Op::ReturnUndef | Op::Throw | Op::Ret
    )
}

/// Plain conditional jumps and their negations.
fn negate(op: Op) -> Option<Op> {
    Some(match op {
        Op::IfFalse => Op::IfTrue,
        Op::IfTrue => Op::IfFalse,
        _ => return None,
    })
}

fn decode(code: &[u8]) -> Vec<Ins> {
    let mut out = Vec::with_capacity(code.len() / 2);
    let mut pc = 0;
    while pc < code.len() {
        let Some(op) = Op::from_u8(code[pc]) else {
            break;
        };
        let end = (pc + op.size()).min(code.len());
        out.push(Ins::new(op, &code[pc + 1..end]));
        pc += op.size();
    }
    out
}

fn encode(v: &[Ins]) -> Vec<u8> {
    let mut out = Vec::with_capacity(v.len() * 3);
    for i in v {
        out.push(i.op as u8);
        out.extend_from_slice(&i.a[..i.op.size() - 1]);
    }
    out
}

/// Optimizes `code` (with `nlabels` label ids in use).
pub(super) fn optimize(code: &[u8], nlabels: u32) -> Vec<u8> {
    let mut v = decode(code);
    drop_tdz_checks(&mut v, nlabels);
    for _ in 0..10 {
        let mut changed = thread_jumps(&mut v, nlabels);
        changed |= remove_dead(&mut v, nlabels);
        changed |= rewrite(&mut v);
        if !changed {
            break;
        }
    }
    let v = finish(v);
    encode(&v)
}

/// The set of locals known to hold a value (not the uninitialized mark of a
/// `let`/`const`/`class` binding in its temporal dead zone), one bit each.
#[derive(Clone, PartialEq)]
struct Known(Vec<u64>);

impl Known {
    fn all(words: usize) -> Known {
        Known(vec![u64::MAX; words])
    }
    fn none(words: usize) -> Known {
        Known(vec![0; words])
    }
    fn has(&self, n: u16) -> bool {
        self.0[n as usize / 64] & (1 << (n % 64)) != 0
    }
    fn set(&mut self, n: u16, on: bool) {
        let (w, b) = (n as usize / 64, 1u64 << (n % 64));
        if on {
            self.0[w] |= b;
        } else {
            self.0[w] &= !b;
        }
    }
    /// Keeps only what `o` also knows; whether anything changed.
    fn meet(&mut self, o: &Known) -> bool {
        let mut changed = false;
        for (a, b) in self.0.iter_mut().zip(&o.0) {
            let m = *a & *b;
            changed |= m != *a;
            *a = m;
        }
        changed
    }
}

/// Turns `GetLocCheck n`/`PutLocCheck n` into `GetLoc n`/`PutLoc n` where
/// local `n` holds a value on every path that reaches the instruction.
///
/// A forward data-flow analysis over the function's own code: locals start
/// `undefined` when the frame is made and only `SetLocUninit` puts the
/// uninitialized mark in one (uncaptured locals are reached by no other
/// code: closures and `eval` go through cells); any store, and a checked
/// read that did not throw, leaves a value. Paths the labels do not show
/// start from nothing known: exception handlers (`PushCatch` targets) and
/// the return from a `finally` block (after `Gosub`).
fn drop_tdz_checks(v: &mut [Ins], nlabels: u32) {
    let is_local = |op: Op| {
        matches!(
            op,
            Op::GetLoc
                | Op::PutLoc
                | Op::GetLocCheck
                | Op::PutLocCheck
                | Op::SetLocUninit
                | Op::SetLoc
                | Op::IncLoc
                | Op::DecLoc
                | Op::AddLoc
                | Op::PostIncLoc
                | Op::PostDecLoc
        )
    };
    if !v
        .iter()
        .any(|i| matches!(i.op, Op::GetLocCheck | Op::PutLocCheck))
    {
        return;
    }
    let max = v
        .iter()
        .filter(|i| is_local(i.op))
        .map(|i| i.u16() as usize)
        .max()
        .unwrap_or(0);
    let words = max / 64 + 1;
    let mut at_label: Vec<Known> = vec![Known::all(words); nlabels as usize];
    for ins in v.iter() {
        if ins.op == Op::PushCatch
            && let Some(l) = ins.target()
            && let Some(k) = at_label.get_mut(l as usize)
        {
            *k = Known::none(words);
        }
    }
    // One pass: with `rewrite`, turns the checks that are known to pass.
    let pass = |v: &mut [Ins], at_label: &mut Vec<Known>, rewrite: bool| -> bool {
        let mut changed = false;
        let mut cur = Known::all(words);
        for ins in v.iter_mut() {
            if let Some(l) = ins.label_id() {
                if let Some(k) = at_label.get(l as usize) {
                    cur.meet(k);
                } else {
                    cur = Known::none(words);
                }
                continue;
            }
            match ins.op {
                Op::GetLocCheck | Op::PutLocCheck if rewrite && cur.has(ins.u16()) => {
                    ins.op = if ins.op == Op::GetLocCheck {
                        Op::GetLoc
                    } else {
                        Op::PutLoc
                    };
                }
                Op::SetLocUninit => cur.set(ins.u16(), false),
                op if is_local(op) => cur.set(ins.u16(), true),
                _ => {}
            }
            if ins.op != Op::PushCatch
                && let Some(l) = ins.target()
            {
                match at_label.get_mut(l as usize) {
                    Some(k) => changed |= k.meet(&cur),
                    None => cur = Known::none(words),
                }
            }
            if ins.op == Op::Gosub {
                cur = Known::none(words);
            } else if is_terminator(ins.op) {
                // Only reached again through a label.
                cur = Known::all(words);
            }
        }
        changed
    };
    let mut rounds = 0;
    while pass(v, &mut at_label, false) {
        rounds += 1;
        if rounds > 50 {
            return;
        }
    }
    pass(v, &mut at_label, true);
}

/// Index of each label's marker.
fn label_positions(v: &[Ins], nlabels: u32) -> Vec<usize> {
    let mut pos = vec![usize::MAX; nlabels as usize];
    for (i, ins) in v.iter().enumerate() {
        if let Some(l) = ins.label_id()
            && let Some(p) = pos.get_mut(l as usize)
        {
            *p = i;
        }
    }
    pos
}

/// The first instruction at or after `i` that is not a marker.
fn first_real(v: &[Ins], mut i: usize) -> Option<usize> {
    while i < v.len() {
        if !v[i].is_marker() {
            return Some(i);
        }
        i += 1;
    }
    None
}

fn thread_jumps(v: &mut Vec<Ins>, nlabels: u32) -> bool {
    let mut changed = false;
    let pos = label_positions(v, nlabels);
    let at = |l: u32| pos.get(l as usize).copied().unwrap_or(usize::MAX);
    for i in 0..v.len() {
        if !matches!(v[i].op, Op::Goto | Op::IfFalse | Op::IfTrue) {
            continue;
        }
        let Some(orig) = v[i].target() else { continue };
        let mut l = orig;
        for _ in 0..8 {
            let p = at(l);
            if p == usize::MAX {
                break;
            }
            match first_real(v, p) {
                Some(j) if v[j].op == Op::Goto => match v[j].target() {
                    Some(m) if m != l => l = m,
                    _ => break,
                },
                _ => break,
            }
        }
        if l != orig {
            v[i].set_target(l);
            changed = true;
        }
    }
    // Jumps to the next instruction, and conditional jumps over a `Goto`.
    let mut out: Vec<Ins> = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        let ins = v[i];
        if let Some(l) = ins.target()
            && matches!(ins.op, Op::Goto | Op::IfFalse | Op::IfTrue)
        {
            let p = at(l);
            let to_next = p != usize::MAX && p > i && v[i + 1..p].iter().all(Ins::is_marker);
            if to_next {
                if ins.op != Op::Goto {
                    // The condition is still evaluated (ToBoolean has no
                    // side effects) and popped.
                    out.push(Ins::new(Op::Drop, &[]));
                }
                changed = true;
                i += 1;
                continue;
            }
            // The `Goto` may follow position markers (it cannot throw, so
            // they are dropped with it), but no label.
            let mut g = i + 1;
            while g < v.len() && v[g].op == Op::Position {
                g += 1;
            }
            if let Some(neg) = negate(ins.op)
                && g < v.len()
                && v[g].op == Op::Goto
                && p != usize::MAX
                && p > g
                && v[g + 1..p].iter().all(Ins::is_marker)
                && let Some(m) = v[g].target()
            {
                let mut j = Ins::new(neg, &[]);
                j.set_target(m);
                out.push(j);
                changed = true;
                i = g + 1;
                continue;
            }
        }
        out.push(ins);
        i += 1;
    }
    *v = out;
    changed
}

fn remove_dead(v: &mut Vec<Ins>, nlabels: u32) -> bool {
    let mut refs = vec![0u32; nlabels as usize];
    for ins in v.iter() {
        if let Some(l) = ins.target()
            && let Some(r) = refs.get_mut(l as usize)
        {
            *r += 1;
        }
    }
    let before = v.len();
    let mut dead = false;
    v.retain(|ins| {
        if let Some(l) = ins.label_id() {
            if refs.get(l as usize).copied().unwrap_or(1) == 0 {
                return false;
            }
            dead = false;
            return true;
        }
        if ins.op == Op::Position {
            // Zero-sized; kept so that the next live instruction keeps its position.
            return true;
        }
        if dead {
            return false;
        }
        if is_terminator(ins.op) {
            dead = true;
        }
        true
    });
    v.len() != before
}

/// Stack effect of an instruction: (values popped, values pushed).
fn stack_effect(ins: &Ins) -> (i32, i32) {
    let info = ins.op.info();
    match ins.op {
        Op::Call | Op::New | Op::CallEval => (ins.u16() as i32 + 1, 1),
        Op::CallMethod | Op::SuperCall => (ins.u16() as i32 + 2, 1),
        Op::ArrayFrom => (ins.u16() as i32, 1),
        _ => (info.npop as i32, info.npush as i32),
    }
}

/// Whether an instruction may write local `n`, transfer control, or read
/// values below its own operands.
fn may_write_local_or_jump(ins: &Ins, n: u16) -> bool {
    match ins.op {
        Op::PutLoc
        | Op::PutLocCheck
        | Op::SetLocUninit
        | Op::SetLoc
        | Op::IncLoc
        | Op::DecLoc
        | Op::AddLoc
        | Op::PostIncLoc
        | Op::PostDecLoc => ins.u16() == n,
        Op::Label | Op::Gosub | Op::Ret | Op::Yield | Op::InitialYield => true,
        // They reach values below their own operands, which the rewrite
        // would shift.
        Op::Pick | Op::IteratorValue | Op::IteratorRest | Op::IteratorCloseAt | Op::NipCatch => {
            true
        }
        op => is_terminator(op) || ins.target().is_some(),
    }
}

/// For `out` ending in `Add; PutLoc n`: the index of the `GetLoc n` that
/// pushed the left operand, when the code between it and the `Add` computes
/// one value from nothing below it, straight-line, without writing local n.
fn add_loc_start(out: &[Ins], n: u16) -> Option<usize> {
    let add = out.len().checked_sub(2)?;
    let mut need = 1i32;
    let mut i = add;
    let limit = add.saturating_sub(64);
    while need > 0 {
        if i == 0 || i <= limit {
            return None;
        }
        i -= 1;
        let ins = &out[i];
        if may_write_local_or_jump(ins, n) {
            return None;
        }
        let (pop, push) = stack_effect(ins);
        need = need - push + pop;
    }
    if need != 0 {
        return None;
    }
    let mut s = i;
    while s > 0 && out[s - 1].op == Op::Position {
        s -= 1;
    }
    if s == 0 || !out[s - 1].is(Op::GetLoc, n) {
        return None;
    }
    // Forward check: nothing in between reaches below its own values.
    let mut d = 0i32;
    for ins in &out[i..add] {
        let (pop, push) = stack_effect(ins);
        if d < pop {
            return None;
        }
        d = d - pop + push;
    }
    (d == 1).then_some(s - 1)
}

fn is_store_pop(op: Op) -> bool {
    matches!(
        op,
        Op::PutLoc
            | Op::PutLocCheck
            | Op::PutCell
            | Op::PutCellCheck
            | Op::PutVarRef
            | Op::PutVarRefCheck
            | Op::PutGlobal
            | Op::PutGlobalSloppy
    )
}

/// Rewrites the tail of `out` once; returns whether it changed.
fn rewrite_tail(out: &mut Vec<Ins>) -> bool {
    let n = out.len();
    let last = out[n - 1];
    // An assignment whose value is unused: Dup; PutX; Drop -> PutX,
    // Insert2; PutField; Drop -> PutField, Insert3; PutElem; Drop -> PutElem
    let (keep, put) = (out.get(n.wrapping_sub(3)), out.get(n.wrapping_sub(2)));
    let unused_copy = match (keep.map(|i| i.op), put.map(|i| i.op)) {
        (Some(Op::Dup), Some(p)) => is_store_pop(p),
        (Some(Op::Insert2), Some(Op::PutField)) | (Some(Op::Insert3), Some(Op::PutElem)) => true,
        _ => false,
    };
    if last.op == Op::Drop && unused_copy {
        let put = out[n - 2];
        out.truncate(n - 3);
        out.push(put);
        return true;
    }
    // GetLoc n; ToNumeric; Dup; Inc; PutLoc n; Drop -> IncLoc n (x++ as a statement)
    if last.op == Op::Drop
        && n >= 6
        && out[n - 6].op == Op::GetLoc
        && out[n - 5].op == Op::ToNumeric
        && out[n - 4].op == Op::Dup
        && matches!(out[n - 3].op, Op::Inc | Op::Dec)
        && out[n - 2].is(Op::PutLoc, out[n - 6].u16())
    {
        let l = out[n - 6].u16();
        let op = if out[n - 3].op == Op::Inc {
            Op::IncLoc
        } else {
            Op::DecLoc
        };
        out.truncate(n - 6);
        out.push(Ins::with_u16(op, l));
        return true;
    }
    // ToNumeric; Dup; Inc; PutX; Drop -> Inc; PutX (x++ as a statement on
    // any other variable: Inc converts with ToNumeric itself)
    if last.op == Op::Drop
        && n >= 5
        && out[n - 5].op == Op::ToNumeric
        && out[n - 4].op == Op::Dup
        && matches!(out[n - 3].op, Op::Inc | Op::Dec)
        && is_store_pop(out[n - 2].op)
    {
        let (inc, put) = (out[n - 3], out[n - 2]);
        out.truncate(n - 5);
        out.push(inc);
        out.push(put);
        return true;
    }
    if last.op == Op::PutLoc && n >= 3 {
        let l = last.u16();
        // GetLoc n; Inc; PutLoc n -> IncLoc n (++x as a statement)
        if out[n - 3].is(Op::GetLoc, l) && matches!(out[n - 2].op, Op::Inc | Op::Dec) {
            let op = if out[n - 2].op == Op::Inc {
                Op::IncLoc
            } else {
                Op::DecLoc
            };
            out.truncate(n - 3);
            out.push(Ins::with_u16(op, l));
            return true;
        }
        // GetLoc n; <v>; Add; PutLoc n -> <v>; AddLoc n
        if out[n - 2].op == Op::Add
            && let Some(s) = add_loc_start(out, l)
        {
            out.truncate(n - 2);
            out.remove(s);
            out.push(Ins::with_u16(Op::AddLoc, l));
            return true;
        }
    }
    false
}

fn rewrite(v: &mut Vec<Ins>) -> bool {
    let mut changed = false;
    let mut out: Vec<Ins> = Vec::with_capacity(v.len());
    for &ins in v.iter() {
        out.push(ins);
        while rewrite_tail(&mut out) {
            changed = true;
        }
    }
    *v = out;
    changed
}

/// The last rewrites, which the others do not look for.
fn finish(v: Vec<Ins>) -> Vec<Ins> {
    let mut out: Vec<Ins> = Vec::with_capacity(v.len());
    for ins in v {
        let n = out.len();
        let prev = out.last().copied();
        match (prev, ins.op) {
            // Dup; PutLoc n -> SetLoc n
            (Some(p), Op::PutLoc) if p.op == Op::Dup => {
                out[n - 1] = Ins::with_u16(Op::SetLoc, ins.u16());
            }
            // PutLoc n; GetLoc n -> SetLoc n
            (Some(p), Op::GetLoc) if p.is(Op::PutLoc, ins.u16()) => {
                out[n - 1] = Ins::with_u16(Op::SetLoc, ins.u16());
            }
            // GetField length -> GetLength (fast cases for arrays and strings)
            (_, Op::GetField) if ins.a[..4] == crate::atom::Atom::LENGTH.0.to_le_bytes() => {
                out.push(Ins {
                    op: Op::GetLength,
                    a: ins.a,
                });
            }
            // PushThis; GetField k -> GetThisField k
            (Some(p), Op::GetField) if p.op == Op::PushThis => {
                out[n - 1] = Ins {
                    op: Op::GetThisField,
                    a: ins.a,
                };
            }
            // Lt; IfTrue l -> IfLt l (and the other comparisons)
            (Some(p), Op::IfTrue | Op::IfFalse)
                if matches!(p.op, Op::Lt | Op::Le | Op::Gt | Op::Ge) =>
            {
                let t = ins.op == Op::IfTrue;
                let op = match p.op {
                    Op::Lt if t => Op::IfLt,
                    Op::Le if t => Op::IfLe,
                    Op::Gt if t => Op::IfGt,
                    Op::Ge if t => Op::IfGe,
                    Op::Lt => Op::IfNotLt,
                    Op::Le => Op::IfNotLe,
                    Op::Gt => Op::IfNotGt,
                    _ => Op::IfNotGe,
                };
                out[n - 1] = Ins { op, a: ins.a };
            }
            // Eq; IfTrue l -> IfEq l (and the other equality operators)
            (Some(p), Op::IfTrue | Op::IfFalse)
                if matches!(p.op, Op::Eq | Op::Ne | Op::StrictEq | Op::StrictNe) =>
            {
                let holds = (ins.op == Op::IfTrue) == matches!(p.op, Op::Eq | Op::StrictEq);
                let op = match p.op {
                    Op::Eq | Op::Ne if holds => Op::IfEq,
                    Op::Eq | Op::Ne => Op::IfNotEq,
                    _ if holds => Op::IfStrictEq,
                    _ => Op::IfNotStrictEq,
                };
                out[n - 1] = Ins { op, a: ins.a };
            }
            _ => out.push(ins),
        }
        // GetLoc n; ToNumeric; Dup; Inc; PutLoc n -> PostIncLoc n (x++ whose
        // value is used)
        let n = out.len();
        if n >= 5
            && out[n - 1].op == Op::PutLoc
            && out[n - 5].is(Op::GetLoc, out[n - 1].u16())
            && out[n - 4].op == Op::ToNumeric
            && out[n - 3].op == Op::Dup
            && matches!(out[n - 2].op, Op::Inc | Op::Dec)
        {
            let l = out[n - 1].u16();
            let op = by_step(out[n - 2].op, Op::PostIncLoc, Op::PostDecLoc);
            out.truncate(n - 5);
            out.push(Ins::with_u16(op, l));
        }
        // GetLoc n; Inc; SetLoc n -> IncLoc n; GetLoc n (++x whose value is used)
        let n = out.len();
        if n >= 3
            && out[n - 1].op == Op::SetLoc
            && out[n - 3].is(Op::GetLoc, out[n - 1].u16())
            && matches!(out[n - 2].op, Op::Inc | Op::Dec)
        {
            let l = out[n - 1].u16();
            let op = by_step(out[n - 2].op, Op::IncLoc, Op::DecLoc);
            out.truncate(n - 3);
            out.push(Ins::with_u16(op, l));
            out.push(Ins::with_u16(Op::GetLoc, l));
        }
    }
    out
}

/// `inc` for an `Inc` instruction, `dec` for a `Dec`.
fn by_step(step: Op, inc: Op, dec: Op) -> Op {
    if step == Op::Inc { inc } else { dec }
}

#[cfg(test)]
mod tests {
    use crate::bytecode::{Op, op_list};
    use crate::runtime::Rt;

    /// The instructions of the first function of `src`.
    fn ops_of(src: &str) -> Vec<Op> {
        let rt = Rt::new();
        let bc = crate::compiler::compile_script(&rt, src, "t.js", false).expect("compiles");
        op_list(&bc.functions[0].code)
    }

    #[test]
    fn counting_loop_is_tight() {
        use Op::*;
        assert_eq!(
            ops_of("function f(n) { var j; for (j = 0; j < n; j++) {} return n; }"),
            [
                PushI8, PutLoc, Goto, IncLoc, GetLoc, GetLoc, IfLt, GetLoc, Return
            ]
        );
        assert_eq!(
            ops_of("function f(n) { var j = n; do { } while (--j > 0); return n; }"),
            [GetLoc, PutLoc, DecLoc, GetLoc, PushI8, IfGt, GetLoc, Return]
        );
    }

    #[test]
    fn compound_assignment_to_a_local() {
        let ops = ops_of("function f(o) { var s = 0; s += o.a; s = s + 1; return s; }");
        assert_eq!(ops.iter().filter(|&&op| op == Op::AddLoc).count(), 2);
        assert!(!ops.contains(&Op::Dup) && !ops.contains(&Op::Add));
        // The right side writes the local: the left operand is read first.
        let ops = ops_of("function f() { var s = 1; s += (s = 2, 3); return s; }");
        assert!(!ops.contains(&Op::AddLoc));
    }

    #[test]
    fn unused_values_of_stores_are_not_kept() {
        // A property assignment as a statement.
        let ops = ops_of("function f(o, v) { o.a = v; o[v] = 1; }");
        assert!(!ops.contains(&Op::Insert2) && !ops.contains(&Op::Insert3));
        assert!(!ops.contains(&Op::Drop));
        // x++ on a captured variable as a statement.
        let ops = ops_of("function f() { let i = 0; i++; return () => i; }");
        assert!(!ops.contains(&Op::ToNumeric) && !ops.contains(&Op::Dup));
        assert!(ops.contains(&Op::Inc));
    }

    #[test]
    fn jumps_are_threaded_and_dead_code_removed() {
        let ops = ops_of("function f(x) { if (x) { return 1; } else { return 2; } g(); }");
        assert!(!ops.contains(&Op::Goto) && !ops.contains(&Op::Call));
        let ops = ops_of("function f(x) { while (x) { if (x > 1) continue; x--; } }");
        assert_eq!(ops.iter().filter(|&&op| op == Op::Goto).count(), 1);
    }
}
