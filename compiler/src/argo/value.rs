//! Values that cross scope boundaries, and how one scope reads them.
//!
//! Argo's `{{tasks.X…}}` only names tasks of the same DAG template and `{{item}}` only exists in the
//! looped task's own arguments. So a value used in another scope than the one it is made in travels
//! as a template input (down into nested scopes) or a template output (up out of them), under one
//! name per value, its *carrier* name.

use std::borrow::Cow;

use pipec_dsl::name::sanitized;

use super::nodes::NodeId;

/// A value that may need to travel between scopes. It borrows its names from the IR.
///
/// Two outputs are equal when their producing nodes are: the node id stands for the task's name,
/// so comparing and hashing read no task name.
#[derive(Debug, Clone, Copy)]
pub(super) enum Value<'a> {
    /// A parameter of a nested pipeline. (The root pipeline's parameters are global:
    /// `{{workflow.parameters.x}}` reads them anywhere.)
    Param(&'a str),
    /// An output of a task.
    Output {
        /// The producing task, as named in the IR.
        task: &'a str,
        /// The producing task's node id (see [`super::nodes`]).
        node: NodeId,
        /// The output's name.
        output: &'a str,
        /// Whether it is an artifact.
        artifact: bool,
    },
    /// The current item of a loop, or one field of it.
    Item {
        /// The loop, as named in the IR.
        loop_name: &'a str,
        /// The field, when items are objects.
        field: Option<&'a str>,
    },
}

impl PartialEq for Value<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Value::Param(a), Value::Param(b)) => a == b,
            (
                Value::Output {
                    node: n1,
                    output: o1,
                    artifact: a1,
                    ..
                },
                Value::Output {
                    node: n2,
                    output: o2,
                    artifact: a2,
                    ..
                },
            ) => n1 == n2 && a1 == a2 && o1 == o2,
            (
                Value::Item {
                    loop_name: l1,
                    field: f1,
                },
                Value::Item {
                    loop_name: l2,
                    field: f2,
                },
            ) => l1 == l2 && f1 == f2,
            _ => false,
        }
    }
}

impl Eq for Value<'_> {}

impl std::hash::Hash for Value<'_> {
    // Inlined into the carriers' lookups, which hash a value per scope it crosses: left out
    // of line, the call and the hasher's state passed through memory cost more than the hash.
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Value::Param(name) => name.hash(state),
            Value::Output {
                node,
                output,
                artifact,
                ..
            } => (node, output, artifact).hash(state),
            Value::Item { loop_name, field } => (loop_name, field).hash(state),
        }
    }
}

impl Value<'_> {
    /// The input/output name the value travels under. Parameter names have no `-` while the
    /// others always do, so a parameter never shares a carrier name with an output or item.
    pub(super) fn carrier(&self) -> String {
        let mut c = String::new();
        self.write_carrier_labelled(None, &mut c);
        c
    }

    /// [`Value::carrier`], given an output's producer's label (`sanitized(task)`) when known,
    /// written at the end of `c` (the carriers write each new name into one buffer and keep
    /// only the shared copy).
    pub(super) fn write_carrier_labelled(&self, label: Option<&str>, c: &mut String) {
        match self {
            Value::Param(name) => c.push_str(name),
            Value::Output { task, output, .. } => {
                let label = label.map_or_else(|| sanitized(task), Cow::Borrowed);
                c.reserve(label.len() + 1 + output.len());
                c.push_str(&label);
                c.push('-');
                c.push_str(output);
            }
            Value::Item { loop_name, field } => {
                c.push_str(&sanitized(loop_name));
                c.push_str("-item");
                if let Some(f) = field {
                    c.push('-');
                    c.extend(f.chars().map(parameter_safe));
                }
            }
        }
    }

    /// Whether the value is an artifact (else a parameter).
    pub(super) fn is_artifact(&self) -> bool {
        matches!(self, Value::Output { artifact: true, .. })
    }
}

/// `c`, or `_` when Argo does not allow it in a parameter name.
fn parameter_safe(c: char) -> char {
    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
        c
    } else {
        '_'
    }
}

/// Where one scope reads a value; it borrows its names from the IR or the scope tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ref<'r> {
    /// A parameter of the root pipeline: `workflow.parameters.NAME`.
    Global(&'r str),
    /// An input of the current template: `inputs.parameters.NAME` / `inputs.artifacts.NAME`.
    Input {
        /// The input's name.
        name: &'r str,
        /// Artifact or parameter.
        artifact: bool,
    },
    /// An output of a task of the current DAG: `tasks.TASK.outputs.parameters.NAME`.
    Task {
        /// The DAG task's name.
        task: &'r str,
        /// The output's name.
        name: &'r str,
        /// Artifact or parameter.
        artifact: bool,
    },
    /// The loop item in the looped task's arguments: `item` or `item.FIELD`.
    Item(Option<&'r str>),
}

/// The longest fixed text of a reference, `{{tasks.` + `.outputs.parameters.` + `}}`: a
/// reference's text is at most this plus its names.
const LONGEST_FIXED: usize = "{{tasks..outputs.parameters.}}".len();

impl Ref<'_> {
    /// The `{{…}}` reference Argo substitutes.
    pub(super) fn template(&self) -> String {
        // Room for the longest fixed text, so the writes never grow the string.
        let mut out = String::with_capacity(LONGEST_FIXED + self.names_len());
        self.write_template(&mut out);
        out
    }

    /// The length of the names in the reference, without its fixed text.
    fn names_len(&self) -> usize {
        match *self {
            Ref::Global(name) | Ref::Input { name, .. } | Ref::Item(Some(name)) => name.len(),
            Ref::Task { task, name, .. } => task.len() + name.len(),
            Ref::Item(None) => 0,
        }
    }

    /// [`Ref::template`], written at the end of `out` (a condition writes its references
    /// straight into its `when`).
    pub(super) fn write_template(&self, out: &mut String) {
        self.write_template_with(out, |name, out| out.push_str(name));
    }

    /// [`Ref::write_template`] with the names in it written by `name`: a quoted `when`
    /// operand escapes only the names, as the fixed text around them holds nothing to escape.
    /// Each fixed text is a literal of its own, so writing it copies a known number of bytes.
    pub(super) fn write_template_with(&self, out: &mut String, name: impl Fn(&str, &mut String)) {
        match *self {
            Ref::Global(n) => {
                out.push_str("{{workflow.parameters.");
                name(n, out);
            }
            Ref::Input {
                name: n,
                artifact: false,
            } => {
                out.push_str("{{inputs.parameters.");
                name(n, out);
            }
            Ref::Input {
                name: n,
                artifact: true,
            } => {
                out.push_str("{{inputs.artifacts.");
                name(n, out);
            }
            Ref::Task {
                task,
                name: n,
                artifact: false,
            } => {
                out.push_str("{{tasks.");
                name(task, out);
                out.push_str(".outputs.parameters.");
                name(n, out);
            }
            Ref::Task {
                task,
                name: n,
                artifact: true,
            } => {
                out.push_str("{{tasks.");
                name(task, out);
                out.push_str(".outputs.artifacts.");
                name(n, out);
            }
            Ref::Item(None) => out.push_str("{{item"),
            Ref::Item(Some(field)) => {
                out.push_str("{{item.");
                name(field, out);
            }
        }
        out.push_str("}}");
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
        let p = Value::Param("top_k");
        let o = Value::Output {
            task: "Train",
            node: 0,
            output: "top_k",
            artifact: false,
        };
        let i = Value::Item {
            loop_name: "for-loop-1",
            field: Some("a.b"),
        };
        assert_eq!(p.carrier(), "top_k");
        assert_eq!(o.carrier(), "train-top_k");
        assert_eq!(i.carrier(), "for-loop-1-item-a_b");
        let whole = Value::Item {
            loop_name: "Loop",
            field: None,
        };
        assert_eq!(whole.carrier(), "loop-item");
    }

    #[test]
    fn refs_render_in_both_languages() {
        let r = Ref::Task {
            task: "a-b",
            name: "x",
            artifact: true,
        };
        assert_eq!(r.template(), "{{tasks.a-b.outputs.artifacts.x}}");
        assert_eq!(r.expression(), "tasks['a-b'].outputs.artifacts['x']");
        assert_eq!(Ref::Item(Some("f")).template(), "{{item.f}}");
        assert_eq!(Ref::Item(None).template(), "{{item}}");
        assert_eq!(Ref::Global("p").template(), "{{workflow.parameters.p}}");
        let input = Ref::Input {
            name: "c",
            artifact: false,
        };
        assert_eq!(input.template(), "{{inputs.parameters.c}}");
    }

    #[test]
    fn written_templates_are_the_templates() {
        let refs = [
            Ref::Global("p"),
            Ref::Input {
                name: "c",
                artifact: false,
            },
            Ref::Input {
                name: "c",
                artifact: true,
            },
            Ref::Task {
                task: "a",
                name: "x",
                artifact: false,
            },
            Ref::Task {
                task: "a",
                name: "x",
                artifact: true,
            },
            Ref::Item(None),
            Ref::Item(Some("f")),
        ];
        for r in refs {
            let mut out = "when: ".to_string();
            r.write_template(&mut out);
            assert_eq!(out, format!("when: {}", r.template()), "{r:?}");
            // The room `template` makes is enough: its text never grows the string.
            assert!(r.template().len() <= LONGEST_FIXED + r.names_len(), "{r:?}");
        }
    }
}
