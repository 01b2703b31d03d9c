//! What a user can choose about the Argo output.

/// Options for the Argo backend.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArgoOptions {
    /// The kind of object to write. `None` writes a `CronWorkflow` when the pipeline has a schedule
    /// and a `Workflow` otherwise. A `Workflow` or `WorkflowTemplate` chosen explicitly ignores the
    /// schedule.
    pub kind: Option<ArgoKind>,
    /// The Argo release the output is for; the two differ in a few fields (see [`ArgoVersion`]).
    pub version: ArgoVersion,
    /// The node label that selects an accelerator model (`Accelerator::ty`). `None` uses
    /// [`ArgoOptions::DEFAULT_ACCELERATOR_LABEL`], the label KFP sets on GKE.
    pub accelerator_label: Option<String>,
    /// The most tasks one DAG template may hold; a scope with more is split into nested DAG
    /// templates. `None` uses [`ArgoOptions::DEFAULT_MAX_DAG_TASKS`], the limit of Argo 4's CRD.
    pub max_dag_tasks: Option<usize>,
}

impl ArgoOptions {
    /// The node label used for an accelerator model when none is configured.
    pub const DEFAULT_ACCELERATOR_LABEL: &'static str = "cloud.google.com/gke-accelerator";

    /// The most tasks in one DAG template that Argo 4's CRD accepts (`dag.tasks` `maxItems`).
    pub const DEFAULT_MAX_DAG_TASKS: usize = 200;

    /// The most tasks one DAG template may hold.
    pub fn max_dag_tasks(&self) -> usize {
        self.max_dag_tasks.unwrap_or(Self::DEFAULT_MAX_DAG_TASKS)
    }

    /// The node label that selects an accelerator model.
    pub fn accelerator_label(&self) -> &str {
        self.accelerator_label
            .as_deref()
            .unwrap_or(Self::DEFAULT_ACCELERATOR_LABEL)
    }
}

/// The kind of Argo object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ArgoKind {
    /// A run: `metadata.generateName` is `<pipeline>-`, so every submission gets a new name.
    Workflow,
    /// A reusable template, named `<pipeline>`, that runs are submitted from.
    WorkflowTemplate,
    /// A schedule, named `<pipeline>`, that submits runs (needs the pipeline's `settings.schedule`).
    CronWorkflow,
}

impl ArgoKind {
    /// The Kubernetes `kind`.
    pub fn name(self) -> &'static str {
        match self {
            ArgoKind::Workflow => "Workflow",
            ArgoKind::WorkflowTemplate => "WorkflowTemplate",
            ArgoKind::CronWorkflow => "CronWorkflow",
        }
    }
}

/// The Argo Workflows release line the output targets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum ArgoVersion {
    /// Argo 3.6 and 3.7: `memoize.cache.configMap` carries a `key` (the v3 schema requires it).
    V3,
    /// Argo 4: `memoize.cache.configMap` is a plain reference (the v4 CRD rejects `key`).
    #[default]
    V4,
}
