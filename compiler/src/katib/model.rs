//! The Katib objects pipec writes, as typed structs: an `Experiment` (`kubeflow.org/v1beta1`)
//! whose trial template embeds an Argo `Workflow`.
//!
//! Field names serialise in camelCase and empty fields are left out. Katib types every number in a
//! feasible space and every algorithm setting as a string, so they are strings here too.

use std::collections::BTreeMap;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

use crate::argo::model::Spec as WorkflowSpec;

/// The API group and version of a Katib `Experiment`.
pub const API_VERSION: &str = "kubeflow.org/v1beta1";

/// A Katib `Experiment`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Experiment {
    /// Always [`API_VERSION`].
    pub api_version: String,
    /// Always `Experiment`.
    pub kind: String,
    /// Name, namespace, labels and annotations.
    pub metadata: ObjectMeta,
    /// What is searched and how.
    pub spec: ExperimentSpec,
}

/// `Experiment.spec`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExperimentSpec {
    /// The metric to optimise.
    pub objective: ObjectiveSpec,
    /// The search algorithm.
    pub algorithm: AlgorithmSpec,
    /// At most this many trials at once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel_trial_count: Option<u32>,
    /// Stop after this many trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_trial_count: Option<u32>,
    /// Fail after this many failed trials.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_failed_trial_count: Option<u32>,
    /// The search space.
    pub parameters: Vec<ParameterSpec>,
    /// How each trial's metrics are collected.
    pub metrics_collector_spec: MetricsCollectorSpec,
    /// What each trial runs.
    pub trial_template: TrialTemplate,
}

/// `spec.objective`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectiveSpec {
    /// `maximize` or `minimize`.
    #[serde(rename = "type")]
    pub direction: String,
    /// Stop when a trial reaches it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<f64>,
    /// The metric to optimise.
    pub objective_metric_name: String,
    /// Other metrics recorded per trial.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub additional_metric_names: Vec<String>,
}

/// `spec.algorithm`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AlgorithmSpec {
    /// Katib's algorithm name, e.g. `tpe`.
    pub algorithm_name: String,
    /// Settings, by name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub algorithm_settings: Vec<AlgorithmSetting>,
}

/// One algorithm setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlgorithmSetting {
    /// The setting's name, e.g. `random_state`.
    pub name: String,
    /// Its value, as text.
    pub value: String,
}

/// One searched parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParameterSpec {
    /// The parameter's name in the search space.
    pub name: String,
    /// `double`, `int`, `categorical` or `discrete`.
    pub parameter_type: String,
    /// The values it may take.
    pub feasible_space: FeasibleSpace,
}

/// `feasibleSpace`: a range (`min`, `max`, `step`) or a `list`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FeasibleSpace {
    /// The smallest value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<String>,
    /// The largest value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<String>,
    /// The distance between values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// The values of a categorical or discrete space.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<String>,
    /// `uniform`, `logUniform`, `normal` or `logNormal`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
}

/// `spec.metricsCollectorSpec`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetricsCollectorSpec {
    /// The kind of collector.
    pub collector: CollectorSpec,
    /// Where it reads from (files and filters).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceSpec>,
}

/// `metricsCollectorSpec.collector`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectorSpec {
    /// `StdOut` or `File`.
    pub kind: String,
}

/// `metricsCollectorSpec.source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SourceSpec {
    /// The metrics file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_system_path: Option<FileSystemPath>,
    /// Regular expressions that read metrics from text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<FilterSpec>,
}

/// `source.fileSystemPath`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSystemPath {
    /// The absolute path in the primary container.
    pub path: String,
    /// Always `File`.
    pub kind: String,
    /// `TEXT` or `JSON`.
    pub format: String,
}

/// `source.filter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterSpec {
    /// Regular expressions with two groups: name and value.
    pub metrics_format: Vec<String>,
}

/// `spec.trialTemplate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialTemplate {
    /// The container whose output holds the metrics (Argo names it `main`).
    pub primary_container_name: String,
    /// Labels of the one pod whose container is the primary one.
    pub primary_pod_labels: BTreeMap<String, String>,
    /// When a trial's workflow succeeded (a GJSON path on the object).
    pub success_condition: String,
    /// When a trial's workflow failed.
    pub failure_condition: String,
    /// The values each trial substitutes for `${trialParameters.NAME}`.
    pub trial_parameters: Vec<TrialParameterSpec>,
    /// The workflow each trial runs.
    pub trial_spec: TrialSpec,
}

/// One of `trialParameters`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrialParameterSpec {
    /// The name in `${trialParameters.NAME}`.
    pub name: String,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The search-space parameter it takes its value from.
    pub reference: String,
}

/// The Argo `Workflow` a trial runs. Katib names it after the trial and puts it in the
/// experiment's namespace, so it carries neither name nor namespace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrialSpec {
    /// `argoproj.io/v1alpha1`.
    pub api_version: String,
    /// `Workflow`.
    pub kind: String,
    /// Labels and annotations only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<ObjectMeta>,
    /// The workflow spec.
    pub spec: WorkflowSpec,
}
