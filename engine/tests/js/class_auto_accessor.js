// Auto-accessors (`accessor` class fields, decorators proposal): a hidden
// private field plus a getter and setter pair. Expected output checked by
// hand against the proposal's specification (the reference engine lacks it).
class C {
  accessor x = 1;
  accessor #y = 2;
  static accessor s = "st";
  accessor ["comp" + 1] = 3;
  accessor 'str';
  accessor 5 = 5;
  accessor
  z = 9;
  accessor = 7;
  accessor get;
  static { print("static", C.s); }
  gy() { return this.#y; }
  sy(v) { this.#y = v; }
  has(o) { return #y in o; }
}
const c = new C();
print(c.x, c.gy(), C.s, c.comp1, c.str, c[5], c.z, c.accessor, c.get);
c.x = 10; c.sy(20); C.s = "t"; c.comp1 = 30;
print(c.x, c.gy(), C.s, c.comp1);
print(Object.keys(c).join(), Object.getOwnPropertyNames(C.prototype).join());
const d = Object.getOwnPropertyDescriptor(C.prototype, "x");
print(typeof d.get, typeof d.set, d.enumerable, d.configurable, d.get.name, d.set.name, d.get.length, d.set.length);
try { d.get.call({}); } catch (e) { print(e.constructor.name); }
try { d.set.call({}, 1); } catch (e) { print(e.constructor.name); }
print(c.has(c), c.has({}));
class D extends C { accessor x = "d"; }
const dd = new D(); print(dd.x, Object.getPrototypeOf(D.prototype) === C.prototype);
let order = [];
class E { a = order.push("a"); accessor b = order.push("b"); c = order.push("c"); }
new E(); print(order.join());
const o = new (class { accessor f = function () {}; accessor g = () => 0; })();
print(o.f.name, o.g.name);
try { eval("class X { accessor constructor; }"); } catch (e) { print(e.name); }
try { eval("class X { static accessor prototype; }"); } catch (e) { print(e.name); }
try { eval("class X { accessor #a; accessor #a; }"); } catch (e) { print(e.name); }
try { eval("class X { accessor *g() {} }"); } catch (e) { print(e.name); }
try { eval("class X { accessor a() {} }"); } catch (e) { print(e.name); }
print(new (class { accessor() { return "m"; } })().accessor());
print(new (class { static accessor; })().constructor.accessor);
