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
/// in a large workflow), so the quoting check runs once per name instead of once per key.
///
/// A small open-addressing table: a name never evicts another, so each name is checked once
/// whatever addresses a build gives the names. (A table with one place per slot made names that
/// happened to share one evict each other on every use, so the writer's cost changed from build
/// to build.)
pub(super) struct FieldNames {
    /// (address, length, plain) of each name seen; address 0 marks a free slot.
    slots: [(usize, usize, bool); FieldNames::SLOTS],
    /// How many slots are taken.
    taken: usize,
}

impl FieldNames {
    const SLOTS: usize = 256;
    /// Names past this many are checked every time: the table stays at most three quarters
    /// full, so a search always reaches a free slot soon.
    const MOST: usize = FieldNames::SLOTS / 4 * 3;

    /// An empty table.
    pub(super) fn new() -> Self {
        FieldNames {
            slots: [(0, 0, false); FieldNames::SLOTS],
            taken: 0,
        }
    }

    /// Append `name` as a key: plain when the rules allow, else double-quoted.
    pub(super) fn write(&mut self, out: &mut String, name: &'static str) {
        if self.is_plain(name) {
            out.push_str(name);
        } else {
            write_double_quoted(out, name);
        }
    }

    /// Whether `name` is written plain, checked on its first use only.
    fn is_plain(&mut self, name: &'static str) -> bool {
        let address = name.as_ptr() as usize;
        // Fibonacci hashing: the top bits of the address times 2^64 / φ.
        let bits = FieldNames::SLOTS.trailing_zeros();
        let mut at = ((address as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize;
        loop {
            let slot = self.slots[at];
            if slot.0 == address && slot.1 == name.len() {
                return slot.2;
            }
            if slot.0 == 0 {
                let plain = key_is_plain(name);
                if self.taken < FieldNames::MOST {
                    self.slots[at] = (address, name.len(), plain);
                    self.taken += 1;
                }
                return plain;
            }
            at = (at + 1) % FieldNames::SLOTS;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a key writer writes for `name`.
    fn as_key(name: &str) -> String {
        let mut out = String::new();
        write_key(&mut out, name);
        out
    }

    #[test]
    fn field_names_are_written_as_any_key_is() {
        // Plain, keywords, indicators, empty; each twice, the second from the table.
        let names = ["name", "yes", "a: b", "", "x-y", "null"];
        let mut fields = FieldNames::new();
        for name in names.iter().chain(&names) {
            let mut out = String::new();
            fields.write(&mut out, name);
            assert_eq!(out, as_key(name), "{name:?}");
        }
    }

    #[test]
    fn more_names_than_the_table_holds_are_still_written_right() {
        let names: Vec<&'static str> = (0..2 * FieldNames::SLOTS)
            .map(|i| &*format!("{}{i}", if i % 3 == 0 { "on: " } else { "k" }).leak())
            .collect();
        let mut fields = FieldNames::new();
        for name in names.iter().chain(&names) {
            let mut out = String::new();
            fields.write(&mut out, name);
            assert_eq!(out, as_key(name), "{name:?}");
        }
        assert_eq!(fields.taken, FieldNames::MOST);
    }
}
