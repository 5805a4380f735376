//! Where the selected entity types are addressed: entity sets, singletons,
//! the collections and single objects those contain at any depth, and the
//! paths of the actions and functions bound to them.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::csdl::{Operation, Property, Schema};
use crate::select::{Selection, short};

/// The addresses of the selection's entity types.
#[derive(Debug, Default)]
pub(crate) struct Addresses {
    /// A collection path for each type that has one (the first, in path
    /// order), and the others.
    pub(crate) collections: BTreeMap<String, Vec<String>>,
    /// The paths of one object of each type that has them, in path order:
    /// a singleton (`/deviceManagement`, `/me`) or a single-valued
    /// containment (`/policies/authorizationPolicy`,
    /// `/users/{userId}/authentication`).
    pub(crate) objects: BTreeMap<String, Vec<String>>,
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
        // `/users/{userId}/authentication/methods`): every collection or
        // single entity a reached entity contains is an address of its
        // type, and each type is entered once, from the shortest path that
        // reaches it, so that the walk ends on Graph's recursive
        // containments (a site's sites). What a type contains is addressed
        // through its first route only: a route per root (`/me/...` beside
        // `/users/{userId}/...`) made v1.0's every-area build a third
        // longer; `graph_path!` adds a route a program needs. Types outside
        // the selection are walked too: what they contain may be selected.
        let mut queue: VecDeque<(String, String)> = VecDeque::new();
        let mut entered: BTreeSet<String> = BTreeSet::new();
        for (name, t) in &schema.entity_sets {
            record(&mut out.collections, selection, t, format!("/{name}"));
            queue.push_back((t.clone(), format!("/{name}/{}", placeholder(t))));
        }
        for (name, t) in &schema.singletons {
            record(&mut out.objects, selection, t, format!("/{name}"));
            queue.push_back((t.clone(), format!("/{name}")));
        }
        while let Some((t, at)) = queue.pop_front() {
            if !entered.insert(t.clone()) {
                continue;
            }
            for p in contained(schema, &t) {
                let here = format!("{at}/{}", p.name);
                if !p.collection {
                    // One contained entity: an object's address, and what
                    // it contains.
                    record(&mut out.objects, selection, &p.type_name, here.clone());
                    queue.push_back((p.type_name.clone(), here));
                    continue;
                }
                record(&mut out.collections, selection, &p.type_name, here.clone());
                // A path names each placeholder once: a type that contains
                // its own kind, or two types of one short name in different
                // namespaces, would repeat it.
                let item = placeholder(&p.type_name);
                if !at.contains(&item) {
                    queue.push_back((p.type_name.clone(), format!("{here}/{item}")));
                }
            }
        }
        for paths in out.collections.values_mut().chain(out.objects.values_mut()) {
            // Shortest first: the root collection before a nested one.
            paths.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
            paths.dedup();
        }
        // The paths a program named come first, in its order, spelled as it
        // spelled them, in place of the same addresses found here.
        for (t, given) in &selection.paths {
            let found = out.collections.remove(t).unwrap_or_default();
            let rest = found
                .into_iter()
                .filter(|f| !given.iter().any(|g| same_address(f, g)));
            out.collections
                .insert(t.clone(), given.iter().cloned().chain(rest).collect());
        }
        // A type with an entity set and a singleton (`user`: `/users` and
        // `/me`) keeps both: the entity set is its address, the singleton
        // one more path to it.
        out
    }

    /// The paths of an operation bound to a selected type: on an item of
    /// each of the type's collections (`/users/{userId}/assignLicense`,
    /// which an app's token can call), or on each collection for one bound
    /// to a collection, then on each object of it (`/me/assignLicense`).
    /// The first is its struct's; none when the type has no address.
    pub(crate) fn operation_paths(&self, op: &Operation) -> Vec<String> {
        let Some((bound, collection)) = op.bound.as_ref() else {
            return Vec::new();
        };
        let item = placeholder(bound);
        let on_collections = self.collections.get(bound).into_iter().flatten().filter_map(|c| {
            if *collection {
                Some(format!("{c}/{}", op.name))
            } else {
                // A path names each placeholder once: not on an item of a
                // collection its own kind contains (`/sites/{siteId}/sites`).
                (!c.contains(&item)).then(|| format!("{c}/{item}/{}", op.name))
            }
        });
        let on_objects = self
            .objects
            .get(bound)
            .into_iter()
            .flatten()
            .filter(|_| !collection)
            .map(|o| format!("{o}/{}", op.name));
        on_collections.chain(on_objects).collect()
    }
}

/// Records `path` as an address of `t` in `into`, if `t` is selected.
fn record(into: &mut BTreeMap<String, Vec<String>>, selection: &Selection, t: &str, path: String) {
    if selection.types.contains(t) {
        into.entry(t.to_owned()).or_default().push(path);
    }
}

/// The containment navigation properties of `t` and its base types: what
/// is addressed through an entity of `t`.
fn contained<'s>(schema: &'s Schema, t: &str) -> impl Iterator<Item = &'s Property> {
    std::iter::successors(schema.types.get(t), |ty| {
        ty.base.as_ref().and_then(|b| schema.types.get(b))
    })
    .flat_map(|ty| &ty.properties)
    .filter(|p| p.navigation && p.contains_target)
}

/// Whether a template's segment is a placeholder (`{userId}`).
fn is_placeholder(segment: &str) -> bool {
    segment.len() > 2 && segment.starts_with('{') && segment.ends_with('}')
}

/// Whether two templates name the same address: the same segments, with a
/// placeholder wherever the other has one, whatever their names
/// (`/users/{userId}/...` and `/users/{usersId}/...`).
fn same_address(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|(x, y)| x == y || (is_placeholder(x) && is_placeholder(y)))
}

/// Checks that `template` is a collection of `t` in `schema`: an entity set
/// or a singleton, then an item's placeholder after each collection, and
/// containment navigation properties of the type reached (or its bases),
/// ending in a collection of `t`.
///
/// # Errors
///
/// What does not hold, and where: a first segment that is no entity set or
/// singleton, a segment that is no containment navigation of the type
/// reached, a missing placeholder, or an end that is not a collection of
/// `t`.
pub(crate) fn check_address(schema: &Schema, t: &str, template: &str) -> Result<(), String> {
    let Some(rest) = template.strip_prefix('/') else {
        return Err(format!("`{template}` does not start with `/`"));
    };
    let mut segments = rest.split('/');
    let first = segments.next().unwrap_or_default();
    let lookup = |roots: &[(String, String)]| roots.iter().find(|(n, _)| n == first).map(|(_, t)| t.clone());
    // The type reached, and whether the path is at a collection of it.
    let (mut at, mut collection) = match (lookup(&schema.entity_sets), lookup(&schema.singletons)) {
        (Some(set), _) => (set, true),
        (None, Some(one)) => (one, false),
        (None, None) => {
            return Err(format!(
                "`{template}` starts at `{first}`, which is no entity set or singleton of the schema"
            ));
        }
    };
    for segment in segments {
        if collection {
            if !is_placeholder(segment) {
                return Err(format!(
                    "in `{template}`, `{segment}` follows a collection of `{}`: an item's placeholder goes \
                     there, such as `{}`",
                    short(&at),
                    placeholder(&at)
                ));
            }
            collection = false;
            continue;
        }
        let Some(property) = contained(schema, &at).find(|p| p.name == segment) else {
            return Err(format!(
                "in `{template}`, `{}` has no containment navigation property `{segment}`",
                short(&at)
            ));
        };
        at = property.type_name.clone();
        collection = property.collection;
    }
    if !collection || at != t {
        return Err(format!(
            "`{template}` is {} `{}`, not a collection of `{}`",
            if collection { "a collection of" } else { "one" },
            short(&at),
            short(t)
        ));
    }
    Ok(())
}
