//! Destructuring: binding patterns (§14.3.3, BindingInitialization §8.6.2,
//! IteratorBindingInitialization §8.6.3) and destructuring assignment
//! (§13.15.5).
//!
//! <https://tc39.es/ecma262/#sec-destructuring-binding-patterns>
//! <https://tc39.es/ecma262/#sec-destructuring-assignment>
//!
//! A pattern is compiled where the value it destructures is on top of the
//! stack, and its code consumes that value. Its tokens usually come before
//! the code producing the value (`let [a] = v`, `[a] = v`, a parameter with
//! a default, a for-in/of head), so the parser skips the pattern to its
//! matching bracket, emits the value's code, then returns to the saved
//! position to compile the pattern and finally resumes after the value
//! (`compile_pattern_at`). Each token of the pattern is compiled once.
//!
//! * Array patterns get an iterator record `[it next]` on the stack
//!   (`GetIterator`) under an exception handler. `IteratorValue n` and
//!   `IteratorRest n` step it from below the `n` values of an assignment
//!   target's reference; a done iterator (exhausted, or stepping threw) has
//!   the internal `Uninit` in its `next` slot. On normal completion
//!   `IteratorCloseDone` closes it unless done; the handler closes it the
//!   same way, ignoring errors from `return`, and rethrows.
//! * Object patterns check the value is coercible (`ToObjectCheck`), then
//!   read each property from a copy of it (`Pick`) in source order. With a
//!   rest property, an array of the keys read so far is kept above the value
//!   for `RestObject` (CopyDataProperties with exclusions).
//! * Assignment targets are evaluated (their object and key pushed) before
//!   the value is read, as §13.15.5.5-6 order it.

use super::expression::LValue;
use super::{CResult, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::Op;
use crate::parser::lexer::LexState;
use crate::parser::token::{Pos, Punct, Token, TokenKind};

/// A saved parser position.
pub(crate) type Checkpoint<'src> = (LexState, Token<'src>, Pos);

/// What a pattern's names are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum PatternMode {
    /// A binding pattern declaring its names with this kind. Parameter
    /// names are only collected (`Parser::bound_names`): the caller declares
    /// them after the positional parameters.
    Bind(VarKind),
    /// An assignment pattern: targets are references.
    Assign,
}

/// Where one destructured value goes.
enum Target<'src> {
    /// A binding identifier.
    Name(Atom),
    /// An assignment target; its object (and key) are on the stack.
    Ref(LValue),
    /// A nested pattern, compiled from the saved position once its value is known.
    Pattern(Checkpoint<'src>),
}

impl Target<'_> {
    /// How many stack values the target's reference occupies.
    fn depth(&self) -> u8 {
        match self {
            Target::Ref(LValue::Field(_)) => 1,
            Target::Ref(LValue::Elem | LValue::Private) => 2,
            Target::Ref(LValue::Super) => 3,
            _ => 0,
        }
    }
}

/// Which kind of element a target is parsed for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    Plain,
    ArrayRest,
    ObjectRest,
}

impl<'src> Parser<'src, '_> {
    /// Skips the bracketed group at the current `[`, `{` or `(`.
    pub(crate) fn skip_group(&mut self) -> CResult<bool> {
        match self.tok.kind {
            TokenKind::Punct(Punct::LBracket) => {
                self.skip_balanced_find(Punct::LBracket, Punct::RBracket)
            }
            TokenKind::Punct(Punct::LParen) => {
                self.skip_balanced_find(Punct::LParen, Punct::RParen)
            }
            _ => self.skip_balanced_find(Punct::LBrace, Punct::RBrace),
        }
    }

    /// At `[` or `{`: skips the group and, when `follows` holds for the
    /// token after it, returns the position of the group; otherwise stays.
    pub(crate) fn pattern_ahead(
        &mut self,
        follows: impl Fn(&Self) -> bool,
    ) -> CResult<Option<Checkpoint<'src>>> {
        if !self.is(Punct::LBracket) && !self.is(Punct::LBrace) {
            return Ok(None);
        }
        let cp = self.checkpoint();
        if self.skip_group().is_ok() && follows(self) {
            return Ok(Some(cp));
        }
        self.restore(cp);
        Ok(None)
    }

    /// Compiles the pattern saved at `cp` (its value is on the stack), then
    /// continues from the current position.
    pub(crate) fn compile_pattern_at(
        &mut self,
        cp: Checkpoint<'src>,
        mode: PatternMode,
    ) -> CResult<()> {
        let here = self.checkpoint();
        self.restore(cp);
        self.compile_pattern(mode)?;
        self.restore(here);
        Ok(())
    }

    /// Like `compile_pattern_at`, returning the names the pattern binds.
    pub(crate) fn compile_pattern_names(
        &mut self,
        cp: Option<Checkpoint<'src>>,
        mode: PatternMode,
    ) -> CResult<Vec<(Atom, Pos)>> {
        let saved = std::mem::take(&mut self.bound_names);
        let r = match cp {
            Some(cp) => self.compile_pattern_at(cp, mode),
            None => self.compile_pattern(mode),
        };
        let names = std::mem::replace(&mut self.bound_names, saved);
        r.map(|_| names)
    }

    /// Compiles the pattern at the current `[` or `{`, consuming the value
    /// on top of the stack.
    pub(crate) fn compile_pattern(&mut self, mode: PatternMode) -> CResult<()> {
        self.check_depth()?;
        // Initializers inside patterns always allow `in` (Initializer[+In]).
        let saved = std::mem::replace(&mut self.no_in, false);
        let r = if self.is(Punct::LBracket) {
            self.array_pattern(mode)
        } else {
            self.object_pattern(mode)
        };
        self.no_in = saved;
        // The result is not a reference.
        self.fd().last_op = None;
        r
    }

    /// ArrayBindingPattern / ArrayAssignmentPattern (§8.6.3, §13.15.5.5).
    fn array_pattern(&mut self, mode: PatternMode) -> CResult<()> {
        let start = self.tok.start;
        self.expect(Punct::LBracket)?;
        self.emit_position(start);
        self.emit_op(Op::GetIterator);
        let close = self.new_label();
        let end = self.new_label();
        self.emit_jump(Op::PushCatch, close);
        // A generator's `return()` at a `yield` in an element closes the
        // iterator too (§7.4.11 through the return completion).
        self.fd().blocks.push(super::BlockDef {
            labels: Vec::new(),
            break_label: None,
            continue_label: None,
            stack_items: 0,
            has_handler: true,
            finally_label: None,
            is_loop: false,
            iterator: true,
            async_iterator: false,
            dispose: None,
        });
        let r = self.array_pattern_elements(mode);
        self.fd().blocks.pop();
        r?;
        self.emit_op(Op::PopCatch);
        self.emit_op(Op::IteratorCloseDone);
        self.emit_jump(Op::Goto, end);
        self.emit_label(close);
        self.emit_op(Op::IteratorCloseThrow);
        self.emit_op(Op::Throw);
        self.emit_label(end);
        Ok(())
    }

    /// The elements of an array pattern, up to and including the `]`.
    fn array_pattern_elements(&mut self, mode: PatternMode) -> CResult<()> {
        while !self.is(Punct::RBracket) {
            if self.eat(Punct::Comma)? {
                // Elision: step and drop.
                self.emit_op_u8(Op::IteratorValue, 0);
                self.emit_op(Op::Drop);
                continue;
            }
            if self.eat(Punct::Ellipsis)? {
                let t = self.pattern_target(mode, Element::ArrayRest)?;
                self.emit_op_u8(Op::IteratorRest, t.depth());
                self.store_target(t, mode)?;
                if !self.is(Punct::RBracket) {
                    return self.error("rest element must be last");
                }
                break;
            }
            let t = self.pattern_target(mode, Element::Plain)?;
            self.emit_op_u8(Op::IteratorValue, t.depth());
            self.pattern_default(&t)?;
            self.store_target(t, mode)?;
            if !self.is(Punct::RBracket) {
                self.expect(Punct::Comma)?;
            }
        }
        self.next()
    }

    /// ObjectBindingPattern / ObjectAssignmentPattern (§8.6.2, §13.15.5.4).
    fn object_pattern(&mut self, mode: PatternMode) -> CResult<()> {
        let start = self.tok.start;
        let has_rest = {
            let cp = self.checkpoint();
            let r = self.skip_group();
            self.restore(cp);
            r?
        };
        self.expect(Punct::LBrace)?;
        self.emit_position(start);
        // RequireObjectCoercible (§8.6.2 step 1, §13.15.5.2 step 1).
        self.emit_op(Op::ToObjectCheck);
        // Values above the source: the array of keys read, for a rest property.
        let base: u8 = if has_rest {
            self.emit_op_u16(Op::NewArray, 0);
            1
        } else {
            0
        };
        while !self.is(Punct::RBrace) {
            if self.eat(Punct::Ellipsis)? {
                let t = self.pattern_target(mode, Element::ObjectRest)?;
                let d = t.depth();
                self.emit_op_u8(Op::Pick, d + 1);
                self.emit_op_u8(Op::Pick, d + 1);
                self.emit_op(Op::RestObject);
                self.store_target(t, mode)?;
                if !self.is(Punct::RBrace) {
                    return self.error("rest property must be last");
                }
                break;
            }
            let key_tok = self.tok.clone();
            match self.parse_property_name()? {
                Some(key) => {
                    if has_rest {
                        self.emit_atom(Op::PushAtom, key);
                        self.emit_op(Op::AppendElem);
                    }
                    let t = if self.eat(Punct::Colon)? {
                        self.pattern_target(mode, Element::Plain)?
                    } else {
                        self.shorthand_target(key, &key_tok, mode)?
                    };
                    self.emit_op_u8(Op::Pick, t.depth() + base);
                    self.emit_atom(Op::GetField, key);
                    self.pattern_default(&t)?;
                    self.store_target(t, mode)?;
                }
                None => {
                    // A computed key, already converted (§13.2.5.4), kept
                    // until the value is read.
                    if has_rest {
                        self.emit_op(Op::Dup2);
                        self.emit_op(Op::AppendElem);
                        self.emit_op(Op::Drop);
                    }
                    self.expect(Punct::Colon)?;
                    let t = self.pattern_target(mode, Element::Plain)?;
                    let d = t.depth();
                    self.emit_op_u8(Op::Pick, d + 1 + base);
                    self.emit_op_u8(Op::Pick, d + 1);
                    self.emit_op(Op::GetElem);
                    self.pattern_default(&t)?;
                    self.store_target(t, mode)?;
                    self.emit_op(Op::Drop);
                }
            }
            if !self.is(Punct::RBrace) {
                self.expect(Punct::Comma)?;
            }
        }
        self.next()?;
        if has_rest {
            self.emit_op(Op::Drop);
        }
        self.emit_op(Op::Drop);
        Ok(())
    }

    /// `{ x }` or `{ x = init }`: the key is also the target.
    fn shorthand_target(
        &mut self,
        key: Atom,
        key_tok: &Token<'src>,
        mode: PatternMode,
    ) -> CResult<Target<'src>> {
        if !matches!(key_tok.kind, TokenKind::Ident { .. }) {
            return self.error_at(key_tok.start, "expected ':' in pattern");
        }
        if self.strict() && key == Atom::YIELD {
            return self.error_at(key_tok.start, "'yield' is reserved in strict mode");
        }
        self.check_identifier_at(key, key_tok.start)?;
        match mode {
            PatternMode::Bind(kind) => {
                self.bind_name(key, kind, key_tok.start)?;
                Ok(Target::Name(key))
            }
            PatternMode::Assign => {
                self.check_assign_name(key, key_tok.start)?;
                // The Reference is made before the value is read (§13.15.5.3).
                let lv = LValue::Var(key, self.fdr().scope, false);
                Ok(Target::Ref(self.make_reference(lv)))
            }
        }
    }

    /// Parses an element's target, emitting an assignment target's reference.
    fn pattern_target(&mut self, mode: PatternMode, elem: Element) -> CResult<Target<'src>> {
        if self.is(Punct::LBracket) || self.is(Punct::LBrace) {
            let pos = self.tok.start;
            let nested = match mode {
                PatternMode::Bind(_) => {
                    let cp = self.checkpoint();
                    self.skip_group()?;
                    Some(cp)
                }
                // A literal is a nested pattern when it is the whole target
                // (§13.15.5.1); otherwise it starts an expression (`[a][0]`).
                PatternMode::Assign => self.pattern_ahead(|p| {
                    p.is(Punct::Comma)
                        || p.is(Punct::RBracket)
                        || p.is(Punct::RBrace)
                        || p.is(Punct::Assign)
                })?,
            };
            if let Some(cp) = nested {
                if elem == Element::ObjectRest {
                    return self.error_at(pos, "a rest property cannot be a pattern");
                }
                return Ok(Target::Pattern(cp));
            }
        }
        match mode {
            PatternMode::Bind(kind) => {
                let pos = self.tok.start;
                let name = self.binding_identifier()?;
                self.bind_name(name, kind, pos)?;
                if kind == VarKind::Var {
                    // A `var` binding is resolved before the value is read
                    // (§14.3.3.3 KeyedBindingInitialization step 2), which
                    // `with` can observe; without an object environment in
                    // between, the Reference costs nothing.
                    let scope = self.fdr().scope;
                    return Ok(Target::Ref(
                        self.make_reference(LValue::Var(name, scope, false)),
                    ));
                }
                Ok(Target::Name(name))
            }
            PatternMode::Assign => {
                let start = self.tok.start;
                self.parse_lhs()?;
                match self.to_lvalue(start)? {
                    LValue::Call => self.error_at(start, "invalid assignment target"),
                    lv => Ok(Target::Ref(self.make_reference(lv))),
                }
            }
        }
    }

    /// `= init` after a target: used when the value is undefined.
    fn pattern_default(&mut self, t: &Target<'src>) -> CResult<()> {
        if !self.eat(Punct::Assign)? {
            return Ok(());
        }
        let skip = self.new_label();
        self.emit_op(Op::Dup);
        self.emit_op(Op::PushUndefined);
        self.emit_op(Op::StrictEq);
        self.emit_jump(Op::IfFalse, skip);
        self.emit_op(Op::Drop);
        self.parse_assign()?;
        // Anonymous functions take the name of an identifier target.
        if let Target::Name(n) | Target::Ref(LValue::Var(n, ..)) = t {
            self.set_last_closure_name(*n);
        }
        self.emit_label(skip);
        Ok(())
    }

    /// Stores the value on top of the stack into the target.
    fn store_target(&mut self, t: Target<'src>, mode: PatternMode) -> CResult<()> {
        match t {
            Target::Name(name) => {
                let op = if mode == PatternMode::Bind(VarKind::Var) {
                    Op::ScopePutVar
                } else {
                    Op::ScopePutVarInit
                };
                self.emit_scope(op, name);
            }
            Target::Ref(lv) => self.emit_store(lv, false),
            Target::Pattern(cp) => self.compile_pattern_at(cp, mode)?,
        }
        Ok(())
    }

    /// Declares a name bound by a pattern, with its early errors.
    fn bind_name(&mut self, name: Atom, kind: VarKind, pos: Pos) -> CResult<()> {
        if self.strict() && (name == Atom::EVAL || name == Atom::ARGUMENTS) {
            return self.error_at(pos, "invalid binding name in strict mode");
        }
        if kind.is_lexical() && name == Atom::LET {
            return self.error_at(pos, "'let' cannot be a lexically bound name");
        }
        if kind != VarKind::Param {
            self.declare(name, kind, pos)?;
        }
        self.bound_names.push((name, pos));
        Ok(())
    }

    /// Early errors for an identifier assigned to (§13.15.1).
    pub(crate) fn check_assign_name(&self, name: Atom, pos: Pos) -> CResult<()> {
        if self.strict() && (name == Atom::EVAL || name == Atom::ARGUMENTS) {
            return self.error_at(
                pos,
                "invalid assignment to 'eval' or 'arguments' in strict mode",
            );
        }
        Ok(())
    }

    fn check_identifier_at(&self, atom: Atom, pos: Pos) -> CResult<()> {
        self.check_identifier(atom).map_err(|mut e| {
            e.line = pos.line;
            e.col = pos.col;
            e
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::bytecode::Op;
    use crate::runtime::Rt;

    use crate::bytecode::op_list as ops;

    fn compile(src: &str) -> Result<Vec<Op>, String> {
        let rt = Rt::new();
        crate::compiler::compile_script(&rt, src, "t.js", false)
            .map(|bc| ops(&bc.code))
            .map_err(|e| e.message)
    }

    #[test]
    fn array_pattern_closes_its_iterator() {
        let code = compile("var [a, , ...b] = x;").expect("compiles");
        for op in [
            Op::GetIterator,
            Op::PushCatch,
            Op::IteratorValue,
            Op::IteratorRest,
            Op::PopCatch,
            Op::IteratorCloseDone,
            Op::IteratorCloseThrow,
        ] {
            assert!(code.contains(&op), "{op:?}");
        }
    }

    #[test]
    fn object_pattern_keeps_keys_only_for_rest() {
        let plain = compile("var {a, b: [c]} = x;").expect("compiles");
        assert!(plain.contains(&Op::ToObjectCheck));
        assert!(!plain.contains(&Op::RestObject) && !plain.contains(&Op::NewArray));
        let rest = compile("var {a, ...r} = x;").expect("compiles");
        assert!(rest.contains(&Op::RestObject) && rest.contains(&Op::NewArray));
    }

    #[test]
    fn calls_without_spread_are_unchanged() {
        let code = compile("f(a, b); o.m(a); new C(a);").expect("compiles");
        assert!(!code.contains(&Op::ArrayFrom));
        let code = compile("f(a, ...b); o.m(...a); new C(...a);").expect("compiles");
        for op in [Op::ArrayFrom, Op::ApplyCall, Op::ApplyMethod, Op::ApplyNew] {
            assert!(code.contains(&op), "{op:?}");
        }
    }

    #[test]
    fn pattern_early_errors() {
        for src in [
            "var [a];",
            "({a: 1} = x);",
            "([a]) = x;",
            "[...a, b] = x;",
            "({...{a}} = x);",
            "({a = 1});",
            "let [a, a] = x;",
            "function f([a], a) {}",
            "function f([a]) { 'use strict'; }",
        ] {
            assert!(compile(src).is_err(), "{src}");
        }
        for src in [
            "({a = 1} = x);",
            "[{b = 2}] = x;",
            "[[a][0]] = x;",
            "for ([a] of x);",
        ] {
            assert!(compile(src).is_ok(), "{src}");
        }
    }
}
