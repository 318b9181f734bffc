export * from './counter.js';
export * as counterNs from './counter.js';
export { default as counterDefault } from './counter.js';
