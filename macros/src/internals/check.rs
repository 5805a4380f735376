//! Every check of an annotated item that is not about one attribute key,
//! behind one entry, [`check`], as serde_derive's: each check a function
//! that reads the item as written, its keys and the model built from them,
//! and pushes an error at the tokens it is about, with the fix.

use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use super::ast::{Input, Property, Role, Struct};
use super::attr::{CallKind, ResourceArgs};
use super::template::{ParamKind, Part};
use super::types::type_key;

/// Runs every check. `model` is the item as the expansion will read it,
/// when one could be built.
pub(crate) fn check(
    input: &DeriveInput,
    args: &ResourceArgs,
    model: Option<&Input<'_>>,
    errors: &mut Vec<syn::Error>,
) {
    check_no_serde(input, errors);
    check_collection_path(input, args, errors);
    check_singleton_has_path(args, errors);
    check_path_type_has_path(args, errors);
    match model {
        Some(Input::Struct(s)) => {
            check_returns_needs_call(args, errors);
            check_call_keys(args, errors);
            check_function_fields(input, args, s, errors);
            check_base_has_extra(args, s, errors);
            check_wire_names(s, errors);
            check_update_sends_only_what_is_set(args, s, errors);
        }
        Some(Input::StringEnum(_)) => {
            check_enum_keys(args, errors);
            check_string_enum_has_no_path(args, errors);
        }
        Some(Input::Polymorphic(_)) => {
            check_enum_keys(args, errors);
            check_polymorphic_takes_types_from_variants(args, errors);
        }
        None => {}
    }
}

/// `singleton` names one object at a path, so it needs the path.
fn check_singleton_has_path(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    if let (Some(span), None) = (args.singleton, &args.path) {
        errors.push(syn::Error::new(
            span,
            "a singleton is one object at a path: give its `path`, e.g. `path = \"/me\"`",
        ));
    }
}

/// `path_type` names the type of the item's `path`, so it needs the path.
fn check_path_type_has_path(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    if let (Some(ident), None) = (&args.path_type, &args.path) {
        errors.push(syn::Error::new(
            ident.span(),
            "`path_type` names the type of the item's path: give the `path` too, e.g. `path = \"/users\", \
             path_type = UserPath`",
        ));
    }
}

/// `returns` is what an action or function answers with.
fn check_returns_needs_call(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    if let (Some(ty), false) = (&args.returns, args.call_given) {
        errors.push(syn::Error::new(
            ty.span(),
            "`returns` is what an action or function answers with: give `action = \"...\"` or \
             `function = \"...\"` too, or remove `returns`",
        ));
    }
}

/// An action's or function's parameters have no path of a collection, no
/// OData type and no derived types.
fn check_call_keys(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    let Some((kind, lit, _)) = &args.call else { return };
    let (key, a) = (kind.key(), kind.a());
    if let Some((path, _)) = &args.path {
        errors.push(syn::Error::new(
            path.span(),
            format!("{a} is called, not a collection: give `{key}` or `path`, not both"),
        ));
    }
    if let Some(odata_type) = &args.odata_type {
        errors.push(syn::Error::new(
            odata_type.span(),
            format!("{a}'s parameters are not an OData type and are sent without one: remove `odata_type`"),
        ));
    }
    if args.base.is_some() {
        errors.push(syn::Error::new(
            lit.span(),
            format!("{a}'s parameters have no derived types: remove `base`"),
        ));
    }
}

/// A function's parameters are written in its URL, one field each.
fn check_function_fields(
    input: &DeriveInput,
    args: &ResourceArgs,
    s: &Struct<'_>,
    errors: &mut Vec<syn::Error>,
) {
    if !matches!(&args.call, Some((CallKind::Function, _, _))) {
        return;
    }
    let Data::Struct(data) = &input.data else { return };
    let Fields::Named(named) = &data.fields else {
        return;
    };
    for (field, _) in named
        .named
        .iter()
        .zip(&s.fields)
        .filter(|(_, f)| matches!(f.role, Role::Extra | Role::Flatten))
    {
        errors.push(syn::Error::new(
            field.span(),
            "a function's parameters are its fields, each written in the URL: an `extra` or `flatten` \
             field has no place there; take it out, or make this an action",
        ));
    }
}

/// A `base` struct keeps a derived item's type in its `extra` field.
fn check_base_has_extra(args: &ResourceArgs, s: &Struct<'_>, errors: &mut Vec<syn::Error>) {
    if let Some(span) = args.base
        && !s.fields.iter().any(|f| matches!(f.role, Role::Extra))
    {
        errors.push(syn::Error::new(
            span,
            "a `base` struct keeps a derived item's type and properties in its `extra` field: \
             add `#[graph(extra)] extra: graph_resource::Properties`",
        ));
    }
}

/// Each property has its own wire name, and none is an OData annotation.
fn check_wire_names(s: &Struct<'_>, errors: &mut Vec<syn::Error>) {
    let mut seen: Vec<&str> = Vec::new();
    for f in &s.fields {
        let Role::Property(Property { wire, wire_span, .. }) = &f.role else {
            continue;
        };
        if wire.starts_with("@odata.") {
            errors.push(syn::Error::new(
                *wire_span,
                format!(
                    "`{wire}` is an OData annotation, which the runtime handles: keep it in the `extra` \
                     field instead"
                ),
            ));
        }
        if seen.contains(&wire.as_str()) {
            errors.push(syn::Error::new(
                *wire_span,
                format!(
                    "two fields are named `{wire}` on the wire: rename one with #[graph(rename = \"...\")]"
                ),
            ));
        }
        seen.push(wire);
    }
}

/// A struct with `update` (a collection's `path`, or `singleton`) sends
/// only what the caller set: a field written whatever its value would be
/// sent by every update, and overwrite the property.
fn check_update_sends_only_what_is_set(args: &ResourceArgs, s: &Struct<'_>, errors: &mut Vec<syn::Error>) {
    let updatable = (args.path.is_some() && args.call.is_none()) || args.singleton.is_some();
    if !updatable {
        return;
    }
    for f in s.fields.iter().filter(|f| f.role.sends_unset()) {
        let ident = f.ident;
        let ty = type_key(f.ty);
        errors.push(syn::Error::new(
            f.ty.span(),
            format!(
                "`{ident}` is written whatever its value, so every `update` would send it, and one \
                 built with `..Default::default()` would overwrite the property: make it \
                 `Option<{ty}>` (left out when `None`), or mark it #[graph(default)] (left out \
                 when it equals its default) or #[graph(read_only)] (never written)"
            ),
        ));
    }
}

/// Keys an enum does not take: `action`/`function` and `base`.
fn check_enum_keys(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    if let Some((kind, lit, _)) = &args.call {
        errors.push(syn::Error::new(
            lit.span(),
            format!(
                "an enum cannot be {}'s parameters: declare a struct with one field per parameter",
                kind.a()
            ),
        ));
    }
    if let Some(span) = args.base {
        errors.push(syn::Error::new(
            span,
            "`base` is for a struct that items of derived types are read through; \
             an enum already keeps each item's type: remove `base`",
        ));
    }
}

/// A string enum is a property's value, with no path of its own.
fn check_string_enum_has_no_path(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    if let Some((lit, _)) = &args.path {
        errors.push(syn::Error::new(
            lit.span(),
            "a string enum is a property's value, not a collection's item, so it has no path: \
             put `path` on the struct (or polymorphic enum) whose items hold it",
        ));
    }
}

/// A polymorphic enum's types are its variants'.
fn check_polymorphic_takes_types_from_variants(args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
    if let Some(lit) = &args.odata_type {
        errors.push(syn::Error::new(
            lit.span(),
            "a polymorphic enum takes its types from its variants: remove `odata_type`",
        ));
    }
}

/// `#[graph_resource]` implements `Serialize` and `Deserialize` itself:
/// serde's derives would conflict, and `#[serde]` attributes would not be read.
fn check_no_serde(input: &DeriveInput, errors: &mut Vec<syn::Error>) {
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let last = meta.path.segments.last().map(|s| s.ident.to_string());
            if let Some(name @ ("Serialize" | "Deserialize")) = last.as_deref() {
                errors.push(syn::Error::new_spanned(
                    &meta.path,
                    format!(
                        "#[graph_resource] implements `{name}` itself, as OData needs: remove `{name}` from \
                         the derive"
                    ),
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
fn check_collection_path(input: &DeriveInput, args: &ResourceArgs, errors: &mut Vec<syn::Error>) {
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
    // The template before `/{id}`: a whole segment is preceded by `/`.
    let collection = source
        .strip_suffix(&format!("/{{{}}}", last.name))
        .filter(|c| !c.is_empty());
    let fix = match collection {
        Some(collection) => format!("write \"{collection}\""),
        None => "give the collection's path".to_owned(),
    };
    let ident = &input.ident;
    errors.push(syn::Error::new(
        lit.span(),
        format!(
            "the path ends in `{{{name}}}`, one item's id, but `path` is a collection's: {fix} \
             and address one item as `path.item(id)` (`{ident}::get(&client, path.item(id))`); \
             for one object with no collection (`/me`, `/users/{{userId}}/manager`), add `singleton`",
            name = last.name,
        ),
    ));
}

/// What the field and variant keys are, for messages.
const GRAPH_KEYS: &str = "use #[graph(rename = \"...\")], #[graph(default)], #[graph(read_only)], \
                          #[graph(skip)], #[graph(with = \"module\")], #[graph(extra)], #[graph(flatten)] or \
                          #[graph(other)], or #[graph_resource(odata_type = \"...\")]";

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
