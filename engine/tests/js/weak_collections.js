// WeakMap, WeakSet, WeakRef and FinalizationRegistry: the deterministic
// parts of their API (collection timing is not observable here).

function show(label, f) {
  try {
    print(label, f());
  } catch (e) {
    print(label, "threw", e.constructor.name);
  }
}

function desc(o, k) {
  var d = Object.getOwnPropertyDescriptor(o, k);
  return [typeof d.value, d.writable, d.enumerable, d.configurable].join();
}

// Constructors and prototypes.
[WeakMap, WeakSet, WeakRef, FinalizationRegistry].forEach(function (C) {
  print(C.name, C.length, desc(globalThis, C.name), Object.prototype.toString.call(C.prototype),
        Object.getPrototypeOf(C.prototype) === Object.prototype,
        C.prototype.constructor === C);
  show(C.name + " without new", function () { return C(); });
});
// (getOrInsert and getOrInsertComputed, from the upsert proposal, are left
// out: the reference engine predates them.)
print(Object.getOwnPropertyNames(WeakMap.prototype).filter(function (n) {
  return n.indexOf("getOrInsert") !== 0;
}).sort().join());
print(Object.getOwnPropertyNames(WeakSet.prototype).sort().join());
print(Object.getOwnPropertyNames(WeakRef.prototype).sort().join());
print(Object.getOwnPropertyNames(FinalizationRegistry.prototype).sort().join());
print(WeakMap.prototype.set.length, WeakMap.prototype.get.length, WeakSet.prototype.add.length,
      WeakRef.prototype.deref.length, FinalizationRegistry.prototype.register.length,
      FinalizationRegistry.prototype.unregister.length);

// WeakMap.
var wm = new WeakMap();
var k1 = {}, k2 = function () {}, k3 = [];
print(wm.set(k1, "one") === wm, wm.get(k1), wm.has(k1), wm.has(k2), wm.get(k2));
wm.set(k1, "uno").set(k2, 2).set(k3, undefined);
print(wm.get(k1), wm.get(k2), wm.has(k3), wm.get(k3));
print(wm.delete(k1), wm.delete(k1), wm.has(k1), wm.get(k1));
[1, "s", true, null, undefined, 1n].forEach(function (v) {
  show("set " + typeof v, function () { return wm.set(v, 1); });
  print("get/has/delete " + typeof v, wm.get(v), wm.has(v), wm.delete(v));
});
show("WeakMap.prototype.get on a Map", function () { return WeakMap.prototype.get.call(new Map(), k1); });
show("WeakMap.prototype.set on a WeakSet", function () { return WeakMap.prototype.set.call(new WeakSet(), k1, 1); });

// Symbols as keys: unregistered and well-known ones can be held weakly.
var sym = Symbol("weak");
wm.set(sym, "sym").set(Symbol.iterator, "iter");
print(wm.get(sym), wm.has(Symbol.iterator), wm.get(Symbol("weak")), wm.delete(sym), wm.has(sym));
show("registered symbol key", function () { return wm.set(Symbol.for("registered"), 1); });
print(wm.has(Symbol.for("registered")), wm.get(Symbol.for("registered")));

// The constructor adds entries through the `set` it looks up.
var entries = [[k1, "a"], [k2, "b"]];
var wm2 = new WeakMap(entries);
print(wm2.get(k1), wm2.get(k2));
show("bad entry", function () { return new WeakMap([1]); });
show("bad key", function () { return new WeakMap([[1, 2]]); });
var calls = 0;
var saved = WeakMap.prototype.set;
WeakMap.prototype.set = function (k, v) { calls++; return saved.call(this, k, v); };
new WeakMap(entries);
WeakMap.prototype.set = saved;
print("set calls", calls);

// WeakSet.
var ws = new WeakSet([k1, k1, k2]);
print(ws.has(k1), ws.has(k2), ws.has(k3), ws.add(k3) === ws, ws.has(k3));
print(ws.delete(k3), ws.delete(k3), ws.has(k3), ws.has(1), ws.delete("x"));
show("add primitive", function () { return ws.add(1); });
ws.add(sym);
print(ws.has(sym));
show("add registered symbol", function () { return ws.add(Symbol.for("r")); });

// WeakRef.
var target = { name: "target" };
var ref = new WeakRef(target);
print(ref.deref() === target, ref.deref().name);
var sref = new WeakRef(sym);
print(sref.deref() === sym);
show("WeakRef(1)", function () { return new WeakRef(1); });
show("WeakRef(registered)", function () { return new WeakRef(Symbol.for("r")); });
show("deref on a plain object", function () { return WeakRef.prototype.deref.call({}); });

// FinalizationRegistry.
var log = [];
var fr = new FinalizationRegistry(function (held) { log.push(held); });
show("non-callable cleanup", function () { return new FinalizationRegistry({}); });
var token = {};
print(fr.register(target, "held", token), fr.register(k1, "k1"), fr.register(k2, "k2", token));
print(fr.unregister(token), fr.unregister(token), fr.unregister({}));
show("register target as held value", function () { return fr.register(target, target); });
show("register primitive", function () { return fr.register(1, "x"); });
show("register bad token", function () { return fr.register(target, "x", 1); });
print(fr.register(sym, "symbol", sym), fr.unregister(sym));
show("unregister primitive", function () { return fr.unregister(1); });
show("register on a WeakMap", function () { return FinalizationRegistry.prototype.register.call(wm, {}, 1); });
print("callbacks so far", log.length);
