var log = [];
var p = new Promise(function (res) { log.push('exec'); res(1); });
p.then(function (v) { log.push('then ' + v); return v + 1; }).then(function (v) { log.push('then2 ' + v); throw new Error('boom'); })
 .catch(function (e) { log.push('catch ' + e.message); }).finally(function () { log.push('finally'); });
log.push('sync');
Promise.resolve(5).then(function (v) { log.push('resolved ' + v); });
Promise.reject('r').then(null, function (r) { log.push('rejected ' + r); });
var thenable = { then: function (res) { log.push('thenable'); res('t'); } };
Promise.resolve(thenable).then(function (v) { log.push('from thenable ' + v); });
Promise.all([1, Promise.resolve(2), thenable]).then(function (a) { log.push('all ' + a.join()); });
Promise.allSettled([Promise.reject(1), 2]).then(function (a) { log.push('settled ' + JSON.stringify(a)); });
Promise.race([new Promise(function () {}), Promise.resolve('fast')]).then(function (v) { log.push('race ' + v); });
Promise.any([Promise.reject(1), Promise.reject(2)]).catch(function (e) { log.push('any ' + e.constructor.name + ' ' + e.errors.join()); });
Promise.any([Promise.reject(1), 3]).then(function (v) { log.push('any ok ' + v); });
var self; self = new Promise(function (r) { setTimeoutLike = r; }); 
var loop = Promise.resolve().then(function () { return loop; }); loop.catch(function (e) { log.push('cycle ' + e.constructor.name); });
print(Object.prototype.toString.call(p), typeof Promise.prototype.then, Promise.length, Promise.all.length);
try { Promise(); } catch (e) { print(e.name); }
try { new Promise(1); } catch (e) { print(e.name); }
var ae = new AggregateError([1, 2], 'msg'); print(ae.message, ae.errors.length, ae instanceof Error, AggregateError.length);
Promise.resolve().then(function () { }).then(function () { }).then(function () { }).then(function () { }).then(function () { }).then(function () { }).then(function () { print(log.join('\n')); });
