//! Direct eval (ECMA-262 §19.2.1.1 PerformEval, §19.2.1.3
//! EvalDeclarationInstantiation).
//!
//! <https://tc39.es/ecma262/#sec-performeval>
//! <https://tc39.es/ecma262/#sec-evaldeclarationinstantiation>
//!
//! A function containing a direct `eval(...)` call keeps every binding
//! visible at the call site in a cell, and the call site records an
//! [`EvalScope`]: the names in scope, innermost first, with where the frame
//! holds each one, plus the hidden variables of `with` objects and of
//! variable-environment objects in between. Eval code is compiled as a
//! function whose closure variables are exactly those bindings, so it
//! resolves names like a nested function would.
//!
//! Sloppy eval code declares its `var`s and functions in the caller's
//! variable environment. At global level that is the global object; in a
//! function it is a per-call object (`<varenvN>`) that every name lookup
//! leaving the function's own scopes checks at run time, like a `with`
//! object. Functions without a direct eval pay nothing.

use super::{CResult, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::{CaptureFrom, EvalBinding, EvalRole, EvalScope, Op, fn_flags};

impl Parser<'_, '_> {
    /// The scope description of a direct eval call site in function `fi`
    /// at `site_scope`. Makes every binding it lists a cell (in `fi`) or a
    /// closure variable (from enclosing functions), so it must run before
    /// `fi`'s code is resolved.
    /// A site in the parameter list sees the parameters but not the body's
    /// declarations.
    pub(super) fn build_eval_scope(
        &mut self,
        fi: usize,
        site_scope: u16,
        in_params: bool,
    ) -> EvalScope {
        let mut out: Vec<EvalBinding> = Vec::new();
        let mut seen: hashbrown::HashSet<Atom> = hashbrown::HashSet::new();
        let (is_arrow, is_script) = (self.funcs[fi].is_arrow(), self.funcs[fi].is_script);
        if !is_arrow && !is_script {
            for n in [Atom::THIS, Atom::NEW_TARGET, Atom::ARGUMENTS] {
                if self.funcs[fi].find_var(n, 0).is_none() {
                    self.implicit_var(fi, n, VarKind::Implicit);
                }
            }
            // What `super` needs in eval code (§19.2.1.1 PerformEval step 5).
            for n in [Atom::HOME_OBJECT, Atom::ACTIVE_FUNC] {
                self.method_implicit(fi, n);
            }
        }
        if !is_script
            && let Some(n) = self.funcs[fi].func_name
            && self.funcs[fi].find_var(n, 0).is_none()
        {
            self.implicit_var(fi, n, VarKind::FuncName);
        }
        // This function's own scopes.
        let varenv = self.funcs[fi].varenv_var;
        let mut s = Some(site_scope);
        while let Some(si) = s {
            let sd = &self.funcs[fi].scopes[si as usize];
            let (vars, with_var, parent) = (sd.vars.clone(), sd.with_var, sd.parent);
            let mut outside = Vec::new();
            for &v in vars.iter().rev() {
                let vd = &self.funcs[fi].vars[v as usize];
                let (name, kind) = (vd.name, vd.kind);
                if Some(v) == with_var || name == Atom::EMPTY {
                    continue;
                }
                if in_params
                    && !matches!(kind, VarKind::Param | VarKind::ParamTdz | VarKind::Implicit)
                {
                    continue;
                }
                if kind == VarKind::FuncName {
                    // The name binding of a function expression lies outside
                    // its variable environment.
                    outside.push(v);
                    continue;
                }
                if !seen.insert(name) {
                    continue;
                }
                let c = self.ensure_cell(fi, v);
                // From a parameter list, the parameters lie between eval
                // code and the variable environment, like lexical bindings.
                out.push(EvalBinding {
                    name,
                    kind,
                    lexical: kind.is_lexical()
                        || (kind == VarKind::Function && si != self.funcs[fi].body_scope)
                        || (in_params && kind.is_param()),
                    role: EvalRole::Binding,
                    from: CaptureFrom::Cell(c),
                });
            }
            if let Some(wv) = with_var {
                let c = self.ensure_cell(fi, wv);
                out.push(EvalBinding {
                    name: self.funcs[fi].vars[wv as usize].name,
                    kind: VarKind::Catch,
                    lexical: false,
                    role: if Some(wv) == varenv {
                        EvalRole::VarEnv
                    } else {
                        EvalRole::With
                    },
                    from: CaptureFrom::Cell(c),
                });
            }
            for v in outside {
                let name = self.funcs[fi].vars[v as usize].name;
                if seen.insert(name) {
                    let c = self.ensure_cell(fi, v);
                    out.push(EvalBinding {
                        name,
                        kind: VarKind::FuncName,
                        lexical: false,
                        role: EvalRole::Binding,
                        from: CaptureFrom::Cell(c),
                    });
                }
            }
            s = parent;
        }
        // `new.target` is available when the nearest non-arrow function is a function.
        let mut new_target_ok = None;
        if !is_arrow {
            new_target_ok = Some(!is_script);
        }
        // Enclosing functions, then (for eval code) the caller's scope.
        let mut f = fi;
        loop {
            let Some(p) = self.funcs[f].parent else {
                if let Some(env) = self.funcs[f].eval_env.clone() {
                    if new_target_ok.is_none() {
                        new_target_ok = Some(env.new_target_ok);
                    }
                    for b in env.bindings.iter() {
                        if b.role == EvalRole::Binding && !seen.insert(b.name) {
                            continue;
                        }
                        if let Some((i, kind)) = self.capture(fi, b.name) {
                            out.push(EvalBinding {
                                kind,
                                from: CaptureFrom::VarRef(i),
                                ..*b
                            });
                        }
                    }
                }
                if self.funcs[f].flags & fn_flags::MODULE != 0 {
                    // A module's top-level bindings (its own and its
                    // imports) are the module function's closure variables.
                    let names: Vec<Atom> =
                        self.funcs[f].closure_vars.iter().map(|c| c.name).collect();
                    for name in names {
                        if !seen.insert(name) {
                            continue;
                        }
                        if let Some((i, kind)) = self.capture(fi, name) {
                            out.push(EvalBinding {
                                name,
                                kind,
                                lexical: kind.is_lexical(),
                                role: EvalRole::Binding,
                                from: CaptureFrom::VarRef(i),
                            });
                        }
                    }
                }
                break;
            };
            let mut s = Some(self.funcs[f].parent_scope);
            f = p;
            let varenv = self.funcs[p].varenv_var;
            while let Some(si) = s {
                let sd = &self.funcs[p].scopes[si as usize];
                let (vars, with_var, parent) = (sd.vars.clone(), sd.with_var, sd.parent);
                let mut names: Vec<(Atom, EvalRole, bool)> = Vec::new();
                for &v in vars.iter().rev() {
                    let vd = &self.funcs[p].vars[v as usize];
                    if Some(v) == with_var || vd.name == Atom::EMPTY {
                        continue;
                    }
                    let lexical = vd.kind.is_lexical()
                        || (vd.kind == VarKind::Function && si != self.funcs[p].body_scope);
                    names.push((vd.name, EvalRole::Binding, lexical));
                }
                if let Some(wv) = with_var {
                    let role = if Some(wv) == varenv {
                        EvalRole::VarEnv
                    } else {
                        EvalRole::With
                    };
                    names.push((self.funcs[p].vars[wv as usize].name, role, false));
                }
                for (name, role, lexical) in names {
                    if role == EvalRole::Binding && !seen.insert(name) {
                        continue;
                    }
                    if let Some((i, kind)) = self.capture(fi, name) {
                        out.push(EvalBinding {
                            name,
                            kind,
                            lexical,
                            role,
                            from: CaptureFrom::VarRef(i),
                        });
                    }
                }
                s = parent;
            }
            let pf = &self.funcs[p];
            if !pf.is_script && !pf.is_arrow() {
                if new_target_ok.is_none() {
                    new_target_ok = Some(true);
                }
                let mut implicit = vec![
                    Atom::THIS,
                    Atom::NEW_TARGET,
                    Atom::ARGUMENTS,
                    Atom::HOME_OBJECT,
                    Atom::ACTIVE_FUNC,
                ];
                implicit.extend(pf.func_name);
                for n in implicit {
                    if !seen.insert(n) {
                        continue;
                    }
                    if let Some((i, kind)) = self.capture(fi, n) {
                        out.push(EvalBinding {
                            name: n,
                            kind,
                            lexical: false,
                            role: EvalRole::Binding,
                            from: CaptureFrom::VarRef(i),
                        });
                    }
                }
            } else if pf.is_script && pf.eval_env.is_none() && new_target_ok.is_none() {
                new_target_ok = Some(false);
            }
        }
        let arguments_in_params = in_params
            && (!is_arrow
                || (0..self.funcs[fi].param_count)
                    .any(|i| self.funcs[fi].vars[i as usize].name == Atom::ARGUMENTS));
        let in_field_init = {
            let mut f = &self.funcs[fi];
            loop {
                if f.class_field_init || f.static_block {
                    break true;
                }
                if !f.is_arrow() {
                    break f.eval_env.as_ref().is_some_and(|e| e.in_field_init);
                }
                match f.parent {
                    Some(p) => f = &self.funcs[p],
                    None => break false,
                }
            }
        };
        EvalScope {
            in_field_init,
            bindings: out.into_boxed_slice(),
            arguments_in_params,
            new_target_ok: new_target_ok.unwrap_or(false),
            next_hidden: self.with_count,
        }
    }

    /// EvalDeclarationInstantiation (§19.2.1.3) for sloppy eval code: the
    /// `var` and function declarations of the top level go to the caller's
    /// variable environment. Checks the conflicts that can be known now and
    /// prepends the code creating the bindings.
    pub(crate) fn eval_declaration_instantiation(&mut self) -> CResult<()> {
        let f = &self.funcs[0];
        let env = f.eval_env.clone();
        let funcs: Vec<(Atom, u32)> = f.global_funcs.clone();
        let vars: Vec<Atom> = f
            .global_vars
            .iter()
            .copied()
            .filter(|v| !funcs.iter().any(|(a, _)| a == v))
            .collect();
        let bindings: &[EvalBinding] = env.as_deref().map(|e| &*e.bindings).unwrap_or(&[]);
        let varenv = bindings.iter().position(|b| b.role == EvalRole::VarEnv);
        let below = &bindings[..varenv.unwrap_or(bindings.len())];
        // Step 3: a var may not hoist over a lexical declaration of an
        // enclosing block (up to the variable environment), nor, from the
        // parameter list, over the parameters and `arguments`.
        let in_params = env.as_ref().is_some_and(|e| e.arguments_in_params);
        for n in funcs.iter().map(|(a, _)| *a).chain(vars.iter().copied()) {
            if (in_params && n == Atom::ARGUMENTS)
                || below
                    .iter()
                    .any(|b| b.role == EvalRole::Binding && b.name == n && b.lexical)
            {
                let name = self.rt.atom_name(n);
                return self.error_at(
                    crate::parser::token::Pos::default(),
                    format!("redeclaration of '{name}'"),
                );
            }
        }
        let mut code: Vec<u8> = Vec::new();
        let op = |code: &mut Vec<u8>, op: Op| code.push(op as u8);
        let u16v = |code: &mut Vec<u8>, v: u16| code.extend_from_slice(&v.to_le_bytes());
        let u32v = |code: &mut Vec<u8>, v: u32| code.extend_from_slice(&v.to_le_bytes());
        match varenv {
            Some(ve) => {
                // An existing binding of the variable environment (a var or
                // parameter of the function) is reused.
                let existing = |n: Atom| {
                    below.iter().position(|b| {
                        b.role == EvalRole::Binding
                            && b.name == n
                            && !b.lexical
                            && b.kind != VarKind::Catch
                    })
                };
                for &(n, child) in &funcs {
                    match existing(n) {
                        Some(i) => {
                            op(&mut code, Op::FClosure);
                            u32v(&mut code, child);
                            op(&mut code, Op::PutVarRef);
                            u16v(&mut code, i as u16);
                        }
                        None => {
                            op(&mut code, Op::GetVarRef);
                            u16v(&mut code, ve as u16);
                            op(&mut code, Op::FClosure);
                            u32v(&mut code, child);
                            op(&mut code, Op::EvalDefineFunc);
                            u32v(&mut code, n.0);
                        }
                    }
                }
                for &n in &vars {
                    if existing(n).is_none() {
                        op(&mut code, Op::GetVarRef);
                        u16v(&mut code, ve as u16);
                        op(&mut code, Op::EvalDefineVar);
                        u32v(&mut code, n.0);
                    }
                }
            }
            None => {
                // The global object (§19.2.1.3 steps 3.a, 8, 10, 17, 18).
                for &(n, _) in &funcs {
                    op(&mut code, Op::EvalGlobalCheck);
                    u32v(&mut code, n.0);
                    code.push(1);
                }
                for &n in &vars {
                    op(&mut code, Op::EvalGlobalCheck);
                    u32v(&mut code, n.0);
                    code.push(0);
                }
                for &(n, child) in &funcs {
                    op(&mut code, Op::FClosure);
                    u32v(&mut code, child);
                    op(&mut code, Op::EvalGlobalFunc);
                    u32v(&mut code, n.0);
                }
                for &n in &vars {
                    op(&mut code, Op::EvalGlobalVar);
                    u32v(&mut code, n.0);
                }
            }
        }
        let f = &mut self.funcs[0];
        code.extend_from_slice(&f.code);
        f.code = code;
        f.last_op = None;
        Ok(())
    }
}
