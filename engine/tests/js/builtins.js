// Object.
var o = Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } });
print(Object.keys(o).join(), o.inherited, o.hasOwnProperty("inherited"));
var d = Object.getOwnPropertyDescriptor(o, "own");
print(d.value, d.writable, d.enumerable, d.configurable);
Object.defineProperty(o, "ro", { value: 1, writable: false });
o.ro = 2;
print(o.ro);
(function () { "use strict"; try { o.ro = 3; } catch (e) { print(e instanceof TypeError); } })();
var f = Object.freeze({ a: 1 });
print(Object.isFrozen(f), Object.isSealed(f), Object.isExtensible(f));
print(Object.prototype.toString.call([]), Object.prototype.toString.call(null), String({}));
print(JSON.stringify(Object.entries({ a: 1, b: 2 })), Object.assign({}, { a: 1 }, { b: 2 }).b);
// Function.prototype.
function add(a, b) { return this.base + a + b; }
print(add.call({ base: 1 }, 2, 3), add.apply({ base: 10 }, [1, 1]), add.bind({ base: 100 }, 1)(1));
print(add.length, add.name, add.bind(null).name);
// Array.
var a = [3, 1, 2];
print(a.sort().join(), a.reverse().join(), [10, 9, 1].sort().join(), [10, 9, 1].sort((x, y) => x - y).join());
print([1, 2, 3].map(x => x * 2).join(), [1, 2, 3].filter(x => x & 1).join(), [1, 2, 3].reduce((s, x) => s + x));
print([1, 2, 3].indexOf(2), [1, 2, 3].includes(4), [1, [2, [3]]].join(), [1, 2, 3].slice(-2).join());
var s = [1, 2, 3, 4, 5];
print(s.splice(1, 2, "a", "b", "c").join(), s.join());
print([].concat([1], 2, [[3]]).length, Array.isArray([]), Array(3).length, [,1].length);
print([1, 2, 3].every(x => x > 0), [1, 2, 3].some(x => x > 2), [5, 6].find(x => x > 5), [5, 6].findIndex(x => x > 9));
var u = [1, 2];
u.unshift(0);
u.push(3);
print(u.shift(), u.pop(), u.join());
// String.
var str = "Hello, World";
print(str.length, str.charAt(1), str.charCodeAt(0), str.indexOf("o"), str.lastIndexOf("o"));
print(str.slice(-5), str.substring(7, 5), str.substr(1, 3), str.toUpperCase(), str.toLowerCase());
print("  x ".trim() + "|", "a,b,,c".split(",").length, "abc".split("").join("-"), "ab".repeat(3));
print("5".padStart(3, "0"), "x".padEnd(3, "."), "abc".startsWith("ab"), "abc".endsWith("bc"), "abc".includes("d"));
print(String.fromCharCode(72, 105), "\u00e9\u4e2d".length, "\ud83d\ude00".codePointAt(0), "ß".toUpperCase());
// Number, Boolean, Math.
print(Number.MAX_SAFE_INTEGER, Number.isInteger(5.0), Number.isNaN("x"), isNaN("x"), Number.EPSILON > 0);
print(new Boolean(false) ? "truthy" : "falsy", Boolean(""), (true).toString());
print(Math.floor(-1.5), Math.ceil(-1.5), Math.round(-1.5), Math.round(2.5), Math.abs(-3), Math.sign(-2));
print(Math.max(), Math.min(), Math.hypot(3, 4), Math.trunc(-4.7), Math.cbrt(27), Math.clz32(1));
var r = Math.random();
print(r >= 0 && r < 1);
// Errors.
var e = new RangeError("bad", { cause: 7 });
print(e.name, e.message, e.cause, e instanceof Error, String(e), Object.prototype.toString.call(e));
print(typeof e.stack, new Error().message === "");
// JSON.
print(JSON.stringify({ a: [1, "x", null, true], b: { c: undefined, d: function () {} } }));
print(JSON.stringify([1, [2, 3]], null, 2));
print(JSON.stringify({ a: 1, b: 2, c: 3 }, ["a", "c"]), JSON.stringify("\u2028\ud800"));
print(JSON.parse('[1,{"a":"b"}]', function (k, v) { return typeof v === "number" ? v * 10 : v; })[0]);
var cyc = {};
cyc.self = cyc;
try { JSON.stringify(cyc); } catch (err) { print(err instanceof TypeError); }
try { JSON.parse("{bad"); } catch (err) { print(err instanceof SyntaxError); }
print(JSON.stringify({ toJSON() { return "custom"; } }), JSON.stringify([undefined, function () {}]));
