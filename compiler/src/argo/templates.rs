//! The workflow's template list: unique names, and one template per distinct step.
//!
//! A component's tasks share one template when they need the same pod (resources, retries,
//! volumes, … are template fields in Argo, not task fields); a task with other settings gets a
//! variant named `<component>-2`, `<component>-3`, …. Names are handed out in the order the
//! pipeline declares things, so the output is the same on every run.

use std::fmt::Write;
use std::sync::Arc;

use foldhash::{HashMap, HashSet};

use super::model::Template;
use pipec_dsl::name::sanitized;

/// Templates being collected, some reserved by name before their body is known.
#[derive(Debug, Default)]
pub(super) struct Templates {
    slots: Vec<Option<Template>>,
    /// Every name given, shared with whoever holds it: a name is copied once, when made.
    taken: HashSet<Arc<str>>,
    /// For each stem given a numbered name, the last number given: every lower one is taken, so
    /// the next search starts there instead of at 2 (a split DAG has one part per 200 tasks).
    last_suffix: HashMap<String, u32>,
    /// Interned step templates: base name and body (as JSON) to the name given.
    interned: HashMap<(String, String), Arc<str>>,
}

impl Templates {
    /// Reserve a unique name built from `base`; the body is given later with [`Templates::fill`].
    pub(super) fn reserve(&mut self, base: &str) -> (usize, Arc<str>) {
        self.reserve_stem(&sanitized(base))
    }

    /// [`Templates::reserve`] for a base already sanitized (`stem` is `sanitized(base)`), as
    /// a branch's DAG task name is: the name is not checked again.
    pub(super) fn reserve_stem(&mut self, stem: &str) -> (usize, Arc<str>) {
        let name = self.unique(stem);
        self.slots.push(None);
        (self.slots.len() - 1, name)
    }

    /// Make room for `more` templates, so that reserving them moves and rehashes nothing.
    pub(super) fn expect(&mut self, more: usize) {
        self.slots.reserve(more);
        self.taken.reserve(more);
    }

    /// Give the body of a reserved template.
    pub(super) fn fill(&mut self, slot: usize, template: Template) {
        self.slots[slot] = Some(template);
    }

    /// The name of a step template with this body: an existing identical one, or a new one.
    pub(super) fn intern(&mut self, base: &str, mut body: Template) -> Arc<str> {
        body.name.clear();
        // The model has no Hash; its JSON form is a faithful key.
        let key = (
            base.to_string(),
            serde_json::to_string(&body).unwrap_or_default(),
        );
        if let Some(name) = self.interned.get(&key) {
            return Arc::clone(name);
        }
        let (slot, name) = self.reserve(base);
        body.name = String::from(&*name);
        self.fill(slot, body);
        self.interned.insert(key, Arc::clone(&name));
        name
    }

    /// Every template, in the order reserved. A slot never filled is an internal error.
    pub(super) fn finish(self) -> Option<Vec<Template>> {
        self.slots.into_iter().collect()
    }

    /// A name not taken yet, from a sanitized stem.
    fn unique(&mut self, stem: &str) -> Arc<str> {
        let stem = if stem.is_empty() { "template" } else { stem };
        // Most stems are free: one hash both checks and takes the name.
        let name: Arc<str> = stem.into();
        if self.taken.insert(Arc::clone(&name)) {
            return name;
        }
        let from = self.last_suffix.get(stem).copied().unwrap_or(2);
        // Candidates are only compared until one is free: they are written into one buffer.
        let mut candidate = String::with_capacity(stem.len() + 4);
        let mut n = from;
        loop {
            candidate.clear();
            let _ = write!(candidate, "{stem}-{n}");
            if !self.taken.contains(candidate.as_str()) {
                break;
            }
            n += 1;
        }
        match self.last_suffix.get_mut(stem) {
            Some(last) => *last = n,
            None => {
                self.last_suffix.insert(stem.to_string(), n);
            }
        }
        let name: Arc<str> = candidate.into();
        self.taken.insert(Arc::clone(&name));
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_bodies_share_a_name_and_others_get_a_suffix() {
        let mut t = Templates::default();
        let (root, root_name) = t.reserve("Train");
        t.fill(root, Template::default());
        let body = Template {
            parallelism: Some(1),
            ..Template::default()
        };
        let a = t.intern("train", body.clone());
        let b = t.intern("train", body);
        let c = t.intern("train", Template::default());
        assert_eq!((&*root_name, &*a), ("train", "train-2"));
        assert_eq!(a, b);
        assert_eq!(&*c, "train-3");
        assert_eq!(t.finish().unwrap().len(), 3);
    }
}
