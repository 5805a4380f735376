//! Inherited properties one call away: on a polymorphic enum, each property
//! of its type and of the type's bases, read through whichever variant it
//! holds (`policy.id()`); on a derived struct, each property of its bases
//! (`windows10.display_name()` for `windows10.base.base.display_name`).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::names::Names;
use super::types::{Field, Kind, fields, variant_ident};
use crate::csdl::{Schema, StructuredType};

/// The names of the methods the attribute itself gives a type: an accessor
/// of the same name takes a `_` after it.
const TAKEN: [&str; 7] = ["create", "get", "list", "update", "delete", "call", "as_str"];

/// `t` and each of its bases that is generated, with how many `base` fields
/// down each one's properties are.
fn chain<'s>(
    schema: &'s Schema,
    names: &Names<'_>,
    t: &'s StructuredType,
) -> Vec<(usize, &'s StructuredType)> {
    let mut out = vec![(0, t)];
    let mut at = t;
    while let Some(base) = at.base.as_ref().filter(|b| names.selection.types.contains(*b)) {
        at = &schema.types[base];
        out.push((out.len(), at));
    }
    out
}

/// How many `base` fields down from `from`'s struct `to`'s struct is.
fn distance(schema: &Schema, from: &str, to: &str) -> usize {
    let mut n = 0;
    let mut at = from;
    while at != to {
        match schema.types[at].base.as_deref() {
            Some(base) => at = base,
            None => break,
        }
        n += 1;
    }
    n
}

/// The accessor's return type and how it reads a field at `place`.
fn read(field: &Field<'_>, place: &TokenStream) -> (TokenStream, TokenStream) {
    let value = &field.shape.value;
    let nullable = field.shape.nullable;
    match field.shape.kind {
        Kind::One if nullable => (quote!(Option<&#value>), quote!(#place.value())),
        Kind::One => (quote!(Option<&#value>), quote!(#place.as_ref())),
        Kind::Boxed if nullable => (quote!(Option<&#value>), quote!(#place.value().map(|v| &**v))),
        Kind::Boxed => (quote!(Option<&#value>), quote!(#place.as_deref())),
        Kind::Many if nullable => (
            quote!(Option<&[#value]>),
            quote!(#place.value().map(|v| v.as_slice())),
        ),
        Kind::Many => (quote!(Option<&[#value]>), quote!(#place.as_deref())),
        Kind::Expanded => (
            quote!(Option<&graph_resource::Expanded<#value>>),
            quote!(#place.as_ref()),
        ),
    }
}

/// The accessor's name: the field's, or with a `_` after it where the
/// attribute has a method of that name.
fn method_name(field: &Field<'_>) -> proc_macro2::Ident {
    if TAKEN.contains(&field.snake.as_str()) {
        quote::format_ident!("{}_", field.snake)
    } else {
        field.ident.clone()
    }
}

/// `.base.base` for `depth` 2.
fn bases(depth: usize) -> TokenStream {
    let base = std::iter::repeat_n(quote!(.base), depth);
    quote!(#(#base)*)
}

/// On the enum of `t`: every property of `t` and its bases, from any variant.
pub(super) fn of_enum(
    schema: &Schema,
    names: &Names<'_>,
    t: &StructuredType,
    derived: &[String],
) -> TokenStream {
    let ident = names.of(&t.name);
    let mut seen = BTreeSet::new();
    let mut methods = Vec::new();
    for (depth, owner) in chain(schema, names, t) {
        for field in fields(schema, names, owner) {
            let name = method_name(&field);
            if !seen.insert(name.to_string()) {
                continue;
            }
            let f = &field.ident;
            let base_place = {
                let down = bases(depth);
                quote!(v #down . #f)
            };
            let (ty, base_read) = read(&field, &base_place);
            let arms = derived.iter().map(|d| {
                let variant = variant_ident(d);
                let down = bases(distance(schema, d, &t.name) + depth);
                let (_, read) = read(&field, &quote!(v #down . #f));
                quote!(Self::#variant(v) => #read,)
            });
            let doc = format!(
                " `{}` (of `{}`), whichever type this is; `None` when absent, null, or of a type this version does not know.",
                field.property.name,
                crate::select::short(&owner.name)
            );
            methods.push(quote! {
                #[doc = #doc]
                #[inline]
                pub fn #name(&self) -> #ty {
                    match self {
                        Self::Base(v) => #base_read,
                        #(#arms)*
                        Self::Other(_) => None,
                    }
                }
            });
        }
    }
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote!(impl #ident { #(#methods)* })
}

/// On the struct of a derived type: each property of its bases.
pub(super) fn of_struct(schema: &Schema, names: &Names<'_>, t: &StructuredType) -> TokenStream {
    let ident = names.structure(&t.name);
    let mut seen = BTreeSet::new();
    let mut methods = Vec::new();
    for (depth, owner) in chain(schema, names, t).into_iter().skip(1) {
        for field in fields(schema, names, owner) {
            let name = method_name(&field);
            if !seen.insert(name.to_string()) {
                continue;
            }
            let f = &field.ident;
            let down = bases(depth);
            let (ty, read) = read(&field, &quote!(self #down . #f));
            let doc = format!(
                " `{}`, inherited from `{}`: `self{}.{}`.",
                field.property.name,
                crate::select::short(&owner.name),
                ".base".repeat(depth),
                field.ident
            );
            methods.push(quote! {
                #[doc = #doc]
                #[inline]
                pub fn #name(&self) -> #ty {
                    #read
                }
            });
        }
    }
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote!(impl #ident { #(#methods)* })
}
