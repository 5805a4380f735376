//! Code generation from the checked model. Generated code is data and thin
//! glue: every behaviour is a call into `::graph_resource::__private`, every
//! path is absolute, and every impl is `#[automatically_derived]`.

pub(crate) mod object;
pub(crate) mod path;
pub(crate) mod polymorphic;
pub(crate) mod resource;
pub(crate) mod string_enum;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, DeriveInput};

use crate::internals::ast::Input;
use crate::internals::attr;

/// Expands `#[graph_resource(args)] input`. On errors the item is still
/// emitted (without the helper attributes), so that one mistake does not
/// bring a cascade of follow-on errors where the type is used.
pub(crate) fn expand(args: TokenStream, mut input: DeriveInput) -> TokenStream {
    let mut errors = Vec::new();
    let args = attr::parse_resource_args(args, &mut errors);
    let generated = Input::from_syn(&input, args, &mut errors).map(|model| match &model {
        Input::Struct(s) => object::expand_struct(s),
        Input::StringEnum(e) => string_enum::expand(e),
        Input::Polymorphic(p) => polymorphic::expand(p),
    });
    strip_helpers(&mut input);
    if !errors.is_empty() {
        let errors = errors.into_iter().map(|e| e.into_compile_error());
        return quote! { #input #(#errors)* };
    }
    quote! { #input #generated }
}

fn strip_helpers(input: &mut DeriveInput) {
    // What `check_no_serde` reported goes too, so that it is reported once.
    let strip_serde = |attrs: &mut Vec<Attribute>| attrs.retain(|a| !a.path().is_ident("serde"));
    strip_serde(&mut input.attrs);
    for attr in input.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let parsed =
            attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated);
        if let Ok(paths) = parsed {
            let kept = paths.into_iter().filter(|p| {
                let last = p.segments.last().map(|s| s.ident.to_string());
                !matches!(last.as_deref(), Some("Serialize" | "Deserialize"))
            });
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    match &mut input.data {
        syn::Data::Struct(s) => s.fields.iter_mut().for_each(|f| strip_serde(&mut f.attrs)),
        syn::Data::Enum(e) => e.variants.iter_mut().for_each(|v| strip_serde(&mut v.attrs)),
        syn::Data::Union(_) => {}
    }
    match &mut input.data {
        syn::Data::Struct(s) => s
            .fields
            .iter_mut()
            .for_each(|f| attr::strip_graph_attrs(&mut f.attrs)),
        syn::Data::Enum(e) => e.variants.iter_mut().for_each(|v| {
            attr::strip_graph_attrs(&mut v.attrs);
            v.fields
                .iter_mut()
                .for_each(|f| attr::strip_graph_attrs(&mut f.attrs));
        }),
        syn::Data::Union(u) => u
            .fields
            .named
            .iter_mut()
            .for_each(|f| attr::strip_graph_attrs(&mut f.attrs)),
    }
}

pub(crate) fn private() -> TokenStream {
    quote!(::graph_resource::__private)
}
