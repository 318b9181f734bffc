import { a } from './cycle_a.js';
export function b() { return 'b'; }
// a() is a hoisted function: callable before cycle_a runs.
export function fromB() { return a(); }
print('evaluating cycle_b, a() =', a());
