//! Random patterns and inputs must never panic, and deep nesting must stay
//! within the parser's depth limit without exhausting the Rust stack.

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
}

const PIECES: &[&str] = &[
    "a",
    "b",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "|",
    "*",
    "+",
    "?",
    ".",
    "^",
    "$",
    "\\",
    "-",
    ",",
    "1",
    "2",
    "0",
    "<",
    ">",
    "=",
    "!",
    ":",
    "?<",
    "?<=",
    "?<!",
    "?=",
    "?:",
    "\\k<a>",
    "(?<a>",
    "\\u{1F600}",
    "\\uD83D",
    "\\uDE00",
    "\\c",
    "\\p{",
    "\\P{ASCII}",
    "\\q{",
    "&&",
    "--",
    "\\b",
    "\\B",
    "\\d",
    "\\W",
    "\\1",
    "\\8",
    "\\0",
    "{2,1}",
    "{1,}",
    "i",
    "m",
    "s",
    "-",
    "😀",
    "\u{FFFF}",
    "x",
    "\\x4",
    "\\xff",
    "k",
    "\\/",
    "/",
    "]]",
    "[[",
];

#[test]
fn random_patterns_never_panic() {
    let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
    let flag_sets = ["", "i", "u", "v", "iu", "iv", "ms", "y", "imsu"];
    let inputs: [&str; 5] = ["", "aab", "a😀b\n", "x{1}[]", "AbCaBc😀😀"];
    let mut compiled = 0;
    for _ in 0..30_000 {
        let n = 1 + rng.below(12);
        let pat: String = (0..n).map(|_| PIECES[rng.below(PIECES.len())]).collect();
        let flags = Flags::parse(flag_sets[rng.below(flag_sets.len())]).unwrap();
        let units: Vec<u16> = pat.encode_utf16().collect();
        let Ok(re) = Regex::new(&units, flags) else {
            continue;
        };
        compiled += 1;
        let mut polls = 0u32;
        let mut stop = || {
            polls += 1;
            polls.is_multiple_of(8)
        };
        let mut ctx = MatchContext::with_interrupt(&mut stop);
        ctx.backtrack_limit = 10_000;
        let mut caps = vec![None; re.capture_count() * 2];
        for input in inputs {
            let u: Vec<u16> = input.encode_utf16().collect();
            for start in [0, 1, u.len(), u.len() + 1] {
                let _ = re.exec_utf16(&u, start, &mut caps, &mut ctx);
            }
            let l: Vec<u8> = input
                .chars()
                .filter(|&c| (c as u32) < 256)
                .map(|c| c as u8)
                .collect();
            let _ = re.exec_latin1(&l, 0, &mut caps, &mut ctx);
        }
    }
    assert!(compiled > 3_000, "only {compiled} patterns compiled");
}

#[test]
fn lone_surrogates_in_pattern_and_input() {
    let pats: [&[u16]; 3] = [&[0xD83D], &[0x5B, 0xDE00, 0x5D], &[0xD83D, 0x2A]];
    let input: [u16; 5] = [0xD83D, 0xDE00, 0xDE00, 0xD83D, 0x61];
    for pat in pats {
        for flags in ["", "u", "v", "iu"] {
            let re = Regex::new(pat, Flags::parse(flags).unwrap()).unwrap();
            let mut caps = vec![None; 2];
            let mut ctx = MatchContext::new();
            assert!(re.exec_utf16(&input, 0, &mut caps, &mut ctx).is_ok());
        }
    }
    // In u mode a lone lead surrogate matches only where unpaired.
    let re = Regex::new(&[0xD83D], Flags::parse("u").unwrap()).unwrap();
    let mut caps = vec![None; 2];
    let mut ctx = MatchContext::new();
    assert_eq!(re.exec_utf16(&input, 0, &mut caps, &mut ctx), Ok(true));
    assert_eq!(caps, vec![Some(3), Some(4)]);
}

#[test]
fn deep_nesting_within_limit() {
    for depth in [50, 150, 199] {
        let pat = format!("{}a{}", "(?:".repeat(depth), ")".repeat(depth));
        let re = Regex::from_str(&pat, "").unwrap();
        let mut caps = vec![None; 2];
        assert_eq!(
            re.exec_latin1(b"a", 0, &mut caps, &mut MatchContext::new()),
            Ok(true)
        );
        let pat = format!("{}a{}", "(".repeat(depth), ")*".repeat(depth));
        assert!(Regex::from_str(&pat, "").is_ok());
        let pat = format!("{}a{}", "[".repeat(depth), "]".repeat(depth));
        assert!(Regex::from_str(&pat, "v").is_ok());
    }
    assert!(Regex::from_str(&format!("{}a{}", "(?:".repeat(5000), ")".repeat(5000)), "").is_err());
    assert!(Regex::from_str(&format!("{}a{}", "(?=".repeat(5000), ")".repeat(5000)), "").is_err());
}

#[test]
fn long_inputs_do_not_recurse() {
    let re = Regex::from_str("^(?:(a)|b)*$", "").unwrap();
    let input: Vec<u8> = (0..300_000)
        .map(|i| if i % 3 == 0 { b'b' } else { b'a' })
        .collect();
    let mut caps = vec![None; 4];
    assert_eq!(
        re.exec_latin1(&input, 0, &mut caps, &mut MatchContext::new()),
        Ok(true)
    );
    let re = Regex::from_str("$(?<=^(?:a|b)*)", "").unwrap();
    assert_eq!(
        re.exec_latin1(&input, 0, &mut caps, &mut MatchContext::new()),
        Ok(true)
    );
}

#[test]
fn maximum_nesting_fits_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            for (open, close, flags) in [
                ("(?:", ")", ""),
                ("(", ")+", ""),
                ("(?<=", ")", ""),
                ("[", "]", "v"),
            ] {
                let pat = format!("{}a{}", open.repeat(200), close.repeat(200));
                let re = Regex::from_str(&pat, flags).unwrap();
                let mut caps = vec![None; re.capture_count() * 2];
                let _ = re.exec_latin1(b"aaa", 0, &mut caps, &mut MatchContext::new());
            }
        })
        .unwrap();
    assert!(handle.join().is_ok());
}
