//! An MLOps platform: data from an S3 gateway (Pachyderm's, here a repo's `master` branch),
//! GPU training, evaluation, and a deployment to Seldon when the accuracy clears a threshold.
//! Whatever happens, a report is sent at the end.

use pipec_components::{
    notify::notify,
    s3::fetch_s3,
    seldon::deploy,
    training::{evaluate, publish_model, split_data, train},
};
use pipec_dsl::prelude::*;

/// S3 data → GPU training → evaluation → conditional Seldon deployment.
#[pipeline(
    name = "mlops",
    description = "Train on S3 data and deploy to Seldon when accurate enough"
)]
pub fn mlops(
    #[default("http://pachd.pachyderm:30600")] s3_endpoint: Param<String>,
    #[default("master.training-data")] bucket: Param<String>,
    #[default(0.9)] min_accuracy: Param<f64>,
    #[default("s3://models/mlops")] model_prefix: Param<String>,
) {
    exit_handler(
        || notify("mlops pipeline finished"),
        || {
            let data = fetch_s3(s3_endpoint, bucket, "/")
                .secret_env("AWS_ACCESS_KEY_ID", "pachyderm-s3", "accessKey")
                .secret_env("AWS_SECRET_ACCESS_KEY", "pachyderm-s3", "secretKey");
            let split = split_data(data.outputs.data, 0.2);
            let model = train(split.outputs.train, 0.001, 20, 64)
                .gpu(2)
                .memory("32Gi")
                .retry(1);
            let scored = evaluate(model.outputs.model, split.outputs.test);
            when(scored.outputs.accuracy.ge(min_accuracy), || {
                let published = publish_model(model.outputs.model, model_prefix);
                deploy("mlops-classifier", published.outputs.uri, "SKLEARN_SERVER");
            })
            .otherwise(|| {
                notify("accuracy below threshold: model not deployed");
            });
        },
    );
}
