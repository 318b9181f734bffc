//! The built-in objects, one module per global object, and realm creation.
//!
//! Each module declares its functions once, in a table of [`FnSpec`]
//! entries (name, length, native function, magic) built with [`fns!`], and
//! installs them with [`define_fns`].

pub(crate) mod array;
pub(crate) mod array_buffer;
pub(crate) mod async_function;
pub(crate) mod async_generator;
pub(crate) mod async_iterator;
pub(crate) mod atomics;
pub(crate) mod bigint;
pub(crate) mod boolean;
pub(crate) mod date;
pub(crate) mod disposable_stack;
pub(crate) mod error;
pub(crate) mod finalization_registry;
pub(crate) mod function;
pub(crate) mod generator;
pub(crate) mod global;
pub(crate) mod iterator;
pub(crate) mod iterator_helpers;
pub(crate) mod iterator_zip;
pub(crate) mod json;
pub(crate) mod map;
pub(crate) mod math;
pub(crate) mod math_sum;
pub(crate) mod module_source;
pub(crate) mod number;
pub(crate) mod object;
pub(crate) mod promise;
pub(crate) mod proxy;
pub(crate) mod reflect;
pub(crate) mod regexp;
pub(crate) mod set;
pub(crate) mod shadow_realm;
pub(crate) mod shared_memory;
pub(crate) mod string;
pub(crate) mod string_html;
pub(crate) mod suppressed_error;
pub(crate) mod symbol;
pub(crate) mod typed_array;
pub(crate) mod uri;
pub(crate) mod weak_map;
pub(crate) mod weak_ref;
pub(crate) mod weak_set;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use crate::atom::Atom;
use crate::object::{ArrayData, Class, NativeFn, Obj, new_object};
use crate::runtime::{Cx, ErrorKind, Intrinsics, Realm, Rt};
use crate::shape::flags;
use crate::value::Value;

/// One built-in function: property name (`@@iterator` for well-known
/// symbols), `length`, implementation and magic number.
pub(crate) struct FnSpec {
    pub(crate) name: &'static str,
    pub(crate) length: u8,
    pub(crate) f: NativeFn,
    pub(crate) magic: i32,
}

/// Declares a table of built-in functions: `name, length, function [, magic];`.
macro_rules! fns {
    ($( $name:literal, $len:literal, $f:path $(, $magic:expr)? ; )*) => {
        &[ $( $crate::builtins::FnSpec { name: $name, length: $len, f: $f, magic: 0 $( + $magic )? } ),* ]
    };
}
pub(crate) use fns;

/// The atom for a table name (`@@x` names a well-known symbol).
pub(crate) fn spec_atom(cx: &Cx, name: &str) -> Atom {
    match name {
        "@@iterator" => Atom::SYM_ITERATOR,
        "@@asyncIterator" => Atom::SYM_ASYNC_ITERATOR,
        "@@toPrimitive" => Atom::SYM_TO_PRIMITIVE,
        "@@hasInstance" => Atom::SYM_HAS_INSTANCE,
        "@@toStringTag" => Atom::SYM_TO_STRING_TAG,
        "@@match" => Atom::SYM_MATCH,
        "@@matchAll" => Atom::SYM_MATCH_ALL,
        "@@replace" => Atom::SYM_REPLACE,
        "@@search" => Atom::SYM_SEARCH,
        "@@split" => Atom::SYM_SPLIT,
        "@@dispose" => Atom::SYM_DISPOSE,
        "@@asyncDispose" => Atom::SYM_ASYNC_DISPOSE,
        _ => cx.intern(name),
    }
}

/// While a realm is being built, gives `obj` a dictionary shape of its own
/// (once), so the properties the intrinsics' set-up adds next are appended
/// in place instead of each making a new shared shape (which copies all the
/// keys before it). [`new_realm`] turns those shapes back into immutable ones
/// at the end (`seal_shapes`).
fn building(cx: &Cx, obj: &Obj) {
    let Ok(mut list) = cx.realm.building.try_borrow_mut() else {
        return;
    };
    let Some(list) = list.as_mut() else { return };
    let mut d = obj.d.borrow_mut();
    if !d.shape.dictionary {
        crate::shape::Shape::make_dictionary(&mut d.shape);
        d.account(cx.heap());
        drop(d);
        list.push(obj.clone());
    }
}

/// Ends the set-up of a realm: every object [`building`] gave a dictionary
/// shape gets an immutable shape outside the transition tree (as a
/// prototype that went dictionary does on its next cache fill), so inline
/// caches key on it; those with more than
/// [`crate::shape::DICTIONARY_THRESHOLD`] properties stay dictionaries, as
/// they would have become anyway.
fn seal_shapes(cx: &Cx) {
    let list = cx.realm.building.borrow_mut().take().unwrap_or_default();
    for o in list {
        let mut d = o.d.borrow_mut();
        crate::shape::Shape::undictionary(&mut d.shape);
        d.account(cx.heap());
    }
}

/// Installs the functions of `table` on `obj` as non-enumerable methods.
pub(crate) fn define_fns(cx: &Cx, obj: &Obj, table: &[FnSpec]) {
    building(cx, obj);
    for s in table {
        let atom = spec_atom(cx, s.name);
        let f = function::new_native(cx, atom, s.length as u32, s.f, s.magic, false);
        // `@@toPrimitive` methods are read-only (e.g. §21.4.4.45) and
        // Function.prototype[@@hasInstance] is also non-configurable
        // (§20.2.3.6).
        let fl = if atom == Atom::SYM_HAS_INSTANCE {
            0
        } else if atom == Atom::SYM_TO_PRIMITIVE {
            flags::CONFIGURABLE
        } else {
            flags::HIDDEN
        };
        // A new key of an extensible object that the shape answers for is
        // simply appended (what [[DefineOwnProperty]] would do).
        let mut d = obj.d.borrow_mut();
        if d.extensible && d.plain_key(atom) && d.shape.find(atom).is_none() {
            d.push_prop(atom, crate::object::Slot::Data(Value::Object(f)), fl);
        } else {
            drop(d);
            crate::object::define_data(cx, obj, atom, Value::Object(f), fl);
        }
    }
    obj.d.borrow_mut().account(cx.heap());
}

/// Creates a constructor, links it with its prototype, and makes it a global.
pub(crate) fn define_ctor(cx: &Cx, name: &str, length: u32, f: NativeFn, proto: &Obj) -> Obj {
    let atom = cx.intern(name);
    let ctor = function::new_native(cx, atom, length, f, 0, true);
    crate::object::define_data(cx, &ctor, Atom::PROTOTYPE, Value::Object(proto.clone()), 0);
    building(cx, proto);
    building(cx, &cx.realm.global);
    crate::object::define_data(
        cx,
        proto,
        Atom::CONSTRUCTOR,
        Value::Object(ctor.clone()),
        flags::HIDDEN,
    );
    crate::object::define_data(
        cx,
        &cx.realm.global,
        atom,
        Value::Object(ctor.clone()),
        flags::HIDDEN,
    );
    ctor
}

/// Defines `obj[@@toStringTag]` (non-writable, non-enumerable, configurable).
pub(crate) fn define_to_string_tag(cx: &Cx, obj: &Obj, tag: &str) {
    building(cx, obj);
    crate::object::define_data(
        cx,
        obj,
        Atom::SYM_TO_STRING_TAG,
        Value::String(cx.str(tag)),
        flags::CONFIGURABLE,
    );
}

/// Defines a configurable, non-enumerable accessor with only a getter.
pub(crate) fn define_getter(cx: &Cx, obj: &Obj, key: Atom, name: &str, f: NativeFn, magic: i32) {
    building(cx, obj);
    let g = function::new_native(cx, cx.intern(&format!("get {name}")), 0, f, magic, false);
    let _ = crate::object::define_own_property(
        cx,
        obj,
        key,
        crate::object::PropDesc {
            get: Some(Some(g)),
            set: Some(None),
            enumerable: Some(false),
            configurable: Some(true),
            ..Default::default()
        },
    );
}

/// `get [Symbol.species]` on a constructor: returns `this` (e.g. §23.1.2.5).
pub(crate) fn define_species(cx: &Cx, ctor: &Obj) {
    fn species(_cx: Cx, args: &crate::object::Args) -> crate::runtime::JsResult<Value> {
        Ok(args.this.clone())
    }
    define_getter(cx, ctor, Atom::SYM_SPECIES, "[Symbol.species]", species, 0);
}

/// Defines a non-enumerable, non-writable, non-configurable value (constants).
pub(crate) fn define_const(cx: &Cx, obj: &Obj, name: &str, v: Value) {
    building(cx, obj);
    crate::object::define_data(cx, obj, cx.intern(name), v, 0);
}

fn plain(cx: &Cx, proto: &Obj) -> Obj {
    new_object(*cx, Some(proto.clone()), Class::Object)
}

/// Creates a realm with all intrinsics and registers it with the runtime.
pub(crate) fn new_realm(rt: &Rt) -> Rc<Realm> {
    let heap = &rt.heap;
    let index = rt.realms.borrow().len() as u32;
    // The two root prototypes first: everything else derives from them.
    let alloc = |proto: Option<Obj>, class: Class| -> Obj {
        heap.alloc(crate::object::JsObject {
            d: RefCell::new(crate::object::ObjectData {
                shape: rt.root_shape.clone(),
                slots: Vec::new(),
                proto,
                extensible: true,
                class,
                reported: 0,
            }),
        })
    };
    let object_proto = alloc(None, Class::ImmutablePrototype);
    let function_proto = alloc(
        Some(object_proto.clone()),
        Class::Native(crate::object::Native {
            f: function::function_proto_call,
            magic: 0,
            realm: index,
            extra: None,
        }),
    );
    let op = Some(object_proto.clone());
    let error_proto = alloc(op.clone(), Class::Object);
    let native_error_protos = ErrorKind::ALL
        .iter()
        .map(|_| alloc(Some(error_proto.clone()), Class::Object))
        .collect();
    let iterator_proto = alloc(op.clone(), Class::Object);
    let typed_array_proto = alloc(op.clone(), Class::Object);
    let async_iterator_proto = alloc(op.clone(), Class::Object);
    let intr = Intrinsics {
        array_proto: alloc(
            op.clone(),
            Class::Array(ArrayData {
                elems: Vec::new(),
                len: 0,
                fast: true,
                length_writable: true,
            }),
        ),
        string_proto: alloc(op.clone(), Class::String(rt.atom_string(Atom::EMPTY))),
        number_proto: alloc(op.clone(), Class::Number(0.0)),
        boolean_proto: alloc(op.clone(), Class::Boolean(false)),
        symbol_proto: alloc(op.clone(), Class::Object),
        bigint_proto: alloc(op.clone(), Class::Object),
        date_proto: alloc(op.clone(), Class::Object),
        array_iter_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        string_iter_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        regexp_proto: alloc(op.clone(), Class::Object),
        regexp_iter_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        map_proto: alloc(op.clone(), Class::Object),
        promise_proto: alloc(op.clone(), Class::Object),
        set_proto: alloc(op.clone(), Class::Object),
        map_iter_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        set_iter_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        generator_function_proto: alloc(Some(function_proto.clone()), Class::Object),
        generator_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        async_function_proto: alloc(Some(function_proto.clone()), Class::Object),
        async_generator_function_proto: alloc(Some(function_proto.clone()), Class::Object),
        async_generator_proto: alloc(Some(async_iterator_proto.clone()), Class::Object),
        async_from_sync_iter_proto: alloc(Some(async_iterator_proto.clone()), Class::Object),
        async_iterator_proto,
        iterator_helper_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        wrap_for_valid_iter_proto: alloc(Some(iterator_proto.clone()), Class::Object),
        weak_map_proto: alloc(op.clone(), Class::Object),
        weak_set_proto: alloc(op.clone(), Class::Object),
        weak_ref_proto: alloc(op.clone(), Class::Object),
        finalization_registry_proto: alloc(op.clone(), Class::Object),
        disposable_stack_proto: alloc(op.clone(), Class::Object),
        async_disposable_stack_proto: alloc(op.clone(), Class::Object),
        shadow_realm_proto: alloc(op.clone(), Class::Object),
        array_buffer_proto: alloc(op.clone(), Class::Object),
        shared_array_buffer_proto: alloc(op.clone(), Class::Object),
        data_view_proto: alloc(op.clone(), Class::Object),
        typed_protos: (0..typed_array::KIND_COUNT)
            .map(|_| alloc(Some(typed_array_proto.clone()), Class::Object))
            .collect(),
        typed_array_proto,
        iterator_proto,
        error_proto,
        native_error_protos,
        object_proto,
        function_proto,
    };
    let global = alloc(Some(intr.object_proto.clone()), Class::Object);
    let realm = Rc::new(Realm {
        index,
        global,
        intr,
        global_lex: RefCell::default(),
        array_ctor: OnceCell::new(),
        object_ctor: OnceCell::new(),
        regexp_ctor: OnceCell::new(),
        promise_ctor: OnceCell::new(),
        iterator_ctor: OnceCell::new(),
        binary_ctors: RefCell::new(Vec::new()),
        ta_length_guard: OnceCell::new(),
        regexp_legacy: RefCell::new(None),
        index_free_object_proto: RefCell::new(None),
        array_values: OnceCell::new(),
        arguments_shapes: RefCell::new(Vec::new()),
        closure_shape: RefCell::new(None),
        throw_type_error: OnceCell::new(),
        legacy_accessors: OnceCell::new(),
        eval_fn: OnceCell::new(),
        building: RefCell::new(Some(Vec::new())),
        _private: (),
    });
    rt.realms.borrow_mut().push(realm.clone());
    let cx = Cx { rt, realm: &realm };
    function::init(&cx);
    object::init(&cx);
    error::init(&cx);
    array::init(&cx);
    iterator::init(&cx);
    iterator_helpers::init(&cx);
    generator::init(&cx);
    string::init(&cx);
    string_html::init(&cx);
    number::init(&cx);
    boolean::init(&cx);
    symbol::init(&cx);
    bigint::init(&cx);
    date::init(&cx);
    regexp::init(&cx);
    math::init(&cx);
    json::init(&cx);
    reflect::init(&cx);
    proxy::init(&cx);
    map::init(&cx);
    set::init(&cx);
    weak_map::init(&cx);
    weak_set::init(&cx);
    weak_ref::init(&cx);
    finalization_registry::init(&cx);
    typed_array::init(&cx);
    array_buffer::init(&cx);
    atomics::init(&cx);
    promise::init(&cx);
    async_function::init(&cx);
    async_generator::init(&cx);
    async_iterator::init(&cx);
    disposable_stack::init(&cx);
    shadow_realm::init(&cx);
    global::init(&cx);
    uri::init(&cx);
    seal_shapes(&cx);
    typed_array::init_length_guard(&cx);
    let _ = plain;
    realm
}
