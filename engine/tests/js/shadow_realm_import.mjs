// ShadowRealm.prototype.importValue: the module gets its own instance in
// the ShadowRealm, exports cross the boundary like evaluate's results.
import { count, increment } from './modules/counter.js';

increment();
print('outer count:', count);
const r = new ShadowRealm();
const inc = await r.importValue('./modules/counter.js', 'increment');
print(typeof inc, inc.name, inc.length, Object.getPrototypeOf(inc) === Function.prototype);
inc();
inc();
print('outer count after inner increments:', count);
print('inner count:', await r.importValue('./modules/counter.js', 'count'));
print('string export:', await r.importValue('./modules/counter.js', 'string name'));
for (const [spec, name] of [
  ['./modules/counter.js', 'missing'],
  ['./modules/throws.js', 'x'],
  ['./modules/bad_syntax.js', 'x'],
  ['./modules/data.json', 'default'],
]) {
  try {
    await r.importValue(spec, name);
    print(spec, name, 'imported');
  } catch (e) {
    print(spec, name, e.constructor === TypeError);
  }
}
try {
  r.importValue('./modules/counter.js', Symbol());
} catch (e) {
  print('export name must be a string:', e.constructor === TypeError);
}
