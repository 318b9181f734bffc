import { b, fromB } from './cycle_b.js';
export function a() { return 'a'; }
export const viaB = () => fromB();
print('evaluating cycle_a, b() =', b());
