//! Functions (ECMA-262 §15.1-§15.4): declarations, expressions, arrows and
//! methods, their parameters, and directive prologues.
//!
//! <https://tc39.es/ecma262/#sec-ecmascript-language-functions-and-classes>

use super::pattern::PatternMode;
use super::{AnnexBDecl, AnnexBTarget, CResult, FuncDef, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::{Op, fn_flags};
use crate::parser::token::{Pos, Punct, Token, TokenKind};

impl Parser<'_, '_> {
    /// Scans the directive prologue at the current position and turns on
    /// strict mode for `"use strict"`; the directives are then compiled as
    /// ordinary expression statements.
    pub(crate) fn parse_directives(&mut self) -> CResult<()> {
        let cp = self.checkpoint();
        let mut octal_before: Option<Pos> = None;
        while let TokenKind::String { value } = &self.tok.kind {
            let is_use_strict =
                self.tok.flags & Token::HAS_ESCAPE == 0 && value.eq_str("use strict");
            let octal = self.tok.flags & Token::LEGACY_OCTAL != 0;
            let pos = self.tok.start;
            self.next()?;
            let ends = self.is(Punct::Semicolon)
                || self.is(Punct::RBrace)
                || matches!(self.tok.kind, TokenKind::Eof)
                || self.tok.newline_before;
            if !ends {
                break;
            }
            if octal && octal_before.is_none() {
                octal_before = Some(pos);
            }
            if is_use_strict {
                if !self.fdr().has_simple_params {
                    return self.error_at(
                        pos,
                        "\"use strict\" not allowed in function with non-simple parameters",
                    );
                }
                self.fd().flags |= fn_flags::STRICT;
                if let Some(p) = octal_before {
                    return self
                        .error_at(p, "octal escape sequences are not allowed in strict mode");
                }
            }
            self.eat(Punct::Semicolon)?;
        }
        self.restore(cp);
        Ok(())
    }

    /// `function name? (params) { body }` as an expression; returns the child index.
    pub(crate) fn parse_function_expression(&mut self) -> CResult<u32> {
        let start = self.tok.start;
        let is_async = self.eat_async_function()?;
        self.expect_kw("function")?;
        let generator = self.eat(Punct::Star)?;
        let name = if self.is(Punct::LParen) {
            None
        } else if !generator && !self.strict() && self.is_kw("yield") {
            // The name of a plain function expression is outside any
            // generator's [Yield] context (§15.2).
            self.next()?;
            Some(Atom::YIELD)
        } else if !is_async && self.module.is_none() && self.is_kw("await") {
            // Nor in any [Await] context: `function await() {}` is fine
            // in an async function or a static block (§15.2, §15.5).
            self.next()?;
            Some(Atom::AWAIT)
        } else {
            let pos = self.tok.start;
            let n = self.binding_identifier()?;
            if generator && n == Atom::YIELD {
                return self.error_at(pos, "a generator expression may not be named 'yield'");
            }
            if is_async && n == Atom::AWAIT {
                return self.error_at(pos, "an async function expression may not be named 'await'");
            }
            Some(n)
        };
        let flags = function_kind_flags(generator, is_async);
        self.parse_function_rest(flags, name, name, start)
    }

    /// Consumes `async` when it starts `async function` (no line break
    /// between them, §15.8); returns whether it did.
    pub(crate) fn eat_async_function(&mut self) -> CResult<bool> {
        if !self.async_function_ahead()? {
            return Ok(false);
        }
        self.next()?;
        Ok(true)
    }

    /// Whether `async function` (with no line break in between) starts here.
    pub(crate) fn async_function_ahead(&mut self) -> CResult<bool> {
        if !matches!(&self.tok.kind, TokenKind::Ident { name, escaped: false } if name == "async") {
            return Ok(false);
        }
        let cp = self.checkpoint();
        self.next()?;
        let r = self.is_kw("function") && !self.tok.newline_before;
        self.restore(cp);
        Ok(r)
    }

    /// Whether `function *` starts here.
    pub(crate) fn function_star_ahead(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        self.next()?;
        let r = self.is(Punct::Star);
        self.restore(cp);
        Ok(r)
    }

    /// A function declaration; declares its name in the current scope.
    pub(crate) fn parse_function_declaration(&mut self) -> CResult<()> {
        let start = self.tok.start;
        let is_async = self.eat_async_function()?;
        self.expect_kw("function")?;
        let generator = self.eat(Punct::Star)?;
        let name_pos = self.tok.start;
        let name = self.binding_identifier()?;
        let flags = function_kind_flags(generator, is_async);
        let child = self.parse_function_rest(flags, Some(name), None, start)?;
        let scope = self.fdr().scope;
        let body_scope = self.fdr().body_scope;
        // Async functions are, like generators, never Annex B functions.
        let generator = generator || is_async;
        if scope != body_scope {
            // Only plain function declarations may be repeated in a sloppy block.
            let f = self.fdr();
            let dup = f.scopes[scope as usize].vars.iter().any(|&v| {
                let vd = &f.vars[v as usize];
                vd.name == name && vd.kind == VarKind::Function
            });
            if dup && (generator || f.gen_decls.contains(&(scope, name))) {
                let n = self.rt.atom_name(name);
                return self.error_at(name_pos, format!("redeclaration of '{n}'"));
            }
            if generator {
                self.fd().gen_decls.push((scope, name));
            }
        }
        let var = self.declare(name, VarKind::Function, name_pos)?;
        let f = self.fd();
        match var {
            None => {
                f.global_funcs.retain(|(a, _)| *a != name);
                f.global_funcs.push((name, child));
            }
            Some(v) => {
                let scope = f.scope;
                let hoisted = &mut f.scopes[scope as usize].hoisted;
                hoisted.retain(|(hv, _)| *hv != v);
                hoisted.push((v, child));
                if scope != body_scope && !f.is_strict() && !generator {
                    let idx = f.annexb.len() as u16;
                    f.annexb.push(AnnexBDecl {
                        name,
                        scope,
                        var: v,
                        target: AnnexBTarget::Pending,
                    });
                    self.emit_op_u16(Op::AnnexBCopy, idx);
                }
            }
        }
        Ok(())
    }

    /// A method, getter or setter in an object literal; returns the child index.
    /// `start` is where the definition's source text begins (its first
    /// token: `get`, `set`, `*` or the name).
    pub(crate) fn parse_method(&mut self, name: Atom, flag: u16, start: Pos) -> CResult<u32> {
        let child = self.parse_function_rest(fn_flags::METHOD | flag, Some(name), None, start)?;
        let fd = &self.funcs[self.funcs.len() - 1];
        let _ = fd;
        Ok(child)
    }

    /// Parameters and body of a non-arrow function. `binding` is the name a
    /// function expression can refer to itself by.
    pub(super) fn parse_function_rest(
        &mut self,
        flags: u16,
        name: Option<Atom>,
        binding: Option<Atom>,
        start: Pos,
    ) -> CResult<u32> {
        let name_pos = self.prev_end;
        let child = self.begin_function(flags, name.unwrap_or(Atom::EMPTY));
        self.funcs[self.cur].func_name = binding;
        self.expect(Punct::LParen)?;
        let class_ctor = fn_flags::CONSTRUCTOR | fn_flags::METHOD;
        if flags & class_ctor == class_ctor && flags & fn_flags::DERIVED == 0 {
            // A base class constructor initializes its instance's elements
            // on entry (§10.2.2 step 6.b).
            self.emit_instance_init_on_entry();
        }
        if flags & fn_flags::ASYNC != 0 && flags & fn_flags::GENERATOR == 0 {
            // The call ends here, before the parameters, returning a
            // promise; errors in the parameters reject it (§15.8.4).
            self.emit_op(Op::InitialYield);
        }
        let params = self.parse_params(Punct::RParen)?;
        if flags & fn_flags::GENERATOR != 0 {
            // The call ends here, after FunctionDeclarationInstantiation,
            // returning the generator object (§15.5.2).
            self.emit_op(Op::InitialYield);
        }
        let getter = flags & fn_flags::GETTER != 0;
        let setter = flags & fn_flags::SETTER != 0;
        let count = self.fdr().param_count;
        if getter && count != 0 {
            return self.error("getter must not have parameters");
        }
        if setter
            && (count != 1
                || self.fdr().flags & fn_flags::NEEDS_ARGUMENTS != 0
                    && !self.fdr().has_simple_params)
        {
            return self.error("setter must have exactly one parameter");
        }
        self.parse_function_body()?;
        // A method's name is a property key, not a binding.
        let checked_name = if flags & fn_flags::METHOD != 0 {
            None
        } else {
            name
        };
        self.check_params(&params, checked_name, name_pos)?;
        self.end_function(start);
        Ok(child)
    }

    /// Starts a nested function; returns its index among the parent's children.
    pub(crate) fn begin_function(&mut self, flags: u16, name: Atom) -> u32 {
        // Nesting depth is checked by the statement and expression parsers
        // that lead here.
        let parent = self.cur;
        let parent_scope = self.fdr().scope;
        let strict = self.fdr().flags & fn_flags::STRICT;
        let mut f = FuncDef::new(Some(parent), parent_scope, flags | strict);
        f.name = name;
        let idx = self.funcs.len();
        self.funcs.push(f);
        let child = self.funcs[parent].children.len() as u32;
        self.funcs[parent].children.push(idx);
        self.cur = idx;
        child
    }

    pub(crate) fn end_function(&mut self, start: Pos) {
        self.finish_annexb(self.cur);
        let end = self.prev_end.offset;
        if self.fdr().needs_varenv {
            // The variable environment of a function with a sloppy direct
            // eval: an object consulted, like a `with` object, by every name
            // lookup that leaves the function's own scopes.
            let name = self.rt.intern(&format!("<varenv{}>", self.with_count));
            self.with_count += 1;
            let v = self.fd().add_var(name, 0, VarKind::Catch);
            self.fd().scopes[0].with_var = Some(v);
            self.fd().varenv_var = Some(v);
        }
        let f = self.fd();
        f.source_range = (start.offset, end);
        self.cur = self.funcs[self.cur].parent.unwrap_or(0);
    }

    /// FormalParameters up to `close` (consumed). Emits default-value code.
    /// Returns the parameter names with their positions.
    pub(crate) fn parse_params(&mut self, close: Punct) -> CResult<Vec<(Atom, Pos)>> {
        self.fd().in_params = true;
        let r = self.parse_params_inner(close);
        self.fd().in_params = false;
        r
    }

    /// A parameter's `= default`, after the `=`: applied when the argument
    /// is undefined. The argument is in hidden local `hidden`, or else in
    /// the parameter binding `name` itself.
    fn parse_param_default(&mut self, name: Atom, hidden: Option<u16>) -> CResult<()> {
        self.fd().has_simple_params = false;
        let skip = self.new_label();
        match hidden {
            Some(p) => self.emit_op_u16(Op::GetLoc, p),
            None => self.emit_scope(Op::ScopeGetVar, name),
        }
        self.emit_op(Op::PushUndefined);
        self.emit_op(Op::StrictEq);
        self.emit_jump(Op::IfFalse, skip);
        self.parse_assign()?;
        self.set_last_closure_name(name);
        match hidden {
            Some(p) => self.emit_op_u16(Op::PutLoc, p),
            None => self.emit_scope(Op::ScopePutVarInit, name),
        }
        self.emit_label(skip);
        Ok(())
    }

    fn parse_params_inner(&mut self, close: Punct) -> CResult<Vec<(Atom, Pos)>> {
        let mut names = Vec::new();
        // Names bound by patterns, and the parameters at or after the first
        // one with an expression (which have a TDZ), declared after the
        // positional parameters.
        let mut pattern_names = Vec::new();
        let mut late_names = Vec::new();
        let mut seen_default = false;
        // Whether a parameter with an expression (a default or a pattern)
        // came before: the parameters from the first such one on are
        // uninitialized until their turn (§10.2.11 steps 21 and 26).
        let mut seen_expression = false;
        let start = (
            self.fdr().code.len(),
            self.fdr().children.len(),
            self.fdr().eval_sites.len(),
        );
        while !self.is(close) {
            if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
                // A pattern parameter: a hidden positional parameter,
                // defaulted, then destructured (§10.2.11 step 26).
                seen_expression = true;
                self.fd().has_simple_params = false;
                let p = self.fd().add_var(Atom::EMPTY, 0, VarKind::Param);
                self.fd().param_count += 1;
                let cp = self.checkpoint();
                self.skip_group()?;
                if self.eat(Punct::Assign)? {
                    seen_default = true;
                    let skip = self.new_label();
                    self.emit_op_u16(Op::GetLoc, p);
                    self.emit_op(Op::PushUndefined);
                    self.emit_op(Op::StrictEq);
                    self.emit_jump(Op::IfFalse, skip);
                    self.parse_assign()?;
                    self.emit_op_u16(Op::PutLoc, p);
                    self.emit_label(skip);
                } else if !seen_default {
                    self.fd().length += 1;
                }
                self.emit_op_u16(Op::GetLoc, p);
                let bound =
                    self.compile_pattern_names(Some(cp), PatternMode::Bind(VarKind::Param))?;
                pattern_names.extend(bound);
                if !self.is(close) {
                    self.expect(Punct::Comma)?;
                }
                continue;
            }
            if self.eat(Punct::Ellipsis)? {
                if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
                    // `...pattern`: the rest array is destructured.
                    self.fd().has_simple_params = false;
                    self.fd().add_var(Atom::EMPTY, 0, VarKind::Param);
                    self.fd().flags |= fn_flags::NEEDS_ARGUMENTS;
                    let n = self.fdr().param_count;
                    self.fd().param_count += 1;
                    self.emit_op_u16(Op::Rest, n);
                    let bound =
                        self.compile_pattern_names(None, PatternMode::Bind(VarKind::Param))?;
                    pattern_names.extend(bound);
                    if !self.is(close) {
                        return self.error("rest parameter must be last");
                    }
                    break;
                }
                let pos = self.tok.start;
                let name = self.binding_identifier()?;
                names.push((name, pos));
                self.fd().has_simple_params = false;
                if seen_expression && self.param_read_early(start, name) {
                    self.fd().add_var(Atom::EMPTY, 0, VarKind::Param);
                    late_names.push(name);
                } else {
                    self.fd().add_var(name, 0, VarKind::Param);
                }
                self.fd().flags |= fn_flags::NEEDS_ARGUMENTS;
                let n = self.fdr().param_count;
                self.fd().param_count += 1;
                self.emit_op_u16(Op::Rest, n);
                self.emit_scope(Op::ScopePutVarInit, name);
                if !self.is(close) {
                    return self.error("rest parameter must be last");
                }
                break;
            }
            let pos = self.tok.start;
            let name = self.binding_identifier()?;
            names.push((name, pos));
            seen_expression |= self.is(Punct::Assign);
            if seen_expression {
                // The argument stays in a hidden positional parameter until
                // the binding is initialized from it.
                let p = self.fd().add_var(Atom::EMPTY, 0, VarKind::Param);
                self.fd().param_count += 1;
                if self.eat(Punct::Assign)? {
                    seen_default = true;
                    self.parse_param_default(name, Some(p))?;
                } else if !seen_default {
                    self.fd().length += 1;
                }
                if self.param_read_early(start, name) {
                    late_names.push(name);
                    self.emit_op_u16(Op::GetLoc, p);
                    self.emit_scope(Op::ScopePutVarInit, name);
                } else {
                    // Nothing so far can observe the binding before its
                    // initialization: it is a plain parameter.
                    self.fd().vars[p as usize].name = name;
                }
                if !self.is(close) {
                    self.expect(Punct::Comma)?;
                }
                continue;
            }
            self.fd().add_var(name, 0, VarKind::Param);
            self.fd().param_count += 1;
            if self.eat(Punct::Assign)? {
                seen_default = true;
                self.parse_param_default(name, None)?;
            } else if !seen_default {
                self.fd().length += 1;
            }
            if !self.is(close) {
                self.expect(Punct::Comma)?;
            }
        }
        self.expect(close)?;
        for name in late_names {
            self.fd().add_var(name, 0, VarKind::ParamTdz);
        }
        for &(name, _) in &pattern_names {
            self.fd().add_var(name, 0, VarKind::ParamTdz);
        }
        names.extend(pattern_names);
        Ok(names)
    }

    /// Whether the parameter code since `start` (code length, child
    /// functions, direct evals) could read or write `name` before its
    /// parameter is initialized: it names it, or made a closure or a direct
    /// eval that might.
    fn param_read_early(&self, start: (usize, usize, usize), name: Atom) -> bool {
        let f = self.fdr();
        if f.children.len() != start.1 || f.eval_sites.len() != start.2 {
            return true;
        }
        let code = &f.code;
        let mut pc = start.0;
        while pc < code.len() {
            let Some(op) = Op::from_u8(code[pc]) else {
                return true;
            };
            if op.info().fmt == crate::bytecode::Fmt::AtomScope
                && crate::bytecode::read_u32(code, pc + 1) == name.0
            {
                return true;
            }
            pc += op.size();
        }
        false
    }

    /// Early errors on parameter names, checked after the body because a
    /// `"use strict"` directive applies retroactively (§15.2.1).
    fn check_params(
        &self,
        params: &[(Atom, Pos)],
        name: Option<Atom>,
        name_pos: Pos,
    ) -> CResult<()> {
        let strict = self.fdr().is_strict();
        let simple = self.fdr().has_simple_params;
        if strict && let Some(n) = name {
            if n == Atom::EVAL || n == Atom::ARGUMENTS {
                return self.error_at(name_pos, "invalid function name in strict mode");
            }
            if n.is_strict_reserved_word() && !n.is_reserved_word() {
                return self.error_at(name_pos, "function name is reserved in strict mode");
            }
        }
        for (i, (p, pos)) in params.iter().enumerate() {
            if strict && (*p == Atom::EVAL || *p == Atom::ARGUMENTS) {
                return self.error_at(*pos, "invalid parameter name in strict mode");
            }
            if strict && p.is_strict_reserved_word() {
                return self.error_at(*pos, "parameter name is reserved in strict mode");
            }
            if (strict
                || !simple
                || self.fdr().is_arrow()
                || self.fdr().flags & fn_flags::METHOD != 0)
                && params[..i].iter().any(|(q, _)| q == p)
            {
                return self.error_at(*pos, "duplicate parameter name");
            }
        }
        Ok(())
    }

    /// `{ directives statements }` of a function.
    fn parse_function_body(&mut self) -> CResult<()> {
        self.expect(Punct::LBrace)?;
        self.parse_directives()?;
        // After parameters with expressions (or patterns or a rest
        // parameter, where a scope of its own changes nothing observable),
        // the body's declarations live in a scope of their own.
        let separate = !self.fdr().has_simple_params;
        if separate {
            let s = self.push_scope();
            self.fd().body_scope = s;
        }
        let body_start = self.fdr().code.len();
        // (A body function declaration named like a parameter with a TDZ
        // is in the body's scope, so it is initialized after the
        // parameters, §10.2.11 step 36.)
        let saved_blocks = std::mem::take(&mut self.fd().blocks);
        let saved_no_in = std::mem::replace(&mut self.no_in, false);
        self.using_list_begin(true);
        while !self.is(Punct::RBrace) {
            if matches!(self.tok.kind, TokenKind::Eof) {
                return self.error("unterminated function body");
            }
            self.parse_statement_list_item()?;
        }
        self.using_list_end();
        self.no_in = saved_no_in;
        self.fd().blocks = saved_blocks;
        self.next()?;
        if separate {
            self.init_body_vars(body_start);
            self.pop_scope();
        }
        if self.fdr().flags & fn_flags::DERIVED != 0 {
            self.emit_op(Op::PushUndefined);
            self.emit_scope(Op::ScopeGetVarRaw, Atom::THIS);
            self.emit_op(Op::DerivedReturn);
            self.emit_op(Op::Return);
        } else {
            self.emit_op(Op::ReturnUndef);
        }
        Ok(())
    }

    /// FunctionDeclarationInstantiation step 28.f.i.4 (§10.2.11): in a body
    /// with a variable scope of its own, a `var` named like a parameter (or
    /// `arguments`, when the function has an arguments object) starts out
    /// with that binding's value; a function declaration's name does not.
    /// The copies go where the body starts (after its `EnterScope`).
    fn init_body_vars(&mut self, body_start: usize) {
        let f = self.fd();
        let body = f.body_scope as usize;
        let params = |n: Atom| {
            f.scopes[0]
                .vars
                .iter()
                .any(|&v| f.vars[v as usize].name == n && f.vars[v as usize].kind.is_param())
        };
        let has_arguments = !f.is_arrow() && !f.is_script;
        let mut code = Vec::new();
        for &v in &f.scopes[body].vars {
            let vd = &f.vars[v as usize];
            if vd.kind != VarKind::Var || f.scopes[body].hoisted.iter().any(|&(h, _)| h == v) {
                continue;
            }
            if !(params(vd.name) || (vd.name == Atom::ARGUMENTS && has_arguments)) {
                continue;
            }
            code.push(Op::ScopeGetVar as u8);
            code.extend_from_slice(&vd.name.0.to_le_bytes());
            code.extend_from_slice(&0u16.to_le_bytes());
            code.push(Op::ScopePutVarInit as u8);
            code.extend_from_slice(&vd.name.0.to_le_bytes());
            code.extend_from_slice(&(body as u16).to_le_bytes());
        }
        if !code.is_empty() {
            f.code.splice(body_start..body_start, code);
            f.last_op = None;
        }
    }

    /// ArrowFunction (§15.3); the current token starts its parameters.
    pub(crate) fn parse_arrow_function(&mut self) -> CResult<()> {
        let start = self.tok.start;
        self.parse_arrow_function_with(0, start)
    }

    /// An arrow function starting at `start`; `extra` is `ASYNC` after
    /// `async` (already consumed).
    pub(crate) fn parse_arrow_function_with(&mut self, extra: u16, start: Pos) -> CResult<()> {
        let child = self.begin_function(fn_flags::ARROW | extra, Atom::EMPTY);
        if extra & fn_flags::ASYNC != 0 {
            self.emit_op(Op::InitialYield);
        }
        let params = if self.is(Punct::LParen) {
            self.next()?;
            self.parse_params(Punct::RParen)?
        } else {
            let pos = self.tok.start;
            // The single parameter is checked as a parameter: `yield` and
            // `await` stay reserved where the enclosing context reserves them.
            self.fd().in_params = true;
            let name = self.binding_identifier();
            self.fd().in_params = false;
            let name = name?;
            self.fd().add_var(name, 0, VarKind::Param);
            self.fd().param_count += 1;
            self.fd().length += 1;
            vec![(name, pos)]
        };
        if self.tok.newline_before {
            return self.error("line terminator before '=>'");
        }
        self.expect(Punct::Arrow)?;
        if self.is(Punct::LBrace) {
            self.parse_function_body()?;
        } else {
            let saved_blocks = std::mem::take(&mut self.fd().blocks);
            self.parse_assign()?;
            self.fd().blocks = saved_blocks;
            self.emit_op(Op::Return);
        }
        self.check_params(&params, None, start)?;
        self.end_function(start);
        self.emit_op_u32(Op::FClosure, child);
        Ok(())
    }
}

/// The flags of a `function` declaration or expression: generators and
/// async functions are not constructors.
pub(super) fn function_kind_flags(generator: bool, is_async: bool) -> u16 {
    if generator && is_async {
        fn_flags::GENERATOR | fn_flags::ASYNC
    } else if generator {
        fn_flags::GENERATOR
    } else if is_async {
        fn_flags::ASYNC
    } else {
        fn_flags::CONSTRUCTOR
    }
}
