// The legacy `caller` and `arguments` of sloppy functions (an extension
// ECMA-262 §17.1 restricts): they read the latest running invocation.
function h() { return h.caller; }
function k() { return h(); }
print('caller', k() === k, h());
function strictCaller() { 'use strict'; return h(); }
print('strict caller', strictCaller());
var arrow = () => h();
var o = { m() { return h(); } };
function viaCall() { return h.call(null); }
function nf() { return new H(); }
function H() { this.c = H.caller; }
print('arrow, method, call, new', arrow() === arrow, o.m() === o.m, viaCall() === viaCall, nf().c === nf);
function mk() { return function inner() { return h(); }; }
var i1 = mk(), i2 = mk();
print('closures of one code', i2() === i2, i1() === i1, i1() !== i2);
function rec(n) { if (n) return rec(n - 1); return rec.caller; }
function callRec() { return rec(2); }
print('recursion', callRec() === rec);
class C { static s() { return h(); } }
print('class static method caller', C.s());

// arguments.callee.caller, as in old code.
var called = false;
function test1(flag) { if (flag !== true) { test2(); } else { called = true; } }
function test2() { arguments.callee.caller(true); }
test1();
print('callee.caller', called);

// `arguments` of a running invocation.
function withArgs(a, b) { arguments; return withArgs.arguments; }
var r = withArgs(1, 2);
print('arguments', Object.prototype.toString.call(r), r.length, r[0], r[1], r.callee === withArgs);
print('not running', withArgs.arguments, withArgs.caller);

// Which functions have them: only sloppy plain functions.
function names(f) { return Object.getOwnPropertyNames(f).filter(function (n) { return n === 'caller' || n === 'arguments'; }).join(); }
print('sloppy', names(function () {}), names(new Function('return 1')));
print('strict', names(function () { 'use strict'; }), '|', names(() => 1), '|', names(function* () {}),
      '|', names(async function () {}), '|', names(class {}), '|', names({ m() {} }.m), '|', names(k.bind(null)));
var d = Object.getOwnPropertyDescriptor(function () {}, 'caller');
print('attributes', d.enumerable, d.configurable);

// Assignments are ignored in sloppy code and throw in strict code; the
// properties cannot be deleted.
var f = function () {};
f.caller = 1; f.arguments = 2;
print('assigned', f.caller, f.arguments, delete f.caller, f.hasOwnProperty('caller'), 'caller' in f);
try { (function () { 'use strict'; f.caller = 1; })(); } catch (e) { print('strict assignment', e.constructor.name); }

// Strict functions keep %ThrowTypeError% from Function.prototype.
function s() { 'use strict'; }
try { s.caller; } catch (e) { print('strict read', e.constructor.name); }
var tte = Object.getOwnPropertyDescriptor(Function.prototype, 'caller').get;
print('ThrowTypeError', tte === Object.getOwnPropertyDescriptor(Function.prototype, 'arguments').set, s.hasOwnProperty('caller'));

// Own properties created on first access exist from the start: a
// non-extensible function still has them.
var F = function () {}; Object.preventExtensions(F);
print('preventExtensions', typeof F.prototype, Object.getOwnPropertyNames(F).join());
var G = function () {}; Object.freeze(G);
print('freeze', typeof G.prototype, Object.getOwnPropertyNames(G).join(), Object.isFrozen(G));
