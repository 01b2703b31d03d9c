//! `lower`: a validated pipeline to one Argo object, with the workflow-wide settings.

use std::collections::BTreeMap;
use std::sync::Arc;

use foldhash::HashMap;

use k8s_openapi::api::core::v1 as core;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use pipec_dsl::Validated;
use pipec_dsl::ir::{ConcurrencyPolicy, Pipeline, PodGc as IrPodGc, Settings};
use pipec_dsl::name::sanitize;

use super::container::text_of;
use super::model::{
    API_VERSION, Arguments, CronWorkflowSpec, Document, Parameter, PodGc, Spec, TtlStrategy,
    VolumeClaimTemplate, WorkflowSpec,
};
use super::options::{ArgoKind, ArgoOptions};
use super::repository;
use super::source::PipelineCtx;
use super::templates::Templates;
use crate::CompileError;

/// The longest CronWorkflow name: Argo appends a timestamp to name each run.
const MAX_CRON_NAME: usize = 52;

/// State shared while lowering a pipeline and the pipelines nested in it.
pub(super) struct Lowering<'a> {
    /// The user's options.
    pub options: &'a ArgoOptions,
    /// The compiled pipeline's settings (artifact repository, created volumes).
    pub settings: &'a Settings,
    /// Every template so far.
    pub templates: Templates,
    /// Nested pipelines already lowered, by address, to their root template.
    pub nested: HashMap<usize, Arc<str>>,
    /// The step template of each container component (by address) whose tasks set no pod
    /// settings: most tasks of a large pipeline, which then skip building and interning one.
    pub plain_steps: HashMap<usize, Arc<str>>,
}

/// Lower a validated pipeline to an Argo object (see [`ArgoOptions`] for which kind).
///
/// ```
/// use pipec_compiler::argo::{ArgoOptions, lower};
/// use pipec_dsl::{ir::Pipeline, validate};
/// let p = validate(Pipeline::new("hello")).unwrap();
/// let doc = lower(&p, &ArgoOptions::default()).unwrap();
/// assert_eq!(doc.kind, "Workflow");
/// assert_eq!(doc.metadata.generate_name.as_deref(), Some("hello-"));
/// assert_eq!(doc.workflow_spec().entrypoint, "hello");
/// ```
pub fn lower(
    pipeline: &Validated<Pipeline>,
    options: &ArgoOptions,
) -> Result<Document, CompileError> {
    let p: &Pipeline = pipeline;
    let kind = options.kind.unwrap_or(if p.settings.schedule.is_some() {
        ArgoKind::CronWorkflow
    } else {
        ArgoKind::Workflow
    });
    let mut lowering = Lowering {
        options,
        settings: &p.settings,
        templates: Templates::default(),
        nested: HashMap::default(),
        plain_steps: HashMap::default(),
    };
    let ctx = PipelineCtx::new(p, true, format!("pipeline {}", p.name));
    let entrypoint = lowering.pipeline(&ctx, &p.name)?;
    let templates = lowering.templates.finish().ok_or_else(|| {
        CompileError::unsupported(&p.name, "a template was reserved but never written")
    })?;
    let spec = workflow_spec(p, entrypoint, templates);
    Ok(Document {
        api_version: API_VERSION.to_string(),
        kind: kind.name().to_string(),
        metadata: metadata(p, kind)?,
        spec: match kind {
            ArgoKind::CronWorkflow => Spec::Cron(cron_spec(p, spec)?),
            _ => Spec::Workflow(spec),
        },
    })
}

fn metadata(p: &Pipeline, kind: ArgoKind) -> Result<ObjectMeta, CompileError> {
    let name = sanitize(&p.name);
    let s = &p.settings;
    let mut meta = ObjectMeta {
        namespace: s.namespace.clone(),
        labels: non_empty(&s.labels),
        annotations: non_empty(&s.annotations),
        ..ObjectMeta::default()
    };
    match kind {
        ArgoKind::Workflow => meta.generate_name = Some(format!("{name}-")),
        ArgoKind::CronWorkflow if name.len() > MAX_CRON_NAME => {
            return Err(CompileError::unsupported(
                format!("pipeline {}", p.name),
                format!(
                    "a CronWorkflow name has at most {MAX_CRON_NAME} characters; `{name}` has {}",
                    name.len()
                ),
            ));
        }
        _ => meta.name = Some(name),
    }
    Ok(meta)
}

fn non_empty(map: &BTreeMap<String, String>) -> Option<BTreeMap<String, String>> {
    (!map.is_empty()).then(|| map.clone())
}

fn workflow_spec(
    p: &Pipeline,
    entrypoint: String,
    templates: Vec<super::model::Template>,
) -> WorkflowSpec {
    let s = &p.settings;
    WorkflowSpec {
        entrypoint,
        arguments: Arguments {
            parameters: p
                .parameters
                .iter()
                .map(|param| Parameter {
                    name: param.name.clone(),
                    value: param.default.as_ref().map(text_of),
                    description: param.description.clone(),
                    ..Parameter::default()
                })
                .collect(),
            artifacts: Vec::new(),
        },
        service_account_name: s.service_account.clone(),
        parallelism: s.parallelism,
        active_deadline_seconds: s.timeout_seconds,
        ttl_strategy: s.ttl_seconds_after_finished.map(|secs| TtlStrategy {
            seconds_after_completion: secs,
        }),
        pod_gc: s.pod_gc.map(|g| PodGc {
            strategy: pod_gc(g).to_string(),
        }),
        artifact_repository_ref: repository::reference(s),
        volume_claim_templates: s.volumes.iter().map(claim_template).collect(),
        templates,
    }
}

fn pod_gc(g: IrPodGc) -> &'static str {
    match g {
        IrPodGc::OnPodCompletion => "OnPodCompletion",
        IrPodGc::OnPodSuccess => "OnPodSuccess",
        IrPodGc::OnWorkflowCompletion => "OnWorkflowCompletion",
        IrPodGc::OnWorkflowSuccess => "OnWorkflowSuccess",
    }
}

fn claim_template(v: &pipec_dsl::ir::VolumeClaim) -> VolumeClaimTemplate {
    let access_modes = if v.access_modes.is_empty() {
        vec!["ReadWriteOnce".to_string()]
    } else {
        v.access_modes.clone()
    };
    VolumeClaimTemplate {
        metadata: ObjectMeta {
            name: Some(sanitize(&v.name)),
            ..ObjectMeta::default()
        },
        spec: core::PersistentVolumeClaimSpec {
            access_modes: Some(access_modes),
            storage_class_name: v.storage_class.clone(),
            resources: Some(core::VolumeResourceRequirements {
                requests: Some(BTreeMap::from([(
                    "storage".to_string(),
                    Quantity(v.size.clone()),
                )])),
                limits: None,
            }),
            ..core::PersistentVolumeClaimSpec::default()
        },
    }
}

fn cron_spec(p: &Pipeline, workflow_spec: WorkflowSpec) -> Result<CronWorkflowSpec, CompileError> {
    let schedule = p.settings.schedule.as_ref().ok_or_else(|| {
        CompileError::unsupported(
            format!("pipeline {}", p.name),
            "a CronWorkflow needs a schedule (`settings.schedule`)",
        )
    })?;
    Ok(CronWorkflowSpec {
        schedules: vec![schedule.cron.clone()],
        timezone: schedule.timezone.clone(),
        concurrency_policy: schedule.concurrency_policy.map(|c| {
            match c {
                ConcurrencyPolicy::Allow => "Allow",
                ConcurrencyPolicy::Forbid => "Forbid",
                ConcurrencyPolicy::Replace => "Replace",
            }
            .to_string()
        }),
        workflow_spec,
    })
}
