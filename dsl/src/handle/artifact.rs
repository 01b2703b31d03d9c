//! Artifact handles: `ArtifactRef<A>` and the artifact marker types.

use std::marker::PhantomData;

use super::{Source, lookup, register};
use crate::ir::{Argument, ArtifactType};

/// A marker type for an artifact type (`Dataset`, `Model`, …).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an artifact type",
    label = "artifacts are `Artifact`, `Dataset`, `Model`, `Metrics`, `ClassificationMetrics`, `Html` or `Markdown`",
    note = "values such as strings and numbers are passed with `Param<T>` / `OutputParam<T>`"
)]
pub trait ArtifactKind: 'static {
    /// The IR type.
    const TYPE: ArtifactType;
}

macro_rules! artifact_kinds {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl ArtifactKind for $name {
            const TYPE: ArtifactType = ArtifactType::$name;
        }
    )*};
}

artifact_kinds!(
    /// Any artifact (`system.Artifact`); every other kind can be passed where it is expected.
    Artifact,
    /// A data set (`system.Dataset`).
    Dataset,
    /// A trained model (`system.Model`).
    Model,
    /// Scalar metrics (`system.Metrics`).
    Metrics,
    /// Classification metrics (`system.ClassificationMetrics`).
    ClassificationMetrics,
    /// An HTML page (`system.HTML`).
    Html,
    /// A Markdown page (`system.Markdown`).
    Markdown
);

/// A handle to an artifact of kind `A` produced by a task (or an importer).
pub struct ArtifactRef<A> {
    id: u32,
    _kind: PhantomData<fn() -> A>,
}

impl<A> Clone for ArtifactRef<A> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<A> Copy for ArtifactRef<A> {}

impl<A> std::fmt::Debug for ArtifactRef<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ArtifactRef({:?})", lookup(self.id))
    }
}

impl<A: ArtifactKind> ArtifactRef<A> {
    pub(crate) fn from_argument(argument: Argument) -> Self {
        ArtifactRef {
            id: register(Source::Argument(argument)),
            _kind: PhantomData,
        }
    }

    /// The IR argument this handle passes to a task input.
    pub fn argument(&self) -> Argument {
        match lookup(self.id) {
            Source::Argument(a) => a,
            Source::Placeholder(p) => Argument::Parameter(format!("<input {}>", p.name())),
        }
    }
}

/// Something that can be passed where an artifact of kind `A` is expected: an `ArtifactRef<A>`,
/// or any artifact where a generic [`Artifact`] is expected.
#[diagnostic::on_unimplemented(
    message = "expected an `ArtifactRef<{A}>`, found `{Self}`",
    label = "this is not a `{A}` artifact",
    note = "pipec checks wiring at compile time: pass an output of the artifact type the component declares"
)]
pub trait IntoArtifact<A> {
    /// The handle.
    fn into_artifact(self) -> ArtifactRef<A>;
}

impl<A: ArtifactKind> IntoArtifact<A> for ArtifactRef<A> {
    fn into_artifact(self) -> ArtifactRef<A> {
        self
    }
}

macro_rules! into_generic_artifact {
    ($($name:ident),*) => {$(
        impl IntoArtifact<Artifact> for ArtifactRef<$name> {
            fn into_artifact(self) -> ArtifactRef<Artifact> {
                ArtifactRef::from_argument(self.argument())
            }
        }
    )*};
}
into_generic_artifact!(
    Dataset,
    Model,
    Metrics,
    ClassificationMetrics,
    Html,
    Markdown
);
