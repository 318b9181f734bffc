//! Character properties: identifiers, white space, General_Category, Script,
//! Script_Extensions and binary properties, with lookup by name.

use crate::tables::properties::{
    BINARY_PROPERTY_ASCII, BINARY_PROPERTY_NAMES, BINARY_PROPERTY_OFFSETS, BINARY_PROPERTY_POOL,
    ECMASCRIPT_BINARY_PROPERTY_COUNT, GC_LATIN1, GC_RUN_STARTS, GC_RUN_VALUES,
    GENERAL_CATEGORY_NAMES, GENERAL_CATEGORY_VALUE_NAMES, SCRIPT_NAMES, SCRIPT_RUN_STARTS,
    SCRIPT_RUN_VALUES, SCRIPT_VALUE_NAMES, SCX_POOL, SCX_RANGES, SCX_SETS,
};
pub use crate::tables::properties::{BinaryProperty, GeneralCategory, Script};

/// Index of the run containing `c` in a sorted table of run starts whose
/// first entry is 0.
#[inline]
pub(crate) fn run_index(starts: &[u32], c: u32) -> usize {
    starts.partition_point(|&s| s <= c) - 1
}

/// Whether `c` lies in one of the sorted, disjoint inclusive `ranges`.
#[inline]
pub fn ranges_contain(ranges: &[(u32, u32)], c: u32) -> bool {
    let i = ranges.partition_point(|&(_, end)| end < c);
    i < ranges.len() && ranges[i].0 <= c
}

/// The packed ranges of `p` (`first << 11 | (length - 1)`).
#[inline]
fn packed_ranges(p: BinaryProperty) -> &'static [u32] {
    let i = p as usize;
    &BINARY_PROPERTY_POOL
        [BINARY_PROPERTY_OFFSETS[i] as usize..BINARY_PROPERTY_OFFSETS[i + 1] as usize]
}

#[inline]
fn packed_contains(ranges: &[u32], c: u32) -> bool {
    let i = ranges.partition_point(|&e| e >> 11 <= c);
    i > 0 && c <= (ranges[i - 1] >> 11) + (ranges[i - 1] & 0x7FF)
}

/// Binary search with an ASCII bitmap fast path.
#[inline]
fn has_property(p: BinaryProperty, c: u32) -> bool {
    if c < 128 {
        return BINARY_PROPERTY_ASCII[p as usize] >> c & 1 != 0;
    }
    packed_contains(packed_ranges(p), c)
}

/// ECMAScript `ID_Start` test (Unicode `ID_Start`, which includes
/// `Other_ID_Start`). `$` and `_` are not included; the lexer adds them.
///
/// ```
/// assert!(unicode::is_id_start('a' as u32));
/// assert!(unicode::is_id_start(0x2118)); // ℘, Other_ID_Start
/// assert!(!unicode::is_id_start('1' as u32));
/// assert!(!unicode::is_id_start('$' as u32));
/// ```
#[inline]
pub fn is_id_start(c: u32) -> bool {
    if c < 128 {
        return (c | 0x20).wrapping_sub('a' as u32) < 26;
    }
    packed_contains(packed_ranges(BinaryProperty::IdStart), c)
}

/// ECMAScript `ID_Continue` test (Unicode `ID_Continue`, which includes
/// `Other_ID_Continue`, and so ZWNJ and ZWJ since Unicode 15.1). `$` is
/// not included; the lexer adds it.
///
/// ```
/// assert!(unicode::is_id_continue('_' as u32));
/// assert!(unicode::is_id_continue('7' as u32));
/// assert!(unicode::is_id_continue(0x0301)); // combining acute accent
/// assert!(unicode::is_id_continue(0x200C)); // ZWNJ
/// assert!(!unicode::is_id_continue('$' as u32));
/// ```
#[inline]
pub fn is_id_continue(c: u32) -> bool {
    if c < 128 {
        return (c | 0x20).wrapping_sub('a' as u32) < 26
            || c.wrapping_sub('0' as u32) < 10
            || c == '_' as u32;
    }
    packed_contains(packed_ranges(BinaryProperty::IdContinue), c)
}

/// ECMAScript `WhiteSpace`: TAB, VT, FF, ZWNBSP (U+FEFF) and every `Zs`
/// code point (which covers SP and NBSP).
///
/// ```
/// assert!(unicode::is_white_space(0x20));
/// assert!(unicode::is_white_space(0xFEFF));
/// assert!(unicode::is_white_space(0x3000));
/// assert!(!unicode::is_white_space(0x0A)); // a line terminator
/// assert!(!unicode::is_white_space(0x180E)); // Cf since Unicode 6.3
/// ```
#[inline]
pub fn is_white_space(c: u32) -> bool {
    match c {
        0x09 | 0x0B | 0x0C | 0x20 | 0xA0 | 0xFEFF => true,
        _ if c < 0x1680 => false,
        _ => general_category(c) == GeneralCategory::SpaceSeparator,
    }
}

/// ECMAScript `LineTerminator`: LF, CR, LS (U+2028), PS (U+2029).
#[inline]
pub fn is_line_terminator(c: u32) -> bool {
    matches!(c, 0x0A | 0x0D | 0x2028 | 0x2029)
}

/// The General_Category of `c` (`Cn` for unassigned code points and for
/// values above U+10FFFF).
///
/// ```
/// use unicode::{general_category, GeneralCategory};
/// assert_eq!(general_category('A' as u32), GeneralCategory::UppercaseLetter);
/// assert_eq!(general_category(0xE000), GeneralCategory::PrivateUse);
/// assert_eq!(general_category(0x0378), GeneralCategory::Unassigned);
/// ```
#[inline]
pub fn general_category(c: u32) -> GeneralCategory {
    let v = if c < 256 {
        GC_LATIN1[c as usize]
    } else if c > 0x10FFFF {
        GeneralCategory::Unassigned as u8
    } else {
        GC_RUN_VALUES[run_index(&GC_RUN_STARTS, c)]
    };
    GeneralCategory::ALL[v as usize]
}

impl GeneralCategory {
    /// The long name, e.g. `Uppercase_Letter`.
    pub fn long_name(self) -> &'static str {
        GENERAL_CATEGORY_VALUE_NAMES[self as usize].0
    }

    /// The short name, e.g. `Lu`.
    pub fn short_name(self) -> &'static str {
        GENERAL_CATEGORY_VALUE_NAMES[self as usize].1
    }

    /// This category's bit in a [`GeneralCategoryMask`].
    pub fn mask(self) -> GeneralCategoryMask {
        GeneralCategoryMask(1 << self as u32)
    }
}

/// A set of [`GeneralCategory`] values, as denoted by a General_Category
/// name: a single value such as `Lu`, or a group such as `L` / `Letter`
/// or `LC` / `Cased_Letter`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GeneralCategoryMask(pub u32);

impl GeneralCategoryMask {
    /// Whether `gc` is in the set.
    pub fn contains(self, gc: GeneralCategory) -> bool {
        self.0 & gc.mask().0 != 0
    }

    /// Looks up a General_Category value or group by its long name, short
    /// name or alias, exactly as written (no loose matching), as
    /// ECMAScript's `\p{General_Category=...}`, `\p{gc=...}` and lone
    /// `\p{Lu}` need.
    ///
    /// ```
    /// use unicode::{GeneralCategory, GeneralCategoryMask};
    /// let l = GeneralCategoryMask::from_name("Letter").unwrap();
    /// assert_eq!(Some(l), GeneralCategoryMask::from_name("L"));
    /// assert!(l.contains(GeneralCategory::OtherLetter));
    /// assert!(GeneralCategoryMask::from_name("digit").unwrap().contains(GeneralCategory::DecimalNumber));
    /// assert_eq!(GeneralCategoryMask::from_name("letter"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        GENERAL_CATEGORY_NAMES
            .binary_search_by(|&(n, _)| n.cmp(name))
            .ok()
            .map(|i| GeneralCategoryMask(GENERAL_CATEGORY_NAMES[i].1))
    }

    /// The code points whose General_Category is in the set, as sorted
    /// inclusive ranges.
    pub fn ranges(self) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for (i, &start) in GC_RUN_STARTS.iter().enumerate() {
            if self.0 >> GC_RUN_VALUES[i] & 1 == 0 {
                continue;
            }
            let end = GC_RUN_STARTS.get(i + 1).map_or(0x10FFFF, |&s| s - 1);
            push_range(&mut out, start, end);
        }
        out
    }
}

pub(crate) fn push_range(out: &mut Vec<(u32, u32)>, start: u32, end: u32) {
    match out.last_mut() {
        Some(last) if last.1 + 1 == start => last.1 = end,
        _ => out.push((start, end)),
    }
}

/// The Script of `c` (`Unknown` for unassigned code points).
///
/// ```
/// use unicode::{script, Script};
/// assert_eq!(script('A' as u32), Script::Latin);
/// assert_eq!(script(0x0301), Script::Inherited);
/// assert_eq!(script(0x10940), Script::Sidetic); // new in Unicode 17
/// ```
#[inline]
pub fn script(c: u32) -> Script {
    if c > 0x10FFFF {
        return Script::Unknown;
    }
    Script::ALL[SCRIPT_RUN_VALUES[run_index(&SCRIPT_RUN_STARTS, c)] as usize]
}

/// The Script_Extensions of `c`, sorted by [`Script`] order. For most code
/// points this is just `[script(c)]`.
///
/// ```
/// use unicode::{script_extensions, Script};
/// assert_eq!(script_extensions('a' as u32), vec![Script::Latin]);
/// let scx = script_extensions(0x3001); // 、
/// assert!(scx.contains(&Script::Han) && scx.contains(&Script::Hiragana));
/// assert!(!scx.contains(&Script::Common));
/// ```
pub fn script_extensions(c: u32) -> Vec<Script> {
    match scx_set(c) {
        Some(set) => set.iter().map(|&i| Script::ALL[i as usize]).collect(),
        None => vec![script(c)],
    }
}

/// Whether `s` is among the Script_Extensions of `c`.
pub fn has_script_extension(c: u32, s: Script) -> bool {
    match scx_set(c) {
        Some(set) => set.contains(&(s as u8)),
        None => script(c) == s,
    }
}

fn scx_set(c: u32) -> Option<&'static [u8]> {
    let i = SCX_RANGES.partition_point(|&(_, end, _)| end < c);
    let &(start, _, set) = SCX_RANGES.get(i)?;
    if start > c {
        return None;
    }
    let (off, len) = SCX_SETS[set as usize];
    Some(&SCX_POOL[off as usize..(off + len) as usize])
}

impl Script {
    /// Looks up a Script value by long name, short name or alias, exactly as
    /// written (e.g. `Latin`, `Latn`; `Qaai` for `Inherited`).
    ///
    /// ```
    /// use unicode::Script;
    /// assert_eq!(Script::from_name("Grek"), Some(Script::Greek));
    /// assert_eq!(Script::from_name("Tai_Yo"), Some(Script::TaiYo));
    /// assert_eq!(Script::from_name("greek"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Script> {
        SCRIPT_NAMES
            .binary_search_by(|&(n, _)| n.cmp(name))
            .ok()
            .map(|i| Script::ALL[SCRIPT_NAMES[i].1 as usize])
    }

    /// The long name, e.g. `Latin`.
    pub fn long_name(self) -> &'static str {
        SCRIPT_VALUE_NAMES[self as usize].0
    }

    /// The short name, e.g. `Latn`.
    pub fn short_name(self) -> &'static str {
        SCRIPT_VALUE_NAMES[self as usize].1
    }

    /// Code points whose Script is `self`, as sorted inclusive ranges.
    pub fn ranges(self) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for (i, &start) in SCRIPT_RUN_STARTS.iter().enumerate() {
            if SCRIPT_RUN_VALUES[i] == self as u8 {
                let end = SCRIPT_RUN_STARTS.get(i + 1).map_or(0x10FFFF, |&s| s - 1);
                push_range(&mut out, start, end);
            }
        }
        out
    }

    /// Code points whose Script_Extensions contain `self`, as sorted
    /// inclusive ranges.
    pub fn extension_ranges(self) -> Vec<(u32, u32)> {
        // Script ranges minus the code points with explicit extensions,
        // plus those explicit ranges whose set contains `self`.
        let mut out = Vec::new();
        let mut pieces: Vec<(u32, u32)> = Vec::new();
        for (a, b) in self.ranges() {
            let mut a = a;
            let first = SCX_RANGES.partition_point(|&(_, end, _)| end < a);
            for &(s, e, _) in &SCX_RANGES[first..] {
                if s > b {
                    break;
                }
                if s > a {
                    pieces.push((a, s - 1));
                }
                a = e + 1;
            }
            if a <= b {
                pieces.push((a, b));
            }
        }
        for &(s, e, set) in SCX_RANGES.iter() {
            let (off, len) = SCX_SETS[set as usize];
            if SCX_POOL[off as usize..(off + len) as usize].contains(&(self as u8)) {
                pieces.push((s, e));
            }
        }
        pieces.sort_unstable();
        for (a, b) in pieces {
            push_range(&mut out, a, b);
        }
        out
    }
}

impl BinaryProperty {
    /// Looks up a binary property by the canonical name or alias listed in
    /// ECMA-262's table "Binary Unicode property aliases", exactly as written.
    /// [`BinaryProperty::IdsUnaryOperator`] is not in that table and so is not
    /// found here (see [`BinaryProperty::from_unicode_name`]).
    ///
    /// ```
    /// use unicode::BinaryProperty;
    /// assert_eq!(BinaryProperty::from_name("Alpha"), Some(BinaryProperty::Alphabetic));
    /// assert_eq!(BinaryProperty::from_name("space"), Some(BinaryProperty::WhiteSpace));
    /// assert_eq!(BinaryProperty::from_name("WSpace"), None);
    /// assert_eq!(BinaryProperty::from_name("IDSU"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<BinaryProperty> {
        Self::lookup(name, ECMASCRIPT_BINARY_PROPERTY_COUNT)
    }

    /// Like [`BinaryProperty::from_name`], but also finds the properties this
    /// crate provides beyond ECMA-262's table (`IDS_Unary_Operator` / `IDSU`).
    pub fn from_unicode_name(name: &str) -> Option<BinaryProperty> {
        Self::lookup(name, BINARY_PROPERTY_NAMES.len())
    }

    fn lookup(name: &str, count: usize) -> Option<BinaryProperty> {
        BINARY_PROPERTY_NAMES[..count]
            .iter()
            .position(|&(n, alias)| n == name || alias == Some(name))
            .map(|i| BinaryProperty::ALL[i])
    }

    /// Whether ECMA-262's binary property table lists this property.
    pub fn is_ecmascript(self) -> bool {
        (self as usize) < ECMASCRIPT_BINARY_PROPERTY_COUNT
    }

    /// The canonical name, e.g. `ASCII_Hex_Digit`.
    pub fn name(self) -> &'static str {
        BINARY_PROPERTY_NAMES[self as usize].0
    }

    /// The alias, e.g. `AHex`.
    pub fn alias(self) -> Option<&'static str> {
        BINARY_PROPERTY_NAMES[self as usize].1
    }

    /// Whether `c` has this property.
    ///
    /// ```
    /// use unicode::BinaryProperty;
    /// assert!(BinaryProperty::Emoji.contains(0x1F600));
    /// assert!(BinaryProperty::ExtendedPictographic.contains(0x1F600));
    /// assert!(!BinaryProperty::Emoji.contains('a' as u32));
    /// ```
    #[inline]
    pub fn contains(self, c: u32) -> bool {
        has_property(self, c)
    }

    /// The code points with this property, as sorted, disjoint, non-adjacent
    /// inclusive ranges.
    ///
    /// ```
    /// use unicode::BinaryProperty;
    /// assert_eq!(BinaryProperty::AsciiHexDigit.ranges(), &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]);
    /// ```
    pub fn ranges(self) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for &e in packed_ranges(self) {
            push_range(&mut out, e >> 11, (e >> 11) + (e & 0x7FF));
        }
        out
    }
}

/// A character property that ECMAScript's `\p{...}` can name and that
/// denotes a set of code points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodePointProperty {
    /// A binary property, e.g. `\p{Alphabetic}`.
    Binary(BinaryProperty),
    /// A General_Category value or group, e.g. `\p{Lu}` or `\p{gc=L}`.
    GeneralCategory(GeneralCategoryMask),
    /// `\p{Script=...}` / `\p{sc=...}`.
    Script(Script),
    /// `\p{Script_Extensions=...}` / `\p{scx=...}`.
    ScriptExtensions(Script),
}

impl CodePointProperty {
    /// Resolves the contents of `\p{name}` (`value == None`) or
    /// `\p{name=value}` as ECMAScript does for code point properties
    /// (properties of strings are resolved by
    /// [`StringProperty::from_name`](crate::StringProperty::from_name)).
    ///
    /// ```
    /// use unicode::{CodePointProperty, Script};
    /// assert_eq!(CodePointProperty::resolve("sc", Some("Grek")), Some(CodePointProperty::Script(Script::Greek)));
    /// assert!(CodePointProperty::resolve("Lu", None).is_some());
    /// assert!(CodePointProperty::resolve("ASCII", Some("Y")).is_none());
    /// assert!(CodePointProperty::resolve("Script", None).is_none());
    /// ```
    pub fn resolve(name: &str, value: Option<&str>) -> Option<CodePointProperty> {
        match value {
            None => {
                if let Some(mask) = GeneralCategoryMask::from_name(name) {
                    return Some(CodePointProperty::GeneralCategory(mask));
                }
                BinaryProperty::from_name(name).map(CodePointProperty::Binary)
            }
            Some(value) => match name {
                "General_Category" | "gc" => {
                    GeneralCategoryMask::from_name(value).map(CodePointProperty::GeneralCategory)
                }
                "Script" | "sc" => Script::from_name(value).map(CodePointProperty::Script),
                "Script_Extensions" | "scx" => {
                    Script::from_name(value).map(CodePointProperty::ScriptExtensions)
                }
                _ => None,
            },
        }
    }

    /// Whether `c` has the property.
    pub fn contains(self, c: u32) -> bool {
        match self {
            CodePointProperty::Binary(p) => p.contains(c),
            CodePointProperty::GeneralCategory(m) => m.contains(general_category(c)),
            CodePointProperty::Script(s) => script(c) == s,
            CodePointProperty::ScriptExtensions(s) => has_script_extension(c, s),
        }
    }

    /// The code points with the property, as sorted, disjoint, non-adjacent
    /// inclusive ranges.
    pub fn ranges(self) -> Vec<(u32, u32)> {
        match self {
            CodePointProperty::Binary(p) => p.ranges(),
            CodePointProperty::GeneralCategory(m) => m.ranges(),
            CodePointProperty::Script(s) => s.ranges(),
            CodePointProperty::ScriptExtensions(s) => s.extension_ranges(),
        }
    }
}

/// The code points named by `\p{name}` or `\p{name=value}`, as sorted
/// inclusive ranges; `None` if ECMAScript does not accept the name.
///
/// ```
/// assert_eq!(unicode::property_ranges("ASCII", None), Some(vec![(0, 0x7F)]));
/// assert_eq!(unicode::property_ranges("gc", Some("Zl")), Some(vec![(0x2028, 0x2028)]));
/// assert_eq!(unicode::property_ranges("Block", Some("Basic_Latin")), None);
/// ```
pub fn property_ranges(name: &str, value: Option<&str>) -> Option<Vec<(u32, u32)>> {
    CodePointProperty::resolve(name, value).map(CodePointProperty::ranges)
}
