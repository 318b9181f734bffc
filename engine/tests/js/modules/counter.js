export let count = 0;
export function increment() { count++; }
export default function () { return 'default fn'; }
export { count as "string name" };
