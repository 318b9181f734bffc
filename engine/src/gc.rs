//! Heap cells: reference counting, iterative freeing and the cycle collector.
//!
//! Every heap-allocated engine value (object, string, function bytecode,
//! closure variable cell, ...) lives in a [`GcBox`]: a [`Header`] followed by
//! the payload. [`Gc<T>`] is the owning, reference-counted pointer to it.
//!
//! * Freeing is deterministic: the last `Gc` dropped frees the cell.
//! * Freeing never recurses without bound: a cell whose count drops to zero
//!   while another cell is being freed is queued on a thread-local list and
//!   freed by the outermost drop, so a ten-million-long linked list is freed
//!   in a loop.
//! * Cells whose payload can refer to other collectable cells are
//!   *collectable*: they are linked into the heap's list and the cycle
//!   collector finds garbage cycles among them by trial deletion
//!   ([`Heap::collect_cycles`]).
//!
//! The one place a payload lists its children is [`Trace::trace`].

use std::cell::Cell;
use std::marker::PhantomData;
use std::ptr::NonNull;

/// The kinds of heap cells, for statistics and debugging.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum CellKind {
    String = 0,
    Object = 1,
    Bytecode = 2,
    VarRef = 3,
    BigInt = 4,
}

pub(crate) const CELL_KINDS: usize = 5;

impl CellKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            CellKind::String => "string",
            CellKind::Object => "object",
            CellKind::Bytecode => "function_bytecode",
            CellKind::VarRef => "var_ref",
            CellKind::BigInt => "bigint",
        }
    }
}

/// A payload stored in a heap cell.
///
/// `trace` must report each collectable cell this payload holds a counted
/// reference to, exactly once per reference held: the collector subtracts one
/// per reported reference, so reporting a reference that is not actually held
/// would make a live cell look like garbage. Not reporting one is safe (the
/// referenced cell is then treated as reachable from outside).
pub(crate) trait Trace: 'static {
    /// The kind reported in statistics.
    const KIND: CellKind;
    /// Whether cells of this type take part in cycle collection. Payloads that
    /// can never (transitively) refer to a collectable cell are not collectable.
    const COLLECTABLE: bool;
    /// Reports every collectable cell this payload holds a reference to.
    fn trace(&self, tracer: &mut Tracer);
    /// Drops every reference this payload holds to other cells, leaving it
    /// inert. Used by the cycle collector to break garbage cycles.
    fn clear(&self);
    /// Bytes owned outside the cell (buffers) that were reported to the heap
    /// with [`Heap::add_extra`]; subtracted when the cell is freed.
    fn extra_bytes(&self) -> usize {
        0
    }
}

/// Receives the children reported by [`Trace::trace`].
pub(crate) struct Tracer<'a> {
    visit: &'a mut dyn FnMut(NonNull<Header>),
}

impl Tracer<'_> {
    /// Reports one reference to a cell.
    pub(crate) fn edge<T: Trace>(&mut self, gc: &Gc<T>) {
        if T::COLLECTABLE {
            (self.visit)(gc.ptr.cast());
        }
    }
}

/// Per-type operations, reached from a type-erased header.
struct VTable {
    /// Drops the payload and releases the allocation.
    drop_and_free: unsafe fn(NonNull<Header>),
    trace: unsafe fn(NonNull<Header>, &mut Tracer),
    clear: unsafe fn(NonNull<Header>),
    extra: unsafe fn(NonNull<Header>) -> usize,
    size: usize,
}

/// The common prefix of every heap cell.
///
/// Invariants: `rc` counts the live `Gc` pointers to this cell; `prev`/`next`
/// link the cell into its heap's list of collectable cells iff `linked`
/// (once its count is zero and it waits to be freed, `next` links it into
/// this thread's queue of cells to free instead); `heap` points to the
/// [`Heap`] that allocated the cell, which outlives it.
pub(crate) struct Header {
    rc: Cell<u32>,
    /// Scratch count used by the cycle collector.
    gc_count: Cell<u32>,
    kind: CellKind,
    linked: Cell<bool>,
    /// Set by the cycle collector for cells reachable from outside.
    marked: Cell<bool>,
    prev: Cell<Option<NonNull<Header>>>,
    next: Cell<Option<NonNull<Header>>>,
    heap: NonNull<Heap>,
    vtable: &'static VTable,
}

/// A header followed by its payload; `#[repr(C)]` so a pointer to the box is
/// also a pointer to its header.
#[repr(C)]
pub(crate) struct GcBox<T> {
    header: Header,
    value: T,
}

/// An owning, reference-counted pointer to a heap cell.
pub(crate) struct Gc<T: Trace> {
    /// Points to a live `GcBox<T>` allocated by `Heap::alloc`; this `Gc`
    /// accounts for one unit of its `rc`.
    ptr: NonNull<GcBox<T>>,
    _marker: PhantomData<T>,
}

impl<T: Trace> Gc<T> {
    fn header(&self) -> &Header {
        // SAFETY: `ptr` points to a live GcBox (type invariant); its header is
        // valid for as long as this `Gc` holds a count.
        unsafe { &self.ptr.as_ref().header }
    }

    /// Whether two pointers refer to the same cell.
    #[inline]
    pub(crate) fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.ptr == b.ptr
    }

    /// A stable identity for the cell (its address), for hashing.
    #[inline]
    pub(crate) fn addr(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// The current reference count (for tests and diagnostics).
    #[cfg(test)]
    pub(crate) fn ref_count(&self) -> u32 {
        self.header().rc.get()
    }
}

impl<T: Trace> std::ops::Deref for Gc<T> {
    type Target = T;
    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: `ptr` points to a live GcBox (type invariant); the payload is
        // only mutated through interior mutability, so a shared borrow is fine.
        unsafe { &self.ptr.as_ref().value }
    }
}

impl<T: Trace> Clone for Gc<T> {
    #[inline]
    fn clone(&self) -> Self {
        let h = self.header();
        h.rc.set(h.rc.get().checked_add(1).expect("reference count overflow"));
        Gc {
            ptr: self.ptr,
            _marker: PhantomData,
        }
    }
}

impl<T: Trace> Drop for Gc<T> {
    #[inline]
    fn drop(&mut self) {
        let h = self.header();
        let rc = h.rc.get() - 1;
        h.rc.set(rc);
        if rc == 0 {
            release(self.ptr.cast());
        }
    }
}

thread_local! {
    /// Cells whose count reached zero while another cell was being freed: a
    /// stack linked through their headers' `next` fields. Neither this nor
    /// `DRAINING` needs a destructor, so a runtime can still be dropped while
    /// the thread's other thread-locals are being destroyed.
    static PENDING: Cell<Option<NonNull<Header>>> = const { Cell::new(None) };
    /// Whether a drop further up this thread's stack is draining `PENDING`.
    static DRAINING: Cell<bool> = const { Cell::new(false) };
}

/// Frees a cell whose count reached zero, and everything that frees with it,
/// without recursion.
#[cold]
fn release(cell: NonNull<Header>) {
    if DRAINING.with(|d| d.replace(true)) {
        // SAFETY: the count is zero: no `Gc` refers to the cell any more, so
        // this is its only user.
        unsafe { push_pending(cell) };
        return;
    }
    let mut next = Some(cell);
    while let Some(c) = next {
        // SAFETY: `c` has a zero count: no `Gc` refers to it any more, so we
        // are its only user and may free it.
        unsafe { free_cell(c) };
        next = pop_pending();
    }
    DRAINING.with(|d| d.set(false));
}

/// Queues a cell to be freed by the drain loop of [`release`], taking it off
/// its heap's list first so that `next` is free to link the queue.
///
/// # Safety
/// `cell` must be a live cell with a zero reference count, not yet queued.
unsafe fn push_pending(cell: NonNull<Header>) {
    // SAFETY: the caller guarantees the cell is live.
    let h = unsafe { cell.as_ref() };
    if h.linked.replace(false) {
        // SAFETY: the heap outlives its cells (header invariant).
        unsafe { h.heap.as_ref() }.unlink(cell);
    }
    h.next.set(PENDING.with(Cell::get));
    PENDING.with(|p| p.set(Some(cell)));
}

/// Takes the most recently queued cell off the queue.
fn pop_pending() -> Option<NonNull<Header>> {
    let cell = PENDING.with(Cell::get)?;
    // SAFETY: queued cells are live until the drain loop frees them, which
    // happens only after they are taken off the queue here.
    let next = unsafe { cell.as_ref() }.next.get();
    PENDING.with(|p| p.set(next));
    Some(cell)
}

/// # Safety
/// `cell` must be a live cell with a zero reference count.
unsafe fn free_cell(cell: NonNull<Header>) {
    // SAFETY: the caller guarantees the cell is live.
    let h = unsafe { cell.as_ref() };
    // SAFETY: the heap outlives its cells (header invariant).
    let heap = unsafe { h.heap.as_ref() };
    if h.linked.replace(false) {
        heap.unlink(cell);
    }
    heap.count[h.kind as usize].set(heap.count[h.kind as usize].get() - 1);
    heap.bytes.set(heap.bytes.get() - h.vtable.size);
    // SAFETY: the cell is live and its vtable matches its payload type.
    heap.sub_extra(unsafe { (h.vtable.extra)(cell) });
    let drop_and_free = h.vtable.drop_and_free;
    // SAFETY: the cell is live, unreferenced and unlinked.
    unsafe { drop_and_free(cell) };
}

/// # Safety
/// `cell` must point to a live, unreferenced `GcBox<T>` allocated by `Heap::alloc`.
unsafe fn drop_and_free_impl<T: Trace>(cell: NonNull<Header>) {
    // SAFETY: the box was created by `Box::into_raw` in `Heap::alloc` with
    // this exact type, and nothing refers to it any more.
    drop(unsafe { Box::from_raw(cell.cast::<GcBox<T>>().as_ptr()) });
}

/// # Safety
/// `cell` must point to a live `GcBox<T>`.
unsafe fn trace_impl<T: Trace>(cell: NonNull<Header>, tracer: &mut Tracer) {
    // SAFETY: the caller guarantees the box is live and of type `T`.
    unsafe { cell.cast::<GcBox<T>>().as_ref() }
        .value
        .trace(tracer);
}

/// # Safety
/// `cell` must point to a live `GcBox<T>`.
unsafe fn clear_impl<T: Trace>(cell: NonNull<Header>) {
    // SAFETY: the caller guarantees the box is live and of type `T`.
    unsafe { cell.cast::<GcBox<T>>().as_ref() }.value.clear();
}

/// # Safety
/// `cell` must point to a live `GcBox<T>`.
unsafe fn extra_impl<T: Trace>(cell: NonNull<Header>) -> usize {
    // SAFETY: the caller guarantees the box is live and of type `T`.
    unsafe { cell.cast::<GcBox<T>>().as_ref() }
        .value
        .extra_bytes()
}

struct VTableOf<T>(PhantomData<T>);

impl<T: Trace> VTableOf<T> {
    const VTABLE: VTable = VTable {
        drop_and_free: drop_and_free_impl::<T>,
        trace: trace_impl::<T>,
        clear: clear_impl::<T>,
        extra: extra_impl::<T>,
        size: std::mem::size_of::<GcBox<T>>(),
    };
}

/// The allocator and collector of one runtime.
///
/// Invariant: every cell in the list starting at `head` is a live, collectable
/// cell allocated by this heap. A `Heap` must outlive every cell it allocated:
/// its owner frees all cells ([`Heap::free_all`]) before dropping it, and it
/// is never moved after the first allocation (it lives behind an `Rc`).
pub(crate) struct Heap {
    head: Cell<Option<NonNull<Header>>>,
    bytes: Cell<usize>,
    /// Extra bytes owned by cells (element vectors, string data), as reported.
    extra_bytes: Cell<usize>,
    count: [Cell<usize>; CELL_KINDS],
    /// Collectable cells allocated since the last collection.
    allocated_since_gc: Cell<usize>,
    /// Run the collector when `allocated_since_gc` passes this.
    gc_threshold: Cell<usize>,
    collecting: Cell<bool>,
    /// Memory limit in bytes.
    limit: Cell<usize>,
    /// Set when the limit is passed or a collection is due; polled by the VM.
    attention: Cell<bool>,
    /// GC stress mode: collect every `stress` collectable allocations (0: off).
    stress: Cell<u32>,
    /// Collectable allocations since the last stress collection.
    stress_count: Cell<u32>,
}

/// What [`Heap::stats`] reports.
#[derive(Clone, Debug, Default)]
pub(crate) struct HeapStats {
    pub bytes: usize,
    pub counts: [usize; CELL_KINDS],
}

const INITIAL_GC_THRESHOLD: usize = 10_000;

impl Heap {
    pub(crate) fn new() -> Heap {
        let heap = Heap {
            head: Cell::new(None),
            bytes: Cell::new(0),
            extra_bytes: Cell::new(0),
            count: Default::default(),
            allocated_since_gc: Cell::new(0),
            gc_threshold: Cell::new(INITIAL_GC_THRESHOLD),
            collecting: Cell::new(false),
            limit: Cell::new(usize::MAX),
            attention: Cell::new(false),
            stress: Cell::new(0),
            stress_count: Cell::new(0),
        };
        LEAKS.with(|l| l.live_heaps.set(l.live_heaps.get() + 1));
        heap
    }

    /// GC stress mode: with `Some(n)`, the cycle collector runs before every
    /// `n`-th allocation of a collectable cell (`n = 1`: before each one), in
    /// addition to its normal schedule. The collector may run at any point
    /// where it can allocate: every cell is reference counted, so whatever
    /// the engine holds in Rust locals counts as a root, and `trace`/`clear`
    /// skip cells that are borrowed at that moment. Stress mode makes that
    /// guarantee observable.
    pub(crate) fn set_gc_stress(&self, every: Option<u32>) {
        self.stress.set(every.unwrap_or(0));
        self.stress_count.set(0);
    }

    pub(crate) fn set_limit(&self, limit: usize) {
        self.limit.set(limit);
        self.check_attention();
    }

    pub(crate) fn limit(&self) -> usize {
        self.limit.get()
    }

    /// Whether the VM should look at the heap (limit passed or collection due).
    #[inline]
    pub(crate) fn attention(&self) -> bool {
        self.attention.get()
    }

    pub(crate) fn clear_attention(&self) {
        self.attention.set(false);
        self.check_attention();
    }

    #[inline]
    fn check_attention(&self) {
        if self.bytes() > self.limit.get()
            || self.allocated_since_gc.get() > self.gc_threshold.get()
        {
            self.attention.set(true);
        }
    }

    pub(crate) fn over_limit(&self) -> bool {
        self.bytes() > self.limit.get()
    }

    /// Allocates a cell holding `value` with a count of one.
    pub(crate) fn alloc<T: Trace>(&self, value: T) -> Gc<T> {
        if T::COLLECTABLE && self.stress.get() != 0 {
            self.stress_tick();
        }
        let vtable: &'static VTable = &VTableOf::<T>::VTABLE;
        let boxed = Box::new(GcBox {
            header: Header {
                rc: Cell::new(1),
                gc_count: Cell::new(0),
                kind: T::KIND,
                linked: Cell::new(T::COLLECTABLE),
                marked: Cell::new(false),
                prev: Cell::new(None),
                next: Cell::new(None),
                heap: NonNull::from(self),
                vtable,
            },
            value,
        });
        let ptr = NonNull::from(Box::leak(boxed));
        self.bytes.set(self.bytes.get() + vtable.size);
        let c = &self.count[T::KIND as usize];
        c.set(c.get() + 1);
        if T::COLLECTABLE {
            self.link(ptr.cast());
            self.allocated_since_gc
                .set(self.allocated_since_gc.get() + 1);
        }
        self.check_attention();
        Gc {
            ptr,
            _marker: PhantomData,
        }
    }

    #[cold]
    fn stress_tick(&self) {
        let n = self.stress_count.get() + 1;
        if n >= self.stress.get() {
            self.stress_count.set(0);
            self.collect_cycles();
        } else {
            self.stress_count.set(n);
        }
    }

    fn link(&self, cell: NonNull<Header>) {
        // SAFETY: `cell` is live (just allocated) and not yet linked; the
        // current head, if any, is a live cell of this heap (list invariant).
        unsafe {
            let h = cell.as_ref();
            h.next.set(self.head.get());
            h.prev.set(None);
            if let Some(old) = self.head.get() {
                old.as_ref().prev.set(Some(cell));
            }
        }
        self.head.set(Some(cell));
    }

    fn unlink(&self, cell: NonNull<Header>) {
        // SAFETY: `cell` and its neighbours are live cells of this list.
        unsafe {
            let h = cell.as_ref();
            let (prev, next) = (h.prev.get(), h.next.get());
            match prev {
                Some(p) => p.as_ref().next.set(next),
                None => self.head.set(next),
            }
            if let Some(n) = next {
                n.as_ref().prev.set(prev);
            }
        }
    }

    /// Bytes currently held by cells, including reported extra bytes.
    pub(crate) fn bytes(&self) -> usize {
        self.bytes.get() + self.extra_bytes.get()
    }

    /// Records `n` bytes owned by a cell outside its box (buffers).
    pub(crate) fn add_extra(&self, n: usize) {
        self.extra_bytes.set(self.extra_bytes.get() + n);
        self.check_attention();
    }

    /// Records that `n` previously reported extra bytes were released.
    pub(crate) fn sub_extra(&self, n: usize) {
        self.extra_bytes
            .set(self.extra_bytes.get().saturating_sub(n));
    }

    pub(crate) fn stats(&self) -> HeapStats {
        let mut counts = [0; CELL_KINDS];
        for (i, c) in self.count.iter().enumerate() {
            counts[i] = c.get();
        }
        HeapStats {
            bytes: self.bytes(),
            counts,
        }
    }

    /// Whether enough collectable cells were allocated to warrant a collection.
    #[inline]
    pub(crate) fn should_collect(&self) -> bool {
        self.allocated_since_gc.get() > self.gc_threshold.get()
    }

    fn for_each_cell(&self, mut f: impl FnMut(NonNull<Header>)) {
        let mut cur = self.head.get();
        while let Some(c) = cur {
            // SAFETY: list cells are live (list invariant); `f` does not free cells.
            cur = unsafe { c.as_ref() }.next.get();
            f(c);
        }
    }

    /// Finds and frees garbage cycles by trial deletion:
    /// 1. every cell's scratch count starts at its reference count;
    /// 2. each reference from one collectable cell to another is subtracted,
    ///    leaving only references from outside (stacks, the embedder, roots);
    /// 3. cells with outside references, and everything they reach, are live;
    /// 4. the rest is garbage: its cells are cleared, which breaks the cycles
    ///    and lets reference counting free them.
    ///
    /// The threshold for the next automatic run grows with the surviving heap.
    pub(crate) fn collect_cycles(&self) {
        if self.collecting.replace(true) {
            return;
        }
        // Steps 1 and 2.
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            h.gc_count.set(h.rc.get());
            h.marked.set(false);
        });
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            let mut visit = |child: NonNull<Header>| {
                // SAFETY: a traced child is a live collectable cell: the
                // parent holds a counted reference to it.
                let ch = unsafe { child.as_ref() };
                ch.gc_count.set(ch.gc_count.get().wrapping_sub(1));
            };
            let mut tracer = Tracer { visit: &mut visit };
            // SAFETY: `c` is live and its vtable matches its payload type.
            unsafe { (h.vtable.trace)(c, &mut tracer) };
        });
        // Step 3.
        let mut stack: Vec<NonNull<Header>> = Vec::new();
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            if unsafe { c.as_ref() }.gc_count.get() != 0 {
                stack.push(c);
            }
        });
        while let Some(c) = stack.pop() {
            // SAFETY: cells on the stack are live list cells or traced children.
            let h = unsafe { c.as_ref() };
            if h.marked.replace(true) {
                continue;
            }
            let mut visit = |child: NonNull<Header>| {
                // SAFETY: traced children are live.
                if !unsafe { child.as_ref() }.marked.get() {
                    stack.push(child);
                }
            };
            let mut tracer = Tracer { visit: &mut visit };
            // SAFETY: `c` is live and its vtable matches its payload type.
            unsafe { (h.vtable.trace)(c, &mut tracer) };
        }
        // Step 4.
        let mut garbage = Vec::new();
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            if !h.marked.get() {
                // Hold the cell so clearing others cannot free it yet.
                h.rc.set(h.rc.get() + 1);
                garbage.push(c);
            }
            h.marked.set(false);
        });
        self.free_held(garbage);
        self.allocated_since_gc.set(0);
        let live = self.count[CellKind::Object as usize].get()
            + self.count[CellKind::VarRef as usize].get();
        self.gc_threshold.set(INITIAL_GC_THRESHOLD.max(live));
        self.collecting.set(false);
    }

    /// Clears and releases cells that the caller holds one extra count on.
    fn free_held(&self, cells: Vec<NonNull<Header>>) {
        for &c in &cells {
            // SAFETY: we hold a count on each cell, so it is live.
            let h = unsafe { c.as_ref() };
            // SAFETY: `c` is live and its vtable matches its payload type.
            unsafe { (h.vtable.clear)(c) };
        }
        for c in cells {
            // SAFETY: we still hold the extra count taken above.
            let h = unsafe { c.as_ref() };
            let rc = h.rc.get() - 1;
            h.rc.set(rc);
            if rc == 0 {
                release(c);
            }
        }
    }

    /// Clears every remaining collectable cell, so that everything is freed
    /// (used when the runtime is dropped). Returns how many cells were cleared.
    pub(crate) fn free_all(&self) -> usize {
        let mut cells = Vec::new();
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            h.rc.set(h.rc.get() + 1);
            cells.push(c);
        });
        let n = cells.len();
        self.free_held(cells);
        n
    }

    /// Live cells, all kinds.
    pub(crate) fn live_cells(&self) -> usize {
        self.count.iter().map(|c| c.get()).sum()
    }
}

/// Leak accounting of the heaps of one thread (see [`leak_report`]).
struct Leaks {
    /// Heaps created and not yet dropped.
    live_heaps: Cell<usize>,
    /// Cells still live when their heap was dropped, summed over heaps.
    leaked_cells: Cell<usize>,
}

thread_local! {
    static LEAKS: Leaks = const {
        Leaks {
            live_heaps: Cell::new(0),
            leaked_cells: Cell::new(0),
        }
    };
}

/// This thread's heaps not yet dropped, and the cells that were still live
/// when a heap of this thread was dropped. Both are zero after every runtime
/// created on the thread has been dropped without leaking; release builds
/// check them here, debug builds also assert at the drop itself.
pub(crate) fn leak_report() -> (usize, usize) {
    LEAKS.with(|l| (l.live_heaps.get(), l.leaked_cells.get()))
}

impl Drop for Heap {
    fn drop(&mut self) {
        let live = self.live_cells();
        LEAKS.with(|l| {
            l.live_heaps.set(l.live_heaps.get().saturating_sub(1));
            l.leaked_cells.set(l.leaked_cells.get() + live);
        });
        // Every cell must be gone by now: its owner freed them all.
        if !std::thread::panicking() {
            debug_assert_eq!(live, 0, "heap dropped with live cells");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    struct Node {
        next: RefCell<Option<Gc<Node>>>,
    }

    impl Trace for Node {
        const KIND: CellKind = CellKind::Object;
        const COLLECTABLE: bool = true;
        fn trace(&self, t: &mut Tracer) {
            if let Some(n) = &*self.next.borrow() {
                t.edge(n);
            }
        }
        fn clear(&self) {
            self.next.borrow_mut().take();
        }
    }

    fn node(heap: &Heap) -> Gc<Node> {
        heap.alloc(Node {
            next: RefCell::new(None),
        })
    }

    #[test]
    fn drop_frees() {
        let heap = Heap::new();
        let a = node(&heap);
        let b = a.clone();
        assert_eq!(a.ref_count(), 2);
        drop(a);
        assert_eq!(heap.live_cells(), 1);
        drop(b);
        assert_eq!(heap.live_cells(), 0);
        assert_eq!(heap.bytes(), 0);
    }

    /// Sizes for tests that are slow under Miri.
    const fn big(n: usize) -> usize {
        if cfg!(miri) { n / 100 } else { n }
    }

    #[test]
    fn long_chain_frees_without_recursion() {
        let heap = Heap::new();
        let mut head = node(&heap);
        for _ in 0..big(200_000) {
            let n = node(&heap);
            *n.next.borrow_mut() = Some(head);
            head = n;
        }
        drop(head);
        assert_eq!(heap.live_cells(), 0);
    }

    #[test]
    fn cycles_are_collected_and_live_cells_kept() {
        let heap = Heap::new();
        let a = node(&heap);
        let b = node(&heap);
        *a.next.borrow_mut() = Some(b.clone());
        *b.next.borrow_mut() = Some(a.clone());
        drop(b);
        let keep = node(&heap);
        let kept_child = node(&heap);
        *keep.next.borrow_mut() = Some(kept_child);
        heap.collect_cycles();
        assert_eq!(heap.live_cells(), 4, "a is still referenced from here");
        drop(a);
        heap.collect_cycles();
        assert_eq!(heap.live_cells(), 2);
        assert!(keep.next.borrow().is_some());
        drop(keep);
        assert_eq!(heap.live_cells(), 0);
    }

    #[test]
    fn stress_mode_collects_before_allocations() {
        let heap = Heap::new();
        heap.set_gc_stress(Some(1));
        let keep = node(&heap);
        for _ in 0..50 {
            let a = node(&heap);
            *a.next.borrow_mut() = Some(a.clone());
            let b = node(&heap);
            *b.next.borrow_mut() = keep.next.borrow_mut().take();
            *keep.next.borrow_mut() = Some(b);
        }
        // Every self-cycle but the last was collected before a later
        // allocation; the chain hanging off `keep` survived.
        assert_eq!(heap.live_cells(), 1 + 50 + 1);
        let mut n = 0;
        let mut cur = keep.next.borrow().clone();
        while let Some(c) = cur {
            n += 1;
            cur = c.next.borrow().clone();
        }
        assert_eq!(n, 50);
        heap.set_gc_stress(None);
        drop(keep);
        heap.collect_cycles();
        assert_eq!(heap.live_cells(), 0);
    }

    #[test]
    fn clearing_a_long_cycle_frees_it_through_the_queue() {
        let heap = Heap::new();
        let tail = node(&heap);
        let mut head = tail.clone();
        for _ in 0..big(10_000) {
            let n = node(&heap);
            *n.next.borrow_mut() = Some(head);
            head = n;
        }
        *tail.next.borrow_mut() = Some(head);
        drop(tail);
        assert_eq!(heap.live_cells(), big(10_000) + 1);
        heap.collect_cycles();
        assert_eq!(heap.live_cells(), 0);
    }

    #[test]
    fn leak_report_counts_live_heaps_and_leaked_cells() {
        std::thread::spawn(|| {
            let heap = Heap::new();
            assert_eq!(leak_report(), (1, 0));
            let a = node(&heap);
            drop(a);
            drop(heap);
            assert_eq!(leak_report(), (0, 0));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn free_all_breaks_everything() {
        let heap = Heap::new();
        let a = node(&heap);
        *a.next.borrow_mut() = Some(a.clone());
        drop(a);
        assert_eq!(heap.live_cells(), 1);
        heap.free_all();
        assert_eq!(heap.live_cells(), 0);
    }
}
