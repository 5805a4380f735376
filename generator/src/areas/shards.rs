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

/// Which crate each type goes to.
#[derive(Debug, Default)]
pub(crate) struct Plan {
    /// Each item's crate, by index from 0.
    pub(crate) shard: Vec<usize>,
    /// The crates each crate names, by index.
    pub(crate) deps: Vec<BTreeSet<usize>>,
    /// The size of each crate's items as tokens printed (a measure of
    /// rustc's memory, not of the formatted file).
    pub(crate) sizes: Vec<usize>,
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

/// The crates for `items` (each with the type it belongs to), each at
/// most `budget` in size unless one group of items that name each other
/// is larger. An `impl` goes with its type.
pub(crate) fn plan(items: &[(String, TokenStream)], budget: usize) -> Plan {
    let size: Vec<usize> = items
        .iter()
        .map(|(_, item)| {
            item.to_string().len() + PER_VARIANT * variants(item) + PER_ADDRESS * addresses(item)
        })
        .collect();
    // What each item defines, then what each names.
    let defines = definitions(items);
    let mut edges: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); items.len()];
    for (i, (_, item)) in items.iter().enumerate() {
        idents(item, &mut |name, _| {
            if let Some(&to) = defines.get(&name)
                && to != i
            {
                edges[i].insert(to);
            }
        });
        // An inherent impl and its type, in one crate.
        if let Some(&of) = impl_of(item).and_then(|t| defines.get(&t)) {
            edges[of].insert(i);
        }
    }
    let groups = components(&edges);
    // Each group, in the order they come (what a group names before it),
    // to the first crate with room that is not before a crate it names.
    let mut sizes: Vec<usize> = Vec::new();
    let mut shard_of = vec![0; items.len()];
    for members in &groups {
        let weight: usize = members.iter().map(|&m| size[m]).sum();
        let lowest = members
            .iter()
            .flat_map(|&m| edges[m].iter().filter(|t| !members.contains(t)))
            .map(|&t| shard_of[t])
            .max()
            .unwrap_or(0);
        let shard = match (lowest..sizes.len()).find(|&k| sizes[k] + weight <= budget) {
            Some(k) => k,
            None => {
                sizes.push(0);
                sizes.len() - 1
            }
        };
        sizes[shard] += weight;
        for &m in members {
            shard_of[m] = shard;
        }
    }
    let mut deps = vec![BTreeSet::new(); sizes.len()];
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
        sizes,
    }
}

/// The strongly connected components of `edges` (Tarjan's, without
/// recursion), each after every component it has an edge to.
fn components(edges: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    let adjacency: Vec<Vec<usize>> = edges.iter().map(|e| e.iter().copied().collect()).collect();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges are followed)
        let mut path = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = path.last_mut() {
            if let Some(&w) = adjacency[v].get(*i) {
                *i += 1;
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    path.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            path.pop();
            if let Some(&(parent, _)) = path.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn components_come_after_what_they_name_and_cycles_stay_together() {
        // 0 -> 1 -> 2 -> 1, 3 -> 0
        let edges = vec![
            BTreeSet::from([1]),
            BTreeSet::from([2]),
            BTreeSet::from([1]),
            BTreeSet::from([0]),
        ];
        assert_eq!(components(&edges), vec![vec![1, 2], vec![0], vec![3]]);
    }

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
        let plan = plan(&items, 1);
        // B and C name each other: one crate.
        assert_eq!(plan.shard[1], plan.shard[2]);
        for (s, deps) in plan.deps.iter().enumerate() {
            assert!(deps.iter().all(|&d| d < s), "{s}: {deps:?}");
        }
        assert!(plan.shard[0] > plan.shard[1]);
        assert!(plan.shard[3] > plan.shard[0]);
        assert_eq!(plan.sizes.len(), 3);
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
        let plan = plan(&items, 1);
        assert!(plan.shard[0] < plan.shard[1]);
    }
}
