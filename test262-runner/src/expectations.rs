//! The expectations file and the ratchet that compares a run against it.
//!
//! Each line names one failing `(test, mode)` pair:
//! `path/relative/to/test.js [mode] outcome: first line of the error`.
//! Entries are compared by `(path, mode)` only; the outcome and message are
//! informative.

use crate::outcome::{Mode, Outcome};
use std::collections::{BTreeMap, BTreeSet};

/// Longest message kept in the expectations file, in bytes.
const MAX_MESSAGE: usize = 200;

/// One `(test, mode)` result, or one line of the expectations file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub path: String,
    pub mode: Mode,
    pub outcome: Outcome,
    pub message: String,
}

impl Entry {
    pub fn key(&self) -> (&str, Mode) {
        (&self.path, self.mode)
    }

    /// The line for the expectations file.
    pub fn line(&self) -> String {
        let message = short_message(&self.message);
        if message.is_empty() {
            format!("{} [{}] {}:", self.path, self.mode, self.outcome)
        } else {
            format!(
                "{} [{}] {}: {}",
                self.path, self.mode, self.outcome, message
            )
        }
    }
}

/// Escapes control characters (other than newlines and tabs) and Unicode
/// line separators, so that messages print as text and stay on their line.
pub fn printable(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for c in message.chars() {
        if (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}') {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The first non-empty line of a message, trimmed, shortened and printable.
pub fn short_message(message: &str) -> String {
    let message = printable(message);
    let line = message
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let line = line.replace('\t', " ");
    if line.len() <= MAX_MESSAGE {
        return line;
    }
    let mut end = MAX_MESSAGE;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &line[..end])
}

/// Parses the expectations file. Blank lines and `#` comments are ignored.
pub fn parse(text: &str) -> Result<Vec<Entry>, String> {
    let mut entries = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |what: &str| format!("expectations line {}: {what}: {line}", n + 1);
        let (path, rest) = line.split_once(' ').ok_or_else(|| err("missing mode"))?;
        let rest = rest.trim_start();
        let rest = rest
            .strip_prefix('[')
            .ok_or_else(|| err("missing `[mode]`"))?;
        let (mode, rest) = rest.split_once(']').ok_or_else(|| err("missing `]`"))?;
        let mode: Mode = mode.parse().map_err(|e: String| err(&e))?;
        let rest = rest.trim_start();
        let (outcome, message) = rest.split_once(':').unwrap_or((rest, ""));
        let outcome: Outcome = outcome.trim().parse().map_err(|e: String| err(&e))?;
        if !outcome.is_failure() {
            return Err(err("only failing outcomes may be listed"));
        }
        entries.push(Entry {
            path: path.to_string(),
            mode,
            outcome,
            message: message.trim().to_string(),
        });
    }
    Ok(entries)
}

/// Renders entries as the sorted contents of an expectations file.
pub fn render(entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.key().cmp(&b.key()));
    sorted.dedup_by(|a, b| a.key() == b.key());
    let mut out = String::new();
    for e in sorted {
        out.push_str(&e.line());
        out.push('\n');
    }
    out
}

/// The ratchet's verdict on a run.
#[derive(Debug, Default)]
pub struct Ratchet {
    /// Failures that are not listed.
    pub new_failures: Vec<Entry>,
    /// Listed failures that now pass.
    pub unexpected_passes: Vec<Entry>,
    /// Listed entries (in scope) for which no test was run: removed or skipped tests.
    pub stale: Vec<Entry>,
    /// Listed failures that still fail.
    pub unchanged: usize,
}

impl Ratchet {
    /// Whether the run matches the expectations.
    pub fn ok(&self) -> bool {
        self.new_failures.is_empty() && self.unexpected_passes.is_empty()
    }
}

/// Compares the results of a run with the expectations. Only expectations
/// for which `in_scope(path)` holds are considered.
pub fn compare(expected: &[Entry], results: &[Entry], in_scope: impl Fn(&str) -> bool) -> Ratchet {
    let listed: BTreeMap<(&str, Mode), &Entry> = expected
        .iter()
        .filter(|e| in_scope(&e.path))
        .map(|e| (e.key(), e))
        .collect();
    let mut ratchet = Ratchet::default();
    let mut seen = BTreeSet::new();
    for r in results {
        let key = r.key();
        let is_listed = listed.contains_key(&key);
        match r.outcome {
            Outcome::Skip => continue,
            Outcome::Pass if is_listed => ratchet.unexpected_passes.push(r.clone()),
            Outcome::Pass => {}
            _ if is_listed => ratchet.unchanged += 1,
            _ => ratchet.new_failures.push(r.clone()),
        }
        seen.insert(key);
    }
    ratchet.stale = listed
        .iter()
        .filter(|(k, _)| !seen.contains(*k))
        .map(|(_, e)| (*e).clone())
        .collect();
    ratchet.new_failures.sort();
    ratchet.unexpected_passes.sort();
    ratchet
}

/// The expectations after `--update`: entries out of scope are kept, those in
/// scope are replaced by the failures of this run.
pub fn updated(
    expected: &[Entry],
    results: &[Entry],
    in_scope: impl Fn(&str) -> bool,
) -> Vec<Entry> {
    let mut out: Vec<Entry> = expected
        .iter()
        .filter(|e| !in_scope(&e.path))
        .cloned()
        .collect();
    out.extend(
        results
            .iter()
            .filter(|r| r.outcome.is_failure())
            .map(|r| Entry {
                message: short_message(&r.message),
                ..r.clone()
            }),
    );
    out.sort_by(|a, b| a.key().cmp(&b.key()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, mode: Mode, outcome: Outcome, message: &str) -> Entry {
        Entry {
            path: path.into(),
            mode,
            outcome,
            message: message.into(),
        }
    }

    #[test]
    fn parse_and_render_round_trip() {
        let text = "b.js [strict] timeout: test timed out\n\
                    # a comment\n\
                    a.js [sloppy] fail: Test262Error: Expected SameValue(«1», «2») to be true\n\
                    a.js [module] crash:\n";
        let entries = parse(text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(
            entries[0],
            entry("b.js", Mode::Strict, Outcome::Timeout, "test timed out")
        );
        assert_eq!(entries[2].message, "");
        let rendered = render(&entries);
        assert_eq!(
            rendered,
            "a.js [module] crash:\n\
             a.js [sloppy] fail: Test262Error: Expected SameValue(«1», «2») to be true\n\
             b.js [strict] timeout: test timed out\n"
        );
        assert_eq!(parse(&rendered).unwrap().len(), 3);
    }

    #[test]
    fn parse_rejects_garbage() {
        assert!(parse("a.js").is_err());
        assert!(parse("a.js [lenient] fail: x").is_err());
        assert!(parse("a.js [strict] exploded: x").is_err());
        assert!(parse("a.js [strict] pass:").is_err());
    }

    #[test]
    fn messages_are_one_short_line() {
        assert_eq!(short_message("\n  first  \nsecond"), "first");
        assert_eq!(
            short_message("a\0b\rc\u{2028}d\te"),
            "a\\u{0}b\\u{d}c\\u{2028}d e"
        );
        assert_eq!(printable("x\n\u{1b}[1m"), "x\n\\u{1b}[1m");
        let long = "é".repeat(300);
        let s = short_message(&long);
        assert!(s.len() <= MAX_MESSAGE + 3 && s.ends_with("..."));
    }

    #[test]
    fn unchanged_run_is_ok() {
        let expected = vec![entry("a.js", Mode::Strict, Outcome::Fail, "old message")];
        let results = vec![
            entry("a.js", Mode::Sloppy, Outcome::Pass, ""),
            entry(
                "a.js",
                Mode::Strict,
                Outcome::Timeout,
                "a different message",
            ),
        ];
        let r = compare(&expected, &results, |_| true);
        assert!(r.ok());
        assert_eq!(r.unchanged, 1);
        assert!(r.new_failures.is_empty() && r.unexpected_passes.is_empty() && r.stale.is_empty());
    }

    #[test]
    fn new_failure_is_reported() {
        let expected = vec![entry("a.js", Mode::Strict, Outcome::Fail, "")];
        let results = vec![
            entry("a.js", Mode::Strict, Outcome::Fail, ""),
            entry("a.js", Mode::Sloppy, Outcome::Panic, "boom"),
        ];
        let r = compare(&expected, &results, |_| true);
        assert!(!r.ok());
        assert_eq!(
            r.new_failures,
            vec![entry("a.js", Mode::Sloppy, Outcome::Panic, "boom")]
        );
        assert!(r.unexpected_passes.is_empty());
    }

    #[test]
    fn unexpected_pass_is_reported() {
        let expected = vec![entry("a.js", Mode::Module, Outcome::Crash, "")];
        let results = vec![entry("a.js", Mode::Module, Outcome::Pass, "")];
        let r = compare(&expected, &results, |_| true);
        assert!(!r.ok());
        assert_eq!(r.unexpected_passes.len(), 1);
        assert!(r.new_failures.is_empty());
    }

    #[test]
    fn scope_and_stale_entries() {
        let expected = vec![
            entry("built-ins/A/x.js", Mode::Sloppy, Outcome::Fail, ""),
            entry("built-ins/A/gone.js", Mode::Sloppy, Outcome::Fail, ""),
            entry("language/y.js", Mode::Sloppy, Outcome::Fail, ""),
        ];
        let results = vec![entry("built-ins/A/x.js", Mode::Sloppy, Outcome::Fail, "")];
        let in_scope = |p: &str| p.starts_with("built-ins/");
        let r = compare(&expected, &results, in_scope);
        // language/y.js is out of scope, so it is neither stale nor a failure.
        assert!(r.ok());
        assert_eq!(r.stale.len(), 1);
        assert_eq!(r.stale[0].path, "built-ins/A/gone.js");
        // A skipped test that is listed counts as stale, not as a pass.
        let skipped = vec![entry("built-ins/A/x.js", Mode::Sloppy, Outcome::Skip, "")];
        let r = compare(&expected, &skipped, in_scope);
        assert!(r.ok());
        assert_eq!(r.stale.len(), 2);
    }

    #[test]
    fn update_keeps_out_of_scope_entries() {
        let expected = vec![
            entry("built-ins/A/x.js", Mode::Sloppy, Outcome::Fail, ""),
            entry("language/y.js", Mode::Strict, Outcome::Fail, "kept"),
        ];
        let results = vec![
            entry("built-ins/A/x.js", Mode::Sloppy, Outcome::Pass, ""),
            entry(
                "built-ins/A/z.js",
                Mode::Strict,
                Outcome::Fail,
                "line 1\nline 2",
            ),
        ];
        let out = updated(&expected, &results, |p| p.starts_with("built-ins/"));
        assert_eq!(
            out,
            vec![
                entry("built-ins/A/z.js", Mode::Strict, Outcome::Fail, "line 1"),
                entry("language/y.js", Mode::Strict, Outcome::Fail, "kept"),
            ]
        );
    }
}
