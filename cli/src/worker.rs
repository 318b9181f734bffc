//! `os.Worker`: a module run by its own runtime in its own thread, talking
//! to its parent with `postMessage` and `onmessage`. Messages cross as a
//! structured clone written as JSON text; SharedArrayBuffers are shared. `Worker.parent` is the parent's
//! end inside a worker (`null` in the main thread).

use std::sync::OnceLock;
use std::sync::mpsc::{Sender, channel};

use engine::{Context, JsValue};

use crate::args::Options;
use crate::convert::{self, HostResult, arg};
use crate::event_loop::{self, Event, Message, WorkerPort, with};

/// Options the workers' runtimes are made with (those of the shell).
static OPTIONS: OnceLock<WorkerOptions> = OnceLock::new();

struct WorkerOptions {
    memory_limit: Option<usize>,
    stack_size: Option<usize>,
    rejections: crate::args::RejectionMode,
    /// The main file's directory: worker modules are found relative to it
    /// when not relative to the current directory.
    base: Option<std::path::PathBuf>,
}

/// Records the shell's options for the workers.
pub fn configure(opts: &Options) {
    let base = opts
        .file
        .as_deref()
        .and_then(|f| std::path::Path::new(f).parent().map(|p| p.to_path_buf()));
    let _ = OPTIONS.set(WorkerOptions {
        memory_limit: opts.memory_limit,
        stack_size: opts.stack_size,
        rejections: opts.rejections,
        base,
    });
}

/// A structured clone of a message as JSON-able tagged data: cycles and
/// shared references, `undefined`, NaN/Infinity/-0, BigInt, Date, RegExp,
/// Map, Set, Error, ArrayBuffer and typed arrays (copied) and
/// SharedArrayBuffer (shared, through `shared`) survive; functions and
/// symbols throw a DataCloneError-like TypeError.
const CLONE: &str = r#"({
  encode(v, shared) {
    const seen = new Map();
    const enc = (v) => {
      switch (typeof v) {
        case 'undefined': return { $: 'u' };
        case 'number':
          return Number.isFinite(v) && !Object.is(v, -0)
            ? v
            : { $: 'n', v: Object.is(v, -0) ? '-0' : String(v) };
        case 'bigint': return { $: 'b', v: v.toString() };
        case 'string': case 'boolean': return v;
        case 'function': case 'symbol':
          throw new TypeError('postMessage: cannot clone a ' + typeof v);
      }
      if (v === null) return null;
      if (seen.has(v)) return { $: 'r', i: seen.get(v) };
      const i = seen.size;
      seen.set(v, i);
      const tag = Object.prototype.toString.call(v);
      if (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer)
        return { $: 'sab', i, k: shared.push(v) - 1 };
      if (v instanceof ArrayBuffer) return { $: 'ab', i, v: Array.from(new Uint8Array(v)) };
      if (ArrayBuffer.isView(v)) {
        const name = v instanceof DataView ? 'DataView' : v.constructor.name;
        const len = v instanceof DataView ? v.byteLength : v.length;
        return { $: 'ta', i, t: name, b: enc(v.buffer), o: v.byteOffset, l: len };
      }
      if (Array.isArray(v)) return { $: 'a', i, v: v.map(enc) };
      if (v instanceof Date) return { $: 'd', i, v: +v };
      if (v instanceof RegExp) return { $: 're', i, s: v.source, f: v.flags };
      if (v instanceof Map) return { $: 'm', i, v: [...v].map(([k, x]) => [enc(k), enc(x)]) };
      if (v instanceof Set) return { $: 's', i, v: [...v].map(enc) };
      if (v instanceof Error)
        return { $: 'e', i, n: v.name, m: v.message, s: String(v.stack ?? '') };
      const o = {};
      for (const k of Object.keys(v)) o[k] = enc(v[k]);
      return { $: 'o', i, v: o };
    };
    return JSON.stringify(enc(v));
  },
  decode(text, shared) {
    const refs = [];
    const dec = (x) => {
      if (x === null || typeof x !== 'object') return x;
      const keep = (v) => { refs[x.i] = v; return v; };
      switch (x.$) {
        case 'u': return undefined;
        case 'n': return Number(x.v);
        case 'b': return BigInt(x.v);
        case 'r': return refs[x.i];
        case 'sab': return keep(shared[x.k]);
        case 'ab': return keep(new Uint8Array(x.v).buffer);
        case 'ta': {
          const b = dec(x.b);
          return keep(new globalThis[x.t](b, x.o, x.l));
        }
        case 'a': { const a = keep([]); for (const e of x.v) a.push(dec(e)); return a; }
        case 'd': return keep(new Date(x.v));
        case 're': return keep(new RegExp(x.s, x.f));
        case 'm': { const m = keep(new Map()); for (const [k, v] of x.v) m.set(dec(k), dec(v)); return m; }
        case 's': { const s = keep(new Set()); for (const v of x.v) s.add(dec(v)); return s; }
        case 'e': {
          const C = globalThis[x.n];
          const e = keep(typeof C === 'function' && C.prototype instanceof Error || C === Error
            ? new C(x.m) : new Error(x.m));
          if (x.s) e.stack = x.s;
          return e;
        }
        case 'o': {
          const o = keep({});
          for (const k of Object.keys(x.v)) o[k] = dec(x.v[k]);
          return o;
        }
      }
      return undefined;
    };
    return dec(JSON.parse(text));
  },
})"#;

/// The clone helpers of this thread's context.
fn clone_helper(ctx: &Context, name: &str) -> HostResult {
    let cached = with(|h| h.clone_helpers.clone());
    let o = match cached {
        Some(o) => o,
        None => {
            let v = ctx.eval(CLONE, "<worker>").map_err(convert::thrown)?;
            let o = v
                .as_object()
                .ok_or_else(|| convert::error(ctx, "Error", "clone helpers"))?;
            with(|h| h.clone_helpers = Some(o.clone()));
            o
        }
    };
    o.get(ctx, name).map_err(convert::thrown)
}

/// The value of a message event: `{ data }`.
pub fn message_event(ctx: &Context, msg: Message) -> HostResult {
    let shared: Vec<JsValue> = msg
        .shared
        .iter()
        .map(|m| ctx.new_shared_array_buffer(m))
        .collect();
    let shared = convert::array(ctx, &shared);
    let decode = clone_helper(ctx, "decode")?;
    let data = ctx
        .call(
            &decode,
            &JsValue::undefined(),
            &[ctx.new_string(&msg.json), shared],
        )
        .map_err(convert::thrown)?;
    let ev = ctx.new_object();
    convert::set(ctx, &ev, "data", data);
    Ok(ev.into())
}

fn encode(ctx: &Context, v: &JsValue) -> Result<Message, JsValue> {
    let shared = convert::array(ctx, &[]);
    let enc = clone_helper(ctx, "encode")?;
    let s = ctx
        .call(&enc, &JsValue::undefined(), &[v.clone(), shared.clone()])
        .map_err(convert::thrown)?;
    let shared = convert::array_items(ctx, &shared)?
        .iter()
        .filter_map(|b| ctx.shared_memory(b))
        .collect();
    Ok(Message {
        json: s.as_string().unwrap_or_else(|| "null".into()),
        shared,
    })
}

fn send(tx: &Sender<Event>, ev: Event) {
    let _ = tx.send(ev);
}

const FACTORY: &str = "(function (create, post, parent) {
  const ids = new WeakMap();
  class Worker {
    constructor(url) {
      ids.set(this, create(String(url), this));
      this.onmessage = null;
    }
    postMessage(msg) { post(ids.get(this), msg); }
  }
  Object.defineProperty(Worker, 'parent', { value: parent, enumerable: true });
  return Worker;
})";

/// The `Worker` constructor of `os`.
pub fn constructor(ctx: &Context) -> JsValue {
    match make_constructor(ctx) {
        Ok(v) => v,
        Err(e) => e,
    }
}

fn make_constructor(ctx: &Context) -> HostResult {
    let factory = ctx.eval(FACTORY, "<worker>").map_err(convert::thrown)?;
    let create = ctx.new_function("create", 2, |ctx, _, args| {
        let url = convert::string(ctx, args, 0)?;
        let Some(obj) = arg(args, 1).as_object() else {
            return Err(convert::error(ctx, "TypeError", "Worker: no object"));
        };
        let path = find_module(&url)
            .ok_or_else(|| convert::error(ctx, "Error", &format!("Worker: cannot find '{url}'")))?;
        let (to_worker, inbox) = channel::<Event>();
        let (id, to_parent) = with(|h| {
            let id = h.next_worker;
            h.next_worker += 1;
            (id, h.inbox_tx.clone())
        });
        let to_self = to_worker.clone();
        let spawned = std::thread::Builder::new()
            .name(format!("worker-{id}"))
            .stack_size(16 << 20)
            .spawn(move || run_worker(path, id, inbox, to_self, to_parent));
        if let Err(e) = spawned {
            return Err(convert::error(ctx, "Error", &format!("Worker: {e}")));
        }
        with(|h| {
            h.workers.insert(
                id,
                WorkerPort {
                    object: obj,
                    to_worker,
                    done: false,
                },
            )
        });
        Ok(convert::num(id as f64))
    });
    let post = ctx.new_function("postMessage", 2, |ctx, _, args| {
        let id = convert::number(&arg(args, 0)) as u64;
        let msg = encode(ctx, &arg(args, 1))?;
        let tx = with(|h| {
            h.workers
                .get(&id)
                .filter(|w| !w.done)
                .map(|w| w.to_worker.clone())
        });
        if let Some(tx) = tx {
            send(&tx, Event::Message { from: None, msg });
        }
        Ok(JsValue::undefined())
    });
    let parent = with(|h| h.parent.as_ref().map(|p| p.0.clone()));
    let parent: JsValue = match parent {
        Some(p) => p.into(),
        None => JsValue::null(),
    };
    ctx.call(
        &factory,
        &JsValue::undefined(),
        &[create.into(), post.into(), parent],
    )
    .map_err(convert::thrown)
}

fn find_module(url: &str) -> Option<std::path::PathBuf> {
    let p = std::path::Path::new(url);
    if p.exists() {
        return Some(p.to_path_buf());
    }
    let base = OPTIONS.get()?.base.as_ref()?;
    let q = base.join(p);
    q.exists().then_some(q)
}

fn run_worker(
    path: std::path::PathBuf,
    id: u64,
    inbox: std::sync::mpsc::Receiver<Event>,
    to_self: Sender<Event>,
    to_parent: Sender<Event>,
) {
    let wo = OPTIONS.get();
    let opts = Options {
        expr: None,
        print: false,
        file: Some(path.to_string_lossy().into_owned()),
        script_args: Vec::new(),
        interactive: false,
        module: crate::args::ModuleMode::Module,
        includes: Vec::new(),
        std_globals: false,
        quit: false,
        memory_limit: wo.and_then(|o| o.memory_limit),
        stack_size: wo.and_then(|o| o.stack_size),
        rejections: wo.map_or(crate::args::RejectionMode::WarnWithErrorCode, |o| {
            o.rejections
        }),
        color: false,
        dump_memory: false,
        dump_bytecode: false,
    };
    with(|h| {
        h.inbox = inbox;
        h.inbox_tx = to_self;
    });
    let (rt, ctx) = crate::new_runtime(&opts);
    // `Worker.parent`: posts to the parent's inbox.
    let parent = ctx.new_object();
    let tx = to_parent.clone();
    convert::method(&ctx, &parent, "postMessage", 1, move |ctx, _, args| {
        let msg = encode(ctx, &arg(args, 0))?;
        send(
            &tx,
            Event::Message {
                from: Some(id),
                msg,
            },
        );
        Ok(JsValue::undefined())
    });
    convert::set(&ctx, &parent, "onmessage", JsValue::null());
    with(|h| h.parent = Some((parent, to_parent.clone(), id)));
    match std::fs::read_to_string(&path) {
        Ok(src) => match ctx.eval_module(&src, &path.to_string_lossy()) {
            Ok(_) => event_loop::run(&ctx, &rt),
            Err(e) => event_loop::report_error(&ctx, &e),
        },
        Err(e) => eprintln!("Worker: cannot read {}: {e}", path.display()),
    }
    event_loop::clear();
    drop(ctx);
    drop(rt);
    send(&to_parent, Event::WorkerDone(id));
}

/// Called when the shell ends: workers still running are left to the
/// process's exit.
pub fn shutdown() {}
