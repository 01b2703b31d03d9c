//! Argo scopes over 200 tasks are split into nested DAG templates: the split workflow must run
//! the same tasks in the same order, under the same conditions, as the unsplit one, and pass the
//! conformance runner (when `<repo>/.venv` exists; see `tests/conformance/`).

#[path = "../benches/shapes.rs"]
mod shapes;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use pipec_compiler::argo::{ArgoOptions, compile};
use pipec_dsl::validate;
use serde_json::Value;
use shapes::Shape;

/// A compiled workflow, read back.
struct Workflow {
    templates: BTreeMap<String, Value>,
    entrypoint: String,
}

impl Workflow {
    fn read(yaml: &str) -> Workflow {
        let doc: Value = serde_saphyr::from_str(yaml).expect("pipec writes valid YAML");
        let spec = &doc["spec"];
        let templates = spec["templates"]
            .as_array()
            .expect("templates")
            .iter()
            .map(|t| (t["name"].as_str().unwrap().to_string(), t.clone()))
            .collect();
        Workflow {
            templates,
            entrypoint: spec["entrypoint"].as_str().unwrap().to_string(),
        }
    }

    fn dag_tasks(&self, template: &str) -> Option<&Vec<Value>> {
        self.templates[template]["dag"]["tasks"].as_array()
    }

    /// The container tasks a DAG task runs, found by descending into DAG templates.
    fn leaves(&self, task: &Value, out: &mut Vec<String>) {
        let template = task["template"].as_str().unwrap();
        match self.dag_tasks(template) {
            Some(tasks) => tasks.iter().for_each(|t| self.leaves(t, out)),
            None => out.push(task["name"].as_str().unwrap().to_string()),
        }
    }

    /// Every pair (a, b) of container tasks where b starts only after a, and every `when` by the
    /// DAG task's name: the task-level DAG, whatever DAG templates hold it.
    fn task_level(&self) -> (BTreeSet<(String, String)>, BTreeMap<String, String>) {
        let mut before = BTreeSet::new();
        let mut when = BTreeMap::new();
        self.order(&self.entrypoint, &mut before, &mut when);
        (before, when)
    }

    fn order(
        &self,
        template: &str,
        before: &mut BTreeSet<(String, String)>,
        when: &mut BTreeMap<String, String>,
    ) {
        let Some(tasks) = self.dag_tasks(template) else {
            return;
        };
        let index: BTreeMap<&str, &Value> = tasks
            .iter()
            .map(|t| (t["name"].as_str().unwrap(), t))
            .collect();
        for t in tasks {
            if let Some(w) = t["when"].as_str() {
                when.insert(t["name"].as_str().unwrap().to_string(), w.to_string());
            }
            let mut after = Vec::new();
            self.leaves(t, &mut after);
            for earlier in upstream(t, &index) {
                let mut first = Vec::new();
                self.leaves(index[earlier.as_str()], &mut first);
                for a in &first {
                    before.extend(after.iter().map(|b| (a.clone(), b.clone())));
                }
            }
            self.order(t["template"].as_str().unwrap(), before, when);
        }
    }
}

/// Every task of the same DAG that `task` waits for, directly or not.
fn upstream(task: &Value, index: &BTreeMap<&str, &Value>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![task];
    while let Some(t) = todo.pop() {
        for name in t["depends"].as_str().unwrap_or("").split(" && ") {
            if !name.is_empty() && seen.insert(name.to_string()) {
                todo.push(index[name]);
            }
        }
    }
    seen
}

fn compiled(shape: Shape, n: usize, max: Option<usize>) -> String {
    let p = validate(shape.build(n)).expect("generated pipelines are valid");
    let options = ArgoOptions {
        max_dag_tasks: max,
        ..ArgoOptions::default()
    };
    compile(&p, &options).expect("compiles")
}

fn largest_dag(w: &Workflow) -> usize {
    w.templates
        .keys()
        .filter_map(|t| w.dag_tasks(t))
        .map(Vec::len)
        .max()
        .unwrap_or(0)
}

#[test]
fn split_workflows_have_the_unsplit_task_level_dag() {
    for shape in Shape::ALL {
        for (n, max) in [(450, 200), (60, 4)] {
            let unsplit = Workflow::read(&compiled(shape, n, Some(usize::MAX)));
            let split = Workflow::read(&compiled(shape, n, Some(max)));
            let label = format!("{} of {n} split at {max}", shape.name());
            assert!(largest_dag(&unsplit) > max, "{label}: nothing to split");
            assert!(
                largest_dag(&split) <= max,
                "{label}: a DAG is still too big"
            );
            assert!(split.templates.len() > unsplit.templates.len(), "{label}");
            let (order, when) = unsplit.task_level();
            let (split_order, split_when) = split.task_level();
            assert!(!order.is_empty() || shape == Shape::LoopFanIn, "{label}");
            assert_eq!(split_order, order, "{label}: the order of tasks changed");
            assert_eq!(split_when, when, "{label}: conditions changed");
        }
    }
}

#[test]
fn small_pipelines_are_not_split() {
    let p = Shape::Chain.build(200);
    let p = validate(p).unwrap();
    let yaml = compile(&p, &ArgoOptions::default()).unwrap();
    assert!(!yaml.contains("-part"), "{yaml}");
}

#[test]
fn split_workflows_pass_the_conformance_runner() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".venv/bin/python");
    if !python.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "the conformance venv is missing"
        );
        eprintln!(
            "skipped: no {} (run tests/conformance/bootstrap.sh)",
            python.display()
        );
        return;
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("argo-split");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for shape in [Shape::Chain, Shape::FanOut, Shape::LoopFanIn] {
        let file = dir.join(format!("{}.yaml", shape.name()));
        std::fs::write(&file, compiled(shape, 1000, None)).unwrap();
        files.push(file);
    }
    let out = Command::new(python)
        .arg(root.join("tests/conformance/check.py"))
        .args(&files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
