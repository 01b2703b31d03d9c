//! Tuun: tune a whole pipeline. Data preparation is memoized, so trials that only change
//! hyperparameters reuse it; training runs on a GPU; evaluation prints `accuracy=<value>`, the
//! objective a Katib Experiment maximizes over `learning_rate`, `epochs` and `batch_size`
//! (`pipec compile examples/tuun --target katib`).

use pipec_components::training::{evaluate, split_data, train};
use pipec_dsl::ir::Caching;
use pipec_dsl::prelude::*;

/// How long a memoized split stays valid.
const REUSE_FOR: &str = "168h";

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
    // Every trial splits the same data the same way, so one split serves them all. Its input is
    // an artifact, which Argo cannot key on, so the key names the data set's version (Argo keys
    // allow only letters, digits and `-`).
    let split = split_data(data.outputs.artifact, 0.2).caching(Caching {
        enabled: true,
        key: Some("tuun-split-iris-v1".into()),
        max_age: Some(REUSE_FOR.into()),
        config_map: None,
    });
    let model = train(split.outputs.train, learning_rate, epochs, batch_size)
        .gpu(1)
        .memory("8Gi")
        .timeout(Duration::from_secs(3600));
    // Katib reads `accuracy=<value>` from this task's output, so it runs in every trial.
    let eval = evaluate(model.outputs.model, split.outputs.test);
    tune(
        Tuning::maximize("accuracy")
            .goal(0.99)
            .metric_from(&eval, MetricSource::Stdout)
            .search(learning_rate, Space::double(0.001, 0.1).log_uniform())
            .search(epochs, Space::int(5, 30).step(5))
            .search(batch_size, Space::discrete([16, 32, 64, 128]))
            .algorithm(Algorithm::tpe())
            .max_trials(12)
            .parallel_trials(3)
            .max_failed_trials(3),
    );
}
