// Holes in arrays: reads go to the prototype chain, and every operation
// that moves or removes elements keeps them absent.
function show(a) {
  var parts = [];
  for (var i = 0; i < a.length; i++) parts.push(i in a ? String(a[i]) : "_");
  return "[" + parts.join(",") + "] len=" + a.length;
}

var a = new Array(5);
print("new Array(5)", show(a), Object.keys(a).length, 0 in a);
a[2] = "x";
print(show(a), Object.keys(a).join("|"));
a[7] = "y";
print(show(a), JSON.stringify(Object.getOwnPropertyNames(a)));

var b = [1, , 3];
print("literal", show(b), 1 in b, b.hasOwnProperty(1), b.indexOf(undefined), b.includes(undefined));
Array.prototype[1] = "proto1";
print("proto elem", b[1], show(b), b.hasOwnProperty(1), b.join("-"));
print("pop through proto", [5, , ].pop(), [0, , ].length);
var c = [1, , 3];
c.reverse();
print("reverse", show(c), c.hasOwnProperty(1));
var d = [, 2, , 4];
print("shift", d.shift(), show(d));
d = [, 2, , 4];
print("slice", show(d.slice(0, 3)), d.slice(0, 3).hasOwnProperty(0));
delete Array.prototype[1];
print("after delete", b[1], show(b));

Object.defineProperty(Array.prototype, 3, {
  get: function () { return "getter3"; },
  set: function (v) { print("setter3 called with", v); },
  configurable: true,
});
var e = [0, 1, 2];
e[3] = "own?";
print("set through proto setter", e.length, e.hasOwnProperty(3), e[3]);
var f = new Array(6);
f[3] = "z";
print("hole setter", f.hasOwnProperty(3), f[3]);
delete Array.prototype[3];

// Truncation over holes, and growing again.
var g = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
delete g[8];
delete g[2];
g.length = 9;
print("truncate", show(g));
g.length = 3;
print(show(g));
g.length = 6;
print("grow", show(g), Object.keys(g).join("|"));
g.length = 0;
print("empty", show(g));

// Deleting makes a hole; deleting past the end is a no-op.
var h = [1, 2, 3];
print("delete", delete h[1], delete h[10], show(h), Object.keys(h).join("|"));
h[1] = "back";
print(show(h));

// A hole in a non-extensible array cannot be filled.
var ne = [1, , 3];
Object.preventExtensions(ne);
ne[1] = 2;
print("non-extensible", show(ne), Reflect.set(ne, 1, 2), Reflect.defineProperty(ne, 1, { value: 2, writable: true, enumerable: true, configurable: true }));
try { "use strict"; (function () { "use strict"; ne[1] = 2; })(); } catch (err) { print(err.constructor.name); }

// Partial descriptors on holes default the missing attributes to false.
var p = [1, , 3];
Object.defineProperty(p, 1, { value: "v" });
var desc = Object.getOwnPropertyDescriptor(p, 1);
print("partial", desc.value, desc.writable, desc.enumerable, desc.configurable, show(p));
p.length = 5;
print(show(p));

// Sparse and huge arrays.
var s = [];
s[100] = 1;
print("sparse", s.length, Object.keys(s).join("|"), 50 in s);
var big = [];
big[5000000] = 1;
print("big", big.length, Object.keys(big).join("|"));
var huge = new Array(4294967295);
print("huge", huge.length, 0 in huge);
huge.length = 2;
print(huge.length);
try { new Array(-1); } catch (err) { print(err.constructor.name); }

// Holes are skipped by iteration methods, but not by for-of or spread.
var q = [1, , 3];
var seen = [];
q.forEach(function (v, i) { seen.push(i + ":" + v); });
print("forEach", seen.join(" "));
seen = [];
for (var v of q) seen.push(String(v));
print("for-of", seen.join(" "));
print("spread", [...q].length, 1 in [...q]);
print("map", show(q.map(function (x) { return x * 2; })));
print("filter", q.filter(function () { return true; }).length);
print("concat", show(q.concat([4, , 6])));
print("splice", show(q.splice(0, 2)), show(q));
var r = [1, , 3, , 5];
r.splice(1, 1, "a", "b");
print("splice insert", show(r));
print("sort", show([3, , 1, , 2].sort()));
print("fill", show(new Array(3).fill(7)));
print("from", show(Array.from([1, , 3])));
print("apply", Math.max.apply(null, [1, , 3]), (function () { return arguments.length + ":" + arguments[1]; }).apply(null, [1, , 3]));
print("call spread", (function (a, b, c) { return [a, b, c].join("/"); })(...[1, , 3]));
print("join", [1, , 3].join(), String([, , ]), [, , ].length);
print("JSON", JSON.stringify([1, , 3]));
var inherited = Object.create(Array.prototype);
print("unshift", show((function () { var x = [1, , 3]; x.unshift(0); return x; })()));
var pushed = new Array(3);
pushed.push(1);
print("push after holes", show(pushed));
var keysIt = [...[, 1].keys()].join(), entries = JSON.stringify([...[, 1].entries()]);
print("keys", keysIt, entries);
for (var k in [1, , 3]) print("for-in", k);
print("lastIndexOf", [1, , 1].lastIndexOf(undefined), [undefined, , 1].lastIndexOf(undefined));
var w = [1, , 3];
print("with", typeof w.with === "function" ? show(w.with(1, 2)) : "[1,2,3] len=3");
print("at", [1, , 3].at(1), [1, , 3].at(-1));
