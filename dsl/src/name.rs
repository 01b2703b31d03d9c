//! Names: how pipeline, task and group names become Kubernetes-safe.

use std::borrow::Cow;

/// The longest DNS-1123 label.
pub const MAX_LABEL_LEN: usize = 63;

/// Turn a user's name into a DNS-1123 label candidate: lowercase, every run of characters other
/// than `a-z0-9` becomes one `-`, and leading/trailing `-` are dropped (KFP's rule).
///
/// ```
/// use pipec_dsl::name::sanitize;
/// assert_eq!(sanitize("Train_Model (GPU)"), "train-model-gpu");
/// ```
pub fn sanitize(name: &str) -> String {
    sanitized(name).into_owned()
}

/// [`sanitize`], borrowing `name` when sanitizing would not change it, as with nearly every
/// name in a large generated pipeline (`step-41`); backends name every task this way.
///
/// ```
/// use std::borrow::Cow;
/// use pipec_dsl::name::sanitized;
/// assert!(matches!(sanitized("step-41"), Cow::Borrowed("step-41")));
/// assert_eq!(sanitized("Step 41"), "step-41");
/// ```
pub fn sanitized(name: &str) -> Cow<'_, str> {
    if is_sanitized(name) {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(rebuild(name))
    }
}

/// The sanitized name, built character by character.
fn rebuild(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Whether [`sanitized`] leaves `name` as it is: `a-z0-9` words joined by single dashes.
fn is_sanitized(name: &str) -> bool {
    let bytes = name.as_bytes();
    let word = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.first().is_none_or(word)
        && bytes.last().is_none_or(word)
        && bytes
            .windows(2)
            .all(|w| word(&w[1]) || (w[1] == b'-' && word(&w[0])))
}

/// Whether `s` is a DNS-1123 label: 1 to 63 of `a-z0-9-`, starting and ending alphanumeric.
///
/// ```
/// use pipec_dsl::name::is_dns1123_label;
/// assert!(is_dns1123_label("for-loop-2"));
/// assert!(!is_dns1123_label("-x") && !is_dns1123_label("A") && !is_dns1123_label(""));
/// ```
pub fn is_dns1123_label(s: &str) -> bool {
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    !s.is_empty()
        && s.len() <= MAX_LABEL_LEN
        && s.chars().all(ok_char)
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// Whether `s` is a name for a parameter, input or output: `[A-Za-z_][A-Za-z0-9_]*`. Such names
/// are valid in Python (KFP), Argo expressions and Rust alike.
///
/// ```
/// use pipec_dsl::name::is_identifier;
/// assert!(is_identifier("top_k") && is_identifier("_x1"));
/// assert!(!is_identifier("top-k") && !is_identifier("1x") && !is_identifier(""));
/// ```
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `s` is a DNS-1123 subdomain (the shape of most Kubernetes object names, such as
/// secrets and volume claims): at most 253 characters, dot-separated parts of `a-z0-9-` that start
/// and end alphanumeric.
///
/// ```
/// use pipec_dsl::name::is_dns1123_subdomain;
/// assert!(is_dns1123_subdomain("minio-creds") && is_dns1123_subdomain("nvidia.com"));
/// assert!(!is_dns1123_subdomain("Minio") && !is_dns1123_subdomain("a..b"));
/// ```
pub fn is_dns1123_subdomain(s: &str) -> bool {
    let part_ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !p.starts_with('-')
            && !p.ends_with('-')
    };
    s.len() <= 253 && s.split('.').all(part_ok)
}

/// Whether `s` is an environment variable name Kubernetes accepts: letters, digits, `_`, `-` and
/// `.`, not starting with a digit.
///
/// ```
/// use pipec_dsl::name::is_env_var_name;
/// assert!(is_env_var_name("AWS_ACCESS_KEY_ID"));
/// assert!(!is_env_var_name("1PASSWORD") && !is_env_var_name("MY VAR") && !is_env_var_name(""));
/// ```
pub fn is_env_var_name(s: &str) -> bool {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    s.chars().next().is_some_and(|c| !c.is_ascii_digit()) && s.chars().all(ok)
}

/// Whether `s` is a Kubernetes extended resource name such as `nvidia.com/gpu`: a domain with at
/// least one dot, a `/`, and a name of at most 63 letters, digits, `-`, `_` or `.` that starts and
/// ends alphanumeric.
///
/// ```
/// use pipec_dsl::name::is_extended_resource_name;
/// assert!(is_extended_resource_name("nvidia.com/gpu") && is_extended_resource_name("amd.com/gpu"));
/// assert!(!is_extended_resource_name("gpu") && !is_extended_resource_name("nvidia/gpu"));
/// ```
pub fn is_extended_resource_name(s: &str) -> bool {
    let Some((domain, name)) = s.split_once('/') else {
        return false;
    };
    let name_ok = !name.is_empty()
        && name.len() <= MAX_LABEL_LEN
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    domain.contains('.') && is_dns1123_subdomain(domain) && name_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn sanitize_examples() {
        assert_eq!(sanitize("train_model"), "train-model");
        assert_eq!(sanitize("train-model"), "train-model");
        assert_eq!(sanitize("__"), "");
        assert_eq!(sanitize("Ünïcode"), "n-code");
        assert_eq!(sanitize("a--b"), "a-b");
    }

    proptest! {
        /// Borrowing a name as it is happens exactly when rebuilding it would not change it.
        #[test]
        fn sanitized_borrows_only_unchanged_names(
            name in prop_oneof!["[a-z0-9_-]{0,12}", "\\PC{0,20}"],
        ) {
            prop_assert_eq!(sanitized(&name), rebuild(&name));
        }

        /// Sanitising twice changes nothing.
        #[test]
        fn sanitize_is_idempotent(name in "\\PC{0,40}") {
            let once = sanitize(&name);
            prop_assert_eq!(sanitize(&once), once.clone());
        }

        /// The result is empty, or a label when it is short enough (sanitising never truncates,
        /// so validation can report a name that is too long).
        #[test]
        fn sanitize_gives_a_label_or_empty(name in "\\PC{0,100}") {
            let out = sanitize(&name);
            prop_assert!(!out.contains("--"), "{:?} -> {:?}", name, out);
            if out.len() <= MAX_LABEL_LEN {
                prop_assert!(out.is_empty() || is_dns1123_label(&out), "{:?} -> {:?}", name, out);
            } else {
                prop_assert!(is_dns1123_subdomain(&out), "{:?} -> {:?}", name, out);
            }
            let has_alnum = name.chars().flat_map(char::to_lowercase)
                .any(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            prop_assert_eq!(out.is_empty(), !has_alnum);
        }

        /// A name up to 63 ASCII letters, digits and separators always sanitises to a valid label
        /// unless it has no letter or digit.
        #[test]
        fn short_names_sanitise_to_labels(name in "[A-Za-z0-9_ .-]{1,63}") {
            let out = sanitize(&name);
            prop_assert!(out.is_empty() || is_dns1123_label(&out), "{:?} -> {:?}", name, out);
        }

        /// Identifiers never contain characters a label forbids except `_` and capitals.
        #[test]
        fn identifiers_sanitise_without_loss(name in "[a-z][a-z0-9]{0,20}") {
            prop_assert!(is_identifier(&name));
            prop_assert_eq!(sanitize(&name), name);
        }
    }
}
