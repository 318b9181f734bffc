var o = {a: 1};
print(Reflect.get(o, 'a'), Reflect.has(o, 'a'), Reflect.has(o, 'b'));
print(Reflect.set(o, 'b', 2), o.b, Reflect.defineProperty(o, 'c', {value: 3}), Reflect.ownKeys(o).join());
Object.freeze(o);
print(Reflect.set(o, 'b', 5), Reflect.defineProperty(o, 'd', {value: 1}), Reflect.deleteProperty(o, 'a'), Reflect.isExtensible(o));
print(Reflect.apply(Math.max, null, [1, 5, 3]));
function F(x) { this.x = x; this.nt = new.target === G; }
function G() {}
var r = Reflect.construct(F, [7], G);
print(r.x, r.nt, Object.getPrototypeOf(r) === G.prototype);
var recv = {};
var acc = { get p() { return this; }, set p(v) { this.q = v; } };
print(Reflect.get(acc, 'p', recv) === recv, Reflect.set(acc, 'p', 9, recv), recv.q);
print(Reflect.getPrototypeOf([]) === Array.prototype, Reflect.setPrototypeOf({}, null));
print(JSON.stringify(Reflect.getOwnPropertyDescriptor({k: 1}, 'k')));
try { Reflect.get(1, 'a'); } catch (e) { print(e.name); }
try { Reflect.construct(function(){}, [], Math.max); } catch (e) { print(e.name); }
print(String(Reflect), Reflect.apply.length, Reflect.construct.length, Reflect.set.length);
print(Reflect.preventExtensions({}));
