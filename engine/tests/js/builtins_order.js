// Observable details of built-ins: the order of property reads, key
// snapshots, exact number formatting near powers of ten, %ThrowTypeError%.

// JSON.parse takes the holder's keys before calling the reviver.
Object.prototype.b = 3;
var obj = JSON.parse('{"a": 1, "b": 2}', function (k, v) {
  if (k === "a") delete this.b;
  return v;
});
delete Object.prototype.b;
print(obj.hasOwnProperty("b"), obj.b);

// Array.prototype.reverse: each HasProperty is followed by its Get.
var a = ["first", "second"];
Object.defineProperty(a, 0, { get: function () { a.length = 0; return "first"; } });
a.reverse();
print(0 in a, 1 in a, a[1]);

// Exact rounding just below a power of ten.
print((1e-21).toPrecision(16), (1e-21).toPrecision(17), (1e-21).toPrecision(7));
print((1e-21).toExponential(15), (99.99).toPrecision(2), (9.995).toPrecision(3));

// %ThrowTypeError% is frozen, with non-configurable length and name.
var thrower = Object.getOwnPropertyDescriptor(function () { "use strict"; return arguments; }(), "callee").get;
print(Object.isFrozen(thrower), thrower.length, JSON.stringify(thrower.name));
print(Object.getOwnPropertyDescriptor(thrower, "length").configurable,
      Object.getOwnPropertyDescriptor(thrower, "name").configurable);
try { thrower(); } catch (e) { print(e instanceof TypeError); }
