//! How a field's or variant's type is read by name: `Option<T>`,
//! `Nullable<T>`, the date-times and durations that have a Graph form of
//! their own. Names only: the compiler checks the rest where the expansion
//! names the type.

use syn::Type;

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
