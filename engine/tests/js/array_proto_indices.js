// Appending to arrays and reading holes must see indexed properties that
// appear on the prototype chain at any time.
function fill(n) { var a = []; for (var i = 0; i < n; i++) a[i] = i; return a; }
function holes() { var a = [0, , 2, , 4]; return a; }
print(fill(3).join(), holes()[1], [1, 2].pop());

Object.prototype[3] = "op3";
var a = fill(2);
a[3] = "x";
print("own after op index", a.hasOwnProperty(3), a[3], a.length, a[2] === undefined, [0, 1, 2][3]);
Object.defineProperty(Object.prototype, 5, { set: function (v) { print("op setter", v); }, get: function () { return "op5"; }, configurable: true });
var b = fill(5);
b[5] = "mine";
print("setter on Object.prototype", b.hasOwnProperty(5), b[5], b.length);
b.push("pushed");
print("push goes through setter", b.length, b.hasOwnProperty(5));
var h = new Array(6);
print("hole reads proto", h[3], h[5], h[1]);
delete Object.prototype[3];
delete Object.prototype[5];
var c = fill(6);
print("clean again", c.length, c[5], new Array(6)[3]);

// Make Object.prototype a dictionary, then add an index.
delete Object.prototype.__lookupGetter__;
for (var i = 0; i < 80; i++) Object.prototype["p" + i] = i;
print(fill(4).length, holes()[3]);
Object.prototype[3] = "dict3";
print("dictionary proto index", holes()[3], [0, , 2].pop === Array.prototype.pop, [5, , ].pop(), fill(4)[3]);
var d = [];
d[3] = "own";
print(d.hasOwnProperty(3), Object.keys(d).join());
delete Object.prototype[3];
for (var i = 0; i < 80; i++) delete Object.prototype["p" + i];
print("after cleanup", holes()[3], [5, , ].pop());

// Array.prototype gets elements.
Array.prototype.push("ap0");
print("Array.prototype length", Array.prototype.length, [, 1][0], new Array(2)[0]);
var e = [];
e.push(1);
print(e[0], e.length);
Array.prototype.length = 0;
print("Array.prototype emptied", [, 1][0], Array.prototype.length);
Array.prototype[1] = "ap1";
var f = [0];
f[1] = "mine";
print(f.hasOwnProperty(1), f[1]);
print("shift with proto", JSON.stringify((function () { var x = [0, , 2]; x.shift(); return [x.hasOwnProperty(0), x[0], x.length]; })()));
Array.prototype.length = 0;

// A new prototype for Array.prototype.
var sneaky = { 2: "sneaky2" };
Object.setPrototypeOf(Array.prototype, sneaky);
print("proto of proto", [0, 1, , 3][2], new Array(3)[2], [9, 8, , ].pop());
var g = [0, 1];
Object.defineProperty(sneaky, 2, { set: function (v) { print("sneaky setter", v); } });
g[2] = "x";
print(g.length, g.hasOwnProperty(2));
Object.setPrototypeOf(Array.prototype, Object.prototype);
print("restored", [0, 1, , 3][2]);

// Arrays whose own prototype is changed.
var k = [1, , 3];
Object.setPrototypeOf(k, { 1: "custom" });
print("custom proto", k[1], k.length);
var m = [];
Object.setPrototypeOf(m, Object.create(Array.prototype, { 0: { set: function (v) { print("m setter", v); } } }));
m[0] = 5;
m.push(6);
print(m.length, m.hasOwnProperty(0));

// String objects and typed arrays on the chain answer for indices.
var n = [];
Object.setPrototypeOf(n, new String("abc"));
print("string proto", n[1], n.length);
n[1] = "w";
print(n[1], n.length, Object.keys(n).join());
