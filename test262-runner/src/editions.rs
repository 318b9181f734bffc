//! Maps test262 feature names to the ECMAScript edition that introduced them.
//!
//! Edition numbers follow ECMA-262: 5 = ES5, 6 = ES2015, 7 = ES2016, ...,
//! 16 = ES2025, 17 = ES2026. Features that are still proposals (not part of
//! any finished edition) map to [`PROPOSAL`].

use crate::frontmatter::Metadata;

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

/// `(path prefix, edition)`: test directories (or generated file families)
/// whose subject arrived in a later edition than ES5. test262 does not tag
/// ES2015 syntax and built-ins with features, so without this table a test
/// of `Promise`, `class` or spread that carries no `features` entry would be
/// counted as an ES5 test. Every matching prefix raises the edition.
pub const PATH_EDITIONS: &[(&str, u32)] = &[
    ("annexB/built-ins/RegExp/legacy-accessors/", PROPOSAL),
    ("annexB/built-ins/RegExp/named-groups/", 9),
    ("annexB/language/eval-code/", 6),
    ("annexB/language/function-code/", 6),
    ("annexB/language/global-code/", 6),
    ("annexB/language/statements/labeled/", 6),
    ("built-ins/AggregateError/", 12),
    ("built-ins/Array/Symbol.species/", 6),
    ("built-ins/Array/from/", 6),
    ("built-ins/Array/fromAsync/", PROPOSAL),
    ("built-ins/Array/of/", 6),
    ("built-ins/Array/prototype/Symbol.iterator/", 6),
    ("built-ins/Array/prototype/Symbol.unscopables/", 6),
    ("built-ins/Array/prototype/at/", 13),
    ("built-ins/Array/prototype/copyWithin/", 6),
    ("built-ins/Array/prototype/entries/", 6),
    ("built-ins/Array/prototype/fill/", 6),
    ("built-ins/Array/prototype/find/", 6),
    ("built-ins/Array/prototype/findIndex/", 6),
    ("built-ins/Array/prototype/findLast/", 14),
    ("built-ins/Array/prototype/findLastIndex/", 14),
    ("built-ins/Array/prototype/flat/", 10),
    ("built-ins/Array/prototype/flatMap/", 10),
    ("built-ins/Array/prototype/includes/", 7),
    ("built-ins/Array/prototype/keys/", 6),
    ("built-ins/Array/prototype/toReversed/", 14),
    ("built-ins/Array/prototype/toSorted/", 14),
    ("built-ins/Array/prototype/toSpliced/", 14),
    ("built-ins/Array/prototype/values/", 6),
    ("built-ins/Array/prototype/with/", 14),
    ("built-ins/ArrayBuffer/", 6),
    ("built-ins/ArrayIteratorPrototype/", 6),
    ("built-ins/AsyncFromSyncIteratorPrototype/", 9),
    ("built-ins/AsyncFunction/", 8),
    ("built-ins/AsyncGeneratorFunction/", 9),
    ("built-ins/AsyncGeneratorPrototype/", 9),
    ("built-ins/AsyncIteratorPrototype/", 9),
    ("built-ins/Atomics/", 8),
    ("built-ins/BigInt/", 11),
    ("built-ins/DataView/", 6),
    ("built-ins/FinalizationRegistry/", 12),
    ("built-ins/Function/prototype/Symbol.hasInstance/", 6),
    ("built-ins/Function/prototype/toString/", 10),
    ("built-ins/GeneratorFunction/", 6),
    ("built-ins/GeneratorPrototype/", 6),
    ("built-ins/Iterator/", 16),
    ("built-ins/Map/", 6),
    ("built-ins/MapIteratorPrototype/", 6),
    ("built-ins/Math/Symbol.toStringTag/", 6),
    ("built-ins/Math/acosh/", 6),
    ("built-ins/Math/asinh/", 6),
    ("built-ins/Math/atanh/", 6),
    ("built-ins/Math/cbrt/", 6),
    ("built-ins/Math/clz32/", 6),
    ("built-ins/Math/cosh/", 6),
    ("built-ins/Math/expm1/", 6),
    ("built-ins/Math/fround/", 6),
    ("built-ins/Math/hypot/", 6),
    ("built-ins/Math/imul/", 6),
    ("built-ins/Math/log10/", 6),
    ("built-ins/Math/log1p/", 6),
    ("built-ins/Math/log2/", 6),
    ("built-ins/Math/sign/", 6),
    ("built-ins/Math/sinh/", 6),
    ("built-ins/Math/tanh/", 6),
    ("built-ins/Math/trunc/", 6),
    ("built-ins/NativeErrors/AggregateError/", 12),
    ("built-ins/Number/EPSILON/", 6),
    ("built-ins/Number/MAX_SAFE_INTEGER/", 6),
    ("built-ins/Number/MIN_SAFE_INTEGER/", 6),
    ("built-ins/Number/isFinite/", 6),
    ("built-ins/Number/isInteger/", 6),
    ("built-ins/Number/isNaN/", 6),
    ("built-ins/Number/isSafeInteger/", 6),
    ("built-ins/Number/parseFloat/", 6),
    ("built-ins/Number/parseInt/", 6),
    ("built-ins/Object/assign/", 6),
    ("built-ins/Object/entries/", 8),
    ("built-ins/Object/fromEntries/", 10),
    ("built-ins/Object/getOwnPropertyDescriptors/", 8),
    ("built-ins/Object/getOwnPropertySymbols/", 6),
    ("built-ins/Object/groupBy/", 15),
    ("built-ins/Object/hasOwn/", 13),
    ("built-ins/Object/is/", 6),
    ("built-ins/Object/prototype/__proto__/", 6),
    ("built-ins/Object/prototype/toString/symbol-tag", 6),
    ("built-ins/Object/setPrototypeOf/", 6),
    ("built-ins/Object/values/", 8),
    ("built-ins/Promise/", 6),
    ("built-ins/Proxy/", 6),
    ("built-ins/Reflect/", 6),
    ("built-ins/RegExp/Symbol.species/", 6),
    ("built-ins/RegExp/dotall/", 9),
    ("built-ins/RegExp/escape/", 17),
    ("built-ins/RegExp/lookBehind/", 9),
    ("built-ins/RegExp/match-indices/", 13),
    ("built-ins/RegExp/named-groups/", 9),
    ("built-ins/RegExp/property-escapes/", 9),
    ("built-ins/RegExp/prototype/Symbol.match/", 6),
    ("built-ins/RegExp/prototype/Symbol.matchAll/", 11),
    ("built-ins/RegExp/prototype/Symbol.replace/", 6),
    ("built-ins/RegExp/prototype/Symbol.search/", 6),
    ("built-ins/RegExp/prototype/Symbol.split/", 6),
    ("built-ins/RegExp/prototype/dotAll/", 9),
    ("built-ins/RegExp/prototype/flags/", 6),
    ("built-ins/RegExp/prototype/hasIndices/", 13),
    ("built-ins/RegExp/prototype/sticky/", 6),
    ("built-ins/RegExp/prototype/unicode/", 6),
    ("built-ins/RegExp/prototype/unicodeSets/", 15),
    ("built-ins/RegExp/unicodeSets/", 15),
    ("built-ins/RegExpStringIteratorPrototype/", 11),
    ("built-ins/Set/", 6),
    ("built-ins/SetIteratorPrototype/", 6),
    ("built-ins/SharedArrayBuffer/", 8),
    ("built-ins/String/fromCodePoint/", 6),
    ("built-ins/String/prototype/Symbol.iterator/", 6),
    ("built-ins/String/prototype/at/", 13),
    ("built-ins/String/prototype/codePointAt/", 6),
    ("built-ins/String/prototype/endsWith/", 6),
    ("built-ins/String/prototype/includes/", 6),
    ("built-ins/String/prototype/isWellFormed/", 15),
    ("built-ins/String/prototype/matchAll/", 11),
    ("built-ins/String/prototype/normalize/", 6),
    ("built-ins/String/prototype/padEnd/", 8),
    ("built-ins/String/prototype/padStart/", 8),
    ("built-ins/String/prototype/repeat/", 6),
    ("built-ins/String/prototype/replaceAll/", 12),
    ("built-ins/String/prototype/startsWith/", 6),
    ("built-ins/String/prototype/toWellFormed/", 15),
    ("built-ins/String/prototype/trimEnd/", 10),
    ("built-ins/String/prototype/trimStart/", 10),
    ("built-ins/String/raw/", 6),
    ("built-ins/StringIteratorPrototype/", 6),
    ("built-ins/Symbol/", 6),
    ("built-ins/TypedArray/", 6),
    ("built-ins/TypedArrayConstructors/", 6),
    ("built-ins/WeakMap/", 6),
    ("built-ins/WeakRef/", 12),
    ("built-ins/WeakSet/", 6),
    ("built-ins/global/", 11),
    ("language/arguments-object/async-", 8),
    ("language/arguments-object/cls-", 6),
    ("language/arguments-object/gen-", 6),
    ("language/arguments-object/unmapped/", 6),
    ("language/block-scope/", 6),
    ("language/computed-property-names/", 6),
    ("language/default-parameters/", 6),
    ("language/destructuring/", 6),
    ("language/export/", 6),
    ("language/expressions/array/spread-", 6),
    ("language/expressions/arrow-function/", 6),
    ("language/expressions/async-arrow-function/", 8),
    ("language/expressions/async-function/", 8),
    ("language/expressions/async-generator/", 9),
    ("language/expressions/await/", 8),
    ("language/expressions/call/spread-", 6),
    ("language/expressions/class/", 6),
    ("language/expressions/coalesce/", 11),
    ("language/expressions/dynamic-import/", 11),
    ("language/expressions/exponentiation/", 7),
    ("language/expressions/function/scope-param-", 6),
    ("language/expressions/function/scope-paramsbody-", 6),
    ("language/expressions/generators/", 6),
    ("language/expressions/import.meta/", 11),
    ("language/expressions/logical-assignment/", 12),
    ("language/expressions/new.target/", 6),
    ("language/expressions/new/spread-", 6),
    ("language/expressions/object/method-definition/", 6),
    ("language/expressions/object/method-definition/async", 8),
    ("language/expressions/object/scope-gen-", 6),
    ("language/expressions/object/scope-getter-", 6),
    ("language/expressions/object/scope-meth-", 6),
    ("language/expressions/object/scope-setter-paramsbody", 6),
    ("language/expressions/optional-chaining/", 11),
    ("language/expressions/super/", 6),
    ("language/expressions/tagged-template/", 6),
    ("language/expressions/template-literal/", 6),
    ("language/expressions/yield/", 6),
    ("language/import/", 6),
    ("language/literals/bigint/", 11),
    ("language/literals/numeric/numeric-separators/", 12),
    ("language/module-code/", 6),
    ("language/rest-parameters/", 6),
    ("language/statements/async-function/", 8),
    ("language/statements/async-generator/", 9),
    ("language/statements/class/", 6),
    ("language/statements/const/", 6),
    ("language/statements/for-await-of/", 9),
    ("language/statements/for-of/", 6),
    ("language/statements/function/scope-param-", 6),
    ("language/statements/function/scope-paramsbody-", 6),
    ("language/statements/generators/", 6),
    ("language/statements/let/", 6),
];

/// The edition that introduced `feature`, if the feature is known.
pub fn feature_edition(feature: &str) -> Option<u32> {
    FEATURE_EDITIONS
        .iter()
        .find(|(name, _)| *name == feature)
        .map(|&(_, e)| e)
}

/// A test's edition: the latest of (1) the editions of its features
/// (unknown features count as proposals), (2) ES2015 when it carries an
/// `es6id` but no `es5id` (it was written against ES2015), and (3) the
/// editions of the [`PATH_EDITIONS`] prefixes of its path. ES5 otherwise.
pub fn test_edition(path: &str, meta: &Metadata) -> u32 {
    let mut edition = meta
        .features
        .iter()
        .map(|f| feature_edition(f).unwrap_or(PROPOSAL))
        .fold(BASELINE, u32::max);
    if meta.es6id && !meta.es5id {
        edition = edition.max(6);
    }
    for &(prefix, e) in PATH_EDITIONS {
        if path.starts_with(prefix) {
            edition = edition.max(e);
        }
    }
    edition
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
        let meta = |features: &[&str], es5id: bool, es6id: bool| Metadata {
            features: features.iter().map(|f| f.to_string()).collect(),
            es5id,
            es6id,
            ..Metadata::default()
        };
        let es5 = "built-ins/Array/prototype/map/x.js";
        assert_eq!(test_edition(es5, &meta(&[], true, false)), 5);
        assert_eq!(test_edition(es5, &meta(&[], false, false)), 5);
        assert_eq!(test_edition(es5, &meta(&["Symbol"], true, false)), 6);
        assert_eq!(
            test_edition(es5, &meta(&["Symbol", "BigInt"], false, false)),
            11
        );
        assert_eq!(
            test_edition(es5, &meta(&["no-such-feature"], false, false)),
            PROPOSAL
        );
        // Written against ES2015; an ES5 test later given an es6id stays ES5.
        assert_eq!(test_edition(es5, &meta(&[], false, true)), 6);
        assert_eq!(test_edition(es5, &meta(&[], true, true)), 5);
        // Directories of later constructs.
        assert_eq!(
            test_edition("built-ins/Promise/all/x.js", &meta(&[], false, false)),
            6
        );
        assert_eq!(
            test_edition("language/statements/class/x.js", &meta(&[], false, false)),
            6
        );
        assert_eq!(
            test_edition(
                "built-ins/Array/prototype/flat/x.js",
                &meta(&[], false, false)
            ),
            10
        );
        assert_eq!(
            test_edition(
                "built-ins/Array/prototype/at/x.js",
                &meta(&["Symbol"], false, false)
            ),
            13
        );
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
