//! `lower`: a validated, tuned pipeline to a Katib `Experiment` whose trials run the pipeline as
//! an Argo `Workflow`.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use pipec_dsl::Validated;
use pipec_dsl::ir::{
    Algorithm, Dag, Direction, Distribution, MetricSource, MetricsFormat, Node, Pipeline, Space,
    Tuning,
};
use pipec_dsl::name::sanitize;
use serde::Serialize;

use super::model::{
    API_VERSION, AlgorithmSetting, AlgorithmSpec, CollectorSpec, Experiment, ExperimentSpec,
    FeasibleSpace, FileSystemPath, FilterSpec, MetricsCollectorSpec, ObjectiveSpec, ParameterSpec,
    SourceSpec, TrialParameterSpec, TrialSpec, TrialTemplate,
};
use crate::CompileError;
use crate::argo::{self, ArgoKind, ArgoOptions};

/// The pod label that marks the metric task's pod, so that Katib's metrics collector wraps only
/// that pod (Katib's own Argo example uses this label).
pub const PRIMARY_POD_LABEL: &str = "katib.kubeflow.org/model-training";

/// Argo names the container of every container template `main`.
const PRIMARY_CONTAINER: &str = "main";

/// The GJSON conditions on a Workflow object that end a trial, as Katib documents them for Argo.
const SUCCESS_CONDITION: &str = r#"status.[@this].#(phase=="Succeeded")#"#;
const FAILURE_CONDITION: &str = r#"status.[@this].#(phase=="Failed")#"#;

/// Lower a validated pipeline with tuning settings to a Katib `Experiment`.
///
/// The trial is the pipeline lowered by the Argo backend as a `Workflow` (a schedule is ignored:
/// each trial is one run), with the value of every searched parameter replaced by
/// `${trialParameters.NAME}` and the metric task's pod labelled [`PRIMARY_POD_LABEL`].
///
/// ```
/// use pipec_compiler::argo::ArgoOptions;
/// use pipec_compiler::katib::lower;
/// use pipec_dsl::{ir::Pipeline, validate};
/// let p = validate(Pipeline::new("untuned")).unwrap();
/// let err = lower(&p, &ArgoOptions::default()).unwrap_err();
/// assert!(err.to_string().contains("tune("));
/// ```
pub fn lower(
    pipeline: &Validated<Pipeline>,
    options: &ArgoOptions,
) -> Result<Experiment, CompileError> {
    let p: &Pipeline = pipeline;
    let at = format!("pipeline {}", p.name);
    let tuning = p.settings.tuning.as_ref().ok_or_else(|| {
        CompileError::unsupported(
            &at,
            "the katib target needs a tuning spec: call `tune(Tuning::maximize(\"metric\")\
             .metric_from(&task, MetricSource::Stdout).search(param, Space::double(min, max)))` \
             in the pipeline body, or set `settings.tuning` in the IR",
        )
    })?;
    if let Some(kind) = options.kind.filter(|k| *k != ArgoKind::Workflow) {
        return Err(CompileError::unsupported(
            &at,
            format!(
                "a Katib trial runs an Argo Workflow, not a {}; leave the kind unset",
                kind.name()
            ),
        ));
    }
    Ok(Experiment {
        api_version: API_VERSION.to_string(),
        kind: "Experiment".to_string(),
        metadata: ObjectMeta {
            name: Some(experiment_name(p, &at)?),
            namespace: p.settings.namespace.clone(),
            ..ObjectMeta::default()
        },
        spec: ExperimentSpec {
            objective: objective(tuning),
            algorithm: algorithm(&tuning.algorithm),
            parallel_trial_count: tuning.parallel_trial_count,
            max_trial_count: tuning.max_trial_count,
            max_failed_trial_count: tuning.max_failed_trial_count,
            parameters: tuning
                .search_space
                .iter()
                .map(|s| parameter(&s.parameter, &s.space))
                .collect(),
            metrics_collector_spec: metrics_collector(tuning),
            trial_template: trial_template(p, tuning, options, &at)?,
        },
    })
}

/// Katib's webhook wants an experiment name that starts with a lowercase letter.
fn experiment_name(p: &Pipeline, at: &str) -> Result<String, CompileError> {
    let name = sanitize(&p.name);
    if name.starts_with(|c: char| c.is_ascii_lowercase()) {
        Ok(name)
    } else {
        Err(CompileError::unsupported(
            at,
            format!("a Katib Experiment name starts with a lowercase letter; `{name}` does not"),
        ))
    }
}

fn objective(tuning: &Tuning) -> ObjectiveSpec {
    let o = &tuning.objective;
    ObjectiveSpec {
        direction: match o.direction {
            Direction::Maximize => "maximize",
            Direction::Minimize => "minimize",
        }
        .to_string(),
        goal: o.goal,
        objective_metric_name: o.metric.clone(),
        additional_metric_names: o.additional_metrics.clone(),
    }
}

fn algorithm(a: &Algorithm) -> AlgorithmSpec {
    let mut settings = Vec::new();
    let mut set = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            settings.push(AlgorithmSetting {
                name: name.to_string(),
                value,
            });
        }
    };
    let text = |n: Option<u32>| n.map(|n| n.to_string());
    match a {
        Algorithm::Random(s) | Algorithm::Grid(s) => set("random_state", text(s.random_state)),
        Algorithm::BayesianOptimization(b) => {
            set("base_estimator", b.base_estimator.as_ref().map(word));
            set("n_initial_points", text(b.n_initial_points));
            set("acq_func", b.acq_func.as_ref().map(word));
            set("acq_optimizer", b.acq_optimizer.as_ref().map(word));
            set("random_state", text(b.random_state));
        }
        Algorithm::Tpe(t) | Algorithm::MultivariateTpe(t) => {
            set("n_startup_trials", text(t.n_startup_trials));
            set("n_ei_candidates", text(t.n_ei_candidates));
            set("random_state", text(t.random_state));
        }
        Algorithm::Cmaes(c) => {
            set(
                "restart_strategy",
                c.restart_with_larger_population.then(|| "ipop".to_string()),
            );
            set("sigma", c.sigma.map(|s| s.to_string()));
            set("random_state", text(c.random_state));
        }
        Algorithm::Hyperband(h) => {
            set("resource_name", Some(h.resource.clone()));
            set("r_l", Some(h.max_resource.to_string()));
            set("eta", text(h.eta));
        }
    }
    AlgorithmSpec {
        algorithm_name: a.katib_name().to_string(),
        algorithm_settings: settings,
    }
}

/// The IR's spelling of a setting's value, which is Katib's (`GP`, `gp_hedge`, `lbfgs`).
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => format!("{other:?}"),
    }
}

fn parameter(name: &str, space: &Space) -> ParameterSpec {
    let feasible_space = match space {
        Space::Double(r) => FeasibleSpace {
            min: Some(r.min.to_string()),
            max: Some(r.max.to_string()),
            step: r.step.map(|s| s.to_string()),
            distribution: r.distribution.map(distribution),
            ..FeasibleSpace::default()
        },
        Space::Int(r) => FeasibleSpace {
            min: Some(r.min.to_string()),
            max: Some(r.max.to_string()),
            step: r.step.map(|s| s.to_string()),
            distribution: r.distribution.map(distribution),
            ..FeasibleSpace::default()
        },
        Space::Categorical(values) => FeasibleSpace {
            list: values.clone(),
            ..FeasibleSpace::default()
        },
        Space::Discrete(values) => FeasibleSpace {
            list: values.iter().map(ToString::to_string).collect(),
            ..FeasibleSpace::default()
        },
    };
    ParameterSpec {
        name: name.to_string(),
        parameter_type: space.kind().to_string(),
        feasible_space,
    }
}

fn distribution(d: Distribution) -> String {
    match d {
        Distribution::Uniform => "uniform",
        Distribution::LogUniform => "logUniform",
        Distribution::Normal => "normal",
        Distribution::LogNormal => "logNormal",
    }
    .to_string()
}

fn metrics_collector(tuning: &Tuning) -> MetricsCollectorSpec {
    let report = &tuning.metric_from;
    let filter = (!report.filters.is_empty()).then(|| FilterSpec {
        metrics_format: report.filters.clone(),
    });
    match &report.source {
        MetricSource::Stdout => MetricsCollectorSpec {
            collector: CollectorSpec {
                kind: "StdOut".to_string(),
            },
            source: filter.map(|filter| SourceSpec {
                file_system_path: None,
                filter: Some(filter),
            }),
        },
        MetricSource::File(file) => MetricsCollectorSpec {
            collector: CollectorSpec {
                kind: "File".to_string(),
            },
            source: Some(SourceSpec {
                file_system_path: Some(FileSystemPath {
                    path: file.path.clone(),
                    kind: "File".to_string(),
                    format: match file.format {
                        MetricsFormat::Text => "TEXT",
                        MetricsFormat::Json => "JSON",
                    }
                    .to_string(),
                }),
                filter,
            }),
        },
    }
}

fn trial_template(
    p: &Pipeline,
    tuning: &Tuning,
    options: &ArgoOptions,
    at: &str,
) -> Result<TrialTemplate, CompileError> {
    Ok(TrialTemplate {
        primary_container_name: PRIMARY_CONTAINER.to_string(),
        primary_pod_labels: BTreeMap::from([(PRIMARY_POD_LABEL.to_string(), "true".to_string())]),
        success_condition: SUCCESS_CONDITION.to_string(),
        failure_condition: FAILURE_CONDITION.to_string(),
        trial_parameters: tuning
            .search_space
            .iter()
            .map(|s| TrialParameterSpec {
                name: s.parameter.clone(),
                description: p
                    .parameter(&s.parameter)
                    .and_then(|x| x.description.clone()),
                reference: s.parameter.clone(),
            })
            .collect(),
        trial_spec: trial_workflow(p, tuning, options, at)?,
    })
}

/// The pipeline as an Argo Workflow, with the metric task's pod labelled and the searched
/// parameters' values left for Katib to fill in.
fn trial_workflow(
    p: &Pipeline,
    tuning: &Tuning,
    options: &ArgoOptions,
    at: &str,
) -> Result<TrialSpec, CompileError> {
    let mut labelled = p.clone();
    // The label is a pod setting, so the Argo backend gives the metric task a template of its own
    // even when other tasks call the same component.
    if !label_task(&mut labelled.root, &tuning.metric_from.task) {
        return Err(CompileError::unsupported(
            at,
            format!(
                "there is no task `{}` to report the metric",
                tuning.metric_from.task
            ),
        ));
    }
    let labelled = pipec_dsl::validate(labelled).map_err(|e| {
        CompileError::unsupported(
            at,
            format!("labelling the metric task broke the pipeline: {e}"),
        )
    })?;
    let argo_options = ArgoOptions {
        kind: Some(ArgoKind::Workflow),
        ..options.clone()
    };
    let mut document = argo::lower(&labelled, &argo_options)?;
    let spec = document.workflow_spec_mut();
    for s in &tuning.search_space {
        let argument = spec
            .arguments
            .parameters
            .iter_mut()
            .find(|a| a.name == s.parameter)
            .ok_or_else(|| {
                CompileError::unsupported(
                    at,
                    format!("the workflow has no parameter `{}` to search", s.parameter),
                )
            })?;
        argument.value = Some(format!("${{trialParameters.{}}}", s.parameter));
    }
    let labelled_templates = spec
        .templates
        .iter()
        .filter(|t| t.metadata.labels.contains_key(PRIMARY_POD_LABEL))
        .count();
    if labelled_templates != 1 {
        return Err(CompileError::unsupported(
            at,
            format!(
                "the metric task `{}` must become exactly one pod template, not {labelled_templates}",
                tuning.metric_from.task
            ),
        ));
    }
    let m = document.metadata;
    let metadata = ObjectMeta {
        labels: m.labels,
        annotations: m.annotations,
        ..ObjectMeta::default()
    };
    Ok(TrialSpec {
        api_version: document.api_version,
        kind: document.kind,
        metadata: (metadata != ObjectMeta::default()).then_some(metadata),
        spec: document.spec,
    })
}

/// Add [`PRIMARY_POD_LABEL`] to the task named `name`; whether it was found.
fn label_task(dag: &mut Dag, name: &str) -> bool {
    dag.nodes.iter_mut().any(|node| match node {
        Node::Task(t) if t.name == name => {
            t.pod_mut()
                .labels
                .insert(PRIMARY_POD_LABEL.to_string(), "true".to_string());
            true
        }
        Node::Task(_) => false,
        Node::Condition(c) => c.branches.iter_mut().any(|b| label_task(&mut b.body, name)),
        Node::Loop(l) => label_task(&mut l.body, name),
        Node::ExitHandler(e) => {
            if e.exit_task.name == name {
                e.exit_task
                    .pod_mut()
                    .labels
                    .insert(PRIMARY_POD_LABEL.to_string(), "true".to_string());
                true
            } else {
                label_task(&mut e.body, name)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use pipec_dsl::ir::{Algorithm, Tpe};
    use pipec_dsl::validate;
    use serde_json::json;

    use super::*;

    /// A pipeline `name` with one task `score` that reports `f1`, searching `rate`.
    fn tuned(name: &str) -> Pipeline {
        serde_json::from_value(json!({
            "name": name,
            "parameters": [{"name": "rate", "type": "float", "default": 0.1}],
            "components": {"score": {
                "name": "score",
                "inputs": [{"name": "rate", "type": "float"}],
                "implementation": {"container": {
                    "image": "alpine:3.20", "command": ["score"], "args": [{"input_value": "rate"}]
                }}
            }},
            "root": {"nodes": [{"task": {
                "name": "score", "component": "score",
                "arguments": {"rate": {"parameter": "rate"}}
            }}]},
            "settings": {"tuning": {
                "objective": {"direction": "maximize", "metric": "f1"},
                "metric_from": {"task": "score", "source": "stdout"},
                "algorithm": {"random": {}},
                "search_space": [{"parameter": "rate", "space": {"double": {"min": 0.0, "max": 1.0}}}],
                "max_trial_count": 4
            }}
        }))
        .expect("a valid IR")
    }

    fn lowered(p: Pipeline, options: &ArgoOptions) -> Result<Experiment, CompileError> {
        lower(&validate(p).expect("valid"), options)
    }

    #[test]
    fn the_trial_workflow_takes_the_searched_values_from_katib() {
        let e = lowered(tuned("t"), &ArgoOptions::default()).unwrap();
        let trial = &e.spec.trial_template.trial_spec;
        assert_eq!(trial.kind, "Workflow");
        assert_eq!(trial.metadata, None, "Katib names the trial's workflow");
        let crate::argo::model::Spec::Workflow(spec) = &trial.spec else {
            panic!("a workflow spec");
        };
        let rate = &spec.arguments.parameters[0];
        assert_eq!(rate.value.as_deref(), Some("${trialParameters.rate}"));
        let score = spec.template("score").expect("the metric task's template");
        assert_eq!(
            score
                .metadata
                .labels
                .get(PRIMARY_POD_LABEL)
                .map(String::as_str),
            Some("true")
        );
        assert_eq!(e.spec.trial_template.trial_parameters[0].reference, "rate");
    }

    #[test]
    fn a_pipeline_without_tuning_says_how_to_add_it() {
        let mut p = tuned("t");
        p.settings.tuning = None;
        let err = lowered(p, &ArgoOptions::default()).unwrap_err().to_string();
        assert!(
            err.contains("the katib target needs a tuning spec"),
            "{err}"
        );
        assert!(err.contains("settings.tuning"), "{err}");
    }

    #[test]
    fn only_a_workflow_can_be_a_trial() {
        let options = ArgoOptions {
            kind: Some(ArgoKind::WorkflowTemplate),
            ..ArgoOptions::default()
        };
        let err = lowered(tuned("t"), &options).unwrap_err().to_string();
        assert!(err.contains("not a WorkflowTemplate"), "{err}");
    }

    #[test]
    fn the_experiment_name_starts_with_a_letter() {
        let err = lowered(tuned("2fast"), &ArgoOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("starts with a lowercase letter"), "{err}");
    }

    #[test]
    fn tpe_settings_use_katib_names() {
        let settings = Tpe {
            n_startup_trials: Some(5),
            n_ei_candidates: Some(24),
            random_state: None,
        };
        let spec = algorithm(&Algorithm::MultivariateTpe(settings));
        assert_eq!(spec.algorithm_name, "multivariate-tpe");
        let names: Vec<(&str, &str)> = spec
            .algorithm_settings
            .iter()
            .map(|s| (s.name.as_str(), s.value.as_str()))
            .collect();
        assert_eq!(
            names,
            [("n_startup_trials", "5"), ("n_ei_candidates", "24")]
        );
    }
}
