// Statement completion values (§14, UpdateEmpty), observed through eval.
var cases = [
  "1; if (true) {}", "1; if (false) {}", "1; if (true) { 2; }", "1; if (false) 2; else 3;",
  "1; do { 2; break; } while(false)", "1; do { break; } while(false)", "1; do { 2; continue; } while(false)",
  "3; try {} finally {4}", "3; try { 5 } finally {4}", "3; try { throw 1 } catch (e) {}", "3; try { throw 1 } catch (e) { 6 }",
  "3; try { 7; throw 1 } catch (e) {} finally { 8 }",
  "1; do { try { 2 } finally { 3; break; } } while(false)",
  "1; do { try { 2; break; } finally { 3 } } while(false)",
  "1; while (false) {}", "1; var i = 0; while (i < 2) { i++; }", "1; var j = 0; while (j < 2) { j++; if (j == 2) break; }",
  "1; for (;false;) {}", "1; for (var k = 0; k < 2; k++) k;", "1; for (var k = 0; k < 2; k++) { if (k) break; 5; }",
  "1; for (var p in {a: 1}) {}", "1; for (var p in {a: 1}) p;", "1; for (var p in null) p;", "1; for (var q of [1, 2]) q;", "1; for (var q of []) q;",
  "1; for (var q of [1, 2]) { q; if (q == 2) break; }", "1; for (var q of [1, 2]) { if (q == 2) continue; q; }",
  "1; switch (1) {}", "1; switch (1) { case 1: }", "1; switch (1) { case 1: 2; case 2: 3; break; }", "1; switch (1) { case 0: 2; default: 4; case 5: }",
  "1; switch (1) { case 1: 2; break; }", "1; switch (2) { case 1: 2; }",
  "1; with ({}) {}", "1; with ({}) { 2 }", "1; L: { 2; break L; }", "1; L: break L;", "1; L: { break L; }",
  "1; var x = 5;", "1; function f() {}", "1; let y = 1;", "1; {}", "1; { 2 }", "1; ;",
  "1; outer: for (var a of [1]) { for (var b of [1]) { 2; continue outer; } }",
  "1; outer: for (var a of [1]) { 9; for (var b of [1]) { break outer; } }",
  "1; do { 2; if (true) { break; } } while (false)",
  "1; do { 2; try { break; } finally {} } while (false)",
  "'use strict'; 5",
];
for (var ci = 0; ci < cases.length; ci++) print(JSON.stringify(cases[ci]), "=>", eval(cases[ci]));
// Functions do not track completion values.
print((function () { 1; if (true) {} })());
// A completion value survives a caught exception in a loop.
print(eval("var n = 0; do { n++; try { if (n == 2) throw 0; n; } catch (e) {} } while (n < 3)"));
// An abrupt finally block completes with its own value, or undefined.
print(eval("99; do { -99; try { 39 } catch (e) { -1 } finally { break; -2 }; } while (false);"));
print(eval("99; do { -99; try { [].x.x } catch (e) { -1; } finally { 42; break; -3 }; } while (false);"));
print(eval("99; do { -99; try { 39 } finally { 42; continue; } } while (false);"));
