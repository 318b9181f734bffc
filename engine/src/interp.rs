//! The bytecode interpreter: one dispatch loop over a value stack.
//!
//! JavaScript-to-JavaScript calls push a [`Frame`] and continue in the same
//! loop: they never recurse on the Rust stack, so deep JavaScript recursion
//! ends in a catchable `RangeError` when the frame limit is reached. Native
//! code that calls back into JavaScript (built-ins, getters, host functions)
//! starts a nested [`Interp`]; that re-entry is bounded by the native stack
//! check in [`Cx::check_stack`].
//!
//! Frame layout on the stack: `[params][locals][operand stack...]`; the
//! callee value sits just below the parameters while the frame runs (the
//! frame reads it there: `GetCallee`, `arguments.callee`, home objects).

use std::rc::Rc;

use smallvec::SmallVec;

use crate::atom::Atom;
use crate::builtins::function;
use crate::bytecode::{
    CaptureFrom, FunctionBytecode, Op, fetch, fn_flags, opb, read_i32, read_u16, read_u32,
    throw_kind,
};
use crate::gc::Gc;
use crate::object::{self, Args, Class, Obj, VarRef};
use crate::ops;
use crate::runtime::{Cx, ErrorKind, JsResult, Rt};
use crate::shape::flags;
use crate::value::Value;

/// A function activation record. The records of every running frame, of
/// all activations, form one stack in the runtime (`Rt::frames`): stack
/// traces and the frame limit read it. A suspended generator's record is
/// kept in its [`SuspendedFrame`] and pushed back when it resumes.
pub(crate) struct Frame {
    pub(crate) bc: Gc<FunctionBytecode>,
    var_refs: Rc<[Gc<VarRef>]>,
    cells: Vec<Gc<VarRef>>,
    /// (The indices are 32-bit to keep the record small: every call pushes
    /// one. Frames and stack sizes are bounded far below.)
    pc: u32,
    /// Stack index of the first parameter.
    base: u32,
    this: Value,
    new_target: Option<Obj>,
    /// The arguments beyond the parameters, kept (with all the others)
    /// when the function uses `arguments` and was passed more arguments
    /// than it has parameters. Otherwise the arguments are the first
    /// `argc` parameter slots, which nothing writes before the prologue
    /// has made the arguments object (see [`Interp::frame_args`]).
    args: Option<Box<[Value]>>,
    /// How many arguments the call passed (read with `args`).
    argc: u32,
    /// Index of the function's realm in the runtime.
    realm: u32,
    /// Called with `new`: a non-object return value yields `this`.
    construct: bool,
    /// Where the caller expects the result (the callee's or receiver's slot).
    result_pos: u32,
    /// While a frame above runs: the pc of the instruction that called out
    /// (for stack traces, and restored as `Rt::cur_pc` when that frame ends).
    pub(crate) call_pc: u32,
}

/// The TypeError of calling a class constructor without `new`, made in the
/// constructor's realm (§10.2.1 [[Call]] step 2).
#[cold]
fn class_call_error<T>(cx: &Cx, realm: u32) -> JsResult<T> {
    let r = cx.rt.realm(realm);
    Cx {
        rt: cx.rt,
        realm: &r,
    }
    .type_error("class constructor cannot be invoked without 'new'")
}

struct Handler {
    frame: usize,
    pc: usize,
    sp: usize,
}

/// How many idle activations the runtime keeps for calls from native code.
const MAX_POOLED_INTERPS: usize = 8;
/// Stacks grown past this many values (deep recursion) are not kept.
const MAX_POOLED_STACK: usize = 4096;

/// One activation of the dispatch loop: its value stack and exception
/// handlers. Its frame records are on the runtime's frame stack, from the
/// index it was entered at (`entry` in `run`).
pub(crate) struct Interp {
    stack: Vec<Value>,
    handlers: Vec<Handler>,
    /// Set by `Yield` (to its mode) when the generator frame suspended.
    yielded: Option<u8>,
}

/// What a suspended generator frame expects when it is resumed.
mod resume_mode {
    /// At `InitialYield`: nothing is pushed.
    pub(super) const START: u8 = 0;
    /// At `Yield 0`: the value and whether it is a return completion;
    /// a throw completion is thrown at the yield.
    pub(super) const PLAIN: u8 = 1;
    /// At `Yield 1` (yield*): the value and the completion kind.
    pub(super) const DELEGATE: u8 = 2;
    /// At `Yield 2` (`await`): like `PLAIN`, the flag being always false.
    pub(super) const AWAIT: u8 = 3;
    /// At `Yield 3` (an `await` whose outcome is kept, `Completion(Await(v))`):
    /// the value and whether it is a rejection; nothing is thrown.
    pub(super) const AWAIT_SETTLED: u8 = 4;
}

/// A generator's suspended execution context (§27.5.3): an activation of
/// its own whose only frame is the generator's (`[callee][params][locals]
/// [operands]`, with its exception handlers). Resuming runs the loop on it
/// in place; a yield leaves everything where it is.
pub(crate) struct SuspendedFrame {
    it: Interp,
    /// The generator's frame record (out of the runtime's frame stack while
    /// suspended); its handlers' frame indices are then relative to it.
    frame: Option<Frame>,
    mode: u8,
}

impl SuspendedFrame {
    /// Reports the references the suspended frame holds (see gc.rs). Its
    /// `var_refs` are its own copy (made when the generator is created),
    /// so they are reported here rather than through the closure.
    pub(crate) fn trace(&self, t: &mut crate::gc::Tracer) {
        if let Some(f) = &self.frame {
            Self::trace_frame(f, t);
        }
        self.it.stack.iter().for_each(|v| object::trace_value(v, t));
    }

    fn trace_frame(f: &Frame, t: &mut crate::gc::Tracer) {
        f.var_refs.iter().for_each(|r| t.edge(r));
        f.cells.iter().for_each(|c| t.edge(c));
        object::trace_value(&f.this, t);
        if let Some(nt) = &f.new_target {
            t.edge(nt);
        }
        if let Some(args) = &f.args {
            args.iter().for_each(|v| object::trace_value(v, t));
        }
    }
}

/// How a generator is resumed (`next`, `return` or `throw`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Resume {
    Next,
    Throw,
    Return,
}

/// How a resumed generator stopped (a thrown value is the `Err`).
pub(crate) enum Resumed {
    /// Suspended at a yield: the value, whether it is already an iterator
    /// result (yield*), and the frame to keep.
    Yield(Value, bool, Box<SuspendedFrame>),
    /// Suspended at an `await` (`Yield 2`) on the value.
    Await(Value, Box<SuspendedFrame>),
    /// Returned: the generator is completed.
    Done(Value),
}

/// A function that `apply`/`call` forwarding calls directly: an ordinary
/// function (not a class constructor) or a native function.
enum Target {
    Closure((Gc<FunctionBytecode>, Rc<[Gc<VarRef>]>, u32)),
    Native(object::NativeFn, i32, u32, Option<object::HostFn>),
}

/// What the call fast path did.
enum FastCall {
    /// Pushed the callee's frame: what the loop needs to run it.
    Entered(Entered),
    /// Called a native function; its result replaced the call's slots.
    Returned,
    /// Nothing: the general path handles this call.
    Slow,
}

/// The state the dispatch loop keeps for the innermost frame, handed back
/// by a call that pushed a frame or a return that made the caller innermost
/// again, so the loop does not read it back from the frame record.
struct Entered {
    /// The frame's index in `Rt::frames`.
    idx: usize,
    bc: Gc<FunctionBytecode>,
    realm: u32,
    pc: usize,
    base: usize,
}

/// How a call site wants its callee invoked.
enum Invoke {
    Call { this: Value },
    Construct { new_target: Obj },
}

impl Interp {
    fn new() -> Interp {
        Interp {
            stack: Vec::with_capacity(64),
            handlers: Vec::new(),
            yielded: None,
        }
    }

    /// An activation for a call from native code into JavaScript: a stack
    /// from the runtime's free list, so that callbacks do not allocate.
    fn take(rt: &Rt) -> Interp {
        let pooled = rt.interp_pool.borrow_mut().pop();
        pooled.unwrap_or_else(Interp::new)
    }

    /// Empties the activation and returns its stack to the free list.
    fn give_back(mut self, rt: &Rt) {
        self.stack.clear();
        self.handlers.clear();
        self.yielded = None;
        if self.stack.capacity() <= MAX_POOLED_STACK {
            let mut pool = rt.interp_pool.borrow_mut();
            if pool.len() < MAX_POOLED_INTERPS {
                pool.push(self);
            }
        }
    }

    #[inline]
    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::Undefined)
    }

    #[inline]
    fn top(&self) -> &Value {
        self.stack.last().unwrap_or(&Value::Undefined)
    }

    /// Pops the top value, which the caller has seen to hold no heap
    /// reference (a number, boolean, undefined or null): forgetting it
    /// only skips the drop code.
    #[inline(always)]
    fn drop_top_plain(&mut self) {
        if let Some(v) = self.stack.pop() {
            std::mem::forget(v);
        }
    }

    /// Pops the two numbers on top of the stack (see `drop_top_plain`).
    #[inline(always)]
    fn drop_top2_numbers(&mut self) {
        self.drop_top_plain();
        self.drop_top_plain();
    }

    /// Replaces the two numbers on top of the stack with `r`.
    #[inline(always)]
    fn replace_top2_numbers(&mut self, r: Value) {
        self.drop_top_plain();
        if let Some(s) = self.stack.last_mut() {
            std::mem::forget(std::mem::replace(s, r));
        }
    }

    /// Pushes a frame for a closure whose arguments are at `stack[base..base+argc]`
    /// and returns what the loop needs to run it. `at` is the calling
    /// instruction and the one after it when the caller is the innermost
    /// frame of this loop; otherwise the caller's record keeps its pc and
    /// its `call_pc` is the published `Rt::cur_pc`.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn push_frame(
        &mut self,
        rt: &Rt,
        closure: (Gc<FunctionBytecode>, Rc<[Gc<VarRef>]>, u32),
        base: usize,
        argc: usize,
        this: Value,
        new_target: Option<Obj>,
        result_pos: usize,
        at: Option<(usize, usize)>,
    ) -> JsResult<Entered> {
        let (bc, var_refs, realm_idx) = closure;
        let depth = rt.frames.borrow().len();
        if depth >= rt.max_frames() {
            if let Some((pc, _)) = at {
                rt.cur_pc.set(pc as u32);
            }
            return frame_limit_error(rt, realm_idx);
        }
        let params = bc.param_count as usize;
        // No copy unless arguments beyond the parameters would be lost.
        let args = if argc > params && bc.has(fn_flags::NEEDS_ARGUMENTS) {
            Some(self.stack[base..base + argc].into())
        } else {
            None
        };
        // Missing parameters and the locals start undefined; the operand
        // stack's maximum depth is reserved now, so pushes never reallocate.
        if argc > params {
            drop_to(&mut self.stack, base + params);
        }
        let locals_end = base + params + bc.var_count as usize;
        let need = locals_end + bc.stack_size as usize;
        if need > self.stack.capacity() {
            self.stack.reserve(need - self.stack.len());
        }
        while self.stack.len() < locals_end {
            self.stack.push(Value::Undefined);
        }
        // A sloppy function's `this` is coerced to an object when first read (`PushThis`).
        let cells = if bc.cell_count > 0 {
            Vec::with_capacity(bc.cell_count as usize)
        } else {
            Vec::new()
        };
        let entered = Entered {
            idx: depth,
            bc: bc.clone(),
            realm: realm_idx,
            pc: 0,
            base,
        };
        let construct = new_target.is_some();
        let mut frames = rt.frames.borrow_mut();
        if let Some(top) = frames.last_mut() {
            match at {
                Some((pc, next)) => {
                    top.pc = next as u32;
                    top.call_pc = pc as u32;
                }
                None => top.call_pc = rt.cur_pc.get(),
            }
        }
        frames.push(Frame {
            bc,
            var_refs,
            cells,
            pc: 0,
            base: base as u32,
            this,
            new_target,
            args,
            argc: argc as u32,
            realm: realm_idx,
            construct,
            result_pos: result_pos as u32,
            call_pc: 0,
        });
        Ok(entered)
    }

    /// The fast path of `Call`/`CallMethod` (§13.3.6.2 EvaluateCall):
    /// pushes an ordinary function's frame, or calls a native function
    /// with its arguments in place on the stack and replaces the call's
    /// slots with the result. Everything else (proxies, bound functions,
    /// class constructors, the native stack limit, a poll that needs
    /// attention) is left untouched to `exec`.
    #[inline(never)]
    fn call_fast(
        &mut self,
        rt: &Rt,
        realm: &crate::runtime::Realm,
        argc: usize,
        method: bool,
        pc: usize,
        next: usize,
    ) -> JsResult<FastCall> {
        enum Kind {
            Closure((Gc<FunctionBytecode>, Rc<[Gc<VarRef>]>, u32)),
            Native(object::NativeFn, i32, u32, Option<object::HostFn>),
        }
        if !rt.poll_fast() {
            return Ok(FastCall::Slow);
        }
        let Some(func_pos) = self.stack.len().checked_sub(argc + 1 + method as usize) else {
            return Ok(FastCall::Slow);
        };
        let func_pos = func_pos + method as usize;
        let kind = {
            let Value::Object(f) = &self.stack[func_pos] else {
                return Ok(FastCall::Slow);
            };
            let d = f.d.borrow();
            match &d.class {
                Class::Closure(c)
                    if c.bc.flags & (fn_flags::CONSTRUCTOR | fn_flags::METHOD)
                        != fn_flags::CONSTRUCTOR | fn_flags::METHOD =>
                {
                    Kind::Closure((c.bc.clone(), c.var_refs.clone(), c.realm))
                }
                Class::Native(n) => Kind::Native(
                    n.f,
                    n.magic,
                    n.realm,
                    n.extra.as_ref().and_then(|x| x.host.clone()),
                ),
                _ => return Ok(FastCall::Slow),
            }
        };
        let (this, result_pos) = if method {
            (self.stack[func_pos - 1].clone(), func_pos - 1)
        } else {
            (Value::Undefined, func_pos)
        };
        match kind {
            Kind::Closure(closure) => self
                .push_frame(
                    rt,
                    closure,
                    func_pos + 1,
                    argc,
                    this,
                    None,
                    result_pos,
                    Some((pc, next)),
                )
                .map(FastCall::Entered),
            Kind::Native(nf, magic, nrealm, host) => {
                // Until the call returns, stack traces show the caller at the call.
                rt.cur_pc.set(pc as u32);
                if method
                    && (magic == function::APPLY_MAGIC || magic == function::CALL_MAGIC)
                    && host.is_none()
                    && let Some(r) = self.forward_call(rt, realm, nf, func_pos, argc, next)
                {
                    return r;
                }
                self.call_native(rt, (nf, magic, nrealm, host), func_pos, this, result_pos)
            }
        }
    }

    /// The fast path of `New` (§13.3.5.1 EvaluateNew) on an ordinary
    /// non-derived constructor: makes `this` from `f.prototype` and pushes
    /// the frame, `f` being its own new.target. Anything else (native,
    /// bound, proxy and derived constructors, non-constructors, a poll
    /// that needs attention) is left untouched (None) to `exec`.
    #[inline(never)]
    fn new_fast(
        &mut self,
        rt: &Rt,
        realm: &crate::runtime::Realm,
        argc: usize,
        pc: usize,
        next: usize,
    ) -> JsResult<Option<Entered>> {
        if !rt.poll_fast() {
            return Ok(None);
        }
        let Some(func_pos) = self.stack.len().checked_sub(argc + 1) else {
            return Ok(None);
        };
        let Value::Object(f) = &self.stack[func_pos] else {
            return Ok(None);
        };
        let closure = match &f.d.borrow().class {
            Class::Closure(c)
                if c.bc.flags & (fn_flags::CONSTRUCTOR | fn_flags::DERIVED)
                    == fn_flags::CONSTRUCTOR =>
            {
                (c.bc.clone(), c.var_refs.clone(), c.realm)
            }
            _ => return Ok(None),
        };
        let f = f.clone();
        // Until the frame is pushed, stack traces show the caller at `new`.
        rt.cur_pc.set(pc as u32);
        let this = if closure.2 == realm.index {
            ops::ordinary_create_from_constructor(&Cx { rt, realm }, &f)?
        } else {
            let r = rt.realm(closure.2);
            ops::ordinary_create_from_constructor(&Cx { rt, realm: &r }, &f)?
        };
        self.push_frame(
            rt,
            closure,
            func_pos + 1,
            argc,
            Value::Object(this),
            Some(f),
            func_pos,
            Some((pc, next)),
        )
        .map(Some)
    }

    /// `f.apply(thisArg, list)` and `f.call(thisArg, ...args)` (§20.2.3.1,
    /// §20.2.3.3) on an ordinary or native function `f`, with a list that
    /// `function::fast_list` can read: the call's slots `[f][apply][thisArg]
    /// [list]` become those of a call of `f` (`[f][args...]`, `f` staying in
    /// the receiver slot), so neither a native frame nor a nested loop is
    /// involved. Anything else is left untouched (None) to the native
    /// function.
    #[inline(never)]
    fn forward_call(
        &mut self,
        rt: &Rt,
        realm: &crate::runtime::Realm,
        nf: object::NativeFn,
        func_pos: usize,
        argc: usize,
        next: usize,
    ) -> Option<JsResult<FastCall>> {
        let apply = std::ptr::fn_addr_eq(nf, function::apply as object::NativeFn);
        if !apply && !std::ptr::fn_addr_eq(nf, function::call as object::NativeFn) {
            return None;
        }
        let target_pos = func_pos - 1;
        let target = self.forward_target(rt, target_pos)?;
        let this = if argc > 0 {
            std::mem::replace(&mut self.stack[func_pos + 1], Value::Undefined)
        } else {
            Value::Undefined
        };
        let n = if apply {
            let list = match self.stack.get(func_pos + 2) {
                Some(Value::Object(o)) if argc >= 2 => match function::fast_list(realm, o) {
                    Some(l) => l,
                    None => {
                        self.stack[func_pos + 1] = this;
                        return None;
                    }
                },
                Some(v) if argc >= 2 && !v.is_nullish() => {
                    self.stack[func_pos + 1] = this;
                    return None;
                }
                _ => SmallVec::new(),
            };
            drop_to(&mut self.stack, func_pos);
            let n = list.len();
            self.stack.extend(list);
            n
        } else {
            // The callee and `thisArg` slots go; the arguments move down.
            let drop_n = argc.min(1) + 1;
            drop(self.stack.drain(func_pos..func_pos + drop_n));
            argc.saturating_sub(1)
        };
        Some(self.call_target(rt, target, target_pos, n, this, (next - 3, next)))
    }

    /// The function in the receiver slot `target_pos` of an `apply`/`call`
    /// that `forward_call` can call directly.
    #[inline]
    fn forward_target(&self, rt: &Rt, target_pos: usize) -> Option<Target> {
        let Value::Object(f) = &self.stack[target_pos] else {
            return None;
        };
        let d = f.d.borrow();
        match &d.class {
            Class::Closure(c)
                if c.bc.flags & (fn_flags::CONSTRUCTOR | fn_flags::METHOD)
                    != fn_flags::CONSTRUCTOR | fn_flags::METHOD =>
            {
                Some(Target::Closure((c.bc.clone(), c.var_refs.clone(), c.realm)))
            }
            Class::Native(n) if !rt.stack_overflow() => Some(Target::Native(
                n.f,
                n.magic,
                n.realm,
                n.extra.as_ref().and_then(|x| x.host.clone()),
            )),
            _ => None,
        }
    }

    /// Calls `target`, at `target_pos` with its `n` arguments above it;
    /// the result replaces it. `at` is the calling instruction and the
    /// next one.
    fn call_target(
        &mut self,
        rt: &Rt,
        target: Target,
        target_pos: usize,
        n: usize,
        this: Value,
        at: (usize, usize),
    ) -> JsResult<FastCall> {
        match target {
            Target::Closure(closure) => self
                .push_frame(
                    rt,
                    closure,
                    target_pos + 1,
                    n,
                    this,
                    None,
                    target_pos,
                    Some(at),
                )
                .map(FastCall::Entered),
            Target::Native(nf, magic, nrealm, host) => {
                rt.cur_pc.set(at.0 as u32);
                self.call_native(rt, (nf, magic, nrealm, host), target_pos, this, target_pos)
            }
        }
    }

    /// `LazyArguments n` at `pc` (see compiler/arguments.rs), with `[f]
    /// [method][thisArg]` on the stack and `CallMethod 2` next: when the
    /// method is %Function.prototype.apply% and `f` a function that
    /// `forward_call` handles, calls `f` with this frame's arguments.
    /// None (nothing done) otherwise.
    #[inline(never)]
    fn lazy_apply(
        &mut self,
        rt: &Rt,
        code: &[u8],
        pc: usize,
        frame_idx: usize,
    ) -> Option<JsResult<FastCall>> {
        let call_pc = pc + Op::LazyArguments.size();
        if code.get(call_pc) != Some(&(Op::CallMethod as u8)) || read_u16(code, call_pc + 1) != 2 {
            return None;
        }
        let func_pos = self.stack.len().checked_sub(2)?;
        let target_pos = func_pos.checked_sub(1)?;
        match &self.stack[func_pos] {
            Value::Object(m) => match &m.d.borrow().class {
                Class::Native(n)
                    if n.magic == function::APPLY_MAGIC
                        && n.extra.is_none()
                        && std::ptr::fn_addr_eq(n.f, function::apply as object::NativeFn) => {}
                _ => return None,
            },
            _ => return None,
        }
        let target = self.forward_target(rt, target_pos)?;
        let this = self.pop();
        drop_to(&mut self.stack, func_pos);
        let n = {
            let frames = rt.frames.borrow();
            let args: SmallVec<[Value; 8]> = frames
                .get(frame_idx)
                .map(|f| self.frame_args(f).iter().cloned().collect())
                .unwrap_or_default();
            let n = args.len();
            self.stack.extend(args);
            n
        };
        let next = call_pc + Op::CallMethod.size();
        Some(self.call_target(rt, target, target_pos, n, this, (call_pc, next)))
    }

    /// `call_fast` for a native function: calls it with the arguments in
    /// place on the stack, then replaces the call's slots with the result.
    #[inline(never)]
    fn call_native(
        &mut self,
        rt: &Rt,
        native: (object::NativeFn, i32, u32, Option<object::HostFn>),
        func_pos: usize,
        this: Value,
        result_pos: usize,
    ) -> JsResult<FastCall> {
        let (nf, magic, realm, host) = native;
        if rt.stack_overflow() {
            return Ok(FastCall::Slow);
        }
        let realm = rt.realm(realm);
        let ncx = Cx { rt, realm: &realm };
        let args = &self.stack[func_pos + 1..];
        let r = match host {
            Some(h) => h(ncx, &this, args)?,
            None => {
                let Value::Object(callee) = &self.stack[func_pos] else {
                    return Ok(FastCall::Slow);
                };
                nf(
                    ncx,
                    &Args {
                        this,
                        args,
                        new_target: None,
                        callee: callee.clone(),
                        magic,
                    },
                )?
            }
        };
        drop_to(&mut self.stack, result_pos);
        self.stack.push(r);
        Ok(FastCall::Returned)
    }

    fn pop_frame(&mut self, rt: &Rt) -> Option<Frame> {
        let (f, depth) = {
            let mut frames = rt.frames.borrow_mut();
            let f = frames.pop()?;
            if let Some(top) = frames.last() {
                rt.cur_pc.set(top.call_pc);
            }
            (f, frames.len())
        };
        while self.handlers.last().is_some_and(|h| h.frame > depth) {
            self.handlers.pop();
        }
        Some(f)
    }

    /// Runs until the frame count drops back to `entry`, returning the value
    /// returned by the frame at index `entry`.
    fn run(&mut self, rt: &Rt, entry: usize) -> JsResult<Value> {
        let e = {
            let frames = rt.frames.borrow();
            let i = frames.len() - 1;
            let f = &frames[i];
            Entered {
                idx: i,
                bc: f.bc.clone(),
                realm: f.realm,
                pc: f.pc as usize,
                base: f.base as usize,
            }
        };
        self.run_entered(rt, entry, e)
    }

    /// `run` for a frame just pushed, whose state `push_frame` handed back.
    fn run_entered(&mut self, rt: &Rt, entry: usize, e: Entered) -> JsResult<Value> {
        let Entered {
            idx: mut frame_idx,
            mut bc,
            realm: mut realm_idx,
            mut pc,
            mut base,
        } = e;
        let mut code: &[u8] = &bc.code;
        let mut realm = rt.realm(realm_idx);

        // Takes the innermost frame's state from a call or return that
        // already has it at hand.
        macro_rules! enter {
            ($e:expr) => {{
                let e: Entered = $e;
                frame_idx = e.idx;
                bc = e.bc;
                if e.realm != realm_idx {
                    realm_idx = e.realm;
                    realm = rt.realm(realm_idx);
                }
                pc = e.pc;
                base = e.base;
                code = &bc.code;
            }};
        }

        macro_rules! reload {
            () => {{
                let frames = rt.frames.borrow();
                frame_idx = frames.len() - 1;
                let f = &frames[frame_idx];
                bc = f.bc.clone();
                if f.realm != realm_idx {
                    realm_idx = f.realm;
                    realm = rt.realm(realm_idx);
                }
                pc = f.pc as usize;
                base = f.base as usize;
                drop(frames);
                code = &bc.code;
            }};
        }

        // Each instruction is dispatched once: the common instructions are
        // handled here on their common value types; everything else, and
        // every case that may throw or call out, goes to `exec` (kept out of
        // line so that this loop stays compact). The innermost frame's pc is
        // published (`Rt::cur_pc`) only on that slow path, the only place
        // where it can be observed.
        'dispatch: loop {
            // The instruction as one word: opcode in the low byte, operands above.
            let w = fetch(code, pc);
            macro_rules! slow {
                ($op:expr) => {{
                    let op = $op;
                    (op, self.exec(rt, &realm, &bc, op, pc, frame_idx, base))
                }};
            }
            // A compare-and-branch on two numbers: `$pos` is whether the
            // jump is taken when the comparison holds (`IfLt`) or fails
            // (`IfNotLt`, which NaN takes).
            macro_rules! cmp_branch {
                ($l:lifetime, $op:ident, $cmp:tt, $pos:literal) => {{
                    let r = match &self.stack[..] {
                        [.., Value::Int(x), Value::Int(y)] => *x $cmp *y,
                        [.., x, y] => match (number_of(Some(x)), number_of(Some(y))) {
                            (Some(x), Some(y)) => x $cmp y,
                            _ => break $l slow!(Op::$op),
                        },
                        _ => break $l slow!(Op::$op),
                    };
                    let off = operand_i32(w);
                    let taken = r == $pos;
                    // A taken backward jump polls; the slow case goes through `exec`.
                    if taken && off < 0 && !rt.poll_fast() {
                        break $l slow!(Op::$op);
                    }
                    self.drop_top2_numbers();
                    pc += 5;
                    if taken {
                        pc = pc.wrapping_add_signed(off as isize);
                    }
                }};
            }
            // Int (and, where `$f` is given, float) arithmetic on the two
            // numbers on top of the stack.
            macro_rules! binop {
                ($l:lifetime, $op:ident, |$x:ident, $y:ident| $int:expr $(, |$fx:ident, $fy:ident| $flt:expr)?) => {{
                    let r = match &self.stack[..] {
                        [.., Value::Int($x), Value::Int($y)] => {
                            let ($x, $y) = (*$x, *$y);
                            match $int {
                                Some(r) => r,
                                None => {
                                    $(let ($fx, $fy) = ($x as f64, $y as f64);
                                    #[allow(unreachable_code)]
                                    if true { $flt } else)? {
                                        break $l slow!(Op::$op)
                                    }
                                }
                            }
                        }
                        $([.., $fx, $fy] => match (number_of(Some($fx)), number_of(Some($fy))) {
                            (Some($fx), Some($fy)) => $flt,
                            _ => break $l slow!(Op::$op),
                        },)?
                        _ => break $l slow!(Op::$op),
                    };
                    self.replace_top2_numbers(r);
                    pc += 1;
                }};
            }
            let (op, step) = 'step: {
                match w as u8 {
                    opb::PushUndefined => {
                        self.stack.push(Value::Undefined);
                        pc += 1;
                    }
                    opb::PushNull => {
                        self.stack.push(Value::Null);
                        pc += 1;
                    }
                    opb::PushTrue => {
                        self.stack.push(Value::Bool(true));
                        pc += 1;
                    }
                    opb::PushFalse => {
                        self.stack.push(Value::Bool(false));
                        pc += 1;
                    }
                    opb::PushI8 => {
                        self.stack.push(Value::Int((w >> 8) as u8 as i8 as i32));
                        pc += 2;
                    }
                    opb::PushI32 => {
                        self.stack.push(Value::Int(operand_i32(w)));
                        pc += 5;
                    }
                    opb::Drop => {
                        self.stack.pop();
                        pc += 1;
                    }
                    opb::Dup => {
                        let top = self.stack.len().wrapping_sub(1);
                        push_copy_of(&mut self.stack, top);
                        pc += 1;
                    }
                    opb::InstanceOf => {
                        // An ordinary function on the right: no call, no exec.
                        let n = self.stack.len();
                        let r = match (self.stack.get(n.wrapping_sub(2)), self.stack.last()) {
                            (Some(x), Some(Value::Object(t))) => {
                                ops::instance_of_fast(&Cx { rt, realm: &realm }, x, t)
                            }
                            _ => None,
                        };
                        let Some(r) = r else {
                            break 'step slow!(Op::InstanceOf);
                        };
                        drop_to(&mut self.stack, n - 2);
                        self.stack.push(Value::Bool(r));
                        pc += 1;
                    }
                    opb::PushThis => {
                        // An object `this` as is; the coercions in `exec`.
                        let t = rt
                            .frames
                            .borrow()
                            .get(frame_idx)
                            .and_then(|f| match &f.this {
                                t @ Value::Object(_) => Some(t.clone()),
                                _ => None,
                            });
                        let Some(t) = t else {
                            break 'step slow!(Op::PushThis);
                        };
                        self.stack.push(t);
                        pc += 1;
                    }
                    opb::GetLoc => {
                        push_copy_of(&mut self.stack, base + operand_u16(w));
                        pc += 3;
                    }
                    opb::PutLoc => {
                        pop_into(&mut self.stack, base + operand_u16(w));
                        pc += 3;
                    }
                    opb::GetLocCheck => {
                        let slot = &self.stack[base + operand_u16(w)];
                        if matches!(slot, Value::Uninit) {
                            break 'step slow!(Op::GetLocCheck);
                        }
                        let v = copy_value(slot);
                        self.stack.push(v);
                        pc += 3;
                    }
                    opb::PutLocCheck => {
                        let idx = base + operand_u16(w);
                        if matches!(self.stack[idx], Value::Uninit) {
                            break 'step slow!(Op::PutLocCheck);
                        }
                        let v = self.pop();
                        self.stack[idx] = v;
                        pc += 3;
                    }
                    b @ (opb::GetVarRef | opb::GetVarRefCheck) => {
                        let v = copy_value(
                            &rt.frames.borrow()[frame_idx].var_refs[operand_u16(w)]
                                .value
                                .borrow(),
                        );
                        if matches!(v, Value::Uninit) && b == opb::GetVarRefCheck {
                            break 'step slow!(Op::GetVarRefCheck);
                        }
                        self.stack.push(v);
                        pc += 3;
                    }
                    b @ (opb::GetCell | opb::GetCellCheck) => {
                        let v = copy_value(
                            &rt.frames.borrow()[frame_idx].cells[operand_u16(w)]
                                .value
                                .borrow(),
                        );
                        if matches!(v, Value::Uninit) && b == opb::GetCellCheck {
                            break 'step slow!(Op::GetCellCheck);
                        }
                        self.stack.push(v);
                        pc += 3;
                    }
                    b @ (opb::PutVarRef | opb::PutCell) => {
                        let v = self.pop();
                        let old = {
                            let frames = rt.frames.borrow();
                            let f = &frames[frame_idx];
                            let r = if b == opb::PutVarRef {
                                &f.var_refs[operand_u16(w)]
                            } else {
                                &f.cells[operand_u16(w)]
                            };
                            r.value.replace(v)
                        };
                        // The old value is dropped once the frames are no
                        // longer borrowed (freeing it may run finalizers).
                        drop(old);
                        pc += 3;
                    }
                    opb::Add => binop!('step, Add, |x, y| x.checked_add(y).map(Value::Int),
                        |x, y| Value::number(x + y)),
                    opb::Sub => binop!('step, Sub, |x, y| x.checked_sub(y).map(Value::Int),
                        |x, y| Value::number(x - y)),
                    opb::Mul => binop!('step, Mul, |x, y| x
                        .checked_mul(y)
                        .filter(|&r| r != 0 || (x | y) >= 0)
                        .map(Value::Int),
                        |x, y| Value::number(x * y)),
                    opb::Lt => binop!('step, Lt, |x, y| Some(Value::Bool(x < y)),
                        |x, y| Value::Bool(x < y)),
                    opb::Le => binop!('step, Le, |x, y| Some(Value::Bool(x <= y)),
                        |x, y| Value::Bool(x <= y)),
                    opb::Gt => binop!('step, Gt, |x, y| Some(Value::Bool(x > y)),
                        |x, y| Value::Bool(x > y)),
                    opb::Ge => binop!('step, Ge, |x, y| Some(Value::Bool(x >= y)),
                        |x, y| Value::Bool(x >= y)),
                    b @ (opb::StrictEq | opb::StrictNe | opb::Eq | opb::Ne) => {
                        // Equality is decided here for every pair but the
                        // loose comparisons that convert (or ask an object
                        // whether it is an [[IsHTMLDDA]] object).
                        let n = self.stack.len();
                        let strict = b == opb::StrictEq || b == opb::StrictNe;
                        let Some(r) = top_two_equal(&self.stack, strict) else {
                            break 'step slow!(Op::from_u8(b).unwrap_or(Op::StrictEq));
                        };
                        drop_to(&mut self.stack, n - 2);
                        self.stack
                            .push(Value::Bool(r == (b == opb::StrictEq || b == opb::Eq)));
                        pc += 1;
                    }
                    opb::BitAnd => binop!('step, BitAnd, |x, y| Some(Value::Int(x & y))),
                    opb::BitOr => binop!('step, BitOr, |x, y| Some(Value::Int(x | y))),
                    opb::BitXor => binop!('step, BitXor, |x, y| Some(Value::Int(x ^ y))),
                    opb::Shl => binop!('step, Shl,
                        |x, y| Some(Value::Int(x.wrapping_shl(y as u32 & 31)))),
                    opb::Sar => binop!('step, Sar, |x, y| Some(Value::Int(x >> (y as u32 & 31)))),
                    b @ (opb::Inc | opb::Dec) => {
                        let ok = self
                            .stack
                            .last_mut()
                            .is_some_and(|v| step_int(v, b == opb::Inc));
                        if !ok {
                            break 'step slow!(if b == opb::Inc { Op::Inc } else { Op::Dec });
                        }
                        pc += 1;
                    }
                    opb::ToNumeric => {
                        if !matches!(self.stack.last(), Some(Value::Int(_) | Value::Float(_))) {
                            break 'step slow!(Op::ToNumeric);
                        }
                        pc += 1;
                    }
                    b @ (opb::IfFalse | opb::IfTrue) => {
                        let t = match self.stack.last() {
                            Some(Value::Bool(t)) => *t,
                            Some(Value::Int(i)) => *i != 0,
                            Some(Value::Undefined | Value::Null) => false,
                            _ => break 'step slow!(Op::from_u8(b).unwrap_or(Op::IfTrue)),
                        };
                        let off = operand_i32(w);
                        let taken = t == (b == opb::IfTrue);
                        if taken && off < 0 && !rt.poll_fast() {
                            break 'step slow!(Op::from_u8(b).unwrap_or(Op::IfTrue));
                        }
                        self.drop_top_plain();
                        pc += 5;
                        if taken {
                            pc = pc.wrapping_add_signed(off as isize);
                        }
                    }
                    opb::Goto => {
                        let off = operand_i32(w);
                        if off < 0 && !rt.poll_fast() {
                            break 'step slow!(Op::Goto);
                        }
                        pc = (pc + 5).wrapping_add_signed(off as isize);
                    }
                    b @ (opb::Return | opb::ReturnUndef) => {
                        let v = if b == opb::Return {
                            self.pop()
                        } else {
                            Value::Undefined
                        };
                        match self.do_return(rt, entry, v) {
                            Err(v) => return Ok(v),
                            Ok(e) => {
                                enter!(e);
                                continue 'dispatch;
                            }
                        }
                    }
                    b @ (opb::Call | opb::CallMethod) => {
                        let argc = operand_u16(w);
                        let op = if b == opb::Call {
                            Op::Call
                        } else {
                            Op::CallMethod
                        };
                        match self.call_fast(rt, &realm, argc, b == opb::CallMethod, pc, pc + 3) {
                            Ok(FastCall::Entered(e)) => {
                                enter!(e);
                                continue 'dispatch;
                            }
                            Ok(FastCall::Returned) => pc += 3,
                            Ok(FastCall::Slow) => break 'step slow!(op),
                            Err(e) => break 'step (op, Err(e)),
                        }
                    }
                    opb::New => {
                        let next = pc + Op::New.size();
                        match self.new_fast(rt, &realm, operand_u16(w), pc, next) {
                            Ok(Some(e)) => {
                                enter!(e);
                                continue 'dispatch;
                            }
                            Ok(None) => break 'step slow!(Op::New),
                            Err(e) => break 'step (Op::New, Err(e)),
                        }
                    }
                    opb::IfLt => cmp_branch!('step, IfLt, <, true),
                    opb::IfLe => cmp_branch!('step, IfLe, <=, true),
                    opb::IfGt => cmp_branch!('step, IfGt, >, true),
                    opb::IfGe => cmp_branch!('step, IfGe, >=, true),
                    opb::IfNotLt => cmp_branch!('step, IfNotLt, <, false),
                    opb::IfNotLe => cmp_branch!('step, IfNotLe, <=, false),
                    opb::IfNotGt => cmp_branch!('step, IfNotGt, >, false),
                    opb::IfNotGe => cmp_branch!('step, IfNotGe, >=, false),
                    b @ (opb::IfEq | opb::IfNotEq | opb::IfStrictEq | opb::IfNotStrictEq) => {
                        // `==`/`===` and a conditional jump: what the
                        // equality arm above decides, without the boolean.
                        let n = self.stack.len();
                        let strict = b == opb::IfStrictEq || b == opb::IfNotStrictEq;
                        let Some(r) = top_two_equal(&self.stack, strict) else {
                            break 'step slow!(Op::from_u8(b).unwrap_or(Op::IfStrictEq));
                        };
                        let off = operand_i32(w);
                        let taken = r == (b == opb::IfEq || b == opb::IfStrictEq);
                        if taken && off < 0 && !rt.poll_fast() {
                            break 'step slow!(Op::from_u8(b).unwrap_or(Op::IfStrictEq));
                        }
                        drop_to(&mut self.stack, n - 2);
                        pc += 5;
                        if taken {
                            pc = pc.wrapping_add_signed(off as isize);
                        }
                    }
                    b @ (opb::IncLoc | opb::DecLoc) => {
                        let ok = step_int(&mut self.stack[base + operand_u16(w)], b == opb::IncLoc);
                        if !ok {
                            break 'step slow!(if b == opb::IncLoc {
                                Op::IncLoc
                            } else {
                                Op::DecLoc
                            });
                        }
                        pc += 3;
                    }
                    opb::AddLoc => {
                        let slot = base + operand_u16(w);
                        let y = match self.stack.last() {
                            Some(Value::Int(y)) => Ok(*y),
                            Some(Value::Float(y)) => Err(*y),
                            _ => break 'step slow!(Op::AddLoc),
                        };
                        let done = match (&mut self.stack[slot], y) {
                            (Value::Int(x), Ok(y)) => x.checked_add(y).map(|r| *x = r).is_some(),
                            (Value::Float(x), Err(y)) => {
                                *x += y;
                                true
                            }
                            _ => false,
                        };
                        if !done {
                            let r = match (number_of(Some(&self.stack[slot])), y) {
                                (Some(x), Ok(y)) => Value::number(x + y as f64),
                                (Some(x), Err(y)) => Value::number(x + y),
                                _ => break 'step slow!(Op::AddLoc),
                            };
                            // The local held a number: nothing to drop.
                            std::mem::forget(std::mem::replace(&mut self.stack[slot], r));
                        }
                        self.drop_top_plain();
                        pc += 3;
                    }
                    opb::SetLoc => {
                        let v = copy_value(self.top());
                        self.stack[base + operand_u16(w)] = v;
                        pc += 3;
                    }
                    b @ (opb::PostIncLoc | opb::PostDecLoc) => {
                        let slot = &mut self.stack[base + operand_u16(w)];
                        let r = match slot {
                            Value::Int(x) => {
                                let old = *x;
                                let r = if b == opb::PostIncLoc {
                                    old.checked_add(1)
                                } else {
                                    old.checked_sub(1)
                                };
                                r.map(|r| {
                                    *x = r;
                                    old
                                })
                            }
                            _ => None,
                        };
                        let Some(old) = r else {
                            break 'step slow!(if b == opb::PostIncLoc {
                                Op::PostIncLoc
                            } else {
                                Op::PostDecLoc
                            });
                        };
                        self.stack.push(Value::Int(old));
                        pc += 3;
                    }
                    b @ (opb::GetField | opb::GetField2) => {
                        // Inline-cache hits on an own data property; the rest in `exec`.
                        let key = Atom((w >> 8) as u32);
                        let hit = match (self.stack.last(), bc.caches.get(operand_cache(w))) {
                            (Some(Value::Object(o)), Some(c)) => {
                                object::ic::get_field_hit(o, key, c)
                                    .or_else(|| object::ic::get_field_hit_more(o, key, c))
                            }
                            _ => None,
                        };
                        let Some(v) = hit else {
                            break 'step slow!(if b == opb::GetField {
                                Op::GetField
                            } else {
                                Op::GetField2
                            });
                        };
                        if b == opb::GetField {
                            if let Some(top) = self.stack.last_mut() {
                                *top = v;
                            }
                        } else {
                            self.stack.push(v);
                        }
                        pc += 7;
                    }
                    opb::GetThisField => {
                        // `this.key`: an object `this` is read in place, so
                        // only the property's value is copied.
                        let key = Atom((w >> 8) as u32);
                        let frames = rt.frames.borrow();
                        let hit = match (
                            frames.get(frame_idx).map(|f| &f.this),
                            bc.caches.get(operand_cache(w)),
                        ) {
                            (Some(Value::Object(o)), Some(c)) => {
                                object::ic::get_field_hit(o, key, c)
                                    .or_else(|| object::ic::get_field_hit_more(o, key, c))
                            }
                            _ => None,
                        };
                        drop(frames);
                        let Some(v) = hit else {
                            break 'step slow!(Op::GetThisField);
                        };
                        self.stack.push(v);
                        pc += 7;
                    }
                    opb::PutField => {
                        let key = Atom((w >> 8) as u32);
                        let v = self.pop();
                        let r = match (self.stack.last(), bc.caches.get(operand_cache(w))) {
                            (Some(Value::Object(o)), Some(c)) => {
                                object::ic::put_field_hit(o, key, v, c)
                            }
                            _ => Err(v),
                        };
                        // An add of a new property through the site's add entry.
                        let r = match r {
                            Err(v) => match (self.stack.last(), bc.caches.get(operand_cache(w))) {
                                (Some(Value::Object(o)), Some(c)) => {
                                    let cx = Cx { rt, realm: &realm };
                                    object::ic::put_field_add_hit(&cx, o, key, v, c)
                                }
                                _ => Err(v),
                            },
                            ok => ok,
                        };
                        if let Err(v) = r {
                            self.stack.push(v);
                            break 'step slow!(Op::PutField);
                        }
                        self.stack.pop();
                        pc += 7;
                    }
                    opb::DefineField => {
                        let key = Atom((w >> 8) as u32);
                        let v = self.pop();
                        let r = match self.stack.last() {
                            Some(Value::Object(o)) => {
                                object::ic::define_field_add(&Cx { rt, realm: &realm }, o, key, v)
                            }
                            _ => Err(v),
                        };
                        if let Err(v) = r {
                            self.stack.push(v);
                            break 'step slow!(Op::DefineField);
                        }
                        pc += 5;
                    }
                    b @ (opb::GetGlobal | opb::GetGlobalUndef) => {
                        let key = Atom((w >> 8) as u32);
                        let cx = Cx { rt, realm: &realm };
                        let Some(v) = bc
                            .caches
                            .get(operand_cache(w))
                            .and_then(|c| object::ic::global_get(&cx, key, c))
                        else {
                            break 'step slow!(if b == opb::GetGlobal {
                                Op::GetGlobal
                            } else {
                                Op::GetGlobalUndef
                            });
                        };
                        self.stack.push(v);
                        pc += 7;
                    }
                    b @ (opb::PutGlobal | opb::PutGlobalSloppy) => {
                        let key = Atom((w >> 8) as u32);
                        let cx = Cx { rt, realm: &realm };
                        let v = self.pop();
                        let r = match bc.caches.get(operand_cache(w)) {
                            Some(c) => object::ic::global_put(&cx, key, v, c),
                            None => Err(v),
                        };
                        if let Err(v) = r {
                            self.stack.push(v);
                            break 'step slow!(if b == opb::PutGlobal {
                                Op::PutGlobal
                            } else {
                                Op::PutGlobalSloppy
                            });
                        }
                        pc += 7;
                    }
                    // Element access: int keys of fast arrays, typed arrays
                    // and arguments objects, and `length` of arrays and
                    // strings; anything else goes through `exec`.
                    opb::GetLength => {
                        let len = match self.stack.last() {
                            Some(Value::Object(o)) => match o.d.try_borrow().as_deref() {
                                Ok(object::ObjectData {
                                    class: Class::Array(a),
                                    ..
                                }) => Some(Value::number(a.len as f64)),
                                Ok(object::ObjectData {
                                    class: Class::TypedArray(_),
                                    ..
                                }) => crate::builtins::typed_array::fast_length(
                                    &Cx { rt, realm: &realm },
                                    o,
                                ),
                                _ => None,
                            },
                            Some(Value::String(s)) => Some(Value::number(s.len() as f64)),
                            _ => None,
                        };
                        match (len, self.stack.last_mut()) {
                            (Some(len), Some(top)) => *top = len,
                            _ => break 'step slow!(Op::GetLength),
                        }
                        pc += Op::GetLength.size();
                    }
                    b @ (opb::GetElem | opb::GetElem2 | opb::GetElemRef) => {
                        let n = self.stack.len();
                        let cx = Cx { rt, realm: &realm };
                        let v = match (
                            self.stack.get(n.wrapping_sub(2)),
                            self.stack.get(n.wrapping_sub(1)),
                        ) {
                            (Some(o), Some(k)) => ops::get_elem_fast(&cx, o, k),
                            _ => None,
                        };
                        let Some(v) = v else {
                            break 'step slow!(match b {
                                opb::GetElem => Op::GetElem,
                                opb::GetElem2 => Op::GetElem2,
                                _ => Op::GetElemRef,
                            });
                        };
                        match b {
                            opb::GetElem => {
                                self.stack.pop();
                                self.stack[n - 2] = v;
                            }
                            opb::GetElem2 => self.stack[n - 1] = v,
                            _ => self.stack.push(v),
                        }
                        pc += 1;
                    }
                    opb::PutElem => {
                        let n = self.stack.len();
                        if n < 3 {
                            break 'step slow!(Op::PutElem);
                        }
                        let cx = Cx { rt, realm: &realm };
                        let v = std::mem::replace(&mut self.stack[n - 1], Value::Undefined);
                        match ops::put_elem_fast(&cx, &self.stack[n - 3], &self.stack[n - 2], v) {
                            Ok(()) => {
                                self.stack.pop();
                                self.stack.pop();
                                self.stack.pop();
                            }
                            Err(v) => {
                                self.stack[n - 1] = v;
                                break 'step slow!(Op::PutElem);
                            }
                        }
                        pc += 1;
                    }
                    opb::ToPropertyKey => {
                        let n = self.stack.len();
                        if !matches!(
                            (self.stack.get(n.wrapping_sub(2)), self.stack.get(n.wrapping_sub(1))),
                            (Some(Value::Object(_)), Some(Value::Int(i))) if *i >= 0
                        ) {
                            break 'step slow!(Op::ToPropertyKey);
                        }
                        pc += 1;
                    }
                    b => {
                        let Some(op) = Op::from_u8(b) else {
                            // Falling off the end returns undefined.
                            match self.do_return(rt, entry, Value::Undefined) {
                                Err(v) => return Ok(v),
                                Ok(e) => {
                                    enter!(e);
                                    continue 'dispatch;
                                }
                            }
                        };
                        break 'step slow!(op);
                    }
                }
                continue 'dispatch;
            };
            let next = pc + op.size();
            match step {
                Ok(Step::Next) => pc = next,
                Ok(Step::Jump(t)) => pc = t,
                Ok(Step::Return) => {
                    let v = self.pop();
                    match self.do_return(rt, entry, v) {
                        Err(v) => return Ok(v),
                        Ok(e) => enter!(e),
                    }
                }
                Ok(Step::Called) => reload!(),
                Ok(Step::Yield) => return Ok(self.pop()),
                Ok(Step::Suspend) => {
                    let cx = Cx { rt, realm: &realm };
                    match self.suspend_new_generator(rt, cx, entry) {
                        Some(v) => return Ok(v),
                        None => reload!(),
                    }
                }
                Err(exc) => {
                    set_pc(rt, frame_idx, pc);
                    match self.unwind(rt, entry, exc) {
                        Ok(()) => reload!(),
                        Err(e) => return Err(e),
                    }
                }
            }
        }
    }

    /// Executes one instruction of the frame at `frame_idx` (the general
    /// case of every instruction; the loop in `run` handles the common
    /// cases of the common ones itself).
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn exec(
        &mut self,
        rt: &Rt,
        realm: &crate::runtime::Realm,
        bc: &Gc<FunctionBytecode>,
        op: Op,
        pc: usize,
        frame_idx: usize,
        base: usize,
    ) -> JsResult<Step> {
        rt.cur_pc.set(pc as u32);
        let cx = Cx { rt, realm };
        let code: &[u8] = &bc.code;
        let a = pc + 1;
        let next = pc + op.size();
        match op {
            Op::PushUndefined => self.stack.push(Value::Undefined),
            Op::PushNull => self.stack.push(Value::Null),
            Op::PushTrue => self.stack.push(Value::Bool(true)),
            Op::PushFalse => self.stack.push(Value::Bool(false)),
            Op::PushI8 => self.stack.push(Value::Int(code[a] as i8 as i32)),
            Op::PushI32 => self.stack.push(Value::Int(read_i32(code, a))),
            Op::PushConst => self
                .stack
                .push(bc.cpool[read_u32(code, a) as usize].clone()),
            Op::PushAtom => self
                .stack
                .push(Value::String(rt.atom_string(Atom(read_u32(code, a))))),
            Op::PushThis => {
                let this = rt.frames.borrow()[frame_idx].this.clone();
                let t = match this {
                    Value::Object(_) => this,
                    _ if bc.has(fn_flags::STRICT) || bc.has(fn_flags::ARROW) => this,
                    Value::Undefined | Value::Null => Value::Object(cx.realm.global.clone()),
                    other => {
                        let o = Value::Object(cx.to_object(&other)?);
                        rt.frames.borrow_mut()[frame_idx].this = o.clone();
                        o
                    }
                };
                self.stack.push(t);
            }
            Op::PushUninit => self.stack.push(Value::Uninit),
            Op::Drop => {
                self.pop();
            }
            Op::Dup => {
                let v = self.top().clone();
                self.stack.push(v);
            }
            Op::Dup2 => {
                let n = self.stack.len();
                let (x, y) = (self.stack[n - 2].clone(), self.stack[n - 1].clone());
                self.stack.push(x);
                self.stack.push(y);
            }
            Op::Swap => {
                let n = self.stack.len();
                self.stack.swap(n - 1, n - 2);
            }
            Op::Nip => {
                let v = self.pop();
                let n = self.stack.len();
                self.stack[n - 1] = v;
            }
            Op::Rot3L => {
                let n = self.stack.len();
                self.stack[n - 3..].rotate_left(1);
            }
            Op::Insert2 | Op::Insert3 | Op::Insert4 => {
                let depth = match op {
                    Op::Insert2 => 2,
                    Op::Insert3 => 3,
                    _ => 4,
                };
                let v = self.top().clone();
                let n = self.stack.len();
                self.stack.insert(n - depth, v);
            }
            Op::GetLoc => {
                let v = self.stack[base + read_u16(code, a) as usize].clone();
                self.stack.push(v);
            }
            Op::PutLoc => {
                let v = self.pop();
                self.stack[base + read_u16(code, a) as usize] = v;
            }
            Op::GetLocCheck => {
                let idx = read_u16(code, a) as usize;
                let v = self.stack[base + idx].clone();
                if matches!(v, Value::Uninit) {
                    return tdz_error(&cx, bc, idx);
                }
                self.stack.push(v);
            }
            Op::PutLocCheck => {
                let idx = read_u16(code, a) as usize;
                if matches!(self.stack[base + idx], Value::Uninit) {
                    return tdz_error(&cx, bc, idx);
                }
                let v = self.pop();
                self.stack[base + idx] = v;
            }
            Op::SetLocUninit => self.stack[base + read_u16(code, a) as usize] = Value::Uninit,
            Op::GetCell | Op::GetCellCheck => {
                let idx = read_u16(code, a) as usize;
                let v = rt.frames.borrow()[frame_idx].cells[idx]
                    .value
                    .borrow()
                    .clone();
                if op == Op::GetCellCheck && matches!(v, Value::Uninit) {
                    return cx.reference_error("cannot access a variable before initialization");
                }
                self.stack.push(v);
            }
            Op::PutCell | Op::PutCellCheck => {
                let idx = read_u16(code, a) as usize;
                let v = self.pop();
                let cell = rt.frames.borrow()[frame_idx].cells[idx].clone();
                if op == Op::PutCellCheck && matches!(*cell.value.borrow(), Value::Uninit) {
                    return cx.reference_error("cannot access a variable before initialization");
                }
                let old = cell.value.replace(v);
                drop(old);
            }
            Op::NewCell | Op::NewCellUndef | Op::CopyCell | Op::CellFromLoc => {
                let idx = read_u16(code, a) as usize;
                let (init, have) = {
                    let frames = rt.frames.borrow();
                    let cells = &frames[frame_idx].cells;
                    let init = match op {
                        Op::NewCell => Value::Uninit,
                        Op::NewCellUndef => Value::Undefined,
                        Op::CopyCell => cells
                            .get(idx)
                            .map(|c| c.value.borrow().clone())
                            .unwrap_or(Value::Undefined),
                        _ => self.stack[base + idx].clone(),
                    };
                    (init, cells.len())
                };
                // Cells below `idx` not created yet (never read before
                // their own creation) are filled in first.
                let fillers: Vec<Gc<VarRef>> = (have..idx)
                    .map(|_| {
                        rt.heap.alloc(VarRef {
                            value: std::cell::RefCell::new(Value::Undefined),
                        })
                    })
                    .collect();
                let cell = rt.heap.alloc(VarRef {
                    value: std::cell::RefCell::new(init),
                });
                let old = {
                    let mut frames = rt.frames.borrow_mut();
                    let cells = &mut frames[frame_idx].cells;
                    if idx < cells.len() {
                        Some(std::mem::replace(&mut cells[idx], cell))
                    } else {
                        cells.extend(fillers);
                        cells.push(cell);
                        None
                    }
                };
                drop(old);
            }
            Op::GetVarRef | Op::GetVarRefCheck => {
                let v = rt.frames.borrow()[frame_idx].var_refs[read_u16(code, a) as usize]
                    .value
                    .borrow()
                    .clone();
                if op == Op::GetVarRefCheck && matches!(v, Value::Uninit) {
                    return cx.reference_error("cannot access a variable before initialization");
                }
                self.stack.push(v);
            }
            Op::PutVarRef | Op::PutVarRefCheck => {
                let v = self.pop();
                let r = rt.frames.borrow()[frame_idx].var_refs[read_u16(code, a) as usize].clone();
                if op == Op::PutVarRefCheck && matches!(*r.value.borrow(), Value::Uninit) {
                    return cx.reference_error("cannot access a variable before initialization");
                }
                let old = r.value.replace(v);
                drop(old);
            }
            Op::GetGlobal | Op::GetGlobalUndef => {
                let atom = Atom(read_u32(code, a));
                let cache = &bc.caches[read_u16(code, a + 4) as usize];
                let v = ops::get_global_cached(&cx, atom, op == Op::GetGlobalUndef, cache)?;
                self.stack.push(v);
            }
            Op::PutGlobal | Op::PutGlobalSloppy => {
                let atom = Atom(read_u32(code, a));
                let cache = &bc.caches[read_u16(code, a + 4) as usize];
                let v = self.pop();
                ops::put_global_cached(&cx, atom, v, op, cache)?;
            }
            Op::PutGlobalInit => {
                let atom = Atom(read_u32(code, a));
                let v = self.pop();
                ops::put_global(&cx, atom, v, op)?;
            }
            Op::DeleteGlobal => {
                let r = ops::delete_global(&cx, Atom(read_u32(code, a)))?;
                self.stack.push(Value::Bool(r));
            }
            Op::CheckGlobalLex => ops::check_global_lex(&cx, Atom(read_u32(code, a)))?,
            Op::CheckGlobalVarName => ops::check_global_var_name(&cx, Atom(read_u32(code, a)))?,
            Op::CheckGlobalFunc => ops::check_global_func(&cx, Atom(read_u32(code, a)))?,
            Op::CheckGlobalVar => ops::check_global_var(&cx, Atom(read_u32(code, a)))?,
            Op::GlobalAnnexBVar => {
                let r = ops::global_annexb_var(&cx, Atom(read_u32(code, a)), code[a + 4] & 1 != 0)?;
                self.stack.push(Value::Bool(r));
            }
            Op::DefineGlobalVar => {
                ops::define_global_var(&cx, Atom(read_u32(code, a)), code[a + 4] & 1 != 0)?
            }
            Op::DefineGlobalFunc => {
                let f = self.pop();
                ops::define_global_func(&cx, Atom(read_u32(code, a)), f, code[a + 4] & 1 != 0)?;
            }
            Op::EvalDefineVar | Op::EvalDefineFunc => {
                let f = if op == Op::EvalDefineFunc {
                    Some(self.pop())
                } else {
                    None
                };
                let env = self.pop();
                eval_define(&cx, env, Atom(read_u32(code, a)), f);
            }
            Op::EvalGlobalCheck => {
                ops::eval_global_check(&cx, Atom(read_u32(code, a)), code[a + 4] == 1)?;
            }
            Op::EvalGlobalVar => ops::eval_global_var(&cx, Atom(read_u32(code, a)))?,
            Op::EvalGlobalFunc => {
                let f = self.pop();
                ops::eval_global_func(&cx, Atom(read_u32(code, a)), f)?;
            }
            Op::DefineGlobalLex => {
                ops::define_global_lex(&cx, Atom(read_u32(code, a)), code[a + 4] & 1 != 0)?;
            }
            Op::GetCallee => self.stack.push(self.stack[base - 1].clone()),
            Op::ThrowConstAssign => {
                return cx.type_error("assignment to constant variable");
            }
            Op::SpecialObject => {
                let v = self.special_object(&cx, bc, frame_idx, code[a]);
                self.stack.push(v);
            }
            Op::LazyArguments => {
                let slot = base + read_u16(code, a) as usize;
                if !matches!(self.stack[slot], Value::Object(_)) {
                    cx.poll()?;
                    match self.lazy_apply(rt, code, pc, frame_idx) {
                        Some(Ok(FastCall::Entered(_))) => return Ok(Step::Called),
                        Some(Ok(_)) => {
                            return Ok(Step::Jump(next + Op::CallMethod.size()));
                        }
                        Some(Err(e)) => return Err(e),
                        None => {}
                    }
                    // Created now, as the prologue would have (the function
                    // has no parameters, so there is nothing to map).
                    let which = u8::from(!bc.has(fn_flags::STRICT));
                    self.stack[slot] = self.special_object(&cx, bc, frame_idx, which);
                }
                let v = self.stack[slot].clone();
                self.stack.push(v);
            }
            Op::NewObject => {
                let o = object::new_plain_sized(cx, read_u16(code, a) as usize);
                self.stack.push(Value::Object(o));
            }
            Op::NewArray => {
                let elems = Vec::with_capacity(read_u16(code, a) as usize);
                self.stack.push(Value::Object(object::new_array(cx, elems)));
            }
            Op::AppendElem => {
                let v = self.pop();
                if let Value::Object(arr) = self.top() {
                    ops::append_elem(&cx, arr, v)?;
                }
            }
            Op::AppendHole => {
                if let Value::Object(arr) = self.top() {
                    ops::append_hole(&cx, arr)?;
                }
            }
            Op::DefineField => {
                let v = self.pop();
                if let Value::Object(o) = self.top() {
                    object::define_data(&cx, o, Atom(read_u32(code, a)), v, flags::DEFAULT);
                }
            }
            Op::DefineComputed => {
                let v = self.pop();
                let k = self.pop();
                let key = cx.to_property_key(&k)?;
                if let Value::Object(o) = self.top() {
                    object::define_data(&cx, o, key, v, flags::DEFAULT);
                }
            }
            Op::DefineGetter
            | Op::DefineSetter
            | Op::DefineComputedGetter
            | Op::DefineComputedSetter => {
                let f = self.pop();
                let key = match op {
                    Op::DefineGetter | Op::DefineSetter => Atom(read_u32(code, a)),
                    _ => {
                        let k = self.pop();
                        cx.to_property_key(&k)?
                    }
                };
                let getter = matches!(op, Op::DefineGetter | Op::DefineComputedGetter);
                if let (Value::Object(o), Value::Object(f)) = (self.top(), &f) {
                    crate::builtins::function::set_accessor_name(&cx, f, key, getter);
                    let mut desc = object::PropDesc {
                        enumerable: Some(true),
                        configurable: Some(true),
                        ..Default::default()
                    };
                    if getter {
                        desc.get = Some(Some(f.clone()));
                    } else {
                        desc.set = Some(Some(f.clone()));
                    }
                    object::define_own_property(&cx, o, key, desc)?;
                }
            }
            Op::SetProtoLiteral => {
                let p = self.pop();
                if let Value::Object(o) = self.top() {
                    match p {
                        Value::Object(p) => {
                            object::set_prototype_of(&cx, o, Some(p))?;
                        }
                        Value::Null => {
                            object::set_prototype_of(&cx, o, None)?;
                        }
                        _ => {}
                    }
                }
            }
            Op::SetFunctionName => {
                if let Value::Object(f) = self.top() {
                    crate::builtins::function::set_function_name(
                        &cx,
                        f,
                        Atom(read_u32(code, a)),
                        None,
                    );
                }
            }
            Op::SetFunctionNameComputed => {
                let n = self.stack.len();
                let key = cx.to_property_key(&self.stack[n - 2])?;
                self.stack[n - 2] = match key.index() {
                    Some(i) => Value::Int(i as i32),
                    None if rt.atoms.is_symbol(key) => rt.symbol_value(key),
                    None => Value::String(rt.atom_string(key)),
                };
                if let Value::Object(f) = &self.stack[n - 1] {
                    crate::builtins::function::set_function_name(&cx, f, key, None);
                }
            }
            Op::GetField | Op::GetField2 => {
                let atom = Atom(read_u32(code, a));
                let cache = &bc.caches[read_u16(code, a + 4) as usize];
                let o = if op == Op::GetField {
                    self.pop()
                } else {
                    self.top().clone()
                };
                let v = match &o {
                    Value::Object(obj) => object::ic::get_field(&cx, obj, atom, cache)?,
                    _ => object::ic::get_primitive_field(&cx, &o, atom, cache)?,
                };
                self.stack.push(v);
            }
            Op::GetThisField => {
                // PushThis (with its coercions), then GetField with this
                // instruction's operands.
                self.exec(rt, realm, bc, Op::PushThis, pc, frame_idx, base)?;
                return self.exec(rt, realm, bc, Op::GetField, pc, frame_idx, base);
            }
            Op::PutField => {
                let atom = Atom(read_u32(code, a));
                let cache = &bc.caches[read_u16(code, a + 4) as usize];
                let v = self.pop();
                let o = self.pop();
                let strict = bc.has(fn_flags::STRICT);
                match &o {
                    Value::Object(obj) => object::ic::put_field(&cx, obj, atom, v, strict, cache)?,
                    _ => object::put_value(&cx, &o, atom, v, strict)?,
                }
            }
            Op::GetElem | Op::GetElem2 => {
                let k = self.pop();
                let v = ops::get_elem(&cx, self.top(), &k)?;
                if op == Op::GetElem {
                    let n = self.stack.len();
                    self.stack[n - 1] = v;
                } else {
                    self.stack.push(v);
                }
            }
            Op::PutElem => {
                let v = self.pop();
                let k = self.pop();
                let o = self.pop();
                ops::put_elem(&cx, &o, &k, v, bc.has(fn_flags::STRICT))?;
            }
            Op::GetLength => {
                let cache = &bc.caches[read_u16(code, a + 4) as usize];
                let o = self.pop();
                let v = match &o {
                    Value::Object(obj) => object::ic::get_field(&cx, obj, Atom::LENGTH, cache)?,
                    _ => object::ic::get_primitive_field(&cx, &o, Atom::LENGTH, cache)?,
                };
                self.stack.push(v);
            }
            Op::GetElemRef => {
                // ToPropertyKey, then read `obj[key]` keeping both.
                let k = self.pop();
                if self.top().is_nullish() {
                    let o = self.top().debug_string();
                    return cx.type_error(&format!("cannot read properties of {o}"));
                }
                let k = ops::key_value(&cx, cx.to_property_key(&k)?);
                let v = ops::get_elem(&cx, self.top(), &k)?;
                self.stack.push(k);
                self.stack.push(v);
            }
            Op::DeleteField => {
                let o = self.pop();
                let r = ops::delete(
                    &cx,
                    &o,
                    &Value::Undefined,
                    Some(Atom(read_u32(code, a))),
                    bc.has(fn_flags::STRICT),
                )?;
                self.stack.push(Value::Bool(r));
            }
            Op::DeleteElem => {
                let k = self.pop();
                let o = self.pop();
                let r = ops::delete(&cx, &o, &k, None, bc.has(fn_flags::STRICT))?;
                self.stack.push(Value::Bool(r));
            }
            Op::ToPropertyKey => {
                // GetValue on a property reference (§6.2.5.5): ToObject of the
                // base comes before ToPropertyKey of the name.
                let k = self.pop();
                if self.top().is_nullish() {
                    let o = self.top().debug_string();
                    return cx.type_error(&format!("cannot read properties of {o}"));
                }
                let key = cx.to_property_key(&k)?;
                self.stack.push(ops::key_value(&cx, key));
            }
            Op::ToObject => {
                let v = self.pop();
                let o = cx.to_object(&v)?;
                self.stack.push(Value::Object(o));
            }
            Op::WithGetVar | Op::WithDeleteVar | Op::WithPutVar => {
                let atom = Atom(read_u32(code, a));
                let target = (next as i64 + read_i32(code, a + 4) as i64) as usize;
                let Value::Object(obj) = self.pop() else {
                    return Ok(Step::Next);
                };
                if !ops::with_has(&cx, &obj, atom)? {
                    return Ok(Step::Next);
                }
                match op {
                    Op::WithGetVar => {
                        // GetBindingValue (§9.1.1.2.6) asks again: the
                        // property may have gone while @@unscopables was read.
                        let v = if object::has_property(&cx, &obj, atom)? {
                            object::get_prop(&cx, &obj, atom)?
                        } else if bc.has(fn_flags::STRICT) {
                            return ops::not_defined(&cx, atom);
                        } else {
                            Value::Undefined
                        };
                        self.stack.push(v);
                    }
                    Op::WithDeleteVar => {
                        let r = object::delete_property(&cx, &obj, atom)?;
                        self.stack.push(Value::Bool(r));
                    }
                    _ => {
                        let v = self.pop();
                        object::put(&cx, &obj, atom, v, bc.has(fn_flags::STRICT))?;
                    }
                }
                return Ok(Step::Jump(target));
            }
            Op::WithFindRef | Op::WithGetCallee => {
                let atom = Atom(read_u32(code, a));
                let target = (next as i64 + read_i32(code, a + 4) as i64) as usize;
                let Value::Object(obj) = self.pop() else {
                    return Ok(Step::Next);
                };
                if !ops::with_has(&cx, &obj, atom)? {
                    return Ok(Step::Next);
                }
                // The object is the Reference's base (§9.1.1.2 WithBaseObject).
                self.stack.push(Value::Object(obj.clone()));
                if op == Op::WithGetCallee {
                    // GetBindingValue (§9.1.1.2.6), as for WithGetVar.
                    let v = if object::has_property(&cx, &obj, atom)? {
                        object::get_prop(&cx, &obj, atom)?
                    } else if bc.has(fn_flags::STRICT) {
                        return ops::not_defined(&cx, atom);
                    } else {
                        Value::Undefined
                    };
                    self.stack.push(v);
                }
                return Ok(Step::Jump(target));
            }
            Op::RefGetVar | Op::RefPutVar => {
                // A Reference whose base is an object environment record:
                // GetBindingValue / SetMutableBinding (§9.1.1.2.6, §9.1.1.2.5)
                // go to the object found when the Reference was made, even
                // if the property has gone since.
                let atom = Atom(read_u32(code, a));
                let target = (next as i64 + read_i32(code, a + 4) as i64) as usize;
                let Value::Object(obj) = self.pop() else {
                    return Ok(Step::Next);
                };
                let strict = bc.has(fn_flags::STRICT);
                let still_exists = object::has_property(&cx, &obj, atom)?;
                if op == Op::RefGetVar {
                    let v = if still_exists {
                        object::get_prop(&cx, &obj, atom)?
                    } else if strict {
                        return ops::not_defined(&cx, atom);
                    } else {
                        Value::Undefined
                    };
                    self.stack.push(v);
                } else {
                    if !still_exists && strict {
                        return ops::not_defined(&cx, atom);
                    }
                    let v = self.pop();
                    object::put(&cx, &obj, atom, v, strict)?;
                }
                return Ok(Step::Jump(target));
            }
            Op::ToObjectCheck => {
                if self.top().is_nullish() {
                    return cx.type_error("cannot convert undefined or null to object");
                }
            }
            Op::TemplateObject => {
                let Some(site) = bc.templates.get(read_u16(code, a) as usize) else {
                    return cx.type_error("internal error: bad template site");
                };
                let o = crate::template::template_object(&cx, site)?;
                self.stack.push(Value::Object(o));
            }
            Op::RegExp => {
                let flags = self.pop();
                let source = self.pop();
                let v = ops::new_regexp(&cx, source, flags)?;
                self.stack.push(v);
            }
            Op::CallEval => {
                let argc = read_u16(code, a) as usize;
                let site = read_u16(code, a + 2) as usize;
                set_pc(rt, frame_idx, next);
                return self.call_eval(&cx, bc, frame_idx, argc, site);
            }
            Op::ApplyEval => {
                set_pc(rt, frame_idx, next);
                return self.apply_eval(&cx, bc, frame_idx, read_u16(code, a) as usize);
            }
            Op::Call | Op::CallMethod | Op::New => {
                let argc = read_u16(code, a) as usize;
                set_pc(rt, frame_idx, next);
                let func_pos = self.stack.len() - argc - 1;
                let func = self.stack[func_pos].clone();
                let invoke = match op {
                    Op::Call => Invoke::Call {
                        this: Value::Undefined,
                    },
                    Op::CallMethod => Invoke::Call {
                        this: self.stack[func_pos - 1].clone(),
                    },
                    _ => match &func {
                        Value::Object(f) if object::is_constructor(f) => Invoke::Construct {
                            new_target: f.clone(),
                        },
                        _ => {
                            return cx.type_error(&format!(
                                "{} is not a constructor",
                                ops::describe(&cx, &func)
                            ));
                        }
                    },
                };
                cx.poll()?;
                let result_pos = if op == Op::CallMethod {
                    func_pos - 1
                } else {
                    func_pos
                };
                return self.invoke(&cx, func, func_pos, argc, invoke, result_pos);
            }
            Op::ApplyCall | Op::ApplyMethod | Op::ApplyNew => {
                set_pc(rt, frame_idx, next);
                return self.exec_apply(&cx, op);
            }
            Op::Pick
            | Op::AppendSpread
            | Op::ArrayFrom
            | Op::CopyDataProperties
            | Op::RestObject
            | Op::IteratorValue
            | Op::IteratorRest
            | Op::IteratorCloseAt
            | Op::IteratorCloseDone
            | Op::IteratorCloseThrow => self.exec_pattern(&cx, op, code, a)?,
            Op::Return | Op::ReturnUndef => {
                let v = if op == Op::Return {
                    self.pop()
                } else {
                    Value::Undefined
                };
                self.stack.truncate(base);
                self.stack.push(v);
                return Ok(Step::Return);
            }
            Op::FClosure => {
                let idx = read_u32(code, a) as usize;
                let f = self.make_closure(&cx, frame_idx, &bc.functions[idx]);
                self.stack.push(Value::Object(f));
            }
            Op::Goto => {
                let off = read_i32(code, a);
                if off < 0 {
                    cx.poll()?;
                }
                return Ok(Step::Jump((next as i64 + off as i64) as usize));
            }
            Op::IfFalse | Op::IfTrue => {
                let v = self.pop();
                if v.to_boolean() == (op == Op::IfTrue) {
                    let off = read_i32(code, a);
                    if off < 0 {
                        cx.poll()?;
                    }
                    return Ok(Step::Jump((next as i64 + off as i64) as usize));
                }
            }
            Op::IfLt
            | Op::IfLe
            | Op::IfGt
            | Op::IfGe
            | Op::IfNotLt
            | Op::IfNotLe
            | Op::IfNotGt
            | Op::IfNotGe => {
                let b = self.pop();
                let x = self.pop();
                let cmp = match op {
                    Op::IfLt | Op::IfNotLt => Op::Lt,
                    Op::IfLe | Op::IfNotLe => Op::Le,
                    Op::IfGt | Op::IfNotGt => Op::Gt,
                    _ => Op::Ge,
                };
                let r = match (&x, &b) {
                    (Value::Int(l), Value::Int(r)) => match cmp {
                        Op::Lt => l < r,
                        Op::Le => l <= r,
                        Op::Gt => l > r,
                        _ => l >= r,
                    },
                    _ => ops::compare(&cx, cmp, &x, &b)?,
                };
                if r == matches!(op, Op::IfLt | Op::IfLe | Op::IfGt | Op::IfGe) {
                    let off = read_i32(code, a);
                    if off < 0 {
                        cx.poll()?;
                    }
                    return Ok(Step::Jump((next as i64 + off as i64) as usize));
                }
            }
            Op::IfEq | Op::IfNotEq | Op::IfStrictEq | Op::IfNotStrictEq => {
                let b = self.pop();
                let x = self.pop();
                let r = if matches!(op, Op::IfEq | Op::IfNotEq) {
                    cx.loose_equals(&x, &b)?
                } else {
                    crate::value::strict_equals(&x, &b)
                };
                if r == matches!(op, Op::IfEq | Op::IfStrictEq) {
                    let off = read_i32(code, a);
                    if off < 0 {
                        cx.poll()?;
                    }
                    return Ok(Step::Jump((next as i64 + off as i64) as usize));
                }
            }
            Op::SetLoc => {
                let v = self.top().clone();
                self.stack[base + read_u16(code, a) as usize] = v;
            }
            Op::IncLoc | Op::DecLoc => {
                let slot = base + read_u16(code, a) as usize;
                let d = if op == Op::IncLoc { 1 } else { -1 };
                let v = match &self.stack[slot] {
                    Value::Int(i) => match i.checked_add(d) {
                        Some(r) => Value::Int(r),
                        None => Value::Float(*i as f64 + d as f64),
                    },
                    Value::Float(f) => Value::number(f + d as f64),
                    x => {
                        let x = x.clone();
                        ops::unary(&cx, if d == 1 { Op::Inc } else { Op::Dec }, &x)?
                    }
                };
                self.stack[slot] = v;
            }
            Op::PostIncLoc | Op::PostDecLoc => {
                let slot = base + read_u16(code, a) as usize;
                let x = self.stack[slot].clone();
                let v = match x {
                    Value::Int(_) | Value::Float(_) | Value::BigInt(_) => x,
                    _ => match cx.to_numeric(&x)? {
                        crate::bigint::Numeric::Number(n) => Value::number(n),
                        crate::bigint::Numeric::BigInt(b) => Value::BigInt(b),
                    },
                };
                let d = if op == Op::PostIncLoc {
                    Op::Inc
                } else {
                    Op::Dec
                };
                self.stack[slot] = ops::unary(&cx, d, &v)?;
                self.stack.push(v);
            }
            Op::AddLoc => {
                let b = self.pop();
                let slot = base + read_u16(code, a) as usize;
                let r = match (&self.stack[slot], &b) {
                    (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
                        Some(s) => Value::Int(s),
                        None => Value::Float(*x as f64 + *y as f64),
                    },
                    (Value::Float(x), Value::Float(y)) => Value::number(x + y),
                    (x, _) => {
                        let x = x.clone();
                        ops::add(&cx, &x, &b)?
                    }
                };
                self.stack[slot] = r;
            }
            Op::Throw => {
                let v = self.pop();
                return Err(v);
            }
            Op::ThrowError => {
                let msg = rt.atom_name(Atom(read_u32(code, a)));
                let kind = match code[a + 4] {
                    throw_kind::TYPE_ERROR => ErrorKind::TypeError,
                    throw_kind::REFERENCE_ERROR => ErrorKind::ReferenceError,
                    _ => ErrorKind::SyntaxError,
                };
                return cx.throw(kind, &msg);
            }
            Op::PushCatch => {
                let off = read_i32(code, a);
                self.handlers.push(Handler {
                    frame: frame_idx + 1,
                    pc: (next as i64 + off as i64) as usize,
                    sp: self.stack.len(),
                });
            }
            Op::PopCatch => {
                self.handlers.pop();
            }
            Op::NipCatch => {
                let v = self.pop();
                if let Some(h) = self.handlers.pop() {
                    self.stack.truncate(h.sp.max(base));
                }
                self.stack.push(v);
            }
            Op::Gosub => {
                self.stack.push(Value::Int(next as i32));
                let off = read_i32(code, a);
                return Ok(Step::Jump((next as i64 + off as i64) as usize));
            }
            Op::Ret => {
                let v = self.pop();
                let target = match v {
                    Value::Int(t) => t as usize,
                    _ => {
                        return cx.type_error("internal error: bad finally return address");
                    }
                };
                return Ok(Step::Jump(target));
            }
            Op::GetIterator => {
                let o = self.pop();
                let (it, next) = ops::get_iterator(&cx, &o)?;
                self.stack.push(it);
                self.stack.push(next);
            }
            Op::IteratorNext
                if let Some(v) = crate::builtins::iterator::array_iter_fast(
                    &self.stack[self.stack.len() - 2],
                    &self.stack[self.stack.len() - 1],
                ) =>
            {
                self.stack.push(v);
                self.stack.push(Value::Bool(false));
            }
            Op::IteratorNext => {
                let n = self.stack.len();
                let (it, next) = (self.stack[n - 2].clone(), self.stack[n - 1].clone());
                let (value, done) = match ops::iterator_step(&cx, &it, &next) {
                    Ok(r) => r,
                    Err(e) => {
                        // Done: the loop's handler must not close it.
                        self.stack[n - 1] = Value::Uninit;
                        return Err(e);
                    }
                };
                self.stack.push(value);
                self.stack.push(Value::Bool(done));
            }
            Op::IteratorClose => {
                self.pop();
                let it = self.pop();
                ops::iterator_close(&cx, &it)?;
            }
            Op::GetAsyncIterator
            | Op::AsyncIteratorNext
            | Op::AsyncIteratorResult
            | Op::AsyncIteratorReturn
            | Op::AsyncIteratorReturnThrow
            | Op::AsyncDelegateStep
            | Op::AsyncDelegateResult
            | Op::CheckObject => self.exec_async_iter(&cx, op, code, a)?,
            Op::ForInStart => {
                let o = self.pop();
                let it = crate::builtins::object::for_in_start(&cx, &o)?;
                self.stack.push(it);
            }
            Op::ForInNext => {
                let (k, done) = match self.top() {
                    Value::Object(it) => crate::builtins::object::for_in_next(&cx, it)?,
                    _ => (Value::Undefined, true),
                };
                self.stack.push(k);
                self.stack.push(Value::Bool(done));
            }
            Op::ImportMeta => {
                let m = crate::module::import_meta(&cx, read_u32(code, a))?;
                self.stack.push(m);
            }
            Op::DynamicImport => {
                let phase = match self.pop() {
                    Value::Int(p) => p as u8,
                    _ => 0,
                };
                let options = self.pop();
                let specifier = self.pop();
                let r = read_u32(code, a);
                let p = crate::module::dynamic_import(&cx, r, specifier, options, phase);
                self.stack.push(p);
            }
            Op::InitialYield => {
                let g = self.new_generator(&cx, frame_idx)?;
                set_pc(rt, frame_idx, next);
                self.stack.push(g);
                return Ok(Step::Suspend);
            }
            Op::Yield => {
                self.yielded = Some(match code[a] {
                    0 => resume_mode::PLAIN,
                    1 => resume_mode::DELEGATE,
                    2 => resume_mode::AWAIT,
                    _ => resume_mode::AWAIT_SETTLED,
                });
                set_pc(rt, frame_idx, next);
                return Ok(Step::Yield);
            }
            Op::DelegateStep => {
                let how = self.pop();
                let received = self.pop();
                let n = self.stack.len();
                let it = self.stack[n - 2].clone();
                let next = self.stack[n - 1].clone();
                let (result, action) = delegate_step(&cx, &it, &next, received, how)?;
                self.stack.push(result);
                self.stack.push(Value::Int(action));
            }
            Op::Debugger | Op::Nop => {}
            Op::GetPrivateField | Op::GetPrivateField2 => {
                let hint = &bc.caches[read_u16(code, a + 4) as usize];
                let name = self.pop();
                let o = if op == Op::GetPrivateField {
                    self.pop()
                } else {
                    self.top().clone()
                };
                let cached = match (&o, &name) {
                    (Value::Object(obj), Value::Symbol(k)) => {
                        object::ic::get_own_cached(obj, k.atom(), hint)
                    }
                    _ => None,
                };
                let v = match cached {
                    Some(v) => v,
                    None => {
                        let v = crate::class::private_get(&cx, &o, &name)?;
                        if let (Value::Object(obj), Value::Symbol(k)) = (&o, &name) {
                            object::ic::fill_own(&cx, obj, k.atom(), hint);
                        }
                        v
                    }
                };
                self.stack.push(v);
            }
            Op::SuperCall | Op::ApplySuper => {
                set_pc(rt, frame_idx, next);
                return self.exec_super_call(&cx, op, code, a);
            }
            Op::SuperForward => {
                let (callee, args, nt) = {
                    let frames = rt.frames.borrow();
                    let f = &frames[frame_idx];
                    let args = self.frame_args(f).to_vec();
                    (self.stack[base - 1].clone(), args, f.new_target.clone())
                };
                let parent = crate::class::super_constructor(&cx, &callee)?;
                if !matches!(&parent, Value::Object(p) if object::is_constructor(p)) {
                    return cx.type_error("super constructor is not a constructor");
                }
                let r = cx.construct(&parent, &args, nt.as_ref())?;
                crate::class::init_instance(&cx, &r, &callee)?;
                self.stack.push(r);
            }
            Op::DefineClass
            | Op::DefineMethod
            | Op::DefineMethodComputed
            | Op::PrivateMethod
            | Op::SetHomeObject
            | Op::SetClassFields
            | Op::RunStaticInit
            | Op::InitInstance
            | Op::NewPrivateName
            | Op::PutPrivateField
            | Op::DefinePrivateField
            | Op::DefinePrivateMethod
            | Op::DefinePrivateAccessor
            | Op::PrivateIn
            | Op::DefineClassField
            | Op::GetPrototypeOf
            | Op::ThisBindCheck
            | Op::DerivedReturn
            | Op::GetSuper
            | Op::GetSuper2
            | Op::PutSuper
            | Op::Dup3
            | Op::Rot4L => self.exec_class(&cx, bc, op, code, a)?,
            Op::Add => {
                let b = self.pop();
                let n = self.stack.len();
                let r = match (&self.stack[n - 1], &b) {
                    (Value::Int(x), Value::Int(y)) => match x.checked_add(*y) {
                        Some(s) => Value::Int(s),
                        None => Value::Float(*x as f64 + *y as f64),
                    },
                    (Value::Float(x), Value::Float(y)) => Value::number(x + y),
                    (x, _) => ops::add(&cx, x, &b)?,
                };
                self.stack[n - 1] = r;
            }
            Op::Sub | Op::Mul | Op::Div | Op::Mod | Op::Pow => {
                let b = self.pop();
                let n = self.stack.len();
                let r = match (op, &self.stack[n - 1], &b) {
                    (Op::Sub, Value::Int(x), Value::Int(y)) => match x.checked_sub(*y) {
                        Some(s) => Value::Int(s),
                        None => Value::Float(*x as f64 - *y as f64),
                    },
                    (Op::Mul, Value::Int(x), Value::Int(y)) => match x.checked_mul(*y) {
                        Some(0) if (*x < 0) != (*y < 0) => Value::Float(-0.0),
                        Some(s) => Value::Int(s),
                        None => Value::Float(*x as f64 * *y as f64),
                    },
                    (_, x, _) => {
                        let x = x.clone();
                        ops::arith(&cx, op, &x, &b)?
                    }
                };
                self.stack[n - 1] = r;
            }
            Op::Shl | Op::Sar | Op::Shr | Op::BitAnd | Op::BitOr | Op::BitXor => {
                let b = self.pop();
                let x = self.pop();
                let (l, r) = match (&x, &b) {
                    (Value::Int(l), Value::Int(r)) => (*l, *r),
                    _ => {
                        let v = ops::arith(&cx, op, &x, &b)?;
                        self.stack.push(v);
                        return Ok(Step::Next);
                    }
                };
                self.stack.push(ops::int32_bitop(op, l, r));
            }
            Op::Lt | Op::Le | Op::Gt | Op::Ge => {
                let b = self.pop();
                let x = self.pop();
                let r = match (&x, &b) {
                    (Value::Int(l), Value::Int(r)) => match op {
                        Op::Lt => l < r,
                        Op::Le => l <= r,
                        Op::Gt => l > r,
                        _ => l >= r,
                    },
                    _ => ops::compare(&cx, op, &x, &b)?,
                };
                self.stack.push(Value::Bool(r));
            }
            Op::Eq | Op::Ne => {
                let b = self.pop();
                let x = self.pop();
                let r = cx.loose_equals(&x, &b)?;
                self.stack.push(Value::Bool(r == (op == Op::Eq)));
            }
            Op::StrictEq | Op::StrictNe => {
                let b = self.pop();
                let x = self.pop();
                let r = crate::value::strict_equals(&x, &b);
                self.stack.push(Value::Bool(r == (op == Op::StrictEq)));
            }
            Op::InstanceOf => {
                let b = self.pop();
                let x = self.pop();
                let r = ops::instance_of(&cx, &x, &b)?;
                self.stack.push(Value::Bool(r));
            }
            Op::In => {
                let b = self.pop();
                let x = self.pop();
                let Value::Object(o) = &b else {
                    return cx.type_error("right-hand side of 'in' is not an object");
                };
                let key = cx.to_property_key(&x)?;
                let r = object::has_property(&cx, o, key)?;
                self.stack.push(Value::Bool(r));
            }
            Op::Neg => {
                let x = self.pop();
                let v = match x {
                    Value::Int(i) if i != 0 && i != i32::MIN => Value::Int(-i),
                    Value::Float(f) => Value::number(-f),
                    _ => ops::unary(&cx, op, &x)?,
                };
                self.stack.push(v);
            }
            Op::Plus | Op::ToNumeric => {
                let x = self.pop();
                let v = match x {
                    Value::Int(_) | Value::Float(_) => x,
                    Value::BigInt(_) if op == Op::ToNumeric => x,
                    _ if op == Op::ToNumeric => match cx.to_numeric(&x)? {
                        crate::bigint::Numeric::Number(n) => Value::number(n),
                        crate::bigint::Numeric::BigInt(b) => Value::BigInt(b),
                    },
                    _ => Value::number(cx.to_number(&x)?),
                };
                self.stack.push(v);
            }
            Op::Not => {
                let x = self.pop();
                self.stack.push(Value::Bool(!x.to_boolean()));
            }
            Op::BitNot => {
                let x = self.pop();
                let v = match x {
                    Value::Int(i) => Value::Int(!i),
                    _ => ops::unary(&cx, op, &x)?,
                };
                self.stack.push(v);
            }
            Op::Typeof => {
                let x = self.pop();
                self.stack.push(Value::String(rt.atom_string(x.type_of())));
            }
            Op::Inc | Op::Dec => {
                let x = self.pop();
                let d = if op == Op::Inc { 1 } else { -1 };
                let v = match x {
                    Value::Int(i) => match i.checked_add(d) {
                        Some(r) => Value::Int(r),
                        None => Value::Float(i as f64 + d as f64),
                    },
                    _ => ops::unary(&cx, op, &x)?,
                };
                self.stack.push(v);
            }
            Op::ToStr => {
                let x = self.pop();
                let s = match x {
                    Value::String(s) => s,
                    other => cx.to_string(&other)?,
                };
                self.stack.push(Value::String(s));
            }
            Op::Rest => {
                let from = read_u16(code, a) as usize;
                let rest: Vec<Value> = self
                    .frame_args(&rt.frames.borrow()[frame_idx])
                    .iter()
                    .skip(from)
                    .cloned()
                    .collect();
                self.stack.push(Value::Object(object::new_array(cx, rest)));
            }
            Op::IsNullish => {
                let x = self.pop();
                self.stack.push(Value::Bool(x.is_nullish()));
            }
            Op::IfNullish => {
                if self.stack.last().is_some_and(Value::is_nullish) {
                    let off = read_i32(code, a);
                    return Ok(Step::Jump((next as i64 + off as i64) as usize));
                }
            }
            Op::ScopeGetVar
            | Op::ScopeGetVarRaw
            | Op::ScopeTypeofVar
            | Op::ScopePutVar
            | Op::ScopePutVarInit
            | Op::ScopeDeleteVar
            | Op::ScopeMakeRef
            | Op::ScopeGetRef
            | Op::ScopePutRef
            | Op::ScopeGetCallee
            | Op::EnterScope
            | Op::PerIterationCopy
            | Op::AnnexBCopy
            | Op::Label
            | Op::Position => {
                return cx.type_error("internal error: unresolved instruction");
            }
            Op::NewDisposeCap
            | Op::AddDisposable
            | Op::DisposeSync
            | Op::DisposeSyncThrow
            | Op::DisposeAsync
            | Op::DisposeAsyncThrow => self.exec_dispose(&cx, op, code, a)?,
        }
        Ok(Step::Next)
    }

    /// Finishes the top frame, which returns `v`. Returns `Some(value)`
    /// when the entry frame itself returned.
    #[inline]
    fn do_return(&mut self, rt: &Rt, entry: usize, v: Value) -> Result<Entered, Value> {
        let mut frames = rt.frames.borrow_mut();
        let Some(frame) = frames.last_mut() else {
            return Err(v);
        };
        let result_pos = frame.result_pos as usize;
        let v = if frame.construct && !matches!(v, Value::Object(_)) {
            std::mem::replace(&mut frame.this, Value::Undefined)
        } else {
            v
        };
        // The record is dropped where it is (moving it out would copy it);
        // the caller is the innermost frame again, at the pc it called from.
        let depth = frames.len() - 1;
        frames.truncate(depth);
        let caller = match frames.last() {
            Some(top) if depth > entry => {
                rt.cur_pc.set(top.call_pc);
                Some(Entered {
                    idx: depth - 1,
                    bc: top.bc.clone(),
                    realm: top.realm,
                    pc: top.pc as usize,
                    base: top.base as usize,
                })
            }
            Some(top) => {
                rt.cur_pc.set(top.call_pc);
                None
            }
            None => None,
        };
        drop(frames);
        if self.handlers.last().is_some_and(|h| h.frame > depth) {
            self.pop_handlers(depth);
        }
        // Drop the frame's values and the callee (and method receiver)
        // slots below it.
        drop_to(&mut self.stack, result_pos);
        match caller {
            Some(e) => {
                self.stack.push(v);
                Ok(e)
            }
            None => Err(v),
        }
    }

    #[cold]
    fn pop_handlers(&mut self, depth: usize) {
        while self.handlers.last().is_some_and(|h| h.frame > depth) {
            self.handlers.pop();
        }
    }

    /// `InitialYield` (§15.5.2 EvaluateGeneratorBody step 4): moves the top
    /// frame into the generator object on top of the stack, which becomes
    /// the call's result. Returns it when the entry frame was the generator's.
    fn suspend_new_generator(&mut self, rt: &Rt, cx: Cx, entry: usize) -> Option<Value> {
        let g = self.pop();
        let mut frame = self.pop_frame(rt)?;
        let is_async = frame.bc.has(fn_flags::ASYNC)
            && !frame.bc.has(fn_flags::GENERATOR)
            && !frame.bc.has(fn_flags::MODULE);
        // The generator's own stack: the callee, then the frame's values,
        // with room for its operands.
        let from = (frame.base as usize).min(self.stack.len());
        let mut stack =
            Vec::with_capacity(1 + self.stack.len() - from + frame.bc.stack_size as usize + 2);
        stack.push(self.stack[from - 1].clone());
        stack.extend(self.stack.drain(from..));
        self.stack.truncate(frame.result_pos as usize);
        frame.base = 1;
        frame.result_pos = 0;
        // A copy the suspended frame owns, so that tracing it is exact.
        frame.var_refs = Rc::from(frame.var_refs.to_vec());
        if let Value::Object(o) = &g
            && let Class::Generator(gd) = &mut o.d.borrow_mut().class
        {
            gd.frame = Some(Box::new(SuspendedFrame {
                it: Interp {
                    stack,
                    handlers: Vec::new(),
                    yielded: None,
                },
                frame: Some(frame),
                mode: resume_mode::START,
            }));
        }
        // An async function's call returns the promise of its body, which
        // runs now up to its first `await` (§27.7.5.1 AsyncFunctionStart).
        let g = if is_async {
            crate::builtins::async_function::start(&cx, g)
        } else {
            g
        };
        if rt.frames.borrow().len() <= entry {
            return Some(g);
        }
        self.stack.push(g);
        None
    }

    /// Transfers control to the innermost handler, or returns the exception
    /// when no handler of this activation remains.
    fn unwind(&mut self, rt: &Rt, entry: usize, exc: Value) -> JsResult<()> {
        if !rt.interrupted.get()
            && let Some(h) = self.handlers.last()
            && h.frame > entry
        {
            let h = self.handlers.pop().unwrap_or(Handler {
                frame: 0,
                pc: 0,
                sp: 0,
            });
            while rt.frames.borrow().len() > h.frame {
                self.pop_frame(rt);
            }
            self.stack.truncate(h.sp);
            self.stack.push(exc);
            set_pc(rt, h.frame - 1, h.pc);
            return Ok(());
        }
        while rt.frames.borrow().len() > entry {
            self.pop_frame(rt);
        }
        Err(exc)
    }
}

impl Interp {
    /// Class and `super` instructions (§15.7, §13.3.7).
    #[inline(never)]
    fn exec_class(
        &mut self,
        cx: &Cx,
        bc: &Gc<FunctionBytecode>,
        op: Op,
        code: &[u8],
        a: usize,
    ) -> JsResult<()> {
        use crate::class;
        let n = self.stack.len();
        match op {
            Op::DefineClass => {
                let ctor = self.pop();
                let parent = self.pop();
                let Value::Object(c) = &ctor else {
                    return cx.type_error("internal error: class constructor");
                };
                let proto = class::define_class(cx, &parent, c)?;
                self.stack.push(ctor);
                self.stack.push(Value::Object(proto));
            }
            Op::DefineMethod | Op::DefineMethodComputed => {
                let f = self.pop();
                let (key, kind) = if op == Op::DefineMethod {
                    (Atom(read_u32(code, a)), code[a + 4])
                } else {
                    let k = self.pop();
                    (cx.to_property_key(&k)?, code[a])
                };
                let n = self.stack.len();
                if let (Value::Object(c), Value::Object(p), Value::Object(f)) =
                    (&self.stack[n - 2], &self.stack[n - 1], &f)
                {
                    class::define_method(cx, c, p, key, f, kind)?;
                }
            }
            Op::PrivateMethod => {
                if let (Value::Object(c), Value::Object(p), Value::Object(f)) =
                    (&self.stack[n - 3], &self.stack[n - 2], &self.stack[n - 1])
                {
                    class::prepare_method(cx, c, p, f, Atom(read_u32(code, a)), code[a + 4]);
                }
            }
            Op::SetHomeObject => {
                let below = n - 1 - code[a] as usize;
                if let (Value::Object(o), Value::Object(f)) =
                    (&self.stack[below], &self.stack[n - 1])
                {
                    class::set_home(f, o);
                }
            }
            Op::SetClassFields => {
                let f = self.pop();
                if let (Value::Object(c), Value::Object(p), Value::Object(f)) =
                    (&self.stack[n - 3], &self.stack[n - 2], &f)
                {
                    class::set_class_fields(cx, c, p, f)?;
                }
            }
            Op::RunStaticInit => {
                let f = self.pop();
                let ctor = self.top().clone();
                if let (Value::Object(c), Value::Object(fo)) = (&ctor, &f) {
                    class::set_home(fo, c);
                }
                cx.call(&f, &ctor, &[])?;
            }
            Op::InitInstance => {
                let ctor = self.pop();
                let obj = self.pop();
                class::init_instance(cx, &obj, &ctor)?;
            }
            Op::NewPrivateName => {
                let desc = cx.rt.atom_string(Atom(read_u32(code, a)));
                let name = cx.rt.atoms.new_private(cx.heap(), desc);
                self.stack.push(cx.rt.symbol_value(name));
            }
            Op::PutPrivateField => {
                let v = self.pop();
                let name = self.pop();
                let obj = self.pop();
                class::private_set(cx, &obj, &name, v)?;
            }
            Op::DefinePrivateField => {
                let v = self.pop();
                let name = self.pop();
                let obj = self.pop();
                class::private_field_add(cx, &obj, &name, v)?;
            }
            Op::DefinePrivateMethod => {
                let f = self.pop();
                let name = self.pop();
                let obj = self.pop();
                class::private_method_add(cx, &obj, &name, None, None, Some(f))?;
            }
            Op::DefinePrivateAccessor => {
                let s = self.pop();
                let g = self.pop();
                let name = self.pop();
                let obj = self.pop();
                class::private_method_add(cx, &obj, &name, Some(g), Some(s), None)?;
            }
            Op::PrivateIn => {
                let obj = self.pop();
                let name = self.pop();
                let r = class::private_in(cx, &name, &obj)?;
                self.stack.push(Value::Bool(r));
            }
            Op::DefineClassField => {
                let v = self.pop();
                let k = self.pop();
                let obj = self.pop();
                let key = cx.to_property_key(&k)?;
                let ok = match &obj {
                    Value::Object(o) => object::create_data_property(cx, o, key, v)?,
                    _ => false,
                };
                if !ok {
                    let name = cx.rt.atom_name(key);
                    return cx.type_error(&format!("cannot define field '{name}'"));
                }
            }
            Op::GetPrototypeOf => {
                let f = self.pop();
                let p = class::super_constructor(cx, &f)?;
                self.stack.push(p);
            }
            Op::ThisBindCheck => {
                let this = self.pop();
                if !matches!(this, Value::Uninit) {
                    return cx.reference_error("super constructor may only be called once");
                }
            }
            Op::DerivedReturn => {
                let this = self.pop();
                let v = self.pop();
                // Its errors belong to the caller's realm: the spec checks
                // after the callee's context is gone (§10.2.2 steps 9-11).
                // The running frame is the last record; its caller's is
                // the one below.
                let caller = {
                    let frames = cx.rt.frames.borrow();
                    frames.len().checked_sub(2).map(|i| frames[i].realm)
                };
                let r = match caller {
                    Some(i) if i != cx.realm.index => {
                        let caller_realm = cx.rt.realm(i);
                        let ccx = Cx {
                            rt: cx.rt,
                            realm: &caller_realm,
                        };
                        class::derived_return(&ccx, v, this)?
                    }
                    _ => class::derived_return(cx, v, this)?,
                };
                self.stack.push(r);
            }
            Op::GetSuper | Op::GetSuper2 => {
                let key = self.pop();
                let home = self.pop();
                let this = self.top().clone();
                let v = class::super_get(cx, &this, &home, &key)?;
                if op == Op::GetSuper {
                    let n = self.stack.len();
                    self.stack[n - 1] = v;
                } else {
                    self.stack.push(v);
                }
            }
            Op::PutSuper => {
                let v = self.pop();
                let key = self.pop();
                let home = self.pop();
                let this = self.pop();
                class::super_put(cx, &this, &home, &key, v, bc.has(fn_flags::STRICT))?;
            }
            Op::Dup3 => {
                self.stack.extend_from_within(n - 3..);
            }
            Op::Rot4L => {
                self.stack[n - 4..].rotate_left(1);
            }
            _ => {}
        }
        Ok(())
    }

    /// `SuperCall n` / `ApplySuper`: SuperCall steps 3-6 (§13.3.7.1); the
    /// parent constructor runs as a construct call with the new target.
    #[inline(never)]
    fn exec_super_call(&mut self, cx: &Cx, op: Op, code: &[u8], a: usize) -> JsResult<Step> {
        let nt = self.pop();
        let argc = if op == Op::ApplySuper {
            let arr = self.pop();
            let args = spread_args(cx, &arr)?;
            let argc = args.len();
            self.stack.extend(args);
            argc
        } else {
            read_u16(code, a) as usize
        };
        let func_pos = self.stack.len() - argc - 1;
        let func = self.stack[func_pos].clone();
        let (Value::Object(f), Value::Object(nt)) = (&func, nt) else {
            return cx.type_error("super constructor is not a constructor");
        };
        if !object::is_constructor(f) {
            return cx.type_error("super constructor is not a constructor");
        }
        cx.poll()?;
        self.invoke(
            cx,
            func.clone(),
            func_pos,
            argc,
            Invoke::Construct { new_target: nt },
            func_pos,
        )
    }

    /// Destructuring and spread instructions (kept out of the main dispatch
    /// function: none of them is on a hot path).
    #[inline(never)]
    fn exec_pattern(&mut self, cx: &Cx, op: Op, code: &[u8], a: usize) -> JsResult<()> {
        match op {
            Op::Pick => {
                let n = self.stack.len();
                let v = self.stack[n - 1 - code[a] as usize].clone();
                self.stack.push(v);
            }
            Op::AppendSpread => {
                let src = self.pop();
                if let Value::Object(arr) = self.top().clone() {
                    ops::append_spread(cx, &arr, &src)?;
                }
            }
            Op::ArrayFrom => {
                let n = read_u16(code, a) as usize;
                let at = self.stack.len() - n;
                let elems = self.stack.split_off(at);
                self.stack
                    .push(Value::Object(object::new_array(*cx, elems)));
            }
            Op::CopyDataProperties => {
                let src = self.pop();
                if let Value::Object(target) = self.top().clone() {
                    ops::copy_data_properties(cx, &target, &src, &[])?;
                }
            }
            Op::RestObject => {
                let keys = self.pop();
                let src = self.pop();
                let keys = match &keys {
                    Value::Object(k) => object::fast_array_elems(k).unwrap_or_default(),
                    _ => Vec::new(),
                };
                let excluded = keys
                    .iter()
                    .map(|k| cx.to_property_key(k))
                    .collect::<JsResult<Vec<Atom>>>()?;
                let target = object::new_plain(*cx);
                ops::copy_data_properties(cx, &target, &src, &excluded)?;
                self.stack.push(Value::Object(target));
            }
            Op::IteratorValue | Op::IteratorRest => {
                // The iterator record sits below `n` values; a `next` slot
                // holding the internal `Uninit` marks it done (§7.4.1
                // [[Done]]), which also happens when stepping throws.
                let n = self.stack.len();
                let next_pos = n - 1 - code[a] as usize;
                let it = self.stack[next_pos - 1].clone();
                let next = self.stack[next_pos].clone();
                let mut rest = Vec::new();
                loop {
                    if matches!(next, Value::Uninit) {
                        break;
                    }
                    match ops::iterator_step(cx, &it, &next) {
                        Ok((v, false)) => {
                            if op == Op::IteratorValue {
                                self.stack.push(v);
                                return Ok(());
                            }
                            rest.push(v);
                            if let Err(e) = cx.poll() {
                                self.stack[next_pos] = Value::Uninit;
                                return Err(e);
                            }
                        }
                        Ok((_, true)) => {
                            self.stack[next_pos] = Value::Uninit;
                            break;
                        }
                        Err(e) => {
                            self.stack[next_pos] = Value::Uninit;
                            return Err(e);
                        }
                    }
                }
                self.stack.push(if op == Op::IteratorValue {
                    Value::Undefined
                } else {
                    Value::Object(object::new_array(*cx, rest))
                });
            }
            Op::IteratorCloseAt => {
                let n = self.stack.len();
                let next_pos = n - 1 - read_u16(code, a) as usize;
                let next = std::mem::replace(&mut self.stack[next_pos], Value::Uninit);
                if !matches!(next, Value::Uninit) {
                    let it = self.stack[next_pos - 1].clone();
                    ops::iterator_close(cx, &it)?;
                }
            }
            Op::IteratorCloseDone => {
                let next = self.pop();
                let it = self.pop();
                if !matches!(next, Value::Uninit) {
                    ops::iterator_close(cx, &it)?;
                }
            }
            _ => {
                // IteratorCloseThrow: the pending exception wins over any
                // error from `return` (§7.4.11 step 5).
                let exc = self.pop();
                let next = self.pop();
                let it = self.pop();
                if !matches!(next, Value::Uninit) {
                    let _ = ops::iterator_close(cx, &it);
                }
                self.stack.push(exc);
            }
        }
        Ok(())
    }

    /// Explicit resource management: a scope's DisposeCapability
    /// (NewDisposeCapability, AddDisposableResource, DisposeResources).
    #[inline(never)]
    fn exec_dispose(&mut self, cx: &Cx, op: Op, code: &[u8], a: usize) -> JsResult<()> {
        use crate::builtins::disposable_stack as ds;
        if op == Op::NewDisposeCap {
            self.stack.push(ds::new_scope_cap(cx));
            return Ok(());
        }
        let Value::Object(cap) = self.pop() else {
            return cx.type_error("invalid dispose capability");
        };
        match op {
            Op::AddDisposable => {
                let v = self.top().clone();
                ds::add_resource(cx, &cap, v, code[a] as i8 == 1, None)?;
            }
            Op::DisposeSync => ds::dispose_sync(cx, &cap, None)?,
            Op::DisposeSyncThrow => {
                let exc = self.pop();
                let e = match ds::dispose_sync(cx, &cap, Some(exc)) {
                    Err(e) if !cx.rt.interrupted.get() => e,
                    Err(e) => return Err(e),
                    Ok(()) => Value::Undefined,
                };
                self.stack.push(e);
            }
            _ => {
                let exc = if op == Op::DisposeAsyncThrow {
                    Some(self.pop())
                } else {
                    None
                };
                match ds::dispose_async(cx, &cap, exc) {
                    Ok(Some(p)) => {
                        self.stack.push(p);
                        self.stack.push(Value::Bool(true));
                    }
                    Ok(None) => {
                        self.stack.push(Value::Undefined);
                        self.stack.push(Value::Bool(false));
                    }
                    Err(e) if op == Op::DisposeAsyncThrow && !cx.rt.interrupted.get() => {
                        self.stack.push(e);
                        self.stack.push(Value::Bool(false));
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        Ok(())
    }

    /// The async iteration steps of `for await` (§14.7.5.7) and
    /// AsyncIteratorClose (§7.4.13); the awaits are `Yield 2` between them.
    #[inline(never)]
    fn exec_async_iter(&mut self, cx: &Cx, op: Op, code: &[u8], a: usize) -> JsResult<()> {
        match op {
            Op::GetAsyncIterator => {
                let o = self.pop();
                let (it, next) = crate::builtins::async_iterator::get_async_iterator(cx, &o)?;
                self.stack.push(it);
                self.stack.push(next);
            }
            Op::AsyncIteratorNext => {
                let n = self.stack.len();
                // Errors from here to the unpacked value do not close the
                // iterator: the record reads as done meanwhile.
                let next = std::mem::replace(&mut self.stack[n - 1], Value::Uninit);
                let it = self.stack[n - 2].clone();
                let r = cx.call(&next, &it, &[])?;
                self.stack.push(next);
                self.stack.push(r);
            }
            Op::AsyncIteratorResult => {
                let r = self.pop();
                let Value::Object(ro) = &r else {
                    return cx.type_error("iterator result is not an object");
                };
                let done = object::get_prop(cx, ro, Atom::DONE)?.to_boolean();
                let value = if done {
                    Value::Undefined
                } else {
                    object::get_prop(cx, ro, Atom::VALUE)?
                };
                let next = self.pop();
                let n = self.stack.len();
                self.stack[n - 1] = next;
                self.stack.push(value);
                self.stack.push(Value::Bool(done));
            }
            Op::AsyncIteratorReturn => {
                let n = self.stack.len();
                let next_pos = n - 1 - read_u16(code, a) as usize;
                let next = std::mem::replace(&mut self.stack[next_pos], Value::Uninit);
                let it = self.stack[next_pos - 1].clone();
                let (r, called) = if matches!(next, Value::Uninit) {
                    (Value::Undefined, false)
                } else {
                    let ret = get_method(cx, &it, cx.intern("return"))?;
                    if ret.is_undefined() {
                        (Value::Undefined, false)
                    } else {
                        (cx.call(&ret, &it, &[])?, true)
                    }
                };
                self.stack.push(r);
                self.stack.push(Value::Bool(called));
            }
            Op::AsyncIteratorReturnThrow => {
                let exc = self.pop();
                let next = self.pop();
                let it = self.pop();
                let r = if matches!(next, Value::Uninit) {
                    None
                } else {
                    match get_method(cx, &it, cx.intern("return")) {
                        Ok(ret) if !ret.is_undefined() => cx.call(&ret, &it, &[]).ok(),
                        _ => None,
                    }
                };
                if cx.rt.interrupted.get() {
                    return Err(exc);
                }
                self.stack.push(exc);
                self.stack.push(r.clone().unwrap_or(Value::Undefined));
                self.stack.push(Value::Bool(r.is_some()));
            }
            Op::AsyncDelegateStep => {
                let how = self.pop();
                let received = self.pop();
                let n = self.stack.len();
                let it = self.stack[n - 2].clone();
                let next = self.stack[n - 1].clone();
                let (r, action) = match how {
                    // §15.5.5 step 7.a.
                    Value::Int(1) => {
                        // Step 7.b.
                        let throw = get_method(cx, &it, Atom::THROW)?;
                        if throw.is_undefined() {
                            (Value::Undefined, 2)
                        } else {
                            (cx.call(&throw, &it, &[received])?, 0)
                        }
                    }
                    Value::Int(2) => {
                        // Step 7.c.
                        let ret = get_method(cx, &it, cx.intern("return"))?;
                        if ret.is_undefined() {
                            (received, 1)
                        } else {
                            (cx.call(&ret, &it, &[received])?, 3)
                        }
                    }
                    _ => (cx.call(&next, &it, &[received])?, 0),
                };
                self.stack.push(r);
                self.stack.push(Value::Int(action));
            }
            Op::AsyncDelegateResult => {
                let r = self.pop();
                let action = self.pop();
                let Value::Object(ro) = &r else {
                    return cx.type_error("iterator result is not an object");
                };
                let done = object::get_prop(cx, ro, Atom::DONE)?.to_boolean();
                let value = object::get_prop(cx, ro, Atom::VALUE)?;
                let kind = match (done, action) {
                    (false, _) => 0,
                    (true, Value::Int(3)) => 2,
                    (true, _) => 1,
                };
                self.stack.push(value);
                self.stack.push(Value::Int(kind));
            }
            _ => {
                if !matches!(self.pop(), Value::Object(_)) {
                    return cx.type_error("iterator return() result is not an object");
                }
            }
        }
        Ok(())
    }

    /// A call that is a direct eval when `f` is %eval% (§13.3.6.1), with
    /// the arguments on the stack.
    #[inline(never)]
    fn call_eval(
        &mut self,
        cx: &Cx,
        bc: &Gc<FunctionBytecode>,
        frame_idx: usize,
        argc: usize,
        site: usize,
    ) -> JsResult<Step> {
        let func_pos = self.stack.len() - argc - 1;
        let is_eval = match (&self.stack[func_pos], cx.realm.eval_fn.get()) {
            (Value::Object(f), Some(e)) => Obj::ptr_eq(f, e),
            _ => false,
        };
        if is_eval {
            let arg = if argc > 0 {
                self.stack[func_pos + 1].clone()
            } else {
                Value::Undefined
            };
            self.stack.truncate(func_pos);
            let Value::String(src) = arg else {
                self.stack.push(arg);
                return Ok(Step::Next);
            };
            let v = self.direct_eval(cx, bc, frame_idx, site, &src)?;
            self.stack.push(v);
            return Ok(Step::Next);
        }
        let func = self.stack[func_pos].clone();
        cx.poll()?;
        self.invoke(
            cx,
            func,
            func_pos,
            argc,
            Invoke::Call {
                this: Value::Undefined,
            },
            func_pos,
        )
    }

    /// `ApplyEval`: `call_eval` with the arguments gathered in an array.
    #[inline(never)]
    fn apply_eval(
        &mut self,
        cx: &Cx,
        bc: &Gc<FunctionBytecode>,
        frame_idx: usize,
        site: usize,
    ) -> JsResult<Step> {
        let arr = self.pop();
        let args = spread_args(cx, &arr)?;
        let argc = args.len();
        self.stack.extend(args);
        self.call_eval(cx, bc, frame_idx, argc, site)
    }

    /// `ApplyCall`/`ApplyMethod`/`ApplyNew`: a call whose arguments were
    /// collected into an array because of spread elements (§13.3.8.1).
    #[inline(never)]
    fn exec_apply(&mut self, cx: &Cx, op: Op) -> JsResult<Step> {
        let arr = self.pop();
        let args = spread_args(cx, &arr)?;
        let argc = args.len();
        self.stack.extend(args);
        let func_pos = self.stack.len() - argc - 1;
        let func = self.stack[func_pos].clone();
        let invoke = match op {
            Op::ApplyCall => Invoke::Call {
                this: Value::Undefined,
            },
            Op::ApplyMethod => Invoke::Call {
                this: self.stack[func_pos - 1].clone(),
            },
            _ => match &func {
                Value::Object(f) if object::is_constructor(f) => Invoke::Construct {
                    new_target: f.clone(),
                },
                _ => {
                    return cx.type_error(&format!(
                        "{} is not a constructor",
                        ops::describe(cx, &func)
                    ));
                }
            },
        };
        cx.poll()?;
        let result_pos = if op == Op::ApplyMethod {
            func_pos - 1
        } else {
            func_pos
        };
        self.invoke(cx, func, func_pos, argc, invoke, result_pos)
    }
}

/// The arguments gathered in an array for a call with spread arguments.
fn spread_args(cx: &Cx, arr: &Value) -> JsResult<Vec<Value>> {
    match arr {
        Value::Object(o) => match object::fast_array_elems(o) {
            Some(v) => Ok(v),
            None => crate::builtins::function::list_from_array_like(cx, arr),
        },
        _ => Ok(Vec::new()),
    }
}

/// The value of a Number (int or float), for the loop's fast arithmetic.
#[inline(always)]
fn number_of(v: Option<&Value>) -> Option<f64> {
    match v {
        Some(Value::Int(i)) => Some(*i as f64),
        Some(Value::Float(f)) => Some(*f),
        _ => None,
    }
}

/// A copy of `v`: ints and floats are copied inline, without the call to
/// the general `clone`.
#[inline(always)]
fn copy_value(v: &Value) -> Value {
    match v {
        Value::Int(i) => Value::Int(*i),
        Value::Float(f) => Value::Float(*f),
        _ => v.clone(),
    }
}

/// Pushes a copy of `stack[i]` (undefined if there is none): ints and
/// floats are stored straight from the slot they are read from, without
/// going through a whole `Value` or the general `clone`.
#[inline(always)]
fn push_copy_of(stack: &mut Vec<Value>, i: usize) {
    let v = match stack.get(i) {
        Some(Value::Int(x)) => {
            let x = *x;
            stack.push(Value::Int(x));
            return;
        }
        Some(Value::Float(x)) => {
            let x = *x;
            stack.push(Value::Float(x));
            return;
        }
        Some(v) => v.clone(),
        None => Value::Undefined,
    };
    stack.push(v);
}

/// `===` (strict) or `==` on the two values on top of the stack, when the
/// dispatch loop can decide it without conversions; `None` sends the
/// instruction to `exec`.
#[inline(always)]
fn top_two_equal(stack: &[Value], strict: bool) -> Option<bool> {
    match stack {
        [.., x, y] if strict => Some(strict_equals_inline(x, y)),
        [.., x, y] => loose_equals_fast(x, y),
        _ => None,
    }
}

/// IsStrictlyEqual (§7.2.15) with the common cases inline; strings and
/// BigInts are compared by `value::strict_equals`.
#[inline(always)]
fn strict_equals_inline(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Object(x), Value::Object(y)) => Obj::ptr_eq(x, y),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            number_of(Some(a)) == number_of(Some(b))
        }
        _ => crate::value::strict_equals(a, b),
    }
}

/// IsLooselyEqual (§7.2.14) where no conversion is involved: numbers,
/// booleans, objects compared with objects, and undefined or null compared
/// with anything but an object (which may be an [[IsHTMLDDA]] object).
/// `None` leaves the rest to `Cx::loose_equals`.
#[inline(always)]
fn loose_equals_fast(a: &Value, b: &Value) -> Option<bool> {
    use Value::*;
    Some(match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Object(x), Object(y)) => Obj::ptr_eq(x, y),
        (Int(_) | Float(_), Int(_) | Float(_)) => number_of(Some(a)) == number_of(Some(b)),
        (Bool(x), Bool(y)) => x == y,
        (Undefined | Null, Undefined | Null) => true,
        (Undefined | Null, Object(_)) | (Object(_), Undefined | Null) => return None,
        (Undefined | Null, _) | (_, Undefined | Null) => false,
        (String(x), String(y)) => x.eq(y),
        (Symbol(x), Symbol(y)) => x.atom() == y.atom(),
        _ => return None,
    })
}

/// Pops the top value into `stack[i]`, a slot below it: the value moves
/// (no count changes) and the slot's old value is dropped.
#[inline(always)]
fn pop_into(stack: &mut Vec<Value>, i: usize) {
    let top = stack.len().wrapping_sub(1);
    if i < top {
        stack.swap(i, top);
    }
    drop_value(stack.pop());
}

/// Drops a value, with the test for a heap reference inline.
#[inline(always)]
fn drop_value(v: Option<Value>) {
    match v {
        None
        | Some(
            Value::Undefined
            | Value::Null
            | Value::Bool(_)
            | Value::Int(_)
            | Value::Float(_)
            | Value::Uninit,
        ) => {}
        Some(v) => drop(v),
    }
}

/// Truncates the value stack to `len`, dropping the values above it (most
/// of which are numbers or other values without a heap reference).
#[inline(always)]
fn drop_to(stack: &mut Vec<Value>, len: usize) {
    while stack.len() > len {
        drop_value(stack.pop());
    }
}

/// Sets the pc the frame at `idx` resumes at.
#[inline]
fn set_pc(rt: &Rt, idx: usize, pc: usize) {
    if let Some(f) = rt.frames.borrow_mut().get_mut(idx) {
        f.pc = pc as u32;
    }
}

/// The frame limit's RangeError, in the realm of the function called.
#[cold]
#[inline(never)]
fn frame_limit_error<T>(rt: &Rt, realm_idx: u32) -> JsResult<T> {
    let realm = rt.realm(realm_idx);
    let cx = Cx { rt, realm: &realm };
    cx.range_error("Maximum call stack size exceeded")
}

/// Adds or subtracts 1 to an int in place (no drop of the old value);
/// false, leaving `v` alone, when it is not an int or would overflow.
#[inline(always)]
fn step_int(v: &mut Value, inc: bool) -> bool {
    match v {
        Value::Int(x) => {
            let r = if inc {
                x.checked_add(1)
            } else {
                x.checked_sub(1)
            };
            r.map(|r| *x = r).is_some()
        }
        _ => false,
    }
}

/// The u16 operand of the instruction word from `fetch`.
#[inline(always)]
fn operand_u16(w: u64) -> usize {
    (w >> 8) as u16 as usize
}

/// The inline-cache operand (after the atom) of the instruction word.
#[inline(always)]
fn operand_cache(w: u64) -> usize {
    (w >> 40) as u16 as usize
}

/// The i32 operand (immediate or jump offset) of the instruction word.
#[inline(always)]
fn operand_i32(w: u64) -> i32 {
    (w >> 8) as u32 as i32
}

/// What an instruction asks the loop to do next.
enum Step {
    Next,
    Jump(usize),
    Return,
    /// A frame was pushed (or a native call completed and pushed its result).
    Called,
    /// The generator frame yielded the value on top of the stack.
    Yield,
    /// `InitialYield`: the new generator object is on top of the stack.
    Suspend,
}

/// `EvalDefineVar` (no `f`) / `EvalDefineFunc`: a binding created by sloppy
/// eval code in a variable-environment object (deletable, §19.2.1.3 steps
/// 17-18).
#[inline(never)]
fn eval_define(cx: &Cx, env: Value, atom: Atom, f: Option<Value>) {
    let Value::Object(env) = env else { return };
    match f {
        Some(f) => object::define_data(cx, &env, atom, f, flags::DEFAULT),
        None => {
            if matches!(object::get_own_property(cx, &env, atom), Ok(None)) {
                object::define_data(cx, &env, atom, Value::Undefined, flags::DEFAULT);
            }
        }
    }
}

fn tdz_error<T>(cx: &Cx, bc: &FunctionBytecode, idx: usize) -> JsResult<T> {
    let name = bc
        .local_names
        .get(idx)
        .map(|a| cx.rt.atom_name(*a))
        .unwrap_or_default();
    cx.reference_error(&format!("cannot access '{name}' before initialization"))
}

impl Interp {
    /// Calls `func` whose arguments are `stack[func_pos+1..]`; the result
    /// replaces `stack[result_pos..]`.
    fn invoke(
        &mut self,
        cx: &Cx,
        func: Value,
        func_pos: usize,
        argc: usize,
        invoke: Invoke,
        result_pos: usize,
    ) -> JsResult<Step> {
        let Value::Object(f) = &func else {
            return cx.type_error(&format!("{} is not a function", ops::describe(cx, &func)));
        };
        let closure = match &f.d.borrow().class {
            Class::Closure(c) => Some((c.bc.clone(), c.var_refs.clone(), c.realm)),
            _ => None,
        };
        if let Some(closure) = closure {
            let (this, new_target) = match invoke {
                Invoke::Call { this } => {
                    if closure.0.has(fn_flags::CONSTRUCTOR) && closure.0.has(fn_flags::METHOD) {
                        return class_call_error(cx, closure.2);
                    }
                    (this, None)
                }
                Invoke::Construct { new_target } if closure.0.has(fn_flags::DERIVED) => {
                    (Value::Uninit, Some(new_target))
                }
                Invoke::Construct { new_target } => {
                    let realm = cx.rt.realm(closure.2);
                    let fcx = Cx {
                        rt: cx.rt,
                        realm: &realm,
                    };
                    let this = ops::ordinary_create_from_constructor(&fcx, &new_target)?;
                    (Value::Object(this), Some(new_target))
                }
            };
            self.push_frame(
                cx.rt,
                closure,
                func_pos + 1,
                argc,
                this,
                new_target,
                result_pos,
                None,
            )?;
            return Ok(Step::Called);
        }
        // Native or bound function: call through Rust, then push the result.
        let args: SmallVec<[Value; 8]> = self.stack.drain(func_pos + 1..).collect();
        let r = match invoke {
            Invoke::Call { this } => cx.call(&func, &this, &args)?,
            Invoke::Construct { new_target } => cx.construct(&func, &args, Some(&new_target))?,
        };
        self.stack.truncate(result_pos);
        self.stack.push(r);
        let frames = cx.rt.frames.borrow();
        Ok(Step::Jump(frames.last().map_or(0, |f| f.pc as usize)))
    }

    /// The arguments the frame `f` (running on this activation's stack)
    /// was called with: its kept copy, or its first `argc` parameter slots.
    fn frame_args<'s>(&'s self, f: &'s Frame) -> &'s [Value] {
        match &f.args {
            Some(a) => a,
            None => {
                let base = f.base as usize;
                self.stack.get(base..base + f.argc as usize).unwrap_or(&[])
            }
        }
    }

    /// `SpecialObject n`: the arguments object (0 unmapped, 1 mapped),
    /// `new.target` (2), a new variable-environment object (3), or the
    /// running method's home object (4).
    #[inline(never)]
    fn special_object(&self, cx: &Cx, bc: &FunctionBytecode, frame_idx: usize, which: u8) -> Value {
        if which <= 1 {
            // The arguments are taken out of the record (and put back
            // after), so the frame stack is not borrowed while allocating
            // and they are not copied.
            let (args, n, map, callee) = {
                let mut frames = cx.rt.frames.borrow_mut();
                let f = &mut frames[frame_idx];
                let args = f.args.take();
                let n = args.as_ref().map_or(f.argc as usize, |a| a.len());
                // Mapped: each passed argument aliases its parameter's cell.
                let map = if which == 1 {
                    let n = n.min(bc.param_cells.len());
                    bc.param_cells[..n]
                        .iter()
                        .map(|&c| f.cells.get(c as usize).cloned())
                        .collect()
                } else {
                    Vec::new()
                };
                (args, n, map, self.stack[f.base as usize - 1].clone())
            };
            let r = match callee {
                Value::Object(callee) => {
                    let list = match &args {
                        Some(a) => &a[..],
                        None => {
                            let base = cx.rt.frames.borrow()[frame_idx].base as usize;
                            self.stack.get(base..base + n).unwrap_or(&[])
                        }
                    };
                    Value::Object(crate::builtins::function::make_arguments(
                        cx,
                        list,
                        &callee,
                        which == 1,
                        map,
                    ))
                }
                _ => Value::Undefined,
            };
            if let Some(f) = cx.rt.frames.borrow_mut().get_mut(frame_idx) {
                f.args = args;
            }
            return r;
        }
        let frames = cx.rt.frames.borrow();
        let f = &frames[frame_idx];
        match which {
            3 => {
                drop(frames);
                Value::Object(object::new_object(*cx, None, Class::Object))
            }
            4 => {
                let callee = self.stack[f.base as usize - 1].clone();
                drop(frames);
                match callee {
                    Value::Object(callee) => crate::class::home_of(&callee),
                    _ => Value::Undefined,
                }
            }
            _ => f
                .new_target
                .clone()
                .map(Value::Object)
                .unwrap_or(Value::Undefined),
        }
    }

    /// PerformEval (§19.2.1.1) for a direct call: compiles `src` against the
    /// scope description of call site `site` and runs it with the calling
    /// frame's cells for those bindings.
    #[inline(never)]
    fn direct_eval(
        &mut self,
        cx: &Cx,
        bc: &Gc<FunctionBytecode>,
        frame_idx: usize,
        site: usize,
        src: &crate::string::JsString,
    ) -> JsResult<Value> {
        let Some(env) = bc.eval_scopes.get(site).cloned() else {
            return crate::api::eval_code(cx, src, bc.has(fn_flags::STRICT));
        };
        let found: Vec<Option<Gc<VarRef>>> = {
            let frames = cx.rt.frames.borrow();
            let f = &frames[frame_idx];
            env.bindings
                .iter()
                .map(|b| {
                    let r = match b.from {
                        CaptureFrom::Cell(i) => f.cells.get(i as usize),
                        CaptureFrom::VarRef(i) => f.var_refs.get(i as usize),
                    };
                    r.cloned()
                })
                .collect()
        };
        let refs: Rc<[Gc<VarRef>]> = found
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    cx.rt.heap.alloc(VarRef {
                        value: std::cell::RefCell::new(Value::Undefined),
                    })
                })
            })
            .collect();
        let strict = bc.has(fn_flags::STRICT);
        let source = crate::compiler::SourceText::from_units(src.units());
        let code = crate::compiler::compile_eval(cx.rt, &source, strict, Some(env))
            .map_err(|e| crate::api::compile_error(cx, &e, "<eval>"))?;
        let closure = crate::builtins::function::new_closure(cx, code, refs);
        let this = Value::Object(cx.realm.global.clone());
        cx.call(&Value::Object(closure), &this, &[])
    }

    /// OrdinaryCreateFromConstructor(F, "%GeneratorPrototype%") for the
    /// generator function running in frame `frame_idx` (§15.5.2 step 2).
    #[inline(never)]
    fn new_generator(&self, cx: &Cx, frame_idx: usize) -> JsResult<Value> {
        let (callee, bc) = {
            let frames = cx.rt.frames.borrow();
            let f = &frames[frame_idx];
            (self.stack[f.base as usize - 1].clone(), f.bc.clone())
        };
        let is_async_gen = bc.has(fn_flags::ASYNC) && bc.has(fn_flags::GENERATOR);
        let proto = if bc.has(fn_flags::ASYNC) && !is_async_gen {
            // The body of an async function: never seen by scripts.
            cx.intr().generator_proto.clone()
        } else {
            // %AsyncGeneratorPrototype% of the function's realm for an
            // async generator (§15.6.2 step 2).
            let fallback = |cx: &Cx| {
                if is_async_gen {
                    cx.intr().async_generator_proto.clone()
                } else {
                    cx.intr().generator_proto.clone()
                }
            };
            match callee {
                Value::Object(callee) => match object::get_prop(cx, &callee, Atom::PROTOTYPE)? {
                    Value::Object(p) => p,
                    _ => fallback(cx),
                },
                _ => fallback(cx),
            }
        };
        let queue = is_async_gen.then(Default::default);
        Ok(Value::Object(object::new_object(
            *cx,
            Some(proto),
            Class::Generator(Box::new(object::Generator {
                state: object::GenState::SuspendedStart,
                frame: None,
                queue,
            })),
        )))
    }

    fn make_closure(&mut self, cx: &Cx, frame_idx: usize, bc: &Gc<FunctionBytecode>) -> Obj {
        let var_refs: Rc<[Gc<VarRef>]> = {
            let frames = cx.rt.frames.borrow();
            let f = &frames[frame_idx];
            bc.closure_vars
                .iter()
                .map(|cv| match cv.from {
                    CaptureFrom::Cell(i) => f.cells[i as usize].clone(),
                    CaptureFrom::VarRef(i) => f.var_refs[i as usize].clone(),
                })
                .collect()
        };
        crate::builtins::function::new_closure(cx, bc.clone(), var_refs)
    }
}

/// One step of `yield*` (§15.5.5, YieldExpression : `yield *`
/// AssignmentExpression, step 7) for the completion `received` of kind
/// `how` (0 normal, 1 throw, 2 return). Returns the inner result and what
/// to do: 0 yield it as is, 1 finish the `yield*` with it as value,
/// 2 return it from the generator.
#[inline(never)]
fn delegate_step(
    cx: &Cx,
    it: &Value,
    next: &Value,
    received: Value,
    how: Value,
) -> JsResult<(Value, i32)> {
    let how = match how {
        Value::Int(k) => k,
        _ => 0,
    };
    let inner = match how {
        // Step 7.a.
        0 => cx.call(next, it, &[received])?,
        // Step 7.b.
        1 => {
            let throw = get_method(cx, it, Atom::THROW)?;
            if throw.is_nullish() {
                // 7.b.iii: close the iterator, then complain about the protocol.
                ops::iterator_close(cx, it)?;
                return cx.type_error("the iterator does not have a 'throw' method");
            }
            cx.call(&throw, it, &[received])?
        }
        // Step 7.c.
        _ => {
            let ret = get_method(cx, it, Atom::RETURN)?;
            if ret.is_nullish() {
                return Ok((received, 2));
            }
            cx.call(&ret, it, &[received])?
        }
    };
    let Value::Object(r) = &inner else {
        return cx.type_error("iterator result is not an object");
    };
    if object::get_prop(cx, r, Atom::DONE)?.to_boolean() {
        let v = object::get_prop(cx, r, Atom::VALUE)?;
        return Ok((v, if how == 2 { 2 } else { 1 }));
    }
    Ok((inner, 0))
}

/// GetMethod (§7.3.11): undefined for null or undefined, else a callable.
pub(crate) fn get_method(cx: &Cx, v: &Value, key: Atom) -> JsResult<Value> {
    let m = object::get_value(cx, v, key)?;
    if m.is_nullish() {
        return Ok(Value::Undefined);
    }
    if !m.is_callable() {
        return cx.type_error(&format!("{} is not a function", ops::describe(cx, &m)));
    }
    Ok(m)
}

/// The native and JavaScript stack limits, checked before a generator is
/// resumed (so that hitting them leaves it suspended).
pub(crate) fn check_resume(cx: &Cx) -> JsResult<()> {
    cx.check_stack()?;
    if cx.rt.frames.borrow().len() >= cx.rt.max_frames() {
        return cx.range_error("Maximum call stack size exceeded");
    }
    Ok(())
}

/// Resumes a suspended generator frame (GeneratorResume §27.5.3.3,
/// GeneratorResumeAbrupt §27.5.3.4) in place, on its own activation, until
/// it yields, returns or throws.
pub(crate) fn resume_generator(
    cx: &Cx,
    mut saved: Box<SuspendedFrame>,
    how: Resume,
    value: Value,
) -> JsResult<Resumed> {
    let rt = cx.rt;
    let Some(frame) = saved.frame.take() else {
        return Ok(Resumed::Done(Value::Undefined));
    };
    // The frame goes back on the runtime's frame stack, its handlers
    // relative to where it lands.
    let entry = {
        let mut frames = rt.frames.borrow_mut();
        if let Some(top) = frames.last_mut() {
            top.call_pc = rt.cur_pc.get();
        }
        rt.cur_pc.set(frame.pc);
        frames.push(frame);
        frames.len() - 1
    };
    let it = &mut saved.it;
    for h in &mut it.handlers {
        h.frame += entry;
    }
    match (saved.mode, how) {
        (resume_mode::START, _) => {}
        (resume_mode::PLAIN | resume_mode::AWAIT, Resume::Throw) => it.unwind(rt, entry, value)?,
        (resume_mode::PLAIN | resume_mode::AWAIT, _) => {
            it.stack.push(value);
            it.stack.push(Value::Bool(how == Resume::Return));
        }
        (resume_mode::AWAIT_SETTLED, _) => {
            it.stack.push(value);
            it.stack.push(Value::Bool(how == Resume::Throw));
        }
        _ => {
            it.stack.push(value);
            it.stack.push(Value::Int(match how {
                Resume::Next => 0,
                Resume::Throw => 1,
                Resume::Return => 2,
            }));
        }
    }
    let v = it.run(rt, entry)?;
    let Some(mode) = it.yielded.take() else {
        return Ok(Resumed::Done(v));
    };
    // Suspended: the values and handlers stay where they are; the frame
    // record goes with them.
    for h in &mut it.handlers {
        h.frame -= entry;
    }
    saved.frame = {
        let mut frames = rt.frames.borrow_mut();
        let f = frames.pop();
        if let Some(top) = frames.last() {
            rt.cur_pc.set(top.call_pc);
        }
        f
    };
    saved.mode = mode;
    Ok(
        if mode == resume_mode::AWAIT || mode == resume_mode::AWAIT_SETTLED {
            Resumed::Await(v, saved)
        } else {
            Resumed::Yield(v, mode == resume_mode::DELEGATE, saved)
        },
    )
}

impl Cx<'_> {
    /// Call(F, V, args) (§7.3.14).
    pub(crate) fn call(&self, f: &Value, this: &Value, args: &[Value]) -> JsResult<Value> {
        let Value::Object(fo) = f else {
            return self.type_error(&format!("{} is not a function", ops::describe(self, f)));
        };
        self.check_stack()?;
        enum Kind {
            Closure(Gc<FunctionBytecode>, Rc<[Gc<VarRef>]>, u32),
            Native(object::NativeFn, i32, u32, Option<object::HostFn>),
            Exotic(Option<object::CallFn>),
        }
        let kind = {
            let d = fo.d.borrow();
            match &d.class {
                Class::Closure(c) => Kind::Closure(c.bc.clone(), c.var_refs.clone(), c.realm),
                Class::Native(n) => Kind::Native(
                    n.f,
                    n.magic,
                    n.realm,
                    n.extra.as_ref().and_then(|x| x.host.clone()),
                ),
                _ => Kind::Exotic(d.methods().and_then(|m| m.call)),
            }
        };
        match kind {
            Kind::Closure(bc, refs, realm) => {
                self.call_closure(f, (bc, refs, realm), this, args.len(), |s| {
                    s.extend_from_slice(args)
                })
            }
            Kind::Native(nf, magic, realm, host) => {
                let realm = self.rt.realm(realm);
                let ncx = Cx {
                    rt: self.rt,
                    realm: &realm,
                };
                if let Some(h) = host {
                    return h(ncx, this, args);
                }
                nf(
                    ncx,
                    &Args {
                        this: this.clone(),
                        args,
                        new_target: None,
                        callee: fo.clone(),
                        magic,
                    },
                )
            }
            Kind::Exotic(Some(call)) => call(self, fo, this, args),
            Kind::Exotic(None) => {
                self.type_error(&format!("{} is not a function", ops::describe(self, f)))
            }
        }
    }

    /// `call` with arguments the caller gives up: an ordinary function
    /// gets them moved onto its stack rather than copied.
    pub(crate) fn call_owned<const N: usize>(
        &self,
        f: &Value,
        this: &Value,
        args: [Value; N],
    ) -> JsResult<Value> {
        let closure = match f {
            Value::Object(fo) => match &fo.d.borrow().class {
                Class::Closure(c) => Some((c.bc.clone(), c.var_refs.clone(), c.realm)),
                _ => None,
            },
            _ => None,
        };
        match closure {
            Some(closure) => {
                self.check_stack()?;
                self.call_closure(f, closure, this, N, |s| s.extend(args))
            }
            None => self.call(f, this, &args),
        }
    }

    /// The ordinary-function case of `call`: a nested activation of the
    /// loop (from the runtime's free list) whose stack `push_args` fills
    /// with the `argc` arguments, above the callee.
    fn call_closure(
        &self,
        f: &Value,
        closure: (Gc<FunctionBytecode>, Rc<[Gc<VarRef>]>, u32),
        this: &Value,
        argc: usize,
        push_args: impl FnOnce(&mut Vec<Value>),
    ) -> JsResult<Value> {
        if closure.0.has(fn_flags::CONSTRUCTOR) && closure.0.has(fn_flags::METHOD) {
            return class_call_error(self, closure.2);
        }
        let mut it = Interp::take(self.rt);
        it.stack.push(f.clone());
        push_args(&mut it.stack);
        let entry = self.rt.frames.borrow().len();
        let r = it
            .push_frame(self.rt, closure, 1, argc, this.clone(), None, 0, None)
            .and_then(|e| it.run_entered(self.rt, entry, e));
        it.give_back(self.rt);
        r
    }

    /// Construct(F, args, newTarget) (§7.3.15).
    pub(crate) fn construct(
        &self,
        f: &Value,
        args: &[Value],
        new_target: Option<&Obj>,
    ) -> JsResult<Value> {
        let Value::Object(fo) = f else {
            return self.type_error("not a constructor");
        };
        if !object::is_constructor(fo) {
            return self.type_error(&format!("{} is not a constructor", ops::describe(self, f)));
        }
        self.check_stack()?;
        let nt = new_target.cloned().unwrap_or_else(|| fo.clone());
        enum Kind {
            Closure(Gc<FunctionBytecode>, Rc<[Gc<VarRef>]>, u32),
            Native(object::NativeFn, i32, u32),
            Exotic(Option<object::ConstructFn>),
        }
        let kind = {
            let d = fo.d.borrow();
            match &d.class {
                Class::Closure(c) => Kind::Closure(c.bc.clone(), c.var_refs.clone(), c.realm),
                Class::Native(n) => Kind::Native(n.f, n.magic, n.realm),
                _ => Kind::Exotic(d.methods().and_then(|m| m.construct)),
            }
        };
        match kind {
            Kind::Closure(bc, refs, realm) => {
                let realm_rc = self.rt.realm(realm);
                let fcx = Cx {
                    rt: self.rt,
                    realm: &realm_rc,
                };
                let this = if bc.has(fn_flags::DERIVED) {
                    Value::Uninit
                } else {
                    Value::Object(ops::ordinary_create_from_constructor(&fcx, &nt)?)
                };
                let mut it = Interp::take(self.rt);
                it.stack.push(f.clone());
                it.stack.extend_from_slice(args);
                let entry = self.rt.frames.borrow().len();
                let r = it
                    .push_frame(
                        self.rt,
                        (bc, refs, realm),
                        1,
                        args.len(),
                        this,
                        Some(nt),
                        0,
                        None,
                    )
                    .and_then(|e| it.run_entered(self.rt, entry, e));
                it.give_back(self.rt);
                r
            }
            Kind::Native(nf, magic, realm) => {
                let realm = self.rt.realm(realm);
                let ncx = Cx {
                    rt: self.rt,
                    realm: &realm,
                };
                nf(
                    ncx,
                    &Args {
                        this: Value::Undefined,
                        args,
                        new_target: Some(nt),
                        callee: fo.clone(),
                        magic,
                    },
                )
            }
            Kind::Exotic(Some(construct)) => construct(self, fo, args, &nt),
            Kind::Exotic(None) => self.type_error("not a constructor"),
        }
    }

    /// Runs a compiled script: `this` is the global object.
    pub(crate) fn run_script(&self, bc: Gc<FunctionBytecode>) -> JsResult<Value> {
        let f = crate::builtins::function::new_closure(self, bc.clone(), Rc::from(Vec::new()));
        let mut it = Interp::take(self.rt);
        it.stack.push(Value::Object(f.clone()));
        let this = Value::Object(self.realm.global.clone());
        let entry = self.rt.frames.borrow().len();
        let r = it
            .push_frame(
                self.rt,
                (bc, Rc::from(Vec::new()), self.realm.index),
                1,
                0,
                this,
                None,
                0,
                None,
            )
            .and_then(|e| it.run_entered(self.rt, entry, e));
        it.give_back(self.rt);
        r
    }
}

impl Frame {
    /// Whether the frame runs the closure made of `bc` and `var_refs`
    /// (each closure has its own `var_refs`): the legacy `caller` and
    /// `arguments` of a function find its latest invocation so.
    pub(crate) fn runs(&self, bc: &Gc<FunctionBytecode>, var_refs: &Rc<[Gc<VarRef>]>) -> bool {
        Gc::ptr_eq(&self.bc, bc) && Rc::ptr_eq(&self.var_refs, var_refs)
    }

    /// The frame's closure captures (to find its function object).
    pub(crate) fn var_refs(&self) -> &Rc<[Gc<VarRef>]> {
        &self.var_refs
    }

    /// The current arguments of the call as far as the record alone can
    /// tell (without the value stack): the kept copy when more were passed
    /// than declared, else, for a function with mapped arguments, the
    /// values of the parameters' cells. `None` otherwise.
    pub(crate) fn recorded_args(&self) -> Option<Vec<Value>> {
        if let Some(a) = &self.args {
            return Some(a.to_vec());
        }
        self.bc
            .param_cells
            .get(..self.argc as usize)?
            .iter()
            .map(|&c| self.cells.get(c as usize).map(|r| r.value.borrow().clone()))
            .collect()
    }
}
