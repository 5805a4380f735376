//! Which types to generate: the ones asked for, and every type they need.

use std::collections::{BTreeMap, BTreeSet};

use crate::Options;
use crate::case::upper_first;
use crate::csdl::{Schema, SchemaError};
use crate::paths::check_address;

/// The types to generate, by qualified name, and which of them are
/// polymorphic (they have derived types among them). The actions and
/// functions bound to them come with them.
#[derive(Debug, Default)]
pub struct Selection {
    /// Entity and complex types.
    pub types: BTreeSet<String>,
    /// Enum types.
    pub enums: BTreeSet<String>,
    /// For each type with derived types in the selection: all of them,
    /// transitively, in name order.
    pub derived: BTreeMap<String, Vec<String>>,
    /// Types with derived types that are read as their own struct, which
    /// keeps a derived item's `@odata.type` and its other properties in
    /// `extra`, rather than as an enum of them all: `entity`, the base of
    /// every entity type, when every type is generated.
    pub read_as_base: BTreeSet<String>,
    /// Types not generated, used through a Rust path of the program's own
    /// (`crate::EnrollmentConfigurationAssignment`), by qualified name.
    pub externs: BTreeMap<String, String>,
    /// The collection paths a program named for a type, by qualified name,
    /// in its order: the first is the path of the type's path type, in
    /// place of the one the generator would find first.
    pub paths: BTreeMap<String, Vec<String>>,
}

/// Resolves what was asked for, each a type name (`user`, or qualified
/// `microsoft.graph.user`), a namespace (`microsoft.graph.callRecords.*`)
/// or a prefix of names (`deviceManagement*`), and takes its closure: base
/// types, the types of structural properties, and the derived types of
/// every type that is asked for or is a property's type. With
/// `options.navigation`, navigation properties' types are taken too;
/// `options`' externs are left out, and its paths checked against the
/// schema.
///
/// # Errors
///
/// A name that matches no type, with the nearest names; an extern that
/// does not name one type, whose path is not a Rust path, or that a
/// generated type derives from; a path for a type that is not generated,
/// or that is not a collection of the type in the schema.
pub fn select(schema: &Schema, asked: &[String], options: &Options) -> Result<Selection, SchemaError> {
    let navigation = options.navigation;
    let externs = resolve_externs(schema, &options.externs)?;
    let mut roots = BTreeSet::new();
    for name in asked {
        let matched = matches(schema, name);
        if matched.is_empty() {
            return Err(SchemaError(format!(
                "no type in the schema is named `{name}`; the nearest are {}",
                nearest(schema, name).join(", ")
            )));
        }
        roots.extend(matched);
    }
    let follow = if navigation {
        Follow::All
    } else {
        Follow::Structure
    };
    roots.retain(|r| !externs.contains_key(r));
    let mut selection = closure(schema, roots.into_iter().map(|r| (r, true)), follow, &externs);
    // A generated struct holds its base's properties through the base's
    // struct, which an extern type cannot promise to be.
    for name in &selection.types {
        if let Some(base) = schema.types.get(name).and_then(|t| t.base.as_ref())
            && externs.contains_key(base)
        {
            return Err(SchemaError(format!(
                "`{}` derives from `{}`, which is extern: generate `{}` too, or make `{}` extern as well",
                short(name),
                short(base),
                short(base),
                short(name)
            )));
        }
    }
    selection.externs = externs;
    selection.paths = resolve_paths(schema, &selection, &options.paths)?;
    Ok(selection)
}

/// Each named path's type, qualified, with the path checked against the
/// schema.
fn resolve_paths(
    schema: &Schema,
    selection: &Selection,
    paths: &[(String, String)],
) -> Result<BTreeMap<String, Vec<String>>, SchemaError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, template) in paths {
        let one = &one_type(
            schema,
            name,
            ("entity type", "a path is an entity type's"),
            "a path is one type's",
        )?;
        if !selection.types.contains(one) {
            return Err(SchemaError(format!(
                "a path is given for `{name}`, which is not generated: ask for it as a type too"
            )));
        }
        check_address(schema, one, template)
            .map_err(|why| SchemaError(format!("the path for `{name}`: {why}")))?;
        let given = out.entry(one.clone()).or_default();
        if !given.contains(template) {
            given.push(template.clone());
        }
    }
    Ok(out)
}

/// Each extern's type, qualified, with its Rust path checked.
fn resolve_externs(
    schema: &Schema,
    externs: &[(String, String)],
) -> Result<BTreeMap<String, String>, SchemaError> {
    let mut out = BTreeMap::new();
    for (name, path) in externs {
        let one = &one_type(
            schema,
            name,
            ("entity or complex type", "an extern names one"),
            "an extern names one type",
        )?;
        if syn::parse_str::<syn::Path>(path).is_err() {
            return Err(SchemaError(format!(
                "`{path}` is not a Rust path: give the type that `{name}` is, e.g. `crate::models::{}`",
                upper_first(short(one))
            )));
        }
        out.insert(one.clone(), path.clone());
    }
    Ok(out)
}

/// The one entity or complex type that `name` names, qualified; else an
/// error that says what a name of this role must name (`(kind, why)` when
/// it names none, with the nearest names; `one` when it names several).
fn one_type(
    schema: &Schema,
    name: &str,
    (kind, why): (&str, &str),
    one: &str,
) -> Result<String, SchemaError> {
    let mut matched: Vec<String> = matches(schema, name)
        .into_iter()
        .filter(|m| schema.types.contains_key(m))
        .collect();
    match matched.len() {
        1 => Ok(matched.remove(0)),
        0 => Err(SchemaError(format!(
            "no {kind} is named `{name}` ({why}); the nearest are {}",
            nearest(schema, name).join(", ")
        ))),
        n => Err(SchemaError(format!("`{name}` names {n} types: {one}"))),
    }
}

/// Which properties a closure goes through, besides structural ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Follow {
    /// Structural properties only.
    Structure,
    /// And navigation properties that contain their targets (what is
    /// addressed through a type: `/deviceManagement/deviceCompliancePolicies`).
    Containment,
    /// And every navigation property.
    All,
}

/// The closure of `roots` (each with whether its derived types are wanted):
/// base types, the types of the properties `follow` names (with their
/// derived types), and the parameters and results of the operations bound
/// to any of them; `externs` are neither taken nor entered.
pub(crate) fn closure(
    schema: &Schema,
    roots: impl IntoIterator<Item = (String, bool)>,
    follow: Follow,
    externs: &BTreeMap<String, String>,
) -> Selection {
    // Derived types, by base.
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for t in schema.types.values() {
        if let Some(base) = &t.base {
            children.entry(base.as_str()).or_default().push(t.name.as_str());
        }
    }
    let mut selection = Selection::default();
    // (name, whether its derived types are wanted)
    let mut work: Vec<(String, bool)> = roots.into_iter().collect();
    let mut expanded = BTreeSet::new();
    // The actions and functions bound to the selected types bring their
    // parameters' and results' types, which may bind more: until none is new.
    let mut operations_seen = BTreeSet::new();
    loop {
        while let Some((name, with_derived)) = work.pop() {
            if schema.enums.contains_key(&name) {
                selection.enums.insert(name);
                continue;
            }
            let Some(t) = schema.types.get(&name) else {
                continue;
            };
            // A program's own type: used, not generated, and not entered.
            if externs.contains_key(&name) {
                continue;
            }
            let first = selection.types.insert(name.clone());
            if with_derived && expanded.insert(name.clone()) {
                for child in children.get(name.as_str()).into_iter().flatten() {
                    work.push(((*child).to_owned(), true));
                }
            }
            if !first {
                continue;
            }
            if let Some(base) = &t.base {
                work.push((base.clone(), false));
            }
            for p in &t.properties {
                let followed = match follow {
                    Follow::Structure => !p.navigation,
                    Follow::Containment => !p.navigation || p.contains_target,
                    Follow::All => true,
                };
                if p.type_name.starts_with("Edm.") || !followed {
                    continue;
                }
                work.push((p.type_name.clone(), true));
            }
        }
        let mut more = false;
        for (i, op) in schema.operations.iter().enumerate() {
            let bound_here = op
                .bound
                .as_ref()
                .is_some_and(|(t, _)| selection.types.contains(t));
            if !bound_here || !operations_seen.insert(i) {
                continue;
            }
            for p in &op.parameters {
                if !p.type_name.starts_with("Edm.") {
                    work.push((p.type_name.clone(), true));
                    more = true;
                }
            }
            if let Some((t, _)) = &op.returns
                && !t.starts_with("Edm.")
            {
                work.push((t.clone(), true));
                more = true;
            }
        }
        if !more {
            break;
        }
    }
    // Every type whose derived types were taken (not a base reached only as
    // a base): its derived types, transitively.
    for name in &expanded {
        let mut all = Vec::new();
        let mut stack: Vec<&str> = children.get(name.as_str()).cloned().unwrap_or_default();
        while let Some(child) = stack.pop() {
            if selection.types.contains(child) {
                all.push(child.to_owned());
                stack.extend(children.get(child).into_iter().flatten());
            }
        }
        if !all.is_empty() {
            all.sort();
            selection.derived.insert(name.clone(), all);
        }
    }
    selection
}

/// The qualified names that `asked` names.
fn matches(schema: &Schema, asked: &str) -> Vec<String> {
    let all = schema.types.keys().chain(schema.enums.keys());
    if let Some(prefix) = asked.strip_suffix('*') {
        return all
            .filter(|n| n.starts_with(prefix) || short(n).starts_with(prefix))
            .cloned()
            .collect();
    }
    all.filter(|n| {
        *n == asked || (short(n) == asked && n.starts_with("microsoft.graph.") && n.matches('.').count() == 2)
    })
    .cloned()
    .collect()
}

/// `microsoft.graph.user` → `user`.
pub(crate) fn short(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// The three names closest to `asked`, by edit distance.
fn nearest(schema: &Schema, asked: &str) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = schema
        .types
        .keys()
        .chain(schema.enums.keys())
        .map(|n| {
            (
                distance(&short(n).to_lowercase(), &asked.to_lowercase()),
                short(n),
            )
        })
        .collect();
    scored.sort();
    scored.iter().take(3).map(|(_, n)| format!("`{n}`")).collect()
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}
