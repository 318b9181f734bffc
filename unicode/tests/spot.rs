//! Hand-picked checks against values read from the Unicode 17.0.0 data
//! files, and lookups by every name and alias.

use unicode::tables::properties::{GENERAL_CATEGORY_NAMES, SCRIPT_NAMES};
use unicode::{
    BinaryProperty, CodePointProperty, GeneralCategory, GeneralCategoryMask, NormalizationForm,
    Script, StringProperty, fold_full, fold_simple, general_category, normalize, normalize_str,
    script, script_extensions, to_lower, to_lower_str, to_upper, to_upper_str,
};

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

#[test]
fn version() {
    assert_eq!(unicode::UNICODE_VERSION, (17, 0, 0));
}

#[test]
fn identifiers_and_white_space() {
    for c in ['a', 'Z', 'ª', 'µ', 'ǅ', 'ʰ', 'א', '中', 'ᢅ', '℘', '℮', '゛'] {
        assert!(unicode::is_id_start(c as u32), "{c}");
    }
    // ZWNJ and ZWJ are Other_ID_Continue since Unicode 15.1.
    for c in ['0', '_', '·', '·', '፩', '\u{0301}', '\u{200C}', '\u{200D}'] {
        assert!(unicode::is_id_continue(c as u32), "{c}");
    }
    for c in ['$', '_', '0', ' ', '\u{2E2F}'] {
        assert!(!unicode::is_id_start(c as u32), "{c}");
    }
    assert!(!unicode::is_id_continue('$' as u32));
    assert!(!unicode::is_id_continue('-' as u32));
    // CJK Unified Ideographs Extension J (new in 17.0).
    assert!(unicode::is_id_start(0x323B0));
    assert!(unicode::is_id_start(0x33479));
    assert!(!unicode::is_id_start(0x3347A));
    for c in [
        0x09, 0x0B, 0x0C, 0x20, 0xA0, 0x1680, 0x2000, 0x200A, 0x202F, 0x205F, 0x3000, 0xFEFF,
    ] {
        assert!(unicode::is_white_space(c), "{c:X}");
    }
    for c in [0x0A, 0x0D, 0x85, 0x180E, 0x200B, 0x2028, 0x2029] {
        assert!(!unicode::is_white_space(c), "{c:X}");
    }
    for c in [0x0A, 0x0D, 0x2028, 0x2029] {
        assert!(unicode::is_line_terminator(c));
    }
    assert!(!unicode::is_line_terminator(0x85));
}

#[test]
fn general_categories() {
    use GeneralCategory::*;
    let cases = [
        (0x41, UppercaseLetter),
        (0x61, LowercaseLetter),
        (0x1C5, TitlecaseLetter),
        (0x2B0, ModifierLetter),
        (0x5D0, OtherLetter),
        (0x300, NonspacingMark),
        (0x903, SpacingMark),
        (0x20DD, EnclosingMark),
        (0x30, DecimalNumber),
        (0x2160, LetterNumber),
        (0xB2, OtherNumber),
        (0x5F, ConnectorPunctuation),
        (0x2D, DashPunctuation),
        (0x28, OpenPunctuation),
        (0x29, ClosePunctuation),
        (0xAB, InitialPunctuation),
        (0xBB, FinalPunctuation),
        (0x21, OtherPunctuation),
        (0x2B, MathSymbol),
        (0x24, CurrencySymbol),
        (0x20C1, CurrencySymbol), // SAUDI RIYAL SIGN, new in 17.0
        (0x5E, ModifierSymbol),
        (0xA9, OtherSymbol),
        (0x20, SpaceSeparator),
        (0x2028, LineSeparator),
        (0x2029, ParagraphSeparator),
        (0x00, Control),
        (0xAD, Format),
        (0xD800, Surrogate),
        (0xF0000, PrivateUse),
        (0x0378, Unassigned),
        (0x10FFFF, Unassigned),
        (0x323B0, OtherLetter),
        (0x16EA0, UppercaseLetter), // BERIA ERFE CAPITAL LETTER ARKAB
    ];
    for (c, gc) in cases {
        assert_eq!(general_category(c), gc, "{c:X}");
    }
}

#[test]
fn binary_property_values() {
    use BinaryProperty as P;
    let yes = [
        (P::Emoji, 0x1F600),
        (P::ExtendedPictographic, 0x1F600),
        (P::EmojiPresentation, 0x1F600),
        (P::Emoji, 0x1FAEA), // new emoji in 17.0
        (P::Emoji, 0x23),
        (P::EmojiComponent, 0x23),
        (P::EmojiModifier, 0x1F3FB),
        (P::EmojiModifierBase, 0x1F44D),
        (P::RegionalIndicator, 0x1F1E6),
        (P::Alphabetic, 0x345),
        (P::Any, 0x10FFFF),
        (P::Assigned, 0x41),
        (P::Ascii, 0x7F),
        (P::AsciiHexDigit, 0x66),
        (P::HexDigit, 0xFF21),
        (P::BidiControl, 0x200E),
        (P::BidiMirrored, 0x28),
        (P::CaseIgnorable, 0x27),
        (P::Cased, 0x1C5),
        (P::ChangesWhenCasefolded, 0x41),
        (P::ChangesWhenNfkcCasefolded, 0xAD),
        (P::Dash, 0x2D),
        (P::DefaultIgnorableCodePoint, 0x200B),
        (P::Deprecated, 0x149),
        (P::Diacritic, 0x5E),
        (P::Extender, 0xB7),
        (P::GraphemeBase, 0x41),
        (P::GraphemeExtend, 0x200C),
        (P::IdsBinaryOperator, 0x2FF0),
        (P::IdsTrinaryOperator, 0x2FF2),
        (P::IdsUnaryOperator, 0x2FFE),
        (P::Ideographic, 0x3007),
        (P::JoinControl, 0x200D),
        (P::LogicalOrderException, 0xE40),
        (P::Lowercase, 0xAA),
        (P::Math, 0x2B),
        (P::NoncharacterCodePoint, 0xFFFE),
        (P::NoncharacterCodePoint, 0x10FFFF),
        (P::PatternSyntax, 0x21),
        (P::PatternWhiteSpace, 0x200E),
        (P::QuotationMark, 0x22),
        (P::Radical, 0x2E80),
        (P::SentenceTerminal, 0x2E),
        (P::SoftDotted, 0x69),
        (P::TerminalPunctuation, 0x2C),
        (P::UnifiedIdeograph, 0x4E00),
        (P::UnifiedIdeograph, 0x323B0),
        (P::Uppercase, 0x2160),
        (P::VariationSelector, 0xFE0F),
        (P::WhiteSpace, 0x85),
        (P::XidContinue, 0xB7),
        (P::XidStart, 0x41),
    ];
    for (p, c) in yes {
        assert!(p.contains(c), "{} {c:X}", p.name());
    }
    let no = [
        (P::Emoji, 0x41),
        (P::Ascii, 0x80),
        (P::Assigned, 0x378),
        (P::XidStart, 0x37A),
        (P::IdContinue, 0x2E2F),
        (P::WhiteSpace, 0x200B),
        (P::Uppercase, 0x61),
    ];
    for (p, c) in no {
        assert!(!p.contains(c), "{} {c:X}", p.name());
    }
}

#[test]
fn scripts() {
    assert_eq!(script(0x41), Script::Latin);
    assert_eq!(script(0x3B1), Script::Greek);
    assert_eq!(script(0x20), Script::Common);
    assert_eq!(script(0x300), Script::Inherited);
    assert_eq!(script(0x378), Script::Unknown);
    assert_eq!(script(0x10940), Script::Sidetic);
    assert_eq!(script(0x1E6C0), Script::TaiYo);
    assert_eq!(script(0x11DB0), Script::TolongSiki);
    assert_eq!(script(0x16EA0), Script::BeriaErfe);
    assert_eq!(script(0x323B0), Script::Han);
    assert_eq!(script_extensions(0x41), vec![Script::Latin]);
    let scx = script_extensions(0x0660); // ARABIC-INDIC DIGIT ZERO
    assert_eq!(scx, vec![Script::Arabic, Script::Thaana, Script::Yezidi]);
    assert_eq!(script(0x0660), Script::Arabic);
    assert!(script_extensions(0x30FC).contains(&Script::Katakana)); // ー
    assert!(script_extensions(0x30FC).contains(&Script::Hiragana));
    assert_eq!(script_extensions(0x378), vec![Script::Unknown]);
}

#[test]
fn case_folding() {
    assert_eq!(fold_simple(0x345), 0x3B9);
    assert_eq!(fold_simple(0x3C2), 0x3C3);
    assert_eq!(fold_simple(0x1E9E), 0xDF);
    assert_eq!(fold_simple(0x130), 0x130); // only full (and Turkic) foldings
    assert_eq!(fold_simple(0x212A), 0x6B);
    assert_eq!(fold_simple(0x10400), 0x10428);
    assert_eq!(fold_simple(0xA7CE), 0xA7CF); // new in 17.0
    assert_eq!(fold_full(0x130).as_slice(), &[0x69, 0x307]);
    assert_eq!(fold_full(0xDF).as_slice(), &[0x73, 0x73]);
    assert_eq!(fold_full(0x1E9E).as_slice(), &[0x73, 0x73]);
    assert_eq!(fold_full(0x41).as_slice(), &[0x61]);
    assert_eq!(fold_full(0x1F88).as_slice(), &[0x1F00, 0x3B9]);
}

#[test]
fn non_unicode_canonicalize() {
    use unicode::canonicalize_non_unicode as canon;
    assert_eq!(canon('z' as u16), 'Z' as u16);
    assert_eq!(canon('Z' as u16), 'Z' as u16);
    assert_eq!(canon('1' as u16), '1' as u16);
    assert_eq!(canon(0xB5), 0x39C); // µ -> Μ
    assert_eq!(canon(0x131), 0x131); // ı -> I would enter ASCII
    assert_eq!(canon(0x149), 0x149); // ŉ -> ʼN is two code units
    assert_eq!(canon(0x1C6), 0x1C4); // ǆ -> Ǆ
    assert_eq!(canon(0x1C5), 0x1C4); // ǅ -> Ǆ
    assert_eq!(canon(0x390), 0x390); // ΐ has a three code point uppercase
    assert_eq!(canon(0xD801), 0xD801); // lone surrogate
    assert_eq!(canon(0xA7CF), 0xA7CE); // new in 17.0
}

#[test]
fn case_conversion() {
    let up = |s: &str| to_upper_str(s);
    let low = |s: &str| to_lower_str(s);
    assert_eq!(up("straße"), "STRASSE");
    assert_eq!(up("ﬁ"), "FI");
    assert_eq!(up("ŉ"), "\u{2BC}N");
    assert_eq!(up("ΐ"), "\u{399}\u{308}\u{301}");
    assert_eq!(up("ᾳ"), "ΑΙ");
    assert_eq!(up("i"), "I"); // root locale: no dotted capital I
    assert_eq!(up("\u{1E0C0}"), "\u{1E0C0}");
    assert_eq!(low("İ"), "i\u{307}");
    assert_eq!(low("I"), "i");
    assert_eq!(low("ẞ"), "ß");
    assert_eq!(low("\u{A7CF}"), "\u{A7CF}");
    assert_eq!(up("\u{A7CF}"), "\u{A7CE}");
    assert_eq!(low("\u{16EA0}"), "\u{16EBB}"); // Beria Erfe, new in 17.0
    // Final sigma.
    assert_eq!(low("Σ"), "σ");
    assert_eq!(low("ΑΣ"), "ας");
    assert_eq!(low("ΑΣΑ"), "ασα");
    assert_eq!(low("ΑΣ ΑΣ"), "ας ας");
    assert_eq!(low("Α.Σ"), "α.ς"); // '.' is case-ignorable
    assert_eq!(low("ΑΣ\u{301}"), "ας\u{301}");
    assert_eq!(low("ΑΣ\u{301}Α"), "ασ\u{301}α");
    assert_eq!(low(" Σ "), " σ ");
    assert_eq!(low("ΑΣ1"), "ας1");
    // UTF-16 entry points, surrogate pairs and lone surrogates.
    assert_eq!(to_upper(&utf16("𐐨x")), utf16("𐐀X"));
    assert_eq!(to_lower(&utf16("𐐀X")), utf16("𐐨x"));
    assert_eq!(
        to_upper(&[0xDC00, 0x61, 0xD800]),
        vec![0xDC00, 0x41, 0xD800]
    );
    assert_eq!(to_lower(&[0x3A3, 0xD800]), vec![0x3C3, 0xD800]);
    assert_eq!(
        to_lower(&[0x391, 0x3A3, 0xD800]),
        vec![0x3B1, 0x3C2, 0xD800]
    );
    assert_eq!(to_upper(&utf16("Hello, World")), utf16("HELLO, WORLD"));
}

#[test]
fn normalization() {
    use NormalizationForm::*;
    let n = |f, s: &str| normalize_str(f, s);
    assert_eq!(n(Nfc, "e\u{301}"), "é");
    assert_eq!(n(Nfd, "é"), "e\u{301}");
    assert_eq!(n(Nfc, "\u{1100}\u{1161}\u{11A8}"), "\u{AC01}");
    assert_eq!(n(Nfc, "\u{AC00}\u{11A8}"), "\u{AC01}");
    assert_eq!(n(Nfd, "\u{AC01}"), "\u{1100}\u{1161}\u{11A8}");
    assert_eq!(n(Nfd, "\u{D7A3}"), "\u{1112}\u{1175}\u{11C2}");
    assert_eq!(n(Nfkc, "ﬁ"), "fi");
    assert_eq!(n(Nfkd, "①"), "1");
    assert_eq!(n(Nfc, "ﬁ"), "ﬁ");
    assert_eq!(n(Nfc, "\u{958}"), "\u{915}\u{93C}"); // composition exclusion
    assert_eq!(n(Nfc, "\u{212B}"), "\u{C5}"); // singleton
    assert_eq!(n(Nfc, "\u{2126}"), "\u{3A9}");
    assert_eq!(n(Nfd, "a\u{301}\u{323}"), "a\u{323}\u{301}"); // canonical order
    assert_eq!(n(Nfc, "a\u{302}\u{323}"), "\u{1EAD}");
    assert_eq!(n(Nfc, "a\u{323}\u{302}"), "\u{1EAD}");
    assert_eq!(n(Nfc, "a\u{301}\u{301}"), "\u{E1}\u{301}"); // second acute blocked
    assert_eq!(n(Nfkc, "\u{1E9B}\u{323}"), "\u{1E69}");
    assert_eq!(n(Nfc, "\u{1E9B}\u{323}"), "\u{1E9B}\u{323}");
    assert_eq!(n(Nfd, "\u{1E9B}\u{323}"), "\u{17F}\u{323}\u{307}");
    assert_eq!(n(Nfkd, "\u{1E9B}\u{323}"), "s\u{323}\u{307}");
    assert_eq!(n(Nfc, "abc"), "abc");
    assert_eq!(
        normalize(Nfc, &[0xD800, 0x65, 0x301, 0xDC00]),
        vec![0xD800, 0xE9, 0xDC00]
    );
    assert_eq!(NormalizationForm::from_name("NFKD"), Some(Nfkd));
    assert_eq!(NormalizationForm::from_name("nfc"), None);
}

#[test]
fn properties_of_strings() {
    assert_eq!(StringProperty::ALL.len(), 7);
    for p in StringProperty::ALL {
        assert_eq!(StringProperty::from_name(p.name()), Some(p));
        for s in p.sequences() {
            assert!(StringProperty::RgiEmoji.contains(s));
        }
    }
    let basic = StringProperty::BasicEmoji;
    assert!(basic.contains(&[0x1F600]));
    assert!(basic.contains(&[0x231A]));
    assert!(basic.contains(&[0x2764, 0xFE0F]));
    assert!(!basic.contains(&[0x2764])); // text presentation by default
    assert!(StringProperty::RgiEmojiFlagSequence.contains(&[0x1F1EF, 0x1F1F5]));
    assert!(StringProperty::RgiEmojiModifierSequence.contains(&[0x1F44D, 0x1F3FD]));
    assert!(StringProperty::RgiEmojiTagSequence.contains(&[
        0x1F3F4, 0xE0067, 0xE0062, 0xE0073, 0xE0063, 0xE0074, 0xE007F
    ]));
    assert!(StringProperty::RgiEmojiZwjSequence.contains(&[0x1F469, 0x200D, 0x1F52C]));
    assert_eq!(StringProperty::EmojiKeycapSequence.sequences().len(), 12);
    assert!(StringProperty::EmojiKeycapSequence.code_points().is_empty());
    assert!(StringProperty::RgiEmoji.contains(&[0x1FAEA])); // new in 17.0
    assert!(!StringProperty::RgiEmoji.contains(&[0x41]));
    assert!(!StringProperty::RgiEmoji.contains(&[]));
    assert_eq!(
        StringProperty::RgiEmoji.code_points(),
        StringProperty::BasicEmoji.code_points()
    );
}

#[test]
fn binary_property_names() {
    let ecmascript = [
        ("ASCII", None),
        ("ASCII_Hex_Digit", Some("AHex")),
        ("Alphabetic", Some("Alpha")),
        ("Any", None),
        ("Assigned", None),
        ("Bidi_Control", Some("Bidi_C")),
        ("Bidi_Mirrored", Some("Bidi_M")),
        ("Case_Ignorable", Some("CI")),
        ("Cased", None),
        ("Changes_When_Casefolded", Some("CWCF")),
        ("Changes_When_Casemapped", Some("CWCM")),
        ("Changes_When_Lowercased", Some("CWL")),
        ("Changes_When_NFKC_Casefolded", Some("CWKCF")),
        ("Changes_When_Titlecased", Some("CWT")),
        ("Changes_When_Uppercased", Some("CWU")),
        ("Dash", None),
        ("Default_Ignorable_Code_Point", Some("DI")),
        ("Deprecated", Some("Dep")),
        ("Diacritic", Some("Dia")),
        ("Emoji", None),
        ("Emoji_Component", Some("EComp")),
        ("Emoji_Modifier", Some("EMod")),
        ("Emoji_Modifier_Base", Some("EBase")),
        ("Emoji_Presentation", Some("EPres")),
        ("Extended_Pictographic", Some("ExtPict")),
        ("Extender", Some("Ext")),
        ("Grapheme_Base", Some("Gr_Base")),
        ("Grapheme_Extend", Some("Gr_Ext")),
        ("Hex_Digit", Some("Hex")),
        ("IDS_Binary_Operator", Some("IDSB")),
        ("IDS_Trinary_Operator", Some("IDST")),
        ("ID_Continue", Some("IDC")),
        ("ID_Start", Some("IDS")),
        ("Ideographic", Some("Ideo")),
        ("Join_Control", Some("Join_C")),
        ("Logical_Order_Exception", Some("LOE")),
        ("Lowercase", Some("Lower")),
        ("Math", None),
        ("Noncharacter_Code_Point", Some("NChar")),
        ("Pattern_Syntax", Some("Pat_Syn")),
        ("Pattern_White_Space", Some("Pat_WS")),
        ("Quotation_Mark", Some("QMark")),
        ("Radical", None),
        ("Regional_Indicator", Some("RI")),
        ("Sentence_Terminal", Some("STerm")),
        ("Soft_Dotted", Some("SD")),
        ("Terminal_Punctuation", Some("Term")),
        ("Unified_Ideograph", Some("UIdeo")),
        ("Uppercase", Some("Upper")),
        ("Variation_Selector", Some("VS")),
        ("White_Space", Some("space")),
        ("XID_Continue", Some("XIDC")),
        ("XID_Start", Some("XIDS")),
    ];
    for (name, alias) in ecmascript {
        let p = BinaryProperty::from_name(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(p.name(), name);
        assert_eq!(p.alias(), alias);
        assert!(p.is_ecmascript());
        if let Some(alias) = alias {
            assert_eq!(BinaryProperty::from_name(alias), Some(p));
        }
        assert_eq!(
            CodePointProperty::resolve(name, None),
            Some(CodePointProperty::Binary(p))
        );
        assert_eq!(CodePointProperty::resolve(name, Some("Y")), None);
    }
    assert_eq!(BinaryProperty::ALL.len(), ecmascript.len() + 1);
    // Not in the ECMAScript table, or not spelled exactly.
    for name in [
        "IDS_Unary_Operator",
        "IDSU",
        "WSpace",
        "ascii",
        "Ascii",
        "alphabetic",
        "Composition_Exclusion",
        "Full_Composition_Exclusion",
        "Other_Alphabetic",
        "Hyphen",
        "Grapheme_Link",
        "Expands_On_NFC",
        "FC_NFKC_Closure",
        "Prepended_Concatenation_Mark",
        "ID_Compat_Math_Start",
        "InCB",
        "",
    ] {
        assert_eq!(BinaryProperty::from_name(name), None, "{name}");
        assert_eq!(CodePointProperty::resolve(name, None), None, "{name}");
    }
    assert_eq!(
        BinaryProperty::from_unicode_name("IDSU"),
        Some(BinaryProperty::IdsUnaryOperator)
    );
}

#[test]
fn general_category_names() {
    // Every name the table knows resolves, with and without the property name.
    for &(name, mask) in GENERAL_CATEGORY_NAMES.iter() {
        let m = GeneralCategoryMask(mask);
        assert_eq!(GeneralCategoryMask::from_name(name), Some(m));
        for prop in ["General_Category", "gc"] {
            assert_eq!(
                CodePointProperty::resolve(prop, Some(name)),
                Some(CodePointProperty::GeneralCategory(m))
            );
        }
        assert_eq!(
            CodePointProperty::resolve(name, None),
            Some(CodePointProperty::GeneralCategory(m))
        );
    }
    for gc in GeneralCategory::ALL {
        assert_eq!(
            GeneralCategoryMask::from_name(gc.long_name()),
            Some(gc.mask())
        );
        assert_eq!(
            GeneralCategoryMask::from_name(gc.short_name()),
            Some(gc.mask())
        );
    }
    let expect = |name: &str, members: &[GeneralCategory]| {
        let m = GeneralCategoryMask::from_name(name).unwrap_or_else(|| panic!("{name}"));
        for gc in GeneralCategory::ALL {
            assert_eq!(m.contains(gc), members.contains(&gc), "{name} {gc:?}");
        }
    };
    use GeneralCategory::*;
    expect(
        "L",
        &[
            UppercaseLetter,
            LowercaseLetter,
            TitlecaseLetter,
            ModifierLetter,
            OtherLetter,
        ],
    );
    expect(
        "Letter",
        &[
            UppercaseLetter,
            LowercaseLetter,
            TitlecaseLetter,
            ModifierLetter,
            OtherLetter,
        ],
    );
    expect("LC", &[UppercaseLetter, LowercaseLetter, TitlecaseLetter]);
    expect(
        "Cased_Letter",
        &[UppercaseLetter, LowercaseLetter, TitlecaseLetter],
    );
    expect("M", &[NonspacingMark, SpacingMark, EnclosingMark]);
    expect(
        "Combining_Mark",
        &[NonspacingMark, SpacingMark, EnclosingMark],
    );
    expect("N", &[DecimalNumber, LetterNumber, OtherNumber]);
    expect("digit", &[DecimalNumber]);
    expect(
        "punct",
        &[
            ConnectorPunctuation,
            DashPunctuation,
            OpenPunctuation,
            ClosePunctuation,
            InitialPunctuation,
            FinalPunctuation,
            OtherPunctuation,
        ],
    );
    expect(
        "S",
        &[MathSymbol, CurrencySymbol, ModifierSymbol, OtherSymbol],
    );
    expect("Z", &[SpaceSeparator, LineSeparator, ParagraphSeparator]);
    expect("C", &[Control, Format, Surrogate, PrivateUse, Unassigned]);
    expect(
        "Other",
        &[Control, Format, Surrogate, PrivateUse, Unassigned],
    );
    expect("cntrl", &[Control]);
    assert_eq!(GENERAL_CATEGORY_NAMES.len(), 30 * 2 + 8 * 2 + 4);
    for name in [
        "lu",
        "LU",
        "Uppercase Letter",
        "UppercaseLetter",
        "Is_Lu",
        "Lowercase",
        "",
    ] {
        assert_eq!(GeneralCategoryMask::from_name(name), None, "{name}");
    }
    assert_eq!(CodePointProperty::resolve("General_Category", None), None);
    assert_eq!(CodePointProperty::resolve("gc", None), None);
    assert_eq!(CodePointProperty::resolve("Category", Some("Lu")), None);
}

#[test]
fn script_names() {
    // Long and short names, minus those spelled alike, plus Qaac and Qaai.
    let same = Script::ALL
        .iter()
        .filter(|s| s.long_name() == s.short_name())
        .count();
    assert_eq!(SCRIPT_NAMES.len(), Script::ALL.len() * 2 - same + 2);
    assert_eq!(Script::KatakanaOrHiragana.ranges(), vec![]);
    for &(name, index) in SCRIPT_NAMES.iter() {
        let s = Script::ALL[index as usize];
        assert_eq!(Script::from_name(name), Some(s));
        for prop in ["Script", "sc"] {
            assert_eq!(
                CodePointProperty::resolve(prop, Some(name)),
                Some(CodePointProperty::Script(s))
            );
        }
        for prop in ["Script_Extensions", "scx"] {
            assert_eq!(
                CodePointProperty::resolve(prop, Some(name)),
                Some(CodePointProperty::ScriptExtensions(s))
            );
        }
        // Script values are not valid lone property names.
        if GeneralCategoryMask::from_name(name).is_none()
            && BinaryProperty::from_name(name).is_none()
        {
            assert_eq!(CodePointProperty::resolve(name, None), None, "{name}");
        }
    }
    for s in Script::ALL {
        assert_eq!(Script::from_name(s.long_name()), Some(s));
        assert_eq!(Script::from_name(s.short_name()), Some(s));
    }
    let pairs = [
        ("Latin", "Latn"),
        ("Greek", "Grek"),
        ("Han", "Hani"),
        ("Common", "Zyyy"),
        ("Inherited", "Zinh"),
        ("Unknown", "Zzzz"),
        ("Coptic", "Copt"),
        ("Sidetic", "Sidt"),
        ("Tai_Yo", "Tayo"),
        ("Tolong_Siki", "Tols"),
        ("Beria_Erfe", "Berf"),
        ("Katakana_Or_Hiragana", "Hrkt"),
        ("Garay", "Gara"),
    ];
    for (long, short) in pairs {
        let s = Script::from_name(long).unwrap_or_else(|| panic!("{long}"));
        assert_eq!(s.short_name(), short);
        assert_eq!(s.long_name(), long);
    }
    assert_eq!(Script::from_name("Qaai"), Some(Script::Inherited));
    assert_eq!(Script::from_name("Qaac"), Some(Script::Coptic));
    for name in ["latin", "LATIN", "Latn ", "Zs", "Lu", "Old Italic", ""] {
        assert_eq!(Script::from_name(name), None, "{name}");
    }
}

#[test]
fn property_ranges() {
    assert_eq!(
        unicode::property_ranges("ASCII", None),
        Some(vec![(0, 0x7F)])
    );
    assert_eq!(
        unicode::property_ranges("Any", None),
        Some(vec![(0, 0x10FFFF)])
    );
    assert_eq!(
        unicode::property_ranges("Zs", None).unwrap(),
        vec![
            (0x20, 0x20),
            (0xA0, 0xA0),
            (0x1680, 0x1680),
            (0x2000, 0x200A),
            (0x202F, 0x202F),
            (0x205F, 0x205F),
            (0x3000, 0x3000)
        ]
    );
    assert_eq!(
        unicode::property_ranges("sc", Some("Sidt")),
        Some(vec![(0x10940, 0x10959)])
    );
    assert_eq!(unicode::property_ranges("Script", None), None);
    assert_eq!(unicode::property_ranges("Block", Some("Basic_Latin")), None);
    // Every range list is sorted, disjoint and non-adjacent.
    let mut lists: Vec<Vec<(u32, u32)>> = BinaryProperty::ALL.iter().map(|p| p.ranges()).collect();
    lists.extend(Script::ALL.iter().map(|s| s.extension_ranges()));
    lists.extend(GeneralCategory::ALL.iter().map(|g| g.mask().ranges()));
    for l in lists {
        assert!(l.iter().all(|&(a, b)| a <= b && b <= 0x10FFFF));
        assert!(l.windows(2).all(|w| w[0].1 + 1 < w[1].0));
    }
}
