// Spread elements: array literals, calls, new, object literals.

function show(v) {
  if (Array.isArray(v)) return '[' + v.map(show).join(',') + ']';
  if (v && typeof v === 'object') {
    return '{' + Object.keys(v).map(function (k) { return k + ':' + show(v[k]); }).join(',') + '}';
  }
  return String(v);
}

function errName(f) {
  try { f(); return 'no error'; } catch (e) { return e.constructor.name; }
}

// --- Array literals.
print('array', show([1, ...[2, 3], 4]), show([...'héllo']), show([...[], ...[]]));
print('holes after spread', [...[1], , 3].length, 1 in [...[1], , 3]);
var sparse = [, 'b'];
var copied = [...sparse];
print('holes become undefined', copied.length, 0 in copied, copied[0]);
var log = [];
var iterable = {};
iterable[Symbol.iterator] = function () {
  var i = 0;
  log.push('open');
  return { next: function () { log.push('next'); return { value: i, done: i++ >= 2 }; } };
};
print('iterable', show([...iterable, 'end']), log.join(' '));
print(errName(function () { return [...1]; }), errName(function () { return [...{}]; }), errName(function () { return [...null]; }));

// --- Calls.
function sum() {
  var s = 0;
  for (var i = 0; i < arguments.length; i++) s += arguments[i];
  return s + ':' + arguments.length;
}
print('call', sum(...[1, 2, 3]), sum(1, ...[2], 3, ...[4, 5]), sum(...[]), sum(...'12'));
print('native', Math.max(...[1, 5, 3]), String.fromCharCode(...[104, 105]));
var obj = {
  base: 10,
  m: function (a, b) { return this === obj && this.base + a + b; }
};
print('method', obj.m(...[1, 2]), obj['m'](...[3], 4));
var order = [];
function tag(n, v) { order.push(n); return v; }
tag('f', sum)(tag('a', 1), ...tag('b', [2]), tag('c', 3));
print('argument order', order.join(' '));
print(errName(function () { sum(...undefined); }), errName(function () { (void 0)(...[]); }));
var many = [];
for (var i = 0; i < 100000; i++) many.push(1);
print('many arguments', sum(...many));

// --- new.
function Point(x, y) { this.x = x; this.y = y; }
var pt = new Point(...[1, 2]);
print('new', pt.x, pt.y, pt instanceof Point);
print('new date', new Date(...[2020, 0, 2]).getDate());
print(errName(function () { new sum.call(...[]); }), errName(function () { var notCtor = () => 1; new notCtor(...[]); }));

// --- Object spread.
var source = { a: 1, b: 2 };
Object.defineProperty(source, 'hidden', { value: 3, enumerable: false });
var proto = { inherited: 1 };
var child = Object.create(proto);
child.own = 'o';
print('object', show({ ...source, c: 3 }), show({ x: 0, ...child }), show({ ...null, ...undefined, ...1 }));
print('strings and arrays', show({ ...'ab' }), show({ ...[5, 6] }));
print('override order', show({ a: 0, ...source, b: 9 }));
var getterLog = [];
var withGetter = { get g() { getterLog.push('get'); return 'gv'; } };
var spreadGetter = { ...withGetter };
print('getter becomes data', spreadGetter.g, getterLog.join(), typeof Object.getOwnPropertyDescriptor(spreadGetter, 'g').get);
var setterCalled = false;
var target = { ...{ set s(v) { setterCalled = true; } }, ...{ s: 1 } };
print('defines, does not set', target.s, setterCalled);
var sym = Symbol('s');
var withSym = {};
withSym[sym] = 'symval';
print('symbols copied', ({ ...withSym })[sym]);
print('__proto__ is plain', Object.getPrototypeOf({ ...{ ['__proto__']: null } }) === Object.prototype);
