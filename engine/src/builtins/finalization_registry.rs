//! `FinalizationRegistry` and `FinalizationRegistry.prototype`
//! (ECMA-262 §26.2).
//!
//! <https://tc39.es/ecma262/#sec-finalization-registry-objects>
//!
//! A registry holds its cleanup callback and held values with a count, its
//! targets and unregister tokens without one. It is a [`WeakHolder`] of
//! each object target: when one is freed (by its count reaching zero or by
//! the collector) the registry moves the target's cells to its `dead` list
//! and asks the heap for a follow-up. Nothing runs inside the free: the
//! embedder's job loop (`Runtime::run_pending_jobs`) turns follow-ups into
//! cleanup jobs on the runtime's queue ([`queue_cleanup_jobs`]), and the job
//! calls the callback once per dead cell (CleanupFinalizationRegistry,
//! §9.13). Tokens are compared by weak-target id, so a token that was
//! freed never matches a new object at the same address.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use hashbrown::HashMap;

use super::weak_map::{WeakKey, can_be_held_weakly};
use super::{FnSpec, fns};
use crate::atom::Atom;
use crate::gc::{Tracer, WeakGc, WeakHolder};
use crate::object::{Args, Class, JsObject, new_object, trace_value};
use crate::runtime::{Cx, Job, JsResult, Rt};
use crate::value::{Value, same_value};

/// An unregister token's identity.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Token {
    /// A weak-target id ([`WeakGc::id`]).
    Object(u64),
}

/// A `[[Cells]]` record without its target (the map key).
struct Record {
    held: Value,
    token: Option<Token>,
}

#[derive(Default)]
struct Cells {
    /// Cells whose target lives, by target.
    live: HashMap<WeakKey, Vec<Record>>,
    /// Cells whose target was freed, waiting for the cleanup callback.
    dead: VecDeque<Record>,
}

/// The internal slots of a FinalizationRegistry.
///
/// Borrowing rule: no reference may be dropped while `cells` is borrowed.
pub(crate) struct Registry {
    /// `[[Realm]]`: the realm the cleanup jobs run in.
    realm: u32,
    /// `[[CleanupCallback]]`.
    callback: Value,
    /// The registry object itself, to pass to its cleanup job.
    this: Cell<Option<WeakGc<JsObject>>>,
    cells: RefCell<Cells>,
    /// Whether a cleanup job is asked for or queued.
    scheduled: Cell<bool>,
}

impl WeakHolder for Registry {
    fn target_freed(&self, addr: usize) -> bool {
        let mut cells = self.cells.borrow_mut();
        if let Some(list) = cells.live.remove(&WeakKey::Cell(addr)) {
            cells.dead.extend(list);
        }
        let want = !cells.dead.is_empty() && !self.scheduled.get();
        if want {
            self.scheduled.set(true);
        }
        want
    }
    fn into_any(self: Rc<Self>) -> Rc<dyn std::any::Any> {
        self
    }
}

impl Registry {
    pub(crate) fn trace(&self, t: &mut Tracer) {
        trace_value(&self.callback, t);
        let Ok(cells) = self.cells.try_borrow() else {
            return;
        };
        for r in cells.live.values().flatten().chain(cells.dead.iter()) {
            trace_value(&r.held, t);
        }
    }
}

fn this_registry(cx: &Cx, this: &Value, method: &str) -> JsResult<Rc<Registry>> {
    if let Value::Object(o) = this
        && let Class::FinalizationRegistry(r) = &o.d.borrow().class
    {
        return Ok(r.clone());
    }
    cx.type_error(&format!(
        "FinalizationRegistry.prototype.{method} called on an incompatible receiver"
    ))
}

/// The identity of `v` as an unregister token, if it can be held weakly
/// (`register` makes an object a weak target to give it an id).
fn token(cx: &Cx, v: &Value, register: bool) -> Option<Token> {
    match v {
        Value::Object(o) if register => Some(Token::Object(cx.heap().weak_ref(o).id())),
        Value::Object(o) => cx.heap().weak_id(o).map(Token::Object),
        Value::Symbol(s) if register => Some(Token::Object(cx.heap().weak_ref(s).id())),
        Value::Symbol(s) => cx.heap().weak_id(s).map(Token::Object),
        _ => None,
    }
}

/// FinalizationRegistry (§26.2.1.1).
fn registry_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("Constructor FinalizationRegistry requires 'new'");
    };
    let callback = args.get(0);
    if !callback.is_callable() {
        return cx.type_error("FinalizationRegistry: cleanup callback is not callable");
    }
    let proto =
        crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.finalization_registry_proto)?;
    let reg = Rc::new(Registry {
        realm: cx.realm.index,
        callback,
        this: Cell::new(None),
        cells: RefCell::new(Cells::default()),
        scheduled: Cell::new(false),
    });
    let obj = new_object(cx, Some(proto), Class::FinalizationRegistry(reg.clone()));
    reg.this.set(Some(cx.heap().weak_ref(&obj)));
    Ok(Value::Object(obj))
}

/// FinalizationRegistry.prototype.register (§26.2.3.2).
fn register(cx: Cx, args: &Args) -> JsResult<Value> {
    let reg = this_registry(&cx, &args.this, "register")?;
    let target = args.arg(0);
    if !can_be_held_weakly(&cx, target) {
        return cx.type_error(
            "FinalizationRegistry.prototype.register: invalid target (not an object or a non-registered symbol)",
        );
    }
    if same_value(target, args.arg(1)) {
        return cx.type_error(
            "FinalizationRegistry.prototype.register: target and held value must not be the same",
        );
    }
    let unregister_token = args.arg(2);
    let tok = if can_be_held_weakly(&cx, unregister_token) {
        token(&cx, unregister_token, true)
    } else if unregister_token.is_undefined() {
        None
    } else {
        return cx.type_error("FinalizationRegistry.prototype.register: invalid unregister token");
    };
    let key = match target {
        Value::Object(o) => {
            let holder: Weak<dyn WeakHolder> = Rc::downgrade(&reg) as Weak<dyn WeakHolder>;
            cx.heap().add_weak_holder(o, holder);
            WeakKey::Cell(o.addr())
        }
        Value::Symbol(s) => {
            let holder: Weak<dyn WeakHolder> = Rc::downgrade(&reg) as Weak<dyn WeakHolder>;
            cx.heap().add_weak_holder(s, holder);
            WeakKey::Cell(s.addr())
        }
        _ => return Ok(Value::Undefined),
    };
    reg.cells
        .borrow_mut()
        .live
        .entry(key)
        .or_default()
        .push(Record {
            held: args.get(1),
            token: tok,
        });
    Ok(Value::Undefined)
}

/// FinalizationRegistry.prototype.unregister (§26.2.3.3).
fn unregister(cx: Cx, args: &Args) -> JsResult<Value> {
    let reg = this_registry(&cx, &args.this, "unregister")?;
    let v = args.arg(0);
    if !can_be_held_weakly(&cx, v) {
        return cx
            .type_error("FinalizationRegistry.prototype.unregister: invalid unregister token");
    }
    let Some(tok) = token(&cx, v, false) else {
        return Ok(Value::Bool(false));
    };
    // The removed records are dropped after the borrow ends.
    let mut removed = Vec::new();
    {
        let mut cells = reg.cells.borrow_mut();
        let cells = &mut *cells;
        for list in cells.live.values_mut() {
            let mut i = 0;
            while i < list.len() {
                if list[i].token == Some(tok) {
                    removed.push(list.swap_remove(i));
                } else {
                    i += 1;
                }
            }
        }
        cells.live.retain(|_, list| !list.is_empty());
        let mut i = 0;
        while i < cells.dead.len() {
            if cells.dead[i].token == Some(tok) {
                removed.extend(cells.dead.remove(i));
            } else {
                i += 1;
            }
        }
    }
    Ok(Value::Bool(!removed.is_empty()))
}

/// Turns the registries that asked for cleanup (their targets were freed)
/// into cleanup jobs on the runtime's queue
/// (HostEnqueueFinalizationRegistryCleanupJob, §9.13).
pub(crate) fn queue_cleanup_jobs(rt: &Rt) {
    for holder in rt.heap.take_cleanups() {
        let Ok(reg) = holder.into_any().downcast::<Registry>() else {
            continue;
        };
        let Some(obj) = reg.this.get().and_then(|w| rt.heap.upgrade(&w)) else {
            continue;
        };
        let realm = rt.realm(reg.realm);
        let cx = Cx { rt, realm: &realm };
        enqueue(&cx, &reg, obj);
    }
}

fn enqueue(cx: &Cx, reg: &Registry, obj: crate::object::Obj) {
    reg.scheduled.set(true);
    let func = super::function::new_native(cx, Atom::EMPTY, 0, cleanup_job, 0, false);
    cx.rt.jobs.borrow_mut().push_back(Job {
        realm: reg.realm,
        func: Value::Object(func),
        args: vec![Value::Object(obj)],
    });
}

/// The cleanup job: CleanupFinalizationRegistry (§9.13) on its argument.
fn cleanup_job(cx: Cx, args: &Args) -> JsResult<Value> {
    let reg = this_registry(&cx, args.arg(0), "cleanup")?;
    reg.scheduled.set(false);
    loop {
        let next = reg.cells.borrow_mut().dead.pop_front();
        let Some(record) = next else {
            return Ok(Value::Undefined);
        };
        if let Err(e) = cx.call(&reg.callback, &Value::Undefined, &[record.held]) {
            // The remaining cells get a job of their own.
            let more = !reg.cells.borrow().dead.is_empty();
            if more
                && !reg.scheduled.get()
                && let Value::Object(o) = args.arg(0)
            {
                enqueue(&cx, &reg, o.clone());
            }
            return Err(e);
        }
    }
}

const PROTO_FNS: &[FnSpec] = fns! {
    "register", 2, register;
    "unregister", 1, unregister;
};

pub(crate) fn init(cx: &Cx) {
    let proto = &cx.intr().finalization_registry_proto;
    super::define_ctor(cx, "FinalizationRegistry", 1, registry_ctor, proto);
    super::define_fns(cx, proto, PROTO_FNS);
    super::define_to_string_tag(cx, proto, "FinalizationRegistry");
}
