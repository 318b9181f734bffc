// Iterator helpers: the constructor, Iterator.from, lazy and eager methods.
function* g() { yield 1; yield 2; yield 3; yield 4; yield 5; }
var log = print;

log(g().map((x, i) => x * 10 + i).toArray().join());
log(g().filter(x => x % 2).toArray().join());
log(g().take(2).toArray().join(), g().drop(3).toArray().join());
log(g().flatMap(x => [x, -x]).toArray().join());
log(g().reduce((a, b) => a + b), g().reduce((a, b) => a + b, 100));
log(g().some(x => x > 4), g().every(x => x > 1), g().find(x => x > 2));
let seen = [];
g().forEach((x, i) => seen.push(i + ':' + x));
log(seen.join(' '));

// The abstract constructor and subclassing.
try { new Iterator(); } catch (e) { log(e.constructor.name); }
try { Iterator(); } catch (e) { log(e.constructor.name); }
class Count extends Iterator {
  constructor(n) { super(); this.i = 0; this.n = n; }
  next() { return this.i < this.n ? { value: this.i++, done: false } : { value: undefined, done: true }; }
}
log(new Count(4).map(x => x * x).toArray().join());
log(Iterator.prototype[Symbol.toStringTag], Iterator.prototype.constructor === Iterator);
log(Object.prototype.toString.call(g().map(x => x)));

// Iterator.from wraps a plain iterator and returns real iterators as they are.
let plain = { i: 0, next() { return { value: this.i++, done: this.i > 3 }; } };
let wrapped = Iterator.from(plain);
log(wrapped instanceof Iterator, wrapped.toArray().join());
let gen = g();
log(Iterator.from(gen) === gen, Iterator.from('ab').toArray().join('|'));

// A helper closes its source when returned before or after it started.
function closable(name) {
  let i = 0;
  return {
    __proto__: Iterator.prototype,
    next() { return { value: i++, done: false }; },
    return() { log('return', name); return {}; },
  };
}
let h = closable('a').map(x => x);
log(JSON.stringify(h.return()), JSON.stringify(h.next()));
h = closable('b').filter(x => x > 0);
log(h.next().value);
h.return();
log(closable('c').take(2).toArray().join());
log(closable('d').some(x => x === 3));

// Re-entering a running helper throws.
let inner;
let reentrant = { __proto__: Iterator.prototype, next() { inner.next(); return { done: true }; } };
inner = reentrant.map(x => x);
try { inner.next(); } catch (e) { log(e.constructor.name); }

// Callback errors close the underlying iterator; bad arguments too.
try { closable('e').map(() => { throw new Error('boom'); }).next(); } catch (e) { log(e.message); }
try { closable('f').take(-1); } catch (e) { log(e.constructor.name); }
try { closable('g').map(1); } catch (e) { log(e.constructor.name); }
