// A generator's return() at a yield closes the iterators that are open
// around it: for-of loops, also with values of the expression on the stack
// above the iterator record, and array destructuring patterns.
var log = [];
function iterable(name, value) {
  var it = {
    next() { return { done: false, value: value }; },
    return() { log.push("close " + name); return {}; },
  };
  return { [Symbol.iterator]() { return it; } };
}
function f() { return [].slice.call(arguments).join(); }

function* g1() { for (var x of iterable("a")) { f(1, 2, yield x); } }
var i = g1(); i.next();
print(JSON.stringify(i.return(5)), log.join());

log = [];
function* g2() {
  for (var x of iterable("outer")) {
    for (var y of iterable("inner")) {
      [1, [2, f(3, yield)]];
    }
  }
}
i = g2(); i.next();
print(JSON.stringify(i.return(6)), log.join());

log = [];
function* g3() { var a, b; [a = yield, b] = iterable("pattern"); }
i = g3(); i.next();
print(JSON.stringify(i.return(7)), log.join());

log = [];
function* g4() {
  for (var x of iterable("loop")) {
    var [a, b = yield "in pattern"] = iterable("pattern2", undefined);
  }
}
i = g4(); print(JSON.stringify(i.next()));
print(JSON.stringify(i.return(8)), log.join());

log = [];
function* g5() {
  try {
    for (var x of iterable("with finally")) {
      try { f(yield 1); } finally { log.push("finally"); }
    }
  } finally {
    log.push("outer finally");
  }
}
i = g5(); i.next();
print(JSON.stringify(i.return(9)), log.join());

// A return() whose result is not an object is a TypeError.
var bad = { [Symbol.iterator]() { return { next() { return { done: false }; }, return() { return null; } }; } };
function* g6() { [{} = yield] = bad; }
i = g6(); i.next();
try { i.return(); } catch (e) { print(e.constructor.name); }

// async generators
log = [];
async function* ag() { for (var x of iterable("async")) { f(yield x); } }
var ai = ag();
ai.next().then(() => ai.return(10)).then((r) => print(JSON.stringify(r), log.join()));
