//! Crates of types: the generated items cut into crates small enough for
//! one rustc process each, every crate naming only types of the crates
//! before it.
//!
//! The types that name each other (a polymorphic enum and its variants'
//! structs, a type and the properties that lead back to it) go to one
//! crate together; the rest follow the order of what they name, filled up
//! to a size.

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{TokenStream, TokenTree};

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
/// `type` or `trait` (the item it names is defined there).
fn idents(tokens: &TokenStream, f: &mut impl FnMut(String, bool)) {
    let mut defining = false;
    for tree in tokens.clone() {
        match tree {
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let next = matches!(text.as_str(), "struct" | "enum" | "type" | "trait");
                f(text, defining);
                defining = next;
            }
            TokenTree::Group(group) => {
                idents(&group.stream(), f);
                defining = false;
            }
            TokenTree::Punct(_) | TokenTree::Literal(_) => defining = false,
        }
    }
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
    let size: Vec<usize> = items.iter().map(|(_, item)| item.to_string().len()).collect();
    // What each item defines, then what each names.
    let mut defines: HashMap<String, usize> = HashMap::new();
    for (i, (_, item)) in items.iter().enumerate() {
        idents(item, &mut |name, defining| {
            if defining {
                defines.insert(name, i);
            }
        });
    }
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
}
