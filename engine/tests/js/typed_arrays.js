// Typed arrays, ArrayBuffer, DataView and Atomics.
var out = typeof print === "function" ? print : console.log;
function log() {
  var parts = [];
  for (var i = 0; i < arguments.length; i++) parts.push(String(arguments[i]));
  out(parts.join(" "));
}

var u8 = new Uint8Array([1, 2, 300, -1]);
log(u8.length, u8[2], u8[3], u8.join());
var c = new Uint8ClampedArray([300, -5, 1.5, 2.5, 0.5]);
log(c.join());
var i16 = new Int16Array([40000, -40000]);
log(i16.join(), Int16Array.BYTES_PER_ELEMENT);
var f32 = new Float32Array([0.1, 1 / 3]);
log(f32[0], f32[1]);
var f64 = new Float64Array(3);
f64[0] = 1.5; f64["1"] = NaN; f64[5] = 9; f64["-0"] = 7; f64["1.5"] = 8;
log(f64.join(), f64[5], f64["-0"], f64["1.5"], Object.keys(f64).join());
log(1 in f64, 5 in f64, "-0" in f64, "foo" in f64);
var b64 = new BigInt64Array([1n, -2n, 2n ** 63n]);
log(b64.join(), typeof b64[0]);
var bu = new BigUint64Array([-1n]);
log(bu[0]);

// Numeric keys never reach the prototype.
Object.prototype[10] = "proto";
log(u8[10], new Array(11)[10]);
delete Object.prototype[10];

// Property descriptors and definitions.
var d = Object.getOwnPropertyDescriptor(u8, 0);
log(d.value, d.writable, d.enumerable, d.configurable);
log(Reflect.defineProperty(u8, 0, { value: 7 }), u8[0]);
log(Reflect.defineProperty(u8, 0, { value: 7, writable: false }));
log(Reflect.defineProperty(u8, 9, { value: 7 }), delete u8[0], delete u8[9]);

// Buffers and views.
var buf = new ArrayBuffer(8);
var view = new DataView(buf);
view.setUint16(0, 0x1234);
view.setUint16(2, 0x1234, true);
log(new Uint8Array(buf).join(), view.getInt16(0), view.getUint32(0, true));
view.setFloat64(0, Math.PI);
log(view.getFloat64(0), view.getFloat32(0), view.byteLength, view.byteOffset);
view.setBigInt64(0, -5n);
log(view.getBigInt64(0), view.getBigUint64(0));
var sub = new Int32Array(buf, 4, 1);
sub[0] = -1;
log(new Uint8Array(buf).join(), sub.byteOffset, sub.byteLength);
log(ArrayBuffer.isView(view), ArrayBuffer.isView(sub), ArrayBuffer.isView(buf));
log(buf.slice(2, -2).byteLength, buf.slice(-3).byteLength);

// Resizable buffers and length-tracking views.
var rab = new ArrayBuffer(4, { maxByteLength: 16 });
var track = new Uint16Array(rab);
var fixed = new Uint16Array(rab, 0, 2);
log(rab.resizable, rab.maxByteLength, track.length, fixed.length);
rab.resize(12);
log(track.length, fixed.length, rab.byteLength);
rab.resize(2);
log(track.length, fixed.length, fixed.byteLength);
try { fixed.fill(1); } catch (e) { log(e.constructor.name); }
try { rab.resize(17); } catch (e) { log(e.constructor.name); }

// Prototype methods.
var a = Int8Array.of(5, 3, 9, -1, 3);
log(a.indexOf(3), a.lastIndexOf(3), a.includes(9), a.at(-1));
log(a.slice(1, 3).join(), a.subarray(2).join(), a.map(function (x) { return x * 2; }).join());
log(a.filter(function (x) { return x > 0; }).join(), a.reduce(function (s, x) { return s + x; }));
log(a.find(function (x) { return x > 4; }), a.findIndex(function (x) { return x < 0; }));
log(a.findLast(function (x) { return x === 3; }), a.findLastIndex(function (x) { return x === 3; }));
log(a.toSorted().join(), a.toReversed().join(), a.with(0, 100).join(), a.join());
log(a.sort().join(), a.reverse().join());
log(new Float64Array([3, NaN, -0, 0, -Infinity]).sort().join());
var s = new Uint8Array([1, 2, 3, 4, 5, 6]);
s.set(s.subarray(0, 4), 2);
log(s.join());
s.copyWithin(0, 3);
log(s.join(), s.fill(0, 4).join());
log([...new Uint8Array([7, 8]).entries()].join(" "), [...new Uint8Array([7, 8]).keys()].join());
log(Object.prototype.toString.call(new Float32Array(1)), Int8Array.name, Int8Array.length);
log(Float64Array.from({ length: 2, 0: 1.5 }).join(), Uint8Array.from([1, 2], function (x) { return x * 3; }).join());
log(Object.getPrototypeOf(Int8Array) === Object.getPrototypeOf(Uint32Array), new Uint8Array(new Int16Array([-1, 256])).join());
log(JSON.stringify(new Uint8Array([1, 2])));

// Copies do not share storage.
var t = new ArrayBuffer(8);
var tv = new Uint8Array(t);
tv[0] = 42;
var copy = t.slice(0, 4);
tv[0] = 1;
log(t.byteLength, tv.length, tv[0], copy.byteLength, new Uint8Array(copy)[0]);

// Errors.
try { new Int32Array(new ArrayBuffer(6)); } catch (e) { log(e.constructor.name); }
try { new Int32Array(new ArrayBuffer(8), 1); } catch (e) { log(e.constructor.name); }
try { Int8Array(2); } catch (e) { log(e.constructor.name); }
try { new BigInt64Array([1]); } catch (e) { log(e.constructor.name); }
try { new Uint8Array(-1); } catch (e) { log(e.constructor.name); }

// Atomics.
var ia = new Int32Array(new SharedArrayBuffer(16));
log(Atomics.add(ia, 0, 5), Atomics.sub(ia, 0, 2), Atomics.load(ia, 0));
log(Atomics.compareExchange(ia, 0, 3, 10), Atomics.exchange(ia, 0, 1), Atomics.or(ia, 0, 6), Atomics.and(ia, 0, 3), Atomics.xor(ia, 0, 1));
log(Atomics.store(ia, 1, -0), Atomics.wait(ia, 0, 5, 0), Atomics.wait(ia, 1, 0, 1), Atomics.notify(ia, 0));
log(Atomics.isLockFree(4), Object.prototype.toString.call(Atomics));

// A long loop through the element fast path.
var big = new Float64Array(100000);
for (var i = 0; i < big.length; i++) big[i] = i / 2;
var sum = 0;
for (var i = 0; i < big.length; i++) sum += big[i];
log(sum);
