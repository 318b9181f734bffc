// Arguments objects created repeatedly with the same shape stay independent.
function sloppy(a, b) {
  var r = [arguments.length, arguments[0], arguments[1], arguments[2]];
  a = "A";
  r.push(arguments[0]);
  arguments[1] = "B";
  r.push(b);
  return r.join();
}
function strict(a, b) {
  "use strict";
  var r = [arguments.length, arguments[0], arguments[1], arguments[2]];
  a = "A";
  r.push(arguments[0]);
  arguments[1] = "B";
  r.push(b);
  return r.join();
}
for (var i = 0; i < 3; i++) print(sloppy(1, 2, 3), "|", strict(1, 2, 3), "|", sloppy(), "|", strict(9));

function keys() { return Object.getOwnPropertyNames(arguments).join() + " " + Object.getOwnPropertySymbols(arguments).length; }
print(keys(1, 2), keys(), keys(1, 2), keys(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
function strictKeys() { "use strict"; return Object.getOwnPropertyNames(arguments).join(); }
print(strictKeys(1), strictKeys(1));

function mutate(a) {
  delete arguments[0];
  arguments[0] = "new";
  a = "param";
  Object.defineProperty(arguments, "length", { value: 7 });
  arguments.extra = 1;
  return [arguments[0], arguments.length, a, Object.keys(arguments).join()].join();
}
print(mutate(1), mutate(1), mutate());
function fresh(a) { return [arguments[0], arguments.length, Object.keys(arguments).join(), "extra" in arguments].join(); }
print(fresh(5), fresh(5, 6));

function frozen(a) {
  Object.freeze(arguments);
  a = 2;
  return [arguments[0], Object.isFrozen(arguments)].join();
}
print(frozen(1), frozen(1));
function accessor(a) {
  Object.defineProperty(arguments, 0, { get: function () { return "got"; } });
  a = 3;
  return [arguments[0], a].join();
}
print(accessor(1), accessor(1));
function nonWritable(a) {
  Object.defineProperty(arguments, 0, { writable: false });
  a = 3;
  return [arguments[0], a].join();
}
print(nonWritable(1), nonWritable(1));

function callee() { return arguments.callee === callee; }
print(callee(), callee(1));
function strictCallee() { "use strict"; try { return arguments.callee; } catch (e) { return e.constructor.name; } }
print(strictCallee(), strictCallee(1));
var d1 = Object.getOwnPropertyDescriptor((function () { "use strict"; return arguments; })(), "callee");
var d2 = Object.getOwnPropertyDescriptor((function () { "use strict"; return arguments; })(1), "callee");
print(d1.get === d2.get, d1.get === d1.set, d1.enumerable, d1.configurable);

function iter() { return arguments[Symbol.iterator] === Array.prototype.values; }
print(iter(), iter(1, 2));
var values = Array.prototype.values;
Array.prototype.values = function () {};
print("after replacing values", (function () { return arguments[Symbol.iterator] === values; })(1));
Array.prototype.values = values;
print([...(function () { return arguments; })(1, 2, 3)].join());
print(Object.prototype.toString.call((function () { return arguments; })()));

function readOutOfRange() { return [arguments[-1], arguments[5], arguments["0"], arguments[0]].join(); }
Object.prototype[5] = "proto5";
print(readOutOfRange("x"), readOutOfRange("y", 2));
delete Object.prototype[5];
function many() { var s = 0; for (var i = 0; i < arguments.length; i++) s += arguments[i]; return s; }
print(many(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), many(1, 2, 3));
function defaults(a, b = 2) { a = 10; return [arguments[0], arguments.length].join(); }
print(defaults(1), defaults(1));
function shadow(a) { var arguments = [9]; return arguments[0]; }
print(shadow(1));
var arrow = function (a) { return (() => arguments[0])(); };
print(arrow(4), arrow(5));
