//! Inherited properties one call away: on a polymorphic enum, each property
//! of its type and of the type's bases, read through whichever variant it
//! holds (`policy.id()`); on a derived struct, each property of its bases
//! (`windows10.display_name()` for `windows10.base.base.display_name`).
//!
//! An enum finds its type's struct in its variant once, in `as_base()` (a
//! match of one arm per variant), and each accessor reads from that: one
//! arm per variant and one line per property, not an arm per variant for
//! each property. Accessors are not `#[inline]`: thousands of them would
//! each be encoded for other crates to inline, which took a sixth of the
//! every-area build; a call through one costs nothing a reader would see.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::names::Names;
use super::types::{Field, Kind, fields, variant_ident};
use crate::csdl::{Schema, StructuredType};

/// The names of the methods the attribute itself gives a type: an accessor
/// of the same name takes a `_` after it.
const TAKEN: [&str; 8] = [
    "create", "get", "list", "update", "delete", "call", "as_str", "as_base",
];

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

/// Whether `field` holds one `String`, which an accessor lends as `&str`.
fn is_string(field: &Field<'_>) -> bool {
    matches!(field.shape.kind, Kind::One) && field.shape.value.to_string() == "String"
}

/// What an accessor of `field` returns: a reference to the value (`&str`
/// for a string), a slice of a collection, the `Expanded` of a navigation
/// property.
fn returns(field: &Field<'_>) -> TokenStream {
    let value = &field.shape.value;
    match field.shape.kind {
        Kind::One if is_string(field) => quote!(Option<&str>),
        Kind::One | Kind::Boxed => quote!(Option<&#value>),
        Kind::Many => quote!(Option<&[#value]>),
        Kind::Expanded => quote!(Option<&graph_resource::Expanded<#value>>),
    }
}

/// How an accessor reads `field` at `place`, as [`returns`] says.
fn read(field: &Field<'_>, place: &TokenStream) -> TokenStream {
    match field.shape.kind {
        Kind::One if is_string(field) => quote!(#place.as_deref()),
        Kind::One | Kind::Expanded => quote!(#place.as_ref()),
        Kind::Boxed | Kind::Many => quote!(#place.as_deref()),
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

/// One accessor for each property of `t`'s chain from `from` on (0: its
/// own; 1: its bases'), named apart; `method` writes its doc and body from
/// the field, the type that declares it and how many `base` fields down
/// that type's properties are.
fn accessors(
    schema: &Schema,
    names: &Names<'_>,
    t: &StructuredType,
    from: usize,
    method: impl Fn(&Field<'_>, &str, usize) -> (String, TokenStream),
) -> Vec<TokenStream> {
    let mut seen = BTreeSet::new();
    let mut methods = Vec::new();
    for (depth, owner) in chain(schema, names, t).into_iter().skip(from) {
        for field in fields(schema, names, owner) {
            if seen.insert(method_name(&field).to_string()) {
                let (name, ty) = (method_name(&field), returns(&field));
                let (doc, body) = method(&field, crate::select::short(&owner.name), depth);
                methods.push(quote! {
                    #[doc = #doc]
                    pub fn #name(&self) -> #ty {
                        #body
                    }
                });
            }
        }
    }
    methods
}

/// On the enum of `t`: every property of `t` and its bases, from any
/// variant; `None` from a type this version does not know.
pub(super) fn of_enum(
    schema: &Schema,
    names: &Names<'_>,
    t: &StructuredType,
    derived: &[String],
) -> TokenStream {
    let ident = names.of(&t.name);
    // Each variant, with how many `base` fields down its struct holds `t`'s.
    let variants: Vec<_> = std::iter::once((names.own_variant(&t.name), 0, None))
        .chain(derived.iter().map(|d| {
            (
                variant_ident(d),
                distance(schema, d, &t.name),
                names.gate(&t.name, d),
            )
        }))
        .collect();
    let methods = accessors(schema, names, t, 0, |field, owner, depth| {
        let (f, down) = (&field.ident, bases(depth));
        let doc = format!(
            " `{}` (of `{owner}`), whichever type this is; `None` when absent, null, or of a type this \
             version does not know.",
            field.property.name
        );
        let read = read(field, &quote!(v #down . #f));
        (doc, quote!(self.as_base().and_then(|v| #read)))
    });
    if methods.is_empty() {
        return TokenStream::new();
    }
    let structure = names.structure(&t.name);
    let arms = variants.iter().map(|(variant, down, gate)| {
        if *down == 0 {
            return quote!(#gate Self::#variant(v) => Some(v),);
        }
        let down = bases(*down);
        quote!(#gate Self::#variant(v) => Some(&v #down),)
    });
    let doc = format!(
        " The properties of `{}` (its bases' through `base`), from whichever type this is; `None` for a type \
         this version does not know.",
        crate::select::short(&t.name)
    );
    quote! {
        impl #ident {
            #[doc = #doc]
            pub fn as_base(&self) -> Option<&#structure> {
                match self {
                    #(#arms)*
                    Self::Other(_) => None,
                }
            }
            #(#methods)*
        }
    }
}

/// On the struct of a derived type: each property of its bases.
pub(super) fn of_struct(schema: &Schema, names: &Names<'_>, t: &StructuredType) -> TokenStream {
    let ident = names.structure(&t.name);
    let methods = accessors(schema, names, t, 1, |field, owner, depth| {
        let (f, down) = (&field.ident, bases(depth));
        let doc = format!(
            " `{}`, inherited from `{owner}`: `self{}.{f}`.",
            field.property.name,
            ".base".repeat(depth)
        );
        (doc, read(field, &quote!(self #down . #f)))
    });
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote!(impl #ident { #(#methods)* })
}
