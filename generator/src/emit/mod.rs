//! The Rust module for a selection: `#[graph_resource]` structs, polymorphic
//! enums, string and flags enums, formatted with prettyplease.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

mod accessors;
mod names;
mod operations;
mod recursive;
mod types;

use crate::areas::Gates;
use crate::csdl::Schema;
use crate::paths::Addresses;
use crate::select::{Selection, short};
use names::{Names, unique_path_ident};
use operations::operation;
use types::{polymorphic, string_enum, structure};

/// How the output is included.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Layout<'a> {
    /// A module's own file, for `mod name;`.
    File,
    /// One `pub mod name { ... }` item, for `include!`.
    Module(&'a str),
}

/// What [`items`] generates for a selection.
pub(crate) struct Items {
    /// Each item with the type it belongs to (an operation's, the type it
    /// is bound to).
    pub(crate) items: Vec<(String, TokenStream)>,
    /// What was read past.
    pub(crate) warnings: Vec<String>,
    /// What each OData type is read through: its enum when polymorphic.
    pub(crate) readers: Vec<(String, String)>,
}

/// The items for `selection`: deterministic, the same for the same input.
pub(crate) fn items(schema: &Schema, selection: &Selection, gates: Option<&Gates>) -> Items {
    let names = Names::new(schema, selection, gates);
    let addresses = Addresses::of(schema, selection);
    let mut warnings = Vec::new();
    let mut items = Vec::new();
    for name in &selection.enums {
        items.push((name.clone(), string_enum(schema, name)));
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    // The path types of the types that get a collection path.
    let with_paths: BTreeSet<Ident> = addresses.collections.keys().map(|t| names.path(t)).collect();
    for name in &selection.types {
        let t = &schema.types[name];
        let polymorphic_type = selection.derived.get(name);
        // Its address goes on the type a property of it has: the enum of a
        // polymorphic type, or its struct.
        let mut key = address_key(&addresses, &names, name);
        // `Drive`'s item path alias, `DriveItemPath`, would be `DriveItem`'s
        // path type: such a type goes without a path.
        let item_alias_taken = with_paths.contains(&names.item_path(name));
        if item_alias_taken {
            key = None;
        }
        let mut push = |item| items.push((name.clone(), item));
        push(structure(
            schema,
            &names,
            t,
            polymorphic_type.is_none().then_some(&key).cloned().flatten(),
        ));
        push(accessors::of_struct(schema, &names, t));
        let has_path = key.is_some();
        if let Some(derived) = polymorphic_type {
            push(polymorphic(&names, t, derived, key));
            push(accessors::of_enum(schema, &names, t, derived));
        }
        used.insert(names.of(name).to_string());
        // Its other paths (none when it has no `path`: `graph_path!` needs
        // one): the collections after the first, then each object of it
        // (`/me` of `/users`); of a type with no collection, the objects
        // after the first.
        let collections = addresses.collections.get(name).map_or(&[][..], Vec::as_slice);
        let objects = addresses.objects.get(name).map_or(&[][..], Vec::as_slice);
        let further: Vec<(&String, bool)> = match (has_path, collections) {
            (false, _) => Vec::new(),
            (true, []) => objects.iter().skip(1).map(|o| (o, true)).collect(),
            (true, [_, rest @ ..]) => rest
                .iter()
                .map(|c| (c, false))
                .chain(objects.iter().map(|o| (o, true)))
                .collect(),
        };
        for (path, one) in further {
            let ident = unique_path_ident(&mut used, path);
            let of = names.of(name);
            let doc = format!(" `{path}`.");
            let singleton = one.then(|| quote!(, singleton));
            push(quote! {
                graph_resource::graph_path! {
                    #[doc = #doc]
                    pub struct #ident for #of = #path #singleton;
                }
            });
        }
    }
    let mut delta_types = BTreeSet::new();
    for op in &schema.operations {
        // `delta` bound to a collection is a delta query, which the
        // runtime's `Delta::start(&client, path)` runs with its links (as a
        // function, it would lose the `@odata.deltaLink`).
        let delta_query = !op.action && op.name == "delta" && op.bound.as_ref().is_some_and(|(_, c)| *c);
        if delta_query {
            if let Some((bound, _)) = &op.bound
                && addresses.collections.contains_key(bound)
                && delta_types.insert(bound.clone())
            {
                items.push((bound.clone(), delta(&names, bound)));
            }
            continue;
        }
        let paths = addresses.operation_paths(op);
        if let (Some((path, further)), Some((bound, _))) = (paths.split_first(), &op.bound) {
            match operation(schema, &names, op, (path, further), &mut used) {
                Ok(item) => items.push((bound.clone(), item)),
                Err(why) => warnings.push(why),
            }
        }
    }
    let readers = selection
        .types
        .iter()
        .map(|t| (t.clone(), names.of(t).to_string()))
        .collect();
    Items {
        items,
        warnings,
        readers,
    }
}

/// Allowed in generated code: a program uses a few of the types, and the
/// rest is not dead code to warn of; Graph's names and shapes are what
/// they are, and its descriptions name URLs bare.
pub(crate) const LINTS: [&str; 6] = [
    "dead_code",
    "missing_docs",
    "clippy::enum_variant_names",
    "clippy::large_enum_variant",
    "clippy::upper_case_acronyms",
    "rustdoc::bare_urls",
];

/// [`LINTS`], as `#[allow]` takes them.
fn lints() -> TokenStream {
    let lints = LINTS
        .iter()
        .map(|l| syn::parse_str::<syn::Path>(l).expect("a lint's path"));
    quote!(#(#lints),*)
}

/// Writes the module for `selection`: deterministic, the same bytes for the
/// same input.
pub(crate) fn module(
    schema: &Schema,
    selection: &Selection,
    source: &str,
    layout: Layout<'_>,
) -> (String, Vec<String>, Vec<(String, String)>) {
    let Items {
        items,
        warnings,
        readers,
    } = items(schema, selection, None);
    let items = items.into_iter().map(|(_, item)| item);
    let header = format!(
        " Models generated by graph-resource-gen from {source}: {} types, {} enums. Do not edit; generate \
         again.",
        selection.types.len(),
        selection.enums.len()
    );
    let lints = lints();
    let body = quote! {
        use graph_resource::graph_resource;

        #(#items)*
    };
    let tokens = match layout {
        // A file of its own (`mod graph;`): the module's attributes inside it.
        Layout::File => quote! {
            #![doc = #header]
            #![allow(#lints)]

            #body
        },
        // A file for `include!`, which takes no inner attributes: one module
        // item, its attributes outside.
        Layout::Module(name) => {
            let name = format_ident!("{}", name);
            quote! {
                #[doc = #header]
                #[allow(#lints)]
                pub mod #name {
                    #body
                }
            }
        }
    };
    (format(tokens), warnings, readers)
}

/// Generated tokens as formatted source.
pub(crate) fn format(tokens: TokenStream) -> String {
    let file: syn::File = syn::parse2(tokens).expect("the generated tokens are a Rust file");
    prettyplease::unparse(&file)
}

/// `delta` on a type whose collections have a delta query: a
/// `Delta` stream of the changes, which keeps the link to resume from.
fn delta(names: &Names<'_>, bound: &str) -> TokenStream {
    let ident = names.of(bound);
    let doc = format!(
        " The changes to a collection of `{}` (`GET {{collection}}/delta`): every item on the first run, \
         then what changed since the link it ends with (`Delta::delta_link`, resumed by `Delta::resume`).",
        short(bound)
    );
    quote! {
        impl #ident {
            #[doc = #doc]
            pub fn delta<P>(client: &graph_resource::Client, path: P) -> graph_resource::ops::Delta<#ident>
            where
                P: graph_resource::ResourcePath<Resource = #ident>,
            {
                graph_resource::ops::Delta::start(client, path)
            }
        }
    }
}

/// `path = "..."` for a type with an address: its first collection, else
/// its singleton (with `singleton`).
fn address_key(addresses: &Addresses, names: &Names<'_>, name: &str) -> Option<TokenStream> {
    let path_type = names.path_type_key(name).map(|p| quote!(, path_type = #p));
    if let Some(path) = addresses.collections.get(name).and_then(|c| c.first()) {
        return Some(quote!(path = #path #path_type));
    }
    let path = addresses.objects.get(name).and_then(|o| o.first())?;
    Some(quote!(path = #path, singleton #path_type))
}
