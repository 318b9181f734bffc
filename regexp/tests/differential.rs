//! Differential test against the `regress` crate over a generated corpus of
//! patterns and inputs: match positions and captures must agree, on UTF-16
//! input and (when the input fits) on Latin-1 input.

use regexp::{Flags, MatchContext, Regex};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

struct Gen {
    rng: Rng,
    groups: usize,
    unicode: bool,
    in_quant: bool,
    closed: Vec<usize>,
}

impl Gen {
    fn atom(&mut self, depth: usize) -> String {
        let r = self.rng.below(if depth > 2 { 12 } else { 20 });
        match r {
            0..=4 => self
                .rng
                .pick(&["a", "b", "c", "A", "é", "\\n", " "])
                .to_string(),
            5 => ".".to_string(),
            6 => self
                .rng
                .pick(&[
                    "[ab]", "[^a]", "[a-c]", "[^\\s]", "[\\w-]", "[A-Z]", "[é-ÿ]", "[^]", "[]",
                ])
                .to_string(),
            7 => self
                .rng
                .pick(&["\\d", "\\w", "\\s", "\\W", "\\D", "\\S"])
                .to_string(),
            8 => self.rng.pick(&["^", "$", "\\b", "\\B"]).to_string(),
            9 => {
                // Only closed groups: regress differs from the specification
                // on a reference inside its own group (which must match empty).
                if !self.closed.is_empty() {
                    let i = self.rng.below(self.closed.len());
                    format!("\\{}", self.closed[i])
                } else {
                    "a".to_string()
                }
            }
            10 | 11 => "ab".to_string(),
            _ => {
                let kind = self.rng.below(6);
                let (open, capture) = match kind {
                    0 | 1 => ("(", true),
                    2 => ("(?:", false),
                    3 => (self.rng.pick(&["(?=", "(?!"]), false),
                    4 => (self.rng.pick(&["(?<=", "(?<!"]), false),
                    _ => ("(?<n", true),
                };
                let mut s = open.to_string();
                let index = self.groups + 1;
                if capture {
                    self.groups += 1;
                    if kind == 5 {
                        s.push_str(&format!("{}>", self.groups));
                    }
                }
                s.push_str(&self.disjunction(depth + 1));
                s.push(')');
                if capture {
                    self.closed.push(index);
                }
                s
            }
        }
    }

    fn term(&mut self, depth: usize) -> String {
        // Quantifiers are not nested (regress can use exponential memory on
        // nested quantified groups that match empty).
        let quantify = !self.in_quant && self.rng.below(3) == 0;
        let saved = self.in_quant;
        self.in_quant |= quantify;
        let a = self.atom(depth);
        self.in_quant = saved;
        let quantifiable = !matches!(a.as_str(), "^" | "$" | "\\b" | "\\B")
            && !a.starts_with("(?=")
            && !a.starts_with("(?!")
            && !a.starts_with("(?<=")
            && !a.starts_with("(?<!");
        if !quantifiable || !quantify {
            return a;
        }
        let q = self
            .rng
            .pick(&["*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}"]);
        let lazy = if self.rng.below(3) == 0 { "?" } else { "" };
        format!("{a}{q}{lazy}")
    }

    fn alternative(&mut self, depth: usize) -> String {
        let n = self.rng.below(4);
        (0..n).map(|_| self.term(depth)).collect()
    }

    fn disjunction(&mut self, depth: usize) -> String {
        let mut s = self.alternative(depth);
        while self.rng.below(4) == 0 {
            s.push('|');
            s.push_str(&self.alternative(depth));
        }
        s
    }

    fn input(&mut self) -> String {
        let n = self.rng.below(10);
        let alphabet = if self.unicode {
            &["a", "b", "c", "A", "B", " ", "\n", "1", "é", "É", "-", "😀"][..]
        } else {
            &["a", "b", "c", "A", "B", " ", "\n", "1", "é", "É", "-", "_"][..]
        };
        (0..n).map(|_| self.rng.pick(alphabet)).collect()
    }
}

type Caps = Vec<Option<(usize, usize)>>;

/// Our result, or `Err` when the step budget ran out (a pattern with
/// exponential backtracking: skipped, since regress has no budget).
fn ours_utf16(re: &Regex, input: &[u16]) -> Result<Option<Caps>, ()> {
    let mut caps = vec![None; re.capture_count() * 2];
    let mut polls = 0;
    let mut stop = || {
        polls += 1;
        polls > 50
    };
    let mut ctx = MatchContext::with_interrupt(&mut stop);
    match re.exec_utf16(input, 0, &mut caps, &mut ctx) {
        Ok(ok) => Ok(ok.then(|| to_pairs(&caps))),
        Err(_) => Err(()),
    }
}

fn ours_latin1(re: &Regex, input: &[u8]) -> Option<Caps> {
    let mut caps = vec![None; re.capture_count() * 2];
    let mut ctx = MatchContext::new();
    let ok = re
        .exec_latin1(input, 0, &mut caps, &mut ctx)
        .expect("match error");
    ok.then(|| to_pairs(&caps))
}

fn to_pairs(caps: &[Option<usize>]) -> Caps {
    caps.chunks(2)
        .map(|c| match (c[0], c[1]) {
            (Some(a), Some(b)) => Some((a, b)),
            _ => None,
        })
        .collect()
}

fn theirs(re: &regress::Regex, input: &[u16]) -> Option<Caps> {
    let m = re.find_from_utf16(input, 0).next()?;
    let mut v = vec![Some((m.range.start, m.range.end))];
    v.extend(
        m.captures
            .iter()
            .map(|c| c.as_ref().map(|r| (r.start, r.end))),
    );
    Some(v)
}

fn run_corpus(seed: u64, flags_list: &[&str], count: usize) -> (usize, Vec<String>) {
    let mut compared = 0;
    let mut failures = Vec::new();
    for (fi, flags) in flags_list.iter().enumerate() {
        let unicode = flags.contains('u');
        let mut g = Gen {
            rng: Rng(seed.wrapping_mul(fi as u64 + 7) | 1),
            groups: 0,
            unicode,
            in_quant: false,
            closed: Vec::new(),
        };
        for _ in 0..count {
            g.groups = 0;
            g.closed.clear();
            let pat = g.disjunction(0);
            if std::env::var("DIFF_TRACE").is_ok() {
                eprintln!("{pat}");
            }
            let units: Vec<u16> = pat.encode_utf16().collect();
            let ours = Regex::new(&units, Flags::from_str(flags).unwrap());
            let their = regress::Regex::with_flags(&pat, *flags);
            let (ours, their) = match (ours, their) {
                (Ok(a), Ok(b)) => (a, b),
                _ => continue,
            };
            for _ in 0..8 {
                let input = g.input();
                let u16s: Vec<u16> = input.encode_utf16().collect();
                if std::env::var("DIFF_TRACE").is_ok() {
                    eprintln!("  input {input:?}");
                }
                let Ok(a) = ours_utf16(&ours, &u16s) else {
                    continue;
                };
                if std::env::var("DIFF_TRACE").is_ok() {
                    eprintln!("  ours done");
                }
                let b = theirs(&their, &u16s);
                compared += 1;
                if a != b {
                    failures.push(format!(
                        "/{pat}/{flags} on {input:?}: ours {a:?} regress {b:?}"
                    ));
                    continue;
                }
                if u16s.iter().all(|&u| u < 256) {
                    let bytes: Vec<u8> = u16s.iter().map(|&u| u as u8).collect();
                    let c = ours_latin1(&ours, &bytes);
                    if c != a {
                        failures.push(format!(
                            "/{pat}/{flags} on {input:?}: latin1 {c:?} utf16 {a:?}"
                        ));
                    }
                }
            }
        }
    }
    (compared, failures)
}

#[test]
fn differential_against_regress() {
    let flags = ["", "i", "m", "s", "u", "iu", "ims", "su"];
    let (compared, failures) = run_corpus(0x9E37_79B9_7F4A_7C15, &flags, 1500);
    for f in failures.iter().take(40) {
        eprintln!("{f}");
    }
    assert!(compared > 50_000, "only {compared} comparisons");
    assert!(
        failures.is_empty(),
        "{} mismatches out of {compared}",
        failures.len()
    );
}
