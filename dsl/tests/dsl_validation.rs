//! Mistakes the Rust type system cannot see, made through the DSL, are caught by validation (or
//! by the builder) with a message that says where and what to do.

use pipec_dsl::prelude::*;
use pipec_dsl::{ValidationErrors, validate};

#[component(image = "alpine:3.20")]
fn produce(rows: Param<i64>, data: Output<Dataset>, count: OutputParam<i64>) -> Container {
    Container::new(["produce"]).args([rows.arg(), data.path(), count.path()])
}

#[component(image = "alpine:3.20")]
fn consume(data: Input<Dataset>, rows: Param<i64>) -> Container {
    Container::new(["consume"]).args([data.path(), rows.arg()])
}

#[component(image = "alpine:3.20")]
fn echo(message: Param<String>) -> Container {
    Container::new(["echo"]).args([message.arg()])
}

const TRAIN_YAML: &str = "\
name: Train
inputs:
- {name: epochs, type: Integer}
outputs:
- {name: model, type: Model}
implementation:
  container:
    image: python:3.12
    command: [train, {inputValue: epochs}, {outputPath: model}]
";

fn errors(built: Result<pipec_dsl::ir::Pipeline, pipec_dsl::BuildError>) -> Vec<String> {
    let pipeline = built.expect("the pipeline builds");
    match validate(pipeline) {
        Ok(_) => Vec::new(),
        Err(ValidationErrors(errors)) => errors.iter().map(ToString::to_string).collect(),
    }
}

fn assert_one_error(errors: &[String], fragments: &[&str]) {
    assert_eq!(errors.len(), 1, "{errors:#?}");
    for f in fragments {
        assert!(errors[0].contains(f), "{:?} lacks {f:?}", errors[0]);
    }
}

#[pipeline]
fn output_escapes_its_branch(limit: Param<i64>) {
    let mut escaped = None;
    when(limit.gt(3), || {
        escaped = Some(produce(limit));
    });
    let made = escaped.unwrap();
    consume(made.outputs.data, made.outputs.count);
}

#[test]
fn an_output_used_outside_its_branch() {
    let errs = errors(output_escapes_its_branch());
    assert_eq!(errs.len(), 2, "{errs:#?}");
    assert!(
        errs.iter()
            .all(|e| e.contains("task consume") && e.contains("condition-1"))
    );
}

#[pipeline]
fn item_escapes_its_loop() {
    let mut item = None;
    for_each(["a", "b"], |word| {
        echo(word);
        item = Some(word);
    });
    echo(item.unwrap());
}

#[test]
fn a_loop_item_used_outside_its_loop() {
    assert_one_error(
        &errors(item_escapes_its_loop()),
        &["task echo-2", "for-loop-1", "move this into the loop"],
    );
}

#[pipeline]
fn waits_in_a_circle() {
    let first = produce(1);
    let second = consume(first.outputs.data, first.outputs.count);
    let _ = first.after(&second);
}

#[test]
fn a_dependency_cycle() {
    assert_one_error(
        &errors(waits_in_a_circle()),
        &["dependency cycle", "`produce`", "`consume`"],
    );
}

#[pipeline]
fn asks_for_gigabytes() {
    let _ = produce(1).memory_limit("4GB");
}

#[test]
fn an_invalid_quantity() {
    assert_one_error(
        &errors(asks_for_gigabytes()),
        &["task produce", "`4GB`", "without `B`"],
    );
}

#[pipeline]
fn forgets_an_input() {
    let _ = Prebuilt::from_yaml(TRAIN_YAML, "train.yaml").call();
}

#[test]
fn a_missing_required_input_of_a_prebuilt_component() {
    assert_one_error(
        &errors(forgets_an_input()),
        &["task train", "missing required input `epochs`"],
    );
}

#[pipeline]
fn passes_words_for_a_number() {
    let _ = Prebuilt::from_yaml(TRAIN_YAML, "train.yaml")
        .call()
        .with("epochs", "ten");
}

#[test]
fn a_type_mismatch_into_a_prebuilt_component() {
    assert_one_error(
        &errors(passes_words_for_a_number()),
        &["task train", "input epochs", "int"],
    );
}

#[pipeline]
fn names_an_unknown_input() {
    let _ = Prebuilt::from_yaml(TRAIN_YAML, "train.yaml")
        .call()
        .with("epochs", 3)
        .with("epoch", 4);
}

#[test]
fn an_unknown_input_of_a_prebuilt_component() {
    assert_one_error(&errors(names_an_unknown_input()), &["task train", "epoch"]);
}

#[pipeline]
fn reads_the_wrong_output_type() {
    let trained = Prebuilt::from_yaml(TRAIN_YAML, "train.yaml")
        .call()
        .with("epochs", 3);
    consume(trained.outputs.artifact::<Dataset>("model"), 1);
}

#[test]
fn a_prebuilt_output_read_as_the_wrong_artifact_type() {
    assert_one_error(
        &errors(reads_the_wrong_output_type()),
        &["task consume", "input data", "model"],
    );
}

#[pipeline(name = "Not A Valid Name!")]
fn badly_named() {
    echo("hi");
}

#[test]
fn a_pipeline_name_that_is_not_a_kubernetes_name_is_sanitised_or_rejected() {
    // Sanitising keeps it usable: `not-a-valid-name`.
    assert!(errors(badly_named()).is_empty());
}

#[pipeline]
fn loads_a_broken_file() {
    let _ = Prebuilt::from_yaml("name: Broken\nimplementation: {}\n", "broken.yaml").call();
}

#[test]
fn a_component_file_that_does_not_load_fails_the_build() {
    let err = loads_a_broken_file().unwrap_err().to_string();
    assert!(err.contains("broken.yaml"), "{err}");
    assert!(
        err.starts_with("error: pipeline loads-a-broken-file:"),
        "{err}"
    );
}

#[pipeline]
fn uses_a_parameter_inside_a_body() {
    #[component(image = "alpine:3.20")]
    fn leaky(message: Param<String>) -> Container {
        let constant: Param<String> = "outside".into_param();
        Container::new(["echo"]).args([message.arg(), constant.arg()])
    }
    leaky("x");
}

#[test]
fn a_handle_that_is_not_the_components_own_is_reported() {
    let err = uses_a_parameter_inside_a_body().unwrap_err().to_string();
    assert!(err.contains("component leaky"), "{err}");
    assert!(
        err.contains("not one of this component's own inputs"),
        "{err}"
    );
}
