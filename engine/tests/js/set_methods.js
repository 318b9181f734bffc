// Set methods (ES2025) and Map/WeakMap getOrInsert / getOrInsertComputed.
const show = (s) => "[" + [...s].join(",") + "]";
const a = new Set([1, 2, 3, 4]);
const b = new Set([3, 4, 5]);
print(show(a.union(b)), show(a.intersection(b)), show(a.difference(b)));
print(show(a.symmetricDifference(b)));
print(a.isSubsetOf(b), new Set([3]).isSubsetOf(b), a.isSupersetOf(new Set([1, 2])));
print(a.isDisjointFrom(b), a.isDisjointFrom(new Set([9])));

// A set-like argument: size, has and keys; a Map works too.
const like = { size: 2, has: (v) => v === 1 || v === 7, keys: () => [1, 7].values() };
print(show(a.union(like)), show(a.intersection(like)), show(a.difference(like)));
print(show(a.union(new Map([[9, "x"]]))));

// -0 from keys() becomes +0; results are plain Sets, not the subclass.
const z = new Set().union({ size: 1, has: () => false, keys: () => [-0].values() });
print(Object.is([...z][0], 0));
class MySet extends Set {}
print(new MySet([1]).union(new Set([2])).constructor === Set);

// Size checks.
for (const size of [undefined, NaN, -1]) {
  try {
    a.union({ size, has() {}, keys() {} });
  } catch (e) {
    print(e.constructor.name);
  }
}
try {
  a.union([1, 2]);
} catch (e) {
  print(e.constructor.name);
}

// has() that deletes from the receiver: deleted entries are not visited,
// added ones are.
const live = new Set([1, 2, 3]);
const seen = [];
live.intersection({
  size: 10,
  has(v) {
    seen.push(v);
    if (v === 1) {
      live.delete(2);
      live.add(4);
    }
    return true;
  },
  keys() {},
});
print(seen.join(","));

// isSupersetOf closes the iterator when it stops early.
let closed = 0;
const it = {
  size: 1,
  has() {},
  keys() {
    return { next: () => ({ done: false, value: 99 }), return() { closed++; return {}; } };
  },
};
print(a.isSupersetOf(it), closed);

// Map upsert.
const m = new Map([["k", 1]]);
print(m.getOrInsert("k", 2), m.getOrInsert("n", 3), m.get("n"));
print(m.getOrInsertComputed("k", () => { throw new Error("not called"); }));
print(m.getOrInsertComputed(-0, (key) => Object.is(key, 0) ? "zero" : "neg"));
print(m.getOrInsertComputed("c", (key) => { m.set(key, "inner"); return "outer"; }), m.get("c"));
try {
  m.getOrInsertComputed("x", 1);
} catch (e) {
  print(e.constructor.name, m.has("x"));
}
const wm = new WeakMap();
const key = {};
print(wm.getOrInsert(key, 1), wm.getOrInsertComputed(key, () => 2));
try {
  wm.getOrInsert(1, 1);
} catch (e) {
  print(e.constructor.name);
}
