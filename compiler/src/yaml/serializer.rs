//! The serde `Serializer` that lays out block-style YAML straight into a `String`.
//!
//! Layout (2 spaces per level, the form `kubectl` and the engines' own tools print):
//!
//! ```yaml
//! key: scalar
//! map:
//!   nested: 1
//! list:            # a sequence under a key is not indented: dashes at the key's column
//! - item
//! - name: a        # a map in a sequence starts on the dash's line
//!   value: b
//! - - nested       # so does a sequence in a sequence
//! empty_map: {}
//! empty_list: []
//! script: |        # multi-line strings are literal blocks
//!   echo hi
//! Variant: value   # externally tagged enums: the variant is a one-key map
//! ```
//!
//! Every node is written in one go from its [`Slot`], the place the parent left the cursor in:
//! no look-ahead, no intermediate tree, no per-key or per-scalar allocation.

use serde::Serialize;
use serde::ser::{
    SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

use super::error::Error;
use super::key::{FieldNames, KeyWriter};
use super::number::{FloatClass, push_float, push_integer};
use super::scalar::{
    MAX_IMPLICIT_KEY_CHARS, Style, push_spaces, value_style, write_double_quoted, write_key,
    write_literal, write_single_quoted,
};

/// Where the next node starts, as its parent left the output.
#[derive(Clone, Copy)]
enum Slot {
    /// At the start of a line; the node begins at column `col` (the document root).
    LineStart { col: usize },
    /// Right after `key:` of a block map whose keys are at `key_col`; a sequence value puts its
    /// dashes at `seq_col` (the key's column, except under an enum variant at the root).
    MapValue { key_col: usize, seq_col: usize },
    /// Right after the `:` that follows an explicit `? key` at `key_col`.
    ExplicitValue { key_col: usize },
    /// Right after `- ` of a sequence whose dashes are at `dash_col`.
    SeqItem { dash_col: usize },
}

impl Slot {
    /// The column of the keys of a map written here.
    fn map_key_col(self) -> usize {
        match self {
            Slot::LineStart { col } => col,
            Slot::MapValue { key_col, .. } | Slot::ExplicitValue { key_col } => key_col + 2,
            Slot::SeqItem { dash_col } => dash_col + 2,
        }
    }

    /// The column of the dashes of a sequence written here.
    fn seq_dash_col(self) -> usize {
        match self {
            Slot::LineStart { col } => col,
            Slot::MapValue { seq_col, .. } => seq_col,
            Slot::ExplicitValue { key_col } => key_col,
            Slot::SeqItem { dash_col } => dash_col + 2,
        }
    }

    /// The column of the lines of a literal block written here: one level past its parent.
    fn block_col(self) -> usize {
        match self {
            Slot::LineStart { col } => col + 2,
            Slot::MapValue { key_col, .. } | Slot::ExplicitValue { key_col } => key_col + 2,
            Slot::SeqItem { dash_col } => dash_col + 2,
        }
    }
}

/// Writes one YAML document into a `String`.
pub(super) struct Emitter<'o> {
    out: &'o mut String,
    slot: Slot,
    fields: FieldNames,
}

impl<'o> Emitter<'o> {
    /// An emitter for a document that starts at the current end of `out`.
    pub(super) fn new(out: &'o mut String) -> Self {
        Emitter {
            out,
            slot: Slot::LineStart { col: 0 },
            fields: FieldNames::new(),
        }
    }

    /// What goes before a scalar: indentation at a line start, a space after a colon.
    fn scalar_prefix(&mut self) {
        match self.slot {
            Slot::LineStart { col } => push_spaces(self.out, col),
            Slot::MapValue { .. } | Slot::ExplicitValue { .. } => self.out.push(' '),
            Slot::SeqItem { .. } => {}
        }
    }

    /// A scalar that needs no quoting (numbers, bools, null).
    fn plain(&mut self, text: &str) -> Result<(), Error> {
        self.scalar_prefix();
        self.out.push_str(text);
        self.out.push('\n');
        Ok(())
    }

    /// An integer, in decimal.
    fn integer<I: itoa::Integer>(&mut self, v: I) -> Result<(), Error> {
        self.scalar_prefix();
        push_integer(self.out, v);
        self.out.push('\n');
        Ok(())
    }

    /// A string, in the style [`value_style`] picks.
    fn string(&mut self, s: &str) -> Result<(), Error> {
        self.scalar_prefix();
        match value_style(s) {
            Style::Plain => self.out.push_str(s),
            Style::SingleQuoted => write_single_quoted(self.out, s),
            Style::Quoted => {
                self.out.push('"');
                self.out.push_str(s);
                self.out.push('"');
            }
            Style::Escaped => write_double_quoted(self.out, s),
            Style::Literal => {
                write_literal(self.out, s, self.slot.block_col());
                return Ok(());
            }
        }
        self.out.push('\n');
        Ok(())
    }

    /// `Variant:` of an externally tagged enum, on its own line under a key (a key cannot hold
    /// a map on its own line) or inline after a dash. Returns the label's column.
    fn variant_label(&mut self, variant: &str) -> usize {
        let col = match self.slot {
            Slot::LineStart { col } => {
                push_spaces(self.out, col);
                col
            }
            Slot::MapValue { key_col, .. } | Slot::ExplicitValue { key_col } => {
                self.out.push('\n');
                push_spaces(self.out, key_col + 2);
                key_col + 2
            }
            Slot::SeqItem { dash_col } => dash_col + 2,
        };
        write_key(self.out, variant);
        self.out.push(':');
        col
    }

    fn map(&mut self) -> MapWriter<'_, 'o> {
        let start = self.slot;
        MapWriter {
            key_col: start.map_key_col(),
            start,
            empty: true,
            value_slot: start,
            em: self,
        }
    }

    fn seq(&mut self) -> SeqWriter<'_, 'o> {
        let start = self.slot;
        SeqWriter {
            dash_col: start.seq_dash_col(),
            start,
            empty: true,
            em: self,
        }
    }

    /// The fields of a struct or tuple variant go one level below its label, each on its line.
    fn below_variant_label(&mut self, variant: &str) {
        let col = self.variant_label(variant);
        self.out.push('\n');
        self.slot = Slot::LineStart { col: col + 2 };
    }
}

impl<'a, 'o> Serializer for &'a mut Emitter<'o> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = SeqWriter<'a, 'o>;
    type SerializeTuple = SeqWriter<'a, 'o>;
    type SerializeTupleStruct = SeqWriter<'a, 'o>;
    type SerializeTupleVariant = SeqWriter<'a, 'o>;
    type SerializeMap = MapWriter<'a, 'o>;
    type SerializeStruct = MapWriter<'a, 'o>;
    type SerializeStructVariant = MapWriter<'a, 'o>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.plain(if v { "true" } else { "false" })
    }

    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.integer(v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.integer(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(u64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.integer(v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.integer(v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.scalar_prefix();
        push_float(self.out, v, FloatClass::of(f64::from(v)));
        self.out.push('\n');
        Ok(())
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.scalar_prefix();
        push_float(self.out, v, FloatClass::of(v));
        self.out.push('\n');
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }

    /// Bytes are written as a sequence of integers (pipec's models carry none).
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        let mut seq = self.seq();
        for byte in v {
            SerializeSeq::serialize_element(&mut seq, byte)?;
        }
        SerializeSeq::end(seq)
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.plain("null")
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.plain("null")
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.plain("null")
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
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
        value: &T,
    ) -> Result<(), Error> {
        let at_root = matches!(self.slot, Slot::LineStart { .. });
        let col = self.variant_label(variant);
        // At the root the label has no enclosing map: a sequence value is indented under it.
        let seq_col = if at_root { col + 2 } else { col };
        self.slot = Slot::MapValue {
            key_col: col,
            seq_col,
        };
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<SeqWriter<'a, 'o>, Error> {
        Ok(self.seq())
    }

    fn serialize_tuple(self, _: usize) -> Result<SeqWriter<'a, 'o>, Error> {
        Ok(self.seq())
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<SeqWriter<'a, 'o>, Error> {
        Ok(self.seq())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<SeqWriter<'a, 'o>, Error> {
        self.below_variant_label(variant);
        Ok(self.seq())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<MapWriter<'a, 'o>, Error> {
        Ok(self.map())
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<MapWriter<'a, 'o>, Error> {
        Ok(self.map())
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<MapWriter<'a, 'o>, Error> {
        self.below_variant_label(variant);
        Ok(self.map())
    }
}

/// A block map being written.
pub(super) struct MapWriter<'a, 'o> {
    em: &'a mut Emitter<'o>,
    /// Where the map was opened: decides how its first key and the empty form `{}` are placed.
    start: Slot,
    /// The column of every key.
    key_col: usize,
    /// No entry yet.
    empty: bool,
    /// Where the value of the key just written starts.
    value_slot: Slot,
}

impl MapWriter<'_, '_> {
    /// Position the cursor for the next key: the first one follows the opening slot (on the
    /// dash's line, or on a new line after `key:`), later ones start a line at `key_col`.
    fn begin_key(&mut self) -> usize {
        let out = &mut *self.em.out;
        if self.empty {
            self.empty = false;
            match self.start {
                Slot::LineStart { col } => push_spaces(out, col),
                Slot::MapValue { .. } => {
                    out.push('\n');
                    push_spaces(out, self.key_col);
                }
                Slot::ExplicitValue { .. } => out.push(' '),
                Slot::SeqItem { .. } => {}
            }
        } else {
            push_spaces(out, self.key_col);
        }
        out.len()
    }

    /// Close the key written from `key_start`: `key:`, or for an over-long key the explicit
    /// `? key` form with its `:` on the next line.
    fn end_key(&mut self, key_start: usize) {
        let out = &mut *self.em.out;
        if out.len() - key_start > MAX_IMPLICIT_KEY_CHARS
            && out[key_start..].chars().count() > MAX_IMPLICIT_KEY_CHARS
        {
            out.insert_str(key_start, "? ");
            out.push('\n');
            push_spaces(out, self.key_col);
            out.push(':');
            self.value_slot = Slot::ExplicitValue {
                key_col: self.key_col,
            };
        } else {
            out.push(':');
            self.value_slot = Slot::MapValue {
                key_col: self.key_col,
                seq_col: self.key_col,
            };
        }
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<(), Error> {
        let key_start = self.begin_key();
        self.em.fields.write(self.em.out, key);
        self.end_key(key_start);
        SerializeMap::serialize_value(self, value)
    }

    fn finish(self) -> Result<(), Error> {
        if self.empty {
            let out = &mut *self.em.out;
            match self.start {
                Slot::LineStart { col } => push_spaces(out, col),
                Slot::MapValue { .. } | Slot::ExplicitValue { .. } => out.push(' '),
                Slot::SeqItem { .. } => {}
            }
            out.push_str("{}\n");
        }
        Ok(())
    }
}

impl SerializeMap for MapWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        let key_start = self.begin_key();
        key.serialize(KeyWriter {
            out: &mut *self.em.out,
        })?;
        self.end_key(key_start);
        Ok(())
    }

    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.em.slot = self.value_slot;
        value.serialize(&mut *self.em)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl SerializeStruct for MapWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl SerializeStructVariant for MapWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

/// A block sequence being written.
pub(super) struct SeqWriter<'a, 'o> {
    em: &'a mut Emitter<'o>,
    /// Where the sequence was opened: decides how its first dash and `[]` are placed.
    start: Slot,
    /// The column of every dash.
    dash_col: usize,
    /// No element yet.
    empty: bool,
}

impl SeqWriter<'_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        let out = &mut *self.em.out;
        if self.empty {
            self.empty = false;
            match self.start {
                Slot::LineStart { col } => push_spaces(out, col),
                Slot::MapValue { .. } | Slot::ExplicitValue { .. } => {
                    out.push('\n');
                    push_spaces(out, self.dash_col);
                }
                // A sequence in a sequence starts on the outer dash's line: `- - a`.
                Slot::SeqItem { .. } => {}
            }
        } else {
            push_spaces(out, self.dash_col);
        }
        out.push_str("- ");
        self.em.slot = Slot::SeqItem {
            dash_col: self.dash_col,
        };
        value.serialize(&mut *self.em)
    }

    fn finish(self) -> Result<(), Error> {
        if self.empty {
            let out = &mut *self.em.out;
            match self.start {
                Slot::LineStart { col } => push_spaces(out, col),
                Slot::MapValue { .. } | Slot::ExplicitValue { .. } => out.push(' '),
                Slot::SeqItem { .. } => {}
            }
            out.push_str("[]\n");
        }
        Ok(())
    }
}

impl SerializeSeq for SeqWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl SerializeTuple for SeqWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl SerializeTupleStruct for SeqWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}

impl SerializeTupleVariant for SeqWriter<'_, '_> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.element(value)
    }

    fn end(self) -> Result<(), Error> {
        self.finish()
    }
}
