// `using` and `await using` at the top level of a module: disposed when the
// module body ends.
var log = [];
globalThis.moduleLog = log;
using a = { [Symbol.dispose]() { log.push("a"); print("disposed:", log.join(",")); } };
await using b = {
  async [Symbol.asyncDispose]() {
    log.push("b");
  },
};
log.push("body");
print("body done");
