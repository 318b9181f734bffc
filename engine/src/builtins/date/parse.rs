//! Date string parsing (Date.parse, §21.4.3.2).
//!
//! <https://tc39.es/ecma262/#sec-date-time-string-format>
//!
//! First the Date Time String Format of §21.4.1.32 (`YYYY-MM-DDTHH:mm:ss.sssZ`
//! and its partial and expanded-year forms): date-only forms are UTC,
//! date-time forms without an offset are local time. Then, like other
//! engines, a lenient parser for the `toString`/`toUTCString` outputs and
//! common forms such as `Nov 21 2026 10:57`, `21 November 2026`,
//! `2026/11/21 10:57:00 GMT+0100` or `11/21/2026 10:57 PM`.
//!
//! The result is a time value before TimeClip, or NaN.

use super::{MONTHS, WEEKDAYS, make_date, make_day, make_time, utc};

pub(crate) fn parse(s: &str) -> f64 {
    // The ISO format admits no surrounding spaces; with them the string
    // goes to the lenient parser (and a date-only form is local time there).
    parse_iso(s.as_bytes())
        .or_else(|| parse_legacy(s.trim_matches(|c: char| c.is_whitespace())))
        .unwrap_or(f64::NAN)
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    /// Exactly `n` digits.
    fn digits(&mut self, n: usize) -> Option<i64> {
        let mut v = 0i64;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10 + (c - b'0') as i64;
            self.i += 1;
        }
        Some(v)
    }
}

/// The Date Time String Format (§21.4.1.32) and expanded years (§21.4.1.32.2).
fn parse_iso(s: &[u8]) -> Option<f64> {
    let mut c = Cursor { s, i: 0 };
    let year = match c.peek()? {
        b'+' | b'-' => {
            let neg = c.peek() == Some(b'-');
            c.i += 1;
            let y = c.digits(6)?;
            // -000000 is not a valid year.
            if neg && y == 0 {
                return None;
            }
            if neg { -y } else { y }
        }
        _ => c.digits(4)?,
    };
    let (mut month, mut day) = (1, 1);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if c.eat(b'-') {
            day = c.digits(2)?;
        }
    }
    // Like other engines, days 29-31 are accepted in any month (and
    // overflow into the next one).
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (mut h, mut m, mut sec, mut ms) = (0, 0, 0, 0.0);
    let mut offset = Some(0);
    if c.eat(b'T') {
        h = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        m = c.digits(2)?;
        if c.eat(b':') {
            sec = c.digits(2)?;
            if c.eat(b'.') {
                // One or more digits; the first three give the milliseconds.
                let start = c.i;
                let mut scale = 100.0;
                while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                    ms += (d - b'0') as f64 * scale;
                    scale /= 10.0;
                    c.i += 1;
                }
                if c.i == start {
                    return None;
                }
                ms = ms.floor();
            }
        }
        offset = None;
        match c.peek() {
            Some(b'Z') => {
                c.i += 1;
                offset = Some(0);
            }
            Some(sign @ (b'+' | b'-')) => {
                c.i += 1;
                let oh = c.digits(2)?;
                if !c.eat(b':') {
                    return None;
                }
                let om = c.digits(2)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                let o = oh * 60 + om;
                offset = Some(if sign == b'-' { -o } else { o });
            }
            _ => {}
        }
        if h > 24 || m > 59 || sec > 59 || (h == 24 && (m, sec, ms) != (0, 0, 0.0)) {
            return None;
        }
    }
    if c.i != s.len() {
        return None;
    }
    Some(time_value(
        [year as f64, month as f64, day as f64],
        [h as f64, m as f64, sec as f64, ms],
        offset,
    ))
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    /// Value, number of digits, whether a sign preceded it after a space.
    Num(i64, usize),
    /// Letters, in their original case.
    Word(&'a str),
    Sym(u8, bool),
}

/// Whether `w` starts with `prefix`, ignoring ASCII case.
fn starts_with_ci(w: &str, prefix: &str) -> bool {
    w.len() >= prefix.len() && w.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Splits into numbers, words and punctuation; parenthesized comments,
/// spaces and commas are dropped. `Sym`'s flag tells whether a space (or
/// the start) preceded it.
/// The time value of a parsed date (month 1-12) and time: at UTC minus
/// `offset` minutes when one was given, else in local time.
fn time_value([year, month, day]: [f64; 3], [h, m, sec, ms]: [f64; 4], offset: Option<i64>) -> f64 {
    let date = make_date(make_day(year, month - 1.0, day), make_time(h, m, sec, ms));
    match offset {
        Some(o) => date - o as f64 * 60_000.0,
        None => utc(date),
    }
}

fn tokenize(s: &str) -> Option<Vec<Tok<'_>>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut spaced = true;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let start = i;
            let mut v: i64 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add((b[i] - b'0') as i64);
                i += 1;
            }
            out.push(Tok::Num(v, i - start));
            spaced = false;
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Tok::Word(&s[start..i]));
            spaced = false;
        } else if c == b'(' {
            let mut depth = 0;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            spaced = true;
        } else if c.is_ascii_whitespace() || c == b',' {
            i += 1;
            spaced = true;
        } else if matches!(c, b':' | b'.' | b'/' | b'-' | b'+') {
            out.push(Tok::Sym(c, spaced));
            i += 1;
            spaced = false;
        } else {
            return None;
        }
    }
    Some(out)
}

/// A number of the date part.
#[derive(Clone, Copy)]
struct DateNum {
    v: i64,
    digits: usize,
    /// Written with a sign: certainly a year.
    signed: bool,
}

fn parse_legacy(s: &str) -> Option<f64> {
    let toks = tokenize(s)?;
    let mut nums: Vec<DateNum> = Vec::new();
    let mut month: Option<i64> = None;
    let mut time: Option<(i64, i64, i64, f64)> = None;
    let mut offset: Option<i64> = None;
    let mut pm: Option<bool> = None;
    let mut i = 0;
    let num_at = |i: usize| match toks.get(i) {
        Some(Tok::Num(v, d)) => Some((*v, *d)),
        _ => None,
    };
    while i < toks.len() {
        match &toks[i] {
            Tok::Word(w) => {
                i += 1;
                if w.len() >= 3
                    && let Some(m) = MONTHS.iter().position(|m| starts_with_ci(w, m))
                {
                    if month.is_some() {
                        return None;
                    }
                    month = Some(m as i64 + 1);
                    continue;
                }
                if w.len() >= 3 && WEEKDAYS.iter().any(|d| starts_with_ci(w, d)) {
                    continue;
                }
                // The other words are at most 3 letters.
                let mut low = [0u8; 3];
                if w.len() > low.len() {
                    return None;
                }
                low[..w.len()].copy_from_slice(w.as_bytes());
                low.make_ascii_lowercase();
                let zone = match &low[..w.len()] {
                    b"am" | b"pm" => {
                        pm = Some(low[0] == b'p');
                        continue;
                    }
                    b"t" if time.is_none() => continue,
                    b"z" | b"ut" | b"utc" | b"gmt" => 0,
                    b"est" => -300,
                    b"edt" => -240,
                    b"cst" => -360,
                    b"cdt" => -300,
                    b"mst" => -420,
                    b"mdt" => -360,
                    b"pst" => -480,
                    b"pdt" => -420,
                    _ => return None,
                };
                if offset.is_some() {
                    return None;
                }
                offset = Some(zone);
            }
            Tok::Num(v, d) => {
                let (v, d) = (*v, *d);
                i += 1;
                if toks.get(i) == Some(&Tok::Sym(b':', false)) {
                    // A time: h:mm[:ss[.sss]].
                    if time.is_some() {
                        return None;
                    }
                    let (m, _) = num_at(i + 1)?;
                    i += 2;
                    let mut sec = 0;
                    let mut ms = 0.0;
                    if toks.get(i) == Some(&Tok::Sym(b':', false)) {
                        sec = num_at(i + 1)?.0;
                        i += 2;
                        if toks.get(i) == Some(&Tok::Sym(b'.', false)) {
                            let (f, fd) = num_at(i + 1)?;
                            i += 2;
                            ms = (f as f64 / 10f64.powi(fd.min(300) as i32 - 3)).floor();
                        }
                    }
                    time = Some((v, m, sec, ms));
                } else {
                    nums.push(DateNum {
                        v,
                        digits: d,
                        signed: false,
                    });
                }
            }
            Tok::Sym(c @ (b'+' | b'-'), spaced) => {
                let (c, spaced) = (*c, *spaced);
                i += 1;
                let (v, d) = num_at(i)?;
                i += 1;
                if time.is_some() || offset == Some(0) && nums.len() >= 2 {
                    // A UTC offset: +hh, +hhmm or +hh:mm.
                    let mins = if d <= 2 && toks.get(i) == Some(&Tok::Sym(b':', false)) {
                        let (m, _) = num_at(i + 1)?;
                        i += 2;
                        v * 60 + m
                    } else if d <= 2 {
                        v * 60
                    } else {
                        v / 100 * 60 + v % 100
                    };
                    if mins >= 24 * 60 {
                        return None;
                    }
                    offset = Some(offset.unwrap_or(0) + if c == b'-' { -mins } else { mins });
                } else if c == b'-' && !spaced {
                    // A date separator, as in 2026-11-21.
                    nums.push(DateNum {
                        v,
                        digits: d,
                        signed: false,
                    });
                } else {
                    // A signed year (-0 is refused as in the ISO format).
                    if c == b'-' && v == 0 {
                        return None;
                    }
                    nums.push(DateNum {
                        v: if c == b'-' { -v } else { v },
                        digits: d,
                        signed: true,
                    });
                }
            }
            Tok::Sym(b'/' | b'.', _) => i += 1,
            Tok::Sym(..) => return None,
        }
    }
    let (year, month, day) = assign_date(&nums, month)?;
    let (mut h, m, sec, ms) = time.unwrap_or((0, 0, 0, 0.0));
    if let Some(pm) = pm {
        if !(1..=12).contains(&h) {
            return None;
        }
        h = h % 12 + if pm { 12 } else { 0 };
    }
    let bad_time = h > 24 || m > 59 || sec > 59 || (h == 24 && (m, sec, ms) != (0, 0, 0.0));
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || bad_time {
        return None;
    }
    Some(time_value(
        [year as f64, month as f64, day as f64],
        [h as f64, m as f64, sec as f64, ms],
        offset,
    ))
}

/// Year, month and day from the numbers of the date part.
fn assign_date(nums: &[DateNum], month: Option<i64>) -> Option<(i64, i64, i64)> {
    let is_year = |n: &DateNum| n.signed || n.digits >= 3 || n.v > 31;
    let full_year = |n: &DateNum| {
        if n.signed || n.digits >= 3 {
            n.v
        } else if n.v < 50 {
            2000 + n.v
        } else if n.v < 100 {
            1900 + n.v
        } else {
            n.v
        }
    };
    match (month, nums) {
        // Nov 2026: the first of the month.
        (Some(m), [y]) if is_year(y) => Some((full_year(y), m, 1)),
        (Some(m), [a, b]) => {
            if is_year(a) && !is_year(b) {
                Some((full_year(a), m, b.v))
            } else {
                Some((full_year(b), m, a.v))
            }
        }
        // A lone month number, as other engines read it: 2001 by default.
        (None, [m]) if !m.signed && m.digits <= 2 && (1..=12).contains(&m.v) => {
            Some((2001, m.v, 1))
        }
        (None, [a, b, c]) => {
            if is_year(a) {
                Some((full_year(a), b.v, c.v))
            } else {
                Some((full_year(c), a.v, b.v))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> f64 {
        let v = parse(s);
        // Results without an offset are local; these tests use offsets or
        // date-only forms unless they compare two local forms.
        if v.is_finite() { v } else { f64::NAN }
    }

    #[test]
    fn iso_forms() {
        assert_eq!(p("1970"), 0.0);
        assert_eq!(p("1970-01"), 0.0);
        assert_eq!(p("1970-01-02"), 86_400_000.0);
        assert_eq!(p("1970-01-01T00:00Z"), 0.0);
        assert_eq!(p("1970-01-01T00:00:01Z"), 1000.0);
        assert_eq!(p("1970-01-01T00:00:00.5Z"), 500.0);
        assert_eq!(p("1970-01-01T00:00:00.123456Z"), 123.0);
        assert_eq!(p("1970-01-01T01:00+01:00"), 0.0);
        assert_eq!(p("1970-01-01T24:00Z"), 86_400_000.0);
        assert_eq!(p("+275760-09-13T00:00:00.000Z"), 8.64e15);
        assert_eq!(p("-271821-04-20T00:00:00.000Z"), -8.64e15);
        assert_eq!(p("+001970-01-01T00:00:00Z"), 0.0);
        for bad in [
            "-000000-01-01T00:00:00Z",
            "1970-13-01",
            "1970-02-32",
            "1970-01-01T24:00:01Z",
            "1970-01-01T00:60Z",
            "1970-01-01T00",
            "1970-01-01Z",
            "",
        ] {
            assert!(parse_iso(bad.as_bytes()).is_none(), "{bad}");
        }
    }

    #[test]
    fn legacy_forms() {
        let t = 1_795_258_620_000.0; // 2026-11-21T10:57:00Z
        assert_eq!(
            p("Sat Nov 21 2026 10:57:00 GMT+0000 (Coordinated Universal Time)"),
            t
        );
        assert_eq!(p("Sat Nov 21 2026 11:57:00 GMT+0100 (CET)"), t);
        assert_eq!(p("Sat, 21 Nov 2026 10:57:00 GMT"), t);
        assert_eq!(p("21 November 2026 10:57 UTC"), t);
        assert_eq!(p("2026/11/21 10:57:00 Z"), t);
        assert_eq!(p("11/21/2026 10:57 AM GMT"), t);
        assert_eq!(p("11/21/2026 10:57 PM GMT"), t + 12.0 * 3_600_000.0);
        assert_eq!(p("Nov 21 2026 05:57:00 EST"), t);
        assert_eq!(p("2026-11-21T10:57:00+0000"), t);
        assert_eq!(p("Fri, 31 Dec -0001 00:00:00 GMT"), -62_167_305_600_000.0);
        assert_eq!(
            p("Tue Apr 20 -271821 00:00:00 GMT+0000 (Coordinated Universal Time)"),
            -8.64e15
        );
        assert_eq!(p("Nov 21 2026"), p("2026/11/21"));
        for bad in [
            "hello",
            "Nov",
            "12:00",
            "Nov 21 2026 10:57 XYZ",
            "1/2",
            "(((",
        ] {
            assert!(parse(bad).is_nan(), "{bad}");
        }
    }
}
