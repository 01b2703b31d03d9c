//! `Container`: what a container component's body returns.

/// The command line and environment of a container component. A `#[component]` body builds one
/// with the component's input and output handles:
///
/// ```
/// use pipec_dsl::Container;
/// let c = Container::new(["python", "train.py"]).args(["--epochs", "3"]).env("LOG", "info");
/// assert_eq!(c.command(), ["python", "train.py"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Container {
    command: Vec<String>,
    args: Vec<String>,
    env: Vec<(String, String)>,
    working_dir: Option<String>,
}

impl Container {
    /// A container running `command` (the image's entrypoint is replaced).
    pub fn new<S: Into<String>>(command: impl IntoIterator<Item = S>) -> Self {
        Container {
            command: command.into_iter().map(Into::into).collect(),
            ..Self::default()
        }
    }

    /// A container that keeps the image's entrypoint.
    pub fn entrypoint() -> Self {
        Container::default()
    }

    /// Append arguments.
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Set an environment variable.
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    /// Set the working directory.
    pub fn working_dir(mut self, dir: impl Into<String>) -> Self {
        self.working_dir = Some(dir.into());
        self
    }

    /// The command.
    pub fn command(&self) -> &[String] {
        &self.command
    }

    pub(crate) fn into_spec(self, image: &str) -> Result<crate::ir::ContainerSpec, String> {
        let parse = |v: Vec<String>| -> Result<Vec<crate::ir::Arg>, String> {
            v.iter().map(|s| super::parse_tokens(s)).collect()
        };
        Ok(crate::ir::ContainerSpec {
            image: image.to_string(),
            command: parse(self.command)?,
            args: parse(self.args)?,
            env: self
                .env
                .into_iter()
                .map(|(name, value)| crate::ir::EnvVar { name, value })
                .collect(),
            working_dir: self.working_dir,
        })
    }
}
