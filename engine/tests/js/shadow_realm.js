// ShadowRealm: evaluate, the callable boundary, wrapped functions.
const r = new ShadowRealm();
print(typeof r, Object.prototype.toString.call(r));
print(r.evaluate("1 + 2"), r.evaluate("'s' + 'tr'"), r.evaluate("undefined"));
print(typeof r.evaluate("Symbol('x')"), r.evaluate("10n ** 20n"));

// Each realm has its own globals; declarations persist across evaluations.
r.evaluate("var counter = 0; globalThis.bump = () => ++counter;");
r.evaluate("bump(); bump();");
print(r.evaluate("counter"), typeof globalThis.counter);
r.evaluate("let scoped = 1;");
print(r.evaluate("typeof scoped"));
print(r.evaluate("Array") === Array);

// Non-callable objects do not cross.
for (const src of ["({})", "[]", "new Map()", "/x/"]) {
  try {
    r.evaluate(src);
  } catch (e) {
    print(src, e instanceof TypeError);
  }
}

// Errors in the other realm become TypeErrors of this one.
try {
  r.evaluate("throw new RangeError('inner')");
} catch (e) {
  print("thrown:", e.constructor === TypeError);
}
try {
  r.evaluate("let let = 1");
} catch (e) {
  print("syntax:", e.constructor === SyntaxError);
}
try {
  r.evaluate(42);
} catch (e) {
  print("not a string:", e.constructor === TypeError);
}

// Wrapped functions: name and length copied, prototype from this realm.
const add = r.evaluate("function add(a, b, c) { return a + b + (c ?? 0); }; add");
print(typeof add, add.name, add.length, Object.getPrototypeOf(add) === Function.prototype);
print(add(1, 2), add("x", "y", "z"));
print(Object.getOwnPropertyNames(add).join());
print(JSON.stringify(Object.getOwnPropertyDescriptor(add, "length")));
try {
  new add();
} catch (e) {
  print("new:", e.constructor === TypeError);
}
const named = r.evaluate(`
  const f = function () {};
  Object.defineProperty(f, "name", { value: 123 });
  Object.defineProperty(f, "length", { value: 2.7 });
  f`);
print(JSON.stringify(named.name), named.length);
const huge = r.evaluate(`
  const g = () => {};
  Object.defineProperty(g, "length", { value: -Infinity });
  g`);
print(huge.length);

// Arguments and results are wrapped on each crossing.
const apply = r.evaluate("(fn, x) => fn(x) * 2");
print(apply((x) => x + 1, 20));
try {
  apply({}, 1);
} catch (e) {
  print("object argument:", e.constructor === TypeError);
}
const returnsObject = r.evaluate("() => ({})");
try {
  returnsObject();
} catch (e) {
  print("object result:", e.constructor === TypeError);
}
const thrower = r.evaluate("() => { throw new Error('boom'); }");
try {
  thrower();
} catch (e) {
  print("inner throw:", e.constructor === TypeError);
}
const callback = r.evaluate("(cb) => { try { cb(); } catch (e) { return e.constructor === TypeError; } }");
print("outer throw seen inside as TypeError:", callback(() => { throw new RangeError("x"); }));
const makeAdder = r.evaluate("(n) => (m) => n + m");
const add5 = makeAdder(5);
print(add5(10), add5.name === "", makeAdder(1) === makeAdder(1));
const identity = r.evaluate("(f) => f");
const mine = function mine() { return "mine"; };
const back = identity(mine);
print(back === mine, back(), back.name);

// Nested realms.
print(r.evaluate("new ShadowRealm().evaluate('6 * 7')"));

// Validation.
try {
  ShadowRealm();
} catch (e) {
  print("call:", e.constructor === TypeError);
}
try {
  ShadowRealm.prototype.evaluate.call({}, "1");
} catch (e) {
  print("receiver:", e.constructor === TypeError);
}
print(ShadowRealm.length, ShadowRealm.prototype.evaluate.length, ShadowRealm.prototype.importValue.length);

// importValue rejects with a TypeError when the module cannot be loaded.
r.importValue("./no-such-module.js", "x").then(
  () => print("unexpected"),
  (e) => print("importValue rejected:", e.constructor === TypeError),
);
