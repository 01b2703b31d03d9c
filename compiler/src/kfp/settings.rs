//! Pipeline-wide settings on KFP.
//!
//! Written: `pipeline_root` as `defaultPipelineRoot`, else an S3 repository's bucket and prefix
//! (`s3://bucket/prefix`); KFP reads the endpoint and credentials for it from the cluster
//! (the kfp-launcher config map), so those are not written. Refused, because dropping them would
//! change what runs: a schedule, a run-wide parallelism cap and a run-wide timeout. Ignored,
//! because on KFP the API server or the run (not the pipeline spec) owns them: namespace, service
//! account, workflow labels and annotations, TTL, pod garbage collection and a reference to the
//! cluster's configured artifact repository (KFP's default anyway).

use pipec_dsl::ir::{ArtifactRepository, Settings};

/// `defaultPipelineRoot`: the pipeline root, else the S3 repository's bucket and key prefix.
pub fn pipeline_root(settings: &Settings) -> Option<String> {
    if let Some(root) = &settings.pipeline_root {
        return Some(root.clone());
    }
    match &settings.artifact_repository {
        Some(ArtifactRepository::S3(s3)) => {
            let prefix = s3.key_prefix.as_deref().unwrap_or("").trim_matches('/');
            Some(if prefix.is_empty() {
                format!("s3://{}", s3.bucket)
            } else {
                format!("s3://{}/{prefix}", s3.bucket)
            })
        }
        _ => None,
    }
}

/// Every setting KFP cannot express, each with what to do instead.
pub fn refused(settings: &Settings) -> Vec<String> {
    let mut out = Vec::new();
    if settings.schedule.is_some() {
        out.push(
            "a schedule is not part of a KFP pipeline; create a recurring run for it instead"
                .to_string(),
        );
    }
    if settings.parallelism.is_some() {
        out.push(
            "KFP has no run-wide parallelism limit; limit loops with their `parallelism`"
                .to_string(),
        );
    }
    if settings.timeout_seconds.is_some() {
        out.push("KFP has no run-wide timeout; set a timeout on each task instead".to_string());
    }
    out
}
