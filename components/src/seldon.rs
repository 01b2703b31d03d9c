//! Serving with Seldon Core: apply a `SeldonDeployment` through a Kubernetes resource step.

use pipec_dsl::prelude::*;

/// A SeldonDeployment serving a model from an S3 URI with Seldon's pre-packaged server.
/// `{{inputs.name}}`, `{{inputs.model_uri}}` and `{{inputs.server}}` are the step's inputs.
pub const SELDON_DEPLOYMENT: &str = "\
apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: \"{{inputs.name}}\"
spec:
  predictors:
  - name: default
    replicas: 1
    graph:
      name: classifier
      implementation: \"{{inputs.server}}\"
      modelUri: \"{{inputs.model_uri}}\"
      envSecretRefName: seldon-s3-credentials
";

/// Deploy (or update) a model behind a Seldon endpoint named `name`, waiting until it is
/// available.
pub fn deploy(
    name: impl IntoParam<String>,
    model_uri: impl IntoParam<String>,
    server: &str,
) -> Task<()> {
    ResourceStep::apply("seldon-deploy", SELDON_DEPLOYMENT)
        .input::<String>("name", name)
        .input::<String>("model_uri", model_uri)
        .input::<String>("server", server)
        .success_condition("status.state == Available")
        .failure_condition("status.state == Failed")
        .run()
}
