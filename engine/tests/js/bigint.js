// BigInt values: literals, operators, conversions, built-ins.
function err(f) {
  try {
    f();
    return "no error";
  } catch (e) {
    return e.constructor.name;
  }
}

// Literals.
print(typeof 1n, typeof Object(1n), 0n, 123n, 0x1Fn, 0o17n, 0b101n, 1_000_000n, 0xF_Fn);
print(-1n, - -2n, 12345678901234567890123456789n, 0n === -0n);
print(({ 1n: "a", 0x10n: "b" })[1], ({ 1n: "a", 0x10n: "b" })["16"], Object.keys({ 7n: 1 }));
for (const src of ["01n", "1.5n", "1e3n", "08n", "09.5n", "1_n", "0x_1n", ".5n", "1nn", "0n1"]) {
  print(src, err(() => eval(src)));
}

// ToBoolean, typeof, ToString.
print(!!0n, !!1n, !!-1n, 0n ? "t" : "f", 0n || "fallback", 1n && "yes");
print(String(-42n), `${5n}`, 1n + "", "" + 2n, [1n, 2n].join(), (10n).toString(2), (-255n).toString(16));
print((2n ** 100n).toString(36), (0n).toString(), BigInt.prototype.toLocaleString.call(99n));

// Arithmetic.
print(1n + 2n, 5n - 7n, 6n * -7n, 7n / 2n, -7n / 2n, 7n % 3n, -7n % 3n, 7n % -3n, 2n ** 10n, (-2n) ** 3n);
print(0n ** 0n, 1n << 70n, -1n >> 10n, -9n >> 1n, 255n >> 4n, 1n << -1n, 8n >> -2n);
print(5n & 3n, 5n | 3n, 5n ^ 3n, ~5n, ~-1n, -5n & 0xFFn, -1n | 0n, -6n ^ 3n);
print(2n ** 64n - 1n, -(2n ** 63n), 10n ** 30n / 7n, (10n ** 30n) % 7n);
print(err(() => 1n / 0n), err(() => 1n % 0n), err(() => 2n ** -1n), err(() => 1n >>> 0n));
print(err(() => 1n + 1), err(() => 1 * 1n), err(() => 1n - 0.5), err(() => 1n | 0), err(() => 1n << 1));
print(err(() => +1n), err(() => Math.abs(1n)), err(() => isNaN(1n)), err(() => 1n >>> 1));
print(err(() => 1n << (2n ** 40n)), err(() => 2n ** (2n ** 40n)));

// Increment, decrement and compound assignment.
let a = 5n;
a++;
++a;
a--;
print(a, a++, a, --a, a);
a += 10n; print(a);
a -= 1n; print(a);
a *= 3n; print(a);
a /= 2n; print(a);
a %= 7n; print(a);
a **= 5n; print(a);
a <<= 3n; print(a);
a >>= 1n; print(a);
a &= 0xFn; print(a);
a |= 0x30n; print(a);
a ^= 1n; print(a);
print(err(() => { let b = 1n; b += 1; }), err(() => { let b = 1n; b >>>= 1n; }));
const o = { p: 1n, q: [10n] };
o.p++;
++o.q[0];
o.p **= 3n;
print(o.p, o.q[0], o.p-- , o.p);
var g = 100n;
with ({ w: 3n }) { w++; print(w); g--; }
print(g);
function local() { let x = -1n; x++; x++; return x; }
print(local());

// Equality.
print(1n == 1n, 1n === 1n, 1n == 1, 1 == 1n, 1n === 1, 1n == "1", "1" == 1n, 1n == "0x1", 1n == "1.0", 1n == "x");
print(0n == false, 1n == true, 2n == true, 0n == "", 1n == NaN, 1n == Infinity, 2n ** 64n == 18446744073709551616);
print(1n == 1.5, 9007199254740993n == 9007199254740992, 9007199254740992n == 9007199254740992);
print(1n != 2n, 1n !== 1n, Object(1n) == 1n, Object(1n) === 1n, 1n == { valueOf() { return 1n; } });
print(Object.is(0n, -0n), Object.is(1n, 1n), [1n, 2n].includes(2n), [1n, 2n].indexOf(2n), [0n].includes(0), [NaN, 1n].lastIndexOf(1n));
switch (3n) { case 3: print("number case"); break; case 3n: print("bigint case"); break; }

// Relational comparison.
print(1n < 2n, 2n < 1n, 1n < 2, 2 < 1n, 1n <= 1, 1n >= 1.5, -1n > -1.5, 1n < Infinity, -Infinity < -1n, 1n < NaN, 1n >= NaN);
print(1n < "2", "10" > 9n, 9n < "x", 9n >= "x", "x" < 9n, 1n <= "", "0x10" > 15n, " 12 " < 13n, "1.5" > 1n);
print(2n ** 64n > 18446744073709551615, 2n ** 64n < 1.8446744073709553e19, -(2n ** 1100n) < -Number.MAX_VALUE);

// Conversions.
print(Number(2n ** 60n), Number(-5n), Number(2n ** 1024n), Number(2n ** 53n + 1n), parseInt("12n"), parseFloat(3n));
print(BigInt(10), BigInt(-0), BigInt("  0x1F  "), BigInt("-12"), BigInt(""), BigInt("  "), BigInt(true), BigInt(false), BigInt("0b11"), BigInt("0o17"));
print(BigInt(Number.MAX_SAFE_INTEGER) + 2n, BigInt(1e21), BigInt({ valueOf() { return 7; } }), BigInt({ toString() { return "8"; } }));
print(err(() => BigInt(1.5)), err(() => BigInt(NaN)), err(() => BigInt(Infinity)), err(() => BigInt("1.5")), err(() => BigInt("-0x1")));
print(err(() => BigInt("1n")), err(() => BigInt(undefined)), err(() => BigInt(null)), err(() => BigInt(Symbol())), err(() => new BigInt(1)));
print(err(() => BigInt("12a")), err(() => BigInt("0x")), err(() => BigInt("1_0")));
print(BigInt.asIntN(8, 255n), BigInt.asIntN(8, 128n), BigInt.asIntN(8, -129n), BigInt.asIntN(64, 2n ** 63n), BigInt.asIntN(0, 5n));
print(BigInt.asUintN(8, -1n), BigInt.asUintN(64, -1n), BigInt.asUintN(1, 3n), BigInt.asUintN(0, 5n), BigInt.asUintN("3", 15n));
print(err(() => BigInt.asIntN(-1, 1n)), err(() => BigInt.asUintN(2 ** 53, 1n)), err(() => BigInt.asIntN(1, 1)), err(() => BigInt.asUintN(8, "x")));
print(BigInt.asIntN(3, "7"), BigInt.asUintN(3, true));

// Objects and prototype.
print(Object.prototype.toString.call(1n), Object.prototype.toString.call(Object(2n)), BigInt.prototype[Symbol.toStringTag]);
print(Object(3n) + 1n, typeof Object(3n).valueOf(), Object(3n) instanceof BigInt, (5n).constructor === BigInt);
print(BigInt.length, BigInt.name, BigInt.asIntN.length, BigInt.prototype.toString.length, typeof BigInt.prototype.valueOf.call(1n));
print(err(() => BigInt.prototype.valueOf.call(1)), err(() => BigInt.prototype.toString.call("1")), err(() => (1n).toString(37)), err(() => (1n).toString(1)));
print(err(() => Number.prototype.toString.call(1n)), err(() => Number.prototype.valueOf.call(Object(1n))));
BigInt.prototype.double = function () { return this * 2n; };
print((21n).double(), typeof (21n).double);
print(1n[Symbol.toPrimitive], "toString" in Object(1n));
const key = {};
key[2n] = "two";
print(key[2], key["2"], 2n in key, [5, 6, 7][1n]);

// JSON.
print(err(() => JSON.stringify(1n)), err(() => JSON.stringify({ a: 1n })), err(() => JSON.stringify(Object(1n))));
print(JSON.stringify({ a: 1n }, (k, v) => typeof v === "bigint" ? v.toString() + "n" : v));
BigInt.prototype.toJSON = function () { return "big:" + this; };
print(JSON.stringify([1n, { b: 2n }]), JSON.stringify(Object(3n)));
delete BigInt.prototype.toJSON;

// Template literals and string methods.
print(`${2n ** 70n} and ${-1n}`, "abc".repeat(2n == 2 ? 2 : 0), "x".concat(1n), ["a", 1n].join("-"));
print(String(Object(12n)), `${Object(4n)}`, (12n).toLocaleString());

// Large values stay within limits as catchable RangeErrors.
print(err(() => 1n << (1n << 30n)), err(() => 2n ** (2n ** 32n)), err(() => BigInt.asUintN(2 ** 40, -1n)));
print(String(2n ** 1000n).length, (2n ** 4096n).toString(16).length);
