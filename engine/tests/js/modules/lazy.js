print('lazy.js evaluated');
export const answer = 42;
