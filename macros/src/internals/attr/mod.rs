//! The attribute's keys (`#[graph_resource(...)]`) and the helper attribute
//! on fields and variants (`#[graph(...)]`). Unknown and repeated keys are
//! rejected at the key, with the list of keys that exist.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{Attribute, LitStr};

use super::template::{self, Template};

mod call;

pub(crate) use call::CallKind;
use call::parse_call_template;

/// The keys of `#[graph_resource(...)]`.
#[derive(Default)]
pub(crate) struct ResourceArgs {
    pub(crate) path: Option<(LitStr, Template)>,
    pub(crate) odata_type: Option<LitStr>,
    /// `crate = "path"`: where the runtime is, for a facade that re-exports it.
    pub(crate) krate: Option<syn::Path>,
    /// `base`: a struct that items of derived types are read through.
    pub(crate) base: Option<Span>,
    /// `action = "..."` or `function = "..."`: a struct of parameters.
    pub(crate) call: Option<(CallKind, LitStr, Template)>,
    /// `returns = Type`: what an action or function answers with.
    pub(crate) returns: Option<syn::Type>,
    /// Whether `action` or `function` was given, even if its path was refused.
    pub(crate) call_given: bool,
    /// `singleton`: the path names one object, not a collection.
    pub(crate) singleton: Option<Span>,
    /// `path_type = Name`: the path type's name, instead of `<Item>Path`.
    pub(crate) path_type: Option<syn::Ident>,
}

/// The path to the runtime that generated code names: `crate = "..."`, or
/// `::graph_resource`.
pub(crate) fn runtime_path(krate: Option<&syn::Path>) -> TokenStream {
    match krate {
        Some(path) => quote::quote!(#path),
        None => quote::quote!(::graph_resource),
    }
}

/// Parses the value of a `crate = "..."` key.
pub(crate) fn parse_crate(lit: &LitStr) -> syn::Result<syn::Path> {
    lit.parse::<syn::Path>().map_err(|_| {
        syn::Error::new(
            lit.span(),
            format!(
                "`{}` is not a path: give the path of a crate or module that re-exports graph_resource, \
                 e.g. `crate = \"my_facade::graph\"`",
                lit.value()
            ),
        )
    })
}

pub(crate) fn parse_resource_args(tokens: TokenStream, errors: &mut Vec<syn::Error>) -> ResourceArgs {
    let mut args = ResourceArgs::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("path") {
            let lit: LitStr = meta.value()?.parse()?;
            if args.path.is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `path`: give it once",
                ));
            }
            if let Some(t) = template_or_its_fix(&lit, errors) {
                args.path = Some((lit, t));
            }
            Ok(())
        } else if meta.path.is_ident("crate") {
            let lit: LitStr = meta.value()?.parse()?;
            if args.krate.is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `crate`: give it once",
                ));
            }
            match parse_crate(&lit) {
                Ok(path) => args.krate = Some(path),
                Err(e) => errors.push(e),
            }
            Ok(())
        } else if meta.path.is_ident("action") || meta.path.is_ident("function") {
            let kind = if meta.path.is_ident("action") {
                CallKind::Action
            } else {
                CallKind::Function
            };
            let lit: LitStr = meta.value()?.parse()?;
            if args.call_given {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "a struct is one action or one function: give `action` or `function` once",
                ));
            }
            args.call_given = true;
            match parse_call_template(kind, &lit) {
                Ok(t) => args.call = Some((kind, lit, t)),
                Err(e) => errors.push(e),
            }
            Ok(())
        } else if meta.path.is_ident("returns") {
            let ty: syn::Type = meta.value()?.parse()?;
            if args.returns.is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `returns`: give it once",
                ));
            }
            args.returns = Some(ty);
            Ok(())
        } else if meta.path.is_ident("path_type") {
            let ident: syn::Ident = meta.value()?.parse().map_err(|e| {
                syn::Error::new(
                    e.span(),
                    "`path_type` is the name of the path type: write an identifier, e.g. `path_type = \
                     UserPath`",
                )
            })?;
            if args.path_type.is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `path_type`: give it once",
                ));
            }
            args.path_type = Some(ident);
            Ok(())
        } else if meta.path.is_ident("singleton") {
            if args.singleton.replace(meta.path.span()).is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `singleton`: give it once",
                ));
            }
            Ok(())
        } else if meta.path.is_ident("base") {
            if args.base.replace(meta.path.span()).is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `base`: give it once",
                ));
            }
            Ok(())
        } else if meta.path.is_ident("odata_type") {
            let lit: LitStr = meta.value()?.parse()?;
            if args.odata_type.is_some() {
                return Err(syn::Error::new_spanned(
                    &meta.path,
                    "duplicate `odata_type`: give it once",
                ));
            }
            let value = lit.value();
            let name = value.strip_prefix('#').unwrap_or(&value);
            let valid = !name.is_empty()
                && name.contains('.')
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
            if !valid {
                errors.push(syn::Error::new(
                    lit.span(),
                    format!(
                        "`{value}` is not an OData type name: write a qualified name such as \
                         \"#microsoft.graph.groupAssignmentTarget\""
                    ),
                ));
            }
            args.odata_type = Some(lit);
            Ok(())
        } else {
            Err(meta.error(format!(
                "unknown key `{}` in #[graph_resource]: the keys are `path = \"/...\"`, `odata_type = \
                 \"#microsoft.graph.<type>\"`, `singleton`, `path_type = Name`, `base`, `action = \"/...\"`, \
                 `function = \"/...\"`, `returns = Type` and `crate = \"path::to::graph_resource\"`",
                path_name(&meta.path)
            )))
        }
    });
    if let Err(e) = parser.parse2(tokens) {
        errors.push(e);
    }
    args
}

/// Parses a path template literal; a rejection points at the literal.
pub(crate) fn parse_template(lit: &LitStr) -> syn::Result<Template> {
    template::parse(&lit.value()).map_err(|e| syn::Error::new(lit.span(), e.message))
}

/// Parses a path template literal; a rejection is one error at the literal,
/// and the corrected template it offers (`write "..."`) stands in for it, so
/// that the item keeps its path type and operations and code that uses them
/// does not fail in a cascade of follow-on errors.
pub(crate) fn template_or_its_fix(lit: &LitStr, errors: &mut Vec<syn::Error>) -> Option<Template> {
    let e = match template::parse(&lit.value()) {
        Ok(t) => return Some(t),
        Err(e) => e,
    };
    let fix = e.suggested_fix().and_then(|fix| template::parse(fix).ok());
    errors.push(syn::Error::new(lit.span(), e.message));
    fix
}

/// What `#[graph(...)]` says about one field or variant.
#[derive(Default)]
pub(crate) struct GraphAttr {
    pub(crate) rename: Option<LitStr>,
    pub(crate) extra: Option<Span>,
    pub(crate) flatten: Option<Span>,
    pub(crate) other: Option<Span>,
    /// Absent reads as `Default::default()`.
    pub(crate) default: Option<Span>,
    /// Read from Graph, never written.
    pub(crate) read_only: Option<Span>,
    /// Neither read nor written: the field exists only in Rust.
    pub(crate) skip: Option<Span>,
    /// A module with `serialize` and `deserialize` for the field's type.
    pub(crate) with: Option<(Span, syn::Path)>,
}

/// Where a `#[graph(...)]` attribute stands, which decides the keys it takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Field,
    Variant,
}

pub(crate) fn parse_graph_attrs(
    attrs: &[Attribute],
    place: Place,
    errors: &mut Vec<syn::Error>,
) -> GraphAttr {
    let mut out = GraphAttr::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("graph")) {
        let result = attr.parse_nested_meta(|meta| {
            let key = path_name(&meta.path);
            let span = meta.path.span_of_ident();
            let duplicate = || syn::Error::new(span, format!("duplicate `{key}`: give it once"));
            match (key.as_str(), place) {
                ("rename", _) => {
                    let lit: LitStr = meta.value()?.parse()?;
                    if out.rename.is_some() {
                        return Err(duplicate());
                    }
                    if lit.value().is_empty() {
                        return Err(syn::Error::new(
                            lit.span(),
                            "`rename` needs a name: write the property's name as it is on the wire",
                        ));
                    }
                    out.rename = Some(lit);
                }
                // The keys without a value: each names a flag, set once.
                (flag @ ("extra" | "flatten" | "default" | "read_only" | "skip"), Place::Field)
                | (flag @ "other", Place::Variant) => {
                    let slot = match flag {
                        "extra" => &mut out.extra,
                        "flatten" => &mut out.flatten,
                        "default" => &mut out.default,
                        "read_only" => &mut out.read_only,
                        "skip" => &mut out.skip,
                        _ /* "other" */ => &mut out.other,
                    };
                    if slot.replace(span).is_some() {
                        return Err(duplicate());
                    }
                }
                ("with", Place::Field) => {
                    let lit: LitStr = meta.value()?.parse()?;
                    let path = lit.parse::<syn::Path>().map_err(|_| {
                        syn::Error::new(
                            lit.span(),
                            format!(
                                "`{}` is not a path: give the module that has `serialize` and `deserialize`, \
                                 e.g. `with = \"my_crate::as_hex\"`",
                                lit.value()
                            ),
                        )
                    })?;
                    if out.with.replace((span, path)).is_some() {
                        return Err(duplicate());
                    }
                }
                _ => {
                    let expected = match place {
                        Place::Field => {
                            "`rename = \"...\"`, `default`, `read_only`, `skip`, `with = \"module\"`, \
                             `extra` or `flatten`"
                        }
                        Place::Variant => "`rename = \"...\"` or `other`",
                    };
                    return Err(meta.error(format!(
                        "unknown key `{key}` in #[graph]: on a {} it takes {expected}",
                        if place == Place::Field { "field" } else { "variant" }
                    )));
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    if let (Some(_), Some(span)) = (&out.rename, out.extra.or(out.flatten)) {
        errors.push(syn::Error::new(
            span,
            "`rename` names one property, so it cannot go with `extra` or `flatten`: remove one",
        ));
    }
    // Keys about one property's value make no sense on a field that holds many.
    if let Some(many) = out.extra.or(out.flatten) {
        for (key, span) in [
            ("default", out.default),
            ("read_only", out.read_only),
            ("skip", out.skip),
            ("with", out.with.as_ref().map(|w| w.0)),
        ] {
            if let Some(span) = span {
                errors.push(syn::Error::new(
                    span,
                    format!(
                        "`{key}` is about one property, and an `extra` or `flatten` field holds many: remove \
                         `{key}`"
                    ),
                ));
            }
        }
        let _ = many;
    }
    if let Some(skip) = out.skip {
        let others = [
            ("rename", out.rename.as_ref().map(|l| l.span())),
            ("default", out.default),
            ("read_only", out.read_only),
            ("with", out.with.as_ref().map(|w| w.0)),
        ];
        if let Some((key, _)) = others.iter().find(|(_, s)| s.is_some()) {
            errors.push(syn::Error::new(
                skip,
                format!(
                    "a `skip` field is neither read nor written, so `{key}` has nothing to do: remove one of \
                     them"
                ),
            ));
        }
    }
    if let (Some(_), Some(span)) = (out.extra, out.flatten) {
        errors.push(syn::Error::new(
            span,
            "a field is either `extra` or `flatten`, not both: remove one",
        ));
    }
    out
}

/// Removes the `#[graph(...)]` helper attributes, which the compiler would
/// otherwise reject since an attribute macro cannot declare them.
pub(crate) fn strip_graph_attrs(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !a.path().is_ident("graph"));
}

fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

trait SpanOfIdent {
    fn span_of_ident(&self) -> Span;
}

impl SpanOfIdent for syn::Path {
    fn span_of_ident(&self) -> Span {
        self.segments
            .last()
            .map_or_else(Span::call_site, |s| s.ident.span())
    }
}
