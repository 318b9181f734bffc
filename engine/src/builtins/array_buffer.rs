//! `ArrayBuffer` (ECMA-262 §25.1), `SharedArrayBuffer` (§25.2) and
//! `DataView` (§25.3).
//!
//! <https://tc39.es/ecma262/#sec-arraybuffer-objects>
//! <https://tc39.es/ecma262/#sec-sharedarraybuffer-objects>
//! <https://tc39.es/ecma262/#sec-dataview-objects>
//!
//! A buffer's bytes live in a [`BufferData`] shared (`Rc`) by the buffer
//! object and every view over it, so a view reads and writes them without
//! borrowing the buffer object. Detaching empties the bytes and sets a flag;
//! resizing changes the vector's length. The bytes are reported to the heap
//! through `ObjectData::account` on the buffer object.

use std::cell::Cell;
use std::rc::Rc;

use super::shared_memory::Store;
use super::typed_array::{Elem, Kind};
use super::{define_fns, define_getter, define_species, define_to_string_tag, fns};
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, JsResult};
use crate::value::Value;

/// The largest buffer the engine creates (bytes).
pub(crate) const MAX_BYTES: usize = 1 << 32;

/// `[[ArrayBufferData]]` with its length, maximum and detached state.
pub(crate) struct BufferData {
    pub(crate) bytes: Store,
    /// `[[ArrayBufferMaxByteLength]]` of a resizable (growable) buffer.
    pub(crate) max: Option<usize>,
    pub(crate) detached: Cell<bool>,
    pub(crate) shared: bool,
    /// `[[ArrayBufferIsImmutable]]` (proposal-immutable-arraybuffer).
    pub(crate) immutable: bool,
}

impl BufferData {
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.bytes.borrow().len()
    }
}

/// A view over a buffer: a typed array (`kind` its element type) or a
/// DataView. `length` is in elements for typed arrays and in bytes for
/// DataViews; `None` when it tracks the length of a resizable buffer.
pub(crate) struct ViewData {
    pub(crate) buffer: Obj,
    pub(crate) data: Rc<BufferData>,
    pub(crate) kind: Kind,
    pub(crate) offset: usize,
    pub(crate) length: Option<usize>,
}

impl ViewData {
    /// TypedArrayLength / GetViewByteLength in elements (bytes for a DataView
    /// whose kind is Uint8); `None` when out of bounds or detached.
    #[inline]
    pub(crate) fn len(&self) -> Option<usize> {
        if self.data.detached.get() {
            return None;
        }
        let buf = self.data.len();
        let size = self.kind.size();
        match self.length {
            Some(n) => (self.offset + n * size <= buf).then_some(n),
            None => (self.offset <= buf).then(|| (buf - self.offset) / size),
        }
    }

    /// Reads element `i`, if it is a valid integer index.
    #[inline]
    pub(crate) fn get(&self, cx: &Cx, i: usize) -> Option<Value> {
        // One borrow (or lock) of the bytes for the bounds and the read.
        let b = self.data.bytes.borrow();
        if self.data.detached.get() {
            return None;
        }
        let size = self.kind.size();
        let n = match self.length {
            Some(n) if self.offset + n * size <= b.len() => n,
            None if self.offset <= b.len() => (b.len() - self.offset) / size,
            _ => return None,
        };
        if i >= n {
            return None;
        }
        let at = self.offset + i * size;
        Some(self.kind.load(cx, b.get(at..at + size)?))
    }

    /// Writes element `i` if it is a valid integer index.
    #[inline]
    pub(crate) fn put(&self, i: usize, e: Elem) {
        let Some(n) = self.len() else { return };
        if i >= n {
            return;
        }
        let size = self.kind.size();
        let mut b = self.data.bytes.borrow_mut();
        let at = self.offset + i * size;
        self.kind.store(&mut b[at..at + size], e);
    }
}

/// ToIndex (§7.1.22).
pub(crate) fn to_index(cx: &Cx, v: &Value) -> JsResult<usize> {
    if let Value::Int(i) = v
        && *i >= 0
    {
        return Ok(*i as usize);
    }
    if v.is_undefined() {
        return Ok(0);
    }
    let n = cx.to_integer(v)?;
    if !(0.0..=9007199254740991.0).contains(&n) {
        return cx.range_error("index out of range");
    }
    Ok(n as usize)
}

/// The buffer data of an ArrayBuffer or SharedArrayBuffer object.
pub(crate) fn buffer_of(v: &Value) -> Option<Rc<BufferData>> {
    match v {
        Value::Object(o) => match &o.d.borrow().class {
            Class::ArrayBuffer(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn this_buffer(cx: &Cx, args: &Args, shared: bool, what: &str) -> JsResult<(Obj, Rc<BufferData>)> {
    if let Value::Object(o) = &args.this
        && let Some(b) = buffer_of(&args.this)
        && b.shared == shared
    {
        return Ok((o.clone(), b));
    }
    let name = if shared {
        "SharedArrayBuffer"
    } else {
        "ArrayBuffer"
    };
    cx.type_error(&format!(
        "{name}.prototype.{what} called on an incompatible receiver"
    ))
}

/// A zeroed byte vector of `len` bytes, checked against the memory limit.
fn alloc_bytes(cx: &Cx, len: usize) -> JsResult<Vec<u8>> {
    if len > MAX_BYTES {
        return cx.range_error("array buffer allocation failed");
    }
    cx.check_alloc(len)?;
    let mut v = Vec::new();
    if v.try_reserve_exact(len).is_err() {
        return cx.range_error("array buffer allocation failed");
    }
    v.resize(len, 0);
    Ok(v)
}

/// Creates a buffer object over `bytes` with prototype `proto`.
pub(crate) fn new_buffer_object(cx: &Cx, proto: Obj, data: BufferData) -> Obj {
    let o = new_object(*cx, Some(proto), Class::ArrayBuffer(Rc::new(data)));
    o.d.borrow_mut().account(cx.heap());
    o
}

/// AllocateArrayBuffer (§25.1.3.1) / AllocateSharedArrayBuffer (§25.2.2.1)
/// with the prototype already known.
pub(crate) fn allocate(
    cx: &Cx,
    proto: Obj,
    len: usize,
    max: Option<usize>,
    shared: bool,
) -> JsResult<Obj> {
    if max.is_some_and(|m| len > m) {
        return cx.range_error("byte length exceeds maxByteLength");
    }
    if max.is_some_and(|m| m > MAX_BYTES) {
        return cx.range_error("maxByteLength is too large");
    }
    let bytes = alloc_bytes(cx, len)?;
    Ok(new_buffer_object(
        cx,
        proto,
        BufferData {
            bytes: if shared {
                Store::shared(bytes)
            } else {
                Store::local(bytes)
            },
            max,
            detached: Cell::new(false),
            shared,
            immutable: false,
        },
    ))
}

/// A new fixed-length `%ArrayBuffer%` of `len` zero bytes.
pub(crate) fn new_array_buffer(cx: &Cx, len: usize) -> JsResult<Obj> {
    allocate(cx, cx.intr().array_buffer_proto.clone(), len, None, false)
}

/// DetachArrayBuffer (§25.1.3.5).
pub(crate) fn detach(cx: &Cx, o: &Obj) -> JsResult<()> {
    let b = match &o.d.borrow().class {
        Class::ArrayBuffer(b) if !b.shared => b.clone(),
        _ => return cx.type_error("not an ArrayBuffer"),
    };
    if b.immutable {
        return cx.type_error("an immutable ArrayBuffer cannot be detached");
    }
    b.detached.set(true);
    *b.bytes.borrow_mut() = Vec::new();
    o.d.borrow_mut().account(cx.heap());
    Ok(())
}

/// GetArrayBufferMaxByteLengthOption (§25.1.3.7).
fn max_option(cx: &Cx, options: &Value) -> JsResult<Option<usize>> {
    let Value::Object(o) = options else {
        return Ok(None);
    };
    let m = object::get_prop(cx, o, cx.intern("maxByteLength"))?;
    if m.is_undefined() {
        return Ok(None);
    }
    Ok(Some(to_index(cx, &m)?))
}

/// ArrayBuffer (§25.1.4.1) and SharedArrayBuffer (§25.2.3.1) (magic 1).
fn buffer_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let shared = args.magic == 1;
    let Some(nt) = &args.new_target else {
        return cx.type_error("constructor requires 'new'");
    };
    let len = to_index(&cx, args.arg(0))?;
    let max = max_option(&cx, args.arg(1))?;
    if max.is_some_and(|m| len > m) {
        return cx.range_error("byte length exceeds maxByteLength");
    }
    let proto = if shared {
        crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.shared_array_buffer_proto)?
    } else {
        crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.array_buffer_proto)?
    };
    Ok(Value::Object(allocate(&cx, proto, len, max, shared)?))
}

/// ArrayBuffer.isView (§25.1.5.1).
fn is_view(_cx: Cx, args: &Args) -> JsResult<Value> {
    Ok(Value::Bool(match args.arg(0) {
        Value::Object(o) => matches!(
            o.d.borrow().class,
            Class::TypedArray(_) | Class::DataView(_)
        ),
        _ => false,
    }))
}

const GETTER_NAMES: [&str; 6] = [
    "byteLength",
    "maxByteLength",
    "resizable",
    "detached",
    "growable",
    "immutable",
];

/// The accessors of both prototypes (magic: index in `GETTER_NAMES`, plus 8
/// for SharedArrayBuffer).
fn buffer_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let shared = args.magic >= 8;
    let which = args.magic & 7;
    let (_, b) = this_buffer(&cx, args, shared, GETTER_NAMES[which as usize])?;
    let len = if b.detached.get() { 0 } else { b.len() };
    Ok(match which {
        0 => Value::number(len as f64),
        1 => Value::number(if b.detached.get() {
            0.0
        } else {
            b.max.unwrap_or(len) as f64
        }),
        2 | 4 => Value::Bool(b.max.is_some()),
        5 => Value::Bool(b.immutable),
        _ => Value::Bool(b.detached.get()),
    })
}

/// ArrayBuffer.prototype.resize (§25.1.6.6) and
/// SharedArrayBuffer.prototype.grow (§25.2.5.3, magic 1).
fn resize(cx: Cx, args: &Args) -> JsResult<Value> {
    let shared = args.magic == 1;
    let name = if shared { "grow" } else { "resize" };
    let (o, b) = this_buffer(&cx, args, shared, name)?;
    let Some(max) = b.max else {
        return cx.type_error(&format!("{name} called on a fixed-length buffer"));
    };
    let new_len = to_index(&cx, args.arg(0))?;
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    if new_len > max {
        return cx.range_error("new length exceeds maxByteLength");
    }
    let cur = b.len();
    if shared && new_len < cur {
        return cx.range_error("a SharedArrayBuffer cannot shrink");
    }
    if new_len > cur {
        cx.check_alloc(new_len - cur)?;
        let mut bytes = b.bytes.borrow_mut();
        if bytes.try_reserve_exact(new_len - cur).is_err() {
            return cx.range_error("array buffer allocation failed");
        }
        bytes.resize(new_len, 0);
    } else {
        let mut bytes = b.bytes.borrow_mut();
        bytes.truncate(new_len);
        bytes.shrink_to_fit();
    }
    o.d.borrow_mut().account(cx.heap());
    Ok(Value::Undefined)
}

/// The (first, final) byte positions of a relative `start`, `end` pair over
/// `len` bytes (the clamping steps of `slice`, §25.1.6.7 steps 6-13).
pub(crate) fn relative_range(
    cx: &Cx,
    start: &Value,
    end: &Value,
    len: usize,
) -> JsResult<(usize, usize)> {
    let len = len as f64;
    let rel = |v: f64| -> f64 {
        if v < 0.0 {
            (len + v).max(0.0)
        } else {
            v.min(len)
        }
    };
    let first = rel(cx.to_integer(start)?);
    let fin = if end.is_undefined() {
        len
    } else {
        rel(cx.to_integer(end)?)
    };
    Ok((first as usize, fin.max(first) as usize))
}

/// ArrayBuffer.prototype.slice (§25.1.6.7) and
/// SharedArrayBuffer.prototype.slice (§25.2.5.6, magic 1).
fn slice(cx: Cx, args: &Args) -> JsResult<Value> {
    let shared = args.magic == 1;
    let (o, b) = this_buffer(&cx, args, shared, "slice")?;
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    let (first, fin) = relative_range(&cx, args.arg(0), args.arg(1), b.len())?;
    let new_len = fin - first;
    let default = super::typed_array::intrinsic_ctor(
        &cx,
        if shared {
            super::typed_array::SAB_CTOR
        } else {
            super::typed_array::AB_CTOR
        },
    );
    let ctor = crate::ops::species_constructor(&cx, &o, default)?;
    let new = cx.construct(&ctor, &[Value::number(new_len as f64)], None)?;
    let Some(nb) = buffer_of(&new) else {
        return cx.type_error("species constructor did not return an ArrayBuffer");
    };
    if nb.shared != shared {
        return cx.type_error("species constructor returned the wrong kind of buffer");
    }
    if nb.immutable {
        return cx.type_error("species constructor returned an immutable buffer");
    }
    if nb.detached.get() {
        return cx.type_error("species constructor returned a detached buffer");
    }
    if Rc::ptr_eq(&nb, &b) {
        return cx.type_error("species constructor returned the same buffer");
    }
    if nb.len() < new_len {
        return cx.type_error("species constructor returned a too small buffer");
    }
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    let cur = b.len();
    if first < cur {
        let count = new_len.min(cur - first);
        // Through a copy: never two shared blocks locked at once.
        let src = b.bytes.borrow()[first..first + count].to_vec();
        nb.bytes.borrow_mut()[..count].copy_from_slice(&src);
    }
    Ok(new)
}

/// ArrayBuffer.prototype.sliceToImmutable (proposal-immutable-arraybuffer).
fn slice_to_immutable(cx: Cx, args: &Args) -> JsResult<Value> {
    let (_, b) = this_buffer(&cx, args, false, "sliceToImmutable")?;
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    let (first, fin) = relative_range(&cx, args.arg(0), args.arg(1), b.len())?;
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    if fin > b.len() {
        return cx.range_error("the buffer shrank below the end of the slice");
    }
    let bytes = alloc_bytes(&cx, fin - first)?;
    let mut bytes = bytes;
    bytes.copy_from_slice(&b.bytes.borrow()[first..fin]);
    let new = new_buffer_object(
        &cx,
        cx.intr().array_buffer_proto.clone(),
        BufferData {
            bytes: Store::local(bytes),
            max: None,
            detached: Cell::new(false),
            shared: false,
            immutable: true,
        },
    );
    Ok(Value::Object(new))
}

/// ArrayBuffer.prototype.transfer (§25.1.6.8) and transferToFixedLength
/// (§25.1.6.9, magic 1): ArrayBufferCopyAndDetach (§25.1.3.3).
fn transfer(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, b) = this_buffer(&cx, args, false, "transfer")?;
    let new_len = if args.arg(0).is_undefined() {
        b.len()
    } else {
        to_index(&cx, args.arg(0))?
    };
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    if b.immutable {
        return cx.type_error("an immutable ArrayBuffer cannot be transferred");
    }
    let max = if args.magic == 0 { b.max } else { None };
    if max.is_some_and(|m| new_len > m) {
        return cx.range_error("byte length exceeds maxByteLength");
    }
    let mut bytes = std::mem::take(&mut *b.bytes.borrow_mut());
    if new_len > bytes.len() {
        cx.check_alloc(new_len - bytes.len())?;
        if bytes.try_reserve_exact(new_len - bytes.len()).is_err() {
            *b.bytes.borrow_mut() = bytes;
            return cx.range_error("array buffer allocation failed");
        }
    }
    bytes.resize(new_len, 0);
    detach(&cx, &o)?;
    let new = new_buffer_object(
        &cx,
        cx.intr().array_buffer_proto.clone(),
        BufferData {
            bytes: Store::local(bytes),
            max,
            detached: Cell::new(false),
            shared: false,
            immutable: args.magic == 2,
        },
    );
    Ok(Value::Object(new))
}

// ---- DataView ----

fn this_view(
    cx: &Cx,
    this: &Value,
    what: &str,
) -> JsResult<(Obj, Rc<BufferData>, usize, Option<usize>)> {
    if let Value::Object(o) = this
        && let Class::DataView(v) = &o.d.borrow().class
    {
        return Ok((v.buffer.clone(), v.data.clone(), v.offset, v.length));
    }
    cx.type_error(&format!(
        "DataView.prototype.{what} called on an incompatible receiver"
    ))
}

/// The byte length of a DataView, or a TypeError when it is out of bounds
/// (GetViewByteLength after IsViewOutOfBounds).
fn view_len(cx: &Cx, data: &BufferData, offset: usize, length: Option<usize>) -> JsResult<usize> {
    if data.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    let buf = data.len();
    match length {
        Some(n) if offset + n <= buf => Ok(n),
        None if offset <= buf => Ok(buf - offset),
        _ => cx.type_error("DataView is out of bounds"),
    }
}

/// DataView (§25.3.2.1).
fn data_view_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let Some(nt) = &args.new_target else {
        return cx.type_error("constructor requires 'new'");
    };
    let (Value::Object(buffer), Some(b)) = (args.arg(0), buffer_of(args.arg(0))) else {
        return cx.type_error("DataView needs an ArrayBuffer");
    };
    let offset = to_index(&cx, args.arg(1))?;
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    if offset > b.len() {
        return cx.range_error("start offset is outside the buffer");
    }
    let length = if args.arg(2).is_undefined() {
        if b.max.is_none() {
            Some(b.len() - offset)
        } else {
            None
        }
    } else {
        let l = to_index(&cx, args.arg(2))?;
        if offset + l > b.len() {
            return cx.range_error("invalid DataView length");
        }
        Some(l)
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.data_view_proto)?;
    if b.detached.get() {
        return cx.type_error("array buffer is detached");
    }
    if offset > b.len() || length.is_some_and(|l| offset + l > b.len()) {
        return cx.range_error("invalid DataView length");
    }
    let o = new_object(
        cx,
        Some(proto),
        Class::DataView(Box::new(ViewData {
            buffer: buffer.clone(),
            data: b,
            kind: Kind::Uint8,
            offset,
            length,
        })),
    );
    Ok(Value::Object(o))
}

/// `buffer`, `byteLength`, `byteOffset` of DataView.prototype (magic 0-2).
fn view_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let names = ["buffer", "byteLength", "byteOffset"];
    let (buf, data, offset, length) = this_view(&cx, &args.this, names[args.magic as usize])?;
    match args.magic {
        0 => Ok(Value::Object(buf)),
        1 => Ok(Value::number(view_len(&cx, &data, offset, length)? as f64)),
        _ => {
            view_len(&cx, &data, offset, length)?;
            Ok(Value::number(offset as f64))
        }
    }
}

/// The element types of the DataView methods, in magic order.
const VIEW_KINDS: [Kind; 11] = [
    Kind::Int8,
    Kind::Uint8,
    Kind::Int16,
    Kind::Uint16,
    Kind::Int32,
    Kind::Uint32,
    Kind::Float16,
    Kind::Float32,
    Kind::Float64,
    Kind::BigInt64,
    Kind::BigUint64,
];

/// GetViewValue (§25.3.1.5): `getInt8` and the others (magic: index in `VIEW_KINDS`).
fn view_get(cx: Cx, args: &Args) -> JsResult<Value> {
    let kind = VIEW_KINDS[args.magic as usize];
    let (_, data, offset, length) = this_view(&cx, &args.this, "get")?;
    let index = to_index(&cx, args.arg(0))?;
    let little = args.arg(1).to_boolean();
    let len = view_len(&cx, &data, offset, length)?;
    let size = kind.size();
    if index.saturating_add(size) > len {
        return cx.range_error("offset is outside the bounds of the DataView");
    }
    let mut raw = [0u8; 8];
    let at = offset + index;
    raw[..size].copy_from_slice(&data.bytes.borrow()[at..at + size]);
    if !little {
        raw[..size].reverse();
    }
    Ok(kind.load(&cx, &raw[..size]))
}

/// SetViewValue (§25.3.1.6): `setInt8` and the others.
fn view_set(cx: Cx, args: &Args) -> JsResult<Value> {
    let kind = VIEW_KINDS[args.magic as usize];
    let (_, data, offset, length) = this_view(&cx, &args.this, "set")?;
    if data.immutable {
        return cx.type_error("the DataView's buffer is immutable");
    }
    let index = to_index(&cx, args.arg(0))?;
    let e = kind.to_elem(&cx, args.arg(1))?;
    let little = args.arg(2).to_boolean();
    let len = view_len(&cx, &data, offset, length)?;
    let size = kind.size();
    if index.saturating_add(size) > len {
        return cx.range_error("offset is outside the bounds of the DataView");
    }
    let mut raw = [0u8; 8];
    kind.store(&mut raw[..size], e);
    if !little {
        raw[..size].reverse();
    }
    let at = offset + index;
    data.bytes.borrow_mut()[at..at + size].copy_from_slice(&raw[..size]);
    Ok(Value::Undefined)
}

pub(crate) fn init(cx: &Cx) {
    // ArrayBuffer.
    let proto = cx.intr().array_buffer_proto.clone();
    let ctor = super::define_ctor(cx, "ArrayBuffer", 1, buffer_ctor, &proto);
    cx.realm.binary_ctors.borrow_mut().push(ctor.clone());
    define_fns(cx, &ctor, fns![ "isView", 1, is_view; ]);
    define_species(cx, &ctor);
    define_fns(
        cx,
        &proto,
        fns![
            "resize", 1, resize;
            "slice", 2, slice;
            "transfer", 0, transfer;
            "transferToFixedLength", 0, transfer, 1;
            "transferToImmutable", 0, transfer, 2;
            "sliceToImmutable", 2, slice_to_immutable;
        ],
    );
    for i in [0usize, 1, 2, 3, 5] {
        let name = GETTER_NAMES[i];
        define_getter(cx, &proto, cx.intern(name), name, buffer_getter, i as i32);
    }
    define_to_string_tag(cx, &proto, "ArrayBuffer");

    // SharedArrayBuffer.
    let proto = cx.intr().shared_array_buffer_proto.clone();
    let ctor = super::define_ctor(cx, "SharedArrayBuffer", 1, buffer_ctor, &proto);
    cx.realm.binary_ctors.borrow_mut().push(ctor.clone());
    set_ctor_magic(&ctor, 1);
    define_species(cx, &ctor);
    define_fns(
        cx,
        &proto,
        fns![
            "grow", 1, resize, 1;
            "slice", 2, slice, 1;
        ],
    );
    for i in [0usize, 1, 4] {
        let name = GETTER_NAMES[i];
        define_getter(
            cx,
            &proto,
            cx.intern(name),
            name,
            buffer_getter,
            8 + i as i32,
        );
    }
    define_to_string_tag(cx, &proto, "SharedArrayBuffer");

    // DataView.
    let proto = cx.intr().data_view_proto.clone();
    super::define_ctor(cx, "DataView", 1, data_view_ctor, &proto);
    for (i, name) in ["buffer", "byteLength", "byteOffset"].iter().enumerate() {
        define_getter(cx, &proto, cx.intern(name), name, view_getter, i as i32);
    }
    for (i, k) in VIEW_KINDS.iter().enumerate() {
        let n = k.view_name();
        let g = super::function::new_native(
            cx,
            cx.intern(&format!("get{n}")),
            1,
            view_get,
            i as i32,
            false,
        );
        object::define_data(
            cx,
            &proto,
            cx.intern(&format!("get{n}")),
            Value::Object(g),
            crate::shape::flags::HIDDEN,
        );
        let s = super::function::new_native(
            cx,
            cx.intern(&format!("set{n}")),
            2,
            view_set,
            i as i32,
            false,
        );
        object::define_data(
            cx,
            &proto,
            cx.intern(&format!("set{n}")),
            Value::Object(s),
            crate::shape::flags::HIDDEN,
        );
    }
    define_to_string_tag(cx, &proto, "DataView");
}

/// Sets the magic number of a built-in constructor.
pub(crate) fn set_ctor_magic(ctor: &Obj, magic: i32) {
    if let Class::Native(n) = &mut ctor.d.borrow_mut().class {
        n.magic = magic;
    }
}
