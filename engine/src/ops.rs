//! Operator semantics and slower instruction bodies used by the interpreter:
//! `+` (§13.15.3 ApplyStringOrNumericBinaryOperator), relational comparison
//! (§7.2.13 IsLessThan), `instanceof` (§13.10.2), element access, `delete`,
//! and global variable access (§9.1.1.4).

use bignum::JsBigInt;

use crate::atom::Atom;
use crate::bigint::{self, Numeric};
use crate::bytecode::Op;
use crate::gc::Gc;
use crate::object::array::{HOLE, MAX_HOLEY_LEN, is_hole};
use crate::object::{self, Class, Obj, VarRef};
use crate::runtime::{Cx, JsResult};
use crate::shape::flags;
use crate::string::JsString;
use crate::value::{Hint, Value, f64_to_int32};

/// A short description of a value for error messages.
pub(crate) fn describe(cx: &Cx, v: &Value) -> String {
    match v {
        Value::String(s) => {
            let s = s.to_rust_string();
            if s.chars().count() > 40 {
                format!("\"{}...\"", s.chars().take(40).collect::<String>())
            } else {
                format!("\"{s}\"")
            }
        }
        Value::Object(o) => {
            if object::is_callable(o) {
                "function".into()
            } else if object::is_array_object(o) {
                "array".into()
            } else {
                "object".into()
            }
        }
        Value::Symbol(a) => format!("Symbol({})", cx.rt.atom_name(a.atom())),
        other => other.debug_string(),
    }
}

/// The `+` operator (§13.15.3 steps 1-4 for `+`).
pub(crate) fn add(cx: &Cx, a: &Value, b: &Value) -> JsResult<Value> {
    match (a, b) {
        (Value::String(x), Value::String(y)) => return concat(cx, x, y),
        // Primitives need no ToPrimitive (and converting a number to a
        // string runs no script).
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => {
            return Ok(Value::number(number_of(a) + number_of(b)));
        }
        (Value::String(x), Value::Int(_) | Value::Float(_)) => {
            let y = cx.to_string(b)?;
            return concat(cx, x, &y);
        }
        (Value::Int(_) | Value::Float(_), Value::String(y)) => {
            let x = cx.to_string(a)?;
            return concat(cx, &x, y);
        }
        (Value::BigInt(x), Value::BigInt(y)) => {
            return bigint::binary(cx, Op::Add, x.get(), y.get());
        }
        _ => {}
    }
    let pa = cx.to_primitive(a, Hint::Default)?;
    let pb = cx.to_primitive(b, Hint::Default)?;
    if matches!(pa, Value::String(_)) || matches!(pb, Value::String(_)) {
        let sa = cx.to_string(&pa)?;
        let sb = cx.to_string(&pb)?;
        return concat(cx, &sa, &sb);
    }
    numeric_binary(cx, Op::Add, &pa, &pb)
}

/// The value of an `Int` or `Float` (0 for anything else).
#[inline]
fn number_of(v: &Value) -> f64 {
    match v {
        Value::Int(i) => f64::from(*i),
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

/// ApplyStringOrNumericBinaryOperator steps 3-7 (§13.15.3) once the
/// operands are known not to be concatenated: ToNumeric on both, then the
/// Number or BigInt operator; mixing the two types is a TypeError.
fn numeric_binary(cx: &Cx, op: Op, a: &Value, b: &Value) -> JsResult<Value> {
    if let (Value::BigInt(x), Value::BigInt(y)) = (a, b) {
        return bigint::binary(cx, op, x.get(), y.get());
    }
    let x = cx.to_numeric(a)?;
    let y = cx.to_numeric(b)?;
    match (x, y) {
        (Numeric::Number(x), Numeric::Number(y)) => Ok(number_binary(op, x, y)),
        (Numeric::BigInt(x), Numeric::BigInt(y)) => bigint::binary(cx, op, x.get(), y.get()),
        _ => bigint::mix_error(cx),
    }
}

/// Number::add, subtract, multiply, divide, remainder, exponentiate and the
/// bitwise operators (§6.1.6.1).
fn number_binary(op: Op, x: f64, y: f64) -> Value {
    match op {
        Op::Add => Value::number(x + y),
        Op::Sub => Value::number(x - y),
        Op::Mul => Value::number(x * y),
        Op::Div => Value::number(x / y),
        Op::Mod => Value::number(number_mod(x, y)),
        Op::Pow => Value::number(number_pow(x, y)),
        _ => int32_bitop(op, f64_to_int32(x), f64_to_int32(y)),
    }
}

pub(crate) fn concat(cx: &Cx, a: &JsString, b: &JsString) -> JsResult<Value> {
    match JsString::concat(cx.heap(), a, b) {
        Some(s) => Ok(Value::String(s)),
        None => cx.range_error("invalid string length"),
    }
}

/// The numeric binary operators other than `+` (arithmetic, shifts and
/// bitwise operators).
pub(crate) fn arith(cx: &Cx, op: Op, a: &Value, b: &Value) -> JsResult<Value> {
    // Int remainder: exact in i32 (i32::MIN % -1 wraps to 0), with the
    // sign of the dividend, so a zero from a negative dividend is -0.
    if let (Op::Mod, Value::Int(x), Value::Int(y)) = (op, a, b)
        && *y != 0
    {
        let r = x.wrapping_rem(*y);
        return Ok(if r == 0 && *x < 0 {
            Value::Float(-0.0)
        } else {
            Value::Int(r)
        });
    }
    numeric_binary(cx, op, a, b)
}

/// The unary numeric operators `-`, `~`, `++` and `--` (§13.5.4, §13.5.6,
/// §13.4.2-5) on a value that is not an int.
pub(crate) fn unary(cx: &Cx, op: Op, a: &Value) -> JsResult<Value> {
    match cx.to_numeric(a)? {
        Numeric::Number(x) => Ok(match op {
            Op::Neg => Value::number(-x),
            Op::BitNot => Value::Int(!f64_to_int32(x)),
            Op::Inc => Value::number(x + 1.0),
            _ => Value::number(x - 1.0),
        }),
        Numeric::BigInt(x) => {
            let x = x.get();
            match op {
                Op::Neg => Ok(bigint::value(cx, x.neg())),
                Op::BitNot => Ok(bigint::value(cx, x.not())),
                Op::Inc => bigint::result(cx, x.add(&JsBigInt::from(1i32))),
                _ => bigint::result(cx, x.sub(&JsBigInt::from(1i32))),
            }
        }
    }
}

/// Number::remainder (§6.1.6.1.6): the result has the sign of the dividend.
pub(crate) fn number_mod(x: f64, y: f64) -> f64 {
    if y.is_infinite() && x.is_finite() {
        return x;
    }
    x % y
}

/// Number::exponentiate (§6.1.6.1.3).
pub(crate) fn number_pow(x: f64, y: f64) -> f64 {
    if y.is_nan() {
        return f64::NAN;
    }
    if y == 0.0 {
        return 1.0;
    }
    if (x == 1.0 || x == -1.0) && y.is_infinite() {
        return f64::NAN;
    }
    x.powf(y)
}

/// IsLessThan-based relational operators (§13.10.1).
pub(crate) fn compare(cx: &Cx, op: Op, a: &Value, b: &Value) -> JsResult<bool> {
    let pa = cx.to_primitive(a, Hint::Number)?;
    let pb = cx.to_primitive(b, Hint::Number)?;
    if let (Value::String(x), Value::String(y)) = (&pa, &pb) {
        let ord = x.units().cmp_units(&y.units());
        return Ok(match op {
            Op::Lt => ord.is_lt(),
            Op::Le => ord.is_le(),
            Op::Gt => ord.is_gt(),
            _ => ord.is_ge(),
        });
    }
    // Steps 3-4: BigInt and String (undefined when the string does not parse).
    let ord = match (&pa, &pb) {
        (Value::BigInt(x), Value::String(s)) => {
            bigint::string_to_bigint(cx, s)?.map(|y| x.get().cmp(&y))
        }
        (Value::String(s), Value::BigInt(y)) => {
            bigint::string_to_bigint(cx, s)?.map(|x| x.cmp(y.get()))
        }
        _ => match (cx.to_numeric(&pa)?, cx.to_numeric(&pb)?) {
            (Numeric::Number(x), Numeric::Number(y)) => {
                return Ok(match op {
                    Op::Lt => x < y,
                    Op::Le => x <= y,
                    Op::Gt => x > y,
                    _ => x >= y,
                });
            }
            (Numeric::BigInt(x), Numeric::BigInt(y)) => Some(x.get().cmp(y.get())),
            (Numeric::BigInt(x), Numeric::Number(y)) => x.get().compare_f64(y),
            (Numeric::Number(x), Numeric::BigInt(y)) => y.get().compare_f64(x).map(|o| o.reverse()),
        },
    };
    // An undefined comparison is false for all four operators.
    Ok(match ord {
        None => false,
        Some(o) => match op {
            Op::Lt => o.is_lt(),
            Op::Le => o.is_le(),
            Op::Gt => o.is_gt(),
            _ => o.is_ge(),
        },
    })
}

/// InstanceofOperator (§13.10.2).
pub(crate) fn instance_of(cx: &Cx, v: &Value, target: &Value) -> JsResult<bool> {
    let Value::Object(t) = target else {
        return cx.type_error("right-hand side of 'instanceof' is not an object");
    };
    if let Some(r) = instance_of_fast(cx, v, t) {
        return Ok(r);
    }
    let h = object::get_prop(cx, t, Atom::SYM_HAS_INSTANCE)?;
    if !h.is_nullish() {
        let r = cx.call(&h, target, std::slice::from_ref(v))?;
        return Ok(r.to_boolean());
    }
    if !object::is_callable(t) {
        return cx.type_error("right-hand side of 'instanceof' is not callable");
    }
    ordinary_has_instance(cx, target, v)
}

/// `v instanceof t` for the usual case, answered without a call: `t` an
/// ordinary function whose prototype is the realm's %Function.prototype%
/// (whose @@hasInstance is non-writable and non-configurable, so it is
/// %Function.prototype[@@hasInstance]%, which runs OrdinaryHasInstance),
/// with no own @@hasInstance and an own `prototype` object already created;
/// and a chain of `v` that no Proxy answers. `None` leaves the rest to the
/// generic path: nothing observable happened here.
pub(crate) fn instance_of_fast(cx: &Cx, v: &Value, t: &Obj) -> Option<bool> {
    let proto = {
        let d = t.d.try_borrow().ok()?;
        if !matches!(d.class, Class::Closure(_))
            || !d
                .proto
                .as_ref()
                .is_some_and(|p| Obj::ptr_eq(p, &cx.intr().function_proto))
            || d.shape.find(Atom::SYM_HAS_INSTANCE).is_some()
        {
            return None;
        }
        own_data_prototype(&d)?
    };
    let Value::Object(o) = v else {
        return Some(false);
    };
    let mut cur = own_proto_plain(o)?;
    while let Some(p) = cur {
        if Obj::ptr_eq(&p, &proto) {
            return Some(true);
        }
        cur = own_proto_plain(&p)?;
    }
    Some(false)
}

/// The [[Prototype]] of `o` when its [[GetPrototypeOf]] is the ordinary one
/// (`None` for a Proxy).
#[inline]
fn own_proto_plain(o: &Obj) -> Option<Option<Obj>> {
    let d = o.d.try_borrow().ok()?;
    if d.methods().is_some_and(|m| !m.ordinary_get_prototype_of) {
        return None;
    }
    Some(d.proto.clone())
}

/// A function's own `prototype` when it is an object held by a data
/// property (a pending one is not created here).
#[inline]
fn own_data_prototype(d: &object::ObjectData) -> Option<Obj> {
    if !matches!(d.class, Class::Closure(_)) {
        return None;
    }
    let i = d.shape.find(Atom::PROTOTYPE)?;
    match d.slots.get(i)? {
        object::Slot::Data(Value::Object(p)) => Some(p.clone()),
        _ => None,
    }
}

/// OrdinaryHasInstance (§7.3.21).
pub(crate) fn ordinary_has_instance(cx: &Cx, c: &Value, o: &Value) -> JsResult<bool> {
    let Value::Object(cf) = c else {
        return Ok(false);
    };
    if !object::is_callable(cf) {
        return Ok(false);
    }
    cx.check_stack()?;
    let bound = match &cf.d.borrow().class {
        Class::Bound(b) => Some(b.target.clone()),
        _ => None,
    };
    if let Some(t) = bound {
        return instance_of(cx, o, &Value::Object(t));
    }
    let Value::Object(obj) = o else {
        return Ok(false);
    };
    let proto = object::get_prop(cx, cf, Atom::PROTOTYPE)?;
    let Value::Object(proto) = proto else {
        return cx.type_error("function has non-object prototype in instanceof check");
    };
    let mut cur = object::get_prototype_of(cx, obj)?;
    while let Some(p) = cur {
        if Obj::ptr_eq(&p, &proto) {
            return Ok(true);
        }
        cur = object::get_prototype_of(cx, &p)?;
    }
    Ok(false)
}

/// OrdinaryCreateFromConstructor for `new F()` on a bytecode function.
pub(crate) fn ordinary_create_from_constructor(cx: &Cx, new_target: &Obj) -> JsResult<Obj> {
    // The usual `prototype`, an object in an own data property, is read
    // directly; the rest (pending, accessor, not an object) generically.
    let known = new_target
        .d
        .try_borrow()
        .ok()
        .and_then(|d| own_data_prototype(&d));
    let proto = match known {
        Some(p) => p,
        None => proto_from_ctor(cx, Some(new_target), |r| &r.intr.object_proto)?,
    };
    Ok(object::new_object(*cx, Some(proto), Class::Object))
}

/// GetPrototypeFromConstructor (§10.1.14): `newTarget.prototype`, or the
/// intrinsic `default` picks from the realm of `newTarget` (GetFunctionRealm)
/// when that is not an object. Without a `newTarget`, the current realm's.
pub(crate) fn proto_from_ctor(
    cx: &Cx,
    new_target: Option<&Obj>,
    default: impl Fn(&crate::runtime::Realm) -> &Obj,
) -> JsResult<Obj> {
    let Some(nt) = new_target else {
        return Ok(default(cx.realm).clone());
    };
    match object::get_prop(cx, nt, Atom::PROTOTYPE)? {
        Value::Object(p) => Ok(p),
        _ => {
            let realm = cx.rt.realm(object::function_realm(cx, nt)?);
            Ok(default(&realm).clone())
        }
    }
}

/// A shift or bitwise operator on int32 operands (`Shr` is unsigned).
#[inline]
pub(crate) fn int32_bitop(op: Op, l: i32, r: i32) -> Value {
    match op {
        Op::Shl => Value::Int(l.wrapping_shl(r as u32 & 31)),
        Op::Sar => Value::Int(l >> (r as u32 & 31)),
        Op::Shr => Value::number(((l as u32) >> (r as u32 & 31)) as f64),
        Op::BitAnd => Value::Int(l & r),
        Op::BitOr => Value::Int(l | r),
        _ => Value::Int(l ^ r),
    }
}

/// The value to push for a property key (`ToPropertyKey` result).
pub(crate) fn key_value(cx: &Cx, key: Atom) -> Value {
    match key.index() {
        Some(i) => Value::Int(i as i32),
        None if cx.rt.atoms.is_symbol(key) => cx.rt.symbol_value(key),
        None => Value::String(cx.rt.atom_string(key)),
    }
}

/// A property key as the JavaScript value it stands for: a String (array
/// indices included) or a Symbol.
pub(crate) fn key_to_value(cx: &Cx, key: Atom) -> Value {
    match key.index() {
        Some(i) => Value::String(cx.str(&i.to_string())),
        None if cx.rt.atoms.is_symbol(key) => cx.rt.symbol_value(key),
        None => Value::String(cx.rt.atom_string(key)),
    }
}

/// The index named by a string key in canonical form ("0", "17", not "01"),
/// below 2^31 (the keys for-in produces for elements).
fn canonical_index(s: &JsString) -> Option<i32> {
    let crate::string::Units::Latin1(b) = s.units() else {
        return None;
    };
    if b.is_empty() || b.len() > 9 || (b[0] == b'0' && b.len() > 1) {
        return None;
    }
    b.iter().try_fold(0i32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
    })
}

/// `o[k]`.
pub(crate) fn get_elem(cx: &Cx, o: &Value, k: &Value) -> JsResult<Value> {
    if let Some(v) = get_elem_fast(cx, o, k) {
        return Ok(v);
    }
    // A canonical index string reads an element like the number would.
    if let (Value::Object(_), Value::String(s)) = (o, k)
        && let Some(i) = canonical_index(s)
        && let Some(v) = get_elem_fast(cx, o, &Value::Int(i))
    {
        return Ok(v);
    }
    if o.is_nullish() {
        return cx.type_error(&format!("cannot read properties of {}", o.debug_string()));
    }
    let key = cx.to_property_key(k)?;
    object::get_value(cx, o, key)
}

/// `o[k]` for an int key of a fast array (an element, or a hole whose
/// prototype chain has no index), a typed array or an arguments object's
/// own data property; `None` for everything else. Runs no script and
/// throws nothing, so the dispatch loop may call it directly.
#[inline]
pub(crate) fn get_elem_fast(cx: &Cx, o: &Value, k: &Value) -> Option<Value> {
    let (Value::Object(obj), Value::Int(i)) = (o, k) else {
        return None;
    };
    let d = obj.d.try_borrow().ok()?;
    match &d.class {
        Class::Array(a) if a.fast && *i >= 0 => {
            // A hole reads on through the prototype chain.
            let v = a.elems.get(*i as usize)?;
            if !is_hole(v) {
                return Some(v.clone());
            }
            if !protos_have_indices(cx, d.proto.as_ref()) {
                return Some(Value::Undefined);
            }
            None
        }
        // An integer key of a typed array is an element or undefined,
        // never a prototype lookup (§10.4.5.4).
        Class::TypedArray(t) => Some(
            usize::try_from(*i)
                .ok()
                .and_then(|i| t.get(cx, i))
                .unwrap_or(Value::Undefined),
        ),
        // An own data property of an arguments object: a mapped index
        // reads its parameter (§10.4.4.3).
        Class::Arguments(map) => {
            let key = u32::try_from(*i).ok().and_then(Atom::from_index)?;
            // The indices come first, in order, until one is deleted.
            let at = match d.shape.props.get(*i as usize) {
                Some(p) if p.atom == key => *i as usize,
                _ => d.shape.find(key)?,
            };
            let Some(object::Slot::Data(v)) = d.slots.get(at) else {
                return None;
            };
            Some(match map.get(*i as usize) {
                Some(Some(cell)) => cell.value.borrow().clone(),
                _ => v.clone(),
            })
        }
        _ => None,
    }
}

/// `o[k] = v`.
pub(crate) fn put_elem(cx: &Cx, o: &Value, k: &Value, v: Value, strict: bool) -> JsResult<()> {
    match put_elem_fast(cx, o, k, v) {
        Ok(()) => Ok(()),
        Err(v) => put_elem_slow(cx, o, k, v, strict),
    }
}

/// `o[k] = v` for an int key of a typed array (a number value) or a fast
/// array (an existing element, or a new one where [[Set]] would create an
/// own data property); gives `v` back for everything else. Runs no script
/// and throws nothing, so the dispatch loop may call it directly.
#[inline]
pub(crate) fn put_elem_fast(cx: &Cx, o: &Value, k: &Value, v: Value) -> Result<(), Value> {
    let (Value::Object(obj), Value::Int(i)) = (o, k) else {
        return Err(v);
    };
    if *i < 0 {
        return Err(v);
    }
    let Ok(mut d) = obj.d.try_borrow_mut() else {
        return Err(v);
    };
    if let Class::TypedArray(t) = &d.class
        && !t.kind.is_bigint()
        && !t.data.immutable
    {
        // TypedArraySetElement (§10.4.5.16) without conversions that
        // could run script.
        let n = match &v {
            Value::Int(n) => Some(*n as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        };
        if let Some(n) = n {
            t.put(*i as usize, crate::builtins::typed_array::Elem::Num(n));
            return Ok(());
        }
    }
    let dd = &mut *d;
    let extensible = dd.extensible;
    if dd.methods().is_none() {
        return put_index_plain(cx, dd, *i as u32, v);
    }
    let Class::Array(a) = &mut dd.class else {
        return Err(v);
    };
    if !a.fast {
        return Err(v);
    }
    let i = *i as usize;
    let len = a.elems.len();
    if i < len && !is_hole(&a.elems[i]) {
        a.elems[i] = v;
        return Ok(());
    }
    // Filling a hole or adding an element: [[Set]] creates an own data
    // property unless the prototype chain has an index.
    if !((i < len || (a.length_writable && (i == len || i < MAX_HOLEY_LEN as usize)))
        && extensible
        && !protos_have_indices(cx, dd.proto.as_ref()))
    {
        return Err(v);
    }
    let cap = a.elems.capacity();
    if i < len {
        a.elems[i] = v;
    } else {
        a.elems.resize(i, HOLE);
        a.elems.push(v);
        a.len = a.elems.len() as u32;
    }
    if a.elems.capacity() != cap {
        d.account(cx.heap());
    }
    Ok(())
}

/// `o[i] = v` on an object whose index keys are ordinary (`d`): overwrites a writable data
/// property, or appends one when the object is extensible and no prototype
/// has indexed properties (then [[Set]] finds no setter nor read-only
/// property and creates an own data property, §10.1.9.2). Gives `v` back
/// for everything else.
#[inline]
fn put_index_plain(cx: &Cx, d: &mut object::ObjectData, i: u32, v: Value) -> Result<(), Value> {
    let Some(key) = Atom::from_index(i) else {
        return Err(v);
    };
    match d.shape.find(key) {
        Some(s) => {
            if d.shape.props[s].flags & (flags::WRITABLE | flags::ACCESSOR) != flags::WRITABLE {
                return Err(v);
            }
            match d.slots.get_mut(s) {
                Some(object::Slot::Data(old)) => {
                    let old = std::mem::replace(old, v);
                    drop(old);
                    Ok(())
                }
                _ => Err(v),
            }
        }
        None => {
            if !d.extensible || protos_have_indices(cx, d.proto.as_ref()) {
                return Err(v);
            }
            crate::shape::Shape::with_added(&mut d.shape, key, flags::DEFAULT);
            d.push_slot(object::Slot::Data(v), cx.heap());
            Ok(())
        }
    }
}

fn put_elem_slow(cx: &Cx, o: &Value, k: &Value, v: Value, strict: bool) -> JsResult<()> {
    if o.is_nullish() {
        return cx.type_error(&format!("cannot set properties of {}", o.debug_string()));
    }
    let key = cx.to_property_key(k)?;
    object::put_value(cx, o, key, v, strict)
}

/// Whether the prototype chain starting at `proto` may have indexed
/// properties (as [`chain_has_indices`]), answered without a walk for the
/// usual chain of an array: the current realm's `%Array.prototype%` with no
/// element, then `%Object.prototype%` with no index property.
#[inline]
pub(crate) fn protos_have_indices(cx: &Cx, proto: Option<&Obj>) -> bool {
    if let Some(p) = proto {
        let intr = cx.intr();
        if Obj::ptr_eq(p, &intr.array_proto) && array_protos_index_free(cx) {
            return false;
        }
        if Obj::ptr_eq(p, &intr.object_proto) && object_proto_index_free(cx) {
            return false;
        }
    }
    chain_has_indices(proto.cloned())
}

/// Whether the current realm's `%Array.prototype%` and `%Object.prototype%`
/// form a chain without indexed properties. An array has index properties
/// only below its length, so an empty `%Array.prototype%` has none;
/// `%Object.prototype%`'s prototype is immutably null, and its shape is
/// scanned only when it differs from the last one found free of indices.
fn array_protos_index_free(cx: &Cx) -> bool {
    let intr = cx.intr();
    {
        let Ok(ap) = intr.array_proto.d.try_borrow() else {
            return false;
        };
        if !matches!(&ap.class, Class::Array(a) if a.len == 0)
            || !ap
                .proto
                .as_ref()
                .is_some_and(|p| Obj::ptr_eq(p, &intr.object_proto))
        {
            return false;
        }
    }
    object_proto_index_free(cx)
}

/// Whether the current realm's `%Object.prototype%` has no indexed
/// property (its prototype is immutably null).
fn object_proto_index_free(cx: &Cx) -> bool {
    let intr = cx.intr();
    let Ok(op) = intr.object_proto.d.try_borrow() else {
        return false;
    };
    if op.proto.is_some() || Atom::from_index(0).is_some_and(|k| !op.plain_key(k)) {
        return false;
    }
    let seen = &cx.realm.index_free_object_proto;
    if seen
        .borrow()
        .as_ref()
        .is_some_and(|s| std::rc::Rc::ptr_eq(s, &op.shape))
    {
        return true;
    }
    if op.shape.props.iter().any(|p| p.atom.is_index()) {
        return false;
    }
    *seen.borrow_mut() = Some(op.shape.clone());
    true
}

/// Whether a prototype chain has indexed properties, in which case appending
/// to a fast array must go through the full [[Set]].
pub(crate) fn chain_has_indices(mut cur: Option<Obj>) -> bool {
    while let Some(p) = cur {
        let d = match p.d.try_borrow() {
            Ok(d) => d,
            Err(_) => return true,
        };
        if d.shape.props.iter().any(|sp| sp.atom.is_index()) {
            return true;
        }
        // Exotic objects (a non-empty array, a String object, a proxy...)
        // may answer for indices themselves.
        match &d.class {
            Class::Array(a) if a.elems.is_empty() && a.len == 0 => {}
            _ if Atom::from_index(0).is_some_and(|k| !d.plain_key(k)) => return true,
            _ => {}
        }
        cur = d.proto.clone();
    }
    false
}

/// `delete o[k]` / `delete o.name`.
pub(crate) fn delete(
    cx: &Cx,
    o: &Value,
    k: &Value,
    atom: Option<Atom>,
    strict: bool,
) -> JsResult<bool> {
    let obj = cx.to_object(o)?;
    let key = match atom {
        Some(a) => a,
        None => cx.to_property_key(k)?,
    };
    let ok = object::delete_property(cx, &obj, key)?;
    if !ok && strict {
        return cx.type_error(&format!(
            "cannot delete property '{}'",
            cx.rt.atom_name(key)
        ));
    }
    Ok(ok)
}

pub(crate) fn append_elem(cx: &Cx, arr: &Obj, v: Value) -> JsResult<()> {
    let mut d = arr.d.borrow_mut();
    if let Class::Array(a) = &mut d.class {
        if a.fast {
            let cap = a.elems.capacity();
            a.elems.push(v);
            a.len = a.elems.len() as u32;
            if a.elems.capacity() != cap {
                d.account(cx.heap());
            }
            return Ok(());
        }
        let i = a.len;
        drop(d);
        object::create_data_property(cx, arr, Atom::from_index(i).unwrap_or(Atom::EMPTY), v)?;
    }
    Ok(())
}

pub(crate) fn append_hole(cx: &Cx, arr: &Obj) -> JsResult<()> {
    let mut d = arr.d.borrow_mut();
    if let Class::Array(a) = &mut d.class {
        a.len += 1;
        if a.fast {
            let cap = a.elems.capacity();
            a.elems.push(HOLE);
            if a.elems.capacity() != cap {
                d.account(cx.heap());
            }
        }
    }
    Ok(())
}

/// Creates a RegExp object for a literal.
/// A regular expression literal's value: RegExpCreate (§22.2.3.2) with
/// the realm's %RegExp% (§13.2.7.3).
pub(crate) fn new_regexp(cx: &Cx, source: Value, flags: Value) -> JsResult<Value> {
    let o = crate::builtins::regexp::regexp_create(cx, &source, &flags)?;
    Ok(Value::Object(o))
}

/// The global lexical environment's bindings (script-level `let`, `const`
/// and `class`). Bindings are only ever added, so an index stays valid for
/// the realm's lifetime and the count tells whether any was added since.
#[derive(Default)]
pub(crate) struct GlobalLex {
    index: hashbrown::HashMap<Atom, u32>,
    /// The name, the cell and whether it is `const`, in creation order.
    cells: Vec<(Atom, Gc<VarRef>, bool)>,
}

impl GlobalLex {
    fn get(&self, atom: Atom) -> Option<(&Gc<VarRef>, bool)> {
        let &i = self.index.get(&atom)?;
        self.cells.get(i as usize).map(|(_, c, k)| (c, *k))
    }
    pub(crate) fn index_of(&self, atom: Atom) -> Option<u32> {
        self.index.get(&atom).copied()
    }
    /// The cell at `index` if it is the binding of `atom`.
    #[inline]
    pub(crate) fn cell_at(&self, index: u32, atom: Atom) -> Option<&Gc<VarRef>> {
        match self.cells.get(index as usize) {
            Some((a, c, _)) if *a == atom => Some(c),
            _ => None,
        }
    }
    #[inline]
    pub(crate) fn is_const(&self, index: u32) -> bool {
        self.cells.get(index as usize).is_none_or(|c| c.2)
    }
    #[inline]
    pub(crate) fn len(&self) -> u32 {
        self.cells.len() as u32
    }
    fn insert(&mut self, atom: Atom, cell: Gc<VarRef>, is_const: bool) {
        self.index.insert(atom, self.cells.len() as u32);
        self.cells.push((atom, cell, is_const));
    }
}

fn global_lex(cx: &Cx, atom: Atom) -> Option<Gc<VarRef>> {
    cx.realm
        .global_lex
        .borrow()
        .get(atom)
        .map(|(c, _)| c.clone())
}

/// GetGlobal through the site's inline cache.
#[inline]
pub(crate) fn get_global_cached(
    cx: &Cx,
    atom: Atom,
    typeof_mode: bool,
    cache: &object::PropCache,
) -> JsResult<Value> {
    if let Some(v) = object::ic::global_get(cx, atom, cache) {
        return Ok(v);
    }
    let v = get_global(cx, atom, typeof_mode)?;
    object::ic::global_fill(cx, atom, cache);
    Ok(v)
}

/// PutGlobal/PutGlobalSloppy through the site's inline cache.
#[inline]
pub(crate) fn put_global_cached(
    cx: &Cx,
    atom: Atom,
    v: Value,
    op: Op,
    cache: &object::PropCache,
) -> JsResult<()> {
    if let Err(v) = object::ic::global_put(cx, atom, v, cache) {
        put_global(cx, atom, v, op)?;
        object::ic::global_fill(cx, atom, cache);
    }
    Ok(())
}

/// Reads a global variable: the global lexical environment, then the global object.
pub(crate) fn get_global(cx: &Cx, atom: Atom, typeof_mode: bool) -> JsResult<Value> {
    if let Some(cell) = global_lex(cx, atom) {
        let v = cell.value.borrow().clone();
        if matches!(v, Value::Uninit) {
            return cx.reference_error(&format!(
                "cannot access '{}' before initialization",
                cx.rt.atom_name(atom)
            ));
        }
        return Ok(v);
    }
    let g = &cx.realm.global;
    // Fast path: own data property of the global object.
    {
        let d = g.d.borrow();
        if let Some(i) = d.shape.find(atom)
            && let object::Slot::Data(v) = &d.slots[i]
        {
            return Ok(v.clone());
        }
    }
    if object::has_property(cx, g, atom)? {
        return object::get_prop(cx, g, atom);
    }
    if typeof_mode {
        return Ok(Value::Undefined);
    }
    not_defined(cx, atom)
}

/// The ReferenceError of an unresolvable name.
pub(crate) fn not_defined<T>(cx: &Cx, atom: Atom) -> JsResult<T> {
    cx.reference_error(&format!("{} is not defined", cx.rt.atom_name(atom)))
}

/// Assigns a global variable (`op` says strict, sloppy, or initialization).
pub(crate) fn put_global(cx: &Cx, atom: Atom, v: Value, op: Op) -> JsResult<()> {
    if let Some((cell, is_const)) = cx
        .realm
        .global_lex
        .borrow()
        .get(atom)
        .map(|(c, k)| (c.clone(), k))
    {
        if op != Op::PutGlobalInit {
            if matches!(*cell.value.borrow(), Value::Uninit) {
                return cx.reference_error(&format!(
                    "cannot access '{}' before initialization",
                    cx.rt.atom_name(atom)
                ));
            }
            if is_const {
                return cx.type_error("assignment to constant variable");
            }
        }
        let old = cell.value.replace(v);
        drop(old);
        return Ok(());
    }
    let g = &cx.realm.global;
    if op == Op::PutGlobal && !object::has_property(cx, g, atom)? {
        return not_defined(cx, atom);
    }
    object::put(cx, g, atom, v, op == Op::PutGlobal)
}

pub(crate) fn delete_global(cx: &Cx, atom: Atom) -> JsResult<bool> {
    if global_lex(cx, atom).is_some() {
        return Ok(false);
    }
    object::delete_property(cx, &cx.realm.global, atom)
}

// GlobalDeclarationInstantiation (§16.1.7) and the global part of
// EvalDeclarationInstantiation (§19.2.1.3): a script's prologue first runs
// every check (the `check_*` functions, in the order of the spec's steps),
// then creates the bindings, so a failing script declares nothing.
// <https://tc39.es/ecma262/#sec-globaldeclarationinstantiation>

fn redeclaration(cx: &Cx, atom: Atom) -> JsResult<()> {
    cx.syntax_error(&format!("redeclaration of '{}'", cx.rt.atom_name(atom)))
}

/// Step 3 for a lexically declared name: no lexical binding or restricted
/// global property (HasRestrictedGlobalProperty, §9.1.1.4.14) of that name.
/// Script-level vars and functions are non-configurable, hence restricted;
/// those created by sloppy eval code are not.
pub(crate) fn check_global_lex(cx: &Cx, atom: Atom) -> JsResult<()> {
    if global_lex(cx, atom).is_some() {
        return redeclaration(cx, atom);
    }
    if let Some(d) = object::get_own_property(cx, &cx.realm.global, atom)?
        && d.configurable != Some(true)
    {
        return redeclaration(cx, atom);
    }
    Ok(())
}

/// Step 4: a var or function name must not be a global lexical binding.
pub(crate) fn check_global_var_name(cx: &Cx, atom: Atom) -> JsResult<()> {
    if global_lex(cx, atom).is_some() {
        return redeclaration(cx, atom);
    }
    Ok(())
}

/// CanDeclareGlobalVar (§9.1.1.4.15).
fn can_declare_global_var(cx: &Cx, atom: Atom) -> JsResult<bool> {
    let g = &cx.realm.global;
    Ok(object::get_own_property(cx, g, atom)?.is_some() || object::is_extensible(cx, g)?)
}

/// Step 8.a.iv.1: CanDeclareGlobalFunction (§9.1.1.4.16).
pub(crate) fn check_global_func(cx: &Cx, atom: Atom) -> JsResult<()> {
    let g = &cx.realm.global;
    let ok = match object::get_own_property(cx, g, atom)? {
        None => object::is_extensible(cx, g)?,
        Some(e) => {
            e.configurable == Some(true)
                || (!e.is_accessor() && e.writable == Some(true) && e.enumerable == Some(true))
        }
    };
    if !ok {
        return cx.type_error(&format!(
            "cannot declare global function '{}'",
            cx.rt.atom_name(atom)
        ));
    }
    Ok(())
}

/// Step 10.a.i.1.a: CanDeclareGlobalVar.
pub(crate) fn check_global_var(cx: &Cx, atom: Atom) -> JsResult<()> {
    if !can_declare_global_var(cx, atom)? {
        return cx.type_error(&format!(
            "cannot define variable '{}'",
            cx.rt.atom_name(atom)
        ));
    }
    Ok(())
}

/// Annex B.3.2.2 step 12 (B.3.2.3 for eval code): the var binding of a
/// function declared in a block, when no lexical binding is in the way and
/// the global object allows it. Returns whether the declaration, once
/// evaluated, is copied to the global binding.
pub(crate) fn global_annexb_var(cx: &Cx, atom: Atom, deletable: bool) -> JsResult<bool> {
    if global_lex(cx, atom).is_some() || !can_declare_global_var(cx, atom)? {
        return Ok(false);
    }
    define_global_var(cx, atom, deletable)?;
    Ok(true)
}

/// CreateGlobalVarBinding (§9.1.1.4.17): `var` at script level (eval code
/// makes it deletable).
pub(crate) fn define_global_var(cx: &Cx, atom: Atom, deletable: bool) -> JsResult<()> {
    let g = &cx.realm.global;
    if object::get_own_property(cx, g, atom)?.is_none() {
        if !object::is_extensible(cx, g)? {
            return cx.type_error(&format!(
                "cannot define variable '{}'",
                cx.rt.atom_name(atom)
            ));
        }
        let mut f = flags::WRITABLE | flags::ENUMERABLE;
        if deletable {
            f |= flags::CONFIGURABLE;
        }
        object::define_data(cx, g, atom, Value::Undefined, f);
    }
    Ok(())
}

/// EvalDeclarationInstantiation (§19.2.1.3) steps 3.a, 8.a.iv and 10.a.i.2
/// for one name of sloppy global eval code: no global lexical binding of
/// that name, and CanDeclareGlobalFunction / CanDeclareGlobalVar
/// (§9.1.1.4.15-16).
pub(crate) fn eval_global_check(cx: &Cx, atom: Atom, func: bool) -> JsResult<()> {
    if global_lex(cx, atom).is_some() {
        return cx.syntax_error(&format!("redeclaration of '{}'", cx.rt.atom_name(atom)));
    }
    let g = &cx.realm.global;
    let ok = match object::get_own_property(cx, g, atom)? {
        None => object::is_extensible(cx, g)?,
        Some(_) if !func => true,
        Some(e) => {
            e.configurable == Some(true)
                || (e.is_data() && e.writable == Some(true) && e.enumerable == Some(true))
        }
    };
    if !ok {
        let what = if func { "function" } else { "variable" };
        return cx.type_error(&format!(
            "cannot declare global {what} '{}'",
            cx.rt.atom_name(atom)
        ));
    }
    Ok(())
}

/// CreateGlobalVarBinding(N, true) (§9.1.1.4.17) for eval code: deletable.
pub(crate) fn eval_global_var(cx: &Cx, atom: Atom) -> JsResult<()> {
    let g = &cx.realm.global;
    if object::get_own_property(cx, g, atom)?.is_none() && object::is_extensible(cx, g)? {
        object::define_data(cx, g, atom, Value::Undefined, flags::DEFAULT);
    }
    Ok(())
}

/// CreateGlobalFunctionBinding(N, V, true) (§9.1.1.4.18) for eval code.
pub(crate) fn eval_global_func(cx: &Cx, atom: Atom, f: Value) -> JsResult<()> {
    let g = &cx.realm.global;
    let desc = match object::get_own_property(cx, g, atom)? {
        Some(e) if e.configurable != Some(true) => object::PropDesc {
            value: Some(f.clone()),
            ..Default::default()
        },
        _ => object::PropDesc::data(f.clone(), flags::DEFAULT),
    };
    if !object::define_own_property(cx, g, atom, desc)? {
        return cx.type_error(&format!(
            "cannot define global function '{}'",
            cx.rt.atom_name(atom)
        ));
    }
    object::put(cx, g, atom, f, false)
}

/// CreateGlobalFunctionBinding (§9.1.1.4.18).
pub(crate) fn define_global_func(cx: &Cx, atom: Atom, f: Value, deletable: bool) -> JsResult<()> {
    let g = &cx.realm.global;
    let existing = object::get_own_property(cx, g, atom)?;
    let desc = match existing {
        Some(e) if e.configurable != Some(true) => object::PropDesc {
            value: Some(f.clone()),
            ..Default::default()
        },
        _ => {
            let mut fl = flags::WRITABLE | flags::ENUMERABLE;
            if deletable {
                fl |= flags::CONFIGURABLE;
            }
            object::PropDesc::data(f.clone(), fl)
        }
    };
    if !object::define_own_property(cx, g, atom, desc)? {
        return cx.type_error(&format!(
            "cannot define global function '{}'",
            cx.rt.atom_name(atom)
        ));
    }
    object::put(cx, g, atom, f, false)
}

/// A `let`/`const`/`class` at script level (step 15; checked at step 3).
pub(crate) fn define_global_lex(cx: &Cx, atom: Atom, is_const: bool) -> JsResult<()> {
    if global_lex(cx, atom).is_some() {
        return redeclaration(cx, atom);
    }
    let cell = cx.heap().alloc(VarRef {
        value: std::cell::RefCell::new(Value::Uninit),
    });
    cx.realm
        .global_lex
        .borrow_mut()
        .insert(atom, cell, is_const);
    Ok(())
}

/// SpeciesConstructor(O, defaultConstructor) (§7.3.22).
pub(crate) fn species_constructor(cx: &Cx, o: &Obj, default: Value) -> JsResult<Value> {
    let c = object::get_prop(cx, o, Atom::CONSTRUCTOR)?;
    if c.is_undefined() {
        return Ok(default);
    }
    let Value::Object(co) = &c else {
        return cx.type_error("object.constructor is not an object");
    };
    let s = object::get_prop(cx, co, Atom::SYM_SPECIES)?;
    if s.is_nullish() {
        return Ok(default);
    }
    match &s {
        Value::Object(so) if object::is_constructor(so) => Ok(s),
        _ => cx.type_error("object.constructor[Symbol.species] is not a constructor"),
    }
}

/// GetIterator(obj, sync) (§7.4.2): the iterator and its `next` method.
pub(crate) fn get_iterator(cx: &Cx, v: &Value) -> JsResult<(Value, Value)> {
    let method = object::get_value(cx, v, Atom::SYM_ITERATOR)?;
    if !method.is_callable() {
        return cx.type_error(&format!("{} is not iterable", describe(cx, v)));
    }
    let it = cx.call(&method, v, &[])?;
    if !matches!(it, Value::Object(_)) {
        return cx.type_error("iterator is not an object");
    }
    let next = object::get_value(cx, &it, Atom::NEXT)?;
    Ok((it, next))
}

/// IteratorStep + IteratorValue (§7.4.8, §7.4.7): (value, done).
pub(crate) fn iterator_step(cx: &Cx, it: &Value, next: &Value) -> JsResult<(Value, bool)> {
    // The built-in array iterator's `next` steps without a result object.
    if let (Value::Object(io), Value::Object(f)) = (it, next)
        && crate::builtins::iterator::is_array_iter_next(f)
        && let Some(r) = crate::builtins::iterator::array_iter_step(cx, io)?
    {
        return Ok(r);
    }
    // So does %GeneratorPrototype%.next (unless a `yield*` passes an inner
    // result through).
    let r = match next {
        Value::Object(f) if let Some(realm) = crate::builtins::generator::next_realm(f) => {
            cx.check_stack()?;
            let realm = cx.rt.realm(realm);
            let ncx = Cx {
                rt: cx.rt,
                realm: &realm,
            };
            use crate::builtins::generator::{GenStep, resume_step};
            match resume_step(&ncx, it, crate::interp::Resume::Next, Value::Undefined)? {
                GenStep::Plain(_, true) => return Ok((Value::Undefined, true)),
                GenStep::Plain(v, false) => return Ok((v, false)),
                GenStep::Raw(r) => r,
            }
        }
        _ => cx.call(next, it, &[])?,
    };
    let Value::Object(ro) = &r else {
        return cx.type_error("iterator result is not an object");
    };
    if object::get_prop(cx, ro, Atom::DONE)?.to_boolean() {
        return Ok((Value::Undefined, true));
    }
    Ok((object::get_prop(cx, ro, Atom::VALUE)?, false))
}

/// IteratorClose for a normal completion (§7.4.11).
pub(crate) fn iterator_close(cx: &Cx, it: &Value) -> JsResult<()> {
    let ret = object::get_value(cx, it, Atom::RETURN)?;
    if ret.is_nullish() {
        return Ok(());
    }
    let r = cx.call(&ret, it, &[])?;
    if !matches!(r, Value::Object(_)) {
        return cx.type_error("iterator return() result is not an object");
    }
    Ok(())
}

/// Runs `f` on each value `iterable` produces. When `f` fails the iterator
/// is closed first (IfAbruptCloseIterator, §7.4.13).
pub(crate) fn iterate(
    cx: &Cx,
    iterable: &Value,
    mut f: impl FnMut(Value) -> JsResult<()>,
) -> JsResult<()> {
    let (it, next) = get_iterator(cx, iterable)?;
    loop {
        let (v, done) = iterator_step(cx, &it, &next)?;
        if done {
            return Ok(());
        }
        if let Err(e) = f(v).and_then(|()| cx.poll()) {
            // IteratorClose with a throw completion: its own errors are ignored.
            let _ = iterator_close(cx, &it);
            return Err(e);
        }
    }
}

/// Appends every value `src` iterates to `arr` (ArrayAccumulation of a
/// SpreadElement, §13.2.4.1).
pub(crate) fn append_spread(cx: &Cx, arr: &Obj, src: &Value) -> JsResult<()> {
    let (it, next) = get_iterator(cx, src)?;
    loop {
        let (v, done) = iterator_step(cx, &it, &next)?;
        if done {
            return Ok(());
        }
        append_elem(cx, arr, v)?;
        cx.poll()?;
    }
}

/// CopyDataProperties (§7.3.25): copies `src`'s own enumerable properties
/// into `target` as data properties, except the `excluded` keys; nothing
/// for null or undefined.
pub(crate) fn copy_data_properties(
    cx: &Cx,
    target: &Obj,
    src: &Value,
    excluded: &[Atom],
) -> JsResult<()> {
    if src.is_nullish() {
        return Ok(());
    }
    let from = cx.to_object(src)?;
    if let Some(pairs) = plain_data_entries(cx, target, &from, excluded) {
        for (key, v) in pairs {
            if let Err(v) = add_plain_data(cx, target, key, v) {
                object::create_data_property(cx, target, key, v)?;
            }
        }
        return Ok(());
    }
    for key in object::own_keys(cx, &from)? {
        if excluded.contains(&key) {
            continue;
        }
        if let Some(d) = object::get_own_property(cx, &from, key)?
            && d.enumerable == Some(true)
        {
            let v = object::get_prop(cx, &from, key)?;
            object::create_data_property(cx, target, key, v)?;
        }
    }
    Ok(())
}

/// The enumerable own properties of `from` to copy (§7.3.25 steps 4-5), read
/// at once when that runs no script and sees the same values as reading
/// them one by one: `from` is an ordinary object with only data
/// properties, and `target` a different ordinary object (defining
/// properties on it runs no script either). None otherwise.
fn plain_data_entries(
    cx: &Cx,
    target: &Obj,
    from: &Obj,
    excluded: &[Atom],
) -> Option<Vec<(Atom, Value)>> {
    if Obj::ptr_eq(target, from) || !matches!(target.d.try_borrow().ok()?.class, Class::Object) {
        return None;
    }
    let d = from.d.try_borrow().ok()?;
    if !matches!(d.class, Class::Object) {
        return None;
    }
    let keys = object::ordered_keys(cx, &d, 0, false);
    let mut out = Vec::with_capacity(keys.len());
    for key in keys {
        let i = d.shape.find(key)?;
        if excluded.contains(&key) || d.shape.props[i].flags & flags::ENUMERABLE == 0 {
            continue;
        }
        match d.slots.get(i)? {
            object::Slot::Data(v) => out.push((key, v.clone())),
            object::Slot::Accessor(_) => return None,
        }
    }
    Some(out)
}

/// CreateDataProperty (§7.3.5) of a key `o` lacks, on an extensible
/// ordinary object: appends the data property. Gives the
/// value back otherwise.
fn add_plain_data(cx: &Cx, o: &Obj, key: Atom, v: Value) -> Result<(), Value> {
    let Ok(mut d) = o.d.try_borrow_mut() else {
        return Err(v);
    };
    if !matches!(d.class, Class::Object) || !d.extensible || d.shape.find(key).is_some() {
        return Err(v);
    }
    crate::shape::Shape::with_added_key(&mut d.shape, key, flags::DEFAULT, cx.rt.key_cell(key));
    d.push_slot(object::Slot::Data(v), cx.heap());
    Ok(())
}

/// HasBinding of an object environment record (§9.1.1.2.1): the object has
/// the property and `@@unscopables` does not hide it.
pub(crate) fn with_has(cx: &Cx, obj: &Obj, atom: Atom) -> JsResult<bool> {
    if !object::has_property(cx, obj, atom)? {
        return Ok(false);
    }
    if let Value::Object(u) = object::get_prop(cx, obj, Atom::SYM_UNSCOPABLES)?
        && object::get_prop(cx, &u, atom)?.to_boolean()
    {
        return Ok(false);
    }
    Ok(true)
}

/// ToUint16-style helper used by String.fromCharCode.
pub(crate) fn to_uint16(cx: &Cx, v: &Value) -> JsResult<u16> {
    let n = cx.to_number(v)?;
    Ok(f64_to_int32(n) as u16)
}
