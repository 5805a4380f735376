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

/// Each node's strongly connected component.
fn components<'s>(edges: &BTreeMap<Node<'s>, Vec<Node<'s>>>) -> BTreeMap<Node<'s>, usize> {
    // Every node, edges' ends too, by index.
    let nodes: BTreeSet<Node<'s>> = edges
        .iter()
        .flat_map(|(from, to)| to.iter().chain([from]))
        .copied()
        .collect();
    let index: BTreeMap<Node<'s>, usize> = nodes.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let by_index: Vec<Vec<usize>> = nodes
        .iter()
        .map(|n| edges.get(n).into_iter().flatten().map(|to| index[to]).collect())
        .collect();
    let nodes: Vec<Node<'s>> = nodes.into_iter().collect();
    let nodes = &nodes;
    crate::graph::components(&by_index)
        .into_iter()
        .enumerate()
        .flat_map(|(c, members)| members.into_iter().map(move |m| (nodes[m], c)))
        .collect()
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
