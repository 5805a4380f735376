//! Where the selected entity types are addressed: entity sets, singletons,
//! and the collections those contain one level down; and the paths of the
//! actions and functions bound to them.

use std::collections::BTreeMap;

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
        let add = |t: &str, path: String, out: &mut Addresses| {
            if selection.types.contains(t) {
                out.collections.entry(t.to_owned()).or_default().push(path);
            }
        };
        // Containment one level below a root: `/deviceManagement/deviceCompliancePolicies`,
        // `/users/{userId}/…`.
        let contained = |root: &str, root_type: &str| -> Vec<(String, String)> {
            let mut found = Vec::new();
            let mut t = schema.types.get(root_type);
            while let Some(ty) = t {
                for p in ty
                    .properties
                    .iter()
                    .filter(|p| p.navigation && p.contains_target && p.collection)
                {
                    found.push((p.type_name.clone(), format!("{root}/{}", p.name)));
                }
                t = ty.base.as_ref().and_then(|b| schema.types.get(b));
            }
            found
        };
        for (name, t) in &schema.entity_sets {
            add(t, format!("/{name}"), &mut out);
            for (target, path) in contained(&format!("/{name}/{}", placeholder(t)), t) {
                add(&target, path, &mut out);
            }
        }
        for (name, t) in &schema.singletons {
            if selection.types.contains(t) {
                out.singletons.insert(t.clone(), format!("/{name}"));
            }
            for (target, path) in contained(&format!("/{name}"), t) {
                add(&target, path, &mut out);
            }
        }
        for paths in out.collections.values_mut() {
            // Shortest first: the root collection before a nested one.
            paths.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
            paths.dedup();
        }
        // A singleton's type is addressed as the singleton.
        for t in out.singletons.keys() {
            out.collections.remove(t);
        }
        out
    }

    /// The path of an operation bound to a selected type, if that type has
    /// an address.
    pub(crate) fn operation(&self, op: &Operation) -> Option<String> {
        let (bound, collection) = op.bound.as_ref()?;
        if let Some(singleton) = self.singletons.get(bound) {
            return (!collection).then(|| format!("{singleton}/{}", op.name));
        }
        let first = self.collections.get(bound)?.first()?;
        Some(if *collection {
            format!("{first}/{}", op.name)
        } else {
            format!("{first}/{}/{}", placeholder(bound), op.name)
        })
    }
}
