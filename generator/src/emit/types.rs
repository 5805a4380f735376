//! The items of the module: string enums, structs with their base held
//! through `flatten`, and polymorphic enums over a type's derived types.

use std::collections::BTreeSet;

use proc_macro2::Ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::{Names, docs, rust_ident, type_ident, upper_camel};
use crate::case::{camel_case, lower_first, snake_case};
use crate::csdl::{Property, Schema, StructuredType};
use crate::select::short;

pub(super) fn string_enum(schema: &Schema, name: &str) -> TokenStream {
    let e = &schema.enums[name];
    let ident = type_ident(name);
    if e.members.is_empty() {
        // An enum without members: its values are strings.
        let doc = format!(
            " `{}`, an enum the schema gives no members: its values as strings.",
            short(name)
        );
        return quote!(#[doc = #doc] pub type #ident = String;);
    }
    let odata_type = format!("#{name}");
    let doc = docs(
        e.description.as_deref(),
        format!(
            "`{}`{}.",
            short(name),
            if e.flags {
                ", a flags enum: use it as `graph_resource::edm::Flags`"
            } else {
                ""
            }
        ),
    );
    let mut seen = BTreeSet::new();
    let members: Vec<TokenStream> = e
        .members
        .iter()
        .map(|m| {
            let mut variant = upper_camel(m);
            while !seen.insert(variant.clone()) {
                variant.push('_');
            }
            let v = rust_ident(&variant);
            // The attribute writes a member as its variant with the first letter lowered.
            let rename = (lower_first(&variant) != *m).then(|| quote!(#[graph(rename = #m)]));
            let doc = format!(" `{m}`.");
            quote!(#[doc = #doc] #rename #v,)
        })
        .collect();
    // The catch-all, named apart from the members (some enums have `other`).
    let mut other = "Other".to_owned();
    while seen.contains(&other) {
        other.push_str("Member");
    }
    let other = format_ident!("{}", other);
    quote! {
        #doc
        #[graph_resource(odata_type = #odata_type)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #ident {
            #(#members)*
            /// A member this version does not know, as Graph wrote it.
            #[graph(other)]
            #other(String),
        }
    }
}

/// How a property is held: an `Option` of one value, a box of one, a
/// `Vec`, or (navigation) an `Expanded`. One rule for every property,
/// nullable or not: `None` is absent (and `null` reads as `None`), so a
/// value is written `Some(x)`; an update leaves `None` out, and clears a
/// property with `set_null`.
pub(super) struct Shape {
    /// What the `Option` holds.
    pub(super) kind: Kind,
    /// The value's type: the element of a `Vec`, the content of a `Box`.
    pub(super) value: TokenStream,
}

/// See [`Shape`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    One,
    Boxed,
    Many,
    Expanded,
}

impl Shape {
    /// The field's type.
    pub(super) fn field_type(&self) -> TokenStream {
        let value = &self.value;
        let held = match self.kind {
            Kind::One => quote!(#value),
            Kind::Boxed => quote!(Box<#value>),
            Kind::Many => quote!(Vec<#value>),
            Kind::Expanded => return quote!(Option<graph_resource::Expanded<#value>>),
        };
        quote!(Option<#held>)
    }
}

/// The type of an operation's parameter or result `p`, which no type holds
/// (so nothing in it is boxed).
pub(super) fn field_type(schema: &Schema, names: &Names<'_>, p: &Property) -> Option<TokenStream> {
    field_shape(schema, names, None, p).map(|shape| shape.field_type())
}

pub(super) fn field_shape(
    schema: &Schema,
    names: &Names<'_>,
    holder: Option<&str>,
    p: &Property,
) -> Option<Shape> {
    let edm = |t: &str| -> Option<TokenStream> {
        Some(match t {
            "Edm.String" => quote!(String),
            "Edm.Boolean" => quote!(bool),
            "Edm.Int32" => quote!(i32),
            "Edm.Int16" => quote!(i16),
            "Edm.Byte" => quote!(u8),
            "Edm.SByte" => quote!(i8),
            "Edm.Int64" => quote!(graph_resource::edm::Int64),
            "Edm.Double" | "Edm.Single" => quote!(graph_resource::edm::Double),
            "Edm.Decimal" => quote!(graph_resource::edm::Decimal),
            "Edm.Guid" => quote!(graph_resource::edm::Guid),
            "Edm.DateTimeOffset" => quote!(graph_resource::edm::DateTimeOffset),
            "Edm.Date" => quote!(graph_resource::edm::Date),
            "Edm.TimeOfDay" => quote!(graph_resource::edm::TimeOfDay),
            "Edm.Duration" => quote!(graph_resource::edm::Duration),
            "Edm.Binary" => quote!(graph_resource::edm::Binary),
            "Edm.Untyped" | "Edm.PrimitiveType" => quote!(graph_resource::edm::Untyped),
            _ => return None,
        })
    };
    let mut kind = if p.collection { Kind::Many } else { Kind::One };
    let value = if p.type_name.starts_with("Edm.") {
        edm(&p.type_name)?
    } else if let Some(e) = schema.enums.get(&p.type_name) {
        let ident = names.of(&e.name);
        if e.flags && !e.members.is_empty() {
            quote!(graph_resource::edm::Flags<#ident>)
        } else {
            quote!(#ident)
        }
    } else if let Some(ident) = names.of_any(&p.type_name) {
        if p.navigation {
            // Present only when expanded, and kept as JSON until decoded,
            // so that reading a type compiles no reading code for the types
            // its navigation properties reach (most of Graph).
            let ident = names.navigation(&p.type_name)?;
            let value = if p.collection {
                quote!(Vec<#ident>)
            } else {
                quote!(#ident)
            };
            return Some(Shape {
                kind: Kind::Expanded,
                value,
            });
        }
        // Boxed only where the type can hold its holder, so that
        // recursive types have a size.
        if !p.collection && holder.is_some_and(|h| names.boxed(h, &p.name)) {
            kind = Kind::Boxed;
        }
        quote!(#ident)
    } else {
        return None;
    };
    Some(Shape { kind, value })
}

/// A generated field: its Rust name and how it is held.
pub(super) struct Field<'s> {
    pub(super) ident: Ident,
    /// The name before it became an identifier (`type`, not `r#type`).
    pub(super) snake: String,
    pub(super) shape: Shape,
    pub(super) property: &'s Property,
}

/// The fields of `t`'s own properties, named apart from each other and
/// from `base` and `extra`; a property of a type not generated is left out.
pub(super) fn fields<'s>(schema: &Schema, names: &Names<'_>, t: &'s StructuredType) -> Vec<Field<'s>> {
    let mut used = BTreeSet::new();
    t.properties
        .iter()
        // A navigation property whose type some area compiles without
        // this one is left out, so that a struct is the same whatever
        // areas are on.
        .filter(|p| !p.navigation || names.reaches(&t.name, &p.type_name))
        .filter_map(|p| {
            let shape = field_shape(schema, names, Some(&t.name), p)?;
            let mut snake_name = snake_case(&p.name);
            while !used.insert(snake_name.clone()) || snake_name == "base" || snake_name == "extra" {
                snake_name.push('_');
            }
            Some(Field {
                ident: rust_ident(&snake_name),
                snake: snake_name,
                shape,
                property: p,
            })
        })
        .collect()
}

pub(super) fn structure(
    schema: &Schema,
    names: &Names<'_>,
    t: &StructuredType,
    address: Option<TokenStream>,
) -> TokenStream {
    let ident = names.structure(&t.name);
    let odata_type = format!("#{}", t.name);
    let polymorphic = names.selection.derived.contains_key(&t.name);
    let read_as_base = names.selection.read_as_base.contains(&t.name);
    let doc = docs(
        t.description.as_deref(),
        format!(
            "`{}`{}.",
            short(&t.name),
            if polymorphic {
                format!(
                    ": its own properties; `{}` holds any of its types",
                    names.of(&t.name)
                )
            } else if read_as_base {
                ": any of its types is read as this struct, its `@odata.type` and other properties kept in \
                 `extra`"
                    .to_owned()
            } else {
                String::new()
            }
        ),
    );
    let base = t
        .base
        .as_ref()
        .filter(|b| names.selection.types.contains(*b))
        .map(|b| {
            let b = names.structure(b);
            quote! {
                /// The base type's properties.
                #[graph(flatten)]
                pub base: #b,
            }
        });
    let fields = fields(schema, names, t).into_iter().map(|f| {
        let (field, p, ty) = (&f.ident, f.property, f.shape.field_type());
        let rename = (camel_case(&f.snake) != p.name).then(|| {
            let wire = &p.name;
            quote!(#[graph(rename = #wire)])
        });
        let doc = docs(
            p.description.as_deref(),
            format!(
                "`{}`{}{}.",
                p.name,
                if p.nullable { "" } else { ", never null" },
                if p.computed {
                    ", computed by the service: read, never written"
                } else {
                    ""
                }
            ),
        );
        // What the service computes is read and never written, so that a
        // get-change-update loop does not send it back.
        let read_only = p.computed.then(|| quote!(#[graph(read_only)]));
        quote!(#doc #rename #read_only pub #field: #ty,)
    });
    // A root type keeps unknown properties, and so does a base type that
    // items of derived types are read through.
    let extra = (t.base.is_none() || polymorphic).then(|| {
        quote! {
            /// Properties this version does not name.
            #[graph(extra)]
            pub extra: graph_resource::Properties,
        }
    });
    let address = address.map(|a| quote!(, #a));
    let key = if polymorphic || read_as_base {
        quote!(#[graph_resource(odata_type = #odata_type, base)])
    } else {
        quote!(#[graph_resource(odata_type = #odata_type #address)])
    };
    quote! {
        #doc
        #key
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #ident {
            #base
            #(#fields)*
            #extra
        }
    }
}

/// The variant of a polymorphic enum that holds the derived type `d`.
pub(super) fn variant_ident(d: &str) -> Ident {
    let mut variant = type_ident(d).to_string();
    if variant == "Base" || variant == "Other" {
        variant.push_str("Type");
    }
    format_ident!("{}", variant)
}

pub(super) fn polymorphic(
    names: &Names<'_>,
    t: &StructuredType,
    derived: &[String],
    address: Option<TokenStream>,
) -> TokenStream {
    let ident = names.of(&t.name);
    let doc = format!(
        " `{}` or any of its derived types, each read into its variant by `@odata.type`.",
        short(&t.name)
    );
    // The type itself, even when abstract: Graph's docs send base types.
    let base_doc = format!(
        " `{}` itself{}.",
        short(&t.name),
        if t.is_abstract {
            " (abstract, but the docs send it)"
        } else {
            ""
        }
    );
    let base_struct = names.structure(&t.name);
    let own_variant = names.own_variant(&t.name);
    let own = quote!(#[doc = #base_doc] #own_variant(#base_struct),);
    let variants = derived.iter().map(|d| {
        let variant = variant_ident(d);
        let holds = names.structure(d);
        let doc = format!(" `{}`.", short(d));
        let gate = names.gate(&t.name, d);
        quote!(#[doc = #doc] #gate #variant(#holds),)
    });
    quote! {
        #[doc = #doc]
        #[graph_resource(#address)]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #ident {
            #own
            #(#variants)*
            /// A type this version does not know, kept as Graph wrote it.
            #[graph(other)]
            Other(graph_resource::Properties),
        }
    }
}
