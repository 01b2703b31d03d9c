//! Pipeline-wide settings from inside a pipeline body: artifact repository, service account,
//! schedule, and volumes the pipeline creates.

use crate::build::with_builder;
use crate::ir::{self, Settings};

/// Change the pipeline's settings.
///
/// ```ignore
/// configure(|s| {
///     s.service_account = Some("pipeline-runner".into());
///     s.ttl_seconds_after_finished = Some(3600);
/// });
/// ```
pub fn configure(f: impl FnOnce(&mut Settings)) {
    with_builder(|b| f(&mut b.pipeline.settings));
}

/// Store artifacts in an S3-compatible bucket (AWS S3, MinIO, Pachyderm's S3 gateway) whose
/// credentials are the keys `accessKey` and `secretKey` (Argo's convention) of the Kubernetes secret `secret`.
pub fn s3_artifacts(bucket: &str, endpoint: &str, insecure: bool, secret: &str) {
    let key = |k: &str| ir::SecretKeyRef {
        name: secret.to_string(),
        key: k.to_string(),
    };
    let repo = ir::S3Repository {
        bucket: bucket.to_string(),
        endpoint: endpoint.to_string(),
        insecure,
        region: None,
        key_prefix: None,
        access_key: key("accessKey"),
        secret_key: key("secretKey"),
    };
    configure(|s| s.artifact_repository = Some(ir::ArtifactRepository::S3(repo)));
}

/// A volume claim the pipeline creates for its run; mount it with
/// [`Task::mount_volume`](crate::Task::mount_volume).
#[derive(Debug, Clone)]
pub struct Volume {
    name: String,
}

impl Volume {
    /// The claim's name in the pipeline.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Create a `ReadWriteOnce` volume of `size` (`10Gi`) for the run.
pub fn volume(name: &str, size: &str) -> Volume {
    let claim = ir::VolumeClaim {
        name: name.to_string(),
        size: size.to_string(),
        access_modes: Vec::new(),
        storage_class: None,
    };
    configure(|s| s.volumes.push(claim));
    Volume {
        name: name.to_string(),
    }
}
