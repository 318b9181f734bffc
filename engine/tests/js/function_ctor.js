// The Function constructor parses its parameters and body separately.
function attempt(params, body) {
  try { var f = Function(params, body); return typeof f + ":" + f.length; }
  catch (e) { return e.name; }
}
print(attempt("a, b", "return a + b"));
print(Function("a", "b", "return a * b")(6, 7));
print(attempt("a) { return 1 }, (function(", ""));
print(attempt("", "}), (function(){"));
print(attempt("", "}; function g(){"));
print(attempt("/*", "*/){"));
print(attempt("a = 1, ...rest", "return rest"));
print(Function("return this")() === globalThis);
