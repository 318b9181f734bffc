//! A plugin system: plugins are ES modules that receive a native `Registry`
//! object (a class backed by a Rust struct) and register commands on it;
//! the host then runs the commands.
//!
//! `cargo run -p engine --example plugins`

use engine::{Context, JsError, JsFunction, MemoryLoader, Runtime, Trace, Tracer};

/// The host's registry: command names and the JS functions behind them.
#[derive(Default)]
struct Registry {
    commands: Vec<(String, JsFunction)>,
}

// The registry holds JS functions: reporting them lets the cycle collector
// see through the Rust data (a command closing over the registry is then
// an ordinary collectable cycle).
impl Trace for Registry {
    fn trace(&self, t: &mut Tracer) {
        for (_, f) in &self.commands {
            t.trace(f);
        }
    }
}

fn main() -> Result<(), JsError> {
    let rt = Runtime::new();
    let loader = MemoryLoader::new()
        .with_module(
            "plugins/greet.js",
            "export default function (reg) {
                 reg.register('greet', (name) => `hello, ${name}`);
             }",
        )
        .with_module(
            "plugins/math.js",
            "import { square } from './util.js';
             export default function (reg) {
                 reg.register('square', (x) => square(Number(x)));
                 reg.register('count', () => reg.size);
             }",
        )
        .with_module("plugins/util.js", "export const square = (x) => x * x;");
    rt.set_module_loader(Some(Box::new(loader)));
    let ctx = Context::new(&rt);

    ctx.class::<Registry>("Registry")
        .method(
            "register",
            |r: &mut Registry, name: String, f: JsFunction| -> Result<(), JsError> {
                if r.commands.iter().any(|(n, _)| *n == name) {
                    return Err(JsError::type_error(format!(
                        "'{name}' is already registered"
                    )));
                }
                r.commands.push((name, f));
                Ok(())
            },
        )
        .getter("size", |r: &Registry| r.commands.len())
        .define_global()?;
    let registry = ctx.instance(Registry::default())?;

    for plugin in ["./plugins/greet.js", "./plugins/math.js"] {
        let m = ctx.eval_module(&format!("export {{ default }} from '{plugin}';"), "host.js")?;
        let init: JsFunction = m.namespace.get_as(&ctx, "default")?;
        init.call::<()>(&ctx, (registry.clone(),))?;
    }

    let commands: Vec<(String, JsFunction)> = registry.borrow(|r| r.commands.clone())?;
    for (name, f) in commands {
        let out = f.call::<engine::JsValue>(&ctx, ("7",))?;
        println!("{name}(\"7\") = {}", ctx.inspect(&out));
    }
    Ok(())
}
