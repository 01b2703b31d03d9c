//! The one YAML writer: every backend's model goes through here.
//!
//! serde-saphyr quotes strings that a YAML 1.1 reader (such as Kubernetes' Go parser) would take
//! for booleans, numbers or null (`yes`, `on`, `0755`, `1e3`, `~`).

use serde::Serialize;

/// Write one or more YAML documents, separated by `---`.
pub fn to_yaml<T: Serialize>(documents: &[T]) -> Result<String, serde_saphyr::ser::Error> {
    let mut out = String::new();
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&serde_saphyr::to_string(doc)?);
    }
    Ok(out)
}
