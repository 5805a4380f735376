//! The checks that are not about one attribute key: what serde's own
//! attributes should be instead, and how field and variant types are read.

use syn::{Data, DeriveInput, Type};

use super::attr::ResourceArgs;
use super::template::{ParamKind, Part};

/// `#[graph_resource]` implements `Serialize` and `Deserialize` itself:
/// serde's derives would conflict, and `#[serde]` attributes would not be read.
pub(crate) fn check_no_serde(input: &DeriveInput, errors: &mut Vec<syn::Error>) {
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let last = meta.path.segments.last().map(|s| s.ident.to_string());
            if let Some(name @ ("Serialize" | "Deserialize")) = last.as_deref() {
                errors.push(syn::Error::new_spanned(
                    &meta.path,
                    format!("#[graph_resource] implements `{name}` itself, as OData needs: remove `{name}` from the derive"),
                ));
            }
            Ok(())
        });
    }
    let mut attrs: Vec<&syn::Attribute> = input.attrs.iter().collect();
    match &input.data {
        Data::Struct(s) => attrs.extend(s.fields.iter().flat_map(|f| &f.attrs)),
        Data::Enum(e) => attrs.extend(e.variants.iter().flat_map(|v| &v.attrs)),
        Data::Union(_) => {}
    }
    for attr in attrs.into_iter().filter(|a| a.path().is_ident("serde")) {
        let mut named = false;
        let _ = attr.parse_nested_meta(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            // Skip the key's value, whatever it is, to reach the next key.
            if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            } else if meta.input.peek(syn::token::Paren) {
                let _ = meta.parse_nested_meta(|inner| {
                    if inner.input.peek(syn::Token![=]) {
                        let _: syn::Expr = inner.value()?.parse()?;
                    }
                    Ok(())
                });
            }
            named = true;
            errors.push(syn::Error::new_spanned(&meta.path, serde_key_instead(&key)));
            Ok(())
        });
        if !named {
            errors.push(syn::Error::new_spanned(
                attr.path(),
                format!("#[graph_resource] does not read #[serde(...)]: {GRAPH_KEYS}"),
            ));
        }
    }
}

/// A collection's `path` that ends in a placeholder segment names one item
/// (`/users/{id}`): its operations would then take that item's path as a
/// collection's, and `get` would want `.item(id)` on it. The fix is the
/// collection's path, or `singleton` for an object that has no collection.
pub(crate) fn check_collection_path(input: &DeriveInput, args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    let Some((lit, template)) = &args.path else { return };
    if args.singleton.is_some() {
        return;
    }
    let Some(Part::Param(last)) = template.parts.last() else {
        return;
    };
    if last.kind != ParamKind::Segment {
        return;
    }
    let source = lit.value();
    // A template rejected as written is one error already; its fix stands in.
    if super::template::parse(&source).is_err() {
        return;
    }
    let collection = source
        .strip_suffix(&format!("/{{{}}}", last.name))
        .filter(|c| !c.is_empty())
        .unwrap_or("/users");
    let ident = &input.ident;
    errors.push(syn::Error::new(
        lit.span(),
        format!(
            "the path ends in `{{{name}}}`, one item's id, but `path` is a collection's: write \"{collection}\" \
             and address one item as `path.item(id)` (`{ident}::get(&client, path.item(id))`); \
             for one object with no collection (`/me`, `/users/{{userId}}/manager`), add `singleton`",
            name = last.name,
        ),
    ));
}

pub(crate) fn type_key(ty: &Type) -> String {
    quote::ToTokens::to_token_stream(ty).to_string().replace(' ', "")
}

/// The runtime module that reads and writes a field of this type as Graph
/// does, for types whose own serde form is not Graph's: the `time` and
/// `chrono` crates' date-times, as `edm::<module>`.
pub(crate) fn known_with(ty: &Type) -> Option<&'static str> {
    let (inner, option) = match generic_of(ty, "Option") {
        Some(inner) => (inner, true),
        None => (ty, false),
    };
    let module = if last_segment_is_plain(inner, "OffsetDateTime") {
        "time_offset"
    } else if generic_of(inner, "DateTime")
        .is_some_and(|tz| last_segment_is_plain(tz, "Utc") || last_segment_is_plain(tz, "FixedOffset"))
    {
        "chrono_datetime"
    } else {
        return None;
    };
    Some(if option {
        if module == "time_offset" {
            "time_offset::option"
        } else {
            "chrono_datetime::option"
        }
    } else {
        module
    })
}

/// Whether a field's type may be `std::time::Duration` (named `Duration`,
/// alone or in an `Option` or `Vec`): the expansion then checks, by type,
/// that it is not, since serde writes it as `{"secs":..,"nanos":..}`.
pub(crate) fn may_be_std_duration(ty: &Type) -> bool {
    let inner = generic_of(ty, "Option")
        .or_else(|| generic_of(ty, "Vec"))
        .unwrap_or(ty);
    last_segment_is_plain(inner, "Duration")
}

/// `Name<T>` → `T`.
pub(crate) fn generic_of<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(a) if a.args.len() == 1 => match &a.args[0] {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        },
        _ => None,
    }
}

fn last_segment_is_plain(ty: &Type, name: &str) -> bool {
    let Type::Path(p) = ty else { return false };
    p.path
        .segments
        .last()
        .is_some_and(|s| s.ident == name && matches!(s.arguments, syn::PathArguments::None))
}

/// Whether a field's type is written `Nullable<T>`: absent, `null` or a
/// value, left out when absent.
pub(crate) fn is_nullable(ty: &Type) -> bool {
    last_segment_is(ty, "Nullable")
}

fn last_segment_is(ty: &Type, name: &str) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    last.ident == name
        && matches!(&last.arguments, syn::PathArguments::AngleBracketed(a) if a.args.len() == 1)
}

/// Whether a field's type is written `Option<T>`, which makes the property
/// optional: absent or `null` on read, left out when `None` on write.
pub(crate) fn is_option(ty: &Type) -> bool {
    let Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    last.ident == "Option"
        && matches!(&last.arguments, syn::PathArguments::AngleBracketed(a) if a.args.len() == 1)
}

/// What the field and variant keys are, for messages.
const GRAPH_KEYS: &str = "use #[graph(rename = \"...\")], #[graph(default)], #[graph(read_only)], #[graph(skip)], \
     #[graph(with = \"module\")], #[graph(extra)], #[graph(flatten)] or #[graph(other)], \
     or #[graph_resource(odata_type = \"...\")]";

/// The `#[graph]` key that does the job of a serde key.
fn serde_key_instead(key: &str) -> String {
    let instead = match key {
        "rename" => "use #[graph(rename = \"wireName\")]",
        "default" => "use #[graph(default)]",
        "with" | "serialize_with" | "deserialize_with" => "use #[graph(with = \"module\")]",
        "skip" | "skip_deserializing" => "use #[graph(skip)]",
        "skip_serializing" => "use #[graph(read_only)]",
        "flatten" => {
            "use #[graph(flatten)] for a base type's struct, or #[graph(extra)] for unknown properties"
        }
        "skip_serializing_if" => "remove it: an `Option` field that is `None` is left out already",
        "rename_all" => {
            "remove it: fields are camelCase on the wire already (#[graph(rename)] for one that is not)"
        }
        "tag" | "untagged" | "content" => {
            "use a polymorphic enum: #[graph_resource] on an enum of one-field variants"
        }
        "other" => "use #[graph(other)]",
        _ => GRAPH_KEYS,
    };
    format!("#[graph_resource] does not read #[serde({key})]: {instead}")
}
