//! Code generation from the checked model. Generated code is data and thin
//! glue: every behaviour is a call into `::graph_resource::__private`, every
//! path is absolute, and every impl is `#[automatically_derived]`.

pub(crate) mod call;
pub(crate) mod object;
pub(crate) mod path;
pub(crate) mod polymorphic;
pub(crate) mod resource;
pub(crate) mod string_enum;

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, DeriveInput};

use crate::internals::ast::Input;
use crate::internals::{attr, check};

/// Expands `#[graph_resource(args)] input`. On errors the item is still
/// emitted (without the helper attributes), and so is everything that the
/// model could be built for, so that one mistake gives one error, not a
/// cascade of follow-on errors where the type is used.
pub(crate) fn expand(args: TokenStream, mut input: DeriveInput) -> TokenStream {
    let mut errors = Vec::new();
    let args = attr::parse_resource_args(args, &mut errors);
    let model = Input::from_syn(&input, &args, &mut errors);
    check::check(&input, &args, model.as_ref(), &mut errors);
    let generated = model.map(|model| {
        let own = match &model {
            Input::Struct(s) => object::expand_struct(s),
            Input::StringEnum(e) => string_enum::expand(e),
            Input::Polymorphic(p) => polymorphic::expand(p),
        };
        // An item with a path, struct or polymorphic enum, gets its
        // collection's path type and operations.
        let resource = match &model {
            Input::Struct(s) => s.path.as_ref().map(|(source, t)| {
                resource::expand(
                    resource::Item {
                        krate: &s.krate,
                        ident: s.ident,
                        vis: s.vis,
                        polymorphic: false,
                        singleton: s.singleton,
                        path_type: args.path_type.as_ref(),
                    },
                    source,
                    t,
                )
            }),
            Input::Polymorphic(p) => p.path.as_ref().map(|(source, t)| {
                resource::expand(
                    resource::Item {
                        krate: &p.krate,
                        ident: p.ident,
                        vis: p.vis,
                        polymorphic: true,
                        singleton: p.singleton,
                        path_type: args.path_type.as_ref(),
                    },
                    source,
                    t,
                )
            }),
            Input::StringEnum(_) => None,
        };
        // A struct of parameters gets its call.
        let call = match &model {
            Input::Struct(s) => s.call.as_ref().map(|c| call::expand(s, c)),
            _ => None,
        };
        quote!(#own #resource #call)
    });
    strip_helpers(&mut input);
    let errors = errors.into_iter().map(|e| e.into_compile_error());
    quote! { #input #generated #(#errors)* }
}

fn strip_helpers(input: &mut DeriveInput) {
    // What `check_no_serde` reported goes too, so that it is reported once.
    let strip_serde = |attrs: &mut Vec<Attribute>| attrs.retain(|a| !a.path().is_ident("serde"));
    strip_serde(&mut input.attrs);
    for attr in input.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let parsed =
            attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated);
        if let Ok(paths) = parsed {
            let kept = paths.into_iter().filter(|p| {
                let last = p.segments.last().map(|s| s.ident.to_string());
                !matches!(last.as_deref(), Some("Serialize" | "Deserialize"))
            });
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    match &mut input.data {
        syn::Data::Struct(s) => s.fields.iter_mut().for_each(|f| strip_serde(&mut f.attrs)),
        syn::Data::Enum(e) => e.variants.iter_mut().for_each(|v| strip_serde(&mut v.attrs)),
        syn::Data::Union(_) => {}
    }
    match &mut input.data {
        syn::Data::Struct(s) => s
            .fields
            .iter_mut()
            .for_each(|f| attr::strip_graph_attrs(&mut f.attrs)),
        syn::Data::Enum(e) => e.variants.iter_mut().for_each(|v| {
            attr::strip_graph_attrs(&mut v.attrs);
            v.fields
                .iter_mut()
                .for_each(|f| attr::strip_graph_attrs(&mut f.attrs));
        }),
        syn::Data::Union(u) => u
            .fields
            .named
            .iter_mut()
            .for_each(|f| attr::strip_graph_attrs(&mut f.attrs)),
    }
}

/// The runtime's module for generated code.
pub(crate) fn private(krate: &TokenStream) -> TokenStream {
    quote!(#krate::__private)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    /// Expands an item with `crate = "facade::graph"` and returns the text.
    fn expanded(args: proc_macro2::TokenStream, item: proc_macro2::TokenStream) -> String {
        let input: syn::DeriveInput = syn::parse2(item).unwrap();
        super::expand(args, input).to_string()
    }

    #[test]
    fn the_crate_key_replaces_every_path_to_the_runtime() {
        let cases = [
            expanded(
                quote!(path = "/groups/{groupId}/events", crate = "facade::graph"),
                quote!(
                    pub struct Event {
                        pub id: Option<String>,
                        #[graph(flatten)]
                        pub base: Base,
                    }
                ),
            ),
            expanded(
                quote!(crate = "facade::graph"),
                quote!(
                    pub enum Status {
                        Free,
                        #[graph(other)]
                        Other(String),
                    }
                ),
            ),
            expanded(
                quote!(crate = "facade::graph"),
                quote!(
                    pub enum Target {
                        Group(GroupTarget),
                        #[graph(other)]
                        Other(Properties),
                    }
                ),
            ),
        ];
        for text in cases {
            assert!(text.contains("facade :: graph :: __private"), "{text}");
            assert!(!text.contains("graph_resource"), "{text}");
            assert!(!text.contains("compile_error"), "{text}");
        }
        let decl: super::path::PathDecl = syn::parse2(quote! {
            #[graph(crate = "facade::graph")]
            pub struct EventsPath for Event = "/me/events";
        })
        .unwrap();
        let text = super::path::expand_path_decl(decl).to_string();
        assert!(
            text.contains("facade :: graph :: __private :: ResourcePath") && !text.contains("graph_resource"),
            "{text}"
        );
    }

    #[test]
    fn without_the_key_the_runtime_is_named_absolutely() {
        let text = expanded(
            quote!(path = "/users"),
            quote!(
                pub struct Target {
                    pub id: Option<String>,
                }
            ),
        );
        assert!(text.contains(":: graph_resource :: __private"), "{text}");
        // One way in: every path to the runtime goes through `__private`.
        let direct = text
            .match_indices(":: graph_resource ::")
            .filter(|(at, _)| {
                !text[at + ":: graph_resource ::".len()..]
                    .trim_start()
                    .starts_with("__private")
            })
            .count();
        assert_eq!(direct, 0, "{text}");
    }
}
