//! The north-star pipeline from DESIGN.md builds the IR it reads as: tasks, edges, arguments and
//! settings.

use pipec_dsl::ir::{self, Argument, CmpOp, Expr, Node, TaskOutputRef, VolumeSource};
use pipec_dsl::prelude::*;
use serde_json::json;

/// Generate tags from the changesets of a snapshot (Columbus).
#[component(image = "ghcr.io/praxi/taggen:0.4")]
fn taggen(changesets_dir: Param<String>, tags: Output<Dataset>) -> Container {
    Container::new(["taggen"]).args(["--changesets", changesets_dir.arg(), "--out", tags.path()])
}

/// Predict installed software from tags with a Vowpal Wabbit model.
#[component(image = "ghcr.io/praxi/prediction:0.4")]
fn prediction(
    tags: Input<Dataset>,
    model: Input<Model>,
    top_k: Param<i64>,
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
        "--confidence",
        confidence.path(),
    ])
}

/// Print a message.
#[component(image = "alpine:3.20")]
fn notify(message: Param<String>) -> Container {
    Container::new(["echo"]).args([message.arg()])
}

#[pipeline(
    name = "praxi",
    description = "Tag snapshot changes and predict installed software"
)]
fn praxi(snapshot_pvc: Param<String>, model_uri: Param<String>, #[default(5)] top_k: Param<i64>) {
    let tags = taggen("/snapshot/changesets").mount_pvc(snapshot_pvc, "/snapshot");
    let model = importer::<Model>(model_uri);
    let pred = prediction(tags.outputs.tags, model.outputs.artifact, top_k)
        .gpu(1)
        .memory("8Gi")
        .retry(2);
    when(pred.outputs.confidence.lt(0.5), || {
        notify("low confidence");
    });
}

fn task<'a>(p: &'a ir::Pipeline, name: &str) -> &'a ir::Task {
    p.root
        .nodes
        .iter()
        .find_map(|n| match n {
            Node::Task(t) if t.name == name => Some(t),
            _ => None,
        })
        .unwrap_or_else(|| panic!("task {name}"))
}

fn output(task: &str, output: &str) -> Argument {
    Argument::TaskOutput(TaskOutputRef {
        task: task.into(),
        output: output.into(),
    })
}

#[test]
fn parameters_carry_types_and_defaults() {
    let p = praxi().unwrap();
    assert_eq!(p.name, "praxi");
    assert_eq!(
        p.description.as_deref(),
        Some("Tag snapshot changes and predict installed software")
    );
    let params: Vec<_> = p
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.ty, p.default.clone()))
        .collect();
    assert_eq!(
        params,
        [
            ("snapshot_pvc", ir::ParamType::String, None),
            ("model_uri", ir::ParamType::String, None),
            ("top_k", ir::ParamType::Int, Some(json!(5))),
        ]
    );
}

#[test]
fn tasks_and_data_edges() {
    let p = praxi().unwrap();
    let names: Vec<_> = p.root.nodes.iter().map(Node::name).collect();
    assert_eq!(
        names,
        ["taggen", "importer-model", "prediction", "condition-1"]
    );

    let taggen = task(&p, "taggen");
    assert_eq!(
        taggen.arguments["changesets_dir"],
        Argument::Constant(json!("/snapshot/changesets"))
    );
    assert_eq!(taggen.pod().volumes[0].mount_path, "/snapshot");
    assert_eq!(
        taggen.pod().volumes[0].source,
        VolumeSource::Pvc(Argument::Parameter("snapshot_pvc".into()))
    );

    let importer = task(&p, "importer-model");
    assert_eq!(
        importer.arguments["uri"],
        Argument::Parameter("model_uri".into())
    );

    let pred = task(&p, "prediction");
    assert_eq!(pred.arguments["tags"], output("taggen", "tags"));
    assert_eq!(
        pred.arguments["model"],
        output("importer-model", "artifact")
    );
    assert_eq!(pred.arguments["top_k"], Argument::Parameter("top_k".into()));
}

#[test]
fn settings_chain_onto_the_task() {
    let p = praxi().unwrap();
    let pred = task(&p, "prediction");
    let acc = pred.pod().resources.accelerator.as_ref().unwrap();
    assert_eq!((acc.count, acc.resource.as_str()), (1, "nvidia.com/gpu"));
    assert_eq!(pred.pod().resources.memory_limit.as_deref(), Some("8Gi"));
    assert_eq!(pred.pod().resources.memory_request.as_deref(), Some("8Gi"));
    assert_eq!(pred.pod().retry.as_ref().unwrap().limit, 2);
}

#[test]
fn the_condition_compares_the_output_and_holds_its_task() {
    let p = praxi().unwrap();
    let Node::Condition(c) = &p.root.nodes[3] else {
        panic!("a condition")
    };
    assert_eq!(c.branches.len(), 1);
    assert_eq!(
        c.branches[0].when,
        Some(Expr::Compare {
            op: CmpOp::Lt,
            left: output("prediction", "confidence"),
            right: Argument::Constant(json!(0.5)),
        })
    );
    let Node::Task(notify) = &c.branches[0].body.nodes[0] else {
        panic!("a task")
    };
    assert_eq!(notify.component, "notify");
    assert_eq!(
        notify.arguments["message"],
        Argument::Constant(json!("low confidence"))
    );
}

#[test]
fn components_are_typed_and_placeholders_resolved() {
    let p = praxi().unwrap();
    let c = &p.components["prediction"];
    let inputs: Vec<_> = c
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.ty.name()))
        .collect();
    assert_eq!(
        inputs,
        [("tags", "dataset"), ("model", "model"), ("top_k", "int")]
    );
    let outputs: Vec<_> = c
        .outputs
        .iter()
        .map(|i| (i.name.as_str(), i.ty.name()))
        .collect();
    assert_eq!(
        outputs,
        [("predictions", "dataset"), ("confidence", "float")]
    );
    assert_eq!(
        c.description.as_deref(),
        Some("Predict installed software from tags with a Vowpal Wabbit model.")
    );
    let ir::Implementation::Container(spec) = &c.implementation else {
        panic!("container")
    };
    assert_eq!(spec.image, "ghcr.io/praxi/prediction:0.4");
    let json = serde_json::to_value(&spec.args).unwrap();
    assert_eq!(
        json,
        json!(["--tags", {"input_path": "tags"}, "--model", {"input_path": "model"},
               "--top-k", {"input_value": "top_k"}, "--out", {"output_path": "predictions"},
               "--confidence", {"output_path": "confidence"}])
    );
}

#[test]
fn the_ir_validates_and_round_trips_through_json() {
    let p = praxi().unwrap();
    let text = serde_json::to_string(&p).unwrap();
    let back: ir::Pipeline = serde_json::from_str(&text).unwrap();
    assert_eq!(back, p);
    pipec_dsl::validate(p).unwrap();
}
