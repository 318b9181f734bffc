// for-of closes its iterator (IteratorClose, §7.4.11) when the loop is left
// by break, continue to an outer loop, return or a throw, but not when the
// iterator is exhausted or its own next() throws.
function mk(name) {
  var it = { i: 0, [Symbol.iterator]() { return this; }, next() { return { value: this.i++, done: this.i > 5 }; },
    return() { print(name, 'closed'); return {}; } };
  return it;
}
function f1() { for (var x of mk('ret')) { if (x == 2) return 'r' + x; } }
print(f1());
try { for (var x of mk('throw')) { if (x == 1) throw 'T'; } } catch (e) { print('caught', e); }
for (var x of mk('break')) { if (x == 1) break; }
outer: for (var y of [1, 2]) { for (var x of mk('inner-cont')) { continue outer; } }
for (var x of mk('continue')) { if (x < 3) continue; }
print('exhausted ok');
function f2() { for (var a of mk('nested-a')) { for (var b of mk('nested-b')) { try { return a + b; } finally { print('finally'); } } } }
print(f2());
function* g() { for (var x of mk('gen')) yield x; }
var it = g(); it.next(); it.next(); print(JSON.stringify(it.return(7)));
var it2 = g(); it2.next(); try { it2.throw('E'); } catch (e) { print('gen threw', e); }
function f3() { switch (1) { case 1: for (var x of mk('sw')) { return x; } } }
print(f3());
var badRet = { [Symbol.iterator]() { return this; }, next() { return { value: 1, done: false }; }, return() { throw 'from return'; } };
try { for (var x of badRet) throw 'body'; } catch (e) { print('kept', e); }
try { for (var x of badRet) break; } catch (e) { print('break gets', e); }
function f4() { for (var x of badRet) return 1; }
try { f4(); } catch (e) { print('return gets', e); }
var nextThrows = { [Symbol.iterator]() { return this; }, next() { throw 'next'; }, return() { print('should not close'); } };
try { for (var x of nextThrows) ; } catch (e) { print('next threw', e); }
for (var k in {a: 1}) { for (var x of mk('forin')) { break; } }
function f5() { for (var k in {a: 1}) { for (var x of mk('in-forin')) { return k + x; } } }
print(f5());
