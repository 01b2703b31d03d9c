//! Reading data from an S3 gateway (MinIO, or Pachyderm's S3 gateway where a repo's branch is a
//! bucket).

use pipec_dsl::prelude::*;

/// The default image of [`fetch_s3`].
pub const S3_IMAGE: &str = "minio/mc:RELEASE.2024-11-21T17-21-54Z";

/// Copy `s3://<bucket>/<path>` from the gateway at `endpoint` into a data set. The credentials are
/// read from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`): give them with
/// `.secret_env(..)` on the task.
#[component(image = S3_IMAGE)]
pub fn fetch_s3(
    endpoint: Param<String>,
    bucket: Param<String>,
    path: Param<String>,
    data: Output<Dataset>,
) -> Container {
    Container::new(["sh", "-ec"]).args([
        "mc alias set src \"$0\" \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" >/dev/null\nmc cp --recursive \"src/$1/$2\" \"$3\"",
        endpoint.arg(),
        bucket.arg(),
        path.arg(),
        data.path(),
    ])
}
