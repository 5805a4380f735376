//! Models for every type of a schema, compiled by area: an area is one
//! root of Graph's URL space (`/users`, `/deviceManagement`), and holds
//! the types addressed under it and every type they need. Areas share most
//! of their types, so each type is generated once, in the part of the
//! crate that the areas containing it share; a crate compiles the parts of
//! the areas it turns on, and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::case::snake_case;
use crate::csdl::{Schema, SchemaError};
use crate::emit;
use crate::select::{Follow, Selection, closure};

mod files;
mod shards;
pub use files::{CrateFiles, replace_marked};

/// An area: a root of the URL space and what is addressed under it.
#[derive(Debug, Clone)]
pub struct Area {
    /// Its cargo feature, from the root's name: `device-management`.
    pub feature: String,
    /// The entity sets and singletons it holds (`users` and `me`).
    pub roots: Vec<String>,
    /// How many types and enums it compiles.
    pub types: usize,
}

/// Types compiled together: the ones of one crate that exactly the same
/// areas contain.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its module, and its `cfg` with `part_` before it: the area's name
    /// when one area alone holds it, `common` when every area does,
    /// `shared_N` otherwise. The types of one set of areas can be cut
    /// across crates: a part of that name in each.
    pub name: String,
    /// The areas it is compiled for, by index.
    pub areas: BTreeSet<usize>,
    /// Its crate, by index in [`ByArea::shards`].
    pub shard: usize,
    /// Its source, formatted.
    pub code: String,
}

/// A crate of parts: small enough for one rustc process, naming only
/// types of the crates before it.
#[derive(Debug, Clone)]
pub struct Shard {
    /// The crates whose types it names, by index.
    pub uses: Vec<usize>,
    /// The `cfg`s its code is compiled under, each a part's.
    pub cfgs: Vec<String>,
}

/// Everything of a schema, by area.
#[derive(Debug)]
pub struct ByArea {
    /// The areas, by feature name.
    pub areas: Vec<Area>,
    /// The parts, each a module of its crate, in the order of the crates.
    pub parts: Vec<Part>,
    /// The crates, each after every crate it names.
    pub shards: Vec<Shard>,
    /// What was read past.
    pub warnings: Vec<String>,
}

/// Which types are compiled together, for the emitter.
#[derive(Debug, Default)]
pub(crate) struct Gates {
    /// Each type's and enum's part, by index.
    part: BTreeMap<String, usize>,
    /// Each part's areas and `cfg` name.
    parts: Vec<(BTreeSet<usize>, String)>,
}

impl Gates {
    /// Whether `to` is compiled wherever `from` is: every area holding
    /// `from` holds `to`.
    pub(crate) fn reaches(&self, from: &str, to: &str) -> bool {
        match (self.part.get(from), self.part.get(to)) {
            (Some(&f), Some(&t)) => self.parts[t].0.is_superset(&self.parts[f].0),
            _ => false,
        }
    }

    /// `#[cfg(part_x)]` for something of `to` in an item of `from`, unless
    /// `to` is compiled wherever `from` is.
    pub(crate) fn gate(&self, from: &str, to: &str) -> Option<TokenStream> {
        if self.reaches(from, to) {
            return None;
        }
        let cfg = format_ident!("{}", self.parts[*self.part.get(to)?].1);
        Some(quote!(#[cfg(#cfg)]))
    }
}

/// The most of a crate's items, as tokens printed: the largest group of
/// types that name each other is larger, and is one crate alone.
const SHARD_BUDGET: usize = 700_000;

/// `deviceManagement` → `device-management`.
fn feature_name(root: &str) -> String {
    snake_case(root).replace('_', "-")
}

/// The areas of `schema`: one per entity set and singleton, a singleton
/// of an entity set's type joined to it (`me` to `users`), with the types
/// each holds.
fn areas(schema: &Schema) -> Vec<(Area, Selection)> {
    let mut roots: Vec<(String, Vec<String>, String)> = Vec::new();
    for (name, t) in &schema.entity_sets {
        roots.push((feature_name(name), vec![name.clone()], t.clone()));
    }
    for (name, t) in &schema.singletons {
        match roots.iter_mut().find(|(_, _, of)| of == t) {
            Some(area) => area.1.push(name.clone()),
            None => roots.push((feature_name(name), vec![name.clone()], t.clone())),
        }
    }
    roots.sort();
    roots
        .into_iter()
        .map(|(feature, roots, t)| {
            let selection = closure(schema, [(t, true)], Follow::Containment, &BTreeMap::new());
            let area = Area {
                feature,
                roots,
                types: selection.types.len() + selection.enums.len(),
            };
            (area, selection)
        })
        .collect()
}

/// Generates every type of `xml` reachable from its roots, split into
/// parts by the areas that hold them; `source` names the schema in each
/// part's header.
///
/// # Errors
///
/// A schema that cannot be read, or two roots whose features would be one
/// name.
pub fn by_area(xml: &str, source: &str) -> Result<ByArea, SchemaError> {
    let schema = Schema::parse(xml)?;
    let areas = areas(&schema);
    if let Some(w) = areas.windows(2).find(|w| w[0].0.feature == w[1].0.feature) {
        return Err(SchemaError(format!(
            "two roots of the schema make the feature `{}`",
            w[0].0.feature
        )));
    }
    // Each type's areas.
    let mut held: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (i, (_, selection)) in areas.iter().enumerate() {
        for name in selection.types.iter().chain(&selection.enums) {
            held.entry(name).or_default().insert(i);
        }
    }
    // One selection of them all, so that each type is one Rust type: a
    // type polymorphic in any area is the enum in every one, its variants
    // compiled with the areas that hold them.
    let all = closure(
        &schema,
        areas.iter().flat_map(|(_, s)| {
            let roots: Vec<_> = s
                .types
                .iter()
                .map(|t| (t.clone(), s.derived.contains_key(t)))
                .collect();
            roots
        }),
        Follow::Containment,
        &BTreeMap::new(),
    );
    let mut by_areas: BTreeMap<&BTreeSet<usize>, Vec<&str>> = BTreeMap::new();
    for (name, areas) in &held {
        by_areas.entry(areas).or_default().push(name);
    }
    // Parts named by their single area, `common`, or numbered from the largest.
    let mut shared: Vec<(&BTreeSet<usize>, &Vec<&str>)> = by_areas
        .iter()
        .filter(|(a, _)| a.len() > 1 && a.len() < areas.len())
        .map(|(a, t)| (*a, t))
        .collect();
    shared.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.1.cmp(b.1)));
    let mut gates = Gates::default();
    let mut names = Vec::new();
    for (set, types) in &by_areas {
        let name = if set.len() == areas.len() {
            "common".to_owned()
        } else if set.len() == 1 {
            let area = &areas[*set.iter().next().expect("one area")].0;
            area.feature.replace('-', "_")
        } else {
            let n = shared.iter().position(|(s, _)| s == set).expect("a shared part");
            format!("shared_{:03}", n + 1)
        };
        for t in types.iter() {
            gates.part.insert((*t).to_owned(), names.len());
        }
        gates.parts.push(((*set).clone(), format!("part_{name}")));
        names.push(name);
    }
    let emit::Items { items, warnings, .. } = emit::items(&schema, &all, Some(&gates));
    let plan = shards::plan(&items, SHARD_BUDGET);
    // Each crate's items, by part; the parts whose `cfg` each names.
    let mut bodies: BTreeMap<(usize, usize), Vec<TokenStream>> = BTreeMap::new();
    let mut named: Vec<BTreeSet<String>> = vec![BTreeSet::new(); plan.sizes.len()];
    for (i, (owner, item)) in items.into_iter().enumerate() {
        if let Some(&part) = gates.part.get(&owner)
            && !item.is_empty()
        {
            let shard = plan.shard[i];
            named[shard].insert(gates.parts[part].1.clone());
            named[shard].extend(
                shards::cfgs(&item)
                    .into_iter()
                    .filter(|c| gates.parts.iter().any(|(_, name)| name == c)),
            );
            bodies.entry((shard, part)).or_default().push(item);
        }
    }
    let mut warnings = warnings;
    warnings.splice(0..0, schema.skipped.iter().cloned());
    let parts = bodies
        .into_iter()
        .map(|((shard, part), body)| {
            let (set, _) = &gates.parts[part];
            let name = names[part].clone();
            let features: Vec<String> = set.iter().map(|&a| format!("`{}`", areas[a].0.feature)).collect();
            let header = if set.len() == areas.len() {
                format!(" Types every area holds; generated by graph-resource-gen from {source}. Do not edit; generate again.")
            } else {
                format!(
                    " Types that the areas {} hold; generated by graph-resource-gen from {source}. Do not edit; generate again.",
                    features.join(", ")
                )
            };
            let code = emit::format(quote! {
                #![doc = #header]

                #[allow(unused_imports)]
                use super::*;
                #[allow(unused_imports)]
                use graph_resource::graph_resource;

                #(#body)*
            });
            Part {
                name,
                areas: set.clone(),
                shard,
                code,
            }
        })
        .collect();
    let shards = plan
        .deps
        .into_iter()
        .zip(named)
        .map(|(uses, cfgs)| Shard {
            uses: uses.into_iter().collect(),
            cfgs: cfgs.into_iter().collect(),
        })
        .collect();
    Ok(ByArea {
        areas: areas.into_iter().map(|(a, _)| a).collect(),
        parts,
        shards,
        warnings,
    })
}
