//! Maps test262 feature names to the ECMAScript edition that introduced them.
//!
//! Edition numbers follow ECMA-262: 5 = ES5, 6 = ES2015, 7 = ES2016, ...,
//! 16 = ES2025, 17 = ES2026. Features that are still proposals (not part of
//! any finished edition) map to [`PROPOSAL`].

/// The edition of a test that uses no features.
pub const BASELINE: u32 = 5;
/// The pseudo-edition of features that are not part of a finished edition.
pub const PROPOSAL: u32 = 99;

/// `(feature, edition)` for every feature known to the runner.
pub const FEATURE_EDITIONS: &[(&str, u32)] = &[
    // ES2015
    ("ArrayBuffer", 6),
    ("Array.prototype.values", 6),
    ("DataView", 6),
    ("DataView.prototype.getFloat32", 6),
    ("DataView.prototype.getFloat64", 6),
    ("DataView.prototype.getInt16", 6),
    ("DataView.prototype.getInt32", 6),
    ("DataView.prototype.getInt8", 6),
    ("DataView.prototype.getUint16", 6),
    ("DataView.prototype.getUint32", 6),
    ("DataView.prototype.setUint8", 6),
    ("Float32Array", 6),
    ("Float64Array", 6),
    ("Int16Array", 6),
    ("Int32Array", 6),
    ("Int8Array", 6),
    ("Map", 6),
    ("Object.is", 6),
    ("Promise", 6),
    ("Proxy", 6),
    ("Reflect", 6),
    ("Reflect.construct", 6),
    ("Reflect.set", 6),
    ("Reflect.setPrototypeOf", 6),
    ("Set", 6),
    ("String.fromCodePoint", 6),
    ("String.prototype.endsWith", 6),
    ("String.prototype.includes", 6),
    ("Symbol", 6),
    ("Symbol.hasInstance", 6),
    ("Symbol.isConcatSpreadable", 6),
    ("Symbol.iterator", 6),
    ("Symbol.match", 6),
    ("Symbol.replace", 6),
    ("Symbol.search", 6),
    ("Symbol.species", 6),
    ("Symbol.split", 6),
    ("Symbol.toPrimitive", 6),
    ("Symbol.toStringTag", 6),
    ("Symbol.unscopables", 6),
    ("TypedArray", 6),
    ("Uint16Array", 6),
    ("Uint32Array", 6),
    ("Uint8Array", 6),
    ("Uint8ClampedArray", 6),
    ("WeakMap", 6),
    ("WeakSet", 6),
    ("__proto__", 6),
    ("arrow-function", 6),
    ("caller", 6),
    ("class", 6),
    ("computed-property-names", 6),
    ("const", 6),
    ("cross-realm", 6),
    ("default-parameters", 6),
    ("destructuring-assignment", 6),
    ("destructuring-binding", 6),
    ("for-of", 6),
    ("generators", 6),
    ("let", 6),
    ("new.target", 6),
    ("rest-parameters", 6),
    ("super", 6),
    ("tail-call-optimization", 6),
    ("template", 6),
    // ES2016
    ("Array.prototype.includes", 7),
    ("exponentiation", 7),
    ("u180e", 7),
    // ES2017
    ("Atomics", 8),
    ("SharedArrayBuffer", 8),
    ("__getter__", 8),
    ("__setter__", 8),
    ("async-functions", 8),
    // ES2018
    ("Promise.prototype.finally", 9),
    ("Symbol.asyncIterator", 9),
    ("async-iteration", 9),
    ("object-rest", 9),
    ("object-spread", 9),
    ("regexp-dotall", 9),
    ("regexp-lookbehind", 9),
    ("regexp-named-groups", 9),
    ("regexp-unicode-property-escapes", 9),
    // ES2019
    ("Array.prototype.flat", 10),
    ("Array.prototype.flatMap", 10),
    ("Object.fromEntries", 10),
    ("String.prototype.trimEnd", 10),
    ("String.prototype.trimStart", 10),
    ("Symbol.prototype.description", 10),
    ("json-superset", 10),
    ("optional-catch-binding", 10),
    ("stable-array-sort", 10),
    ("stable-typedarray-sort", 10),
    ("string-trimming", 10),
    ("well-formed-json-stringify", 10),
    // ES2020
    ("BigInt", 11),
    ("IsHTMLDDA", 11),
    ("Promise.allSettled", 11),
    ("String.prototype.matchAll", 11),
    ("Symbol.matchAll", 11),
    ("coalesce-expression", 11),
    ("dynamic-import", 11),
    ("export-star-as-namespace-from-module", 11),
    ("for-in-order", 11),
    ("globalThis", 11),
    ("import.meta", 11),
    ("optional-chaining", 11),
    // ES2021
    ("AggregateError", 12),
    ("FinalizationRegistry", 12),
    ("Promise.any", 12),
    ("String.prototype.replaceAll", 12),
    ("WeakRef", 12),
    ("host-gc-required", 12),
    ("logical-assignment-operators", 12),
    ("numeric-separator-literal", 12),
    // ES2022
    ("Array.prototype.at", 13),
    ("Object.hasOwn", 13),
    ("String.prototype.at", 13),
    ("TypedArray.prototype.at", 13),
    ("arbitrary-module-namespace-names", 13),
    ("class-fields-private", 13),
    ("class-fields-private-in", 13),
    ("class-fields-public", 13),
    ("class-methods-private", 13),
    ("class-static-block", 13),
    ("class-static-fields-private", 13),
    ("class-static-fields-public", 13),
    ("class-static-methods-private", 13),
    ("error-cause", 13),
    ("regexp-match-indices", 13),
    ("top-level-await", 13),
    // ES2023
    ("array-find-from-last", 14),
    ("change-array-by-copy", 14),
    ("hashbang", 14),
    ("symbols-as-weakmap-keys", 14),
    // ES2024
    ("Atomics.waitAsync", 15),
    ("String.prototype.isWellFormed", 15),
    ("String.prototype.toWellFormed", 15),
    ("align-detached-buffer-semantics-with-web-reality", 15),
    ("array-grouping", 15),
    ("arraybuffer-transfer", 15),
    ("promise-with-resolvers", 15),
    ("regexp-v-flag", 15),
    ("resizable-arraybuffer", 15),
    // ES2025
    ("Float16Array", 16),
    ("RegExp.escape", 16),
    ("import-attributes", 16),
    ("iterator-helpers", 16),
    ("json-modules", 16),
    ("promise-try", 16),
    ("proxy-missing-checks", 16),
    ("regexp-duplicate-named-groups", 16),
    ("regexp-modifiers", 16),
    ("set-methods", 16),
    // ES2026
    ("Array.fromAsync", 17),
    ("Atomics.pause", 17),
    ("Error.isError", 17),
    ("Math.sumPrecise", 17),
    ("explicit-resource-management", 17),
    ("iterator-sequencing", 17),
    ("json-parse-with-source", 17),
    ("uint8array-base64", 17),
    ("upsert", 17),
    // Proposals and other specifications.
    ("Intl-enumeration", PROPOSAL),
    ("Intl.DateTimeFormat-datetimestyle", PROPOSAL),
    ("Intl.DateTimeFormat-dayPeriod", PROPOSAL),
    ("Intl.DateTimeFormat-extend-timezonename", PROPOSAL),
    ("Intl.DateTimeFormat-formatRange", PROPOSAL),
    ("Intl.DateTimeFormat-fractionalSecondDigits", PROPOSAL),
    ("Intl.DisplayNames", PROPOSAL),
    ("Intl.DisplayNames-v2", PROPOSAL),
    ("Intl.DurationFormat", PROPOSAL),
    ("Intl.Era-monthcode", PROPOSAL),
    ("Intl.ListFormat", PROPOSAL),
    ("Intl.Locale", PROPOSAL),
    ("Intl.Locale-info", PROPOSAL),
    ("Intl.NumberFormat-unified", PROPOSAL),
    ("Intl.NumberFormat-v3", PROPOSAL),
    ("Intl.RelativeTimeFormat", PROPOSAL),
    ("Intl.Segmenter", PROPOSAL),
    ("Iterator.prototype.join", PROPOSAL),
    ("ShadowRealm", PROPOSAL),
    ("Temporal", PROPOSAL),
    ("await-dictionary", PROPOSAL),
    ("canonical-tz", PROPOSAL),
    ("decorators", PROPOSAL),
    ("error-stack-accessor", PROPOSAL),
    ("immutable-arraybuffer", PROPOSAL),
    ("import-bytes", PROPOSAL),
    ("import-defer", PROPOSAL),
    ("import-text", PROPOSAL),
    ("intl-normative-optional", PROPOSAL),
    ("iterator-chunking", PROPOSAL),
    ("iterator-includes", PROPOSAL),
    ("joint-iteration", PROPOSAL),
    ("legacy-regexp", PROPOSAL),
    ("nonextensible-applies-to-private", PROPOSAL),
    ("source-phase-imports", PROPOSAL),
    ("source-phase-imports-module-source", PROPOSAL),
];

/// The edition that introduced `feature`, if the feature is known.
pub fn feature_edition(feature: &str) -> Option<u32> {
    FEATURE_EDITIONS
        .iter()
        .find(|(name, _)| *name == feature)
        .map(|&(_, e)| e)
}

/// A test's edition: the latest edition among its features, ES5 without
/// features. Unknown features count as proposals.
pub fn test_edition(features: &[String]) -> u32 {
    features
        .iter()
        .map(|f| feature_edition(f).unwrap_or(PROPOSAL))
        .fold(BASELINE, u32::max)
}

/// A human-readable label for an edition number.
pub fn edition_label(edition: u32) -> String {
    match edition {
        PROPOSAL => "proposals".to_string(),
        0..=5 => format!("ES{edition}"),
        e => format!("ES{} ({e})", 2009 + e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions() {
        assert_eq!(test_edition(&[]), 5);
        assert_eq!(test_edition(&["Symbol".into()]), 6);
        assert_eq!(test_edition(&["Symbol".into(), "BigInt".into()]), 11);
        assert_eq!(test_edition(&["no-such-feature".into()]), PROPOSAL);
        assert_eq!(edition_label(6), "ES2015 (6)");
        assert_eq!(edition_label(16), "ES2025 (16)");
        assert_eq!(edition_label(5), "ES5");
    }

    #[test]
    fn table_has_no_duplicates() {
        let mut names: Vec<&str> = FEATURE_EDITIONS.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        let len = names.len();
        names.dedup();
        assert_eq!(len, names.len());
    }
}
