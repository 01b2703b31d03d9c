//! Praxi on Kubeflow: `taggen` turns the changesets of a snapshot (on a mounted volume) into
//! tags, and `prediction` runs a Vowpal Wabbit model, imported from S3, over them. A low
//! confidence is reported.

use pipec_components::{
    notify::notify,
    praxi::{prediction, taggen},
};
use pipec_dsl::prelude::*;

/// Tag snapshot changes and predict installed software.
#[pipeline(
    name = "praxi",
    description = "Tag snapshot changes and predict installed software"
)]
pub fn praxi(
    #[default("praxi-snapshots")]
    #[description("The PersistentVolumeClaim holding the snapshot's changesets")]
    snapshot_pvc: Param<String>,
    #[default("s3://mlpipeline/praxi/models/vw-latest.model")]
    #[description("The Vowpal Wabbit model to predict with")]
    model_uri: Param<String>,
    #[default(5)]
    #[description("How many packages to predict per snapshot")]
    top_k: Param<i64>,
) {
    // Kubeflow's MinIO holds the artifacts (and the model to import) on either engine.
    s3_artifacts(
        "mlpipeline",
        "minio-service.kubeflow:9000",
        true,
        S3Credentials::kubeflow(),
    );
    let tags = taggen("/snapshot/changesets").mount_pvc(snapshot_pvc, "/snapshot");
    let model = importer::<Model>(model_uri);
    let pred = prediction(
        tags.outputs.tags,
        model.outputs.artifact,
        top_k,
        "/snapshot/predictions",
    )
    .mount_pvc(snapshot_pvc, "/snapshot")
    .gpu(1)
    .memory("8Gi")
    .retry(2);
    when(pred.outputs.confidence.lt(0.5), || {
        notify("low confidence");
    });
}
