// Direct eval in module code sees the module's bindings (its own and its
// imports); eval code is strict, and import.meta is not valid in it.
import { count, increment } from './modules/counter.js';
const local = 5;
let mutable = 1;
var v = 'var';
function f() { return 3; }
class K { static n = 7; }

print('top level:', eval('local + count + f()'), eval('v'), eval('K.n'));
eval('mutable = 10');
print('assigned through eval:', mutable);
print('from a nested arrow:', (() => eval('local * 2'))());
print('from a nested function:', (function () { const z = 1; return eval('z + local'); })());
increment();
print('live import:', eval('count'));
try { eval('count = 1'); } catch (e) { print('assign to import:', e.constructor.name); }
try { eval('local = 1'); } catch (e) { print('assign to const:', e.constructor.name); }
eval('var declaredInEval = 1');
print('eval var stays in eval:', typeof declaredInEval);
try { eval('import.meta'); } catch (e) { print('import.meta in eval:', e.constructor.name); }
print('indirect eval sees globals only:', (0, eval)('typeof local'));
try { eval('late'); } catch (e) { print('TDZ through eval:', e.constructor.name); }
const late = 1;
