use super::*;
use std::borrow::Cow;

// ----- helpers ---------------------------------------------------------------

/// Lexes the whole source the way the parser would drive the lexer: a `/`
/// or `/=` is rescanned as a regexp when the previous token cannot end an
/// expression, and a `}` closing a template substitution is rescanned as a
/// template continuation.
fn lex_with(src: &str, module: bool) -> Result<Vec<Token<'_>>, LexError> {
    let mut lx = Lexer::new(src);
    lx.set_module(module);
    let mut out: Vec<Token<'_>> = Vec::new();
    // true = the brace opened a template substitution
    let mut braces: Vec<bool> = Vec::new();
    for _ in 0..100_000 {
        let mut t = lx.next_token()?;
        match &t.kind {
            TokenKind::Eof => return Ok(out),
            TokenKind::Punct(Punct::Slash | Punct::SlashAssign) if regexp_allowed(out.last()) => {
                t = lx.rescan_regexp(t.start)?;
            }
            TokenKind::Punct(Punct::LBrace) => braces.push(false),
            // The pop in the guard happens whether or not it succeeds.
            TokenKind::Punct(Punct::RBrace) if braces.pop() == Some(true) => {
                t = lx.rescan_template_continuation(t.start)?;
            }
            _ => {}
        }
        if let TokenKind::Template { tail: false, .. } = t.kind {
            braces.push(true);
        }
        out.push(t);
    }
    panic!("lexer did not terminate");
}

fn regexp_allowed(prev: Option<&Token<'_>>) -> bool {
    match prev.map(|t| &t.kind) {
        None => true,
        Some(TokenKind::Punct(p)) => !matches!(p, Punct::RParen | Punct::RBracket | Punct::RBrace),
        Some(TokenKind::Ident { name, .. }) => {
            matches!(&**name, "return" | "typeof" | "case" | "in" | "of")
        }
        Some(TokenKind::Template { tail: false, .. }) => true,
        Some(_) => false,
    }
}

fn lex(src: &str) -> Vec<Token<'_>> {
    match lex_with(src, false) {
        Ok(v) => v,
        Err(e) => panic!("unexpected error lexing {src:?}: {e}"),
    }
}

fn kinds(src: &str) -> Vec<TokenKind<'_>> {
    lex(src).into_iter().map(|t| t.kind).collect()
}

fn one(src: &str) -> Token<'_> {
    let mut v = lex(src);
    assert_eq!(v.len(), 1, "expected one token for {src:?}: {v:?}");
    v.remove(0)
}

fn lex_err(src: &str) -> LexError {
    match lex_with(src, false) {
        Ok(v) => panic!("expected an error lexing {src:?}, got {v:?}"),
        Err(e) => e,
    }
}

fn assert_err(src: &str) {
    let _ = lex_err(src);
}

fn id(name: &str) -> TokenKind<'_> {
    TokenKind::Ident {
        name: Cow::Borrowed(name),
        escaped: false,
    }
}

fn p(x: Punct) -> TokenKind<'static> {
    TokenKind::Punct(x)
}

fn num(src: &str) -> f64 {
    match one(src).kind {
        TokenKind::Number(v) => v,
        k => panic!("expected number for {src:?}, got {k:?}"),
    }
}

fn num_flags(src: &str) -> (f64, u8) {
    let t = one(src);
    match t.kind {
        TokenKind::Number(v) => (v, t.flags),
        k => panic!("expected number for {src:?}, got {k:?}"),
    }
}

fn bigint(src: &str) -> String {
    match one(src).kind {
        TokenKind::BigInt(s) => s.into_owned(),
        k => panic!("expected bigint for {src:?}, got {k:?}"),
    }
}

fn string(src: &str) -> (Vec<u16>, u8) {
    let t = one(src);
    match t.kind {
        TokenKind::String { value } => (value.to_utf16(), t.flags),
        k => panic!("expected string for {src:?}, got {k:?}"),
    }
}

fn u16s(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn template(src: &str) -> (Option<Vec<u16>>, Vec<u16>, bool) {
    match one(src).kind {
        TokenKind::Template { cooked, raw, tail } => (cooked, raw, tail),
        k => panic!("expected template for {src:?}, got {k:?}"),
    }
}

fn regexp(src: &str) -> (String, String) {
    match one(src).kind {
        TokenKind::RegExp { body, flags } => (body.into_owned(), flags.into_owned()),
        k => panic!("expected regexp for {src:?}, got {k:?}"),
    }
}

fn pos(offset: u32, line: u32, col: u32) -> Pos {
    Pos { offset, line, col }
}

// ----- whitespace, line terminators, comments --------------------------------

#[test]
fn whitespace_all_kinds() {
    let src =
        "a\t\u{0B}\u{0C} \u{A0}\u{FEFF}\u{1680}\u{2000}\u{2005}\u{200A}\u{202F}\u{205F}\u{3000}b";
    let t = lex(src);
    assert_eq!(
        t.iter().map(|t| t.kind.clone()).collect::<Vec<_>>(),
        vec![id("a"), id("b")]
    );
    assert!(!t[1].newline_before);
    // U+200B (zero width space) is not whitespace (Cf, not Zs).
    assert_err("a\u{200B}b");
}

#[test]
fn line_terminators() {
    for (src, line) in [
        ("a\nb", 2),
        ("a\rb", 2),
        ("a\r\nb", 2),
        ("a\u{2028}b", 2),
        ("a\u{2029}b", 2),
        ("a\n\r\n\rb", 4),
        ("a\r\r\nb", 3),
    ] {
        let t = lex(src);
        assert_eq!(t.len(), 2, "{src:?}");
        assert!(!t[0].newline_before);
        assert!(t[1].newline_before, "{src:?}");
        assert_eq!(t[1].start.line, line, "{src:?}");
        assert_eq!(t[1].start.col, 1, "{src:?}");
    }
    assert!(!lex("a b")[1].newline_before);
}

#[test]
fn single_line_comments() {
    assert_eq!(kinds("a // comment b\nc"), vec![id("a"), id("c")]);
    assert_eq!(kinds("a // x\u{2028}c"), vec![id("a"), id("c")]);
    assert!(lex("a // x\u{2029}c")[1].newline_before);
    assert_eq!(kinds("// only"), vec![]);
    assert_eq!(kinds("a //"), vec![id("a")]);
}

#[test]
fn multi_line_comments() {
    let t = lex("a /* x */ b /* \n */ c /* \u{2028} */ d /***/ e");
    assert_eq!(t.len(), 5);
    assert!(!t[1].newline_before);
    assert!(t[2].newline_before);
    assert!(t[3].newline_before);
    assert!(!t[4].newline_before);
    assert_eq!(kinds("/* a ** / */x"), vec![id("x")]);
}

#[test]
fn unterminated_multi_line_comment() {
    let e = lex_err("a /* x");
    assert_eq!(e.pos, pos(2, 1, 3));
    assert_err("/*");
    assert_err("/*/");
}

#[test]
fn hashbang_comment() {
    assert_eq!(kinds("#!/usr/bin/env node\nx"), vec![id("x")]);
    assert_eq!(kinds("#!"), vec![]);
    assert!(lex("#! x\ny")[0].newline_before);
    // Only at the very start of the source.
    assert_err(" #!x");
    assert_err("\n#!x");
    assert_err("a\n#!x");
    let mut lx = Lexer::new("#!x");
    lx.set_module(true);
    assert_eq!(lx.next_token().map(|t| t.kind), Ok(TokenKind::Eof));
    // Disabled (e.g. for `Function` constructor bodies).
    let mut lx = Lexer::new("#!x");
    lx.set_hashbang(false);
    assert!(lx.next_token().is_err());
}

#[test]
fn html_open_comment() {
    assert_eq!(kinds("a <!-- b\nc"), vec![id("a"), id("c")]);
    assert_eq!(kinds("a<!--b"), vec![id("a")]);
    assert_eq!(
        kinds("a <! b"),
        vec![id("a"), p(Punct::Lt), p(Punct::Bang), id("b")]
    );
    assert_eq!(
        lex_with("a <!-- b", true).map(|v| v.len()),
        Ok(5) // a < ! -- b
    );
}

#[test]
fn html_close_comment() {
    assert_eq!(kinds("a\n--> b\nc"), vec![id("a"), id("c")]);
    assert_eq!(kinds("a\n  \t--> b\nc"), vec![id("a"), id("c")]);
    assert_eq!(kinds("a\n/* x */ /* y */ --> b\nc"), vec![id("a"), id("c")]);
    assert_eq!(kinds("a /*\n*/ --> b\nc"), vec![id("a"), id("c")]);
    assert_eq!(kinds("--> first line\nx"), vec![id("x")]);
    assert_eq!(kinds("/* */ --> first line\nx"), vec![id("x")]);
    // Not at the start of a line: `--` `>`.
    assert_eq!(
        kinds("a --> b"),
        vec![id("a"), p(Punct::MinusMinus), p(Punct::Gt), id("b")]
    );
    assert_eq!(
        kinds("x\na /* */ --> b"),
        vec![
            id("x"),
            id("a"),
            p(Punct::MinusMinus),
            p(Punct::Gt),
            id("b")
        ]
    );
    // Modules have no HTML-like comments.
    let v = lex_with("a\n--> b", true).unwrap_or_default();
    assert_eq!(v.len(), 4);
    assert_eq!(v[1].kind, p(Punct::MinusMinus));
}

// ----- identifiers -----------------------------------------------------------

#[test]
fn ascii_identifiers_borrow() {
    assert_eq!(
        kinds("abc $ _ $a_1 A9 if"),
        vec![id("abc"), id("$"), id("_"), id("$a_1"), id("A9"), id("if")]
    );
    match one("hello").kind {
        TokenKind::Ident {
            name: Cow::Borrowed("hello"),
            escaped: false,
        } => {}
        k => panic!("{k:?}"),
    }
}

#[test]
fn unicode_escape_identifiers() {
    for (src, name) in [
        ("\\u0061", "a"),
        ("\\u{61}", "a"),
        ("\\u{0000000061}bc", "abc"),
        ("a\\u0062c", "abc"),
        ("\\u0069\\u0066", "if"),
        ("\\u{1D465}", "\u{1D465}"),
        ("a\\u200C", "a\u{200C}"),
        ("\\u00e9t\\u00E9", "été"),
    ] {
        match one(src).kind {
            TokenKind::Ident {
                name: n,
                escaped: true,
            } => assert_eq!(n, name, "{src:?}"),
            k => panic!("{src:?}: {k:?}"),
        }
    }
}

#[test]
fn invalid_identifier_escapes() {
    assert_err("\\u0030abc"); // digit cannot start
    assert_err("a\\u0020"); // space is not ID_Continue
    assert_err("a\\u002D"); // '-'
    assert_err("\\x61");
    assert_err("\\u61");
    assert_err("\\u{}");
    assert_err("\\u{110000}");
    assert_err("\\u{61");
    assert_err("\\uD800");
    assert_err("\\uD835\\uDC65"); // surrogate pairs are not combined in identifiers
    assert_err("\\u200C"); // ZWNJ cannot start
    assert_err("\\");
    assert_err("a\\");
    assert_err("a\\u");
}

#[test]
fn non_ascii_identifiers() {
    assert_eq!(
        kinds("café π 日本語 \u{1D465}x ǅ a\u{200D}b"),
        vec![
            id("café"),
            id("π"),
            id("日本語"),
            id("\u{1D465}x"),
            id("ǅ"),
            id("a\u{200D}b")
        ]
    );
    // ZWJ / ZWNJ only continue.
    assert_err("\u{200D}a");
    // Combining mark continues but does not start.
    assert_eq!(kinds("a\u{0301}"), vec![id("a\u{0301}")]);
    assert_err("\u{0301}a");
    // Other symbols are errors.
    assert_err("\u{2603}");
    assert_err("a @ b");
    assert_err("\u{0}");
    assert_err("\u{7F}");
}

#[test]
fn ident_chars_sanity() {
    assert!(is_id_start('a') && is_id_start('$') && is_id_start('_') && !is_id_start('1'));
    assert!(is_id_continue('1') && is_id_continue('\u{200C}') && is_id_continue('\u{200D}'));
    assert!(is_id_start('ª') && is_id_start('\u{2118}') && is_id_start('\u{309B}'));
    assert!(!is_id_start('\u{B7}') && is_id_continue('\u{B7}'));
    assert!(!is_id_start('\u{10FFFF}') && !is_id_continue('\u{FEFF}'));
    // Unicode 17.0 additions.
    assert!(is_id_start('\u{10940}') && !is_id_start('\u{11DE0}') && is_id_continue('\u{11DE0}'));
}

// ----- numbers ---------------------------------------------------------------

#[test]
fn decimal_literals() {
    assert_eq!(num("0"), 0.0);
    assert_eq!(num("123"), 123.0);
    assert_eq!(num("1.5"), 1.5);
    assert_eq!(num(".5"), 0.5);
    assert_eq!(num("5."), 5.0);
    assert_eq!(num("0.0"), 0.0);
    assert_eq!(num("1e3"), 1000.0);
    assert_eq!(num("1E+3"), 1000.0);
    assert_eq!(num("1e-3"), 0.001);
    assert_eq!(num("1.e2"), 100.0);
    assert_eq!(num(".5e1"), 5.0);
    assert_eq!(num("0e0"), 0.0);
    assert_eq!(num("0.1"), 0.1);
    assert_eq!(num("1e400"), f64::INFINITY);
    assert_eq!(num("1e-400"), 0.0);
    assert_eq!(num("5e-324"), 5e-324);
    assert_eq!(num("999999999999999"), 999_999_999_999_999.0);
    assert_eq!(num_flags("123").1, 0);
}

#[test]
fn decimal_rounding() {
    assert_eq!(num("9007199254740993"), 9_007_199_254_740_992.0);
    assert_eq!(num("9007199254740995"), 9_007_199_254_740_996.0);
    assert_eq!(
        num("123456789012345678901234567890").to_bits(),
        0x45f8_ee90_ff6c_373e
    );
    assert_eq!(num("2.4703282292062328e-324").to_bits(), 1);
    assert_eq!(num("0.30000000000000004"), 0.300_000_000_000_000_04);
    assert_eq!(
        num("1_2345_6789_0123_4567_8901_2345_6789_0").to_bits(),
        0x45f8_ee90_ff6c_373e
    );
}

#[test]
fn radix_literals() {
    assert_eq!(num("0x1F"), 31.0);
    assert_eq!(num("0X1f"), 31.0);
    assert_eq!(num("0o17"), 15.0);
    assert_eq!(num("0O17"), 15.0);
    assert_eq!(num("0b101"), 5.0);
    assert_eq!(num("0B101"), 5.0);
    assert_eq!(num("0x0"), 0.0);
    assert_eq!(num("0x000000000000000000000000000000000000000001"), 1.0);
    assert_eq!(num_flags("0o17").1, 0);
    assert_err("0x");
    assert_err("0o");
    assert_err("0b");
    assert_err("0b2");
    assert_err("0o8");
    assert_err("0o78");
    assert_err("0x1g");
    assert_err("0xn");
}

#[test]
fn radix_rounding() {
    let big = |s: String| num(&s).to_bits();
    // 2^53 + 1 exactly representable in hex: ties to even.
    assert_eq!(num("0x20000000000001"), 9_007_199_254_740_992.0);
    assert_eq!(num("0x20000000000003"), 9_007_199_254_740_996.0);
    // Beyond 128 bits: sticky bit decides.
    assert_eq!(
        big(format!("0x20000000000001{}1", "0".repeat(49))),
        0x4fc0_0000_0000_0001
    );
    assert_eq!(
        big(format!("0x20000000000001{}", "0".repeat(50))),
        0x4fc0_0000_0000_0000
    );
    assert_eq!(
        big(format!("0x20000000000003{}", "0".repeat(50))),
        0x4fc0_0000_0000_0002
    );
    assert_eq!(big(format!("0o{}", "7".repeat(40))), 0x4770_0000_0000_0000);
    assert_eq!(big(format!("0b{}", "1".repeat(54))), 0x4350_0000_0000_0000);
    assert_eq!(
        big(format!("0b1{}11", "0".repeat(52))),
        0x4350_0000_0000_0001
    );
    assert_eq!(
        big(format!("0x{}", "f".repeat(300))),
        f64::INFINITY.to_bits()
    );
    assert_eq!(
        big(format!("0x1{}", "0".repeat(256))),
        f64::INFINITY.to_bits()
    );
    assert_eq!(
        big(format!("0o1{}1", "0".repeat(340))),
        0x7fe0_0000_0000_0000
    );
    assert_eq!(num("0xFFFFFFFFFFFFF800").to_bits(), 0x43ef_ffff_ffff_ffff);
    assert_eq!(num("0xFFFFFFFFFFFFFC00").to_bits(), 0x43f0_0000_0000_0000);
    assert_eq!(
        num("0x1FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF").to_bits(),
        0x4800_0000_0000_0000
    );
    // Legacy octal uses the same exact conversion.
    assert_eq!(big(format!("0{}", "7".repeat(40))), 0x4770_0000_0000_0000);
}

#[test]
fn numeric_separators() {
    assert_eq!(num("1_000"), 1000.0);
    assert_eq!(num("1_0.0_1e1_0"), 10.01e10);
    assert_eq!(num(".0_1"), 0.01);
    assert_eq!(num("0x1_F"), 31.0);
    assert_eq!(num("0b1_0_1"), 5.0);
    assert_eq!(num("0o1_7"), 15.0);
    assert_eq!(num("08.1_0"), 8.1);
    for bad in [
        "1__0", "1_", "0_1", "0_", "0x_1", "0x1_", "0b_1", "0o_1", "1_.5", "1._5", "1.5_", "1e_1",
        "1e1_", "1_e1", "08_1", "0_8", "017_1", "07_", ".5_", "1.0__1", "0x1__2", "1e+_1", "0b1_2",
    ] {
        assert_err(bad);
    }
}

#[test]
fn bigint_literals() {
    assert_eq!(bigint("0n"), "0");
    assert_eq!(bigint("123n"), "123");
    assert_eq!(bigint("1_000n"), "1000");
    assert_eq!(bigint("0x1Fn"), "0x1F");
    assert_eq!(bigint("0X1F_FFn"), "0X1FFF");
    assert_eq!(bigint("0o17n"), "0o17");
    assert_eq!(bigint("0b1_1n"), "0b11");
    assert!(matches!(
        one("12n").kind,
        TokenKind::BigInt(Cow::Borrowed("12"))
    ));
    for bad in [
        "1.5n", "1.n", ".5n", "1e3n", "017n", "00n", "08n", "09.5n", "1nn", "1n_", "1_n", "0xn",
    ] {
        assert_err(bad);
    }
}

#[test]
fn legacy_octal_and_non_octal_decimal() {
    assert_eq!(num_flags("017"), (15.0, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("00"), (0.0, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("08"), (8.0, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("09"), (9.0, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("019"), (19.0, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("0819"), (819.0, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("09.5"), (9.5, Token::LEGACY_OCTAL));
    assert_eq!(num_flags("08e1"), (80.0, Token::LEGACY_OCTAL));
    // A legacy octal literal ends before `.`: `01.toString`.
    assert_eq!(
        kinds("01.a"),
        vec![TokenKind::Number(1.0), p(Punct::Dot), id("a")]
    );
}

#[test]
fn identifier_after_number_is_error() {
    for bad in [
        "3in", "1a", "1_a", "0x1z", "0b1a", "017a", "08a", "1.5a", "1e5a", "1n2", "1nx",
        "3\\u0061", "1$", "1\u{3C0}", "0o7_z",
    ] {
        assert_err(bad);
    }
}

#[test]
fn number_then_member_access() {
    // `1.a` lexes as the number `1.` followed by `a`, then it is an error
    // because an IdentifierStart follows a numeric literal.
    assert_err("1.a");
    assert_eq!(
        kinds("1..a"),
        vec![TokenKind::Number(1.0), p(Punct::Dot), id("a")]
    );
    assert_eq!(
        kinds("1 .a"),
        vec![TokenKind::Number(1.0), p(Punct::Dot), id("a")]
    );
    assert_eq!(
        kinds("1+2"),
        vec![
            TokenKind::Number(1.0),
            p(Punct::Plus),
            TokenKind::Number(2.0)
        ]
    );
    assert_eq!(
        kinds("1e3.5"),
        vec![TokenKind::Number(1000.0), TokenKind::Number(0.5)]
    );
}

// ----- strings ---------------------------------------------------------------

#[test]
fn simple_strings_borrow() {
    let t = one("'abc'");
    assert_eq!(t.flags, 0);
    match t.kind {
        TokenKind::String {
            value: Wtf16Str::Borrowed("abc"),
        } => {}
        k => panic!("{k:?}"),
    }
    assert_eq!(string("\"a'b\"").0, u16s("a'b"));
    assert_eq!(string("'a\"b'").0, u16s("a\"b"));
    assert_eq!(string("''").0, u16s(""));
    assert_eq!(string("'日本\u{1F600}'").0, u16s("日本\u{1F600}"));
    assert_eq!(string("'a\u{0}b'").0, vec![0x61, 0, 0x62]);
}

#[test]
fn string_escapes() {
    let (v, f) = string(r#"'\n\t\b\f\v\r\0\'\"\\'"#);
    assert_eq!(v, vec![10, 9, 8, 12, 11, 13, 0, 39, 34, 92]);
    assert_eq!(f, Token::HAS_ESCAPE);
    assert_eq!(string(r"'\x41\x7a\xFF'").0, vec![0x41, 0x7A, 0xFF]);
    assert_eq!(string(r"'\u0041\u00e9'").0, vec![0x41, 0xE9]);
    assert_eq!(
        string(r"'\u{41}\u{1F600}\u{0000000041}'").0,
        vec![0x41, 0xD83D, 0xDE00, 0x41]
    );
    assert_eq!(string(r"'\u{10FFFF}'").0, vec![0xDBFF, 0xDFFF]);
    assert_eq!(string(r"'\uD800'").0, vec![0xD800]);
    assert_eq!(string(r"'\uDE00\uD83D'").0, vec![0xDE00, 0xD83D]);
    assert_eq!(string(r"'\q\a\é\$'").0, u16s("qaé$"));
    assert_eq!(string("'a\\\u{1F600}'").0, u16s("a\u{1F600}"));
}

#[test]
fn string_line_continuations() {
    assert_eq!(string("'a\\\nb'").0, u16s("ab"));
    assert_eq!(string("'a\\\r\nb'").0, u16s("ab"));
    assert_eq!(string("'a\\\rb'").0, u16s("ab"));
    assert_eq!(string("'a\\\u{2028}b'").0, u16s("ab"));
    assert_eq!(string("'a\\\u{2029}b'").0, u16s("ab"));
    assert_eq!(string("'a\\\n'").1, Token::HAS_ESCAPE);
    let t = lex("'a\\\r\nb' x");
    assert_eq!(t[0].end, pos(7, 2, 3));
    assert_eq!(t[1].start, pos(8, 2, 4));
}

#[test]
fn string_unescaped_ls_ps() {
    let (v, f) = string("'a\u{2028}b\u{2029}'");
    assert_eq!(v, vec![0x61, 0x2028, 0x62, 0x2029]);
    assert_eq!(f, 0);
    let t = lex("'\u{2028}' x");
    assert_eq!(t[1].start.line, 2);
    assert!(!t[1].newline_before);
    assert_eq!(string("'\\n\u{2028}'").0, vec![10, 0x2028]);
}

#[test]
fn string_legacy_octal_escapes() {
    let lo = Token::LEGACY_OCTAL | Token::HAS_ESCAPE;
    assert_eq!(string(r"'\1'"), (vec![1], lo));
    assert_eq!(string(r"'\12'"), (vec![0o12], lo));
    assert_eq!(string(r"'\377'"), (vec![0o377], lo));
    assert_eq!(string(r"'\400'"), (vec![0o40, 0x30], lo));
    assert_eq!(string(r"'\777'"), (vec![0o77, 0x37], lo));
    assert_eq!(string(r"'\00'"), (vec![0], lo));
    assert_eq!(string(r"'\01'"), (vec![1], lo));
    assert_eq!(string(r"'\08'"), (vec![0, 0x38], lo));
    assert_eq!(string(r"'\0a'"), (vec![0, 0x61], Token::HAS_ESCAPE));
    assert_eq!(string(r"'\8'"), (vec![0x38], lo));
    assert_eq!(string(r"'\9'"), (vec![0x39], lo));
    assert_eq!(string(r"'\18'"), (vec![1, 0x38], lo));
}

#[test]
fn string_errors() {
    for bad in [
        "'abc",
        "\"abc",
        "'a\nb'",
        "'a\rb'",
        "'a\r\nb'",
        "'",
        "'\\",
        "'\\'",
        "'\\x4'",
        "'\\x'",
        "'\\xg0'",
        "'\\u12'",
        "'\\u123g'",
        "'\\u{}'",
        "'\\u{110000}'",
        "'\\u{FFFFFFFFFFFF}'",
        "'\\u{41'",
        "'\\u{4 1}'",
        "'\\u'",
        "'a\\x41\nb'",
    ] {
        assert_err(bad);
    }
    let e = lex_err("x 'abc\n'");
    assert_eq!(e.pos, pos(2, 1, 3));
}

#[test]
fn wtf16_helpers() {
    let b = Wtf16Str::Borrowed("a😀");
    let o = Wtf16Str::Owned(vec![0x61, 0xD800]);
    assert_eq!(b.units().collect::<Vec<_>>(), vec![0x61, 0xD83D, 0xDE00]);
    assert_eq!(o.units().collect::<Vec<_>>(), vec![0x61, 0xD800]);
    assert_eq!((b.utf16_len(), o.utf16_len()), (3, 2));
    assert!(b.eq_str("a😀") && !b.eq_str("a"));
    assert!(Wtf16Str::Owned(u16s("use strict")).eq_str("use strict"));
    assert_eq!(o.to_string_lossy(), "a\u{FFFD}");
    assert_eq!((b.as_borrowed(), o.as_borrowed()), (Some("a😀"), None));
    let e = lex_err("\n  @");
    assert_eq!(e.to_string(), format!("{} (2:3)", e.message));
}

// ----- templates -------------------------------------------------------------

#[test]
fn no_substitution_template() {
    assert_eq!(template("`abc`"), (Some(u16s("abc")), u16s("abc"), true));
    assert_eq!(template("``"), (Some(vec![]), vec![], true));
    assert_eq!(
        template("`a'\"$ {`"),
        (Some(u16s("a'\"$ {")), u16s("a'\"$ {"), true)
    );
    assert_eq!(template("`$`"), (Some(u16s("$")), u16s("$"), true));
}

#[test]
fn template_substitutions() {
    let t = kinds("`a${x}b${y}c`");
    assert_eq!(t.len(), 5);
    assert_eq!(
        t[0],
        TokenKind::Template {
            cooked: Some(u16s("a")),
            raw: u16s("a"),
            tail: false
        }
    );
    assert_eq!(t[1], id("x"));
    assert_eq!(
        t[2],
        TokenKind::Template {
            cooked: Some(u16s("b")),
            raw: u16s("b"),
            tail: false
        }
    );
    assert_eq!(t[3], id("y"));
    assert_eq!(
        t[4],
        TokenKind::Template {
            cooked: Some(u16s("c")),
            raw: u16s("c"),
            tail: true
        }
    );
    // Nested templates and object literals inside substitutions.
    let t = kinds("`a${ {b: `c${d}e`} }f`");
    assert_eq!(t.len(), 9);
    assert_eq!(
        t[4],
        TokenKind::Template {
            cooked: Some(u16s("c")),
            raw: u16s("c"),
            tail: false
        }
    );
    assert_eq!(
        t[6],
        TokenKind::Template {
            cooked: Some(u16s("e")),
            raw: u16s("e"),
            tail: true
        }
    );
    assert_eq!(
        t[8],
        TokenKind::Template {
            cooked: Some(u16s("f")),
            raw: u16s("f"),
            tail: true
        }
    );
    // Without the rescan, `}` is a punctuator.
    let mut lx = Lexer::new("`${x}`");
    let _ = lx.next_token();
    let _ = lx.next_token();
    assert_eq!(lx.next_token().map(|t| t.kind), Ok(p(Punct::RBrace)));
}

#[test]
fn template_escapes_and_raw() {
    let (c, r, _) = template(r"`\n\x41\u0042\u{43}\``");
    assert_eq!(c, Some(vec![10, 0x41, 0x42, 0x43, 0x60]));
    assert_eq!(r, u16s(r"\n\x41\u0042\u{43}\`"));
    assert_eq!(template(r"`\0`").0, Some(vec![0]));
    assert_eq!(template(r"`\${`").0, Some(u16s("${")));
    // Line continuation: cooked drops it, raw keeps the backslash.
    let (c, r, _) = template("`a\\\r\nb`");
    assert_eq!(c, Some(u16s("ab")));
    assert_eq!(r, u16s("a\\\nb"));
}

#[test]
fn template_newline_normalisation() {
    let (c, r, _) = template("`a\r\nb\rc\nd\u{2028}e`");
    assert_eq!(c, Some(u16s("a\nb\nc\nd\u{2028}e")));
    assert_eq!(r, u16s("a\nb\nc\nd\u{2028}e"));
    let t = lex("`a\r\nb\rc` x");
    assert_eq!(t[0].end, pos(8, 3, 3));
    assert_eq!(t[1].start, pos(9, 3, 4));
    assert!(!t[1].newline_before);
}

#[test]
fn template_invalid_escapes_have_no_cooked_value() {
    for src in [
        r"`\unicode`",
        r"`\u{`",
        r"`\u{110000}`",
        r"`\u12`",
        r"`\xg`",
        r"`\x1`",
        r"`\01`",
        r"`\1`",
        r"`\7`",
        r"`\8`",
        r"`\9`",
        r"`\00`",
        r"`\u{12`",
    ] {
        let (c, r, tail) = template(src);
        assert_eq!(c, None, "{src:?}");
        assert!(tail);
        assert_eq!(r, u16s(&src[1..src.len() - 1]), "{src:?}");
    }
    // An invalid escape does not swallow the substitution or the end.
    let t = kinds(r"`\u${x}\x`");
    assert_eq!(t.len(), 3);
    assert_eq!(
        t[0],
        TokenKind::Template {
            cooked: None,
            raw: u16s(r"\u"),
            tail: false
        }
    );
    assert_eq!(
        t[2],
        TokenKind::Template {
            cooked: None,
            raw: u16s(r"\x"),
            tail: true
        }
    );
    assert_eq!(template(r"`\u{`").1, u16s(r"\u{"));
}

#[test]
fn template_errors() {
    for bad in ["`abc", "`a${x}b", "`\\", "`\\`", "`${x}", "`${`"] {
        assert_err(bad);
    }
    // Rescanning at something other than `}` is an error, not a panic.
    let mut lx = Lexer::new("x}");
    let t = lx.next_token().map(|t| t.start).unwrap_or_default();
    assert!(lx.rescan_template_continuation(t).is_err());
}

// ----- regular expressions ---------------------------------------------------

#[test]
fn regexp_literals() {
    assert_eq!(regexp("/ab+c/gi"), ("ab+c".into(), "gi".into()));
    assert_eq!(regexp("/a/"), ("a".into(), "".into()));
    assert_eq!(regexp("/[/]/"), ("[/]".into(), "".into()));
    assert_eq!(regexp(r"/a\/b/u"), (r"a\/b".into(), "u".into()));
    assert_eq!(regexp(r"/[\]/]/"), (r"[\]/]".into(), "".into()));
    assert_eq!(regexp(r"/\[/"), (r"\[".into(), "".into()));
    assert_eq!(regexp("/=/"), ("=".into(), "".into()));
    assert_eq!(regexp("/=a/g"), ("=a".into(), "g".into()));
    assert_eq!(regexp("/日本/"), ("日本".into(), "".into()));
    assert_eq!(regexp("/a/xyz$_1"), ("a".into(), "xyz$_1".into()));
    assert_eq!(regexp("/a/é"), ("a".into(), "é".into()));
    match one("/a/g").kind {
        TokenKind::RegExp {
            body: Cow::Borrowed(_),
            flags: Cow::Borrowed(_),
        } => {}
        k => panic!("{k:?}"),
    }
    // Division stays division.
    assert_eq!(
        kinds("a / b / c"),
        vec![id("a"), p(Punct::Slash), id("b"), p(Punct::Slash), id("c")]
    );
    assert_eq!(
        kinds("a /= b"),
        vec![id("a"), p(Punct::SlashAssign), id("b")]
    );
    // After `(`: a regexp, followed by more tokens.
    let t = kinds("x(/[)]/.test(y))");
    assert_eq!(
        t[2],
        TokenKind::RegExp {
            body: "[)]".into(),
            flags: "".into()
        }
    );
    assert_eq!(t.len(), 9);
}

#[test]
fn regexp_errors() {
    for bad in [
        "/abc",
        "/a\nb/",
        "/a\rb/",
        "/a\u{2028}b/",
        "/a\u{2029}b/",
        "/[a\n]/",
        "/[/",
        "/a\\",
        "/a\\\n/",
        "/a\\\u{2028}/",
        "/a/\\u0067",
        "/a/g\\u0067",
        "/[]/\\",
    ] {
        assert_err(bad);
    }
    let mut lx = Lexer::new("x/");
    let t = lx.next_token().map(|t| t.start).unwrap_or_default();
    assert!(lx.rescan_regexp(t).is_err());
    // Invalid positions are reported, not panics.
    let mut lx = Lexer::new("é/");
    assert!(lx.rescan_regexp(pos(1, 1, 2)).is_err());
    assert!(lx.rescan_regexp(pos(100, 1, 2)).is_err());
    assert!(lx.rescan_template_continuation(pos(0, 0, 0)).is_err());
}

#[test]
fn regexp_newline_before_is_kept() {
    let mut lx = Lexer::new("a\n/b/");
    let _ = lx.next_token();
    let slash = lx.next_token().unwrap_or_else(|e| panic!("{e}"));
    assert!(slash.newline_before);
    let re = lx
        .rescan_regexp(slash.start)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(re.newline_before);
    assert_eq!(re.start, pos(2, 2, 1));
    assert_eq!(re.end, pos(5, 2, 4));
    assert_eq!(lx.next_token().map(|t| t.kind), Ok(TokenKind::Eof));
}

// ----- punctuators -----------------------------------------------------------

#[test]
fn all_punctuators() {
    use Punct::*;
    let all = [
        LBrace,
        RBrace,
        LParen,
        RParen,
        LBracket,
        RBracket,
        Dot,
        Ellipsis,
        Semicolon,
        Comma,
        Lt,
        Gt,
        LtEq,
        GtEq,
        EqEq,
        NotEq,
        EqEqEq,
        NotEqEq,
        Plus,
        Minus,
        Star,
        Slash,
        Percent,
        StarStar,
        PlusPlus,
        MinusMinus,
        Shl,
        Shr,
        UShr,
        Amp,
        Pipe,
        Caret,
        Bang,
        Tilde,
        AmpAmp,
        PipePipe,
        QuestionQuestion,
        Question,
        QuestionDot,
        Colon,
        Assign,
        PlusAssign,
        MinusAssign,
        StarAssign,
        SlashAssign,
        PercentAssign,
        StarStarAssign,
        ShlAssign,
        ShrAssign,
        UShrAssign,
        AmpAssign,
        PipeAssign,
        CaretAssign,
        AmpAmpAssign,
        PipePipeAssign,
        QuestionQuestionAssign,
        Arrow,
    ];
    for &x in &all {
        let mut lx = Lexer::new(x.as_str());
        let t = lx.next_token().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.kind, TokenKind::Punct(x), "{:?}", x.as_str());
        assert_eq!(t.end.offset as usize, x.as_str().len());
        assert_eq!(lx.next_token().map(|t| t.kind), Ok(TokenKind::Eof));
    }
    // All of them separated by spaces, in one source.
    let src: Vec<&str> = all.iter().map(|x| x.as_str()).collect();
    let src = src.join(" ");
    let mut lx = Lexer::new(&src);
    for &x in &all {
        assert_eq!(lx.next_token().map(|t| t.kind), Ok(TokenKind::Punct(x)));
    }
}

#[test]
fn longest_match() {
    use Punct::*;
    let mut lx = Lexer::new(">>>=>>>>>=>>=>=>a===b!==c**=d&&=e||=f??=g=>h...i....j");
    let mut got = Vec::new();
    while let Ok(t) = lx.next_token() {
        if t.kind == TokenKind::Eof {
            break;
        }
        got.push(t.kind);
    }
    assert_eq!(
        got,
        vec![
            p(UShrAssign),
            p(UShr),
            p(ShrAssign),
            p(ShrAssign),
            p(GtEq),
            p(Gt),
            id("a"),
            p(EqEqEq),
            id("b"),
            p(NotEqEq),
            id("c"),
            p(StarStarAssign),
            id("d"),
            p(AmpAmpAssign),
            id("e"),
            p(PipePipeAssign),
            id("f"),
            p(QuestionQuestionAssign),
            id("g"),
            p(Arrow),
            id("h"),
            p(Ellipsis),
            id("i"),
            p(Ellipsis),
            p(Dot),
            id("j"),
        ]
    );
    assert_eq!(kinds("a+++b"), vec![id("a"), p(PlusPlus), p(Plus), id("b")]);
    assert_eq!(
        kinds("a---b"),
        vec![id("a"), p(MinusMinus), p(Minus), id("b")]
    );
    assert_eq!(
        kinds("a<<=b<<c"),
        vec![id("a"), p(ShlAssign), id("b"), p(Shl), id("c")]
    );
    assert_eq!(kinds("..a"), vec![p(Dot), p(Dot), id("a")]);
}

#[test]
fn optional_chaining_vs_conditional() {
    use Punct::*;
    assert_eq!(
        kinds("a?.5:0"),
        vec![
            id("a"),
            p(Question),
            TokenKind::Number(0.5),
            p(Colon),
            TokenKind::Number(0.0)
        ]
    );
    assert_eq!(kinds("a?.b"), vec![id("a"), p(QuestionDot), id("b")]);
    assert_eq!(kinds("a?.[0]")[1], p(QuestionDot));
    assert_eq!(kinds("a?.(0)")[1], p(QuestionDot));
    assert_eq!(kinds("a??b")[1], p(QuestionQuestion));
    assert_eq!(kinds("a? .5:0")[1], p(Question));
    assert_eq!(kinds("a?."), vec![id("a"), p(QuestionDot)]);
}

#[test]
fn invalid_ascii_characters() {
    for bad in ["@", "a @b", "\u{1}", "\u{1F}", "\u{7F}"] {
        assert_err(bad);
    }
}

// ----- private names ---------------------------------------------------------

#[test]
fn private_names() {
    let t = kinds("#foo #$ #_a1 #\\u0061b #é this.#x");
    assert_eq!(t[0], TokenKind::PrivateName { name: "foo".into() });
    assert_eq!(t[1], TokenKind::PrivateName { name: "$".into() });
    assert_eq!(t[2], TokenKind::PrivateName { name: "_a1".into() });
    assert_eq!(t[3], TokenKind::PrivateName { name: "ab".into() });
    assert_eq!(t[4], TokenKind::PrivateName { name: "é".into() });
    assert_eq!(t[7], TokenKind::PrivateName { name: "x".into() });
    assert!(matches!(
        one("#a").kind,
        TokenKind::PrivateName {
            name: Cow::Borrowed("a")
        }
    ));
    for bad in ["#", "# a", "#1", "#\\u0030", "a #", "#-", "#\\x61"] {
        assert_err(bad);
    }
}

// ----- positions -------------------------------------------------------------

#[test]
fn positions_ascii() {
    let t = lex("ab  cd\n  ef");
    assert_eq!((t[0].start, t[0].end), (pos(0, 1, 1), pos(2, 1, 3)));
    assert_eq!((t[1].start, t[1].end), (pos(4, 1, 5), pos(6, 1, 7)));
    assert_eq!((t[2].start, t[2].end), (pos(9, 2, 3), pos(11, 2, 5)));
}

#[test]
fn positions_multibyte_utf16_columns() {
    // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units; 日: 3 bytes, 1 unit.
    let t = lex("'é😀日' x /* 😀 */ y");
    assert_eq!(t[0].end, pos(11, 1, 7));
    assert_eq!(t[1].start, pos(12, 1, 8));
    assert_eq!(t[2].start, pos(25, 1, 19));
    let t = lex("\u{1D465} a");
    assert_eq!(t[0].end, pos(4, 1, 3));
    assert_eq!(t[1].start, pos(5, 1, 4));
}

#[test]
fn positions_across_line_terminators() {
    let t = lex("a\r\nb\rc\u{2028}d\u{2029}e /*\n\n*/ f // x\r\ng");
    let lines: Vec<(u32, u32)> = t.iter().map(|t| (t.start.line, t.start.col)).collect();
    assert_eq!(
        lines,
        vec![(1, 1), (2, 1), (3, 1), (4, 1), (5, 1), (7, 4), (8, 1)]
    );
    let t = lex("`\n${a}\n`");
    assert_eq!(t[1].start, pos(4, 2, 3));
    assert_eq!(t[2].start, pos(5, 2, 4));
    assert_eq!(t[2].end, pos(8, 3, 2));
}

#[test]
fn error_positions() {
    assert_eq!(lex_err("a\n  @").pos, pos(4, 2, 3));
    assert_eq!(lex_err("é 1__0").pos, pos(4, 1, 4));
    assert_eq!(lex_err("'\\x4'").pos, pos(1, 1, 2));
    assert_eq!(lex_err("x(\n/abc").pos, pos(3, 2, 1));
    assert_eq!(lex_err("3in").pos, pos(1, 1, 2));
}

#[test]
fn eof_token() {
    let mut lx = Lexer::new("  \n ");
    let t = lx.next_token().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.kind, TokenKind::Eof);
    assert!(t.newline_before);
    assert_eq!(t.start, pos(4, 2, 2));
    assert_eq!(lx.next_token().map(|t| t.kind), Ok(TokenKind::Eof));
    assert_eq!(
        Lexer::new("").next_token().map(|t| t.start),
        Ok(pos(0, 1, 1))
    );
}

#[test]
fn checkpoint_and_restore() {
    let mut lx = Lexer::new("(a, b) =>\n c");
    let _ = lx.next_token();
    let cp = lx.checkpoint();
    let first: Vec<_> = (0..6).map(|_| lx.next_token()).collect();
    lx.restore(cp);
    let again: Vec<_> = (0..6).map(|_| lx.next_token()).collect();
    assert_eq!(first, again);
    assert_eq!(again[5].as_ref().map(|t| t.start), Ok(pos(11, 2, 2)));
}

#[test]
fn slice_helper() {
    let mut lx = Lexer::new("'use strict'; x");
    let t = lx.next_token().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lx.slice(t.start, t.end), "'use strict'");
    assert_eq!(lx.slice(t.end, t.start), "");
}

// ----- robustness --------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Lexes everything, rescanning `/` and `}` at random, and checks the
/// token stream is sane. Must never panic or loop.
fn chew(src: &str, rng: &mut Rng) {
    for module in [false, true] {
        let mut lx = Lexer::new(src);
        lx.set_module(module);
        let mut last_end = 0u32;
        for _ in 0..=src.len() + 1 {
            let t = match lx.next_token() {
                Ok(t) => t,
                Err(e) => {
                    assert!(e.pos.offset as usize <= src.len());
                    break;
                }
            };
            let t = match t.kind {
                TokenKind::Eof => break,
                TokenKind::Punct(Punct::Slash | Punct::SlashAssign) if rng.next() & 1 == 0 => {
                    match lx.rescan_regexp(t.start) {
                        Ok(t) => t,
                        Err(_) => break,
                    }
                }
                TokenKind::Punct(Punct::RBrace) if rng.next() & 1 == 0 => {
                    match lx.rescan_template_continuation(t.start) {
                        Ok(t) => t,
                        Err(_) => break,
                    }
                }
                _ => t,
            };
            assert!(t.start.offset >= last_end);
            assert!(t.end.offset > t.start.offset);
            assert!(t.end.offset as usize <= src.len());
            assert!(src.is_char_boundary(t.end.offset as usize));
            last_end = t.end.offset;
        }
    }
}

#[test]
fn random_garbage_never_panics() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let alphabet: &[&str] = &[
        "/",
        "*",
        "\\",
        "u",
        "{",
        "}",
        "`",
        "$",
        "'",
        "\"",
        "\n",
        "\r",
        "0",
        "1",
        "8",
        "x",
        "o",
        "b",
        "n",
        "_",
        ".",
        "e",
        "-",
        ">",
        "<",
        "!",
        "#",
        "[",
        "]",
        "?",
        " ",
        "a",
        "é",
        "\u{2028}",
        "\u{1F600}",
        "\u{FEFF}",
        "\u{200D}",
        "0x",
        "\\u{",
        "${",
        "/*",
        "*/",
        "<!--",
        "-->",
    ];
    for i in 0..4000 {
        let len = (rng.next() % 40) as usize;
        let src = if i % 2 == 0 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect()
        };
        chew(&src, &mut rng);
    }
}

#[test]
fn truncated_sources_never_panic() {
    let sources = [
        "#!/bin/x\nlet a = `x${ {b: `c${d}`} }y\\u{41}\\x` + /[/\\]]+/giu; // c\r\n",
        "'a\\u{1F600}\\x41\\101\\8\\\r\n' \"\\uD800\" 0x1_F 0o17n 0b1 017 09.5 1_0.5e-1_0 .5 5.",
        "a?.b ?. 5 : c ??= d >>>= e **= f &&= g ||= h => #priv \\u0061\\u{62} é日\u{1D465}",
        "/* multi \u{2028} line */ <!-- html\n--> close\nx /= y / z\u{2029}\u{3000}\u{A0}",
        "`\\unicode ${`\\01`}\\u{110000}\r\n\r` 1e400 123456789012345678901234567890n",
    ];
    let mut rng = Rng(42);
    for src in sources {
        for cut in 0..=src.len() {
            let prefix = String::from_utf8_lossy(src.as_bytes().get(..cut).unwrap_or_default());
            chew(&prefix, &mut rng);
        }
        // The full sources lex without error in the parser-driven mode.
        assert!(lex_with(src, false).is_ok(), "{src:?}");
    }
}
