//! pipec-compiler: lower a validated pipeline IR to the YAML real engines run.

pub mod yaml;
