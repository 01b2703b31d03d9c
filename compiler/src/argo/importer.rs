//! Importers: an existing object as an input artifact of the tasks that consume it.
//!
//! Argo users do not run a step to "import" an object; they give the consumer's artifact argument
//! a source (`s3:`, `gcs:`, `http:`). pipec does the same, so an importer has no template and no
//! DAG task. A URI known when compiling is split into bucket and key here. A URI known only at run
//! time (a parameter or task output) must be `s3://bucket/key` (or `minio://…`): Argo's expression
//! templates split it when the task starts. S3 sources use the endpoint and credentials of the
//! pipeline's S3 artifact repository. Without one, the source is a *key-only* artifact, which
//! Argo reads from the repository configured in the cluster (its bucket, endpoint and
//! credentials): the URI's bucket must then be that repository's bucket.

use pipec_dsl::ir::Settings;

use super::model::{Artifact, GcsArtifact, HttpArtifact, S3Artifact};
use super::repository;
use super::value::Ref;
use crate::CompileError;

/// The URI of an imported object.
#[derive(Debug, Clone)]
pub(super) enum Uri<'r> {
    /// Known when compiling.
    Constant(String),
    /// Read at run time from this reference.
    Runtime(Ref<'r>),
}

/// The argument that hands the object at `uri` to input `name`.
pub(super) fn artifact(
    name: &str,
    uri: &Uri<'_>,
    settings: &Settings,
    at: &str,
) -> Result<Artifact, CompileError> {
    let base = Artifact {
        name: name.to_string(),
        ..Artifact::default()
    };
    match uri {
        Uri::Constant(text) => constant(base, text, settings, at),
        Uri::Runtime(r) => {
            let e = r.expression();
            let bucket = format!(
                "{{{{=sprig.regexReplaceAll('^[a-z0-9]+://([^/]+)/.*$', {e}, '${{1}}')}}}}"
            );
            let key = format!("{{{{=sprig.regexReplaceAll('^[a-z0-9]+://[^/]+/', {e}, '')}}}}");
            Ok(Artifact {
                s3: Some(s3_source(settings, bucket, key)),
                ..base
            })
        }
    }
}

fn constant(
    base: Artifact,
    uri: &str,
    settings: &Settings,
    at: &str,
) -> Result<Artifact, CompileError> {
    let Some((scheme, rest)) = uri.split_once("://") else {
        return Err(CompileError::unsupported(
            at,
            format!("`{uri}` is not a URI (expected s3://, minio://, gs://, http:// or https://)"),
        ));
    };
    let split = || {
        rest.split_once('/')
            .filter(|(b, k)| !b.is_empty() && !k.is_empty())
            .map(|(b, k)| (b.to_string(), k.to_string()))
            .ok_or_else(|| {
                CompileError::unsupported(at, format!("`{uri}` needs a bucket and a key"))
            })
    };
    match scheme {
        "s3" | "minio" => {
            let (bucket, key) = split()?;
            Ok(Artifact {
                s3: Some(s3_source(settings, bucket, key)),
                ..base
            })
        }
        "gs" => {
            let (bucket, key) = split()?;
            Ok(Artifact {
                gcs: Some(GcsArtifact { bucket, key }),
                ..base
            })
        }
        "http" | "https" => Ok(Artifact {
            http: Some(HttpArtifact {
                url: uri.to_string(),
            }),
            ..base
        }),
        other => Err(CompileError::unsupported(
            at,
            format!("Argo cannot import from `{other}://` URIs (use s3, minio, gs, http or https)"),
        )),
    }
}

fn s3_source(settings: &Settings, bucket: String, key: String) -> S3Artifact {
    match repository::s3(settings) {
        Some(repo) => S3Artifact {
            bucket: Some(bucket),
            key: Some(key),
            ..repository::connection(repo)
        },
        None => S3Artifact {
            key: Some(key),
            ..S3Artifact::default()
        },
    }
}
