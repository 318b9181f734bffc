//! Differential test against the `regress` crate over a generated corpus of
//! patterns and inputs: match positions and captures must agree, on UTF-16
//! input and (when the input fits) on Latin-1 input.

mod support;

use support::oracle;

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

/// The building blocks of one corpus.
struct Corpus {
    chars: &'static [&'static str],
    classes: &'static [&'static str],
    input: &'static [&'static str],
    input_unicode: &'static [&'static str],
}

const BASIC: Corpus = Corpus {
    chars: &["a", "b", "c", "A", "é", "\\n", " "],
    classes: &[
        "[ab]", "[^a]", "[a-c]", "[^\\s]", "[\\w-]", "[A-Z]", "[é-ÿ]", "[^]", "[]",
    ],
    input: &["a", "b", "c", "A", "B", " ", "\n", "1", "é", "É", "-", "_"],
    input_unicode: &["a", "b", "c", "A", "B", " ", "\n", "1", "é", "É", "-", "😀"],
};

const CASES: Corpus = Corpus {
    chars: &[
        "k", "s", "K", "S", "ſ", "\\u212A", "σ", "ς", "Σ", "ß", "ÿ", "Ÿ", "µ", "Μ", "İ", "ı", "i",
        "😀",
    ],
    classes: &[
        "[a-z]",
        "[^a-z]",
        "[ſ]",
        "[σ-σ]",
        "[\\w]",
        "[^\\W]",
        "[\\W]",
        "[K-k]",
        "[^k]",
        "[à-þ]",
        "[\\u0100-\\u017F]",
        "[😀-😂]",
    ],
    input: &[
        "k", "s", "K", "S", "ſ", "K", "σ", "ς", "Σ", "ß", "ÿ", "Ÿ", "µ", "Μ", "İ", "ı", "i", "I",
        "À", "à",
    ],
    input_unicode: &[
        "k", "s", "K", "S", "ſ", "K", "σ", "ς", "Σ", "ß", "ÿ", "Ÿ", "µ", "İ", "ı", "😀", "😁", "a",
    ],
};

const SETS: Corpus = Corpus {
    chars: &["a", "b", "c", "A", "é", "😀"],
    classes: &[
        "[[a-z]--[aeiou]]",
        "[\\w&&[a-z]]",
        "[\\q{ab|c}]",
        "[\\q{abc|a}b]",
        "[[ab]--b]",
        "[[a-c]&&[b-d]]",
        "[\\q{😀a|b}é]",
        "[^ab]",
        "[a-c--\\q{b}]",
        "[[ab][bc]]",
        "[\\p{ASCII}--\\w]",
    ],
    input: &["a", "b", "c", "A", "B", " ", "1", "é", "É"],
    input_unicode: &["a", "b", "c", "A", "B", " ", "1", "é", "É", "😀", "d", "e"],
};

struct Gen {
    corpus: &'static Corpus,
    rng: Rng,
    groups: usize,
    unicode: bool,
    in_quant: bool,
    closed: Vec<usize>,
    closed_named: Vec<usize>,
    in_behind: bool,
}

impl Gen {
    fn atom(&mut self, depth: usize) -> String {
        let r = self.rng.below(if depth > 2 { 12 } else { 20 });
        match r {
            0..=4 => self.rng.pick(self.corpus.chars).to_string(),
            5 => ".".to_string(),
            6 => self.rng.pick(self.corpus.classes).to_string(),
            7 => self
                .rng
                .pick(&["\\d", "\\w", "\\s", "\\W", "\\D", "\\S"])
                .to_string(),
            8 => self.rng.pick(&["^", "$", "\\b", "\\B"]).to_string(),
            9 => {
                // Only closed groups: regress differs from the specification
                // on a reference inside its own group (which must match empty).
                // regress mishandles (or panics on) backreferences inside
                // lookbehinds, so none are generated there.
                if self.in_behind {
                    "a".to_string()
                } else if !self.closed_named.is_empty() && self.rng.below(2) == 0 {
                    let i = self.rng.below(self.closed_named.len());
                    format!("\\k<n{}>", self.closed_named[i])
                } else if !self.closed.is_empty() {
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
                let saved = self.in_behind;
                self.in_behind |= kind == 4;
                s.push_str(&self.disjunction(depth + 1));
                self.in_behind = saved;
                s.push(')');
                if capture {
                    self.closed.push(index);
                    if kind == 5 {
                        self.closed_named.push(index);
                    }
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
            self.corpus.input_unicode
        } else {
            self.corpus.input
        };
        (0..n).map(|_| self.rng.pick(alphabet)).collect()
    }
}

fn run_corpus(
    corpus: &'static Corpus,
    seed: u64,
    flags_list: &[&str],
    count: usize,
) -> (usize, Vec<String>) {
    let mut compared = 0;
    let mut failures = Vec::new();
    for (fi, flags) in flags_list.iter().enumerate() {
        let unicode = flags.contains('u') || flags.contains('v');
        let mut g = Gen {
            corpus,
            rng: Rng(seed.wrapping_mul(fi as u64 + 7) | 1),
            groups: 0,
            unicode,
            in_quant: false,
            closed: Vec::new(),
            closed_named: Vec::new(),
            in_behind: false,
        };
        for _ in 0..count {
            g.groups = 0;
            g.closed.clear();
            g.closed_named.clear();
            let pat = g.disjunction(0);
            if std::env::var("DIFF_TRACE").is_ok() {
                eprintln!("{pat}");
            }
            let Some(pair) = oracle::Pair::generated(&pat, flags) else {
                continue;
            };
            for _ in 0..8 {
                let input = g.input();
                if std::env::var("DIFF_TRACE").is_ok() {
                    eprintln!("  input {input:?}");
                }
                match pair.compare(&input) {
                    oracle::Verdict::Agree => compared += 1,
                    oracle::Verdict::Skipped => {}
                    oracle::Verdict::Differ(msg) => {
                        compared += 1;
                        failures.push(msg);
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
    let (compared, failures) = run_corpus(&BASIC, 0x9E37_79B9_7F4A_7C15, &flags, 1500);
    eprintln!("compared {compared}");
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

#[test]
fn differential_case_folding_and_unicode() {
    let flags = ["i", "iu", "u", "", "im"];
    let (compared, failures) = run_corpus(&CASES, 0x2545_F491_4F6C_DD1D, &flags, 1500);
    eprintln!("compared {compared}");
    for f in failures.iter().take(40) {
        eprintln!("{f}");
    }
    assert!(compared > 30_000, "only {compared} comparisons");
    assert!(
        failures.is_empty(),
        "{} mismatches out of {compared}",
        failures.len()
    );
}

#[test]
fn differential_unicode_sets() {
    let flags = ["v", "vi"];
    let (compared, failures) = run_corpus(&SETS, 0x1234_5678_9ABC_DEF1, &flags, 1500);
    eprintln!("compared {compared}");
    for f in failures.iter().take(40) {
        eprintln!("{f}");
    }
    assert!(compared > 10_000, "only {compared} comparisons");
    assert!(
        failures.is_empty(),
        "{} mismatches out of {compared}",
        failures.len()
    );
}

/// Inputs the fuzz target found where regress, not this crate, departs from
/// the specification: the oracle must not report them, while still
/// comparing ordinary patterns.
#[test]
fn oracle_skips_known_regress_divergences() {
    let subject = "aAbB01 _-\n";
    for (pat, flags) in [
        ("\\k<nn>", "m"),
        ("[[^@]]", "msv"),
        ("\\x\\x*", "im"),
        ("\\u12", ""),
        ("\\P{Lu}", "iv"),
        ("\\uD83D\\uDE00?", "i"),
        ("[\\-\\d\\bm-r:]", "iv"),
        ("[a&'z]", "v"),
        ("\\d\\1-(?<=)", "ims"),
        ("[azx]\\P{Lu}", "imsu"),
    ] {
        if let Some(pair) = oracle::Pair::arbitrary(pat, flags) {
            assert!(
                !matches!(pair.compare(subject), oracle::Verdict::Differ(_)),
                "/{pat}/{flags}"
            );
        }
    }
    let pair = oracle::Pair::arbitrary("[a-b]+\\d", "i").expect("both accept");
    assert!(matches!(pair.compare(subject), oracle::Verdict::Agree));
}
