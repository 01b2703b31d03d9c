//! Names: how pipeline, task and group names become Kubernetes-safe.

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
