// Annex B.3.2: function declarations in blocks (sloppy code).

// Function code: block-scoped, plus a var binding updated when evaluated.
function basic() {
  var log = [typeof f];
  {
    log.push(typeof f);
    function f() { return 'inner'; }
  }
  log.push(typeof f, f());
  return log.join(' ');
}
print(basic());

// The var binding is copied only when the declaration is reached.
function notReached() {
  var r = [typeof g];
  if (false) {
    function g() {}
  }
  r.push(typeof g);
  return r.join(' ');
}
print(notReached());

// Updates of the block binding before the declaration is evaluated are
// seen by the copy; later updates are not.
function copyPoint() {
  var out = [];
  {
    h = 1;
    out.push(typeof h);
    function h() {}
    h = 2;
  }
  out.push(h);
  return out.join(' ');
}
print(copyPoint());

// An existing var or function keeps its value until the copy.
function existing() {
  var r = [];
  var x = 'var';
  r.push(x);
  { function x() { return 'inner'; } }
  r.push(x());
  function y() { return 'outer'; }
  r.push(y());
  { function y() { return 'inner'; } }
  r.push(y());
  return r.join(' ');
}
print(existing());

// Parameters are not replaced.
function param(p) {
  { function p() {} }
  return typeof p;
}
print(param(1));

// Skipped when `var F` would be an early error.
function skipped() {
  var r = [];
  let a = 'let';
  { function a() {} }
  r.push(a);
  {
    let b = 1;
    { function b() {} }
  }
  r.push(typeof b);
  for (let c of [1]) { function c() {} }
  r.push(typeof c);
  try { d; r.push('d hoisted'); } catch (e) { r.push(e.constructor.name); }
  return r.join(' ');
}
print(skipped());

// Sibling blocks: the last declaration evaluated wins.
function siblings() {
  var r = [];
  { function n() { return 1; } }
  r.push(n());
  { function n() { return 2; } }
  r.push(n());
  return r.join(' ');
}
print(siblings());

// `if` clauses (B.3.3), labels and switch cases.
function clauses(t) {
  var r = [];
  if (t) function i1() { return 'then'; } else function i2() { return 'else'; }
  r.push(typeof i1, typeof i2);
  lbl: function l1() {}
  r.push(typeof l1);
  switch (t) {
    case true:
      function s1() {}
      break;
    default:
      function s2() {}
  }
  r.push(typeof s1, typeof s2);
  return r.join(' ');
}
print(clauses(true));
print(clauses(false));

// The block binding and the var binding are distinct.
function distinct() {
  var r = [];
  {
    function k() {}
    k = 'block';
    r.push(k);
  }
  r.push(typeof k);
  return r.join(' ');
}
print(distinct());

// Closures in the block see the block binding.
function closures() {
  var get;
  {
    function m() { return 'm'; }
    get = function () { return m; };
    m = 'changed';
  }
  return get() + ' ' + typeof m;
}
print(closures());

// Strict code: block-scoped only.
function strict() {
  'use strict';
  { function s() {} }
  return typeof s;
}
print(strict());

// Global code.
print(typeof gf);
{
  function gf() { return 'global'; }
}
print(gf(), Object.getOwnPropertyDescriptor(globalThis, 'gf').configurable);
if (false) { function notGlobal() {} }
print(typeof notGlobal, 'notGlobal' in globalThis);
let lexName = 'let';
{ function lexName() {} }
print(lexName);

// Eval code: deletable global bindings.
eval('{ function ev() { return "eval"; } }');
print(ev(), delete globalThis.ev, typeof ev);
print(eval('let inEval = 1; { function inEval() {} } typeof inEval'), typeof inEval);

// A catch block may declare `var e` (B.3.4) but no lexical `e`.
function catchParam() {
  var r = [];
  try { throw 1; } catch (e) { var e = 2; r.push(e); }
  r.push(e);
  try { throw 1; } catch (e) { { function e() {} } r.push(typeof e); }
  r.push(typeof e);
  for (var src of ["try {} catch (x) { let x; }", "try {} catch (x) { function x() {} }", "{ var v; let v; }", "{ { var w; } function w() {} }"]) {
    try { eval(src); r.push('ok'); } catch (err) { r.push(err.constructor.name); }
  }
  return r.join(' ');
}
print(catchParam());
