//! `key = "value"` arguments of the macro attributes.

use proc_macro2::{Span, TokenStream};
use syn::{Expr, ExprLit, Lit, LitStr};

/// The parsed `key = value` pairs, each with its span.
pub(crate) struct AttrArgs {
    pairs: Vec<(String, Expr)>,
}

impl AttrArgs {
    /// Parse `a = "x", b = "y"`, accepting only the `allowed` keys.
    pub(crate) fn parse(tokens: TokenStream, allowed: &[&str]) -> syn::Result<Self> {
        let mut pairs: Vec<(String, Expr)> = Vec::new();
        let parser = syn::meta::parser(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if !allowed.contains(&key.as_str()) {
                return Err(meta.error(format!(
                    "unknown argument; expected one of: {}",
                    allowed.join(", ")
                )));
            }
            if pairs.iter().any(|(k, _)| *k == key) {
                return Err(meta.error(format!("`{key}` is given twice")));
            }
            let value: Expr = meta.value()?.parse()?;
            pairs.push((key, value));
            Ok(())
        });
        syn::parse::Parser::parse2(parser, tokens)?;
        Ok(AttrArgs { pairs })
    }

    /// The value of `key`, if given: any expression (e.g. a `const` image name).
    pub(crate) fn get(&self, key: &str) -> Option<&Expr> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key` as a string literal, if given.
    pub(crate) fn get_str(&self, key: &str) -> syn::Result<Option<LitStr>> {
        match self.get(key) {
            None => Ok(None),
            Some(Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            })) => Ok(Some(s.clone())),
            Some(other) => Err(syn::Error::new_spanned(
                other,
                format!("`{key}` takes a string literal"),
            )),
        }
    }

    /// The value of `key`, or an error at `span` saying it is required.
    pub(crate) fn require(&self, key: &str, span: Span, example: &str) -> syn::Result<&Expr> {
        self.get(key)
            .ok_or_else(|| syn::Error::new(span, format!("missing `{key}`: write `{example}`")))
    }
}
