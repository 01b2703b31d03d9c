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

/// Where the credentials of an S3 artifact repository are: two keys of a Kubernetes secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Credentials {
    secret: String,
    access_key: String,
    secret_key: String,
}

impl S3Credentials {
    /// The keys `accessKey` and `secretKey` (Argo's convention) of the secret `secret`.
    pub fn secret(secret: &str) -> Self {
        Self::keys(secret, "accessKey", "secretKey")
    }

    /// Kubeflow's own MinIO credentials: keys `accesskey` / `secretkey` of
    /// `mlpipeline-minio-artifact`.
    pub fn kubeflow() -> Self {
        Self::keys("mlpipeline-minio-artifact", "accesskey", "secretkey")
    }

    /// Any two keys of the secret `secret`.
    pub fn keys(secret: &str, access_key: &str, secret_key: &str) -> Self {
        S3Credentials {
            secret: secret.to_string(),
            access_key: access_key.to_string(),
            secret_key: secret_key.to_string(),
        }
    }
}

/// Store artifacts in an S3-compatible bucket (AWS S3, MinIO, Pachyderm's S3 gateway) at
/// `endpoint` (`host:port`); `insecure` uses plain HTTP.
///
/// ```ignore
/// s3_artifacts("subjects-data", "minio.default:9000", true, S3Credentials::secret("s3-secret"));
/// ```
pub fn s3_artifacts(bucket: &str, endpoint: &str, insecure: bool, credentials: S3Credentials) {
    let key = |k: &str| ir::SecretKeyRef {
        name: credentials.secret.clone(),
        key: k.to_string(),
    };
    let repo = ir::S3Repository {
        bucket: bucket.to_string(),
        endpoint: endpoint.to_string(),
        insecure,
        region: None,
        key_prefix: None,
        access_key: key(&credentials.access_key),
        secret_key: key(&credentials.secret_key),
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
