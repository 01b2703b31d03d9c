//! Task settings that Argo keeps on the template (it has no per-task pod settings): pod metadata,
//! node selector, tolerations, retries, memoization and the deadline.

use k8s_openapi::api::core::v1 as core;
use pipec_dsl::ir::{Backoff as IrBackoff, Caching, Component, Retry, RetryPolicy, Task};

use super::model::{
    Backoff, CacheConfigMap, Memoize, MemoizeCache, RetryStrategy, Template, TemplateMetadata,
};
use super::options::{ArgoOptions, ArgoVersion};
use crate::CompileError;

/// The config map memoized results go to when the task names none.
pub const DEFAULT_MEMO_CONFIG_MAP: &str = "pipec-memo";

/// Copy a task's pod-level settings onto its template. `at` locates the task in errors.
pub(super) fn apply(
    template: &mut Template,
    component: &Component,
    task: &Task,
    options: &ArgoOptions,
    at: &str,
) -> Result<(), CompileError> {
    let pod = task.pod();
    template.metadata = TemplateMetadata {
        labels: pod.labels.clone(),
        annotations: pod.annotations.clone(),
    };
    template.node_selector = pod.node_selector.clone();
    template.tolerations = pod.tolerations.iter().map(toleration).collect();
    template.retry_strategy = pod
        .retry
        .as_ref()
        .map(|r| retry(r, at).map(Box::new))
        .transpose()?;
    template.active_deadline_seconds = pod.timeout_seconds.map(|s| s.to_string());
    template.memoize = match &pod.caching {
        Some(c) if c.enabled => Some(Box::new(memoize(c, component, options.version, at)?)),
        _ => None,
    };
    Ok(())
}

fn toleration(t: &pipec_dsl::ir::Toleration) -> core::Toleration {
    core::Toleration {
        key: t.key.clone(),
        operator: t.operator.clone(),
        value: t.value.clone(),
        effect: t.effect.clone(),
        toleration_seconds: t.toleration_seconds,
    }
}

fn retry(r: &Retry, at: &str) -> Result<RetryStrategy, CompileError> {
    Ok(RetryStrategy {
        limit: r.limit.to_string(),
        retry_policy: r.policy.map(|p| policy(p).to_string()),
        backoff: r.backoff.as_ref().map(|b| backoff(b, at)).transpose()?,
    })
}

fn policy(p: RetryPolicy) -> &'static str {
    match p {
        RetryPolicy::Always => "Always",
        RetryPolicy::OnFailure => "OnFailure",
        RetryPolicy::OnError => "OnError",
        RetryPolicy::OnTransientError => "OnTransientError",
    }
}

fn backoff(b: &IrBackoff, at: &str) -> Result<Backoff, CompileError> {
    let factor = match b.factor {
        None => None,
        // Argo reads the factor as an integer (`IntOrString`); a fraction would silently become 0.
        Some(f) if f.fract() == 0.0 && f >= 1.0 && f <= i32::MAX as f64 => {
            Some((f as i64).to_string())
        }
        Some(f) => {
            return Err(CompileError::unsupported(
                at,
                format!("Argo's retry backoff factor is a whole number of at least 1, not {f}"),
            ));
        }
    };
    Ok(Backoff {
        duration: b.duration.clone(),
        factor,
        max_duration: b.max_duration.clone(),
    })
}

/// Argo memoizes on a string key, which after substitution must match `^[a-zA-Z0-9][-a-zA-Z0-9]*$`
/// (a value such as `0.01` or a URI would not). Without an explicit key, the key is the
/// component's name and a SHA-256 of its input parameter values (an Argo expression, so any value
/// gives a valid key). Argo cannot key on an artifact's content, and a key without it would let
/// one loop iteration reuse another's result, so a component with artifact inputs needs an
/// explicit key. An explicit key is used as written.
fn memoize(
    c: &Caching,
    component: &Component,
    version: ArgoVersion,
    at: &str,
) -> Result<Memoize, CompileError> {
    let key = match &c.key {
        Some(k) => k.clone(),
        None if component.inputs.iter().any(|i| i.ty.is_artifact()) => {
            return Err(CompileError::unsupported(
                at,
                "Argo memoizes on a key of parameters, and this component has artifact inputs, \
                 whose content Argo cannot key on; set an explicit cache key naming what \
                 identifies the inputs (e.g. `.cache_key(\"segment-{{inputs.parameters.subject}}\")`), \
                 or turn caching off for this task",
            ));
        }
        None => default_memo_key(component),
    };
    let name = c
        .config_map
        .clone()
        .unwrap_or_else(|| DEFAULT_MEMO_CONFIG_MAP.to_string());
    // Argo 3's schema requires a key in the config-map selector; the controller does not use it.
    let config_key = match version {
        ArgoVersion::V3 => Some(pipec_dsl::name::sanitize(&component.name)),
        ArgoVersion::V4 => None,
    };
    Ok(Memoize {
        key,
        max_age: c.max_age.clone().unwrap_or_default(),
        cache: MemoizeCache {
            config_map: CacheConfigMap {
                name,
                key: config_key,
            },
        },
    })
}

/// `<component>-<sha256 of the input parameter values>`, or the component's name alone when it
/// has no inputs.
fn default_memo_key(component: &Component) -> String {
    let name = pipec_dsl::name::sanitize(&component.name);
    let values: Vec<String> = component
        .inputs
        .iter()
        .map(|i| format!("inputs.parameters['{}']", i.name))
        .collect();
    if values.is_empty() {
        return name;
    }
    format!(
        "{name}-{{{{=sprig.sha256sum(toJson([{}]))}}}}",
        values.join(", ")
    )
}
