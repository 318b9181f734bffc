//! Reports the size of the compiled tables (`cargo test -p unicode --test
//! sizes -- --nocapture`) and keeps it in check.

use std::mem::size_of_val;
use unicode::tables::{case, normalization as norm, properties as props, strings};

#[test]
fn table_sizes() {
    let binary: usize = size_of_val(&props::BINARY_PROPERTY_POOL)
        + size_of_val(&props::BINARY_PROPERTY_OFFSETS)
        + size_of_val(&props::BINARY_PROPERTY_ASCII);
    let groups: [(&str, usize); 6] = [
        ("binary properties (ranges + ASCII bitmaps)", binary),
        (
            "General_Category (runs + Latin-1)",
            size_of_val(&props::GC_RUN_STARTS)
                + size_of_val(&props::GC_RUN_VALUES)
                + size_of_val(&props::GC_LATIN1),
        ),
        (
            "Script + Script_Extensions",
            size_of_val(&props::SCRIPT_RUN_STARTS)
                + size_of_val(&props::SCRIPT_RUN_VALUES)
                + size_of_val(&props::SCX_POOL)
                + size_of_val(&props::SCX_SETS)
                + size_of_val(&props::SCX_RANGES),
        ),
        (
            "case folding + case mapping",
            size_of_val(&case::FOLD_SIMPLE)
                + size_of_val(&case::FOLD_FULL)
                + size_of_val(&case::LOWER_SIMPLE)
                + size_of_val(&case::UPPER_SIMPLE)
                + size_of_val(&case::LOWER_SPECIAL)
                + size_of_val(&case::UPPER_SPECIAL),
        ),
        (
            "normalization",
            size_of_val(&norm::CCC_RUN_STARTS)
                + size_of_val(&norm::CCC_RUN_VALUES)
                + size_of_val(&norm::CANONICAL_DECOMPOSITION)
                + size_of_val(&norm::CANONICAL_DECOMPOSITION_POOL)
                + size_of_val(&norm::CANONICAL_DECOMPOSITION_OFFSETS)
                + size_of_val(&norm::COMPATIBILITY_DECOMPOSITION_OFFSETS)
                + size_of_val(&norm::COMPATIBILITY_DECOMPOSITION)
                + size_of_val(&norm::COMPATIBILITY_DECOMPOSITION_POOL)
                + size_of_val(&norm::COMPOSITION_PAIRS),
        ),
        (
            "emoji properties of strings",
            size_of_val(&strings::BASIC_EMOJI_CODE_POINTS)
                + size_of_val(&strings::BASIC_EMOJI_SEQUENCES)
                + size_of_val(&strings::EMOJI_KEYCAP_SEQUENCE_SEQUENCES)
                + size_of_val(&strings::RGI_EMOJI_MODIFIER_SEQUENCE_SEQUENCES)
                + size_of_val(&strings::RGI_EMOJI_FLAG_SEQUENCE_SEQUENCES)
                + size_of_val(&strings::RGI_EMOJI_TAG_SEQUENCE_SEQUENCES)
                + size_of_val(&strings::RGI_EMOJI_ZWJ_SEQUENCE_SEQUENCES),
        ),
    ];
    let names = size_of_val(&props::GENERAL_CATEGORY_NAMES)
        + size_of_val(&props::SCRIPT_NAMES)
        + size_of_val(&props::SCRIPT_VALUE_NAMES)
        + size_of_val(&props::GENERAL_CATEGORY_VALUE_NAMES)
        + size_of_val(&props::BINARY_PROPERTY_NAMES);
    let mut total = 0;
    for (name, size) in groups {
        println!("{size:>8} bytes  {name}");
        total += size;
    }
    println!("{names:>8} bytes  name tables (excluding string bytes)");
    total += names;
    println!("{total:>8} bytes  total");
    assert!(total < 400_000, "tables grew to {total} bytes");
}
