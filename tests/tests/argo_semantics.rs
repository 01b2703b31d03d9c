//! Argo semantics: every golden input (`tests/in/` and the examples) is compiled for Argo, the YAML is read back, and
//! its wiring is checked against the IR, which is the source of truth:
//!
//! - each IR task argument reaches the DAG task as the value it names: a reference is followed
//!   through template inputs (up into the calling DAG task), DAG template outputs (down into the
//!   scope that made it), loop items and gathered loop outputs until it names a pipeline
//!   parameter, a task output, a loop item or a literal;
//! - each data edge and `after` edge is a `depends` between the two DAG tasks that stand for
//!   producer and consumer in their nearest common scope;
//! - each branch's `when` reads exactly the operands of its condition and of the earlier branches,
//!   negates the earlier ones, quotes strings and leaves numbers bare;
//! - loops iterate over the IR's items and carry its parallelism.
//!
//! Also: one template per component however many tasks use it, and identical bytes on every
//! compile.

use std::collections::{BTreeSet, HashMap};

use pipec_compiler::argo::{self, ArgoKind, ArgoOptions, ArgoVersion};
use pipec_dsl::ir::{
    Argument, Component, ContainerSpec, Dag, Implementation, IoSpec, IoType, LoopItems, Node,
    ParamType, Pipeline, Task, VolumeSource,
};
use pipec_dsl::name::sanitize;
use pipec_dsl::validate;
use serde_json::Value as J;

fn fixtures() -> Vec<(String, Pipeline)> {
    pipec_tests::golden_inputs()
}

fn compile(p: &Pipeline, options: &ArgoOptions) -> Result<String, String> {
    let checked = validate(p.clone()).map_err(|e| e.to_string())?;
    argo::compile(&checked, options).map_err(|e| e.to_string())
}

fn read(yaml: &str) -> J {
    serde_saphyr::from_str(yaml).expect("Argo YAML reads back")
}

/// The workflow spec of a document of any kind.
fn spec(doc: &J) -> &J {
    doc["spec"].get("workflowSpec").unwrap_or(&doc["spec"])
}

/// What a value means in IR terms.
#[derive(Debug, Clone, PartialEq)]
enum Meaning {
    Literal(String),
    Param(String),
    Output {
        task: String,
        output: String,
    },
    Collected(Box<Meaning>),
    Item {
        loop_name: String,
        field: Option<String>,
    },
    Imported,
}

/// A DAG template and the DAG task (or hook) that entered it.
#[derive(Clone, Copy)]
struct Frame<'d> {
    template: &'d J,
    via: Option<&'d J>,
    /// The root of a (nested) pipeline: its inputs are that pipeline's parameters.
    pipeline_root: bool,
}

struct Doc<'d> {
    templates: HashMap<&'d str, &'d J>,
    /// Sanitised names of all IR tasks (leaves), at every nesting level.
    leaves: BTreeSet<String>,
}

impl<'d> Doc<'d> {
    fn new(doc: &'d J, p: &Pipeline) -> Self {
        let templates = spec(doc)["templates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["name"].as_str().unwrap(), t))
            .collect();
        let mut leaves = BTreeSet::new();
        collect_leaves(p, &mut leaves);
        Doc { templates, leaves }
    }

    fn template(&self, name: &J) -> &'d J {
        let name = name.as_str().expect("template name");
        self.templates
            .get(name)
            .unwrap_or_else(|| panic!("template {name} exists"))
    }

    fn task(&self, dag_template: &'d J, name: &str) -> Option<&'d J> {
        dag_template["dag"]["tasks"]
            .as_array()?
            .iter()
            .find(|t| t["name"] == name)
    }

    /// The meaning of a parameter value or artifact `from` in a stack of frames.
    fn text(&self, ctx: &[Frame<'d>], text: &str) -> Meaning {
        match single_ref(text) {
            Some(path) => self.reference(ctx, path),
            None => Meaning::Literal(text.to_string()),
        }
    }

    fn reference(&self, ctx: &[Frame<'d>], path: &str) -> Meaning {
        let parts: Vec<&str> = path.split('.').collect();
        let top = ctx.last().expect("a frame");
        match parts.as_slice() {
            ["workflow", "parameters", p] => Meaning::Param(p.to_string()),
            ["inputs", kind, name] if top.pipeline_root => {
                assert_eq!(*kind, "parameters", "a pipeline takes parameters");
                Meaning::Param(name.to_string())
            }
            ["inputs", kind, name] => {
                let via = top.via.expect("an entered template");
                let arg = argument(via, kind, name)
                    .unwrap_or_else(|| panic!("{} passes {kind} {name}", via["name"]));
                let text = arg
                    .get("value")
                    .or(arg.get("from"))
                    .unwrap()
                    .as_str()
                    .unwrap();
                if let Some(item) = single_ref(text).filter(|r| r.starts_with("item")) {
                    assert!(looped(via), "{{{{item}}}} only in a looped task");
                    return Meaning::Item {
                        loop_name: via["name"].as_str().unwrap().to_string(),
                        field: item.strip_prefix("item.").map(str::to_string),
                    };
                }
                self.text(&ctx[..ctx.len() - 1], text)
            }
            ["tasks", task, "outputs", kind, name] => {
                let d = self
                    .task(top.template, task)
                    .unwrap_or_else(|| panic!("task {task} in {}", top.template["name"]));
                let meaning = if self.leaves.contains(*task) {
                    Meaning::Output {
                        task: task.to_string(),
                        output: name.to_string(),
                    }
                } else {
                    let callee = self.template(&d["template"]);
                    let out = output(callee, kind, name)
                        .unwrap_or_else(|| panic!("{} outputs {kind} {name}", callee["name"]));
                    let text = out["valueFrom"]["parameter"]
                        .as_str()
                        .or(out["from"].as_str())
                        .unwrap();
                    let mut inner = ctx.to_vec();
                    inner.push(Frame {
                        template: callee,
                        via: Some(d),
                        pipeline_root: false,
                    });
                    self.text(&inner, text)
                };
                if looped(d) {
                    Meaning::Collected(Box::new(meaning))
                } else {
                    meaning
                }
            }
            other => panic!("unexpected reference {other:?}"),
        }
    }
}

fn collect_leaves(p: &Pipeline, out: &mut BTreeSet<String>) {
    fn dag(d: &Dag, p: &Pipeline, out: &mut BTreeSet<String>) {
        for n in &d.nodes {
            match n {
                Node::Task(t) => task(t, p, out),
                Node::Condition(c) => c.branches.iter().for_each(|b| dag(&b.body, p, out)),
                Node::Loop(l) => dag(&l.body, p, out),
                Node::ExitHandler(e) => {
                    task(&e.exit_task, p, out);
                    dag(&e.body, p, out);
                }
            }
        }
    }
    fn task(t: &Task, p: &Pipeline, out: &mut BTreeSet<String>) {
        out.insert(sanitize(&t.name));
        if let Implementation::Pipeline(inner) = &p.components[&t.component].implementation {
            collect_leaves(inner, out);
        }
    }
    dag(&p.root, p, out);
}

/// The path of a text that is exactly one `{{…}}` reference.
fn single_ref(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.starts_with('=')).then_some(inner.trim())
}

fn looped(task: &J) -> bool {
    task.get("withItems").is_some() || task.get("withParam").is_some()
}

fn argument<'d>(task: &'d J, kind: &str, name: &str) -> Option<&'d J> {
    task["arguments"][kind]
        .as_array()?
        .iter()
        .find(|a| a["name"] == name)
}

fn output<'d>(template: &'d J, kind: &str, name: &str) -> Option<&'d J> {
    template["outputs"][kind]
        .as_array()?
        .iter()
        .find(|a| a["name"] == name)
}

/// The meaning the IR gives an argument.
fn expected(p: &Pipeline, arg: &Argument) -> Meaning {
    match arg {
        Argument::Constant(J::String(s)) => Meaning::Literal(s.clone()),
        Argument::Constant(v) => Meaning::Literal(v.to_string()),
        Argument::Parameter(name) => Meaning::Param(name.clone()),
        Argument::TaskOutput(r) if is_importer(p, &r.task) => Meaning::Imported,
        Argument::TaskOutput(r) => Meaning::Output {
            task: sanitize(&r.task),
            output: r.output.clone(),
        },
        Argument::Collected(r) => Meaning::Collected(Box::new(Meaning::Output {
            task: sanitize(&r.task),
            output: r.output.clone(),
        })),
        Argument::LoopItem(l) => Meaning::Item {
            loop_name: sanitize(&l.loop_name),
            field: l.field.clone(),
        },
    }
}

fn find_task<'p>(d: &'p Dag, name: &str) -> Option<&'p Task> {
    d.nodes.iter().find_map(|n| match n {
        Node::Task(t) if t.name == name => Some(&**t),
        Node::Task(_) => None,
        Node::Condition(c) => c.branches.iter().find_map(|b| find_task(&b.body, name)),
        Node::Loop(l) => find_task(&l.body, name),
        Node::ExitHandler(e) if e.exit_task.name == name => Some(&e.exit_task),
        Node::ExitHandler(e) => find_task(&e.body, name),
    })
}

fn is_importer(p: &Pipeline, task: &str) -> bool {
    find_task(&p.root, task).is_some_and(|t| {
        matches!(
            p.components[&t.component].implementation,
            Implementation::Importer(_)
        )
    })
}

/// Walk a scope of the IR beside its DAG template, checking tasks, branches and loops.
fn check_scope<'d>(doc: &Doc<'d>, p: &Pipeline, dag: &Dag, ctx: Vec<Frame<'d>>, fixture: &str) {
    let here = ctx.last().unwrap().template;
    let dag_task = |name: &str| {
        doc.task(here, &sanitize(name))
            .unwrap_or_else(|| panic!("{fixture}: DAG task {name} in {}", here["name"]))
    };
    for node in &dag.nodes {
        match node {
            Node::Task(t) if is_importer(p, &t.name) => {
                assert!(
                    doc.task(here, &sanitize(&t.name)).is_none(),
                    "{fixture}: importers run no pod"
                );
            }
            Node::Task(t) => {
                let d = dag_task(&t.name);
                check_call(doc, p, t, d, &ctx, fixture);
                if let Implementation::Pipeline(inner) = &p.components[&t.component].implementation
                {
                    let frame = Frame {
                        template: doc.template(&d["template"]),
                        via: Some(d),
                        pipeline_root: true,
                    };
                    check_scope(doc, inner, &inner.root, vec![frame], fixture);
                    check_dependencies(doc, inner, frame.template, fixture);
                }
            }
            Node::Condition(c) => {
                for (i, b) in c.branches.iter().enumerate() {
                    let d = dag_task(&b.name);
                    check_when(doc, p, c, i, d, &ctx, fixture);
                    let mut inner = ctx.clone();
                    inner.push(Frame {
                        template: doc.template(&d["template"]),
                        via: Some(d),
                        pipeline_root: false,
                    });
                    check_scope(doc, p, &b.body, inner, fixture);
                }
            }
            Node::Loop(l) => {
                let d = dag_task(&l.name);
                let mut inner = ctx.clone();
                let looped_task = if looped(d) {
                    assert_eq!(l.parallelism, None, "{fixture}: a limit needs a wrapper");
                    d
                } else {
                    let wrapper = doc.template(&d["template"]);
                    assert_eq!(wrapper["parallelism"], J::from(l.parallelism.unwrap()));
                    inner.push(Frame {
                        template: wrapper,
                        via: Some(d),
                        pipeline_root: false,
                    });
                    let tasks = wrapper["dag"]["tasks"].as_array().unwrap();
                    assert_eq!(tasks.len(), 1, "{fixture}: the wrapper holds only the loop");
                    &tasks[0]
                };
                match &l.items {
                    LoopItems::Static(items) => {
                        assert_eq!(looped_task["withItems"], J::from(items.clone()))
                    }
                    LoopItems::Parameter(name) => assert_eq!(
                        doc.text(&inner, looped_task["withParam"].as_str().unwrap()),
                        Meaning::Param(name.clone())
                    ),
                    LoopItems::TaskOutput(r) => assert_eq!(
                        doc.text(&inner, looped_task["withParam"].as_str().unwrap()),
                        expected(p, &Argument::TaskOutput(r.clone()))
                    ),
                }
                inner.push(Frame {
                    template: doc.template(&looped_task["template"]),
                    via: Some(looped_task),
                    pipeline_root: false,
                });
                check_scope(doc, p, &l.body, inner, fixture);
            }
            Node::ExitHandler(e) => {
                let d = dag_task(&e.name);
                check_call(doc, p, &e.exit_task, &d["hooks"]["exit"], &ctx, fixture);
                let mut inner = ctx.clone();
                inner.push(Frame {
                    template: doc.template(&d["template"]),
                    via: Some(d),
                    pipeline_root: false,
                });
                check_scope(doc, p, &e.body, inner, fixture);
            }
        }
    }
}

/// Each IR argument of a task reaches its DAG task (or hook) as the value it names.
fn check_call(doc: &Doc, p: &Pipeline, t: &Task, d: &J, ctx: &[Frame], fixture: &str) {
    let component = &p.components[&t.component];
    let template = doc.template(&d["template"]);
    for input in &component.inputs {
        let declared = if input.ty.is_artifact() {
            "artifacts"
        } else {
            "parameters"
        };
        let in_template = template["inputs"][declared]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["name"] == input.name.as_str()));
        assert!(
            in_template,
            "{fixture}: {} declares input {}",
            template["name"], input.name
        );
    }
    for (name, arg) in &t.arguments {
        let spec = component.input(name).unwrap();
        let want = expected(p, arg);
        let got = if spec.ty.is_artifact() {
            let a = argument(d, "artifacts", name)
                .unwrap_or_else(|| panic!("{fixture}: {} passes artifact {name}", t.name));
            match a["from"].as_str() {
                Some(from) => doc.text(ctx, from),
                None => {
                    assert!(a.get("s3").or(a.get("http")).or(a.get("gcs")).is_some());
                    Meaning::Imported
                }
            }
        } else {
            let a = argument(d, "parameters", name)
                .unwrap_or_else(|| panic!("{fixture}: {} passes {name}", t.name));
            doc.text(ctx, a["value"].as_str().unwrap())
        };
        assert_eq!(got, want, "{fixture}: task {} input {name}", t.name);
    }
    for (i, m) in t.pod().volumes.iter().enumerate() {
        if let VolumeSource::Pvc(arg @ (Argument::Parameter(_) | Argument::TaskOutput(_))) =
            &m.source
        {
            let a = argument(d, "parameters", &format!("pvc-{i}")).expect("claim name passed");
            assert_eq!(
                doc.text(ctx, a["value"].as_str().unwrap()),
                expected(p, arg)
            );
        }
    }
}

/// A branch's `when` reads the operands of its own and every earlier condition, negates the
/// earlier ones, quotes strings and leaves numbers bare.
fn check_when(
    doc: &Doc,
    p: &Pipeline,
    c: &pipec_dsl::ir::Condition,
    i: usize,
    d: &J,
    ctx: &[Frame],
    fixture: &str,
) {
    let relevant: Vec<_> = c.branches[..=i]
        .iter()
        .filter_map(|b| b.when.as_ref())
        .collect();
    let Some(when) = d["when"].as_str() else {
        assert!(
            relevant.is_empty(),
            "{fixture}: branch {} has a when",
            c.branches[i].name
        );
        return;
    };
    let negated = c.branches[..i].iter().filter(|b| b.when.is_some()).count();
    assert!(when.matches("!(").count() >= negated, "{fixture}: {when}");
    if c.branches[i].when.is_none() {
        assert!(when.starts_with("!("), "{fixture}: else negates: {when}");
    } else if negated == 0 {
        assert!(!when.starts_with("!("), "{fixture}: {when}");
    }
    let mut want = Vec::new();
    for e in &relevant {
        for operand in e.operands() {
            match operand {
                Argument::Constant(J::String(s)) => {
                    assert!(
                        when.contains(&format!("'{s}'")),
                        "{fixture}: '{s}' quoted in {when}"
                    )
                }
                Argument::Constant(v @ (J::Number(_) | J::Bool(_))) => {
                    assert!(when.contains(&format!(" {v}")), "{fixture}: {v} in {when}");
                    assert!(
                        !when.contains(&format!("'{v}'")),
                        "{fixture}: {v} bare in {when}"
                    );
                }
                other => want.push(expected(p, other)),
            }
        }
    }
    let mut got = Vec::new();
    let mut rest = when;
    while let Some(start) = rest.find("{{") {
        let end = rest[start..].find("}}").unwrap() + start + 2;
        let r = &rest[start..end];
        // A reference to a string is quoted, to a number bare.
        let quoted = rest[..start].ends_with('\'');
        let meaning = doc.text(ctx, r);
        if let Some(ty) = meaning_type(p, &meaning) {
            let numeric = matches!(ty, ParamType::Int | ParamType::Float | ParamType::Bool);
            assert_eq!(quoted, !numeric, "{fixture}: quoting of {r} in {when}");
        }
        got.push(meaning);
        rest = &rest[end..];
    }
    let key = |m: &Meaning| format!("{m:?}");
    let got: BTreeSet<_> = got.iter().map(key).collect();
    let want: BTreeSet<_> = want.iter().map(key).collect();
    assert_eq!(got, want, "{fixture}: operands of {when}");
}

fn meaning_type(p: &Pipeline, m: &Meaning) -> Option<ParamType> {
    match m {
        Meaning::Param(name) => p.parameter(name).map(|x| x.ty),
        Meaning::Output { task, output } => {
            let t = find_task_sanitized(&p.root, task)?;
            match p.components[&t.component].output(output)?.ty {
                IoType::Param(ty) => Some(ty),
                IoType::Artifact(_) => None,
            }
        }
        _ => None,
    }
}

fn find_task_sanitized<'p>(d: &'p Dag, name: &str) -> Option<&'p Task> {
    let mut all = Vec::new();
    fn walk<'p>(d: &'p Dag, out: &mut Vec<&'p Task>) {
        for n in &d.nodes {
            match n {
                Node::Task(t) => out.push(t),
                Node::Condition(c) => c.branches.iter().for_each(|b| walk(&b.body, out)),
                Node::Loop(l) => walk(&l.body, out),
                Node::ExitHandler(e) => {
                    out.push(&e.exit_task);
                    walk(&e.body, out);
                }
            }
        }
    }
    walk(d, &mut all);
    all.into_iter().find(|t| sanitize(&t.name) == name)
}

/// Where an IR node stands: the groups around it and its DAG task name in the innermost one.
#[derive(Debug, Clone)]
struct Place {
    path: Vec<String>,
    member: String,
}

fn places(d: &Dag, path: &[String], out: &mut HashMap<String, Vec<Place>>) {
    let place = |member: &str| Place {
        path: path.to_vec(),
        member: sanitize(member),
    };
    let deeper = |group: &str| [path, &[group.to_string()]].concat();
    for n in &d.nodes {
        match n {
            Node::Task(t) => {
                out.insert(t.name.clone(), vec![place(&t.name)]);
            }
            Node::Condition(c) => {
                out.insert(
                    c.name.clone(),
                    c.branches.iter().map(|b| place(&b.name)).collect(),
                );
                for b in &c.branches {
                    out.insert(b.name.clone(), vec![place(&b.name)]);
                    places(&b.body, &deeper(&b.name), out);
                }
            }
            Node::Loop(l) => {
                out.insert(l.name.clone(), vec![place(&l.name)]);
                places(&l.body, &deeper(&l.name), out);
            }
            Node::ExitHandler(e) => {
                out.insert(e.name.clone(), vec![place(&e.name)]);
                out.insert(e.exit_task.name.clone(), vec![place(&e.name)]);
                places(&e.body, &deeper(&e.name), out);
            }
        }
    }
}

/// Every (consumer, producer) edge of a pipeline: data edges (through importers to their URI's
/// producers), `after`, condition operands and loop item sources.
fn edges(p: &Pipeline) -> Vec<(String, String)> {
    let mut out = Vec::new();
    fn producers(p: &Pipeline, arg: &Argument, out: &mut Vec<String>) {
        if let Argument::TaskOutput(r) | Argument::Collected(r) = arg {
            match find_task(&p.root, &r.task) {
                Some(t) if is_importer(p, &t.name) => {
                    t.arguments.values().for_each(|a| producers(p, a, out))
                }
                _ => out.push(r.task.clone()),
            }
        }
    }
    fn task(p: &Pipeline, consumer: &str, t: &Task, out: &mut Vec<(String, String)>) {
        if is_importer(p, &t.name) {
            return;
        }
        let mut from = t.after.clone();
        t.arguments
            .values()
            .for_each(|a| producers(p, a, &mut from));
        for m in &t.pod().volumes {
            if let VolumeSource::Pvc(a) = &m.source {
                producers(p, a, &mut from);
            }
        }
        out.extend(from.into_iter().map(|f| (consumer.to_string(), f)));
    }
    fn dag(p: &Pipeline, d: &Dag, out: &mut Vec<(String, String)>) {
        for n in &d.nodes {
            match n {
                Node::Task(t) => task(p, &t.name, t, out),
                Node::Condition(c) => {
                    for (i, b) in c.branches.iter().enumerate() {
                        let mut from = Vec::new();
                        for e in c.branches[..=i].iter().filter_map(|b| b.when.as_ref()) {
                            e.operands()
                                .into_iter()
                                .for_each(|a| producers(p, a, &mut from));
                        }
                        out.extend(from.into_iter().map(|f| (b.name.clone(), f)));
                        dag(p, &b.body, out);
                    }
                }
                Node::Loop(l) => {
                    if let LoopItems::TaskOutput(r) = &l.items {
                        out.push((l.name.clone(), r.task.clone()));
                    }
                    dag(p, &l.body, out);
                }
                Node::ExitHandler(e) => {
                    task(p, &e.exit_task.name, &e.exit_task, out);
                    dag(p, &e.body, out);
                }
            }
        }
    }
    dag(p, &p.root, &mut out);
    out
}

/// The DAG template of the scope at `path` (group names), from the pipeline's root template.
fn scope_template<'d>(doc: &Doc<'d>, root: &'d J, path: &[String]) -> &'d J {
    let mut here = root;
    for group in path {
        let d = doc.task(here, &sanitize(group)).expect("group task");
        here = doc.template(&d["template"]);
        // A loop with a parallelism limit runs its body through a wrapper holding only the loop.
        if let Some(inner) = doc.task(here, &sanitize(group)).filter(|t| looped(t)) {
            here = doc.template(&inner["template"]);
        }
    }
    here
}

/// Each edge is a `depends` between the two DAG tasks standing for its ends in their nearest
/// common scope.
fn check_dependencies<'d>(doc: &Doc<'d>, p: &Pipeline, root: &'d J, fixture: &str) {
    let mut at = HashMap::new();
    places(&p.root, &[], &mut at);
    for (consumer, producer) in edges(p) {
        let c = &at[&consumer][0];
        for pl in &at[&producer] {
            if is_importer(p, &producer) {
                continue;
            }
            let k = c
                .path
                .iter()
                .zip(&pl.path)
                .take_while(|(a, b)| a == b)
                .count();
            let waiting = c
                .path
                .get(k)
                .map(|g| sanitize(g))
                .unwrap_or(c.member.clone());
            let awaited = pl
                .path
                .get(k)
                .map(|g| sanitize(g))
                .unwrap_or(pl.member.clone());
            if waiting == awaited {
                continue;
            }
            let scope = scope_template(doc, root, &c.path[..k]);
            let task = doc.task(scope, &waiting).expect("waiting task");
            let depends: BTreeSet<&str> = task["depends"]
                .as_str()
                .unwrap_or("")
                .split("&&")
                .map(str::trim)
                .collect();
            assert!(
                depends.contains(awaited.as_str()),
                "{fixture}: {waiting} waits for {awaited} in {} ({consumer} uses {producer})",
                scope["name"]
            );
        }
    }
}

#[test]
fn argo_wiring_matches_the_ir() {
    let mut checked = 0;
    for (fixture, p) in fixtures() {
        let Ok(yaml) = compile(&p, &ArgoOptions::default()) else {
            continue;
        };
        let doc = read(&yaml);
        let d = Doc::new(&doc, &p);
        let entry = d.template(&spec(&doc)["entrypoint"]);
        let root = Frame {
            template: entry,
            via: None,
            pipeline_root: false,
        };
        check_scope(&d, &p, &p.root, vec![root], &fixture);
        check_dependencies(&d, &p, entry, &fixture);
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} fixtures compiled for Argo");
}

#[test]
fn compiling_twice_gives_the_same_bytes() {
    for (fixture, p) in fixtures() {
        for version in [ArgoVersion::V3, ArgoVersion::V4] {
            let options = ArgoOptions {
                version,
                ..ArgoOptions::default()
            };
            assert_eq!(compile(&p, &options), compile(&p, &options), "{fixture}");
        }
    }
}

fn echo_pipeline(tasks: usize) -> Pipeline {
    let mut p = Pipeline::new("many-echoes");
    let mut input = IoSpec::new("message", IoType::Param(ParamType::String));
    input.default = Some(J::from("hi"));
    p.components.insert(
        "echo".into(),
        Component {
            name: "echo".into(),
            description: None,
            inputs: vec![input],
            outputs: Vec::new(),
            implementation: Implementation::Container(ContainerSpec {
                image: "alpine:3.20".into(),
                command: Vec::new(),
                args: Vec::new(),
                env: Vec::new(),
                working_dir: None,
            }),
        },
    );
    for i in 0..tasks {
        let mut t = Task::new(format!("echo-{i}"), "echo");
        t.arguments.insert(
            "message".into(),
            Argument::Constant(J::from(format!("m{i}"))),
        );
        p.root.nodes.push(Node::Task(Box::new(t)));
    }
    p
}

#[test]
fn one_template_per_component_however_many_tasks() {
    let doc = read(&compile(&echo_pipeline(7), &ArgoOptions::default()).unwrap());
    let templates = spec(&doc)["templates"].as_array().unwrap();
    let containers: Vec<_> = templates
        .iter()
        .filter(|t| t.get("container").is_some())
        .collect();
    assert_eq!(containers.len(), 1);
    assert_eq!(containers[0]["name"], "echo");
    let tasks = templates[0]["dag"]["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 7);
    assert!(tasks.iter().all(|t| t["template"] == "echo"));
}

#[test]
fn memoize_takes_the_form_of_the_argo_release() {
    let p = fixtures()
        .into_iter()
        .find(|(n, _)| n == "memoize")
        .unwrap()
        .1;
    let config_maps = |version| {
        let options = ArgoOptions {
            version,
            ..ArgoOptions::default()
        };
        let doc = read(&compile(&p, &options).unwrap());
        spec(&doc)["templates"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t.get("memoize").map(|m| m["cache"]["configMap"].clone()))
            .collect::<Vec<_>>()
    };
    let v4 = config_maps(ArgoVersion::V4);
    let v3 = config_maps(ArgoVersion::V3);
    assert_eq!(v4.len(), 2);
    assert!(
        v4.iter().all(|c| c.get("key").is_none()),
        "the v4 CRD rejects key"
    );
    assert!(
        v3.iter().all(|c| c["key"].is_string()),
        "the v3 schema requires key"
    );
}

#[test]
fn kinds_name_the_object_as_argo_expects() {
    let all = fixtures();
    let get = |name: &str| all.iter().find(|(n, _)| n == name).unwrap().1.clone();
    let with = |kind| ArgoOptions {
        kind: Some(kind),
        ..ArgoOptions::default()
    };
    let template = read(&compile(&get("basic"), &with(ArgoKind::WorkflowTemplate)).unwrap());
    assert_eq!(template["kind"], "WorkflowTemplate");
    assert_eq!(template["metadata"]["name"], "basic");
    assert!(template["metadata"].get("generateName").is_none());
    let err = compile(&get("basic"), &with(ArgoKind::CronWorkflow)).unwrap_err();
    assert!(err.contains("schedule"), "{err}");
    let cron = read(&compile(&get("cron"), &ArgoOptions::default()).unwrap());
    assert_eq!(cron["kind"], "CronWorkflow");
    assert_eq!(cron["spec"]["schedules"], J::from(vec!["0 3 * * *"]));
    assert!(
        cron["spec"].get("schedule").is_none(),
        "Argo 4 removed `schedule`"
    );
    let once = read(&compile(&get("cron"), &with(ArgoKind::Workflow)).unwrap());
    assert_eq!(once["metadata"]["generateName"], "nightly-");
}

#[test]
fn a_task_with_other_pod_settings_gets_a_variant_template() {
    let mut p = echo_pipeline(3);
    if let Node::Task(t) = &mut p.root.nodes[2] {
        t.pod_mut().resources.memory_limit = Some("1Gi".into());
    }
    let doc = read(&compile(&p, &ArgoOptions::default()).unwrap());
    let tasks = spec(&doc)["templates"][0]["dag"]["tasks"]
        .as_array()
        .unwrap();
    let used: Vec<_> = tasks
        .iter()
        .map(|t| t["template"].as_str().unwrap())
        .collect();
    assert_eq!(used, ["echo", "echo", "echo-2"]);
}
