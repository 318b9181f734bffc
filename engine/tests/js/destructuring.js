// Destructuring: binding patterns, assignment patterns, parameters, heads.

function show(v) {
  if (Array.isArray(v)) return '[' + v.map(show).join(',') + ']';
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).map(function (k) { return k + ':' + show(v[k]); }).join(',') + '}';
  }
  return String(v);
}

function errName(f) {
  try { f(); return 'no error'; } catch (e) { return e.constructor.name + ': ' + (e instanceof Error ? 'thrown' : e); }
}

// An iterable logging its protocol calls.
function logged(values, log, name) {
  var it = {};
  it[Symbol.iterator] = function () {
    var i = 0;
    log.push(name + ':open');
    return {
      next: function () {
        log.push(name + ':next' + i);
        return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true };
      },
      return: function () {
        log.push(name + ':return');
        return {};
      }
    };
  };
  return it;
}

// --- Binding patterns in declarations.
var [a, b, , c = 5, ...r] = [1, 2, 3, undefined, 7, 8];
print('var array', a, b, c, show(r));
let { x, y: { z = 3 } = {}, ...rest } = { x: 1, q: 2, w: 3 };
print('let object', x, z, show(rest));
const [[p], { q }] = [[1], { q: 2 }];
print('const nested', p, q);
var { 0: first, length, 'two words': tw = 'dflt', [('k' + 1)]: computed } = 'hi';
print('keys', first, length, tw, computed);
var { k1: fromComputed } = { k1: 'c' };
print('computed source', fromComputed);
var [h1, [h2, ...h3] = [9, 8, 7]] = [0];
print('default nested', h1, h2, show(h3));
var { a1 = 1, b1 = a1 + 1 } = {};
print('default sees earlier', a1, b1);

// --- Holes and elisions.
var [, , third] = [1, 2, 3];
var [e1, , e3] = 'xyz';
print('elisions', third, e1, e3);

// --- Function name inference.
var { fn = function () {}, ar = () => 1, named = function inner() {} } = {};
var [afn = function () {}] = [];
print('names', fn.name, ar.name, named.name, afn.name);

// --- Object rest excludes the named keys, copies own enumerable ones.
var src = Object.create({ inherited: 1 });
src.own = 1; src.keep = 2;
Object.defineProperty(src, 'hidden', { value: 3, enumerable: false });
var { own, ...others } = src;
print('object rest', own, show(others), Object.getPrototypeOf(others) === Object.prototype);
var key = 'keep';
var { [key]: kept, ...others2 } = src;
print('rest after computed', kept, show(others2));

// --- RequireObjectCoercible and iterability errors.
print(errName(function () { var { a } = null; }));
print(errName(function () { var {} = undefined; }));
print(errName(function () { var [a] = {}; }));
print(errName(function () { var [a] = 1; }));
print('primitive object pattern', (function () { var { length } = 'abc'; return length; })());

// --- Parameters.
function f([pa, pb] = [1, 2], { pc } = { pc: 3 }, ...[pd, pe]) {
  return [pa, pb, pc, pd, pe].join('/');
}
print('params', f(), f([4]), f(undefined, { pc: 9 }, 7, 8), f.length);
var arrow = ({ a }, [b]) => a + b;
print('arrow params', arrow({ a: 1 }, [2]), arrow.length);
function args([x]) { x = 5; return arguments[0][0]; }
print('unmapped arguments', args([1]));
var obj = { m({ v }) { return v; }, set s([v]) { this.got = v; } };
obj.s = [42];
print('methods', obj.m({ v: 'mv' }), obj.got);

// --- catch parameter.
try { throw { message: 'm', code: 3 }; } catch ({ message, code }) { print('catch', message, code); }
try { throw [1, [2]]; } catch ([c1, [c2]]) { print('catch array', c1, c2); }

// --- for-in / for-of heads.
for (var [k, v] of [[1, 2], [3, 4]]) print('for var', k, v);
for (let { length: len } in { abc: 1, de: 2 }) print('for let in', len);
var fns = [];
for (const [n] of [[1], [2]]) fns.push(function () { return n; });
print('per iteration', fns[0](), fns[1]());
var k2, v2, o2 = {};
for ([k2, v2] of [[5, 6]]) print('for assign', k2, v2);
for ({ a: o2.x, b: o2['y'] = 'd' } of [{ a: 1 }]) print('for assign object', o2.x, o2.y);

// --- Destructuring assignment.
var t = {}, arr = [];
[t.a, t['b'], ...t.c] = [1, 2, 3, 4];
print('assign targets', show(t));
({ a: arr[0], b = 10, ...t.rest } = { a: 5, z: 26 });
print('assign object', arr[0], b, show(t.rest));
var s1, s2;
var result = ([s1, s2] = [s2 = 'x', 'y']);
print('assign value', s1, s2, show(result));
[s1, s2] = [s2, s1];
print('swap', s1, s2);
var n1, n2;
[[n1], { n2 }] = [[1], { n2: 2 }];
print('assign nested', n1, n2);
[[1, 2][0]] = [3];
var chain;
chain = [n1] = [n2] = [7];
print('chain', n1, n2, show(chain));
var afn2;
[afn2 = function () {}] = [];
print('assign name', afn2.name);

// --- Evaluation order: target reference, then step, then default, then put.
var order = [];
var tgt = { set p(v) { order.push('put ' + v); } };
function ref(name) { order.push('ref ' + name); return tgt; }
[ref('a').p = (order.push('default'), 'd')] = logged([undefined], order, 'it');
print('order', order.join(', '));
order = [];
var okey = { toString: function () { order.push('key'); return 'p'; } };
({ [okey]: ref('b').p } = { get p() { order.push('get'); return 'v'; } });
print('object order', order.join(', '));

// --- Iterator closing.
var log = [];
var [i1] = logged([1, 2], log, 'a');
print('closed when not exhausted', log.join(' '));
log = [];
var [j1, j2] = logged([1], log, 'b');
print('not closed when exhausted', log.join(' '), j1, j2);
log = [];
var [...all] = logged([1, 2], log, 'c');
print('rest exhausts', log.join(' '), show(all));
log = [];
var [] = logged([1], log, 'd');
print('empty pattern closes', log.join(' '));
log = [];
print(errName(function () {
  var [w = (function () { throw 'init'; })()] = logged([undefined], log, 'e');
}), log.join(' '));
log = [];
print(errName(function () {
  var bad = {};
  Object.defineProperty(bad, 'p', { set: function () { throw 'setter'; } });
  [bad.p] = logged([1], log, 'f');
}), log.join(' '));
log = [];
print(errName(function () {
  var [[deep]] = logged([null], log, 'g');
}), log.join(' '));

// A throwing next() or done getter marks the iterator done: no return().
var returned = 0;
var throwingNext = {};
throwingNext[Symbol.iterator] = function () {
  return { next: function () { throw 'next'; }, return: function () { returned++; return {}; } };
};
print(errName(function () { var [q] = throwingNext; }), 'returned', returned);

// return() errors: on normal completion they propagate; after a throw the
// first error wins.
var badReturn = {};
badReturn[Symbol.iterator] = function () {
  return { next: function () { return { value: 1, done: false }; }, return: function () { throw 'return'; } };
};
print(errName(function () { var [q] = badReturn; }));
var badReturnUndef = {};
badReturnUndef[Symbol.iterator] = function () {
  return { next: function () { return { value: undefined, done: false }; }, return: function () { throw 'return'; } };
};
print(errName(function () { var [{ w } = null] = badReturnUndef; }));
var nonObjectReturn = {};
nonObjectReturn[Symbol.iterator] = function () {
  return { next: function () { return { value: 1, done: false }; }, return: function () { return 1; } };
};
print(errName(function () { var [q] = nonObjectReturn; }));

// --- Early errors.
var early = [
  'var [a];',
  'let {a};',
  'const [a, a] = [];',
  'let [let] = [];',
  '"use strict"; var [eval] = [];',
  '"use strict"; [arguments] = [];',
  '({ a: 1 } = {});',
  '([a]) = [];',
  '[...a, b] = [];',
  '[...a,] = [];',
  '({ ...{ a } } = {});',
  'var { ...[a] } = {};',
  '({ a = 1 });',
  '[a + 1] = [];',
  '[f()] = [];',
  'function g([a]) { "use strict"; }',
  '(function ([a], a) {});',
  '({a} = {}) => 1',
  'try {} catch ([e]) { var e; }',
  'for (let [a] = [] of []) ;',
  'for ([a] = [] of []) ;',
];
early.forEach(function (src) {
  try { new Function(src); print('compiled:', src); } catch (e) { print(e.constructor.name, src); }
});
print('valid cover forms', typeof new Function('({ a = 1 } = {}); [{ b = 2 }] = [{}]; ({ x: [y] = [] } = {})'));

// --- A for-of loop closes its iterator when its head's pattern or its body
// throws, and on return; not when next() throws.
log = [];
print(errName(function () {
  for (var [fa] of logged([1, null], log, 'loop')) { log.push('body ' + fa); }
}), log.join(' '));
log = [];
print(errName(function () {
  for (var fb of logged([1, 2], log, 'loop')) { throw 'body'; }
}), log.join(' '));
log = [];
print((function () {
  for (var fc of logged([1, 2], log, 'loop')) {
    switch (fc) { case 1: for (var fk in { p: 1 }) { return 'returned ' + fk; } }
  }
})(), log.join(' '));
log = [];
print((function () {
  try { for (var fd of logged([1], log, 'loop')) { return 'fin'; } } finally { log.push('finally'); }
})(), log.join(' '));
returned = 0;
print(errName(function () { for (var fe of throwingNext) {} }), 'returned', returned);

// --- Annex B: a call as an assignment target throws a ReferenceError
// after the call, in sloppy code.
var called = 0;
function callee() { called++; return {}; }
print(errName(function () { callee() = (called += 10); }), called);
print(errName(function () { for (callee() of [1]) ; }), called);
print(errName(function () { callee()++; }), called);
print(errName(function () { new Function('callee() &&= 1;'); }));
