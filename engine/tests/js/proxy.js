// Proxy traps, their order, forwarding and invariant checks.
var log = [];
var target = { a: 1, b: 2 };
var handler = {};
['get', 'set', 'has', 'deleteProperty', 'ownKeys', 'getOwnPropertyDescriptor',
 'defineProperty', 'getPrototypeOf', 'setPrototypeOf', 'isExtensible',
 'preventExtensions'].forEach(function (name) {
  handler[name] = function () {
    var args = Array.prototype.slice.call(arguments, 1).map(function (x) {
      return typeof x === 'symbol' ? x.toString() : typeof x === 'object' && x !== null ? 'obj' : String(x);
    });
    log.push(name + '(' + args.join(',') + ')');
    return Reflect[name].apply(null, arguments);
  };
});
var p = new Proxy(target, handler);
p.a; p.c = 3; 'a' in p; delete p.b; Object.keys(p);
Object.getPrototypeOf(p); Object.isExtensible(p);
Object.defineProperty(p, 'd', { value: 4, configurable: true });
Object.assign({}, p);
JSON.stringify(p);
for (var k in p) log.push('for-in ' + k);
var copy = Object.assign({}, p);
var spread = { ...p };
print(log.join('\n'));
print(JSON.stringify(copy), JSON.stringify(spread));

// Receivers and prototypes.
var proto = new Proxy({}, {
  get: function (t, k, r) { return k === 'who' ? (r === child ? 'child' : 'other') : undefined; },
  set: function (t, k, v, r) { print('set through proto', k, v, r === child); return true; },
  has: function (t, k) { return k === 'ghost'; }
});
var child = Object.create(proto);
print(child.who, 'ghost' in child, 'real' in child);
child.x = 5;
print(Object.keys(child).length);

// Callable and constructor proxies.
function F(a, b) { this.sum = a + b; }
var fp = new Proxy(F, {
  apply: function (t, thisArg, args) { return 'called with ' + args.join('+'); },
  construct: function (t, args, nt) { var o = Reflect.construct(t, args, nt); o.viaTrap = true; return o; }
});
print(fp(1, 2), typeof fp, new fp(3, 4).sum, new fp(3, 4).viaTrap, new fp(1, 1) instanceof F);
print(typeof new Proxy({}, {}), typeof new Proxy(function () {}, {}));
try { new (new Proxy({}, {}))(); } catch (e) { print(e.name); }
try { new Proxy(function () {}, { construct: function () { return 1; } })(); } catch (e) { print('call', e.name); }
try { new (new Proxy(function () {}, { construct: function () { return 1; } }))(); } catch (e) { print('construct', e.name); }

// Invariants.
var frozen = Object.freeze({ k: 1 });
function attempt(name, f) {
  try { print(name, f()); } catch (e) { print(name, e.name); }
}
attempt('get non-writable', function () { return new Proxy(frozen, { get: function () { return 2; } }).k; });
attempt('get same value', function () { return new Proxy(frozen, { get: function () { return 1; } }).k; });
attempt('has hides', function () { return 'k' in new Proxy(frozen, { has: function () { return false; } }); });
attempt('ownKeys misses', function () { return Object.keys(new Proxy(frozen, { ownKeys: function () { return []; } })); });
attempt('ownKeys dup', function () { return Reflect.ownKeys(new Proxy({}, { ownKeys: function () { return ['a', 'a']; } })); });
attempt('ownKeys type', function () { return Reflect.ownKeys(new Proxy({}, { ownKeys: function () { return [1]; } })); });
attempt('gOPD config', function () {
  return Object.getOwnPropertyDescriptor(new Proxy({}, {
    getOwnPropertyDescriptor: function () { return { value: 1, configurable: false }; } }), 'x');
});
attempt('preventExtensions lie', function () { return Reflect.preventExtensions(new Proxy({}, { preventExtensions: function () { return true; } })); });
attempt('isExtensible lie', function () { return Object.isExtensible(new Proxy({}, { isExtensible: function () { return false; } })); });
attempt('getPrototypeOf lie', function () {
  return Object.getPrototypeOf(new Proxy(Object.preventExtensions({}), { getPrototypeOf: function () { return Array.prototype; } }));
});
attempt('trap not callable', function () { return new Proxy({}, { get: 5 }).x; });
attempt('defineProperty false', function () { return Reflect.defineProperty(new Proxy({}, { defineProperty: function () { return false; } }), 'x', {}); });

// Revocation.
var r = Proxy.revocable({ v: 1 }, {});
print(r.proxy.v, Object.keys(r).join());
r.revoke(); r.revoke();
attempt('revoked get', function () { return r.proxy.v; });
attempt('revoked isArray', function () { return Array.isArray(r.proxy); });
attempt('revoked typeof', function () { return typeof r.proxy; });
var rf = Proxy.revocable(function () {}, {}); rf.revoke();
print(typeof rf.proxy);
attempt('Proxy()', function () { return Proxy({}, {}); });
attempt('non-object', function () { return new Proxy(1, {}); });
print(Proxy.length, Proxy.name, 'prototype' in Proxy, Proxy.revocable.length);

// Arrays through proxies.
var ap = new Proxy([1, 2, 3], {});
print(Array.isArray(ap), Array.isArray(new Proxy(ap, {})), Object.prototype.toString.call(ap));
print(JSON.stringify(ap), [].concat(ap).length, Array.prototype.map.call(ap, function (x) { return x * 2; }).join());

// A with object.
var scope = new Proxy({ w: 'from proxy' }, { has: function (t, k) { return k === 'w'; } });
with (scope) { print(w); }

// Chains of proxies forward each operation (engine/tests/adversarial.rs
// checks that very long ones end in a RangeError).
var deep = { x: 'end of chain' };
for (var i = 0; i < 50; i++) deep = new Proxy(deep, {});
print(deep.x, Object.keys(deep).join());

// An immutable prototype.
attempt('Object.prototype proto', function () { return Object.setPrototypeOf(Object.prototype, {}); });
print(Reflect.setPrototypeOf(Object.prototype, null), Reflect.setPrototypeOf(Object.prototype, {}));
