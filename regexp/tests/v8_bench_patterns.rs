//! Every regular expression literal of V8's regexp benchmark (read from the
//! shared benchmark folder when present) must compile, and must match the
//! benchmark's string literals exactly as the `regress` crate does.

use regexp::{Flags, MatchContext, Regex};
use std::path::PathBuf;

fn bench_source() -> Option<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/bench/v8-v7/regexp.js");
    std::fs::read_to_string(path).ok()
}

/// Regular expression literals `/body/flags` found after an operator.
fn regex_literals(src: &str) -> Vec<(String, String)> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' || c == '"' {
            i = skip_string(&chars, i);
            continue;
        }
        if c == '/' && i + 1 < chars.len() && chars[i + 1] == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' {
            let prev = chars[..i]
                .iter()
                .rev()
                .find(|c| !c.is_whitespace())
                .copied();
            if matches!(
                prev,
                Some('=' | '(' | ',' | ':' | '[' | '!' | '&' | '|' | '?' | '{' | '}' | ';')
            ) {
                let mut j = i + 1;
                let mut body = String::new();
                let mut in_class = false;
                let mut ok = false;
                while j < chars.len() && chars[j] != '\n' {
                    let d = chars[j];
                    if d == '\\' && j + 1 < chars.len() {
                        body.push(d);
                        body.push(chars[j + 1]);
                        j += 2;
                        continue;
                    }
                    if d == '[' {
                        in_class = true;
                    } else if d == ']' {
                        in_class = false;
                    } else if d == '/' && !in_class {
                        ok = true;
                        break;
                    }
                    body.push(d);
                    j += 1;
                }
                if ok && !body.is_empty() {
                    j += 1;
                    let mut flags = String::new();
                    while j < chars.len() && chars[j].is_ascii_alphabetic() {
                        flags.push(chars[j]);
                        j += 1;
                    }
                    out.push((body, flags));
                    i = j;
                    continue;
                }
            }
        }
        i += 1;
    }
    out
}

fn skip_string(chars: &[char], start: usize) -> usize {
    let q = chars[start];
    let mut i = start + 1;
    while i < chars.len() && chars[i] != q && chars[i] != '\n' {
        if chars[i] == '\\' {
            i += 1;
        }
        i += 1;
    }
    i + 1
}

/// Single-quoted string literals, with simple escapes decoded.
fn string_literals(src: &str) -> Vec<String> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' {
            let mut s = String::new();
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '\'' && chars[j] != '\n' {
                if chars[j] == '\\' && j + 1 < chars.len() {
                    j += 1;
                    s.push(match chars[j] {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        c => c,
                    });
                } else {
                    s.push(chars[j]);
                }
                j += 1;
            }
            out.push(s);
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn v8_regexp_benchmark_patterns() {
    let Some(src) = bench_source() else {
        eprintln!("V8 regexp benchmark not found; skipped");
        return;
    };
    let literals = regex_literals(&src);
    assert!(
        literals.len() > 100,
        "only {} literals found",
        literals.len()
    );
    let mut strings = string_literals(&src);
    strings.sort();
    strings.dedup();
    strings.truncate(300);
    let mut compared = 0;
    let mut failures = Vec::new();
    for (body, flags) in &literals {
        let flags: String = flags.chars().filter(|c| "imsuy".contains(*c)).collect();
        let units: Vec<u16> = body.encode_utf16().collect();
        let ours = match Regex::new(&units, Flags::parse(&flags).unwrap()) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("/{body}/{flags}: {e}"));
                continue;
            }
        };
        let Ok(theirs) = regress::Regex::with_flags(body, flags.as_str()) else {
            continue;
        };
        for s in &strings {
            let input: Vec<u16> = s.encode_utf16().collect();
            let mut caps = vec![None; ours.capture_count() * 2];
            let mut ctx = MatchContext::new();
            let a = ours
                .exec_utf16(&input, 0, &mut caps, &mut ctx)
                .unwrap()
                .then(|| caps.chunks(2).map(|c| c[0].zip(c[1])).collect::<Vec<_>>());
            let b = theirs.find_from_utf16(&input, 0).next().map(|m| {
                let mut v = vec![Some((m.range.start, m.range.end))];
                v.extend(
                    m.captures
                        .iter()
                        .map(|c| c.as_ref().map(|r| (r.start, r.end))),
                );
                v
            });
            compared += 1;
            if a != b {
                failures.push(format!(
                    "/{body}/{flags} on {s:?}: ours {a:?} regress {b:?}"
                ));
            }
        }
    }
    for f in failures.iter().take(20) {
        eprintln!("{f}");
    }
    eprintln!("{} literals, {compared} comparisons", literals.len());
    assert!(failures.is_empty(), "{} failures", failures.len());
}
