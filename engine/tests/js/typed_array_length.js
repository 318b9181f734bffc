// `ta.length` follows the prototype chain however it is changed.
function lengths(label, ta) {
  var n = 0;
  for (var i = 0; i < 3; i++) n += ta.length;
  print(label, ta.length, n);
}
var f = new Float64Array(5);
var u = new Uint8Array(7);
lengths('plain', f);
lengths('uint8', u);
var rab = new ArrayBuffer(16, { maxByteLength: 64 });
var tracking = new Int32Array(rab);
lengths('tracking', tracking);
rab.resize(32);
lengths('after resize', tracking);
var fixed = new Int32Array(rab, 8, 4);
rab.resize(8);
lengths('out of bounds', fixed);
var own = new Float64Array(3);
Object.defineProperty(own, 'length', { value: 'own' });
lengths('own property', own);
var expando = new Float64Array(4);
expando.foo = 1;
lengths('expando', expando);
var other = new Float64Array(2);
Object.setPrototypeOf(other, { length: 'from object' });
lengths('other prototype', other);
Object.defineProperty(Float32Array.prototype, 'length', { get: function () { return 'kind proto'; }, configurable: true });
lengths('kind prototype getter', new Float32Array(2));
delete Float32Array.prototype.length;
lengths('kind prototype deleted', new Float32Array(2));
Object.setPrototypeOf(Int16Array.prototype, { length: 'swapped base' });
lengths('kind prototype reparented', new Int16Array(2));
var getter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), 'length').get;
Object.defineProperty(Object.getPrototypeOf(Int8Array.prototype), 'length', {
  get: function () { return 'redefined ' + getter.call(this); }, configurable: true
});
lengths('base getter redefined', f);
Object.defineProperty(Object.getPrototypeOf(Int8Array.prototype), 'length', { get: getter, configurable: true });
lengths('base getter restored', f);
