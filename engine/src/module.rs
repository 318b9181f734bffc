//! Module records, loading, linking and evaluation (ECMA-262 §16.2.1).
//!
//! <https://tc39.es/ecma262/#sec-abstract-module-records>
//!
//! A [`Module`] is a Source Text Module Record (or, for JSON modules, a
//! synthetic one with a single `default` export). Records belong to the
//! runtime ([`ModuleState`]) for its whole life, like realms: they are
//! roots for the cycle collector, and everything they hold (cells, the
//! suspended body, the namespace, `import.meta`, cached errors and
//! capabilities) is released when the runtime is dropped
//! ([`ModuleState::clear`]).
//!
//! Each record owns one cell per top-level binding, created with the record,
//! so that any module can alias them before the exporter runs: an import is
//! the exporter's cell itself (live, with its TDZ). Linking
//! (`InnerModuleLinking`) resolves the imports into the importer's cell list
//! and calls the body once to instantiate its function declarations;
//! evaluation (`InnerModuleEvaluation`, with the asynchronous order of
//! top-level `await`) resumes the suspended body through the async function
//! driver. The recursive algorithms run behind `Cx::check_stack`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use hashbrown::HashMap;

use crate::atom::Atom;
use crate::builtins::promise;
use crate::bytecode::FunctionBytecode;
use crate::compiler::VarKind;
use crate::compiler::module::{ImportName, ModuleInfo, ModuleRequest};
use crate::gc::Gc;
use crate::module_loader::{ModuleSource, NativeModule};
use crate::object::{self, Args, Class, Obj, VarRef};
use crate::runtime::{Cx, ErrorKind, JsResult};
use crate::value::Value;

/// `[[Status]]` of a cyclic module record.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Status {
    Unlinked,
    Linking,
    Linked,
    Evaluating,
    EvaluatingAsync,
    Evaluated,
}

/// A module record.
pub(crate) struct Module {
    pub(crate) id: u32,
    /// The resolved name the loader gave (also the key of the module map).
    pub(crate) name: String,
    pub(crate) info: ModuleInfo,
    /// The body; `None` for a JSON module.
    bc: Option<Gc<FunctionBytecode>>,
    /// One cell per binding of `info.bindings` (imports are the exporters' cells once linked).
    cells: RefCell<Vec<Gc<VarRef>>>,
    /// The loaded module of each request (complete once the graph is loaded).
    deps: RefCell<Vec<u32>>,
    status: Cell<Status>,
    /// `[[EvaluationError]]`.
    error: RefCell<Option<Value>>,
    dfs_index: Cell<u32>,
    dfs_ancestor: Cell<u32>,
    cycle_root: Cell<u32>,
    /// `[[AsyncEvaluation]]`: 0 for false, else its order.
    async_eval: Cell<u64>,
    pending_deps: Cell<u32>,
    async_parents: RefCell<Vec<u32>>,
    /// `[[TopLevelCapability]]`: promise, resolve, reject.
    top_cap: RefCell<Option<[Value; 3]>>,
    /// The suspended body, between linking and evaluation.
    body: RefCell<Option<Value>>,
    namespace: RefCell<Option<Obj>>,
    /// The deferred namespace (`import defer`).
    deferred_ns: RefCell<Option<Obj>>,
    meta: RefCell<Option<Obj>>,
    /// `[[ModuleSource]]` with its `[[ModuleSourceClassName]]`: only
    /// host-defined modules have one (`NativeModule::with_source`).
    source: RefCell<Option<(Obj, String)>>,
}

/// The `type` import attribute: what kind of record a source becomes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum ModType {
    JavaScript,
    Json,
    /// `type: "text"` (import text proposal): the source as a string.
    Text,
    /// `type: "bytes"` (import bytes proposal): a Uint8Array over an
    /// immutable buffer of the source's bytes.
    Bytes,
}

/// A result of ResolveExport (§16.2.1.6.3).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Resolution {
    NotFound,
    Ambiguous,
    /// The module and its binding index (`None`: its namespace).
    Found(u32, Option<u16>),
    /// The module's source object (`[[BindingName]]` ~source~, a re-export
    /// of a source phase import).
    Source(u32),
}

/// The runtime's modules: the records, the module map, and the referrers
/// that `import()` and `import.meta` in compiled code refer to.
#[derive(Default)]
pub(crate) struct ModuleState {
    records: RefCell<Vec<Rc<Module>>>,
    /// (realm index, resolved name, module type) -> record: each realm
    /// (a `ShadowRealm` included) has its own module map.
    map: RefCell<HashMap<(u32, String, ModType), u32>>,
    /// Name of each referrer (a script or module) and its module, if any.
    referrers: RefCell<Vec<(String, Option<u32>)>>,
    async_counter: Cell<u64>,
    /// `%AbstractModuleSource%` and its prototype, by realm index, made
    /// on first use.
    abstract_source: RefCell<HashMap<u32, (Obj, Obj)>>,
    /// The prototype of the module source objects of each (realm index,
    /// class name).
    source_protos: RefCell<HashMap<(u32, String), Obj>>,
}

impl ModuleState {
    pub(crate) fn new_referrer(&self, name: String, module: Option<u32>) -> u32 {
        let mut r = self.referrers.borrow_mut();
        r.push((name, module));
        (r.len() - 1) as u32
    }

    fn get(&self, id: u32) -> Rc<Module> {
        self.records.borrow()[id as usize].clone()
    }

    fn referrer(&self, r: u32) -> (String, Option<u32>) {
        self.referrers
            .borrow()
            .get(r as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// Releases everything the records hold (the runtime is being dropped).
    pub(crate) fn clear(&self) {
        self.map.borrow_mut().clear();
        let records = std::mem::take(&mut *self.records.borrow_mut());
        for m in &records {
            m.cells.borrow_mut().clear();
            m.error.borrow_mut().take();
            m.top_cap.borrow_mut().take();
            m.body.borrow_mut().take();
            m.namespace.borrow_mut().take();
            m.deferred_ns.borrow_mut().take();
            m.meta.borrow_mut().take();
            m.source.borrow_mut().take();
        }
        drop(records);
        self.abstract_source.borrow_mut().clear();
        self.source_protos.borrow_mut().clear();
    }
}

fn new_cell(cx: &Cx, v: Value) -> Gc<VarRef> {
    cx.rt.heap.alloc(VarRef {
        value: RefCell::new(v),
    })
}

fn add_record(cx: &Cx, m: Module) -> u32 {
    let id = m.id;
    cx.rt.modules.records.borrow_mut().push(Rc::new(m));
    id
}

fn blank(
    id: u32,
    name: String,
    info: ModuleInfo,
    bc: Option<Gc<FunctionBytecode>>,
    cells: Vec<Gc<VarRef>>,
) -> Module {
    Module {
        id,
        name,
        info,
        bc,
        cells: RefCell::new(cells),
        deps: RefCell::new(Vec::new()),
        status: Cell::new(Status::Unlinked),
        error: RefCell::new(None),
        dfs_index: Cell::new(0),
        dfs_ancestor: Cell::new(0),
        cycle_root: Cell::new(id),
        async_eval: Cell::new(0),
        pending_deps: Cell::new(0),
        async_parents: RefCell::new(Vec::new()),
        top_cap: RefCell::new(None),
        body: RefCell::new(None),
        namespace: RefCell::new(None),
        deferred_ns: RefCell::new(None),
        meta: RefCell::new(None),
        source: RefCell::new(None),
    }
}

/// Parses module source text into a new record (ParseModule, §16.2.1.6.1)
/// registered under `name`. A syntax error names the module and, for a
/// dependency, its importer; `Err(Ok(e))` is the compile error of a root
/// module, `Err(Err(v))` any other error.
pub(crate) fn create_source(
    cx: &Cx,
    name: &str,
    source: &str,
    importer: Option<&str>,
) -> Result<u32, Result<crate::compiler::CompileError, Value>> {
    let id = cx.rt.modules.records.borrow().len() as u32;
    let referrer = cx.rt.modules.new_referrer(name.to_string(), Some(id));
    let (bc, info) = match crate::compiler::module::compile_module(cx.rt, source, name, referrer) {
        Ok(r) => r,
        Err(mut e) => {
            return Err(match importer {
                None => Ok(e),
                Some(imp) => {
                    e.message = format!("{} (in module '{name}' imported by '{imp}')", e.message);
                    Err(crate::api::compile_error(cx, &e, name))
                }
            });
        }
    };
    let cells = info
        .bindings
        .iter()
        .map(|&(_, kind)| {
            new_cell(
                cx,
                if matches!(kind, VarKind::Var | VarKind::Function) {
                    Value::Undefined
                } else {
                    Value::Uninit
                },
            )
        })
        .collect();
    let m = blank(id, name.to_string(), info, Some(bc), cells);
    cx.rt
        .modules
        .map
        .borrow_mut()
        .insert((cx.realm.index, name.to_string(), ModType::JavaScript), id);
    Ok(add_record(cx, m))
}

/// A synthetic module (import attribute `type: "json"`, `"text"` or
/// `"bytes"`): its only export, `default`, is the parsed JSON value, the
/// text, or the bytes. It is linked and evaluated at once.
fn create_synthetic(cx: &Cx, name: &str, source: SyntheticSource, ty: ModType) -> JsResult<u32> {
    let v = match (ty, source) {
        (ModType::Text, SyntheticSource::Text(source)) => Value::String(cx.str(source)),
        (_, SyntheticSource::Bytes(bytes)) => {
            use crate::builtins::array_buffer::{BufferData, new_buffer_object};
            cx.check_alloc(bytes.len())?;
            let buf = new_buffer_object(
                cx,
                cx.intr().array_buffer_proto.clone(),
                BufferData {
                    bytes: crate::builtins::shared_memory::Store::local(bytes),
                    max: None,
                    detached: Cell::new(false),
                    shared: false,
                    immutable: true,
                },
            );
            let ctor = crate::builtins::typed_array::intrinsic_ctor(cx, 1);
            cx.construct(&ctor, &[Value::Object(buf)], None)?
        }
        (_, SyntheticSource::Text(source)) => crate::builtins::json::parse_text(cx, source)?,
    };
    Ok(synthetic_record(cx, name, ty, vec![(Atom::DEFAULT, v)]))
}

/// What a synthetic module is made from.
enum SyntheticSource<'a> {
    Text(&'a str),
    Bytes(Vec<u8>),
}

/// A native module: its initializer runs now, in the importing realm, and
/// its exports become the record's constant bindings.
fn create_native(cx: &Cx, name: &str, module: &NativeModule) -> JsResult<u32> {
    let Some(ctx) = crate::api::Context::from_cx(cx) else {
        return cx.type_error("the runtime is being dropped");
    };
    let exports = crate::api::native_exports(&ctx, (module.init)(&ctx))?;
    let mut seen = hashbrown::HashSet::new();
    let mut pairs = Vec::with_capacity(exports.len());
    for (k, v) in exports {
        if !seen.insert(k.clone()) {
            return cx.type_error(&format!(
                "native module '{name}' exports '{k}' more than once"
            ));
        }
        pairs.push((cx.rt.intern(&k), v));
    }
    let id = synthetic_record(cx, name, ModType::JavaScript, pairs);
    if let Some(class) = &module.source_class {
        let proto = source_prototype(cx, class);
        let o = object::new_object(*cx, Some(proto), Class::Object);
        *cx.rt.modules.get(id).source.borrow_mut() = Some((o, class.to_string()));
    }
    Ok(id)
}

/// `%AbstractModuleSource%` of the current realm and its prototype.
pub(crate) fn abstract_module_source(cx: &Cx) -> (Obj, Obj) {
    let key = cx.realm.index;
    if let Some(p) = cx.rt.modules.abstract_source.borrow().get(&key) {
        return p.clone();
    }
    let p = crate::builtins::module_source::create(cx);
    cx.rt
        .modules
        .abstract_source
        .borrow_mut()
        .insert(key, p.clone());
    p
}

/// The prototype of the current realm's module source objects of class
/// `class`: it inherits from `%AbstractModuleSource%.prototype`.
fn source_prototype(cx: &Cx, class: &str) -> Obj {
    let key = (cx.realm.index, class.to_string());
    if let Some(p) = cx.rt.modules.source_protos.borrow().get(&key) {
        return p.clone();
    }
    let (_, parent) = abstract_module_source(cx);
    let p = object::new_object(*cx, Some(parent), Class::Object);
    cx.rt
        .modules
        .source_protos
        .borrow_mut()
        .insert(key, p.clone());
    p
}

/// `o.[[ModuleSourceClassName]]` if `o` is a module source object.
pub(crate) fn source_class_name(cx: &Cx, o: &Obj) -> Option<String> {
    let records = cx.rt.modules.records.borrow();
    records.iter().find_map(|m| match &*m.source.borrow() {
        Some((s, class)) if Obj::ptr_eq(s, o) => Some(class.clone()),
        _ => None,
    })
}

/// A linked and evaluated record whose bindings are `exports`, all
/// exported under their own names.
fn synthetic_record(cx: &Cx, name: &str, ty: ModType, exports: Vec<(Atom, Value)>) -> u32 {
    let id = cx.rt.modules.records.borrow().len() as u32;
    let info = ModuleInfo {
        local_exports: exports
            .iter()
            .enumerate()
            .map(|(i, (a, _))| (*a, i as u16))
            .collect(),
        bindings: exports.iter().map(|(a, _)| (*a, VarKind::Const)).collect(),
        ..ModuleInfo::default()
    };
    let cells = exports.into_iter().map(|(_, v)| new_cell(cx, v)).collect();
    let m = blank(id, name.to_string(), info, None, cells);
    m.status.set(Status::Evaluated);
    cx.rt
        .modules
        .map
        .borrow_mut()
        .insert((cx.realm.index, name.to_string(), ty), id);
    add_record(cx, m)
}

/// HostLoadImportedModule through the embedder's loader: the record for
/// `req` imported by `referrer`, loaded and parsed if it is new.
fn load_request(cx: &Cx, referrer: &str, req: &ModuleRequest) -> JsResult<u32> {
    let ty = match req.ty.as_deref() {
        None => ModType::JavaScript,
        Some("json") => ModType::Json,
        Some("text") => ModType::Text,
        Some("bytes") => ModType::Bytes,
        Some(t) => {
            return cx.type_error(&format!(
                "unsupported module type '{t}' for '{}' imported by '{referrer}'",
                req.specifier
            ));
        }
    };
    let failed = |msg: String| {
        cx.type_error::<u32>(&format!(
            "cannot load module '{}' imported by '{referrer}': {msg}",
            req.specifier
        ))
    };
    let resolved = match cx.rt.module_resolver.borrow().as_ref() {
        Some(r) => r.resolve(&req.specifier, referrer),
        None => Ok(crate::module_loader::resolve_relative(
            &req.specifier,
            referrer,
        )),
    };
    let name = match resolved {
        Ok(n) => n,
        Err(msg) => return failed(msg),
    };
    if let Some(&id) = cx
        .rt
        .modules
        .map
        .borrow()
        .get(&(cx.realm.index, name.clone(), ty))
    {
        return Ok(id);
    }
    let loaded = match cx.rt.module_loader.borrow().as_ref() {
        Some(l) => l.load(&name),
        None => Err("no module loader is installed".into()),
    };
    let source = match loaded {
        Ok(ModuleSource::Text(s)) => s,
        Ok(ModuleSource::Bytes(b)) if ty == ModType::Bytes => {
            return create_synthetic(cx, &name, SyntheticSource::Bytes(b), ty);
        }
        Ok(ModuleSource::Bytes(b)) => match String::from_utf8(b) {
            Ok(s) => s,
            Err(_) => return failed(format!("'{name}' is not valid UTF-8")),
        },
        Ok(ModuleSource::Native(n)) if ty == ModType::JavaScript => {
            return create_native(cx, &name, &n);
        }
        Ok(ModuleSource::Native(_)) => {
            return failed(format!("'{name}' is a native module, not {ty:?} data"));
        }
        Err(msg) => return failed(msg),
    };
    if ty != ModType::JavaScript {
        let source = if ty == ModType::Bytes {
            SyntheticSource::Bytes(source.into_bytes())
        } else {
            SyntheticSource::Text(&source)
        };
        return create_synthetic(cx, &name, source, ty);
    }
    match create_source(cx, &name, &source, Some(referrer)) {
        Ok(id) => Ok(id),
        Err(Ok(e)) => Err(crate::api::compile_error(cx, &e, &name)),
        Err(Err(v)) => Err(v),
    }
}

/// LoadRequestedModules (§16.2.1.5.1): loads the whole graph below `root`,
/// with a work list.
pub(crate) fn load_graph(cx: &Cx, root: u32) -> JsResult<()> {
    let mut work = vec![root];
    let mut seen = hashbrown::HashSet::new();
    seen.insert(root);
    while let Some(id) = work.pop() {
        cx.poll()?;
        let m = cx.rt.modules.get(id);
        let done = m.deps.borrow().len() == m.info.requests.len();
        let deps = if done {
            m.deps.borrow().clone()
        } else {
            let mut deps = Vec::with_capacity(m.info.requests.len());
            for req in &m.info.requests {
                deps.push(load_request(cx, &m.name, req)?);
            }
            *m.deps.borrow_mut() = deps.clone();
            deps
        };
        for d in deps {
            if seen.insert(d) {
                work.push(d);
            }
        }
    }
    Ok(())
}

/// ResolveExport (§16.2.1.6.3).
fn resolve_export(
    cx: &Cx,
    id: u32,
    name: Atom,
    set: &mut Vec<(u32, Atom)>,
) -> JsResult<Resolution> {
    cx.check_stack()?;
    if set.contains(&(id, name)) {
        // A circular import request.
        return Ok(Resolution::NotFound);
    }
    set.push((id, name));
    let m = cx.rt.modules.get(id);
    if let Some(&(_, b)) = m.info.local_exports.iter().find(|(e, _)| *e == name) {
        return Ok(Resolution::Found(id, Some(b)));
    }
    let deps = m.deps.borrow().clone();
    if let Some(e) = m.info.indirect_exports.iter().find(|e| e.export == name) {
        let Some(&dep) = deps.get(e.request as usize) else {
            return Ok(Resolution::NotFound);
        };
        return match e.import_name {
            ImportName::Namespace => Ok(Resolution::Found(dep, None)),
            ImportName::Name(n) => resolve_export(cx, dep, n, set),
            ImportName::Source => Ok(Resolution::Source(dep)),
            ImportName::DeferredNamespace => Ok(Resolution::NotFound),
        };
    }
    if name == Atom::DEFAULT {
        return Ok(Resolution::NotFound);
    }
    let mut star = Resolution::NotFound;
    for &req in &m.info.star_exports {
        let Some(&dep) = deps.get(req as usize) else {
            continue;
        };
        match resolve_export(cx, dep, name, set)? {
            Resolution::Ambiguous => return Ok(Resolution::Ambiguous),
            Resolution::NotFound => {}
            r => {
                if star == Resolution::NotFound {
                    star = r;
                } else if star != r {
                    return Ok(Resolution::Ambiguous);
                }
            }
        }
    }
    Ok(star)
}

/// GetExportedNames (§16.2.1.6.2).
fn exported_names(cx: &Cx, id: u32, set: &mut Vec<u32>) -> JsResult<Vec<Atom>> {
    cx.check_stack()?;
    if set.contains(&id) {
        return Ok(Vec::new());
    }
    set.push(id);
    let m = cx.rt.modules.get(id);
    let mut names: Vec<Atom> = m.info.local_exports.iter().map(|e| e.0).collect();
    names.extend(m.info.indirect_exports.iter().map(|e| e.export));
    let deps = m.deps.borrow().clone();
    for &req in &m.info.star_exports {
        let Some(&dep) = deps.get(req as usize) else {
            continue;
        };
        for n in exported_names(cx, dep, set)? {
            if n != Atom::DEFAULT && !names.contains(&n) {
                names.push(n);
            }
        }
    }
    Ok(names)
}

/// The cell a resolved binding lives in.
fn binding_cell(cx: &Cx, module: u32, binding: Option<u16>) -> JsResult<Gc<VarRef>> {
    match binding {
        Some(b) => {
            let m = cx.rt.modules.get(module);
            let cells = m.cells.borrow();
            match cells.get(b as usize) {
                Some(c) => Ok(c.clone()),
                None => cx.type_error("module binding is missing"),
            }
        }
        None => {
            let ns = namespace(cx, module)?;
            Ok(new_cell(cx, Value::Object(ns)))
        }
    }
}

/// GetModuleNamespace (§16.2.1.10).
pub(crate) fn namespace(cx: &Cx, id: u32) -> JsResult<Obj> {
    namespace_phase(cx, id, false)
}

/// GetModuleNamespace for the evaluation or the deferred phase.
fn namespace_phase(cx: &Cx, id: u32, deferred: bool) -> JsResult<Obj> {
    let m = cx.rt.modules.get(id);
    let slot = if deferred {
        &m.deferred_ns
    } else {
        &m.namespace
    };
    if let Some(ns) = slot.borrow().as_ref() {
        return Ok(ns.clone());
    }
    let names = exported_names(cx, id, &mut Vec::new())?;
    let ns = crate::object::namespace::create(cx, deferred.then_some(id));
    *slot.borrow_mut() = Some(ns.clone());
    let mut exports = Vec::new();
    for n in names {
        match resolve_export(cx, id, n, &mut Vec::new())? {
            Resolution::Found(mid, b) => exports.push((n, binding_cell(cx, mid, b)?)),
            // Namespace [[Get]] of a source binding: the source object, or
            // a ReferenceError (an uninitialized cell) when there is none.
            Resolution::Source(mid) => {
                let v = match module_source(cx, mid) {
                    Ok(o) => Value::Object(o),
                    Err(_) => Value::Uninit,
                };
                exports.push((n, new_cell(cx, v)));
            }
            _ => {}
        }
    }
    exports.sort_by(|a, b| {
        let (x, y) = (cx.rt.atom_string(a.0), cx.rt.atom_string(b.0));
        x.units().iter().cmp(y.units().iter())
    });
    crate::object::namespace::set_exports(&ns, exports);
    Ok(ns)
}

fn resolution_error<T>(cx: &Cx, m: &Module, req: u32, name: Atom, r: Resolution) -> JsResult<T> {
    let spec = m
        .info
        .requests
        .get(req as usize)
        .map(|r| r.specifier.clone())
        .unwrap_or_default();
    let n = cx.rt.atom_name(name);
    let what = if r == Resolution::Ambiguous {
        "an ambiguous export"
    } else {
        "no export"
    };
    cx.syntax_error(&format!(
        "the module '{spec}' imported by '{}' has {what} named '{n}'",
        m.name
    ))
}

/// InitializeEnvironment (§16.2.1.6.4): checks the indirect exports,
/// binds the imports to the exporters' cells, and instantiates the body
/// (its function declarations) as a suspended frame.
fn initialize_environment(cx: &Cx, m: &Module) -> JsResult<()> {
    for e in &m.info.indirect_exports {
        let r = resolve_export(cx, m.id, e.export, &mut Vec::new())?;
        if !matches!(r, Resolution::Found(..) | Resolution::Source(_)) {
            let name = match e.import_name {
                ImportName::Name(n) => n,
                ImportName::Namespace | ImportName::Source | ImportName::DeferredNamespace => {
                    e.export
                }
            };
            return resolution_error(cx, m, e.request, name, r);
        }
    }
    let deps = m.deps.borrow().clone();
    for ie in &m.info.imports {
        let Some(&dep) = deps.get(ie.request as usize) else {
            return cx.type_error("module request is not loaded");
        };
        let cell = match ie.import_name {
            ImportName::Namespace => new_cell(cx, Value::Object(namespace(cx, dep)?)),
            ImportName::DeferredNamespace => {
                new_cell(cx, Value::Object(namespace_phase(cx, dep, true)?))
            }
            ImportName::Source => new_cell(cx, Value::Object(module_source(cx, dep)?)),
            ImportName::Name(n) => match resolve_export(cx, dep, n, &mut Vec::new())? {
                Resolution::Found(mid, b) => binding_cell(cx, mid, b)?,
                Resolution::Source(mid) => new_cell(cx, Value::Object(module_source(cx, mid)?)),
                r => return resolution_error(cx, m, ie.request, n, r),
            },
        };
        if let Some(slot) = m.cells.borrow_mut().get_mut(ie.binding as usize) {
            *slot = cell;
        }
    }
    let Some(bc) = m.bc.clone() else {
        return Ok(());
    };
    let refs: Rc<[Gc<VarRef>]> = Rc::from(m.cells.borrow().clone());
    let f = crate::builtins::function::new_closure(cx, bc, refs);
    let body = cx.call(&Value::Object(f), &Value::Undefined, &[])?;
    *m.body.borrow_mut() = Some(body);
    Ok(())
}

/// GetModuleSource: the module's source object. Neither source text
/// modules nor JSON modules have a source representation, so source phase
/// imports of them throw; only host modules made with a source have one.
fn module_source(cx: &Cx, id: u32) -> JsResult<Obj> {
    let m = cx.rt.modules.get(id);
    if let Some((o, _)) = &*m.source.borrow() {
        return Ok(o.clone());
    }
    let name = m.name.clone();
    cx.syntax_error(&format!(
        "the module '{name}' has no source representation for a source phase import"
    ))
}

/// Link (§16.2.1.5.2).
pub(crate) fn link(cx: &Cx, id: u32) -> JsResult<()> {
    let mut stack = Vec::new();
    if let Err(e) = inner_link(cx, id, &mut stack, 0) {
        for s in stack {
            let m = cx.rt.modules.get(s);
            m.status.set(Status::Unlinked);
            m.body.borrow_mut().take();
        }
        return Err(e);
    }
    Ok(())
}

/// InnerModuleLinking (§16.2.1.5.2.1).
fn inner_link(cx: &Cx, id: u32, stack: &mut Vec<u32>, index: u32) -> JsResult<u32> {
    cx.check_stack()?;
    let m = cx.rt.modules.get(id);
    if m.status.get() != Status::Unlinked {
        return Ok(index);
    }
    m.status.set(Status::Linking);
    m.dfs_index.set(index);
    m.dfs_ancestor.set(index);
    let mut index = index + 1;
    stack.push(id);
    let deps = m.deps.borrow().clone();
    for dep in deps {
        index = inner_link(cx, dep, stack, index)?;
        let d = cx.rt.modules.get(dep);
        if d.status.get() == Status::Linking {
            m.dfs_ancestor
                .set(m.dfs_ancestor.get().min(d.dfs_ancestor.get()));
        }
    }
    initialize_environment(cx, &m)?;
    if m.dfs_ancestor.get() == m.dfs_index.get() {
        while let Some(s) = stack.pop() {
            cx.rt.modules.get(s).status.set(Status::Linked);
            if s == id {
                break;
            }
        }
    }
    Ok(index)
}

/// Evaluate (§16.2.1.5.3): the promise of the module's evaluation.
pub(crate) fn evaluate(cx: &Cx, id: u32) -> JsResult<Value> {
    let mut m = cx.rt.modules.get(id);
    if matches!(m.status.get(), Status::EvaluatingAsync | Status::Evaluated) {
        m = cx.rt.modules.get(m.cycle_root.get());
    }
    if let Some(cap) = m.top_cap.borrow().as_ref() {
        return Ok(cap[0].clone());
    }
    let (p, resolve, reject) = promise::new_pending(cx);
    *m.top_cap.borrow_mut() = Some([p.clone(), resolve.clone(), reject.clone()]);
    let mut stack = Vec::new();
    match inner_eval(cx, m.id, &mut stack, 0) {
        Err(e) => {
            if cx.rt.interrupted.get() {
                return Err(e);
            }
            for s in stack {
                let sm = cx.rt.modules.get(s);
                sm.status.set(Status::Evaluated);
                *sm.error.borrow_mut() = Some(e.clone());
            }
            if m.error.borrow().is_none() {
                *m.error.borrow_mut() = Some(e.clone());
                m.status.set(Status::Evaluated);
            }
            cx.call(&reject, &Value::Undefined, &[e])?;
        }
        Ok(_) => {
            if m.async_eval.get() == 0 {
                cx.call(&resolve, &Value::Undefined, &[Value::Undefined])?;
            }
        }
    }
    Ok(p)
}

/// InnerModuleEvaluation (§16.2.1.5.3.1).
fn inner_eval(cx: &Cx, id: u32, stack: &mut Vec<u32>, index: u32) -> JsResult<u32> {
    cx.check_stack()?;
    let m = cx.rt.modules.get(id);
    match m.status.get() {
        Status::EvaluatingAsync | Status::Evaluated => {
            return match m.error.borrow().as_ref() {
                Some(e) => Err(e.clone()),
                None => Ok(index),
            };
        }
        Status::Evaluating => return Ok(index),
        Status::Linked => {}
        _ => return cx.type_error("module is not linked"),
    }
    m.status.set(Status::Evaluating);
    m.dfs_index.set(index);
    m.dfs_ancestor.set(index);
    m.pending_deps.set(0);
    let mut index = index + 1;
    stack.push(id);
    // A deferred request evaluates only its asynchronous transitive
    // dependencies now.
    let mut list = Vec::new();
    for (i, &dep) in m.deps.borrow().iter().enumerate() {
        if m.info.requests.get(i).is_some_and(|r| r.defer) {
            for a in async_transitive_deps(cx, dep, &mut Vec::new())? {
                if !list.contains(&a) {
                    list.push(a);
                }
            }
        } else if !list.contains(&dep) {
            list.push(dep);
        }
    }
    for dep in list {
        index = inner_eval(cx, dep, stack, index)?;
        let mut d = cx.rt.modules.get(dep);
        if d.status.get() == Status::Evaluating {
            m.dfs_ancestor
                .set(m.dfs_ancestor.get().min(d.dfs_ancestor.get()));
        } else {
            d = cx.rt.modules.get(d.cycle_root.get());
            if let Some(e) = d.error.borrow().as_ref() {
                return Err(e.clone());
            }
        }
        if d.async_eval.get() != 0 {
            m.pending_deps.set(m.pending_deps.get() + 1);
            d.async_parents.borrow_mut().push(id);
        }
    }
    if m.pending_deps.get() > 0 || m.info.has_tla {
        let n = cx.rt.modules.async_counter.get() + 1;
        cx.rt.modules.async_counter.set(n);
        m.async_eval.set(n);
        if m.pending_deps.get() == 0 {
            execute_async(cx, &m)?;
        }
    } else {
        execute_sync(cx, &m)?;
    }
    if m.dfs_ancestor.get() == m.dfs_index.get() {
        while let Some(s) = stack.pop() {
            let sm = cx.rt.modules.get(s);
            sm.status.set(if sm.async_eval.get() == 0 {
                Status::Evaluated
            } else {
                Status::EvaluatingAsync
            });
            sm.cycle_root.set(id);
            if s == id {
                break;
            }
        }
    }
    Ok(index)
}

/// IsModuleSCCEvaluated (import defer): whether the module's whole strongly
/// connected component has finished evaluating. A module evaluated
/// synchronously inside a cycle whose root still awaits is not (its cycle
/// root is itself until its component completes).
fn scc_evaluated(cx: &Cx, m: &Module) -> bool {
    cx.rt.modules.get(m.cycle_root.get()).status.get() == Status::Evaluated
}

/// GatherAsynchronousTransitiveDependencies (import defer): the modules
/// with top-level `await`, or still awaiting as part of a cycle, that `id`
/// depends on (an evaluated module whose cycle root still awaits is
/// walked through to that root).
fn async_transitive_deps(cx: &Cx, id: u32, seen: &mut Vec<u32>) -> JsResult<Vec<u32>> {
    cx.check_stack()?;
    let mut out = Vec::new();
    if seen.contains(&id) {
        return Ok(out);
    }
    seen.push(id);
    let m = cx.rt.modules.get(id);
    if m.status.get() == Status::Evaluating || scc_evaluated(cx, &m) {
        return Ok(out);
    }
    if m.info.has_tla {
        out.push(id);
        return Ok(out);
    }
    let deps = m.deps.borrow().clone();
    for d in deps {
        for a in async_transitive_deps(cx, d, seen)? {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// ReadyForSyncExecution (import defer).
fn ready_for_sync_execution(cx: &Cx, id: u32, seen: &mut Vec<u32>) -> JsResult<bool> {
    cx.check_stack()?;
    if seen.contains(&id) {
        return Ok(true);
    }
    seen.push(id);
    let m = cx.rt.modules.get(id);
    if scc_evaluated(cx, &m) {
        return Ok(true);
    }
    if matches!(
        m.status.get(),
        Status::Evaluating | Status::EvaluatingAsync | Status::Evaluated
    ) {
        return Ok(false);
    }
    if m.info.has_tla {
        return Ok(false);
    }
    let deps = m.deps.borrow().clone();
    for d in deps {
        if !ready_for_sync_execution(cx, d, seen)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// EnsureDeferredNamespaceEvaluation: using a deferred namespace evaluates
/// its module, synchronously.
pub(crate) fn ensure_deferred_evaluation(cx: &Cx, id: u32) -> JsResult<()> {
    let m = cx.rt.modules.get(id);
    if m.status.get() != Status::Evaluated && !ready_for_sync_execution(cx, id, &mut Vec::new())? {
        return cx.type_error("the deferred module cannot be evaluated synchronously now");
    }
    let p = evaluate(cx, id)?;
    match promise_state(&p) {
        Some((promise::State::Rejected, e)) => Err(e),
        _ => Ok(()),
    }
}

/// Starts the suspended body; returns the promise of its completion.
fn start_body(cx: &Cx, m: &Module) -> JsResult<Value> {
    let body = m.body.borrow_mut().take();
    match body {
        Some(g) => Ok(crate::builtins::async_function::start(cx, g)),
        None => {
            let (p, resolve, _) = promise::new_pending(cx);
            cx.call(&resolve, &Value::Undefined, &[Value::Undefined])?;
            Ok(p)
        }
    }
}

/// ExecuteModule() of a module without top-level `await`: runs the body to
/// its end.
fn execute_sync(cx: &Cx, m: &Module) -> JsResult<()> {
    let p = start_body(cx, m)?;
    if let Value::Object(o) = &p
        && let Class::Promise(pd) = &mut o.d.borrow_mut().class
    {
        match pd.state {
            promise::State::Fulfilled => return Ok(()),
            promise::State::Rejected => {
                pd.handled = true;
                return Err(pd.result.clone());
            }
            promise::State::Pending => {}
        }
    }
    // Only an interruption leaves the body unfinished.
    Err(cx.make_error(ErrorKind::Error, "module evaluation was interrupted"))
}

/// ExecuteAsyncModule (§16.2.1.5.3.3).
fn execute_async(cx: &Cx, m: &Module) -> JsResult<()> {
    let p = start_body(cx, m)?;
    let Value::Object(p) = p else { return Ok(()) };
    let id = Value::Int(m.id as i32);
    let on_ok = promise::closure(cx, async_fulfilled, 0, vec![id.clone()]);
    let on_err = promise::closure(cx, async_rejected, 1, vec![id]);
    promise::then_internal(cx, &p, Value::Object(on_ok), Value::Object(on_err));
    Ok(())
}

fn captured_id(args: &Args) -> u32 {
    match promise::captured(args, 0) {
        Value::Int(i) => i as u32,
        _ => 0,
    }
}

fn async_fulfilled(cx: Cx, args: &Args) -> JsResult<Value> {
    async_module_fulfilled(&cx, captured_id(args))?;
    Ok(Value::Undefined)
}

fn async_rejected(cx: Cx, args: &Args) -> JsResult<Value> {
    async_module_rejected(&cx, captured_id(args), args.get(0))?;
    Ok(Value::Undefined)
}

/// AsyncModuleExecutionFulfilled (§16.2.1.5.3.4).
fn async_module_fulfilled(cx: &Cx, id: u32) -> JsResult<()> {
    let m = cx.rt.modules.get(id);
    if m.status.get() == Status::Evaluated {
        return Ok(());
    }
    m.async_eval.set(0);
    m.status.set(Status::Evaluated);
    let cap = m.top_cap.borrow().clone();
    if let Some(cap) = cap {
        cx.call(&cap[1], &Value::Undefined, &[Value::Undefined])?;
    }
    let mut exec = Vec::new();
    gather_available_ancestors(cx, id, &mut exec)?;
    let mut sorted: Vec<(u64, u32)> = exec
        .iter()
        .map(|&e| (cx.rt.modules.get(e).async_eval.get(), e))
        .collect();
    sorted.sort();
    for (_, e) in sorted {
        let em = cx.rt.modules.get(e);
        if em.status.get() == Status::Evaluated {
            continue;
        }
        if em.info.has_tla {
            execute_async(cx, &em)?;
            continue;
        }
        match execute_sync(cx, &em) {
            Err(err) => async_module_rejected(cx, e, err)?,
            Ok(()) => {
                em.async_eval.set(0);
                em.status.set(Status::Evaluated);
                let cap = em.top_cap.borrow().clone();
                if let Some(cap) = cap {
                    cx.call(&cap[1], &Value::Undefined, &[Value::Undefined])?;
                }
            }
        }
    }
    Ok(())
}

/// GatherAvailableAncestors (§16.2.1.5.3.2).
fn gather_available_ancestors(cx: &Cx, id: u32, exec: &mut Vec<u32>) -> JsResult<()> {
    cx.check_stack()?;
    let parents = cx.rt.modules.get(id).async_parents.borrow().clone();
    for p in parents {
        let pm = cx.rt.modules.get(p);
        let root = cx.rt.modules.get(pm.cycle_root.get());
        if exec.contains(&p) || root.error.borrow().is_some() {
            continue;
        }
        let n = pm.pending_deps.get().saturating_sub(1);
        pm.pending_deps.set(n);
        if n == 0 {
            exec.push(p);
            if !pm.info.has_tla {
                gather_available_ancestors(cx, p, exec)?;
            }
        }
    }
    Ok(())
}

/// AsyncModuleExecutionRejected (§16.2.1.5.3.5).
fn async_module_rejected(cx: &Cx, id: u32, error: Value) -> JsResult<()> {
    cx.check_stack()?;
    let m = cx.rt.modules.get(id);
    if m.status.get() == Status::Evaluated {
        return Ok(());
    }
    *m.error.borrow_mut() = Some(error.clone());
    m.status.set(Status::Evaluated);
    // The module's own capability is rejected before its parents' (the
    // order test262's rejection-order test checks).
    let cap = m.top_cap.borrow().clone();
    if let Some(cap) = cap {
        cx.call(&cap[2], &Value::Undefined, std::slice::from_ref(&error))?;
    }
    let parents = m.async_parents.borrow().clone();
    for p in parents {
        async_module_rejected(cx, p, error.clone())?;
    }
    Ok(())
}

/// `import.meta` of the module of referrer `r`: an object with a null
/// prototype, created on first use (§13.3.12.1) and then given to the
/// embedder's hook (HostGetImportMetaProperties and
/// HostFinalizeImportMeta, §16.2.1.12-13) to fill.
pub(crate) fn import_meta(cx: &Cx, r: u32) -> JsResult<Value> {
    let (_, module) = cx.rt.modules.referrer(r);
    let Some(id) = module else {
        return Ok(Value::Undefined);
    };
    let m = cx.rt.modules.get(id);
    if let Some(o) = m.meta.borrow().as_ref() {
        return Ok(Value::Object(o.clone()));
    }
    let o = object::new_object(*cx, None, Class::Object);
    *m.meta.borrow_mut() = Some(o.clone());
    let hook = cx.rt.import_meta_hook.borrow().clone();
    if let Some(hook) = hook {
        crate::api::fill_import_meta(cx, &hook, &m.name, &o)?;
    }
    Ok(Value::Object(o))
}

/// Loads, links and evaluates a root module given as source text.
/// Returns the record and the promise of its evaluation; a syntax error
/// in the root itself is `Err(Ok(..))`.
pub(crate) fn run_root(
    cx: &Cx,
    source: &str,
    name: &str,
) -> Result<(u32, Value), Result<crate::compiler::CompileError, Value>> {
    let id = create_source(cx, name, source, None)?;
    load_graph(cx, id).map_err(Err)?;
    link(cx, id).map_err(Err)?;
    let p = evaluate(cx, id).map_err(Err)?;
    Ok((id, p))
}

/// The promise's state and result.
pub(crate) fn promise_state(p: &Value) -> Option<(promise::State, Value)> {
    let Value::Object(o) = p else { return None };
    let mut d = o.d.borrow_mut();
    let Class::Promise(pd) = &mut d.class else {
        return None;
    };
    if pd.state == promise::State::Rejected {
        pd.handled = true;
    }
    Some((pd.state, pd.result.clone()))
}

/// EvaluateImportCall (§13.3.10.1) from the code of referrer `r`.
pub(crate) fn dynamic_import(
    cx: &Cx,
    r: u32,
    specifier: Value,
    options: Value,
    phase: u8,
) -> Value {
    let (name, _) = cx.rt.modules.referrer(r);
    import_from(cx, &name, specifier, options, phase)
}

/// EvaluateImportCall from code named `name` (the module specifier is
/// resolved against it), in the realm of `cx`: the promise of the
/// namespace (`phase` 2: deferred namespace; 1: the module source).
pub(crate) fn import_from(
    cx: &Cx,
    name: &str,
    specifier: Value,
    options: Value,
    phase: u8,
) -> Value {
    let (p, resolve, reject) = promise::new_pending(cx);
    let started = start_import(cx, name, specifier, options);
    if phase == 1 {
        // The source phase: the module's source object, neither linked
        // nor evaluated.
        match started.and_then(|id| module_source(cx, id)) {
            Ok(o) => {
                let _ = cx.call(&resolve, &Value::Undefined, &[Value::Object(o)]);
            }
            Err(e) => {
                let _ = cx.call(&reject, &Value::Undefined, &[e]);
            }
        }
        return p;
    }
    match started {
        Err(e) => {
            let _ = cx.call(&reject, &Value::Undefined, &[e]);
        }
        Ok(id) => {
            // ContinueDynamicImport: link and evaluate once the (already
            // loaded) graph's promise settles, in a job.
            let cont = promise::closure(
                cx,
                import_continue,
                0,
                vec![
                    Value::Int(id as i32),
                    resolve,
                    reject.clone(),
                    Value::Bool(phase == 2),
                ],
            );
            match promise::resolve_intrinsic(cx, Value::Undefined) {
                Ok(rp) => promise::then_internal(cx, &rp, Value::Object(cont), reject),
                Err(e) => {
                    let _ = cx.call(&reject, &Value::Undefined, &[e]);
                }
            }
        }
    }
    p
}

/// Steps 5-11 of EvaluateImportCall, then the load of the graph.
fn start_import(cx: &Cx, name: &str, specifier: Value, options: Value) -> JsResult<u32> {
    let spec = cx.to_string(&specifier)?.to_rust_string();
    let mut ty = None;
    if !matches!(options, Value::Undefined) {
        let Value::Object(o) = &options else {
            return cx.type_error("the options of import() must be an object");
        };
        let with = object::get_prop(cx, o, cx.intern("with"))?;
        if !matches!(with, Value::Undefined) {
            let Value::Object(w) = &with else {
                return cx.type_error("the 'with' option of import() must be an object");
            };
            let mut attrs = Vec::new();
            for k in object::own_keys(cx, w)? {
                if cx.rt.atoms.is_symbol(k) {
                    continue;
                }
                let Some(d) = object::get_own_property(cx, w, k)? else {
                    continue;
                };
                if d.enumerable != Some(true) {
                    continue;
                }
                let v = object::get_prop(cx, w, k)?;
                let Value::String(s) = v else {
                    return cx.type_error("import attribute values must be strings");
                };
                attrs.push((cx.rt.atom_name(k), s.to_rust_string()));
            }
            for (k, v) in attrs {
                if k != "type" {
                    return cx.type_error(&format!("unsupported import attribute '{k}'"));
                }
                ty = Some(v);
            }
        }
    }
    let req = ModuleRequest {
        specifier: spec,
        ty,
        defer: false,
    };
    let id = load_request(cx, name, &req)?;
    load_graph(cx, id)?;
    Ok(id)
}

/// Link and evaluate a dynamically imported module: [id, resolve, reject].
fn import_continue(cx: Cx, args: &Args) -> JsResult<Value> {
    let id = captured_id(args);
    let resolve = promise::captured(args, 1);
    let reject = promise::captured(args, 2);
    if promise::captured(args, 3).to_boolean() {
        return import_defer_continue(&cx, id, resolve, reject);
    }
    let evaluated = link(&cx, id).and_then(|()| evaluate(&cx, id));
    match evaluated {
        Err(e) => {
            cx.call(&reject, &Value::Undefined, &[e])?;
        }
        Ok(Value::Object(ep)) => {
            let done = promise::closure(
                &cx,
                import_resolve_namespace,
                0,
                vec![Value::Int(id as i32), resolve, reject.clone()],
            );
            promise::then_internal(&cx, &ep, Value::Object(done), reject);
        }
        Ok(_) => {}
    }
    Ok(Value::Undefined)
}

/// `import.defer()` once loaded: link, evaluate the asynchronous
/// dependencies, then resolve with the deferred namespace.
fn import_defer_continue(cx: &Cx, id: u32, resolve: Value, reject: Value) -> JsResult<Value> {
    let started = link(cx, id).and_then(|()| {
        let list = async_transitive_deps(cx, id, &mut Vec::new())?;
        let mut promises = Vec::new();
        for m in list {
            promises.push(evaluate(cx, m)?);
        }
        Ok(promises)
    });
    match started {
        Err(e) => {
            cx.call(&reject, &Value::Undefined, &[e])?;
        }
        Ok(promises) => wait_all_then_namespace(cx, id, promises, resolve, reject)?,
    }
    Ok(Value::Undefined)
}

/// Waits for each promise in turn, then resolves with the deferred
/// namespace of `id`; the first rejection rejects.
fn wait_all_then_namespace(
    cx: &Cx,
    id: u32,
    mut promises: Vec<Value>,
    resolve: Value,
    reject: Value,
) -> JsResult<()> {
    let Some(Value::Object(first)) = promises.pop() else {
        match namespace_phase(cx, id, true) {
            Ok(ns) => cx.call(&resolve, &Value::Undefined, &[Value::Object(ns)])?,
            Err(e) => cx.call(&reject, &Value::Undefined, &[e])?,
        };
        return Ok(());
    };
    let mut data = vec![Value::Int(id as i32), resolve, reject.clone()];
    data.extend(promises);
    let next = promise::closure(cx, import_defer_wait, 0, data);
    promise::then_internal(cx, &first, Value::Object(next), reject);
    Ok(())
}

/// [id, resolve, reject, promises still to wait for...]
fn import_defer_wait(cx: Cx, args: &Args) -> JsResult<Value> {
    let id = captured_id(args);
    let mut rest = Vec::new();
    let mut i = 3;
    loop {
        match promise::captured(args, i) {
            Value::Undefined => break,
            v => rest.push(v),
        }
        i += 1;
    }
    wait_all_then_namespace(
        &cx,
        id,
        rest,
        promise::captured(args, 1),
        promise::captured(args, 2),
    )?;
    Ok(Value::Undefined)
}

fn import_resolve_namespace(cx: Cx, args: &Args) -> JsResult<Value> {
    let id = captured_id(args);
    match namespace(&cx, id) {
        Ok(ns) => cx.call(
            &promise::captured(args, 1),
            &Value::Undefined,
            &[Value::Object(ns)],
        )?,
        Err(e) => cx.call(&promise::captured(args, 2), &Value::Undefined, &[e])?,
    };
    Ok(Value::Undefined)
}

/// The namespace of record `id` as a value (for the API).
pub(crate) fn namespace_value(cx: &Cx, id: u32) -> JsResult<Value> {
    namespace(cx, id).map(Value::Object)
}
