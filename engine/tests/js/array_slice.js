// slice copies elements directly only when nothing can tell.
function show(a) {
  var parts = [];
  for (var i = 0; i < a.length; i++) parts.push(i in a ? String(a[i]) : "_");
  return "[" + parts.join(",") + "] len=" + a.length;
}
var a = [1, 2, , 4, 5];
print(show(a.slice()), show(a.slice(1, 3)), show(a.slice(-2)), show(a.slice(3, 1)), show(a.slice(0, 100)));
Array.prototype[2] = "p2";
print("proto hole", show(a.slice()), a.slice().hasOwnProperty(2), a.slice(1, 3).hasOwnProperty(1));
delete Array.prototype[2];
class MyArray extends Array {}
var m = MyArray.from([1, 2, 3]);
var ms = m.slice(1);
print("subclass", ms instanceof MyArray, show(ms));
var log = [];
var b = [1, 2, 3];
b.constructor = { [Symbol.species]: function (n) { log.push("species " + n); var r = [9, 9, 9]; return r; } };
print("species array", show(b.slice(0, 2)), log.join());
b.constructor = { [Symbol.species]: function (n) { var r = new Array(n); Object.defineProperty(r, 0, { set: function (v) { log.push("set " + v); }, configurable: false }); return r; } };
try { print(show(b.slice())); } catch (e) { print("species error", e.constructor.name); }
b.constructor = { [Symbol.species]: function (n) { var r = new Array(n); Object.freeze(r); return r; } };
try { print(show(b.slice())); } catch (e) { print("frozen species", e.constructor.name); }
b.constructor = { [Symbol.species]: function (n) { var r = new Array(n); Object.defineProperty(r, "length", { writable: false }); return r; } };
try { print("non-writable length", show(b.slice())); } catch (e) { print("non-writable length", e.constructor.name); }
var c = [1, 2, 3, 4];
c.constructor = { [Symbol.species]: function (n) { c.length = 1; return new Array(n); } };
print("shrunk by species", show(c.slice()));
var d = [1, 2, 3];
Object.defineProperty(d, "constructor", { get: function () { d[1] = "changed"; return Array; } });
print("changed by getter", show(d.slice()));
var big = [];
for (var i = 0; i < 70000; i++) big.push(i);
var bs = big.slice(5);
print("big", bs.length, bs[0], bs[69994]);
print("array-like", show(Array.prototype.slice.call({ length: 3, 0: "a", 2: "c" })));
print("strings", show(Array.prototype.slice.call("abc", 1)));
var e = [1, 2, 3];
var es = e.slice();
es[0] = "x";
print("independent", show(e), show(es));
