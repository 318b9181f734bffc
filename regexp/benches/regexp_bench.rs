//! Compares matching speed with the `regress` crate on patterns from V8's
//! regexp benchmark (all matches of each pattern over a test string, as a
//! global regexp would find them).

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use regexp::{MatchContext, Regex};

const STR0: &str = "Zbmvyyn/5.0 (Jvaqbjf; H; Jvaqbjf AG 5.1; ra-HF) NccyrJroXvg/528.9 (XUGZY, yvxr Trpxb) Puebzr/2.0.157.0 Fnsnev/528.9";

fn cases() -> Vec<(&'static str, &'static str, &'static str, String)> {
    let url = "uggc://jjj.snprobbx.pbz/ybtva.cuc?sevraqvq=1234&punaaryvq=abc#frag".to_string();
    let text = format!(
        "{} QBZPbageby_cynprubyqre {}",
        STR0.repeat(20),
        STR0.repeat(20)
    );
    vec![
        (
            "re1_url",
            r"(((\w+):\/\/)([^\/:]*)(:(\d+))?)?([^#?]*)(\?([^#]*))?(#(.*))?",
            "",
            url.clone(),
        ),
        ("re2_trim", r"^\s*|\s*$", "", format!("   {STR0}   ")),
        ("re3_word", r"\bQBZPbageby_cynprubyqre\b", "", text.clone()),
        ("re7_digits", r"(\d*)(\D*)", "", STR0.to_string()),
        (
            "re13_query",
            r"\?[\w\W]*(sevraqvq|punaaryvq|tebhcvq)=([^\&\?#]*)",
            "i",
            url,
        ),
        ("re14_spaces", r"\s+", "", text.clone()),
        (
            "re15_words",
            r"^\s*(\S*(\s+\S+)*)\s*$",
            "",
            STR0.to_string(),
        ),
        ("literal", r"Puebzr/2\.0", "", text),
    ]
}

fn ours_all(
    re: &Regex,
    input: &[u16],
    caps: &mut [Option<usize>],
    ctx: &mut MatchContext,
) -> usize {
    let mut n = 0;
    let mut pos = 0;
    while pos <= input.len() && re.exec_utf16(input, pos, caps, ctx).unwrap_or(false) {
        n += 1;
        let (s, e) = (caps[0].unwrap_or(0), caps[1].unwrap_or(0));
        pos = if e == s { e + 1 } else { e };
    }
    n
}

fn bench(c: &mut Criterion) {
    for (name, pat, flags, input) in cases() {
        let units: Vec<u16> = input.encode_utf16().collect();
        let ours = Regex::from_str(pat, flags).unwrap();
        let theirs = regress::Regex::with_flags(pat, flags).unwrap();
        let mut group = c.benchmark_group(name);
        group.bench_function("regexp", |b| {
            let mut caps = vec![None; ours.capture_count() * 2];
            let mut ctx = MatchContext::new();
            b.iter(|| ours_all(&ours, black_box(&units), &mut caps, &mut ctx))
        });
        group.bench_function("regress", |b| {
            b.iter(|| theirs.find_from_utf16(black_box(&units), 0).count())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
