export const x = 1;
throw new RangeError('thrown while evaluating throws.js');
