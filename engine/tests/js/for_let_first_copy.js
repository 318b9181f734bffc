var fs = [];
for (let i = 0, f = () => i; i < 3; i++) { fs.push(() => i); if (i == 0) fs.push(f); }
print(fs.map((g) => g()).join());
var probe;
for (let x = "outside", _ = probe = () => x; (x = "inside", false);) {}
print(probe());
