//! The actions and functions bound to the selected types: a struct of each
//! one's parameters at its first path, and a `graph_path!` (`call`) for
//! each other address of the type it is bound to.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{Names, rust_ident, unique_path_ident, upper_camel};
use super::types::field_type;
use crate::case::{camel_case, snake_case};
use crate::csdl::{Operation, Property, Schema};
use crate::select::short;

/// An action or function bound to a selected type: a struct of its
/// parameters.
///
/// `path` is its struct's; each of `further` is a `graph_path!` of the
/// call (`call`), named after it.
pub(super) fn operation(
    schema: &Schema,
    names: &Names<'_>,
    op: &Operation,
    (path, further): (&str, &[String]),
    used: &mut BTreeSet<String>,
) -> Result<TokenStream, String> {
    let bound = op.bound.as_ref().map_or("", |(t, _)| short(t));
    let stem = format!("{}{}", upper_camel(&op.name), upper_camel(bound));
    // Overloads (one name, other parameters) are numbered.
    let mut ident = stem.clone();
    let mut n = 1;
    while used.contains(&ident) || used.contains(&format!("{ident}Path")) {
        n += 1;
        ident = format!("{stem}{n}");
    }
    used.insert(ident.clone());
    used.insert(format!("{ident}Path"));
    let ident = format_ident!("{}", ident);
    let mut fields = Vec::new();
    let mut seen = BTreeSet::new();
    for p in &op.parameters {
        let Some(ty) = field_type(schema, names, p) else {
            return Err(format!(
                "{} `{}` on `{bound}`: parameter `{}` has the type `{}`, which is not generated; skipped",
                if op.action { "action" } else { "function" },
                op.name,
                p.name,
                p.type_name
            ));
        };
        let literal = p.type_name.starts_with("Edm.") || schema.enums.contains_key(&p.type_name);
        if !op.action && (p.collection || !literal) {
            return Err(format!(
                "function `{}` on `{bound}`: parameter `{}` is a collection or an object, which a URL cannot \
                 carry; skipped",
                op.name, p.name
            ));
        }
        let mut snake_name = snake_case(&p.name);
        while !seen.insert(snake_name.clone()) {
            snake_name.push('_');
        }
        let field = rust_ident(&snake_name);
        let rename = (camel_case(&snake_name) != p.name).then(|| {
            let wire = &p.name;
            quote!(#[graph(rename = #wire)])
        });
        let doc = format!(" `{}`.", p.name);
        fields.push(quote!(#[doc = #doc] #rename pub #field: #ty,));
    }
    let returns = op.returns.as_ref().map(|(t, collection)| {
        let one = if t.starts_with("Edm.") {
            let p = Property {
                name: String::new(),
                type_name: t.clone(),
                collection: false,
                nullable: false,
                navigation: false,
                contains_target: false,
                computed: false,
                description: None,
            };
            field_type(schema, names, &p)
                .map(|ty| quote!(#ty))
                .unwrap_or(quote!(graph_resource::edm::Untyped))
        } else {
            names.of_any(t).unwrap_or(quote!(graph_resource::edm::Untyped))
        };
        // `Option<T>` from `field_type` is the field's; a result is `T`.
        let one = strip_option(one);
        if *collection { quote!(Vec<#one>) } else { one }
    });
    let kind = if op.action {
        quote!(action)
    } else {
        quote!(function)
    };
    let returns_key = returns.map(|r| quote!(, returns = #r));
    let doc = format!(
        " The {} `{}` on `{bound}`: `{} {path}`.",
        if op.action { "action" } else { "function" },
        op.name,
        if op.action { "POST" } else { "GET" }
    );
    let further = further.iter().map(|path| {
        let name = unique_path_ident(used, path);
        let doc = format!(" `{path}`.");
        quote! {
            graph_resource::graph_path! {
                #[doc = #doc]
                pub struct #name for #ident = #path, call;
            }
        }
    });
    Ok(quote! {
        #[doc = #doc]
        #[graph_resource(#kind = #path #returns_key)]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #ident {
            #(#fields)*
        }
        #(#further)*
    })
}

/// `Option<T>` → `T`.
fn strip_option(ty: TokenStream) -> TokenStream {
    let parsed: syn::Type = syn::parse2(ty.clone()).expect("a type");
    if let syn::Type::Path(p) = &parsed
        && let Some(last) = p.path.segments.last()
        && last.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return quote!(#inner);
    }
    ty
}
