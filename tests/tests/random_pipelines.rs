//! Property test: random pipelines built through the DSL (see `pipec_tests::random`) always
//! validate — the validator has no false positives on correct wiring — and every backend either
//! compiles them or says why, deterministically and without panicking. The conformance test runs
//! the engines' checkers over a fixed sample of them.

use pipec_compiler::argo::{ArgoOptions, ArgoVersion};
use pipec_compiler::{Options, Target, compile};
use pipec_dsl::validate;
use pipec_tests::random::{build, program};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_pipelines_validate_and_compile(program in program()) {
        let pipeline = build(&program);
        let checked = validate(pipeline.clone()).map_err(|e| TestCaseError::fail(format!("{e}\n{pipeline:#?}")))?;
        let v3 = Options {
            argo: ArgoOptions { version: ArgoVersion::V3, ..ArgoOptions::default() },
            ..Options::default()
        };
        for (target, options) in [
            (Target::Argo, Options::default()),
            (Target::Argo, v3),
            (Target::Kfp, Options::default()),
        ] {
            let first = compile(&checked, target, &options);
            prop_assert_eq!(&first, &compile(&checked, target, &options));
            if target == Target::Argo {
                prop_assert!(first.is_ok(), "{:?}: {}", target, first.unwrap_err());
            }
        }
    }
}
