//! Exit handlers: a body, and a task that runs after it whatever happened.

use crate::build::{Group, NodeRef, Task, with_builder};

/// An exit-handler group.
#[derive(Debug)]
pub struct ExitHandler {
    name: String,
}

/// Run `body`, then always run the task `exit` creates (e.g. to report or clean up), whether the
/// body succeeded or failed.
///
/// ```ignore
/// exit_handler(|| notify("mlops run finished"), || {
///     let model = train(data);
///     deploy(model.outputs.model);
/// });
/// ```
pub fn exit_handler<O>(exit: impl FnOnce() -> Task<O>, body: impl FnOnce()) -> ExitHandler {
    let (index, name) = with_builder(|b| {
        let name = b.group_name("exit-handler");
        let group = Group::ExitHandler {
            name: name.clone(),
            exit_task: None,
            body: vec![],
        };
        let index = b.place_group(group);
        b.open_scope();
        (index, name)
    });
    body();
    let body_slots = with_builder(|b| {
        let slots = b.close_scope();
        // The exit task is created in a scratch scope and then moved into the group.
        b.open_scope();
        slots
    });
    let exit_task = exit();
    let exit_name = exit_task.name().to_string();
    with_builder(|b| {
        let scratch = b.close_scope();
        if scratch.len() != 1 {
            b.problems.push(format!(
                "{name}: the exit closure must create exactly one task, it created {}",
                scratch.len()
            ));
        }
        if let Some(Some(Group::ExitHandler {
            body, exit_task, ..
        })) = b.groups.get_mut(index)
        {
            *body = body_slots;
            *exit_task = Some(exit_name);
        }
    });
    ExitHandler { name }
}

impl NodeRef for ExitHandler {
    fn node_name(&self) -> &str {
        &self.name
    }
}
