//! Module resolution and loading for the shell: files relative to the
//! importing file, and the host modules `std` and `os` (also as `qjs:std`
//! and `qjs:os`).

use engine::{FileLoader, FileResolver, ModuleLoader, ModuleResolver, ModuleSource, Runtime};

/// The id of a host module named by `specifier`, if it names one.
fn host_module(specifier: &str) -> Option<&'static str> {
    match specifier {
        "std" | "qjs:std" => Some("qjs:std"),
        "os" | "qjs:os" => Some("qjs:os"),
        _ => None,
    }
}

struct Resolver;

impl ModuleResolver for Resolver {
    fn resolve(&self, specifier: &str, referrer: &str) -> Result<String, String> {
        match host_module(specifier) {
            Some(id) => Ok(id.to_string()),
            None => FileResolver.resolve(specifier, referrer),
        }
    }
}

struct Loader(FileLoader);

impl ModuleLoader for Loader {
    fn load(&self, id: &str) -> Result<ModuleSource, String> {
        match id {
            "qjs:std" => Ok(ModuleSource::Native(crate::std_module::module())),
            "qjs:os" => Ok(ModuleSource::Native(crate::os_module::module())),
            _ => self.0.load(id),
        }
    }
}

/// Installs the resolver, the loader and the `import.meta` hook:
/// `import.meta.url` is the module file's `file://` URL and
/// `import.meta.main` says whether it is the file the shell was given, as
/// in QuickJS.
pub fn install(rt: &Runtime, main: Option<&str>) {
    rt.set_module_resolver(Some(Box::new(Resolver)));
    rt.set_module_loader(Some(Box::new(Loader(FileLoader::new()))));
    let main = main.map(|m| std::fs::canonicalize(m).unwrap_or_else(|_| m.into()));
    rt.set_import_meta_hook(Some(Box::new(move |ctx, id, meta| {
        let path = std::fs::canonicalize(id).unwrap_or_else(|_| id.into());
        let url = ctx.new_string(&format!("file://{}", path.display()));
        let is_main = main.as_deref() == Some(path.as_path());
        meta.set(ctx, "url", &url).map_err(|e| e.value)?;
        meta.set(ctx, "main", &is_main.into()).map_err(|e| e.value)
    })));
}
