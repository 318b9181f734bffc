// Rewrites of the peephole pass and the loop layout keep the semantics.
function postfix() {
  var calls = 0;
  var o = { valueOf() { calls++; return 5; } };
  o++;
  var b = 10n;
  b++;
  b--;
  b++;
  var s = "7";
  s++;
  var f = 1.5;
  f++;
  var m = 2147483647;
  m++;
  var n = -2147483648;
  n--;
  var u;
  u++;
  return [calls, o, b, s, f, m, n, u].map(String).join();
}
print(postfix());

function prefixUsed() {
  var j = 3, r = [];
  do { r.push(j); } while (--j > 0);
  var k = "2";
  r.push(++k, k);
  return r.join();
}
print(prefixUsed());

function addLoc() {
  var s = "a", t = 1, u = 1, v = 0;
  s += 1;
  t += "x";
  u += (u = 10, 5);
  v += { valueOf() { return 2; } };
  var w = 2147483647;
  w += 1;
  var big = 1n;
  big += 2n;
  var c = 1;
  c = c + (c = 4);
  return [s, t, u, v, w, big, c].map(String).join();
}
print(addLoc());

function compares() {
  var r = [], nan = NaN;
  for (var i = 0; i < 3; i++) r.push(i);
  for (var i = 3; i > 0; i--) r.push(i);
  for (var i = 0; i <= 2; i += 1) r.push(i);
  for (var i = 2; i >= 0; i -= 1) r.push(i);
  if (nan < 1) r.push("lt"); else r.push("!lt");
  if (!(nan >= 1)) r.push("!ge");
  if ("b" > "a") r.push("str");
  if (1n < 2) r.push("big");
  var order = [];
  var a = { valueOf() { order.push("a"); return 1; } };
  var b = { valueOf() { order.push("b"); return 2; } };
  if (a < b) r.push(order.join(""));
  return r.join();
}
print(compares());

function layout() {
  var r = [];
  var k = 0;
  while (k < 5) { if (k == 3) break; k++; }
  r.push(k);
  outer: for (var a = 0; a < 3; a++) {
    for (var b = 0; b < 3; b++) {
      if (b == 1) continue outer;
      if (a == 2) break outer;
    }
  }
  r.push(a, b);
  var c = 0;
  for (var i = 0; i < 10; i++) { if (i < 3) continue; if (i >= 8) break; c += i; }
  r.push(c);
  var n = 0;
  for (;;) { if (++n > 4) break; }
  r.push(n);
  var fs = [];
  for (let i = 0; i < 3; i++) fs.push(() => i);
  r.push(fs.map((f) => f()).join(""));
  var gs = [];
  for (let i = 0; gs.push(() => i), i < 2; i++) {}
  r.push(gs.map((f) => f()).join(""));
  var t = 0, log = [];
  for (var i = (log.push("init"), 0); log.push("test"), i < 2; log.push("update"), i++) log.push("body");
  r.push(log.join(" "));
  return r.join();
}
print(layout());

function dead(x) {
  if (x) return 1;
  else return 2;
  x = 3;
}
print(dead(true), dead(false));

function throwsInLoop() {
  var i = 0;
  try {
    for (; i < 5; i++) if (i == 2) throw new Error("at " + i);
  } catch (e) {
    return e.message;
  }
}
print(throwsInLoop());

// Temporal dead zone checks are dropped only where the binding is known to
// be initialized on every path.
function tdz(f) {
  try {
    return f();
  } catch (e) {
    return e.constructor.name;
  }
}
print(tdz(function () { let s = 0; for (let i = 0; i < 4; i++) s += i; return s; }));
print(tdz(function () { x; let x = 1; return x; }));
print(tdz(function () { for (var k = 0; k < 2; k++) { if (k == 1) return y; } let y = 2; return y; }));
print(tdz(function () {
  var r = [];
  for (var k = 0; k < 3; k++) {
    if (k > 0) r.push(tdz(function () { return 0; }));
    let z = k;
    r.push(z);
  }
  return r.join();
}));
print(tdz(function () {
  var r = [];
  for (var k = 0; k < 2; k++) {
    try { r.push(w); } catch (e) { r.push(e.constructor.name); }
    let w = k;
    r.push(w);
  }
  return r.join();
}));
print(tdz(function () {
  switch (1) {
    case 0: let a = 1; return a;
    case 1: return a;
  }
}));
print(tdz(function () {
  switch (0) {
    case 0: let a = 1;
    case 1: return a;
  }
}));
print(tdz(function () {
  var r = [];
  for (var k = 0; k < 2; k++) {
    try {
      if (k == 0) throw 1;
      let t = 5;
      r.push(t);
    } catch (e) {
      r.push("c");
    } finally {
      r.push("f");
    }
  }
  return r.join();
}));
print(tdz(function () { let u = u + 1; return u; }));
print(tdz(function () { v = 1; let v; return v; }));
print(tdz(function () { let j = 3; while (j-- > 0); return j; }));
print(tdz(function () { const c = 1; try { c = 2; } catch (e) { return e.constructor.name + c; } }));

// x++ / x-- whose value is used, on a local.
function postfix() {
  var r = [];
  let a = [], j = 3, k = 0;
  while (j-- > 0) a[k++] = j;
  r.push(a.join(), j, k);
  var calls = 0;
  var o = { valueOf() { calls++; return 7; } };
  var p = o++;
  r.push(p, o, calls);
  var s = "4", t = s--;
  r.push(typeof t, t, s);
  var b = 10n, c = b++;
  r.push(c, b);
  var m = 2147483647, q = m++;
  r.push(q, m);
  var n = -2147483648, w = n--;
  r.push(w, n);
  var f = 1.5, g = f--;
  r.push(g, f);
  var u, v = u++;
  r.push(v, u);
  var x = 1, y = x++ + x++;
  r.push(x, y);
  return r.join(";");
}
print(postfix());
print(tdz(function () { let z = z++; return z; }));

// x += v on a local holding a float.
function floatSum() {
  let s = 0.5;
  for (let i = 0; i < 4; i++) s += i * 0.25;
  let t = 1;
  t += 0.5;
  t += "x";
  return s + "," + t;
}
print(floatSum());
