//! Where the selected entity types are addressed: entity sets, singletons,
//! the collections those contain at any depth, and the paths of the
//! actions and functions bound to them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::csdl::{Operation, Schema};
use crate::select::{Selection, short};

/// The addresses of the selection's entity types.
#[derive(Debug, Default)]
pub(crate) struct Addresses {
    /// A collection path for each type that has one (the first, in path
    /// order), and the others.
    pub(crate) collections: BTreeMap<String, Vec<String>>,
    /// The singleton path of each type that is one.
    pub(crate) singletons: BTreeMap<String, String>,
}

/// `{deviceCompliancePolicyId}`: the placeholder of an item of `type_name`.
pub(crate) fn placeholder(type_name: &str) -> String {
    format!("{{{}Id}}", short(type_name))
}

impl Addresses {
    pub(crate) fn of(schema: &Schema, selection: &Selection) -> Addresses {
        let mut out = Addresses::default();
        // Breadth first from the roots, through containment navigation
        // (`/deviceManagement/deviceCompliancePolicies/{…}/assignments`,
        // `/users/{userId}/authentication/methods`): every collection a
        // reached entity contains is an address of its type, and each type
        // is entered once, from the shortest path that reaches it, so that
        // the walk ends on Graph's recursive containments (a site's sites).
        // Types outside the selection are walked too: what they contain may
        // be selected.
        let mut queue: VecDeque<(String, String)> = VecDeque::new();
        let mut entered: BTreeSet<String> = BTreeSet::new();
        for (name, t) in &schema.entity_sets {
            out.add(selection, t, format!("/{name}"));
            queue.push_back((t.clone(), format!("/{name}/{}", placeholder(t))));
        }
        for (name, t) in &schema.singletons {
            if selection.types.contains(t) {
                out.singletons.insert(t.clone(), format!("/{name}"));
            }
            queue.push_back((t.clone(), format!("/{name}")));
        }
        while let Some((t, at)) = queue.pop_front() {
            if !entered.insert(t.clone()) {
                continue;
            }
            // Its own containment and its base types'.
            let contained = std::iter::successors(schema.types.get(&t), |ty| {
                ty.base.as_ref().and_then(|b| schema.types.get(b))
            })
            .flat_map(|ty| &ty.properties)
            .filter(|p| p.navigation && p.contains_target);
            for p in contained {
                let here = format!("{at}/{}", p.name);
                if !p.collection {
                    // One contained entity: an address only for what it contains.
                    queue.push_back((p.type_name.clone(), here));
                    continue;
                }
                out.add(selection, &p.type_name, here.clone());
                // A path names each placeholder once: a type that contains
                // its own kind, or two types of one short name in different
                // namespaces, would repeat it.
                let item = placeholder(&p.type_name);
                if !at.contains(&item) {
                    queue.push_back((p.type_name.clone(), format!("{here}/{item}")));
                }
            }
        }
        for paths in out.collections.values_mut() {
            // Shortest first: the root collection before a nested one.
            paths.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
            paths.dedup();
        }
        // A type with an entity set and a singleton (`user`: `/users` and
        // `/me`) keeps both: the entity set is its address, the singleton
        // one more path to it.
        out
    }

    /// Records `path` as a collection of `t`, if `t` is selected.
    fn add(&mut self, selection: &Selection, t: &str, path: String) {
        if selection.types.contains(t) {
            self.collections.entry(t.to_owned()).or_default().push(path);
        }
    }

    /// The path of an operation bound to a selected type, if that type has
    /// an address: on an item of its first collection (`/users/{userId}/…`,
    /// which an app's token can call), else on its singleton (`/me/…`).
    pub(crate) fn operation(&self, op: &Operation) -> Option<String> {
        let (bound, collection) = op.bound.as_ref()?;
        let Some(first) = self.collections.get(bound).and_then(|c| c.first()) else {
            let singleton = self.singletons.get(bound)?;
            return (!collection).then(|| format!("{singleton}/{}", op.name));
        };
        Some(if *collection {
            format!("{first}/{}", op.name)
        } else {
            format!("{first}/{}/{}", placeholder(bound), op.name)
        })
    }
}
