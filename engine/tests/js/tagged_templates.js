function tag(s) { var a = []; for (var i = 1; i < arguments.length; i++) a.push(arguments[i]); return JSON.stringify(s) + JSON.stringify(s.raw) + JSON.stringify(a); }
print(tag`a${1}b${2+3}c`);
print(tag`\n\x41${'x'}\u{42}`);
print(tag`\unicode and \u{55}`);
function f() { return (s => s)`x`; }
print(f() === f(), Object.isFrozen(f()), Object.isFrozen(f().raw));
var o = { m(s) { return this === o; } };
print(o.m`x`, o['m']`y`);
print(Object.getOwnPropertyDescriptor(f(), 'raw').enumerable, Object.getOwnPropertyDescriptor(f(), 'raw').writable);
function g() { return (s => s)`x`; }
print(f() === g());
var t = tag
`line1
line2`;
print(t);
print(`a${1}b`);
// Each site has its own object; each evaluation of one site the same one.
var seen = [];
for (var i = 0; i < 2; i++) seen.push((s => s)`loop`);
print(seen[0] === seen[1], seen[0] === (s => s)`loop`);
// The tag is evaluated before the substitutions, which run in order.
var log = [];
function t2() { log.push('tag'); return function (s, a, b) { return a + b; }; }
print(t2()`${(log.push('a'), 1)}${(log.push('b'), 2)}`, log.join());
// Member tags keep the receiver; a chained tag calls the result.
var chain = { n: 0, tag(s) { this.n++; return this.tag.bind(this); } };
chain.tag`a``b``c`;
print(chain.n);
print(Array.isArray(f()), f().length, Object.getPrototypeOf(f()) === Array.prototype);
try { f()[0] = 'changed'; print(f()[0]); } catch (e) { print(e.name); }
(function () { 'use strict'; try { f()[0] = 'changed'; } catch (e) { print(e.name); } })();
