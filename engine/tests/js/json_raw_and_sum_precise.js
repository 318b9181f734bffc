// JSON.rawJSON / isRawJSON and reviver source text.
var r = JSON.rawJSON("12345678901234567890");
print(JSON.isRawJSON(r), Object.isFrozen(r), Object.getPrototypeOf(r), Object.keys(r).join());
print(JSON.stringify({ big: r, list: [JSON.rawJSON('"s"'), JSON.rawJSON("null")] }));
print(JSON.isRawJSON({ rawJSON: "1" }), JSON.isRawJSON(1));
for (var bad of ["", " 1", "1 ", "{}", "[1]", "01", "tru", '"\n"']) {
  try { JSON.rawJSON(bad); print("accepted", JSON.stringify(bad)); }
  catch (e) { print(e.name); }
}
// toJSON runs first, then the raw text is emitted verbatim.
print(JSON.stringify({ toJSON: function () { return JSON.rawJSON("1e1000"); } }));
var seen = [];
JSON.parse('{"a": 1.50, "b": [true, "x\\u0041"], "a": -0.0}', function (k, v, ctx) {
  seen.push(k + "=" + ("source" in ctx ? ctx.source : "(none)"));
  return v;
});
print(seen.join(" "));
// A value replaced before it is revived loses its source.
seen = [];
JSON.parse("[1, 2]", function (k, v, ctx) {
  if (k === "0") this[1] = 3;
  seen.push(k + "=" + ctx.source);
  return v;
});
print(seen.join(" "));

// Math.sumPrecise: exact, with -0, infinities, NaN and type errors.
print(Math.sumPrecise([1e308, 1e308, -1e308]), Math.sumPrecise([0.1, 0.2, -0.3]));
print(Object.is(Math.sumPrecise([]), -0), Object.is(Math.sumPrecise([-0, -0]), -0),
      Object.is(Math.sumPrecise([-0, 0]), 0), Object.is(Math.sumPrecise([1, -1]), 0));
print(Math.sumPrecise([Infinity, 1]), Math.sumPrecise([-Infinity, Infinity]),
      Math.sumPrecise([NaN, 1]), Math.sumPrecise([1.7976931348623157e308, 1.7976931348623157e308]));
print(Math.sumPrecise([1e20, 0.1, -1e20]), Math.sumPrecise(new Set([2, 3])));
var closed = false;
var it = { [Symbol.iterator]() { return { next() { return { value: "1", done: false }; },
  return() { closed = true; return {}; } }; } };
try { Math.sumPrecise(it); } catch (e) { print(e.name, closed); }
try { Math.sumPrecise([NaN, 1n]); } catch (e) { print(e.name); }
try { Math.sumPrecise(); } catch (e) { print(e.name); }
