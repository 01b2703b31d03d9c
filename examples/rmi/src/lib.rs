//! RMI (MRI studies) on Argo: list a cohort's subjects, process each one in parallel —
//! preprocess, GPU segmentation, features — and fan in to a cohort report. Artifacts live in
//! MinIO (bucket `subjects-data`); every step is memoized, so re-running a cohort only processes
//! new subjects. Steps that read artifacts are keyed by cohort and subject, since Argo cannot key
//! on an artifact's content.

use pipec_components::rmi::{cohort_report, features, list_subjects, preprocess, segment};
use pipec_dsl::prelude::*;

/// How long a memoized step result stays valid.
const REUSE_FOR: &str = "720h";
/// Memoization keys of the steps with artifact inputs: one result per cohort and subject.
const SEGMENT_KEY: &str = "segment-{{inputs.parameters.cohort}}-{{inputs.parameters.subject}}";
const FEATURES_KEY: &str = "features-{{inputs.parameters.cohort}}-{{inputs.parameters.subject}}";

/// Per-subject MRI processing over a cohort.
#[pipeline(
    name = "rmi",
    description = "Per-subject MRI processing over a cohort, fanned in to a report"
)]
pub fn rmi(#[default("cohort-2026")] cohort: Param<String>) {
    s3_artifacts(
        "subjects-data",
        "minio.default:9000",
        true,
        S3Credentials::secret("s3-secret"),
    );
    configure(|s| s.ttl_seconds_after_finished = Some(86_400));
    let listed = list_subjects(cohort).retry(3);
    let per_subject = for_each(listed.outputs.subjects, |subject| {
        let pre = preprocess(cohort, subject).cache_for(REUSE_FOR).retry(2);
        let seg = segment(cohort, subject, pre.outputs.scan)
            .gpu(1)
            .memory("16Gi")
            .cache_key(SEGMENT_KEY)
            .cache_for(REUSE_FOR)
            .retry(2);
        features(cohort, subject, pre.outputs.scan, seg.outputs.mask)
            .cache_key(FEATURES_KEY)
            .cache_for(REUSE_FOR)
            .outputs
            .summary
    })
    .parallelism(8);
    cohort_report(collect(per_subject.output));
}
