// Iterator proposals: concat, zip, zipKeyed, includes, chunks, windows, join.
function* g() { yield 1; yield 2; yield 3; yield 4; yield 5; }
var log = print;
var j = JSON.stringify;

log(Iterator.concat([1, 2], new Set([3]), g().take(1)).toArray().join());
log(j(Iterator.zip([[1, 2], 'ab'.split('')]).toArray()));
log(j(Iterator.zip([[1, 2], [3]], { mode: 'longest', padding: ['x', 'y'] }).toArray()));
try { Iterator.zip([[1, 2], [3]], { mode: 'strict' }).toArray(); } catch (e) { log(e.constructor.name); }
log(j(Iterator.zipKeyed({ a: [1, 2], b: g(), c: undefined }).toArray()));
log(g().includes(3), g().includes(3, 3), g().includes(NaN), [NaN].values().includes(NaN));
log(j(g().chunks(2).toArray()), j(g().windows(4).toArray()), j(g().windows(9, 'allow-partial').toArray()));
log(g().join(), g().join(' + '), [null, 'a', undefined].values().join('-'));

// Returning a zip closes every open iterator, last first.
function closable(name) {
  return {
    next() { return { value: name, done: false }; },
    return() { log('return', name); return {}; },
  };
}
let z = Iterator.zip([closable('a'), closable('b')]);
log(j(z.next().value));
z.return();
let c = Iterator.concat({ [Symbol.iterator]() { return closable('c'); } });
log(c.next().value);
c.return();
log(typeof Symbol.dispose, Iterator.prototype[Symbol.dispose].call(closable('d')));
