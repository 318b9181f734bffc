var log = [];
async function f(x) { log.push('f start ' + x); var y = await x; log.push('f got ' + y); return y * 2; }
f(21).then(function (v) { log.push('f result ' + v); });
log.push('after call');
async function g() { try { await Promise.reject(new Error('bad')); } catch (e) { log.push('caught ' + e.message); } return 'g done'; }
g().then(function (v) { log.push(v); });
async function h() { throw new TypeError('thrown'); }
h().catch(function (e) { log.push('h rejected ' + e.name); });
var arrow = async (a, b) => { await null; return a + b; };
arrow(1, 2).then(function (v) { log.push('arrow ' + v); });
var arrow1 = async x => x * 10;
arrow1(4).then(function (v) { log.push('arrow1 ' + v); });
var o = { async m() { return await 'm'; } };
o.m().then(function (v) { log.push('method ' + v); });
async function params(a = (function () { throw new Error('param'); })()) {}
params().catch(function (e) { log.push('param rejected ' + e.message); });
async function loop() { var s = 0; for (var i = 0; i < 5; i++) s += await i; return s; }
loop().then(function (v) { log.push('loop ' + v); });
print(typeof f, Object.getPrototypeOf(f) === Object.getPrototypeOf(async function () {}), f.hasOwnProperty('prototype'), Object.prototype.toString.call(Object.getPrototypeOf(f)));
try { new f(); } catch (e) { print(e.name); }
var AsyncFunction = Object.getPrototypeOf(f).constructor;
print(AsyncFunction.name, typeof AsyncFunction('return 1'));
new AsyncFunction('a', 'return await a')(7).then(function (v) { log.push('dynamic ' + v); });
var async = 5; print(async);
Promise.resolve().then(()=>{}).then(()=>{}).then(()=>{}).then(()=>{}).then(()=>{}).then(()=>{}).then(()=>{}).then(() => print(log.join('\n')));
