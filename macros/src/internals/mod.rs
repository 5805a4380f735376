//! What the macros know before they generate anything: the model of an
//! annotated item (`ast`), the attribute keys (`attr`), the checks behind
//! one entry (`check`), how a field's type is read by name (`types`), and
//! the path template language (`template`). Case
//! conversion is the `graph-resource-naming` crate's, shared with the
//! generator.

pub(crate) mod ast;
pub(crate) mod attr;
pub(crate) mod check;
pub(crate) mod template;
pub(crate) mod types;

/// The same tokens, all with `span`, so that an error about them points there.
pub(crate) fn respan(tokens: proc_macro2::TokenStream, span: proc_macro2::Span) -> proc_macro2::TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            tree.set_span(span);
            tree
        })
        .collect()
}
