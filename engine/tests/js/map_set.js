var m = new Map([[1, 'a'], ['1', 'b'], [NaN, 'n'], [-0, 'z']]);
print(m.size, m.get(1), m.get('1'), m.get(NaN), m.get(0), m.has(+0), 0);
var keys = []; for (var k of m.keys()) keys.push(String(k)); print(keys.join());
var o = {}; m.set(o, 'obj'); print(m.get(o), m.get({}), m.delete(o), m.delete(o), m.size);
var log = [];
m.forEach(function (v, k, mm) { log.push(k + '=' + v); if (k === 1) { mm.delete('1'); mm.set('late', 'x'); } });
print(log.join());
var it = m.entries(); var first = it.next(); print(JSON.stringify(first), Object.prototype.toString.call(it));
m.clear(); m.set('after', 1); var r = it.next(); print(JSON.stringify(r), JSON.stringify(it.next()));
var s = new Set([1, 2, 2, 3, NaN, NaN]);
print(s.size, s.has(2), s.has(NaN), s.keys === s.values, Set.prototype[Symbol.iterator] === Set.prototype.values);
var out = []; for (var v of s) { out.push(v); if (v === 1) s.delete(2); } print(out.join());
var se = []; for (var e of new Set(['x']).entries()) se.push(JSON.stringify(e)); print(se.join());
try { Map(); } catch (e) { print(e.name); }
try { Map.prototype.get.call(new Set, 1); } catch (e) { print(e.name); }
try { new Map([1]); } catch (e) { print(e.name); }
print(Map[Symbol.species] === Map, Object.getOwnPropertyDescriptor(Map.prototype, 'size').get.name, Map.length, Set.length);
var big = new Map(); for (var i = 0; i < 1000; i++) big.set(i, i); var bi = big.keys(); bi.next(); for (var i = 0; i < 990; i++) big.delete(i); print(JSON.stringify(bi.next()), big.size);
class_free: { var s2 = new Set(); s2.add(-0); print(Object.is(s2.values().next().value, 0)); }
print(String(new Map), String(new Set), String(new Map().entries()));
