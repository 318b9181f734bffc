//! Module code (ECMA-262 §16.2): `import` and `export` declarations, the
//! module's early errors, and its Source Text Module Record fields.
//!
//! <https://tc39.es/ecma262/#sec-modules>
//!
//! A module compiles to one async function (the module body), strict, with
//! `await` allowed at top level. Its top-level bindings are not locals:
//! after parsing, every binding of the top scope (imports included) becomes
//! a *closure variable* of the body, in the order recorded in
//! [`ModuleInfo::bindings`], so the module record can create their cells
//! before the body exists and hand an exporter's cell to its importers
//! (live bindings: an import is the exporter's cell). Names then resolve
//! like the variables of an enclosing function, with TDZ checks for lexical
//! bindings and `TypeError` on assignment to imports (`Const`).
//!
//! The body's code is: the hoisted function declarations (stored into their
//! cells), `InitialYield`, then the statements. Linking calls the body once
//! (instantiating the functions, InitializeEnvironment) and keeps the
//! suspended frame; evaluation resumes it with the async function driver.

use super::{CResult, FuncDef, Parser, VarKind};
use crate::atom::Atom;
use crate::bytecode::{CaptureFrom, ClosureVarInfo, FunctionBytecode, Op, fn_flags};
use crate::gc::Gc;
use crate::parser::lexer::Lexer;
use crate::parser::token::{Pos, Punct, TokenKind};
use crate::runtime::Rt;

/// The name of the binding holding `export default <expression>`.
pub(crate) const DEFAULT_BINDING: &str = "*default*";

/// A ModuleRequest: the specifier and the `type` import attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ModuleRequest {
    pub(crate) specifier: String,
    /// The value of the `type` attribute (`json`), if given.
    pub(crate) ty: Option<String>,
    /// `import defer * as ns from` (the deferred phase): the module is
    /// evaluated when its namespace is first used.
    pub(crate) defer: bool,
}

/// What an import or indirect export takes from the requested module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ImportName {
    Name(Atom),
    /// `import * as ns` / `export * as ns from`.
    Namespace,
    /// `import source x from` (source phase imports): the module's source object.
    Source,
    /// `import defer * as ns from`: the deferred namespace.
    DeferredNamespace,
}

/// An ImportEntry: `local` is bound to `import_name` of request `request`;
/// `binding` is its index in [`ModuleInfo::bindings`].
#[derive(Clone, Debug)]
pub(crate) struct ImportEntry {
    pub(crate) request: u32,
    pub(crate) import_name: ImportName,
    pub(crate) local: Atom,
    pub(crate) binding: u16,
}

/// An indirect ExportEntry (`export {a as b} from`, `export * as ns from`,
/// or a local export of an imported name).
#[derive(Clone, Debug)]
pub(crate) struct IndirectExport {
    pub(crate) export: Atom,
    pub(crate) request: u32,
    pub(crate) import_name: ImportName,
}

/// The static description of a module: the fields of its Source Text
/// Module Record that parsing determines (§16.2.1.6.1 ParseModule).
#[derive(Clone, Debug, Default)]
pub(crate) struct ModuleInfo {
    pub(crate) requests: Vec<ModuleRequest>,
    pub(crate) imports: Vec<ImportEntry>,
    /// (export name, local binding index).
    pub(crate) local_exports: Vec<(Atom, u16)>,
    pub(crate) indirect_exports: Vec<IndirectExport>,
    /// Requests of `export * from`.
    pub(crate) star_exports: Vec<u32>,
    /// The body's closure variables: top-level bindings with their kind.
    pub(crate) bindings: Vec<(Atom, VarKind)>,
    /// `[[HasTLA]]`.
    pub(crate) has_tla: bool,
}

/// What parsing collects before the bindings are known.
#[derive(Default)]
pub(crate) struct ModuleParse {
    requests: Vec<ModuleRequest>,
    /// (request, import name, local name, position).
    imports: Vec<(u32, ImportName, Atom, Pos)>,
    /// (export name, local name, position): `export {a as b}` and declarations.
    local_exports: Vec<(Atom, Atom, Pos)>,
    indirect: Vec<IndirectExport>,
    stars: Vec<u32>,
    /// Every exported name with its position, for duplicates.
    names: Vec<(Atom, Pos)>,
}

/// Compiles module source text: the body's bytecode and the module's static
/// description. `referrer` identifies the module for `import.meta` and
/// `import()` in its code.
pub(crate) fn compile_module(
    rt: &Rt,
    src: &str,
    filename: &str,
    referrer: u32,
) -> CResult<(Gc<FunctionBytecode>, ModuleInfo)> {
    let mut p = Parser::new(rt, src, filename)?;
    // Re-read the first token with HTML-like comments disabled.
    p.lex = Lexer::new(src);
    p.lex.set_module(true);
    p.tok = p.lex.next_token()?;
    p.module = Some(ModuleParse::default());
    p.referrer = Some(referrer);
    let mut top = FuncDef::new(
        None,
        0,
        fn_flags::STRICT | fn_flags::ASYNC | fn_flags::MODULE,
    );
    top.is_script = true;
    top.global_decls = false;
    p.funcs.push(top);
    p.cur = 0;
    p.emit_op(Op::InitialYield);
    p.using_list_begin(true);
    while !matches!(p.tok.kind, TokenKind::Eof) {
        p.parse_module_item()?;
    }
    p.using_list_end();
    p.fd().source_range = (0, src.len() as u32);
    let info = p.finish_module()?;
    let bc = p.resolve_all()?;
    Ok((bc, info))
}

impl Parser<'_, '_> {
    /// ModuleItem (§16.2): an import or export declaration, or a statement.
    fn parse_module_item(&mut self) -> CResult<()> {
        self.check_depth()?;
        if self.is_kw("import") {
            let cp = self.checkpoint();
            self.next()?;
            let expr = self.is(Punct::LParen) || self.is(Punct::Dot);
            self.restore(cp);
            if !expr {
                return self.parse_import_declaration();
            }
        }
        if self.is_kw("export") {
            return self.parse_export_declaration();
        }
        self.parse_statement_list_item()
    }

    fn module_parse(&mut self) -> &mut ModuleParse {
        self.module.get_or_insert_with(ModuleParse::default)
    }

    /// A ModuleExportName or import/export binding name: an IdentifierName
    /// or a string literal (which must be well-formed Unicode). Returns the
    /// name and whether it was a string.
    fn module_export_name(&mut self) -> CResult<(Atom, bool)> {
        match &self.tok.kind {
            TokenKind::Ident { name, .. } => {
                let a = self.rt.intern(name);
                self.next()?;
                Ok((a, false))
            }
            TokenKind::String { value } => {
                let units = value.to_utf16();
                if char::decode_utf16(units.iter().copied()).any(|c| c.is_err()) {
                    return self.error("module export names must be well-formed Unicode");
                }
                let a = self.rt.intern(&String::from_utf16_lossy(&units));
                self.next()?;
                Ok((a, true))
            }
            _ => self.unexpected(),
        }
    }

    /// `from 'specifier'` (the `from` already consumed) with optional
    /// import attributes; returns the request index.
    fn module_specifier(&mut self) -> CResult<u32> {
        self.module_specifier_phase(false)
    }

    fn module_specifier_phase(&mut self, defer: bool) -> CResult<u32> {
        let TokenKind::String { value } = &self.tok.kind else {
            return self.error("expected a module specifier string");
        };
        let specifier = value.to_string_lossy().into_owned();
        self.next()?;
        let mut ty = None;
        if self.is_kw("with") {
            self.next()?;
            self.expect(Punct::LBrace)?;
            let mut keys: Vec<String> = Vec::new();
            while !self.is(Punct::RBrace) {
                let key = match &self.tok.kind {
                    TokenKind::Ident { name, .. } => name.to_string(),
                    TokenKind::String { value } => value.to_string_lossy().into_owned(),
                    _ => return self.unexpected(),
                };
                self.next()?;
                self.expect(Punct::Colon)?;
                let TokenKind::String { value } = &self.tok.kind else {
                    return self.error("import attribute values must be strings");
                };
                let v = value.to_string_lossy().into_owned();
                self.next()?;
                if keys.contains(&key) {
                    return self.error(format!("duplicate import attribute '{key}'"));
                }
                if key == "type" {
                    ty = Some(v);
                }
                keys.push(key);
                if !self.eat(Punct::Comma)? {
                    break;
                }
            }
            self.expect(Punct::RBrace)?;
        }
        let req = ModuleRequest {
            specifier,
            ty,
            defer,
        };
        let m = self.module_parse();
        let idx = match m.requests.iter().position(|r| *r == req) {
            Some(i) => i,
            None => {
                m.requests.push(req);
                m.requests.len() - 1
            }
        };
        Ok(idx as u32)
    }

    /// Declares an import binding (immutable, lexical).
    fn import_binding(&mut self, local: Atom, pos: Pos) -> CResult<()> {
        self.check_binding_name(local, pos)?;
        self.declare(local, VarKind::Const, pos)?;
        Ok(())
    }

    fn check_binding_name(&self, name: Atom, pos: Pos) -> CResult<()> {
        if name.is_reserved_word()
            || name.is_strict_reserved_word()
            || name == Atom::AWAIT
            || name == Atom::EVAL
            || name == Atom::ARGUMENTS
        {
            let n = self.rt.atom_name(name);
            return self.error_at(pos, format!("'{n}' cannot be an import binding"));
        }
        Ok(())
    }

    /// ImportDeclaration (§16.2.2).
    fn parse_import_declaration(&mut self) -> CResult<()> {
        self.next()?;
        // `import 'm';`
        if matches!(self.tok.kind, TokenKind::String { .. }) {
            self.module_specifier()?;
            return self.semicolon();
        }
        let mut pending: Vec<(ImportName, Atom, Pos)> = Vec::new();
        let mut need_more = true;
        let mut defer = false;
        if self.is_kw("defer") && {
            let cp = self.checkpoint();
            self.next()?;
            let star = self.is(Punct::Star);
            self.restore(cp);
            star
        } {
            // `import defer * as ns from 'm'`
            self.next()?;
            self.next()?;
            self.expect_kw("as")?;
            let pos = self.tok.start;
            let local = self.binding_identifier()?;
            pending.push((ImportName::DeferredNamespace, local, pos));
            need_more = false;
            defer = true;
        } else if self.source_phase_import_ahead()? {
            // `import source x from 'm'`
            self.next()?;
            let pos = self.tok.start;
            let local = self.binding_identifier()?;
            pending.push((ImportName::Source, local, pos));
            need_more = false;
        } else if matches!(self.tok.kind, TokenKind::Ident { .. }) {
            let pos = self.tok.start;
            let local = self.binding_identifier()?;
            pending.push((ImportName::Name(Atom::DEFAULT), local, pos));
            need_more = self.eat(Punct::Comma)?;
        }
        if need_more {
            if self.eat(Punct::Star)? {
                self.expect_kw("as")?;
                let pos = self.tok.start;
                let local = self.binding_identifier()?;
                pending.push((ImportName::Namespace, local, pos));
            } else if self.eat(Punct::LBrace)? {
                while !self.is(Punct::RBrace) {
                    let pos = self.tok.start;
                    let (name, is_string) = self.module_export_name()?;
                    let (local, lpos) = if self.eat_kw("as")? {
                        let lpos = self.tok.start;
                        (self.binding_identifier()?, lpos)
                    } else {
                        if is_string {
                            return self.error_at(pos, "a string import name needs 'as'");
                        }
                        self.check_export_local(name, pos)?;
                        (name, pos)
                    };
                    pending.push((ImportName::Name(name), local, lpos));
                    if !self.eat(Punct::Comma)? {
                        break;
                    }
                }
                self.expect(Punct::RBrace)?;
            } else {
                return self.unexpected();
            }
        }
        self.expect_kw("from")?;
        let req = self.module_specifier_phase(defer)?;
        self.semicolon()?;
        for (name, local, pos) in pending {
            self.import_binding(local, pos)?;
            self.module_parse().imports.push((req, name, local, pos));
        }
        Ok(())
    }

    /// Whether `source <binding> from` starts here (not a default import
    /// named `source`).
    fn source_phase_import_ahead(&mut self) -> CResult<bool> {
        if !self.is_kw("source") {
            return Ok(false);
        }
        let cp = self.checkpoint();
        self.next()?;
        let r = match &self.tok.kind {
            TokenKind::Ident { name, .. } if name == "from" => {
                self.next()?;
                self.is_kw("from")
            }
            TokenKind::Ident { .. } => true,
            _ => false,
        };
        self.restore(cp);
        Ok(r)
    }

    /// A local name in `export { x }` must be an identifier reference.
    fn check_export_local(&self, name: Atom, pos: Pos) -> CResult<()> {
        if name.is_reserved_word() || name.is_strict_reserved_word() || name == Atom::AWAIT {
            let n = self.rt.atom_name(name);
            return self.error_at(pos, format!("unexpected reserved word '{n}'"));
        }
        Ok(())
    }

    fn add_export_name(&mut self, name: Atom, pos: Pos) -> CResult<()> {
        let m = self.module_parse();
        if m.names.iter().any(|(n, _)| *n == name) {
            let n = self.rt.atom_name(name);
            return self.error_at(pos, format!("duplicate export of '{n}'"));
        }
        m.names.push((name, pos));
        Ok(())
    }

    /// ExportDeclaration (§16.2.3).
    fn parse_export_declaration(&mut self) -> CResult<()> {
        let start = self.tok.start;
        self.next()?;
        if self.eat(Punct::Star)? {
            // `export * from 'm'` / `export * as ns from 'm'`
            let ns = if self.eat_kw("as")? {
                let pos = self.tok.start;
                let (n, _) = self.module_export_name()?;
                Some((n, pos))
            } else {
                None
            };
            self.expect_kw("from")?;
            let req = self.module_specifier()?;
            self.semicolon()?;
            match ns {
                Some((n, pos)) => {
                    self.add_export_name(n, pos)?;
                    self.module_parse().indirect.push(IndirectExport {
                        export: n,
                        request: req,
                        import_name: ImportName::Namespace,
                    });
                }
                None => self.module_parse().stars.push(req),
            }
            return Ok(());
        }
        if self.is(Punct::LBrace) {
            self.next()?;
            let mut specs: Vec<(Atom, bool, Pos, Atom, Pos)> = Vec::new();
            while !self.is(Punct::RBrace) {
                let pos = self.tok.start;
                let (local, is_string) = self.module_export_name()?;
                let (export, epos) = if self.eat_kw("as")? {
                    let epos = self.tok.start;
                    (self.module_export_name()?.0, epos)
                } else {
                    (local, pos)
                };
                specs.push((local, is_string, pos, export, epos));
                if !self.eat(Punct::Comma)? {
                    break;
                }
            }
            self.expect(Punct::RBrace)?;
            if self.eat_kw("from")? {
                let req = self.module_specifier()?;
                self.semicolon()?;
                for (local, _, _, export, epos) in specs {
                    self.add_export_name(export, epos)?;
                    self.module_parse().indirect.push(IndirectExport {
                        export,
                        request: req,
                        import_name: ImportName::Name(local),
                    });
                }
            } else {
                self.semicolon()?;
                for (local, is_string, pos, export, epos) in specs {
                    if is_string {
                        return self.error_at(pos, "a string export name needs 'from'");
                    }
                    self.check_export_local(local, pos)?;
                    self.add_export_name(export, epos)?;
                    self.module_parse().local_exports.push((export, local, pos));
                }
            }
            return Ok(());
        }
        if self.is_kw("default") {
            let pos = self.tok.start;
            self.next()?;
            self.add_export_name(Atom::DEFAULT, pos)?;
            return self.parse_export_default(pos);
        }
        // `export var|let|const|function|async function|class`
        let is_decl = self.is_kw("var")
            || self.is_kw("let")
            || self.is_kw("const")
            || self.is_kw("function")
            || self.is_kw("class")
            || self.async_function_ahead()?;
        if !is_decl {
            return self.error_at(start, "unexpected token after 'export'");
        }
        let saved = self.declared_log.replace(Vec::new());
        let r = if self.is_kw("var") {
            self.parse_statement()
        } else {
            self.parse_statement_list_item()
        };
        let names = std::mem::replace(&mut self.declared_log, saved).unwrap_or_default();
        r?;
        for n in names {
            self.add_export_name(n, start)?;
            self.module_parse().local_exports.push((n, n, start));
        }
        Ok(())
    }

    /// `export default` HoistableDeclaration / ClassDeclaration /
    /// AssignmentExpression (§16.2.3).
    /// `export default function f` / `export default class C`: parses the
    /// declaration with `parse` and exports the name it declares as
    /// `default`.
    fn export_declared_as_default(
        &mut self,
        pos: Pos,
        parse: impl FnOnce(&mut Self) -> CResult<()>,
    ) -> CResult<()> {
        let saved = self.declared_log.replace(Vec::new());
        let r = parse(self);
        let names = std::mem::replace(&mut self.declared_log, saved).unwrap_or_default();
        r?;
        if let Some(&n) = names.first() {
            self.module_parse()
                .local_exports
                .push((Atom::DEFAULT, n, pos));
        }
        Ok(())
    }

    fn parse_export_default(&mut self, pos: Pos) -> CResult<()> {
        let default_binding = self.rt.intern(DEFAULT_BINDING);
        let is_fn = self.is_kw("function") || self.async_function_ahead()?;
        if is_fn {
            // Named: an ordinary declaration; anonymous: bound to *default*.
            let cp = self.checkpoint();
            if self.is_kw("async") {
                self.next()?;
            }
            self.next()?;
            self.eat(Punct::Star)?;
            let named = !self.is(Punct::LParen);
            self.restore(cp);
            if named {
                return self.export_declared_as_default(pos, |p| p.parse_function_declaration());
            }
            let child = self.parse_anonymous_function_declaration(Atom::DEFAULT)?;
            let v = self.declare(default_binding, VarKind::Function, pos)?;
            if let Some(v) = v {
                self.fd().scopes[0].hoisted.push((v, child));
            }
            self.module_parse()
                .local_exports
                .push((Atom::DEFAULT, default_binding, pos));
            return Ok(());
        }
        if self.is_kw("class") {
            let cp = self.checkpoint();
            self.next()?;
            let named = self.ident_name().is_some() && !self.is_kw("extends");
            self.restore(cp);
            if named {
                return self.export_declared_as_default(pos, |p| p.parse_class(true));
            }
            self.declare(default_binding, VarKind::Let, pos)?;
            self.parse_class(false)?;
            self.set_last_closure_name(Atom::DEFAULT);
            self.emit_scope(Op::ScopePutVarInit, default_binding);
            self.module_parse()
                .local_exports
                .push((Atom::DEFAULT, default_binding, pos));
            return Ok(());
        }
        // `export default [lookahead ∉ {function, async function, class}] AssignmentExpression;`
        self.declare(default_binding, VarKind::Let, pos)?;
        self.parse_assign()?;
        if self.last_is_anonymous_definition() {
            self.set_last_closure_name(Atom::DEFAULT);
        }
        self.emit_scope(Op::ScopePutVarInit, default_binding);
        self.semicolon()?;
        self.module_parse()
            .local_exports
            .push((Atom::DEFAULT, default_binding, pos));
        Ok(())
    }

    /// A function declaration without a name (`export default function
    /// () {}`), named `name`; returns the child index.
    fn parse_anonymous_function_declaration(&mut self, name: Atom) -> CResult<u32> {
        let start = self.tok.start;
        let is_async = self.eat_async_function()?;
        self.expect_kw("function")?;
        let generator = self.eat(Punct::Star)?;
        let flags = super::function::function_kind_flags(generator, is_async);
        self.parse_function_rest(flags, Some(name), None, start)
    }

    /// `import.meta` or `import(specifier [, options])` (§13.3.10, §13.3.12).
    pub(crate) fn parse_import_expression(&mut self) -> CResult<()> {
        let start = self.tok.start;
        self.next()?;
        let mut phase = 0;
        if self.eat(Punct::Dot)? {
            let prop = match &self.tok.kind {
                TokenKind::Ident {
                    name,
                    escaped: false,
                } => name.to_string(),
                _ => String::new(),
            };
            match prop.as_str() {
                "meta" => {
                    if self.module.is_none() {
                        return self.error_at(start, "import.meta is only valid in module code");
                    }
                    self.next()?;
                    let r = self.referrer_id();
                    self.emit_op_u32(Op::ImportMeta, r);
                    return Ok(());
                }
                // `import.source(specifier)` (source phase imports).
                "source" => {
                    self.next()?;
                    phase = 1;
                }
                // `import.defer(specifier)` (deferred module evaluation).
                "defer" => {
                    self.next()?;
                    phase = 2;
                }
                _ => return self.unexpected(),
            }
        }
        if !self.is(Punct::LParen) {
            return self.unexpected();
        }
        self.next()?;
        if self.is(Punct::RParen) {
            return self.error("import() needs a specifier");
        }
        let saved = std::mem::replace(&mut self.no_in, false);
        self.parse_assign()?;
        if self.eat(Punct::Comma)? && !self.is(Punct::RParen) {
            self.parse_assign()?;
            self.eat(Punct::Comma)?;
        } else {
            self.emit_op(Op::PushUndefined);
        }
        self.no_in = saved;
        self.expect(Punct::RParen)?;
        self.emit_op_u8(Op::PushI8, phase);
        let r = self.referrer_id();
        self.emit_position(start);
        self.emit_op_u32(Op::DynamicImport, r);
        Ok(())
    }

    /// The referrer index of the code being compiled (allocated on first use
    /// for scripts).
    fn referrer_id(&mut self) -> u32 {
        if let Some(r) = self.referrer {
            return r;
        }
        let name = self.rt.atom_name(self.filename);
        let r = self.rt.modules.new_referrer(name.to_string(), None);
        self.referrer = Some(r);
        r
    }

    /// Checks the exports once the whole module is parsed, turns the top
    /// scope's bindings into closure variables, and puts the hoisted
    /// function declarations before `InitialYield`.
    fn finish_module(&mut self) -> CResult<ModuleInfo> {
        let m = self.module.take().unwrap_or_default();
        let mut info = ModuleInfo {
            requests: m.requests,
            star_exports: m.stars,
            ..ModuleInfo::default()
        };
        // The top scope's bindings, in order.
        let f = &self.funcs[0];
        let top: Vec<u16> = f.scopes[0]
            .vars
            .iter()
            .copied()
            .filter(|&v| {
                let vd = &f.vars[v as usize];
                vd.name != Atom::EMPTY && vd.kind != VarKind::Implicit
            })
            .collect();
        for &v in &top {
            let vd = &f.vars[v as usize];
            info.bindings.push((vd.name, vd.kind));
        }
        let index_of = |info: &ModuleInfo, name: Atom| {
            info.bindings
                .iter()
                .position(|(n, _)| *n == name)
                .map(|i| i as u16)
        };
        for &(req, name, local, _) in &m.imports {
            let binding = index_of(&info, local).unwrap_or(0);
            info.imports.push(ImportEntry {
                request: req,
                import_name: name,
                local,
                binding,
            });
        }
        for &(export, local, pos) in &m.local_exports {
            // A re-export of an imported binding is an indirect export
            // (§16.2.1.6.1 ParseModule step 10); a namespace import re-exported
            // is `export * as ns from`, a source phase import one whose
            // import name is ~source~.
            if let Some(ie) = info
                .imports
                .iter()
                .find(|ie| ie.local == local && ie.import_name != ImportName::DeferredNamespace)
            {
                info.indirect_exports.push(IndirectExport {
                    export,
                    request: ie.request,
                    import_name: ie.import_name,
                });
                continue;
            }
            match index_of(&info, local) {
                Some(i) => info.local_exports.push((export, i)),
                None => {
                    let n = self.rt.atom_name(local);
                    return self.error_at(pos, format!("export '{n}' is not defined"));
                }
            }
        }
        info.indirect_exports.extend(m.indirect);
        // Closure variables in binding order.
        let f = &mut self.funcs[0];
        for &(name, kind) in &info.bindings {
            f.closure_vars.push(ClosureVarInfo {
                name,
                from: CaptureFrom::VarRef(0),
            });
            f.closure_kinds.push(kind);
        }
        f.scopes[0].vars.retain(|v| !top.contains(v));
        let hoisted = std::mem::take(&mut f.scopes[0].hoisted);
        let mut code = Vec::new();
        for (v, child) in hoisted {
            let name = f.vars[v as usize].name;
            let Some(i) = info.bindings.iter().position(|(n, _)| *n == name) else {
                continue;
            };
            code.push(Op::FClosure as u8);
            code.extend_from_slice(&child.to_le_bytes());
            code.push(Op::PutVarRef as u8);
            code.extend_from_slice(&(i as u16).to_le_bytes());
        }
        // `await` at top level makes the module async ([[HasTLA]]).
        let mut pc = 0;
        while pc < f.code.len() {
            let Some(op) = Op::from_u8(f.code[pc]) else {
                break;
            };
            if op == Op::Yield {
                info.has_tla = true;
            }
            pc += op.size();
        }
        code.extend_from_slice(&f.code);
        f.code = code;
        f.last_op = None;
        Ok(info)
    }
}
