// A function whose parameters have expressions keeps the body's var
// declarations in an environment of their own (FunctionDeclarationInstantiation
// step 28): closures in the parameters see the parameters, not the body.
var x = 'outside';
var probe1, probe2;
function f(_ = (probe1 = function () { return x; })) {
  var x = 'inside';
  probe2 = function () { return x; };
}
f();
print(probe1(), probe2());

// A body var named like a parameter starts with the parameter's value and
// is a separate binding from then on.
function g(a, b = () => a) {
  var a;
  print('body a starts as', a);
  a = 2;
  return [a, b()].join();
}
print(g(1));

function same(a = 1) {
  var a;
  return a;
}
print(same(), same(5));

// A function declaration in the body is initialized with the function.
function fnShadow(a = 1) {
  function a() {}
  return typeof a;
}
print(fnShadow());

// `arguments`: the parameters see the arguments object even when the body
// declares a function or lexical binding named `arguments`.
var seen;
function argFn(x = (seen = arguments)) {
  function arguments() {}
  return typeof arguments;
}
print(argFn(), typeof seen, seen.length);
function argLex(x = (seen = arguments)) {
  let arguments = 'lex';
  return arguments;
}
print(argLex(1, 2), typeof seen, seen.length);
function argVar(a = 1) {
  var arguments;
  return typeof arguments + ' ' + arguments.length;
}
print(argVar(7, 8, 9));

// Generators, methods, arrows, setters and class methods.
function* gen(a = 1, read = () => a) {
  var a = 10;
  yield a;
  yield read();
}
print([...gen(3)].join());
const obj = {
  m(a = 1, read = () => a) {
    var a = 'body';
    return read() + ' ' + a;
  },
  set s(v = 0) {
    var v = v * 2;
    this.v = v;
  },
};
print(obj.m('param'));
obj.s = 21;
print(obj.v);
const arrow = (a = 1, read = () => a) => {
  var a = 'body';
  return read() + ' ' + a;
};
print(arrow('param'));
class C {
  static m(a = 1, read = () => a) {
    var a = 'body';
    return read() + ' ' + a;
  }
}
print(C.m('param'));

// Sloppy direct eval in the parameters declares outside the body's scope.
const viaEval = (p = eval("var v = 'from eval'"), q = () => v) => {
  var v = 'local';
  return v + ' ' + q();
};
print(viaEval());

// Annex B: a function in a block of the body gets a var in the body's scope.
function annexB(a = 1) {
  {
    function inner() { return 'inner'; }
  }
  return inner();
}
print(annexB());

// Early errors stay: a lexical declaration may not share a parameter's name.
for (const src of [
  '(function (a = 1) { let a; })',
  '(function (a = 1) { const a = 1; })',
  '(function (a = 1) { var b; let b; })',
]) {
  try {
    eval(src);
    print('no error', src);
  } catch (e) {
    print(e.name, src);
  }
}
