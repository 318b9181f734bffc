//! End-to-end runs of the runner binary on a tiny suite.
//!
//! These checks hold whatever the engine's results are: they concern
//! discovery, skipping, the JSON report and the ratchet's file handling.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const RUNNER: &str = env!("CARGO_BIN_EXE_test262-runner");

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A small suite in a fresh temporary directory.
fn suite(name: &str) -> PathBuf {
    let root =
        std::env::temp_dir().join(format!("test262-runner-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    write(&root, "REVISION", "0123abcd\nsome date\n");
    write(
        &root,
        "harness/assert.js",
        "function assert(c) { if (!c) throw new Error('assert'); }\n",
    );
    write(
        &root,
        "harness/sta.js",
        "function $DONOTEVALUATE() { throw 'no'; }\n",
    );
    write(
        &root,
        "harness/doneprintHandle.js",
        "function $DONE() { print('Test262:AsyncTestComplete'); }\n",
    );
    write(
        &root,
        "test/a/plain.js",
        "/*---\ndescription: x\n---*/\nassert(1 + 1 === 2);\n",
    );
    write(
        &root,
        "test/a/strict.js",
        "/*---\nflags: [onlyStrict]\n---*/\nassert(true);\n",
    );
    write(&root, "test/a/dep_FIXTURE.js", "export default 1;\n");
    write(
        &root,
        "test/a/mod.js",
        "/*---\nflags: [module]\n---*/\nimport x from './dep_FIXTURE.js';\nassert(x === 1);\n",
    );
    write(
        &root,
        "test/b/temporal.js",
        "/*---\nfeatures: [Temporal]\n---*/\nTemporal.Now;\n",
    );
    write(
        &root,
        "test/c/broken.js",
        "/*---\nflags: [noSuchFlag]\n---*/\n",
    );
    write(
        &root,
        "test/intl402/i.js",
        "/*---\nflags: [noStrict]\n---*/\nIntl;\n",
    );
    root
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(RUNNER)
        .arg("--test262-dir")
        .arg(root)
        .args(["-j", "2"])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn json_report_and_skips() {
    let root = suite("json");
    let exp = root.join("expectations.txt");
    let json = root.join("out.json");
    let o = run(
        &root,
        &[
            "--expectations",
            exp.to_str().unwrap(),
            "--json",
            json.to_str().unwrap(),
        ],
    );
    let out = stdout(&o);
    let last = out.lines().last().unwrap();
    assert!(last.ends_with("failed, 3 skipped"), "{out}");
    let json = std::fs::read_to_string(&json).unwrap();
    assert!(
        json.starts_with("{\"revision\": \"0123abcd\", \"summary\": {"),
        "{json}"
    );
    for needle in [
        "{\"path\": \"a/plain.js\", \"mode\": \"sloppy\"",
        "{\"path\": \"a/plain.js\", \"mode\": \"strict\"",
        "{\"path\": \"a/strict.js\", \"mode\": \"strict\"",
        "{\"path\": \"a/mod.js\", \"mode\": \"module\"",
        "{\"path\": \"b/temporal.js\", \"mode\": \"sloppy\", \"outcome\": \"skip\", \"edition\": 99",
        "{\"path\": \"c/broken.js\", \"mode\": \"sloppy\", \"outcome\": \"fail\"",
        "{\"path\": \"intl402/i.js\", \"mode\": \"sloppy\", \"outcome\": \"skip\", \"edition\": 5",
    ] {
        assert!(json.contains(needle), "missing {needle} in {json}");
    }
    assert!(!json.contains("a/strict.js\", \"mode\": \"sloppy\""));
    assert!(!json.contains("_FIXTURE"));
    assert!(!json.contains("intl402/i.js\", \"mode\": \"strict\""));
    // 4 runs in a/, 2 skipped in b/, 2 in c/, 1 skipped in intl402/.
    assert_eq!(json.matches("\"path\"").count(), 9);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn ratchet_round_trip() {
    let root = suite("ratchet");
    let exp = root.join("expectations.txt");
    let exp_arg = exp.to_str().unwrap();

    // The broken test fails whatever the engine does: a new failure.
    let o = run(&root, &["--expectations", exp_arg, "c"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("NEW FAILURES (2)"));
    assert!(stdout(&o).contains("c/broken.js [sloppy] fail: front matter: unknown flag"));

    // --update records the failures, after which the run is clean.
    let o = run(&root, &["--expectations", exp_arg, "--update"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = std::fs::read_to_string(&exp).unwrap();
    assert!(text.contains("c/broken.js [sloppy] fail: front matter: unknown flag `noSuchFlag`\n"));
    assert!(text.contains("c/broken.js [strict] fail:"));
    let mut sorted: Vec<&str> = text.lines().collect();
    sorted.sort_unstable();
    assert_eq!(sorted, text.lines().collect::<Vec<_>>());
    let o = run(&root, &["--expectations", exp_arg]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("expectations: OK"));

    // Entries outside the prefixes are neither compared nor dropped.
    std::fs::write(
        &exp,
        "c/broken.js [sloppy] fail: x\nc/broken.js [strict] fail: y\n",
    )
    .unwrap();
    let o = run(&root, &["--expectations", exp_arg, "--update", "b"]);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&exp).unwrap();
    assert_eq!(
        text,
        "c/broken.js [sloppy] fail: x\nc/broken.js [strict] fail: y\n"
    );

    // A listed entry for a test that is not run is stale: a warning only.
    std::fs::write(&exp, format!("{text}c/gone.js [sloppy] fail: x\n")).unwrap();
    let o = run(&root, &["--expectations", exp_arg, "c"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning: 1 listed entries were not run"));

    // A malformed expectations file is a setup error.
    std::fs::write(&exp, "c/broken.js [sideways] fail: x\n").unwrap();
    let o = run(&root, &["--expectations", exp_arg]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn missing_suite_is_explained() {
    let o = Command::new(RUNNER)
        .args(["--test262-dir", "/nonexistent/test262"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("git clone https://github.com/tc39/test262"),
        "{err}"
    );
    assert!(err.contains("checkout "), "{err}");
}
