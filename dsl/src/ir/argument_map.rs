//! A task's arguments: input name to argument, kept sorted by name.
//!
//! A `BTreeMap` allocates a node with room for eleven entries (about 1 KB here) even for the one
//! or two arguments most tasks have: at 10,000 tasks those nodes were about 40 % of the IR, and
//! every pass reading arguments (validation, both backends) went to memory for them. A sorted
//! vector keeps the same entries in the same order in one small allocation, and reads, writes and
//! describes itself (serde, JSON Schema) exactly as the map did.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Index;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Argument;

/// Input name → argument, iterated in name order (like a `BTreeMap<String, Argument>`).
///
/// ```
/// use pipec_dsl::ir::{Argument, ArgumentMap};
/// let mut args = ArgumentMap::new();
/// args.insert("y".into(), Argument::Parameter("b".into()));
/// args.insert("x".into(), Argument::Parameter("a".into()));
/// assert_eq!(args.keys().collect::<Vec<_>>(), ["x", "y"]);
/// assert_eq!(args["y"], Argument::Parameter("b".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArgumentMap {
    /// Sorted by name, each name once.
    entries: Vec<(String, Argument)>,
}

/// The entries of an [`ArgumentMap`] as `(name, argument)` pairs, in name order.
pub type Iter<'a> = std::iter::Map<
    std::slice::Iter<'a, (String, Argument)>,
    fn(&'a (String, Argument)) -> Pair<'a>,
>;

/// One entry of an [`ArgumentMap`], borrowed.
pub type Pair<'a> = (&'a String, &'a Argument);

impl ArgumentMap {
    /// No arguments.
    pub fn new() -> Self {
        ArgumentMap::default()
    }

    /// How many arguments there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn find(&self, name: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(name))
    }

    /// The argument for input `name`.
    pub fn get(&self, name: &str) -> Option<&Argument> {
        self.find(name).ok().map(|i| &self.entries[i].1)
    }

    /// Whether input `name` has an argument.
    pub fn contains_key(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Set the argument for input `name`; returns the one it replaces.
    pub fn insert(&mut self, name: String, argument: Argument) -> Option<Argument> {
        match self.find(&name) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, argument)),
            Err(i) => {
                self.entries.insert(i, (name, argument));
                None
            }
        }
    }

    /// Remove the argument for input `name`, returning it.
    pub fn remove(&mut self, name: &str) -> Option<Argument> {
        self.find(name).ok().map(|i| self.entries.remove(i).1)
    }

    /// Remove every argument.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// `(name, argument)` pairs in name order.
    pub fn iter(&self) -> Iter<'_> {
        self.entries.iter().map(pair)
    }

    /// The input names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The arguments, in the order of their names.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &Argument> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }
}

fn pair(entry: &(String, Argument)) -> Pair<'_> {
    (&entry.0, &entry.1)
}

impl<'a> IntoIterator for &'a ArgumentMap {
    type Item = Pair<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl FromIterator<(String, Argument)> for ArgumentMap {
    /// Like a map built from pairs: a name given twice keeps its last argument.
    fn from_iter<I: IntoIterator<Item = (String, Argument)>>(iter: I) -> Self {
        let mut map = ArgumentMap::new();
        map.extend(iter);
        map
    }
}

impl Extend<(String, Argument)> for ArgumentMap {
    fn extend<I: IntoIterator<Item = (String, Argument)>>(&mut self, iter: I) {
        for (name, argument) in iter {
            self.insert(name, argument);
        }
    }
}

impl<const N: usize> From<[(String, Argument); N]> for ArgumentMap {
    fn from(pairs: [(String, Argument); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl Index<&str> for ArgumentMap {
    type Output = Argument;

    /// The argument for an input; panics when there is none, like a map's index.
    fn index(&self, name: &str) -> &Argument {
        match self.get(name) {
            Some(argument) => argument,
            None => panic!("no argument for input `{name}`"),
        }
    }
}

impl Serialize for ArgumentMap {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, argument) in &self.entries {
            map.serialize_entry(name, argument)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for ArgumentMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MapVisitor)
    }
}

struct MapVisitor;

impl<'de> Visitor<'de> for MapVisitor {
    type Value = ArgumentMap;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map of input names to arguments")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<ArgumentMap, A::Error> {
        let mut map = ArgumentMap::new();
        while let Some((name, argument)) = access.next_entry::<String, Argument>()? {
            map.insert(name, argument);
        }
        // A map does not say how many entries it has; most tasks have one or two arguments.
        map.entries.shrink_to_fit();
        Ok(map)
    }
}

/// Described as the map it stands for, so `pipec schema` is unchanged.
impl JsonSchema for ArgumentMap {
    fn inline_schema() -> bool {
        <BTreeMap<String, Argument>>::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        <BTreeMap<String, Argument>>::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        <BTreeMap<String, Argument>>::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        <BTreeMap<String, Argument>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str) -> Argument {
        Argument::Parameter(name.into())
    }

    #[test]
    fn a_map_read_from_json_keeps_no_spare_room() {
        let args: ArgumentMap = serde_json::from_str(r#"{"x": {"parameter": "p"}}"#).unwrap();
        assert_eq!(args.entries.capacity(), 1);
    }

    #[test]
    fn entries_stay_sorted_and_unique() {
        let mut args: ArgumentMap = [("b".to_string(), param("1")), ("a".to_string(), param("2"))]
            .into_iter()
            .collect();
        assert_eq!(args.insert("b".into(), param("3")), Some(param("1")));
        assert_eq!(args.insert("c".into(), param("4")), None);
        let pairs: Vec<_> = args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        assert_eq!(
            pairs,
            [("a", param("2")), ("b", param("3")), ("c", param("4"))]
        );
        assert_eq!(args.remove("a"), Some(param("2")));
        assert!(!args.contains_key("a") && args.contains_key("c"));
        assert_eq!(args.get("zz"), None);
    }

    #[test]
    fn it_reads_and_writes_like_the_map_it_replaces() {
        let json = r#"{"y":{"parameter":"b"},"x":{"parameter":"a"},"y":{"parameter":"c"}}"#;
        let args: ArgumentMap = serde_json::from_str(json).unwrap();
        let map: BTreeMap<String, Argument> = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&args).unwrap(),
            serde_json::to_string(&map).unwrap()
        );
        let schema = |s: Schema| serde_json::to_string(&s).unwrap();
        let mut g = SchemaGenerator::default();
        let mine = schema(ArgumentMap::json_schema(&mut g));
        let mut g = SchemaGenerator::default();
        assert_eq!(
            mine,
            schema(<BTreeMap<String, Argument>>::json_schema(&mut g))
        );
    }
}
