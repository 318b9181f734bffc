//! `%TypedArray%` and the typed array constructors (ECMA-262 §23.2), the
//! element types and their conversions (§25.1.3.15-17, Table 71), and the
//! Uint8Array base64/hex methods (proposal-arraybuffer-base64).
//!
//! <https://tc39.es/ecma262/#sec-typedarray-objects>
//! <https://tc39.es/proposal-arraybuffer-base64/spec/>
//!
//! Elements are stored little-endian. The exotic internal methods are in
//! `object/typed_array.rs`; the interpreter's `a[i]` fast path in
//! `ops::get_elem`/`put_elem` reads the buffer directly.

use std::rc::Rc;

use super::array_buffer::{self, ViewData, new_array_buffer, relative_range, to_index};
use super::{define_fns, define_getter, define_species, fns};
use crate::atom::Atom;
use crate::bigint::BigIntRef;
use crate::object::{self, Args, Class, Obj, new_object};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::string::StringBuilder;
use crate::value::Value;

/// The number of element types.
pub(crate) const KIND_COUNT: usize = 12;
/// Indices of `Realm::binary_ctors` after the typed array constructors
/// (12 is %TypedArray%).
pub(crate) const AB_CTOR: usize = 13;
pub(crate) const SAB_CTOR: usize = 14;

/// An intrinsic constructor of this realm (see `Realm::binary_ctors`).
pub(crate) fn intrinsic_ctor(cx: &Cx, i: usize) -> Value {
    cx.realm
        .binary_ctors
        .borrow()
        .get(i)
        .map_or(Value::Undefined, |o| Value::Object(o.clone()))
}

/// The element types (Table 71).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Int8,
    Uint8,
    Uint8C,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Float16,
    Float32,
    Float64,
    BigInt64,
    BigUint64,
}

/// A value converted for storage: a Number, or the 64 bits of a BigInt.
#[derive(Clone, Copy)]
pub(crate) enum Elem {
    Num(f64),
    Big(u64),
}

pub(crate) const KINDS: [Kind; KIND_COUNT] = [
    Kind::Int8,
    Kind::Uint8,
    Kind::Uint8C,
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

impl Kind {
    #[inline]
    pub(crate) fn size(self) -> usize {
        match self {
            Kind::Int8 | Kind::Uint8 | Kind::Uint8C => 1,
            Kind::Int16 | Kind::Uint16 | Kind::Float16 => 2,
            Kind::Int32 | Kind::Uint32 | Kind::Float32 => 4,
            Kind::Float64 | Kind::BigInt64 | Kind::BigUint64 => 8,
        }
    }

    #[inline]
    pub(crate) fn is_bigint(self) -> bool {
        matches!(self, Kind::BigInt64 | Kind::BigUint64)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Int8 => "Int8Array",
            Kind::Uint8 => "Uint8Array",
            Kind::Uint8C => "Uint8ClampedArray",
            Kind::Int16 => "Int16Array",
            Kind::Uint16 => "Uint16Array",
            Kind::Int32 => "Int32Array",
            Kind::Uint32 => "Uint32Array",
            Kind::Float16 => "Float16Array",
            Kind::Float32 => "Float32Array",
            Kind::Float64 => "Float64Array",
            Kind::BigInt64 => "BigInt64Array",
            Kind::BigUint64 => "BigUint64Array",
        }
    }

    /// The name in DataView methods (`getInt8`...).
    pub(crate) fn view_name(self) -> &'static str {
        let n = self.name();
        &n[..n.len() - 5]
    }

    fn index(self) -> usize {
        self as usize
    }

    /// ToBigInt or ToNumber, as the element type needs.
    #[inline]
    pub(crate) fn to_elem(self, cx: &Cx, v: &Value) -> JsResult<Elem> {
        if self.is_bigint() {
            Ok(Elem::Big(cx.to_biguint64(v)?))
        } else {
            match v {
                Value::Int(i) => Ok(Elem::Num(*i as f64)),
                Value::Float(f) => Ok(Elem::Num(*f)),
                _ => Ok(Elem::Num(cx.to_number(v)?)),
            }
        }
    }

    /// NumericToRawBytes (§25.1.3.17), little-endian, into `dst` (`size()` bytes).
    #[inline]
    pub(crate) fn store(self, dst: &mut [u8], e: Elem) {
        let n = match e {
            Elem::Num(n) => n,
            Elem::Big(b) => {
                dst.copy_from_slice(&b.to_le_bytes()[..dst.len()]);
                return;
            }
        };
        match self {
            Kind::Int8 | Kind::Uint8 => dst[0] = crate::value::f64_to_int32(n) as u8,
            Kind::Uint8C => dst[0] = clamp_u8(n),
            Kind::Int16 | Kind::Uint16 => {
                dst.copy_from_slice(&(crate::value::f64_to_int32(n) as u16).to_le_bytes())
            }
            Kind::Int32 | Kind::Uint32 => {
                dst.copy_from_slice(&(crate::value::f64_to_int32(n) as u32).to_le_bytes())
            }
            Kind::Float16 => dst.copy_from_slice(&f64_to_f16(n).to_le_bytes()),
            Kind::Float32 => dst.copy_from_slice(&(n as f32).to_le_bytes()),
            Kind::Float64 => dst.copy_from_slice(&n.to_le_bytes()),
            // A Number never reaches a BigInt array (to_elem converts).
            Kind::BigInt64 | Kind::BigUint64 => {}
        }
    }

    /// RawBytesToNumeric (§25.1.3.16) of `src` (`size()` bytes, little-endian).
    #[inline]
    pub(crate) fn load(self, cx: &Cx, src: &[u8]) -> Value {
        // Fixed-size copies (missing bytes read as zero).
        fn bytes<const N: usize>(src: &[u8]) -> [u8; N] {
            src.get(..N)
                .and_then(|s| s.try_into().ok())
                .unwrap_or([0; N])
        }
        match self {
            Kind::Int8 => Value::Int(i8::from_le_bytes(bytes(src)) as i32),
            Kind::Uint8 | Kind::Uint8C => Value::Int(u8::from_le_bytes(bytes(src)) as i32),
            Kind::Int16 => Value::Int(i16::from_le_bytes(bytes(src)) as i32),
            Kind::Uint16 => Value::Int(u16::from_le_bytes(bytes(src)) as i32),
            Kind::Int32 => Value::Int(i32::from_le_bytes(bytes(src))),
            Kind::Uint32 => Value::number(u32::from_le_bytes(bytes(src)) as f64),
            Kind::Float16 => Value::Float(f16_to_f64(u16::from_le_bytes(bytes(src)))),
            Kind::Float32 => Value::Float(f32::from_le_bytes(bytes(src)) as f64),
            Kind::Float64 => Value::Float(f64::from_le_bytes(bytes(src))),
            Kind::BigInt64 => crate::bigint::value(cx, i64::from_le_bytes(bytes(src)).into()),
            Kind::BigUint64 => crate::bigint::value(cx, u64::from_le_bytes(bytes(src)).into()),
        }
    }
}

/// ToUint8Clamp (§7.1.12).
fn clamp_u8(n: f64) -> u8 {
    if n.is_nan() || n <= 0.0 {
        0
    } else if n >= 255.0 {
        255
    } else {
        n.round_ties_even() as u8
    }
}

/// The binary16 value nearest to `x` (ties to even), as bits.
pub(crate) fn f64_to_f16(x: f64) -> u16 {
    let bits = x.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    if x.is_nan() {
        return 0x7e00;
    }
    let a = x.abs();
    // 65520 is halfway between the largest finite half (65504) and 2^16.
    if a >= 65520.0 {
        return sign | 0x7c00;
    }
    if a < 6.103515625e-5 {
        // Subnormal (or zero): a multiple of 2^-24.
        let m = (a * 16777216.0).round_ties_even() as u16;
        return sign | m;
    }
    let exp = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mant = bits & ((1u64 << 52) - 1);
    let mut m = (mant >> 42) as u32;
    let rest = mant & ((1u64 << 42) - 1);
    let half = 1u64 << 41;
    if rest > half || (rest == half && m & 1 == 1) {
        m += 1;
    }
    // A carry out of the mantissa correctly bumps the exponent.
    sign | ((((exp + 15) as u32) << 10) + m) as u16
}

/// The value of binary16 bits.
pub(crate) fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let mant = (h & 0x3ff) as f64;
    sign * match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1024.0 + mant) * 2f64.powi(e - 25),
    }
}

/// The atom of index `i`.
pub(crate) fn index_atom(cx: &Cx, i: usize) -> Atom {
    match u32::try_from(i).ok().and_then(Atom::from_index) {
        Some(a) => a,
        None => cx.intern(&i.to_string()),
    }
}

/// The view of a typed array object.
fn ta_kind(o: &Obj) -> Option<Kind> {
    match &o.d.borrow().class {
        Class::TypedArray(t) => Some(t.kind),
        _ => None,
    }
}

/// TypedArrayLength, `None` when out of bounds or detached (or not a typed array).
pub(crate) fn ta_len(o: &Obj) -> Option<usize> {
    match &o.d.borrow().class {
        Class::TypedArray(t) => t.len(),
        _ => None,
    }
}

/// Element `i` of a typed array, undefined when not a valid index.
pub(crate) fn get_index(cx: &Cx, o: &Obj, i: usize) -> Value {
    match &o.d.borrow().class {
        Class::TypedArray(t) => t.get(cx, i),
        _ => None,
    }
    .unwrap_or(Value::Undefined)
}

/// TypedArraySetElement with an index.
fn set_index(cx: &Cx, o: &Obj, i: usize, v: &Value) -> JsResult<()> {
    crate::object::typed_array_set_element(cx, o, Some(i), v)
}

/// ValidateTypedArray (§23.2.4.4): the object, its element type and length.
pub(crate) fn validate(cx: &Cx, v: &Value) -> JsResult<(Obj, Kind, usize)> {
    let Value::Object(o) = v else {
        return cx.type_error("not a typed array");
    };
    let r = match &o.d.borrow().class {
        Class::TypedArray(t) => Some((t.kind, t.len())),
        _ => None,
    };
    match r {
        Some((k, Some(len))) => Ok((o.clone(), k, len)),
        Some((_, None)) => cx.type_error("typed array is detached or out of bounds"),
        None => cx.type_error("not a typed array"),
    }
}

/// ValidateTypedArray for methods that write: also a TypeError when the
/// buffer is immutable.
pub(crate) fn validate_mut(cx: &Cx, v: &Value) -> JsResult<(Obj, Kind, usize)> {
    let r = validate(cx, v)?;
    if is_immutable(&r.0) {
        return cx.type_error("the typed array's buffer is immutable");
    }
    Ok(r)
}

/// Whether a typed array views an immutable buffer.
pub(crate) fn is_immutable(o: &Obj) -> bool {
    matches!(&o.d.borrow().class, Class::TypedArray(t) if t.data.immutable)
}

/// Creates a typed array over `buffer` directly.
fn make(cx: &Cx, proto: Obj, kind: Kind, buffer: Obj, offset: usize, length: Option<usize>) -> Obj {
    let data = match &buffer.d.borrow().class {
        Class::ArrayBuffer(b) => b.clone(),
        _ => Rc::new(array_buffer::BufferData {
            bytes: super::shared_memory::Store::local(Vec::new()),
            max: None,
            detached: std::cell::Cell::new(true),
            shared: false,
            immutable: false,
        }),
    };
    new_object(
        *cx,
        Some(proto),
        Class::TypedArray(Box::new(ViewData {
            buffer,
            data,
            kind,
            offset,
            length,
        })),
    )
}

/// AllocateTypedArray with a length, given the prototype.
fn allocate(cx: &Cx, proto: Obj, kind: Kind, len: usize) -> JsResult<Obj> {
    let bytes = len
        .checked_mul(kind.size())
        .filter(|&b| b <= array_buffer::MAX_BYTES);
    let Some(bytes) = bytes else {
        return cx.range_error("invalid typed array length");
    };
    let buf = new_array_buffer(cx, bytes)?;
    Ok(make(cx, proto, kind, buf, 0, Some(len)))
}

/// TypedArrayCreateSameType (§23.2.4.3).
fn create_same_type(cx: &Cx, kind: Kind, len: usize) -> JsResult<Obj> {
    let proto = cx.intr().typed_protos[kind.index()].clone();
    allocate(cx, proto, kind, len)
}

/// TypedArrayCreateFromConstructor (§23.2.4.2).
fn create_from_ctor(cx: &Cx, ctor: &Value, args: &[Value]) -> JsResult<(Obj, Kind, usize)> {
    let new = cx.construct(ctor, args, None)?;
    let r = validate_mut(cx, &new)?;
    if let [n] = args
        && let Some(n) = n.as_number()
        && (r.2 as f64) < n
    {
        return cx.type_error("typed array constructor returned a too short array");
    }
    Ok(r)
}

/// TypedArraySpeciesCreate (§23.2.4.1).
fn species_create(
    cx: &Cx,
    exemplar: &Obj,
    kind: Kind,
    args: &[Value],
) -> JsResult<(Obj, Kind, usize)> {
    let default = intrinsic_ctor(cx, kind.index());
    let ctor = crate::ops::species_constructor(cx, exemplar, default)?;
    let r = create_from_ctor(cx, &ctor, args)?;
    if r.1.is_bigint() != kind.is_bigint() {
        return cx.type_error("species constructor returned a typed array of another content type");
    }
    Ok(r)
}

/// The typed array constructors (§23.2.5.1), magic: the element type.
fn typed_ctor(cx: Cx, args: &Args) -> JsResult<Value> {
    let kind = KINDS[args.magic as usize];
    let Some(nt) = &args.new_target else {
        return cx.type_error(&format!("{} constructor requires 'new'", kind.name()));
    };
    let ki = kind.index();
    let first = args.arg(0);
    let Value::Object(src) = first else {
        let len = to_index(&cx, first)?;
        let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.typed_protos[ki])?;
        return Ok(Value::Object(allocate(&cx, proto, kind, len)?));
    };
    let proto = crate::ops::proto_from_ctor(&cx, Some(nt), |r| &r.intr.typed_protos[ki])?;
    enum Src {
        Typed(Kind, Option<usize>),
        Buffer(Rc<array_buffer::BufferData>),
        Other,
    }
    let what = match &src.d.borrow().class {
        Class::TypedArray(t) => Src::Typed(t.kind, t.len()),
        Class::ArrayBuffer(b) => Src::Buffer(b.clone()),
        _ => Src::Other,
    };
    let size = kind.size();
    match what {
        Src::Typed(sk, len) => {
            // InitializeTypedArrayFromTypedArray (§23.2.5.1.2).
            let Some(len) = len else {
                return cx.type_error("source typed array is detached or out of bounds");
            };
            if sk.is_bigint() != kind.is_bigint() {
                return cx.type_error("cannot mix BigInt and Number typed arrays");
            }
            let o = allocate(&cx, proto, kind, len)?;
            if sk == kind {
                let (sdata, soff) = match &src.d.borrow().class {
                    Class::TypedArray(t) => (t.data.clone(), t.offset),
                    _ => return Ok(Value::Object(o)),
                };
                let bytes = sdata.bytes.borrow()[soff..soff + len * size].to_vec();
                if let Class::TypedArray(t) = &o.d.borrow().class {
                    t.data.bytes.borrow_mut().copy_from_slice(&bytes);
                }
            } else {
                for i in 0..len {
                    let v = get_index(&cx, src, i);
                    set_index(&cx, &o, i, &v)?;
                }
            }
            Ok(Value::Object(o))
        }
        Src::Buffer(b) => {
            // InitializeTypedArrayFromArrayBuffer (§23.2.5.1.3).
            let offset = to_index(&cx, args.arg(1))?;
            if !offset.is_multiple_of(size) {
                return cx.range_error("start offset must be a multiple of the element size");
            }
            let new_len = if args.arg(2).is_undefined() {
                None
            } else {
                Some(to_index(&cx, args.arg(2))?)
            };
            if b.detached.get() {
                return cx.type_error("array buffer is detached");
            }
            let buf_len = b.len();
            let length = match new_len {
                None if b.max.is_some() && !b.shared => {
                    if offset > buf_len {
                        return cx.range_error("start offset is outside the buffer");
                    }
                    None
                }
                None if b.max.is_some() => {
                    if offset > buf_len {
                        return cx.range_error("start offset is outside the buffer");
                    }
                    None
                }
                None => {
                    if !buf_len.is_multiple_of(size) {
                        return cx
                            .range_error("buffer length must be a multiple of the element size");
                    }
                    if offset > buf_len {
                        return cx.range_error("start offset is outside the buffer");
                    }
                    Some((buf_len - offset) / size)
                }
                Some(n) => {
                    if n.checked_mul(size)
                        .and_then(|x| x.checked_add(offset))
                        .is_none_or(|e| e > buf_len)
                    {
                        return cx.range_error("invalid typed array length");
                    }
                    Some(n)
                }
            };
            Ok(Value::Object(make(
                &cx,
                proto,
                kind,
                src.clone(),
                offset,
                length,
            )))
        }
        Src::Other => {
            let method = object::get_prop(&cx, src, Atom::SYM_ITERATOR)?;
            let values = if method.is_nullish() {
                None
            } else {
                if !method.is_callable() {
                    return cx.type_error("@@iterator is not callable");
                }
                Some(iterable_to_list(&cx, first, &method)?)
            };
            match values {
                Some(values) => {
                    let o = allocate(&cx, proto, kind, values.len())?;
                    for (i, v) in values.iter().enumerate() {
                        set_index(&cx, &o, i, v)?;
                    }
                    Ok(Value::Object(o))
                }
                None => {
                    let len = cx.to_length(&object::get_prop(&cx, src, Atom::LENGTH)?)?;
                    let o = allocate(&cx, proto, kind, len as usize)?;
                    for i in 0..len as usize {
                        let v = object::get_prop(&cx, src, index_atom(&cx, i))?;
                        set_index(&cx, &o, i, &v)?;
                        cx.poll()?;
                    }
                    Ok(Value::Object(o))
                }
            }
        }
    }
}

/// IteratorToList(GetIteratorFromMethod(v, method)).
fn iterable_to_list(cx: &Cx, v: &Value, method: &Value) -> JsResult<Vec<Value>> {
    let it = cx.call(method, v, &[])?;
    if !matches!(it, Value::Object(_)) {
        return cx.type_error("iterator is not an object");
    }
    let next = object::get_value(cx, &it, Atom::NEXT)?;
    let mut out = Vec::new();
    loop {
        let (v, done) = crate::ops::iterator_step(cx, &it, &next)?;
        if done {
            return Ok(out);
        }
        out.push(v);
        cx.poll()?;
    }
}

/// %TypedArray% (§23.2.1.1): always throws.
fn abstract_ctor(cx: Cx, _args: &Args) -> JsResult<Value> {
    cx.type_error("Abstract class TypedArray not directly constructable")
}

/// %TypedArray%.from (§23.2.2.1).
fn from(cx: Cx, args: &Args) -> JsResult<Value> {
    let c = args.this.clone();
    if !matches!(&c, Value::Object(o) if object::is_constructor(o)) {
        return cx.type_error("TypedArray.from: this is not a constructor");
    }
    let mapfn = args.get(1);
    let mapping = !mapfn.is_undefined();
    if mapping && !mapfn.is_callable() {
        return cx.type_error("TypedArray.from: mapper is not callable");
    }
    let this_arg = args.get(2);
    let source = args.get(0);
    let method = object::get_value(&cx, &source, Atom::SYM_ITERATOR)?;
    let map = |k: usize, v: Value| -> JsResult<Value> {
        if mapping {
            cx.call(&mapfn, &this_arg, &[v, Value::number(k as f64)])
        } else {
            Ok(v)
        }
    };
    if !method.is_nullish() {
        if !method.is_callable() {
            return cx.type_error("@@iterator is not callable");
        }
        let values = iterable_to_list(&cx, &source, &method)?;
        let (t, _, _) = create_from_ctor(&cx, &c, &[Value::number(values.len() as f64)])?;
        for (k, v) in values.into_iter().enumerate() {
            let v = map(k, v)?;
            object::put(&cx, &t, index_atom(&cx, k), v, true)?;
        }
        return Ok(Value::Object(t));
    }
    let src = cx.to_object(&source)?;
    let len = cx.to_length(&object::get_prop(&cx, &src, Atom::LENGTH)?)? as usize;
    let (t, _, _) = create_from_ctor(&cx, &c, &[Value::number(len as f64)])?;
    for k in 0..len {
        let v = object::get_prop(&cx, &src, index_atom(&cx, k))?;
        let v = map(k, v)?;
        object::put(&cx, &t, index_atom(&cx, k), v, true)?;
        cx.poll()?;
    }
    Ok(Value::Object(t))
}

/// %TypedArray%.of (§23.2.2.2).
fn of(cx: Cx, args: &Args) -> JsResult<Value> {
    let c = args.this.clone();
    if !matches!(&c, Value::Object(o) if object::is_constructor(o)) {
        return cx.type_error("TypedArray.of: this is not a constructor");
    }
    let (t, _, _) = create_from_ctor(&cx, &c, &[Value::number(args.len() as f64)])?;
    for (k, v) in args.args.iter().enumerate() {
        object::put(&cx, &t, index_atom(&cx, k), v.clone(), true)?;
    }
    Ok(Value::Object(t))
}

/// `buffer`, `byteLength`, `byteOffset`, `length` (magic 0-3) and
/// `@@toStringTag` (magic 4) of %TypedArray.prototype%.
fn ta_getter(cx: Cx, args: &Args) -> JsResult<Value> {
    let r = match &args.this {
        Value::Object(o) => match &o.d.borrow().class {
            Class::TypedArray(t) => Some((t.buffer.clone(), t.kind, t.offset, t.len())),
            _ => None,
        },
        _ => None,
    };
    let Some((buf, kind, offset, len)) = r else {
        if args.magic == 4 {
            return Ok(Value::Undefined);
        }
        return cx.type_error("not a typed array");
    };
    Ok(match args.magic {
        0 => Value::Object(buf),
        1 => Value::number((len.unwrap_or(0) * kind.size()) as f64),
        2 => Value::number(if len.is_some() { offset as f64 } else { 0.0 }),
        3 => Value::number(len.unwrap_or(0) as f64),
        _ => Value::String(cx.str(kind.name())),
    })
}

/// The state of the typed array prototypes in which `ta.length` is the
/// intrinsic getter's answer: the shapes of each kind's prototype and of
/// %TypedArray.prototype% when the realm was made (kept alive, so an
/// address is never reused), the slot of `length` there and its getter.
/// Any change to those objects' own keys, attributes or prototypes gives
/// them another shape (a dictionary shape is always a new one), and a
/// redefined getter is seen in the slot.
pub(crate) struct LengthGuard {
    kind_shapes: Vec<Rc<crate::shape::Shape>>,
    base_shape: Rc<crate::shape::Shape>,
    slot: usize,
    getter: Obj,
}

/// Records the guard once the realm's intrinsics are set up.
pub(crate) fn init_length_guard(cx: &Cx) {
    let bd = cx.intr().typed_array_proto.d.borrow();
    let Some(slot) = bd.shape.find(Atom::LENGTH) else {
        return;
    };
    let getter = match bd.slots.get(slot) {
        Some(crate::object::Slot::Accessor(a)) => a.get.clone(),
        _ => None,
    };
    let Some(getter) = getter else { return };
    let kind_shapes = cx
        .intr()
        .typed_protos
        .iter()
        .map(|p| p.d.borrow().shape.clone())
        .collect::<Vec<_>>();
    if bd.shape.dictionary || kind_shapes.iter().any(|s| s.dictionary) {
        return;
    }
    let _ = cx.realm.ta_length_guard.set(LengthGuard {
        kind_shapes,
        base_shape: bd.shape.clone(),
        slot,
        getter,
    });
}

/// `o.length` for a typed array without own properties whose prototypes are
/// as the realm made them: the intrinsic getter's result without calling
/// it. `None` when any of that does not hold (the caller does the full
/// property read).
#[inline]
pub(crate) fn fast_length(cx: &Cx, o: &Obj) -> Option<Value> {
    let g = cx.realm.ta_length_guard.get()?;
    let d = o.d.try_borrow().ok()?;
    let Class::TypedArray(t) = &d.class else {
        return None;
    };
    if !d.slots.is_empty() {
        return None;
    }
    let i = KINDS.iter().position(|k| *k == t.kind)?;
    let intr = cx.intr();
    let p = d.proto.as_ref()?;
    if !Obj::ptr_eq(p, &intr.typed_protos[i]) {
        return None;
    }
    let pd = p.d.try_borrow().ok()?;
    if !Rc::ptr_eq(&pd.shape, &g.kind_shapes[i]) {
        return None;
    }
    let base = pd.proto.as_ref()?;
    if !Obj::ptr_eq(base, &intr.typed_array_proto) {
        return None;
    }
    let bd = base.d.try_borrow().ok()?;
    if !Rc::ptr_eq(&bd.shape, &g.base_shape) {
        return None;
    }
    match bd.slots.get(g.slot)? {
        crate::object::Slot::Accessor(a)
            if a.get.as_ref().is_some_and(|f| Obj::ptr_eq(f, &g.getter)) => {}
        _ => return None,
    }
    Some(Value::number(t.len().unwrap_or(0) as f64))
}

/// The relative index `v` over `len` (`at`, `with`, the start of ranges).
fn relative(cx: &Cx, v: &Value, len: usize) -> JsResult<f64> {
    let r = cx.to_integer(v)?;
    Ok(if r < 0.0 { len as f64 + r } else { r })
}

fn at(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, len) = validate(&cx, &args.this)?;
    let k = relative(&cx, args.arg(0), len)?;
    if k < 0.0 || k >= len as f64 {
        return Ok(Value::Undefined);
    }
    Ok(get_index(&cx, &o, k as usize))
}

/// %TypedArray%.prototype.copyWithin (§23.2.3.6).
fn copy_within(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate_mut(&cx, &args.this)?;
    let (to, _) = relative_range(&cx, args.arg(0), &Value::Undefined, len)?;
    let (from, fin) = relative_range(&cx, args.arg(1), args.arg(2), len)?;
    let count = (fin - from).min(len - to);
    if count > 0 {
        let (_, _, len) = validate(&cx, &args.this)?;
        if let Class::TypedArray(t) = &o.d.borrow().class {
            let size = kind.size();
            let limit = len * size + t.offset;
            let to_b = to * size + t.offset;
            let from_b = from * size + t.offset;
            let mut n = count * size;
            n = n
                .min(limit.saturating_sub(to_b))
                .min(limit.saturating_sub(from_b));
            if n > 0 {
                t.data
                    .bytes
                    .borrow_mut()
                    .copy_within(from_b..from_b + n, to_b);
            }
        }
    }
    Ok(Value::Object(o))
}

/// keys, values, entries (magic 0-2): CreateArrayIterator after ValidateTypedArray.
fn iterator(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, _) = validate(&cx, &args.this)?;
    let it = new_object(
        cx,
        Some(cx.intr().array_iter_proto.clone()),
        Class::ArrayIter(Box::new((Some(o), 0, args.magic as u8))),
    );
    Ok(Value::Object(it))
}

fn callback(cx: &Cx, args: &Args) -> JsResult<(Value, Value)> {
    let f = args.get(0);
    if !f.is_callable() {
        return cx.type_error("callback is not a function");
    }
    Ok((f, args.get(1)))
}

/// every (0), some (1), forEach (2), find (3), findIndex (4), findLast (5),
/// findLastIndex (6).
fn iterate(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, len) = validate(&cx, &args.this)?;
    let (f, this_arg) = callback(&cx, args)?;
    let ov = Value::Object(o.clone());
    let backwards = matches!(args.magic, 5 | 6);
    for j in 0..len {
        let k = if backwards { len - 1 - j } else { j };
        let v = get_index(&cx, &o, k);
        let kv = Value::number(k as f64);
        let r = cx
            .call(&f, &this_arg, &[v.clone(), kv.clone(), ov.clone()])?
            .to_boolean();
        match args.magic {
            0 if !r => return Ok(Value::Bool(false)),
            1 if r => return Ok(Value::Bool(true)),
            3 | 5 if r => return Ok(v),
            4 | 6 if r => return Ok(kv),
            _ => {}
        }
    }
    Ok(match args.magic {
        0 => Value::Bool(true),
        1 => Value::Bool(false),
        4 | 6 => Value::Int(-1),
        _ => Value::Undefined,
    })
}

/// %TypedArray%.prototype.fill (§23.2.3.10).
fn fill(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate_mut(&cx, &args.this)?;
    let e = kind.to_elem(&cx, args.arg(0))?;
    let (start, end) = relative_range(&cx, args.arg(1), args.arg(2), len)?;
    let (_, _, len) = validate(&cx, &args.this)?;
    let end = end.min(len);
    if start < end
        && let Class::TypedArray(t) = &o.d.borrow().class
    {
        let size = kind.size();
        let mut raw = [0u8; 8];
        kind.store(&mut raw[..size], e);
        let mut b = t.data.bytes.borrow_mut();
        for chunk in b[t.offset + start * size..t.offset + end * size].chunks_exact_mut(size) {
            chunk.copy_from_slice(&raw[..size]);
        }
    }
    Ok(Value::Object(o))
}

/// %TypedArray%.prototype.filter (§23.2.3.11).
fn filter(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate(&cx, &args.this)?;
    let (f, this_arg) = callback(&cx, args)?;
    let ov = Value::Object(o.clone());
    let mut kept = Vec::new();
    for k in 0..len {
        let v = get_index(&cx, &o, k);
        if cx
            .call(
                &f,
                &this_arg,
                &[v.clone(), Value::number(k as f64), ov.clone()],
            )?
            .to_boolean()
        {
            kept.push(v);
        }
    }
    let (a, _, _) = species_create(&cx, &o, kind, &[Value::number(kept.len() as f64)])?;
    for (n, v) in kept.iter().enumerate() {
        object::put(&cx, &a, index_atom(&cx, n), v.clone(), true)?;
    }
    Ok(Value::Object(a))
}

/// includes (0), indexOf (1), lastIndexOf (2).
fn search(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, len) = validate(&cx, &args.this)?;
    let not_found = if args.magic == 0 {
        Value::Bool(false)
    } else {
        Value::Int(-1)
    };
    if len == 0 {
        return Ok(not_found);
    }
    let target = args.arg(0);
    let lenf = len as f64;
    if args.magic == 2 {
        let n = if args.len() > 1 {
            cx.to_integer(args.arg(1))?
        } else {
            lenf - 1.0
        };
        if n == f64::NEG_INFINITY {
            return Ok(not_found);
        }
        let mut k = if n >= 0.0 {
            n.min(lenf - 1.0)
        } else {
            lenf + n
        };
        while k >= 0.0 {
            let i = k as usize;
            if ta_len(&o).is_some_and(|l| i < l)
                && crate::value::strict_equals(&get_index(&cx, &o, i), target)
            {
                return Ok(Value::number(k));
            }
            k -= 1.0;
        }
        return Ok(not_found);
    }
    let n = cx.to_integer(args.arg(1))?;
    if n == f64::INFINITY {
        return Ok(not_found);
    }
    let start = if n >= 0.0 { n } else { (lenf + n).max(0.0) };
    let mut k = start;
    while k < lenf {
        let i = k as usize;
        if args.magic == 0 {
            if crate::value::same_value_zero(&get_index(&cx, &o, i), target) {
                return Ok(Value::Bool(true));
            }
        } else if ta_len(&o).is_some_and(|l| i < l)
            && crate::value::strict_equals(&get_index(&cx, &o, i), target)
        {
            return Ok(Value::number(k));
        }
        k += 1.0;
    }
    Ok(not_found)
}

/// %TypedArray%.prototype.join (§23.2.3.18).
fn join(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, len) = validate(&cx, &args.this)?;
    let sep = if args.arg(0).is_undefined() {
        cx.str(",")
    } else {
        cx.to_string(args.arg(0))?
    };
    let mut b = StringBuilder::new();
    for k in 0..len {
        if k > 0 {
            b.push_js(&sep);
        }
        let v = get_index(&cx, &o, k);
        if !v.is_undefined() {
            b.push_js(&cx.to_string(&v)?);
        }
        cx.poll()?;
    }
    Ok(Value::String(b.finish(cx.heap())))
}

/// %TypedArray%.prototype.map (§23.2.3.22).
fn map(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate(&cx, &args.this)?;
    let (f, this_arg) = callback(&cx, args)?;
    let (a, _, _) = species_create(&cx, &o, kind, &[Value::number(len as f64)])?;
    let ov = Value::Object(o.clone());
    for k in 0..len {
        let v = get_index(&cx, &o, k);
        let m = cx.call(&f, &this_arg, &[v, Value::number(k as f64), ov.clone()])?;
        object::put(&cx, &a, index_atom(&cx, k), m, true)?;
    }
    Ok(Value::Object(a))
}

/// reduce (0), reduceRight (1).
fn reduce(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, len) = validate(&cx, &args.this)?;
    let f = args.get(0);
    if !f.is_callable() {
        return cx.type_error("callback is not a function");
    }
    let ov = Value::Object(o.clone());
    let idx = |j: usize| if args.magic == 1 { len - 1 - j } else { j };
    let mut j = 0;
    let mut acc = if args.len() > 1 {
        args.get(1)
    } else {
        if len == 0 {
            return cx.type_error("reduce of empty array with no initial value");
        }
        j = 1;
        get_index(&cx, &o, idx(0))
    };
    while j < len {
        let k = idx(j);
        let v = get_index(&cx, &o, k);
        acc = cx.call(
            &f,
            &Value::Undefined,
            &[acc, v, Value::number(k as f64), ov.clone()],
        )?;
        j += 1;
    }
    Ok(acc)
}

/// %TypedArray%.prototype.reverse (§23.2.3.26).
fn reverse(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate_mut(&cx, &args.this)?;
    if let Class::TypedArray(t) = &o.d.borrow().class {
        let size = kind.size();
        let mut b = t.data.bytes.borrow_mut();
        let s = &mut b[t.offset..t.offset + len * size];
        for i in 0..len / 2 {
            let j = len - 1 - i;
            for x in 0..size {
                s.swap(i * size + x, j * size + x);
            }
        }
    }
    Ok(Value::Object(o))
}

/// %TypedArray%.prototype.set (§23.2.3.26).
fn set(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(target) = &args.this else {
        return cx.type_error("not a typed array");
    };
    let Some(tkind) = ta_kind(target) else {
        return cx.type_error("not a typed array");
    };
    if is_immutable(target) {
        return cx.type_error("the typed array's buffer is immutable");
    }
    let offset = cx.to_integer(args.arg(1))?;
    if offset < 0.0 {
        return cx.range_error("offset must be non-negative");
    }
    let source = args.arg(0);
    let src_ta = match source {
        Value::Object(s) => ta_kind(s).map(|k| (s.clone(), k)),
        _ => None,
    };
    let Some(tlen) = ta_len(target) else {
        return cx.type_error("typed array is detached or out of bounds");
    };
    if let Some((src, skind)) = src_ta {
        // SetTypedArrayFromTypedArray (§23.2.3.26.1).
        let Some(slen) = ta_len(&src) else {
            return cx.type_error("source typed array is detached or out of bounds");
        };
        if tkind.is_bigint() != skind.is_bigint() {
            return cx.type_error("cannot mix BigInt and Number typed arrays");
        }
        if offset == f64::INFINITY || slen as f64 + offset > tlen as f64 {
            return cx.range_error("source is too large");
        }
        let offset = offset as usize;
        let (sdata, soff) = match &src.d.borrow().class {
            Class::TypedArray(t) => (t.data.clone(), t.offset),
            _ => return Ok(Value::Undefined),
        };
        let ssize = skind.size();
        let src_bytes = sdata.bytes.borrow()[soff..soff + slen * ssize].to_vec();
        let d = target.d.borrow();
        let Class::TypedArray(t) = &d.class else {
            return Ok(Value::Undefined);
        };
        if skind == tkind {
            let at = t.offset + offset * ssize;
            t.data.bytes.borrow_mut()[at..at + src_bytes.len()].copy_from_slice(&src_bytes);
        } else {
            for i in 0..slen {
                let v = skind.load(&cx, &src_bytes[i * ssize..(i + 1) * ssize]);
                let e = match (&v, tkind.is_bigint()) {
                    (Value::BigInt(b), true) => Elem::Big(crate::bigint::wrap_u64(b.get())),
                    (v, _) => Elem::Num(v.as_number().unwrap_or(f64::NAN)),
                };
                t.put(offset + i, e);
            }
        }
        return Ok(Value::Undefined);
    }
    // SetTypedArrayFromArrayLike (§23.2.3.26.2).
    let src = cx.to_object(source)?;
    let slen = cx.to_length(&object::get_prop(&cx, &src, Atom::LENGTH)?)?;
    if offset == f64::INFINITY || slen + offset > tlen as f64 {
        return cx.range_error("source is too large");
    }
    let offset = offset as usize;
    for k in 0..slen as usize {
        let v = object::get_prop(&cx, &src, index_atom(&cx, k))?;
        set_index(&cx, target, offset + k, &v)?;
        cx.poll()?;
    }
    Ok(Value::Undefined)
}

/// %TypedArray%.prototype.slice (§23.2.3.27).
fn slice(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate(&cx, &args.this)?;
    let (start, fin) = relative_range(&cx, args.arg(0), args.arg(1), len)?;
    let count = fin - start;
    let (a, akind, _) = species_create(&cx, &o, kind, &[Value::number(count as f64)])?;
    if count > 0 {
        let (_, _, len) = validate(&cx, &args.this)?;
        let fin = fin.min(len);
        if akind == kind {
            let size = kind.size();
            let (sdata, soff) = match &o.d.borrow().class {
                Class::TypedArray(t) => (t.data.clone(), t.offset),
                _ => return Ok(Value::Object(a)),
            };
            if start < fin
                && let Class::TypedArray(t) = &a.d.borrow().class
            {
                let alen = t.len().unwrap_or(0) * size;
                let from = soff + start * size;
                let n = ((fin - start) * size).min(alen);
                if Rc::ptr_eq(&sdata, &t.data) {
                    // The same buffer: byte by byte, ascending (step 14.h).
                    let mut b = t.data.bytes.borrow_mut();
                    for x in 0..n {
                        b[t.offset + x] = b[from + x];
                    }
                } else {
                    let src = sdata.bytes.borrow();
                    t.data.bytes.borrow_mut()[t.offset..t.offset + n]
                        .copy_from_slice(&src[from..from + n]);
                }
            }
        } else {
            for (n, k) in (start..fin).enumerate() {
                let v = get_index(&cx, &o, k);
                object::put(&cx, &a, index_atom(&cx, n), v, true)?;
            }
        }
    }
    Ok(Value::Object(a))
}

/// The default typed array order (§23.2.4.7 CompareTypedArrayElements
/// without a comparator): numeric, -0 before +0, NaN last.
fn default_less(x: &Value, y: &Value) -> bool {
    match (x, y) {
        (Value::BigInt(a), Value::BigInt(b)) => a.get() < b.get(),
        _ => {
            let a = x.as_number().unwrap_or(f64::NAN);
            let b = y.as_number().unwrap_or(f64::NAN);
            if a.is_nan() {
                return false;
            }
            if b.is_nan() {
                return true;
            }
            a < b || (a == 0.0 && b == 0.0 && a.is_sign_negative() && !b.is_sign_negative())
        }
    }
}

/// Sorts `v` stably; `cmp` (a callable or undefined) may throw.
fn sort_values(cx: &Cx, v: &mut Vec<Value>, cmp: &Value) -> JsResult<()> {
    // Whether y must come before x.
    let before = |x: &Value, y: &Value| -> JsResult<bool> {
        if cmp.is_undefined() {
            return Ok(default_less(y, x));
        }
        let r = cx.call(cmp, &Value::Undefined, &[x.clone(), y.clone()])?;
        let n = cx.to_number(&r)?;
        Ok(n > 0.0)
    };
    let n = v.len();
    let mut buf = v.clone();
    let mut width = 1;
    while width < n {
        let mut i = 0;
        while i < n {
            let mid = (i + width).min(n);
            let hi = (i + 2 * width).min(n);
            let (mut a, mut b, mut k) = (i, mid, i);
            while a < mid && b < hi {
                if before(&v[a], &v[b])? {
                    buf[k] = v[b].clone();
                    b += 1;
                } else {
                    buf[k] = v[a].clone();
                    a += 1;
                }
                k += 1;
            }
            buf[k..k + (mid - a)].clone_from_slice(&v[a..mid]);
            k += mid - a;
            buf[k..k + (hi - b)].clone_from_slice(&v[b..hi]);
            i += 2 * width;
        }
        std::mem::swap(v, &mut buf);
        width *= 2;
        cx.poll()?;
    }
    Ok(())
}

fn comparator(cx: &Cx, args: &Args) -> JsResult<Value> {
    let cmp = args.get(0);
    if !cmp.is_undefined() && !cmp.is_callable() {
        return cx.type_error("comparator must be a function");
    }
    Ok(cmp)
}

/// %TypedArray%.prototype.sort (§23.2.3.29).
fn sort(cx: Cx, args: &Args) -> JsResult<Value> {
    let cmp = comparator(&cx, args)?;
    let (o, _, len) = validate_mut(&cx, &args.this)?;
    let mut items: Vec<Value> = (0..len).map(|k| get_index(&cx, &o, k)).collect();
    sort_values(&cx, &mut items, &cmp)?;
    for (k, v) in items.iter().enumerate() {
        set_index(&cx, &o, k, v)?;
    }
    Ok(Value::Object(o))
}

/// %TypedArray%.prototype.toSorted (§23.2.3.33).
fn to_sorted(cx: Cx, args: &Args) -> JsResult<Value> {
    let cmp = comparator(&cx, args)?;
    let (o, kind, len) = validate(&cx, &args.this)?;
    let a = create_same_type(&cx, kind, len)?;
    let mut items: Vec<Value> = (0..len).map(|k| get_index(&cx, &o, k)).collect();
    sort_values(&cx, &mut items, &cmp)?;
    for (k, v) in items.iter().enumerate() {
        set_index(&cx, &a, k, v)?;
    }
    Ok(Value::Object(a))
}

/// %TypedArray%.prototype.toReversed (§23.2.3.32).
fn to_reversed(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate(&cx, &args.this)?;
    let a = create_same_type(&cx, kind, len)?;
    for k in 0..len {
        let v = get_index(&cx, &o, len - 1 - k);
        set_index(&cx, &a, k, &v)?;
    }
    Ok(Value::Object(a))
}

/// %TypedArray%.prototype.with (§23.2.3.36).
fn with(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, kind, len) = validate(&cx, &args.this)?;
    let idx = relative(&cx, args.arg(0), len)?;
    let value = if kind.is_bigint() {
        Value::BigInt(cx.to_bigint(args.arg(1))?)
    } else {
        Value::number(cx.to_number(args.arg(1))?)
    };
    if !(idx >= 0.0 && ta_len(&o).is_some_and(|l| idx < l as f64)) {
        return cx.range_error("index out of range");
    }
    let idx = idx as usize;
    let a = create_same_type(&cx, kind, len)?;
    for k in 0..len {
        let v = if k == idx {
            value.clone()
        } else {
            get_index(&cx, &o, k)
        };
        set_index(&cx, &a, k, &v)?;
    }
    Ok(Value::Object(a))
}

/// %TypedArray%.prototype.subarray (§23.2.3.30).
fn subarray(cx: Cx, args: &Args) -> JsResult<Value> {
    let Value::Object(o) = &args.this else {
        return cx.type_error("not a typed array");
    };
    let r = match &o.d.borrow().class {
        Class::TypedArray(t) => Some((
            t.buffer.clone(),
            t.kind,
            t.offset,
            t.len(),
            t.length.is_none(),
        )),
        _ => None,
    };
    let Some((buffer, kind, offset, len, tracking)) = r else {
        return cx.type_error("not a typed array");
    };
    let src_len = len.unwrap_or(0);
    let (begin, _) = relative_range(&cx, args.arg(0), &Value::Undefined, src_len)?;
    let begin_byte = Value::number((offset + begin * kind.size()) as f64);
    let mut ctor_args = vec![Value::Object(buffer), begin_byte];
    if !(tracking && args.arg(1).is_undefined()) {
        let (_, fin) = relative_range(&cx, &Value::Int(0), args.arg(1), src_len)?;
        let fin = fin.max(begin);
        ctor_args.push(Value::number((fin - begin) as f64));
    }
    let (a, _, _) = species_create_view(&cx, o, kind, &ctor_args)?;
    Ok(Value::Object(a))
}

/// TypedArraySpeciesCreate for views (no length check on the arguments).
fn species_create_view(
    cx: &Cx,
    exemplar: &Obj,
    kind: Kind,
    args: &[Value],
) -> JsResult<(Obj, Kind, usize)> {
    let default = intrinsic_ctor(cx, kind.index());
    let ctor = crate::ops::species_constructor(cx, exemplar, default)?;
    let new = cx.construct(&ctor, args, None)?;
    let r = validate(cx, &new)?;
    if r.1.is_bigint() != kind.is_bigint() {
        return cx.type_error("species constructor returned a typed array of another content type");
    }
    Ok(r)
}

/// %TypedArray%.prototype.toLocaleString (§23.2.3.31).
fn to_locale_string(cx: Cx, args: &Args) -> JsResult<Value> {
    let (o, _, len) = validate(&cx, &args.this)?;
    let mut b = StringBuilder::new();
    for k in 0..len {
        if k > 0 {
            b.push(b',' as u16);
        }
        let v = get_index(&cx, &o, k);
        if !v.is_nullish() {
            let f = object::get_value(&cx, &v, cx.intern("toLocaleString"))?;
            let s = cx.call(&f, &v, &[])?;
            b.push_js(&cx.to_string(&s)?);
        }
    }
    Ok(Value::String(b.finish(cx.heap())))
}

/// A typed array's contents as bytes, for the base64/hex methods of Uint8Array.
fn uint8_bytes(cx: &Cx, this: &Value) -> JsResult<(Obj, Vec<u8>)> {
    let (o, kind, len) = validate(cx, this)?;
    if kind != Kind::Uint8 {
        return cx.type_error("not a Uint8Array");
    }
    let bytes = match &o.d.borrow().class {
        Class::TypedArray(t) => t.data.bytes.borrow()[t.offset..t.offset + len].to_vec(),
        _ => Vec::new(),
    };
    Ok((o, bytes))
}

fn this_uint8(cx: &Cx, this: &Value) -> JsResult<Obj> {
    if let Value::Object(o) = this
        && ta_kind(o) == Some(Kind::Uint8)
    {
        return Ok(o.clone());
    }
    cx.type_error("not a Uint8Array")
}

/// Reads the `alphabet` option (true for base64url).
fn get_alphabet(cx: &Cx, opts: &Value) -> JsResult<bool> {
    let Value::Object(o) = opts else {
        return Ok(false);
    };
    let a = object::get_prop(cx, o, cx.intern("alphabet"))?;
    if a.is_undefined() {
        return Ok(false);
    }
    let Value::String(s) = &a else {
        return cx.type_error("alphabet must be a string");
    };
    match s.to_rust_string().as_str() {
        "base64" => Ok(false),
        "base64url" => Ok(true),
        _ => cx.type_error("alphabet must be 'base64' or 'base64url'"),
    }
}

fn options_object(cx: &Cx, v: &Value) -> JsResult<Value> {
    match v {
        Value::Undefined | Value::Object(_) => Ok(v.clone()),
        _ => cx.type_error("options must be an object"),
    }
}

/// Uint8Array.prototype.toBase64.
fn to_base64(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_uint8(&cx, &args.this)?;
    let opts = options_object(&cx, args.arg(0))?;
    let url = get_alphabet(&cx, &opts)?;
    let omit = match &opts {
        Value::Object(p) => object::get_prop(&cx, p, cx.intern("omitPadding"))?.to_boolean(),
        _ => false,
    };
    let (_, bytes) = uint8_bytes(&cx, &Value::Object(o))?;
    let table: &[u8; 64] = if url {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    } else {
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    };
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= c.len() {
                out.push(table[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else if !omit {
                out.push('=');
            }
        }
    }
    Ok(Value::String(cx.str(&out)))
}

/// Uint8Array.prototype.toHex.
fn to_hex(cx: Cx, args: &Args) -> JsResult<Value> {
    let (_, bytes) = uint8_bytes(&cx, &args.this)?;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    Ok(Value::String(cx.str(&out)))
}

/// The result of decoding: bytes, code units read, and an error if any.
struct Decoded {
    bytes: Vec<u8>,
    read: usize,
    error: Option<&'static str>,
}

/// FromBase64 (proposal §10.3): decodes at most `max` bytes.
fn decode_base64(s: &[u16], url: bool, last: u8, max: usize) -> Decoded {
    let is_ws = |c: u16| matches!(c, 0x09 | 0x0a | 0x0c | 0x0d | 0x20);
    let value = |c: u16| -> Option<u32> {
        let c = u8::try_from(c).ok()?;
        Some(match c {
            b'A'..=b'Z' => (c - b'A') as u32,
            b'a'..=b'z' => (c - b'a' + 26) as u32,
            b'0'..=b'9' => (c - b'0' + 52) as u32,
            b'+' if !url => 62,
            b'/' if !url => 63,
            b'-' if url => 62,
            b'_' if url => 63,
            _ => return None,
        })
    };
    let mut out = Decoded {
        bytes: Vec::new(),
        read: 0,
        error: None,
    };
    if max == 0 {
        return out;
    }
    let mut chunk: Vec<u32> = Vec::with_capacity(4);
    let mut chunk_start = 0;
    let mut i = 0;
    // Decodes a partial chunk at the end (2 or 3 characters).
    let finish_partial = |chunk: &[u32], strict: bool, out: &mut Vec<u8>| -> bool {
        let n = chunk.iter().fold(0u32, |n, &v| n << 6 | v) << (6 * (4 - chunk.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        let count = chunk.len() - 1;
        if strict && bytes[count..].iter().any(|&b| b != 0) {
            return false;
        }
        out.extend_from_slice(&bytes[..count]);
        true
    };
    loop {
        while i < s.len() && is_ws(s[i]) {
            i += 1;
        }
        if i == s.len() {
            if !chunk.is_empty() {
                if last == 2 {
                    // stop-before-partial
                    out.read = chunk_start;
                    return out;
                }
                if last == 1 || chunk.len() == 1 {
                    out.error = Some("incomplete base64 chunk");
                    return out;
                }
                if !finish_partial(&chunk, false, &mut out.bytes) {
                    out.error = Some("bad padding bits");
                    return out;
                }
            }
            out.read = s.len();
            return out;
        }
        let c = s[i];
        i += 1;
        if c == b'=' as u16 {
            if chunk.len() < 2 {
                out.error = Some("unexpected padding");
                return out;
            }
            while i < s.len() && is_ws(s[i]) {
                i += 1;
            }
            if chunk.len() == 2 {
                if i == s.len() {
                    if last == 2 {
                        out.read = chunk_start;
                        return out;
                    }
                    out.error = Some("incomplete padding");
                    return out;
                }
                if s[i] != b'=' as u16 {
                    out.error = Some("bad padding");
                    return out;
                }
                i += 1;
                while i < s.len() && is_ws(s[i]) {
                    i += 1;
                }
            }
            if i < s.len() {
                out.error = Some("characters after padding");
                return out;
            }
            if !finish_partial(&chunk, last == 1, &mut out.bytes) {
                out.error = Some("bad padding bits");
                return out;
            }
            out.read = s.len();
            return out;
        }
        let Some(v) = value(c) else {
            out.error = Some("invalid base64 character");
            return out;
        };
        let remaining = max - out.bytes.len();
        if (remaining == 1 && chunk.len() == 2) || (remaining == 2 && chunk.len() == 3) {
            out.read = chunk_start;
            return out;
        }
        if chunk.is_empty() {
            chunk_start = i - 1;
        }
        chunk.push(v);
        if chunk.len() == 4 {
            let n = chunk.iter().fold(0u32, |n, &v| n << 6 | v);
            out.bytes
                .extend_from_slice(&[(n >> 16) as u8, (n >> 8) as u8, n as u8]);
            chunk.clear();
            if out.bytes.len() == max {
                // Skip trailing whitespace is not part of "read".
                out.read = i;
                return out;
            }
        }
    }
}

/// FromHex: decodes at most `max` bytes.
fn decode_hex(s: &[u16], max: usize) -> Decoded {
    let mut out = Decoded {
        bytes: Vec::new(),
        read: 0,
        error: None,
    };
    if !s.len().is_multiple_of(2) {
        out.error = Some("hex string has an odd length");
        return out;
    }
    let digit = |c: u16| char::from_u32(c as u32).and_then(|c| c.to_digit(16));
    while out.read < s.len() && out.bytes.len() < max {
        match (digit(s[out.read]), digit(s[out.read + 1])) {
            (Some(a), Some(b)) => out.bytes.push((a * 16 + b) as u8),
            _ => {
                out.error = Some("invalid hex character");
                return out;
            }
        }
        out.read += 2;
    }
    out
}

fn string_units(cx: &Cx, v: &Value) -> JsResult<Vec<u16>> {
    match v {
        Value::String(s) => Ok(s.units().iter().collect()),
        _ => cx.type_error("argument must be a string"),
    }
}

/// The `lastChunkHandling` option: 0 loose, 1 strict, 2 stop-before-partial.
fn last_chunk(cx: &Cx, opts: &Value) -> JsResult<u8> {
    let Value::Object(o) = opts else { return Ok(0) };
    let v = object::get_prop(cx, o, cx.intern("lastChunkHandling"))?;
    if v.is_undefined() {
        return Ok(0);
    }
    let Value::String(s) = &v else {
        return cx.type_error("invalid lastChunkHandling");
    };
    match s.to_rust_string().as_str() {
        "loose" => Ok(0),
        "strict" => Ok(1),
        "stop-before-partial" => Ok(2),
        _ => cx.type_error("invalid lastChunkHandling"),
    }
}

fn new_uint8(cx: &Cx, bytes: &[u8]) -> JsResult<Value> {
    let a = create_same_type(cx, Kind::Uint8, bytes.len())?;
    if let Class::TypedArray(t) = &a.d.borrow().class {
        t.data.bytes.borrow_mut().copy_from_slice(bytes);
    }
    Ok(Value::Object(a))
}

/// Uint8Array.fromBase64 (magic 0) and Uint8Array.fromHex (magic 1).
fn from_base64(cx: Cx, args: &Args) -> JsResult<Value> {
    let s = string_units(&cx, args.arg(0))?;
    let d = if args.magic == 1 {
        decode_hex(&s, usize::MAX)
    } else {
        let opts = options_object(&cx, args.arg(1))?;
        let url = get_alphabet(&cx, &opts)?;
        let last = last_chunk(&cx, &opts)?;
        decode_base64(&s, url, last, usize::MAX)
    };
    if let Some(e) = d.error {
        return cx.syntax_error(e);
    }
    new_uint8(&cx, &d.bytes)
}

/// Uint8Array.prototype.setFromBase64 (magic 0) and setFromHex (magic 1).
fn set_from_base64(cx: Cx, args: &Args) -> JsResult<Value> {
    let o = this_uint8(&cx, &args.this)?;
    if is_immutable(&o) {
        return cx.type_error("the typed array's buffer is immutable");
    }
    let s = string_units(&cx, args.arg(0))?;
    let (url, last) = if args.magic == 0 {
        let opts = options_object(&cx, args.arg(1))?;
        (get_alphabet(&cx, &opts)?, last_chunk(&cx, &opts)?)
    } else {
        (false, 0)
    };
    let (o, _, len) = validate(&cx, &Value::Object(o))?;
    let d = if args.magic == 1 {
        decode_hex(&s, len)
    } else {
        decode_base64(&s, url, last, len)
    };
    let written = d.bytes.len();
    if let Class::TypedArray(t) = &o.d.borrow().class {
        t.data.bytes.borrow_mut()[t.offset..t.offset + written].copy_from_slice(&d.bytes);
    }
    if let Some(e) = d.error {
        return cx.syntax_error(e);
    }
    let r = object::new_plain(cx);
    object::define_data(
        &cx,
        &r,
        cx.intern("read"),
        Value::number(d.read as f64),
        flags::DEFAULT,
    );
    object::define_data(
        &cx,
        &r,
        cx.intern("written"),
        Value::number(written as f64),
        flags::DEFAULT,
    );
    Ok(Value::Object(r))
}

pub(crate) fn init(cx: &Cx) {
    let proto = cx.intr().typed_array_proto.clone();
    let atom = Atom::from_index(0);
    let _ = atom;
    let ta = super::function::new_native(cx, cx.intern("TypedArray"), 0, abstract_ctor, 0, true);
    object::define_data(cx, &ta, Atom::PROTOTYPE, Value::Object(proto.clone()), 0);
    object::define_data(
        cx,
        &proto,
        Atom::CONSTRUCTOR,
        Value::Object(ta.clone()),
        flags::HIDDEN,
    );
    define_fns(cx, &ta, fns![ "from", 1, from; "of", 0, of; ]);
    define_species(cx, &ta);
    define_fns(
        cx,
        &proto,
        fns![
            "at", 1, at;
            "copyWithin", 2, copy_within;
            "entries", 0, iterator, 2;
            "every", 1, iterate, 0;
            "fill", 1, fill;
            "filter", 1, filter;
            "find", 1, iterate, 3;
            "findIndex", 1, iterate, 4;
            "findLast", 1, iterate, 5;
            "findLastIndex", 1, iterate, 6;
            "forEach", 1, iterate, 2;
            "includes", 1, search, 0;
            "indexOf", 1, search, 1;
            "join", 1, join;
            "keys", 0, iterator, 0;
            "lastIndexOf", 1, search, 2;
            "map", 1, map;
            "reduce", 1, reduce, 0;
            "reduceRight", 1, reduce, 1;
            "reverse", 0, reverse;
            "set", 1, set;
            "slice", 2, slice;
            "some", 1, iterate, 1;
            "sort", 1, sort;
            "subarray", 2, subarray;
            "toLocaleString", 0, to_locale_string;
            "toReversed", 0, to_reversed;
            "toSorted", 1, to_sorted;
            "values", 0, iterator, 1;
            "with", 2, with;
        ],
    );
    let values = object::get_prop(cx, &proto, cx.intern("values")).unwrap_or(Value::Undefined);
    object::define_data(cx, &proto, Atom::SYM_ITERATOR, values, flags::HIDDEN);
    let to_string = object::get_prop(cx, &cx.intr().array_proto, cx.intern("toString"))
        .unwrap_or(Value::Undefined);
    object::define_data(cx, &proto, cx.intern("toString"), to_string, flags::HIDDEN);
    for (i, name) in ["buffer", "byteLength", "byteOffset", "length"]
        .iter()
        .enumerate()
    {
        define_getter(cx, &proto, cx.intern(name), name, ta_getter, i as i32);
    }
    define_getter(
        cx,
        &proto,
        Atom::SYM_TO_STRING_TAG,
        "[Symbol.toStringTag]",
        ta_getter,
        4,
    );

    let mut ctors = Vec::new();
    for (i, kind) in KINDS.iter().enumerate() {
        let p = cx.intr().typed_protos[i].clone();
        let name = kind.name();
        let atom = cx.intern(name);
        let ctor = super::function::new_native(cx, atom, 3, typed_ctor, i as i32, true);
        let _ = crate::object::set_prototype_of(cx, &ctor, Some(ta.clone()));
        object::define_data(cx, &ctor, Atom::PROTOTYPE, Value::Object(p.clone()), 0);
        object::define_data(
            cx,
            &p,
            Atom::CONSTRUCTOR,
            Value::Object(ctor.clone()),
            flags::HIDDEN,
        );
        let bpe = Value::Int(kind.size() as i32);
        object::define_data(cx, &ctor, cx.intern("BYTES_PER_ELEMENT"), bpe.clone(), 0);
        object::define_data(cx, &p, cx.intern("BYTES_PER_ELEMENT"), bpe, 0);
        object::define_data(
            cx,
            &cx.realm.global,
            atom,
            Value::Object(ctor.clone()),
            flags::HIDDEN,
        );
        if *kind == Kind::Uint8 {
            define_fns(
                cx,
                &ctor,
                fns![ "fromBase64", 1, from_base64, 0; "fromHex", 1, from_base64, 1; ],
            );
            define_fns(
                cx,
                &p,
                fns![
                    "toBase64", 0, to_base64;
                    "toHex", 0, to_hex;
                    "setFromBase64", 1, set_from_base64, 0;
                    "setFromHex", 1, set_from_base64, 1;
                ],
            );
        }
        ctors.push(ctor);
    }
    ctors.push(ta);
    *cx.realm.binary_ctors.borrow_mut() = ctors;
    let _ = BigIntRef::new;
}
