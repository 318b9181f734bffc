// Exceptions, finally and completion overriding.
function f1() { try { throw 1; } catch (e) { return "caught " + e; } finally { print("finally 1"); } }
print(f1());
function f2() { try { return "try"; } finally { return "finally wins"; } }
print(f2());
function f3() {
  for (var i = 0; i < 3; i++) {
    try { if (i === 1) break; } finally { print("fin", i); }
  }
  return i;
}
print(f3());
function f4() {
  try { try { throw new Error("inner"); } finally { print("inner finally"); } }
  catch (e) { return e.message; }
}
print(f4());
function f5() { try { return 1; } finally { try { throw 2; } catch (e) { print("swallowed", e); } } }
print(f5());
var log = [];
for (var k in { a: 1, b: 2, c: 3 }) {
  try { if (k === "b") continue; log.push(k); } finally { log.push("f" + k); }
}
print(log.join());
try { undefinedFunction(); } catch (e) { print(e.name, e.message); }
try { (void 0).x; } catch (e) { print(e.name); }
try { null(); } catch (e) { print(e.name); }
try { new (function () {}.bind())().x.y; } catch (e) { print(e.name); }
try { throw { custom: true }; } catch (e) { print(e.custom); }
function deep(n) { return n === 0 ? 0 : 1 + deep(n - 1); }
print(deep(1000));
function runaway() { return runaway(); }
try { runaway(); } catch (e) { print(e instanceof RangeError); }
try { eval("var x = ;"); } catch (e) { print(e instanceof SyntaxError); }
print(eval("1 + 2"), typeof eval("(function(){})"));
try { [].reduce(function () {}); } catch (e) { print(e instanceof TypeError); }
