//! The checks that are not about one attribute key: what serde's own
//! attributes should be instead, and how field and variant types are read.

use syn::{Data, DeriveInput, Type};

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
        errors.push(syn::Error::new_spanned(
            attr.path(),
            "#[graph_resource] does not read #[serde(...)]: use #[graph(rename = \"...\")], #[graph(extra)], \
             #[graph(flatten)] or #[graph(other)], or #[graph_resource(odata_type = \"...\")]",
        ));
    }
}

pub(crate) fn type_key(ty: &Type) -> String {
    quote::ToTokens::to_token_stream(ty).to_string().replace(' ', "")
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
