//! Map keys: scalars only, written straight into the output.

use serde::Serialize;
use serde::ser::{Impossible, Serializer};

use super::error::Error;
use super::number::{FloatClass, push_float, push_integer};
use super::scalar::{key_is_plain, write_double_quoted, write_key};

/// Writes one map key into `out`. A key that is not a scalar is an [`Error`].
pub(super) struct KeyWriter<'o> {
    pub(super) out: &'o mut String,
}

type Unsupported = Impossible<(), Error>;

impl Serializer for KeyWriter<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Unsupported;
    type SerializeTuple = Unsupported;
    type SerializeTupleStruct = Unsupported;
    type SerializeTupleVariant = Unsupported;
    type SerializeMap = Unsupported;
    type SerializeStruct = Unsupported;
    type SerializeStructVariant = Unsupported;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        push_integer(self.out, v);
        Ok(())
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        push_float(self.out, v, FloatClass::of(f64::from(v)));
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        push_float(self.out, v, FloatClass::of(v));
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        write_key(self.out, v);
        Ok(())
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        Err(Error::non_scalar_key("bytes"))
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.serialize_str(v)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        Err(Error::non_scalar_key(&format!(
            "enum variant {variant} with data"
        )))
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key("a sequence"))
    }

    fn serialize_tuple(self, _: usize) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key("a tuple"))
    }

    fn serialize_tuple_struct(self, name: &'static str, _: usize) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key(&format!("tuple struct {name}")))
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key(&format!("enum variant {variant}")))
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key("a map"))
    }

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key(&format!("struct {name}")))
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Unsupported, Error> {
        Err(Error::non_scalar_key(&format!("enum variant {variant}")))
    }
}

/// Remembers, by address, which struct field names can be written plain. Field names are
/// `&'static str`s that recur once per object (`name`, `componentRef`, ... thousands of times
/// in a large workflow), so the quoting check runs about once per name instead of once per key.
pub(super) struct FieldNames {
    /// Direct-mapped: (address, length, plain) of the last name that hashed to each slot.
    slots: [(usize, usize, bool); FieldNames::SLOTS],
}

impl FieldNames {
    const SLOTS: usize = 64;

    /// An empty cache.
    pub(super) fn new() -> Self {
        FieldNames {
            slots: [(0, 0, false); FieldNames::SLOTS],
        }
    }

    /// Append `name` as a key: plain when the rules allow, else double-quoted.
    pub(super) fn write(&mut self, out: &mut String, name: &'static str) {
        let address = name.as_ptr() as usize;
        let slot = &mut self.slots[(address ^ (address >> 7) ^ name.len()) % FieldNames::SLOTS];
        let plain = if slot.0 == address && slot.1 == name.len() {
            slot.2
        } else {
            let plain = key_is_plain(name);
            *slot = (address, name.len(), plain);
            plain
        };
        if plain {
            out.push_str(name);
        } else {
            write_double_quoted(out, name);
        }
    }
}
