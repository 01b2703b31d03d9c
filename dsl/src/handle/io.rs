//! The handles a component body sees for its own inputs and outputs.

use std::marker::PhantomData;

use crate::ir::Placeholder;

/// A component's artifact input, as declared in its signature: `tags: Input<Dataset>`.
/// In the body, [`Input::path`] is where the file will be.
pub struct Input<A> {
    name: &'static str,
    _kind: PhantomData<fn() -> A>,
}

/// A component's artifact output: `model: Output<Model>`. In the body, [`Output::path`] is where
/// to write it.
pub struct Output<A> {
    name: &'static str,
    _kind: PhantomData<fn() -> A>,
}

/// A component's output parameter: `accuracy: OutputParam<f64>`. In the body,
/// [`OutputParam::path`] is the file to write the value to.
pub struct OutputParam<T> {
    name: &'static str,
    _type: PhantomData<fn() -> T>,
}

impl<A> Input<A> {
    #[doc(hidden)]
    pub fn __new(name: &'static str) -> Self {
        Input {
            name,
            _kind: PhantomData,
        }
    }

    /// The local path of the input artifact, for the command line.
    pub fn path(&self) -> &'static str {
        token(Placeholder::InputPath(self.name.to_string()))
    }
}

impl<A> Output<A> {
    #[doc(hidden)]
    pub fn __new(name: &'static str) -> Self {
        Output {
            name,
            _kind: PhantomData,
        }
    }

    /// The local path to write the output artifact to, for the command line.
    pub fn path(&self) -> &'static str {
        token(Placeholder::OutputPath(self.name.to_string()))
    }
}

impl<T> OutputParam<T> {
    #[doc(hidden)]
    pub fn __new(name: &'static str) -> Self {
        OutputParam {
            name,
            _type: PhantomData,
        }
    }

    /// The local file to write the output value to, for the command line.
    pub fn path(&self) -> &'static str {
        token(Placeholder::OutputPath(self.name.to_string()))
    }
}

fn token(placeholder: Placeholder) -> &'static str {
    crate::build::placeholder_token(&super::Source::Placeholder(placeholder))
}
