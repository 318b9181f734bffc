//! The shell end to end: files run as scripts or modules, module imports
//! resolve relative to the importing file, `import.meta` is filled, and an
//! uncaught error sets the exit status.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory with `files` written into it.
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Runs the shell in `dir` with `args`: (exit success, stdout, stderr).
fn shell(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cli"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run the shell");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn modules_resolve_relative_to_the_importer_and_see_import_meta() {
    let dir = tree(
        "modules",
        &[
            (
                "app/main.mjs",
                "import { x } from './lib/x.mjs';\nprint(x, import.meta.main, import.meta.url.endsWith('/app/main.mjs'));\nimport('./lib/x.mjs').then(m => print('dynamic', m.x));\n",
            ),
            (
                "app/lib/x.mjs",
                "import { y } from '../y.js';\nexport const x = y * 2;\nprint('x.mjs main:', import.meta.main);\n",
            ),
            ("app/y.js", "export const y = 21;\n"),
            (
                "script.js",
                "import('./app/lib/x.mjs').then(m => print('from a script', m.x));\n",
            ),
            ("as-module.js", "print(typeof import.meta);\n"),
        ],
    );
    let (ok, out, err) = shell(&dir, &["app/main.mjs"]);
    assert!(ok, "{err}");
    assert_eq!(out, "x.mjs main: false\n42 true true\ndynamic 42\n");
    let (ok, out, err) = shell(&dir, &["script.js"]);
    assert!(ok, "{err}");
    assert_eq!(out, "x.mjs main: false\nfrom a script 42\n");
    let (ok, out, err) = shell(&dir, &["-m", "as-module.js"]);
    assert!(ok, "{err}");
    assert_eq!(out, "object\n");
    // A classic script cannot use import.meta.
    let (ok, _, err) = shell(&dir, &["as-module.js"]);
    assert!(!ok);
    assert!(err.contains("SyntaxError"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_import_names_the_module_and_its_importer() {
    let dir = tree("missing", &[("main.mjs", "import './nowhere.mjs';\n")]);
    let (ok, _, err) = shell(&dir, &["main.mjs"]);
    assert!(!ok);
    assert!(
        err.contains("nowhere.mjs") && err.contains("main.mjs"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
