//! An async host function: `sleep(ms)` returns a promise settled by a Rust
//! future (a timer on a helper thread, no async runtime needed); the script
//! awaits it, and the host drives everything with `Runtime::block_on`.
//!
//! `cargo run -p engine --example async_host`

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context as TaskContext, Poll, Waker};
use std::time::{Duration, Instant};

use engine::{Context, JsError, JsPromise, Promised, Runtime};

/// A future that completes after `d`, woken by a helper thread.
struct Timer {
    state: Arc<Mutex<(bool, Option<Waker>)>>,
}

impl Timer {
    fn new(d: Duration) -> Timer {
        let state = Arc::new(Mutex::new((false, None::<Waker>)));
        let s = state.clone();
        std::thread::spawn(move || {
            std::thread::sleep(d);
            let mut g = s.lock().unwrap();
            g.0 = true;
            if let Some(w) = g.1.take() {
                w.wake();
            }
        });
        Timer { state }
    }
}

impl Future for Timer {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<()> {
        let mut g = self.state.lock().unwrap();
        if g.0 {
            Poll::Ready(())
        } else {
            g.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

fn main() -> Result<(), JsError> {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    ctx.set_global_fn("sleep", |ms: u32| {
        Promised(async move {
            Timer::new(Duration::from_millis(ms as u64)).await;
            Ok::<_, JsError>(ms)
        })
    });
    ctx.set_global_fn("log", |s: String| println!("{s}"));
    let start = Instant::now();
    let p: JsPromise = ctx.eval_as(
        "(async () => {
            const [a, b] = await Promise.all([sleep(30), sleep(20)]);
            log(`slept ${a} and ${b} ms in parallel`);
            return a + b;
        })()",
    )?;
    let total: u32 = rt.block_on(p.into_future(&ctx))?.get(&ctx)?;
    println!("total {total} ms of sleep in {:?}", start.elapsed());
    Ok(())
}
