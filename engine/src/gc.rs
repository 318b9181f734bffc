//! Heap cells: reference counting, iterative freeing and the cycle collector.
//!
//! Every heap-allocated engine value (object, string, function bytecode,
//! closure variable cell, ...) lives in a [`GcBox`]: a [`Header`] followed by
//! the payload. [`Gc<T>`] is the owning, reference-counted pointer to it.
//!
//! * Freeing is deterministic: the last `Gc` dropped frees the cell.
//! * Freeing never recurses without bound: a cell whose count drops to zero
//!   while another cell is being freed is queued on its heap's list and
//!   freed by the outermost drop, so a ten-million-long linked list is freed
//!   in a loop.
//! * Cells whose payload can refer to other collectable cells are
//!   *collectable*: they are linked into the heap's list and the cycle
//!   collector finds garbage cycles among them by trial deletion
//!   ([`Heap::collect_cycles`]).
//!
//! * Weak references: a cell may become a *weak target* ([`Heap::weak_ref`],
//!   [`Heap::add_weak_holder`]). The heap keeps a registry of weak targets by
//!   address; freeing a target removes its entry and tells its holders
//!   ([`WeakHolder`]) at once, so weak tables never keep entries of freed
//!   cells. Cells that never became weak targets pay one flag test when freed.
//! * Ephemerons: a weak table reports each value through
//!   [`Tracer::ephemeron`], which the collector follows only once the key is
//!   known to be alive.
//!
//! The one place a payload lists its children is [`Trace::trace`].

use std::alloc::Layout;
use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::rc::{Rc, Weak};

use hashbrown::HashMap;

/// The kinds of heap cells, for statistics and debugging.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub(crate) enum CellKind {
    String = 0,
    Object = 1,
    Bytecode = 2,
    VarRef = 3,
    BigInt = 4,
    Symbol = 5,
}

pub(crate) const CELL_KINDS: usize = 6;

impl CellKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            CellKind::String => "string",
            CellKind::Object => "object",
            CellKind::Bytecode => "function_bytecode",
            CellKind::VarRef => "var_ref",
            CellKind::BigInt => "bigint",
            CellKind::Symbol => "symbol",
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
    /// While the collector marks live cells: the weak-target registry, to
    /// decide whether an ephemeron's key is alive. `None` while counting
    /// references, when every ephemeron value is reported.
    marking: Option<&'a HashMap<usize, WeakEntry>>,
    /// Set when an ephemeron was passed over because its key was not marked
    /// (yet).
    skipped: bool,
}

impl<'a> Tracer<'a> {
    /// Reports one reference to a cell.
    pub(crate) fn edge<T: Trace>(&mut self, gc: &Gc<T>) {
        if T::COLLECTABLE {
            (self.visit)(gc.ptr.cast());
        }
    }

    /// Reports the references of an ephemeron table entry whose key is the
    /// weak target at `key` (a [`WeakGc::addr`] or [`Gc::addr`]): `report`
    /// reports the counted references the entry holds (its value). When
    /// marking, they are followed only if the key is itself marked live.
    pub(crate) fn ephemeron(&mut self, key: usize, report: impl FnOnce(&mut Tracer<'a>)) {
        match self.marking {
            None => report(self),
            Some(registry) => {
                if !registry.contains_key(&key) {
                    // Not a live weak target: the entry is dead.
                    return;
                }
                // SAFETY: registry entries exist exactly while their cell is
                // live (`free_cell` removes them), so `key` is a live header.
                let marked = unsafe { &*(key as *const Header) }.marked();
                if marked {
                    report(self);
                } else {
                    self.skipped = true;
                }
            }
        }
    }
}

/// Something that refers weakly to cells (a weak table, a finalization
/// registry) and must hear when one of them is freed.
pub(crate) trait WeakHolder: 'static {
    /// The cell at `addr`, registered with [`Heap::add_weak_holder`], is being
    /// freed. Runs inside the free: it may drop references (their cells are
    /// freed afterwards) but must not run JavaScript or allocate cells.
    /// Returns whether the holder wants a follow-up (it is then returned by
    /// [`Heap::take_cleanups`]).
    fn target_freed(&self, addr: usize) -> bool;
    /// For downcasting the holders returned by [`Heap::take_cleanups`].
    fn into_any(self: Rc<Self>) -> Rc<dyn Any>;
}

/// The registry entry of a weak target.
pub(crate) struct WeakEntry {
    /// Unique for the heap's life, so a [`WeakGc`] never mistakes a new cell
    /// allocated at a freed target's address for the target.
    id: u64,
    holders: Vec<Weak<dyn WeakHolder>>,
}

/// An uncounted pointer to a weak target. It does not keep the cell alive;
/// [`Heap::upgrade`] gives a counted pointer back while the cell lives.
pub(crate) struct WeakGc<T: Trace> {
    ptr: NonNull<GcBox<T>>,
    id: u64,
}

impl<T: Trace> Clone for WeakGc<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Trace> Copy for WeakGc<T> {}

impl<T: Trace> WeakGc<T> {
    /// The target's address (its identity while it lives).
    pub(crate) fn addr(&self) -> usize {
        self.ptr.as_ptr() as usize
    }

    /// The target's registration id (its identity forever).
    pub(crate) fn id(&self) -> u64 {
        self.id
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
    kind: CellKind,
}

/// What the cells of one payload type in one heap share: their heap and
/// their vtable. Allocated by the heap the first time it allocates a cell
/// of that type and freed when the heap is dropped, so one pointer in each
/// header reaches both.
struct TypeMeta {
    heap: NonNull<Heap>,
    vtable: &'static VTable,
    type_id: TypeId,
}

/// The index bits of `Header::bits` of a cell that is not in its heap's
/// collectable list; also the most cells the list holds.
const NOT_LINKED: u32 = INDEX_MASK;
/// `Header::bits`: the cell's index in its heap's collectable list...
const INDEX_MASK: u32 = (1 << 30) - 1;
/// ... set by the cycle collector for cells reachable from outside ...
const MARKED: u32 = 1 << 30;
/// ... and whether the cell is in its heap's weak-target registry.
const WEAK: u32 = 1 << 31;

/// The common prefix of every heap cell: 16 bytes.
///
/// Invariants: `rc` counts the live `Gc` pointers to this cell; the index
/// bits of `bits` are the cell's position in its heap's list of collectable
/// cells, or `NOT_LINKED`; `meta` points to the [`TypeMeta`] of the cell's
/// payload type in the [`Heap`] that allocated it, which outlives the cell.
/// The collector's scratch counts live in a table of its own
/// ([`Heap::collect_cycles`]), indexed like the list.
pub(crate) struct Header {
    rc: Cell<u32>,
    /// The list index and the `MARKED` and `WEAK` flags.
    bits: Cell<u32>,
    meta: NonNull<TypeMeta>,
}

const _: () = assert!(std::mem::size_of::<Header>() == 16);

impl Header {
    #[inline]
    fn index(&self) -> u32 {
        self.bits.get() & INDEX_MASK
    }

    #[inline]
    fn set_index(&self, i: u32) {
        self.bits
            .set((self.bits.get() & !INDEX_MASK) | (i & INDEX_MASK));
    }

    #[inline]
    fn marked(&self) -> bool {
        self.bits.get() & MARKED != 0
    }

    /// Sets or clears the mark; returns whether it was set before.
    #[inline]
    fn set_marked(&self, on: bool) -> bool {
        let b = self.bits.get();
        self.bits.set(if on { b | MARKED } else { b & !MARKED });
        b & MARKED != 0
    }

    #[inline]
    fn weak(&self) -> bool {
        self.bits.get() & WEAK != 0
    }

    fn meta(&self) -> &TypeMeta {
        // SAFETY: the meta lives as long as the heap, which outlives its
        // cells (header invariant).
        unsafe { self.meta.as_ref() }
    }

    fn vtable(&self) -> &'static VTable {
        self.meta().vtable
    }

    /// The heap that allocated the cell.
    fn heap(&self) -> &Heap {
        // SAFETY: the heap outlives its cells (header invariant) and never
        // moves after its first allocation (`Heap` invariant).
        unsafe { self.meta().heap.as_ref() }
    }
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

/// Frees a cell whose count reached zero, and everything that frees with it,
/// without recursion: a cell of the same heap whose count drops to zero
/// meanwhile is queued on the heap's `pending` list and freed by this loop.
#[cold]
fn release(cell: NonNull<Header>) {
    // SAFETY: the count is zero: no `Gc` refers to the cell any more, so this
    // is its only user; the cell is live until freed below.
    let heap = unsafe { cell.as_ref() }.heap();
    if heap.draining.replace(true) {
        heap.pending.borrow_mut().push(cell);
        return;
    }
    let mut next = Some(cell);
    while let Some(c) = next {
        // SAFETY: `c` has a zero count: no `Gc` refers to it any more, so we
        // are its only user and may free it; queued cells stay live until
        // they are taken off the queue here.
        unsafe { free_cell(c) };
        next = heap.pending.borrow_mut().pop();
    }
    heap.draining.set(false);
}

/// # Safety
/// `cell` must be a live cell with a zero reference count.
unsafe fn free_cell(cell: NonNull<Header>) {
    // SAFETY: the caller guarantees the cell is live.
    let h = unsafe { cell.as_ref() };
    let heap = h.heap();
    let vtable = h.vtable();
    if h.index() != NOT_LINKED {
        heap.unlink(h);
    }
    if h.weak() {
        heap.weak_target_freed(cell.as_ptr() as usize);
    }
    let count = &heap.count[vtable.kind as usize];
    count.set(count.get() - 1);
    heap.bytes.set(heap.bytes.get() - vtable.size);
    // SAFETY: the cell is live and its vtable matches its payload type.
    heap.sub_extra(unsafe { (vtable.extra)(cell) });
    // SAFETY: the cell is live, unreferenced and unlinked.
    unsafe { (vtable.drop_and_free)(cell) };
}

/// # Safety
/// `cell` must point to a live, unreferenced `GcBox<T>` allocated by `Heap::alloc`.
unsafe fn drop_and_free_impl<T: Trace>(cell: NonNull<Header>) {
    // SAFETY: the cell is live (caller), and its heap outlives it (header
    // invariant), so the heap is still there after the cell is dropped.
    let heap: *const Heap = unsafe { cell.as_ref() }.heap();
    let ptr = cell.cast::<GcBox<T>>();
    // SAFETY: the box was written by `Heap::alloc` with this exact type,
    // and nothing refers to it any more.
    unsafe { std::ptr::drop_in_place(ptr.as_ptr()) };
    // SAFETY: the block came from this heap's pool with this layout and
    // its contents were just dropped; the heap is alive (see above).
    unsafe { (*heap).pool.give(ptr.cast(), Layout::new::<GcBox<T>>()) };
}

/// Free lists of cell memory by size class. A freed cell of at most
/// `POOL_CLASSES * POOL_GRAIN` bytes goes back to its class's list (while
/// the list holds less than `POOL_KEEP_BYTES`) and the next cell of that
/// class reuses it: the steady churn of short-lived objects, strings and
/// closure cells skips the system allocator.
///
/// Invariant: a cell whose layout has a class is allocated with that
/// class's layout (`pool_layout`), whether it came from a list or from the
/// system; every list entry is such a block, unused, whose first word holds
/// the next entry. Cells without a class use their own layout.
struct CellPool {
    heads: [Cell<Option<NonNull<FreeBlock>>>; POOL_CLASSES],
    lens: [Cell<usize>; POOL_CLASSES],
}

/// An unused pooled block: the link to the next one.
struct FreeBlock {
    next: Option<NonNull<FreeBlock>>,
}

/// Cell sizes are multiples of 8, so a class is one exact size: rounding
/// a cell up would cost memory in the system allocator's own size classes.
const POOL_GRAIN: usize = 8;
const POOL_CLASSES: usize = 32;
const POOL_KEEP_BYTES: usize = 128 * 1024;

/// The size class of a cell with `layout`, if it is pooled.
#[inline]
fn pool_class(layout: Layout) -> Option<usize> {
    let small = layout.size() <= POOL_GRAIN * POOL_CLASSES && layout.align() <= POOL_GRAIN;
    (small && layout.size() >= std::mem::size_of::<FreeBlock>())
        .then(|| layout.size().div_ceil(POOL_GRAIN) - 1)
}

/// The layout every block of size class `class` is allocated with.
#[inline]
fn pool_layout(class: usize) -> Layout {
    match Layout::from_size_align((class + 1) * POOL_GRAIN, POOL_GRAIN) {
        Ok(l) => l,
        Err(_) => unreachable!("pool classes are small powers-of-two aligned"),
    }
}

/// The layout a cell with payload layout `layout` is allocated with.
#[inline]
fn block_layout(layout: Layout) -> Layout {
    pool_class(layout).map_or(layout, pool_layout)
}

impl CellPool {
    fn new() -> CellPool {
        CellPool {
            heads: Default::default(),
            lens: Default::default(),
        }
    }

    /// Memory for a cell of `layout` (at least that size and alignment).
    #[inline]
    fn take(&self, layout: Layout) -> NonNull<u8> {
        if let Some(c) = pool_class(layout)
            && let Some(b) = self.heads[c].get()
        {
            // SAFETY: list entries are unused blocks whose first word holds
            // the next entry (invariant).
            self.heads[c].set(unsafe { b.as_ref() }.next);
            self.lens[c].set(self.lens[c].get() - 1);
            return b.cast();
        }
        let l = block_layout(layout);
        // SAFETY: `l` has a non-zero size: every cell has a header.
        let p = unsafe { std::alloc::alloc(l) };
        NonNull::new(p).unwrap_or_else(|| std::alloc::handle_alloc_error(l))
    }

    /// Returns the memory of a cell.
    ///
    /// # Safety
    /// `p` came from `take(layout)` of this pool with the same `layout`, and
    /// nothing uses it any more.
    #[inline]
    unsafe fn give(&self, p: NonNull<u8>, layout: Layout) {
        if let Some(c) = pool_class(layout)
            && (self.lens[c].get() + 1) * pool_layout(c).size() <= POOL_KEEP_BYTES
        {
            let b = p.cast::<FreeBlock>();
            // SAFETY: the block is unused and, allocated with the class's
            // layout, large and aligned enough for a `FreeBlock`.
            unsafe {
                b.as_ptr().write(FreeBlock {
                    next: self.heads[c].get(),
                })
            };
            self.heads[c].set(Some(b));
            self.lens[c].set(self.lens[c].get() + 1);
            return;
        }
        // SAFETY: the block was allocated by `take` with this layout.
        unsafe { std::alloc::dealloc(p.as_ptr(), block_layout(layout)) };
    }

    /// Gives every pooled block back to the system.
    fn drain(&self) {
        for (c, head) in self.heads.iter().enumerate() {
            while let Some(b) = head.get() {
                // SAFETY: list entries are unused blocks of class `c` whose
                // first word holds the next entry (invariant).
                head.set(unsafe { b.as_ref() }.next);
                // SAFETY: allocated with the class's layout, now unlisted.
                unsafe { std::alloc::dealloc(b.as_ptr().cast(), pool_layout(c)) };
            }
            self.lens[c].set(0);
        }
    }
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
        kind: T::KIND,
    };
}

/// Pushes the unmarked children of the marked cell `c` on `stack`; returns
/// whether an ephemeron was passed over because its key is not marked.
fn mark_children(
    c: NonNull<Header>,
    stack: &mut Vec<NonNull<Header>>,
    registry: &HashMap<usize, WeakEntry>,
) -> bool {
    // SAFETY: `c` is a live list cell or a traced child of one.
    let h = unsafe { c.as_ref() };
    let mut visit = |child: NonNull<Header>| {
        // SAFETY: traced children are live.
        if !unsafe { child.as_ref() }.marked() {
            stack.push(child);
        }
    };
    let mut tracer = Tracer {
        visit: &mut visit,
        marking: Some(registry),
        skipped: false,
    };
    // SAFETY: `c` is live and its vtable matches its payload type.
    unsafe { (h.vtable().trace)(c, &mut tracer) };
    tracer.skipped
}

/// The allocator and collector of one runtime.
///
/// Invariant: `cells[i]` is a live, collectable cell allocated by this heap
/// whose header index is `i`, and every collectable live cell is in
/// `cells` (short of 2^30 of them, see `Heap::link`). A `Heap` must outlive every cell it allocated: its owner frees
/// all cells ([`Heap::free_all`]) before dropping it, and it is never moved
/// after the first allocation (it lives behind an `Rc`).
pub(crate) struct Heap {
    /// The collectable cells (unordered: removal swaps the last one in).
    cells: RefCell<Vec<NonNull<Header>>>,
    /// The type metas this heap allocated (see [`TypeMeta`]), owned: made by
    /// `Box::into_raw`, freed when the heap is dropped.
    metas: RefCell<Vec<NonNull<TypeMeta>>>,
    /// The meta last used for each cell kind, to find it without a search.
    meta_cache: [Cell<Option<NonNull<TypeMeta>>>; CELL_KINDS],
    /// Cells whose count reached zero while another cell was being freed,
    /// freed by the drain loop of [`release`].
    pending: RefCell<Vec<NonNull<Header>>>,
    /// Whether a drop further up the stack is draining `pending`.
    draining: Cell<bool>,
    bytes: Cell<usize>,
    /// Extra bytes owned by cells (element vectors, string data), as reported.
    extra_bytes: Cell<usize>,
    count: [Cell<usize>; CELL_KINDS],
    /// Run the collector when the number of live collectable cells passes
    /// this (see [`Heap::collect_cycles`] for how it is set).
    gc_threshold: Cell<usize>,
    collecting: Cell<bool>,
    /// Memory limit in bytes.
    limit: Cell<usize>,
    /// Set when the limit is passed or a collection is due; polled by the VM.
    attention: Cell<bool>,
    /// Set by the runtime's drop when the embedder still holds values: their
    /// cells outlive the heap (leaked, never touched again).
    held_outside: Cell<bool>,
    /// Weak targets by address. Invariant: an entry exists exactly while its
    /// cell is live and has the `WEAK` flag set.
    weak: RefCell<HashMap<usize, WeakEntry>>,
    next_weak_id: Cell<u64>,
    /// Holders that asked for a follow-up when one of their targets was freed.
    cleanups: RefCell<Vec<Weak<dyn WeakHolder>>>,
    /// Memory of freed cells, reused by later ones.
    pool: CellPool,
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

/// In GC stress mode, collections happen at the requested rate while at most
/// this many collectable cells are live...
const STRESS_FULL_LIMIT: usize = 16_384;
/// ... and beyond, at most once every `live / STRESS_LARGE_HEAP_DIVISOR`
/// collectable allocations.
const STRESS_LARGE_HEAP_DIVISOR: usize = 64;

impl Heap {
    pub(crate) fn new() -> Heap {
        let heap = Heap {
            cells: RefCell::new(Vec::new()),
            metas: RefCell::new(Vec::new()),
            meta_cache: Default::default(),
            pending: RefCell::new(Vec::new()),
            draining: Cell::new(false),
            bytes: Cell::new(0),
            extra_bytes: Cell::new(0),
            count: Default::default(),
            gc_threshold: Cell::new(INITIAL_GC_THRESHOLD),
            collecting: Cell::new(false),
            limit: Cell::new(usize::MAX),
            attention: Cell::new(false),
            held_outside: Cell::new(false),
            weak: RefCell::new(HashMap::new()),
            next_weak_id: Cell::new(0),
            cleanups: RefCell::new(Vec::new()),
            pool: CellPool::new(),
            stress: Cell::new(0),
            stress_count: Cell::new(0),
        };
        LEAKS.with(|l| l.live_heaps.set(l.live_heaps.get() + 1));
        heap
    }

    /// GC stress mode: with `Some(n)`, the cycle collector runs before every
    /// `n`-th allocation of a collectable cell (`n = 1`: before each one), in
    /// addition to its normal schedule. While more than 16,384 collectable
    /// cells are live it runs at most every `live / 64` allocations, so a
    /// big heap costs a bounded factor rather than a quadratic one. The collector may run at any point
    /// where it can allocate: every cell is reference counted, so whatever
    /// the engine holds in Rust locals counts as a root, and `trace`/`clear`
    /// skip cells that are borrowed at that moment. Stress mode makes that
    /// guarantee observable.
    pub(crate) fn set_gc_stress(&self, every: Option<u32>) {
        self.stress.set(every.unwrap_or(0));
        self.stress_count.set(0);
    }

    /// Records that values held outside the runtime keep some cells alive
    /// past the heap (see `api::JsValue`), so dropping the heap with live
    /// cells is expected.
    pub(crate) fn set_held_outside(&self) {
        self.held_outside.set(true);
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
        if self.bytes() > self.limit.get() || self.live_collectable() > self.gc_threshold.get() {
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
        let ptr = self.pool.take(Layout::new::<GcBox<T>>()).cast::<GcBox<T>>();
        // SAFETY: the pool's block is unused and large and aligned enough
        // for a `GcBox<T>`.
        unsafe {
            ptr.as_ptr().write(GcBox {
                header: Header {
                    rc: Cell::new(1),
                    bits: Cell::new(NOT_LINKED),
                    meta: self.meta_of::<T>(),
                },
                value,
            })
        };
        self.bytes
            .set(self.bytes.get() + std::mem::size_of::<GcBox<T>>());
        let c = &self.count[T::KIND as usize];
        c.set(c.get() + 1);
        if T::COLLECTABLE {
            self.link(ptr.cast());
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
        // A collection costs time in proportion to the live cells: past
        // `STRESS_FULL_LIMIT` of them, collect proportionally less often,
        // so that a program with a big heap stays linear in its allocations
        // instead of quadratic (a 100,000-deep recursion allocating a
        // closure per call would take hours at every allocation).
        let live = self.live_collectable();
        let every = if live > STRESS_FULL_LIMIT {
            self.stress
                .get()
                .max((live / STRESS_LARGE_HEAP_DIVISOR) as u32)
        } else {
            self.stress.get()
        };
        if n >= every {
            self.stress_count.set(0);
            self.collect_cycles();
        } else {
            self.stress_count.set(n);
        }
    }

    /// The meta of payload type `T` in this heap, made on first use.
    #[inline]
    fn meta_of<T: Trace>(&self) -> NonNull<TypeMeta> {
        if let Some(m) = self.meta_cache[T::KIND as usize].get() {
            // SAFETY: metas in the cache are owned by this heap and live.
            if unsafe { m.as_ref() }.type_id == TypeId::of::<T>() {
                return m;
            }
        }
        self.meta_slow::<T>()
    }

    #[cold]
    fn meta_slow<T: Trace>(&self) -> NonNull<TypeMeta> {
        let type_id = TypeId::of::<T>();
        let mut metas = self.metas.borrow_mut();
        // SAFETY: the heap's metas are live until it is dropped.
        let found = metas
            .iter()
            .find(|m| unsafe { m.as_ref() }.type_id == type_id);
        let meta = match found {
            Some(&m) => m,
            None => {
                let m = NonNull::from(Box::leak(Box::new(TypeMeta {
                    heap: NonNull::from(self),
                    vtable: &VTableOf::<T>::VTABLE,
                    type_id,
                })));
                metas.push(m);
                m
            }
        };
        self.meta_cache[T::KIND as usize].set(Some(meta));
        meta
    }

    fn link(&self, cell: NonNull<Header>) {
        let mut cells = self.cells.borrow_mut();
        // Every collectable cell takes more than 64 bytes, so the list never
        // nears 2^30 cells in practice; a cell beyond that stays unlinked,
        // which only keeps the collector from ever freeing it.
        let Ok(index) = u32::try_from(cells.len()) else {
            return;
        };
        if index >= NOT_LINKED {
            return;
        }
        // SAFETY: `cell` is live (just allocated) and not yet linked.
        unsafe { cell.as_ref() }.set_index(index);
        cells.push(cell);
    }

    /// Takes a linked cell off the list, moving the last cell into its place.
    fn unlink(&self, h: &Header) {
        let i = h.index() as usize;
        h.set_index(NOT_LINKED);
        let mut cells = self.cells.borrow_mut();
        cells.swap_remove(i);
        if let Some(moved) = cells.get(i) {
            // SAFETY: list cells are live (list invariant).
            unsafe { moved.as_ref() }.set_index(i as u32);
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

    /// Makes `gc` a weak target (if it is not one yet) and returns a weak
    /// pointer to it.
    pub(crate) fn weak_ref<T: Trace>(&self, gc: &Gc<T>) -> WeakGc<T> {
        let h = gc.header();
        let mut registry = self.weak.borrow_mut();
        let entry = registry.entry(gc.addr()).or_insert_with(|| {
            let id = self.next_weak_id.get();
            self.next_weak_id.set(id + 1);
            WeakEntry {
                id,
                holders: Vec::new(),
            }
        });
        h.bits.set(h.bits.get() | WEAK);
        WeakGc {
            ptr: gc.ptr,
            id: entry.id,
        }
    }

    /// Makes `gc` a weak target and arranges for `holder` to be told when it
    /// is freed (once, however often it is added).
    pub(crate) fn add_weak_holder<T: Trace>(&self, gc: &Gc<T>, holder: Weak<dyn WeakHolder>) {
        self.weak_ref(gc);
        let mut registry = self.weak.borrow_mut();
        if let Some(entry) = registry.get_mut(&gc.addr()) {
            if entry.holders.iter().any(|w| Weak::ptr_eq(w, &holder)) {
                return;
            }
            // Forget holders that are gone, so the list stays as long as the
            // number of live holders.
            entry.holders.retain(|w| w.strong_count() > 0);
            entry.holders.push(holder);
        }
    }

    /// The registration id of `gc` if it is a weak target.
    pub(crate) fn weak_id<T: Trace>(&self, gc: &Gc<T>) -> Option<u64> {
        if !gc.header().weak() {
            return None;
        }
        self.weak.borrow().get(&gc.addr()).map(|e| e.id)
    }

    /// A counted pointer to the target of `w`, if it is still alive.
    pub(crate) fn upgrade<T: Trace>(&self, w: &WeakGc<T>) -> Option<Gc<T>> {
        let registry = self.weak.borrow();
        let entry = registry.get(&w.addr())?;
        if entry.id != w.id {
            return None;
        }
        // SAFETY: the registry holds an entry for a cell exactly while it is
        // live, and ids are never reused: the entry with this id was made for
        // the very cell `w` points to (a `GcBox<T>`), which is therefore live.
        let h = unsafe { &w.ptr.as_ref().header };
        h.rc.set(h.rc.get().checked_add(1).expect("reference count overflow"));
        Some(Gc {
            ptr: w.ptr,
            _marker: PhantomData,
        })
    }

    /// Removes the registry entry of a freed weak target and tells its holders.
    fn weak_target_freed(&self, addr: usize) {
        let entry = self.weak.borrow_mut().remove(&addr);
        let Some(entry) = entry else { return };
        for w in entry.holders {
            if let Some(holder) = w.upgrade()
                && holder.target_freed(addr)
            {
                self.cleanups.borrow_mut().push(w);
            }
        }
    }

    /// The live holders that asked for a follow-up since the last call.
    pub(crate) fn take_cleanups(&self) -> Vec<Rc<dyn WeakHolder>> {
        let list = std::mem::take(&mut *self.cleanups.borrow_mut());
        list.iter().filter_map(Weak::upgrade).collect()
    }

    /// Number of live weak targets (for tests and diagnostics).
    pub(crate) fn weak_targets(&self) -> usize {
        self.weak.borrow().len()
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
        self.live_collectable() > self.gc_threshold.get()
    }

    /// Live cells that can be part of a cycle (objects and closure cells).
    #[inline]
    fn live_collectable(&self) -> usize {
        self.count[CellKind::Object as usize].get() + self.count[CellKind::VarRef as usize].get()
    }

    /// Calls `f` on every collectable cell, newest first; `f` must not
    /// free cells.
    fn for_each_cell(&self, mut f: impl FnMut(NonNull<Header>)) {
        let mut i = self.cells.borrow().len();
        while i > 0 {
            i -= 1;
            let c = self.cells.borrow()[i];
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
        // Steps 1 and 2: the scratch counts, by list index.
        let mut counts = vec![0u32; self.cells.borrow().len()];
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            counts[h.index() as usize] = h.rc.get();
            h.set_marked(false);
        });
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            let mut visit = |child: NonNull<Header>| {
                // SAFETY: a traced child is a live collectable cell: the
                // parent holds a counted reference to it.
                let ch = unsafe { child.as_ref() };
                // A cell left off the list (see `link`) keeps its count.
                if let Some(n) = counts.get_mut(ch.index() as usize) {
                    *n = n.wrapping_sub(1);
                }
            };
            let mut tracer = Tracer {
                visit: &mut visit,
                marking: None,
                skipped: false,
            };
            // SAFETY: `c` is live and its vtable matches its payload type.
            unsafe { (h.vtable().trace)(c, &mut tracer) };
        });
        // Step 3.
        let mut stack: Vec<NonNull<Header>> = Vec::new();
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            if counts[unsafe { c.as_ref() }.index() as usize] != 0 {
                stack.push(c);
            }
        });
        drop(counts);
        // Ephemeron entries whose key is not marked yet are passed over; the
        // cells holding them are traced again once the stack is empty, until
        // a round marks nothing new (the remaining keys are garbage).
        {
            let registry = self.weak.borrow();
            let mut revisit: Vec<NonNull<Header>> = Vec::new();
            loop {
                while let Some(c) = stack.pop() {
                    // SAFETY: cells on the stack are live list cells or traced children.
                    if unsafe { c.as_ref() }.set_marked(true) {
                        continue;
                    }
                    if mark_children(c, &mut stack, &registry) {
                        revisit.push(c);
                    }
                }
                for c in std::mem::take(&mut revisit) {
                    if mark_children(c, &mut stack, &registry) {
                        revisit.push(c);
                    }
                }
                if stack.is_empty() {
                    break;
                }
            }
        }
        // Step 4.
        let mut garbage = Vec::new();
        self.for_each_cell(|c| {
            // SAFETY: list cells are live.
            let h = unsafe { c.as_ref() };
            if !h.marked() {
                // Hold the cell so clearing others cannot free it yet.
                h.rc.set(h.rc.get() + 1);
                garbage.push(c);
            }
            h.set_marked(false);
        });
        self.free_held(garbage);
        // Reference counting frees acyclic garbage at once, so only garbage
        // cycles make the collectable population grow: run again when it
        // has doubled (grown by at least the initial threshold),
        // whatever the allocation rate.
        let live = self.live_collectable();
        self.gc_threshold.set(live + INITIAL_GC_THRESHOLD.max(live));
        self.collecting.set(false);
    }

    /// Clears and releases cells that the caller holds one extra count on.
    fn free_held(&self, cells: Vec<NonNull<Header>>) {
        for &c in &cells {
            // SAFETY: we hold a count on each cell, so it is live.
            let h = unsafe { c.as_ref() };
            // SAFETY: `c` is live and its vtable matches its payload type.
            unsafe { (h.vtable().clear)(c) };
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

    /// A counted pointer to a live collectable cell of type `T` for which
    /// `pred` holds, found by a linear scan of the collectable cells: for
    /// rare lookups only (the legacy `caller` of a function). `pred` must not
    /// allocate or free cells.
    pub(crate) fn find_cell<T: Trace>(&self, mut pred: impl FnMut(&T) -> bool) -> Option<Gc<T>> {
        let want = TypeId::of::<T>();
        let cells = self.cells.borrow();
        for &c in cells.iter() {
            // SAFETY: cells in the list are live (the list holds exactly the
            // live collectable cells, and nothing is freed while it is
            // borrowed here).
            let h = unsafe { c.as_ref() };
            if h.meta().type_id != want {
                continue;
            }
            let ptr = c.cast::<GcBox<T>>();
            // SAFETY: the header's type id is `T`'s, so the cell is a
            // `GcBox<T>` (a `#[repr(C)]` box starting with its header), live
            // as above.
            let value = unsafe { &ptr.as_ref().value };
            if pred(value) {
                h.rc.set(h.rc.get().checked_add(1).expect("reference count overflow"));
                return Some(Gc {
                    ptr,
                    _marker: PhantomData,
                });
            }
        }
        None
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
        if !std::thread::panicking() && !self.held_outside.get() {
            debug_assert_eq!(live, 0, "heap dropped with live cells");
            debug_assert_eq!(self.weak_targets(), 0, "heap dropped with weak targets");
        }
        self.pool.drain();
        // Cells left alive (held outside, or leaked) keep pointing at their
        // metas, which are then leaked with them.
        if live == 0 {
            for m in self.metas.get_mut().drain(..) {
                // SAFETY: made by `Box::leak` in `meta_slow`, owned by this
                // heap, and no cell is left to refer to it.
                drop(unsafe { Box::from_raw(m.as_ptr()) });
            }
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

    /// A weak table of nodes: values held as ephemerons of their keys.
    struct Table {
        entries: RefCell<Vec<(usize, Gc<Node>)>>,
    }

    impl WeakHolder for Table {
        fn target_freed(&self, addr: usize) -> bool {
            let removed: Vec<_> = {
                let mut e = self.entries.borrow_mut();
                let (dead, live) = e.drain(..).partition(|(k, _)| *k == addr);
                *e = live;
                dead
            };
            drop(removed);
            true
        }
        fn into_any(self: Rc<Self>) -> Rc<dyn Any> {
            self
        }
    }

    struct TableCell(Rc<Table>);

    impl Trace for TableCell {
        const KIND: CellKind = CellKind::Object;
        const COLLECTABLE: bool = true;
        fn trace(&self, t: &mut Tracer) {
            for (k, v) in self.0.entries.borrow().iter() {
                t.ephemeron(*k, |t| t.edge(v));
            }
        }
        fn clear(&self) {
            let e = std::mem::take(&mut *self.0.entries.borrow_mut());
            drop(e);
        }
    }

    #[test]
    fn weak_pointers_do_not_outlive_their_target() {
        let heap = Heap::new();
        let a = node(&heap);
        let w = heap.weak_ref(&a);
        assert!(heap.upgrade(&w).is_some_and(|b| Gc::ptr_eq(&a, &b)));
        drop(a);
        assert_eq!(heap.weak_targets(), 0);
        // Whatever lands at the same address is not the old target.
        let b = node(&heap);
        assert!(heap.upgrade(&w).is_none());
        drop(b);
        assert_eq!(heap.live_cells(), 0);
    }

    #[test]
    fn ephemeron_values_live_only_with_their_keys() {
        let heap = Heap::new();
        let table = Rc::new(Table {
            entries: RefCell::new(Vec::new()),
        });
        let cell = heap.alloc(TableCell(table.clone()));
        let holder: Weak<dyn WeakHolder> = Rc::downgrade(&table) as Weak<dyn WeakHolder>;
        // key -> value -> key: a cycle through the table.
        let key = node(&heap);
        let value = node(&heap);
        *value.next.borrow_mut() = Some(key.clone());
        heap.add_weak_holder(&key, holder.clone());
        table.entries.borrow_mut().push((key.addr(), value.clone()));
        drop(value);
        heap.collect_cycles();
        assert_eq!(heap.live_cells(), 3, "the key is alive, so is its value");
        drop(key);
        heap.collect_cycles();
        assert_eq!(heap.live_cells(), 1, "key and value freed together");
        assert!(table.entries.borrow().is_empty());
        assert_eq!(heap.take_cleanups().len(), 1);
        drop(cell);
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
