//! `engine-derive`: FromJs, IntoJs and Trace for structs and enums.

use engine::{Context, JsFunction, JsValue, Runtime};
use engine_derive::{FromJs, IntoJs, Trace};

#[derive(FromJs, IntoJs, Debug, PartialEq, Clone)]
#[js(rename_all = "camelCase")]
struct Item {
    item_id: u32,
    #[js(rename = "label")]
    name: String,
    #[js(default)]
    tags: Vec<String>,
    price: Option<f64>,
}

#[derive(FromJs, IntoJs, Debug, PartialEq)]
struct Pair(i32, String);

#[derive(FromJs, IntoJs, Debug, PartialEq)]
struct Wrapper(f64);

#[derive(FromJs, IntoJs, Debug, PartialEq)]
enum Event {
    Start,
    #[js(rename = "stop")]
    Stop,
    Move {
        dx: i32,
        dy: i32,
    },
    Say(String),
}

#[derive(Trace)]
struct Listeners {
    on: Vec<JsFunction>,
    #[js(skip_trace)]
    _count: usize,
    last: Option<JsValue>,
}

#[test]
fn structs_and_enums_convert() {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let item: Item = ctx
        .eval_as("({ itemId: 7, label: 'pen', price: null })")
        .unwrap();
    assert_eq!(
        item,
        Item {
            item_id: 7,
            name: "pen".into(),
            tags: vec![],
            price: None
        }
    );
    let v = ctx.to_js(item.clone()).unwrap();
    assert_eq!(v.get::<Item>(&ctx).unwrap(), item);
    let e = ctx
        .eval_as::<Item>("({ itemId: 'x', label: 'pen' })")
        .unwrap_err();
    assert_eq!(
        e.message,
        "TypeError: property 'itemId': expected u32, got string"
    );
    let p: Pair = ctx.eval_as("[1, 'a']").unwrap();
    assert_eq!(p, Pair(1, "a".into()));
    assert_eq!(ctx.eval_as::<Wrapper>("2.5").unwrap(), Wrapper(2.5));
    let events: Vec<Event> = ctx
        .eval_as("['Start', 'stop', { Move: { dx: 1, dy: -1 } }, { Say: 'hi' }]")
        .unwrap();
    assert_eq!(
        events,
        [
            Event::Start,
            Event::Stop,
            Event::Move { dx: 1, dy: -1 },
            Event::Say("hi".into())
        ]
    );
    let v = ctx.to_js(Event::Move { dx: 2, dy: 3 }).unwrap();
    assert_eq!(ctx.inspect(&v), "{ Move: { dx: 2, dy: 3 } }");
    assert!(ctx.eval_as::<Event>("'Jump'").is_err());
    // Trace compiles for a struct of handles.
    let l = Listeners {
        on: vec![],
        _count: 0,
        last: None,
    };
    ctx.class::<Listeners>("Listeners").build().unwrap();
    let _ = ctx.instance(l).unwrap();
}
