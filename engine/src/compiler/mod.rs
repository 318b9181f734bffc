//! The one-pass compiler: parses source text and emits bytecode as it goes,
//! with no syntax tree.
//!
//! Phase 1 (this module, `expression.rs`, `statement.rs`, `function.rs`)
//! emits code with *temporary* instructions for everything whose final form
//! depends on the whole function: variable accesses (`ScopeGetVar` with the
//! name and the scope it appears in), scope entries, jump labels and source
//! positions. Phase 2 (`resolve.rs`) runs once the whole source is parsed,
//! nested functions first: it resolves each name to a local, a captured cell,
//! a closure variable or a global, writes the function prologue, resolves
//! labels to offsets, builds the position table, and computes the maximum
//! stack depth.
//!
//! Assignment targets are handled the QuickJS way: the left-hand side is
//! first compiled as a read, and when an assignment operator follows, the
//! last read instruction is taken back and turned into the matching write.

mod arguments;
mod class;
mod eval;
mod expression;
mod function;
pub(crate) mod module;
mod pattern;
mod peephole;
mod resolve;
mod statement;

use std::rc::Rc;

use hashbrown::HashMap;

use crate::atom::Atom;
use crate::bytecode::{ClosureVarInfo, EvalScope, FunctionBytecode, Op, fn_flags};
use crate::gc::Gc;
use crate::parser::lexer::{LexState, Lexer};
pub(crate) use crate::parser::source::SourceText;
use crate::parser::token::{LexError, Pos, Punct, Token, TokenKind};
use crate::runtime::Rt;
use crate::string::JsString;
use crate::value::Value;

/// A compile-time error, reported as a `SyntaxError`.
#[derive(Debug, Clone)]
pub(crate) struct CompileError {
    pub(crate) message: String,
    pub(crate) line: u32,
    pub(crate) col: u32,
    /// Raised by the nesting limit rather than by the grammar.
    pub(crate) too_deep: bool,
}

impl From<LexError> for CompileError {
    fn from(e: LexError) -> Self {
        CompileError {
            message: e.message,
            line: e.pos.line,
            col: e.pos.col,
            too_deep: false,
        }
    }
}

pub(crate) type CResult<T> = Result<T, CompileError>;

/// How a binding was declared.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum VarKind {
    Var,
    Param,
    Let,
    Const,
    /// A function declaration (var-scoped at function level, lexical in blocks).
    Function,
    Catch,
    /// `this`, `arguments`, `new.target`, created on demand.
    Implicit,
    /// The name of a named function expression, visible inside it.
    FuncName,
    /// A parameter at or after the first one with an expression (a default
    /// or a pattern): uninitialized until its turn comes (§10.2.11 steps
    /// 21 and 26), so earlier defaults reading it throw. It is declared
    /// after the positional parameters, whose hidden slots hold the
    /// arguments.
    ParamTdz,
}

impl VarKind {
    pub(crate) fn is_lexical(self) -> bool {
        matches!(self, VarKind::Let | VarKind::Const)
    }

    /// Whether reads and writes check that the binding is initialized.
    pub(crate) fn has_tdz(self) -> bool {
        matches!(self, VarKind::Let | VarKind::Const | VarKind::ParamTdz)
    }

    /// A parameter binding, of either kind.
    pub(crate) fn is_param(self) -> bool {
        matches!(self, VarKind::Param | VarKind::ParamTdz)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct VarDef {
    pub(crate) name: Atom,
    pub(crate) scope: u16,
    pub(crate) kind: VarKind,
    /// Cell index when captured by a nested function.
    pub(crate) cell: Option<u16>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ScopeDef {
    pub(crate) parent: Option<u16>,
    /// Variables declared directly in this scope (indices into `vars`).
    pub(crate) vars: Vec<u16>,
    /// Function declarations instantiated on entry: (var, child function).
    pub(crate) hoisted: Vec<(u16, u32)>,
    /// For the scope of a `with` statement: the hidden variable holding its object.
    pub(crate) with_var: Option<u16>,
    /// Names of `var` declarations inside this block scope, which its
    /// lexical declarations may not redeclare (§14.2.1).
    pub(crate) var_names: Vec<Atom>,
}

/// A function declared in a block (or switch case, or as an `if` body) of
/// sloppy code, which Annex B.3.2 may also bind as a `var` of the enclosing
/// function or script: when its declaration is evaluated, the block's
/// binding is copied to that var.
#[derive(Clone, Debug)]
pub(crate) struct AnnexBDecl {
    pub(crate) name: Atom,
    /// The declaring scope and the function's binding there.
    pub(crate) scope: u16,
    pub(crate) var: u16,
    pub(crate) target: AnnexBTarget,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AnnexBTarget {
    /// Not decided yet (the rest of the function is not parsed).
    Pending,
    /// Replacing the declaration with `var F` would be an early error.
    Skip,
    /// The var binding of that name in the function's body scope.
    Var,
    /// A global var, created at instantiation when the global environment
    /// allows it; the local holds whether it did.
    Global(u16),
}

/// Break/continue bookkeeping for an enclosing statement.
#[derive(Clone, Debug, Default)]
pub(crate) struct BlockDef {
    pub(crate) labels: Vec<Atom>,
    pub(crate) break_label: Option<u32>,
    pub(crate) continue_label: Option<u32>,
    /// Values this statement keeps on the stack (for-in iterator, switch value).
    pub(crate) stack_items: u8,
    /// An exception handler is installed for this region.
    pub(crate) has_handler: bool,
    /// The finally block to run when leaving this region.
    pub(crate) finally_label: Option<u32>,
    /// Only labelled statements that are not loops: `continue` may not target them.
    pub(crate) is_loop: bool,
    /// A for-of loop: leaving it early closes its iterator (the two stack items).
    pub(crate) iterator: bool,
    /// The for-of loop is a `for await` (its iterator is closed with
    /// AsyncIteratorClose).
    pub(crate) async_iterator: bool,
    /// A region after a `using` declaration: leaving it runs
    /// DisposeResources on the capability in this local (async: the
    /// region has an `await using`).
    pub(crate) dispose: Option<(u16, bool)>,
}

/// A statement list that may hold `using` declarations (a block, a
/// function body, a module, a `for` statement), and its region, from the
/// first such declaration to the list's end.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UsingList {
    /// `using` is allowed here (not directly in a case clause).
    pub(crate) allowed: bool,
    /// The region's hidden capability local, whether it is async, and its
    /// exception handler's label.
    pub(crate) region: Option<(u16, bool, u32)>,
}

/// A function being compiled.
pub(crate) struct FuncDef {
    pub(crate) parent: Option<usize>,
    pub(crate) parent_scope: u16,
    pub(crate) name: Atom,
    pub(crate) flags: u16,
    pub(crate) code: Vec<u8>,
    pub(crate) cpool: Vec<Value>,
    /// Tagged template sites: cooked and raw strings.
    pub(crate) templates: Vec<crate::template::TemplateSite>,
    /// Nested functions; `FClosure(n)` creates `children[n]`.
    pub(crate) children: Vec<usize>,
    pub(crate) vars: Vec<VarDef>,
    pub(crate) param_count: u16,
    pub(crate) length: u16,
    pub(crate) scopes: Vec<ScopeDef>,
    pub(crate) scope: u16,
    pub(crate) next_label: u32,
    pub(crate) blocks: Vec<BlockDef>,
    pub(crate) closure_vars: Vec<ClosureVarInfo>,
    /// Binding kind of each closure variable (for TDZ and const checks).
    pub(crate) closure_kinds: Vec<VarKind>,
    pub(crate) cell_count: u16,
    pub(crate) is_script: bool,
    /// Functions declared in blocks (Annex B.3.2), in source order.
    pub(crate) annexb: Vec<AnnexBDecl>,
    /// Script-level declarations create global bindings (false for strict eval code).
    pub(crate) global_decls: bool,
    /// For a named function expression: its name binding.
    pub(crate) func_name: Option<Atom>,
    /// Position of the last emitted instruction (for assignment rewriting).
    pub(crate) last_op: Option<usize>,
    /// Script-level declarations.
    pub(crate) global_vars: Vec<Atom>,
    pub(crate) global_lex: Vec<(Atom, bool)>,
    pub(crate) global_funcs: Vec<(Atom, u32)>,
    /// Local holding a script's completion value.
    pub(crate) ret_var: Option<u16>,
    pub(crate) source_range: (u32, u32),
    pub(crate) has_simple_params: bool,
    /// The scope of the body's `var` and top-level function declarations:
    /// 0, or, for a body after parameters with expressions, a scope of its
    /// own inside the parameters' scope 0 (§10.2.11 step 28: a separate
    /// variable environment, whose `var`s named like a parameter start
    /// with the parameter's value).
    pub(crate) body_scope: u16,
    pub(crate) string_consts: HashMap<Vec<u16>, u32>,
    /// Scope of each direct eval call site, indexed by `CallEval`'s site
    /// operand, and whether it is in the parameter list.
    pub(crate) eval_sites: Vec<(u16, bool)>,
    /// The parameter list is being parsed.
    pub(crate) in_params: bool,
    /// Contains a sloppy direct eval: gets a variable-environment object.
    pub(crate) needs_varenv: bool,
    /// The hidden variable holding that object (also its scope 0's `with_var`).
    pub(crate) varenv_var: Option<u16>,
    /// Eval code: top-level lexical declarations stay local, and its var
    /// and function declarations are instantiated by
    /// `eval_declaration_instantiation` (deletable bindings, §19.2.1.3).
    pub(crate) eval_code: bool,
    /// Direct eval code: the caller's scope, whose bindings are this
    /// function's closure variables, in the same order.
    pub(crate) eval_env: Option<Rc<EvalScope>>,
    /// Built bytecode, once resolved.
    pub(crate) built: Option<Gc<FunctionBytecode>>,
    /// Generator declarations in blocks (scope, name): unlike plain
    /// functions, sloppy code may not declare them twice (B.3.2.4).
    pub(crate) gen_decls: Vec<(u16, Atom)>,
    /// A class's hidden method initializing fields (instance or static):
    /// `arguments` is an early error in it.
    pub(crate) class_field_init: bool,
    /// A class static block (§15.7.11).
    pub(crate) static_block: bool,
    /// The enclosing statement lists, innermost last (`using` regions).
    pub(crate) using_lists: Vec<UsingList>,
}

impl FuncDef {
    fn new(parent: Option<usize>, parent_scope: u16, flags: u16) -> FuncDef {
        FuncDef {
            parent,
            parent_scope,
            name: Atom::EMPTY,
            flags,
            code: Vec::new(),
            cpool: Vec::new(),
            templates: Vec::new(),
            children: Vec::new(),
            vars: Vec::new(),
            param_count: 0,
            length: 0,
            scopes: vec![ScopeDef::default()],
            scope: 0,
            next_label: 0,
            blocks: Vec::new(),
            closure_vars: Vec::new(),
            closure_kinds: Vec::new(),
            cell_count: 0,
            is_script: false,
            annexb: Vec::new(),
            global_decls: true,
            func_name: None,
            last_op: None,
            global_vars: Vec::new(),
            global_lex: Vec::new(),
            global_funcs: Vec::new(),
            ret_var: None,
            source_range: (0, 0),
            has_simple_params: true,
            body_scope: 0,
            string_consts: HashMap::new(),
            eval_sites: Vec::new(),
            in_params: false,
            needs_varenv: false,
            varenv_var: None,
            eval_code: false,
            eval_env: None,
            built: None,
            gen_decls: Vec::new(),
            class_field_init: false,
            static_block: false,
            using_lists: Vec::new(),
        }
    }

    pub(crate) fn is_strict(&self) -> bool {
        self.flags & fn_flags::STRICT != 0
    }

    pub(crate) fn is_arrow(&self) -> bool {
        self.flags & fn_flags::ARROW != 0
    }

    pub(crate) fn is_generator(&self) -> bool {
        self.flags & fn_flags::GENERATOR != 0
    }

    pub(crate) fn is_async(&self) -> bool {
        self.flags & fn_flags::ASYNC != 0
    }

    pub(crate) fn is_async_generator(&self) -> bool {
        self.is_async() && self.is_generator()
    }

    /// `this` and `new.target` come from the enclosing scope: arrows, and
    /// direct eval code (which reads them from its caller's scope description).
    pub(crate) fn lexical_this(&self) -> bool {
        self.is_arrow() || self.eval_env.is_some()
    }

    /// Finds a variable visible from `scope` in this function.
    pub(crate) fn find_var(&self, name: Atom, scope: u16) -> Option<u16> {
        let mut s = Some(scope);
        while let Some(si) = s {
            let sd = &self.scopes[si as usize];
            for &v in sd.vars.iter().rev() {
                if self.vars[v as usize].name == name {
                    return Some(v);
                }
            }
            s = sd.parent;
        }
        None
    }

    /// Adds a variable to `scope`.
    pub(crate) fn add_var(&mut self, name: Atom, scope: u16, kind: VarKind) -> u16 {
        let idx = self.vars.len() as u16;
        self.vars.push(VarDef {
            name,
            scope,
            kind,
            cell: None,
        });
        self.scopes[scope as usize].vars.push(idx);
        idx
    }
}

pub(crate) struct Parser<'src, 'rt> {
    pub(crate) rt: &'rt Rt,
    pub(crate) lex: Lexer<'src>,
    pub(crate) tok: Token<'src>,
    pub(crate) prev_end: Pos,
    pub(crate) funcs: Vec<FuncDef>,
    pub(crate) cur: usize,
    pub(crate) filename: Atom,
    pub(crate) source: Rc<str>,
    /// Whether `in` is allowed as an operator (false in `for (x in ...)` heads).
    pub(crate) no_in: bool,
    /// Whether the last declarator parsed had an initializer.
    pub(crate) last_decl_had_init: bool,
    /// Counter naming the hidden variables of `with` statements.
    pub(crate) with_count: u32,
    /// Names bound by the binding pattern being compiled.
    pub(crate) bound_names: Vec<(Atom, Pos)>,
    /// The binding pattern of a for-in/of declaration, compiled in the loop body.
    pub(crate) for_pattern: Option<pattern::Checkpoint<'src>>,
    /// The class bodies being compiled, innermost last.
    pub(crate) classes: Vec<class::ClassCtx>,
    /// The last anonymous class expression: (function, end of its code,
    /// constructor, whether a static element is named `name`), for
    /// NamedEvaluation.
    pub(crate) last_class: Option<(usize, usize, usize, bool)>,
    /// The optional chain that ended last, for `delete a?.b` and `(a?.b)()`.
    pub(crate) last_chain: Option<expression::ChainEnd>,
    /// Module code: what the import and export declarations collected.
    pub(crate) module: Option<module::ModuleParse>,
    /// While set, names declared at the top level of module code are
    /// recorded here (the names an `export` declaration binds).
    pub(crate) declared_log: Option<Vec<Atom>>,
    /// The referrer (`import()`, `import.meta`) of the code being compiled.
    pub(crate) referrer: Option<u32>,
}

/// Compiles a script into the bytecode of its top-level function.
pub(crate) fn compile_script(
    rt: &Rt,
    src: &str,
    filename: &str,
    strict: bool,
) -> CResult<Gc<FunctionBytecode>> {
    compile(rt, src, &[], filename, strict, None)
}

/// Compiles a script whose text came from a JavaScript string (the
/// `Function` constructor's source), lone surrogates included.
pub(crate) fn compile_script_text(
    rt: &Rt,
    src: &SourceText,
    filename: &str,
) -> CResult<Gc<FunctionBytecode>> {
    compile(rt, &src.text, &src.lone, filename, false, None)
}

/// Compiles eval code (§19.2.1.1): strict eval code keeps its declarations
/// in its own environment instead of the global object. Direct eval code
/// gets its caller's scope description `env`: the bindings listed there are
/// its closure variables (in that order), so the caller must create the
/// closure with the matching cells.
pub(crate) fn compile_eval(
    rt: &Rt,
    src: &SourceText,
    strict: bool,
    env: Option<Rc<EvalScope>>,
) -> CResult<Gc<FunctionBytecode>> {
    compile(rt, &src.text, &src.lone, "<eval>", strict, Some(env))
}

fn compile(
    rt: &Rt,
    src: &str,
    lone: &[(usize, u16)],
    filename: &str,
    strict: bool,
    eval: Option<Option<Rc<EvalScope>>>,
) -> CResult<Gc<FunctionBytecode>> {
    let mut p = Parser::with_lone_surrogates(rt, src, lone, filename)?;
    let mut top = FuncDef::new(
        None,
        0,
        if strict {
            fn_flags::STRICT | fn_flags::SCRIPT
        } else {
            fn_flags::SCRIPT
        },
    );
    top.is_script = true;
    top.name = Atom::EMPTY;
    if let Some(env) = &eval {
        top.eval_code = true;
        if let Some(env) = env {
            for b in env.bindings.iter() {
                top.closure_vars.push(ClosureVarInfo {
                    name: b.name,
                    from: b.from,
                });
                top.closure_kinds.push(b.kind);
            }
            p.with_count = env.next_hidden;
            top.eval_env = Some(env.clone());
        }
    }
    p.funcs.push(top);
    p.cur = 0;
    let ret = p.fd().add_var(Atom::EMPTY, 0, VarKind::Var);
    p.fd().ret_var = Some(ret);
    p.parse_directives()?;
    if eval.is_some() && p.strict() {
        p.fd().global_decls = false;
    }
    while !matches!(p.tok.kind, TokenKind::Eof) {
        p.parse_statement_list_item()?;
    }
    p.emit_op_u16(Op::GetLoc, ret);
    p.emit_op(Op::Return);
    if eval.is_some() && !p.strict() {
        p.eval_declaration_instantiation()?;
    }
    p.fd().source_range = (0, src.len() as u32);
    p.finish_annexb(0);
    p.resolve_all()
}

impl<'src, 'rt> Parser<'src, 'rt> {
    pub(crate) fn new(rt: &'rt Rt, src: &'src str, filename: &str) -> CResult<Self> {
        Parser::with_lone_surrogates(rt, src, &[], filename)
    }

    /// A parser of source text decoded from UTF-16 (see [`SourceText`]).
    pub(crate) fn with_lone_surrogates(
        rt: &'rt Rt,
        src: &'src str,
        lone: &'src [(usize, u16)],
        filename: &str,
    ) -> CResult<Self> {
        let mut lex = Lexer::with_lone_surrogates(src, lone);
        let tok = lex.next_token()?;
        Ok(Parser {
            rt,
            lex,
            tok,
            prev_end: Pos::default(),
            funcs: Vec::new(),
            cur: 0,
            filename: rt.intern(filename),
            source: Rc::from(src),
            no_in: false,
            last_decl_had_init: false,
            with_count: 0,
            bound_names: Vec::new(),
            for_pattern: None,
            classes: Vec::new(),
            last_class: None,
            last_chain: None,
            module: None,
            declared_log: None,
            referrer: None,
        })
    }

    #[inline]
    pub(crate) fn fd(&mut self) -> &mut FuncDef {
        &mut self.funcs[self.cur]
    }

    #[inline]
    pub(crate) fn fdr(&self) -> &FuncDef {
        &self.funcs[self.cur]
    }

    pub(crate) fn strict(&self) -> bool {
        self.fdr().is_strict()
    }

    // ---- Errors ----

    pub(crate) fn error_at<T>(&self, pos: Pos, msg: impl Into<String>) -> CResult<T> {
        Err(CompileError {
            message: msg.into(),
            line: pos.line,
            col: pos.col,
            too_deep: false,
        })
    }

    pub(crate) fn error<T>(&self, msg: impl Into<String>) -> CResult<T> {
        self.error_at(self.tok.start, msg)
    }

    pub(crate) fn unexpected<T>(&self) -> CResult<T> {
        let what = match &self.tok.kind {
            TokenKind::Eof => "end of input".to_string(),
            TokenKind::Punct(p) => format!("'{}'", p.as_str()),
            TokenKind::Ident { name, .. } => format!("identifier '{name}'"),
            TokenKind::Number(_) | TokenKind::BigInt(_) => "number".into(),
            TokenKind::String { .. } => "string".into(),
            TokenKind::Template { .. } => "template".into(),
            TokenKind::RegExp { .. } => "regular expression".into(),
            TokenKind::PrivateName { .. } => "private name".into(),
        };
        self.error(format!("unexpected {what}"))
    }

    /// Guards recursion in the parser against native stack exhaustion.
    pub(crate) fn check_depth(&self) -> CResult<()> {
        if self.rt.stack_overflow() {
            return Err(CompileError {
                message: "too much recursion".into(),
                line: self.tok.start.line,
                col: self.tok.start.col,
                too_deep: true,
            });
        }
        Ok(())
    }

    // ---- Tokens ----

    pub(crate) fn next(&mut self) -> CResult<()> {
        self.prev_end = self.tok.end;
        self.tok = self.lex.next_token()?;
        Ok(())
    }

    #[inline]
    pub(crate) fn is(&self, p: Punct) -> bool {
        self.tok.is_punct(p)
    }

    pub(crate) fn eat(&mut self, p: Punct) -> CResult<bool> {
        if self.is(p) {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    pub(crate) fn expect(&mut self, p: Punct) -> CResult<()> {
        if self.is(p) {
            self.next()
        } else {
            self.error(format!("expected '{}'", p.as_str()))
        }
    }

    /// The identifier name of the current token, if it is one (reserved words included).
    pub(crate) fn ident_name(&self) -> Option<&str> {
        match &self.tok.kind {
            TokenKind::Ident { name, .. } => Some(name),
            _ => None,
        }
    }

    /// Whether the current token is the unescaped keyword `kw`.
    pub(crate) fn is_kw(&self, kw: &str) -> bool {
        matches!(&self.tok.kind, TokenKind::Ident { name, escaped: false } if name == kw)
    }

    pub(crate) fn eat_kw(&mut self, kw: &str) -> CResult<bool> {
        if self.is_kw(kw) {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    pub(crate) fn expect_kw(&mut self, kw: &str) -> CResult<()> {
        if self.eat_kw(kw)? {
            Ok(())
        } else {
            self.error(format!("expected '{kw}'"))
        }
    }

    /// Automatic semicolon insertion (§12.10).
    pub(crate) fn semicolon(&mut self) -> CResult<()> {
        if self.eat(Punct::Semicolon)? {
            return Ok(());
        }
        if self.is(Punct::RBrace)
            || matches!(self.tok.kind, TokenKind::Eof)
            || self.tok.newline_before
        {
            return Ok(());
        }
        self.unexpected()
    }

    pub(crate) fn checkpoint(&self) -> (LexState, Token<'src>, Pos) {
        (self.lex.checkpoint(), self.tok.clone(), self.prev_end)
    }

    pub(crate) fn restore(&mut self, cp: (LexState, Token<'src>, Pos)) {
        self.lex.restore(cp.0);
        self.tok = cp.1;
        self.prev_end = cp.2;
    }

    /// Interns the current identifier and checks it can be a binding or reference.
    pub(crate) fn binding_identifier(&mut self) -> CResult<Atom> {
        let Some(name) = self.ident_name() else {
            return self.unexpected();
        };
        let atom = self.rt.intern(name);
        self.check_identifier(atom)?;
        self.next()?;
        Ok(atom)
    }

    /// Early errors for identifier references and bindings (§13.1.1).
    pub(crate) fn check_identifier(&self, atom: Atom) -> CResult<()> {
        if atom.is_reserved_word() {
            return self.error(format!(
                "unexpected reserved word '{}'",
                self.rt.atom_name(atom)
            ));
        }
        if atom == Atom::YIELD && self.yield_is_keyword() {
            return self.error("'yield' is not a valid identifier in a generator");
        }
        if atom == Atom::AWAIT && self.module.is_some() {
            return self.error("'await' is reserved in module code");
        }
        if atom == Atom::AWAIT
            && (self.await_is_keyword()
                || self.in_static_block()
                || self.in_async_class_field_initializer())
        {
            return self.error(if self.await_is_keyword() {
                "'await' is not a valid identifier in an async function"
            } else {
                "'await' is not a valid identifier here (class static block or field initializer)"
            });
        }
        if self.strict() && atom.is_strict_reserved_word() {
            return self.error(format!(
                "'{}' is reserved in strict mode",
                self.rt.atom_name(atom)
            ));
        }
        Ok(())
    }

    /// Whether `await` is reserved here: in an async function, including
    /// the parameters of arrow functions written in one.
    pub(crate) fn await_is_keyword(&self) -> bool {
        self.in_function_kind(FuncDef::is_async)
    }

    /// Whether `yield` is a YieldExpression here (and no identifier): in a
    /// generator, including the parameters of arrow functions written in
    /// one (ArrowParameters[?Yield], an early error there).
    pub(crate) fn yield_is_keyword(&self) -> bool {
        self.in_function_kind(FuncDef::is_generator)
    }

    /// Whether the current function, or the function whose parameters hold
    /// the arrow functions whose parameters we are in, is of a kind.
    fn in_function_kind(&self, kind: fn(&FuncDef) -> bool) -> bool {
        let mut f = self.fdr();
        loop {
            if kind(f) {
                return true;
            }
            if !(f.is_arrow() && f.in_params) {
                return false;
            }
            match f.parent {
                Some(p) => f = &self.funcs[p],
                None => return false,
            }
        }
    }

    // ---- Emission ----

    pub(crate) fn emit_op(&mut self, op: Op) {
        let f = self.fd();
        f.last_op = Some(f.code.len());
        f.code.push(op as u8);
    }

    pub(crate) fn emit_u16(&mut self, v: u16) {
        self.fd().code.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn emit_u32(&mut self, v: u32) {
        self.fd().code.extend_from_slice(&v.to_le_bytes());
    }

    pub(crate) fn emit_op_u8(&mut self, op: Op, v: u8) {
        self.emit_op(op);
        self.fd().code.push(v);
    }

    pub(crate) fn emit_op_u16(&mut self, op: Op, v: u16) {
        self.emit_op(op);
        self.emit_u16(v);
    }

    pub(crate) fn emit_op_u32(&mut self, op: Op, v: u32) {
        self.emit_op(op);
        self.emit_u32(v);
    }

    pub(crate) fn emit_atom(&mut self, op: Op, a: Atom) {
        self.emit_op_u32(op, a.0);
        if op.info().fmt == crate::bytecode::Fmt::AtomCache {
            // The cache slot is assigned when labels are resolved.
            self.emit_u16(0);
        }
    }

    /// A variable access to be resolved later.
    pub(crate) fn emit_scope(&mut self, op: Op, a: Atom) {
        let scope = self.fdr().scope;
        self.emit_op_u32(op, a.0);
        self.emit_u16(scope);
    }

    pub(crate) fn new_label(&mut self) -> u32 {
        let f = self.fd();
        f.next_label += 1;
        f.next_label - 1
    }

    pub(crate) fn emit_label(&mut self, l: u32) {
        self.emit_op_u32(Op::Label, l);
        // A label is a join point: the previous instruction may not be rewritten.
        self.fd().last_op = None;
    }

    pub(crate) fn emit_jump(&mut self, op: Op, l: u32) {
        self.emit_op_u32(op, l);
    }

    pub(crate) fn emit_position(&mut self, pos: Pos) {
        let f = self.fd();
        let keep = f.last_op;
        f.code.push(Op::Position as u8);
        f.code.extend_from_slice(&pos.line.to_le_bytes());
        f.code.extend_from_slice(&pos.col.to_le_bytes());
        f.last_op = keep;
    }

    /// The last instruction, if it may still be rewritten.
    pub(crate) fn last_op(&self) -> Option<(Op, usize)> {
        let f = self.fdr();
        let pos = f.last_op?;
        Op::from_u8(*f.code.get(pos)?).map(|op| (op, pos))
    }

    /// Whether code here is inside a `with` statement, in this function,
    /// an enclosing one, or (for eval code) at the eval call site.
    pub(crate) fn inside_with(&self) -> bool {
        let mut fi = self.cur;
        let mut scope = Some(self.funcs[fi].scope);
        loop {
            let f = &self.funcs[fi];
            while let Some(s) = scope {
                let sd = &f.scopes[s as usize];
                if s != 0 && sd.with_var.is_some() {
                    return true;
                }
                scope = sd.parent;
            }
            match f.parent {
                Some(p) => {
                    scope = Some(f.parent_scope);
                    fi = p;
                }
                None => {
                    return f.eval_env.as_ref().is_some_and(|env| {
                        env.bindings
                            .iter()
                            .any(|b| b.role == crate::bytecode::EvalRole::With)
                    });
                }
            }
        }
    }

    /// Removes the last instruction, returning its operand bytes.
    pub(crate) fn take_last_op(&mut self) -> Vec<u8> {
        let f = self.fd();
        let Some(pos) = f.last_op.take() else {
            return Vec::new();
        };
        let operands = f.code[pos + 1..].to_vec();
        f.code.truncate(pos);
        operands
    }

    pub(crate) fn emit_number(&mut self, n: f64) {
        let i = n as i32;
        if i as f64 == n && !(n == 0.0 && n.is_sign_negative()) {
            if (-128..128).contains(&i) {
                self.emit_op(Op::PushI8);
                self.fd().code.push(i as i8 as u8);
            } else {
                self.emit_op_u32(Op::PushI32, i as u32);
            }
        } else {
            let idx = self.fd().cpool.len() as u32;
            self.fd().cpool.push(Value::Float(n));
            self.emit_op_u32(Op::PushConst, idx);
        }
    }

    /// The value of a BigInt literal token (digits with any radix prefix).
    pub(crate) fn bigint_literal(&self, text: &str) -> CResult<bignum::JsBigInt> {
        let b = text.as_bytes();
        let (digits, radix) = match b.get(1) {
            Some(b'x' | b'X') => (&text[2..], 16),
            Some(b'o' | b'O') => (&text[2..], 8),
            Some(b'b' | b'B') => (&text[2..], 2),
            _ => (text, 10),
        };
        match bignum::JsBigInt::parse_literal(digits, radix) {
            Ok(v) => Ok(v),
            Err(_) => self.error("BigInt literal is too large"),
        }
    }

    pub(crate) fn emit_bigint(&mut self, v: bignum::JsBigInt) {
        let b = crate::bigint::BigIntRef::new(&self.rt.heap, v);
        let idx = self.fd().cpool.len() as u32;
        self.fd().cpool.push(Value::BigInt(b));
        self.emit_op_u32(Op::PushConst, idx);
    }

    pub(crate) fn emit_string_units(&mut self, units: Vec<u16>) {
        if let Some(&idx) = self.fdr().string_consts.get(&units) {
            self.emit_op_u32(Op::PushConst, idx);
            return;
        }
        let s = JsString::from_utf16(&self.rt.heap, units.clone());
        let f = self.fd();
        let idx = f.cpool.len() as u32;
        f.cpool.push(Value::String(s));
        f.string_consts.insert(units, idx);
        self.emit_op_u32(Op::PushConst, idx);
    }

    pub(crate) fn emit_string(&mut self, s: &str) {
        self.emit_string_units(s.encode_utf16().collect());
    }

    // ---- Scopes ----

    pub(crate) fn push_scope(&mut self) -> u16 {
        let f = self.fd();
        let parent = f.scope;
        f.scopes.push(ScopeDef {
            parent: Some(parent),
            vars: Vec::new(),
            hoisted: Vec::new(),
            with_var: None,
            var_names: Vec::new(),
        });
        let id = (f.scopes.len() - 1) as u16;
        f.scope = id;
        self.emit_op_u16(Op::EnterScope, id);
        id
    }

    pub(crate) fn pop_scope(&mut self) {
        let f = self.fd();
        if let Some(p) = f.scopes[f.scope as usize].parent {
            f.scope = p;
        }
    }

    /// Declares a binding in the current function, with the redeclaration
    /// early errors (§14.2.1, §15.2.1).
    pub(crate) fn declare(&mut self, name: Atom, kind: VarKind, pos: Pos) -> CResult<Option<u16>> {
        let strict = self.strict();
        let in_module = self.module.is_some();
        if self.cur == 0
            && self.fdr().scope == 0
            && let Some(log) = &mut self.declared_log
        {
            log.push(name);
        }
        let f = self.fd();
        let scope = f.scope;
        // Module code's top-level functions are lexical declarations (§16.2.1.1).
        let lexical = kind.is_lexical()
            || (kind == VarKind::Function && (scope != f.body_scope || in_module))
            || kind == VarKind::Catch;
        if f.is_script && f.global_decls && scope == 0 && !(f.eval_code && lexical) {
            let clash_lex = f.global_lex.iter().any(|(a, _)| *a == name)
                || (f.eval_code
                    && f.scopes[0].vars.iter().any(|&v| {
                        let vd = &f.vars[v as usize];
                        vd.name == name && vd.kind.is_lexical()
                    }));
            if kind.is_lexical() {
                if clash_lex
                    || f.global_vars.contains(&name)
                    || f.global_funcs.iter().any(|(a, _)| *a == name)
                {
                    let n = self.rt.atom_name(name);
                    return self.error_at(pos, format!("redeclaration of '{n}'"));
                }
                self.fd().global_lex.push((name, kind == VarKind::Const));
            } else if clash_lex {
                let n = self.rt.atom_name(name);
                return self.error_at(pos, format!("redeclaration of '{n}'"));
            } else if kind == VarKind::Var && !f.global_vars.contains(&name) {
                f.global_vars.push(name);
            }
            return Ok(None);
        }
        if lexical {
            // Clash with anything in the same scope, or a var hoisted through it.
            let sd = &f.scopes[scope as usize];
            if sd.var_names.contains(&name) {
                let n = self.rt.atom_name(name);
                return self.error_at(pos, format!("redeclaration of '{n}'"));
            }
            for &v in &sd.vars {
                let vd = &f.vars[v as usize];
                if vd.name == name {
                    let sloppy_fn_dup =
                        !strict && kind == VarKind::Function && vd.kind == VarKind::Function;
                    let both_catch = kind == VarKind::Catch && vd.kind == VarKind::Catch;
                    if !sloppy_fn_dup && !both_catch {
                        let n = self.rt.atom_name(name);
                        return self.error_at(pos, format!("redeclaration of '{n}'"));
                    }
                    return Ok(Some(v));
                }
            }
            if scope == f.body_scope
                && (f
                    .find_var(name, 0)
                    .is_some_and(|v| f.vars[v as usize].kind.is_param())
                    || (f.eval_code
                        && (f.global_vars.contains(&name)
                            || f.global_funcs.iter().any(|(a, _)| *a == name))))
            {
                let n = self.rt.atom_name(name);
                return self.error_at(pos, format!("redeclaration of '{n}'"));
            }
            return Ok(Some(f.add_var(name, scope, kind)));
        }
        // `var` (and top-level functions): function scope, but must not cross
        // a lexical declaration of the same name on the way up.
        let mut s = Some(scope);
        while let Some(si) = s {
            for &v in &f.scopes[si as usize].vars {
                let vd = &f.vars[v as usize];
                if vd.name == name
                    && (vd.kind.is_lexical()
                        || (vd.kind == VarKind::Function && si != f.body_scope))
                {
                    let n = self.rt.atom_name(name);
                    return self.error_at(pos, format!("redeclaration of '{n}'"));
                }
            }
            if si == f.body_scope {
                break;
            }
            if si != 0 && !f.scopes[si as usize].var_names.contains(&name) {
                f.scopes[si as usize].var_names.push(name);
            }
            s = f.scopes[si as usize].parent;
        }
        if f.is_script && f.global_decls {
            // Script-level `var`s are properties of the global object, wherever they appear.
            if f.global_lex.iter().any(|(a, _)| *a == name)
                || (f.eval_code
                    && f.scopes[0].vars.iter().any(|&v| {
                        f.vars[v as usize].name == name && f.vars[v as usize].kind.is_lexical()
                    }))
            {
                let n = self.rt.atom_name(name);
                return self.error_at(pos, format!("redeclaration of '{n}'"));
            }
            if !f.global_vars.contains(&name) {
                f.global_vars.push(name);
            }
            return Ok(None);
        }
        let body = f.body_scope;
        for &v in &f.scopes[body as usize].vars {
            if f.vars[v as usize].name == name {
                return Ok(Some(v));
            }
        }
        Ok(Some(f.add_var(name, body, kind)))
    }
}

impl Parser<'_, '_> {
    /// Decides, once function `fi` is fully parsed, which of its block-level
    /// function declarations also get a var binding (Annex B.3.2.1 step 29,
    /// B.3.2.2 step 12, B.3.2.3 step 11): those that could be replaced by
    /// `var F` without an early error, and whose name is not a parameter.
    pub(crate) fn finish_annexb(&mut self, fi: usize) {
        for i in 0..self.funcs[fi].annexb.len() {
            let f = &self.funcs[fi];
            let d = f.annexb[i].clone();
            // Two declarations of F in one block are lexical to each other.
            let mut ok = !f
                .annexb
                .iter()
                .enumerate()
                .any(|(j, o)| j != i && o.scope == d.scope && o.name == d.name);
            let mut s = Some(d.scope);
            while let Some(si) = s {
                for &v in &f.scopes[si as usize].vars {
                    let vd = &f.vars[v as usize];
                    if vd.name != d.name || v == d.var {
                        continue;
                    }
                    match vd.kind {
                        VarKind::Let | VarKind::Const | VarKind::Param | VarKind::ParamTdz => {
                            ok = false
                        }
                        VarKind::Function if si != f.body_scope => ok = false,
                        _ => {}
                    }
                }
                s = f.scopes[si as usize].parent;
            }
            let global = f.is_script && f.global_decls;
            if global && f.global_lex.iter().any(|(a, _)| *a == d.name) {
                ok = false;
            }
            // `arguments` keeps naming the arguments object (B.3.2.1 step 29.a.ii).
            if !global && d.name == Atom::ARGUMENTS {
                ok = false;
            }
            let target = if !ok {
                AnnexBTarget::Skip
            } else if global {
                let earlier = f.annexb[..i].iter().find_map(|o| match o.target {
                    AnnexBTarget::Global(flag) if o.name == d.name => Some(flag),
                    _ => None,
                });
                let flag =
                    earlier.unwrap_or_else(|| self.funcs[fi].add_var(Atom::EMPTY, 0, VarKind::Var));
                AnnexBTarget::Global(flag)
            } else {
                let body = f.body_scope;
                let exists = f.scopes[body as usize]
                    .vars
                    .iter()
                    .any(|&v| f.vars[v as usize].name == d.name);
                if !exists {
                    self.funcs[fi].add_var(d.name, body, VarKind::Var);
                }
                AnnexBTarget::Var
            };
            self.funcs[fi].annexb[i].target = target;
        }
    }
}
