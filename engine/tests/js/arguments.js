// Arguments objects (§10.4.4).
function err(f) {
  try { f(); return "no error"; } catch (e) { return e.constructor.name; }
}

// Mapped: parameters and indices alias in both directions.
function both(a, b) {
  arguments[0] = "A";
  b = "B";
  return [a, arguments[1], arguments.length].join();
}
print("mapped", both(1, 2));

function notPassed(a, b) {
  arguments[1] = "x";
  b = "y";
  return [b, arguments[1], arguments.length].join();
}
print("not passed", notPassed(1));

function extra(a) {
  arguments[1] = "second";
  return [a, arguments[1], arguments.length].join();
}
print("extra", extra(1, 2));

function deleted(a) {
  delete arguments[0];
  a = "param";
  var after = arguments[0];
  arguments[0] = "index";
  return [a, after, arguments[0]].join();
}
print("delete unmaps", deleted(1));

function frozen(a) {
  Object.defineProperty(arguments, "0", { writable: false });
  a = "changed";
  return [a, arguments[0], err(function () { "use strict"; arguments; })].join();
}
print("non-writable unmaps", frozen(1));

function freezeKeepsValue(a) {
  a = "latest";
  Object.defineProperty(arguments, "0", { writable: false });
  return arguments[0];
}
print("define keeps current value", freezeKeepsValue(1));

function accessor(a) {
  Object.defineProperty(arguments, "0", { get: function () { return "getter"; } });
  a = 2;
  return [a, arguments[0]].join();
}
print("accessor unmaps", accessor(1));

function defineValue(a) {
  Object.defineProperty(arguments, "0", { value: "defined" });
  return a;
}
print("define value writes parameter", defineValue(1));

function dup(a, a) {
  arguments[0] = "first";
  arguments[1] = "second";
  return a;
}
print("duplicate names", dup(1, 2));

function descriptors(a) {
  a = 5;
  var d = Object.getOwnPropertyDescriptor(arguments, "0");
  return [d.value, d.writable, d.enumerable, d.configurable, Object.keys(arguments).join("|")].join();
}
print("descriptor", descriptors(1, 2));

function viaEval(a) {
  eval("arguments[0] = 'eval'");
  return a;
}
print("through eval", viaEval(1));

function inClosure(a) {
  var set = function (v) { a = v; };
  set("closure");
  return arguments[0];
}
print("closure sees alias", inClosure(1));

function callee() { return arguments.callee === callee; }
print("callee", callee());

function lengthWritable() {
  arguments.length = 10;
  var d = Object.getOwnPropertyDescriptor(arguments, "length");
  return [arguments.length, d.writable, d.enumerable, d.configurable].join();
}
print("length", lengthWritable(1));

function varArguments() {
  return typeof arguments;
  var arguments = 1;
}
print("var arguments", varArguments());

// Unmapped: strict code and non-simple parameter lists.
function strictArgs(a) {
  "use strict";
  arguments[0] = "changed";
  a = "param";
  return [a, arguments[0]].join();
}
print("strict", strictArgs(1));

function defaults(a = 0) {
  arguments[0] = "changed";
  return a;
}
print("defaults", defaults(1));

function rest(a, ...r) {
  a = "changed";
  return arguments[0];
}
print("rest", rest(1, 2));

function poisoned() {
  "use strict";
  var d = Object.getOwnPropertyDescriptor(arguments, "callee");
  return [
    typeof d.get, d.get === d.set, d.enumerable, d.configurable,
    err(function () { return arguments.callee; }),
    Object.isExtensible(d.get), JSON.stringify(d.get.name), d.get.length,
  ].join();
}
print("poisoned callee", poisoned());
print("strict callee", err(function () { "use strict"; return arguments.callee; }));

// Common to both kinds.
function common() {
  return [
    Object.prototype.toString.call(arguments),
    arguments[Symbol.iterator] === Array.prototype.values,
    Array.from(arguments).join("-"),
    Object.getPrototypeOf(arguments) === Object.prototype,
    Array.isArray(arguments),
  ].join();
}
print("common", common(1, 2, 3));
print("strict common", (function () { "use strict"; return Object.prototype.toString.call(arguments); })());
print("arrow", (function () { return (() => arguments[0])(); })("outer"));
