//! `#[component]`: parse → check → expand.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::{ItemFn, ReturnType, Type};

use crate::attr_args::AttrArgs;
use crate::docs::description;
use crate::handle_type::HandleKind;
use crate::signature::{SigParam, parse_params};

const ALLOWED: &[HandleKind] = &[
    HandleKind::Param,
    HandleKind::Input,
    HandleKind::Output,
    HandleKind::OutputParam,
];

/// The checked model of a component function.
struct ComponentFn {
    item: ItemFn,
    name: String,
    image: syn::Expr,
    params: Vec<SigParam>,
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let item: ItemFn = syn::parse2(item)?;
    let model = parse(args, item)?;
    Ok(generate(&model))
}

fn parse(args: TokenStream, item: ItemFn) -> syn::Result<ComponentFn> {
    let args = AttrArgs::parse(args, &["image", "name"])?;
    let image = args
        .require(
            "image",
            Span::call_site(),
            "#[component(image = \"registry/image:tag\")]",
        )?
        .clone();
    if let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(s),
        ..
    }) = &image
        && s.value().trim().is_empty()
    {
        return Err(syn::Error::new_spanned(
            &image,
            "the image must not be empty",
        ));
    }
    check_returns_container(&item)?;
    let params = parse_params(&item.sig, ALLOWED)?;
    let name = args
        .get_str("name")?
        .map(|s| s.value())
        .unwrap_or_else(|| item.sig.ident.to_string());
    Ok(ComponentFn {
        item,
        name,
        image,
        params,
    })
}

fn check_returns_container(item: &ItemFn) -> syn::Result<()> {
    let message = "a component body returns a `Container`: add `-> Container`";
    match &item.sig.output {
        ReturnType::Default => Err(syn::Error::new_spanned(&item.sig.ident, message)),
        ReturnType::Type(_, ty) => match &**ty {
            Type::Path(p)
                if p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Container") =>
            {
                Ok(())
            }
            other => Err(syn::Error::new_spanned(other, message)),
        },
    }
}

fn generate(c: &ComponentFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
        ..
    } = &c.item;
    let fn_name = &sig.ident;
    let outputs_name = format_ident!("{}Outputs", camel_case(&fn_name.to_string()));
    let (inputs, outputs): (Vec<&SigParam>, Vec<&SigParam>) =
        c.params.iter().partition(|p| !p.handle.kind.is_output());

    let call_params = inputs.iter().map(|p| {
        let (ident, inner) = (&p.ident, &p.handle.inner);
        match p.handle.kind {
            HandleKind::Param => quote!(#ident: impl ::pipec_dsl::IntoParam<#inner>),
            _ => quote!(#ident: impl ::pipec_dsl::IntoArtifact<#inner>),
        }
    });
    let arguments = inputs.iter().map(|p| {
        let (ident, inner, key) = (&p.ident, &p.handle.inner, p.ident.to_string());
        match p.handle.kind {
            HandleKind::Param => {
                quote!((#key, ::pipec_dsl::IntoParam::<#inner>::into_param(#ident).argument()))
            }
            _ => quote!((#key, ::pipec_dsl::IntoArtifact::<#inner>::into_artifact(#ident).argument())),
        }
    });
    let input_specs = inputs.iter().map(|p| io_spec(p));
    let output_specs = outputs.iter().map(|p| io_spec(p));
    let body_params = c.params.iter().map(|p| {
        let (ident, ty) = (&p.ident, &p.ty);
        quote!(#ident: #ty)
    });
    let placeholders = c.params.iter().map(placeholder);
    let output_fields = outputs.iter().map(|p| {
        let (ident, inner) = (&p.ident, &p.handle.inner);
        let doc = format!("The `{ident}` output.");
        match p.handle.kind {
            HandleKind::OutputParam => quote!(#[doc = #doc] pub #ident: ::pipec_dsl::Param<#inner>),
            _ => quote!(#[doc = #doc] pub #ident: ::pipec_dsl::ArtifactRef<#inner>),
        }
    });
    let output_values = outputs.iter().map(|p| {
        let (ident, inner, key) = (&p.ident, &p.handle.inner, p.ident.to_string());
        match p.handle.kind {
            HandleKind::OutputParam => quote!(#ident: ::pipec_dsl::private::param_output_handle::<#inner>(&__task, #key)),
            _ => quote!(#ident: ::pipec_dsl::private::artifact_output_handle::<#inner>(&__task, #key)),
        }
    });
    let ret = &sig.output;
    let name = &c.name;
    let image = &c.image;
    let desc = match description(attrs) {
        Some(d) => quote!(::core::option::Option::Some(#d)),
        None => quote!(::core::option::Option::None),
    };
    let outputs_doc = format!("The outputs of a `{fn_name}` task.");
    quote! {
        #[doc = #outputs_doc]
        #[derive(Debug, Clone, Copy)]
        #vis struct #outputs_name { #(#output_fields,)* }

        #(#attrs)*
        #[allow(clippy::too_many_arguments)]
        #vis fn #fn_name(#(#call_params),*) -> ::pipec_dsl::Task<#outputs_name> {
            #[allow(clippy::too_many_arguments)]
            fn __pipec_body(#(#body_params),*) #ret #block
            let __arguments = ::std::vec![#(#arguments),*];
            let __task = ::pipec_dsl::private::call_container(
                ::pipec_dsl::private::ContainerDecl {
                    origin: ::core::module_path!(),
                    name: #name,
                    description: #desc,
                    image: ::core::convert::AsRef::<str>::as_ref(&#image),
                    inputs: ::std::vec![#(#input_specs),*],
                    outputs: ::std::vec![#(#output_specs),*],
                },
                || __pipec_body(#(#placeholders),*),
                __arguments,
            );
            let __outputs = #outputs_name { #(#output_values,)* };
            ::pipec_dsl::Task::__new(__task, __outputs)
        }
    }
}

fn io_spec(p: &SigParam) -> TokenStream {
    let (inner, key) = (&p.handle.inner, p.ident.to_string());
    match p.handle.kind {
        HandleKind::Param => {
            let default = match &p.default {
                Some(d) => {
                    quote!(::core::option::Option::Some(::core::convert::Into::<#inner>::into(#d)))
                }
                None => quote!(::core::option::Option::None),
            };
            let doc = optional_str(p.description.as_ref());
            quote!(::pipec_dsl::private::param_input::<#inner>(#key, #default, #doc))
        }
        HandleKind::Input => quote!(::pipec_dsl::private::artifact_input::<#inner>(#key)),
        HandleKind::Output => quote!(::pipec_dsl::private::artifact_output::<#inner>(#key)),
        HandleKind::OutputParam => quote!(::pipec_dsl::private::param_output::<#inner>(#key)),
    }
}

fn placeholder(p: &SigParam) -> TokenStream {
    let (inner, key) = (&p.handle.inner, p.ident.to_string());
    match p.handle.kind {
        HandleKind::Param => quote!(::pipec_dsl::private::placeholder_param::<#inner>(#key)),
        HandleKind::Input => quote!(::pipec_dsl::Input::<#inner>::__new(#key)),
        HandleKind::Output => quote!(::pipec_dsl::Output::<#inner>::__new(#key)),
        HandleKind::OutputParam => quote!(::pipec_dsl::OutputParam::<#inner>::__new(#key)),
    }
}

/// `Some("text")` or `None`, as tokens.
pub(crate) fn optional_str(s: Option<&syn::LitStr>) -> TokenStream {
    match s {
        Some(s) => quote!(::core::option::Option::Some(#s)),
        None => quote!(::core::option::Option::None),
    }
}

/// `train_model` → `TrainModel`.
pub(crate) fn camel_case(snake: &str) -> String {
    snake
        .split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_uppercase().chain(cs).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}
