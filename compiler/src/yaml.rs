//! The one YAML writer: every backend's model goes through here.
//!
//! serde-saphyr quotes strings that a YAML 1.1 reader (such as Kubernetes' Go parser) would take
//! for booleans, numbers or null (`yes`, `on`, `0755`, `1e3`, `~`). Multi-line strings (scripts)
//! are written as literal blocks; long single-line strings stay on one line, because a folded
//! block would make expressions such as Argo `when` and memoize keys hard to read and to grep.

use serde::Serialize;
use serde_saphyr::SerializerOptions;

/// Write one or more YAML documents, separated by `---`.
pub fn to_yaml<T: Serialize>(documents: &[T]) -> Result<String, serde_saphyr::ser::Error> {
    let mut out = String::new();
    for (i, doc) in documents.iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        serde_saphyr::to_fmt_writer_with_options(&mut out, doc, options())?;
    }
    Ok(out)
}

fn options() -> SerializerOptions {
    let mut options = SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX;
    options
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
