//! Environment variables: names Kubernetes accepts, and secret references to valid secret names
//! and keys.

use super::ValidationError;
use super::index::{Index, NodeRef};
use super::location::Location;
use super::rules::Part;
use crate::ir::{EnvVar, Implementation};
use crate::name::{is_dns1123_subdomain, is_env_var_name};

/// This rule: each task, then each container component.
pub(super) const PARTS: &[Part] = &[Part::Node(check_task), Part::Whole(check_components)];

/// Check the environment of every task and container component.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_task(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    let Some(site) = index.task_at(node) else {
        return;
    };
    check_literals(&|| site.location(), &site.task.pod().env, errors);
    for secret in &site.task.pod().secret_env {
        let location = site
            .location()
            .then(format_args!("secret_env {}", secret.name));
        if let Some(message) = name_problem(&secret.name) {
            errors.push(location.error(message));
        }
        if !is_dns1123_subdomain(&secret.secret) {
            errors.push(location.error(format!(
                "`{}` is not a valid secret name: use lowercase letters, digits, `-` and \
                 `.`, starting and ending with a letter or digit",
                secret.secret
            )));
        }
        if !is_secret_key(&secret.key) {
            errors.push(location.error(format!(
                "`{}` is not a valid secret key: use letters, digits, `-`, `_` and `.`",
                secret.key
            )));
        }
    }
}

fn check_components(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for (key, component) in &index.pipeline.components {
        if let Implementation::Container(c) = &component.implementation {
            let location = || index.location.then(format_args!("component {key}"));
            check_literals(&location, &c.env, errors);
        }
    }
}

/// `parent` gives the location of the task or component, when an error needs it.
fn check_literals(
    parent: &dyn Fn() -> Location,
    env: &[EnvVar],
    errors: &mut Vec<ValidationError>,
) {
    for var in env {
        if let Some(message) = name_problem(&var.name) {
            errors.push(
                parent()
                    .then(format_args!("env {}", var.name))
                    .error(message),
            );
        }
    }
}

fn name_problem(name: &str) -> Option<String> {
    (!is_env_var_name(name)).then(|| {
        format!(
            "`{name}` is not a valid environment variable name: use letters, digits, `_`, `-` \
             and `.`, not starting with a digit (e.g. `API_TOKEN`)"
        )
    })
}

/// A key of a Kubernetes secret or config map.
fn is_secret_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 253
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::SecretEnv;

    #[test]
    fn env_names() {
        let mut p = pipeline(vec![produce("a")]);
        let t = task_mut(&mut p, "a");
        t.pod_mut().env = vec![
            EnvVar {
                name: "OK_1".into(),
                value: "x".into(),
            },
            EnvVar {
                name: "1BAD".into(),
                value: "x".into(),
            },
        ];
        t.pod_mut().secret_env = vec![
            SecretEnv {
                name: "AWS_KEY".into(),
                secret: "minio-creds".into(),
                key: "accesskey".into(),
            },
            SecretEnv {
                name: "MY VAR".into(),
                secret: "Minio_Creds".into(),
                key: "a/b".into(),
            },
        ];
        if let Implementation::Container(c) =
            &mut p.components.get_mut("echo").unwrap().implementation
        {
            c.env.push(EnvVar {
                name: String::new(),
                value: "x".into(),
            });
        }
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › task a › env 1BAD: `1BAD` is not a valid environment variable \
                 name: use letters, digits, `_`, `-` and `.`, not starting with a digit (e.g. \
                 `API_TOKEN`)",
                "pipeline t › task a › secret_env MY VAR: `MY VAR` is not a valid environment \
                 variable name: use letters, digits, `_`, `-` and `.`, not starting with a digit \
                 (e.g. `API_TOKEN`)",
                "pipeline t › task a › secret_env MY VAR: `Minio_Creds` is not a valid secret \
                 name: use lowercase letters, digits, `-` and `.`, starting and ending with a \
                 letter or digit",
                "pipeline t › task a › secret_env MY VAR: `a/b` is not a valid secret key: use \
                 letters, digits, `-`, `_` and `.`",
                "pipeline t › component echo › env : `` is not a valid environment variable \
                 name: use letters, digits, `_`, `-` and `.`, not starting with a digit (e.g. \
                 `API_TOKEN`)",
            ]
        );
    }
}
