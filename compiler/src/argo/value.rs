//! Values that cross scope boundaries, and how one scope reads them.
//!
//! Argo's `{{tasks.X…}}` only names tasks of the same DAG template and `{{item}}` only exists in the
//! looped task's own arguments. So a value used in another scope than the one it is made in travels
//! as a template input (down into nested scopes) or a template output (up out of them), under one
//! name per value, its *carrier* name.

use pipec_dsl::name::sanitize;

/// A value that may need to travel between scopes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Value {
    /// A parameter of a nested pipeline. (The root pipeline's parameters are global:
    /// `{{workflow.parameters.x}}` reads them anywhere.)
    Param(String),
    /// An output of a task.
    Output {
        /// The producing task, as named in the IR.
        task: String,
        /// The output's name.
        output: String,
        /// Whether it is an artifact.
        artifact: bool,
    },
    /// The current item of a loop, or one field of it.
    Item {
        /// The loop, as named in the IR.
        loop_name: String,
        /// The field, when items are objects.
        field: Option<String>,
    },
}

impl Value {
    /// The input/output name the value travels under. Parameter names have no `-` while the
    /// others always do, so a parameter never shares a carrier name with an output or item.
    pub(super) fn carrier(&self) -> String {
        match self {
            Value::Param(name) => name.clone(),
            Value::Output { task, output, .. } => format!("{}-{output}", sanitize(task)),
            Value::Item { loop_name, field } => match field {
                None => format!("{}-item", sanitize(loop_name)),
                Some(f) => format!("{}-item-{}", sanitize(loop_name), parameter_safe(f)),
            },
        }
    }

    /// Whether the value is an artifact (else a parameter).
    pub(super) fn is_artifact(&self) -> bool {
        matches!(self, Value::Output { artifact: true, .. })
    }
}

/// `s` with every character Argo does not allow in a parameter name replaced by `_`.
fn parameter_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Where one scope reads a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ref {
    /// A parameter of the root pipeline: `workflow.parameters.NAME`.
    Global(String),
    /// An input of the current template: `inputs.parameters.NAME` / `inputs.artifacts.NAME`.
    Input {
        /// The input's name.
        name: String,
        /// Artifact or parameter.
        artifact: bool,
    },
    /// An output of a task of the current DAG: `tasks.TASK.outputs.parameters.NAME`.
    Task {
        /// The DAG task's name.
        task: String,
        /// The output's name.
        name: String,
        /// Artifact or parameter.
        artifact: bool,
    },
    /// The loop item in the looped task's arguments: `item` or `item.FIELD`.
    Item(Option<String>),
}

impl Ref {
    /// The `{{…}}` reference Argo substitutes.
    pub(super) fn template(&self) -> String {
        format!("{{{{{}}}}}", self.path())
    }

    /// The dotted variable path, e.g. `tasks.train.outputs.parameters.score`.
    fn path(&self) -> String {
        match self {
            Ref::Global(name) => format!("workflow.parameters.{name}"),
            Ref::Input { name, artifact } => format!("inputs.{}.{name}", kind(*artifact)),
            Ref::Task {
                task,
                name,
                artifact,
            } => format!("tasks.{task}.outputs.{}.{name}", kind(*artifact)),
            Ref::Item(None) => "item".to_string(),
            Ref::Item(Some(field)) => format!("item.{field}"),
        }
    }

    /// The same variable in Argo's `{{=…}}` expression language, where names with `-` need the
    /// bracket form.
    pub(super) fn expression(&self) -> String {
        match self {
            Ref::Global(name) => format!("workflow.parameters['{name}']"),
            Ref::Input { name, artifact } => format!("inputs.{}['{name}']", kind(*artifact)),
            Ref::Task {
                task,
                name,
                artifact,
            } => format!("tasks['{task}'].outputs.{}['{name}']", kind(*artifact)),
            Ref::Item(None) => "item".to_string(),
            Ref::Item(Some(field)) => format!("item['{field}']"),
        }
    }
}

fn kind(artifact: bool) -> &'static str {
    if artifact { "artifacts" } else { "parameters" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriers_of_different_values_differ() {
        let p = Value::Param("top_k".into());
        let o = Value::Output {
            task: "Train".into(),
            output: "top_k".into(),
            artifact: false,
        };
        let i = Value::Item {
            loop_name: "for-loop-1".into(),
            field: Some("a.b".into()),
        };
        assert_eq!(p.carrier(), "top_k");
        assert_eq!(o.carrier(), "train-top_k");
        assert_eq!(i.carrier(), "for-loop-1-item-a_b");
    }

    #[test]
    fn refs_render_in_both_languages() {
        let r = Ref::Task {
            task: "a-b".into(),
            name: "x".into(),
            artifact: true,
        };
        assert_eq!(r.template(), "{{tasks.a-b.outputs.artifacts.x}}");
        assert_eq!(r.expression(), "tasks['a-b'].outputs.artifacts['x']");
        assert_eq!(Ref::Item(Some("f".into())).template(), "{{item.f}}");
    }
}
