//! Model training and evaluation steps shared by the tuning and MLOps pipelines.

use pipec_dsl::prelude::*;

/// The default image of the training steps.
pub const TRAINING_IMAGE: &str = "ghcr.io/pipec/train-torch:2.4";

/// Split a CSV data set into train and test sets.
#[component(image = TRAINING_IMAGE)]
pub fn split_data(
    data: Input<Dataset>,
    test_fraction: Param<f64>,
    train: Output<Dataset>,
    test: Output<Dataset>,
) -> Container {
    Container::new(["python", "-m", "trainer.split"]).args([
        "--data",
        data.path(),
        "--test-fraction",
        test_fraction.arg(),
        "--train",
        train.path(),
        "--test",
        test.path(),
    ])
}

/// Train a classifier.
#[component(image = TRAINING_IMAGE)]
pub fn train(
    data: Input<Dataset>,
    learning_rate: Param<f64>,
    epochs: Param<i64>,
    batch_size: Param<i64>,
    model: Output<Model>,
) -> Container {
    Container::new(["python", "-m", "trainer.train"]).args([
        "--data",
        data.path(),
        "--learning-rate",
        learning_rate.arg(),
        "--epochs",
        epochs.arg(),
        "--batch-size",
        batch_size.arg(),
        "--model",
        model.path(),
    ])
}

/// Evaluate a classifier; prints `accuracy=<value>` and writes it to `accuracy` and `metrics`.
#[component(image = TRAINING_IMAGE)]
pub fn evaluate(
    model: Input<Model>,
    test: Input<Dataset>,
    accuracy: OutputParam<f64>,
    metrics: Output<Metrics>,
) -> Container {
    Container::new(["python", "-m", "trainer.evaluate"]).args([
        "--model",
        model.path(),
        "--test",
        test.path(),
        "--accuracy",
        accuracy.path(),
        "--metrics",
        metrics.path(),
    ])
}

/// Upload a model to an S3 prefix and output its URI, for serving.
#[component(image = TRAINING_IMAGE)]
pub fn publish_model(
    model: Input<Model>,
    prefix: Param<String>,
    uri: OutputParam<String>,
) -> Container {
    Container::new(["python", "-m", "trainer.publish"]).args([
        "--model",
        model.path(),
        "--prefix",
        prefix.arg(),
        "--uri",
        uri.path(),
    ])
}
