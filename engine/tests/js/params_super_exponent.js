// Parameters with expressions are uninitialized until their turn.
function later(a = b, b) { return [a, b]; }
function self(a = a) { return a; }
function ok(a, b = a, c = b + 1) { return [a, b, c]; }
function tryIt(f, ...args) {
  try { return JSON.stringify(f(...args)); } catch (e) { return e.constructor.name; }
}
print(tryIt(later), tryIt(later, 1), tryIt(later, undefined, 2));
print(tryIt(self), tryIt(self, 5));
print(tryIt(ok, 1), tryIt(ok, 1, 5), tryIt(ok, 1, 5, 0));
var arrow = (x = y, y = 1) => [x, y];
print(tryIt(arrow), tryIt(arrow, 3));
var closure = (f = () => z, z = 2) => f();
print(tryIt(closure));
var early = (f = () => z, g = f(), z = 2) => g;
print(tryIt(early));
function pattern(a = b, [b] = [1]) { return [a, b]; }
print(tryIt(pattern), tryIt(pattern, 0));
function patternDefault([a = b], b) { return a; }
print(tryIt(patternDefault, []), tryIt(patternDefault, [1]));
function rest(a = r, ...r) { return a; }
print(tryIt(rest), tryIt(rest, 1, 2));
function assign(a = (b = 1), b) { return b; }
print(tryIt(assign));
function typeofLater(a = typeof b, b) { return a; }
print(tryIt(typeofLater));
function* gen(a = b, b) { yield a; }
print(tryIt(() => gen().next()), tryIt(() => gen(1).next().value));
async function af(a = b, b) { return a; }
af().then(() => print("resolved"), (e) => print("async rejected", e.constructor.name));
class K { m(a = b, b) { return a; } static s(a = a) { return a; } }
print(tryIt(() => new K().m()), tryIt(() => K.s()), tryIt(() => K.s(4)));
var obj = { m(a = b, b) {}, set x(v = v) { this.v = v; } };
print(tryIt(() => obj.m()), tryIt(() => { obj.x = undefined; }), tryIt(() => { obj.x = 3; return obj.v; }));
// The arguments object and length are unchanged.
function lens(a, b = 1, c) { return [arguments.length, a, b, c]; }
print(lens.length, JSON.stringify(lens(1)), JSON.stringify(lens(1, undefined, 3)));
// A function named like a parameter
function named(a = 1, b) { function b() {} return typeof b; }
print(named(), named(1, 2));
function named2(a = 1) { var a; return a; }
print(named2(), named2(7));
// Captured parameters
function cap(a, b = () => a, c = a) { a = 9; return [b(), c]; }
print(JSON.stringify(cap(1)));
// eval in parameters
function ev(a = eval("b"), b) { return a; }
print(tryIt(ev));

// super[key] = value: the key is converted after the right side runs,
// and a null base is only found then.
var order = [];
var key = { toString() { order.push("key"); return "p"; } };
class Base {}
class D extends Base {
  m() { super[key] = (order.push("rhs"), 1); return this.p; }
  static d() { delete super[key]; }
}
print(new D().m(), order.join());
order = [];
print(tryIt(() => D.d()), order.join());
var count = 0;
class N { static m() { super[0] = count += 1; } static x() { delete super.x; } }
Object.setPrototypeOf(N, null);
print(tryIt(() => N.m()), count, tryIt(() => N.x()));

// ** after unary operators needs parentheses; after update expressions not.
var base = 4;
print(--base ** 2, base++ ** 2, base, (-2) ** 2, 2 ** -1);
for (var src of ["-2 ** 2", "+a ** 2", "!a ** 2", "~a ** 2", "typeof a ** 2", "void a ** 2", "delete a.b ** 2"]) {
  try { Function(src); print("no error:", src); } catch (e) { print(e.constructor.name + ":", src); }
}
// Defaults that cannot see later parameters keep plain parameters.
function plainDefaults(a, b = 1, c = a + b, d) { return [a, b, c, d]; }
print(JSON.stringify(plainDefaults(1)), JSON.stringify(plainDefaults(1, 2, 3, 4)));
function laterClosure(a = 1, g = () => d, d = 4) { return g(); }
print(tryIt(laterClosure));
function restRead(a = r, ...r) { return r; }
function restPlain(a = 1, ...r) { return r.length; }
print(tryIt(restRead), tryIt(restPlain, 1, 2, 3));
function fnNamed(a = 1, b = 2) { function b() {} return typeof b; }
print(fnNamed(), fnNamed(1, 5));
