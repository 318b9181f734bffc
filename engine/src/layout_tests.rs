//! Pins the sizes of the most numerous heap cells, so that a change that
//! makes every object or string bigger is noticed. Sizes are for 64-bit
//! targets; the allocator rounds each cell up to a multiple of 16 bytes
//! plus 8 bytes of its own, which is what the limits below keep in sight.

use std::mem::size_of;

use crate::gc::{GcBox, Header};
use crate::object::{Class, JsObject, ObjectData, Slot, VarRef};
use crate::string::StrCell;
use crate::value::Value;

#[test]
#[cfg(target_pointer_width = "64")]
fn hot_type_sizes() {
    assert_eq!(size_of::<Header>(), 16);
    assert_eq!(size_of::<Value>(), 16);
    assert_eq!(size_of::<Slot>(), 16);
    assert_eq!(size_of::<Class>(), 32, "the Class enum grew");
    assert_eq!(size_of::<ObjectData>(), 80);
    assert_eq!(size_of::<JsObject>(), 88);
    // 104 bytes: a 112-byte block from the allocator.
    assert_eq!(size_of::<GcBox<JsObject>>(), 104);
    assert_eq!(size_of::<GcBox<StrCell>>(), 64);
    assert_eq!(size_of::<GcBox<VarRef>>(), 40);
}
