// Property and global access sites remember what they found; every change
// below must be seen by a site that already ran.

function read(o) { return o.x; }
function write(o, v) { o.x = v; }
function call(o) { return o.m(); }
function show(label, f) {
    var out = [];
    for (var i = 0; i < 4; i++) out.push(String(f(i)));
    print(label, out.join(","));
}

// Own data property, then the same shape with another value.
var a = { x: 1 }, b = { x: 2 };
show("own", function (i) { return read(i % 2 ? a : b); });

// A prototype method, then shadowed by an own property, then replaced.
function C() { this.v = 1; }
C.prototype.m = function () { return "proto"; };
var c = new C();
show("proto", function (i) {
    if (i === 1) c.m = function () { return "own"; };
    if (i === 2) delete c.m;
    if (i === 3) C.prototype.m = function () { return "replaced"; };
    return call(c);
});

// A property added to an intermediate prototype shadows the holder.
function D() {}
D.prototype = Object.create(C.prototype);
var d = new D();
show("intermediate", function (i) {
    if (i === 2) D.prototype.m = function () { return "middle"; };
    return call(d);
});

// Prototype swapped mid-loop.
var p1 = { m: function () { return "p1"; } }, p2 = { m: function () { return "p2"; } };
var e = Object.create(p1);
show("setPrototypeOf", function (i) {
    if (i === 2) Object.setPrototypeOf(e, p2);
    return call(e);
});
show("__proto__", function (i) {
    if (i === 1) e.__proto__ = p1;
    if (i === 3) e.__proto__ = null;
    try { return call(e); } catch (err) { return err.constructor.name; }
});

// Two objects with the same shape but different prototypes.
var f1 = Object.create(p1), f2 = Object.create(p2);
show("same shape", function (i) { return call(i % 2 ? f1 : f2); });

// Absent along the chain, then added to Object.prototype.
var g = { y: 1 };
show("absent", function (i) {
    if (i === 2) Object.prototype.x = "from Object.prototype";
    return read(g);
});
delete Object.prototype.x;
show("absent again", function () { return read(g); });

// Accessors: a getter on the prototype, a getter that deletes itself.
var log = [];
var h = Object.create({ get x() { log.push("get"); return "getter"; } });
show("getter", function () { return read(h); });
var k = {
    get x() {
        delete this.x;
        this.x = "plain";
        return "first";
    }
};
show("self-deleting getter", function () { return read(k); });

// Setters on the prototype and on the object.
var seen = [];
var s = Object.create({ set x(v) { seen.push(v); } });
show("setter", function (i) { write(s, i); return Object.keys(s).length; });
print("setter saw", seen.join(","));

// defineProperty making a cached property read-only, then an accessor.
var w = { x: 0 };
show("writability", function (i) {
    if (i === 1) Object.defineProperty(w, "x", { writable: false });
    write(w, i + 10);
    return w.x;
});
show("strict write to read-only", function (i) {
    "use strict";
    var o = { x: 0 };
    if (i >= 2) Object.defineProperty(o, "x", { writable: false });
    try { o.x = i; return o.x; } catch (err) { return err.constructor.name; }
});
var w2 = { x: 0 };
show("to accessor", function (i) {
    if (i === 2) Object.defineProperty(w2, "x", { get: function () { return "acc"; }, set: function (v) {} });
    write(w2, i);
    return read(w2);
});

// Frozen and non-extensible objects at an adding site.
function add(o) { o.z = 1; return o.z; }
show("freeze", function (i) {
    var o = { y: 1 };
    if (i >= 2) Object.freeze(o);
    return add(o);
});
show("preventExtensions", function (i) {
    var o = { y: 1 };
    if (i === 1 || i === 3) Object.preventExtensions(o);
    return add(o);
});
show("read-only on prototype", function (i) {
    var proto = { y: 1 };
    if (i >= 2) Object.defineProperty(proto, "z", { value: "ro", writable: false });
    return add(Object.create(proto));
});
show("setter added to prototype", function (i) {
    var proto = { y: 1 };
    var o = Object.create(proto);
    if (i >= 2) Object.defineProperty(proto, "z", { set: function () {}, get: function () { return "g"; } });
    return add(o);
});

// Constructors adding properties, with a prototype setter appearing later.
function P(x) { this.a = x; this.b = x + 1; }
show("constructor", function (i) {
    if (i === 2) Object.defineProperty(P.prototype, "b", { set: function () {}, get: function () { return "via setter"; } });
    var p = new P(i);
    return p.a + ":" + p.b + ":" + Object.keys(p).join("");
});

// Exotic objects at the same sites.
var str = new String("abc");
show("String object", function (i) { return i % 2 ? str.length : read({ x: "plain" }); });
var arr = [1, 2, 3];
show("array length", function (i) {
    var o = i % 2 ? arr : { length: "own" };
    return o.length;
});
var ta = new Uint8Array(4);
show("typed array", function (i) { return i % 2 ? ta.length : { length: 9 }.length; });
function args() { return arguments; }
show("arguments", function (i) { return (i % 2 ? args(1, 2) : { length: 7 }).length; });
var target = { x: "target" };
var px = new Proxy(target, { get: function (t, k) { return "trap " + String(k); } });
show("proxy", function (i) { return read(i % 2 ? px : target); });
show("proxy on chain", function (i) { return read(i % 2 ? Object.create(px) : target); });

// Primitives reach their prototype.
show("primitive", function (i) { return (i % 2 ? "ab" : 12).toString(); });

// Globals: var, let, a let shadowing a global property added later.
var gv = 1;
let gl = 2;
const gc = 3;
function readGlobals() { return gv + gl + gc; }
show("globals", function (i) {
    if (i === 2) { gv = 10; gl = 20; }
    return readGlobals();
});
show("const", function (i) {
    try { gc = i; } catch (err) { return err.constructor.name; }
    return gc;
});
globalThis.later = "global property";
function readLater() { return typeof later === "undefined" ? "undefined" : later; }
show("global property", function (i) {
    if (i === 2) globalThis.later = "changed";
    return readLater();
});
show("deleted global", function (i) {
    if (i === 2) delete globalThis.later;
    return readLater();
});
// A `let` in indirect eval code is local to that code.
globalThis.shadowed = "property";
function readShadowed() { return shadowed; }
function writeShadowed(v) { shadowed = v; }
show("before let", function (i) { writeShadowed("p" + i); return readShadowed(); });
(0, eval)("let shadowed = 'lexical';");
show("after eval let", function (i) { if (i === 2) writeShadowed("l" + i); return readShadowed(); });
print("property kept", globalThis.shadowed);
var tdz = (0, eval)("function readTdz() { return tdzName; } readTdz");
try { (0, eval)("readTdz(); let tdzName = 1;"); } catch (err) { print("tdz", err.constructor.name); }

// An add that shadows a writable data property of the prototype, until the
// prototype's property becomes read-only or an accessor.
function V(x) { this.x = x; }
V.prototype = { x: 0 };
show("shadowing add", function (i) {
    if (i === 2) Object.defineProperty(V.prototype, "x", { writable: false });
    var v = new V(i + 1);
    return v.x + ":" + Object.keys(v).length;
});
function W(x) { this.x = x; }
W.prototype = { x: 0 };
show("shadowing add, setter", function (i) {
    if (i === 2) Object.defineProperty(W.prototype, "x", { set: function (v) { this.y = v; } });
    var w = new W(i + 1);
    return Object.keys(w).join("") + ":" + (w.y || w.x);
});

// One site seeing many shapes, then one again.
function readV(o) { return o.v; }
show("megamorphic", function (i) {
    var s = 0;
    for (var j = 0; j < 300; j++) {
        var o = {};
        if (i < 2) o["k" + (j % 60)] = j;
        o.v = j;
        s += readV(o);
    }
    return s;
});

// Polymorphic sites: several shapes at one site, each entry checked alone.
(function () {
  function A() { this.x = 1; this.y = 2; }
  function B() { this.y = 3; this.x = 4; }
  function C() { this.z = 0; this.x = 5; this.y = 6; }
  var P = { get x() { return 7; }, set x(v) { this.seen = v; } };
  var D = Object.create(P);
  var E = Object.create({ x: 8 });
  var objs = [new A(), new B(), new C(), D, E, { x: 9 }];
  var sum = 0;
  for (var i = 0; i < 120; i++) {
    var o = objs[i % objs.length];
    sum += o.x;
    o.x = i;
  }
  print("poly", D.seen, 117);
  print("poly", Object.getOwnPropertyNames(D).join(), "seen");
  print("poly", E.x, 118);
  print("poly", Object.getPrototypeOf(E).x, 8);
  Object.defineProperty(objs[0], "x", { value: 42, writable: false });
  objs[1].x = 0;
  for (var j = 0; j < 5; j++) {
    try { (function () { "use strict"; objs[0].x = 1; })(); } catch (e) { sum = -1; }
  }
  print("poly", sum, -1);
  print("poly", objs[0].x, 42);
  print("poly", 1.5 + "a" + 2 + 0.5, "1.5a20.5");
  print("poly", 2 + 0.5, 2.5);
})();
