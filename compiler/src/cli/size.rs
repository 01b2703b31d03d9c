//! The warning `pipec compile` gives when its output is large: engines store a pipeline as one
//! Kubernetes object (Argo) or one database row (KFP), and etcd refuses objects over about
//! 1.5 MiB by default. The warning names the size, the components whose tasks make up most of
//! it, and groups of tasks that a loop would write once.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use foldhash::{HashMap, HashMapExt};

use crate::argo::ArgoVersion;
use pipec_dsl::ir::{Argument, Dag, LoopItemRef, Node, Pipeline, Task, TaskOutputRef};

/// Outputs larger than this get a warning.
pub(super) const WARN_BYTES: usize = 1 << 20;

/// Groups of at least this many look-alike tasks get a loop suggested.
const LOOP_AT: usize = 10;

/// How many components and groups the warning names.
const SHOWN: usize = 3;

/// The warning lines for an output of `bytes` bytes, none when it is small.
pub(super) fn warnings(pipeline: &Pipeline, target: &str, bytes: usize) -> Vec<String> {
    if bytes <= WARN_BYTES {
        return Vec::new();
    }
    let mut tasks = Vec::new();
    collect(&pipeline.root, 0, &mut 0, &mut tasks);
    let mut lines = vec![format!(
        "warning: the {target} output is {} ({bytes} bytes, over 1 MiB); Kubernetes' etcd \
         stores objects of at most about 1.5 MiB by default",
        mib(bytes)
    )];
    lines.extend(contributors(&tasks, bytes));
    lines.extend(loop_suggestions(&tasks));
    lines
}

/// The most templates Argo 4's CRD accepts in one workflow (`spec.templates` `maxItems`).
pub(super) const MAX_ARGO_TEMPLATES: usize = 200;

/// The warning for an Argo 4 workflow with more templates than its CRD accepts.
pub(super) fn template_cap(templates: usize, version: ArgoVersion) -> Option<String> {
    (version == ArgoVersion::V4 && templates > MAX_ARGO_TEMPLATES).then(|| {
        format!(
            "warning: the workflow has {templates} templates and Argo 4 accepts at most \
             {MAX_ARGO_TEMPLATES}; each condition branch, loop body and part of a scope over 200 \
             tasks is one: a loop over the varying values, or fewer than about 39,000 tasks, \
             keeps it under the cap (Argo 3's schema sets none: `--argo-version v3`)"
        )
    })
}

fn mib(bytes: usize) -> String {
    // Display only: the precision of an f64 is ample for a size in MiB.
    #[allow(clippy::cast_precision_loss)]
    let m = bytes as f64 / f64::from(1 << 20);
    format!("{m:.1} MiB")
}

/// Every task with the index of the scope holding it (a loop can only gather tasks of one scope).
fn collect<'a>(dag: &'a Dag, scope: usize, last: &mut usize, out: &mut Vec<(usize, &'a Task)>) {
    let mut nested = |body: &'a Dag, out: &mut Vec<(usize, &'a Task)>| {
        *last += 1;
        collect(body, *last, last, out);
    };
    for node in &dag.nodes {
        match node {
            Node::Task(t) => out.push((scope, t)),
            Node::Condition(c) => c.branches.iter().for_each(|b| nested(&b.body, out)),
            Node::Loop(l) => nested(&l.body, out),
            Node::ExitHandler(e) => {
                out.push((scope, &e.exit_task));
                nested(&e.body, out);
            }
        }
    }
}

/// The components with the most tasks, with their share of the output (tasks are what grows).
fn contributors(tasks: &[(usize, &Task)], bytes: usize) -> Vec<String> {
    let mut per_component: HashMap<&str, usize> = HashMap::new();
    for (_, t) in tasks {
        *per_component.entry(t.component.as_str()).or_default() += 1;
    }
    let mut ranked: Vec<(&str, usize)> = per_component.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total = tasks.len().max(1);
    let shown: Vec<String> = ranked
        .iter()
        .take(SHOWN)
        .map(|(component, n)| {
            format!(
                "component `{component}`: {n} task{} (about {})",
                if *n == 1 { "" } else { "s" },
                mib(bytes * n / total)
            )
        })
        .collect();
    vec![format!("  largest contributors: {}", shown.join("; "))]
}

/// Tasks that call the same component with the same settings and the same non-constant
/// arguments, differing only in their names and constant values: one task in a loop over those
/// values says the same.
fn loop_suggestions(tasks: &[(usize, &Task)]) -> Vec<String> {
    let mut index: HashMap<LookAlike<'_>, usize> = HashMap::with_capacity(tasks.len());
    let mut groups: Vec<LookAlikes<'_>> = Vec::new();
    for &(scope, task) in tasks {
        match index.entry(look_alike(scope, task)) {
            Entry::Occupied(g) => {
                let group = &mut groups[*g.get()];
                group.tasks += 1;
                group.second.get_or_insert(task);
            }
            Entry::Vacant(g) => {
                g.insert(groups.len());
                groups.push(LookAlikes {
                    tasks: 1,
                    first: task,
                    second: None,
                });
            }
        }
    }
    let mut big: Vec<&LookAlikes<'_>> = groups.iter().filter(|g| g.tasks >= LOOP_AT).collect();
    big.sort_by_key(|g| std::cmp::Reverse(g.tasks));
    big.into_iter()
        .take(SHOWN)
        .filter_map(|g| {
            let second = g.second?;
            Some(format!(
                "  {} tasks of component `{}` ({}, {}, …) differ only in their names and \
                 constant arguments: one task in a loop over those values (`for_each`) would be \
                 written once",
                g.tasks, g.first.component, g.first.name, second.name
            ))
        })
        .collect()
}

/// Look-alike tasks: how many, and the first two, which the warning names.
struct LookAlikes<'a> {
    tasks: usize,
    first: &'a Task,
    second: Option<&'a Task>,
}

/// What a loop could not vary: the scope, the component, the non-constant arguments and every
/// setting. Settings are compared through their JSON form, and only for the rare task that has
/// any, so the common case needs no serialisation. The arguments are compared in place, as
/// [`fixed`] sees them, so the common case allocates nothing either.
#[derive(Debug)]
struct LookAlike<'a> {
    scope: usize,
    task: &'a Task,
    settings: String,
}

impl PartialEq for LookAlike<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.scope == other.scope
            && self.task.component == other.task.component
            && self.settings == other.settings
            && fixed(self.task).eq(fixed(other.task))
    }
}

impl Eq for LookAlike<'_> {}

impl Hash for LookAlike<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.scope.hash(state);
        self.task.component.hash(state);
        self.settings.hash(state);
        for argument in fixed(self.task) {
            argument.hash(state);
        }
    }
}

/// An argument as a loop sees it: a constant may vary, anything else must be the same.
#[derive(Debug, PartialEq, Eq, Hash)]
enum Fixed<'a> {
    Varies,
    Parameter(&'a str),
    Output(&'a TaskOutputRef),
    Item(&'a LoopItemRef),
    Collected(&'a TaskOutputRef),
}

/// The task's arguments by name, as a loop sees them.
fn fixed(t: &Task) -> impl Iterator<Item = (&str, Fixed<'_>)> {
    t.arguments.iter().map(|(name, arg)| {
        let fixed = match arg {
            Argument::Constant(_) => Fixed::Varies,
            Argument::Parameter(p) => Fixed::Parameter(p),
            Argument::TaskOutput(r) => Fixed::Output(r),
            Argument::LoopItem(i) => Fixed::Item(i),
            Argument::Collected(r) => Fixed::Collected(r),
        };
        (name.as_str(), fixed)
    })
}

fn look_alike(scope: usize, task: &Task) -> LookAlike<'_> {
    let settings = if !task.after.is_empty() || task.has_pod_settings() {
        let mut rest = task.clone();
        rest.name.clear();
        rest.display_name = None;
        rest.arguments.clear();
        serde_json::to_string(&rest).unwrap_or_default()
    } else {
        String::new()
    };
    LookAlike {
        scope,
        task,
        settings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline(tasks: impl IntoIterator<Item = Task>) -> Pipeline {
        let mut p = Pipeline::new("big");
        p.root.nodes = tasks.into_iter().map(|t| Node::Task(Box::new(t))).collect();
        p
    }

    fn task(name: String, x: Argument) -> Task {
        let mut t = Task::new(name, "step");
        t.arguments.insert("x".into(), x);
        t
    }

    #[test]
    fn only_argo_4_caps_templates() {
        assert_eq!(template_cap(200, ArgoVersion::V4), None);
        assert_eq!(template_cap(5000, ArgoVersion::V3), None);
        let w = template_cap(201, ArgoVersion::V4).unwrap();
        assert!(
            w.contains("201 templates and Argo 4 accepts at most 200"),
            "{w}"
        );
    }

    #[test]
    fn small_outputs_get_no_warning() {
        assert!(warnings(&pipeline([]), "argo", WARN_BYTES).is_empty());
    }

    #[test]
    fn look_alike_tasks_get_a_loop_suggested() {
        let tasks = (0..20).map(|i| task(format!("t{i}"), Argument::Constant(i.into())));
        let lines = warnings(&pipeline(tasks), "kfp", 3 << 20);
        assert!(lines[0].contains("3.0 MiB (3145728 bytes"), "{lines:?}");
        assert!(lines[1].contains("component `step`: 20 tasks"), "{lines:?}");
        assert!(
            lines[2].contains("20 tasks of component `step` (t0, t1, …)"),
            "{lines:?}"
        );
        assert!(lines[2].contains("for_each"), "{lines:?}");
    }

    #[test]
    fn only_tasks_with_the_same_argument_names_and_settings_look_alike() {
        fn group(prefix: &str, argument: &str, after: &[&str]) -> Vec<Task> {
            (0..12)
                .map(|i| {
                    let mut t = Task::new(format!("{prefix}{i}"), "step");
                    t.arguments
                        .insert(argument.into(), Argument::Constant(i.into()));
                    t.after = after.iter().map(|a| a.to_string()).collect();
                    t
                })
                .collect()
        }
        let tasks = [
            group("a", "x", &[]),
            group("b", "y", &[]),
            group("c", "x", &["a0"]),
        ];
        let lines = warnings(&pipeline(tasks.into_iter().flatten()), "argo", 2 << 20);
        let suggested: Vec<&str> = lines[2..]
            .iter()
            .map(|l| l.split(" differ").next().unwrap_or(l))
            .collect();
        assert_eq!(
            suggested,
            [
                "  12 tasks of component `step` (a0, a1, …)",
                "  12 tasks of component `step` (b0, b1, …)",
                "  12 tasks of component `step` (c0, c1, …)",
            ],
            "{lines:?}"
        );
    }

    #[test]
    fn a_chain_gets_no_loop_suggested() {
        let tasks = (0..20).map(|i| {
            let from = TaskOutputRef {
                task: format!("t{}", i + 1),
                output: "out".into(),
            };
            task(format!("t{i}"), Argument::TaskOutput(from))
        });
        let lines = warnings(&pipeline(tasks), "argo", 2 << 20);
        assert_eq!(lines.len(), 2, "{lines:?}");
    }
}
