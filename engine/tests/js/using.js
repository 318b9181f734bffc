// Explicit resource management: `using`, `await using`, DisposableStack,
// AsyncDisposableStack, SuppressedError.
var log = [];
function R(n) {
  return { [Symbol.dispose]() { log.push("d" + n); } };
}
function T(n) {
  return { [Symbol.dispose]() { log.push("t" + n); throw new Error("e" + n); } };
}
function show(label) {
  print(label + ": " + log.join(","));
  log = [];
}
function describe(e) {
  if (e instanceof SuppressedError) {
    return "Suppressed(" + describe(e.error) + " / " + describe(e.suppressed) + ")";
  }
  return e && e.message;
}

// Reverse order at the end of a block; null and undefined are skipped.
{
  using a = R(1), b = null, c = R(2);
  using d = undefined;
  log.push("body");
}
show("block");

// break, continue and return dispose the regions they leave.
function loops() {
  using outer = R("outer");
  for (var i = 0; i < 4; i++) {
    log.push("i" + i);
    using r = R(i);
    if (i === 0) continue;
    if (i === 1) {
      inner: {
        using s = R("s");
        break inner;
      }
      continue;
    }
    if (i === 2) break;
  }
  for (;;) {
    using q = R("q");
    return "ret";
  }
}
print(loops());
show("loops");

// Statements before the first `using` run without a region.
{
  log.push("before");
  using a = R("a");
}
show("late");

// A throw: every resource is disposed, errors are aggregated.
try {
  using a = T(1);
  using b = R(2);
  using c = T(3);
  throw new Error("body");
} catch (e) {
  print("throw:", describe(e));
}
show("throw");
try {
  using a = T(1);
  using b = T(2);
} catch (e) {
  print("normal:", describe(e));
}
show("normal");
try {
  using a = T(1);
} catch (e) {
  print("single:", describe(e));
}
show("single");

// Initializers that are not disposable.
for (var bad of [1, {}, { [Symbol.dispose]: 1 }]) {
  try {
    using a = R("ok");
    using b = bad;
    log.push("unreached");
  } catch (e) {
    print("bad:", e.constructor.name);
  }
}
show("bad");

// The binding is constant and in its TDZ before the declaration.
try {
  using k = null;
  k = 1;
} catch (e) {
  print("const:", e.constructor.name);
}
try {
  {
    g();
    using z = null;
    function g() { return z; }
  }
} catch (e) {
  print("tdz:", e.constructor.name);
}

// `this` of the dispose method, and the method is read once.
var reads = 0;
var res = {
  get [Symbol.dispose]() {
    reads++;
    return function () { log.push(this === res); };
  },
};
{
  using r = res;
}
print("reads:", reads);
show("this");

// for (using ...;;) disposes when the loop ends; for-of once per iteration.
for (using a = R("head"), b = R("head2"); log.length < 2; ) {
  log.push("it");
}
show("for");
for (using x of [R(1), R(2), null]) {
  log.push("x");
}
show("for-of");
function forOfBreak() {
  var it = {
    i: 0,
    [Symbol.iterator]() { return this; },
    next() { return { value: R(this.i++), done: false }; },
    return() { log.push("close"); return {}; },
  };
  for (using x of it) {
    if (it.i === 2) break;
  }
  try {
    for (using x of it) {
      throw new Error("stop");
    }
  } catch (e) {
    log.push(e.message);
  }
}
forOfBreak();
show("for-of-exit");
var closures = [];
for (using x of [R("c1"), R("c2")]) {
  closures.push(() => x);
}
print(closures[0]() !== closures[1]());
show("for-of-closures");

// `using` as an identifier.
var using = [10, 20], of = [[7]], x = 1;
{
  using[x] = 21;
  using
  x = 2;
}
print(using, x);
for (using of of [0]) {}
print(using);
for (using of = null; ; ) break;

// Syntax errors.
function syntax(src) {
  try {
    new Function(src);
    return "ok";
  } catch (e) {
    return e.constructor.name;
  }
}
print(
  syntax("using x = null;"), // a function body

  syntax("{ using [x] = null; }"),
  syntax("{ using x; }"),
  syntax("switch (1) { case 1: using x = null; }"),
  syntax("for (using x in {}) {}"),
  syntax("for (using x = null of []) {}"),
  syntax("{ using let = null; }"),
  syntax("{ using x = null; var x; }"),
  syntax("if (1) using x = null;"),
  syntax("{ using x = null, y = null; }")
);
try {
  eval("using x = null;");
} catch (e) {
  print("script top level:", e.constructor.name);
}

// Generators: return() disposes.
function* gen() {
  using a = R("gen");
  yield 1;
  yield 2;
}
var it = gen();
it.next();
it.return(5);
show("gen");

// DisposableStack.
var stack = new DisposableStack();
print(stack.disposed, Object.prototype.toString.call(stack));
print(stack.use(R("use")) !== undefined, stack.use(null), stack.adopt(5, (v) => log.push("adopt" + v)));
print(stack.defer(() => log.push("defer")));
var moved = stack.move();
print(stack.disposed, moved.disposed);
try {
  stack.use(R(0));
} catch (e) {
  print("use after move:", e.constructor.name);
}
moved.dispose();
moved.dispose();
print(moved.disposed);
show("stack");
var s2 = new DisposableStack();
s2.defer(() => { throw new Error("a"); });
s2.defer(() => { throw new Error("b"); });
try {
  s2[Symbol.dispose]();
} catch (e) {
  print("stack errors:", describe(e));
}
try {
  DisposableStack();
} catch (e) {
  print("call:", e.constructor.name);
}
try {
  DisposableStack.prototype.dispose.call({});
} catch (e) {
  print("receiver:", e.constructor.name);
}
{
  using st = new DisposableStack();
  st.defer(() => log.push("scoped stack"));
}
show("scoped");

// SuppressedError.
var se = new SuppressedError(1, 2, "msg");
print(se.error, se.suppressed, se.message, se.name, SuppressedError.length);
print(Object.getPrototypeOf(SuppressedError) === Error, "message" in SuppressedError(0, 0));

// Iterator disposal.
var iter = [1, 2][Symbol.iterator]();
print(typeof iter[Symbol.dispose], Symbol.asyncDispose.toString());
var ret = {
  __proto__: Object.getPrototypeOf(Object.getPrototypeOf(iter)),
  return() { log.push("iterator return"); },
};
ret[Symbol.dispose]();
show("iterator");

// Async disposal.
var order = [];
function A(n) {
  return {
    async [Symbol.asyncDispose]() {
      order.push("a" + n);
    },
  };
}
async function asyncBlock() {
  {
    await using a = A(1);
    using b = { [Symbol.dispose]() { order.push("sync b"); } };
    await using c = null;
    await using d = { [Symbol.dispose]() { order.push("fallback d"); return Promise.reject(1); } };
    order.push("body");
  }
  order.push("after");
  try {
    await using e = { async [Symbol.asyncDispose]() { throw new Error("ae"); } };
    throw new Error("body");
  } catch (e) {
    order.push(describe(e));
  }
  for await (await using x of [A("x1"), A("x2")]) {
    order.push("iter");
  }
  return "done";
}
var tick = true;
asyncBlock().then((v) => {
  print("async:", v, order.join(","));
});
Promise.resolve().then(() => { tick = false; });
async function noAwait() {
  var started = tick;
  {
    if (false) {
      await using a = null;
    }
  }
  var same = tick;
  {
    await using n = null;
  }
  print("await only if evaluated:", started, same, tick);
}
noAwait();
var astack = new AsyncDisposableStack();
astack.use(A("s1"));
astack.defer(async () => order.push("s-defer"));
astack.adopt(3, async (v) => order.push("s-adopt" + v));
astack.disposeAsync().then((v) => {
  print("async stack:", v, astack.disposed);
});
AsyncDisposableStack.prototype.disposeAsync.call({}).catch((e) => print("async receiver:", e.constructor.name));
