// Regular expressions: the RegExp constructor and literals, exec/test,
// lastIndex with the global and sticky flags, flags and source, the
// Symbol-keyed protocol behind the String methods, named groups, match
// indices, Unicode mode and property escapes, and early errors.
function show(m) {
  if (m === null) return "null";
  var parts = [];
  for (var i = 0; i < m.length; i++) parts.push(m[i] === undefined ? "undefined" : JSON.stringify(m[i]));
  var s = "[" + parts.join(",") + "] index=" + m.index;
  if (m.groups !== undefined) s += " groups=" + JSON.stringify(m.groups);
  return s;
}
function errorName(f) {
  try {
    return "ok " + f();
  } catch (e) {
    return e.name;
  }
}
function syntaxError(src) {
  try {
    (0, eval)(src);
    return "ok";
  } catch (e) {
    return e instanceof SyntaxError ? "SyntaxError" : "other " + e;
  }
}

print("-- constructor and literals");
var r = /a(b)?c/gi;
print(r, r.source, r.flags, r.global, r.ignoreCase, r.multiline, r.sticky, r.lastIndex);
print(new RegExp("x+", "y"), RegExp("x+").flags === "", new RegExp(r).flags, new RegExp(r, "m").flags);
print(RegExp(r) === r, new RegExp(r) === r, r instanceof RegExp, typeof r);
print(Object.prototype.toString.call(r), String(new RegExp()), new RegExp("").source);
print(new RegExp("/").source, new RegExp("[/]").source, new RegExp("\n").source, /\//.source);
print(new RegExp(undefined).source, new RegExp(null).source, new RegExp(12, undefined).source);
print(RegExp.prototype.source, RegExp.prototype.global, RegExp.prototype.flags, RegExp.prototype.toString());
print(/x/dgimsuy.flags, new RegExp("x", "v").unicodeSets, /x/d.hasIndices, /./s.dotAll);
print(RegExp.length, RegExp.name, RegExp.prototype.exec.length, RegExp[Symbol.species] === RegExp);
print(errorName(function () { return new RegExp("(", ""); }));
print(errorName(function () { return new RegExp("a", "gg"); }));
print(errorName(function () { return new RegExp("a", "uv"); }));
print(errorName(function () { return new RegExp("a", "x"); }));
print(errorName(function () { return RegExp.prototype.exec.call({}, "a"); }));
print(errorName(function () { return Object.getOwnPropertyDescriptor(RegExp.prototype, "global").get.call({}); }));
print(syntaxError("/(/"), syntaxError("/a/gg"), syntaxError("/\\u{110000}/u"), syntaxError("/(?<a>x)(?<a>y)/"));
print(syntaxError("/a{2,1}/"), syntaxError("/[b-a]/"), syntaxError("/\\p{Nope}/u"), syntaxError("/a/"));
var lit = [];
for (var i = 0; i < 2; i++) lit.push(/x/g);
print(lit[0] === lit[1], lit[0].source === lit[1].source);

print("-- exec and test");
print(show(/a(b)?c/.exec("xxacabc")));
print(show(/(\d+)-(\d+)/.exec("tel 555-1234 or 666-0000")));
print(show(/z/.exec("abc")), /b/.test("abc"), /B/i.test("abc"), /^b/m.test("a\nb"), /^b/.test("a\nb"));
print(show(/a.c/.exec("a\nc")), show(/a.c/s.exec("a\nc")));
print(show(/(a)|(b)/.exec("b")), show(/(?:ab)+/.exec("ababab")), show(/a*?b/.exec("aaab")));
print(show(/(\w+)\s\1/.exec("hello hello world")), show(/(?=(a+))a*b\1/.exec("baaabac")));
print(show(/(?<=\$)\d+(\.\d+)?/.exec("cost: $42.50")), show(/(?<!\$)\b\d+/.exec("$4 and 7")));
print(show(/[^aeiou\s]+/.exec("aei xyz")), show(/[\d-z]+/.exec("a-9z-")), show(/\bfoo\b/.exec("a foo b")));
print(show(/x{2,3}/.exec("xxxxx")), show(/x{2,}?/.exec("xxxxx")), show(/\x41\u0042\cJ/.exec("AB\n")));

print("-- lastIndex, global and sticky");
var g = /o/g;
var s = "foo boo";
var out = [];
var m;
while ((m = g.exec(s)) !== null) out.push(m.index + ":" + g.lastIndex);
print(out.join(" "), g.lastIndex);
var y = /o/y;
print(y.test("foo"), y.lastIndex, y.test("foo"), y.lastIndex, y.test("foo"), y.lastIndex);
y.lastIndex = 1;
print(show(y.exec("foo")), y.lastIndex);
var nl = /o/;
nl.lastIndex = 5;
print(show(nl.exec("foo")), nl.lastIndex);
g.lastIndex = 100;
print(g.exec("foo"), g.lastIndex);
var frozen = Object.freeze(/a/g);
print(errorName(function () { return frozen.exec("b"); }));
var li = /a/g;
li.lastIndex = "1";
print(show(li.exec("aba")), li.lastIndex);
var empty = /(?:)/g;
print(JSON.stringify("abc".match(empty)), JSON.stringify("abc".split(empty)));

print("-- String.prototype.match, search, split");
print(JSON.stringify("a1b22c333".match(/\d+/g)), "abc".match(/x/g), show("abc".match(/b/)));
print(show("abc".match("b")), show("a.c".match(".")), "abc".match(/d/));
print("hello".search(/l+/), "hello".search("z"), "hello".search(), "a.b".search("."));
print(JSON.stringify("a, b,c ,d".split(/\s*,\s*/)), JSON.stringify("a1b2c3".split(/\d/)));
print(JSON.stringify("a1b2c3".split(/(\d)/)), JSON.stringify("a1b2c3".split(/\d/, 2)));
print(JSON.stringify("".split(/x/)), JSON.stringify("".split(/(?:)/)), JSON.stringify("abc".split(/(?:)/)));
print(JSON.stringify("test".split(/(?:)/, 2)), JSON.stringify("A<B>bold</B>and<CODE>coded</CODE>".split(/<(\/)?([^<>]+)>/)));
print(JSON.stringify("\ud83d\ude00x\ud83d\ude00".split(/(?:)/u)).length, "\ud83d\ude00x".split(/(?:)/).length);

print("-- replace and replaceAll");
print("John Smith".replace(/(\w+)\s(\w+)/, "$2, $1"), "aaa".replace(/a/g, "b"), "aaa".replace(/a/, "b"));
print("abc".replace(/b/, "[$`|$&|$']"), "abc".replace(/b/, "$$"), "abc".replace(/b/, "$0 $1 $9 $<x>"));
print("abcdefghijkl".replace(/(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)/, "$11-$10-$1$01$011-$00"));
print("x-y".replace(/(\w)-(\w)/, function (all, a, b, pos, str) { return [b, a, pos, str, all].join("|"); }));
print("2020-05".replace(/(?<y>\d+)-(?<m>\d+)/, "$<m>/$<y> $<zz>!"), "ab".replace(/(?<n>a)/, "[$<n>]$<n"));
print("2020-05".replace(/(?<y>\d+)-(?<m>\d+)/, function () { var a = arguments; return JSON.stringify(a[a.length - 1]); }));
print("aaa".replace("a", "b"), "aaa".replaceAll("a", "b"), "abab".replaceAll("ab", "$&$&"), "xx".replaceAll("", "-"));
print("a.b.c".replaceAll(".", function (m, p) { return p; }), "abc".replace("b", "$'$`"), "a-b".replace("-", "$<x>"));
print("aXbX".replaceAll(/x/gi, "_"), errorName(function () { return "a".replaceAll(/a/, "b"); }));
print("abc".replace(/(?:)/g, "-"), "\ud83d\ude00".replace(/(?:)/gu, "-").length, "\ud83d\ude00".replace(/(?:)/g, "-").length);
print("one two".replace(/(\w+)/g, function (w) { return w.toUpperCase(); }));

print("-- matchAll");
var it = "a1b22c".matchAll(/\d+/g);
var r1 = it.next(), r2 = it.next(), r3 = it.next();
print(r1.value[0], r1.value.index, r2.value[0], r2.value.index, r3.done, r3.value);
print(Object.prototype.toString.call(it), errorName(function () { return "a".matchAll(/a/); }));
var it2 = "xyx".matchAll("x");
print(it2.next().value.index, it2.next().value.index, it2.next().done);

print("-- named groups and indices");
var d = /(?<word>[a-z]+)(?<num>\d+)?/d.exec("  abc9 ");
print(show(d), JSON.stringify(d.indices), JSON.stringify(d.indices.groups));
print(Object.getPrototypeOf(/(?<x>a)/.exec("a").groups));
print(show(/(?<a>.)(?<b>.)?/.exec("z")), Object.keys(/(?<b>x)(?<a>y)/.exec("xy").groups).join());
print(show(/\k<n>(?<n>a)/.exec("aa")), show(/(?<n>a)\k<n>/.exec("aa")));

print("-- Unicode");
print(/^.$/.test("\ud83d\ude00"), /^.$/u.test("\ud83d\ude00"), /\u{1F600}/u.test("\ud83d\ude00"));
print(show(/\ud83d/.exec("\ud83d\ude00")), show(/\ud83d/u.exec("\ud83d\ude00")));
print(/\p{Lu}+/u.exec("abcDÉFghi")[0], /\p{Script=Greek}+/u.exec("abc αβγ def")[0], /\P{L}+/u.exec("abc123def")[0]);
print(/\p{Script_Extensions=Latin}/u.test("a"), /\p{ASCII_Hex_Digit}+/u.exec("xyzBEEFxyz")[0], /\p{Nd}/u.test("\u0660"));
print(/[\p{Emoji}--\p{ASCII}]/v.test("1"), /[\p{Emoji}--\p{ASCII}]/v.test("\u2764"), /^\p{RGI_Emoji}$/v.test("\ud83d\udc68\u200d\ud83d\udcbb"));
print(/[[a-z]&&[aeiou]]+/v.exec("xyzeioq")[0], /[\q{abc|d}x]+/v.exec("--abcdx--")[0]);
print(/\u212a/i.test("k"), /\u212a/iu.test("k"), /ß/i.test("SS"), /\u017f/i.test("s"), /\u017f/iu.test("s"));
print(/[a-z]/i.test("K"), /σ/i.test("Σ"), /σ/iu.test("ς"), /[^x]/iu.test("X"));
print(/(?<π>a)/.exec("a").groups.π, /(?<$x_1>a)/u.exec("a").groups.$x_1);
var u = /(?:)/gu;
u.lastIndex = 1;
print(show(u.exec("\ud83d\ude00")), u.lastIndex);

print("-- Symbol protocol and subclassing details");
var custom = {};
custom[Symbol.match] = function (s) { return "match:" + s; };
custom[Symbol.replace] = function (s, v) { return "replace:" + s + ":" + v; };
custom[Symbol.search] = function (s) { return "search:" + s; };
custom[Symbol.split] = function (s, l) { return "split:" + s + ":" + l; };
print("abc".match(custom), "abc".replace(custom, "x"), "abc".search(custom), "abc".split(custom, 3));
var calls = [];
var fake = /b/;
fake.exec = function (s) { calls.push("exec " + s); return null; };
print(fake.test("abc"), calls.join());
var rx = /a/g;
rx.exec = function () { return 42; };
print(errorName(function () { return rx.test("a"); }));
var notMatch = /a/;
notMatch[Symbol.match] = false;
print(RegExp(notMatch) === notMatch, "/a/".includes(notMatch), errorName(function () { return "a".startsWith(/a/); }));
print(RegExp.prototype.toString.call({ source: "src", flags: "fl" }), Object.getOwnPropertyDescriptor(RegExp.prototype, "flags").get.call({ global: 1, sticky: 1, hasIndices: 0 }));
var searchRx = /b/g;
searchRx.lastIndex = 3;
print("abc".search(searchRx), searchRx.lastIndex);
var Sub = function (p, f) { var o = new RegExp(p, f); Object.setPrototypeOf(o, Sub.prototype); return o; };
Sub.prototype = Object.create(RegExp.prototype);
var sub = new Sub("b", "g");
print(sub instanceof RegExp, sub.global, "abcb".replace(sub, "X"));
var re2 = /x/;
re2.compile("y+", "g");
print(re2.source, re2.flags, re2.lastIndex, re2.test("ayy"));

print("-- robustness");
var big = "";
for (var k = 0; k < 2000; k++) big += "ab";
print(/(ab)+$/.exec(big)[0].length, big.replace(/b/g, "").length, big.split(/a/).length);
print(/(a+)+b/.test("aaaaaaaaaaaaaaaaaaaaaaaab"), errorName(function () { return new RegExp("(".repeat(100000)); }));

print("-- legacy static properties");
/(\w)(\d)?x/.exec("zz ab1x tail");
print(RegExp.$1, RegExp.$2, RegExp.$3 === "", RegExp.lastMatch, RegExp.lastParen, RegExp.leftContext, RegExp.rightContext, RegExp.input);
print(RegExp["$_"], RegExp["$&"], RegExp["$+"], RegExp["$`"], RegExp["$'"]);
"a-b=c".split(/([-=])/);
print(RegExp.$1, RegExp.lastMatch, RegExp.rightContext);
"q1".replace(/(\d)/, "x");
print(RegExp.$1);
/(y)/.test("y");
print(RegExp.$1);
RegExp.input = "set";
print(RegExp.input, RegExp.$_);
