//! Printing results: failures, summary tables, the ratchet's verdict, JSON.

use crate::editions;
use crate::expectations::{Entry, Ratchet, printable, short_message};
use crate::outcome::Outcome;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

/// One `(test, mode)` result with its edition and running time.
pub struct Row {
    pub entry: Entry,
    pub edition: u32,
    pub elapsed: Duration,
}

/// Counts per outcome.
#[derive(Default, Clone, Copy)]
pub struct Counts([usize; Outcome::ALL.len()]);

impl Counts {
    fn add(&mut self, o: Outcome) {
        self.0[o as usize] += 1;
    }
    pub fn get(&self, o: Outcome) -> usize {
        self.0[o as usize]
    }
    pub fn failed(&self) -> usize {
        Outcome::ALL
            .iter()
            .filter(|o| o.is_failure())
            .map(|&o| self.get(o))
            .sum()
    }
    fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

pub fn count(rows: &[Row]) -> Counts {
    let mut c = Counts::default();
    for r in rows {
        c.add(r.entry.outcome);
    }
    c
}

fn table(title: &str, groups: &BTreeMap<impl Ord, (String, Counts)>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{title:<22} {:>7} {:>7} {:>6} {:>7} {:>6} {:>7} {:>7} {:>7}",
        "passed", "failed", "panic", "timeout", "crash", "skipped", "total", "pass%"
    );
    let mut all = Counts::default();
    let mut line = |label: &str, c: &Counts| {
        let run = c.total() - c.get(Outcome::Skip);
        let pct = if run == 0 {
            "-".to_string()
        } else {
            format!("{:.1}", c.get(Outcome::Pass) as f64 * 100.0 / run as f64)
        };
        let _ = writeln!(
            out,
            "{label:<22} {:>7} {:>7} {:>6} {:>7} {:>6} {:>7} {:>7} {:>7}",
            c.get(Outcome::Pass),
            c.get(Outcome::Fail),
            c.get(Outcome::Panic),
            c.get(Outcome::Timeout),
            c.get(Outcome::Crash),
            c.get(Outcome::Skip),
            c.total(),
            pct
        );
    };
    for (label, c) in groups.values() {
        line(label, c);
        for o in Outcome::ALL {
            all.0[o as usize] += c.get(o);
        }
    }
    line("all", &all);
    out
}

/// Prints every failure with its error, and every skipped test with its reason.
pub fn print_details(rows: &[Row]) {
    for r in rows {
        let e = &r.entry;
        if e.outcome.is_failure() {
            println!(
                "{} {} [{}]: {}",
                e.outcome.as_str().to_uppercase(),
                e.path,
                e.mode,
                printable(e.message.trim_end())
            );
        }
    }
    for r in rows {
        let e = &r.entry;
        if e.outcome == Outcome::Skip {
            println!("SKIP {} [{}]: {}", e.path, e.mode, e.message);
        }
    }
    let mut slowest: Vec<&Row> = rows.iter().filter(|r| r.elapsed > Duration::ZERO).collect();
    slowest.sort_by_key(|r| std::cmp::Reverse(r.elapsed));
    if !slowest.is_empty() {
        println!("\nslowest test runs:");
        for r in slowest.iter().take(10) {
            println!(
                "  {:>8.3} s  {} [{}]",
                r.elapsed.as_secs_f64(),
                r.entry.path,
                r.entry.mode
            );
        }
    }
}

/// The summary: skip reasons, tables by directory and edition, timing and
/// the totals as the last line.
pub fn print_summary(rows: &[Row], wall: Duration, workers: usize) {
    let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        if r.entry.outcome == Outcome::Skip {
            *reasons.entry(r.entry.message.as_str()).or_default() += 1;
        }
    }
    if !reasons.is_empty() {
        println!("\nskipped test runs by reason:");
        for (reason, n) in &reasons {
            println!("  {n:>7}  {reason}");
        }
    }

    let mut by_dir: BTreeMap<String, (String, Counts)> = BTreeMap::new();
    let mut by_edition: BTreeMap<u32, (String, Counts)> = BTreeMap::new();
    for r in rows {
        let top = r.entry.path.split('/').next().unwrap_or("");
        let label = format!("{top}/");
        by_dir
            .entry(label.clone())
            .or_insert_with(|| (label, Counts::default()))
            .1
            .add(r.entry.outcome);
        by_edition
            .entry(r.edition)
            .or_insert_with(|| (editions::edition_label(r.edition), Counts::default()))
            .1
            .add(r.entry.outcome);
    }
    println!();
    print!("{}", table("directory", &by_dir));
    println!();
    print!("{}", table("edition", &by_edition));

    let ran: Vec<Duration> = rows
        .iter()
        .map(|r| r.elapsed)
        .filter(|d| *d > Duration::ZERO)
        .collect();
    if !ran.is_empty() {
        let sum: Duration = ran.iter().sum();
        println!(
            "\n{} test runs in {:.1} s with {workers} workers; mean {:.1} ms per run",
            ran.len(),
            wall.as_secs_f64(),
            sum.as_secs_f64() * 1000.0 / ran.len() as f64
        );
    }
    let c = count(rows);
    println!(
        "{} passed, {} failed, {} skipped",
        c.get(Outcome::Pass),
        c.failed(),
        c.get(Outcome::Skip)
    );
}

/// Prints the ratchet's verdict; returns whether the run is acceptable.
pub fn print_ratchet(r: &Ratchet, file: &Path) -> bool {
    if !r.new_failures.is_empty() {
        println!(
            "\nNEW FAILURES ({}), not listed in {}:",
            r.new_failures.len(),
            file.display()
        );
        for e in &r.new_failures {
            println!("  {}", e.line());
        }
    }
    if !r.unexpected_passes.is_empty() {
        println!(
            "\nUNEXPECTED PASSES ({}), listed in {} but now passing (remove them or run with --update):",
            r.unexpected_passes.len(),
            file.display()
        );
        for e in &r.unexpected_passes {
            println!("  {} [{}]", e.path, e.mode);
        }
    }
    if !r.stale.is_empty() {
        println!(
            "\nwarning: {} listed entries were not run (removed or skipped tests; --update drops them):",
            r.stale.len()
        );
        for e in r.stale.iter().take(20) {
            println!("  {} [{}]", e.path, e.mode);
        }
        if r.stale.len() > 20 {
            println!("  ...");
        }
    }
    if r.ok() {
        println!(
            "\nexpectations: OK ({} known failures unchanged)",
            r.unchanged
        );
    } else {
        println!(
            "\nexpectations: MISMATCH ({} new failures, {} unexpected passes); \
             fix them or run with --update",
            r.new_failures.len(),
            r.unexpected_passes.len()
        );
    }
    r.ok()
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The JSON report.
pub fn json(revision: &str, rows: &[Row]) -> String {
    let c = count(rows);
    let mut out = String::new();
    let _ = write!(
        out,
        "{{\"revision\": {}, \"summary\": {{\"passed\": {}, \"failed\": {}, \"skipped\": {}}}, \"tests\": [",
        json_string(revision),
        c.get(Outcome::Pass),
        c.failed(),
        c.get(Outcome::Skip)
    );
    for (i, r) in rows.iter().enumerate() {
        let e = &r.entry;
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "\n  {{\"path\": {}, \"mode\": \"{}\", \"outcome\": \"{}\", \"edition\": {}",
            json_string(&e.path),
            e.mode,
            e.outcome,
            r.edition
        );
        if e.outcome != Outcome::Pass && !e.message.is_empty() {
            let _ = write!(
                out,
                ", \"message\": {}",
                json_string(&short_message(&e.message))
            );
        }
        out.push('}');
    }
    out.push_str("\n]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Mode;

    fn row(path: &str, outcome: Outcome, edition: u32) -> Row {
        Row {
            entry: Entry {
                path: path.into(),
                mode: Mode::Strict,
                outcome,
                message: "E: \"x\"\n".into(),
            },
            edition,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn json_report() {
        let rows = vec![
            row("built-ins/a.js", Outcome::Pass, 5),
            row("language/b.js", Outcome::Timeout, 6),
            row("intl402/c.js", Outcome::Skip, 99),
        ];
        let j = json("abc", &rows);
        assert!(j.starts_with(
            "{\"revision\": \"abc\", \"summary\": {\"passed\": 1, \"failed\": 1, \"skipped\": 1}"
        ));
        assert!(j.contains(
            "{\"path\": \"language/b.js\", \"mode\": \"strict\", \"outcome\": \"timeout\", \"edition\": 6, \"message\": \"E: \\\"x\\\"\"}"
        ));
        assert!(j.contains("{\"path\": \"built-ins/a.js\", \"mode\": \"strict\", \"outcome\": \"pass\", \"edition\": 5}"));
    }

    #[test]
    fn counts() {
        let rows = vec![
            row("a.js", Outcome::Pass, 5),
            row("b.js", Outcome::Panic, 5),
            row("c.js", Outcome::Crash, 5),
            row("d.js", Outcome::Skip, 5),
        ];
        let c = count(&rows);
        assert_eq!(
            (c.get(Outcome::Pass), c.failed(), c.get(Outcome::Skip)),
            (1, 2, 1)
        );
        let t = table("x", &BTreeMap::from([(1, ("g".to_string(), c))]));
        assert!(t.lines().nth(1).unwrap().starts_with("g "));
        assert!(t.lines().last().unwrap().starts_with("all "));
    }
}
