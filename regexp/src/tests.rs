//! Unit tests per construct.

use crate::{Flags, MatchContext, MatchError, Regex};

/// Compiles `pat` with `flags` and runs it over `input` (as UTF-16 and,
/// when possible, as Latin-1) from 0; returns the captures as strings.
fn exec(pat: &str, flags: &str, input: &str) -> Option<Vec<Option<String>>> {
    let re = Regex::from_str(pat, flags).unwrap_or_else(|e| panic!("{pat}: {e}"));
    let units: Vec<u16> = input.encode_utf16().collect();
    let mut caps = vec![None; re.capture_count() * 2];
    let mut ctx = MatchContext::new();
    let ok = re
        .exec_utf16(&units, 0, &mut caps, &mut ctx)
        .expect("no match error");
    let result = ok.then(|| {
        (0..re.capture_count())
            .map(|g| match (caps[2 * g], caps[2 * g + 1]) {
                (Some(s), Some(e)) => Some(String::from_utf16_lossy(&units[s..e])),
                _ => None,
            })
            .collect::<Vec<_>>()
    });
    if units.iter().all(|&u| u < 256) {
        let bytes: Vec<u8> = units.iter().map(|&u| u as u8).collect();
        let mut caps2 = vec![None; re.capture_count() * 2];
        let ok2 = re
            .exec_latin1(&bytes, 0, &mut caps2, &mut ctx)
            .expect("no match error");
        assert_eq!(ok, ok2, "latin1 vs utf16 on {pat}");
        if ok {
            assert_eq!(caps, caps2, "latin1 vs utf16 captures on {pat}");
        }
    }
    result
}

fn m(pat: &str, flags: &str, input: &str) -> Option<String> {
    exec(pat, flags, input).map(|c| c[0].clone().unwrap_or_default())
}

fn caps(pat: &str, flags: &str, input: &str) -> Vec<Option<String>> {
    exec(pat, flags, input).unwrap_or_else(|| panic!("{pat} did not match {input:?}"))
}

fn s(x: &str) -> Option<String> {
    Some(x.to_string())
}

fn syntax_err(pat: &str, flags: &str) -> String {
    match Regex::from_str(pat, flags) {
        Ok(_) => panic!("{pat} /{flags} should be an error"),
        Err(e) => e.message,
    }
}

#[test]
fn flags_parse() {
    let f = Flags::parse("dgimsuy").unwrap();
    assert!(
        f.has_indices
            && f.global
            && f.ignore_case
            && f.multiline
            && f.dot_all
            && f.unicode
            && f.sticky
    );
    assert!(Flags::parse("gg").is_err());
    assert!(Flags::parse("x").is_err());
    assert!(Flags::parse("uv").is_err());
    assert!(Flags::parse("v").unwrap().unicode_sets);
    assert_eq!(Flags::parse("yig").unwrap().to_string(), "giy");
}

#[test]
fn literals_and_alternation() {
    assert_eq!(m("abc", "", "xxabcx"), s("abc"));
    assert_eq!(m("abc", "", "ab"), None);
    assert_eq!(m("a|ab", "", "abc"), s("a"));
    assert_eq!(m("x|ab|abc", "", "abc"), s("ab"));
    assert_eq!(m("", "", "abc"), s(""));
    assert_eq!(m("a||b", "", "b"), s(""));
}

#[test]
fn assertions() {
    assert_eq!(m("^abc", "", "abc"), s("abc"));
    assert_eq!(m("^abc", "", "xabc"), None);
    assert_eq!(m("^b", "m", "a\nb"), s("b"));
    assert_eq!(m("a$", "", "a\nb"), None);
    assert_eq!(m("a$", "m", "a\nb"), s("a"));
    assert_eq!(m("\\bfoo\\b", "", "a foo b"), s("foo"));
    assert_eq!(m("\\bfoo\\b", "", "afoo"), None);
    assert_eq!(m("\\Boo", "", "foo"), s("oo"));
    assert_eq!(m("^$", "", ""), s(""));
}

#[test]
fn quantifiers() {
    assert_eq!(m("a*", "", "aaab"), s("aaa"));
    assert_eq!(m("a*?", "", "aaab"), s(""));
    assert_eq!(m("a+?", "", "aaab"), s("a"));
    assert_eq!(m("a{2}", "", "aaab"), s("aa"));
    assert_eq!(m("a{2,}", "", "aaab"), s("aaa"));
    assert_eq!(m("a{1,2}", "", "aaab"), s("aa"));
    assert_eq!(m("a{1,2}?", "", "aaab"), s("a"));
    assert_eq!(m("a{0}", "", "aaab"), s(""));
    assert_eq!(m("(?:ab)*c", "", "ababc"), s("ababc"));
    assert_eq!(m("(?:ab)+?c", "", "ababc"), s("ababc"));
    assert_eq!(m("(?:ab){2}", "", "abababc"), s("abab"));
    assert_eq!(m("(?:ab){1,2}?", "", "abababc"), s("ab"));
    assert_eq!(m(".*foo", "", "xfooyfooz"), s("xfooyfoo"));
    assert_eq!(m(".*?foo", "", "xfooyfooz"), s("xfoo"));
    assert_eq!(m("a.c", "", "abc"), s("abc"));
    assert_eq!(m("a.c", "", "a\nc"), None);
    assert_eq!(m("a.c", "s", "a\nc"), s("a\nc"));
    assert_eq!(m("x*y+$", "", "xxyyy"), s("xxyyy"));
}

#[test]
fn captures_reset_each_iteration() {
    assert_eq!(
        caps("(z)((a+)?(b+)?(c))*", "", "zaacbbbcac"),
        vec![s("zaacbbbcac"), s("z"), s("ac"), s("a"), None, s("c")]
    );
    assert_eq!(caps("(a)|b", "", "b"), vec![s("b"), None]);
    assert_eq!(caps("(?:(a)|b)+", "", "ab"), vec![s("ab"), None]);
}

#[test]
fn empty_check() {
    assert_eq!(caps("(a*)*", "", "b"), vec![s(""), None]);
    assert_eq!(caps("(a*)+", "", "b"), vec![s(""), s("")]);
    assert_eq!(caps("(a*)?", "", "b"), vec![s(""), None]);
    assert_eq!(caps("(?:a|b?)+", "", "ab"), vec![s("ab")]);
    assert_eq!(caps("(?:){3}x", "", "x"), vec![s("x")]);
    assert_eq!(caps("(a?){2,}b", "", "ab"), vec![s("ab"), s("")]);
}

#[test]
fn groups_and_backrefs() {
    assert_eq!(caps("(a)(b)?", "", "ac"), vec![s("a"), s("a"), None]);
    assert_eq!(caps("(?<x>a)\\k<x>", "", "aa"), vec![s("aa"), s("a")]);
    assert_eq!(caps("(a)\\1", "", "aa"), vec![s("aa"), s("a")]);
    assert_eq!(m("(a)\\1", "", "ab"), None);
    assert_eq!(m("\\1(a)", "", "a"), s("a"));
    assert_eq!(m("(a)\\1", "i", "aA"), s("aA"));
    assert_eq!(
        caps("(?:(?<n>a)|(?<n>b))\\k<n>", "", "bb"),
        vec![s("bb"), None, s("b")]
    );
    let re = Regex::from_str("(?<a>x)|(?<b>y)(?<a>z)", "").unwrap();
    assert_eq!(
        re.group_names(),
        &[("a".to_string(), vec![1, 3]), ("b".to_string(), vec![2])]
    );
    assert_eq!(re.capture_count(), 4);
    assert_eq!(m("(?<\\u0061>x)\\k<a>", "", "xx"), s("xx"));
    assert_eq!(m("\\k", "", "k"), s("k"));
}

#[test]
fn annex_b_escapes() {
    assert_eq!(m("\\8", "", "8"), s("8"));
    assert_eq!(m("\\1", "", "\u{1}"), s("\u{1}"));
    assert_eq!(m("\\101", "", "A"), s("A"));
    assert_eq!(m("\\0", "", "\0"), s("\0"));
    assert_eq!(m("\\c", "", "\\c"), s("\\c"));
    assert_eq!(m("\\cA", "", "\u{1}"), s("\u{1}"));
    assert_eq!(m("[\\c1]", "", "\u{11}"), s("\u{11}"));
    assert_eq!(m("[\\c]", "", "c"), s("c"));
    assert_eq!(m("\\x4", "", "x4"), s("x4"));
    assert_eq!(m("\\u12", "", "u12"), s("u12"));
    assert_eq!(m("a{", "", "a{"), s("a{"));
    assert_eq!(m("a{1", "", "a{1"), s("a{1"));
    assert_eq!(m("]", "", "]"), s("]"));
    assert_eq!(m("}", "", "}"), s("}"));
    assert_eq!(m("[\\d-z]+", "", "1-z"), s("1-z"));
    assert_eq!(m("(?=a)*a", "", "a"), s("a"));
    assert_eq!(m("\\a", "", "a"), s("a"));
    assert_eq!(m("[\\8]", "", "8"), s("8"));
}

#[test]
fn classes() {
    assert_eq!(m("[a-c]+", "", "xabcd"), s("abc"));
    assert_eq!(m("[^a-c]+", "", "abxyc"), s("xy"));
    assert_eq!(m("[-a]+", "", "-a-"), s("-a-"));
    assert_eq!(m("[a-]+", "", "-a-"), s("-a-"));
    assert_eq!(m("[]", "", "a"), None);
    assert_eq!(m("[^]", "", "\n"), s("\n"));
    assert_eq!(m("\\d+", "", "ab123c"), s("123"));
    assert_eq!(m("\\D+", "", "ab123c"), s("ab"));
    assert_eq!(m("\\w+", "", "  ab_1 "), s("ab_1"));
    assert_eq!(m("\\W+", "", "ab  c"), s("  "));
    assert_eq!(
        m("\\s+", "", "a \t\u{a0}\u{feff}\u{2028}b"),
        s(" \t\u{a0}\u{feff}\u{2028}")
    );
    assert_eq!(m("\\S+", "", "  ab "), s("ab"));
    assert_eq!(m("[\\b]", "", "\u{8}"), s("\u{8}"));
    assert_eq!(m("[\\s\\d]+", "", "a1 2b"), s("1 2"));
    assert_eq!(m("[^\\d]+", "", "12ab3"), s("ab"));
    assert_eq!(m("[\\u0041-\\u0043]+", "", "ABCD"), s("ABC"));
}

#[test]
fn control_and_hex_escapes() {
    assert_eq!(
        m("\\t\\n\\v\\f\\r", "", "\t\n\u{b}\u{c}\r"),
        s("\t\n\u{b}\u{c}\r")
    );
    assert_eq!(m("\\x41\\u0042", "", "AB"), s("AB"));
    assert_eq!(m("\\u{1F600}", "u", "😀"), s("😀"));
    assert_eq!(m("\\uD83D\\uDE00", "u", "😀"), s("😀"));
    assert_eq!(m("^.$", "u", "😀"), s("😀"));
    assert_eq!(m("^.$", "", "😀"), None);
    assert_eq!(m("^..$", "", "😀"), s("😀"));
    assert_eq!(
        m("\\u{61}", "", "u".repeat(61).as_str()),
        s(&"u".repeat(61))
    );
    assert_eq!(m("\\/", "u", "/"), s("/"));
}

#[test]
fn unicode_mode_surrogates() {
    // A lone lead surrogate pattern does not match half of a pair.
    assert_eq!(m("\\uD83D", "u", "😀"), None);
    assert_eq!(m("\\uD83D", "", "😀"), s("\u{FFFD}"));
    assert_eq!(m("[😀]", "u", "😀"), s("😀"));
    assert_eq!(m("[^a]", "u", "😀"), s("😀"));
    assert_eq!(m("😀+", "u", "😀😀"), s("😀😀"));
    assert_eq!(m("(?<=😀)a", "u", "😀a"), s("a"));
    assert_eq!(m("[\\u{1F600}-\\u{1F64F}]", "u", "x😃"), s("😃"));
    // Without `u`, `.` and classes read one code unit: half of a pair.
    assert_eq!(m(".", "", "😀"), s("\u{FFFD}"));
    assert_eq!(m("[^a]{2}", "", "😀"), s("😀"));
    assert_eq!(
        m(".()\u{FFFD}", "m", "x\u{975d7}\u{FFFD}"),
        s("\u{FFFD}\u{FFFD}")
    );
}

#[test]
fn lookaround() {
    assert_eq!(m("a(?=b)", "", "acab"), s("a"));
    assert_eq!(m("a(?!b)", "", "abac"), s("a"));
    assert_eq!(
        caps("(?=(a+))a*b\\1", "", "baaabac"),
        vec![s("aba"), s("a")]
    );
    assert_eq!(caps("(?=(a+))", "", "baaabac"), vec![s(""), s("aaa")]);
    assert_eq!(
        caps("(.*?)a(?!(a+)b\\2c)\\2(.*)", "", "baaabaac"),
        vec![s("baaabaac"), s("ba"), None, s("abaac")]
    );
    assert_eq!(m("(?<=\\$)\\d+", "", "cost $42"), s("42"));
    assert_eq!(m("(?<!\\$)\\b\\d+", "", "$4 56"), s("56"));
    assert_eq!(
        caps("(?<=(\\d+)(\\d+))$", "", "1053"),
        vec![s(""), s("1"), s("053")]
    );
    assert_eq!(caps("(?<=\\1(a))b", "", "aab"), vec![s("b"), s("a")]);
    assert_eq!(m("(?<=ab(?=c)c)d", "", "abcd"), s("d"));
    assert_eq!(m("(?<!a|b)c", "", "acbcdc"), s("c"));
    assert_eq!(caps("(?!(a))\\1b", "", "ab"), vec![s("b"), None]);
}

#[test]
fn ignore_case() {
    assert_eq!(m("abc", "i", "xABC"), s("ABC"));
    assert_eq!(m("[a-z]+", "i", "ABC1"), s("ABC"));
    assert_eq!(m("[^a-z]+", "i", "ABC1"), s("1"));
    assert_eq!(m("\\u212A", "i", "k"), None);
    assert_eq!(m("\\u212A", "iu", "k"), s("k"));
    assert_eq!(m("\\u017F", "i", "s"), None);
    assert_eq!(m("\\u017F", "iu", "S"), s("S"));
    assert_eq!(m("ß", "i", "SS"), None);
    assert_eq!(m("σ", "iu", "ς"), s("ς"));
    assert_eq!(m("ÿ", "i", "\u{178}"), s("\u{178}"));
    assert_eq!(m("\\w", "iu", "\u{17F}"), s("\u{17F}"));
    assert_eq!(m("\\W", "iu", "\u{17F}"), None);
    assert_eq!(m("\\W", "i", "\u{17F}"), s("\u{17F}"));
    assert_eq!(m("[\\W]", "iu", "S"), None);
    assert_eq!(m("(?i:a)b", "", "Ab"), s("Ab"));
    assert_eq!(m("(?i:a)b", "", "AB"), None);
    assert_eq!(m("(?-i:a)b", "i", "aB"), s("aB"));
    assert_eq!(m("(?-i:a)b", "i", "AB"), None);
}

#[test]
fn modifiers() {
    assert_eq!(m("(?m:^b)", "", "a\nb"), s("b"));
    assert_eq!(m("(?s:.)", "", "\n"), s("\n"));
    assert_eq!(m("(?m-s:^.)", "s", "a\n\n"), s("a"));
    assert_eq!(
        syntax_err("(?ii:a)", ""),
        "repeated flag in group modifiers"
    );
    assert_eq!(
        syntax_err("(?i-i:a)", ""),
        "repeated flag in group modifiers"
    );
    assert_eq!(syntax_err("(?-:a)", ""), "invalid group modifiers");
    assert_eq!(syntax_err("(?x:a)", ""), "invalid group");
}

#[test]
fn properties() {
    assert_eq!(m("\\p{ASCII}+", "u", "abé"), s("ab"));
    assert_eq!(m("\\P{ASCII}+", "u", "abé"), s("é"));
    assert_eq!(m("\\p{Alphabetic}+", "u", "1aé2"), s("aé"));
    assert_eq!(m("\\p{General_Category=Number}+", "u", "a12"), s("12"));
    assert_eq!(m("[\\p{Lowercase}\\d]+", "u", "Ab1c"), s("b1c"));
    assert_eq!(m("\\p{L}", "", "p{L}"), s("p{L}"));
    assert_eq!(syntax_err("\\p{Nope}", "u"), "invalid property name");
    assert_eq!(syntax_err("\\p{ASCII", "u"), "invalid property name");
    assert_eq!(syntax_err("\\p", "u"), "invalid property name");
}

#[test]
fn v_mode_sets() {
    assert_eq!(m("[\\w--\\d]+", "v", "12ab3"), s("ab"));
    assert_eq!(m("[\\w&&[a-c]]+", "v", "xabcd"), s("abc"));
    assert_eq!(m("[[a-z]--[aeiou]]+", "v", "aebcd"), s("bcd"));
    assert_eq!(m("[\\q{abc|d}x]", "v", "zabc"), s("abc"));
    assert_eq!(m("[\\q{abc|ab}]", "v", "abc"), s("abc"));
    assert_eq!(m("^[\\q{}]$", "v", ""), s(""));
    assert_eq!(m("[^\\d]", "v", "1a"), s("a"));
    assert_eq!(m("[\\q{KK}]", "vi", "kk"), s("kk"));
    assert_eq!(m("[^[^a]]", "v", "ba"), s("a"));
    assert_eq!(m("[\\&\\-]+", "v", "&-"), s("&-"));
    assert_eq!(
        syntax_err("[^\\q{ab}]", "v"),
        "negated character class may contain strings"
    );
    assert_eq!(
        syntax_err("[a&&&b]", "v"),
        "invalid set operation in character class"
    );
    assert_eq!(
        syntax_err("[a-z--b]", "v"),
        "invalid set operation in character class"
    );
    assert_eq!(
        syntax_err("[a&&b--c]", "v"),
        "invalid set operation in character class"
    );
    assert_eq!(
        syntax_err("[(]", "v"),
        "invalid character in character class"
    );
    assert_eq!(
        syntax_err("[a!!b]", "v"),
        "invalid set operation in character class"
    );
    assert_eq!(syntax_err("[\\P{RGI_Emoji}]", "v"), "invalid property name");
    assert!(crate::Regex::from_str("^[\\p{RGI_Emoji}]$", "v").is_ok());
}

#[test]
fn early_errors() {
    assert_eq!(syntax_err("*", ""), "nothing to repeat");
    assert_eq!(syntax_err("a**", ""), "nothing to repeat");
    assert_eq!(syntax_err("^*", ""), "nothing to repeat");
    assert_eq!(syntax_err("{1}", ""), "nothing to repeat");
    assert_eq!(syntax_err("(?<=a)*", ""), "nothing to repeat");
    assert_eq!(syntax_err("(?=a)*", "u"), "nothing to repeat");
    assert_eq!(syntax_err("(", ""), "unterminated group");
    assert_eq!(syntax_err("(?:a", ""), "unterminated group");
    assert_eq!(syntax_err(")", ""), "unmatched ')'");
    assert_eq!(syntax_err("[a", ""), "unterminated character class");
    assert_eq!(
        syntax_err("[z-a]", ""),
        "range out of order in character class"
    );
    assert_eq!(
        syntax_err("a{2,1}", ""),
        "numbers out of order in {} quantifier"
    );
    assert_eq!(syntax_err("(?<1>a)", ""), "invalid capture group name");
    assert_eq!(
        syntax_err("(?<a>a)(?<a>b)", ""),
        "duplicate capture group name"
    );
    assert_eq!(
        syntax_err("(?:(?<a>a)|b)(?<a>c)", ""),
        "duplicate capture group name"
    );
    assert_eq!(
        syntax_err("(?<a>a)\\k<b>", ""),
        "invalid named capture referenced"
    );
    assert_eq!(
        syntax_err("\\k<a>", "u"),
        "invalid named capture referenced"
    );
    assert_eq!(syntax_err("\\k", "u"), "invalid named reference");
    assert_eq!(syntax_err("(?<a>.)\\k", ""), "invalid named reference");
    assert_eq!(syntax_err("\\a", "u"), "invalid escape");
    assert_eq!(syntax_err("\\1", "u"), "invalid escape");
    assert_eq!(syntax_err("\\00", "u"), "invalid decimal escape");
    assert_eq!(syntax_err("\\c1", "u"), "invalid unicode escape");
    assert_eq!(syntax_err("\\u{110000}", "u"), "invalid unicode escape");
    assert_eq!(syntax_err("\\x1", "u"), "invalid escape");
    assert_eq!(syntax_err("{", "u"), "lone quantifier brackets");
    assert_eq!(syntax_err("}", "u"), "lone quantifier brackets");
    assert_eq!(syntax_err("]", "u"), "lone quantifier brackets");
    assert_eq!(syntax_err("a{1", "u"), "incomplete quantifier");
    assert_eq!(syntax_err("[\\d-z]", "u"), "invalid character class");
    assert_eq!(syntax_err("\\", ""), "\\ at end of pattern");
    assert_eq!(syntax_err("(?a)", ""), "invalid group");
    assert_eq!(
        syntax_err(&"(".repeat(300), ""),
        "regular expression nested too deeply"
    );
    assert_eq!(
        syntax_err(&"[".repeat(300), "v"),
        "regular expression nested too deeply"
    );
}

#[test]
fn duplicate_names_in_alternatives() {
    assert!(Regex::from_str("(?<a>x)|(?<a>y)", "").is_ok());
    assert!(Regex::from_str("(?:(?<a>x)|(?<a>y))|(?<a>z)", "").is_ok());
    assert!(Regex::from_str("(?:(?<a>x)|y)(?:(?<a>z)|w)", "").is_err());
}

#[test]
fn sticky_and_start() {
    let re = Regex::from_str("b", "y").unwrap();
    let input: Vec<u16> = "abb".encode_utf16().collect();
    let mut caps = vec![None; 2];
    let mut ctx = MatchContext::new();
    assert!(!re.exec_utf16(&input, 0, &mut caps, &mut ctx).unwrap());
    assert!(re.exec_utf16(&input, 1, &mut caps, &mut ctx).unwrap());
    assert_eq!(caps, vec![Some(1), Some(2)]);
    let re = Regex::from_str("b", "").unwrap();
    assert!(re.exec_latin1(b"abb", 2, &mut caps, &mut ctx).unwrap());
    assert_eq!(caps, vec![Some(2), Some(3)]);
    assert!(!re.exec_latin1(b"abb", 4, &mut caps, &mut ctx).unwrap());
    // Short capture buffers are allowed.
    let re = Regex::from_str("(a)(b)", "").unwrap();
    let mut short = vec![None; 2];
    assert!(re.exec_latin1(b"ab", 0, &mut short, &mut ctx).unwrap());
    assert_eq!(short, vec![Some(0), Some(2)]);
}

#[test]
fn catastrophic_interrupted() {
    let re = Regex::from_str("(a+)+b", "").unwrap();
    let input = vec![b'a'; 30];
    let mut polls = 0u32;
    let mut stop = || {
        polls += 1;
        polls > 100
    };
    let mut ctx = MatchContext::with_interrupt(&mut stop);
    let mut caps = vec![None; re.capture_count() * 2];
    assert_eq!(
        re.exec_latin1(&input, 0, &mut caps, &mut ctx),
        Err(MatchError::Interrupted)
    );
}

#[test]
fn stack_limit() {
    let re = Regex::from_str("(?:a|b)*c", "").unwrap();
    let input = vec![b'a'; 100_000];
    let mut ctx = MatchContext::new();
    ctx.backtrack_limit = 1000;
    let mut caps = vec![None; 2];
    assert_eq!(
        re.exec_latin1(&input, 0, &mut caps, &mut ctx),
        Err(MatchError::StackLimit)
    );
    // Deep input does not overflow the Rust stack with a big limit either.
    let re = Regex::from_str("(a|b)*c", "").unwrap();
    let mut ctx = MatchContext::new();
    let mut caps = vec![None; 4];
    let mut input = vec![b'a'; 200_000];
    input.push(b'c');
    assert_eq!(re.exec_latin1(&input, 0, &mut caps, &mut ctx), Ok(true));
}

#[test]
fn huge_counts() {
    assert_eq!(m("a{0,4294967295}", "", "aaa"), s("aaa"));
    assert_eq!(m("a{99999999999}", "", "aaa"), None);
    assert!(Regex::from_str("(?:a{1000}){1000}", "").is_ok());
}

#[test]
fn backref_inside_own_group_matches_empty() {
    assert_eq!(caps("(a\\1)", "", "aa"), vec![s("a"), s("a")]);
    assert_eq!(caps("(?:(a)|b\\1)+", "", "ab"), vec![s("ab"), None]);
}

#[test]
fn word_characters_under_case_folding() {
    // Non-unicode ignore-case never maps non-ASCII to ASCII.
    assert_eq!(m("[\\w-]", "i", "\u{17F}"), None);
    assert_eq!(m("[A-Z]", "i", "\u{17F}\u{131}"), None);
    // u + i: U+017F and U+212A are word characters.
    assert_eq!(m("\\b", "iu", "\u{17F}"), s(""));
    assert_eq!(m("\\w", "iu", "\u{212A}"), s("\u{212A}"));
    assert_eq!(exec("\\B", "iu", "\u{17F}"), None);
}

#[test]
fn v_mode_complement_under_ignore_case() {
    assert_eq!(m("[^a]", "vi", "Ab"), s("b"));
    assert_eq!(m("[^a]", "ui", "Ab"), s("b"));
    assert_eq!(m("\\P{Lowercase}", "vi", "a"), None);
    // Without v, the complement is taken before case folding.
    assert_eq!(m("\\P{Lowercase}", "ui", "a"), s("a"));
    assert_eq!(m("[^\\P{Lowercase}]", "vi", "A"), s("A"));
    assert_eq!(m("[\\W]", "vi", "S"), None);
}

#[test]
fn v_mode_strings_and_nested_negation() {
    assert_eq!(m("[^\\q{a|b}c]", "v", "abcd"), s("d"));
    assert_eq!(m("[\\q{abc|a|}b]", "v", "dda"), s(""));
    assert_eq!(m("[\\w&&[^\\d]]", "v", "1B"), s("B"));
    assert_eq!(m("[[a-c]&&[b-d]&&[^c]]+", "v", "cba"), s("b"));
}

#[test]
fn named_reference_after_alternation() {
    assert_eq!(
        caps("(?:|(?<n>x|.))(\\k<n>m)", "", "sma"),
        vec![s("m"), None, s("m")]
    );
}

#[test]
fn unicode_mode_start_positions() {
    let input: Vec<u16> = "😀".encode_utf16().collect();
    let mut ctx = MatchContext::new();
    let mut caps = vec![None; 2];
    // The scan never stops inside a pair.
    let re = Regex::from_str("\\uDE00", "u").unwrap();
    assert_eq!(re.exec_utf16(&input, 0, &mut caps, &mut ctx), Ok(false));
    let re = Regex::from_str("[\\uDC00-\\uDFFF]", "u").unwrap();
    assert_eq!(re.exec_utf16(&input, 0, &mut caps, &mut ctx), Ok(false));
    // A start inside a pair backs up to the pair.
    let re = Regex::from_str(".", "uy").unwrap();
    assert_eq!(re.exec_utf16(&input, 1, &mut caps, &mut ctx), Ok(true));
    assert_eq!(caps, vec![Some(0), Some(2)]);
    // Without u the units are separate characters.
    let re = Regex::from_str("\\uDE00", "").unwrap();
    assert_eq!(re.exec_utf16(&input, 0, &mut caps, &mut ctx), Ok(true));
    assert_eq!(caps, vec![Some(1), Some(2)]);
}

#[test]
fn class_edge_cases() {
    assert_eq!(m("[--a]+", "", "-0a"), s("-0a"));
    assert_eq!(m("[\\c_]", "", "\u{1f}"), s("\u{1f}"));
    assert_eq!(m("[a-\\d]+", "", "a-5"), s("a-5"));
    assert_eq!(m("[\\w-\\s]+", "", "a- "), s("a- "));
    assert_eq!(m("[\\-]", "u", "-"), s("-"));
    assert_eq!(m("[\\0]", "u", "\0"), s("\0"));
    assert_eq!(m("[\\01]", "", "\u{1}"), s("\u{1}"));
    assert_eq!(m("[\\B]", "", "B"), s("B"));
    assert_eq!(m("[^\\u{1F600}]", "u", "😀a"), s("a"));
    assert_eq!(m("^[\\uD83D\\uDE00]$", "u", "😀"), s("😀"));
    assert_eq!(m("[\\uD83D\\uDE00]", "", "😀"), s("\u{FFFD}"));
    assert_eq!(syntax_err("[\\1]", "u"), "invalid class escape");
    assert_eq!(syntax_err("[\\c]", "u"), "invalid unicode escape");
    assert_eq!(
        syntax_err("[b-a]", "u"),
        "range out of order in character class"
    );
}

#[test]
fn quantifier_edge_cases() {
    assert_eq!(m("a{,5}", "", "a{,5}"), s("a{,5}"));
    assert_eq!(syntax_err("a{,5}", "u"), "incomplete quantifier");
    assert_eq!(syntax_err("\\b*", ""), "nothing to repeat");
    assert_eq!(
        syntax_err("a{2,1}?", ""),
        "numbers out of order in {} quantifier"
    );
    assert_eq!(m("(?!a)+b", "", "b"), s("b"));
    assert_eq!(m("x{2}?", "", "xxx"), s("xx"));
    assert_eq!(
        caps("(a|ab)(c|bcd)(d*)", "", "abcd"),
        vec![s("abcd"), s("a"), s("bcd"), s("")]
    );
    assert_eq!(caps("(a*)b\\1+", "", "baaaac"), vec![s("b"), s("")]);
    assert_eq!(caps("(?:(a)|(b))+", "", "ab"), vec![s("ab"), None, s("b")]);
}

#[test]
fn group_name_forms() {
    assert_eq!(m("(?<$x_1>a)\\k<$x_1>", "", "aa"), s("aa"));
    assert_eq!(m("(?<\\u{61}b>a)\\k<ab>", "u", "aa"), s("aa"));
    assert_eq!(m("(?<𝒜>a)\\k<𝒜>", "", "aa"), s("aa"));
    assert_eq!(m("(?<\\uD835\\uDC9C>a)\\k<𝒜>", "u", "aa"), s("aa"));
    assert_eq!(m("\\k<a>(?<a>b)", "", "b"), s("b"));
    assert_eq!(syntax_err("(?<a", ""), "invalid capture group name");
    assert_eq!(syntax_err("(?<>a)", ""), "invalid capture group name");
    assert_eq!(syntax_err("(?<a-b>a)", ""), "invalid capture group name");
}
