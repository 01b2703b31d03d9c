//! `#[component]` and `#[pipeline]`, re-exported by `pipec-dsl`. Each macro parses the function
//! into a small model, checks it, then expands; every error points at the user's token.

#![warn(missing_docs)]

mod attr_args;
mod component;
mod docs;
mod handle_type;
mod pipeline;
mod signature;

use proc_macro::TokenStream;

/// Turn a function whose body returns a `Container` into a container component.
///
/// The function's parameters declare the component's interface: `Param<T>` and `Input<A>` are
/// inputs, `Output<A>` and `OutputParam<T>` are outputs. Calling the function inside a
/// `#[pipeline]` takes the inputs only and returns a `Task` whose `outputs` are typed handles.
/// `#[default(..)]` on a `Param` gives a default and `#[description("..")]` describes it. Doc
/// comments on the function become the component's description.
///
/// ```ignore
/// #[component(image = "ghcr.io/praxi/taggen:0.4")]
/// fn taggen(changesets_dir: Param<String>, tags: Output<Dataset>) -> Container {
///     Container::new(["taggen"]).args(["--changesets", changesets_dir.arg(), "--out", tags.path()])
/// }
/// ```
#[proc_macro_attribute]
pub fn component(args: TokenStream, item: TokenStream) -> TokenStream {
    component::expand(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Turn a function into a pipeline. Its `Param<T>` parameters are the pipeline's parameters
/// (`#[default(..)]` gives a default, `#[description("..")]` describes one); its body places tasks. The function becomes
/// `fn name() -> Result<ir::Pipeline, BuildError>`, and `name::call(..)` uses the pipeline as a
/// component of another pipeline.
///
/// ```ignore
/// #[pipeline(name = "praxi", description = "Tag snapshot changes and predict installed software")]
/// fn praxi(snapshot_pvc: Param<String>, #[default(5)] top_k: Param<i64>) { /* … */ }
/// ```
#[proc_macro_attribute]
pub fn pipeline(args: TokenStream, item: TokenStream) -> TokenStream {
    pipeline::expand(args.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
