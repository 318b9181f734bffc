// After a catch parameter pattern, the catch block is a scope of its own:
// closures in the pattern's defaults do not see the block's declarations.
var probeParam, probeBlock;
let x = 'outside';
try {
  throw [];
} catch ([_ = (probeParam = function () { return x; })]) {
  probeBlock = function () { return x; };
  let x = 'inside';
}
print(probeParam(), probeBlock());

try {
  throw [1];
} catch ([a, b = () => a]) {
  var c = a + b();
  print(c);
}

// The block still may not redeclare the parameter's names.
for (const src of [
  'try {} catch ([e]) { let e; }',
  'try {} catch ({e}) { var e; }',
  'try {} catch ([e]) { function e() {} }',
  'try {} catch ([e]) { class e {} }',
  'try {} catch (e) { var e; }',
  'try {} catch ([e]) { { let e; } }',
  'try {} catch ([e]) { const [f] = [1]; }',
]) {
  try {
    eval(src);
    print('ok', src);
  } catch (err) {
    print(err.name, src);
  }
}
