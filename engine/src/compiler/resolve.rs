//! Phase 2 of compilation: variable resolution, prologue generation, label
//! resolution, the position table and the stack-depth check, then building
//! the final [`FunctionBytecode`].
//!
//! Functions are resolved children first (a child always has a larger index
//! than its parent), so when a function is resolved every nested function
//! has already recorded which of its variables it captures; captured
//! variables live in cells, the others in plain stack slots.

use super::{AnnexBTarget, CResult, CompileError, FuncDef, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::{
    CaptureFrom, ClosureVarInfo, END_OF_CODE, EvalRole, Fmt, FunctionBytecode, Op, PosEntry,
    fn_flags, read_i32, read_u16, read_u32,
};
use crate::gc::Gc;

/// Where a name lives, as seen from one function.
#[derive(Clone, Copy, Debug)]
enum Resolved {
    Local(u16, VarKind),
    Cell(u16, VarKind),
    VarRef(u16, VarKind),
    Global,
    ThisDirect,
    NewTargetDirect,
    Callee,
}

/// Appends one instruction to a code buffer.
struct Emitter<'a> {
    out: &'a mut Vec<u8>,
}

impl Emitter<'_> {
    fn op(&mut self, op: Op) {
        self.out.push(op as u8);
    }
    fn op16(&mut self, op: Op, v: u16) {
        self.out.push(op as u8);
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    fn op32(&mut self, op: Op, v: u32) {
        self.out.push(op as u8);
        self.out.extend_from_slice(&v.to_le_bytes());
    }
    /// An instruction with an atom and an inline-cache slot (assigned later).
    fn op_atom_cache(&mut self, op: Op, a: Atom) {
        self.out.push(op as u8);
        self.out.extend_from_slice(&a.0.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
    }
    fn op_atom_label(&mut self, op: Op, a: Atom, label: u32) {
        self.out.push(op as u8);
        self.out.extend_from_slice(&a.0.to_le_bytes());
        self.out.extend_from_slice(&label.to_le_bytes());
    }
    fn op_i8(&mut self, op: Op, v: i8) {
        self.out.push(op as u8);
        self.out.push(v as u8);
    }
}

impl Parser<'_, '_> {
    pub(crate) fn resolve_all(mut self) -> CResult<Gc<FunctionBytecode>> {
        for i in (0..self.funcs.len()).rev() {
            self.resolve_function(i)?;
        }
        match self.funcs[0].built.take() {
            Some(b) => Ok(b),
            None => Err(CompileError {
                message: "internal error".into(),
                line: 0,
                col: 0,
                too_deep: false,
            }),
        }
    }

    pub(super) fn ensure_cell(&mut self, fi: usize, v: u16) -> u16 {
        let f = &mut self.funcs[fi];
        match f.vars[v as usize].cell {
            Some(c) => c,
            None => {
                let c = f.cell_count;
                f.cell_count += 1;
                f.vars[v as usize].cell = Some(c);
                c
            }
        }
    }

    /// Finds or creates the implicit variable `name` in function `fi`'s top scope.
    pub(super) fn implicit_var(&mut self, fi: usize, name: Atom, kind: VarKind) -> u16 {
        if let Some(v) = self.funcs[fi].scopes[0]
            .vars
            .iter()
            .copied()
            .find(|&v| self.funcs[fi].vars[v as usize].name == name)
        {
            return v;
        }
        if name == Atom::ARGUMENTS {
            self.funcs[fi].flags |= fn_flags::NEEDS_ARGUMENTS;
        }
        let kind = match name {
            // Uninitialized until `super()` returns.
            Atom::THIS if self.funcs[fi].flags & fn_flags::DERIVED != 0 => VarKind::Let,
            // Initialized with the running function.
            Atom::ACTIVE_FUNC => VarKind::FuncName,
            _ => kind,
        };
        self.funcs[fi].add_var(name, 0, kind)
    }

    /// The implicit bindings of methods and class constructors: a method's
    /// home object (`super.x`), and a derived constructor's own function
    /// (`super()`) and `this`. Found or created in `fi` if it has them.
    pub(super) fn method_implicit(&mut self, fi: usize, name: Atom) -> Option<u16> {
        let f = &self.funcs[fi];
        if f.is_arrow() || f.is_script {
            return None;
        }
        let derived = f.flags & fn_flags::DERIVED != 0;
        let has = match name {
            Atom::HOME_OBJECT => f.flags & fn_flags::METHOD != 0,
            Atom::ACTIVE_FUNC | Atom::THIS => derived,
            _ => false,
        };
        has.then(|| self.implicit_var(fi, name, VarKind::Implicit))
    }

    /// For a sloppy function with simple parameters that uses `arguments`
    /// (§10.4.4.7 CreateMappedArgumentsObject): puts each mapped parameter
    /// (the last one of each name) in a cell and returns the cell indices.
    fn mapped_parameter_cells(&mut self, fi: usize, code: &[u8]) -> Box<[u16]> {
        let f = &self.funcs[fi];
        if f.is_arrow() || f.is_script || f.is_strict() || !f.has_simple_params {
            return Box::new([]);
        }
        let uses_arguments = |f: &FuncDef| {
            f.scopes[0].vars.iter().any(|&v| {
                let vd = &f.vars[v as usize];
                vd.name == Atom::ARGUMENTS && matches!(vd.kind, VarKind::Implicit | VarKind::Var)
            })
        };
        if !uses_arguments(f) {
            // A reference in this function's own code (not shadowed).
            let mut pc = 0;
            let mut found = false;
            while pc < code.len() {
                let Some(op) = Op::from_u8(code[pc]) else {
                    break;
                };
                if op.info().fmt == Fmt::AtomScope
                    && Atom(read_u32(code, pc + 1)) == Atom::ARGUMENTS
                    && f.find_var(Atom::ARGUMENTS, read_u16(code, pc + 5))
                        .is_none()
                {
                    found = true;
                    break;
                }
                pc += op.size();
            }
            if !found {
                return Box::new([]);
            }
            self.implicit_var(fi, Atom::ARGUMENTS, VarKind::Implicit);
        }
        let n = self.funcs[fi].param_count;
        let mut cells = vec![u16::MAX; n as usize];
        for i in 0..n {
            let name = self.funcs[fi].vars[i as usize].name;
            let last = !(i + 1..n).any(|j| self.funcs[fi].vars[j as usize].name == name);
            if last {
                cells[i as usize] = self.ensure_cell(fi, i);
            }
        }
        cells.into_boxed_slice()
    }

    /// Looks `name` up in function `p` at `scope`, for capture by a nested function.
    fn lookup_for_capture(
        &mut self,
        p: usize,
        name: Atom,
        scope: u16,
    ) -> Option<(CaptureFrom, VarKind)> {
        let (is_arrow, is_script) = (self.funcs[p].is_arrow(), self.funcs[p].is_script);
        if let Some(v) = self.method_implicit(p, name) {
            let c = self.ensure_cell(p, v);
            let kind = self.funcs[p].vars[v as usize].kind;
            return Some((CaptureFrom::Cell(c), kind));
        }
        if name == Atom::THIS || name == Atom::NEW_TARGET {
            if self.funcs[p].lexical_this()
                && let Some((i, k)) = self.capture(p, name)
            {
                return Some((CaptureFrom::VarRef(i), k));
            }
            if is_arrow {
                return None;
            }
            // A function's own `this`, or global code's (also global eval code's).
            let v = self.implicit_var(p, name, VarKind::Implicit);
            let c = self.ensure_cell(p, v);
            let kind = self.funcs[p].vars[v as usize].kind;
            return Some((CaptureFrom::Cell(c), kind));
        }
        if let Some(v) = self.funcs[p].find_var(name, scope) {
            let kind = self.funcs[p].vars[v as usize].kind;
            let c = self.ensure_cell(p, v);
            return Some((CaptureFrom::Cell(c), kind));
        }
        if !is_script && self.funcs[p].func_name == Some(name) {
            let v = self.implicit_var(p, name, VarKind::FuncName);
            let c = self.ensure_cell(p, v);
            return Some((CaptureFrom::Cell(c), VarKind::FuncName));
        }
        if name == Atom::ARGUMENTS && !is_arrow && !is_script {
            let v = self.implicit_var(p, name, VarKind::Implicit);
            let c = self.ensure_cell(p, v);
            return Some((CaptureFrom::Cell(c), VarKind::Implicit));
        }
        let (i, k) = self.capture(p, name)?;
        Some((CaptureFrom::VarRef(i), k))
    }

    /// Makes `name` from an enclosing function a closure variable of `fi`.
    pub(super) fn capture(&mut self, fi: usize, name: Atom) -> Option<(u16, VarKind)> {
        if let Some(i) = self.funcs[fi]
            .closure_vars
            .iter()
            .position(|c| c.name == name)
        {
            return Some((i as u16, self.funcs[fi].closure_kinds[i]));
        }
        let p = self.funcs[fi].parent?;
        let ps = self.funcs[fi].parent_scope;
        let (from, kind) = self.lookup_for_capture(p, name, ps)?;
        let f = &mut self.funcs[fi];
        f.closure_vars.push(ClosureVarInfo { name, from });
        f.closure_kinds.push(kind);
        Some(((f.closure_vars.len() - 1) as u16, kind))
    }

    fn resolve_name(&mut self, fi: usize, name: Atom, scope: u16) -> Resolved {
        let (is_arrow, is_script) = (self.funcs[fi].is_arrow(), self.funcs[fi].is_script);
        let lexical_this = self.funcs[fi].lexical_this();
        // A derived constructor's `this` is a binding that `super()` initializes.
        let derived = self.funcs[fi].flags & fn_flags::DERIVED != 0;
        if let Some(v) = self.method_implicit(fi, name) {
            let vd = &self.funcs[fi].vars[v as usize];
            return match vd.cell {
                Some(c) => Resolved::Cell(c, vd.kind),
                None => Resolved::Local(v, vd.kind),
            };
        }
        if name == Atom::THIS && !lexical_this && !derived {
            return Resolved::ThisDirect;
        }
        if name == Atom::NEW_TARGET && !lexical_this {
            return Resolved::NewTargetDirect;
        }
        if (name != Atom::THIS || derived) && name != Atom::NEW_TARGET {
            if let Some(v) = self.funcs[fi].find_var(name, scope) {
                let vd = &self.funcs[fi].vars[v as usize];
                return match vd.cell {
                    Some(c) => Resolved::Cell(c, vd.kind),
                    None => Resolved::Local(v, vd.kind),
                };
            }
            if !is_script && self.funcs[fi].func_name == Some(name) {
                return Resolved::Callee;
            }
            if name == Atom::ARGUMENTS && !is_arrow && !is_script {
                let v = self.implicit_var(fi, name, VarKind::Implicit);
                return match self.funcs[fi].vars[v as usize].cell {
                    Some(c) => Resolved::Cell(c, VarKind::Implicit),
                    None => Resolved::Local(v, VarKind::Implicit),
                };
            }
        }
        match self.capture(fi, name) {
            Some((i, k)) => Resolved::VarRef(i, k),
            None if name == Atom::THIS => Resolved::ThisDirect,
            None => Resolved::Global,
        }
    }

    /// The hidden variables of the `with` statements (and variable-environment
    /// objects of functions with a sloppy direct eval) a lookup of `name`
    /// from `scope` passes through before reaching its binding, innermost
    /// first, as seen from function `fi` (outer functions' ones are
    /// captured). Direct eval code continues into its caller's scope
    /// description.
    fn with_chain(&mut self, fi: usize, name: Atom, scope: u16) -> Vec<Resolved> {
        self.object_envs(fi, name, scope)
            .into_iter()
            .map(|(r, _)| r)
            .collect()
    }

    /// The object environments a lookup of `name` passes, innermost first,
    /// each with whether it is a variable-environment object (as opposed
    /// to a `with` object, whose Reference supplies the call's this value).
    fn object_envs(&mut self, fi: usize, name: Atom, scope: u16) -> Vec<(Resolved, bool)> {
        if name == Atom::THIS || name == Atom::NEW_TARGET || self.is_hidden_name(name) {
            return Vec::new();
        }
        // Collect (owning function or None for the caller of eval code, hidden name, scope, varenv).
        let mut found: Vec<(Option<usize>, Atom, u16, bool)> = Vec::new();
        let mut f = fi;
        let mut s = Some(scope);
        'outer: loop {
            while let Some(si) = s {
                let sd = &self.funcs[f].scopes[si as usize];
                if sd
                    .vars
                    .iter()
                    .any(|&v| self.funcs[f].vars[v as usize].name == name)
                {
                    break 'outer;
                }
                if let Some(wv) = sd.with_var {
                    let wd = &self.funcs[f].vars[wv as usize];
                    let varenv = self.funcs[f].varenv_var == Some(wv);
                    found.push((Some(f), wd.name, wd.scope, varenv));
                }
                s = sd.parent;
            }
            if self.funcs[f].func_name == Some(name) {
                break;
            }
            match self.funcs[f].parent {
                Some(p) => {
                    s = Some(self.funcs[f].parent_scope);
                    f = p;
                }
                None => {
                    if let Some(env) = &self.funcs[f].eval_env {
                        for b in env.bindings.iter() {
                            match b.role {
                                EvalRole::Binding if b.name == name => break,
                                EvalRole::Binding => {}
                                r => found.push((None, b.name, 0, r == EvalRole::VarEnv)),
                            }
                        }
                    }
                    break;
                }
            }
        }
        let mut out = Vec::with_capacity(found.len());
        for (owner, wname, scope_of, varenv) in found {
            let r = if owner == Some(fi) {
                self.resolve_name(fi, wname, scope_of)
            } else {
                match self.capture(fi, wname) {
                    Some((i, k)) => Resolved::VarRef(i, k),
                    None => continue,
                }
            };
            out.push((r, varenv));
        }
        out
    }

    /// The compiler's own bindings (private names `#x`, `<home>`, ...),
    /// which no `with` object or variable environment can hold.
    pub(super) fn is_hidden_name(&self, name: Atom) -> bool {
        !name.is_index()
            && matches!(
                self.rt.atom_name(name).as_bytes().first(),
                Some(b'#' | b'<')
            )
    }

    fn emit_get(&self, e: &mut Emitter, r: Resolved, name: Atom, typeof_mode: bool) {
        match r {
            Resolved::Local(i, k) => e.op16(
                if k.has_tdz() {
                    Op::GetLocCheck
                } else {
                    Op::GetLoc
                },
                i,
            ),
            Resolved::Cell(c, k) => e.op16(
                if k.has_tdz() {
                    Op::GetCellCheck
                } else {
                    Op::GetCell
                },
                c,
            ),
            Resolved::VarRef(i, k) => e.op16(
                if k.has_tdz() {
                    Op::GetVarRefCheck
                } else {
                    Op::GetVarRef
                },
                i,
            ),
            Resolved::Global => e.op_atom_cache(
                if typeof_mode {
                    Op::GetGlobalUndef
                } else {
                    Op::GetGlobal
                },
                name,
            ),
            Resolved::ThisDirect => e.op(Op::PushThis),
            Resolved::NewTargetDirect => e.op_i8(Op::SpecialObject, 2),
            Resolved::Callee => e.op(Op::GetCallee),
        }
    }

    fn emit_put(&self, e: &mut Emitter, r: Resolved, name: Atom, init: bool, strict: bool) {
        let kind = match r {
            Resolved::Local(_, k) | Resolved::Cell(_, k) | Resolved::VarRef(_, k) => Some(k),
            _ => None,
        };
        if !init && kind == Some(VarKind::Const) {
            e.op(Op::Drop);
            e.op32(Op::ThrowConstAssign, name.0);
            return;
        }
        if !init && (kind == Some(VarKind::FuncName) || matches!(r, Resolved::Callee)) {
            e.op(Op::Drop);
            if strict {
                e.op32(Op::ThrowConstAssign, name.0);
            }
            return;
        }
        let check = !init && kind.is_some_and(|k| k.has_tdz());
        match r {
            Resolved::Local(i, _) => e.op16(if check { Op::PutLocCheck } else { Op::PutLoc }, i),
            Resolved::Cell(c, _) => e.op16(if check { Op::PutCellCheck } else { Op::PutCell }, c),
            Resolved::VarRef(i, _) => e.op16(
                if check {
                    Op::PutVarRefCheck
                } else {
                    Op::PutVarRef
                },
                i,
            ),
            Resolved::Global => {
                let op = if init {
                    Op::PutGlobalInit
                } else if strict {
                    Op::PutGlobal
                } else {
                    Op::PutGlobalSloppy
                };
                if op == Op::PutGlobalInit {
                    e.op32(op, name.0);
                } else {
                    e.op_atom_cache(op, name);
                }
            }
            Resolved::ThisDirect | Resolved::NewTargetDirect | Resolved::Callee => e.op(Op::Drop),
        }
    }

    /// Stores the top of the stack into variable `v` of `fi` (prologue use).
    fn emit_store_var(&self, e: &mut Emitter, fi: usize, v: u16) {
        match self.funcs[fi].vars[v as usize].cell {
            Some(c) => e.op16(Op::PutCell, c),
            None => e.op16(Op::PutLoc, v),
        }
    }

    /// Initialises the bindings of scope `s` on entry.
    fn emit_scope_entry(&self, e: &mut Emitter, fi: usize, s: u16) {
        let f = &self.funcs[fi];
        for &v in &f.scopes[s as usize].vars {
            let vd = &f.vars[v as usize];
            let tdz = vd.kind.has_tdz();
            match (vd.cell, tdz) {
                (Some(c), true) => e.op16(Op::NewCell, c),
                (Some(c), false) => e.op16(Op::NewCellUndef, c),
                (None, true) => e.op16(Op::SetLocUninit, v),
                (None, false) => {}
            }
        }
        for &(v, child) in &f.scopes[s as usize].hoisted {
            e.op32(Op::FClosure, child);
            self.emit_store_var(e, fi, v);
        }
    }

    /// Eval code compiled for a call inside a function (its caller has a
    /// variable-environment object).
    fn eval_in_function(&self, fi: usize) -> bool {
        let f = &self.funcs[fi];
        f.is_script
            && f.eval_code
            && f.eval_env
                .as_ref()
                .is_some_and(|env| env.bindings.iter().any(|b| b.role == EvalRole::VarEnv))
    }

    /// Annex B.3.2.3 step 11 for eval code inside a function: a block-level
    /// function gets a var binding in the caller's variable environment
    /// unless a binding of that name lies between the eval and that
    /// environment (then it stays block-scoped). Decided at compile time from
    /// the call site's scope; the hidden flag records the answer for
    /// `AnnexBCopy`.
    fn eval_varenv_annexb(&self, e: &mut Emitter, fi: usize) {
        let f = &self.funcs[fi];
        let Some(env) = f.eval_env.as_ref() else {
            return;
        };
        let Some(ve) = env.bindings.iter().position(|b| b.role == EvalRole::VarEnv) else {
            return;
        };
        let below = &env.bindings[..ve];
        for (i, d) in f.annexb.iter().enumerate() {
            let AnnexBTarget::Global(flag) = d.target else {
                continue;
            };
            if f.annexb[..i].iter().any(|o| o.target == d.target) {
                continue;
            }
            let same =
                |b: &&crate::bytecode::EvalBinding| b.role == EvalRole::Binding && b.name == d.name;
            let blocked = below
                .iter()
                .filter(same)
                .any(|b| b.lexical || b.kind == VarKind::Catch);
            if blocked {
                e.op(Op::PushFalse);
            } else {
                let existing = below.iter().any(|b| same(&b));
                let declared = f.global_vars.contains(&d.name)
                    || f.global_funcs.iter().any(|(a, _)| *a == d.name);
                if !existing && !declared {
                    e.op16(Op::GetVarRef, ve as u16);
                    e.op32(Op::EvalDefineVar, d.name.0);
                }
                e.op(Op::PushTrue);
            }
            e.op16(Op::PutLoc, flag);
        }
    }

    fn emit_prologue(&self, e: &mut Emitter, fi: usize) {
        let f = &self.funcs[fi];
        // Annex B.3.2.2 step 12 / B.3.2.3 step 11: var bindings of
        // block-level functions, decided against the global object. (Eval
        // code inside a function has a variable-environment object instead;
        // there the functions stay block-scoped.)
        let global_annexb = |e: &mut Emitter, deletable: u8| {
            for (i, d) in f.annexb.iter().enumerate() {
                if let AnnexBTarget::Global(flag) = d.target
                    && !f.annexb[..i]
                        .iter()
                        .any(|o| o.target == AnnexBTarget::Global(flag))
                {
                    e.op32(Op::GlobalAnnexBVar, d.name.0);
                    e.out.push(deletable);
                    e.op16(Op::PutLoc, flag);
                }
            }
        };
        if f.is_script && f.eval_code {
            // Eval code's vars and functions are instantiated by the code
            // `eval_declaration_instantiation` put at its start.
            let in_function = f
                .eval_env
                .as_ref()
                .is_some_and(|env| env.bindings.iter().any(|b| b.role == EvalRole::VarEnv));
            if f.global_decls && !in_function {
                global_annexb(e, 1);
            } else if f.global_decls {
                self.eval_varenv_annexb(e, fi);
            }
        } else if f.is_script && f.global_decls {
            // GlobalDeclarationInstantiation (§16.1.7): every check first,
            // then the bindings.
            let deletable = 0;
            let is_fn = |a: Atom| f.global_funcs.iter().any(|(n, _)| *n == a);
            for &(a, _) in &f.global_lex {
                e.op32(Op::CheckGlobalLex, a.0);
            }
            for &(a, _) in &f.global_funcs {
                e.op32(Op::CheckGlobalVarName, a.0);
            }
            for &a in &f.global_vars {
                e.op32(Op::CheckGlobalVarName, a.0);
            }
            for &(a, _) in f.global_funcs.iter().rev() {
                e.op32(Op::CheckGlobalFunc, a.0);
            }
            for &a in f.global_vars.iter().filter(|&&a| !is_fn(a)) {
                e.op32(Op::CheckGlobalVar, a.0);
            }
            global_annexb(e, deletable);
            for &(a, is_const) in &f.global_lex {
                e.op32(Op::DefineGlobalLex, a.0);
                e.out.push(is_const as u8);
            }
            for &(a, child) in &f.global_funcs {
                e.op32(Op::FClosure, child);
                e.op32(Op::DefineGlobalFunc, a.0);
                e.out.push(deletable);
            }
            for &a in f.global_vars.iter().filter(|&&a| !is_fn(a)) {
                e.op32(Op::DefineGlobalVar, a.0);
                e.out.push(deletable);
            }
        }
        // Parameters and top-level variables that are captured get their cells now.
        for (i, vd) in f.vars.iter().enumerate() {
            if vd.scope != 0 {
                continue;
            }
            let Some(c) = vd.cell else { continue };
            match vd.kind {
                VarKind::Param => {
                    e.op16(Op::NewCellUndef, c);
                    e.op16(Op::GetLoc, i as u16);
                    e.op16(Op::PutCell, c);
                }
                VarKind::Let | VarKind::Const | VarKind::ParamTdz => e.op16(Op::NewCell, c),
                _ => e.op16(Op::NewCellUndef, c),
            }
        }
        for (i, vd) in f.vars.iter().enumerate() {
            if vd.scope != 0 {
                continue;
            }
            if vd.cell.is_none() && vd.kind.has_tdz() {
                e.op16(Op::SetLocUninit, i as u16);
            }
            let init = match (vd.kind, vd.name) {
                (VarKind::Implicit, Atom::THIS) => Some(Op::PushThis),
                (VarKind::Implicit, Atom::NEW_TARGET) => Some(Op::SpecialObject),
                (VarKind::Implicit, Atom::HOME_OBJECT) => Some(Op::SpecialObject),
                (VarKind::Implicit, Atom::ARGUMENTS) => Some(Op::SpecialObject),
                (VarKind::FuncName, _) => Some(Op::GetCallee),
                // `var arguments` starts out as the arguments object (§10.2.11 step 27).
                (VarKind::Var, Atom::ARGUMENTS) if !f.is_arrow() && !f.is_script => {
                    Some(Op::SpecialObject)
                }
                _ if f.varenv_var == Some(i as u16) => Some(Op::SpecialObject),
                _ => None,
            };
            if let Some(op) = init {
                match (op, vd.name) {
                    (Op::SpecialObject, Atom::NEW_TARGET) => e.op_i8(op, 2),
                    (Op::SpecialObject, Atom::HOME_OBJECT) => e.op_i8(op, 4),
                    (Op::SpecialObject, _) if f.varenv_var == Some(i as u16) => e.op_i8(op, 3),
                    (Op::SpecialObject, _) => e.op_i8(
                        op,
                        if f.is_strict() || !f.has_simple_params {
                            0
                        } else {
                            1
                        },
                    ),
                    _ => e.op(op),
                }
                self.emit_store_var(e, fi, i as u16);
            }
        }
        for &(v, child) in &f.scopes[0].hoisted {
            e.op32(Op::FClosure, child);
            self.emit_store_var(e, fi, v);
        }
    }

    /// Expands the Reference forms of a name access (§6.2.5). When an
    /// object environment (a `with` object or a variable-environment object)
    /// may hold the name, the object found when the Reference is made is
    /// kept in a hidden local (`RefSlots`) so that the read and the store go
    /// to that same base; otherwise these are plain accesses.
    #[allow(clippy::too_many_arguments)]
    fn emit_reference(
        &mut self,
        e: &mut Emitter,
        fi: usize,
        refs: &mut RefSlots,
        op: Op,
        name: Atom,
        scope: u16,
        strict: bool,
    ) {
        let withs = self.object_envs(fi, name, scope);
        let r = self.resolve_name(fi, name, scope);
        if withs.is_empty() {
            match op {
                Op::ScopeMakeRef => {}
                Op::ScopeGetRef => self.emit_get(e, r, name, false),
                Op::ScopePutRef => self.emit_put(e, r, name, false, strict),
                _ => {
                    e.op(Op::PushUndefined);
                    self.emit_get(e, r, name, false);
                }
            }
            return;
        }
        let mut label = || {
            let l = self.funcs[fi].next_label;
            self.funcs[fi].next_label += 1;
            l
        };
        let (found, done) = (label(), label());
        if op == Op::ScopeGetCallee {
            // `f()` inside `with`: the object holding `f` is the this value
            // (§9.1.1.2.10 WithBaseObject); a variable-environment object
            // stands for a declarative record, which gives undefined.
            for &(w, varenv) in &withs {
                self.emit_get(e, w, name, false);
                if varenv {
                    e.op_atom_label(Op::WithGetVar, name, found);
                } else {
                    e.op_atom_label(Op::WithGetCallee, name, done);
                }
            }
            e.op(Op::PushUndefined);
            self.emit_get(e, r, name, false);
            if withs.iter().any(|&(_, varenv)| varenv) {
                e.op32(Op::Goto, done);
                e.op32(Op::Label, found);
                e.op(Op::PushUndefined);
                e.op(Op::Swap);
            }
            e.op32(Op::Label, done);
            return;
        }
        if op == Op::ScopePutRef {
            let slot = refs.close();
            e.op16(Op::GetLoc, slot);
            e.op_atom_label(Op::RefPutVar, name, done);
            self.emit_put(e, r, name, false, strict);
            e.op32(Op::Label, done);
            return;
        }
        // Make the Reference: the first object holding the name, else
        // undefined for the declarative or global binding `r`.
        let slot = refs.open(|| self.funcs[fi].add_var(Atom::EMPTY, 0, VarKind::Var));
        for (w, _) in withs {
            self.emit_get(e, w, name, false);
            e.op_atom_label(Op::WithFindRef, name, found);
        }
        e.op(Op::PushUndefined);
        e.op32(Op::Label, found);
        e.op16(Op::PutLoc, slot);
        if op == Op::ScopeGetRef {
            e.op16(Op::GetLoc, slot);
            e.op_atom_label(Op::RefGetVar, name, done);
            self.emit_get(e, r, name, false);
            e.op32(Op::Label, done);
        }
    }

    fn resolve_function(&mut self, fi: usize) -> CResult<()> {
        let code = std::mem::take(&mut self.funcs[fi].code);
        let strict = self.funcs[fi].is_strict();
        // Before any access is resolved: the bindings direct eval can see
        // become cells, and so do the parameters a mapped `arguments` aliases.
        let sites = self.funcs[fi].eval_sites.clone();
        let eval_scopes: Vec<std::rc::Rc<crate::bytecode::EvalScope>> = sites
            .iter()
            .map(|&(s, in_params)| std::rc::Rc::new(self.build_eval_scope(fi, s, in_params)))
            .collect();
        let f = &self.funcs[fi];
        if !f.is_arrow()
            && !f.is_script
            && f.scopes[0].vars.iter().any(|&v| {
                let vd = &f.vars[v as usize];
                vd.name == Atom::ARGUMENTS && vd.kind == VarKind::Var
            })
        {
            self.funcs[fi].flags |= fn_flags::NEEDS_ARGUMENTS;
        }
        let param_cells = self.mapped_parameter_cells(fi, &code);
        // First pass over the body: resolve names (this may add implicit
        // variables, which the prologue must then initialise).
        let mut body = Vec::with_capacity(code.len());
        let mut refs = RefSlots::default();
        let mut pc = 0;
        while pc < code.len() {
            let Some(op) = Op::from_u8(code[pc]) else {
                break;
            };
            let size = op.size();
            let mut e = Emitter { out: &mut body };
            match op {
                Op::ScopeGetVar
                | Op::ScopeGetVarRaw
                | Op::ScopeTypeofVar
                | Op::ScopePutVar
                | Op::ScopePutVarInit
                | Op::ScopeDeleteVar => {
                    let name = Atom(read_u32(&code, pc + 1));
                    let scope = read_u16(&code, pc + 5);
                    let withs = self.with_chain(fi, name, scope);
                    let r = self.resolve_name(fi, name, scope);
                    let done = if withs.is_empty() {
                        None
                    } else {
                        let l = self.funcs[fi].next_label;
                        self.funcs[fi].next_label += 1;
                        let check = match op {
                            Op::ScopePutVar | Op::ScopePutVarInit => Op::WithPutVar,
                            Op::ScopeDeleteVar => Op::WithDeleteVar,
                            _ => Op::WithGetVar,
                        };
                        for w in withs {
                            self.emit_get(&mut e, w, name, false);
                            e.op_atom_label(check, name, l);
                        }
                        Some(l)
                    };
                    match op {
                        Op::ScopeGetVar => self.emit_get(&mut e, r, name, false),
                        Op::ScopeGetVarRaw => {
                            let raw = match r {
                                Resolved::Local(i, _) => Resolved::Local(i, VarKind::Var),
                                Resolved::Cell(i, _) => Resolved::Cell(i, VarKind::Var),
                                Resolved::VarRef(i, _) => Resolved::VarRef(i, VarKind::Var),
                                r => r,
                            };
                            self.emit_get(&mut e, raw, name, false)
                        }
                        Op::ScopeTypeofVar => self.emit_get(&mut e, r, name, true),
                        Op::ScopePutVar => self.emit_put(&mut e, r, name, false, strict),
                        Op::ScopePutVarInit => self.emit_put(&mut e, r, name, true, strict),
                        _ => match r {
                            Resolved::Global => e.op32(Op::DeleteGlobal, name.0),
                            _ => e.op(Op::PushFalse),
                        },
                    }
                    if let Some(l) = done {
                        e.op32(Op::Label, l);
                    }
                }
                Op::ScopeMakeRef | Op::ScopeGetRef | Op::ScopePutRef | Op::ScopeGetCallee => {
                    let name = Atom(read_u32(&code, pc + 1));
                    let scope = read_u16(&code, pc + 5);
                    self.emit_reference(&mut e, fi, &mut refs, op, name, scope, strict);
                }
                Op::AnnexBCopy => {
                    let d = self.funcs[fi].annexb[read_u16(&code, pc + 1) as usize].clone();
                    match d.target {
                        AnnexBTarget::Var => {
                            let r = self.resolve_name(fi, d.name, d.scope);
                            self.emit_get(&mut e, r, d.name, false);
                            let body = self.funcs[fi].body_scope;
                            let w = self.resolve_name(fi, d.name, body);
                            self.emit_put(&mut e, w, d.name, false, strict);
                        }
                        AnnexBTarget::Global(flag) => {
                            let l = self.funcs[fi].next_label;
                            self.funcs[fi].next_label += 1;
                            e.op16(Op::GetLoc, flag);
                            e.op32(Op::IfFalse, l);
                            let r = self.resolve_name(fi, d.name, d.scope);
                            self.emit_get(&mut e, r, d.name, false);
                            if self.eval_in_function(fi) {
                                // The var lives in the caller's variable
                                // environment: store as `F = f` at the top.
                                let withs = self.with_chain(fi, d.name, 0);
                                let w = self.resolve_name(fi, d.name, 0);
                                for wr in withs {
                                    self.emit_get(&mut e, wr, d.name, false);
                                    e.op_atom_label(Op::WithPutVar, d.name, l);
                                }
                                self.emit_put(&mut e, w, d.name, false, strict);
                            } else {
                                e.op_atom_cache(Op::PutGlobalSloppy, d.name);
                            }
                            e.op32(Op::Label, l);
                        }
                        AnnexBTarget::Skip | AnnexBTarget::Pending => {}
                    }
                }
                _ => e.out.extend_from_slice(&code[pc..pc + size]),
            }
            pc += size;
        }
        // Second pass: scope markers (cells are known now).
        let mut out = Vec::with_capacity(body.len() + 16);
        {
            let mut e = Emitter { out: &mut out };
            self.emit_prologue(&mut e, fi);
        }
        let mut pc = 0;
        while pc < body.len() {
            let Some(op) = Op::from_u8(body[pc]) else {
                break;
            };
            let size = op.size();
            let mut e = Emitter { out: &mut out };
            match op {
                Op::EnterScope => self.emit_scope_entry(&mut e, fi, read_u16(&body, pc + 1)),
                Op::PerIterationCopy => {
                    let s = read_u16(&body, pc + 1);
                    let f = &self.funcs[fi];
                    for &v in &f.scopes[s as usize].vars {
                        if let Some(c) = f.vars[v as usize].cell {
                            e.op16(Op::CopyCell, c);
                        }
                    }
                }
                _ => e.out.extend_from_slice(&body[pc..pc + size]),
            }
            pc += size;
        }
        let next_label = self.funcs[fi].next_label;
        super::arguments::lazy_arguments(&mut out, self.funcs[fi].param_count);
        let out = super::peephole::optimize(&out, next_label);
        let (mut code, positions, ncaches) = resolve_labels(&out, next_label);
        let stack_size = compute_stack_size(&code);
        // Padding: `bytecode::fetch` reads 8 bytes at any pc up to the end
        // without its slow tail path (short functions would take it for
        // every instruction); at the end it reads `END_OF_CODE`.
        code.extend_from_slice(&[END_OF_CODE; 7]);
        let f = &self.funcs[fi];
        let functions: Vec<Gc<FunctionBytecode>> = f
            .children
            .iter()
            .filter_map(|&c| self.funcs[c].built.clone())
            .collect();
        let param_count = f.param_count;
        let var_count = (f.vars.len() as u16).saturating_sub(param_count);
        let (source, source_units) = if f.is_script {
            (None, None)
        } else {
            let (a, b) = (f.source_range.0 as usize, f.source_range.1 as usize);
            let units = self
                .lex
                .has_lone_in(a, b)
                .then(|| self.lex.source_units(a, b).into_boxed_slice());
            (self.source.get(a..b).map(std::rc::Rc::from), units)
        };
        let bc = FunctionBytecode {
            code: code.into_boxed_slice(),
            cpool: std::mem::take(&mut self.funcs[fi].cpool).into_boxed_slice(),
            functions: functions.into_boxed_slice(),
            closure_vars: self.funcs[fi].closure_vars.clone().into_boxed_slice(),
            name: self.funcs[fi].name,
            param_count,
            length: self.funcs[fi].length,
            var_count,
            cell_count: self.funcs[fi].cell_count,
            stack_size,
            flags: self.funcs[fi].flags,
            filename: self.filename,
            positions: positions.into_boxed_slice(),
            source,
            source_units,
            local_names: self.funcs[fi].vars.iter().map(|v| v.name).collect(),
            caches: (0..ncaches).map(|_| Default::default()).collect(),
            eval_scopes: eval_scopes.into_boxed_slice(),
            templates: std::mem::take(&mut self.funcs[fi].templates).into_boxed_slice(),
            param_cells,
        };
        self.funcs[fi].built = Some(self.rt.heap.alloc(bc));
        // Children are no longer needed.
        let children = self.funcs[fi].children.clone();
        for c in children {
            self.funcs[c].built = None;
            self.funcs[c].code = Vec::new();
        }
        let _: &FuncDef = &self.funcs[fi];
        Ok(())
    }
}

/// Removes label and position markers, patching jump offsets and assigning
/// inline-cache slots. Returns the code, the position table and the number
/// of cache slots.
fn resolve_labels(code: &[u8], nlabels: u32) -> (Vec<u8>, Vec<PosEntry>, usize) {
    let mut label_pos = vec![0usize; nlabels as usize];
    let mut positions: Vec<PosEntry> = Vec::new();
    let mut new_pc = 0usize;
    let mut pc = 0;
    while pc < code.len() {
        let Some(op) = Op::from_u8(code[pc]) else {
            break;
        };
        match op {
            Op::Label => {
                if let Some(l) = label_pos.get_mut(read_u32(code, pc + 1) as usize) {
                    *l = new_pc;
                }
            }
            Op::Position => {
                let entry = PosEntry {
                    pc: new_pc as u32,
                    line: read_u32(code, pc + 1),
                    col: read_u32(code, pc + 5),
                };
                match positions.last_mut() {
                    Some(last) if last.pc == entry.pc => *last = entry,
                    _ => positions.push(entry),
                }
            }
            _ => new_pc += op.size(),
        }
        pc += op.size();
    }
    let mut out = Vec::with_capacity(new_pc);
    let mut caches: usize = 0;
    let mut pc = 0;
    while pc < code.len() {
        let Some(op) = Op::from_u8(code[pc]) else {
            break;
        };
        let size = op.size();
        match op {
            Op::Label | Op::Position => {}
            _ if op.info().fmt == Fmt::Label => {
                let target = label_pos
                    .get(read_i32(code, pc + 1) as usize)
                    .copied()
                    .unwrap_or(0);
                let end = out.len() + size;
                let off = target as i64 - end as i64;
                out.push(op as u8);
                out.extend_from_slice(&(off as i32).to_le_bytes());
            }
            _ if op.info().fmt == Fmt::AtomLabel => {
                let target = label_pos
                    .get(read_i32(code, pc + 5) as usize)
                    .copied()
                    .unwrap_or(0);
                let end = out.len() + size;
                let off = target as i64 - end as i64;
                out.extend_from_slice(&code[pc..pc + 5]);
                out.extend_from_slice(&(off as i32).to_le_bytes());
            }
            _ if op.info().fmt == Fmt::AtomCache => {
                // Past 65,535 sites the rest share the last slot (caches
                // are hints checked on use), which then exists too.
                out.extend_from_slice(&code[pc..pc + 5]);
                let slot = u16::try_from(caches).unwrap_or(u16::MAX);
                out.extend_from_slice(&slot.to_le_bytes());
                caches = (caches + 1).min(usize::from(u16::MAX) + 1);
            }
            _ => out.extend_from_slice(&code[pc..pc + size]),
        }
        pc += size;
    }
    (out, positions, caches)
}

/// The maximum operand stack depth, by walking every path.
fn compute_stack_size(code: &[u8]) -> u16 {
    let mut depth_at: Vec<i32> = vec![-1; code.len() + 1];
    let mut work: Vec<(usize, i32)> = vec![(0, 0)];
    let mut max = 0i32;
    while let Some((mut pc, mut d)) = work.pop() {
        loop {
            if pc >= code.len() {
                break;
            }
            if depth_at[pc] >= 0 {
                break;
            }
            depth_at[pc] = d;
            let Some(op) = Op::from_u8(code[pc]) else {
                break;
            };
            let info = op.info();
            let size = op.size();
            let (pop, push) = match op {
                Op::Call | Op::New | Op::CallEval => (read_u16(code, pc + 1) as i32 + 1, 1),
                Op::CallMethod | Op::SuperCall => (read_u16(code, pc + 1) as i32 + 2, 1),
                Op::ArrayFrom => (read_u16(code, pc + 1) as i32, 1),
                _ => (info.npop as i32, info.npush as i32),
            };
            d = d - pop + push;
            max = max.max(d).max(d + pop - push);
            let next = pc + size;
            if info.fmt == Fmt::AtomLabel {
                let target = (next as i64 + read_i32(code, pc + 5) as i64) as usize;
                // Found: the stack at the target, as each description says.
                let td = match op {
                    Op::WithPutVar | Op::RefPutVar => d - 1,
                    Op::WithGetCallee => d + 2,
                    _ => d + 1,
                };
                work.push((target, td));
                max = max.max(td);
            }
            if info.fmt == Fmt::Label {
                let target = (next as i64 + read_i32(code, pc + 1) as i64) as usize;
                let td = match op {
                    Op::PushCatch => d + 1,
                    _ => d,
                };
                work.push((target, td));
                max = max.max(td);
                if op == Op::Goto {
                    break;
                }
                if op == Op::Gosub {
                    // Execution resumes after the finally block returns.
                    work.push((next, d - 1));
                    break;
                }
            }
            if matches!(
                op,
                Op::Return
                    | Op::ReturnUndef
                    | Op::Throw
                    | Op::Ret
                    | Op::ThrowError
                    | Op::ThrowConstAssign
                    | Op::IteratorCloseThrow
            ) {
                break;
            }
            pc = next;
        }
    }
    max.clamp(0, u16::MAX as i32) as u16
}

/// The hidden locals holding the bases of References that are open while
/// a function's code is resolved. References nest (each `ScopePutRef`
/// closes the innermost open one), so a slot per nesting depth suffices.
#[derive(Default)]
struct RefSlots {
    slots: Vec<u16>,
    depth: usize,
}

impl RefSlots {
    fn open(&mut self, new_local: impl FnOnce() -> u16) -> u16 {
        if self.depth == self.slots.len() {
            self.slots.push(new_local());
        }
        self.depth += 1;
        self.slots[self.depth - 1]
    }

    fn close(&mut self) -> u16 {
        self.depth = self.depth.saturating_sub(1);
        self.slots.get(self.depth).copied().unwrap_or(0)
    }
}
