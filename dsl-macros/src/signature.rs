//! The parameters of an annotated function: name, handle type, `#[default(..)]` and
//! `#[description("..")]`.

use syn::{Expr, FnArg, Ident, Pat, Signature};

use crate::handle_type::{HandleKind, HandleType, classify};

/// One parameter of the function.
pub(crate) struct SigParam {
    pub(crate) ident: Ident,
    pub(crate) handle: HandleType,
    pub(crate) ty: syn::Type,
    pub(crate) default: Option<Expr>,
    pub(crate) description: Option<syn::LitStr>,
}

/// Parse and check the parameters of `sig`, allowing the given handle kinds.
pub(crate) fn parse_params(sig: &Signature, allowed: &[HandleKind]) -> syn::Result<Vec<SigParam>> {
    check_plain_fn(sig)?;
    let mut params = Vec::new();
    let mut errors: Option<syn::Error> = None;
    for arg in &sig.inputs {
        match parse_param(arg, allowed) {
            Ok(p) => params.push(p),
            Err(e) => match &mut errors {
                Some(all) => all.combine(e),
                None => errors = Some(e),
            },
        }
    }
    match errors {
        Some(e) => Err(e),
        None => Ok(params),
    }
}

fn check_plain_fn(sig: &Signature) -> syn::Result<()> {
    if let Some(a) = &sig.asyncness {
        return Err(syn::Error::new_spanned(
            a,
            "pipec functions cannot be `async`",
        ));
    }
    if !sig.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &sig.generics,
            "pipec functions cannot be generic: each parameter's type is part of the interface",
        ));
    }
    if let Some(v) = &sig.variadic {
        return Err(syn::Error::new_spanned(
            v,
            "pipec functions cannot be variadic",
        ));
    }
    Ok(())
}

fn parse_param(arg: &FnArg, allowed: &[HandleKind]) -> syn::Result<SigParam> {
    let FnArg::Typed(pt) = arg else {
        return Err(syn::Error::new_spanned(
            arg,
            "pipec functions take no `self`",
        ));
    };
    let Pat::Ident(pi) = &*pt.pat else {
        return Err(syn::Error::new_spanned(
            &pt.pat,
            "use a plain name here, e.g. `data`",
        ));
    };
    let handle = classify(&pt.ty, allowed)?;
    let mut default = None;
    let mut description = None;
    for attr in &pt.attrs {
        if attr.path().is_ident("default") {
            if handle.kind != HandleKind::Param {
                return Err(syn::Error::new_spanned(
                    attr,
                    "only `Param<T>` parameters can have a `#[default(..)]`",
                ));
            }
            default = Some(attr.parse_args::<Expr>()?);
        } else if attr.path().is_ident("description") {
            description = Some(attr.parse_args::<syn::LitStr>()?);
        } else {
            return Err(syn::Error::new_spanned(
                attr,
                "unsupported attribute on a parameter; only `#[default(..)]` and \
                 `#[description(\"..\")]` are allowed",
            ));
        }
    }
    Ok(SigParam {
        ident: pi.ident.clone(),
        handle,
        ty: (*pt.ty).clone(),
        default,
        description,
    })
}
