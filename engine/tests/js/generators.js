// Generator functions, objects and yield / yield* (ECMA-262 §15.5, §27.3, §27.5).
function show(r) { return r.value + '/' + r.done; }

// Parameters (with defaults) are evaluated by the call; the body runs on next().
var log = [];
function* params(a, b = (log.push('default'), a * 2)) { log.push('body'); yield a; yield b; }
var p = params(3);
print(log.join(','));
print(show(p.next()), log.join(','));
print(show(p.next()), show(p.next()), show(p.next()));
try { (function* (x = (() => { throw new Error('in params'); })()) {})(); } catch (e) { print('params threw', e.message); }

// The generator object and prototypes.
function* g0() {}
var o0 = g0();
print(Object.getPrototypeOf(o0) === g0.prototype);
print(Object.getPrototypeOf(g0.prototype) === Object.getPrototypeOf(function* () {}).prototype);
var d = Object.getOwnPropertyDescriptor(g0, 'prototype');
print(d.writable, d.enumerable, d.configurable, g0.prototype.hasOwnProperty('constructor'));
var GenProto = Object.getPrototypeOf(g0.prototype);
g0.prototype = 1;
print(Object.getPrototypeOf(g0()) === Object.getPrototypeOf(function* () {}).prototype);
print(Object.prototype.toString.call(o0), GenProto[Symbol.toStringTag]);
print(Object.getPrototypeOf(GenProto) === Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())));
print(typeof GenProto.next, GenProto.next.length, GenProto.return.length, GenProto.throw.length);
try { new g0(); } catch (e) { print('new:', e instanceof TypeError); }
try { GenProto.next.call({}); } catch (e) { print('bad this:', e instanceof TypeError); }

// %GeneratorFunction%.
var GF = Object.getPrototypeOf(g0).constructor;
print(GF.name, GF.length, Object.getPrototypeOf(GF) === Function, GF.prototype[Symbol.toStringTag]);
var made = GF('a', 'b', 'yield a; yield b; return a + b;');
var m = made(1, 2);
print(show(m.next()), show(m.next()), show(m.next()), show(m.next()));
try { GF('yield', ''); } catch (e) { print('GF param yield:', e.constructor.name); }

// next() values, return(), throw().
function* echo() { var x = yield 'first'; while (true) x = yield 'got ' + x; }
var e = echo();
print(show(e.next('lost')), show(e.next(1)), show(e.next(2)));
print(show(e.return('bye')), show(e.next(3)));
var e2 = echo();
print(show(e2.return('early')), show(e2.next()));
var e3 = echo();
try { e3.throw(new Error('not started')); } catch (err) { print('thrown:', err.message); }
print(show(e3.next()));

// return() runs finally blocks; a yield in the finally suspends again.
function* fin() {
  try { yield 1; yield 2; } finally { print('cleanup'); yield 'from finally'; print('after'); }
}
var f = fin();
print(show(f.next()));
print(show(f.return('r')));
print(show(f.next()));
print(show(f.next()));
function* finOverride() { try { yield 1; } finally { return 'override'; } }
var fo = finOverride(); fo.next();
print(show(fo.return('ignored')));
function* nested() {
  try { try { yield 1; } finally { print('inner'); } } finally { print('outer'); }
}
var n = nested(); n.next(); print(show(n.return(5)));

// throw() is caught inside, or completes the generator.
function* catcher() {
  while (true) { try { yield 'waiting'; } catch (err) { print('caught', err); } }
}
var c = catcher(); c.next();
print(show(c.throw('e1')), show(c.throw('e2')));
function* nocatch() { yield 1; print('not reached'); }
var nc = nocatch(); nc.next();
try { nc.throw('out'); } catch (err) { print('propagated', err); }
print(show(nc.next()));

// A generator that throws is completed.
function* thrower() { yield 1; throw new Error('inside'); }
var t = thrower(); t.next();
try { t.next(); } catch (err) { print(err.message); }
print(show(t.next()));

// Re-entering a running generator.
function* reenter() { try { r.next(); } catch (err) { yield err.constructor.name + ': ' + err.message; } }
var r = reenter();
print(show(r.next()));

// yield is an expression with assignment precedence.
function* prec() {
  var a = yield 1, b = 2;
  var c = (yield) + 10;
  var arr = [yield, yield 5];
  var obj = { k: yield };
  var cond = (yield 'q') ? 'yes' : 'no';
  yield
  7;
  return [a, b, c, arr, obj.k, cond].join(',');
}
var pr = prec();
var out = [];
var step = pr.next();
var i = 0;
while (!step.done) { out.push(String(step.value)); step = pr.next(++i); }
print(out.join(' '), '=>', step.value);

// yield*: delegation to arrays, strings and generators; its value.
function* inner() { var x = yield 'i1'; print('inner got', x); return 'inner result'; }
function* outer() { var v = yield* inner(); print('yield* value', v); yield* 'ab'; yield* [1, 2]; }
var ou = outer();
print(show(ou.next('a')), show(ou.next('b')));
print(show(ou.next()), show(ou.next()), show(ou.next()), show(ou.next()), show(ou.next()));

// yield* passes results through without wrapping, and forwards throw/return.
var calls = [];
var custom = {
  [Symbol.iterator]() { return this; },
  next(v) { calls.push('next:' + v + ':' + arguments.length); return this.res = { value: 'n', done: calls.length > 3, extra: 1 }; },
  throw(v) { calls.push('throw:' + v); return { value: 't', done: false }; },
  return(v) { calls.push('return:' + v); return { value: 'ret ' + v, done: true }; }
};
function* del() { var v = yield* custom; calls.push('done:' + v); return v; }
var dl = del();
var first = dl.next('ignored');
print(first === custom.res, first.extra, first.value);
print(show(dl.throw('T')));
print(show(dl.return('R')));
print(calls.join(' '));
var noThrow = {
  [Symbol.iterator]() { return this; },
  next() { return { value: 1, done: false }; },
  return() { calls.push('closed'); return {}; }
};
function* del2() { yield* noThrow; }
var d2 = del2(); d2.next();
calls = [];
try { d2.throw('x'); } catch (err) { print('no throw method:', err instanceof TypeError, calls.join(' ')); }
var noReturn = { [Symbol.iterator]() { return this; }, next() { return { value: 1, done: false }; } };
function* del3() { try { yield* noReturn; } finally { print('del3 finally'); } }
var d3 = del3(); d3.next();
print(show(d3.return('direct')));
try { (function* () { yield* 5; })().next(); } catch (err) { print('not iterable:', err instanceof TypeError); }
function* delegNonObject() { yield* { [Symbol.iterator]() { return { next() { return 1; } }; } }; }
try { delegNonObject().next(); } catch (err) { print('non-object result:', err instanceof TypeError); }

// Generators are iterable and work with for-of and spread-free consumers.
function* range(n) { for (var i = 0; i < n; i++) yield i; }
var sum = 0;
for (var v of range(5)) sum += v;
print(sum, range(0)[Symbol.iterator]() instanceof range);
print(Array.from(range(4)).join('-'));

// Generator methods in object literals.
var k = 'comp';
var obj = {
  *plain(x) { yield x; yield this === obj; },
  *[k + 'uted']() { yield 'c'; },
  *'str ing'() { yield 's'; },
  *42() { yield 42; }
};
var pl = obj.plain('p');
print(pl.next().value, pl.next().value, obj.computed.name, obj['str ing'].name, obj[42]().next().value);
print(obj.plain.hasOwnProperty('prototype'), Object.getPrototypeOf(obj.plain) === Object.getPrototypeOf(g0));
try { new obj.plain(); } catch (err) { print('method new:', err instanceof TypeError); }

// `yield` as an identifier outside generators, and early errors inside.
var yield = 'sloppy yield';
print(yield);
function notGen() { var yield = 1; return yield + 1; }
print(notGen());
function* outerGen() { function inner2() { var yield = 3; return yield; } yield inner2(); }
print(outerGen().next().value);
function* yieldName() {}
print(yieldName.name);
var bad = [
  'function* g() { var yield; }',
  'function* g(yield) {}',
  'function* g(a = yield) {}',
  'function* g() { yield\n* 1; }',
  '"use strict"; var yield;',
  '(function* yield() {})',
  'function* g() { 1 + yield; }',
  'if (1) function* g() {}',
  '{ function* g() {} function* g() {} }',
  'function* g() { ({ yield }); }',
  'new function* () {}',
  'function* g() { (x = yield) => 1; }',
  'function* g() { (yield) => 1; }'
];
for (var src of bad) {
  try { (0, eval)(src); print('no error:', src); } catch (err) { print(err.constructor.name); }
}
var good = [
  'function* g() { yield\nx; }',
  'function* g() { (function yield() {}); }',
  'function* g() { yield yield 1; }',
  'function* g() { yield* yield; }',
  '{ function g() {} function g() {} }',
  'function* g() { () => { var yield; }; }',
  'function* g() { (x = 1) => yield; }',
  'function* g() { yield (yield) }'
];
for (var src of good) { (0, eval)(src); }
print('good ok');

// Function.prototype.toString of a generator keeps its source.
print(String(function* named(a) { yield a; }));

// return() through switch, for-in, try/finally and for-of, with a yield in a finally.
function mk(name) {
  return { i: 0, [Symbol.iterator]() { return this; }, next() { return { value: this.i++, done: this.i > 5 }; },
    return() { print(name, 'closed'); return {}; } };
}
function* a() {
  switch (1) { case 1:
    for (var k in { p: 1 }) {
      try {
        for (var x of mk('inner')) {
          try { yield k + x; } finally { print('f1'); yield 'in finally'; print('after yield in finally'); }
        }
      } finally { print('f2'); }
    }
  }
}
var it = a();
print(JSON.stringify(it.next()));
print(JSON.stringify(it.return('R')));
print(JSON.stringify(it.next("N")));
print(JSON.stringify(it.next()));
var it2 = a(); it2.next(); it2.return(1); try { it2.throw(new Error("E2")); } catch (e) { print("E2 out"); }
function* selfret() { try { yield 1; } finally { try { me.return(5); } catch (e) { print(e.constructor.name); } } }
var me = selfret(); me.next(); print(JSON.stringify(me.return(2)));
function* ys() { yield* ys2; } var ys2 = ys(); try { ys2.next(); } catch (e) { print(e.constructor.name); }
