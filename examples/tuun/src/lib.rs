//! Tuun: tune a whole pipeline. Data preparation is memoized, so trials that only change
//! hyperparameters reuse it; training runs on a GPU; evaluation reports `accuracy`, the objective
//! a Katib Experiment maximizes over `learning_rate`, `epochs` and `batch_size`.

use pipec_components::training::{evaluate, split_data, train};
use pipec_dsl::prelude::*;

/// Train and evaluate a classifier; its hyperparameters are the search space.
#[pipeline(
    name = "tuun",
    description = "Train and evaluate a classifier; tuned by Katib"
)]
pub fn tuun(
    #[default("s3://tuun-data/iris.csv")] data_uri: Param<String>,
    #[default(0.01)] learning_rate: Param<f64>,
    #[default(10)] epochs: Param<i64>,
    #[default(32)] batch_size: Param<i64>,
) {
    let data = importer::<Dataset>(data_uri);
    let split = split_data(data.outputs.artifact, 0.2).cache_for("168h");
    let model = train(split.outputs.train, learning_rate, epochs, batch_size)
        .gpu(1)
        .memory("8Gi")
        .cache_for("168h")
        .timeout(Duration::from_secs(3600));
    evaluate(model.outputs.model, split.outputs.test).cache_for("168h");
}
