// Annex B.3.2.3: block-level functions in direct eval code inside functions get a var binding in the caller's variable environment unless a lexical or catch binding of the same name is in between.
function a() { eval("{ function f() { return 1; } }"); return typeof f; }
function b() { var f = 5; eval("{ function f() { return 1; } }"); return typeof f; }
function c() { let f = 5; { eval("{ function f() { return 1; } }"); } return typeof f; }
function d() { var r1 = typeof f; eval("print(typeof f); { function f() { return 1; } } print(typeof f)"); return r1 + " " + typeof f; }
print(a(), b(), c(), d(), typeof f);
function e2() { try { throw 1 } catch (f) { eval("{ function f() {} }"); return typeof f; } }
print(e2());
