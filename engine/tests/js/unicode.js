// Unicode in identifiers, white space, case conversion, normalization and
// the other code point aware String methods.
function hex(s) {
  var r = [];
  for (var i = 0; i < s.length; i++) {
    r.push(s.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0"));
  }
  return r.join(" ") || "(empty)";
}
function syntaxError(src) {
  try {
    (0, eval)(src);
    return "ok";
  } catch (e) {
    return e instanceof SyntaxError ? "SyntaxError" : "other " + e;
  }
}
function errorName(f) {
  try {
    return "ok " + f();
  } catch (e) {
    return e instanceof RangeError ? "RangeError" : e instanceof TypeError ? "TypeError" : "other";
  }
}

// Identifiers with non-ASCII letters, marks, digits and connectors.
var café = 1, π = 2, ñandú = 3, 変数 = 4, Ωμέγα = 5, ℘ = 6, ゛ = 7;
print(café, π, ñandú, 変数, Ωμέγα, ℘, ゛);
var x٣ = "arabic-indic digit", e\u0301 = "combining mark", a‿b = "connector";
print(x٣, e\u0301, a‿b);
var $ = "dollar", _ = "underscore", $\u200C_ = "zwnj", a\u200Db = "zwj";
print($, _, $‌_, a‍b);
var 𝒜 = "astral start", x𝟘 = "astral continue";
print(𝒜, \u{1D49C}, x𝟘, x\u{1D7D8});
// Escapes in identifiers name the same binding as the literal characters.
var \u0061bc = 10;
print(abc, a\u{62}c, \u{61}\u{62}\u{63}, caf\u00e9, \u03c0);
var obj = { ñ: 1, "\u00f1": 2, \u03bb: 3, 𝒜: 4 };
print(Object.keys(obj).join(), obj.ñ, obj.λ, obj.\u{1D49C});
print(syntaxError("var \\u0030x;"), syntaxError("var a\\u2603;"), syntaxError("var \u2603;"));
print(syntaxError("var \u0301a;"), syntaxError("var a\u00B7;"), syntaxError("var \u00B7a;"));
print(syntaxError("var \\u{110000};"), syntaxError("var \\u{D800};"), syntaxError("v\\u0061r x = 1;"));
print(syntaxError("var \\u200C;"), syntaxError("var a\\u{200D};"), syntaxError("var \u2118\u212E;"));
// White space: every Zs character, NBSP, ZWNBSP, TAB, VT, FF separate tokens.
var spaces = "\u0009\u000B\u000C\u0020\u00A0\uFEFF\u1680\u2000\u2001\u2002\u2003\u2004\u2005" +
  "\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000";
for (var i = 0; i < spaces.length; i++) {
  if ((0, eval)("1" + spaces[i] + "+" + spaces[i] + "2") !== 3) print("not white space:", hex(spaces[i]));
}
print(syntaxError("1\u180E+2"), syntaxError("1\u200B+2"), syntaxError("1\u0085+2"));
print((0, eval)("1\u2028+\u20292"), spaces.trim().length);

// toUpperCase / toLowerCase: full mappings, special casing, final sigma.
print("ß".toUpperCase(), "straße".toUpperCase(), "ﬃ".toUpperCase(), "ﬀ ﬁ ﬂ ﬄ ﬅ ﬆ".toUpperCase());
print(hex("ŉ".toUpperCase()), hex("ΐ".toUpperCase()), hex("ǰ".toUpperCase()), hex("ﬓ".toUpperCase()));
print(hex("İ".toLowerCase()), "İ".toLowerCase().length, hex("İ".toUpperCase()), hex("ı".toUpperCase()));
print("ΌΣΟΣ".toLowerCase(), "ΑΣ Σ ΑΣ.".toLowerCase(), "ΣΑ".toLowerCase(), "Α\u0301Σ".toLowerCase());
print("ΑΣ'Α".toLowerCase(), "ΑΣ'".toLowerCase(), "ΑΣ1".toLowerCase(), "1Σ".toLowerCase());
print(hex("ǅ".toUpperCase()), hex("ǅ".toLowerCase()), hex("ǈǋǲ".toLowerCase()), hex("ǆ".toUpperCase()));
print(hex("ᾳ".toUpperCase()), hex("ᾼ".toLowerCase()), hex("ᾼ".toUpperCase()), hex("ῷ".toUpperCase()));
print(hex("\uD801\uDC00".toLowerCase()), hex("\uD801\uDC28".toUpperCase()), hex("\uD83D\uDE00".toUpperCase()));
print(hex("\uD801a\uDC28".toUpperCase()), hex("a\uD800".toUpperCase()), hex("\uDC00\uD800".toLowerCase()));
print("ÀÉÎÕÜ àéîõü ÿ µ".toUpperCase(), "ÀÉÎÕÜ àéîõü ÿ µ".toLowerCase(), hex("µÿ".toUpperCase()));
print("Kelvin \u212A".toLowerCase(), "\u2126hm".toLowerCase(), "ⓐⓑ".toUpperCase(), "ＡＢＣ".toLowerCase());
print("ASCII only 123".toUpperCase(), "ASCII only 123".toLowerCase(), "".toUpperCase() === "");
print("ß".toLocaleUpperCase(), "ΌΣΟΣ".toLocaleLowerCase(), hex("İ".toLocaleLowerCase()));
print("abc".toLocaleUpperCase(undefined), "ABC".toLocaleLowerCase("en-US"), "ß".toLocaleUpperCase("de"));
print(String.prototype.toUpperCase.call(true), String.prototype.toLowerCase.call(12345), "x".toUpperCase.length);
print(errorName(function () { return String.prototype.toUpperCase.call(null); }),
  errorName(function () { return String.prototype.toLocaleLowerCase.call(undefined); }));

// normalize.
var samples = ["\u1E9B\u0323", "\u00C5", "A\u030A", "\u212B", "\u2126", "\uFB01", "\uAC00", "\uAC01",
  "\u1100\u1161\u11A8", "\u2460", "e\u0301", "q\u0307\u0323", "\u1E0B\u0323", "\u00BD", "\u3300",
  "\uD834\uDD5E", "\uD87E\uDC2B", "\uFDFA", "x\u0301\u0301\u0323", "\uD800\u0301a\u0301"];
for (var i = 0; i < samples.length; i++) {
  var s = samples[i];
  print(hex(s), "|", hex(s.normalize()), "|", hex(s.normalize("NFD")), "|",
    hex(s.normalize("NFKC")), "|", hex(s.normalize("NFKD")));
}
print("abc".normalize("NFKD"), "café".normalize("NFC") === "café", "café".normalize("NFD").length);
print("e\u0301".normalize(undefined) === "\u00E9", "e\u0301".normalize() === "e\u0301".normalize("NFC"));
print("e\u0301".normalize({ toString: function () { return "NFC"; } }).length);
print(errorName(function () { return "a".normalize("nfc"); }), errorName(function () { return "a".normalize(""); }),
  errorName(function () { return "a".normalize("NFC "); }), errorName(function () { return "a".normalize(null); }));
print(errorName(function () { return String.prototype.normalize.call(null); }), "".normalize.length);
print(String.prototype.normalize.call(123, "NFKD"), hex("".normalize("NFD")));

// codePointAt, String.fromCodePoint.
var astral = "a\uD83D\uDE00b\uDC00\uD800";
print(astral.codePointAt(0), astral.codePointAt(1), astral.codePointAt(2), astral.codePointAt(3));
print(astral.codePointAt(4), astral.codePointAt(5), astral.codePointAt(6), astral.codePointAt(-1));
print(astral.codePointAt(), astral.codePointAt("1"), astral.codePointAt(1.9), astral.codePointAt(NaN));
print(hex(String.fromCodePoint(0x1F600, 97, 0xD800, 0x10FFFF)), String.fromCodePoint().length);
print(String.fromCodePoint("65", -0, 66.0).length, hex(String.fromCodePoint(0x41, "0x42")));
print(errorName(function () { return String.fromCodePoint(-1); }), errorName(function () { return String.fromCodePoint(1.5); }),
  errorName(function () { return String.fromCodePoint(0x110000); }), errorName(function () { return String.fromCodePoint(NaN); }),
  errorName(function () { return String.fromCodePoint(Infinity); }), errorName(function () { return String.fromCodePoint(undefined); }));

// isWellFormed, toWellFormed.
var forms = ["abc", "\uD83D\uDE00", "\uD83D", "\uDE00", "a\uDE00\uD83Db", "\uD83D\uD83D\uDE00", "", "é"];
for (var i = 0; i < forms.length; i++) {
  print(hex(forms[i]), forms[i].isWellFormed(), hex(forms[i].toWellFormed()));
}

// localeCompare: canonically equivalent strings are equal.
var pairs = [["o\u0308", "ö"], ["a\u0308\u0323", "a\u0323\u0308"], ["\u1111\u1171\u11B6", "\uD4DB"],
  ["\u212B", "A\u030A"], ["\u2126", "\u03A9"], ["\u1E69", "s\u0323\u0307"], ["\u00C7", "C\u0327"]];
var results = [];
for (var i = 0; i < pairs.length; i++) results.push(pairs[i][0].localeCompare(pairs[i][1]));
print(results.join());
print("a".localeCompare("b") < 0, "b".localeCompare("a") > 0, "abc".localeCompare("abc"), "".localeCompare(""));
print("a".localeCompare("ab") < 0, "é".localeCompare("e\u0301"), "x".localeCompare() === "x".localeCompare("undefined"));
