// Array.from and Array.of: iterables, array-likes, mapping, `this` constructors,
// iterator closing; and the evaluation order of `base[key] op= value`.
print(Array.from("a\u{1F600}b").length, Array.from("abc").join("-"));
print(Array.from({ length: 3, 0: "x", 2: "z" }).join("|"));
print(Array.from([1, 2, 3], function (v, i) { return v * 10 + i + this.k; }, { k: 0.5 }).join());
print(Array.from("a1b1c".matchAll(/1/g)).map(function (m) { return m.index; }).join());
print(Array.from("a1b1c".matchAll(1)).length);

var log = [];
var iterable = {};
iterable[Symbol.iterator] = function () {
  var i = 0;
  return {
    next: function () { i++; log.push("next" + i); return { value: i, done: i > 3 }; },
    return: function () { log.push("return"); return {}; }
  };
};
print(Array.from(iterable).join(), log.join());
log = [];
try {
  Array.from(iterable, function (v) { if (v === 2) throw new RangeError("stop"); return v; });
} catch (e) {
  print(e instanceof RangeError, log.join());
}

function C(n) { this.args = arguments.length; this.n = n; }
var c = Array.from.call(C, [7, 8]);
print(c instanceof C, c.args, c.length, c[0], c[1]);
var d = Array.from.call(C, { length: 2, 0: "p", 1: "q" });
print(d instanceof C, d.n, d.length, d[1]);
var e = Array.of.call(C, 1, 2, 3);
print(e instanceof C, e.n, e.length, e[2]);
print(Array.of.call(null, 4, 5).length, Array.isArray(Array.from.call({}, [1])));
try { Array.from([1], 5); } catch (err) { print(err instanceof TypeError); }
try { Array.from(null); } catch (err) { print(err instanceof TypeError); }

// GetValue of base[key]: the base is checked before the key is converted.
var touched = false;
var key = { toString: function () { touched = true; return "k"; } };
try { var base = null; base[key] += 1; } catch (err) { print(err instanceof TypeError, touched); }
try { var base2; base2[key]++; } catch (err) { print(err instanceof TypeError, touched); }
var obj = { k: 1 };
var named = { toString: function () { return "k"; } };
obj[named] *= 5;
print(obj.k);
