//! Conditions: `when(cond, || ..).else_when(cond, || ..).otherwise(|| ..)`.

use crate::build::{Cond, Group, NodeRef, with_builder};
use crate::ir::Expr;

/// A condition group; chain [`When::else_when`] and [`When::otherwise`] on it.
#[derive(Debug)]
pub struct When {
    index: usize,
    name: String,
}

/// Run `body`'s tasks only when `cond` holds.
///
/// ```ignore
/// when(pred.outputs.confidence.lt(0.5), || { notify("low confidence"); })
///     .otherwise(|| { publish(pred.outputs.predictions); });
/// ```
pub fn when(cond: Cond, body: impl FnOnce()) -> When {
    let (index, name) = with_builder(|b| {
        let name = b.group_name("condition");
        let index = b.place_group(Group::Condition {
            name: name.clone(),
            branches: Vec::new(),
        });
        (index, name)
    });
    let w = When { index, name };
    w.branch(Some(cond.0), body);
    w
}

impl When {
    fn branch(&self, cond: Option<Expr>, body: impl FnOnce()) {
        with_builder(|b| b.open_scope());
        body();
        with_builder(|b| {
            let slots = b.close_scope();
            if let Some(Some(Group::Condition { name, branches })) = b.groups.get_mut(self.index) {
                let label = match (&cond, branches.len()) {
                    (None, _) => format!("{name}-else"),
                    (Some(_), 0) => format!("{name}-then"),
                    (Some(_), n) => format!("{name}-elif-{n}"),
                };
                branches.push((label, cond, slots));
            }
        });
    }

    /// Otherwise, when `cond` holds, run `body`.
    pub fn else_when(self, cond: Cond, body: impl FnOnce()) -> When {
        self.branch(Some(cond.0), body);
        self
    }

    /// Otherwise run `body`.
    pub fn otherwise(self, body: impl FnOnce()) {
        self.branch(None, body);
    }
}

impl NodeRef for When {
    fn node_name(&self) -> &str {
        &self.name
    }
}
