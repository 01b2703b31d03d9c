//! Importers: bring an artifact that already exists (an `s3://` or `minio://` URI) into the
//! pipeline.

use crate::build::{Task, new_task, register_component};
use crate::handle::{ArtifactKind, ArtifactRef, IntoParam};
use crate::ir::{self, Argument, IoType, ParamType, TaskOutputRef};

/// The output of an importer task.
#[derive(Debug, Clone, Copy)]
pub struct Imported<A> {
    /// The imported artifact.
    pub artifact: ArtifactRef<A>,
}

/// Import the artifact at `uri` as an `A`.
///
/// ```ignore
/// let model = importer::<Model>(model_uri);
/// prediction(tags.outputs.tags, model.outputs.artifact, top_k);
/// ```
pub fn importer<A: ArtifactKind>(uri: impl IntoParam<String>) -> Task<Imported<A>> {
    let kind = A::TYPE;
    let name = format!("importer-{}", kind.name().replace('_', "-"));
    let key =
        register_component("pipec::importer", || Ok(component(&name, kind)), &name).unwrap_or(name);
    let arguments = ir::ArgumentMap::from([("uri".to_string(), uri.into_param().argument())]);
    let task = new_task(&key, arguments);
    let artifact = ArtifactRef::from_argument(Argument::TaskOutput(TaskOutputRef {
        task: task.clone(),
        output: "artifact".into(),
    }));
    Task::__new(task, Imported { artifact })
}

fn component(name: &str, kind: ir::ArtifactType) -> ir::Component {
    ir::Component {
        name: name.to_string(),
        description: Some(format!("Import an existing {} by URI", kind.name())),
        inputs: vec![ir::IoSpec::new("uri", IoType::Param(ParamType::String))],
        outputs: vec![ir::IoSpec::new("artifact", IoType::Artifact(kind))],
        implementation: ir::Implementation::Importer(ir::ImporterSpec {
            artifact_type: kind,
            reimport: false,
        }),
    }
}
