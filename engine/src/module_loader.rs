//! How the embedder supplies modules: a [`ModuleResolver`] turns an import
//! specifier and the importing module's id into a module id, and a
//! [`ModuleLoader`] turns an id into a [`ModuleSource`] (source text, raw
//! bytes, or a [`NativeModule`] whose exports are Rust values and
//! functions). Ready implementations cover the file system
//! ([`FileResolver`], [`FileLoader`]) and an in-memory map
//! ([`MemoryLoader`], with the lexical [`RelativeResolver`]).
//!
//! These are the host hooks of ECMA-262 §16.2.1.10 (HostLoadImportedModule):
//! <https://tc39.es/ecma262/#sec-HostLoadImportedModule>. The engine keeps
//! one record per (id, module type) for the runtime's whole life, so a
//! loader is asked for each id at most once per type.
//!
//! ```
//! use engine::{Context, MemoryLoader, NativeModule, Runtime};
//!
//! let rt = Runtime::new();
//! let loader = MemoryLoader::new()
//!     .with_module("lib/math.js", "export const twice = (x) => 2 * x;")
//!     .with_native(
//!         "host",
//!         NativeModule::new(|ctx| {
//!             let version = ctx.new_string("1.0");
//!             let add = ctx.new_function("add", 2, |_, _, args| {
//!                 let a = args.first().and_then(|v| v.as_f64()).unwrap_or(0.0);
//!                 let b = args.get(1).and_then(|v| v.as_f64()).unwrap_or(0.0);
//!                 Ok((a + b).into())
//!             });
//!             Ok(vec![("version".into(), version), ("add".into(), add.into())])
//!         }),
//!     );
//! rt.set_module_loader(Some(Box::new(loader)));
//! let ctx = Context::new(&rt);
//! let m = ctx
//!     .eval_module(
//!         "import { twice } from './lib/math.js'; import { add, version } from 'host';
//!          export const r = twice(add(1, 2)) + ' ' + version;",
//!         "main.js",
//!     )
//!     .unwrap();
//! let r = m.namespace.get(&ctx, "r").unwrap();
//! assert_eq!(r.as_string().as_deref(), Some("6 1.0"));
//! ```

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use crate::api::{Context, JsValue};

/// Turns an import specifier into a module id, given the id of the module
/// (or the name of the script) that imports it.
///
/// Closures `Fn(&str, &str) -> Result<String, String>` taking the
/// specifier then the referrer are resolvers too.
pub trait ModuleResolver {
    /// The id of the module `specifier` names when imported by `referrer`,
    /// or a message saying why it cannot be resolved.
    fn resolve(&self, specifier: &str, referrer: &str) -> Result<String, String>;
}

impl<F: Fn(&str, &str) -> Result<String, String>> ModuleResolver for F {
    fn resolve(&self, specifier: &str, referrer: &str) -> Result<String, String> {
        self(specifier, referrer)
    }
}

/// Produces a module from its id.
///
/// Closures `Fn(&str) -> Result<ModuleSource, String>` are loaders too.
pub trait ModuleLoader {
    /// The module with id `id` (as a resolver returned it), or a message
    /// saying why it cannot be loaded.
    fn load(&self, id: &str) -> Result<ModuleSource, String>;
}

impl<F: Fn(&str) -> Result<ModuleSource, String>> ModuleLoader for F {
    fn load(&self, id: &str) -> Result<ModuleSource, String> {
        self(id)
    }
}

/// What a loader produces.
pub enum ModuleSource {
    /// Source text: JavaScript, or the text of a JSON or text module when
    /// the import says `with { type: "json" }` or `"text"`.
    Text(String),
    /// Raw bytes, for `with { type: "bytes" }` imports (other module types
    /// need valid UTF-8).
    Bytes(Vec<u8>),
    /// A module whose exports come from Rust.
    Native(NativeModule),
}

/// The result of a native module's initializer: its exports by name, or a
/// thrown value.
pub type NativeExports = Result<Vec<(String, JsValue)>, JsValue>;

/// A module defined in Rust: when first imported, its initializer runs once
/// in the importing realm and returns the module's named exports (values,
/// objects, functions made with [`Context::new_function`]). The exports are
/// constant bindings. An initializer that returns `Err` makes the import
/// fail with that value.
///
/// A native module may also have a *source* representation
/// ([`NativeModule::with_source`]), which `import source x from` and
/// `import.source()` give (source phase imports; JavaScript modules have
/// none, so importing their source throws a `SyntaxError`).
#[derive(Clone)]
pub struct NativeModule {
    pub(crate) init: Rc<dyn Fn(&Context) -> NativeExports>,
    /// `[[ModuleSourceClassName]]` of the module's source object, if any.
    pub(crate) source_class: Option<Rc<str>>,
}

impl NativeModule {
    /// A native module built by `init`.
    pub fn new(init: impl Fn(&Context) -> NativeExports + 'static) -> NativeModule {
        NativeModule {
            init: Rc::new(init),
            source_class: None,
        }
    }

    /// Gives the module a module source object (what a source phase import
    /// of it produces): a new object, one per module instance, whose
    /// prototype (one per realm and class name) inherits from
    /// `%AbstractModuleSource%.prototype` and whose `@@toStringTag` is
    /// `class_name`, like `WebAssembly.Module` for a WebAssembly module.
    pub fn with_source(mut self, class_name: &str) -> NativeModule {
        self.source_class = Some(Rc::from(class_name));
        self
    }
}

/// Joins `specifier` to the directory of `referrer` when it starts with
/// `./`, `../` or `/`, removing `.` and `..` segments, and leaves other
/// ("bare") specifiers unchanged. Purely textual: nothing is read.
pub fn resolve_relative(specifier: &str, referrer: &str) -> String {
    let relative = specifier.starts_with("./") || specifier.starts_with("../");
    if !relative && !specifier.starts_with('/') {
        return specifier.to_string();
    }
    let (base, absolute) = if relative {
        let dir = referrer.rfind('/').map_or("", |i| &referrer[..i]);
        (dir, referrer.starts_with('/'))
    } else {
        ("", true)
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in base.split('/').chain(specifier.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(&p) if p != "..") {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The resolver used when none is installed: [`resolve_relative`], for
/// module ids that look like paths (in a [`MemoryLoader`], for example).
#[derive(Clone, Copy, Debug, Default)]
pub struct RelativeResolver;

impl ModuleResolver for RelativeResolver {
    fn resolve(&self, specifier: &str, referrer: &str) -> Result<String, String> {
        Ok(resolve_relative(specifier, referrer))
    }
}

/// Resolves specifiers starting with `./`, `../` or `/` as file paths
/// relative to the importing file's directory, made canonical (so one file
/// is one module however it is named); bare specifiers are paths relative
/// to the current directory, as in QuickJS. A file that does not exist
/// keeps its joined path (the loader then reports it).
#[derive(Clone, Copy, Debug, Default)]
pub struct FileResolver;

impl ModuleResolver for FileResolver {
    fn resolve(&self, specifier: &str, referrer: &str) -> Result<String, String> {
        let path = Path::new(specifier);
        let relative = specifier.starts_with("./") || specifier.starts_with("../");
        let joined = if relative {
            let dir = Path::new(referrer).parent().unwrap_or(Path::new(""));
            dir.join(path)
        } else {
            path.to_path_buf()
        };
        let resolved = std::fs::canonicalize(&joined).unwrap_or_else(|_| normalize(&joined));
        Ok(resolved.to_string_lossy().into_owned())
    }
}

/// `.` and `..` removed from a path without touching the file system.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// Loads module ids as file paths, optionally below a root directory.
#[derive(Clone, Debug, Default)]
pub struct FileLoader {
    root: Option<PathBuf>,
}

impl FileLoader {
    /// A loader reading ids as paths relative to the current directory
    /// (absolute ids as they are).
    pub fn new() -> FileLoader {
        FileLoader { root: None }
    }

    /// A loader reading ids as paths relative to `root`.
    pub fn with_root(root: impl Into<PathBuf>) -> FileLoader {
        FileLoader {
            root: Some(root.into()),
        }
    }
}

impl ModuleLoader for FileLoader {
    fn load(&self, id: &str) -> Result<ModuleSource, String> {
        let path = match &self.root {
            Some(r) => r.join(id),
            None => PathBuf::from(id),
        };
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Ok(match String::from_utf8(bytes) {
            Ok(s) => ModuleSource::Text(s),
            Err(e) => ModuleSource::Bytes(e.into_bytes()),
        })
    }
}

/// Modules held in memory: source texts and native modules by id.
#[derive(Clone, Default)]
pub struct MemoryLoader {
    sources: HashMap<String, Rc<str>>,
    natives: HashMap<String, NativeModule>,
}

impl MemoryLoader {
    /// An empty loader.
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    /// Adds (or replaces) module `id` with source text `source`.
    pub fn with_module(mut self, id: &str, source: &str) -> MemoryLoader {
        self.add_module(id, source);
        self
    }

    /// Adds (or replaces) native module `id`.
    pub fn with_native(mut self, id: &str, module: NativeModule) -> MemoryLoader {
        self.add_native(id, module);
        self
    }

    /// Adds (or replaces) module `id` with source text `source`.
    pub fn add_module(&mut self, id: &str, source: &str) {
        self.natives.remove(id);
        self.sources.insert(id.to_string(), source.into());
    }

    /// Adds (or replaces) native module `id`.
    pub fn add_native(&mut self, id: &str, module: NativeModule) {
        self.sources.remove(id);
        self.natives.insert(id.to_string(), module);
    }
}

impl ModuleLoader for MemoryLoader {
    fn load(&self, id: &str) -> Result<ModuleSource, String> {
        if let Some(s) = self.sources.get(id) {
            return Ok(ModuleSource::Text(s.to_string()));
        }
        if let Some(n) = self.natives.get(id) {
            return Ok(ModuleSource::Native(n.clone()));
        }
        Err(format!("no module named '{id}'"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_specifiers_join_the_referrer_directory() {
        assert_eq!(resolve_relative("./b.js", "dir/a.js"), "dir/b.js");
        assert_eq!(resolve_relative("../b.js", "dir/sub/a.js"), "dir/b.js");
        assert_eq!(resolve_relative("./x/../b.js", "a.js"), "b.js");
        assert_eq!(resolve_relative("../b.js", "a.js"), "../b.js");
        assert_eq!(resolve_relative("../../b.js", "d/a.js"), "../b.js");
        assert_eq!(resolve_relative("./b.js", "/root/a.js"), "/root/b.js");
        assert_eq!(resolve_relative("../../b.js", "/a.js"), "/b.js");
        assert_eq!(resolve_relative("/abs/./c.js", "dir/a.js"), "/abs/c.js");
        assert_eq!(resolve_relative("bare", "dir/a.js"), "bare");
        assert_eq!(resolve_relative("bare/x.js", "dir/a.js"), "bare/x.js");
        assert_eq!(resolve_relative("./b.js", "./d/../e/a.js"), "e/b.js");
    }

    #[test]
    fn memory_loader_serves_sources_and_natives() {
        let l = MemoryLoader::new()
            .with_module("a", "export default 1")
            .with_native("n", NativeModule::new(|_| Ok(Vec::new())));
        assert!(matches!(l.load("a"), Ok(ModuleSource::Text(s)) if s == "export default 1"));
        assert!(matches!(l.load("n"), Ok(ModuleSource::Native(_))));
        assert!(l.load("missing").is_err());
    }

    #[test]
    fn file_paths_normalize_without_the_file_system() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.js")),
            PathBuf::from("a/c.js")
        );
        let r = FileResolver
            .resolve("./missing-dir/x.js", "/nonexistent/base/a.js")
            .unwrap();
        assert_eq!(r, "/nonexistent/base/missing-dir/x.js");
    }
}
