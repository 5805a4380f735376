//! Crates of types: the generated items cut into crates small enough for
//! one rustc process each, every crate naming only types of the crates
//! before it.
//!
//! The types that name each other (a polymorphic enum and its variants'
//! structs, a type and the properties that lead back to it) go to one
//! crate together; the rest follow the order of what they name, filled up
//! to a size.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::graph::components;

/// Which crate each item goes to.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Each item's crate, by index from 0.
    pub(crate) shard: Vec<usize>,
    /// The crates each crate names, by index: one entry per crate.
    pub(crate) deps: Vec<BTreeSet<usize>>,
}

/// Each identifier of `tokens`, with whether it follows `struct`, `enum`,
/// `type` or `trait` (the item it names is defined there); a stand-in's
/// name (`nav::X`) is not `X`, and is passed to `stand_in` instead.
fn walk(tokens: &TokenStream, f: &mut impl FnMut(String, bool), stand_in: &mut impl FnMut(String)) {
    let mut defining = false;
    // How far into `nav::` the last tokens are: 1 after `nav`, 2 after
    // one `:`, 3 after both.
    let mut nav = 0;
    for tree in tokens.clone() {
        match tree {
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                if nav == 3 {
                    stand_in(text);
                    nav = 0;
                    defining = false;
                    continue;
                }
                nav = usize::from(text == "nav");
                let next = matches!(text.as_str(), "struct" | "enum" | "type" | "trait");
                f(text, defining);
                defining = next;
            }
            TokenTree::Group(group) => {
                walk(&group.stream(), f, stand_in);
                defining = false;
                nav = 0;
            }
            TokenTree::Punct(p) => {
                nav = if p.as_char() == ':' && (nav == 1 || nav == 2) {
                    nav + 1
                } else {
                    0
                };
                defining = false;
            }
            TokenTree::Literal(_) => {
                defining = false;
                nav = 0;
            }
        }
    }
}

/// [`walk`] without the stand-ins.
fn idents(tokens: &TokenStream, f: &mut impl FnMut(String, bool)) {
    walk(tokens, f, &mut |_| {});
}

/// The names `items` define (`struct X`, `enum X`), each with its item.
pub(crate) fn definitions(items: &[(String, TokenStream)]) -> HashMap<String, usize> {
    let mut defines = HashMap::new();
    for (i, (_, item)) in items.iter().enumerate() {
        idents(item, &mut |name, defining| {
            if defining {
                defines.insert(name, i);
            }
        });
    }
    defines
}

/// The stand-ins `items` name (`X` of `nav::X`).
pub(crate) fn stand_ins(items: &[(String, TokenStream)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, item) in items {
        walk(item, &mut |_, _| {}, &mut |name| {
            out.insert(name);
        });
    }
    out
}

/// The part `cfg`s `item` names (`part_shared_012`).
pub(crate) fn cfgs(item: &TokenStream) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    idents(item, &mut |name, _| {
        if name.starts_with("part_") {
            out.insert(name);
        }
    });
    out
}

/// What a variant of a polymorphic enum weighs beyond its tokens: the
/// enum reads each of its types by `@odata.type`, so each variant
/// compiles that type's reading code in the enum's crate (measured: the
/// crate of `Entity`, 1,147 variants, took 0.7 GB more than crates of as
/// many tokens).
const PER_VARIANT: usize = 500;

/// What an address weighs beyond its tokens: a `path`, `action` or
/// `function` key or a `graph_path!` expands to a path type and its
/// operations (measured: a crate of 617 actions, 264 functions and 222
/// paths took 0.5 GB more than crates of as many tokens).
const PER_ADDRESS: usize = 400;

/// The addresses `item` declares: `graph_path!`s and `path`, `action` and
/// `function` keys.
fn addresses(item: &TokenStream) -> usize {
    let mut count = 0;
    let mut key = false;
    for tree in item.clone() {
        match &tree {
            TokenTree::Ident(i) => {
                count += usize::from(i == "graph_path");
                key = i == "path" || i == "action" || i == "function";
            }
            TokenTree::Punct(p) => {
                count += usize::from(key && p.as_char() == '=');
                key = false;
            }
            TokenTree::Group(g) => {
                count += addresses(&g.stream());
                key = false;
            }
            TokenTree::Literal(_) => key = false,
        }
    }
    count
}

/// The variants of the enums `item` defines that hold a value
/// (`User(User)`).
fn variants(item: &TokenStream) -> usize {
    let mut count = 0;
    let mut after_enum = 0;
    for tree in item.clone() {
        match &tree {
            TokenTree::Ident(i) if i == "enum" => after_enum = 1,
            TokenTree::Ident(_) if after_enum == 1 => after_enum = 2,
            TokenTree::Group(g) if after_enum == 2 && g.delimiter() == Delimiter::Brace => {
                count += g
                    .stream()
                    .into_iter()
                    .filter(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis))
                    .count();
                after_enum = 0;
            }
            _ => {}
        }
    }
    count
}

/// The type an `impl` item is for: the identifier after `impl`.
fn impl_of(item: &TokenStream) -> Option<String> {
    let mut trees = item.clone().into_iter();
    match trees.next()? {
        TokenTree::Ident(i) if i == "impl" => match trees.next()? {
            TokenTree::Ident(of) => Some(of.to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The crates for `items` (each with the type it belongs to, and the
/// names they define, from [`definitions`]), each at most `budget` in
/// weight unless one group of items that name each other is heavier. An
/// `impl` goes with its type.
pub(crate) fn plan(items: &[(String, TokenStream)], defines: &HashMap<String, usize>, budget: usize) -> Plan {
    // What each item names.
    let mut named: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); items.len()];
    for (i, (_, item)) in items.iter().enumerate() {
        idents(item, &mut |name, _| {
            if let Some(&to) = defines.get(&name)
                && to != i
            {
                named[i].insert(to);
            }
        });
        // An inherent impl and its type, in one crate.
        if let Some(&of) = impl_of(item).and_then(|t| defines.get(&t)) {
            named[of].insert(i);
        }
    }
    let edges: Vec<Vec<usize>> = named.into_iter().map(|e| e.into_iter().collect()).collect();
    // Each group, in the order they come (what a group names before it),
    // to the first crate with room that is not before a crate it names.
    let mut weights: Vec<usize> = Vec::new();
    let mut shard_of = vec![0; items.len()];
    for members in components(&edges) {
        let load: usize = members.iter().map(|&m| weight(&items[m].1)).sum();
        let lowest = members
            .iter()
            .flat_map(|&m| edges[m].iter().filter(|t| !members.contains(t)))
            .map(|&t| shard_of[t])
            .max()
            .unwrap_or(0);
        let shard = match (lowest..weights.len()).find(|&k| weights[k] + load <= budget) {
            Some(k) => k,
            None => {
                weights.push(0);
                weights.len() - 1
            }
        };
        weights[shard] += load;
        for &m in &members {
            shard_of[m] = shard;
        }
    }
    let mut deps = vec![BTreeSet::new(); weights.len()];
    for (from, to) in edges.iter().enumerate() {
        for &t in to {
            if shard_of[t] != shard_of[from] {
                deps[shard_of[from]].insert(shard_of[t]);
            }
        }
    }
    Plan {
        shard: shard_of,
        deps,
    }
}

/// An item's weight, a measure of rustc's memory for it: its tokens
/// printed, and more for each polymorphic variant and each address.
fn weight(item: &TokenStream) -> usize {
    item.to_string().len() + PER_VARIANT * variants(item) + PER_ADDRESS * addresses(item)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn a_crate_names_only_the_crates_before_it() {
        let items = vec![
            (
                "a".to_owned(),
                quote!(
                    pub struct A {
                        b: B,
                    }
                ),
            ),
            (
                "b".to_owned(),
                quote!(
                    pub struct B {
                        c: Option<C>,
                    }
                ),
            ),
            (
                "c".to_owned(),
                quote!(
                    pub enum C {
                        B(B),
                    }
                ),
            ),
            (
                "d".to_owned(),
                quote!(
                    pub struct D {
                        a: A,
                        x: u32,
                    }
                ),
            ),
        ];
        let plan = plan(&items, &definitions(&items), 1);
        // B and C name each other: one crate.
        assert_eq!(plan.shard[1], plan.shard[2]);
        for (s, deps) in plan.deps.iter().enumerate() {
            assert!(deps.iter().all(|&d| d < s), "{s}: {deps:?}");
        }
        assert!(plan.shard[0] > plan.shard[1]);
        assert!(plan.shard[3] > plan.shard[0]);
        assert_eq!(plan.deps.len(), 3);
    }

    #[test]
    fn enums_weigh_by_their_variants_and_items_by_their_addresses() {
        let polymorphic = quote!(pub enum A { Base(ABase), B(B), #[cfg(part_x)] C(C) } impl A {});
        assert_eq!(variants(&polymorphic), 3);
        assert_eq!(
            variants(&quote!(
                pub enum Kind {
                    One,
                    Two,
                    Other(String),
                }
            )),
            1
        );
        let item = quote! {
            #[graph_resource(odata_type = "#t", path = "/t")]
            pub struct T { pub path: Option<String> }
            graph_resource::graph_path! { pub struct P for T = "/p"; }
            #[graph_resource(action = "/t/{id}/go")]
            pub struct Go {}
        };
        assert_eq!(addresses(&item), 3);
    }

    #[test]
    fn a_stand_in_is_not_the_type_it_stands_for() {
        let items = vec![
            (
                "a".to_owned(),
                quote!(
                    pub struct A {
                        b: Expanded<nav::B>,
                    }
                ),
            ),
            (
                "b".to_owned(),
                quote!(
                    pub struct B {
                        a: A,
                    }
                ),
            ),
        ];
        assert_eq!(stand_ins(&items), BTreeSet::from(["B".to_owned()]));
        // B names A; A names only B's stand-in: no cycle, A first.
        let plan = plan(&items, &definitions(&items), 1);
        assert!(plan.shard[0] < plan.shard[1]);
    }
}
