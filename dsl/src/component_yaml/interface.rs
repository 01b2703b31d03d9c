//! The declared inputs and outputs: their names in the file, their IR names, and lookups for
//! placeholders, with duplicate and unusable names rejected.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use super::error::{ComponentYamlError, ErrorKind, Position};
use super::names::io_name;
use crate::name::is_identifier;

/// Which list a name belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Input,
    Output,
}

impl Side {
    /// The list's key in the file.
    pub fn list(self) -> &'static str {
        match self {
            Side::Input => "inputs",
            Side::Output => "outputs",
        }
    }

    /// The singular, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Side::Input => "input",
            Side::Output => "output",
        }
    }
}

/// The names of one list (inputs or outputs), in declaration order.
#[derive(Debug)]
pub(super) struct Names {
    side: Side,
    /// `(name in the file, IR name)` by declaration index.
    entries: Vec<(String, String)>,
    /// Declaration index by name in the file.
    by_original: BTreeMap<String, usize>,
}

impl Names {
    /// Check and index the names of one list.
    pub fn new<'a>(
        side: Side,
        names: impl IntoIterator<Item = &'a Spanned<String>>,
    ) -> Result<Names, ComponentYamlError> {
        let mut this = Names {
            side,
            entries: Vec::new(),
            by_original: BTreeMap::new(),
        };
        let mut by_ir: BTreeMap<String, usize> = BTreeMap::new();
        for (index, name) in names.into_iter().enumerate() {
            let ir = this.ir_name(index, name)?;
            this.check_unique(index, name, &ir, &by_ir)?;
            by_ir.insert(ir.clone(), index);
            this.by_original.insert(name.value.clone(), index);
            this.entries.push((name.value.clone(), ir));
        }
        Ok(this)
    }

    fn field(&self, index: usize) -> String {
        format!("{}[{index}].name", self.side.list())
    }

    fn ir_name(&self, index: usize, name: &Spanned<String>) -> Result<String, ComponentYamlError> {
        let ir = io_name(&name.value);
        if is_identifier(&ir) {
            return Ok(ir);
        }
        Err(ComponentYamlError::new(
            ErrorKind::BadName,
            format!(
                "{} name {:?} becomes {ir:?}, which is not a pipec name \
                 (a letter or `_`, then letters, digits or `_`)",
                self.side.noun(),
                name.value
            ),
        )
        .field(self.field(index))
        .at(Position::of(name)))
    }

    fn check_unique(
        &self,
        index: usize,
        name: &Spanned<String>,
        ir: &str,
        by_ir: &BTreeMap<String, usize>,
    ) -> Result<(), ComponentYamlError> {
        let message = if let Some(&first) = self.by_original.get(&name.value) {
            format!(
                "duplicate {} name {:?} (already declared as {})",
                self.side.noun(),
                name.value,
                self.field(first)
            )
        } else if let Some(&first) = by_ir.get(ir) {
            format!(
                "{} names {:?} and {:?} ({}) both become `{ir}`; rename one",
                self.side.noun(),
                name.value,
                self.entries[first].0,
                self.field(first)
            )
        } else {
            return Ok(());
        };
        Err(ComponentYamlError::new(ErrorKind::Duplicate, message)
            .field(self.field(index))
            .at(Position::of(name)))
    }

    /// The declaration index of the entry the file calls `original`.
    pub fn index(&self, original: &str) -> Option<usize> {
        self.by_original.get(original).copied()
    }

    /// The IR name of the entry at `index`.
    pub fn ir(&self, index: usize) -> &str {
        &self.entries[index].1
    }

    /// The names as the file writes them, for "declared are: …" hints.
    pub fn listing(&self) -> String {
        if self.entries.is_empty() {
            return format!("the component declares no {}", self.side.list());
        }
        let names: Vec<String> = self.entries.iter().map(|(o, _)| format!("{o:?}")).collect();
        format!("declared {} are {}", self.side.list(), names.join(", "))
    }
}
