//! Volume claims the pipeline creates, the way kfp-kubernetes does it: a `createpvc` task at the
//! start (image `argostub/createpvc`, which the KFP backend turns into a PVC), mounts that read
//! its `name` output, and a `deletepvc` task after every task that mounts the claim.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use pipec_dsl::ir::{
    Argument, Component, ContainerSpec, Dag, Implementation, IoSpec, IoType, Node, ParamType,
    Pipeline, Task, TaskOutputRef, VolumeClaim, VolumeSource,
};

/// The pipeline with its created claims turned into `createpvc` / `deletepvc` tasks. Called
/// only for a pipeline that creates claims or mounts one ([`super::index::Index::mounts_created`]).
pub fn desugar(pipeline: &Pipeline) -> Result<Pipeline, String> {
    let mut p = pipeline.clone();
    let mut names = HashSet::new();
    node_names(&p.root, &mut names);
    let create_component = unique_key(&p.components, "createpvc");
    p.components.insert(
        create_component.clone(),
        create_pvc_component(&create_component),
    );
    let delete_component = unique_key(&p.components, "deletepvc");
    p.components.insert(
        delete_component.clone(),
        delete_pvc_component(&delete_component),
    );

    let mut creators = BTreeMap::new();
    let mut creates = Vec::new();
    for claim in &p.settings.volumes {
        let name = unique_name(&mut names, "createpvc");
        creates.push(Node::Task(Box::new(create_task(
            &name,
            &create_component,
            claim,
        ))));
        creators.insert(claim.name.clone(), name);
    }
    let mut users: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in &mut p.root.nodes {
        let mut used = BTreeSet::new();
        rewrite_node(node, &creators, &mut used)?;
        for claim in used {
            users
                .entry(claim)
                .or_default()
                .push(node.name().to_string());
        }
    }
    let mut deletes = Vec::new();
    for claim in &p.settings.volumes {
        let name = unique_name(&mut names, "deletepvc");
        let mut task = Task::new(name, &delete_component);
        task.arguments
            .insert("pvc_name".into(), claim_name(&creators[&claim.name]));
        task.after = users.remove(&claim.name).unwrap_or_default();
        deletes.push(Node::Task(Box::new(task)));
    }
    p.settings.volumes.clear();
    let body = std::mem::take(&mut p.root.nodes);
    p.root.nodes = creates.into_iter().chain(body).chain(deletes).collect();
    Ok(p)
}

fn claim_name(creator: &str) -> Argument {
    Argument::TaskOutput(TaskOutputRef {
        task: creator.to_string(),
        output: "name".to_string(),
    })
}

fn create_task(name: &str, component: &str, claim: &VolumeClaim) -> Task {
    let mut task = Task::new(name, component);
    let modes = if claim.access_modes.is_empty() {
        vec!["ReadWriteOnce".to_string()]
    } else {
        claim.access_modes.clone()
    };
    let args = &mut task.arguments;
    args.insert("access_modes".into(), Argument::Constant(modes.into()));
    args.insert(
        "pvc_name_suffix".into(),
        Argument::Constant(format!("-{}", claim.name).into()),
    );
    args.insert("size".into(), Argument::Constant(claim.size.clone().into()));
    if let Some(class) = &claim.storage_class {
        args.insert(
            "storage_class_name".into(),
            Argument::Constant(class.clone().into()),
        );
    }
    task
}

/// kfp-kubernetes' `CreatePVC` component.
fn create_pvc_component(name: &str) -> Component {
    let optional = |n: &str, ty| IoSpec {
        optional: true,
        ..IoSpec::new(n, IoType::Param(ty))
    };
    Component {
        name: name.to_string(),
        description: None,
        inputs: vec![
            IoSpec::new("access_modes", IoType::Param(ParamType::List)),
            IoSpec::new("size", IoType::Param(ParamType::String)),
            optional("pvc_name", ParamType::String),
            optional("pvc_name_suffix", ParamType::String),
            IoSpec {
                default: Some("".into()),
                ..optional("storage_class_name", ParamType::String)
            },
            optional("volume_name", ParamType::String),
            optional("annotations", ParamType::Struct),
        ],
        outputs: vec![IoSpec::new("name", IoType::Param(ParamType::String))],
        implementation: stub("argostub/createpvc"),
    }
}

/// kfp-kubernetes' `DeletePVC` component.
fn delete_pvc_component(name: &str) -> Component {
    Component {
        name: name.to_string(),
        description: None,
        inputs: vec![IoSpec::new("pvc_name", IoType::Param(ParamType::String))],
        outputs: Vec::new(),
        implementation: stub("argostub/deletepvc"),
    }
}

fn stub(image: &str) -> Implementation {
    Implementation::Container(ContainerSpec {
        image: image.to_string(),
        command: Vec::new(),
        args: Vec::new(),
        env: Vec::new(),
        working_dir: None,
    })
}

fn unique_key(map: &BTreeMap<String, Component>, base: &str) -> String {
    let mut key = base.to_string();
    let mut n = 1;
    while map.contains_key(&key) {
        n += 1;
        key = format!("{base}-{n}");
    }
    key
}

fn unique_name(names: &mut HashSet<String>, base: &str) -> String {
    let mut name = base.to_string();
    let mut n = 1;
    while names.contains(&name) {
        n += 1;
        name = format!("{base}-{n}");
    }
    names.insert(name.clone());
    name
}

fn node_names(dag: &Dag, out: &mut HashSet<String>) {
    for node in &dag.nodes {
        out.insert(node.name().to_string());
        match node {
            Node::Task(_) => {}
            Node::Condition(c) => c.branches.iter().for_each(|b| {
                out.insert(b.name.clone());
                node_names(&b.body, out);
            }),
            Node::Loop(l) => node_names(&l.body, out),
            Node::ExitHandler(e) => {
                out.insert(e.exit_task.name.clone());
                node_names(&e.body, out);
            }
        }
    }
}

/// Point every mount of a created claim at its `createpvc` task; record the claims used.
fn rewrite_node(
    node: &mut Node,
    creators: &BTreeMap<String, String>,
    used: &mut BTreeSet<String>,
) -> Result<(), String> {
    match node {
        Node::Task(t) => rewrite_task(t, creators, used),
        Node::Condition(c) => c
            .branches
            .iter_mut()
            .flat_map(|b| b.body.nodes.iter_mut())
            .try_for_each(|n| rewrite_node(n, creators, used)),
        Node::Loop(l) => l
            .body
            .nodes
            .iter_mut()
            .try_for_each(|n| rewrite_node(n, creators, used)),
        Node::ExitHandler(e) => {
            rewrite_task(&mut e.exit_task, creators, used)?;
            e.body
                .nodes
                .iter_mut()
                .try_for_each(|n| rewrite_node(n, creators, used))
        }
    }
}

fn rewrite_task(
    task: &mut Task,
    creators: &BTreeMap<String, String>,
    used: &mut BTreeSet<String>,
) -> Result<(), String> {
    let Task {
        name, pod_settings, ..
    } = task;
    let Some(pod) = pod_settings else {
        return Ok(());
    };
    for v in &mut pod.volumes {
        if let VolumeSource::Created(claim) = &v.source {
            let creator = creators.get(claim).ok_or_else(|| {
                format!(
                    "task `{name}` mounts claim `{claim}`, which is not in the pipeline's \
                     settings.volumes"
                )
            })?;
            used.insert(claim.clone());
            v.source = VolumeSource::Pvc(claim_name(creator));
        }
    }
    Ok(())
}
