//! Differential fuzzing of the regexp crate against `regress`: the input is
//! split into a flags byte, a pattern and a subject; when both engines
//! accept the pattern, their matches and captures must agree (on UTF-16 and
//! on Latin-1 subjects). Compiling and matching must never panic, whatever
//! either engine thinks of the pattern.
#![no_main]

use libfuzzer_sys::fuzz_target;

// Shared with the crate's differential test; the generator-specific parts
// (`Pair::generated`) are unused here.
#[allow(dead_code)]
#[path = "../../regexp/tests/support/oracle.rs"]
mod oracle;

/// The flag sets tried: `d`, `g` and `y` do not change what a match at a
/// given position is, so they are left out.
const FLAGS: [&str; 16] = [
    "", "i", "m", "s", "u", "v", "iu", "iv", "im", "is", "mu", "su", "ims", "imsu", "isv", "msv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let flags = FLAGS[first as usize % FLAGS.len()];
    let text = String::from_utf8_lossy(rest);
    let (pattern, subject) = text.split_once('\u{0}').unwrap_or((&text, "aAbB01 _-\n"));
    if pattern.len() > 200 || subject.len() > 200 {
        return;
    }
    // Our engine alone: any pattern, any flags, no panic.
    let units: Vec<u16> = pattern.encode_utf16().collect();
    if let Ok(f) = regexp::Flags::parse(flags)
        && let Ok(re) = regexp::Regex::new(&units, f)
    {
        let input: Vec<u16> = subject.encode_utf16().collect();
        let mut caps = vec![None; re.capture_count() * 2];
        let mut polls = 0;
        let mut stop = || {
            polls += 1;
            polls > 50
        };
        let mut ctx = regexp::MatchContext::with_interrupt(&mut stop);
        let _ = re.exec_utf16(&input, 0, &mut caps, &mut ctx);
    }
    // Both engines.
    if let Some(pair) = oracle::Pair::arbitrary(pattern, flags)
        && let oracle::Verdict::Differ(msg) = pair.compare(subject)
    {
        panic!("{msg}");
    }
});
