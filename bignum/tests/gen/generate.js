// Generates the expected-output tables in ../data from a JavaScript engine
// used as an oracle. The tests read the committed tables and do not need
// this script or an engine to run.
//
//   node bignum/tests/gen/generate.js
'use strict';
const fs = require('fs');
const path = require('path');

const out = path.join(__dirname, '..', 'data');

// xorshift64* so the tables are reproducible.
let state = 0x9e3779b97f4a7c15n;
function next64() {
  state ^= state >> 12n;
  state ^= (state << 25n) & 0xffffffffffffffffn;
  state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
function randInt(n) {
  return Number(next64() % BigInt(n));
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
function bits(x) {
  if (Number.isNaN(x)) return 'NaN';
  f64[0] = x;
  return u64[0].toString(16).padStart(16, '0');
}
function fromBits(b) {
  u64[0] = b;
  return f64[0];
}

// ---- number formatting ----
const values = [
  0, -0, 1, -1, 0.1, 0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 0.35, 1.005, 1.045,
  123.456, -123.456, 1e21, 1e21 - 65536, 999999999999999900000, 1e-7, 1.5e-7, 1e-6,
  1.234e-6, 123e-20, 1e20, 1.5e20, 5e-324, -5e-324, 2.2250738585072014e-308,
  2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308,
  Infinity, -Infinity, NaN, 9007199254740991, 9007199254740992, 9007199254740993,
  18014398509481984, 4294967295, 4294967296, 0.000001, 0.0000001, 25, 255, -255,
  1/3, 2/3, 10/3, Math.PI, Math.E, 0.3, 0.7, 1e100, 1e-100, 123456789012345680000,
  0.1 + 0.2, 5e-7, 4.35, 8.345, 1.45, 0.000035, 99.99, 9.995, 0.9999999, 1e300, 1e-300,
  2 ** 60, 2 ** 64, 2 ** 70, 2 ** -20, 2 ** -1074, 2 ** 1023, 1.1, 1.25, 1.125,
  1234.5678, 0.5e-6, 4.5, 5.5, 6.5, 7.5, 0.125, 0.375, 1e15 + 0.3, 2 ** 52 + 0.5,
];
for (let i = 0; i < 400; i++) {
  values.push(fromBits(next64()));
}
for (let i = 0; i < 200; i++) {
  // Decimal-looking values with up to 6 fraction digits and halfway cases.
  const n = randInt(10 ** randInt(10));
  const d = 10 ** randInt(7);
  values.push(n / d);
  values.push((2 * n + 1) / (2 * d));
}
for (let i = 0; i < 100; i++) {
  // Values around every decimal magnitude.
  const e = randInt(640) - 320;
  values.push(Number(`${1 + randInt(9)}.${randInt(1000000)}e${e}`));
}

const fmtLines = [];
for (const x of values) {
  if (!Number.isFinite(x) && !Number.isNaN(x) && x !== Infinity && x !== -Infinity) continue;
  const cols = [
    bits(x),
    String(x),
    x.toString(2),
    x.toString(7),
    x.toString(16),
    x.toString(36),
    x.toFixed(0),
    x.toFixed(2),
    x.toFixed(20),
    x.toFixed(100),
    x.toExponential(),
    x.toExponential(0),
    x.toExponential(5),
    x.toExponential(20),
    x.toExponential(100),
    x.toPrecision(1),
    x.toPrecision(6),
    x.toPrecision(21),
    x.toPrecision(100),
  ];
  fmtLines.push(cols.join('|'));
}
fs.writeFileSync(path.join(out, 'number_format.txt'),
  '# bits|String|r2|r7|r16|r36|toFixed(0)|toFixed(2)|toFixed(20)|toFixed(100)|toExponential()|' +
  'toExponential(0)|toExponential(5)|toExponential(20)|toExponential(100)|toPrecision(1)|' +
  'toPrecision(6)|toPrecision(21)|toPrecision(100)\n' + fmtLines.join('\n') + '\n');

// ---- string parsing ----
const ws = ['\t', '\v', '\f', ' ', '\u00a0', '\ufeff', '\u1680', '\u2000', '\u200a',
  '\u202f', '\u205f', '\u3000', '\n', '\r', '\u2028', '\u2029'];
const strings = [
  '', ' ', '0', '-0', '+0', '00', '007', '1', '-1', '+1', '1.', '.5', '-.5', '+.5', '.',
  '-', '+', 'e5', '1e', '1e+', '1e-', '1e5', '1E5', '1e+5', '1e-5', '1.e5', '.1e-3',
  '1.5e308', '1.8e308', '-1.8e308', '1e-400', '-1e-400', '4.9e-324', '2.4703282292062328e-324',
  '2.4703282292062327e-324', '2.4703282292062328e-324x',
  'Infinity', '-Infinity', '+Infinity', 'infinity', 'INFINITY', 'Infinityx', 'inf', 'nan', 'NaN',
  '0x10', '0X1f', '0xg', '0x', '-0x10', '+0x10', '0o17', '0O17', '0o8', '0b101', '0B2', '0b',
  '1_000', '1,000', '12abc', 'abc', '  12  ', '\n\t 42 \u3000', '\u180e1', '1\u180e',
  '0.1', '0.30000000000000004', '9007199254740993', '9007199254740995',
  '123456789012345678901234567890', '0.000000000000000000000000000000001',
  '0x1fffffffffffff', '0x20000000000001', '0x20000000000003', '0x20000000000002',
  '0x1000000000000081', '0x10000000000000800000000000000001', '0x1000000000000080',
  '0b' + '1'.repeat(60), '0o' + '7'.repeat(40), '1e1000', '-1e1000', '1e-1000',
  '2.2250738585072011e-308', '2.2250738585072012e-308', '1.7976931348623158e308',
  '1.7976931348623157e308', '1.7976931348623159e308', '0e999999999999', '1e-99999999999',
  '12e', '12e3.5', '1.2.3', '  -12.5e-1xyz', '0x10.5', '08', '09.5', '-08', '1n',
  '٣', '１', '0.0000001', '1e21', '100000000000000000000000', '12345678901234567890123',
];
for (const w of ws) {
  strings.push(w + '7' + w);
  strings.push(w + '-7.5e1' + w);
}
strings.push('0x' + 'f'.repeat(300));
strings.push('0x' + '1' + '0'.repeat(255) + '8' + '0'.repeat(10));
strings.push('0x' + '1' + '0'.repeat(12) + '08' + '0'.repeat(300) + '1');
strings.push('9'.repeat(400));
strings.push('0.' + '0'.repeat(330) + '24703282292062328');
for (let i = 0; i < 200; i++) {
  const x = fromBits(next64());
  strings.push(String(x));
  strings.push(x.toExponential(randInt(25)));
}
for (let i = 0; i < 100; i++) {
  let s = '';
  const len = 1 + randInt(30);
  const alphabet = '0123456789abcdefxXoOeE+-. _';
  for (let j = 0; j < len; j++) s += alphabet[randInt(alphabet.length)];
  strings.push(s);
}
const parseLines = [];
for (const s of strings) {
  const cols = [
    Buffer.from(s, 'utf8').toString('hex') || '-',
    bits(Number(s)),
    bits(parseFloat(s)),
    bits(parseInt(s)),
    bits(parseInt(s, 16)),
    bits(parseInt(s, 2)),
    bits(parseInt(s, 36)),
    bits(parseInt(s, 7)),
  ];
  parseLines.push(cols.join('|'));
}
fs.writeFileSync(path.join(out, 'number_parse.txt'),
  '# utf8 hex (- = empty)|Number|parseFloat|parseInt(s)|parseInt(s,16)|parseInt(s,2)|' +
  'parseInt(s,36)|parseInt(s,7)\n' + parseLines.join('\n') + '\n');

// ---- BigInt ----
function randBig() {
  const words = randInt(5);
  let v = 0n;
  for (let i = 0; i < words; i++) v = (v << 64n) | next64();
  v >>= BigInt(randInt(64));
  return randInt(2) ? -v : v;
}
const bigLines = [];
const specials = [0n, 1n, -1n, 2n, -2n, 255n, -256n, 2n ** 63n, -(2n ** 63n), 2n ** 64n - 1n,
  2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 1024n, 2n ** 1024n - 2n ** 970n, 2n ** 1024n - 2n ** 971n];
const pairs = [];
for (const a of specials) for (const b of specials) pairs.push([a, b]);
for (let i = 0; i < 400; i++) pairs.push([randBig(), randBig()]);
for (const [a, b] of pairs) {
  const s = randInt(200) - 100;
  const n = randInt(130);
  const cols = [
    a.toString(16), b.toString(16), String(s), String(n),
    (a + b).toString(16), (a - b).toString(16), (a * b).toString(16),
    b === 0n ? 'RangeError' : (a / b).toString(16),
    b === 0n ? 'RangeError' : (a % b).toString(16),
    (a & b).toString(16), (a | b).toString(16), (a ^ b).toString(16), (~a).toString(16),
    (a << BigInt(s)).toString(16), (a >> BigInt(s)).toString(16),
    BigInt.asIntN(n, a).toString(16), BigInt.asUintN(n, a).toString(16),
    bits(Number(a)), a.toString(10), a.toString(36), a.toString(7),
    String(a < Number(b)) + String(a > Number(b)) + String(a == Number(b)),
  ];
  bigLines.push(cols.join('|'));
}
fs.writeFileSync(path.join(out, 'bigint.txt'),
  '# a|b|s|n|a+b|a-b|a*b|a/b|a%b|a&b|a|b|a^b|~a|a<<s|a>>s|asIntN(n,a)|asUintN(n,a)|' +
  'Number(a) bits|a.toString(10)|a.toString(36)|a.toString(7)|a<Number(b) a>Number(b) a==Number(b)\n' +
  bigLines.join('\n') + '\n');
