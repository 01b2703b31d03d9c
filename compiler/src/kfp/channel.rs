//! Channels: values a DAG reads, and the `pipelinechannel--…` inputs through which a group
//! receives the ones that come from outside it. The KFP backend resolves a task's inputs only
//! from its own DAG, so every outside value a group body (or its condition, or its loop items)
//! reads must be declared on the group and passed in by the group task.

use foldhash::HashSet;

use pipec_dsl::ir::{Argument, Branch, LoopItems, Task, VolumeSource};
use pipec_dsl::name::sanitized;

use super::index::{Index, LoopInfo};
use super::io_types::ValueType;
use super::model::{Name, ParameterType, SortedMap};

/// A value a DAG reads (constants aside).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Use<'a> {
    /// A pipeline parameter.
    Param(&'a str),
    /// An output of a task.
    Output {
        /// The task's IR name.
        task: &'a str,
        /// The output.
        output: &'a str,
    },
    /// The current item of a loop (the whole item; a field is selected by the consumer).
    Item(&'a str),
    /// The list of values a task's output took across its loop.
    Collected {
        /// The task's IR name.
        task: &'a str,
        /// The output.
        output: &'a str,
    },
}

impl<'a> Use<'a> {
    /// The value an argument reads and the item field it selects; `None` for a constant.
    pub fn of(arg: &'a Argument) -> Option<(Use<'a>, Option<&'a str>)> {
        Some(match arg {
            Argument::Constant(_) => return None,
            Argument::Parameter(p) => (Use::Param(p), None),
            Argument::TaskOutput(r) => (
                Use::Output {
                    task: &r.task,
                    output: &r.output,
                },
                None,
            ),
            Argument::LoopItem(i) => (Use::Item(&i.loop_name), i.field.as_deref()),
            Argument::Collected(r) => (
                Use::Collected {
                    task: &r.task,
                    output: &r.output,
                },
                None,
            ),
        })
    }

    /// The group input name KFP gives this value: `pipelinechannel--<param>`,
    /// `pipelinechannel--<task>-<output>`, the loop's item input, or
    /// `pipelinechannel--<loop>-pipelinechannel--<task>-<output>` for a collected list.
    pub fn channel_name(&self, index: &Index<'a>) -> Result<Name, String> {
        if let Use::Item(l) = self {
            let info = index.loop_info(l);
            return Ok(info
                .ok_or_else(|| format!("unknown loop `{l}`"))?
                .item_input
                .clone());
        }
        if let Use::Collected { task, .. } = self {
            collecting_loop(index, task)?;
        }
        // A value is read in many places (every task of a group body, the group task): its
        // channel name is built once.
        Ok(index.names.channel(self, || match self {
            Use::Param(p) => Name::from(format!("{CHANNEL}{p}")),
            Use::Output { task, output } => Name::from(output_channel_name(task, output)),
            Use::Collected { task, output } => {
                let key = index
                    .loop_of(task)
                    .map_or("", |lp| lp.location.key.as_str());
                Name::from(format!(
                    "pipelinechannel--{key}-{}",
                    collected_output_name(task, output)
                ))
            }
            Use::Item(_) => unreachable!("answered above"),
        }))
    }

    /// The value's type.
    pub fn value_type(&self, index: &Index) -> Result<ValueType, String> {
        match self {
            Use::Param(p) => {
                let param = index
                    .pipeline
                    .parameter(p)
                    .ok_or_else(|| format!("unknown pipeline parameter `{p}`"))?;
                Ok(ValueType::of(pipec_dsl::ir::IoType::Param(param.ty)))
            }
            Use::Output { task, output } => index
                .output_type(task, output)
                .ok_or_else(|| format!("task `{task}` has no output `{output}`")),
            Use::Item(l) => Ok(ValueType::Param(
                index
                    .loop_info(l)
                    .ok_or_else(|| format!("unknown loop `{l}`"))?
                    .item_type,
            )),
            Use::Collected { task, output } => match index.output_type(task, output) {
                Some(ValueType::Artifact(a)) => Ok(ValueType::ArtifactList(a)),
                Some(_) => Ok(ValueType::Param(ParameterType::List)),
                None => Err(format!("task `{task}` has no output `{output}`")),
            },
        }
    }

    /// Whether the value is produced inside the group whose full path is `group` (so it need
    /// not be passed in).
    pub fn is_inside(&self, group: &[Name], index: &Index) -> bool {
        match self {
            Use::Param(_) => false,
            Use::Output { task, .. } => index.location(task).is_some_and(|l| l.is_inside(group)),
            Use::Item(l) => index
                .loop_info(l)
                .is_some_and(|info| info.location.full_starts_with(group)),
            Use::Collected { task, .. } => index
                .loop_of(task)
                .is_some_and(|info| info.location.is_inside(group)),
        }
    }
}

/// The loop whose iterations a collected output gathers.
pub fn collecting_loop<'i, 'p>(
    index: &'i Index<'p>,
    task: &str,
) -> Result<&'i LoopInfo<'p>, String> {
    index
        .loop_of(task)
        .ok_or_else(|| format!("collects output of task `{task}`, which is not inside a loop"))
}

/// The loop component's output that holds a collected task output:
/// `pipelinechannel--<task>-<output>`.
pub fn collected_output_name(task: &str, output: &str) -> String {
    output_channel_name(task, output)
}

/// `pipelinechannel--<task key>-<output>`.
fn output_channel_name(task: &str, output: &str) -> String {
    let key = sanitized(task);
    let mut name = String::with_capacity(CHANNEL.len() + key.len() + 1 + output.len());
    name.push_str(CHANNEL);
    name.push_str(&key);
    name.push('-');
    name.push_str(output);
    name
}

/// The prefix of every channel name.
const CHANNEL: &str = "pipelinechannel--";

/// A group's `pipelinechannel--…` inputs: name → (value, type).
pub type Needs<'a> = SortedMap<(Use<'a>, ValueType), Name>;

/// The inputs a group with full path `group` needs: every value in `reads` (what its condition
/// or loop items and its body read) that is not produced inside the group.
pub fn needs<'d>(
    group: &[Name],
    reads: &Reads<'d>,
    index: &Index<'d>,
) -> Result<Needs<'d>, String> {
    let mut out = Vec::with_capacity(reads.uses.values.len());
    for u in reads.uses.values.iter().cloned() {
        // A task output's place and type come from one lookup of its producer.
        let output_type = match u {
            Use::Output { task, output } => {
                let node = index.node(task);
                if node.is_some_and(|n| n.location.is_inside(group)) {
                    continue;
                }
                let ty = node.and_then(|n| index.node_output_type(n, output));
                Some(ty.ok_or_else(|| format!("task `{task}` has no output `{output}`")))
            }
            _ if u.is_inside(group, index) => continue,
            _ => None,
        };
        let name = u.channel_name(index)?;
        let ty = match output_type {
            Some(ty) => ty?,
            None => u.value_type(index)?,
        };
        out.push((name, (u, ty)));
    }
    // Sorted by name as a map would be, a later value replacing an earlier one of that name.
    Ok(SortedMap::from_unsorted(out))
}

/// What a group (or a DAG) reads, gathered while its body is lowered so that no group walks its
/// body a second time: the values, each once, in the order a walk of the body meets them (a
/// group's own before its body's), and the `after` targets in that order too.
#[derive(Default)]
pub struct Reads<'d> {
    uses: Distinct<'d>,
    afters: Vec<&'d str>,
}

impl<'d> Reads<'d> {
    /// What a group reads itself, before its body.
    pub fn own(own: Own<'d>) -> Self {
        let mut reads = Reads::default();
        match own {
            Own::Nothing => {}
            Own::Branches(branches, count) => {
                for_each_branch_operand(branches, count, &mut |u| reads.uses.add(u));
            }
            Own::Items(items) => items.into_iter().for_each(|u| reads.uses.add(u)),
        }
        reads
    }

    /// Note what a task reads: its values and its `after` targets.
    pub fn task(&mut self, t: &'d Task) {
        uses_in_task(t, &mut |u| self.uses.add(u));
        self.afters.extend(t.after.iter().map(String::as_str));
    }

    /// Note everything a nested group read, after what is noted already.
    pub fn extend(&mut self, inner: &Reads<'d>) {
        inner
            .uses
            .values
            .iter()
            .for_each(|u| self.uses.add(u.clone()));
        self.afters.extend_from_slice(&inner.afters);
    }

    /// The `after` targets, in reading order.
    pub fn afters(&self) -> &[&'d str] {
        &self.afters
    }
}

/// What a group reads itself, before its body.
pub enum Own<'d> {
    /// Nothing (an exit handler).
    Nothing,
    /// The conditions of the first `count` of these branches.
    Branches(&'d [Branch], usize),
    /// A loop's items, when they are not a literal list.
    Items(Option<Use<'d>>),
}

/// Values, each once, in the order first added.
#[derive(Default)]
struct Distinct<'d> {
    values: Vec<Use<'d>>,
    /// Every value of `values`, once there are more than [`SCAN_LIMIT`].
    seen: HashSet<Use<'d>>,
}

impl<'d> Distinct<'d> {
    fn add(&mut self, u: Use<'d>) {
        let first = if self.values.len() < SCAN_LIMIT {
            !self.values.contains(&u)
        } else {
            if self.seen.is_empty() {
                self.seen.extend(self.values.iter().cloned());
            }
            self.seen.insert(u.clone())
        };
        if first {
            self.values.push(u);
        }
    }
}

/// Up to this many values read by one group, repeats are found by scanning.
const SCAN_LIMIT: usize = 16;

/// Call `f` with every value a task reads: its arguments, then the claims it mounts.
pub fn uses_in_task<'d>(task: &'d Task, f: &mut impl FnMut(Use<'d>)) {
    let volume_args = task.pod().volumes.iter().filter_map(|v| match &v.source {
        VolumeSource::Pvc(arg) => Some(arg),
        VolumeSource::Created(_) => None,
    });
    for arg in task.arguments.values().chain(volume_args) {
        if let Some((u, _)) = Use::of(arg) {
            f(u);
        }
    }
}

/// Call `f` with the values read by the conditions of the first `count` branches (a branch's
/// trigger also negates every earlier branch's condition).
pub fn for_each_branch_operand<'d>(
    branches: &'d [Branch],
    count: usize,
    f: &mut impl FnMut(Use<'d>),
) {
    for b in branches.iter().take(count) {
        if let Some(expr) = &b.when {
            expr.for_each_operand(&mut |a| {
                if let Some((u, _)) = Use::of(a) {
                    f(u);
                }
            });
        }
    }
}

/// The value a loop iterates over, when it is not a literal list.
pub fn loop_items_use(items: &LoopItems) -> Option<Use<'_>> {
    match items {
        LoopItems::Static(_) => None,
        LoopItems::Parameter(p) => Some(Use::Param(p)),
        LoopItems::TaskOutput(r) => Some(Use::Output {
            task: &r.task,
            output: &r.output,
        }),
    }
}

#[cfg(test)]
mod tests {
    use pipec_dsl::ir::{
        Argument, Branch, CmpOp, Condition, Dag, ExitHandler, Expr, Loop, LoopItems, Node, Task,
        TaskOutputRef,
    };

    use super::{Distinct, Own, Reads, Use, for_each_branch_operand, loop_items_use, uses_in_task};

    /// Call `f` with every value read anywhere in a DAG, nested groups included: each node in
    /// order, a group's own operands before its body.
    fn for_each_use<'d>(dag: &'d Dag, f: &mut impl FnMut(Use<'d>)) {
        for node in &dag.nodes {
            match node {
                Node::Task(t) => uses_in_task(t, f),
                Node::Condition(c) => {
                    for_each_branch_operand(&c.branches, c.branches.len(), f);
                    c.branches.iter().for_each(|b| for_each_use(&b.body, f));
                }
                Node::Loop(l) => {
                    loop_items_use(&l.items).into_iter().for_each(&mut *f);
                    for_each_use(&l.body, f);
                }
                Node::ExitHandler(e) => {
                    uses_in_task(&e.exit_task, f);
                    for_each_use(&e.body, f);
                }
            }
        }
    }

    /// Every `after` target named in a DAG, nested groups and exit tasks included.
    fn afters_in_dag<'d>(dag: &'d Dag, out: &mut Vec<&'d str>) {
        for node in &dag.nodes {
            match node {
                Node::Task(t) => out.extend(t.after.iter().map(String::as_str)),
                Node::Condition(c) => c.branches.iter().for_each(|b| afters_in_dag(&b.body, out)),
                Node::Loop(l) => afters_in_dag(&l.body, out),
                Node::ExitHandler(e) => {
                    out.extend(e.exit_task.after.iter().map(String::as_str));
                    afters_in_dag(&e.body, out);
                }
            }
        }
    }

    fn reading(name: &str, from: &str, after: &[&str]) -> Task {
        let mut t = Task::new(name, "step");
        let read = TaskOutputRef {
            task: from.into(),
            output: "out".into(),
        };
        t.arguments.insert("x".into(), Argument::TaskOutput(read));
        t.after = after.iter().map(|a| a.to_string()).collect();
        t
    }

    /// What lowering gathers: each group's own reads, then its body's, a nested group's after
    /// what comes before it; an exit task's before its handler's body.
    fn gathered<'d>(dag: &'d Dag, reads: &mut Reads<'d>) {
        for node in &dag.nodes {
            match node {
                Node::Task(t) => reads.task(t),
                Node::Condition(c) => {
                    let mut all = Reads::own(Own::Branches(&c.branches, c.branches.len()));
                    for (i, b) in c.branches.iter().enumerate() {
                        let mut one = Reads::own(Own::Branches(&c.branches, i + 1));
                        gathered(&b.body, &mut one);
                        all.extend(&one);
                    }
                    reads.extend(&all);
                }
                Node::Loop(l) => {
                    let mut inner = Reads::own(Own::Items(loop_items_use(&l.items)));
                    gathered(&l.body, &mut inner);
                    reads.extend(&inner);
                }
                Node::ExitHandler(e) => {
                    let mut inner = Reads::own(Own::Nothing);
                    gathered(&e.body, &mut inner);
                    reads.task(&e.exit_task);
                    reads.extend(&inner);
                }
            }
        }
    }

    #[test]
    fn reads_gathered_group_by_group_are_those_of_one_walk_in_its_order() {
        let when = |value: &str| {
            Some(Expr::Compare {
                op: CmpOp::Eq,
                left: Argument::TaskOutput(TaskOutputRef {
                    task: value.into(),
                    output: "out".into(),
                }),
                right: Argument::Constant("go".into()),
            })
        };
        let branch = |name: &str, cond: &str, body: Vec<Node>| Branch {
            name: name.into(),
            when: when(cond),
            body: Dag { nodes: body },
        };
        let condition = Condition {
            name: "c".into(),
            branches: vec![
                branch(
                    "c-1",
                    "p",
                    vec![Node::Task(Box::new(reading("b1", "q", &["a"])))],
                ),
                branch(
                    "c-2",
                    "r",
                    vec![Node::Task(Box::new(reading("b2", "p", &[])))],
                ),
            ],
        };
        let looped = Loop {
            name: "l".into(),
            items: LoopItems::Parameter("xs".into()),
            parallelism: None,
            body: Dag {
                nodes: vec![
                    Node::Task(Box::new(reading("in-loop", "s", &["b2"]))),
                    Node::Condition(condition),
                ],
            },
        };
        let handler = ExitHandler {
            name: "e".into(),
            exit_task: reading("exit", "t", &["z"]),
            body: Dag {
                nodes: vec![Node::Task(Box::new(reading("in-handler", "q", &["y"])))],
            },
        };
        let dag = Dag {
            nodes: vec![
                Node::Task(Box::new(reading("a", "p", &[]))),
                Node::Loop(Box::new(looped)),
                Node::ExitHandler(Box::new(handler)),
            ],
        };
        let mut reads = Reads::default();
        gathered(&dag, &mut reads);
        let mut walked = Distinct::default();
        for_each_use(&dag, &mut |u| walked.add(u));
        let mut afters = Vec::new();
        afters_in_dag(&dag, &mut afters);
        assert_eq!(reads.uses.values, walked.values);
        assert_eq!(reads.afters(), afters.as_slice());
        assert_eq!(reads.afters(), ["b2", "a", "z", "y"]);
        assert_eq!(walked.values.len(), 6);
    }
}
