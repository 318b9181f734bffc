//! Arguments objects that only feed `apply`: in a function without
//! parameters whose uncaptured `arguments` is only ever read as the last
//! argument of a two-argument method call (`x.apply(y, arguments)`, the
//! way constructors and wrappers forward their arguments), the object is
//! not created in the prologue. Each such read becomes `LazyArguments`,
//! which calls the target directly with the frame's arguments when the
//! method is %Function.prototype.apply% and otherwise creates the object
//! then (once: it is kept in the local). With no parameters nothing can
//! change what the object would have held, and only `apply` would have
//! seen it.
//!
//! The pass runs on a function's resolved code before the peephole pass,
//! while labels and positions are still markers.

use crate::bytecode::{Fmt, Op, read_u16};

/// Ops with a 16-bit operand that is not a local's index.
fn operand_not_local(op: Op) -> bool {
    matches!(
        op,
        Op::Call
            | Op::CallMethod
            | Op::New
            | Op::GetCell
            | Op::GetCellCheck
            | Op::PutCell
            | Op::PutCellCheck
            | Op::NewCell
            | Op::NewCellUndef
            | Op::CopyCell
            | Op::GetVarRef
            | Op::GetVarRefCheck
            | Op::PutVarRef
            | Op::PutVarRefCheck
            | Op::NewObject
            | Op::NewArray
    )
}

/// The next instruction at or after `pc` that is not a marker.
fn skip_markers(code: &[u8], mut pc: usize) -> Option<(usize, Op)> {
    while pc < code.len() {
        let op = Op::from_u8(code[pc])?;
        if !matches!(op, Op::Label | Op::Position) {
            return Some((pc, op));
        }
        pc += op.size();
    }
    None
}

/// Rewrites `code` (see the module comment) when the function qualifies.
pub(super) fn lazy_arguments(code: &mut Vec<u8>, param_count: u16) {
    if param_count != 0 {
        return;
    }
    // The prologue's `SpecialObject 0|1; PutLoc n`, then every use of local n.
    let mut creation = None;
    let mut reads = Vec::new();
    let mut pc = 0;
    let mut ops = Vec::new();
    while pc < code.len() {
        let Some(op) = Op::from_u8(code[pc]) else {
            return;
        };
        ops.push((pc, op));
        pc += op.size();
    }
    for (i, &(pc, op)) in ops.iter().enumerate() {
        if op == Op::SpecialObject
            && code[pc + 1] <= 1
            && let Some(&(next, Op::PutLoc)) = ops.get(i + 1)
        {
            if creation.is_some() {
                return;
            }
            creation = Some((pc, next, read_u16(code, next + 1)));
        }
    }
    let Some((create_pc, put_pc, slot)) = creation else {
        return;
    };
    for &(pc, op) in &ops {
        if pc == put_pc || op.info().fmt != Fmt::U16 || operand_not_local(op) {
            continue;
        }
        if read_u16(code, pc + 1) != slot {
            continue;
        }
        let call = skip_markers(code, pc + op.size());
        match call {
            Some((at, Op::CallMethod)) if op == Op::GetLoc && read_u16(code, at + 1) == 2 => {
                reads.push(pc);
            }
            _ => return,
        }
    }
    if reads.is_empty() {
        return;
    }
    for pc in reads {
        code[pc] = Op::LazyArguments as u8;
    }
    // The local stays undefined until `LazyArguments` creates the object.
    code.drain(create_pc..put_pc + Op::PutLoc.size());
}
