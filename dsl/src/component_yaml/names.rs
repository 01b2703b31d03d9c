//! How names in a `component.yaml` become pipec names.

use crate::name::sanitize;

/// The IR key of a component whose file says `name: <name>`: pipec's DNS-label rule
/// ([`sanitize`]: lowercase, each run of other characters becomes one `-`, ends trimmed), then
/// `-` replaced by `_`, so it reads like the keys `#[component]` functions get.
///
/// The same `name` always gives the same key; it does not depend on the file's path.
///
/// ```
/// use pipec_dsl::component_yaml::component_key;
/// assert_eq!(component_key("Train model (XGBoost)"), "train_model_xgboost");
/// assert_eq!(component_key("download-data"), "download_data");
/// ```
pub fn component_key(name: &str) -> String {
    sanitize(name).replace('-', "_")
}

/// The IR name of an input or output that the file calls `name`: KFP's rule for v1 names
/// (lowercase, each run of characters other than `a-z`, `0-9`, `_` becomes one `_`, then leading
/// and trailing `_` dropped), so tasks pass the same argument names as in KFP.
///
/// ```
/// use pipec_dsl::component_yaml::io_name;
/// assert_eq!(io_name("Number of epochs"), "number_of_epochs");
/// assert_eq!(io_name("Output-Model path"), "output_model_path");
/// ```
pub fn io_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    out.trim_matches('_').to_string()
}
