// Object environment records (§9.1.1.2): the Reference of a `var`
// initializer is made before the initializer runs, and GetBindingValue asks
// HasProperty again after @@unscopables was read.
var obj = { test262id: 1 };
with (obj) {
  var test262id = delete obj.test262id;
}
print(obj.test262id, test262id);

function withVar() {
  var o = { v: 1 };
  with (o) {
    var v = 2;
  }
  return o.v + ' ' + v;
}
print(withVar());

var env = {
  binding: 0,
  get [Symbol.unscopables]() {
    delete env.binding;
    return null;
  },
};
with (env) {
  try {
    (function () {
      'use strict';
      return binding;
    })();
    print('no error');
  } catch (e) {
    print(e.name);
  }
}
var env2 = {
  binding: 0,
  get [Symbol.unscopables]() {
    delete env2.binding;
    return null;
  },
};
with (env2) {
  print(binding);
}

var log = [];
var p = new Proxy({ Object }, {
  has(t, k) {
    log.push('has:' + String(k));
    return Reflect.has(t, k);
  },
  get(t, k, r) {
    log.push('get:' + String(k));
    return Reflect.get(t, k, r);
  },
});
with (p) {
  Object;
}
print(log.join());
log.length = 0;
with (p) {
  Object();
}
print(log.join());

// A `var` target in a binding pattern is resolved before the value is read.
log.length = 0;
var source = {
  get p() {
    log.push('get source');
    return undefined;
  },
};
var target;
var names = new Proxy({}, {
  has(t, k) {
    log.push('has:' + String(k));
    return false;
  },
});
with (names) {
  var { p: target = 0 } = source;
}
print(log.join());
var holder = { a: 1 };
with (holder) {
  var { a, b } = { a: 5, b: 6 };
}
print(holder.a, a, b);
