//! Expressions (ECMA-262 §13): emitted as they are parsed.
//!
//! <https://tc39.es/ecma262/#sec-ecmascript-language-expressions>

use super::pattern::PatternMode;
use super::{CResult, Parser};
use crate::atom::Atom;
use crate::bytecode::{Op, fn_flags, read_u16, read_u32};
use crate::parser::token::{Punct, Token, TokenKind};
use crate::string::JsString;

/// An assignment target, after its read instruction was taken back.
#[derive(Clone, Copy)]
pub(crate) enum LValue {
    /// A name, with the scope it appeared in; `true` once the Reference was
    /// made (`ScopeMakeRef`/`ScopeGetRef`), so the store goes through it.
    Var(Atom, u16, bool),
    /// `obj.name`: the object is on the stack.
    Field(Atom),
    /// `obj[key]`: object and key are on the stack.
    Elem,
    /// `obj.#x`: object and private name are on the stack.
    Private,
    /// `super[key]`: this, home object and key are on the stack.
    Super,
    /// A call in sloppy code (Annex B, runtime errors for function call
    /// assignment targets): the code after the call throws a ReferenceError,
    /// so nothing is stored.
    Call,
}

/// Where the code of the optional chain that ended last is, so that an
/// operator applying to the whole chain can adjust it.
#[derive(Clone, Copy)]
pub(crate) struct ChainEnd {
    /// The function whose code holds the chain.
    func: usize,
    /// The end of the chain's code.
    end: usize,
    /// The chain's last instruction on the path that did not short-circuit.
    access: Option<(Op, usize)>,
    /// The short-circuit path's `Drop; PushUndefined`.
    short: usize,
}

/// Binary operators by precedence (higher binds tighter).
fn binary_op(p: Punct) -> Option<(u8, Op)> {
    Some(match p {
        Punct::Pipe => (4, Op::BitOr),
        Punct::Caret => (5, Op::BitXor),
        Punct::Amp => (6, Op::BitAnd),
        Punct::EqEq => (7, Op::Eq),
        Punct::NotEq => (7, Op::Ne),
        Punct::EqEqEq => (7, Op::StrictEq),
        Punct::NotEqEq => (7, Op::StrictNe),
        Punct::Lt => (8, Op::Lt),
        Punct::Gt => (8, Op::Gt),
        Punct::LtEq => (8, Op::Le),
        Punct::GtEq => (8, Op::Ge),
        Punct::Shl => (9, Op::Shl),
        Punct::Shr => (9, Op::Sar),
        Punct::UShr => (9, Op::Shr),
        Punct::Plus => (10, Op::Add),
        Punct::Minus => (10, Op::Sub),
        Punct::Star => (11, Op::Mul),
        Punct::Slash => (11, Op::Div),
        Punct::Percent => (11, Op::Mod),
        _ => return None,
    })
}

/// The binary operator of a compound assignment.
fn compound_op(p: Punct) -> Option<Op> {
    Some(match p {
        Punct::PlusAssign => Op::Add,
        Punct::MinusAssign => Op::Sub,
        Punct::StarAssign => Op::Mul,
        Punct::SlashAssign => Op::Div,
        Punct::PercentAssign => Op::Mod,
        Punct::StarStarAssign => Op::Pow,
        Punct::ShlAssign => Op::Shl,
        Punct::ShrAssign => Op::Sar,
        Punct::UShrAssign => Op::Shr,
        Punct::AmpAssign => Op::BitAnd,
        Punct::PipeAssign => Op::BitOr,
        Punct::CaretAssign => Op::BitXor,
        _ => return None,
    })
}

impl Parser<'_, '_> {
    /// Expression (§13.16): comma-separated assignment expressions.
    pub(crate) fn parse_expression(&mut self) -> CResult<()> {
        self.parse_assign()?;
        let mut comma = false;
        while self.is(Punct::Comma) {
            self.next()?;
            self.emit_op(Op::Drop);
            self.parse_assign()?;
            comma = true;
        }
        if comma {
            // A comma expression is a value, not a reference: it cannot be
            // assigned to, and calling it passes no `this` and is never a direct eval.
            self.fd().last_op = None;
        }
        Ok(())
    }

    /// AssignmentExpression (§13.15).
    pub(crate) fn parse_assign(&mut self) -> CResult<()> {
        self.check_depth()?;
        if self.is_kw("yield") && self.yield_is_keyword() {
            return self.parse_yield();
        }
        if self.is_arrow_ahead()? {
            return self.parse_arrow_function();
        }
        if self.is_async_arrow_ahead()? {
            let start = self.tok.start;
            self.next()?;
            return self.parse_arrow_function_with(fn_flags::ASYNC, start);
        }
        // An array or object literal followed by `=` is an assignment pattern
        // (§13.15.1): the value is computed first, then destructured; the
        // expression's value is the right-hand side.
        if let Some(cp) = self.pattern_ahead(|p| p.is(Punct::Assign))? {
            self.next()?;
            self.parse_assign()?;
            self.emit_op(Op::Dup);
            self.compile_pattern_at(cp, PatternMode::Assign)?;
            self.fd().last_op = None;
            return Ok(());
        }
        let start = self.tok.start;
        // `(x) = function () {}` names nothing: the target must be an
        // IdentifierRef itself (§13.15.2 step 1.c).
        let parenthesized = self.is(Punct::LParen);
        self.parse_conditional()?;
        let TokenKind::Punct(p) = self.tok.kind else {
            return Ok(());
        };
        match p {
            Punct::Assign => {
                let lv = self.to_lvalue(start)?;
                let lv = self.make_reference(lv);
                self.next()?;
                self.parse_assign()?;
                if !parenthesized {
                    self.name_anonymous_function(lv);
                }
                self.emit_store(lv, true);
            }
            Punct::AmpAmpAssign | Punct::PipePipeAssign | Punct::QuestionQuestionAssign => {
                let lv = self.to_lvalue(start)?;
                if let LValue::Call = lv {
                    return self.error_at(start, "invalid assignment target");
                }
                self.next()?;
                let lv = self.emit_load_for_update(lv);
                let skip = self.new_label();
                let end = self.new_label();
                self.emit_op(Op::Dup);
                match p {
                    Punct::AmpAmpAssign => self.emit_jump(Op::IfFalse, skip),
                    Punct::PipePipeAssign => self.emit_jump(Op::IfTrue, skip),
                    _ => {
                        self.emit_op(Op::IsNullish);
                        self.emit_jump(Op::IfFalse, skip);
                    }
                }
                self.emit_op(Op::Drop);
                self.parse_assign()?;
                if !parenthesized {
                    self.name_anonymous_function(lv);
                }
                self.emit_store(lv, true);
                self.emit_jump(Op::Goto, end);
                self.emit_label(skip);
                // Leave only the current value: drop the reference parts.
                match lv {
                    LValue::Var(..) | LValue::Call => {}
                    LValue::Field(_) => self.emit_op(Op::Nip),
                    LValue::Elem | LValue::Private => {
                        self.emit_op(Op::Nip);
                        self.emit_op(Op::Nip);
                    }
                    LValue::Super => {
                        self.emit_op(Op::Nip);
                        self.emit_op(Op::Nip);
                        self.emit_op(Op::Nip);
                    }
                }
                self.emit_label(end);
            }
            _ => {
                let Some(op) = compound_op(p) else {
                    return Ok(());
                };
                let lv = self.to_lvalue(start)?;
                self.next()?;
                let lv = self.emit_load_for_update(lv);
                self.parse_assign()?;
                self.emit_op(op);
                self.emit_store(lv, true);
            }
        }
        Ok(())
    }

    /// YieldExpression (§15.5): `yield`, `yield expr`, `yield* expr`.
    fn parse_yield(&mut self) -> CResult<()> {
        let start = self.tok.start;
        if self.fdr().in_params {
            return self.error("yield expression not allowed in formal parameters");
        }
        self.next()?;
        let is_async = self.fdr().is_async();
        if !self.tok.newline_before && self.is(Punct::Star) {
            self.next()?;
            self.parse_assign()?;
            self.emit_position(start);
            if is_async {
                self.emit_async_yield_star();
            } else {
                self.emit_yield_star();
            }
        } else {
            if self.yield_has_operand() {
                self.parse_assign()?;
            } else {
                self.emit_op(Op::PushUndefined);
            }
            if is_async {
                // An async generator awaits the operand (§15.5.5).
                self.emit_await();
            }
            // Resumed with (value, is_return); a return completion returns
            // from here, through the enclosing finally blocks (an async
            // generator awaits the value first, §27.6.3.7
            // AsyncGeneratorUnwrapYieldResumption).
            let normal = self.new_label();
            self.emit_op_u8(Op::Yield, 0);
            self.emit_jump(Op::IfFalse, normal);
            if is_async {
                self.emit_await();
            }
            self.emit_return();
            self.emit_label(normal);
        }
        self.fd().last_op = None;
        Ok(())
    }

    /// Await (§6.2.3.1) of the value on top of the stack: suspends the body
    /// (`Yield 2`), resumed with the settled value (and a false flag,
    /// dropped) or a throw of the rejection reason.
    pub(crate) fn emit_await(&mut self) {
        self.emit_op_u8(Op::Yield, 2);
        self.emit_op(Op::Drop);
    }

    /// Whether the token after `yield` starts its operand: not after a line
    /// break, nor before a token that cannot start an expression.
    fn yield_has_operand(&self) -> bool {
        if self.tok.newline_before {
            return false;
        }
        match &self.tok.kind {
            TokenKind::Punct(p) => matches!(
                p,
                Punct::LParen
                    | Punct::LBracket
                    | Punct::LBrace
                    | Punct::Plus
                    | Punct::Minus
                    | Punct::Bang
                    | Punct::Tilde
                    | Punct::PlusPlus
                    | Punct::MinusMinus
                    | Punct::Slash
                    | Punct::SlashAssign
            ),
            TokenKind::Ident { name, escaped } => {
                *escaped || !matches!(name.as_ref(), "in" | "instanceof")
            }
            TokenKind::Eof => false,
            _ => true,
        }
    }

    /// `yield*` (§15.5.5) on the iterable on top of the stack: a loop of
    /// `DelegateStep` (which calls next/throw/return of the inner iterator)
    /// and pass-through yields, until the inner iterator is done.
    fn emit_yield_star(&mut self) {
        let top = self.new_label();
        let done = self.new_label();
        let ret = self.new_label();
        self.emit_op(Op::GetIterator);
        self.emit_op(Op::PushUndefined);
        self.emit_op_u8(Op::PushI8, 0);
        self.emit_label(top);
        // it next received how -> it next result action
        self.emit_op(Op::DelegateStep);
        self.emit_op(Op::Dup);
        self.emit_op_u8(Op::PushI8, 1);
        self.emit_op(Op::StrictEq);
        self.emit_jump(Op::IfTrue, done);
        self.emit_jump(Op::IfTrue, ret);
        self.emit_op_u8(Op::Yield, 1);
        self.emit_jump(Op::Goto, top);
        self.emit_label(ret);
        self.emit_op(Op::Nip);
        self.emit_op(Op::Nip);
        self.emit_return();
        self.emit_label(done);
        self.emit_op(Op::Drop);
        self.emit_op(Op::Nip);
        self.emit_op(Op::Nip);
    }

    /// `yield*` in an async generator (§15.5.5, generatorKind async): the
    /// inner iterator is async (or a sync one wrapped), each result is
    /// awaited, values are yielded without awaiting them again, and a
    /// return resumption is awaited before it is passed on.
    fn emit_async_yield_star(&mut self) {
        let top = self.new_label();
        let no_return = self.new_label();
        let no_throw = self.new_label();
        let do_yield = self.new_label();
        let done = self.new_label();
        let ret = self.new_label();
        let as_throw = self.new_label();
        self.emit_op(Op::GetAsyncIterator);
        self.emit_op(Op::PushUndefined);
        self.emit_op_u8(Op::PushI8, 0);
        self.emit_label(top);
        // it next received how -> it next r action
        self.emit_op(Op::AsyncDelegateStep);
        for (k, l) in [(1, no_return), (2, no_throw)] {
            self.emit_op(Op::Dup);
            self.emit_op_u8(Op::PushI8, k);
            self.emit_op(Op::StrictEq);
            self.emit_jump(Op::IfTrue, l);
        }
        self.emit_op(Op::Swap);
        self.emit_await();
        // it next action r -> it next value kind
        self.emit_op(Op::AsyncDelegateResult);
        self.emit_op(Op::Dup);
        self.emit_jump(Op::IfFalse, do_yield);
        self.emit_op_u8(Op::PushI8, 1);
        self.emit_op(Op::StrictEq);
        self.emit_jump(Op::IfTrue, done);
        self.emit_jump(Op::Goto, ret);
        self.emit_label(do_yield);
        self.emit_op(Op::Drop);
        // AsyncGeneratorYield of the value; resumed with (received, how).
        self.emit_op_u8(Op::Yield, 1);
        self.emit_op(Op::Dup);
        self.emit_op_u8(Op::PushI8, 2);
        self.emit_op(Op::StrictEq);
        self.emit_jump(Op::IfFalse, top);
        // AsyncGeneratorUnwrapYieldResumption: a return is awaited, and a
        // rejection becomes a throw.
        self.emit_op(Op::Drop);
        self.emit_op_u8(Op::Yield, 3);
        self.emit_jump(Op::IfTrue, as_throw);
        self.emit_op_u8(Op::PushI8, 2);
        self.emit_jump(Op::Goto, top);
        self.emit_label(as_throw);
        self.emit_op_u8(Op::PushI8, 1);
        self.emit_jump(Op::Goto, top);
        // No `throw` method: close the iterator, then a TypeError.
        self.emit_label(no_throw);
        self.emit_op(Op::Drop);
        self.emit_op(Op::Drop);
        self.emit_async_iterator_close(0);
        let msg = self
            .rt
            .intern("the iterator does not have a 'throw' method");
        self.emit_op_u32(Op::ThrowError, msg.0);
        self.fd().code.push(crate::bytecode::throw_kind::TYPE_ERROR);
        // No `return` method: the received value is awaited and returned.
        self.emit_label(no_return);
        self.emit_op(Op::Drop);
        self.emit_label(ret);
        self.emit_await();
        self.emit_op(Op::Nip);
        self.emit_op(Op::Nip);
        self.emit_return();
        self.emit_label(done);
        self.emit_op(Op::Nip);
        self.emit_op(Op::Nip);
    }

    /// Gives an anonymous function its binding's name (§13.15.2 step 1.c).
    fn name_anonymous_function(&mut self, lv: LValue) {
        if let LValue::Var(name, ..) = lv {
            self.set_last_closure_name(name);
        }
    }

    /// Whether the value just computed is a closure or an anonymous class
    /// that a computed key names at run time (NamedEvaluation).
    pub(crate) fn last_is_anonymous_definition(&self) -> bool {
        if let Some((Op::FClosure, _)) = self.last_op() {
            return true;
        }
        matches!(self.last_class, Some((f, len, ctor, false))
            if f == self.cur && len == self.fdr().code.len() && self.funcs[ctor].name == Atom::EMPTY)
    }

    /// If the last instruction creates an anonymous closure, names it.
    pub(crate) fn set_last_closure_name(&mut self, name: Atom) {
        if let Some((f, len, ctor, _)) = self.last_class
            && f == self.cur
            && len == self.fdr().code.len()
            && self.last_op().is_none()
        {
            if self.funcs[ctor].name == Atom::EMPTY {
                self.funcs[ctor].name = name;
            }
            return;
        }
        if let Some((Op::FClosure, pos)) = self.last_op() {
            let idx = read_u32(&self.fdr().code, pos + 1) as usize;
            let child = self.fdr().children[idx];
            if self.funcs[child].name == Atom::EMPTY && self.funcs[child].func_name.is_none() {
                self.funcs[child].name = name;
            }
        }
    }

    /// Takes back the last read and returns it as an assignment target.
    #[allow(clippy::wrong_self_convention)]
    pub(crate) fn to_lvalue(&mut self, start: crate::parser::token::Pos) -> CResult<LValue> {
        let Some((op, pos)) = self.last_op() else {
            return self.error_at(start, "invalid assignment target");
        };
        let code = &self.fdr().code;
        let lv = match op {
            Op::ScopeGetVar => {
                let atom = Atom(read_u32(code, pos + 1));
                let scope = read_u16(code, pos + 5);
                if atom == Atom::THIS || atom == Atom::NEW_TARGET {
                    return self.error_at(start, "invalid assignment target");
                }
                if self.strict() && (atom == Atom::EVAL || atom == Atom::ARGUMENTS) {
                    return self.error_at(
                        start,
                        "invalid assignment to 'eval' or 'arguments' in strict mode",
                    );
                }
                LValue::Var(atom, scope, false)
            }
            Op::GetField => LValue::Field(Atom(read_u32(code, pos + 1))),
            Op::GetElem => LValue::Elem,
            Op::GetPrivateField => LValue::Private,
            Op::GetSuper => LValue::Super,
            Op::Call
            | Op::CallMethod
            | Op::CallEval
            | Op::ApplyCall
            | Op::ApplyMethod
            | Op::ApplyEval
                if !self.strict() =>
            {
                // The call runs, then the reference is invalid (web-compat Annex B).
                let msg = self.rt.intern("invalid assignment target");
                self.emit_op(Op::Drop);
                self.emit_op_u32(Op::ThrowError, msg.0);
                self.fd()
                    .code
                    .push(crate::bytecode::throw_kind::REFERENCE_ERROR);
                return Ok(LValue::Call);
            }
            _ => return self.error_at(start, "invalid assignment target"),
        };
        self.take_last_op();
        Ok(lv)
    }

    /// For `=`: a name's Reference is made before the right side runs
    /// (§13.15.2 step 1.a), so the store cannot be redirected by it.
    pub(crate) fn make_reference(&mut self, lv: LValue) -> LValue {
        match lv {
            LValue::Var(a, scope, false) => {
                self.emit_scope_at(Op::ScopeMakeRef, a, scope);
                LValue::Var(a, scope, true)
            }
            _ => lv,
        }
    }

    /// For compound assignment and update: keep the reference and push the
    /// current value. Returns the target to store through.
    pub(crate) fn emit_load_for_update(&mut self, lv: LValue) -> LValue {
        match lv {
            LValue::Call => {}
            LValue::Var(a, scope, _) => {
                self.emit_scope_at(Op::ScopeGetRef, a, scope);
                return LValue::Var(a, scope, true);
            }
            LValue::Field(a) => {
                self.emit_op(Op::Dup);
                self.emit_atom(Op::GetField, a);
            }
            LValue::Elem => self.emit_op(Op::GetElemRef),
            LValue::Private => {
                self.emit_op(Op::Dup2);
                self.emit_atom(Op::GetPrivateField, Atom::EMPTY);
            }
            LValue::Super => {
                // The key is converted once, for both the read and the store.
                self.emit_op(Op::ToPropertyKey);
                self.emit_op(Op::Dup3);
                self.emit_op(Op::GetSuper);
            }
        }
        lv
    }

    /// Stores the value on top of the stack into `lv`, leaving the value
    /// (when `keep`) as the expression's result.
    pub(crate) fn emit_store(&mut self, lv: LValue, keep: bool) {
        match lv {
            LValue::Call => {}
            LValue::Var(a, scope, reference) => {
                if keep {
                    self.emit_op(Op::Dup);
                }
                let op = if reference {
                    Op::ScopePutRef
                } else {
                    Op::ScopePutVar
                };
                self.emit_scope_at(op, a, scope);
            }
            LValue::Field(a) => {
                if keep {
                    self.emit_op(Op::Insert2);
                }
                self.emit_atom(Op::PutField, a);
            }
            LValue::Elem => {
                if keep {
                    self.emit_op(Op::Insert3);
                }
                self.emit_op(Op::PutElem);
            }
            LValue::Private => {
                if keep {
                    self.emit_op(Op::Insert3);
                }
                self.emit_atom(Op::PutPrivateField, Atom::EMPTY);
            }
            LValue::Super => {
                if keep {
                    self.emit_op(Op::Insert4);
                }
                self.emit_op(Op::PutSuper);
            }
        }
    }

    pub(crate) fn emit_scope_at(&mut self, op: Op, a: Atom, scope: u16) {
        self.emit_op_u32(op, a.0);
        self.emit_u16(scope);
    }

    /// ConditionalExpression (§13.14).
    fn parse_conditional(&mut self) -> CResult<()> {
        self.parse_short_circuit()?;
        if !self.is(Punct::Question) {
            return Ok(());
        }
        self.next()?;
        let else_l = self.new_label();
        let end = self.new_label();
        self.emit_jump(Op::IfFalse, else_l);
        let saved = std::mem::replace(&mut self.no_in, false);
        self.parse_assign()?;
        self.no_in = saved;
        self.expect(Punct::Colon)?;
        self.emit_jump(Op::Goto, end);
        self.emit_label(else_l);
        self.parse_assign()?;
        self.emit_label(end);
        Ok(())
    }

    /// `||`, `&&` and `??` (§13.13), which may not be mixed without parentheses.
    fn parse_short_circuit(&mut self) -> CResult<()> {
        self.parse_binary(4)?;
        let mut seen_nullish = false;
        let mut seen_logical = false;
        loop {
            if self.is(Punct::QuestionQuestion) {
                if seen_logical {
                    return self.error("cannot mix '??' with '&&' or '||' without parentheses");
                }
                seen_nullish = true;
                self.next()?;
                let end = self.new_label();
                self.emit_op(Op::Dup);
                self.emit_op(Op::IsNullish);
                self.emit_jump(Op::IfFalse, end);
                self.emit_op(Op::Drop);
                self.parse_binary(4)?;
                self.emit_label(end);
            } else if self.is(Punct::PipePipe) {
                if seen_nullish {
                    return self.error("cannot mix '??' with '&&' or '||' without parentheses");
                }
                seen_logical = true;
                self.next()?;
                let end = self.new_label();
                self.emit_op(Op::Dup);
                self.emit_jump(Op::IfTrue, end);
                self.emit_op(Op::Drop);
                self.parse_and()?;
                self.emit_label(end);
            } else if self.is(Punct::AmpAmp) {
                if seen_nullish {
                    return self.error("cannot mix '??' with '&&' or '||' without parentheses");
                }
                seen_logical = true;
                self.next()?;
                let end = self.new_label();
                self.emit_op(Op::Dup);
                self.emit_jump(Op::IfFalse, end);
                self.emit_op(Op::Drop);
                self.parse_binary(4)?;
                self.emit_label(end);
            } else {
                return Ok(());
            }
        }
    }

    /// The right operand of `||`: an `&&` chain.
    fn parse_and(&mut self) -> CResult<()> {
        self.parse_binary(4)?;
        while self.is(Punct::AmpAmp) {
            self.next()?;
            let end = self.new_label();
            self.emit_op(Op::Dup);
            self.emit_jump(Op::IfFalse, end);
            self.emit_op(Op::Drop);
            self.parse_binary(4)?;
            self.emit_label(end);
        }
        Ok(())
    }

    /// Binary operators by precedence climbing.
    fn parse_binary(&mut self, min_prec: u8) -> CResult<()> {
        self.check_depth()?;
        if let Some(name) = self.private_name_atom() {
            // `#x in obj` (§13.10): the only use of a bare private name.
            if min_prec > 8 {
                return self.unexpected();
            }
            self.reference_private_name(name, self.tok.start)?;
            self.next()?;
            if !self.is_kw("in") || self.no_in {
                return self.error("unexpected private name");
            }
            self.next()?;
            self.emit_scope(Op::ScopeGetVar, name);
            self.parse_binary(9)?;
            self.emit_op(Op::PrivateIn);
        } else {
            self.parse_unary()?;
        }
        loop {
            let (prec, op) = match &self.tok.kind {
                TokenKind::Punct(p) => match binary_op(*p) {
                    Some(x) => x,
                    None => return Ok(()),
                },
                TokenKind::Ident {
                    name,
                    escaped: false,
                } if name == "instanceof" => (8, Op::InstanceOf),
                TokenKind::Ident {
                    name,
                    escaped: false,
                } if name == "in" && !self.no_in => (8, Op::In),
                _ => return Ok(()),
            };
            if prec < min_prec {
                return Ok(());
            }
            self.next()?;
            self.parse_binary(prec + 1)?;
            self.emit_op(op);
        }
    }

    /// ExponentiationExpression (§13.6): a UnaryExpression, or an
    /// UpdateExpression `**` ExponentiationExpression.
    fn parse_unary(&mut self) -> CResult<()> {
        let update = self.parse_unary_operand()?;
        if self.is(Punct::StarStar) {
            if !update {
                return self.error("unary operator before '**' needs parentheses");
            }
            self.next()?;
            self.parse_unary()?;
            self.emit_op(Op::Pow);
        }
        Ok(())
    }

    /// UnaryExpression and UpdateExpression (§13.4, §13.5), without a
    /// following `**`; returns whether it is an UpdateExpression.
    fn parse_unary_operand(&mut self) -> CResult<bool> {
        self.check_depth()?;
        let start = self.tok.start;
        if let TokenKind::Punct(p) = self.tok.kind {
            let op = match p {
                Punct::Plus => Some(Op::Plus),
                Punct::Minus => Some(Op::Neg),
                Punct::Bang => Some(Op::Not),
                Punct::Tilde => Some(Op::BitNot),
                _ => None,
            };
            if let Some(op) = op {
                self.next()?;
                self.parse_unary_operand()?;
                // Fold negative number literals.
                if op == Op::Neg
                    && let Some((Op::PushI8, pos)) = self.last_op()
                {
                    let v = self.fdr().code[pos + 1] as i8;
                    if v != 0 && v != -128 {
                        self.fd().code[pos + 1] = (-v) as u8;
                        return Ok(false);
                    }
                }
                self.emit_op(op);
                return Ok(false);
            }
            if p == Punct::PlusPlus || p == Punct::MinusMinus {
                self.next()?;
                let target = self.tok.start;
                self.parse_unary_operand()?;
                let lv = self.to_lvalue(target)?;
                let lv = self.emit_load_for_update(lv);
                self.emit_op(if p == Punct::PlusPlus {
                    Op::Inc
                } else {
                    Op::Dec
                });
                self.emit_store(lv, true);
                return Ok(true);
            }
        }
        if self.is_kw("await") && self.fdr().is_async() {
            // AwaitExpression (§15.8): resumed with the settled value, or
            // a throw of the rejection reason.
            let start = self.tok.start;
            if self.fdr().in_params {
                return self.error("await expression not allowed in formal parameters");
            }
            self.next()?;
            self.parse_unary_operand()?;
            self.emit_position(start);
            self.emit_await();
            self.fd().last_op = None;
            return Ok(false);
        }
        if let TokenKind::Ident {
            name,
            escaped: false,
        } = &self.tok.kind
        {
            match name.as_ref() {
                "typeof" => {
                    self.next()?;
                    self.parse_unary_operand()?;
                    if let Some((Op::ScopeGetVar, pos)) = self.last_op() {
                        self.fd().code[pos] = Op::ScopeTypeofVar as u8;
                    }
                    self.emit_op(Op::Typeof);
                    return Ok(false);
                }
                "void" => {
                    self.next()?;
                    self.parse_unary_operand()?;
                    self.emit_op(Op::Drop);
                    self.emit_op(Op::PushUndefined);
                    return Ok(false);
                }
                "delete" => {
                    self.next()?;
                    self.parse_unary_operand()?;
                    if let Some(c) = self.chain_just_closed() {
                        // `delete a?.b` (§13.5.1.2): true when short-circuited.
                        let del = match c.access {
                            Some((Op::GetField, p)) => Some((p, Op::DeleteField)),
                            Some((Op::GetElem, p)) => Some((p, Op::DeleteElem)),
                            Some((Op::GetPrivateField, _)) => {
                                return self.error_at(start, "private fields cannot be deleted");
                            }
                            _ => None,
                        };
                        if let Some((p, op)) = del {
                            let code = &mut self.fd().code;
                            code[p] = op as u8;
                            code[c.short + 1] = Op::PushTrue as u8;
                            self.last_chain = None;
                            self.fd().last_op = None;
                            return Ok(false);
                        }
                    }
                    match self.last_op() {
                        Some((Op::GetField, pos)) => {
                            self.fd().code[pos] = Op::DeleteField as u8;
                        }
                        Some((Op::GetElem, pos)) => {
                            self.fd().code[pos] = Op::DeleteElem as u8;
                        }
                        Some((Op::GetPrivateField, _)) => {
                            return self.error_at(start, "private fields cannot be deleted");
                        }
                        Some((Op::GetSuper, _)) => {
                            // Deleting a super reference throws (§13.5.1.2
                            // step 5.b), before its base or key is used.
                            self.take_last_op();
                            for _ in 0..3 {
                                self.emit_op(Op::Drop);
                            }
                            let msg = self.rt.intern("cannot delete a super property");
                            self.emit_op_u32(Op::ThrowError, msg.0);
                            self.fd()
                                .code
                                .push(crate::bytecode::throw_kind::REFERENCE_ERROR);
                            self.emit_op(Op::PushTrue);
                        }
                        Some((Op::ScopeGetVar, pos))
                            if !matches!(
                                Atom(crate::bytecode::read_u32(&self.fdr().code, pos + 1)),
                                Atom::THIS | Atom::NEW_TARGET
                            ) =>
                        {
                            if self.strict() {
                                return self.error_at(
                                    start,
                                    "cannot delete unqualified identifier in strict mode",
                                );
                            }
                            self.fd().code[pos] = Op::ScopeDeleteVar as u8;
                        }
                        _ => {
                            self.emit_op(Op::Drop);
                            self.emit_op(Op::PushTrue);
                        }
                    }
                    return Ok(false);
                }
                _ => {}
            }
        }
        self.parse_postfix()?;
        Ok(true)
    }

    /// Postfix `++`/`--` (§13.4).
    fn parse_postfix(&mut self) -> CResult<()> {
        let start = self.tok.start;
        self.parse_lhs()?;
        if (self.is(Punct::PlusPlus) || self.is(Punct::MinusMinus)) && !self.tok.newline_before {
            let inc = self.is(Punct::PlusPlus);
            let lv = self.to_lvalue(start)?;
            self.next()?;
            let lv = self.emit_load_for_update(lv);
            self.emit_op(Op::ToNumeric);
            match lv {
                LValue::Call => {}
                LValue::Var(..) => {
                    self.emit_op(Op::Dup);
                    self.emit_op(if inc { Op::Inc } else { Op::Dec });
                    self.emit_store(lv, false);
                }
                LValue::Field(_) => {
                    self.emit_op(Op::Insert2);
                    self.emit_op(if inc { Op::Inc } else { Op::Dec });
                    self.emit_store(lv, false);
                }
                LValue::Elem | LValue::Private => {
                    self.emit_op(Op::Insert3);
                    self.emit_op(if inc { Op::Inc } else { Op::Dec });
                    self.emit_store(lv, false);
                }
                LValue::Super => {
                    self.emit_op(Op::Insert4);
                    self.emit_op(if inc { Op::Inc } else { Op::Dec });
                    self.emit_store(lv, false);
                }
            }
        }
        Ok(())
    }

    /// LeftHandSideExpression: `new`, calls and member accesses (§13.3).
    pub(crate) fn parse_lhs(&mut self) -> CResult<()> {
        self.check_depth()?;
        if self.is_kw("new") {
            self.parse_new()?;
        } else {
            self.parse_primary()?;
        }
        self.parse_call_tail(true)
    }

    /// `new.target`, or `new MemberExpression Arguments?` (§13.3.5).
    fn parse_new(&mut self) -> CResult<()> {
        let start = self.tok.start;
        self.next()?;
        if self.is(Punct::Dot) {
            self.next()?;
            if !self.is_kw("target") {
                return self.unexpected();
            }
            if self.fn_context_for_new_target().is_none() {
                return self.error_at(start, "new.target is only allowed in functions");
            }
            self.next()?;
            self.emit_scope(Op::ScopeGetVar, Atom::NEW_TARGET);
            return Ok(());
        }
        if self.is_kw("import") {
            // `import(...)` and `import.source(...)` are calls, never a
            // `new` target.
            let cp = self.checkpoint();
            self.next()?;
            let mut call = self.is(Punct::LParen);
            if self.eat(Punct::Dot)? {
                call = self.is_kw("source") || self.is_kw("defer");
            }
            self.restore(cp);
            if call {
                return self.error("'import()' cannot be a 'new' target");
            }
        }
        if self.is_kw("super") {
            // `new super()` is not a SuperCall; `new super.x()` is fine.
            let cp = self.checkpoint();
            self.next()?;
            let call = self.is(Punct::LParen);
            self.restore(cp);
            if call {
                return self.error("'super' call cannot be a 'new' target");
            }
        }
        self.parse_member_no_call()?;
        let (argc, spread) = if self.is(Punct::LParen) {
            self.parse_arguments()?
        } else {
            (0, false)
        };
        self.emit_position(start);
        if spread {
            self.emit_op(Op::ApplyNew);
        } else {
            self.emit_op_u16(Op::New, argc);
        }
        Ok(())
    }

    /// The innermost non-arrow function, where `new.target` is meaningful.
    fn fn_context_for_new_target(&self) -> Option<usize> {
        let mut f = self.cur;
        loop {
            let fd = &self.funcs[f];
            if fd.is_script {
                return fd
                    .eval_env
                    .as_ref()
                    .is_some_and(|e| e.new_target_ok)
                    .then_some(f);
            }
            if !fd.is_arrow() {
                return Some(f);
            }
            f = fd.parent?;
        }
    }

    /// MemberExpression without call arguments (the callee of `new`).
    fn parse_member_no_call(&mut self) -> CResult<()> {
        self.check_depth()?;
        if self.is_kw("new") {
            self.parse_new()?;
        } else {
            self.parse_primary()?;
        }
        self.parse_call_tail(false)
    }

    /// Member accesses, and calls when `calls` is set, with optional
    /// chains (§13.3.9): each `?.` jumps on a null or undefined base to
    /// the chain's short-circuit path, emitted after the whole chain, which
    /// leaves `undefined` instead of the chain's value.
    fn parse_call_tail(&mut self, calls: bool) -> CResult<()> {
        let mut chain = None;
        self.call_tail_links(calls, &mut chain)?;
        if let Some((short1, short2)) = chain {
            self.close_chain(short1, short2);
        }
        Ok(())
    }

    /// The links of a call tail. `chain` receives the labels of the
    /// short-circuit paths once a `?.` is seen: with the nullish base on the
    /// stack, and (when a method's function is nullish) with the method's
    /// this value below it.
    fn call_tail_links(
        &mut self,
        calls: bool,
        chain: &mut Option<(u32, Option<u32>)>,
    ) -> CResult<()> {
        loop {
            if self.is(Punct::QuestionDot) {
                if !calls {
                    return self.error("an optional chain cannot be a 'new' target");
                }
                self.next()?;
                let short1 = match *chain {
                    Some((l, _)) => l,
                    None => {
                        let l = self.new_label();
                        *chain = Some((l, None));
                        l
                    }
                };
                match self.tok.kind {
                    TokenKind::Punct(Punct::LParen) => {
                        // `eval?.()` is never a direct eval.
                        let pos = self.tok.start;
                        let method = self.callee_with_this(false);
                        let label = if method {
                            match chain {
                                Some((_, Some(l))) => *l,
                                Some((_, short2)) => {
                                    let l = self.new_label();
                                    *short2 = Some(l);
                                    l
                                }
                                None => short1,
                            }
                        } else {
                            short1
                        };
                        self.emit_jump(Op::IfNullish, label);
                        self.parse_call(pos, method, false)?;
                    }
                    TokenKind::Punct(Punct::LBracket) => {
                        self.emit_jump(Op::IfNullish, short1);
                        self.parse_elem_access()?;
                    }
                    TokenKind::Template { .. } => {
                        return self.error("a tagged template cannot follow an optional chain");
                    }
                    TokenKind::Ident { .. } | TokenKind::PrivateName { .. } => {
                        self.emit_jump(Op::IfNullish, short1);
                        self.parse_field_access()?;
                    }
                    _ => return self.unexpected(),
                }
            } else if self.is(Punct::Dot) {
                self.next()?;
                self.parse_field_access()?;
            } else if self.is(Punct::LBracket) {
                self.parse_elem_access()?;
            } else if calls && self.is(Punct::LParen) {
                let pos = self.tok.start;
                let direct_eval = matches!(self.last_op(), Some((Op::ScopeGetVar, p))
                    if read_u32(&self.fdr().code, p + 1) == Atom::EVAL.0);
                let method = self.callee_with_this(direct_eval);
                self.parse_call(pos, method, direct_eval)?;
            } else if matches!(self.tok.kind, TokenKind::Template { .. }) {
                if chain.is_some() {
                    return self.error("a tagged template cannot follow an optional chain");
                }
                // Tagged template (§13.3.11): a call with the template
                // object and the substitutions.
                let pos = self.tok.start;
                let method = self.callee_with_this(false);
                let argc = self.parse_tagged_template()?;
                self.emit_position(pos);
                let op = if method { Op::CallMethod } else { Op::Call };
                self.emit_op_u16(op, argc);
                // Not a call for Annex B's assignment targets: `` f`` = 1 ``
                // stays a SyntaxError.
                self.fd().last_op = None;
            } else {
                return Ok(());
            }
        }
    }

    /// The name after `.` or `?.`: a property or a private name.
    fn parse_field_access(&mut self) -> CResult<()> {
        let name = match &self.tok.kind {
            TokenKind::Ident { name, .. } => self.rt.intern(name),
            TokenKind::PrivateName { .. } => {
                let name = self.private_name_atom().unwrap_or(Atom::EMPTY);
                self.reference_private_name(name, self.tok.start)?;
                self.next()?;
                self.emit_scope(Op::ScopeGetVar, name);
                self.emit_atom(Op::GetPrivateField, Atom::EMPTY);
                return Ok(());
            }
            _ => return self.unexpected(),
        };
        self.next()?;
        self.emit_atom(Op::GetField, name);
        Ok(())
    }

    /// `[expression]` after a member expression.
    fn parse_elem_access(&mut self) -> CResult<()> {
        self.expect(Punct::LBracket)?;
        let saved = std::mem::replace(&mut self.no_in, false);
        self.parse_expression()?;
        self.no_in = saved;
        self.expect(Punct::RBracket)?;
        self.emit_op(Op::GetElem);
        Ok(())
    }

    /// The arguments and the call instruction, the callee (and its this
    /// value when `method`) being on the stack.
    fn parse_call(
        &mut self,
        pos: crate::parser::token::Pos,
        method: bool,
        direct_eval: bool,
    ) -> CResult<()> {
        let (argc, spread) = self.parse_arguments()?;
        self.emit_position(pos);
        if spread && (method || !direct_eval) {
            // The arguments are in an array.
            self.emit_op(if method {
                Op::ApplyMethod
            } else {
                Op::ApplyCall
            });
            return Ok(());
        }
        if direct_eval && !method {
            let site = self.fdr().eval_sites.len();
            let Ok(site) = u16::try_from(site) else {
                return self.error("too many eval calls");
            };
            let scope = self.fdr().scope;
            let f = self.fd();
            let in_params = f.in_params;
            f.eval_sites.push((scope, in_params));
            if !f.is_strict() && !f.is_script {
                f.needs_varenv = true;
            }
            if spread {
                self.emit_op_u16(Op::ApplyEval, site);
            } else {
                self.emit_op_u16(Op::CallEval, argc);
                self.emit_u16(site);
            }
            return Ok(());
        }
        let op = if method { Op::CallMethod } else { Op::Call };
        self.emit_op_u16(op, argc);
        Ok(())
    }

    /// Ends an optional chain: the value computed skips the short-circuit
    /// paths, which drop what the `?.` left on the stack and push
    /// `undefined`. The chain is no assignment target afterwards (its
    /// last instruction may no longer be rewritten).
    fn close_chain(&mut self, short1: u32, short2: Option<u32>) {
        let access = self.last_op();
        let end = self.new_label();
        self.emit_jump(Op::Goto, end);
        if let Some(l) = short2 {
            self.emit_label(l);
            self.emit_op(Op::Drop);
        }
        self.emit_label(short1);
        let short = self.fdr().code.len();
        self.emit_op(Op::Drop);
        self.emit_op(Op::PushUndefined);
        self.emit_label(end);
        self.last_chain = Some(ChainEnd {
            func: self.cur,
            end: self.fdr().code.len(),
            access,
            short,
        });
    }

    /// The optional chain whose code ends right here, if any.
    pub(crate) fn chain_just_closed(&self) -> Option<ChainEnd> {
        self.last_chain
            .filter(|c| c.func == self.cur && c.end == self.fdr().code.len())
    }

    /// Before a call: turns the callee's read into the form that also
    /// keeps its this value (a property's base object, or inside `with` a
    /// name's base object, §13.3.6.1 step 6.b.i) and says whether it did.
    fn callee_with_this(&mut self, direct_eval: bool) -> bool {
        if self.last_op().is_none()
            && let Some(c) = self.chain_just_closed()
        {
            // `(a?.b)()`: the parenthesized chain is still a Reference
            // whose base is the this value; the short-circuit path then
            // leaves two values, a call of `undefined` throwing anyway.
            let two = match c.access {
                Some((Op::GetField, p)) => Some((p, Op::GetField2)),
                Some((Op::GetElem, p)) => Some((p, Op::GetElem2)),
                Some((Op::GetPrivateField, p)) => Some((p, Op::GetPrivateField2)),
                _ => None,
            };
            if let Some((p, op)) = two {
                let code = &mut self.fd().code;
                code[p] = op as u8;
                code[c.short] = Op::Nop as u8;
                self.last_chain = None;
                return true;
            }
            return false;
        }
        match self.last_op() {
            Some((Op::GetField, p)) => {
                self.fd().code[p] = Op::GetField2 as u8;
                true
            }
            Some((Op::GetElem, p)) => {
                self.fd().code[p] = Op::GetElem2 as u8;
                true
            }
            Some((Op::GetPrivateField, p)) => {
                self.fd().code[p] = Op::GetPrivateField2 as u8;
                true
            }
            Some((Op::GetSuper, p)) => {
                self.fd().code[p] = Op::GetSuper2 as u8;
                true
            }
            Some((Op::ScopeGetVar, p)) if !direct_eval && self.inside_with() => {
                self.fd().code[p] = Op::ScopeGetCallee as u8;
                true
            }
            _ => false,
        }
    }

    /// The arguments of a tagged template: its template object (site
    /// strings recorded for `TemplateObject`), then each substitution.
    /// Returns the argument count.
    fn parse_tagged_template(&mut self) -> CResult<u16> {
        let site = self.fdr().templates.len();
        let Ok(site) = u16::try_from(site) else {
            return self.error("too many tagged templates");
        };
        self.emit_op_u16(Op::TemplateObject, site);
        let mut cooked = Vec::new();
        let mut raw = Vec::new();
        let mut argc: u16 = 1;
        loop {
            let TokenKind::Template {
                cooked: c,
                raw: r,
                tail,
            } = &self.tok.kind
            else {
                return self.unexpected();
            };
            let tail = *tail;
            let heap = &self.rt.heap;
            cooked.push(c.as_ref().map(|u| JsString::from_utf16(heap, u.clone())));
            raw.push(JsString::from_utf16(heap, r.clone()));
            if tail {
                self.next()?;
                break;
            }
            self.next()?;
            let saved = std::mem::replace(&mut self.no_in, false);
            self.parse_expression()?;
            self.no_in = saved;
            if !self.is(Punct::RBrace) {
                return self.error("expected '}' in template");
            }
            argc = match argc.checked_add(1) {
                Some(n) if n < 65535 => n,
                _ => return self.error("too many arguments"),
            };
            self.tok = self.lex.rescan_template_continuation(self.tok.start)?;
        }
        self.fd().templates.push(crate::template::TemplateSite {
            cooked: cooked.into_boxed_slice(),
            raw: raw.into_boxed_slice(),
            object: std::cell::OnceCell::new(),
        });
        Ok(argc)
    }

    /// Arguments (§13.3.8); returns the count, and whether there was a
    /// spread argument, in which case they are all in one array (the
    /// arguments before the first spread are gathered by `ArrayFrom`).
    pub(crate) fn parse_arguments(&mut self) -> CResult<(u16, bool)> {
        self.expect(Punct::LParen)?;
        let saved = std::mem::replace(&mut self.no_in, false);
        let mut n: u16 = 0;
        let mut spread = false;
        while !self.is(Punct::RParen) {
            if self.eat(Punct::Ellipsis)? {
                if !spread {
                    self.emit_op_u16(Op::ArrayFrom, n);
                    spread = true;
                }
                self.parse_assign()?;
                self.emit_op(Op::AppendSpread);
            } else if spread {
                self.parse_assign()?;
                self.emit_op(Op::AppendElem);
            } else {
                self.parse_assign()?;
                n = match n.checked_add(1) {
                    Some(n) if n < 65535 => n,
                    _ => return self.error("too many arguments"),
                };
            }
            if !self.eat(Punct::Comma)? {
                break;
            }
        }
        self.expect(Punct::RParen)?;
        self.no_in = saved;
        Ok((n, spread))
    }

    /// PrimaryExpression (§13.2).
    fn parse_primary(&mut self) -> CResult<()> {
        let start = self.tok.start;
        match &self.tok.kind {
            TokenKind::Number(n) => {
                if self.tok.flags & Token::LEGACY_OCTAL != 0 && self.strict() {
                    return self.error("octal literals are not allowed in strict mode");
                }
                let n = *n;
                self.next()?;
                self.emit_number(n);
            }
            TokenKind::String { value } => {
                if self.tok.flags & Token::LEGACY_OCTAL != 0 && self.strict() {
                    return self.error("octal escape sequences are not allowed in strict mode");
                }
                let units = value.to_utf16();
                self.next()?;
                self.emit_string_units(units);
            }
            TokenKind::BigInt(text) => {
                let v = self.bigint_literal(text)?;
                self.next()?;
                self.emit_bigint(v);
            }
            TokenKind::Template { .. } => self.parse_template()?,
            TokenKind::PrivateName { .. } => return self.unexpected(),
            TokenKind::RegExp { .. } => return self.unexpected(),
            TokenKind::Punct(Punct::Slash) | TokenKind::Punct(Punct::SlashAssign) => {
                let tok = self.lex.rescan_regexp(start)?;
                self.tok = tok;
                let TokenKind::RegExp { body, flags } = &self.tok.kind else {
                    return self.unexpected();
                };
                let body_start = self.tok.start.offset as usize + 1;
                let units = self.lex.source_units(body_start, body_start + body.len());
                let flags = flags.to_string();
                // Early errors of the pattern and flags (§13.2.7.2).
                let checked =
                    regexp::Flags::parse(&flags).and_then(|f| regexp::Regex::new(&units, f));
                if let Err(e) = checked {
                    return self.error_at(start, e.to_string());
                }
                self.next()?;
                self.emit_string_units(units);
                self.emit_string(&flags);
                self.emit_position(start);
                self.emit_op(Op::RegExp);
            }
            TokenKind::Punct(Punct::LParen) => {
                self.next()?;
                let saved = std::mem::replace(&mut self.no_in, false);
                self.parse_expression()?;
                self.no_in = saved;
                self.expect(Punct::RParen)?;
            }
            TokenKind::Punct(Punct::LBracket) => self.parse_array_literal()?,
            TokenKind::Punct(Punct::LBrace) => self.parse_object_literal()?,
            TokenKind::Punct(_) => return self.unexpected(),
            TokenKind::Eof => return self.unexpected(),
            TokenKind::Ident { name, escaped } => {
                let escaped = *escaped;
                match name.as_ref() {
                    "this" if !escaped => {
                        self.next()?;
                        self.emit_scope(Op::ScopeGetVar, Atom::THIS);
                    }
                    "null" if !escaped => {
                        self.next()?;
                        self.emit_op(Op::PushNull);
                    }
                    "true" if !escaped => {
                        self.next()?;
                        self.emit_op(Op::PushTrue);
                    }
                    "false" if !escaped => {
                        self.next()?;
                        self.emit_op(Op::PushFalse);
                    }
                    "function" if !escaped => {
                        let child = self.parse_function_expression()?;
                        self.emit_op_u32(Op::FClosure, child);
                    }
                    "class" if !escaped => self.parse_class(false)?,
                    "super" if !escaped => self.parse_super()?,
                    "import" if !escaped => self.parse_import_expression()?,
                    "async" if !escaped => {
                        if self.async_function_ahead()? {
                            let child = self.parse_function_expression()?;
                            self.emit_op_u32(Op::FClosure, child);
                        } else {
                            self.next()?;
                            self.emit_scope(Op::ScopeGetVar, Atom::ASYNC);
                        }
                    }
                    _ => {
                        let atom = self.binding_reference()?;
                        self.emit_scope(Op::ScopeGetVar, atom);
                    }
                }
            }
        }
        Ok(())
    }

    /// An identifier reference (§13.1).
    pub(crate) fn binding_reference(&mut self) -> CResult<Atom> {
        let Some(name) = self.ident_name() else {
            return self.unexpected();
        };
        let atom = self.rt.intern(name);
        if atom == Atom::YIELD && self.strict() {
            return self.error("'yield' is reserved in strict mode");
        }
        if atom == Atom::ARGUMENTS && self.in_field_initializer() {
            return self
                .error("'arguments' is not allowed in class field initializers or static blocks");
        }
        self.check_identifier(atom)?;
        self.next()?;
        Ok(atom)
    }

    /// Template literal without a tag (§13.2.8).
    fn parse_template(&mut self) -> CResult<()> {
        let TokenKind::Template { cooked, tail, .. } = &self.tok.kind else {
            return self.unexpected();
        };
        let Some(first) = cooked.clone() else {
            return self.error("invalid escape sequence in template");
        };
        let mut tail = *tail;
        self.emit_string_units(first);
        self.next()?;
        while !tail {
            let saved = std::mem::replace(&mut self.no_in, false);
            self.parse_expression()?;
            self.no_in = saved;
            if !self.is(Punct::RBrace) {
                return self.error("expected '}' in template");
            }
            let tok = self.lex.rescan_template_continuation(self.tok.start)?;
            self.tok = tok;
            let TokenKind::Template {
                cooked, tail: t, ..
            } = &self.tok.kind
            else {
                return self.unexpected();
            };
            let Some(piece) = cooked.clone() else {
                return self.error("invalid escape sequence in template");
            };
            tail = *t;
            self.emit_op(Op::ToStr);
            self.emit_op(Op::Add);
            if !piece.is_empty() {
                self.emit_string_units(piece);
                self.emit_op(Op::Add);
            }
            self.next()?;
        }
        Ok(())
    }

    /// ArrayLiteral (§13.2.4).
    fn parse_array_literal(&mut self) -> CResult<()> {
        self.expect(Punct::LBracket)?;
        self.emit_op_u16(Op::NewArray, 0);
        let hint_at = self.fd().code.len() - 2;
        let mut count = 0usize;
        let saved = std::mem::replace(&mut self.no_in, false);
        while !self.is(Punct::RBracket) {
            count += 1;
            if self.is(Punct::Comma) {
                self.next()?;
                self.emit_op(Op::AppendHole);
                continue;
            }
            if self.eat(Punct::Ellipsis)? {
                self.parse_assign()?;
                self.emit_op(Op::AppendSpread);
            } else {
                self.parse_assign()?;
                self.emit_op(Op::AppendElem);
            }
            if !self.is(Punct::RBracket) {
                self.expect(Punct::Comma)?;
            }
        }
        self.patch_capacity_hint(hint_at, count);
        self.no_in = saved;
        self.next()
    }

    /// Sets the operand of the `NewArray`/`NewObject` at `at` (operand
    /// offset) to the number of elements or properties its literal has.
    fn patch_capacity_hint(&mut self, at: usize, count: usize) {
        let hint = count.min(u16::MAX as usize) as u16;
        if let Some(operand) = self.fd().code.get_mut(at..at + 2) {
            operand.copy_from_slice(&hint.to_le_bytes());
        }
    }

    /// A property name in a literal: `Ok(Some(atom))`, or `Ok(None)` after
    /// emitting a computed key (as a property key value).
    pub(crate) fn parse_property_name(&mut self) -> CResult<Option<Atom>> {
        let atom = match &self.tok.kind {
            TokenKind::Ident { name, .. } => self.rt.intern(name),
            TokenKind::String { value } => {
                let u = value.to_utf16();
                self.rt
                    .atoms
                    .intern_units(&self.rt.heap, crate::string::Units::Utf16(&u))
            }
            TokenKind::Number(n) => {
                let s = crate::value::number_to_string(*n);
                self.rt.intern(&s)
            }
            TokenKind::Punct(Punct::LBracket) => {
                self.next()?;
                let saved = std::mem::replace(&mut self.no_in, false);
                self.parse_assign()?;
                self.no_in = saved;
                self.expect(Punct::RBracket)?;
                // ComputedPropertyName converts its value at once (§13.2.5.4),
                // before any value expression runs. The object below is the
                // literal (or a pattern's source), never null or undefined.
                self.emit_op(Op::ToPropertyKey);
                return Ok(None);
            }
            TokenKind::BigInt(text) => {
                let v = self.bigint_literal(text)?;
                self.rt.intern(&v.to_string())
            }
            _ => return self.unexpected(),
        };
        self.next()?;
        Ok(Some(atom))
    }

    /// ObjectLiteral (§13.2.5).
    fn parse_object_literal(&mut self) -> CResult<()> {
        self.expect(Punct::LBrace)?;
        self.emit_op_u16(Op::NewObject, 0);
        let hint_at = self.fd().code.len() - 2;
        let mut count = 0usize;
        let saved = std::mem::replace(&mut self.no_in, false);
        let mut has_proto = false;
        while !self.is(Punct::RBrace) {
            count += 1;
            if self.eat(Punct::Ellipsis)? {
                // PropertyDefinition: `... AssignmentExpression` (§13.2.5.5).
                self.parse_assign()?;
                self.emit_op(Op::CopyDataProperties);
                if !self.is(Punct::RBrace) {
                    self.expect(Punct::Comma)?;
                }
                continue;
            }
            let prop_start = self.tok.start;
            // get/set/async/* prefixes.
            let mut kind = 0u8; // 1 getter, 2 setter, 3 generator
            if (self.is_kw("get") || self.is_kw("set")) && !self.is_kw_followed_by_end()? {
                kind = if self.is_kw("get") { 1 } else { 2 };
                self.next()?;
            } else if self.is(Punct::Star) {
                self.next()?;
                kind = 3;
            } else if self.is_kw("async") && self.async_method_ahead()? {
                self.next()?;
                kind = if self.eat(Punct::Star)? { 5 } else { 4 };
            }
            let key_tok = self.tok.clone();
            let key = self.parse_property_name()?;
            if key.is_none() {
                // A computed key is converted before the value is evaluated
                // (§13.2.5.4 PropertyDefinitionEvaluation step 2).
                self.emit_op(Op::ToPropertyKey);
            }
            if kind == 1 || kind == 2 {
                let flag = if kind == 1 {
                    fn_flags::GETTER
                } else {
                    fn_flags::SETTER
                };
                let child = self.parse_method(key.unwrap_or(Atom::EMPTY), flag, prop_start)?;
                self.emit_op_u32(Op::FClosure, child);
                self.emit_op_u8(Op::SetHomeObject, if key.is_some() { 1 } else { 2 });
                match (key, kind) {
                    (Some(a), 1) => self.emit_atom(Op::DefineGetter, a),
                    (Some(a), _) => self.emit_atom(Op::DefineSetter, a),
                    (None, 1) => self.emit_op(Op::DefineComputedGetter),
                    (None, _) => self.emit_op(Op::DefineComputedSetter),
                }
            } else if self.is(Punct::LParen) || kind >= 3 {
                let flag = match kind {
                    3 => fn_flags::GENERATOR,
                    4 => fn_flags::ASYNC,
                    5 => fn_flags::GENERATOR | fn_flags::ASYNC,
                    _ => 0,
                };
                let child = self.parse_method(key.unwrap_or(Atom::EMPTY), flag, prop_start)?;
                self.emit_op_u32(Op::FClosure, child);
                self.emit_op_u8(Op::SetHomeObject, if key.is_some() { 1 } else { 2 });
                match key {
                    Some(a) => self.emit_atom(Op::DefineField, a),
                    None => {
                        self.emit_op(Op::SetFunctionNameComputed);
                        self.emit_op(Op::DefineComputed);
                    }
                }
            } else if self.eat(Punct::Colon)? {
                self.parse_assign()?;
                match key {
                    Some(Atom::PROTO)
                        if !matches!(key_tok.kind, TokenKind::Punct(Punct::LBracket)) =>
                    {
                        if has_proto {
                            return self.error_at(key_tok.start, "duplicate __proto__ property");
                        }
                        has_proto = true;
                        self.emit_op(Op::SetProtoLiteral);
                    }
                    Some(a) => {
                        self.set_last_closure_name(a);
                        self.emit_atom(Op::DefineField, a);
                    }
                    None => {
                        if self.last_is_anonymous_definition() {
                            self.emit_op(Op::SetFunctionNameComputed);
                        }
                        self.emit_op(Op::DefineComputed);
                    }
                }
            } else {
                // Shorthand `{ x }` (and `{ x = 1 }` only in patterns).
                let TokenKind::Ident { name, .. } = &key_tok.kind else {
                    return self.unexpected();
                };
                let atom = self.rt.intern(name);
                self.check_identifier(atom)?;
                if self.is(Punct::Assign) {
                    // CoverInitializedName outside a pattern (§13.2.5.1).
                    return self.error("invalid shorthand property initializer");
                }
                self.emit_scope(Op::ScopeGetVar, atom);
                self.emit_atom(Op::DefineField, atom);
            }
            if !self.is(Punct::RBrace) {
                self.expect(Punct::Comma)?;
            }
        }
        self.patch_capacity_hint(hint_at, count);
        self.no_in = saved;
        self.next()
    }

    /// Whether `get`/`set`/`async` here is a plain property name (`{ get: 1 }`, `{ get() {} }`, `{ get }`).
    fn is_kw_followed_by_end(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        self.next()?;
        let plain = self.is(Punct::Colon)
            || self.is(Punct::LParen)
            || self.is(Punct::Comma)
            || self.is(Punct::RBrace)
            || self.is(Punct::Assign);
        self.restore(cp);
        Ok(plain)
    }

    /// Whether an arrow function starts here: `x =>` or `( ... ) =>`.
    /// Whether `async` here starts an async method: a property name
    /// follows on the same line (§15.8: no LineTerminator after `async`).
    fn async_method_ahead(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        self.next()?;
        let r = !self.tok.newline_before
            && !matches!(
                self.tok.kind,
                TokenKind::Punct(
                    Punct::LParen | Punct::Colon | Punct::Comma | Punct::RBrace | Punct::Assign
                )
            );
        self.restore(cp);
        Ok(r)
    }

    /// Whether `async` here starts an async arrow function: `async x =>`
    /// or `async (...) =>`, with no line break after `async`.
    fn is_async_arrow_ahead(&mut self) -> CResult<bool> {
        if !matches!(&self.tok.kind, TokenKind::Ident { name, escaped: false } if name == "async") {
            return Ok(false);
        }
        let cp = self.checkpoint();
        self.next()?;
        let r = !self.tok.newline_before
            && match self.tok.kind {
                TokenKind::Ident { .. } | TokenKind::Punct(Punct::LParen) => {
                    self.is_arrow_ahead()?
                }
                _ => false,
            };
        self.restore(cp);
        Ok(r)
    }

    fn is_arrow_ahead(&mut self) -> CResult<bool> {
        match &self.tok.kind {
            TokenKind::Ident { .. } => {
                if self.is_kw("async") || self.is_kw("function") {
                    return Ok(false);
                }
                let cp = self.checkpoint();
                self.next()?;
                let r = self.is(Punct::Arrow) && !self.tok.newline_before;
                self.restore(cp);
                Ok(r)
            }
            TokenKind::Punct(Punct::LParen) => {
                let cp = self.checkpoint();
                let r = self.skip_balanced(Punct::LParen, Punct::RParen).is_ok()
                    && self.is(Punct::Arrow)
                    && !self.tok.newline_before;
                self.restore(cp);
                Ok(r)
            }
            _ => Ok(false),
        }
    }
}
