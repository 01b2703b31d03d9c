//! Volume mounts: each mounts a claim the pipeline creates (by a name in `settings.volumes`) or an
//! existing claim named by a string constant or a string pipeline parameter, at an absolute path
//! used once per task.

use super::ValidationError;
use super::index::{Index, NodeRef};
use super::rules::Part;
use super::suggestion::hint;
use super::types::{a, json_type_name};
use crate::ir::{Argument, ParamType, VolumeSource};
use crate::name::is_dns1123_subdomain;

/// This rule: each task in turn.
pub(super) const PARTS: &[Part] = &[Part::Node(check_task)];

/// Check every task's volume mounts.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_task(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    let Some(site) = index.task_at(node) else {
        return;
    };
    let mut seen: Vec<&str> = Vec::new();
    for mount in &site.task.pod().volumes {
        let path = mount.mount_path.as_str();
        let location = site.location().then(format_args!("volume {path}"));
        if !path.starts_with('/') {
            errors.push(location.error(format!(
                "the mount path `{path}` is not absolute; start it with `/`"
            )));
        } else if seen.contains(&path) {
            errors.push(location.error(format!(
                "`{path}` is mounted twice in this task; use one mount per path"
            )));
        }
        seen.push(path);
        if let Some(message) = source_problem(index, &mount.source) {
            errors.push(location.error(message));
        }
    }
}

fn source_problem(index: &Index<'_>, source: &VolumeSource) -> Option<String> {
    match source {
        VolumeSource::Created(name) => {
            let claims = &index.pipeline.settings.volumes;
            (!claims.iter().any(|c| &c.name == name)).then(|| {
                let known = claims.iter().map(|c| c.name.as_str());
                format!(
                    "no volume `{name}` in the pipeline's settings.volumes{}",
                    hint(name, known)
                )
            })
        }
        VolumeSource::Pvc(claim) => claim_problem(index, claim),
    }
}

/// A claim name must be known when pods are created: a string constant or a string parameter.
fn claim_problem(index: &Index<'_>, claim: &Argument) -> Option<String> {
    match claim {
        Argument::Constant(serde_json::Value::String(name)) => {
            (!is_dns1123_subdomain(name)).then(|| {
                format!(
                    "`{name}` is not a valid claim name: use lowercase letters, digits, `-` and \
                     `.`, starting and ending with a letter or digit"
                )
            })
        }
        Argument::Constant(other) => Some(format!(
            "a claim name is a string, not {}; write it in quotes",
            a(json_type_name(other))
        )),
        Argument::Parameter(name) => {
            let p = index.pipeline.parameter(name)?;
            (p.ty != ParamType::String).then(|| {
                format!(
                    "pipeline parameter `{name}` is {}, but a claim name is a string; declare \
                     it as `string`",
                    a(p.ty.name())
                )
            })
        }
        Argument::TaskOutput(_) | Argument::Collected(_) | Argument::LoopItem(_) => Some(
            "a claim name must be a string constant or a string pipeline parameter; to use a \
             claim the pipeline creates, add it to settings.volumes and mount it by name"
                .to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{VolumeClaim, VolumeMount};
    use serde_json::json;

    fn mount(path: &str, source: VolumeSource) -> VolumeMount {
        VolumeMount {
            mount_path: path.into(),
            source,
            sub_path: None,
        }
    }

    #[test]
    fn mounts() {
        let mut p = pipeline(vec![produce("a")]);
        p.settings.volumes.push(VolumeClaim {
            name: "scratch".into(),
            size: "1Gi".into(),
            access_modes: Vec::new(),
            storage_class: None,
        });
        task_mut(&mut p, "a").pod_mut().volumes = vec![
            mount("/ok", VolumeSource::Created("scratch".into())),
            mount("/ok2", VolumeSource::Pvc(param("pvc"))),
            mount("/ok3", VolumeSource::Pvc(constant(json!("data-claim")))),
            mount("rel", VolumeSource::Created("scrach".into())),
            mount("/ok", VolumeSource::Pvc(param("rows"))),
            mount("/x", VolumeSource::Pvc(constant(json!(3)))),
            mount("/y", VolumeSource::Pvc(out("a", "count"))),
            mount("/z", VolumeSource::Pvc(constant(json!("Bad_Claim")))),
        ];
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a › volume rel: the mount path `rel` is not absolute; start it \
                 with `/`",
                "pipeline t › task a › volume rel: no volume `scrach` in the pipeline's \
                 settings.volumes; did you mean `scratch`?",
                "pipeline t › task a › volume /ok: `/ok` is mounted twice in this task; use one \
                 mount per path",
                "pipeline t › task a › volume /ok: pipeline parameter `rows` is an int, but a \
                 claim name is a string; declare it as `string`",
                "pipeline t › task a › volume /x: a claim name is a string, not an int; write it \
                 in quotes",
                "pipeline t › task a › volume /y: a claim name must be a string constant or a \
                 string pipeline parameter; to use a claim the pipeline creates, add it to \
                 settings.volumes and mount it by name",
                "pipeline t › task a › volume /z: `Bad_Claim` is not a valid claim name: use \
                 lowercase letters, digits, `-` and `.`, starting and ending with a letter or \
                 digit",
            ]
        );
    }
}
