//! The carrier names of the values that travel between scopes, each made once.
//!
//! A value crossing scopes is recorded once per scope it passes, and read again when each
//! template is written; the carrier name (`<task>-<output>`, `<loop>-item`, …) is built the first
//! time and then named by a small integer id.

use std::rc::Rc;

use foldhash::HashMap;

use super::nodes::Nodes;
use super::value::Value;

/// The id of a carrier name.
pub(super) type CarrierId = u32;

/// Carrier names, by value and by text.
#[derive(Debug, Default)]
pub(super) struct Carriers<'a> {
    /// Each value seen so far and its carrier's id.
    by_value: HashMap<Value<'a>, CarrierId>,
    /// Each carrier name and its id: two values with the same carrier name share the carrier,
    /// as they share one input or output of a template.
    by_name: HashMap<Rc<str>, CarrierId>,
    /// The names, by id.
    names: Vec<Rc<str>>,
    /// Where a new name is written before its shared copy is made.
    scratch: String,
}

impl<'a> Carriers<'a> {
    /// The carrier of a value, made on first use; an output's name starts with its producer's
    /// label, read from `nodes` rather than made again.
    pub(super) fn intern(&mut self, value: Value<'a>, nodes: &Nodes<'a>) -> CarrierId {
        // Looked up before the name is made: a value is interned once per scope it crosses.
        if let Some(&known) = self.by_value.get(&value) {
            return known;
        }
        let label = match value {
            Value::Output { node, .. } => nodes.label_str(node).filter(|l| !l.is_empty()),
            _ => None,
        };
        self.scratch.clear();
        value.write_carrier_labelled(label, &mut self.scratch);
        let name: Rc<str> = self.scratch.as_str().into();
        // A new value's name is almost always new too: hashed once, to find or to add it.
        let next = self.names.len() as CarrierId;
        let id = *self.by_name.entry(Rc::clone(&name)).or_insert(next);
        if id == next {
            self.names.push(name);
        }
        self.by_value.insert(value, id);
        id
    }

    /// The carrier of a value, if one was made for it or for another value of the same name.
    pub(super) fn find(&self, value: &Value<'a>) -> Option<CarrierId> {
        match self.by_value.get(value) {
            Some(&id) => Some(id),
            None => self.by_name.get(value.carrier().as_str()).copied(),
        }
    }

    /// The name of a carrier.
    pub(super) fn name(&self, id: CarrierId) -> &str {
        &self.names[id as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_with_one_carrier_name_share_it() {
        let mut c = Carriers::default();
        let nodes = Nodes::default();
        let item = Value::Item {
            loop_name: "l",
            field: Some("x"),
        };
        let output = Value::Output {
            task: "l-item",
            node: 0,
            output: "x",
            artifact: false,
        };
        let a = c.intern(item, &nodes);
        assert_eq!(c.intern(output, &nodes), a);
        assert_eq!(c.name(a), "l-item-x");
        assert_eq!(c.find(&Value::Param("p")), None);
        assert_ne!(c.intern(Value::Param("p"), &nodes), a);
    }
}
