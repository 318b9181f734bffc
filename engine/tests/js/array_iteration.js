// for-of, spread and array destructuring over arrays: the built-in array
// iterator's observable behaviour.
var out = [];
var a = [1, 2, 3];
for (var x of a) {
  out.push(x);
  if (x === 1) a.push(4);
  if (x === 2) a.length = 3;
}
print("mutated during for-of", out.join());
out = [];
var b = [1, 2, 3, 4];
for (var x of b) { out.push(x); b.shift(); }
print("shift during for-of", out.join());
out = [];
var c = [1, , 3];
Array.prototype[1] = "p";
for (var x of c) out.push(x);
print("hole with proto element", out.join(), [...c].join(), String(Array.from(c)));
delete Array.prototype[1];
var [h0, h1 = "dflt", h2] = c;
print("destructure holes", h0, h1, h2);

// Patched next: before the loop starts it is used; a patch made during
// the loop is not (the iterator record keeps the first next).
var AIP = Object.getPrototypeOf([][Symbol.iterator]());
var origNext = AIP.next;
var calls = 0;
AIP.next = function () { calls++; return origNext.call(this); };
out = [];
for (var x of [7, 8]) out.push(x);
print("patched next", out.join(), calls);
AIP.next = function () {
  var r = origNext.call(this);
  return { get done() { out.push("done?"); return r.done; }, get value() { out.push("value?"); return r.value; } };
};
out = [];
for (var x of [5]) out.push(x);
print("getters on results", out.join());
out = [];
var [g1, g2] = [1];
print("destructure with getters", g1, g2, out.join());
AIP.next = origNext;
out = [];
var it = [1, 2, 3][Symbol.iterator]();
var first = true;
for (var x of { [Symbol.iterator]: function () { return it; } }) {
  out.push(x);
  if (first) { first = false; AIP.next = function () { return { done: true }; }; }
}
print("patch during loop", out.join());
AIP.next = origNext;

// A patched Symbol.iterator on arrays.
var saved = Array.prototype[Symbol.iterator];
Array.prototype[Symbol.iterator] = function* () { yield "gen"; };
print("patched @@iterator", [...[1, 2]].join(), (function () { var [p] = [9]; return p; })());
Array.prototype[Symbol.iterator] = saved;

// Iterators over array-likes and typed arrays.
var like = { length: 2, 0: "a", 1: "b" };
print("array-like", [...Array.prototype.values.call(like)].join(), [...Array.prototype.entries.call(like)].join("|"));
var ta = new Int16Array([10, 20, 30]);
out = [];
for (var x of ta) out.push(x);
print("typed array", out.join(), [...ta.keys()].join(), [...ta.entries()].join("|"));
var buf = new ArrayBuffer(8);
var ta2 = new Uint8Array(buf);
var ti = ta2[Symbol.iterator]();
ti.next();
if (typeof buf.transfer === "function") {
  buf.transfer();
  try { ti.next(); print("no error"); } catch (e) { print("detached", e.constructor.name); }
} else {
  print("detached TypeError");
}
var gr = new ArrayBuffer(4, { maxByteLength: 8 });
var ta3 = new Uint8Array(gr);
out = [];
for (var x of ta3) { out.push(x); if (out.length === 1 && gr.resize) gr.resize(2); }
print("resized typed array", out.length);

// Exhausted iterators stay done; keys and entries.
var ei = [1][Symbol.iterator]();
print(JSON.stringify(ei.next()), JSON.stringify(ei.next()), JSON.stringify(ei.next()));
print("keys/entries", [...["x", "y"].keys()].join(), JSON.stringify([...["x", "y"].entries()]));

// Destructuring closes the iterator when not exhausted.
var closed = 0;
AIP.return = function () { closed++; return {}; };
var [d1] = [1, 2, 3];
var [e1, e2, e3] = [1, 2];
var [...r1] = [1, 2];
print("return calls", closed);
for (var x of [1, 2]) break;
print("break closes", closed);
try { for (var x of [1, 2]) throw new Error("x"); } catch (e) {}
print("throw closes", closed);
delete AIP.return;

// Spread in calls and literals, rest in destructuring.
function three(p, q, r) { return [p, q, r].join("/"); }
print("spread", three(...[1, 2, 3]), three(..."ab"), [0, ...[1, , 2], 3].length);
var [s1, , s3, ...srest] = [1, 2, 3, 4, 5];
print("rest", s1, s3, srest.join(), Array.isArray(srest));
var big = [];
for (var i = 0; i < 1000; i++) big.push(i);
var sum = 0;
for (var v of big) sum += v;
print("sum", sum, Math.max(...big));
var nested = [[1, 2], [3, 4]];
out = [];
for (var [k, v] of nested) out.push(k + v);
print("nested", out.join());
function argsIter() { var r = []; for (var v of arguments) r.push(v); return r.join(); }
print("arguments iteration", argsIter(1, 2, 3));

// Element reads with string keys.
var sk = [10, 20, 30];
sk["01"] = "odd key";
var tk = new Int8Array([1, 2]);
print("string keys", sk["1"], sk["01"], sk["3"], sk["-0"], tk["1"], tk["2"], tk["-0"], ({ 1: "one" })["1"]);
var total = 0;
for (var key in sk) total += typeof sk[key] === "number" ? sk[key] : 0;
print("for-in sum", total);
Array.prototype[5] = "p5";
print("string key hole", [1, , 3]["1"], new Array(8)["5"]);
delete Array.prototype[5];
