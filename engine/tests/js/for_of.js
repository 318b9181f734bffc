// for-of over arrays, strings (by code point) and custom iterables; early exits close the iterator.
var out = [];
for (var x of [1, 2, 3]) out.push(x);
for (let c of "a\ud83d\ude00b") out.push(c.length);
var closed = 0;
var iterable = {}; iterable[Symbol.iterator] = function () { var i = 0; return { next: function () { return { value: i++, done: i > 5 }; }, return: function () { closed++; return {}; } }; };
for (var v of iterable) { if (v == 2) break; out.push("v" + v); }
outer: for (var a of [1, 2]) { for (var b of iterable) { continue outer; } }
var fs = [];
for (let i of [1, 2, 3]) fs.push(() => i);
print(out.join(), closed, fs.map(f => f()).join());
