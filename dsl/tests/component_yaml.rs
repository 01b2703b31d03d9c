//! Loading KFP v1 `component.yaml` files into IR components: real-world-shaped fixtures in
//! `tests/component_yaml/`, the example components of `examples/kfp-components/`, and one test
//! per kind of bad input, each checking the whole message.

use std::path::{Path, PathBuf};

use pipec_dsl::component_yaml::{self, ComponentYamlError, ErrorKind, Position};
use pipec_dsl::ir::{
    Arg, ArtifactType, Component, ContainerSpec, EnvVar, Implementation, IoSpec, IoType, ParamType,
    Placeholder,
};
use serde_json::json;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/component_yaml")
        .join(name)
}

fn load(name: &str) -> Component {
    component_yaml::from_file(fixture(name)).unwrap_or_else(|e| panic!("{e}"))
}

fn container(c: &Component) -> &ContainerSpec {
    match &c.implementation {
        Implementation::Container(spec) => spec,
        other => panic!("expected a container, got {other:?}"),
    }
}

fn text(s: &str) -> Arg {
    Arg::Text(s.to_string())
}

fn value(name: &str) -> Arg {
    Arg::Placeholder(Placeholder::InputValue(name.to_string()))
}

fn input_path(name: &str) -> Arg {
    Arg::Placeholder(Placeholder::InputPath(name.to_string()))
}

fn output_path(name: &str) -> Arg {
    Arg::Placeholder(Placeholder::OutputPath(name.to_string()))
}

fn param(t: ParamType) -> IoType {
    IoType::Param(t)
}

fn artifact(t: ArtifactType) -> IoType {
    IoType::Artifact(t)
}

/// Each input as `(name, type, default, optional)`, for compact comparisons.
fn signature(specs: &[IoSpec]) -> Vec<(&str, IoType, Option<serde_json::Value>, bool)> {
    specs
        .iter()
        .map(|s| (s.name.as_str(), s.ty, s.default.clone(), s.optional))
        .collect()
}

// ---- fixtures -------------------------------------------------------------------------------

#[test]
fn download_data_becomes_this_exact_component() {
    let script = "url=\"$0\"\noutput_path=\"$1\"\ncurl_options=\"$2\"\n\
                  mkdir -p \"$(dirname \"$output_path\")\"\n\
                  curl --get \"$url\" --output \"$output_path\" $curl_options\n";
    let mut curl_options = IoSpec::new("curl_options", param(ParamType::String));
    curl_options.description = Some("Extra options for curl.".to_string());
    curl_options.default = Some(json!("--location"));
    let expected = Component {
        name: "download_data".to_string(),
        description: Some("Downloads a file from a URL with curl.".to_string()),
        // `URI` is no parameter type, but the command line reads it by value: a string.
        inputs: vec![IoSpec::new("url", param(ParamType::String)), curl_options],
        // No type: a generic artifact.
        outputs: vec![IoSpec::new("data", artifact(ArtifactType::Artifact))],
        implementation: Implementation::Container(ContainerSpec {
            image: "alpine/curl:8.10.1".to_string(),
            command: vec![
                text("sh"),
                text("-exc"),
                text(script),
                value("url"),
                output_path("data"),
                value("curl_options"),
            ],
            args: vec![],
            env: vec![],
            working_dir: None,
        }),
    };
    assert_eq!(load("download_data.yaml"), expected);
}

#[test]
fn train_xgboost_types_defaults_and_optionals() {
    let c = load("train_xgboost.yaml");
    assert_eq!(c.name, "train_xgboost_model_on_csv");
    assert_eq!(
        c.description.as_deref(),
        Some("Trains an XGBoost model.\nThe label column is given by index.")
    );
    assert_eq!(
        signature(&c.inputs),
        vec![
            (
                "training_data",
                artifact(ArtifactType::Artifact),
                None,
                false
            ),
            (
                "starting_model",
                artifact(ArtifactType::Artifact),
                None,
                true
            ),
            ("label_column", param(ParamType::Int), Some(json!(0)), false),
            (
                "num_iterations",
                param(ParamType::Int),
                Some(json!(10)),
                false
            ),
            (
                "learning_rate",
                param(ParamType::Float),
                Some(json!(0.3)),
                false
            ),
            ("booster_params", param(ParamType::Struct), None, true),
            (
                "objective",
                param(ParamType::String),
                Some(json!("reg:squarederror")),
                false
            ),
            ("verbose", param(ParamType::Bool), Some(json!(false)), false),
        ]
    );
    assert_eq!(
        signature(&c.outputs),
        vec![
            ("model", artifact(ArtifactType::Artifact), None, false),
            (
                "model_config",
                artifact(ArtifactType::Artifact),
                None,
                false
            ),
            // A parameter type written to {outputPath}: an output parameter.
            ("train_rmse", param(ParamType::Float), None, false),
        ]
    );
}

#[test]
fn train_xgboost_command_line_with_concat() {
    let c = load("train_xgboost.yaml");
    let spec = container(&c);
    assert_eq!(spec.image, "python:3.12");
    assert_eq!(
        spec.command,
        vec![text("python3"), text("-u"), text("/app/train.py")]
    );
    assert_eq!(spec.args[1], input_path("training_data"));
    assert_eq!(
        spec.args[4],
        Arg::Concat {
            concat: vec![text("--label-column="), value("label_column")]
        }
    );
    assert_eq!(
        spec.args[7],
        Arg::Concat {
            concat: vec![
                text("--learning-rate="),
                value("learning_rate"),
                text(","),
                value("objective"),
            ]
        }
    );
    assert_eq!(spec.args[17], output_path("train_rmse"));
    assert_eq!(spec.args.len(), 18);
}

#[test]
fn env_keeps_the_file_order() {
    let c = load("train_xgboost.yaml");
    let env = |name: &str, value: &str| EnvVar {
        name: name.to_string(),
        value: value.to_string(),
    };
    assert_eq!(
        container(&c).env,
        vec![
            env("PYTHONUNBUFFERED", "1"),
            env("OMP_NUM_THREADS", "4"),
            env("HOME", "/tmp"),
        ]
    );
}

#[test]
fn split_table_type_names_and_defaults() {
    let c = load("split_table.yaml");
    assert_eq!(c.name, "split_table_v2");
    assert_eq!(
        signature(&c.inputs),
        vec![
            // A `{GCSPath: {...}}` type map read by path: a generic artifact.
            ("table", artifact(ArtifactType::Artifact), None, false),
            // `typing.List[str]` is a list; its default is JSON text.
            (
                "columns",
                param(ParamType::List),
                Some(json!(["a", "b"])),
                false
            ),
            // An unquoted YAML number is read as its text, then as the declared type.
            (
                "fraction",
                param(ParamType::Float),
                Some(json!(0.001)),
                false
            ),
            // Python's strtobool spellings, as KFP reads boolean defaults.
            ("shuffle", param(ParamType::Bool), Some(json!(true)), false),
            ("seed", param(ParamType::Int), None, true),
            // Untyped, never used, with a default: a value, so a string parameter.
            (
                "note",
                param(ParamType::String),
                Some(json!("nothing to say")),
                false
            ),
            // An artifact type read by value: a string parameter (a URI, not a file).
            ("model_uri", param(ParamType::String), None, false),
        ]
    );
    assert_eq!(
        signature(&c.outputs),
        vec![
            ("train_split", artifact(ArtifactType::Dataset), None, false),
            ("test_split", artifact(ArtifactType::Dataset), None, false),
            ("row_count", param(ParamType::Int), None, false),
            ("summary", artifact(ArtifactType::Html), None, false),
        ]
    );
    assert_eq!(container(&c).command, vec![]);
}

#[test]
fn loading_is_deterministic() {
    for name in [
        "download_data.yaml",
        "train_xgboost.yaml",
        "split_table.yaml",
    ] {
        let a = serde_json::to_string(&load(name)).unwrap();
        let b = serde_json::to_string(&load(name)).unwrap();
        assert_eq!(a, b, "{name}");
    }
}

#[test]
fn example_components_load() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/kfp-components/components");
    let load = |f: &str| component_yaml::from_file(dir.join(f)).unwrap_or_else(|e| panic!("{e}"));

    let download = load("download.yaml");
    assert_eq!(download.name, "download_csv");
    assert_eq!(
        signature(&download.inputs),
        vec![
            ("url", param(ParamType::String), None, false),
            (
                "timeout_seconds",
                param(ParamType::Int),
                Some(json!(120)),
                false
            ),
        ]
    );
    assert_eq!(download.outputs[0].ty, artifact(ArtifactType::Dataset));

    let train = load("train.yaml");
    assert_eq!(train.name, "train_classifier");
    assert_eq!(
        signature(&train.inputs),
        vec![
            (
                "training_data",
                artifact(ArtifactType::Dataset),
                None,
                false
            ),
            (
                "label_column",
                param(ParamType::String),
                Some(json!("label")),
                false
            ),
            ("epochs", param(ParamType::Int), Some(json!(10)), false),
            (
                "learning_rate",
                param(ParamType::Float),
                Some(json!(0.01)),
                false
            ),
        ]
    );
    assert_eq!(
        signature(&train.outputs),
        vec![
            ("model", artifact(ArtifactType::Model), None, false),
            ("accuracy", param(ParamType::Float), None, false),
        ]
    );

    let evaluate = load("evaluate.yaml");
    assert_eq!(evaluate.name, "evaluate_classifier");
    assert_eq!(
        evaluate.outputs.iter().map(|o| o.ty).collect::<Vec<_>>(),
        vec![
            artifact(ArtifactType::Metrics),
            artifact(ArtifactType::Markdown)
        ]
    );
}

#[test]
fn name_rules() {
    assert_eq!(
        component_yaml::component_key("Split table (v2)"),
        "split_table_v2"
    );
    assert_eq!(
        component_yaml::component_key("  XGBoost--Train "),
        "xgboost_train"
    );
    assert_eq!(component_yaml::io_name("Train split"), "train_split");
    assert_eq!(component_yaml::io_name("__Row-count__"), "row_count");
    assert_eq!(component_yaml::io_name("a_-b"), "a__b");
}

// ---- errors ---------------------------------------------------------------------------------

/// Load `yaml` as `component.yaml` and return the error, or fail the test.
fn error(yaml: &str) -> ComponentYamlError {
    match component_yaml::from_str(yaml, "component.yaml") {
        Ok(c) => panic!("expected an error, loaded {c:?}"),
        Err(e) => e,
    }
}

/// A minimal valid component around the given `inputs` and `args` blocks.
fn with(inputs: &str, args: &str) -> String {
    format!(
        "name: t\ninputs:\n{inputs}outputs:\n- {{name: out, type: Dataset}}\n\
         implementation:\n  container:\n    image: alpine\n    args:\n{args}"
    )
}

#[test]
fn valid_minimal_component_loads() {
    let c = component_yaml::from_str(&with("- {name: x}\n", "    - {inputPath: x}\n"), "c.yaml")
        .unwrap();
    assert_eq!(c.inputs[0].ty, artifact(ArtifactType::Artifact));
}

#[test]
fn missing_implementation() {
    let e = error("name: Train\ninputs: []\n");
    assert_eq!(e.kind, ErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "component.yaml: implementation: missing; a component needs \
         `implementation: {container: {image: ..., command: [...]}}`"
    );
}

#[test]
fn missing_image() {
    let e = error("name: t\nimplementation:\n  container:\n    command: [echo, hi]\n");
    assert_eq!(e.kind, ErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "component.yaml:4:5: implementation.container.image: missing; name the container image, \
         e.g. `image: python:3.12`"
    );
}

#[test]
fn empty_image() {
    let e = error("name: t\nimplementation: {container: {image: ' '}}\n");
    assert_eq!(
        e.to_string(),
        "component.yaml:2:37: implementation.container.image: empty; name the container image"
    );
}

#[test]
fn missing_name() {
    let e = error("implementation: {container: {image: alpine}}\n");
    assert_eq!(e.kind, ErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "component.yaml: name: missing; the component's name gives its key in a pipeline"
    );
}

#[test]
fn name_without_letters() {
    let e = error("name: '***'\nimplementation: {container: {image: alpine}}\n");
    assert_eq!(e.kind, ErrorKind::BadName);
    assert_eq!(
        e.to_string(),
        "component.yaml:1:7: name: \"***\" has no letters or digits to make a component key from"
    );
}

#[test]
fn placeholder_naming_an_undeclared_input() {
    let e = error(&with(
        "- {name: Epochs, type: Integer}\n",
        "    - --epochs\n    - {inputValue: epochs}\n",
    ));
    assert_eq!(e.kind, ErrorKind::Undeclared);
    assert_eq!(
        e.position,
        Some(Position {
            line: 11,
            column: 7
        })
    );
    assert_eq!(
        e.to_string(),
        "component.yaml:11:7: implementation.container.args[1]: {inputValue: epochs} names no \
         declared input; declared inputs are \"Epochs\""
    );
}

#[test]
fn undeclared_input_inside_concat() {
    let e = error(&with("", "    - {concat: [--x=, {inputPath: data}]}\n"));
    assert_eq!(
        e.to_string(),
        "component.yaml:9:23: implementation.container.args[0].concat[1]: {inputPath: data} names \
         no declared input; the component declares no inputs"
    );
}

#[test]
fn output_read_as_an_input() {
    let e = error(&with("", "    - {inputValue: out}\n"));
    assert_eq!(
        e.to_string(),
        "component.yaml:9:7: implementation.container.args[0]: {inputValue: out} names no \
         declared input; \"out\" is an output: write to it with {outputPath: out}"
    );
}

#[test]
fn output_path_naming_an_input() {
    let e = error(&with("- {name: x}\n", "    - {outputPath: x}\n"));
    assert_eq!(e.kind, ErrorKind::Undeclared);
    assert_eq!(
        e.to_string(),
        "component.yaml:10:7: implementation.container.args[0]: {outputPath: x} names no \
         declared output; \"x\" is an input: read it with {inputValue: x} or {inputPath: x}"
    );
}

#[test]
fn duplicate_input_names() {
    let e = error(&with(
        "- {name: data, type: Dataset}\n- {name: epochs}\n- {name: data}\n",
        "    - x\n",
    ));
    assert_eq!(e.kind, ErrorKind::Duplicate);
    assert_eq!(
        e.to_string(),
        "component.yaml:5:10: inputs[2].name: duplicate input name \"data\" (already declared \
         as inputs[0].name)"
    );
}

#[test]
fn input_names_that_become_the_same() {
    let e = error(&with(
        "- {name: Num epochs}\n- {name: num-epochs}\n",
        "    - x\n",
    ));
    assert_eq!(e.kind, ErrorKind::Duplicate);
    assert_eq!(
        e.to_string(),
        "component.yaml:4:10: inputs[1].name: input names \"num-epochs\" and \"Num epochs\" \
         (inputs[0].name) both become `num_epochs`; rename one"
    );
}

#[test]
fn duplicate_output_names() {
    let e = error(
        "name: t\noutputs:\n- {name: m}\n- {name: m}\nimplementation: {container: {image: a}}\n",
    );
    assert_eq!(
        e.to_string(),
        "component.yaml:4:10: outputs[1].name: duplicate output name \"m\" (already declared as \
         outputs[0].name)"
    );
}

#[test]
fn io_name_that_is_not_an_identifier() {
    let e = error(&with("- {name: 1st value}\n", "    - x\n"));
    assert_eq!(e.kind, ErrorKind::BadName);
    assert_eq!(
        e.to_string(),
        "component.yaml:3:10: inputs[0].name: input name \"1st value\" becomes \"1st_value\", \
         which is not a pipec name (a letter or `_`, then letters, digits or `_`)"
    );
}

#[test]
fn integer_default_that_is_not_an_integer() {
    let e = error(&with(
        "- {name: a}\n- {name: epochs, type: Integer, default: five}\n",
        "    - {inputValue: epochs}\n",
    ));
    assert_eq!(e.kind, ErrorKind::BadDefault);
    assert_eq!(
        e.to_string(),
        "component.yaml:4:42: inputs[1].default: \"five\" is not a valid Integer: invalid digit \
         found in string"
    );
}

#[test]
fn float_integer_and_boolean_defaults_are_checked() {
    let cases = [
        (
            "Integer",
            "'2.5'",
            "\"2.5\" is not a valid Integer: invalid digit found in string",
        ),
        (
            "Float",
            "fast",
            "\"fast\" is not a valid Float: invalid float literal",
        ),
        (
            "Float",
            "inf",
            "\"inf\" is not a valid Float: not a finite number",
        ),
        (
            "Boolean",
            "maybe",
            "\"maybe\" is not a valid Boolean: expected true or false",
        ),
        (
            "JsonArray",
            "'{}'",
            "\"{}\" is not a valid JsonArray: JSON of the wrong kind ({})",
        ),
        (
            "JsonObject",
            "'{a: 1}'",
            "\"{a: 1}\" is not a valid JsonObject: not JSON (key must be a string at line 1 \
             column 2)",
        ),
    ];
    for (ty, default, message) in cases {
        let e = error(&with(
            &format!("- {{name: x, type: {ty}, default: {default}}}\n"),
            "    - {inputValue: x}\n",
        ));
        assert_eq!(e.kind, ErrorKind::BadDefault, "{ty}");
        assert_eq!(e.field.as_deref(), Some("inputs[0].default"), "{ty}");
        assert_eq!(e.message, message, "{ty}");
    }
}

#[test]
fn default_on_an_artifact_read_by_path() {
    let e = error(&with(
        "- {name: data, type: Dataset, default: gs://bucket/x.csv}\n",
        "    - {inputPath: data}\n",
    ));
    assert_eq!(e.kind, ErrorKind::BadDefault);
    assert_eq!(
        e.to_string(),
        "component.yaml:3:40: inputs[0].default: input \"data\" is an artifact (read with \
         inputPath at implementation.container.args[0]) and cannot have a default"
    );
}

#[test]
fn parameter_read_by_path() {
    let e = error(&with(
        "- {name: config, type: JsonObject}\n",
        "    - --config\n    - {inputPath: config}\n",
    ));
    assert_eq!(e.kind, ErrorKind::Misuse);
    assert_eq!(
        e.to_string(),
        "component.yaml:11:7: implementation.container.args[1]: input \"config\" has the \
         parameter type JsonObject but is read with inputPath; pipec passes parameters by value: \
         use {inputValue: config}, or declare an artifact type such as Dataset"
    );
}

#[test]
fn artifact_read_both_by_value_and_by_path() {
    let e = error(&with(
        "- {name: data}\n",
        "    - {inputValue: data}\n    - {inputPath: data}\n",
    ));
    assert_eq!(e.kind, ErrorKind::Misuse);
    assert_eq!(
        e.to_string(),
        "component.yaml:11:7: implementation.container.args[1]: input \"data\" is read both with \
         inputPath and with inputValue (at implementation.container.args[0]); an input is either \
         a file or a value"
    );
}

#[test]
fn malformed_yaml() {
    let e = error("name: t\ninputs: [{name: a}\nimplementation: {}\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.position.is_some(), "{e:?}");
    assert!(e.to_string().starts_with("component.yaml:"), "{e}");
    assert!(
        !e.to_string().contains("-->"),
        "no snippet in the message: {e}"
    );
}

#[test]
fn misspelled_key() {
    let e = error("name: t\nimplementation:\n  container:\n    image: a\n    comand: [x]\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "component.yaml:5:5: unknown field `comand`, expected one of image, command, args, env, \
         fileOutputs"
    );
}

#[test]
fn default_that_is_a_map() {
    let e = error(&with(
        "- {name: x, type: JsonObject, default: {a: 1}}\n",
        "    - x\n",
    ));
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(
        e.position,
        Some(Position {
            line: 3,
            column: 40
        })
    );
}

#[test]
fn graph_implementation_is_unsupported() {
    let e = error("name: t\nimplementation:\n  graph:\n    tasks: {}\n");
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        e.to_string(),
        "component.yaml:4:5: implementation.graph: graph components are not supported; load the \
         components its tasks use and wire them in a pipec pipeline"
    );
}

#[test]
fn implementation_without_container() {
    let e = error("name: t\nimplementation: {}\n");
    assert_eq!(e.kind, ErrorKind::Missing);
    assert_eq!(
        e.to_string(),
        "component.yaml:2:17: implementation.container: missing; pipec loads container components \
         (`implementation: {container: ...}`)"
    );
}

#[test]
fn file_outputs_are_unsupported() {
    let e = error(
        "name: t\noutputs: [{name: o}]\nimplementation:\n  container:\n    image: a\n    \
         fileOutputs: {o: /tmp/o}\n",
    );
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        e.to_string(),
        "component.yaml:6:18: implementation.container.fileOutputs: fileOutputs is not \
         supported; pass each output's path on the command line with {outputPath: name}"
    );
}

#[test]
fn if_is_present_is_rejected() {
    let e = error(&with(
        "- {name: model, optional: true}\n",
        "    - if:\n        cond: {isPresent: model}\n        then: [--model, {inputPath: model}]\n",
    ));
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        e.to_string(),
        "component.yaml:10:7: implementation.container.args[0]: `if` placeholders (e.g. {if: \
         {cond: {isPresent: x}, then: [...]}}) are not supported: a pipec command line has no \
         conditional parts; give the input a default and pass it unconditionally"
    );
}

#[test]
fn uri_placeholders_are_rejected() {
    let e = error(&with("- {name: m}\n", "    - {inputUri: m}\n"));
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        e.message,
        "`inputUri` placeholders are not supported; read and write artifacts through local \
         paths with inputPath and outputPath"
    );
}

#[test]
fn unknown_placeholder() {
    let e = error(&with("- {name: m}\n", "    - {inputFile: m}\n"));
    assert_eq!(e.kind, ErrorKind::BadArg);
    assert_eq!(
        e.to_string(),
        "component.yaml:10:7: implementation.container.args[0]: unknown placeholder \
         `inputFile`; expected inputValue, inputPath, outputPath or concat"
    );
}

#[test]
fn placeholder_with_two_keys() {
    let e = error(&with(
        "- {name: m}\n",
        "    - {inputValue: m, inputPath: m}\n",
    ));
    assert_eq!(e.kind, ErrorKind::BadArg);
    assert_eq!(
        e.message,
        "a placeholder has exactly one key, found `inputValue` and `inputPath`"
    );
}

#[test]
fn unquoted_number_and_boolean_in_args() {
    let e = error(&with("", "    - --retries\n    - 3\n"));
    assert_eq!(
        e.to_string(),
        "component.yaml:10:7: implementation.container.args[1]: found the number 3; write \
         command-line text as a quoted string"
    );
    let e = error(&with("", "    - {concat: [--verbose=, yes]}\n"));
    assert_eq!(
        e.field.as_deref(),
        Some("implementation.container.args[0].concat[1]")
    );
    assert_eq!(
        e.message,
        "found the boolean true; write command-line text as a quoted string"
    );
}

#[test]
fn nested_list_in_args() {
    let e = error(&with("", "    - [a, b]\n"));
    assert_eq!(e.kind, ErrorKind::BadArg);
    assert_eq!(
        e.message,
        "found a list; a list of parts must be written {concat: [...]}"
    );
}

#[test]
fn env_with_a_placeholder() {
    let e = error(
        "name: t\ninputs: [{name: x}]\nimplementation:\n  container:\n    image: a\n    env:\n      \
         X: {inputValue: x}\n",
    );
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        e.to_string(),
        "component.yaml:7:10: implementation.container.env.X: environment values must be \
         literal text; pass inputs on the command line"
    );
}

#[test]
fn pipeline_task_final_status_is_unsupported() {
    let e = error(&with(
        "- {name: status, type: PipelineTaskFinalStatus}\n",
        "    - x\n",
    ));
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(e.field.as_deref(), Some("inputs[0].type"));
}

#[test]
fn type_that_is_not_a_name() {
    let e = error(&with("- {name: x, type: [a, b]}\n", "    - x\n"));
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "component.yaml:3:19: inputs[0].type: expected a type name such as Integer or Dataset, \
         or a {Name: {properties}} map; found [\"a\",\"b\"]"
    );
}

#[test]
fn missing_file_names_the_path() {
    let path = fixture("no_such_component.yaml");
    let e = component_yaml::from_file(&path).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Io);
    assert_eq!(e.origin, path.display().to_string());
    assert!(
        e.to_string()
            .starts_with(&format!("{}: cannot read the file: ", path.display())),
        "{e}"
    );
}

// ---- never panic ----------------------------------------------------------------------------

#[test]
fn every_prefix_of_every_fixture_loads_or_errors() {
    for name in [
        "download_data.yaml",
        "train_xgboost.yaml",
        "split_table.yaml",
    ] {
        let text = std::fs::read_to_string(fixture(name)).unwrap();
        for (end, _) in text.char_indices() {
            // Ok or Err are both fine; a panic fails the test.
            let _ = component_yaml::from_str(&text[..end], name);
        }
    }
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let _ = component_yaml::from_str(&text, "fuzz.yaml");
    }

    #[test]
    fn yaml_shaped_text_never_panics(
        text in "(name: [a-z]{1,5}\n)?(inputs: \\[\\{name: [a-z], type: (Integer|Dataset|x), \
                 default: [a-z0-9']{0,3}\\}\\]\n)?implementation: \\{container: \\{image: a, \
                 args: \\[\\{(inputValue|inputPath|outputPath|concat|if): [a-z\\[\\]]{0,4}\\}\\]\\}\\}\n"
    ) {
        let _ = component_yaml::from_str(&text, "fuzz.yaml");
    }
}

#[test]
fn env_name_kubernetes_rejects() {
    let e = error("name: t\nimplementation:\n  container:\n    image: a\n    env: {MY VAR: x}\n");
    assert_eq!(e.kind, ErrorKind::BadName);
    assert_eq!(
        e.to_string(),
        "component.yaml:5:11: implementation.container.env.MY VAR: \"MY VAR\" is not an \
         environment variable name Kubernetes accepts (letters, digits, `_`, `-` and `.`, not \
         starting with a digit)"
    );
}

#[test]
fn env_set_twice() {
    let e = error("name: t\nimplementation:\n  container:\n    image: a\n    env: {A: x, A: y}\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "component.yaml:5:17: duplicate key `A`; each key may appear once in a map"
    );
}

#[test]
fn several_documents() {
    let e = error("name: t\nimplementation: {container: {image: a}}\n---\nname: u\n");
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert_eq!(
        e.to_string(),
        "component.yaml:4:1: found several YAML documents; a component.yaml holds one component"
    );
}

#[test]
fn empty_text() {
    let e = error("");
    assert_eq!(e.kind, ErrorKind::Missing);
    assert_eq!(e.field.as_deref(), Some("name"));
}

#[test]
fn kfp_v2_pipeline_spec_is_recognised() {
    let e = error(
        "# PIPELINE DEFINITION\n# Name: add\ncomponents:\n  comp-add: {}\ndeploymentSpec:\n  \
         executors: {}\npipelineInfo:\n  name: add\nschemaVersion: 2.1.0\n",
    );
    assert_eq!(e.kind, ErrorKind::Unsupported);
    assert_eq!(
        e.to_string(),
        "component.yaml:5:1: this is a KFP v2 pipeline spec (top-level `deploymentSpec`), not a \
         v1 component.yaml; load the component's v1 `component.yaml` (with `implementation: \
         {container: ...}`) instead"
    );
}

// ---- use in a pipeline ----------------------------------------------------------------------

#[test]
fn loaded_components_validate_in_a_pipeline() {
    use pipec_dsl::ir::{Argument, Node, Parameter, Pipeline, Task, TaskOutputRef};

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/kfp-components/components");
    let download = component_yaml::from_file(dir.join("download.yaml")).unwrap();
    let train = component_yaml::from_file(dir.join("train.yaml")).unwrap();

    let mut p = Pipeline::new("kfp-components");
    p.parameters.push(Parameter {
        name: "url".to_string(),
        ty: ParamType::String,
        default: None,
        description: None,
    });
    let mut fetch = Task::new("download-csv", &download.name);
    fetch
        .arguments
        .insert("url".to_string(), Argument::Parameter("url".to_string()));
    let mut fit = Task::new("train-classifier", &train.name);
    fit.arguments.insert(
        "training_data".to_string(),
        Argument::TaskOutput(TaskOutputRef {
            task: "download-csv".to_string(),
            output: "data".to_string(),
        }),
    );
    fit.arguments
        .insert("epochs".to_string(), Argument::Constant(json!(20)));
    p.root.nodes = vec![Node::Task(Box::new(fetch)), Node::Task(Box::new(fit))];
    p.components.insert(download.name.clone(), download);
    p.components.insert(train.name.clone(), train);

    if let Err(errors) = pipec_dsl::validate(p) {
        panic!("{errors}");
    }
}
