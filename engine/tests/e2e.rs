//! Runs every `tests/js/*.js` file (and every `*.mjs` file, as a module whose
//! imports resolve relative to it) and compares its printed output with the
//! matching `.out` file, after the queued jobs (promise reactions) have run.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use engine::{Context, EvalOptions, FileLoader, JsValue, Runtime};

/// Module files resolved relative to the importing file (or to `dir` for
/// the root, whose name is relative) and read from disk.
fn file_loader(rt: &Runtime, dir: &Path) {
    let dir = dir.to_path_buf();
    rt.set_module_resolver(Some(Box::new(move |specifier: &str, referrer: &str| {
        let base = Path::new(referrer)
            .parent()
            .filter(|p| p.is_absolute())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dir.clone());
        let joined = base.join(specifier);
        let path = std::fs::canonicalize(&joined).unwrap_or(joined);
        Ok(path.to_string_lossy().into_owned())
    })));
    rt.set_module_loader(Some(Box::new(FileLoader::new())));
}

fn run_file(path: &Path, gc_stress: Option<u32>) -> String {
    let src = std::fs::read_to_string(path).expect("read test file");
    let rt = Runtime::new();
    rt.set_gc_stress(gc_stress);
    let ctx = Context::new(&rt);
    let out = Rc::new(RefCell::new(String::new()));
    let sink = out.clone();
    ctx.set_global_function(
        "print",
        1,
        move |ctx: &Context, _this: &JsValue, args: &[JsValue]| {
            let parts: Vec<String> = args
                .iter()
                .map(|a| ctx.to_string(a).unwrap_or_default())
                .collect();
            let mut o = sink.borrow_mut();
            o.push_str(&parts.join(" "));
            o.push('\n');
            Ok(JsValue::undefined())
        },
    );
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("test.js");
    let module = path.extension().is_some_and(|x| x == "mjs");
    if module {
        file_loader(&rt, path.parent().unwrap_or(Path::new(".")));
    }
    let opts = EvalOptions {
        strict: module,
        module,
    };
    let result = ctx
        .eval_with(&src, name, opts)
        .and_then(|_| rt.run_pending_jobs().map(|_| ()));
    rt.set_module_loader(None);
    if let Err(e) = result {
        out.borrow_mut()
            .push_str(&format!("Uncaught {}\n", e.message));
    }

    out.borrow().clone()
}

#[test]
fn js_files_match_expected_output() {
    check_all(None);
}

/// The same files with the cycle collector running before every
/// allocation: the output must not change.
#[test]
fn js_files_match_expected_output_under_gc_stress() {
    check_all(Some(1));
}

fn check_all(gc_stress: Option<u32>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/js exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "js" || x == "mjs"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for f in &files {
        let expected =
            std::fs::read_to_string(f.with_extension("out")).expect("expected output file");
        let actual = run_file(f, gc_stress);
        if actual != expected {
            let first_diff = actual
                .lines()
                .zip(expected.lines())
                .position(|(a, e)| a != e)
                .unwrap_or(actual.lines().count().min(expected.lines().count()));
            failures.push(format!(
                "{}: first difference at line {}\n  actual:   {:?}\n  expected: {:?}",
                f.display(),
                first_diff + 1,
                actual.lines().nth(first_diff),
                expected.lines().nth(first_diff)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
