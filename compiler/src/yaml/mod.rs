//! The one YAML writer: every backend's model goes through here.
//!
//! pipec has its own writer, a serde `Serializer` that writes block-style YAML straight into a
//! `String`, because writing YAML was a third of a compile. The general-purpose serde-saphyr
//! emitter pipec used before allocated a `String` per key and scanned every scalar several
//! times; this writer keeps no state beyond the cursor's place, decides a string's quoting in one
//! pass over its bytes (a fast path for identifier-like strings, the check for a struct's field
//! names cached by address) and allocates nothing per key or scalar. Measured per call with
//! callgrind on the lowered benchmark models: KFP chain-1000 (369 KB) 36.3 M instructions with
//! serde-saphyr, 4.3 M with this writer; 6.5x to 8.6x fewer across the chain and conditions
//! shapes at 1,000 and 10,000 tasks on both targets. Its output is byte for byte what
//! serde-saphyr wrote (2-space indentation, sequences under a key at the key's column, `{}`/`[]`
//! for empty collections; `tests/yaml_writer.rs` compares the two), so the format did not
//! change. serde-saphyr remains pipec's YAML *reader*.
//!
//! Quoting is for Kubernetes' YAML 1.1 readers as much as for YAML 1.2 ones: a string is plain
//! only if every reader gives back that same string, so `yes`, `on`, `0755`, `1:20`, `1e3`,
//! `2024-06-01`, `~`, strings with `: ` or ` #`, edge spaces or a leading indicator are
//! double-quoted (`schemaVersion: "0.0.1"`). Multi-line strings (scripts) are literal blocks
//! (`|`, `|-`, `|+` as their trailing newlines require); long single-line strings stay on one
//! line, because a folded block would make expressions such as Argo `when` and memoize keys
//! hard to read and to grep. The rules are in `yaml/scalar.rs` and `yaml/resolver.rs`.

mod error;
mod key;
mod number;
mod resolver;
mod scalar;
mod serializer;

pub use error::Error;

use serde::Serialize;

use serializer::Emitter;

/// Write one or more YAML documents, separated by `---`.
///
/// ```
/// let doc = serde_json::json!({"flag": "yes", "count": 1, "mode": "0755"});
/// let yaml = pipec_compiler::yaml::to_yaml(&[doc]).unwrap();
/// assert_eq!(yaml, "flag: \"yes\"\ncount: 1\nmode: \"0755\"\n");
/// ```
pub fn to_yaml<T: Serialize>(documents: &[T]) -> Result<String, Error> {
    to_yaml_with_capacity(documents, 256 * 1024)
}

/// [`to_yaml`] into a buffer that starts with room for `capacity` bytes.
///
/// A buffer that has to grow is copied each time it doubles; at 100,000 tasks (60 MB of KFP
/// IR) the copies and the fresh pages they touch made writing 3x slower. Reserving more than
/// will be written costs address space only: the pages of a large allocation that are never
/// written are never touched.
pub fn to_yaml_with_capacity<T: Serialize>(
    documents: &[T],
    capacity: usize,
) -> Result<String, Error> {
    let mut out = String::with_capacity(capacity);
    to_yaml_into(&mut out, documents)?;
    Ok(out)
}

/// [`to_yaml`] for a pipeline of `tasks` tasks, into a buffer sized for it up front (see
/// [`to_yaml_with_capacity`]): what every target's compile writes with.
///
/// ```
/// let yaml = pipec_compiler::yaml::to_yaml_for_tasks(&[serde_json::json!({"a": 1})], 1000);
/// assert_eq!(yaml.unwrap(), "a: 1\n");
/// ```
pub fn to_yaml_for_tasks<T: Serialize>(documents: &[T], tasks: usize) -> Result<String, Error> {
    to_yaml_with_capacity(documents, capacity_for_tasks(tasks))
}

/// A buffer size for writing a pipeline of `tasks` tasks: 1 KiB per task, more than either
/// backend writes for a task of the benchmark shapes (at most about 620 bytes, KFP with
/// conditions), plus the 256 KiB [`to_yaml`] starts with.
fn capacity_for_tasks(tasks: usize) -> usize {
    256 * 1024 + tasks.saturating_mul(1024)
}

/// Append one or more YAML documents, separated by `---`, to `out`.
///
/// On error `out` holds the documents written so far and part of the failing one.
pub fn to_yaml_into<T: Serialize>(out: &mut String, documents: &[T]) -> Result<(), Error> {
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        doc.serialize(&mut Emitter::new(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::to_yaml;

    #[test]
    fn long_lines_stay_whole_and_scripts_are_literal_blocks() {
        let long = "x ".repeat(100);
        let doc = serde_json::json!({"long": long.trim_end(), "script": "a\nb\n", "flag": "yes"});
        let yaml = to_yaml(&[doc]).unwrap();
        assert!(
            yaml.contains(&format!("long: {}\n", long.trim_end())),
            "{yaml}"
        );
        assert!(yaml.contains("script: |\n  a\n  b\n"), "{yaml}");
        assert!(yaml.contains("flag: \"yes\""), "{yaml}");
    }

    #[test]
    fn documents_are_separated() {
        let yaml = to_yaml(&[serde_json::json!({"a": 1}), serde_json::json!({"b": 2})]).unwrap();
        assert_eq!(yaml, "a: 1\n---\nb: 2\n");
    }
}
