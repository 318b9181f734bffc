// Array indices above 2^31 (string atoms) are indices too: they grow length, and truncating length deletes them.
var x = []; x[4294967294] = 1; print(x.length);
var y = []; y[4294967295] = 1; print(y.length);
var z = []; z[2147483648] = 1; print(z.length);
var a = []; a.length = 4294967295; a[4294967294] = 2; print(a.indexOf(2, 4294967290), a.lastIndexOf(2));
var x2 = []; x2[2147483648] = 1; x2.length = 2; print(x2[2147483648], x2.length);
var arr = []; Object.defineProperty(arr, "4294967294", {value: 1, configurable: true}); print(arr.length);
var o = [0,1]; Object.defineProperty(o, 'length', {value: 4294967295}); print(o.length);
