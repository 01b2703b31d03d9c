//! KFP users: prebuilt components loaded from the `component.yaml` files shipped beside this
//! package, mixed with a container component, and a nested pipeline used as a step.

use pipec_components::notify::notify;
use pipec_dsl::prelude::*;

fn prebuilt(file: &str) -> Prebuilt {
    Prebuilt::from_file(format!("{}/components/{file}", env!("CARGO_MANIFEST_DIR")))
}

/// Summarise a CSV file (row count) — a container component beside the prebuilt ones.
#[component(image = "alpine:3.20")]
fn count_rows(data: Input<Dataset>, rows: OutputParam<i64>) -> Container {
    Container::new(["sh", "-c", "wc -l < \"$0\" > \"$1\""]).args([data.path(), rows.path()])
}

/// Train and evaluate with the prebuilt components: a pipeline used as one step of another.
#[pipeline(name = "train-and-evaluate")]
pub fn train_and_evaluate(url: Param<String>, #[default(10)] epochs: Param<i64>) -> Param<f64> {
    let download = prebuilt("download.yaml").call().with("url", url);
    let data = download.outputs.artifact::<Dataset>("data");
    let trained = prebuilt("train.yaml")
        .call()
        .with("training_data", data)
        .with("epochs", epochs);
    prebuilt("evaluate.yaml")
        .call()
        .with("model", trained.outputs.artifact::<Model>("model"))
        .with("test_data", data);
    trained.outputs.param::<f64>("accuracy")
}

/// Reuse prebuilt KFP components and a nested pipeline.
#[pipeline(
    name = "kfp-components",
    description = "Prebuilt components, a container component and a nested pipeline"
)]
pub fn reuse(#[default("https://example.com/iris.csv")] url: Param<String>
) {
    let download = prebuilt("download.yaml").call().with("url", url);
    count_rows(download.outputs.artifact::<Dataset>("data"));
    let nested = train_and_evaluate::call(url, 5);
    when(nested.outputs.output.lt(0.8), || {
        notify("accuracy below 0.8");
    });
}
