//! Checks every compiled table against checksums that the generator
//! computed straight from the Unicode data files, by evaluating the public
//! queries on every code point 0..=U+10FFFF.

#[allow(dead_code)]
mod data {
    include!("data/expected.rs");
}

use unicode::{
    BinaryProperty, GeneralCategory, NormalizationForm, Script, StringProperty,
    canonical_combining_class, fold_full, fold_simple, general_category, lower_full, lower_simple,
    normalize_chars, script, script_extensions, upper_full, upper_simple,
};

const MAX: u32 = 0x10FFFF;

/// FNV-1a 64 over little-endian u32 words, as in the generator.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xCBF2_9CE4_8422_2325)
    }
    fn word(&mut self, w: u32) {
        for b in w.to_le_bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
    fn words(&mut self, ws: &[u32]) {
        for &w in ws {
            self.word(w);
        }
    }
}

fn expected(name: &str) -> u64 {
    data::EXPECTED
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no checksum for {name}"))
        .1
}

fn check(name: &str, h: &Fnv) {
    assert_eq!(
        h.0,
        expected(name),
        "{name}: compiled table differs from the source data"
    );
}

fn ranges_of(f: impl Fn(u32) -> bool) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for c in 0..=MAX {
        if f(c) {
            match out.last_mut() {
                Some(last) if last.1 + 1 == c => last.1 = c,
                _ => out.push((c, c)),
            }
        }
    }
    out
}

fn hash_ranges(ranges: &[(u32, u32)]) -> Fnv {
    let mut h = Fnv::new();
    for &(a, b) in ranges {
        h.words(&[a, b]);
    }
    h
}

#[test]
fn binary_properties() {
    for p in BinaryProperty::ALL {
        let scanned = ranges_of(|c| p.contains(c));
        check(&format!("binary/{}", p.name()), &hash_ranges(&scanned));
        assert_eq!(p.ranges(), scanned, "{}", p.name());
    }
}

#[test]
fn identifier_and_space_helpers_match_properties() {
    for c in 0..=MAX {
        assert_eq!(
            unicode::is_id_start(c),
            BinaryProperty::IdStart.contains(c),
            "{c:X}"
        );
        assert_eq!(
            unicode::is_id_continue(c),
            BinaryProperty::IdContinue.contains(c),
            "{c:X}"
        );
        let ws = matches!(c, 0x09 | 0x0B | 0x0C | 0xFEFF)
            || general_category(c) == GeneralCategory::SpaceSeparator;
        assert_eq!(unicode::is_white_space(c), ws, "{c:X}");
    }
}

fn hash_runs(value: impl Fn(u32) -> u32) -> Fnv {
    let mut h = Fnv::new();
    let mut prev = None;
    for c in 0..=MAX {
        let v = value(c);
        if prev != Some(v) {
            h.words(&[c, v]);
            prev = Some(v);
        }
    }
    h
}

#[test]
fn general_category_table() {
    check(
        "general_category",
        &hash_runs(|c| general_category(c) as u32),
    );
    for gc in GeneralCategory::ALL {
        let scanned = ranges_of(|c| general_category(c) == gc);
        assert_eq!(gc.mask().ranges(), scanned, "{}", gc.long_name());
    }
    assert_eq!(general_category(0x110000), GeneralCategory::Unassigned);
}

#[test]
fn script_tables() {
    check("script", &hash_runs(|c| script(c) as u32));
    let mut h = Fnv::new();
    let mut per_script: Vec<Vec<(u32, u32)>> = vec![Vec::new(); Script::ALL.len()];
    for c in 0..=MAX {
        let scx = script_extensions(c);
        assert!(scx.windows(2).all(|w| w[0] < w[1]));
        if scx != [script(c)] {
            h.words(&[c, scx.len() as u32]);
            for &s in &scx {
                h.word(s as u32);
            }
        }
        for s in scx {
            assert!(unicode::has_script_extension(c, s));
            let r = &mut per_script[s as usize];
            match r.last_mut() {
                Some(last) if last.1 + 1 == c => last.1 = c,
                _ => r.push((c, c)),
            }
        }
    }
    check("script_extensions", &h);
    for s in Script::ALL {
        assert_eq!(
            s.extension_ranges(),
            per_script[s as usize],
            "{}",
            s.long_name()
        );
        assert_eq!(
            s.ranges(),
            ranges_of(|c| script(c) == s),
            "{}",
            s.long_name()
        );
    }
}

fn hash_mapping(f: impl Fn(u32) -> Vec<u32>) -> Fnv {
    let mut h = Fnv::new();
    for c in 0..=MAX {
        let m = f(c);
        if m != [c] {
            h.words(&[c, m.len() as u32]);
            h.words(&m);
        }
    }
    h
}

fn hash_simple(f: impl Fn(u32) -> u32) -> Fnv {
    let mut h = Fnv::new();
    for c in 0..=MAX {
        let m = f(c);
        if m != c {
            h.words(&[c, m]);
        }
    }
    h
}

#[test]
fn case_tables() {
    check("case/fold_simple", &hash_simple(fold_simple));
    check("case/lower_simple", &hash_simple(lower_simple));
    check("case/upper_simple", &hash_simple(upper_simple));
    check(
        "case/fold_full_all",
        &hash_mapping(|c| fold_full(c).as_slice().to_vec()),
    );
    check(
        "case/lower_full_all",
        &hash_mapping(|c| lower_full(c).as_slice().to_vec()),
    );
    check(
        "case/upper_full_all",
        &hash_mapping(|c| upper_full(c).as_slice().to_vec()),
    );
    // The string functions agree with the per-character ones (no context,
    // and no capital sigma, whose lowering depends on context).
    for c in (0..=MAX).filter(|&c| c != 0x3A3) {
        assert_eq!(
            unicode::to_lower_chars(&[c]),
            lower_full(c).as_slice(),
            "{c:X}"
        );
        assert_eq!(
            unicode::to_upper_chars(&[c]),
            upper_full(c).as_slice(),
            "{c:X}"
        );
    }
}

#[test]
fn fold_equivalence_classes() {
    let mut classes: std::collections::HashMap<u32, Vec<u32>> = std::collections::HashMap::new();
    for c in 0..=MAX {
        classes.entry(fold_simple(c)).or_default().push(c);
    }
    for class in classes.values().filter(|class| class.len() > 1) {
        for &c in class {
            assert_eq!(&unicode::fold_equivalents(c), class, "{c:X}");
        }
    }
    assert_eq!(unicode::fold_equivalents(0x10FFFF), vec![0x10FFFF]);
}

#[test]
fn combining_classes() {
    check(
        "normalization/ccc",
        &hash_runs(|c| u32::from(canonical_combining_class(c))),
    );
}

const FORMS: [(NormalizationForm, &str); 4] = [
    (NormalizationForm::Nfc, "NFC"),
    (NormalizationForm::Nfd, "NFD"),
    (NormalizationForm::Nfkc, "NFKC"),
    (NormalizationForm::Nfkd, "NFKD"),
];

#[test]
fn normalization_of_every_code_point() {
    for (form, name) in FORMS {
        let mut h = Fnv::new();
        for c in (0..=MAX).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
            let r = normalize_chars(form, &[c]);
            if r != [c] {
                h.words(&[c, r.len() as u32]);
                h.words(&r);
            }
        }
        check(&format!("normalization/single/{name}"), &h);
    }
}

fn xorshift(state: &mut u64) -> u32 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 32) as u32
}

#[test]
fn normalization_of_generated_strings() {
    let pool = data::NORMALIZATION_POOL;
    for (form, name) in FORMS {
        let mut h = Fnv::new();
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        for _ in 0..4000 {
            let len = 1 + xorshift(&mut state) % 8;
            let s: Vec<u32> = (0..len)
                .map(|_| pool[(xorshift(&mut state) as usize) % pool.len()])
                .collect();
            let r = normalize_chars(form, &s);
            h.word(r.len() as u32);
            h.words(&r);
            // UTF-16 entry point agrees.
            let utf16 = unicode::encode_utf16(&s);
            assert_eq!(unicode::normalize(form, &utf16), unicode::encode_utf16(&r));
        }
        check(&format!("normalization/multi/{name}"), &h);
    }
}

#[test]
fn properties_of_strings() {
    for p in StringProperty::ALL {
        let mut all: Vec<Vec<u32>> = Vec::new();
        for (a, b) in p.code_points() {
            all.extend((a..=b).map(|c| vec![c]));
        }
        all.extend(p.sequences().into_iter().map(<[u32]>::to_vec));
        all.sort();
        let mut h = Fnv::new();
        for s in &all {
            h.word(s.len() as u32);
            h.words(s);
            assert!(p.contains(s), "{}", p.name());
        }
        check(&format!("strings/{}", p.name()), &h);
    }
}
