// Declarations, scoping, closures and TDZ.
var v = 1;
let l = 2;
const c = 3;
print(v + l + c);
{
  let l = 10;
  print(l);
}
print(l);
try { tdz; let tdz = 1; } catch (e) { print(e instanceof ReferenceError); }
try { c = 4; } catch (e) { print(e instanceof TypeError); }
function counter() { var n = 0; return function () { return ++n; }; }
var cnt = counter();
cnt(); cnt();
print(cnt());
var fns = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
print(fns.map(f => f()).join());
var fns2 = [];
for (var j = 0; j < 3; j++) fns2.push(() => j);
print(fns2.map(f => f()).join());
// Hoisting.
print(typeof hoisted, hoisted());
function hoisted() { return "h"; }
print(typeof notYet);
var notYet = 1;
// this, new, prototypes.
function Point(x, y) { this.x = x; this.y = y; }
Point.prototype.sum = function () { return this.x + this.y; };
var p = new Point(3, 4);
print(p.sum(), p instanceof Point, Object.getPrototypeOf(p) === Point.prototype);
print(p.constructor === Point, "x" in p, "z" in p);
function Ret() { return { r: 1 }; }
print(new Ret().r);
// arguments.
function args() { return arguments.length + ":" + arguments[1]; }
print(args(1, "b", 3));
function rest(a, ...r) { return r.length; }
print(rest(1, 2, 3, 4));
function dflt(a, b = a + 1) { return b; }
print(dflt(1), dflt(1, 5));
// Arrow this.
var obj = { v: 7, m() { return [1].map(() => this.v)[0]; } };
print(obj.m());
// Getters and setters.
var gs = { _x: 1, get x() { return this._x * 2; }, set x(v) { this._x = v; } };
gs.x = 5;
print(gs.x);
// delete, void, typeof, comma, conditional.
var d = { a: 1, b: 2 };
print(delete d.a, "a" in d, void 0, typeof null, (1, 2), d.b ? "yes" : "no");
// Labels.
outer: for (var a = 0; a < 3; a++) {
  for (var b = 0; b < 3; b++) {
    if (b === 1) continue outer;
    if (a === 2) break outer;
    print("ab", a, b);
  }
}
// Switch with fallthrough and default in the middle.
function sw(x) {
  var out = [];
  switch (x) {
    case 1: out.push(1);
    default: out.push("d");
    case 2: out.push(2); break;
    case 3: out.push(3);
  }
  return out.join();
}
print(sw(1), sw(2), sw(3), sw(9));
// do-while and while.
var k = 0;
do { k++; } while (k < 5);
while (k < 8) k++;
print(k);
// for-in order: integer keys first.
var order = { b: 1, 2: 1, a: 1, 1: 1 };
var keys = [];
for (var key in order) keys.push(key);
print(keys.join());
// Named function expression binding.
var fact = function f(n) { return n <= 1 ? 1 : n * f(n - 1); };
print(fact(5));
// Template literals.
var who = "t";
print(`a${who}b${1 + 1}c`);

// Method names are property names, even reserved words in strict code.
(function () {
  'use strict';
  var o = { implements() { return 1; }, get package() { return 2; }, static() { return 3; } };
  print(o.implements(), o.package, o.static());
})();
// A computed key is converted before the value is evaluated.
(function () {
  var value = 'bad';
  var key = { toString() { value = 'ok'; return 'p'; } };
  var obj = { [key]: value };
  print(obj.p);
})();
// Only a bare identifier target names an anonymous function.
(function () {
  var a, b;
  a = function () {};
  (b) = function () {};
  print(JSON.stringify(a.name), JSON.stringify(b.name));
})();
