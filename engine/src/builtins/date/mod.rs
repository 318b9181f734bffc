//! `Date` and `Date.prototype` (ECMA-262 §21.4, Annex B.2.3).
//!
//! * <https://tc39.es/ecma262/#sec-date-objects>
//! * <https://tc39.es/ecma262/#sec-additional-properties-of-the-date.prototype-object>
//!
//! A Date object is `Class::Date(t)` with `t` its time value: milliseconds
//! since the epoch, an integer within ±8.64e15, or NaN. The arithmetic of
//! §21.4.1 is done on `f64` exactly as the spec writes it; calendar fields of
//! valid (or local) time values go through exact integer day arithmetic.
//! Local time uses the host zone of [`tz`]; string parsing is in [`parse`].

mod parse;
pub(crate) mod tz;

use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::object::{self, Args, Class, new_object};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::value::{Hint, Value};

const MS_PER_DAY: f64 = 86_400_000.0;
const MS_PER_HOUR: f64 = 3_600_000.0;
const MS_PER_MINUTE: f64 = 60_000.0;
const MS_PER_SECOND: f64 = 1000.0;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

// ---------------------------------------------------------------------------
// Calendar arithmetic on integer days (proleptic Gregorian).

pub(crate) fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

pub(crate) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 => 28 + is_leap(y) as i64,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of year `y`, month `m` (1-12), day `d` (1-31).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month (1-12) and day (1-31) of a day number.
pub(crate) fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}

/// Day(t) (§21.4.1.3).
fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

/// The calendar fields of a finite time value (UTC or local).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Fields {
    year: i64,
    /// 0-11.
    month: i64,
    /// 1-31.
    date: i64,
    hour: i64,
    min: i64,
    sec: i64,
    ms: i64,
    /// 0 = Sunday.
    weekday: i64,
}

impl Fields {
    /// YearFromTime, MonthFromTime, DateFromTime, WeekDay, HourFromTime...
    /// (§21.4.1.3-14) of a finite `t`.
    fn of(t: f64) -> Fields {
        let days = day(t) as i64;
        let within = t.rem_euclid(MS_PER_DAY) as i64;
        let (year, m, date) = civil_from_days(days);
        Fields {
            year,
            month: m - 1,
            date,
            hour: within / 3_600_000,
            min: within / 60_000 % 60,
            sec: within / 1000 % 60,
            ms: within % 1000,
            weekday: (days + 4).rem_euclid(7),
        }
    }
    fn get(&self, i: usize) -> f64 {
        (match i {
            0 => self.ms,
            1 => self.sec,
            2 => self.min,
            3 => self.hour,
            4 => self.date,
            5 => self.month,
            _ => self.year,
        }) as f64
    }
}

/// MakeTime (§21.4.1.28).
fn make_time(hour: f64, min: f64, sec: f64, ms: f64) -> f64 {
    if !(hour.is_finite() && min.is_finite() && sec.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    // Steps 2-6: ToIntegerOrInfinity, then IEEE arithmetic in this order.
    hour.trunc() * MS_PER_HOUR
        + min.trunc() * MS_PER_MINUTE
        + sec.trunc() * MS_PER_SECOND
        + ms.trunc()
}

/// MakeDay (§21.4.1.29).
fn make_day(year: f64, month: f64, date: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    let (y, m, dt) = (year.trunc(), month.trunc(), date.trunc());
    // Step 5: ym = y + floor(m / 12).
    let ym = y + (m / 12.0).floor();
    if !ym.is_finite() {
        return f64::NAN;
    }
    // Step 7: a year with no day within the time value range gives NaN
    // (the range is about ±275,760 years around 1970).
    if ym.abs() > 400_000.0 {
        return f64::NAN;
    }
    let mn = m.rem_euclid(12.0);
    let t = days_from_civil(ym as i64, mn as i64 + 1, 1) as f64;
    // Step 8: Day(t) + dt - 1.
    t + dt - 1.0
}

/// MakeDate (§21.4.1.30).
fn make_date(day: f64, time: f64) -> f64 {
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    let tv = day * MS_PER_DAY + time;
    if tv.is_finite() { tv } else { f64::NAN }
}

/// MakeFullYear (§21.4.1.31).
fn make_full_year(year: f64) -> f64 {
    if year.is_nan() {
        return f64::NAN;
    }
    let t = crate::value::integer_or_infinity(year);
    if (0.0..=99.0).contains(&t) {
        1900.0 + t
    } else {
        t
    }
}

/// TimeClip (§21.4.1.32).
fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        return f64::NAN;
    }
    crate::value::integer_or_infinity(t)
}

/// LocalTime(t) (§21.4.1.26) of a finite `t`.
fn local_time(t: f64) -> f64 {
    t + tz::local().offset_ms(t)
}

/// UTC(t) (§21.4.1.27).
fn utc(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    t - tz::local().local_offset_ms(t)
}

/// The current time value.
fn now() -> f64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_millis() as f64,
        Err(e) => -(e.duration().as_millis() as f64),
    }
}

// ---------------------------------------------------------------------------
// String forms (§21.4.4.41).

/// Appends `v` in decimal (its magnitude; callers write any sign),
/// zero-padded to at least `width` digits.
fn push_num(out: &mut String, v: i64, width: usize) {
    let mut buf = [0u8; 20];
    let mut n = v.unsigned_abs();
    let mut p = buf.len();
    loop {
        p -= 1;
        buf[p] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in buf.len() - p..width {
        out.push('0');
    }
    out.extend(buf[p..].iter().map(|&c| c as char));
}

/// A year of DateString and the UTC string: at least four digits, a
/// minus sign before negative years.
fn push_year(out: &mut String, y: i64) {
    if y < 0 {
        out.push('-');
    }
    push_num(out, y, 4);
}

/// DateString (§21.4.4.41.2) of a local time value.
fn push_date_string(out: &mut String, f: &Fields) {
    out.push_str(WEEKDAYS[f.weekday as usize]);
    out.push(' ');
    out.push_str(MONTHS[f.month as usize]);
    out.push(' ');
    push_num(out, f.date, 2);
    out.push(' ');
    push_year(out, f.year);
}

fn date_string(f: &Fields) -> String {
    let mut s = String::with_capacity(16);
    push_date_string(&mut s, f);
    s
}

/// TimeString (§21.4.4.41.1).
fn push_time_string(out: &mut String, f: &Fields) {
    push_num(out, f.hour, 2);
    out.push(':');
    push_num(out, f.min, 2);
    out.push(':');
    push_num(out, f.sec, 2);
    out.push_str(" GMT");
}

/// TimeZoneString (§21.4.4.41.3) of a time value.
fn push_time_zone_string(out: &mut String, tv: f64) {
    let zone = tz::local();
    let ty = zone.type_at((tv / 1000.0).floor() as i64);
    let offset = zone.offset_ms(tv);
    let (sign, abs) = if offset >= 0.0 {
        ('+', offset)
    } else {
        ('-', -offset)
    };
    let mins = (abs / MS_PER_MINUTE).floor() as i64;
    let name = if ty.abbr == "UTC" && offset == 0.0 {
        "Coordinated Universal Time"
    } else {
        &ty.abbr
    };
    out.push(sign);
    push_num(out, mins / 60, 2);
    push_num(out, mins % 60, 2);
    if !name.is_empty() {
        out.push_str(" (");
        out.push_str(name);
        out.push(')');
    }
}

/// The time part of `toString` and `toTimeString`: TimeString and
/// TimeZoneString of a local time value.
fn push_time_and_zone(out: &mut String, tv: f64, f: &Fields) {
    push_time_string(out, f);
    push_time_zone_string(out, tv);
}

/// ToDateString (§21.4.4.41.4).
fn to_date_string(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".into();
    }
    let f = Fields::of(local_time(tv));
    let mut s = String::with_capacity(64);
    push_date_string(&mut s, &f);
    s.push(' ');
    push_time_and_zone(&mut s, tv, &f);
    s
}

fn time_and_zone_string(tv: f64) -> String {
    let mut s = String::with_capacity(48);
    push_time_and_zone(&mut s, tv, &Fields::of(local_time(tv)));
    s
}

fn utc_string(tv: f64) -> String {
    let f = Fields::of(tv);
    let mut s = String::with_capacity(32);
    s.push_str(WEEKDAYS[f.weekday as usize]);
    s.push_str(", ");
    push_num(&mut s, f.date, 2);
    s.push(' ');
    s.push_str(MONTHS[f.month as usize]);
    s.push(' ');
    push_year(&mut s, f.year);
    s.push(' ');
    push_time_string(&mut s, &f);
    s
}

fn iso_string(tv: f64) -> String {
    let f = Fields::of(tv);
    let mut s = String::with_capacity(27);
    if (0..=9999).contains(&f.year) {
        push_num(&mut s, f.year, 4);
    } else {
        s.push(if f.year < 0 { '-' } else { '+' });
        push_num(&mut s, f.year, 6);
    }
    s.push('-');
    push_num(&mut s, f.month + 1, 2);
    s.push('-');
    push_num(&mut s, f.date, 2);
    s.push('T');
    push_num(&mut s, f.hour, 2);
    s.push(':');
    push_num(&mut s, f.min, 2);
    s.push(':');
    push_num(&mut s, f.sec, 2);
    s.push('.');
    push_num(&mut s, f.ms, 3);
    s.push('Z');
    s
}

/// How the shell shows a Date: its ISO string, or `Invalid Date`.
pub(crate) fn inspect(tv: f64) -> String {
    if tv.is_nan() {
        "Invalid Date".into()
    } else {
        iso_string(tv)
    }
}

// ---------------------------------------------------------------------------
// The constructor and its functions.

fn new_date(cx: &Cx, new_target: &crate::object::Obj, tv: f64) -> JsResult<Value> {
    let proto = crate::ops::proto_from_ctor(cx, Some(new_target), |r| &r.intr.date_proto)?;
    Ok(Value::Object(new_object(*cx, Some(proto), Class::Date(tv))))
}

/// The seven date-time arguments of the constructor and `Date.UTC` as a
/// time value before UTC conversion (§21.4.2.1 step 4.c, §21.4.3.4).
fn from_components(cx: &Cx, args: &Args) -> JsResult<f64> {
    let mut v = [f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    for (i, slot) in v.iter_mut().enumerate() {
        if i == 0 || i < args.len() {
            *slot = cx.to_number(args.arg(i))?;
        }
    }
    let yr = make_full_year(v[0]);
    Ok(make_date(
        make_day(yr, v[1], v[2]),
        make_time(v[3], v[4], v[5], v[6]),
    ))
}

/// Date (§21.4.2.1).
fn date_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        // Step 1: called as a function.
        return Ok(Value::String(cx.str(&to_date_string(now()))));
    };
    let tv = match args.len() {
        0 => now(),
        1 => {
            let value = args.arg(0);
            // Step 4.b.i: another Date object gives its time value.
            let date_value = match value {
                Value::Object(o) => match o.d.borrow().class {
                    Class::Date(t) => Some(t),
                    _ => None,
                },
                _ => None,
            };
            match date_value {
                Some(t) => time_clip(t),
                None => {
                    let v = cx.to_primitive(value, Hint::Default)?;
                    match &v {
                        Value::String(s) => time_clip(parse::parse(&s.to_rust_string())),
                        _ => time_clip(cx.to_number(&v)?),
                    }
                }
            }
        }
        _ => time_clip(utc(from_components(&cx, args)?)),
    };
    new_date(&cx, nt, tv)
}

fn date_now(_cx: Cx, _args: &Args) -> JsResult<Value> {
    Ok(Value::number(now()))
}

fn date_parse(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = cx.to_rust_string(args.arg(0))?;
    Ok(Value::number(time_clip(parse::parse(&s))))
}

fn date_utc(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::number(time_clip(from_components(&cx, args)?)))
}

// ---------------------------------------------------------------------------
// Date.prototype.

/// thisTimeValue: the `[[DateValue]]` of `this`, or a TypeError.
fn this_time(cx: &Cx, this: &Value) -> JsResult<f64> {
    if let Value::Object(o) = this
        && let Class::Date(t) = o.d.borrow().class
    {
        return Ok(t);
    }
    cx.type_error("this is not a Date object")
}

fn set_this_time(this: &Value, t: f64) {
    if let Value::Object(o) = this
        && let Class::Date(v) = &mut o.d.borrow_mut().class
    {
        *v = t;
    }
}

const LOCAL: i32 = 0x100;
const WEEKDAY: i32 = 7;
const YEAR: i32 = 6;

/// The getters: magic is the field (0 = ms ... 6 = year, 7 = weekday),
/// plus [`LOCAL`] for local time.
fn getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_time(&cx, &args.this)?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    let t = if args.magic & LOCAL != 0 {
        local_time(t)
    } else {
        t
    };
    let f = Fields::of(t);
    let field = args.magic & 0xff;
    Ok(Value::number(if field == WEEKDAY {
        f.weekday as f64
    } else {
        f.get(field as usize)
    }))
}

fn get_time(cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::number(this_time(&cx, &args.this)?))
}

fn get_timezone_offset(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_time(&cx, &args.this)?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    Ok(Value::number((t - local_time(t)) / MS_PER_MINUTE))
}

/// Annex B getYear (B.2.3.1).
fn get_year(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_time(&cx, &args.this)?;
    if t.is_nan() {
        return Ok(Value::number(f64::NAN));
    }
    Ok(Value::number(
        Fields::of(local_time(t)).year as f64 - 1900.0,
    ))
}

/// The setters (§21.4.4.20-29): magic is the first field set (0 = ms ...
/// 6 = year), plus [`LOCAL`] for local time. `setHours(h, m, s, ms)` sets
/// fields 3, 2, 1, 0 and so on.
fn setter(cx: Cx, args: &Args) -> JsResult<Value> {
    let first = (args.magic & 0xff) as usize;
    let local = args.magic & LOCAL != 0;
    // Steps 1-3: the time value is read before any conversion.
    let t = this_time(&cx, &args.this)?;
    let max_args = match first {
        6 | 2 => 3,
        5 | 1 => 2,
        3 => 4,
        _ => 1,
    };
    // The arguments, converted in order; absent ones keep the current field.
    let n = args.len().clamp(1, max_args);
    let mut given = [0.0; 4];
    for (i, g) in given.iter_mut().enumerate().take(n) {
        *g = cx.to_number(args.arg(i))?;
    }
    let t = if t.is_nan() {
        // setFullYear and setUTCFullYear start from +0; others give NaN.
        if first != YEAR as usize {
            return Ok(Value::number(f64::NAN));
        }
        0.0
    } else if local {
        local_time(t)
    } else {
        t
    };
    let f = Fields::of(t);
    let mut v: [f64; 7] = std::array::from_fn(|i| f.get(i));
    for (i, g) in given.iter().enumerate().take(n) {
        v[first - i] = *g;
    }
    let date = make_date(
        make_day(v[6], v[5], v[4]),
        make_time(v[3], v[2], v[1], v[0]),
    );
    let u = time_clip(if local { utc(date) } else { date });
    set_this_time(&args.this, u);
    Ok(Value::number(u))
}

fn set_time(cx: Cx, args: &Args) -> JsResult<Value> {
    this_time(&cx, &args.this)?;
    let t = cx.to_number(args.arg(0))?;
    let v = time_clip(t);
    set_this_time(&args.this, v);
    Ok(Value::number(v))
}

/// Annex B setYear (B.2.3.2).
fn set_year(cx: Cx, args: &Args) -> JsResult<Value> {
    let t = this_time(&cx, &args.this)?;
    let y = cx.to_number(args.arg(0))?;
    let t = if t.is_nan() { 0.0 } else { local_time(t) };
    let yyyy = make_full_year(y);
    let f = Fields::of(t);
    let d = make_day(yyyy, f.month as f64, f.date as f64);
    let date = make_date(d, t.rem_euclid(MS_PER_DAY));
    let u = time_clip(utc(date));
    set_this_time(&args.this, u);
    Ok(Value::number(u))
}

/// The string conversions: 0 toString, 1 toDateString, 2 toTimeString,
/// 3 toUTCString, 4 toISOString.
fn to_string_kind(cx: Cx, args: &Args) -> JsResult<Value> {
    let tv = this_time(&cx, &args.this)?;
    let s = if tv.is_nan() {
        if args.magic == 4 {
            return cx.range_error("Invalid time value");
        }
        "Invalid Date".to_string()
    } else {
        match args.magic {
            0 => to_date_string(tv),
            1 => date_string(&Fields::of(local_time(tv))),
            2 => time_and_zone_string(tv),
            3 => utc_string(tv),
            _ => iso_string(tv),
        }
    };
    Ok(Value::String(cx.str(&s)))
}

/// toJSON (§21.4.4.37).
fn to_json(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = cx.to_object(&args.this)?;
    let ov = Value::Object(o.clone());
    let tv = cx.to_primitive(&ov, Hint::Number)?;
    if let Some(n) = tv.as_number()
        && !n.is_finite()
    {
        return Ok(Value::Null);
    }
    let f = object::get(&cx, &o, cx.intern("toISOString"), &ov)?;
    if !f.is_callable() {
        return cx.type_error("toISOString is not a function");
    }
    cx.call(&f, &ov, &[])
}

/// Date.prototype[@@toPrimitive] (§21.4.4.45).
fn to_primitive(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("Date.prototype[Symbol.toPrimitive] called on a non-object");
    };
    let hint = match args.arg(0) {
        Value::String(s) => s.to_rust_string(),
        _ => String::new(),
    };
    let order = match hint.as_str() {
        "string" | "default" => [Atom::TO_STRING, Atom::VALUE_OF],
        "number" => [Atom::VALUE_OF, Atom::TO_STRING],
        _ => return cx.type_error("invalid hint"),
    };
    // OrdinaryToPrimitive (§7.1.1.1).
    for name in order {
        let f = object::get(&cx, o, name, &args.this)?;
        if f.is_callable() {
            let r = cx.call(&f, &args.this, &[])?;
            if !matches!(r, Value::Object(_)) {
                return Ok(r);
            }
        }
    }
    cx.type_error("cannot convert object to primitive value")
}

const CTOR_FNS: &[FnSpec] = fns! {
    "now", 0, date_now;
    "parse", 1, date_parse;
    "UTC", 7, date_utc;
};

const PROTO_FNS: &[FnSpec] = fns! {
    "getTime", 0, get_time;
    "valueOf", 0, get_time;
    "getTimezoneOffset", 0, get_timezone_offset;
    "getFullYear", 0, getter, LOCAL | 6;
    "getMonth", 0, getter, LOCAL | 5;
    "getDate", 0, getter, LOCAL | 4;
    "getDay", 0, getter, LOCAL | 7;
    "getHours", 0, getter, LOCAL | 3;
    "getMinutes", 0, getter, LOCAL | 2;
    "getSeconds", 0, getter, LOCAL | 1;
    "getMilliseconds", 0, getter, LOCAL;
    "getUTCFullYear", 0, getter, 6;
    "getUTCMonth", 0, getter, 5;
    "getUTCDate", 0, getter, 4;
    "getUTCDay", 0, getter, 7;
    "getUTCHours", 0, getter, 3;
    "getUTCMinutes", 0, getter, 2;
    "getUTCSeconds", 0, getter, 1;
    "getUTCMilliseconds", 0, getter, 0;
    "setTime", 1, set_time;
    "setFullYear", 3, setter, LOCAL | 6;
    "setMonth", 2, setter, LOCAL | 5;
    "setDate", 1, setter, LOCAL | 4;
    "setHours", 4, setter, LOCAL | 3;
    "setMinutes", 3, setter, LOCAL | 2;
    "setSeconds", 2, setter, LOCAL | 1;
    "setMilliseconds", 1, setter, LOCAL;
    "setUTCFullYear", 3, setter, 6;
    "setUTCMonth", 2, setter, 5;
    "setUTCDate", 1, setter, 4;
    "setUTCHours", 4, setter, 3;
    "setUTCMinutes", 3, setter, 2;
    "setUTCSeconds", 2, setter, 1;
    "setUTCMilliseconds", 1, setter, 0;
    "toString", 0, to_string_kind, 0;
    "toDateString", 0, to_string_kind, 1;
    "toTimeString", 0, to_string_kind, 2;
    "toUTCString", 0, to_string_kind, 3;
    "toISOString", 0, to_string_kind, 4;
    "toLocaleString", 0, to_string_kind, 0;
    "toLocaleDateString", 0, to_string_kind, 1;
    "toLocaleTimeString", 0, to_string_kind, 2;
    "toJSON", 1, to_json;
    "@@toPrimitive", 1, to_primitive;
    "getYear", 0, get_year;
    "setYear", 1, set_year;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().date_proto;
    let ctor = super::define_ctor(cx, "Date", 7, date_ctor, proto);
    super::define_fns(cx, &ctor, CTOR_FNS);
    super::define_fns(cx, proto, PROTO_FNS);
    // Annex B.2.3.3: toGMTString is the same function as toUTCString.
    if let Ok(f) = object::get_prop(cx, proto, cx.intern("toUTCString")) {
        object::define_data(cx, proto, cx.intern("toGMTString"), f, flags::HIDDEN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for d in (-100_000_000i64..100_000_000).step_by(9_973) {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn make_functions() {
        assert_eq!(make_day(2026.0, 10.0, 21.0), 20_778.0);
        // Month overflow and negative months move the year.
        assert_eq!(make_day(2025.0, 22.0, 21.0), 20_778.0);
        assert_eq!(make_day(2027.0, -2.0, 21.0), 20_778.0);
        assert!(make_day(f64::INFINITY, 0.0, 1.0).is_nan());
        assert!(make_day(1e300, 0.0, 1.0).is_nan());
        assert!(make_day(0.0, 1e300, 1.0).is_nan());
        assert_eq!(make_time(1.9, 2.0, 3.0, 4.5), 3_723_004.0);
        assert!(make_time(f64::NAN, 0.0, 0.0, 0.0).is_nan());
        assert!(make_date(1e304, 0.0).is_nan());
        assert_eq!(time_clip(8.64e15), 8.64e15);
        assert!(time_clip(8.64e15 + 1.0).is_nan());
        assert!(time_clip(-0.0).is_sign_positive());
    }

    #[test]
    fn string_forms() {
        let t = 1_795_258_620_000.0; // 2026-11-21T10:57:00Z
        assert_eq!(iso_string(t), "2026-11-21T10:57:00.000Z");
        assert_eq!(utc_string(t), "Sat, 21 Nov 2026 10:57:00 GMT");
        assert_eq!(iso_string(-8.64e15), "-271821-04-20T00:00:00.000Z");
        assert_eq!(iso_string(8.64e15), "+275760-09-13T00:00:00.000Z");
        assert_eq!(
            utc_string(-62_167_305_600_000.0),
            "Fri, 31 Dec -0001 00:00:00 GMT"
        );
    }

    #[test]
    fn fields() {
        let f = Fields::of(-1.0);
        assert_eq!(
            (
                f.year, f.month, f.date, f.hour, f.min, f.sec, f.ms, f.weekday
            ),
            (1969, 11, 31, 23, 59, 59, 999, 3)
        );
    }
}
