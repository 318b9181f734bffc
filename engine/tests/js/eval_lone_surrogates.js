// eval, ShadowRealm evaluate and Function read source text as UTF-16: a lone surrogate
// inside a string, template or regular expression literal keeps its code
// unit; anywhere else it is a SyntaxError.
var hi = String.fromCharCode(0xD800), lo = String.fromCharCode(0xDC00);
function show(s) { return Array.from({length: s.length}, (_, i) => s.charCodeAt(i).toString(16)).join(" "); }
print(show(eval("'" + hi + "'")));
print(show(eval("'a" + hi + "b\\n" + lo + "'")));
print(show(eval("`" + hi + "${1}" + lo + "`")));
print(show(eval("String.raw`" + hi + "x`")));
print(show(eval("/" + hi + "/").source));
print(show(eval("/\\" + hi + "/").source));
print(eval("/" + hi + "/").test(hi), eval("/" + hi + "/").test("\u{10000}"));
print(show((0, eval)("'" + lo + hi + "'")));
print(show(eval("'\u{1F600}" + hi + "'")));
try { eval("var a" + hi + " = 1"); } catch (e) { print(e.name); }
try { eval(hi); } catch (e) { print(e.name); }
print(show(eval("/* " + hi + " */ '" + lo + "'")));
print(show(new ShadowRealm().evaluate("'" + hi + "x'")));
// The Function constructor reads its parameters and body the same way, and
// the function's text keeps the original code units.
var f = new Function("a", "return '" + hi + "' + a + '" + lo + "x';");
print(show(f(lo)));
print(show(Function("return /" + lo + "/.source")()));
print(show(Function("return `" + hi + "`")()));
try { Function("var " + hi + " = 1"); } catch (e) { print(e.name); }
try { Function(hi, "return 1"); } catch (e) { print(e.name); }
print(show(f.toString().slice(-14)));
print(show(eval("(function () { return '" + lo + "'; })").toString().slice(-7)));
