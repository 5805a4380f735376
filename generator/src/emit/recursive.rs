//! Which properties must be boxed: only those through which a type can
//! hold itself, so that every other property is written `Some(x)`.
//!
//! A generated struct holds by value its base's struct (flattened) and each
//! single structural property's value: a struct, or the enum of a
//! polymorphic type, which holds the struct of each of its types. A cycle
//! in that graph is a type without a size; a property is boxed when its
//! value is in the same strongly connected component as its holder, which
//! breaks every cycle and boxes nothing else.

use std::collections::{BTreeMap, BTreeSet};

use crate::csdl::Schema;
use crate::select::Selection;

/// A value a generated type holds: a type's struct or a polymorphic type's enum.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node<'s> {
    Struct(&'s str),
    Enum(&'s str),
}

/// The `(holder, property)` pairs, by qualified type name and wire name,
/// whose value is boxed.
pub(super) fn boxed(schema: &Schema, selection: &Selection) -> BTreeSet<(String, String)> {
    fn value<'s>(selection: &Selection, name: &'s str) -> Node<'s> {
        if selection.derived.contains_key(name) {
            Node::Enum(name)
        } else {
            Node::Struct(name)
        }
    }
    // The properties that hold a structured value, with their value.
    let mut held: Vec<(&str, &str, Node<'_>)> = Vec::new();
    let mut edges: BTreeMap<Node<'_>, Vec<Node<'_>>> = BTreeMap::new();
    for name in &selection.types {
        let Some(t) = schema.types.get(name) else { continue };
        let from = Node::Struct(name.as_str());
        let out = edges.entry(from).or_default();
        if let Some(base) = t.base.as_deref().filter(|b| selection.types.contains(*b)) {
            out.push(Node::Struct(base));
        }
        for p in &t.properties {
            if p.collection || p.navigation || !selection.types.contains(&p.type_name) {
                continue;
            }
            let to = value(selection, &p.type_name);
            out.push(to);
            held.push((name.as_str(), p.name.as_str(), to));
        }
    }
    for (name, derived) in &selection.derived {
        let out = edges.entry(Node::Enum(name.as_str())).or_default();
        out.push(Node::Struct(name.as_str()));
        out.extend(derived.iter().map(|d| Node::Struct(d.as_str())));
    }
    let component = components(&edges);
    held.into_iter()
        .filter(|(holder, _, to)| component.get(&Node::Struct(holder)) == component.get(to))
        .map(|(holder, property, _)| (holder.to_owned(), property.to_owned()))
        .collect()
}

/// Each node's strongly connected component, by Tarjan's algorithm,
/// iterative so that a deep schema cannot overflow the stack.
fn components<'s>(edges: &BTreeMap<Node<'s>, Vec<Node<'s>>>) -> BTreeMap<Node<'s>, usize> {
    let mut index: BTreeMap<Node<'s>, (usize, usize)> = BTreeMap::new(); // (index, lowlink)
    let mut on_stack = BTreeSet::new();
    let mut stack = Vec::new();
    let mut component = BTreeMap::new();
    let mut next = 0;
    let mut components = 0;
    let none = Vec::new();
    for &root in edges.keys() {
        if index.contains_key(&root) {
            continue;
        }
        // (node, how many of its edges were followed)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut followed)) = work.last_mut() {
            if *followed == 0 && !index.contains_key(&node) {
                index.insert(node, (next, next));
                next += 1;
                stack.push(node);
                on_stack.insert(node);
            }
            let out = edges.get(&node).unwrap_or(&none);
            if let Some(&to) = out.get(*followed) {
                *followed += 1;
                if !index.contains_key(&to) {
                    work.push((to, 0));
                } else if on_stack.contains(&to) {
                    let low = index[&to].0.min(index[&node].1);
                    index.get_mut(&node).expect("indexed above").1 = low;
                }
                continue;
            }
            work.pop();
            let (own, low) = index[&node];
            if let Some(&(parent, _)) = work.last() {
                let parent_low = index[&parent].1.min(low);
                index.get_mut(&parent).expect("indexed before its child").1 = parent_low;
            }
            if own == low {
                while let Some(member) = stack.pop() {
                    on_stack.remove(&member);
                    component.insert(member, components);
                    if member == node {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges<'s>(list: &[(Node<'s>, Node<'s>)]) -> BTreeMap<Node<'s>, Vec<Node<'s>>> {
        let mut edges: BTreeMap<Node<'s>, Vec<Node<'s>>> = BTreeMap::new();
        for &(from, to) in list {
            edges.entry(from).or_default().push(to);
            edges.entry(to).or_default();
        }
        edges
    }

    #[test]
    fn a_cycle_is_one_component_and_a_chain_is_not() {
        let (a, b, c, d) = (
            Node::Struct("a"),
            Node::Struct("b"),
            Node::Enum("c"),
            Node::Struct("d"),
        );
        let found = components(&edges(&[(a, b), (b, c), (c, a), (c, d)]));
        assert_eq!(found[&a], found[&b]);
        assert_eq!(found[&b], found[&c]);
        assert_ne!(found[&c], found[&d]);
    }

    #[test]
    fn a_node_that_holds_itself_is_its_own_component() {
        let (a, b) = (Node::Struct("a"), Node::Struct("b"));
        let found = components(&edges(&[(a, a), (a, b)]));
        assert_ne!(found[&a], found[&b]);
    }
}
