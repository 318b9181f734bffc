//! The differential oracle shared by `tests/differential.rs` and the fuzz
//! target `fuzz/fuzz_targets/regexp_diff.rs`: compiles a pattern with this
//! crate and with `regress`, and compares match positions and captures on
//! UTF-16 input and, when the input fits, on Latin-1 input.

use regexp::{Flags, MatchContext, Regex};

/// The result of comparing both engines on one input.
pub enum Verdict {
    Agree,
    /// Not comparable: a known divergence of regress, a regress panic, or
    /// our step budget ran out (regress has none).
    Skipped,
    Differ(String),
}

/// One pattern compiled by both engines.
pub struct Pair {
    pattern: String,
    flags: String,
    ours: Regex,
    theirs: regress::Regex,
}

impl Pair {
    /// A pattern from the test generator, which names group X `nX`: named
    /// references go to regress as numbered ones (it resolves some named
    /// references wrongly). `None` when either engine rejects it.
    pub fn generated(pattern: &str, flags: &str) -> Option<Pair> {
        Pair::build(pattern, &numbered_references(pattern), flags)
    }

    /// Any pattern. Patterns with `\k` are not compared (regress resolves
    /// some named references wrongly, and without named groups `\k` is an
    /// identity escape only in Annex B); `None` then, or when either engine
    /// rejects the pattern.
    pub fn arbitrary(pattern: &str, flags: &str) -> Option<Pair> {
        if pattern.contains("\\k") {
            return None;
        }
        let pair = Pair::build(pattern, pattern, flags)?;
        // regress reads out of bounds (a segfault) on a decimal escape
        // above the group count, which Annex B makes an octal escape.
        if max_decimal_escape(pattern) >= pair.ours.capture_count() {
            return None;
        }
        Some(pair)
    }

    fn build(pattern: &str, for_regress: &str, flags: &str) -> Option<Pair> {
        let units: Vec<u16> = pattern.encode_utf16().collect();
        let ours = Regex::new(&units, Flags::parse(flags).ok()?).ok()?;
        let theirs = regress::Regex::with_flags(for_regress, flags).ok()?;
        Some(Pair {
            pattern: pattern.to_string(),
            flags: flags.to_string(),
            ours,
            theirs,
        })
    }

    /// Runs both engines on `input` and compares the results.
    pub fn compare(&self, input: &str) -> Verdict {
        let (pat, flags) = (&self.pattern, &self.flags);
        let u16s: Vec<u16> = input.encode_utf16().collect();
        let Ok(a) = ours_utf16(&self.ours, &u16s) else {
            return Verdict::Skipped;
        };
        if known_regress_divergence(pat, flags, input) {
            return Verdict::Skipped;
        }
        let Ok(b) = theirs(&self.theirs, &u16s) else {
            return Verdict::Skipped;
        };
        if a != b {
            return Verdict::Differ(format!(
                "/{pat}/{flags} on {input:?}: ours {a:?} regress {b:?}"
            ));
        }
        if u16s.iter().all(|&u| u < 256) {
            let bytes: Vec<u8> = u16s.iter().map(|&u| u as u8).collect();
            let Ok(c) = ours_latin1(&self.ours, &bytes) else {
                return Verdict::Skipped;
            };
            if c != a {
                return Verdict::Differ(format!(
                    "/{pat}/{flags} on {input:?}: latin1 {c:?} utf16 {a:?}"
                ));
            }
        }
        Verdict::Agree
    }
}

/// Cases where regress departs from the specification's Canonicalize and
/// WordCharacters (the specified behaviour is checked by unit tests):
/// without `u`/`v`, regress lets U+017F, U+0131, U+0130 and U+212A match
/// ASCII letters and so also widens negated sets; with `u`/`v` and `i`, it
/// does not count U+017F and U+212A as word characters. (Its `v`-mode
/// classes also go wrong with nested negated classes and `\q{}` holding
/// the empty string, so the `v` corpus avoids those.)
fn known_regress_divergence(pat: &str, flags: &str, input: &str) -> bool {
    let unicode = flags.contains('u') || flags.contains('v');
    if flags.contains('v') && regress_v_class_trouble(pat) {
        return true;
    }
    // With `i`, a negated property escape matches a character when any
    // member of the complement folds like it (`\P{Lu}` matches `A` through
    // `a`); regress decides on the character alone.
    if unicode && flags.contains('i') && pat.contains("\\P{") {
        return true;
    }
    // Without `u`/`v`, regress mishandles `\x` and `\u` that are not
    // followed by hex digits (Annex B makes them identity escapes).
    if !unicode && (incomplete_hex_escape(pat) || escaped_surrogate_pair(pat)) {
        return true;
    }
    // regress reads a pattern, and a UTF-16 subject, by code points even
    // without `u`: its `.` and classes consume a whole surrogate pair.
    let astral = |s: &str| s.chars().any(|c| c as u32 > 0xFFFF);
    if !unicode && (astral(pat) || astral(input)) {
        return true;
    }
    if !flags.contains('i') {
        return false;
    }
    let special = |c: char| matches!(c, '\u{17F}' | '\u{212A}' | '\u{131}' | '\u{130}');
    if !unicode {
        return input.chars().any(special)
            || pat.chars().any(special)
            || pat.contains("\\u212A")
            || pat.contains("\\u017F")
            || ["\\W", "\\S", "\\D", "[^"].iter().any(|e| pat.contains(e));
    }
    let folds_to_extra = |c: char| special(c) || matches!(c, 's' | 'S' | 'k' | 'K');
    ["\\w", "\\W", "\\b", "\\B"].iter().any(|e| pat.contains(e))
        && input.chars().any(folds_to_extra)
}

/// The largest `\N` decimal escape in the pattern (0 when none).
fn max_decimal_escape(pat: &str) -> usize {
    let chars: Vec<char> = pat.chars().collect();
    let mut max = 0;
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '\\' {
            let digits: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            max = max.max(
                digits
                    .parse()
                    .unwrap_or(if digits.is_empty() { 0 } else { usize::MAX }),
            );
            i += 2;
        } else {
            i += 1;
        }
    }
    max
}

/// Whether the pattern has a `\x` not followed by two hex digits or a `\u`
/// not followed by four.
fn incomplete_hex_escape(pat: &str) -> bool {
    let chars: Vec<char> = pat.chars().collect();
    let hex = |from: usize, n: usize| {
        chars.len() >= from + n && chars[from..from + n].iter().all(|c| c.is_ascii_hexdigit())
    };
    let mut i = 0;
    while i + 1 < chars.len() {
        if chars[i] == '\\' {
            match chars[i + 1] {
                'x' if !hex(i + 2, 2) => return true,
                'u' if !hex(i + 2, 4) => return true,
                _ => {}
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// Whether the pattern spells a surrogate pair as two `\u` escapes, which
/// regress joins into one code point even without `u`.
fn escaped_surrogate_pair(pat: &str) -> bool {
    let units: Vec<u32> = pat
        .split("\\u")
        .skip(1)
        .map(|s| {
            s.get(..4)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .unwrap_or(0)
        })
        .collect();
    units
        .windows(2)
        .any(|w| (0xD800..0xDC00).contains(&w[0]) && (0xDC00..0xE000).contains(&w[1]))
}

/// Whether a `v`-mode pattern has what regress's class parser gets wrong:
/// a negated class nested in another class, a `\q{...}` with an empty
/// alternative, `\b` in a class, or a lone punctuator that is reserved
/// only when doubled.
fn regress_v_class_trouble(pat: &str) -> bool {
    let chars: Vec<char> = pat.chars().collect();
    let mut depth = 0;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' if depth > 0 && chars.get(i + 1) == Some(&'b') => {
                // `[\b]` is a backspace; regress reads `b` in `v` mode.
                return true;
            }
            '\\' => {
                if chars.get(i + 1) == Some(&'q') && chars.get(i + 2) == Some(&'{') {
                    let body: String = chars[i + 3..].iter().take_while(|&&c| c != '}').collect();
                    if body.split('|').any(str::is_empty) {
                        return true;
                    }
                }
                i += 1;
            }
            '[' => {
                depth += 1;
                if depth > 1 && chars.get(i + 1) == Some(&'^') {
                    return true;
                }
            }
            ']' if depth > 0 => depth -= 1,
            // regress rejects or mismatches a lone punctuator that is only
            // reserved when doubled (`&`, `!`, `#`, ...).
            c if depth > 0 && "&!#$%*+,.:;<=>?@^`~".contains(c) => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// Rewrites `\k<nX>` as `\X` (the generator names group X `nX`): regress
/// resolves some named references wrongly, numbered ones correctly.
fn numbered_references(pat: &str) -> String {
    let mut out = String::new();
    let mut rest = pat;
    while let Some(i) = rest.find("\\k<n") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 4..];
        let end = after.find('>').unwrap_or(after.len());
        out.push('\\');
        out.push_str(&after[..end]);
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

type Caps = Vec<Option<(usize, usize)>>;

/// Our result, or `Err` when the step budget ran out (a pattern with
/// exponential backtracking: skipped, since regress has no budget).
fn ours_utf16(re: &Regex, input: &[u16]) -> Result<Option<Caps>, ()> {
    with_budget(re, |caps, ctx| re.exec_utf16(input, 0, caps, ctx))
}

fn ours_latin1(re: &Regex, input: &[u8]) -> Result<Option<Caps>, ()> {
    with_budget(re, |caps, ctx| re.exec_latin1(input, 0, caps, ctx))
}

/// Runs one match under a small interrupt budget.
fn with_budget<E>(
    re: &Regex,
    exec: impl FnOnce(&mut [Option<usize>], &mut MatchContext) -> Result<bool, E>,
) -> Result<Option<Caps>, ()> {
    let mut caps = vec![None; re.capture_count() * 2];
    let mut polls = 0;
    let mut stop = || {
        polls += 1;
        polls > 50
    };
    let mut ctx = MatchContext::with_interrupt(&mut stop);
    match exec(&mut caps, &mut ctx) {
        Ok(ok) => Ok(ok.then(|| to_pairs(&caps))),
        Err(_) => Err(()),
    }
}

fn to_pairs(caps: &[Option<usize>]) -> Caps {
    caps.chunks(2)
        .map(|c| match (c[0], c[1]) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        })
        .collect()
}

/// regress's answer; `Err` when regress itself panics (it does on some
/// named references), in which case the case is skipped.
fn theirs(re: &regress::Regex, input: &[u16]) -> Result<Option<Caps>, ()> {
    quiet_regress_panics();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| theirs_inner(re, input)))
        .map_err(|_| ())
}

fn quiet_regress_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info
                .location()
                .is_some_and(|l| l.file().contains("regress"))
            {
                return;
            }
            default(info);
        }));
    });
}

fn theirs_inner(re: &regress::Regex, input: &[u16]) -> Option<Caps> {
    let m = re.find_from_utf16(input, 0).next()?;
    let mut v = vec![Some((m.range.start, m.range.end))];
    v.extend(
        m.captures
            .iter()
            .map(|c| c.as_ref().map(|r| (r.start, r.end))),
    );
    Some(v)
}
