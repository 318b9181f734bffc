//! Statements and declarations (ECMA-262 §14).
//!
//! <https://tc39.es/ecma262/#sec-ecmascript-language-statements-and-declarations>

use super::pattern::{Checkpoint, PatternMode};
use super::{BlockDef, CResult, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::Op;
use crate::parser::token::{Punct, TokenKind};

impl<'src> Parser<'src, '_> {
    /// StatementListItem: a declaration or a statement.
    pub(crate) fn parse_statement_list_item(&mut self) -> CResult<()> {
        self.check_depth()?;
        if self.is_kw("function") || self.async_function_ahead()? {
            return self.parse_function_declaration();
        }
        if self.is_kw("const") {
            self.next()?;
            self.parse_var_declarations(VarKind::Const, false)?;
            return self.semicolon();
        }
        if self.is_kw("let") && self.let_starts_declaration()? {
            self.next()?;
            self.parse_var_declarations(VarKind::Let, false)?;
            return self.semicolon();
        }
        if self.is_kw("class") {
            return self.parse_class(true);
        }
        if let Some(is_await) = self.using_ahead(false)? {
            if is_await {
                self.next()?;
            }
            self.next()?;
            self.parse_using_declarations(is_await, false)?;
            return self.semicolon();
        }
        self.parse_statement()
    }

    /// Whether a `using` (Some(false)) or `await using` (Some(true))
    /// declaration starts here: `using` and then, on the same line, a
    /// binding identifier (in a for head, `of` only before `=`:
    /// `for (using of of ...` is a for-of over `using`).
    fn using_ahead(&mut self, in_for: bool) -> CResult<Option<bool>> {
        let is_await = if self.is_kw("await") {
            if !self.await_is_keyword() {
                return Ok(None);
            }
            true
        } else if self.is_kw("using") {
            false
        } else {
            return Ok(None);
        };
        let cp = self.checkpoint();
        self.next()?;
        if is_await && (self.tok.newline_before || !self.is_kw("using")) {
            self.restore(cp);
            return Ok(None);
        }
        if is_await {
            self.next()?;
        }
        let r = match &self.tok.kind {
            TokenKind::Ident { name, .. } if !self.tok.newline_before => {
                if matches!(name.as_ref(), "in" | "instanceof") {
                    false
                } else if !is_await && in_for && name == "of" {
                    // `for (using of = v;;)` declares `of`.
                    self.next()?;
                    self.is(Punct::Assign)
                } else {
                    true
                }
            }
            _ => false,
        };
        self.restore(cp);
        Ok(r.then_some(is_await))
    }

    /// The bindings of a `using` / `await using` declaration (after the
    /// keywords): each initializer's value is added to the region's
    /// DisposeCapability (AddDisposableResource), then bound.
    fn parse_using_declarations(&mut self, is_await: bool, in_for: bool) -> CResult<()> {
        let local = self.ensure_using_region(is_await)?;
        loop {
            if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
                return self.error("a using declaration may not have a destructuring pattern");
            }
            let pos = self.tok.start;
            let name = self.using_binding(pos)?;
            if !self.eat(Punct::Assign)? {
                return self.error_at(pos, "missing initializer in using declaration");
            }
            self.parse_initializer(in_for)?;
            self.set_last_closure_name(name);
            self.emit_op_u16(Op::GetLoc, local);
            self.emit_op_u8(Op::AddDisposable, is_await as u8);
            self.emit_scope(Op::ScopePutVarInit, name);
            if !self.eat(Punct::Comma)? {
                return Ok(());
            }
        }
    }

    /// The BindingIdentifier of a using declaration, declared (immutable).
    fn using_binding(&mut self, pos: crate::parser::token::Pos) -> CResult<Atom> {
        let name = self.binding_identifier()?;
        if name == Atom::LET {
            return self.error_at(pos, "'let' cannot be a lexically bound name");
        }
        if self.strict() && (name == Atom::EVAL || name == Atom::ARGUMENTS) {
            return self.error_at(pos, "invalid variable name in strict mode");
        }
        self.declare(name, VarKind::Const, pos)?;
        Ok(name)
    }

    /// Starts a statement list that may (`allowed`) hold `using` declarations.
    pub(crate) fn using_list_begin(&mut self, allowed: bool) {
        self.fd().using_lists.push(super::UsingList {
            allowed,
            region: None,
        });
    }

    /// Ends the statement list: if a `using` declaration started a region
    /// in it, its normal completion disposes the resources, and so does its
    /// exception handler before rethrowing.
    pub(crate) fn using_list_end(&mut self) {
        let Some(list) = self.fd().using_lists.pop() else {
            return;
        };
        if let Some((local, is_async, handler)) = list.region {
            self.fd().blocks.pop();
            self.emit_using_region_end(local, is_async, handler);
        }
    }

    /// The DisposeCapability of the current statement list's region (its
    /// hidden local), starting the region at the first `using`: a new
    /// capability and an exception handler, and a block entry so that
    /// break/continue/return dispose too. A later `await using` makes the
    /// region async (exits compiled before it cannot have async resources).
    fn ensure_using_region(&mut self, is_async: bool) -> CResult<u16> {
        let Some(list) = self.fdr().using_lists.last().copied() else {
            return self.error("using declarations are not allowed at the top level of a script");
        };
        if !list.allowed {
            return self.error("using declarations are not allowed directly in a case clause");
        }
        if let Some((local, was_async, handler)) = list.region {
            if is_async && !was_async {
                let f = self.fd();
                if let Some(l) = f.using_lists.last_mut() {
                    l.region = Some((local, true, handler));
                }
                for b in f.blocks.iter_mut().rev() {
                    if b.dispose.map(|d| d.0) == Some(local) {
                        b.dispose = Some((local, true));
                        break;
                    }
                }
            }
            return Ok(local);
        }
        let local = self.fd().add_var(Atom::EMPTY, 0, VarKind::Var);
        let handler = self.new_label();
        self.emit_using_region_start(local, is_async, handler);
        if let Some(l) = self.fd().using_lists.last_mut() {
            l.region = Some((local, is_async, handler));
        }
        Ok(local)
    }

    /// A new capability in `local` and the region's handler and block entry.
    fn emit_using_region_start(&mut self, local: u16, is_async: bool, handler: u32) {
        self.emit_op(Op::NewDisposeCap);
        self.emit_op_u16(Op::PutLoc, local);
        self.emit_jump(Op::PushCatch, handler);
        self.fd().blocks.push(BlockDef {
            dispose: Some((local, is_async)),
            ..BlockDef::default()
        });
    }

    /// DisposeResources of the capability in `local` for a normal
    /// completion (its error, if any, is thrown).
    fn emit_dispose(&mut self, local: u16, is_async: bool) {
        self.emit_op_u16(Op::GetLoc, local);
        if is_async {
            let skip = self.new_label();
            self.emit_op(Op::DisposeAsync);
            self.emit_jump(Op::IfFalse, skip);
            self.emit_await();
            self.emit_label(skip);
            self.emit_op(Op::Drop);
        } else {
            self.emit_op(Op::DisposeSync);
        }
    }

    /// The end of a region (its block entry already removed): the normal
    /// completion's disposal, then the handler for a throw completion.
    fn emit_using_region_end(&mut self, local: u16, is_async: bool, handler: u32) {
        let after = self.new_label();
        self.emit_op(Op::PopCatch);
        self.emit_dispose(local, is_async);
        self.emit_jump(Op::Goto, after);
        self.emit_label(handler);
        self.emit_op_u16(Op::GetLoc, local);
        if is_async {
            let skip = self.new_label();
            self.emit_op(Op::DisposeAsyncThrow);
            self.emit_jump(Op::IfFalse, skip);
            self.emit_await();
            self.emit_label(skip);
        } else {
            self.emit_op(Op::DisposeSyncThrow);
        }
        self.emit_op(Op::Throw);
        self.emit_label(after);
    }

    /// A declarator's Initializer; in a for head `in` is not an operator.
    fn parse_initializer(&mut self, in_for: bool) -> CResult<()> {
        let saved = std::mem::replace(&mut self.no_in, in_for);
        self.parse_assign()?;
        self.no_in = saved;
        Ok(())
    }

    /// Whether `let` here begins a lexical declaration (§14.3.1 lookahead).
    fn let_starts_declaration(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        self.next()?;
        let r = match &self.tok.kind {
            TokenKind::Punct(Punct::LBracket) | TokenKind::Punct(Punct::LBrace) => true,
            TokenKind::Ident { name, .. } => {
                // `let` followed by a keyword that cannot be a binding is an expression.
                !(self.tok.newline_before && (name == "in" || name == "instanceof"))
                    && !matches!(name.as_ref(), "in" | "instanceof" | "of")
                    || !self.tok.newline_before && name == "of"
            }
            _ => false,
        };
        self.restore(cp);
        Ok(r)
    }

    /// Statement (§14).
    pub(crate) fn parse_statement(&mut self) -> CResult<()> {
        self.check_depth()?;
        let start = self.tok.start;
        self.emit_position(start);
        if self.async_function_ahead()? {
            return self.error("async function declarations are not allowed here");
        }
        match &self.tok.kind {
            TokenKind::Punct(Punct::LBrace) => return self.parse_block(),
            TokenKind::Punct(Punct::Semicolon) => return self.next(),
            TokenKind::Ident {
                name,
                escaped: false,
            } => match name.as_ref() {
                "var" => {
                    self.next()?;
                    self.parse_var_declarations(VarKind::Var, false)?;
                    return self.semicolon();
                }
                "if" => return self.parse_if(),
                "for" => return self.parse_for(Vec::new()),
                "while" => return self.parse_while(Vec::new()),
                "do" => return self.parse_do_while(Vec::new()),
                "continue" => return self.parse_break_continue(true),
                "break" => return self.parse_break_continue(false),
                "return" => return self.parse_return(),
                "throw" => {
                    self.next()?;
                    if self.tok.newline_before {
                        return self.error("line break after 'throw'");
                    }
                    self.parse_expression()?;
                    self.emit_position(start);
                    self.emit_op(Op::Throw);
                    return self.semicolon();
                }
                "try" => return self.parse_try(),
                "switch" => return self.parse_switch(Vec::new()),
                "with" => return self.parse_with(),
                "debugger" => {
                    self.next()?;
                    self.emit_op(Op::Debugger);
                    return self.semicolon();
                }
                "function" => {
                    if self.function_star_ahead()? {
                        return self.error("generator declarations are not allowed here");
                    }
                    if self.strict() {
                        return self
                            .error("function declarations are not allowed here in strict mode");
                    }
                    // Annex B: a function declaration as the body of if/labels.
                    self.push_scope();
                    self.parse_function_declaration()?;
                    self.pop_scope();
                    return Ok(());
                }
                "class" | "const" => {
                    return self.error("declaration not allowed in statement position");
                }
                "let" => {
                    let cp = self.checkpoint();
                    self.next()?;
                    let is_decl = self.is(Punct::LBracket);
                    self.restore(cp);
                    if is_decl {
                        return self.error("lexical declaration not allowed in statement position");
                    }
                }
                _ => {}
            },
            _ => {}
        }
        // Labelled statement?
        if let TokenKind::Ident { name, .. } = &self.tok.kind {
            let name = name.to_string();
            let cp = self.checkpoint();
            self.next()?;
            if self.is(Punct::Colon) {
                self.next()?;
                let atom = self.rt.intern(&name);
                self.check_identifier(atom)?;
                return self.parse_labelled(vec![atom]);
            }
            self.restore(cp);
        }
        // Expression statement.
        self.parse_expression()?;
        match self.fdr().ret_var {
            Some(r) if self.fdr().is_script => self.emit_op_u16(Op::PutLoc, r),
            _ => self.emit_op(Op::Drop),
        }
        self.semicolon()
    }

    /// Statement completion values (§14, UpdateEmpty) matter only in scripts
    /// and eval code, which keep the value in a local: each expression
    /// statement stores into it, and a statement whose value is never empty
    /// (if, loops, switch, try, with) first stores `undefined`, so that its
    /// value is that of the last value-producing statement it ran, or
    /// undefined. Other code pays nothing.
    fn reset_completion(&mut self) {
        if let Some(r) = self.fdr().ret_var
            && self.fdr().is_script
        {
            self.emit_op(Op::PushUndefined);
            self.emit_op_u16(Op::PutLoc, r);
        }
    }

    /// `L1: L2: stmt`.
    fn parse_labelled(&mut self, mut labels: Vec<Atom>) -> CResult<()> {
        for b in &self.fdr().blocks {
            if labels.iter().any(|l| b.labels.contains(l)) {
                return self.error("duplicate label");
            }
        }
        // Collect further labels.
        while let TokenKind::Ident { name, .. } = &self.tok.kind {
            let name = name.to_string();
            let cp = self.checkpoint();
            self.next()?;
            if !self.is(Punct::Colon) {
                self.restore(cp);
                break;
            }
            self.next()?;
            let atom = self.rt.intern(&name);
            if labels.contains(&atom) {
                return self.error("duplicate label");
            }
            labels.push(atom);
        }
        if self.is_kw("for") {
            return self.parse_for(labels);
        }
        if self.is_kw("while") {
            return self.parse_while(labels);
        }
        if self.is_kw("do") {
            return self.parse_do_while(labels);
        }
        if self.is_kw("function") && self.strict() {
            return self.error("labelled function declarations are not allowed in strict mode");
        }
        if self.is_kw("function") && self.function_star_ahead()? {
            return self.error("generator declarations cannot be labelled");
        }
        let brk = self.new_label();
        self.fd().blocks.push(BlockDef {
            labels,
            break_label: Some(brk),
            continue_label: None,
            stack_items: 0,
            has_handler: false,
            finally_label: None,
            is_loop: false,
            iterator: false,
            async_iterator: false,
            dispose: None,
        });
        if self.is_kw("function") {
            // A labelled function declaration (sloppy only) is declared in
            // the enclosing scope, like an unlabelled one.
            self.parse_function_declaration()?;
        } else {
            self.parse_statement()?;
        }
        self.fd().blocks.pop();
        self.emit_label(brk);
        Ok(())
    }

    fn push_loop(&mut self, labels: Vec<Atom>, brk: u32, cont: u32, stack_items: u8) {
        self.fd().blocks.push(BlockDef {
            labels,
            break_label: Some(brk),
            continue_label: Some(cont),
            stack_items,
            has_handler: false,
            finally_label: None,
            is_loop: true,
            iterator: false,
            async_iterator: false,
            dispose: None,
        });
    }

    /// A `{ ... }` block with its own lexical scope.
    pub(crate) fn parse_block(&mut self) -> CResult<()> {
        self.expect(Punct::LBrace)?;
        self.push_scope();
        self.parse_block_items()?;
        self.pop_scope();
        Ok(())
    }

    /// The statements of a block after its `{`, and the closing `}`.
    fn parse_block_items(&mut self) -> CResult<()> {
        self.using_list_begin(true);
        while !self.is(Punct::RBrace) {
            if matches!(self.tok.kind, TokenKind::Eof) {
                return self.error("expected '}'");
            }
            self.parse_statement_list_item()?;
        }
        self.using_list_end();
        self.next()
    }

    /// `var`/`let`/`const` declarators (§14.3). In a `for` head (`in_for`),
    /// `in` is not an operator and `const` may lack an initializer.
    pub(crate) fn parse_var_declarations(&mut self, kind: VarKind, in_for: bool) -> CResult<u32> {
        let mut count = 0;
        self.for_pattern = None;
        loop {
            if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
                // A binding pattern: its initializer is compiled first.
                let pos = self.tok.start;
                let cp = self.checkpoint();
                self.skip_group()?;
                count += 1;
                self.last_decl_had_init = self.is(Punct::Assign);
                if self.eat(Punct::Assign)? {
                    self.parse_initializer(in_for)?;
                    self.compile_pattern_at(cp, PatternMode::Bind(kind))?;
                } else if in_for && (self.is_kw("in") || self.is_kw("of")) {
                    // Compiled in the loop body, where each value arrives.
                    self.for_pattern = Some(cp);
                } else {
                    return self.error_at(pos, "missing initializer in destructuring declaration");
                }
                if !self.eat(Punct::Comma)? {
                    return Ok(count);
                }
                continue;
            }
            let pos = self.tok.start;
            let name = self.binding_identifier()?;
            if kind.is_lexical() && name == Atom::LET {
                return self.error_at(pos, "'let' cannot be a lexically bound name");
            }
            if self.strict() && (name == Atom::EVAL || name == Atom::ARGUMENTS) {
                return self.error_at(pos, "invalid variable name in strict mode");
            }
            self.declare(name, kind, pos)?;
            count += 1;
            self.last_decl_had_init = self.is(Punct::Assign);
            if self.eat(Punct::Assign)? {
                // A `var`'s binding is resolved before its initializer runs
                // (§14.3.2.1): inside `with`, the object holding the name
                // then gets the value even if the initializer deleted it.
                // (Without an object environment in between, the Reference
                // costs nothing.)
                let is_var = kind == VarKind::Var;
                if is_var {
                    self.emit_scope(Op::ScopeMakeRef, name);
                }
                self.parse_initializer(in_for)?;
                self.set_last_closure_name(name);
                let op = if is_var {
                    Op::ScopePutRef
                } else {
                    Op::ScopePutVarInit
                };
                self.emit_scope(op, name);
            } else if kind == VarKind::Const
                && (!in_for || (!self.is_kw("in") && !self.is_kw("of")))
            {
                return self.error_at(pos, "missing initializer in const declaration");
            } else if kind == VarKind::Let && (!in_for || (!self.is_kw("in") && !self.is_kw("of")))
            {
                self.emit_op(Op::PushUndefined);
                self.emit_scope(Op::ScopePutVarInit, name);
            }
            if !self.eat(Punct::Comma)? {
                return Ok(count);
            }
        }
    }

    fn parse_paren_expression(&mut self) -> CResult<()> {
        self.expect(Punct::LParen)?;
        self.parse_expression()?;
        self.expect(Punct::RParen)
    }

    /// The body of if/while/for: a statement, where declarations are not allowed.
    fn parse_substatement(&mut self) -> CResult<()> {
        self.parse_body_statement(false)
    }

    /// The body of if (`is_if`: Annex B.3.3 allows a plain function
    /// declaration there in sloppy code), a loop or `with`: no declarations,
    /// and no labelled function declarations (§14.7.1.1, §14.11.1).
    fn parse_body_statement(&mut self, is_if: bool) -> CResult<()> {
        if self.is_kw("function") && (self.strict() || !is_if) {
            return self.error("function declarations are not allowed here");
        }
        if let TokenKind::Ident { .. } = self.tok.kind {
            let cp = self.checkpoint();
            let mut labelled_fn = false;
            while matches!(self.tok.kind, TokenKind::Ident { .. }) {
                self.next()?;
                if !self.eat(Punct::Colon)? {
                    break;
                }
                if self.is_kw("function") {
                    labelled_fn = true;
                    break;
                }
            }
            self.restore(cp);
            if labelled_fn {
                return self.error("labelled function declarations are not allowed here");
            }
        }
        self.parse_statement()
    }

    /// `with (expr) statement` (§14.11): the object lives in a hidden
    /// variable of a with-scope; the resolver turns every name looked up
    /// through that scope into a runtime check of the object.
    fn parse_with(&mut self) -> CResult<()> {
        if self.strict() {
            return self.error("'with' is not allowed in strict mode");
        }
        self.next()?;
        self.parse_paren_expression()?;
        self.emit_op(Op::ToObject);
        self.reset_completion();
        let scope = self.push_scope();
        let name = self.rt.intern(&format!("<with{}>", self.with_count));
        self.with_count += 1;
        let v = self.fd().add_var(name, scope, VarKind::Catch);
        self.fd().scopes[scope as usize].with_var = Some(v);
        self.emit_scope(Op::ScopePutVarInit, name);
        self.parse_substatement()?;
        self.pop_scope();
        Ok(())
    }

    fn parse_if(&mut self) -> CResult<()> {
        self.next()?;
        self.parse_paren_expression()?;
        self.reset_completion();
        let else_l = self.new_label();
        self.emit_jump(Op::IfFalse, else_l);
        self.parse_body_statement(true)?;
        if self.eat_kw("else")? {
            let end = self.new_label();
            self.emit_jump(Op::Goto, end);
            self.emit_label(else_l);
            self.parse_body_statement(true)?;
            self.emit_label(end);
        } else {
            self.emit_label(else_l);
        }
        Ok(())
    }

    fn parse_while(&mut self, labels: Vec<Atom>) -> CResult<()> {
        self.next()?;
        self.reset_completion();
        let cont = self.new_label();
        let brk = self.new_label();
        let body = self.new_label();
        // The test is moved after the body (see `parse_for`).
        let test_start = self.fdr().code.len();
        self.parse_paren_expression()?;
        let (test_code, _) = self.cut_code(test_start, self.fdr().code.len());
        self.emit_jump(Op::Goto, cont);
        self.emit_label(body);
        self.push_loop(labels, brk, cont, 0);
        self.parse_substatement()?;
        self.fd().blocks.pop();
        self.emit_label(cont);
        self.fd().code.extend_from_slice(&test_code);
        self.emit_jump(Op::IfTrue, body);
        self.emit_label(brk);
        Ok(())
    }

    /// Removes the code emitted from `start` on, returning it split at `mid`
    /// (the code holds only symbolic labels and markers, so it can be
    /// emitted again elsewhere).
    fn cut_code(&mut self, start: usize, mid: usize) -> (Vec<u8>, Vec<u8>) {
        let f = self.fd();
        let second = f.code.split_off(mid);
        let first = f.code.split_off(start);
        f.last_op = None;
        (first, second)
    }

    fn parse_do_while(&mut self, labels: Vec<Atom>) -> CResult<()> {
        self.next()?;
        self.reset_completion();
        let top = self.new_label();
        let cont = self.new_label();
        let brk = self.new_label();
        self.emit_label(top);
        self.push_loop(labels, brk, cont, 0);
        self.parse_substatement()?;
        self.fd().blocks.pop();
        self.expect_kw("while")?;
        self.emit_label(cont);
        self.parse_paren_expression()?;
        self.emit_jump(Op::IfTrue, top);
        self.emit_label(brk);
        // A semicolon after do-while is always optional (§12.10.1).
        self.eat(Punct::Semicolon)?;
        Ok(())
    }

    /// `for (;;)` and `for (... in ...)`.
    fn parse_for(&mut self, labels: Vec<Atom>) -> CResult<()> {
        let for_pos = self.tok.start;
        self.next()?;
        let is_await = self.is_kw("await") && self.fdr().is_async();
        if is_await {
            // `for await (... of ...)` (§14.7.5).
            self.next()?;
        }
        self.expect(Punct::LParen)?;
        self.reset_completion();
        let outer_scope = self.fdr().scope;
        let mut loop_scope = None;
        let mut decl: Option<(VarKind, Atom)> = None;
        let code_start = self.fdr().code.len();
        let lhs_start = self.tok.start;
        let mut lhs_is_expr = false;
        let mut pattern: Option<(Checkpoint<'src>, PatternMode)> = None;
        // `for (using x of ...)`: Some(is `await using`).
        let mut using_of: Option<bool> = None;
        // `for (using x = ...; ...)`: the loop has a `using` region.
        let mut using_list = false;
        if self.is(Punct::Semicolon) {
            // No initializer.
        } else if let Some(using_await) = self.using_ahead(true)? {
            if using_await {
                self.next()?;
            }
            self.next()?;
            loop_scope = Some(self.push_scope());
            if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
                return self.error("a using declaration may not have a destructuring pattern");
            }
            let pos = self.tok.start;
            let cp = self.checkpoint();
            self.next()?;
            let (next_of, next_in) = (self.is_kw("of"), self.is_kw("in"));
            self.restore(cp);
            if next_in {
                return self.error("using declarations are not allowed in for-in heads");
            }
            if next_of {
                let name = self.using_binding(pos)?;
                decl = Some((VarKind::Const, name));
                using_of = Some(using_await);
            } else {
                self.using_list_begin(true);
                using_list = true;
                self.parse_using_declarations(using_await, true)?;
                if self.is_kw("in") || self.is_kw("of") {
                    return self
                        .error("for-in/of loop variable declaration may not have an initializer");
                }
            }
        } else if self.is_kw("var")
            || self.is_kw("const")
            || (self.is_kw("let") && self.let_starts_declaration()?)
        {
            let kind = if self.is_kw("var") {
                VarKind::Var
            } else if self.is_kw("const") {
                VarKind::Const
            } else {
                VarKind::Let
            };
            self.next()?;
            if kind != VarKind::Var {
                loop_scope = Some(self.push_scope());
            }
            let first_name = self.ident_name().map(|s| self.rt.intern(s));
            let n = self.parse_var_declarations(kind, true)?;
            if let Some(cp) = self.for_pattern.take() {
                pattern = Some((cp, PatternMode::Bind(kind)));
            }
            if self.is_kw("in") || self.is_kw("of") {
                if n != 1 {
                    return self.error("only one binding allowed in a for-in/of head");
                }
                // Annex B.3.5 allows an initializer only for `var` in sloppy for-in.
                if self.last_decl_had_init
                    && (kind != VarKind::Var || self.strict() || self.is_kw("of"))
                {
                    return self
                        .error("for-in/of loop variable declaration may not have an initializer");
                }
                decl = first_name.map(|a| (kind, a));
            }
        } else {
            // `for (async of ...)` is excluded by a lookahead restriction (§14.7.5).
            if !is_await
                && matches!(&self.tok.kind, TokenKind::Ident { name, escaped: false } if name == "async")
            {
                let cp = self.checkpoint();
                self.next()?;
                // (`async of => ...` is an arrow function, not the head.)
                let async_of = self.is_kw("of") && {
                    self.next()?;
                    !self.is(Punct::Arrow)
                };
                self.restore(cp);
                if async_of {
                    return self.error("'for (async of' is not allowed");
                }
            }
            if let Some(cp) = self.pattern_ahead(|p| p.is_kw("in") || p.is_kw("of"))? {
                // `for ([a, b] of ...)`: an assignment pattern (§14.7.5.1).
                pattern = Some((cp, PatternMode::Assign));
            } else {
                let saved = std::mem::replace(&mut self.no_in, true);
                self.parse_expression()?;
                self.no_in = saved;
                lhs_is_expr = true;
            }
        }
        if is_await && !self.is_kw("of") {
            return self.error("for await requires 'of'");
        }
        if self.is_kw("in") || self.is_kw("of") {
            let is_of = self.is_kw("of");
            return self.parse_for_in(
                is_of,
                is_await,
                labels,
                decl,
                pattern,
                lhs_is_expr,
                code_start,
                lhs_start,
                loop_scope,
                outer_scope,
                for_pos,
                using_of,
            );
        }
        if lhs_is_expr {
            self.emit_op(Op::Drop);
        }
        // Classic for loop. The test and the update are compiled where they
        // appear, then moved after the body, so that an iteration ends with
        // the single backward jump of the test:
        //     Goto test; body: <body>; cont: <copies> <update>;
        //     test: <test>; IfTrue body; brk:
        self.expect(Punct::Semicolon)?;
        if let Some(s) = loop_scope {
            // The first iteration's environment is a copy too (§14.7.4.4
            // step 2): closures made in the initializer keep the first one.
            self.emit_op_u16(Op::PerIterationCopy, s);
        }
        let test = self.new_label();
        let body = self.new_label();
        let cont = self.new_label();
        let brk = self.new_label();
        let test_start = self.fdr().code.len();
        let has_test = !self.is(Punct::Semicolon);
        if has_test {
            self.parse_expression()?;
        }
        self.expect(Punct::Semicolon)?;
        let update_start = self.fdr().code.len();
        if !self.is(Punct::RParen) {
            self.parse_expression()?;
            self.emit_op(Op::Drop);
        }
        self.expect(Punct::RParen)?;
        let (test_code, update_code) = self.cut_code(test_start, update_start);
        if has_test {
            self.emit_jump(Op::Goto, test);
        }
        self.emit_label(body);
        self.push_loop(labels, brk, cont, 0);
        self.parse_substatement()?;
        self.fd().blocks.pop();
        self.emit_label(cont);
        if let Some(s) = loop_scope {
            self.emit_op_u16(Op::PerIterationCopy, s);
        }
        self.fd().code.extend_from_slice(&update_code);
        if has_test {
            self.emit_label(test);
            self.fd().code.extend_from_slice(&test_code);
            self.emit_jump(Op::IfTrue, body);
        } else {
            self.emit_jump(Op::Goto, body);
        }
        self.emit_label(brk);
        if using_list {
            self.using_list_end();
        }
        if loop_scope.is_some() {
            self.pop_scope();
        }
        let _ = outer_scope;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    /// `for (... in ...)` and `for (... of ...)` (§14.7.5).
    fn parse_for_in(
        &mut self,
        is_of: bool,
        is_await: bool,
        labels: Vec<Atom>,
        decl: Option<(VarKind, Atom)>,
        pattern: Option<(Checkpoint<'src>, PatternMode)>,
        lhs_is_expr: bool,
        code_start: usize,
        lhs_start: crate::parser::token::Pos,
        loop_scope: Option<u16>,
        outer_scope: u16,
        for_pos: crate::parser::token::Pos,
        using_of: Option<bool>,
    ) -> CResult<()> {
        let _ = outer_scope;
        // Take the head's code out: the target is evaluated inside the loop.
        let lhs = if lhs_is_expr {
            let lv = self.to_lvalue(lhs_start)?;
            let code = self.fd().code.split_off(code_start);
            Some((lv, code))
        } else {
            // An initializer in the head (`for (var x = 1 in o)`, Annex B) runs once, before.
            None
        };
        self.next()?; // `in` or `of`
        if is_of {
            self.parse_assign()?;
        } else {
            self.parse_expression()?;
        }
        self.expect(Punct::RParen)?;
        self.emit_position(for_pos);
        self.emit_op(if is_await {
            Op::GetAsyncIterator
        } else if is_of {
            Op::GetIterator
        } else {
            Op::ForInStart
        });
        let cont = self.new_label();
        let done = self.new_label();
        let brk = self.new_label();
        // A throw out of a for-of body (or its head's binding) closes the
        // iterator (§14.7.5.7 step 6.k); `IteratorNext` marks it done
        // first when stepping itself throws.
        let close = self.new_label();
        if is_of {
            self.emit_jump(Op::PushCatch, close);
        }
        let mut using_region: Option<(u16, bool, u32)> = None;
        self.emit_label(cont);
        if is_await {
            self.emit_op(Op::AsyncIteratorNext);
            self.emit_await();
            self.emit_op(Op::AsyncIteratorResult);
        } else {
            self.emit_op(if is_of {
                Op::IteratorNext
            } else {
                Op::ForInNext
            });
        }
        self.emit_jump(Op::IfTrue, done);
        if let Some(s) = loop_scope {
            self.emit_op_u16(Op::EnterScope, s);
        }
        match (decl, lhs) {
            _ if pattern.is_some() => {
                if let Some((cp, mode)) = pattern {
                    self.compile_pattern_at(cp, mode)?;
                }
            }
            (Some((_, name)), _) if using_of.is_some() => {
                // Each iteration's binding has a DisposeCapability of its own.
                let is_async = using_of == Some(true);
                let local = self.fd().add_var(Atom::EMPTY, 0, VarKind::Var);
                self.emit_op(Op::NewDisposeCap);
                self.emit_op_u16(Op::PutLoc, local);
                self.emit_op_u16(Op::GetLoc, local);
                self.emit_op_u8(Op::AddDisposable, is_async as u8);
                self.emit_scope(Op::ScopePutVarInit, name);
                using_region = Some((local, is_async, self.new_label()));
            }
            (Some((kind, name)), _) => {
                let op = if kind == VarKind::Var {
                    Op::ScopePutVar
                } else {
                    Op::ScopePutVarInit
                };
                self.emit_scope(op, name);
            }
            (None, Some((lv, code))) => {
                self.fd().code.extend_from_slice(&code);
                self.fd().last_op = None;
                match lv {
                    super::expression::LValue::Var(..) | super::expression::LValue::Call => {}
                    super::expression::LValue::Field(_) => self.emit_op(Op::Swap),
                    super::expression::LValue::Elem | super::expression::LValue::Private => {
                        self.emit_op(Op::Rot3L)
                    }
                    super::expression::LValue::Super => self.emit_op(Op::Rot4L),
                }
                self.emit_store(lv, false);
            }
            (None, None) => return self.error("invalid for-in head"),
        }
        self.push_loop(labels, brk, cont, if is_of { 2 } else { 1 });
        if let Some(b) = self.fd().blocks.last_mut() {
            b.iterator = is_of;
            b.async_iterator = is_await;
        }
        if let Some((local, is_async, handler)) = using_region {
            self.emit_jump(Op::PushCatch, handler);
            self.fd().blocks.push(BlockDef {
                dispose: Some((local, is_async)),
                ..BlockDef::default()
            });
        }
        self.parse_substatement()?;
        if let Some((local, is_async, handler)) = using_region {
            // The end of an iteration disposes its binding's resource.
            self.fd().blocks.pop();
            self.emit_using_region_end(local, is_async, handler);
        }
        self.fd().blocks.pop();
        self.emit_jump(Op::Goto, cont);
        self.emit_label(done);
        self.emit_op(Op::Drop);
        if is_of {
            // Exhausted: the iterator is not closed.
            let end = self.new_label();
            self.emit_op(Op::PopCatch);
            self.emit_op(Op::Drop);
            self.emit_op(Op::Drop);
            self.emit_jump(Op::Goto, end);
            // `break`: IteratorClose (§7.4.11).
            self.emit_label(brk);
            self.emit_op(Op::PopCatch);
            if is_await {
                self.emit_async_iterator_close(0);
                self.emit_op(Op::Drop);
                self.emit_op(Op::Drop);
            } else {
                self.emit_op(Op::IteratorClose);
            }
            self.emit_jump(Op::Goto, end);
            self.emit_label(close);
            if is_await {
                // AsyncIteratorClose (§7.4.13) for a throw completion: the
                // result of return() is awaited, its outcome ignored.
                let skip = self.new_label();
                self.emit_op(Op::AsyncIteratorReturnThrow);
                self.emit_jump(Op::IfFalse, skip);
                self.emit_op_u8(Op::Yield, 3);
                self.emit_op(Op::Drop);
                self.emit_label(skip);
                self.emit_op(Op::Drop);
            } else {
                self.emit_op(Op::IteratorCloseThrow);
            }
            self.emit_op(Op::Throw);
            self.emit_label(end);
        } else {
            self.emit_label(brk);
            self.emit_op(Op::Drop);
        }
        if loop_scope.is_some() {
            self.pop_scope();
        }
        Ok(())
    }

    /// AsyncIteratorClose (§7.4.13) for a normal completion of the iterator
    /// whose record is `n` values below the top: calls its return(),
    /// awaits the result and checks it is an object.
    pub(crate) fn emit_async_iterator_close(&mut self, n: u16) {
        let skip = self.new_label();
        let join = self.new_label();
        self.emit_op_u16(Op::AsyncIteratorReturn, n);
        self.emit_jump(Op::IfFalse, skip);
        self.emit_await();
        self.emit_op(Op::CheckObject);
        self.emit_jump(Op::Goto, join);
        self.emit_label(skip);
        self.emit_op(Op::Drop);
        self.emit_label(join);
    }

    /// Emits what leaving block `i` (and everything inside it) requires.
    fn emit_block_exit(&mut self, i: usize, for_return: bool) {
        let b = self.fdr().blocks[i].clone();
        if let Some((local, is_async)) = b.dispose {
            // Leaving a `using` region: DisposeResources.
            self.emit_op(Op::PopCatch);
            self.emit_dispose(local, is_async);
        } else if b.iterator {
            // Leaving a for-of loop (or, through a generator's `return()`
            // at a `yield`, an array pattern) early: remove its handler,
            // then close its iterator. For `return`, the values above the
            // record (the statements' and expressions' inside) go first, so
            // that it sits right below the return value.
            if for_return {
                self.emit_op(Op::NipCatch);
                if b.async_iterator {
                    self.emit_async_iterator_close(1);
                } else {
                    self.emit_op_u16(Op::IteratorCloseAt, 1);
                }
            } else if b.async_iterator {
                self.emit_op(Op::PopCatch);
                self.emit_async_iterator_close(0);
                self.emit_op(Op::Drop);
                self.emit_op(Op::Drop);
            } else {
                self.emit_op(Op::PopCatch);
                self.emit_op(Op::IteratorClose);
            }
        } else {
            if !for_return {
                for _ in 0..b.stack_items {
                    self.emit_op(Op::Drop);
                }
            }
            if b.has_handler {
                self.emit_op(Op::PopCatch);
            }
        }
        if let Some(f) = b.finally_label {
            self.emit_op(Op::PushUndefined);
            self.emit_jump(Op::Gosub, f);
            self.emit_op(Op::Drop);
        }
    }

    fn parse_break_continue(&mut self, is_continue: bool) -> CResult<()> {
        let start = self.tok.start;
        self.next()?;
        let label = match &self.tok.kind {
            TokenKind::Ident { name, .. } if !self.tok.newline_before => {
                let a = self.rt.intern(name);
                self.next()?;
                Some(a)
            }
            _ => None,
        };
        let n = self.fdr().blocks.len();
        for i in (0..n).rev() {
            let b = &self.fdr().blocks[i];
            let hit = match label {
                Some(l) => b.labels.contains(&l) && (!is_continue || b.is_loop),
                None => {
                    b.is_loop || (!is_continue && b.break_label.is_some() && b.labels.is_empty())
                }
            };
            if hit && label.is_some() && is_continue && !b.is_loop {
                return self.error_at(start, "continue target is not a loop");
            }
            if hit {
                let target = if is_continue {
                    b.continue_label
                } else {
                    b.break_label
                };
                if let Some(t) = target {
                    self.emit_jump(Op::Goto, t);
                    return self.semicolon();
                }
            }
            self.emit_block_exit(i, false);
        }
        match label {
            Some(_) => self.error_at(start, "undefined label"),
            None if is_continue => self.error_at(start, "'continue' outside of a loop"),
            None => self.error_at(start, "'break' outside of a loop or switch"),
        }
    }

    fn parse_return(&mut self) -> CResult<()> {
        if self.fdr().is_script || self.fdr().static_block {
            return self.error("'return' outside of a function");
        }
        self.next()?;
        if self.is(Punct::Semicolon)
            || self.is(Punct::RBrace)
            || matches!(self.tok.kind, TokenKind::Eof)
            || self.tok.newline_before
        {
            self.emit_op(Op::PushUndefined);
        } else {
            self.parse_expression()?;
            if self.fdr().is_async_generator() {
                // An async generator awaits its return value (§15.6.2).
                self.emit_await();
            }
        }
        self.emit_return();
        self.semicolon()
    }

    /// Returns the value on top of the stack, leaving every enclosing block
    /// (finally blocks run) on the way.
    pub(crate) fn emit_return(&mut self) {
        let n = self.fdr().blocks.len();
        for i in (0..n).rev() {
            self.emit_block_exit(i, true);
        }
        if self.fdr().flags & crate::bytecode::fn_flags::DERIVED != 0 {
            // A derived constructor returns an object or its `this`, checked
            // once the body has completed (§10.2.2 steps 10-12).
            self.emit_scope(Op::ScopeGetVarRaw, Atom::THIS);
            self.emit_op(Op::DerivedReturn);
        }
        self.emit_op(Op::Return);
    }

    fn parse_try(&mut self) -> CResult<()> {
        self.next()?;
        let catch_l = self.new_label();
        let end = self.new_label();
        let fin = self.new_label();
        let rethrow = self.new_label();
        let has_finally = self.try_has_finally()?;
        self.reset_completion();
        self.emit_jump(Op::PushCatch, catch_l);
        self.fd().blocks.push(BlockDef {
            labels: Vec::new(),
            break_label: None,
            continue_label: None,
            stack_items: 0,
            has_handler: true,
            finally_label: has_finally.then_some(fin),
            is_loop: false,
            iterator: false,
            async_iterator: false,
            dispose: None,
        });
        self.parse_block()?;
        self.fd().blocks.pop();
        self.emit_op(Op::PopCatch);
        if has_finally {
            self.emit_op(Op::PushUndefined);
            self.emit_jump(Op::Gosub, fin);
            self.emit_op(Op::Drop);
        }
        self.emit_jump(Op::Goto, end);
        self.emit_label(catch_l);
        let mut has_catch = false;
        if self.eat_kw("catch")? {
            has_catch = true;
            if has_finally {
                self.emit_jump(Op::PushCatch, rethrow);
            }
            let catch_scope = self.push_scope();
            // A pattern parameter's names, for a block scope of its own.
            let mut pattern_names = None;
            if self.eat(Punct::LParen)? {
                if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
                    // The names are lexical: unlike a simple parameter, they
                    // clash with `var` declarations in the block (B.3.4).
                    let first = self.fdr().vars.len();
                    self.compile_pattern(PatternMode::Bind(VarKind::Let))?;
                    let f = self.fdr();
                    pattern_names = Some(
                        f.scopes[catch_scope as usize]
                            .vars
                            .iter()
                            .filter(|&&v| v as usize >= first)
                            .map(|&v| f.vars[v as usize].name)
                            .collect::<Vec<Atom>>(),
                    );
                } else {
                    let pos = self.tok.start;
                    let name = self.binding_identifier()?;
                    if self.strict() && (name == Atom::EVAL || name == Atom::ARGUMENTS) {
                        return self.error_at(pos, "invalid catch parameter name in strict mode");
                    }
                    self.declare(name, VarKind::Catch, pos)?;
                    self.emit_scope(Op::ScopePutVarInit, name);
                }
                self.expect(Punct::RParen)?;
            } else {
                self.emit_op(Op::Drop);
            }
            self.reset_completion();
            // After a pattern (whose defaults may make closures), the block
            // is a scope of its own (§14.15.3 CatchClauseEvaluation: the
            // Block's declarations are in a new environment inside the
            // parameter's): the parameter names are recorded there as names
            // its lexical declarations may not reuse (§14.15.1).
            let block_scope = pattern_names.map(|names| {
                let s = self.push_scope();
                self.fd().scopes[s as usize].var_names = names;
                s
            });
            self.fd().blocks.push(BlockDef {
                labels: Vec::new(),
                break_label: None,
                continue_label: None,
                stack_items: 0,
                has_handler: has_finally,
                finally_label: has_finally.then_some(fin),
                is_loop: false,
                iterator: false,
                async_iterator: false,
                dispose: None,
            });
            // Otherwise the block shares the parameter's scope: its lexical
            // declarations may not redeclare the parameter (§14.15.1), while
            // `var` may (B.3.4).
            self.expect(Punct::LBrace)?;
            self.parse_block_items()?;
            self.fd().blocks.pop();
            if block_scope.is_some() {
                self.pop_scope();
            }
            self.pop_scope();
            if has_finally {
                self.emit_op(Op::PopCatch);
                self.emit_op(Op::PushUndefined);
                self.emit_jump(Op::Gosub, fin);
                self.emit_op(Op::Drop);
            }
            self.emit_jump(Op::Goto, end);
        }
        if self.eat_kw("finally")? {
            self.emit_label(rethrow);
            self.emit_jump(Op::Gosub, fin);
            self.emit_op(Op::Throw);
            self.emit_label(fin);
            // A normal completion of the finally block keeps the value of
            // the try/catch part (§14.15.3).
            let saved = match self.fdr().ret_var {
                Some(r) if self.fdr().is_script => {
                    let tmp = self.fd().add_var(Atom::EMPTY, 0, VarKind::Var);
                    self.emit_op_u16(Op::GetLoc, r);
                    self.emit_op_u16(Op::PutLoc, tmp);
                    // An abrupt completion carries the finally block's own value.
                    self.reset_completion();
                    Some((r, tmp))
                }
                _ => None,
            };
            self.fd().blocks.push(BlockDef {
                labels: Vec::new(),
                break_label: None,
                continue_label: None,
                stack_items: 2,
                has_handler: false,
                finally_label: None,
                is_loop: false,
                iterator: false,
                async_iterator: false,
                dispose: None,
            });
            self.parse_block()?;
            self.fd().blocks.pop();
            if let Some((r, tmp)) = saved {
                self.emit_op_u16(Op::GetLoc, tmp);
                self.emit_op_u16(Op::PutLoc, r);
            }
            self.emit_op(Op::Ret);
        } else if !has_catch {
            return self.error("missing catch or finally after try");
        }
        self.emit_label(end);
        Ok(())
    }

    /// Whether the try statement starting at the current `{` has a finally clause.
    fn try_has_finally(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        let r = self.skip_block().and_then(|_| {
            if self.eat_kw("catch")? {
                if self.is(Punct::LParen) {
                    self.skip_balanced(Punct::LParen, Punct::RParen)?;
                }
                self.skip_block()?;
            }
            Ok(self.is_kw("finally"))
        });
        self.restore(cp);
        Ok(r.unwrap_or(false))
    }

    fn skip_block(&mut self) -> CResult<()> {
        self.skip_balanced(Punct::LBrace, Punct::RBrace)
    }

    /// Skips from an opening bracket to its match, handling templates and regexps.
    pub(crate) fn skip_balanced(&mut self, open: Punct, close: Punct) -> CResult<()> {
        self.skip_balanced_find(open, close).map(|_| ())
    }

    /// `skip_balanced`, telling whether a `...` appeared directly inside the group.
    pub(crate) fn skip_balanced_find(&mut self, open: Punct, close: Punct) -> CResult<bool> {
        if !self.is(open) {
            return self.unexpected();
        }
        let mut depth: Vec<u8> = Vec::new();
        let mut prev_allows_regexp = true;
        let mut ellipsis = false;
        loop {
            let mut allows = false;
            match &self.tok.kind {
                TokenKind::Eof => return self.unexpected(),
                TokenKind::Punct(p) => {
                    let p = *p;
                    match p {
                        Punct::LParen | Punct::LBracket | Punct::LBrace => depth.push(b'('),
                        Punct::RParen | Punct::RBracket => {
                            depth.pop();
                        }
                        Punct::RBrace => {
                            if let Some(b'$') = depth.pop() {
                                let tok = self.lex.rescan_template_continuation(self.tok.start)?;
                                self.tok = tok;
                                continue;
                            }
                        }
                        Punct::Slash | Punct::SlashAssign if prev_allows_regexp => {
                            let tok = self.lex.rescan_regexp(self.tok.start)?;
                            self.tok = tok;
                        }
                        _ => {}
                    }
                    allows = !matches!(p, Punct::RParen | Punct::RBracket | Punct::RBrace);
                    if depth.is_empty() && p == close {
                        self.next()?;
                        return Ok(ellipsis);
                    }
                    if p == Punct::Ellipsis && depth.len() == 1 {
                        ellipsis = true;
                    }
                }
                TokenKind::Template { tail, .. } if !tail => {
                    // A substitution starts an expression: `${/{/}` holds a regexp.
                    depth.push(b'$');
                    allows = true;
                }
                TokenKind::Ident { name, .. } => {
                    allows = matches!(
                        name.as_ref(),
                        "return"
                            | "typeof"
                            | "instanceof"
                            | "in"
                            | "of"
                            | "new"
                            | "delete"
                            | "void"
                            | "throw"
                            | "case"
                            | "do"
                            | "else"
                    );
                }
                _ => {}
            }
            prev_allows_regexp = allows;
            self.next()?;
        }
    }

    fn parse_switch(&mut self, labels: Vec<Atom>) -> CResult<()> {
        self.next()?;
        self.parse_paren_expression()?;
        self.reset_completion();
        self.expect(Punct::LBrace)?;
        let brk = self.new_label();
        self.fd().blocks.push(BlockDef {
            labels,
            break_label: Some(brk),
            continue_label: None,
            stack_items: 1,
            has_handler: false,
            finally_label: None,
            is_loop: false,
            iterator: false,
            async_iterator: false,
            dispose: None,
        });
        self.push_scope();
        let mut next_test = self.new_label();
        self.emit_jump(Op::Goto, next_test);
        let mut default_body: Option<u32> = None;
        let mut first = true;
        while !self.is(Punct::RBrace) {
            let body = self.new_label();
            if !first {
                self.emit_jump(Op::Goto, body);
            }
            first = false;
            self.emit_label(next_test);
            next_test = self.new_label();
            if self.eat_kw("case")? {
                self.emit_op(Op::Dup);
                self.parse_expression()?;
                self.emit_op(Op::StrictEq);
                self.emit_jump(Op::IfFalse, next_test);
            } else if self.eat_kw("default")? {
                if default_body.is_some() {
                    return self.error("more than one default clause in switch");
                }
                default_body = Some(body);
                self.emit_jump(Op::Goto, next_test);
            } else {
                return self.unexpected();
            }
            self.expect(Punct::Colon)?;
            self.emit_label(body);
            self.using_list_begin(false);
            while !self.is(Punct::RBrace) && !self.is_kw("case") && !self.is_kw("default") {
                if matches!(self.tok.kind, TokenKind::Eof) {
                    return self.unexpected();
                }
                self.parse_statement_list_item()?;
            }
            self.using_list_end();
        }
        self.next()?;
        self.emit_jump(Op::Goto, brk);
        self.emit_label(next_test);
        if let Some(d) = default_body {
            self.emit_jump(Op::Goto, d);
        }
        self.pop_scope();
        self.fd().blocks.pop();
        self.emit_label(brk);
        self.emit_op(Op::Drop);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::bytecode::Op;
    use crate::runtime::Rt;

    use crate::bytecode::op_list as ops;

    fn stores_undefined(ops: &[Op]) -> bool {
        ops.windows(2).any(|w| w == [Op::PushUndefined, Op::PutLoc])
    }

    #[test]
    fn completion_values_only_in_scripts() {
        let rt = Rt::new();
        let src = "1; if (true) {} function f(x) { if (x) { 1; } while (x) { x--; } \
                   try { x; } catch (e) {} finally { x; } switch (x) {} with (x) {} }";
        let bc = crate::compiler::compile_script(&rt, src, "t.js", false).expect("compiles");
        assert!(stores_undefined(&ops(&bc.code)));
        let f = &bc.functions[0];
        assert!(!stores_undefined(&ops(&f.code)));
    }

    /// Skipping a group to look past it (is this a destructuring pattern?)
    /// reads a regexp at the start of a template substitution as a regexp,
    /// not as a division followed by an unbalanced `{` (found by fuzzing).
    #[test]
    fn skipped_groups_hold_regexps_in_template_substitutions() {
        let rt = Rt::new();
        for src in [
            "var [g = `${/{/}`] = [];",
            "var {g = `${/[}]/}`} = {};",
            "for (var [{g = `a${1}b${/{/}`}] of []) ;",
            "[a = `${/{/}`] = [];",
            "({a = `${/{/}`} = {});",
            "var [g = `${`${/{/}`}`] = [];",
        ] {
            crate::compiler::compile_script(&rt, src, "t.js", false)
                .unwrap_or_else(|e| panic!("{src}: {}", e.message));
        }
    }

    /// More property and global access sites than a 16-bit cache index can
    /// name: the last slot is shared and exists (an out-of-bounds index
    /// used to panic when the function ran).
    #[test]
    fn inline_cache_slots_saturate() {
        let rt = Rt::new();
        let src = "x += 1;\n".repeat(40_000);
        let bc = crate::compiler::compile_script(&rt, &src, "t.js", false).expect("compiles");
        assert_eq!(bc.caches.len(), usize::from(u16::MAX) + 1);
        let bc = crate::compiler::compile_script(&rt, "x; y.z;", "t.js", false).expect("compiles");
        assert_eq!(bc.caches.len(), 3);
    }

    #[test]
    fn annex_b_copy_is_resolved() {
        let rt = Rt::new();
        for src in [
            "function f() { { function g() {} } return g; }",
            "{ function g() {} }",
            "function f() { let g; { function g() {} } }",
            "'use strict'; { function g() {} }",
        ] {
            let bc = crate::compiler::compile_script(&rt, src, "t.js", false).expect("compiles");
            assert!(!ops(&bc.code).contains(&Op::AnnexBCopy), "{src}");
            for f in bc.functions.iter() {
                assert!(!ops(&f.code).contains(&Op::AnnexBCopy), "{src}");
            }
        }
    }
}
