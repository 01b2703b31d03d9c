//! Praxi: learn which software a snapshot installed from the files it changed.
//! `taggen` turns changesets (Columbus) into tags; `prediction` runs a Vowpal Wabbit model.

use pipec_dsl::prelude::*;

/// The default image of [`taggen`].
pub const TAGGEN_IMAGE: &str = "ghcr.io/praxi/taggen:0.4";
/// The default image of [`prediction`].
pub const PREDICTION_IMAGE: &str = "ghcr.io/praxi/prediction:0.4";

/// Generate tags from the changesets of a snapshot (Columbus).
#[component(image = TAGGEN_IMAGE)]
pub fn taggen(changesets_dir: Param<String>, tags: Output<Dataset>) -> Container {
    Container::new(["taggen"]).args(["--changesets", changesets_dir.arg(), "--out", tags.path()])
}

/// Predict installed software from tags with a Vowpal Wabbit model; also copy the predictions
/// to `output_dir` (on the snapshot volume).
#[component(image = PREDICTION_IMAGE)]
pub fn prediction(
    tags: Input<Dataset>,
    model: Input<Model>,
    top_k: Param<i64>,
    output_dir: Param<String>,
    predictions: Output<Dataset>,
    confidence: OutputParam<f64>,
) -> Container {
    Container::new(["predict"]).args([
        "--tags",
        tags.path(),
        "--model",
        model.path(),
        "--top-k",
        top_k.arg(),
        "--out",
        predictions.path(),
        "--copy-to",
        output_dir.arg(),
        "--confidence",
        confidence.path(),
    ])
}
