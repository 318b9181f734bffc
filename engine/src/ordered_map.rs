//! The entry list behind `Map` and `Set` (ECMA-262 §24.1, §24.2): entries in
//! insertion order, found through a hash index keyed by SameValueZero.
//!
//! Deleting an entry leaves a hole, so that iterators walking the list by
//! position keep their place while the collection changes under them, as
//! the spec's `[[MapData]]` list does. When holes outnumber live entries the
//! list is compacted; live iterators hold their position in a shared
//! [`Cursor`], which compaction moves along with the entries.

use std::cell::Cell;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::rc::{Rc, Weak};

use crate::atom::Atom;
use crate::gc::Tracer;
use crate::object::trace_value;
use crate::string::{JsString, Units};
use crate::value::Value;

/// A key under SameValueZero: numbers are equal by value (with -0 equal to
/// +0 and NaN equal to NaN), strings and BigInts by content, objects by
/// identity.
#[derive(Clone)]
enum Key {
    Undefined,
    Null,
    Bool(bool),
    /// The bits of the number, with -0 and every NaN made canonical.
    Number(u64),
    String(JsString),
    Symbol(Atom),
    BigInt(bignum::JsBigInt),
    /// The object's address; the entry itself keeps the object alive.
    Object(usize),
}

impl Key {
    fn of(v: &Value) -> Key {
        let number = |n: f64| {
            if n.is_nan() {
                Key::Number(f64::NAN.to_bits())
            } else if n == 0.0 {
                Key::Number(0f64.to_bits())
            } else {
                Key::Number(n.to_bits())
            }
        };
        match v {
            Value::Undefined | Value::Uninit => Key::Undefined,
            Value::Null => Key::Null,
            Value::Bool(b) => Key::Bool(*b),
            Value::Int(i) => number(*i as f64),
            Value::Float(f) => number(*f),
            Value::String(s) => Key::String(s.clone()),
            Value::Symbol(a) => Key::Symbol(a.atom()),
            Value::BigInt(b) => Key::BigInt(b.get().clone()),
            Value::Object(o) => Key::Object(o.addr()),
        }
    }
}

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        match (self, other) {
            (Key::Undefined, Key::Undefined) | (Key::Null, Key::Null) => true,
            (Key::Bool(a), Key::Bool(b)) => a == b,
            (Key::Number(a), Key::Number(b)) => a == b,
            (Key::String(a), Key::String(b)) => a.eq(b),
            (Key::Symbol(a), Key::Symbol(b)) => a == b,
            (Key::BigInt(a), Key::BigInt(b)) => a == b,
            (Key::Object(a), Key::Object(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Key::Undefined | Key::Null => {}
            Key::Bool(b) => b.hash(h),
            Key::Number(n) => n.hash(h),
            // By code unit, so Latin-1 and UTF-16 forms of one string agree.
            Key::String(s) => {
                let mut x = s.len() as u64;
                match s.units() {
                    Units::Latin1(b) => b.iter().for_each(|&u| x = mix(x, u64::from(u))),
                    Units::Utf16(w) => w.iter().for_each(|&u| x = mix(x, u64::from(u))),
                }
                h.write_u64(x);
            }
            Key::Symbol(a) => a.0.hash(h),
            Key::BigInt(b) => b.hash(h),
            Key::Object(a) => a.hash(h),
        }
    }
}

/// One step of the index's hash: a multiply-rotate over 64-bit words.
#[inline]
fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The index's hasher: [`mix`] over the words written, with a final
/// avalanche so that the low bits (the bucket) depend on every input bit
/// (number keys differ mostly in their high bits).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.0 = mix(self.0, u64::from(v));
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.0 = mix(self.0, u64::from(v));
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = mix(self.0, v);
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.0 = mix(self.0, v as u64);
    }
    #[inline]
    fn write_isize(&mut self, v: isize) {
        self.0 = mix(self.0, v as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^ (h >> 33)
    }
}

/// A position in the entry list shared with the collection, so compaction
/// can move it.
pub(crate) type Cursor = Rc<Cell<usize>>;

#[derive(Default)]
pub(crate) struct OrderedMap {
    /// Entries in insertion order; `None` where one was deleted.
    entries: Vec<Option<(Value, Value)>>,
    index: HashMap<Key, usize, BuildHasherDefault<KeyHasher>>,
    cursors: Vec<Weak<Cell<usize>>>,
}

impl OrderedMap {
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }

    /// Bytes held outside the object, for memory accounting.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Option<(Value, Value)>>()
            + self.index.capacity() * (std::mem::size_of::<(Key, usize)>() + 8)
    }

    pub(crate) fn get(&self, k: &Value) -> Option<&Value> {
        let i = *self.index.get(&Key::of(k))?;
        self.entries[i].as_ref().map(|(_, v)| v)
    }

    pub(crate) fn has(&self, k: &Value) -> bool {
        self.index.contains_key(&Key::of(k))
    }

    /// Sets the value of `k`, appending a new entry when absent. A key of
    /// -0 is stored as +0 (§24.1.3.9 step 5).
    pub(crate) fn set(&mut self, k: Value, v: Value) {
        // One hash for the lookup and the insertion.
        match self.index.entry(Key::of(&k)) {
            Entry::Occupied(e) => {
                if let Some(e) = &mut self.entries[*e.get()] {
                    e.1 = v;
                }
            }
            Entry::Vacant(e) => {
                e.insert(self.entries.len());
                let k = match k {
                    Value::Float(f) if f.abs() == 0.0 => Value::Int(0),
                    k => k,
                };
                self.entries.push(Some((k, v)));
            }
        }
    }

    /// Removes `k`; returns the removed entry (to be dropped by the caller
    /// once no borrow is held) when there was one.
    pub(crate) fn delete(&mut self, k: &Value) -> Option<(Value, Value)> {
        let i = self.index.remove(&Key::of(k))?;
        let old = self.entries[i].take();
        self.maybe_compact();
        old
    }

    /// Removes every entry; iterators stay where they are, so entries added
    /// later are still visited (§24.1.3.1). Returns the old entries.
    pub(crate) fn clear(&mut self) -> Vec<(Value, Value)> {
        self.index.clear();
        let old: Vec<(Value, Value)> = self.entries.iter_mut().filter_map(|e| e.take()).collect();
        self.maybe_compact();
        old
    }

    /// A new cursor at the start, moved by compaction.
    pub(crate) fn cursor(&mut self) -> Cursor {
        self.cursors.retain(|c| c.strong_count() > 0);
        let c = Rc::new(Cell::new(0));
        self.cursors.push(Rc::downgrade(&c));
        c
    }

    /// The first live entry at or after the cursor; moves the cursor past it.
    pub(crate) fn next(&self, cursor: &Cursor) -> Option<(Value, Value)> {
        let mut i = cursor.get();
        while i < self.entries.len() {
            if let Some((k, v)) = &self.entries[i] {
                cursor.set(i + 1);
                return Some((k.clone(), v.clone()));
            }
            i += 1;
        }
        cursor.set(i);
        None
    }

    /// A new map with the live entries of this one, in order and without
    /// holes (a copy of `[[SetData]]` for the Set methods, §24.2.4).
    pub(crate) fn copy(&self) -> OrderedMap {
        let mut m = OrderedMap::default();
        for (k, v) in self.entries.iter().flatten() {
            m.set(k.clone(), v.clone());
        }
        m
    }

    /// The live keys in order.
    pub(crate) fn keys(&self) -> Vec<Value> {
        self.entries
            .iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect()
    }

    fn maybe_compact(&mut self) {
        let holes = self.entries.len() - self.index.len();
        if holes < 16 || holes < self.index.len() {
            return;
        }
        // new_pos[i]: the position of old entry i (or of the next live one).
        let mut new_pos = Vec::with_capacity(self.entries.len() + 1);
        let mut n = 0;
        for e in &self.entries {
            new_pos.push(n);
            if e.is_some() {
                n += 1;
            }
        }
        new_pos.push(n);
        self.cursors.retain(|c| match c.upgrade() {
            Some(c) => {
                let old = c.get().min(new_pos.len() - 1);
                c.set(new_pos[old]);
                true
            }
            None => false,
        });
        self.entries.retain(|e| e.is_some());
        // Every indexed position is a live entry's: moved without rehashing.
        for slot in self.index.values_mut() {
            *slot = new_pos[*slot];
        }
        self.entries.shrink_to(self.entries.len() * 2);
    }

    pub(crate) fn trace(&self, t: &mut Tracer) {
        for (k, v) in self.entries.iter().flatten() {
            trace_value(k, t);
            trace_value(v, t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: &Value) -> Option<i32> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    #[test]
    fn same_value_zero_keys() {
        let mut m = OrderedMap::default();
        m.set(Value::Float(-0.0), Value::Int(1));
        assert!(m.has(&Value::Int(0)));
        m.set(Value::Float(f64::NAN), Value::Int(2));
        assert!(m.has(&Value::Float(-f64::NAN)));
        m.set(Value::Float(1.0), Value::Int(3));
        assert_eq!(m.get(&Value::Int(1)).and_then(int), Some(3));
        assert_eq!(m.len(), 3);
    }

    #[test]
    fn cursors_survive_deletion_and_compaction() {
        let mut m = OrderedMap::default();
        for i in 0..100 {
            m.set(Value::Int(i), Value::Int(i));
        }
        let c = m.cursor();
        for _ in 0..10 {
            m.next(&c);
        }
        // Delete everything before the cursor and a few after: compaction runs.
        for i in 0..60 {
            drop(m.delete(&Value::Int(i)));
        }
        assert!(m.entries.len() < 100, "compacted");
        let (k, _) = m.next(&c).unwrap_or((Value::Undefined, Value::Undefined));
        assert_eq!(int(&k), Some(60));
        // An entry added after a clear is still visited.
        drop(m.clear());
        m.set(Value::Int(7), Value::Undefined);
        let (k, _) = m.next(&c).unwrap_or((Value::Undefined, Value::Undefined));
        assert_eq!(int(&k), Some(7));
        assert!(m.next(&c).is_none());
    }
}
