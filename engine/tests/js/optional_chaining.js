// Optional chaining (ES2020): short-circuiting, this values, delete,
// private names, super, eval, and the early errors.
var log = [];
var o = {
  n: null,
  u: undefined,
  arr: [10, 20, 30],
  inner: { v: 1, m() { return this === o.inner; } },
  f() { return this; },
  get g() { log.push("get g"); return { h: 7 }; },
};
print(o?.inner?.v, o.n?.x, o.u?.x, o.n?.x.y.z, o.n?.[0], o.u?.());
print(o?.arr?.[1], o.arr?.length, o.inner.m?.(), o.inner?.m(), o.f?.() === o);
print(o.missing?.(), o.missing?.a.b.c(), typeof o.n?.x);
print(null?.x, undefined?.[0], (void 0)?.());

// Short-circuiting skips the rest of the chain, including its side effects.
var count = 0;
o.n?.[count++];
o.n?.a[count++].b(count++);
o.n?.(count++);
print("count", count);
o.arr?.[count++];
print("count", count);

// The getter runs once.
print(o.g?.h, log.join());

// A parenthesized chain ends the short circuit.
try {
  (o.n?.x).y;
} catch (e) {
  print("paren", e instanceof TypeError);
}
print((o?.inner).v, (o?.f)() === o, (o.inner?.m)());

// Method calls keep their this value.
var calls = {
  a: { b() { return this.tag; }, tag: "a" },
};
print(calls.a?.b(), calls?.a.b(), calls.a.b?.(), calls?.["a"]?.["b"]?.());

// Calling a non-nullish non-function still throws.
try {
  o.arr?.();
} catch (e) {
  print("not callable", e instanceof TypeError);
}

// Mixing with other operators.
print(o.n?.x ?? "default", o.inner?.v || "no", !o.n?.x, o.arr?.[0] + 1);
print(o.n?.x === undefined, o?.arr.map?.((x) => x * 2).join("-"));

// delete
var d = { a: { b: 1, c: 2 } };
print(delete d?.a.b, "b" in d.a, delete d.nope?.b, delete d?.["a"]?.c, JSON.stringify(d));
print(delete null?.x, delete (d?.a));

// Private names
class P {
  #x = 42;
  #m() { return this.#x + 1; }
  static get(o) { return o?.#x; }
  static call(o) { return o?.#m(); }
  static deep(o) { return o?.inner.#x; }
  static parens(o) { return (o?.#m)(); }
}
var p = new P();
print(P.get(p), P.get(null), P.call(p), P.call(undefined), P.deep({ inner: p }), P.deep(null));
print(P.parens(p));
try {
  P.get({});
} catch (e) {
  print("brand", e instanceof TypeError);
}

// super
class Base {
  m() { return "base m " + (this instanceof Derived); }
}
class Derived extends Base {
  test() { return [super.m?.(), super.nope?.(), super["m"]?.()].join(); }
}
print(new Derived().test());

// eval?.() is an indirect eval: it sees the global scope.
var which = "global";
(function () {
  var which = "local";
  print(eval("which"), eval?.("which"));
})();

// new with chains
function Ctor() { this.v = 5; }
var holder = { Ctor: Ctor };
print(new Ctor()?.v, new holder.Ctor()?.v, new (holder?.Ctor)().v);

// Chains in templates, conditions, arguments
var t = null;
print(`${t?.x}`, t?.x ? "yes" : "no", [t?.a, o?.inner.v].join("/"));

// Chains inside nested optional calls
var fns = { id(x) { return x; } };
print(fns.id?.(fns.nope?.(1)), fns.id?.(o?.arr?.[2]));

// Numbers after ?: are not chains.
var cond = true ? .5 : 1;
print(cond, false?.5:2);

// Early errors
var bad = [
  "a?.b = 1",
  "a?.b++",
  "--a?.b",
  "a?.b += 1",
  "a?.b &&= 1",
  "a?.b`tpl`",
  "a?.`tpl`",
  "a?.b.c`tpl`",
  "new a?.b()",
  "new a?.()",
  "for (a?.b of []);",
  "for (a?.b in {});",
  "[a?.b] = [];",
  "({ x: a?.b } = {});",
  "(a?.b) = 1",
  "a?.()= 1",
  "class C { #x; m() { delete this?.#x; } }",
  "class C { #x; m() { delete (this?.#x); } }",
  "class C extends Object { m() { super?.x; } }",
  "a?.b.#nope",
];
for (var src of bad) {
  try {
    Function(src);
    print("no error:", src);
  } catch (e) {
    print(e.constructor.name + ":", src);
  }
}
