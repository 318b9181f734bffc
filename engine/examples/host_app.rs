//! A host application scripted in JavaScript: the host exposes typed
//! functions and data, runs a user script, and reads typed results back.
//!
//! `cargo run -p engine --example host_app`

use std::collections::BTreeMap;

use engine::{Context, JsError, JsFunction, Opt, Runtime};

const USER_SCRIPT: &str = r#"
    log(`app ${app.name} v${app.version}`);
    const prices = { apple: 1.25, pear: 0.8 };
    function total(order) {
        return Object.entries(order).reduce((sum, [item, n]) => sum + price(item) * n, 0);
    }
    function price(item) {
        if (!(item in prices)) throw new RangeError(`unknown item ${item}`);
        return prices[item];
    }
    ({ discount: 0.1, currency: "EUR" })
"#;

fn main() -> Result<(), JsError> {
    let rt = Runtime::new();
    rt.set_memory_limit(Some(16 << 20));
    let ctx = Context::new(&rt);

    // Host functions with typed parameters; a bad argument is a TypeError.
    ctx.set_global_fn("log", |msg: String, level: Opt<String>| {
        println!("[{}] {msg}", level.0.as_deref().unwrap_or("info"));
    });
    let mut app = BTreeMap::new();
    app.insert("name".to_string(), "shop".to_string());
    app.insert("version".to_string(), "1.2".to_string());
    ctx.set_global("app", app)?;

    // The script's completion value, converted.
    let settings: BTreeMap<String, engine::JsValue> = ctx.eval_as(USER_SCRIPT)?;
    let discount: f64 = settings["discount"].get(&ctx)?;
    let currency: String = settings["currency"].get(&ctx)?;

    // Calling back into script functions with Rust values.
    let total: JsFunction = ctx.get_global("total")?;
    let mut order = BTreeMap::new();
    order.insert("apple".to_string(), 4);
    order.insert("pear".to_string(), 10);
    let sum: f64 = total.call(&ctx, (order,))?;
    println!("total: {:.2} {currency}", sum * (1.0 - discount));

    // Script errors come back with their message and stack.
    let mut bad = BTreeMap::new();
    bad.insert("kiwi".to_string(), 1);
    let err = total.call::<f64>(&ctx, (bad,)).unwrap_err();
    println!("error: {}\n{}", err.message, err.stack.unwrap_or_default());
    Ok(())
}
