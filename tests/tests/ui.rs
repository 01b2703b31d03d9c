//! Misuse of the macros and of typed wiring fails `cargo build` at the offending token, with the
//! message committed beside each case in `tests/ui/*.stderr`.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
