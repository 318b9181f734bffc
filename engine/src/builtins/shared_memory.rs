//! The bytes behind an ArrayBuffer or SharedArrayBuffer, and the Shared
//! Data Blocks (§6.2.9) that SharedArrayBuffers of several agents (runtimes
//! on other threads) read and write at once, with the WaiterList records of
//! `Atomics.wait`/`notify` (§25.4.3.x).
//!
//! <https://tc39.es/ecma262/#sec-data-blocks>
//! <https://tc39.es/ecma262/#sec-waiterlist-objects>
//!
//! A runtime's own buffer keeps its bytes in a `RefCell`. A shared block
//! keeps them behind a mutex, so every access from any thread is a short
//! critical section: element reads and writes are whole (never torn) and
//! the Atomics operations are trivially atomic, without any unsafe code.
//! The same mutex guards the block's waiter list, so a waiter's compare
//! and enqueue cannot miss a notification (the spec's critical section).
//! A `Condvar` wakes blocked waiters; asynchronous waiters
//! (`Atomics.waitAsync`) are polled by their own runtime
//! ([`super::atomics::poll_async_waiters`]).
//!
//! Two guards of shared blocks are never held at once by engine code
//! (copies between buffers go through a temporary), so threads copying
//! between the same two blocks in opposite directions cannot deadlock.

use std::cell::{Ref, RefCell, RefMut};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// A buffer's bytes.
pub(crate) enum Store {
    /// Owned by one runtime.
    Local(RefCell<Vec<u8>>),
    /// A Shared Data Block, possibly also reached from other threads.
    Shared(Arc<SharedBlock>),
}

impl Store {
    pub(crate) fn local(bytes: Vec<u8>) -> Store {
        Store::Local(RefCell::new(bytes))
    }

    pub(crate) fn shared(bytes: Vec<u8>) -> Store {
        Store::Shared(Arc::new(SharedBlock {
            inner: Mutex::new(Inner {
                bytes,
                waiters: Vec::new(),
                next_id: 0,
            }),
            wake: Condvar::new(),
        }))
    }

    /// Reads the bytes (a lock for a shared block).
    #[inline]
    pub(crate) fn borrow(&self) -> BytesRef<'_> {
        match self {
            Store::Local(b) => BytesRef::Local(b.borrow()),
            Store::Shared(s) => BytesRef::Shared(s.lock()),
        }
    }

    /// Writes the bytes (a lock for a shared block).
    #[inline]
    pub(crate) fn borrow_mut(&self) -> BytesMut<'_> {
        match self {
            Store::Local(b) => BytesMut::Local(b.borrow_mut()),
            Store::Shared(s) => BytesMut::Shared(s.lock()),
        }
    }

    /// The shared block, if this is one.
    pub(crate) fn block(&self) -> Option<&Arc<SharedBlock>> {
        match self {
            Store::Shared(s) => Some(s),
            Store::Local(_) => None,
        }
    }
}

/// Read access to a buffer's bytes.
pub(crate) enum BytesRef<'a> {
    Local(Ref<'a, Vec<u8>>),
    Shared(MutexGuard<'a, Inner>),
}

impl Deref for BytesRef<'_> {
    type Target = Vec<u8>;
    #[inline]
    fn deref(&self) -> &Vec<u8> {
        match self {
            BytesRef::Local(b) => b,
            BytesRef::Shared(g) => &g.bytes,
        }
    }
}

/// Write access to a buffer's bytes.
pub(crate) enum BytesMut<'a> {
    Local(RefMut<'a, Vec<u8>>),
    Shared(MutexGuard<'a, Inner>),
}

impl Deref for BytesMut<'_> {
    type Target = Vec<u8>;
    #[inline]
    fn deref(&self) -> &Vec<u8> {
        match self {
            BytesMut::Local(b) => b,
            BytesMut::Shared(g) => &g.bytes,
        }
    }
}

impl DerefMut for BytesMut<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        match self {
            BytesMut::Local(b) => b,
            BytesMut::Shared(g) => &mut g.bytes,
        }
    }
}

/// A Shared Data Block with its waiter list.
pub(crate) struct SharedBlock {
    inner: Mutex<Inner>,
    /// Signalled by `notify`; each blocked waiter then checks its record.
    wake: Condvar,
}

/// What the block's mutex guards.
pub(crate) struct Inner {
    bytes: Vec<u8>,
    /// Waiters in the order they started waiting (all locations).
    waiters: Vec<Waiter>,
    next_id: u64,
}

/// A WaiterRecord: the byte index waited on, and whether `notify` picked
/// it (it then stays listed until its agent sees that).
struct Waiter {
    id: u64,
    at: usize,
    notified: bool,
}

/// How a blocking wait ended.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum WaitEnd {
    Ok,
    TimedOut,
    /// The runtime's interrupt handler asked to stop.
    Interrupted,
}

impl SharedBlock {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic elsewhere while holding the lock leaves the bytes as they
        // were: keep going with them.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Under the lock: whether `check` holds on the bytes and, if so, a new
    /// waiter on byte index `at` (its id). DoWait's compare-and-enqueue.
    pub(crate) fn enqueue_if(&self, at: usize, check: impl FnOnce(&[u8]) -> bool) -> Option<u64> {
        let mut g = self.lock();
        if !check(&g.bytes) {
            return None;
        }
        let id = g.next_id;
        g.next_id += 1;
        g.waiters.push(Waiter {
            id,
            at,
            notified: false,
        });
        Some(id)
    }

    /// Blocks until waiter `id` is notified or `timeout` passes, calling
    /// `poll` about every 10 ms (it returns false to stop). Removes the
    /// waiter's record.
    pub(crate) fn block_on(
        &self,
        id: u64,
        timeout: Option<Duration>,
        mut poll: impl FnMut() -> bool,
    ) -> WaitEnd {
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let mut g = self.lock();
        loop {
            if let Some(end) = take_if_notified(&mut g, id) {
                return end;
            }
            let now = Instant::now();
            let mut slice = Duration::from_millis(10);
            if let Some(d) = deadline {
                if now >= d {
                    g.waiters.retain(|w| w.id != id);
                    return WaitEnd::TimedOut;
                }
                slice = slice.min(d - now);
            }
            g = self
                .wake
                .wait_timeout(g, slice)
                .map(|(g, _)| g)
                .unwrap_or_else(|e| e.into_inner().0);
            if !poll() {
                g.waiters.retain(|w| w.id != id);
                return WaitEnd::Interrupted;
            }
        }
    }

    /// Whether waiter `id` (an asynchronous one) was notified; a notified
    /// record is removed. `None` when it is still waiting.
    pub(crate) fn check(&self, id: u64) -> Option<WaitEnd> {
        take_if_notified(&mut self.lock(), id)
    }

    /// Removes waiter `id` (its timeout passed), unless it was notified in
    /// the meantime: then that wins.
    pub(crate) fn cancel(&self, id: u64) -> WaitEnd {
        let mut g = self.lock();
        if let Some(end) = take_if_notified(&mut g, id) {
            return end;
        }
        g.waiters.retain(|w| w.id != id);
        WaitEnd::TimedOut
    }

    /// A copy of `size` bytes at `at` (zeros past the end).
    pub(crate) fn bytes_snapshot(&self, at: usize, size: usize) -> Vec<u8> {
        let g = self.lock();
        let mut out = vec![0; size];
        if let Some(b) = g.bytes.get(at..at + size) {
            out.copy_from_slice(b);
        }
        out
    }

    /// Notifies up to `count` waiters on byte index `at`, oldest first
    /// (RemoveWaiters and NotifyWaiter); returns how many.
    pub(crate) fn notify(&self, at: usize, count: f64) -> usize {
        let mut g = self.lock();
        let mut n = 0usize;
        for w in g.waiters.iter_mut() {
            if (n as f64) >= count {
                break;
            }
            if w.at == at && !w.notified {
                w.notified = true;
                n += 1;
            }
        }
        drop(g);
        if n > 0 {
            self.wake.notify_all();
        }
        n
    }
}

/// Removes waiter `id`'s record if it was notified.
fn take_if_notified(g: &mut Inner, id: u64) -> Option<WaitEnd> {
    let i = g.waiters.iter().position(|w| w.id == id)?;
    if g.waiters[i].notified {
        g.waiters.remove(i);
        Some(WaitEnd::Ok)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(len: usize) -> Arc<SharedBlock> {
        match Store::shared(vec![0; len]) {
            Store::Shared(s) => s,
            Store::Local(_) => unreachable!(),
        }
    }

    #[test]
    fn a_waiter_on_another_thread_is_woken_by_notify() {
        let b = block(8);
        let id = b.enqueue_if(4, |bytes| bytes[4] == 0).expect("equal");
        let b2 = b.clone();
        let t = std::thread::spawn(move || b2.block_on(id, None, || true));
        // The waiter is listed before notify runs, so it cannot be missed.
        while b.notify(4, 1.0) == 0 {
            std::thread::yield_now();
        }
        assert_eq!(t.join().unwrap(), WaitEnd::Ok);
        assert_eq!(b.notify(4, f64::INFINITY), 0, "the record is gone");
    }

    #[test]
    fn timeouts_interrupts_and_counts() {
        let b = block(8);
        assert!(
            b.enqueue_if(0, |bytes| bytes[0] == 1).is_none(),
            "not equal"
        );
        let id = b.enqueue_if(0, |_| true).unwrap();
        assert_eq!(
            b.block_on(id, Some(Duration::from_millis(5)), || true),
            WaitEnd::TimedOut
        );
        let id = b.enqueue_if(0, |_| true).unwrap();
        assert_eq!(b.block_on(id, None, || false), WaitEnd::Interrupted);
        let ids: Vec<u64> = (0..3).map(|_| b.enqueue_if(0, |_| true).unwrap()).collect();
        let other = b.enqueue_if(1, |_| true).unwrap();
        assert_eq!(b.notify(0, 2.0), 2);
        assert_eq!(b.check(ids[0]), Some(WaitEnd::Ok));
        assert_eq!(b.check(ids[1]), Some(WaitEnd::Ok));
        assert_eq!(b.check(ids[2]), None, "only the two oldest");
        assert_eq!(b.cancel(ids[2]), WaitEnd::TimedOut);
        assert_eq!(b.notify(1, 0.0), 0);
        assert_eq!(b.cancel(other), WaitEnd::TimedOut);
    }

    #[test]
    fn writes_from_one_thread_are_seen_by_another() {
        let b = block(4);
        let store = Store::Shared(b.clone());
        std::thread::spawn(move || b.lock().bytes[3] = 7)
            .join()
            .unwrap();
        assert_eq!(store.borrow()[3], 7);
    }
}
