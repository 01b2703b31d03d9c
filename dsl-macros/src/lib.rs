//! `#[component]` and `#[pipeline]`, re-exported by `pipec-dsl`.
