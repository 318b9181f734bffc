//! Class definitions (ECMA-262 §15.7), `super` (§13.3.7) and private names.
//!
//! <https://tc39.es/ecma262/#sec-class-definitions>
//!
//! A class compiles, in the enclosing function, to:
//!
//! ```text
//!   EnterScope class        ; the inner name binding (TDZ during the heritage)
//!   <heritage> | PushUninit
//!   EnterScope body         ; private names, computed field keys, private methods
//!   Goto init_names         ; creates the Private Names first, then comes back
//! back:
//!   FClosure ctor           ; patched once the constructor is known
//!   DefineClass             ; -> ctor proto
//!   <elements>              ; methods are defined as they come; a computed
//!                           ; field key is stored in a hidden binding
//!   FClosure fields; SetClassFields   ; instance elements' initializer
//!   Drop; Dup; ScopePutVarInit Name
//!   FClosure statics; RunStaticInit   ; static fields and blocks
//!   Goto end
//! init_names: NewPrivateName #x; ScopePutVarInit #x ... Goto back
//! end:
//! ```
//!
//! Field initializers are compiled straight into two hidden methods, one for
//! instance elements and one for static elements (the parser switches the
//! function it emits into), so they run in their own scope with `this` the
//! instance (or the constructor). Private methods are closures created while
//! the class is evaluated and kept in hidden bindings; the instance
//! initializer starts by installing them on the instance. The base class
//! constructor calls that initializer on entry (`InitInstance`), a derived
//! constructor right after `super()` returns.
//!
//! A private name `#x` is a `const`-like binding of the class body scope
//! named `#x` holding the Private Name, so nested functions, nested classes
//! and direct eval resolve it like any lexical binding.

use super::{CResult, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::{Op, fn_flags};
use crate::class::method_flags;
use crate::parser::token::{Pos, Punct, TokenKind};

/// The private names of a class body being compiled.
#[derive(Default)]
pub(crate) struct ClassCtx {
    /// Declared names: (name, kind bits of `method_flags`, 0x80 once a
    /// getter and setter pair is complete).
    declared: Vec<(Atom, u8)>,
    /// Names used in the body, checked when the body ends.
    referenced: Vec<(Atom, Pos)>,
}

/// A private method, getter or setter to install on each instance (or on
/// the constructor, for static ones): its name and the hidden bindings
/// holding its functions.
struct PrivateMethod {
    name: Atom,
    is_static: bool,
    method: Option<Atom>,
    getter: Option<Atom>,
    setter: Option<Atom>,
}

/// Compilation state of one class body.
struct ClassState {
    start: Pos,
    name: Option<Atom>,
    derived: bool,
    /// Function index and child index of the constructor, once known.
    ctor: Option<(usize, u32)>,
    /// Hidden methods initializing instance and static elements.
    fields: Option<(usize, u32)>,
    statics: Option<(usize, u32)>,
    private_methods: Vec<PrivateMethod>,
    hidden_count: u32,
    body_scope: u16,
    /// A static element is named `name` (it, not the binding, names the class).
    static_name: bool,
}

impl Parser<'_, '_> {
    /// ClassDeclaration (`decl`) or ClassExpression; a declaration binds its
    /// name in the current scope, an expression leaves the class on the stack.
    pub(crate) fn parse_class(&mut self, decl: bool) -> CResult<()> {
        self.check_depth()?;
        let start = self.tok.start;
        self.next()?;
        let was_strict = self.strict();
        // All parts of a class are strict code (§11.2.2).
        self.fd().flags |= fn_flags::STRICT;
        let r = self.parse_class_inner(decl, start);
        if !was_strict {
            self.fd().flags &= !fn_flags::STRICT;
        }
        r
    }

    fn parse_class_inner(&mut self, decl: bool, start: Pos) -> CResult<()> {
        let name = if self.ident_name().is_some() && !self.is_kw("extends") {
            let pos = self.tok.start;
            let n = self.binding_identifier()?;
            if decl {
                self.declare(n, VarKind::Let, pos)?;
            }
            Some(n)
        } else if decl {
            return self.error("class declaration requires a name");
        } else {
            None
        };
        let class_scope = self.push_scope();
        if let Some(n) = name {
            self.fd().add_var(n, class_scope, VarKind::Const);
        }
        let derived = if self.eat_kw("extends")? {
            // ClassHeritage sees the outer private names only.
            self.parse_lhs()?;
            true
        } else {
            self.emit_op(Op::PushUninit);
            false
        };
        let body_scope = self.push_scope();
        self.classes.push(ClassCtx::default());
        let init_names = self.new_label();
        let back = self.new_label();
        self.emit_jump(Op::Goto, init_names);
        self.emit_label(back);
        self.emit_op_u32(Op::FClosure, 0);
        let ctor_operand = self.fdr().code.len() - 4;
        self.emit_op(Op::DefineClass);
        let mut st = ClassState {
            start,
            name,
            derived,
            ctor: None,
            fields: None,
            statics: None,
            private_methods: Vec::new(),
            hidden_count: 0,
            body_scope,
            static_name: false,
        };
        self.expect(Punct::LBrace)?;
        let saved_no_in = std::mem::replace(&mut self.no_in, false);
        while !self.is(Punct::RBrace) {
            if matches!(self.tok.kind, TokenKind::Eof) {
                return self.error("unterminated class body");
            }
            if self.eat(Punct::Semicolon)? {
                continue;
            }
            self.parse_class_element(&mut st)?;
        }
        self.no_in = saved_no_in;
        self.next()?;
        let end = self.prev_end.offset;

        // The constructor: the one written, or the default (§15.7.14 step 14).
        let (ctor_fi, ctor_child) = match st.ctor {
            Some(c) => c,
            None => {
                let mut flags = fn_flags::CONSTRUCTOR | fn_flags::METHOD;
                if derived {
                    flags |= fn_flags::DERIVED | fn_flags::NEEDS_ARGUMENTS;
                }
                let child = self.begin_function(flags, name.unwrap_or(Atom::EMPTY));
                let fi = self.cur;
                if derived {
                    self.emit_op(Op::SuperForward);
                    self.emit_op(Op::Return);
                } else {
                    self.emit_instance_init_on_entry();
                    self.emit_op(Op::ReturnUndef);
                }
                self.end_function(start);
                (fi, child)
            }
        };
        self.funcs[ctor_fi].source_range = (start.offset, end);
        self.fd().code[ctor_operand..ctor_operand + 4].copy_from_slice(&ctor_child.to_le_bytes());
        if name.is_none() {
            self.funcs[ctor_fi].name = Atom::EMPTY;
        }

        // Instance elements' initializer: private methods first, then the
        // fields in order (§7.3.34 InitializeInstanceElements).
        if st.fields.is_none() && st.private_methods.iter().any(|m| !m.is_static) {
            st.fields = Some(self.element_initializer());
        }
        if let Some((fi, child)) = st.fields {
            self.finish_element_initializer(&st, fi, false);
            self.emit_op_u32(Op::FClosure, child);
            self.emit_op(Op::SetClassFields);
        }
        self.emit_op(Op::Drop);
        if let Some(n) = name {
            self.emit_op(Op::Dup);
            self.emit_scope(Op::ScopePutVarInit, n);
        }
        let has_static_private = st.private_methods.iter().any(|m| m.is_static);
        if has_static_private && st.statics.is_none() {
            st.statics = Some(self.element_initializer());
        }
        if let Some((fi, child)) = st.statics {
            self.finish_element_initializer(&st, fi, true);
            self.emit_op_u32(Op::FClosure, child);
            self.emit_op(Op::RunStaticInit);
        }
        // The Private Names, created before anything else of the class body runs.
        let done = self.new_label();
        self.emit_jump(Op::Goto, done);
        self.emit_label(init_names);
        let ctx = self.classes.pop().unwrap_or_default();
        for &(n, _) in &ctx.declared {
            self.emit_atom(Op::NewPrivateName, n);
            self.emit_scope(Op::ScopePutVarInit, n);
        }
        self.emit_jump(Op::Goto, back);
        self.emit_label(done);
        // Names used but not declared here belong to an enclosing class.
        for (n, pos) in ctx.referenced {
            if ctx.declared.iter().any(|d| d.0 == n) {
                continue;
            }
            self.reference_private_name(n, pos)?;
        }
        self.pop_scope();
        self.pop_scope();
        if decl && let Some(n) = name {
            self.emit_scope(Op::ScopePutVarInit, n);
        }
        self.fd().last_op = None;
        if name.is_none() && !decl {
            // An anonymous class takes the name of its binding (NamedEvaluation).
            let len = self.fdr().code.len();
            self.last_class = Some((self.cur, len, ctor_fi, st.static_name));
        }
        Ok(())
    }

    /// `InitInstance` for `this` at the entry of a base class constructor
    /// (§10.2.2 [[Construct]] step 6.b).
    pub(crate) fn emit_instance_init_on_entry(&mut self) {
        self.emit_op(Op::PushThis);
        self.emit_op(Op::GetCallee);
        self.emit_op(Op::InitInstance);
    }

    /// Creates a hidden method that initializes class elements (instance or
    /// static), returning its function index and child index; the parser
    /// stays in the current function.
    fn element_initializer(&mut self) -> (usize, u32) {
        let outer = self.cur;
        let child = self.begin_function(fn_flags::METHOD, Atom::EMPTY);
        let fi = self.cur;
        self.funcs[fi].class_field_init = true;
        self.cur = outer;
        (fi, child)
    }

    /// The hidden method initializing the instance (or static) elements,
    /// created on first use.
    fn elements_initializer(&mut self, st: &mut ClassState, is_static: bool) -> (usize, u32) {
        let slot = if is_static {
            &mut st.statics
        } else {
            &mut st.fields
        };
        if let Some(x) = *slot {
            return x;
        }
        let x = self.element_initializer();
        *slot = Some(x);
        x
    }

    /// Completes an element initializer: the private methods are installed
    /// before the code already emitted for fields and static blocks.
    fn finish_element_initializer(&mut self, st: &ClassState, fi: usize, is_static: bool) {
        let outer = self.cur;
        self.cur = fi;
        let body = std::mem::take(&mut self.fd().code);
        for m in st
            .private_methods
            .iter()
            .filter(|m| m.is_static == is_static)
        {
            self.emit_op(Op::PushThis);
            self.emit_scope(Op::ScopeGetVar, m.name);
            if let Some(f) = m.method {
                self.emit_scope(Op::ScopeGetVar, f);
                self.emit_op(Op::DefinePrivateMethod);
            } else {
                for acc in [m.getter, m.setter] {
                    match acc {
                        Some(f) => self.emit_scope(Op::ScopeGetVar, f),
                        None => self.emit_op(Op::PushUndefined),
                    }
                }
                self.emit_op(Op::DefinePrivateAccessor);
            }
        }
        self.fd().code.extend_from_slice(&body);
        self.emit_op(Op::ReturnUndef);
        let start = st.start;
        self.end_function(start);
        self.cur = outer;
    }

    /// A hidden binding of the class body scope.
    fn hidden_binding(&mut self, st: &mut ClassState, what: &str) -> Atom {
        let name = self.rt.intern(&format!("<{what}{}>", st.hidden_count));
        st.hidden_count += 1;
        self.fd().add_var(name, st.body_scope, VarKind::Let);
        name
    }

    /// Declares a private name of the class being compiled, with the
    /// duplicate early errors (§15.7.1: only a getter and a setter of the
    /// same placement may share a name).
    fn declare_private_name(
        &mut self,
        name: Atom,
        kind: u8,
        pos: Pos,
        st: &ClassState,
    ) -> CResult<()> {
        if self.rt.atom_name(name) == "#constructor" {
            return self.error_at(pos, "'#constructor' is not a valid private name");
        }
        let accessor = method_flags::GETTER | method_flags::SETTER;
        let Some(ctx) = self.classes.last_mut() else {
            return self.error_at(pos, "private name outside a class");
        };
        if let Some(d) = ctx.declared.iter_mut().find(|d| d.0 == name) {
            let (old, new) = (d.1, kind);
            let pair = old & accessor != 0
                && new & accessor != 0
                && old & accessor != new & accessor
                && old & method_flags::STATIC == new & method_flags::STATIC
                && old & 0x80 == 0;
            if !pair {
                let n = self.rt.atom_name(name);
                return self.error_at(pos, format!("duplicate private name {n}"));
            }
            d.1 = old | new | 0x80;
            return Ok(());
        }
        ctx.declared.push((name, kind));
        self.fd().add_var(name, st.body_scope, VarKind::Const);
        Ok(())
    }

    /// Records a use of private name `name`: checked against the enclosing
    /// class bodies when the innermost one ends, and for eval code against
    /// the private names visible at the eval call site.
    pub(crate) fn reference_private_name(&mut self, name: Atom, pos: Pos) -> CResult<()> {
        if let Some(ctx) = self.classes.last_mut() {
            ctx.referenced.push((name, pos));
            return Ok(());
        }
        let visible = self.funcs[0]
            .eval_env
            .as_ref()
            .is_some_and(|env| env.bindings.iter().any(|b| b.name == name));
        if visible {
            return Ok(());
        }
        let n = self.rt.atom_name(name);
        self.error_at(pos, format!("undeclared private name {n}"))
    }

    /// The current `#name` token as an atom (`#name`).
    pub(crate) fn private_name_atom(&self) -> Option<Atom> {
        match &self.tok.kind {
            TokenKind::PrivateName { name } => Some(self.rt.intern(&format!("#{name}"))),
            _ => None,
        }
    }

    /// Whether the token after the current one ends a class element name
    /// (`static`, `get`, `set` and `async` are then names themselves).
    fn modifier_is_name(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        self.next()?;
        let r = matches!(
            self.tok.kind,
            TokenKind::Punct(Punct::LParen | Punct::Assign | Punct::Semicolon | Punct::RBrace)
                | TokenKind::Eof
        );
        let newline = self.tok.newline_before;
        let star = self.is(Punct::Star);
        self.restore(cp);
        let accessor = self.is_kw("get") || self.is_kw("set");
        Ok(r || (newline && self.is_kw("async")) || (star && accessor))
    }

    /// ClassElement (§15.7).
    fn parse_class_element(&mut self, st: &mut ClassState) -> CResult<()> {
        let mut is_static = false;
        if self.is_kw("static") && !self.modifier_is_name()? {
            self.next()?;
            if self.is(Punct::LBrace) {
                return self.parse_static_block(st);
            }
            is_static = true;
        }
        let start = self.tok.start;
        if self.is_kw("accessor") && self.auto_accessor_follows()? {
            return self.parse_auto_accessor(st, is_static, start);
        }
        // 0 plain, 1 getter, 2 setter, 3 generator, 4 async, 5 async generator
        let mut kind = 0u8;
        if (self.is_kw("get") || self.is_kw("set")) && !self.modifier_is_name()? {
            kind = if self.is_kw("get") { 1 } else { 2 };
            self.next()?;
        } else if self.is_kw("async") && !self.modifier_is_name()? {
            self.next()?;
            kind = if self.eat(Punct::Star)? { 5 } else { 4 };
        } else if self.is(Punct::Star) {
            self.next()?;
            kind = 3;
        }
        let key_pos = self.tok.start;
        // The element's name: private, literal, or computed (on the stack).
        let (private, key) = self.parse_class_element_name()?;
        let literal_name = |p: &Self, k: Option<Atom>, s: &str| {
            private.is_none() && k.is_some_and(|a| p.rt.atom_name(a) == s)
        };
        let static_bit = if is_static { method_flags::STATIC } else { 0 };
        if is_static && literal_name(self, key, "name") {
            st.static_name = true;
        }
        if self.is(Punct::LParen) {
            // A method.
            if !is_static && literal_name(self, key, "constructor") {
                if kind != 0 {
                    return self.error_at(key_pos, "class constructor may not be a special method");
                }
                if st.ctor.is_some() {
                    return self.error_at(key_pos, "a class may only have one constructor");
                }
                let mut flags = fn_flags::CONSTRUCTOR | fn_flags::METHOD;
                if st.derived {
                    flags |= fn_flags::DERIVED;
                }
                let child = self.parse_method(st.name.unwrap_or(Atom::EMPTY), flags, start)?;
                let fi = self.funcs[self.cur].children[child as usize];
                st.ctor = Some((fi, child));
                return Ok(());
            }
            if is_static && literal_name(self, key, "prototype") {
                return self.error_at(key_pos, "a static method may not be named 'prototype'");
            }
            let (flag, mkind) = match kind {
                1 => (fn_flags::GETTER, method_flags::GETTER),
                2 => (fn_flags::SETTER, method_flags::SETTER),
                3 => (fn_flags::GENERATOR, 0),
                4 => (fn_flags::ASYNC, 0),
                5 => (fn_flags::GENERATOR | fn_flags::ASYNC, 0),
                _ => (0, 0),
            };
            let mkind = mkind | static_bit;
            if let Some(p) = private {
                self.declare_private_name(p, mkind, key_pos, st)?;
                let child = self.parse_method(p, flag, start)?;
                self.emit_op_u32(Op::FClosure, child);
                self.emit_atom(Op::PrivateMethod, p);
                self.fd().code.push(mkind);
                let what = match kind {
                    1 => "get",
                    2 => "set",
                    _ => "method",
                };
                let var = self.hidden_binding(st, what);
                self.emit_scope(Op::ScopePutVarInit, var);
                match st
                    .private_methods
                    .iter_mut()
                    .find(|m| m.name == p && m.is_static == is_static)
                {
                    Some(m) if kind == 1 => m.getter = Some(var),
                    Some(m) if kind == 2 => m.setter = Some(var),
                    _ => st.private_methods.push(PrivateMethod {
                        name: p,
                        is_static,
                        method: (kind != 1 && kind != 2).then_some(var),
                        getter: (kind == 1).then_some(var),
                        setter: (kind == 2).then_some(var),
                    }),
                }
                return Ok(());
            }
            let child = self.parse_method(key.unwrap_or(Atom::EMPTY), flag, start)?;
            self.emit_op_u32(Op::FClosure, child);
            match key {
                Some(a) => {
                    self.emit_atom(Op::DefineMethod, a);
                    self.fd().code.push(mkind);
                }
                None => self.emit_op_u8(Op::DefineMethodComputed, mkind),
            }
            return Ok(());
        }
        if kind != 0 {
            return self.unexpected();
        }
        // A field (§15.7.10 ClassFieldDefinitionEvaluation).
        if literal_name(self, key, "constructor")
            || (is_static && literal_name(self, key, "prototype"))
        {
            return self.error_at(key_pos, "invalid field name");
        }
        if let Some(p) = private {
            self.declare_private_name(p, static_bit, key_pos, st)?;
        }
        let key_var = if key.is_none() {
            let v = self.hidden_binding(st, "key");
            self.emit_scope(Op::ScopePutVarInit, v);
            Some(v)
        } else {
            None
        };
        let (fi, _) = self.elements_initializer(st, is_static);
        let outer = self.cur;
        self.cur = fi;
        self.emit_op(Op::PushThis);
        match (private, key, key_var) {
            (Some(p), _, _) => self.emit_scope(Op::ScopeGetVar, p),
            (None, _, Some(v)) => self.emit_scope(Op::ScopeGetVar, v),
            (None, Some(a), _) => self.emit_atom(Op::PushAtom, a),
            (None, None, None) => self.emit_op(Op::PushUndefined),
        }
        if self.eat(Punct::Assign)? {
            self.parse_assign()?;
            match (private, key) {
                (Some(a), _) | (None, Some(a)) => self.set_last_closure_name(a),
                _ => {
                    if self.last_is_anonymous_definition() {
                        self.emit_op(Op::SetFunctionNameComputed);
                    }
                }
            }
        } else {
            self.emit_op(Op::PushUndefined);
        }
        self.emit_op(if private.is_some() {
            Op::DefinePrivateField
        } else {
            Op::DefineClassField
        });
        self.cur = outer;
        self.semicolon()
    }

    /// ClassElementName: a private name, a literal name, or a computed one
    /// (left on the stack). Gives the private name, and the key unless it
    /// is computed (for a private name, the private name again).
    fn parse_class_element_name(&mut self) -> CResult<(Option<Atom>, Option<Atom>)> {
        let private = self.private_name_atom();
        if private.is_some() {
            self.next()?;
            return Ok((private, private));
        }
        let computed = self.is(Punct::LBracket);
        let k = self.parse_property_name()?;
        Ok((None, if computed { None } else { k }))
    }

    /// Whether the `accessor` at the current token starts an auto-accessor:
    /// a class element name follows on the same line (otherwise `accessor`
    /// is itself the name of a field or method).
    fn auto_accessor_follows(&mut self) -> CResult<bool> {
        let cp = self.checkpoint();
        self.next()?;
        let r = !self.tok.newline_before
            && matches!(
                self.tok.kind,
                TokenKind::Ident { .. }
                    | TokenKind::String { .. }
                    | TokenKind::Number(_)
                    | TokenKind::BigInt(_)
                    | TokenKind::PrivateName { .. }
                    | TokenKind::Punct(Punct::LBracket)
            );
        self.restore(cp);
        Ok(r)
    }

    /// An auto-accessor `[static] accessor name [= init];` (decorators
    /// proposal, ClassFieldDefinitionEvaluation for `accessor`): a hidden
    /// private field holds the value, initialized in field order like any
    /// field, and a getter and setter named `name` (private when `name` is)
    /// read and write it.
    fn parse_auto_accessor(
        &mut self,
        st: &mut ClassState,
        is_static: bool,
        start: Pos,
    ) -> CResult<()> {
        self.next()?;
        let key_pos = self.tok.start;
        let (private, key) = self.parse_class_element_name()?;
        let literal =
            |p: &Self, s: &str| private.is_none() && key.is_some_and(|a| p.rt.atom_name(a) == s);
        if literal(self, "constructor") || (is_static && literal(self, "prototype")) {
            return self.error_at(key_pos, "invalid accessor name");
        }
        if is_static && literal(self, "name") {
            st.static_name = true;
        }
        let static_bit = if is_static { method_flags::STATIC } else { 0 };
        let key_var = if key.is_none() {
            let v = self.hidden_binding(st, "key");
            self.emit_scope(Op::ScopePutVarInit, v);
            Some(v)
        } else {
            None
        };
        let storage = self.rt.intern(&format!("#<accessor{}>", st.hidden_count));
        st.hidden_count += 1;
        self.declare_private_name(storage, static_bit, key_pos, st)?;
        // The storage's initializer, among the fields.
        let (fi, _) = self.elements_initializer(st, is_static);
        let outer = self.cur;
        self.cur = fi;
        self.emit_op(Op::PushThis);
        self.emit_scope(Op::ScopeGetVar, storage);
        if self.eat(Punct::Assign)? {
            self.parse_assign()?;
            if let Some(a) = key {
                self.set_last_closure_name(a);
            }
        } else {
            self.emit_op(Op::PushUndefined);
        }
        self.emit_op(Op::DefinePrivateField);
        self.cur = outer;
        self.semicolon()?;
        // The getter and the setter.
        let name = key.unwrap_or(Atom::EMPTY);
        let getter = self.begin_function(fn_flags::METHOD | fn_flags::GETTER, name);
        self.emit_op(Op::PushThis);
        self.emit_scope(Op::ScopeGetVar, storage);
        self.emit_atom(Op::GetPrivateField, Atom::EMPTY);
        self.emit_op(Op::Return);
        self.end_function(start);
        let setter = self.begin_function(fn_flags::METHOD | fn_flags::SETTER, name);
        let value = self.fd().add_var(Atom::EMPTY, 0, VarKind::Param);
        self.fd().param_count += 1;
        self.fd().length += 1;
        self.emit_op(Op::PushThis);
        self.emit_scope(Op::ScopeGetVar, storage);
        self.emit_op_u16(Op::GetLoc, value);
        self.emit_atom(Op::PutPrivateField, Atom::EMPTY);
        self.emit_op(Op::ReturnUndef);
        self.end_function(start);
        let pair = [
            (getter, method_flags::GETTER | static_bit),
            (setter, method_flags::SETTER | static_bit),
        ];
        if let Some(p) = private {
            let mut vars = [Atom::EMPTY; 2];
            for (i, (child, mkind)) in pair.into_iter().enumerate() {
                self.declare_private_name(p, mkind, key_pos, st)?;
                self.emit_op_u32(Op::FClosure, child);
                self.emit_atom(Op::PrivateMethod, p);
                self.fd().code.push(mkind);
                vars[i] = self.hidden_binding(st, if i == 0 { "get" } else { "set" });
                self.emit_scope(Op::ScopePutVarInit, vars[i]);
            }
            st.private_methods.push(PrivateMethod {
                name: p,
                is_static,
                method: None,
                getter: Some(vars[0]),
                setter: Some(vars[1]),
            });
            return Ok(());
        }
        for (child, mkind) in pair {
            match (key, key_var) {
                (Some(a), _) => {
                    self.emit_op_u32(Op::FClosure, child);
                    self.emit_atom(Op::DefineMethod, a);
                    self.fd().code.push(mkind);
                }
                (None, Some(v)) => {
                    self.emit_scope(Op::ScopeGetVar, v);
                    self.emit_op_u32(Op::FClosure, child);
                    self.emit_op_u8(Op::DefineMethodComputed, mkind);
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    /// ClassStaticBlock (§15.7.11): a method run by the static initializer.
    fn parse_static_block(&mut self, st: &mut ClassState) -> CResult<()> {
        let (fi, _) = self.elements_initializer(st, true);
        let outer = self.cur;
        self.cur = fi;
        let start = self.tok.start;
        let child = self.begin_function(0, Atom::EMPTY);
        self.fd().static_block = true;
        self.expect(Punct::LBrace)?;
        let saved_blocks = std::mem::take(&mut self.fd().blocks);
        self.using_list_begin(true);
        while !self.is(Punct::RBrace) {
            if matches!(self.tok.kind, TokenKind::Eof) {
                return self.error("unterminated static block");
            }
            self.parse_statement_list_item()?;
        }
        self.using_list_end();
        self.fd().blocks = saved_blocks;
        self.next()?;
        self.emit_op(Op::ReturnUndef);
        self.end_function(start);
        self.emit_op(Op::PushThis);
        self.emit_op_u32(Op::FClosure, child);
        self.emit_op_u16(Op::CallMethod, 0);
        self.emit_op(Op::Drop);
        self.cur = outer;
        Ok(())
    }

    /// `super(...)`, `super.x`, `super[x]` (§13.3.7), at `super`.
    pub(crate) fn parse_super(&mut self) -> CResult<()> {
        let start = self.tok.start;
        self.next()?;
        if self.is(Punct::LParen) {
            if !self.in_function_with(|f| f.flags & fn_flags::DERIVED != 0, true) {
                return self.error_at(start, "'super' call outside a derived class constructor");
            }
            self.emit_scope(Op::ScopeGetVar, Atom::ACTIVE_FUNC);
            self.emit_op(Op::GetPrototypeOf);
            let (argc, spread) = self.parse_arguments()?;
            self.emit_scope(Op::ScopeGetVar, Atom::NEW_TARGET);
            self.emit_position(start);
            if spread {
                self.emit_op(Op::ApplySuper);
            } else {
                self.emit_op_u16(Op::SuperCall, argc);
            }
            // Bind `this` (a second call is a ReferenceError), then
            // initialize the instance's elements.
            self.emit_scope(Op::ScopeGetVarRaw, Atom::THIS);
            self.emit_op(Op::ThisBindCheck);
            self.emit_op(Op::Dup);
            self.emit_scope(Op::ScopePutVarInit, Atom::THIS);
            self.emit_op(Op::Dup);
            self.emit_scope(Op::ScopeGetVar, Atom::ACTIVE_FUNC);
            self.emit_op(Op::InitInstance);
            self.fd().last_op = None;
            return Ok(());
        }
        if !self.in_function_with(|f| f.flags & fn_flags::METHOD != 0, false) {
            return self.error_at(start, "'super' keyword unexpected here");
        }
        if self.eat(Punct::Dot)? {
            let name = match &self.tok.kind {
                TokenKind::Ident { name, .. } => self.rt.intern(name),
                _ => return self.unexpected(),
            };
            self.next()?;
            self.emit_scope(Op::ScopeGetVar, Atom::THIS);
            self.emit_scope(Op::ScopeGetVar, Atom::HOME_OBJECT);
            self.emit_op(Op::GetPrototypeOf);
            self.emit_atom(Op::PushAtom, name);
        } else if self.eat(Punct::LBracket)? {
            // The base is found after the key expression runs
            // (§13.3.7.1, MakeSuperPropertyReference); the key is converted
            // by GetValue or PutValue, after the right side of an
            // assignment (`GetSuper`, `PutSuper`).
            self.emit_scope(Op::ScopeGetVar, Atom::THIS);
            let saved = std::mem::replace(&mut self.no_in, false);
            self.parse_expression()?;
            self.no_in = saved;
            self.expect(Punct::RBracket)?;
            self.emit_scope(Op::ScopeGetVar, Atom::HOME_OBJECT);
            self.emit_op(Op::GetPrototypeOf);
            self.emit_op(Op::Swap);
        } else {
            return self.error_at(start, "'super' keyword unexpected here");
        }
        self.emit_op(Op::GetSuper);
        Ok(())
    }

    /// Whether the function whose `this` applies here (arrows and static
    /// blocks, when `through_blocks` is false, look outward) satisfies
    /// `test`. Eval code asks its call site's scope.
    fn in_function_with(&self, test: fn(&super::FuncDef) -> bool, super_call: bool) -> bool {
        let mut f = self.fdr();
        loop {
            if f.is_script {
                let name = if super_call {
                    Atom::ACTIVE_FUNC
                } else {
                    Atom::HOME_OBJECT
                };
                return f
                    .eval_env
                    .as_ref()
                    .is_some_and(|env| env.bindings.iter().any(|b| b.name == name));
            }
            if !(f.is_arrow() || (!super_call && f.static_block)) {
                return test(f) && !(super_call && f.class_field_init);
            }
            match f.parent {
                Some(p) => f = &self.funcs[p],
                None => return false,
            }
        }
    }

    /// Whether code here is directly (through arrows) in a class field
    /// initializer or static block, where `arguments` is an early error.
    pub(crate) fn in_field_initializer(&self) -> bool {
        let mut f = self.fdr();
        loop {
            if f.class_field_init || f.static_block {
                return true;
            }
            if f.is_script {
                return f.eval_env.as_ref().is_some_and(|e| e.in_field_init);
            }
            if !f.is_arrow() {
                return false;
            }
            match f.parent {
                Some(p) => f = &self.funcs[p],
                None => return false,
            }
        }
    }

    /// Whether code here is directly (through arrows) in a field
    /// initializer of a class written in an async function, where `await`
    /// is reserved (FieldDefinition[?Await]) but no AwaitExpression may
    /// appear.
    pub(crate) fn in_async_class_field_initializer(&self) -> bool {
        let mut f = self.fdr();
        loop {
            if f.class_field_init {
                return f.parent.is_some_and(|p| self.funcs[p].is_async());
            }
            if !f.is_arrow() {
                return false;
            }
            match f.parent {
                Some(p) => f = &self.funcs[p],
                None => return false,
            }
        }
    }

    /// Whether code here is directly in a static block (or the parameters
    /// of an arrow function there), where `await` is reserved.
    pub(crate) fn in_static_block(&self) -> bool {
        let f = self.fdr();
        f.static_block
            || (f.is_arrow() && f.in_params && f.parent.is_some_and(|p| self.funcs[p].static_block))
    }
}
