//! `#[pipeline]`: parse → check → expand.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{ItemFn, ReturnType};

use crate::attr_args::AttrArgs;
use crate::component::optional_str;
use crate::docs::description;
use crate::handle_type::HandleKind;
use crate::signature::{SigParam, parse_params};

/// The checked model of a pipeline function.
struct PipelineFn {
    item: ItemFn,
    name: String,
    description: Option<String>,
    params: Vec<SigParam>,
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let item: ItemFn = syn::parse2(item)?;
    let model = parse(args, item)?;
    Ok(generate(&model))
}

fn parse(args: TokenStream, item: ItemFn) -> syn::Result<PipelineFn> {
    let args = AttrArgs::parse(args, &["name", "description"])?;
    let params = parse_params(&item.sig, &[HandleKind::Param])
        .map_err(|e| explain_pipeline_params(e, &item))?;
    let name = match args.get_str("name")? {
        Some(lit) => {
            if lit.value().trim().is_empty() {
                return Err(syn::Error::new_spanned(
                    &lit,
                    "the pipeline name must not be empty",
                ));
            }
            lit.value()
        }
        None => item.sig.ident.to_string().replace('_', "-"),
    };
    let description = args
        .get_str("description")?
        .map(|s| s.value())
        .or_else(|| description(&item.attrs));
    Ok(PipelineFn {
        item,
        name,
        description,
        params,
    })
}

/// Pipeline parameters can only be `Param<T>`; say where artifacts come from instead.
fn explain_pipeline_params(e: syn::Error, item: &ItemFn) -> syn::Error {
    let uses_io = item.sig.inputs.iter().any(|a| {
        let text = quote!(#a).to_string();
        ["Input <", "Output <", "OutputParam <"]
            .iter()
            .any(|k| text.contains(k))
    });
    if uses_io {
        let mut e2 = e.clone();
        e2.combine(syn::Error::new(
            e.span(),
            "pipeline parameters are `Param<T>` values given at run time; artifacts come from \
             tasks (`task.outputs.x`) or from `importer::<A>(uri)`",
        ));
        e2
    } else {
        e
    }
}

fn generate(p: &PipelineFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
        ..
    } = &p.item;
    let fn_name = &sig.ident;
    let name = &p.name;
    let ret = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) => quote!(#ty),
    };
    let set_description = p
        .description
        .as_ref()
        .map(|d| quote!(__pipeline.description = ::core::option::Option::Some(#d.to_string());));
    let declarations = p.params.iter().map(|sp| {
        let (inner, key) = (&sp.handle.inner, sp.ident.to_string());
        let default = match &sp.default {
            Some(d) => {
                quote!(::core::option::Option::Some(::core::convert::Into::<#inner>::into(#d)))
            }
            None => quote!(::core::option::Option::None),
        };
        let doc = optional_str(sp.description.as_ref());
        quote!(::pipec_dsl::private::pipeline_param::<#inner>(#key, #default, #doc))
    });
    let bindings = p.params.iter().map(|sp| {
        let (ident, inner, key) = (&sp.ident, &sp.handle.inner, sp.ident.to_string());
        quote!(let #ident: ::pipec_dsl::Param<#inner> = ::pipec_dsl::private::pipeline_param_handle::<#inner>(#key);)
    });
    let call_params = p.params.iter().map(|sp| {
        let (ident, inner) = (&sp.ident, &sp.handle.inner);
        quote!(#ident: impl ::pipec_dsl::IntoParam<#inner>)
    });
    let arguments = p.params.iter().map(|sp| {
        let (ident, inner, key) = (&sp.ident, &sp.handle.inner, sp.ident.to_string());
        quote!((#key, ::pipec_dsl::IntoParam::<#inner>::into_param(#ident).argument()))
    });
    let call_doc = format!("Use the `{name}` pipeline as a component of another pipeline.");
    let type_doc = format!("The `{name}` pipeline as a component: see `{fn_name}::call`.");
    quote! {
        #(#attrs)*
        #vis fn #fn_name() -> ::core::result::Result<::pipec_dsl::ir::Pipeline, ::pipec_dsl::BuildError> {
            let mut __pipeline = ::pipec_dsl::ir::Pipeline::new(#name);
            #set_description
            __pipeline.parameters = ::std::vec![#(#declarations),*];
            ::pipec_dsl::private::build_pipeline(__pipeline, || -> #ret {
                #(#bindings)*
                #block
            })
        }

        // A braced struct lives in the type namespace only, so it can share the function's name
        // and give `name::call(..)`; unlike a module it works wherever the function is defined.
        #[doc = #type_doc]
        #[allow(non_camel_case_types, dead_code)]
        #vis struct #fn_name {}

        impl #fn_name {
            #[doc = #call_doc]
            #[allow(clippy::too_many_arguments)]
            #vis fn call(#(#call_params),*) -> ::pipec_dsl::Task<::pipec_dsl::PipelineOutputs<#ret>> {
                let __arguments = ::std::vec![#(#arguments),*];
                ::pipec_dsl::private::call_pipeline::<#ret>(
                    ::core::module_path!(),
                    #fn_name,
                    #name,
                    __arguments,
                )
            }
        }
    }
}
