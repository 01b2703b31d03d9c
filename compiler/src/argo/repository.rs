//! The artifact repository: where output artifacts are stored.
//!
//! A repository configured in the cluster is named once on the workflow (`artifactRepositoryRef`).
//! An S3/MinIO bucket from the pipeline's settings has no workflow-level field in Argo, so each
//! output artifact carries its location: the bucket, endpoint and secret references, and a key
//! `<prefix>/{{workflow.name}}/{{pod.name}}/<output>.tgz` that is unique per run and step (Argo's
//! default key format plus the output's name).

use k8s_openapi::api::core::v1 as core;
use pipec_dsl::ir::{ArtifactRepository, S3Repository, SecretKeyRef, Settings};

use super::model::{ArtifactRepositoryRef, S3Artifact};

/// The `artifactRepositoryRef` for the settings, if they name a configured repository.
pub(super) fn reference(settings: &Settings) -> Option<ArtifactRepositoryRef> {
    match &settings.artifact_repository {
        Some(ArtifactRepository::Ref { config_map, key }) => Some(ArtifactRepositoryRef {
            config_map: config_map.clone(),
            key: key.clone(),
        }),
        _ => None,
    }
}

/// The S3 bucket of the settings, if any.
pub(super) fn s3(settings: &Settings) -> Option<&S3Repository> {
    match &settings.artifact_repository {
        Some(ArtifactRepository::S3(s3)) => Some(s3),
        _ => None,
    }
}

/// The location of output `name` of a step, when the settings give an S3 bucket.
pub(super) fn output_location(settings: &Settings, name: &str) -> Option<S3Artifact> {
    let repo = s3(settings)?;
    let prefix = repo
        .key_prefix
        .as_deref()
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty());
    let tail = format!("{{{{workflow.name}}}}/{{{{pod.name}}}}/{name}.tgz");
    let key = match prefix {
        Some(p) => format!("{p}/{tail}"),
        None => tail,
    };
    Some(S3Artifact {
        bucket: Some(repo.bucket.clone()),
        key: Some(key),
        ..connection(repo)
    })
}

/// Endpoint, region, TLS and credentials of a bucket, without bucket or key.
pub(super) fn connection(repo: &S3Repository) -> S3Artifact {
    S3Artifact {
        endpoint: Some(repo.endpoint.clone()),
        region: repo.region.clone(),
        insecure: repo.insecure.then_some(true),
        access_key_secret: Some(secret(&repo.access_key)),
        secret_key_secret: Some(secret(&repo.secret_key)),
        ..S3Artifact::default()
    }
}

fn secret(r: &SecretKeyRef) -> core::SecretKeySelector {
    core::SecretKeySelector {
        name: r.name.clone(),
        key: r.key.clone(),
        optional: None,
    }
}
