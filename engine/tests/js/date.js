// Date: only UTC-based and time-zone-independent results are printed.
var t = Date.UTC(2026, 10, 21, 10, 57, 3, 45);
var d = new Date(t);
print(t, d.getTime(), d.valueOf(), +d, d.toISOString(), d.toUTCString(), JSON.stringify({ d: d }));
print(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
print(typeof Date(), typeof Date.now(), typeof new Date(), Object.prototype.toString.call(d), d instanceof Date);
print(Date.length, Date.UTC.length, Date.prototype.setHours.length, Date.prototype.toGMTString === Date.prototype.toUTCString);
// Local fields agree with the offset.
var local = new Date(2026, 10, 21, 10, 57);
print(local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes());
print(local.getTime() - Date.UTC(2026, 10, 21, 10, 57) === local.getTimezoneOffset() * 60000);
print(new Date(99, 0).getFullYear(), new Date(100, 0).getFullYear(), new Date(2026, 0).getYear());
// Date.UTC and MakeDay/MakeTime arithmetic.
print(Date.UTC(2026), Date.UTC(2026, 14, 1), Date.UTC(2026, -1, 1), Date.UTC(2026, 0, 0), Date.UTC(2026, 0, 1, 25, 61, 61, 1001));
print(Date.UTC(), Date.UTC(NaN), Date.UTC(2026, Infinity), Date.UTC(99), Date.UTC(-1, 0), Date.UTC(1.9, 1.9, 1.9));
print(Date.UTC(275760, 8, 13), Date.UTC(275760, 8, 13, 0, 0, 0, 1), Date.UTC(-271821, 3, 20), Date.UTC(-271821, 3, 19, 23, 59, 59, 999));
// Time value limits and invalid dates.
print(new Date(8.64e15).toISOString(), new Date(-8.64e15).toISOString(), new Date(8.64e15 + 1).getTime());
print(String(new Date(NaN)), new Date(NaN).toUTCString(), new Date(NaN).toJSON(), new Date(NaN).getUTCDate());
try { new Date(NaN).toISOString(); } catch (e) { print(e.name); }
print(new Date(-1).toISOString(), new Date(-62198755200000).toISOString(), new Date(253402300800000).toISOString());
print(new Date(0.9).getTime(), new Date(-0.9).getTime(), 1 / new Date(-0).getTime(), new Date(true).getTime(), new Date(null).getTime());
// Date.parse: ISO forms (date-only forms are UTC).
var iso = ["2026", "2026-11", "2026-11-21", "2026-11-21T10:57Z", "2026-11-21T10:57:03Z", "2026-11-21T10:57:03.045Z",
  "2026-11-21T10:57:03.4Z", "2026-11-21T12:57+02:00", "2026-11-21T05:27:03-05:30", "+002026-11-21T10:57:03.045Z",
  "-000001-01-01T00:00:00Z", "-000000-01-01T00:00:00Z", "2026-13-01", "2026-02-29", "2024-02-29", "2026-11-21T24:00Z",
  "2026-11-21T24:00:01Z", "2026-11-21T10:60Z", "+275760-09-13T00:00:00.000Z", "+275760-09-13T00:00:00.001Z", "x"];
for (var i = 0; i < iso.length; i++) print(iso[i], Date.parse(iso[i]));
// Date.parse: the toString/toUTCString forms and other common forms with an offset.
var other = ["Sat Nov 21 2026 10:57:03 GMT+0000 (Coordinated Universal Time)", "Sat Nov 21 2026 11:57:03 GMT+0100",
  "Sat, 21 Nov 2026 10:57:03 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "21 Nov 2026 10:57 UTC", "Nov 21 2026 10:57:03 GMT-0500"];
for (var i = 0; i < other.length; i++) print(other[i], Date.parse(other[i]));
print(Date.parse(d.toUTCString()) === Math.floor(t / 1000) * 1000, Date.parse(d.toString()) === Math.floor(t / 1000) * 1000);
print(Date.parse(d.toISOString()) === t, new Date(d.toISOString()).getTime() === t, new Date(d).getTime() === t);
// Setters: argument order, NaN handling, return values.
var s = new Date(t);
print(s.setUTCMinutes(0), s.setUTCHours(23, 59, 59, 999), s.setUTCDate(32), s.toISOString());
print(s.setUTCMonth(1, 29), s.setUTCFullYear(2024), s.toISOString(), s.setUTCSeconds(61, 1), s.setUTCMilliseconds(-1), s.toISOString());
print(s.setUTCHours(), s.getTime(), s.setUTCFullYear(2000), s.toISOString(), new Date(NaN).setUTCMonth(1));
var log = [];
var arg = function (n, v) { return { valueOf: function () { log.push(n); return v; } }; };
s = new Date(0);
print(s.setUTCHours(arg("h", 1), arg("m", 2), arg("s", 3), arg("ms", 4)), log.join());
s = new Date(NaN);
print(s.setUTCHours(arg("h2", 1)), log.join());
print(s.setTime(42), s.getTime(), s.setTime("x"), s.setTime(8.64e15 + 1));
s = new Date(0);
s.setUTCMinutes(arg("m", 5), arg("s", NaN));
print(s.getTime());
// Symbol.toPrimitive, + and ==.
print(d[Symbol.toPrimitive]("number"), typeof d[Symbol.toPrimitive]("default"), typeof (d + 1), d - 1, d == d.toString(), d > new Date(0));
try { d[Symbol.toPrimitive]("bogus"); } catch (e) { print(e.name); }
try { Date.prototype[Symbol.toPrimitive].call(1, "number"); } catch (e) { print(e.name); }
// Type checks and toJSON's genericity.
try { Date.prototype.getTime.call({}); } catch (e) { print(e.name); }
try { Date.prototype.toString.call(Date.prototype); } catch (e) { print(e.name); }
print(Date.prototype.toJSON.call({ toISOString: function () { return "iso"; } }));
print(Date.prototype.toJSON.call({ valueOf: function () { return Infinity; }, toISOString: function () { return "no"; } }));
// Annex B.
var y = new Date(Date.UTC(2000, 5, 15, 12));
print(y.setYear(NaN), y.getYear(), new Date(NaN).setYear(2001) > 0);
// Forms without an offset are local time (compared, not printed).
var lt = new Date(2026, 10, 21, 10, 57).getTime();
var localForms = ["2026-11-21T10:57", "2026-11-21T10:57:00.000", "Nov 21 2026 10:57", "21 November 2026 10:57:00",
  "2026/11/21 10:57", "11/21/2026 10:57 AM", "Saturday, November 21, 2026 10:57", "2026-11-21 10:57", new Date(lt).toString()];
for (var i = 0; i < localForms.length; i++) print(localForms[i] === localForms[8] ? "toString" : localForms[i], Date.parse(localForms[i]) === lt);
print(Date.parse("Nov 21 2026") === new Date(2026, 10, 21).getTime(), Date.parse("2026-11-21") === Date.UTC(2026, 10, 21));
print(new Date(lt).toString() === new Date(lt).toDateString() + " " + new Date(lt).toTimeString());
