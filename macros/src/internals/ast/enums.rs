//! The model of an enum: a string enum's members, or a polymorphic enum's
//! variants, each holding a struct.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, Ident};

use super::super::attr::{self, Place};
use super::super::template::Template;
use super::super::types::type_key;
use super::{Polymorphic, StringEnum, Variant};
use graph_resource_naming::lower_first;

impl<'a> StringEnum<'a> {
    pub(super) fn from_syn(
        input: &'a DeriveInput,
        data: &'a syn::DataEnum,
        krate: TokenStream,
        odata_type: String,
        errors: &mut Vec<syn::Error>,
    ) -> Option<Self> {
        let mut members: Vec<(&Ident, String)> = Vec::new();
        let mut other = None;
        // A variant that fits no role leaves nothing sound to generate.
        let mut sound = true;
        for v in &data.variants {
            let a = attr::parse_graph_attrs(&v.attrs, Place::Variant, errors);
            if let Some(span) = a.other {
                if other.is_some() {
                    sound = false;
                    errors.push(syn::Error::new(
                        span,
                        "only one variant can be `other`: remove this one",
                    ));
                }
                let holds_one = matches!(&v.fields, Fields::Unnamed(f) if f.unnamed.len() == 1);
                if !holds_one {
                    sound = false;
                    errors.push(syn::Error::new(
                        v.span(),
                        format!(
                            "the `other` variant keeps the raw member name: write `{}(String)`",
                            v.ident
                        ),
                    ));
                }
                other = Some(&v.ident);
                continue;
            }
            match &v.fields {
                Fields::Unit => {}
                _ => {
                    sound = false;
                    errors.push(syn::Error::new(
                        v.fields.span(),
                        format!(
                            "`{}` has fields, but the other variants are unit variants, so this is a string \
                             enum: make it a unit variant, or mark it #[graph(other)] to hold unknown \
                             members as `{}(String)`",
                            v.ident, v.ident
                        ),
                    ));
                    continue;
                }
            }
            let wire = a
                .rename
                .as_ref()
                .map_or_else(|| lower_first(&v.ident.to_string()), |l| l.value());
            if members.iter().any(|(_, w)| *w == wire) {
                errors.push(syn::Error::new(
                    a.rename.as_ref().map_or(v.ident.span(), |l| l.span()),
                    format!(
                        "two variants are `{wire}` on the wire: rename one with #[graph(rename = \"...\")]"
                    ),
                ));
            }
            members.push((&v.ident, wire));
        }
        sound.then_some(StringEnum {
            krate,
            ident: &input.ident,
            odata_type,
            members,
            other,
        })
    }
}

impl<'a> Polymorphic<'a> {
    pub(super) fn from_syn(
        input: &'a DeriveInput,
        data: &'a syn::DataEnum,
        krate: TokenStream,
        path: Option<(String, Template)>,
        errors: &mut Vec<syn::Error>,
    ) -> Option<Self> {
        let mut variants: Vec<Variant<'a>> = Vec::new();
        let mut other = None;
        // A variant that fits no role leaves nothing sound to generate.
        let mut sound = true;
        for v in &data.variants {
            let a = attr::parse_graph_attrs(&v.attrs, Place::Variant, errors);
            if let Some(lit) = &a.rename {
                errors.push(syn::Error::new(
                    lit.span(),
                    "a polymorphic variant takes its OData type from the struct it holds: set `odata_type` \
                     on that struct instead",
                ));
            }
            let ty = match &v.fields {
                Fields::Unnamed(f) if f.unnamed.len() == 1 => &f.unnamed[0].ty,
                Fields::Unnamed(f) => {
                    sound = false;
                    errors.push(syn::Error::new(
                        f.span(),
                        format!(
                            "`{}` has {} fields: a polymorphic variant holds exactly one #[graph_resource] \
                             struct, e.g. `{}(GroupAssignmentTarget)`",
                            v.ident,
                            f.unnamed.len(),
                            v.ident
                        ),
                    ));
                    continue;
                }
                Fields::Named(f) => {
                    sound = false;
                    errors.push(syn::Error::new(
                        f.span(),
                        format!(
                            "`{}` has named fields: a polymorphic variant holds exactly one \
                             #[graph_resource] struct, e.g. `{}(GroupAssignmentTarget)`",
                            v.ident, v.ident
                        ),
                    ));
                    continue;
                }
                // Unit variants make the enum a string enum; never routed here.
                Fields::Unit => continue,
            };
            if let Some(span) = a.other {
                if other.is_some() {
                    sound = false;
                    errors.push(syn::Error::new(
                        span,
                        "only one variant can be `other`: remove this one",
                    ));
                }
                other = Some((&v.ident, ty));
                continue;
            }
            let key = type_key(ty);
            if variants.iter().any(|earlier| type_key(earlier.ty) == key) {
                sound = false;
                errors.push(syn::Error::new(
                    ty.span(),
                    format!("`{key}` is held by two variants, so its OData type would pick both: remove one"),
                ));
            }
            variants.push(Variant {
                ident: &v.ident,
                ty,
                cfgs: v.attrs.iter().filter(|a| a.path().is_ident("cfg")).collect(),
            });
        }
        sound.then_some(Polymorphic {
            krate,
            ident: &input.ident,
            vis: &input.vis,
            path,
            singleton: false,
            variants,
            other,
        })
    }
}
