// Classes (§15.7): definitions, inheritance, super, fields, private names,
// static blocks, and subclassing built-ins.
function err(f) {
  try { f(); return "no error"; } catch (e) { return e.constructor.name; }
}

// Declarations: methods, accessors, statics, computed keys.
var log = [];
class A {
  constructor(x) { this.x = x; }
  get double() { return this.x * 2; }
  set double(v) { this.x = v / 2; }
  inc() { return ++this.x; }
  static make(x) { return new this(x); }
  ["comp" + "uted"]() { return "c"; }
  *[Symbol.iterator]() { yield this.x; yield this.x + 1; }
  async later() { return this.x; }
}
var a = A.make(3);
print("basic", a.x, a.double, a.inc(), a.computed(), [...a].join());
a.double = 20;
print("setter", a.x, typeof A, A.name, A.length);
print("descriptors", Object.getOwnPropertyNames(A.prototype).join(),
  Object.getOwnPropertyDescriptor(A.prototype, "inc").enumerable,
  Object.getOwnPropertyDescriptor(A, "prototype").writable);
print("call without new", err(() => A()));
a.later().then(v => print("async method", v));

// The class binding: TDZ, const inside, let outside.
print("tdz", err(() => { new B(); class B {} }));
class C { m() { C = 1; } }
print("inner const", err(() => new C().m()));
var D = class Named { who() { return typeof Named; } };
print("expression name", new D().who(), typeof Named, D.name);
var anon = class {};
var anonStatic = class { static name() { return "static"; } };
print("anonymous names", anon.name, typeof anonStatic.name);
print("heritage tdz", err(() => { class E extends E {} }));

// Inheritance, super calls and super properties.
class Base {
  constructor(v) { this.v = v; log.push("Base " + new.target.name); }
  describe() { return "base " + this.v; }
  static kind() { return "base kind"; }
  get prop() { return "base prop"; }
}
class Derived extends Base {
  constructor(v) {
    const f = () => super(v * 10);
    f();
    this.extra = true;
  }
  describe() { return "derived(" + super.describe() + ")"; }
  static kind() { return "derived/" + super.kind(); }
  get prop() { return super.prop + "!"; }
}
var d = new Derived(4);
print("derived", d.v, d.extra, d.describe(), Derived.kind(), d.prop, log.join());
print("instanceof", d instanceof Derived, d instanceof Base,
  Object.getPrototypeOf(Derived) === Base);
class Default extends Derived {}
var dd = new Default(1);
print("default ctor", dd.v, dd.describe(), Default.length);
class NoSuper extends Base { constructor() { } }
print("no super", err(() => new NoSuper()));
class Twice extends Base { constructor() { super(1); super(2); } }
print("super twice", err(() => new Twice()));
class EarlyThis extends Base { constructor() { this.x = 1; super(); } }
print("this before super", err(() => new EarlyThis()));
class ReturnsObject extends Base { constructor() { return { other: 1 }; } }
print("return object", JSON.stringify(new ReturnsObject()));
class ReturnsPrimitive extends Base { constructor() { super(); return 1; } }
print("return primitive", err(() => new ReturnsPrimitive()));
class FromNull extends null {}
print("extends null", Object.getPrototypeOf(FromNull.prototype), err(() => new FromNull()));
print("bad heritage", err(() => { class X extends 1 {} }));
class SuperSet extends Base { set(v) { super.v = v; return this.v; } }
print("super set", new SuperSet(1).set(9));

// Object literal methods have home objects too.
var proto = { hi() { return "proto hi"; } };
var obj = { __proto__: proto, hi() { return super.hi() + " via obj"; } };
print("object super", obj.hi());

// Fields: order, scope, computed keys, this.
var order = [];
function key(k) { order.push("key " + k); return k; }
class Fields {
  [key("a")] = order.push("init a");
  b = this.a + 1;
  static s = order.push("static init") && this.name;
  [key("c")] = () => this;
  static [key("t")] = 5;
  constructor() { order.push("ctor"); }
}
order.push("defined");
var f = new Fields();
print("fields", f.a, f.b, Fields.s, Fields.t, f.c() === f, order.join());
print("field props", Object.keys(f).join());
class SubFields extends Fields { z = this.b * 10; }
print("subclass fields", new SubFields().z);
var named = class { fn = function () {}; arrow = () => {}; };
print("field function names", new named().fn.name, new named().arrow.name);

// Private names.
class Counter {
  #count = 0;
  static #instances = 0;
  #secret() { return "secret " + this.#count; }
  get #double() { return this.#count * 2; }
  set #double(v) { this.#count = v / 2; }
  constructor() { Counter.#instances++; }
  inc() { this.#count++; return this; }
  peek() { return [this.#count, this.#double, this.#secret()].join(); }
  setDouble(v) { this.#double = v; return this.#count; }
  static count() { return Counter.#instances; }
  static isCounter(o) { return #count in o; }
  static read(o) { return o.#count; }
  writeMethod() { this.#secret = 1; }
}
var c1 = new Counter().inc().inc();
new Counter();
print("private", c1.peek(), c1.setDouble(10), Counter.count());
print("brand", Counter.isCounter(c1), Counter.isCounter({}), err(() => Counter.read({})));
print("in primitive", err(() => Counter.isCounter(1)));
print("write method", err(() => c1.writeMethod()));
print("invisible", Object.getOwnPropertyNames(c1).length, JSON.stringify(c1),
  Reflect.ownKeys(Counter).join());
class Sub extends Counter {}
print("static private via subclass", err(() => Sub.count.call(Sub)),
  err(() => { class P { static #p = 1; static get() { return this.#p; } } class Q extends P {} Q.get(); }));
// Each evaluation of a class has its own private names.
function makeClass() { return class { #v = 1; static has(o) { return #v in o; } }; }
var K1 = makeClass(), K2 = makeClass();
print("per evaluation", K1.has(new K1()), K1.has(new K2()));
// Frozen objects keep their private fields writable.
class Frozen { #x = 1; constructor() { Object.freeze(this); } bump() { return ++this.#x; } }
print("frozen", new Frozen().bump());

// Static blocks.
var staticLog = [];
class Blocks {
  static x = 1;
  static { staticLog.push("block " + this.x); this.y = this.x + 1; }
  static #p = 3;
  static { staticLog.push("private " + Blocks.#p); }
}
print("static blocks", Blocks.y, staticLog.join());

// Source text.
class Shown { m() { return 1; } }
print("toString", Shown.toString(), Shown.prototype.m.toString());

// Subclassing built-ins.
class MyArray extends Array { sum() { return this.reduce((a, b) => a + b, 0); } }
var ma = MyArray.from([1, 2, 3]);
print("array", ma.length, ma.sum(), ma instanceof MyArray, Array.isArray(ma),
  ma.map(x => x * 2) instanceof MyArray);
ma[5] = 1;
print("array length", ma.length);
class MyError extends Error {
  constructor(m) { super(m); this.name = "MyError"; }
}
var me = new MyError("boom");
print("error", me.message, me instanceof Error, me instanceof MyError, String(me));
class MyMap extends Map { getOr(k, d) { return this.has(k) ? this.get(k) : d; } }
var mm = new MyMap([[1, "one"]]);
print("map", mm.getOr(1), mm.getOr(2, "none"), mm.size);
class MyRegExp extends RegExp { test(s) { return !super.test(s); } }
print("regexp", new MyRegExp("a").test("abc"), new MyRegExp("a") instanceof RegExp);
class MyPromise extends Promise {}
var mp = MyPromise.resolve(7);
print("promise", mp instanceof MyPromise, mp.then(() => {}) instanceof MyPromise);
mp.then(v => print("promise value", v));
class MyFunction extends Function {}
var mf = new MyFunction("return 5");
print("function", mf(), mf instanceof MyFunction, Object.getPrototypeOf(mf) === MyFunction.prototype);

// Early errors.
function syntax(src) {
  try { eval(src); return "ok"; } catch (e) { return e.constructor.name; }
}
print("early errors",
  syntax("class X { constructor() {} constructor() {} }"),
  syntax("class X { #a; #a; }"),
  syntax("class X { m() { this.#b; } }"),
  syntax("class X { constructor() { super(); } }"),
  syntax("class X { x = arguments; }"),
  syntax("class X { static prototype() {} }"),
  syntax("class X { get constructor() {} }"),
  syntax("class X { static { await; } }"),
  syntax("class X { #x; m() { delete this.#x; } }"),
  syntax("function f() { super.x; }"),
  syntax("class X { get #a() {} set #a(v) {} }"),
  syntax("class X { static { return; } }"));

// Computed object-literal methods and accessors have home objects too.
var k = "m";
var o2 = {
  __proto__: { m() { return "pm"; }, get g() { return "pg"; } },
  [k]() { return super.m() + "!"; },
  get [k + "g"]() { return super.g; },
};
print("computed home", o2.m(), o2.mg);
print("await in field", syntax("async function f() { class X { x = await 1; } }"),
  syntax("class X { x = await; }"));

// Anonymous classes are named by their binding or key.
var sym = Symbol("desc");
var named2 = { [sym]: class {}, ["k" + 1]: class {}, plain: class {} };
let letClass = class {};
print("class names", named2[sym].name, named2.k1.name, named2.plain.name, letClass.name);
