//! The borrowed model of one annotated item, checked, from which `expand`
//! generates code. Every rejection is collected with the tokens it is about.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Type, Visibility};

use super::attr::{self, CallKind, Place, ResourceArgs};
use super::template::Template;
use super::types::{is_nullable, is_option, known_with};
use graph_resource_naming::{camel_case, lower_first};

mod enums;

pub(crate) enum Input<'a> {
    Struct(Struct<'a>),
    StringEnum(StringEnum<'a>),
    Polymorphic(Polymorphic<'a>),
}

pub(crate) struct Struct<'a> {
    /// The path to the runtime, `::graph_resource` unless `crate = "..."`.
    pub(crate) krate: TokenStream,
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Visibility,
    pub(crate) odata_type: String,
    /// `base`: items of derived types are read through it, their type kept
    /// in the `extra` field.
    pub(crate) base: bool,
    /// The path template, as written and parsed.
    pub(crate) path: Option<(String, Template)>,
    /// The path names one object: no collection, no items.
    pub(crate) singleton: bool,
    /// An action's or function's parameters: where they are sent.
    pub(crate) call: Option<Box<Call>>,
    pub(crate) fields: Vec<Field<'a>>,
}

/// Where a struct of parameters is sent, and what comes back.
pub(crate) struct Call {
    pub(crate) kind: CallKind,
    pub(crate) source: String,
    pub(crate) template: Template,
    /// `()` unless `returns` says otherwise.
    pub(crate) returns: Option<TokenStream>,
}

pub(crate) struct Field<'a> {
    pub(crate) ident: &'a Ident,
    pub(crate) ty: &'a Type,
    pub(crate) role: Role,
}

pub(crate) enum Role {
    /// An ordinary property.
    Property(Property),
    /// Exists only in Rust: neither read nor written, `Default` when read.
    Skip,
    /// Keeps the properties no other field names.
    Extra,
    /// A struct whose properties are written inline: the base type's.
    Flatten,
}

impl Role {
    /// Whether the field is written whatever its value, so that it cannot
    /// be left unset: a required property (not `Option`, `Nullable`,
    /// `default` or `read_only`).
    pub(crate) fn sends_unset(&self) -> bool {
        matches!(
            self,
            Role::Property(Property {
                optional: false,
                nullable: false,
                default: false,
                read_only: false,
                ..
            })
        )
    }
}

pub(crate) struct Property {
    pub(crate) wire: String,
    /// Where the wire name comes from: the `rename` literal, or the field.
    pub(crate) wire_span: Span,
    /// An `Option<T>`: absent or `null` reads as `None`, left out when `None`.
    pub(crate) optional: bool,
    /// A `Nullable<T>`: absent, `null` or a value; left out when absent.
    pub(crate) nullable: bool,
    /// Absent reads as `Default::default()`.
    pub(crate) default: bool,
    /// Read, never written.
    pub(crate) read_only: bool,
    /// A module with `serialize` and `deserialize` for the field's type.
    pub(crate) with: Option<syn::Path>,
}

pub(crate) struct StringEnum<'a> {
    pub(crate) krate: TokenStream,
    pub(crate) ident: &'a Ident,
    /// Its OData type, e.g. `microsoft.graph.enablement`, without `#`.
    pub(crate) odata_type: String,
    pub(crate) members: Vec<(&'a Ident, String)>,
    pub(crate) other: Option<&'a Ident>,
}

pub(crate) struct Polymorphic<'a> {
    pub(crate) krate: TokenStream,
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Visibility,
    /// The path template of its collection, as written and parsed.
    pub(crate) path: Option<(String, Template)>,
    /// The path names one object, of any of the variants' types.
    pub(crate) singleton: bool,
    pub(crate) variants: Vec<Variant<'a>>,
    /// The variant that keeps an unknown type whole, and the type it holds.
    pub(crate) other: Option<(&'a Ident, &'a Type)>,
}

/// A variant of a polymorphic enum.
pub(crate) struct Variant<'a> {
    pub(crate) ident: &'a Ident,
    /// The type it holds.
    pub(crate) ty: &'a Type,
    /// Its `#[cfg(...)]` attributes, repeated on everything generated for
    /// it, so that a variant compiled out leaves nothing that names it.
    pub(crate) cfgs: Vec<&'a syn::Attribute>,
}

impl<'a> Input<'a> {
    pub(crate) fn from_syn(
        input: &'a DeriveInput,
        args: &ResourceArgs,
        errors: &mut Vec<syn::Error>,
    ) -> Option<Self> {
        if !input.generics.params.is_empty() {
            errors.push(syn::Error::new(
                input.generics.span(),
                "#[graph_resource] types cannot be generic: remove the parameters and name concrete types",
            ));
            return None;
        }
        match &input.data {
            Data::Struct(data) => Struct::from_syn(input, &data.fields, args, errors).map(Input::Struct),
            Data::Enum(data) => {
                let krate = attr::runtime_path(args.krate.as_ref());
                if data.variants.is_empty() {
                    errors.push(syn::Error::new(
                        input.ident.span(),
                        "an enum needs variants: unit variants for a string enum, or one-field variants for \
                         a polymorphic type",
                    ));
                    return None;
                }
                let unit = data
                    .variants
                    .iter()
                    .filter(|v| matches!(v.fields, Fields::Unit))
                    .count();
                if unit > 0 {
                    // Its OData type names its members in function parameters.
                    let odata_type = match &args.odata_type {
                        Some(lit) => lit.value().trim_start_matches('#').to_owned(),
                        None => format!("microsoft.graph.{}", lower_first(&input.ident.to_string())),
                    };
                    StringEnum::from_syn(input, data, krate, odata_type, errors).map(Input::StringEnum)
                } else {
                    let path = args.path.as_ref().map(|(lit, t)| (lit.value(), t.clone()));
                    let singleton = args.singleton.is_some();
                    Polymorphic::from_syn(input, data, krate, path, errors)
                        .map(|p| Input::Polymorphic(Polymorphic { singleton, ..p }))
                }
            }
            Data::Union(u) => {
                errors.push(syn::Error::new(
                    u.union_token.span,
                    "#[graph_resource] does not support unions: use a struct with named fields, or an enum",
                ));
                None
            }
        }
    }
}

impl<'a> Struct<'a> {
    fn from_syn(
        input: &'a DeriveInput,
        fields: &'a Fields,
        args: &ResourceArgs,
        errors: &mut Vec<syn::Error>,
    ) -> Option<Self> {
        let named = match fields {
            Fields::Named(named) => named,
            Fields::Unnamed(f) => {
                errors.push(syn::Error::new(
                    f.span(),
                    "#[graph_resource] needs named fields, one per property: write `struct Name \
                     { id: Option<String>, .. }`",
                ));
                return None;
            }
            Fields::Unit => {
                errors.push(syn::Error::new(
                    input.ident.span(),
                    "#[graph_resource] needs named fields, one per property: write `struct Name \
                     { id: Option<String>, .. }`",
                ));
                return None;
            }
        };
        let mut out = Vec::new();
        let mut extra_seen: Option<Span> = None;
        for field in &named.named {
            let ident = field.ident.as_ref()?;
            let a = attr::parse_graph_attrs(&field.attrs, Place::Field, errors);
            let role = if let Some(span) = a.extra {
                if extra_seen.replace(span).is_some() {
                    errors.push(syn::Error::new(
                        span,
                        "only one field can be `extra`: remove this one",
                    ));
                }
                Role::Extra
            } else if a.flatten.is_some() {
                Role::Flatten
            } else if a.skip.is_some() {
                Role::Skip
            } else {
                let wire = a
                    .rename
                    .as_ref()
                    .map_or_else(|| camel_case(&ident.to_string()), |l| l.value());
                let wire_span = a.rename.as_ref().map_or(ident.span(), |l| l.span());
                let optional = is_option(&field.ty);
                let nullable = is_nullable(&field.ty);
                if let (true, Some(span)) = (optional || nullable, a.default) {
                    let message = if optional {
                        "an `Option` field already reads as `None` when absent: remove `default`"
                    } else {
                        "a `Nullable` field already reads as `Nullable::Absent` when absent: remove `default`"
                    };
                    errors.push(syn::Error::new(span, message));
                }
                Role::Property(Property {
                    wire,
                    wire_span,
                    optional,
                    nullable,
                    default: a.default.is_some(),
                    read_only: a.read_only.is_some(),
                    // The time and chrono date-times go through the runtime's
                    // modules unless the field names its own.
                    with: a.with.map(|(_, path)| path).or_else(|| {
                        let krate = attr::runtime_path(args.krate.as_ref());
                        let module: TokenStream =
                            format!("{krate}::edm::{}", known_with(&field.ty)?).parse().ok()?;
                        // An error about the module (a feature that is off) points at the type.
                        syn::parse2(super::respan(module, field.ty.span())).ok()
                    }),
                })
            };
            out.push(Field {
                ident,
                ty: &field.ty,
                role,
            });
        }
        let odata_type = match &args.odata_type {
            Some(lit) => {
                let v = lit.value();
                if v.starts_with('#') { v } else { format!("#{v}") }
            }
            None => format!("#microsoft.graph.{}", lower_first(&input.ident.to_string())),
        };
        Some(Struct {
            krate: attr::runtime_path(args.krate.as_ref()),
            ident: &input.ident,
            vis: &input.vis,
            odata_type,
            base: args.base.is_some(),
            singleton: args.singleton.is_some(),
            // With both, the call stands (the path was refused above).
            path: args
                .path
                .as_ref()
                .filter(|_| args.call.is_none())
                .map(|(lit, t)| (lit.value(), t.clone())),
            call: args.call.as_ref().map(|(kind, lit, template)| {
                Box::new(Call {
                    kind: *kind,
                    source: lit.value(),
                    template: template.clone(),
                    returns: args.returns.as_ref().map(quote::ToTokens::to_token_stream),
                })
            }),
            fields: out,
        })
    }
}
