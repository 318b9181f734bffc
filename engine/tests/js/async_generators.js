// Async generators, for await and yield* (order of promise jobs matters).
var log = [];
function tick(n) { var p = Promise.resolve(); for (var i = 0; i < n; i++) (function (i) { p = p.then(function () { log.push('tick ' + i); }); })(i); return p; }
function show(tag) { return function (r) { log.push(tag + ' ' + r.value + ' ' + r.done); }; }
function fail(tag) { return function (e) { log.push(tag + ' rejected ' + (e && e.message !== undefined ? e.message : e)); }; }

async function* g(a) {
  log.push('start ' + a);
  var x = yield 1;
  log.push('got ' + x);
  var y = await Promise.resolve(10);
  log.push('awaited ' + y);
  try {
    yield Promise.resolve(2);
  } finally {
    log.push('finally');
  }
  return 3;
}
var it = g(7);
log.push('created');
// Requests queue up while the generator runs or awaits.
it.next('a').then(show('n1'));
it.next('b').then(show('n2'));
it.next('c').then(show('n3'));
it.next('d').then(show('n4'));

// return() on a suspended-start generator awaits its value.
var it2 = g(8);
it2.return(Promise.resolve(5)).then(show('ret'));
it2.next().then(show('after ret'));
// throw() on a suspended-start generator rejects and completes it.
var it3 = g(9);
it3.throw(new Error('early')).catch(fail('throw'));
it3.next().then(show('after throw'));
// return() at a yield runs finally blocks.
var it4 = g(10);
it4.next().then(show('it4 a'));
it4.next().then(show('it4 b'));
it4.return('R').then(show('it4 ret'));

// Methods, class methods, rejection from the body.
var obj = { async *m() { yield 'obj'; } };
obj.m().next().then(show('obj'));
class C { async *m() { yield 'class'; } static async *s() { throw new Error('static'); } }
new C().m().next().then(show('class'));
C.s().next().catch(fail('static'));

// for await over async and sync iterables, with break, throw and return.
async function* src(tag) { try { yield tag + 1; yield tag + 2; yield tag + 3; } finally { log.push(tag + ' closed'); } }
async function loops() {
  for await (var v of src('a')) log.push('v ' + v);
  for await (const w of [Promise.resolve('p1'), 'p2']) log.push('w ' + w);
  for await (let [p, q] of [[1, 2]]) log.push('pq ' + p + q);
  var o = {};
  for await (o.k of src('b')) { log.push('o.k ' + o.k); break; }
  try { for await (var z of src('c')) throw new Error('boom'); } catch (e) { log.push('caught ' + e.message); }
  var r = await (async function () { for await (var z of src('d')) return z; })();
  log.push('returned ' + r);
  try { for await (var z of [Promise.reject(new Error('rej'))]) log.push('no'); } catch (e) { log.push('caught ' + e.message); }
  return 'loops done';
}
loops().then(function (v) { log.push(v); });

// yield* over an async generator and over a sync iterable.
async function* inner() { var x = yield 'i1'; log.push('inner got ' + x); return 'inner result'; }
async function* outer() { var r = yield* inner(); log.push('r ' + r); var s = yield* ['s1', Promise.resolve('s2')]; log.push('s ' + s); }
var o2 = outer();
o2.next('x').then(show('o1'));
o2.next('y').then(show('o2'));
o2.next('z').then(show('o3'));
o2.next().then(show('o4'));
o2.next().then(show('o5'));

var AsyncGeneratorFunction = Object.getPrototypeOf(g).constructor;
print(AsyncGeneratorFunction.name, Object.prototype.toString.call(g), Object.prototype.toString.call(it));
print(Object.getPrototypeOf(it) === g.prototype, Object.getPrototypeOf(g.prototype) === Object.getPrototypeOf(AsyncGeneratorFunction.prototype.prototype) ? 'no' : 'yes');
var AsyncIteratorPrototype = Object.getPrototypeOf(AsyncGeneratorFunction.prototype.prototype);
print(AsyncIteratorPrototype[Symbol.asyncIterator].call(it) === it);
var dyn = new AsyncGeneratorFunction('a', 'yield a; yield a * 2;');
var di = dyn(21);
di.next().then(show('dyn'));
di.next().then(show('dyn'));
tick(30).then(function () { print(log.join('\n')); });
