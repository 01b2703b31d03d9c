//! Reading a list at its exact length.
//!
//! A JSON list does not say how long it is, so a deserialized `Vec` grows by doubling from four
//! and keeps its spare room. Most lists in a pipeline are short (a condition's branches, the
//! body of a branch, a task's arguments), so the spare room was over a third of the IR's memory
//! for a 100,000-task pipeline with conditions (78 of 207 MiB, once its tasks were boxed).

use serde::{Deserialize, Deserializer};

/// Deserialize a list and give back its spare room.
pub(super) fn deserialize<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut list = Vec::<T>::deserialize(deserializer)?;
    list.shrink_to_fit();
    Ok(list)
}

#[cfg(test)]
mod tests {
    use crate::ir::{Dag, Node};

    #[test]
    fn lists_read_from_json_keep_no_spare_room() {
        let json = r#"{"nodes": [
            {"task": {"name": "a", "component": "c"}},
            {"condition": {"name": "if", "branches": [
                {"name": "then", "body": {"nodes": [{"task": {"name": "b", "component": "c"}}]}}
            ]}}
        ]}"#;
        let dag: Dag = serde_json::from_str(json).unwrap();
        assert_eq!(dag.nodes.capacity(), 2);
        let Node::Condition(condition) = &dag.nodes[1] else {
            panic!("{:?}", dag.nodes[1]);
        };
        assert_eq!(condition.branches.capacity(), 1);
        assert_eq!(condition.branches[0].body.nodes.capacity(), 1);
    }
}
