//! test262 conformance runner with a committed expectations ratchet.
//!
//! `cargo run --release -p test262-runner -- [OPTIONS] [PATH-PREFIX ...]`

mod agent;
mod editions;
mod exec;
mod expectations;
mod features;
mod frontmatter;
mod outcome;
mod pool;
mod report;
mod worker;

use expectations::Entry;
use outcome::{Mode, Outcome};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The workspace root, from which the default suite location is resolved.
const WORKSPACE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
/// The default suite location, relative to the workspace root.
const DEFAULT_TEST262: &str = "../shared/test262";
/// The test262 revision the expectations were recorded against.
const PINNED_REVISION: &str = include_str!("../TEST262_REVISION");

const USAGE: &str = "\
usage: test262-runner [OPTIONS] [PATH-PREFIX ...]

Runs test262 (or the tests under the given prefixes, relative to test/, e.g.
`built-ins/RegExp language/literals`) and compares the failures with the
expectations file. Exits non-zero on new failures and on listed tests that
now pass.

options:
  -j, --jobs N           worker processes (default: number of cores)
      --timeout SECS     per-test time limit (default: 60)
      --gc-stress[=N]    run the cycle collector before every N-th allocation of a
                         collectable cell (default N: 1); results must not change
      --update           rewrite the expectations file from this run
      --json FILE        write per-test results as JSON
  -v, --verbose          print every failure with its error, and skipped tests
      --expectations F   expectations file (default: test262-runner/expectations.txt)
      --test262-dir DIR  test262 checkout (default: $TEST262_DIR, else ../shared/test262
                         relative to the workspace root)
  -h, --help             show this help";

#[derive(Debug)]
struct Options {
    prefixes: Vec<String>,
    jobs: usize,
    timeout: Duration,
    update: bool,
    json: Option<PathBuf>,
    verbose: bool,
    expectations: PathBuf,
    test262: Option<PathBuf>,
    worker: bool,
    /// GC stress mode for every test (`Runtime::set_gc_stress`).
    gc_stress: Option<u32>,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut opts = Options {
        prefixes: Vec::new(),
        jobs: std::thread::available_parallelism().map_or(1, |n| n.get()),
        timeout: Duration::from_secs(60),
        update: false,
        json: None,
        verbose: false,
        expectations: Path::new(env!("CARGO_MANIFEST_DIR")).join("expectations.txt"),
        test262: None,
        worker: false,
        gc_stress: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "-j" | "--jobs" => {
                opts.jobs = value(&arg)?
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or("--jobs needs a positive number")?
            }
            "--timeout" => {
                let secs: f64 = value(&arg)?
                    .parse()
                    .ok()
                    .filter(|&s: &f64| s > 0.0 && s.is_finite())
                    .ok_or("--timeout needs a positive number of seconds")?;
                opts.timeout = Duration::from_secs_f64(secs);
            }
            "--update" => opts.update = true,
            "--json" => opts.json = Some(value(&arg)?.into()),
            "-v" | "--verbose" => opts.verbose = true,
            "--expectations" => opts.expectations = value(&arg)?.into(),
            "--test262-dir" => opts.test262 = Some(value(&arg)?.into()),
            "--worker" => opts.worker = true,
            "--gc-stress" => opts.gc_stress = Some(1),
            s if s.starts_with("--gc-stress=") => {
                opts.gc_stress = Some(
                    s["--gc-stress=".len()..]
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or("--gc-stress needs a positive number of allocations")?,
                )
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("-j") && s[2..].parse::<usize>().is_ok() => {
                opts.jobs = s[2..].parse().unwrap_or(1).max(1)
            }
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            _ => opts.prefixes.push(normalize_prefix(&arg)),
        }
    }
    Ok(opts)
}

/// Accepts `test/built-ins/x`, `built-ins/x/` and the like.
fn normalize_prefix(p: &str) -> String {
    let p = p.trim_start_matches("./");
    let p = p.strip_prefix("test/").unwrap_or(p);
    p.trim_end_matches('/').to_string()
}

/// Whether `path` is under `prefix`: the same file, inside the directory, or
/// (when `prefix` names no file or directory) starting with it.
fn under_prefix(path: &str, prefix: &str, exact: bool) -> bool {
    if prefix.is_empty() {
        return true;
    }
    if exact {
        path == prefix || (path.starts_with(prefix) && path[prefix.len()..].starts_with('/'))
    } else {
        path.starts_with(prefix)
    }
}

fn test262_dir(opts: &Options) -> PathBuf {
    if let Some(dir) = &opts.test262 {
        return dir.clone();
    }
    if let Some(dir) = std::env::var_os("TEST262_DIR") {
        return PathBuf::from(dir);
    }
    let from_root = Path::new(WORKSPACE_ROOT).join(DEFAULT_TEST262);
    if from_root.exists() {
        return from_root;
    }
    PathBuf::from(DEFAULT_TEST262)
}

fn revision(test262: &Path) -> String {
    std::fs::read_to_string(test262.join("REVISION"))
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

/// One test file found in the suite.
struct TestFile {
    path: String,
    modes: Vec<Mode>,
    edition: u32,
    skip: Option<String>,
    /// A front-matter problem; the test fails without running.
    broken: Option<String>,
    /// Features that have no entry in the edition table.
    unknown_features: Vec<String>,
}

fn modes(meta: &frontmatter::Metadata) -> Vec<Mode> {
    let f = &meta.flags;
    if f.module {
        vec![Mode::Module]
    } else if f.raw || f.no_strict {
        vec![Mode::Sloppy]
    } else if f.only_strict {
        vec![Mode::Strict]
    } else {
        vec![Mode::Sloppy, Mode::Strict]
    }
}

fn collect_files(dir: &Path, rel: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel_path = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &rel_path, out)?;
        } else if name.ends_with(".js") && !name.contains("_FIXTURE") {
            out.push(rel_path);
        }
    }
    Ok(())
}

/// Finds the tests under the prefixes and decides how to run each.
fn discover(
    test_dir: &Path,
    prefixes: &[(String, bool)],
    skips: &features::SkipList,
) -> std::io::Result<Vec<TestFile>> {
    let mut paths = Vec::new();
    collect_files(test_dir, "", &mut paths)?;
    paths.retain(|p| {
        prefixes.is_empty()
            || prefixes
                .iter()
                .any(|(prefix, exact)| under_prefix(p, prefix, *exact))
    });
    let mut tests = Vec::with_capacity(paths.len());
    for path in paths {
        let source = std::fs::read(test_dir.join(&path))?;
        let source = String::from_utf8_lossy(&source);
        let (meta, broken) = match frontmatter::parse(&source) {
            Ok(m) => (m, None),
            Err(e) => (
                frontmatter::Metadata::default(),
                Some(format!("front matter: {e}")),
            ),
        };
        let top = path.split('/').next().unwrap_or("");
        let skip = if top == "intl402" {
            Some("intl402/: ECMA-402 is out of scope".to_string())
        } else if top == "staging" {
            Some("staging/: staging tests are out of scope".to_string())
        } else if let Some((feature, reason)) = skips.find(&meta.features) {
            Some(format!("feature {feature}: {reason}"))
        } else if meta.flags.can_block_is_false {
            Some("flag CanBlockIsFalse: the main agent of this host can block".to_string())
        } else {
            None
        };
        tests.push(TestFile {
            modes: modes(&meta),
            edition: editions::test_edition(&path, &meta),
            unknown_features: meta
                .features
                .iter()
                .filter(|f| editions::feature_edition(f).is_none())
                .cloned()
                .collect(),
            path,
            skip,
            broken,
        });
    }
    Ok(tests)
}

fn progress(done: usize, total: usize, failed: usize, start: Instant) {
    let secs = start.elapsed().as_secs_f64();
    eprint!(
        "\r\x1b[K[{done}/{total}] {:.0}% {failed} failing, {secs:.0} s",
        if total == 0 {
            100.0
        } else {
            done as f64 * 100.0 / total as f64
        }
    );
}

fn main() -> ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("test262-runner: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let test262 = test262_dir(&opts);
    if opts.worker {
        return match worker::main(&test262, opts.timeout, opts.gc_stress) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("test262-runner worker: {e}");
                ExitCode::from(2)
            }
        };
    }
    match run(&opts, &test262) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("test262-runner: {e}");
            ExitCode::from(2)
        }
    }
}

/// Runs the suite; `Ok(true)` when the ratchet holds.
fn run(opts: &Options, test262: &Path) -> Result<bool, String> {
    let test_dir = test262.join("test");
    let pinned = PINNED_REVISION.trim();
    if !test_dir.is_dir() || !test262.join("harness").is_dir() {
        return Err(format!(
            "no test262 suite at {} (set TEST262_DIR or pass --test262-dir).\n\
             Obtain it at the pinned revision with:\n  \
             git clone https://github.com/tc39/test262 {}\n  \
             git -C {} checkout {pinned}",
            test262.display(),
            test262.display(),
            test262.display()
        ));
    }
    let rev = revision(test262);
    if rev != pinned {
        eprintln!(
            "warning: test262 at {} is revision {rev}, expectations are for {pinned}",
            test262.display()
        );
    }
    let prefixes: Vec<(String, bool)> = opts
        .prefixes
        .iter()
        .map(|p| (p.clone(), p.is_empty() || test_dir.join(p).exists()))
        .collect();
    let in_scope = |path: &str| {
        prefixes.is_empty()
            || prefixes
                .iter()
                .any(|(prefix, exact)| under_prefix(path, prefix, *exact))
    };
    let skips = features::SkipList::builtin()?;
    let expected = match std::fs::read_to_string(&opts.expectations) {
        Ok(text) => expectations::parse(&text)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", opts.expectations.display())),
    };

    let start = Instant::now();
    let tests = discover(&test_dir, &prefixes, &skips)
        .map_err(|e| format!("cannot read {}: {e}", test_dir.display()))?;
    if tests.is_empty() {
        return Err(format!("no tests match {:?}", opts.prefixes));
    }
    let unknown: std::collections::BTreeSet<&str> = tests
        .iter()
        .flat_map(|t| t.unknown_features.iter().map(String::as_str))
        .collect();
    if !unknown.is_empty() {
        eprintln!(
            "warning: features without an edition in src/editions.rs (counted as proposals): {}",
            unknown.into_iter().collect::<Vec<_>>().join(", ")
        );
    }

    // Every (test, mode) pair gets a row; rows of skipped and broken tests
    // are filled in now, the others by the workers.
    let mut rows: Vec<report::Row> = Vec::new();
    let mut jobs = Vec::new();
    for t in &tests {
        for &mode in &t.modes {
            let (outcome, message) = match (&t.skip, &t.broken) {
                (Some(reason), _) => (Outcome::Skip, reason.clone()),
                (None, Some(problem)) => (Outcome::Fail, problem.clone()),
                (None, None) => {
                    jobs.push(pool::Job {
                        id: rows.len(),
                        path: t.path.clone(),
                        mode,
                    });
                    // Replaced by the worker's result.
                    (Outcome::Crash, "no result from the worker pool".to_string())
                }
            };
            rows.push(report::Row {
                entry: Entry {
                    path: t.path.clone(),
                    mode,
                    outcome,
                    message,
                },
                edition: t.edition,
                elapsed: Duration::ZERO,
            });
        }
    }

    let exe = std::env::current_exe().map_err(|e| format!("cannot find own executable: {e}"))?;
    let config = pool::Config {
        exe,
        test262: std::path::absolute(test262).unwrap_or_else(|_| test262.to_path_buf()),
        timeout: opts.timeout,
        hard_timeout: (opts.timeout * 3).max(opts.timeout + Duration::from_secs(5)),
        workers: opts.jobs,
        gc_stress: opts.gc_stress,
    };
    let show_progress = std::io::stderr().is_terminal();
    let total = jobs.len();
    let mut done = 0;
    let mut failing = 0;
    let mut last_progress = Instant::now();
    eprintln!(
        "running {total} test runs from {} files with {} workers (test262 {rev})",
        tests.len(),
        opts.jobs
    );
    pool::run(&config, jobs, |_job, r| {
        let row = &mut rows[r.id];
        row.entry.outcome = r.outcome;
        row.entry.message = r.message;
        row.elapsed = r.elapsed;
        done += 1;
        if r.outcome.is_failure() {
            failing += 1;
        }
        if show_progress && (last_progress.elapsed() >= Duration::from_millis(200) || done == total)
        {
            progress(done, total, failing, start);
            last_progress = Instant::now();
        }
    });
    if show_progress {
        eprintln!();
    }
    let elapsed = start.elapsed();

    if opts.verbose {
        report::print_details(&rows);
    }
    if let Some(path) = &opts.json {
        std::fs::write(path, report::json(&rev, &rows))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    let results: Vec<Entry> = rows.iter().map(|r| r.entry.clone()).collect();
    let ok = if opts.update {
        let new = expectations::updated(&expected, &results, in_scope);
        std::fs::write(&opts.expectations, expectations::render(&new))
            .map_err(|e| format!("cannot write {}: {e}", opts.expectations.display()))?;
        println!(
            "\nupdated {} ({} entries)",
            opts.expectations.display(),
            new.len()
        );
        true
    } else {
        let ratchet = expectations::compare(&expected, &results, in_scope);
        report::print_ratchet(&ratchet, &opts.expectations)
    };
    report::print_summary(&rows, elapsed, opts.jobs);
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn cli_options() {
        let o = parse_args(args(
            "-j 3 --timeout 2.5 --update --json out.json -v test/built-ins/RegExp/ language/literals",
        ))
        .unwrap();
        assert_eq!(o.jobs, 3);
        assert_eq!(o.timeout, Duration::from_millis(2500));
        assert!(o.update && o.verbose && !o.worker);
        assert_eq!(o.json, Some(PathBuf::from("out.json")));
        assert_eq!(o.prefixes, vec!["built-ins/RegExp", "language/literals"]);
        assert_eq!(parse_args(args("-j4")).unwrap().jobs, 4);
        assert!(parse_args(args("--jobs 0")).is_err());
        assert!(parse_args(args("--bogus")).is_err());
        assert!(parse_args(args("--json")).is_err());
    }

    #[test]
    fn prefixes() {
        assert!(under_prefix(
            "built-ins/RegExp/x.js",
            "built-ins/RegExp",
            true
        ));
        assert!(!under_prefix(
            "built-ins/RegExpStringIteratorPrototype/x.js",
            "built-ins/RegExp",
            true
        ));
        assert!(under_prefix(
            "built-ins/RegExpStringIteratorPrototype/x.js",
            "built-ins/RegExp",
            false
        ));
        assert!(under_prefix("a/b.js", "a/b.js", true));
        assert!(under_prefix("a/b.js", "", true));
    }

    #[test]
    fn modes_from_flags() {
        let meta =
            |flags: &str| frontmatter::parse(&format!("/*---\nflags: [{flags}]\n---*/")).unwrap();
        assert_eq!(modes(&meta("")), vec![Mode::Sloppy, Mode::Strict]);
        assert_eq!(modes(&meta("onlyStrict")), vec![Mode::Strict]);
        assert_eq!(modes(&meta("noStrict")), vec![Mode::Sloppy]);
        assert_eq!(modes(&meta("raw")), vec![Mode::Sloppy]);
        assert_eq!(modes(&meta("module")), vec![Mode::Module]);
        assert_eq!(modes(&meta("module, async")), vec![Mode::Module]);
    }
}
