//! RMI: per-subject MRI processing — list a cohort's subjects, preprocess each scan, segment it on
//! a GPU, extract features, and report on the cohort.

use pipec_dsl::prelude::*;

/// The default image of the RMI steps.
pub const RMI_IMAGE: &str = "ghcr.io/rmi/pipeline:1.3";
/// The default image of [`segment`] (CUDA).
pub const SEGMENT_IMAGE: &str = "ghcr.io/rmi/segment-gpu:1.3";

/// List the subject ids of a cohort as a JSON list.
#[component(image = RMI_IMAGE)]
pub fn list_subjects(cohort: Param<String>, subjects: OutputParam<Vec<String>>) -> Container {
    Container::new(["rmi", "list-subjects"]).args([
        "--cohort",
        cohort.arg(),
        "--out",
        subjects.path(),
    ])
}

/// Fetch a subject's raw scan and bias-correct, skull-strip and register it.
#[component(image = RMI_IMAGE)]
pub fn preprocess(
    cohort: Param<String>,
    subject: Param<String>,
    scan: Output<Dataset>,
) -> Container {
    Container::new(["rmi", "preprocess"]).args([
        "--cohort",
        cohort.arg(),
        "--subject",
        subject.arg(),
        "--out",
        scan.path(),
    ])
}

/// Segment a preprocessed scan into tissue classes (GPU). `cohort` and `subject` label the
/// result (and key its memoization).
#[component(image = SEGMENT_IMAGE)]
pub fn segment(
    cohort: Param<String>,
    subject: Param<String>,
    scan: Input<Dataset>,
    mask: Output<Dataset>,
) -> Container {
    Container::new(["rmi", "segment"]).args([
        "--cohort",
        cohort.arg(),
        "--subject",
        subject.arg(),
        "--scan",
        scan.path(),
        "--out",
        mask.path(),
    ])
}

/// Extract volumetric features from a scan and its segmentation; `summary` is one JSON line.
#[component(image = RMI_IMAGE)]
pub fn features(
    cohort: Param<String>,
    subject: Param<String>,
    scan: Input<Dataset>,
    mask: Input<Dataset>,
    table: Output<Dataset>,
    summary: OutputParam<String>,
) -> Container {
    Container::new(["rmi", "features"]).args([
        "--cohort",
        cohort.arg(),
        "--subject",
        subject.arg(),
        "--scan",
        scan.path(),
        "--mask",
        mask.path(),
        "--out",
        table.path(),
        "--summary",
        summary.path(),
    ])
}

/// Build the cohort report from every subject's summary.
#[component(image = RMI_IMAGE)]
pub fn cohort_report(summaries: Param<Vec<String>>, report: Output<Html>) -> Container {
    Container::new(["rmi", "report"]).args(["--summaries", summaries.arg(), "--out", report.path()])
}
