//! The `#[graph_resource]` attribute and the `graph_path!` macro.
//!
//! Use them through the `graph-resource` crate, which re-exports both and
//! holds the runtime that the generated code calls; its documentation
//! describes what they generate.

mod expand;
mod internals;

use proc_macro::TokenStream;

/// Turns a struct into a Microsoft Graph resource, or an enum into a string
/// enum or a polymorphic OData type. See the `graph-resource` crate.
#[proc_macro_attribute]
pub fn graph_resource(args: TokenStream, input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    expand::expand(args.into(), input).into()
}

/// Declares another path to a resource's collection. See the
/// `graph-resource` crate.
#[proc_macro]
pub fn graph_path(input: TokenStream) -> TokenStream {
    let decl = syn::parse_macro_input!(input as expand::path::PathDecl);
    expand::path::expand_path_decl(decl).into()
}
