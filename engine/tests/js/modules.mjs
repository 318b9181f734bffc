// Module code: imports, exports, live bindings, cycles, namespaces,
// top-level await, import.meta and dynamic import().
import incr, { count, increment, "string name" as alias } from './modules/counter.js';
import * as ns from './modules/counter.js';
import { a, viaB } from './modules/cycle_a.js';
import { counterNs, counterDefault, count as reCount } from './modules/reexport.js';
import { value } from './modules/tla.js';
import data from './modules/data.json' with { type: 'json' };
import defer * as lazy from './modules/lazy.js';

print('default:', incr(), incr.name);
print('count before:', count, alias, ns.count);
increment();
increment();
print('count after:', count, alias, ns.count, reCount);
try { count = 5; } catch (e) { print('assign to import:', e.constructor.name); }
print('cycle:', a(), viaB());
print('re-exports:', counterNs === ns, counterDefault === incr);
print('namespace keys:', Object.keys(ns).join(','), String(ns[Symbol.toStringTag]));
print('namespace frozen-ish:', Object.isExtensible(ns), Reflect.set(ns, 'count', 1), Reflect.deleteProperty(ns, 'count'));
print('namespace proto:', Object.getPrototypeOf(ns));
print('tla value:', value);
print('json:', data.answer, data.list.length);
print('this at top level:', this);
print('import.meta:', typeof import.meta, Object.getPrototypeOf(import.meta), import.meta === import.meta);
const later = await import('./modules/counter.js');
print('dynamic import is the same namespace:', later === ns);
try {
  await import('./modules/throws.js');
} catch (e) {
  print('dynamic import of a throwing module:', e.name, e.message);
}
try {
  await import('./modules/throws.js');
} catch (e) {
  print('the error is cached:', e.message);
}
try {
  await import('./modules/missing.js');
} catch (e) {
  print('missing module:', e.name);
}
try {
  await import('./modules/bad_syntax.js');
} catch (e) {
  print('syntax error in an imported module:', e.name);
}
try {
  await import('./modules/counter.js', { with: { kind: 'x' } });
} catch (e) {
  print('unsupported attribute:', e.name);
}
print('deferred namespace:', String(lazy[Symbol.toStringTag]));
print('first use of lazy:', lazy.answer);
export let late = 'done';
print('end');
