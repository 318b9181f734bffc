// Direct eval sees the caller's scope (§19.2.1.1, §19.2.1.3).
function err(f) {
  try { f(); return "no error"; } catch (e) { return e.constructor.name; }
}

// Locals, parameters, closure variables, block bindings.
function locals(p) {
  var v = 1;
  let l = 2;
  const c = 3;
  { let b = 4; return eval("p + v + l + c + b"); }
}
print("locals", locals(10));

function outer() {
  var captured = "outer";
  return function inner() { return eval("captured"); };
}
print("closure", outer()());

// Assignment, typeof and delete of the caller's bindings.
function writes() {
  var x = 1;
  let y = 2;
  eval("x = 10; y = 20");
  return [x, y, eval("typeof x"), eval("typeof nothingHere"), eval("delete x"), x].join();
}
print("writes", writes());
print("const", err(function () { const k = 1; eval("k = 2"); }));
print("tdz", err(function () { eval("t"); let t = 1; }));

// this, new.target, arguments, the function's own name.
var obj = { m: function () { return eval("this") === obj; } };
print("this", obj.m());
function Ctor() { this.nt = eval("new.target") === Ctor; }
print("new.target", new Ctor().nt, eval("typeof this"));
function args(a, b) { return eval("arguments.length + ':' + arguments[1]"); }
print("arguments", args(1, 2, 3));
var named = function self() { return eval("typeof self"); };
print("own name", named());
var arrowThis = { m: function () { return (() => eval("this"))() === arrowThis; } };
print("arrow this", arrowThis.m());
print("new.target at global", err(function () { (0, eval)("new.target"); }), err(function () { eval("new.target"); }));

// Sloppy var and function declarations go to the calling function.
function declares() {
  eval("var dv = 'dv'; function df() { return 'df'; }");
  var seen = [dv, df(), typeof dv];
  var late = function () { return dv; };
  seen.push(late(), delete dv, typeof dv);
  return seen.join();
}
print("declares", declares());
print("not global", typeof dv, typeof df);

var shadowed = "global";
function shadows() {
  var before = function () { return shadowed; };
  eval("var shadowed = 'local'");
  return [shadowed, before()].join();
}
print("shadows", shadows(), shadowed);

function existing(a) {
  var v = 1;
  eval("var a = 'A'; var v = 'V'; function f2() {}");
  return [a, v, typeof f2].join();
}
print("existing", existing(0));

// Strict eval code keeps its declarations.
function strictCaller() {
  "use strict";
  eval("var sv = 1");
  return typeof sv;
}
print("strict caller", strictCaller());
function strictCode() {
  eval("'use strict'; var sc = 1");
  return typeof sc;
}
print("strict code", strictCode());
function lexicalStays() {
  eval("let le = 1; const ce = 2;");
  return typeof le + typeof ce;
}
print("lexical stays", err(lexicalStays) === "no error" ? lexicalStays() : err(lexicalStays));

// Conflicts with enclosing lexical bindings.
print("var over let", err(function () { { let z; eval("var z"); } }));
print("var over body let", err(function () { let z2; eval("var z2"); }));
print("function over let", err(function () { let z3; { eval("function z3() {}"); } }));
print("var in sibling block", err(function () { { let z4; } eval("var z4 = 1"); }));
print("catch param", err(function () { try { throw 1; } catch (e) { eval("var e = 2"); } }));
print("param expression", err(function () { (function (a = eval("var a = 1")) {})(); }));

// Nested eval, eval in closures, loops and with.
function nested() {
  var n = 1;
  eval("var m = 2; eval('var o = n + m')");
  return o;
}
print("nested", nested());
function closures() {
  var x = "x";
  return eval("(function () { return function () { return x + eval('x'); }; })")()();
}
print("closures", closures());
function loops() {
  var fs = [];
  for (let i = 0; i < 3; i++) fs.push(eval("() => i"));
  return fs.map(function (f) { return f(); }).join();
}
print("loops", loops());
var wo = { wp: "from with" };
function inWith() {
  var wp = "local";
  with (wo) { return eval("wp"); }
}
print("with", inWith());
function withDeclares() {
  var target = {};
  with (target) { eval("var wv = 1"); }
  return [typeof wv, "wv" in target].join();
}
print("with declares", withDeclares());
function closureOverEval() {
  eval("var cv = 1; function bump() { return ++cv; }");
  bump();
  return function () { return cv; };
}
print("function closes over scope", closureOverEval()());
function innerEval() {
  eval("var ie = 'outer eval'");
  return function () { return eval("ie"); };
}
print("inner eval sees outer var", innerEval()());

// Global level: configurable bindings, global checks.
eval("var gv = 1; function gf() {}");
print("global", typeof gv, typeof gf, delete gv, typeof gv, delete gf);
{
  let blockLet = "block";
  print("global block", eval("blockLet"));
  print("global var over let", err(function () { eval("{ let q; } var q2;"); return 0; }), err(function () { (0, eval)("var q3"); }));
}
let globalLet = 1;
print("var over global let", err(function () { (0, eval)("var globalLet"); }), err(function () { eval("var globalLet"); }));
Object.defineProperty(globalThis, "fixed", { value: 1, writable: false, enumerable: false, configurable: false });
print("function over fixed global", err(function () { (0, eval)("function fixed() {}"); }));
Object.preventExtensions(globalThis);
print("var on non-extensible global", err(function () { (0, eval)("var brandNew"); }));

// Indirect eval stays global.
function indirect() {
  var local = "local";
  var e = eval;
  return [e("typeof local"), (0, eval)("typeof local")].join();
}
print("indirect", indirect());

// Mixed nesting.
function withNested() { var o = { x: 1 }; with (o) { return eval("(function () { return eval('x'); })()"); } }
print("with nested", withNested());
function withVarInit() { var o = { y: 2 }; with (o) { eval("var y = 5; var z = 6"); } return [o.y, typeof y, z].join(); }
print("with var init", withVarInit());
function arrowArgs(a) { return (() => eval("arguments[0] + this.k"))(); }
print("arrow arguments", arrowArgs.call({ k: 1 }, 41));
function strictDecls() { eval("'use strict'; var q = 1; function r() { return q; }"); return typeof q + typeof r; }
print("strict declarations", strictDecls());
print("indirect let stays", (0, eval)("let gl = 5; gl"), typeof gl);
function deep() { var d = 0; return eval("(function () { return eval('(function () { return eval(\"d + 1\"); })()'); })()"); }
print("deep", deep());
function redeclare() { eval("var a1 = 1"); eval("var a1; a1++"); return a1; }
print("redeclare", redeclare());
function paramEval(a = eval("var pv = 3"), b = pv) { return b; }
print("parameter eval", paramEval());
