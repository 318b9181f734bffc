//! C-style formatting for `std.printf`, `std.sprintf` and `FILE.printf`:
//! `%d %i %u %o %x %X %c %s %f %F %e %E %g %G %a %%` with the flags
//! `-+ 0#`, a width, a precision (`*` takes them from the arguments) and
//! ignored length modifiers (`h l ll z j t L`).

use engine::{Context, JsValue};

use crate::convert::{number, thrown};

#[derive(Default)]
struct Spec {
    left: bool,
    plus: bool,
    space: bool,
    zero: bool,
    alt: bool,
    width: usize,
    prec: Option<usize>,
}

fn pad(spec: &Spec, body: String, numeric: bool) -> String {
    let len = body.chars().count();
    if len >= spec.width {
        return body;
    }
    let fill = spec.width - len;
    if spec.left {
        return body + &" ".repeat(fill);
    }
    if spec.zero && numeric {
        // Zeros go after the sign or the 0x prefix.
        let split = body
            .find(|c: char| c.is_ascii_digit() || c.is_ascii_alphabetic())
            .map(|i| {
                if body[i..].starts_with("0x") || body[i..].starts_with("0X") {
                    i + 2
                } else {
                    i
                }
            })
            .unwrap_or(0);
        return format!("{}{}{}", &body[..split], "0".repeat(fill), &body[split..]);
    }
    " ".repeat(fill) + &body
}

fn sign(spec: &Spec, neg: bool) -> &'static str {
    if neg {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// `%e` formatting of `v` with `prec` digits, C style (`1.5e+00`).
fn exp(v: f64, prec: usize, upper: bool) -> String {
    let s = format!("{:.*e}", prec, v);
    let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    let out = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    if upper { out.to_uppercase() } else { out }
}

fn general(v: f64, prec: usize, alt: bool, upper: bool) -> String {
    let p = prec.max(1);
    if v == 0.0 {
        return "0".into();
    }
    let e = v.abs().log10().floor() as i32;
    let mut s = if e < -4 || e >= p as i32 {
        exp(v, p - 1, upper)
    } else {
        format!("{:.*}", (p as i32 - 1 - e).max(0) as usize, v)
    };
    if !alt {
        // Trailing zeros of the fraction go.
        let (m, rest) = match s.find(['e', 'E']) {
            Some(i) => (s[..i].to_string(), s[i..].to_string()),
            None => (s.clone(), String::new()),
        };
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            m
        };
        s = m + &rest;
    }
    s
}

/// Formats `fmt` with `args`.
pub fn format(ctx: &Context, fmt: &str, args: &[JsValue]) -> Result<String, JsValue> {
    let mut out = String::new();
    let mut it = args.iter();
    let mut next = || it.next().cloned().unwrap_or_else(JsValue::undefined);
    let cs: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        i += 1;
        if c != '%' {
            out.push(c);
            continue;
        }
        let start = i - 1;
        let mut spec = Spec::default();
        while i < cs.len() {
            match cs[i] {
                '-' => spec.left = true,
                '+' => spec.plus = true,
                ' ' => spec.space = true,
                '0' => spec.zero = true,
                '#' => spec.alt = true,
                _ => break,
            }
            i += 1;
        }
        if i < cs.len() && cs[i] == '*' {
            let w = number(&next());
            if w < 0.0 {
                spec.left = true;
            }
            spec.width = if w.is_finite() { w.abs() as usize } else { 0 };
            i += 1;
        } else {
            while i < cs.len() && cs[i].is_ascii_digit() {
                spec.width = spec.width * 10 + cs[i] as usize - '0' as usize;
                i += 1;
            }
        }
        if i < cs.len() && cs[i] == '.' {
            i += 1;
            let mut p = 0usize;
            if i < cs.len() && cs[i] == '*' {
                let n = number(&next());
                p = if n.is_finite() && n > 0.0 {
                    n as usize
                } else {
                    0
                };
                i += 1;
            } else {
                while i < cs.len() && cs[i].is_ascii_digit() {
                    p = p * 10 + cs[i] as usize - '0' as usize;
                    i += 1;
                }
            }
            spec.prec = Some(p.min(1000));
        }
        spec.width = spec.width.min(10_000);
        while i < cs.len() && "hlLqjzt".contains(cs[i]) {
            i += 1;
        }
        let Some(&conv) = cs.get(i) else {
            out.extend(&cs[start..]);
            break;
        };
        i += 1;
        match conv {
            '%' => out.push('%'),
            'c' => {
                let v = next();
                let ch = match v.as_string() {
                    Some(s) => s.chars().next().unwrap_or('\0'),
                    None => char::from_u32(number(&v) as u32).unwrap_or('\u{fffd}'),
                };
                out.push_str(&pad(&spec, ch.to_string(), false));
            }
            's' => {
                let v = next();
                let mut s = ctx.to_string(&v).map_err(thrown)?;
                if let Some(p) = spec.prec {
                    s = s.chars().take(p).collect();
                }
                out.push_str(&pad(&spec, s, false));
            }
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'b' => {
                let v = next();
                let n: i128 = match v.as_bigint_i128() {
                    Some(b) => b,
                    None => {
                        let f = number(&v);
                        if f.is_finite() { f.trunc() as i128 } else { 0 }
                    }
                };
                let neg = n < 0 && matches!(conv, 'd' | 'i');
                let m = if matches!(conv, 'd' | 'i') {
                    n.unsigned_abs()
                } else if n < 0 {
                    // Two's complement in 64 bits, as C's unsigned long long.
                    (n as i64 as u64) as u128
                } else {
                    n as u128
                };
                let mut digits = match conv {
                    'o' => format!("{m:o}"),
                    'x' => format!("{m:x}"),
                    'X' => format!("{m:X}"),
                    'b' => format!("{m:b}"),
                    _ => m.to_string(),
                };
                if let Some(p) = spec.prec {
                    if digits.len() < p {
                        digits = "0".repeat(p - digits.len()) + &digits;
                    }
                    spec.zero = false;
                }
                let prefix = match conv {
                    'x' if spec.alt && m != 0 => "0x",
                    'X' if spec.alt && m != 0 => "0X",
                    'o' if spec.alt => "0",
                    _ => "",
                };
                let s = if matches!(conv, 'd' | 'i') {
                    sign(&spec, neg)
                } else {
                    ""
                };
                out.push_str(&pad(&spec, format!("{s}{prefix}{digits}"), true));
            }
            'f' | 'F' | 'e' | 'E' | 'g' | 'G' | 'a' | 'A' => {
                let v = number(&next());
                let prec = spec.prec.unwrap_or(6);
                let body = if !v.is_finite() {
                    let t = if v.is_nan() { "nan" } else { "inf" };
                    spec.zero = false;
                    if conv.is_ascii_uppercase() {
                        t.to_uppercase()
                    } else {
                        t.to_string()
                    }
                } else {
                    let a = v.abs();
                    match conv {
                        'f' | 'F' => format!("{a:.prec$}"),
                        'e' | 'E' => exp(a, prec, conv == 'E'),
                        'a' | 'A' => format!("{a:e}"),
                        _ => general(a, prec, spec.alt, conv == 'G'),
                    }
                };
                let neg = v.is_sign_negative() && !v.is_nan();
                out.push_str(&pad(&spec, format!("{}{body}", sign(&spec, neg)), true));
            }
            other => {
                out.push('%');
                out.push(other);
            }
        }
    }
    Ok(out)
}
