//! The runtime's modules import one another without cycles: reading
//! `crate::` paths in each top-level module's files, with the root's
//! re-exports (`crate::Error`) resolved to the module that defines them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn rust_files(path: &Path, out: &mut Vec<String>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        // Doc links name other modules without importing them.
        let code: String = std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| format!("{l}\n"))
            .collect();
        out.push(code);
    }
}

fn ident_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The names a `crate::` path starts with: `crate::error::X` → `error`,
/// `crate::{Client, Error}` → `Client`, `Error`.
fn crate_references(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            names.extend(group.split(',').map(|n| ident_at(n.trim()).to_owned()));
        } else {
            names.push(ident_at(rest).to_owned());
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

#[test]
fn runtime_modules_import_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    // `pub use module::{A, B};` at the root: A and B live in `module`.
    let mut defined_in: BTreeMap<String, String> = BTreeMap::new();
    for statement in lib.split("pub use ").skip(1) {
        let statement = &statement[..statement.find(';').unwrap_or(statement.len())];
        let module = ident_at(statement);
        for name in statement[module.len()..].split([',', '{', '}', ':', ' ', '\n']) {
            if !name.is_empty() && name != "self" {
                defined_in.insert(name.to_owned(), module.to_owned());
            }
        }
    }
    let mut modules: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "lib" {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&path, &mut files);
        modules
            .entry(name)
            .or_default()
            .extend(files.iter().flat_map(|f| crate_references(f)));
    }
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let graph: BTreeMap<String, BTreeSet<String>> = modules
        .into_iter()
        .map(|(module, refs)| {
            let edges = refs
                .into_iter()
                .filter_map(|r| {
                    if names.contains(&r) {
                        Some(r)
                    } else {
                        defined_in.get(&r).cloned()
                    }
                })
                .filter(|target| *target != module)
                .collect();
            (module, edges)
        })
        .collect();
    assert!(graph.len() >= 10, "{graph:?}");
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("an import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn the_reader_of_crate_paths_sees_both_forms() {
    let refs = crate_references(
        "use crate::error::{ApiError};\nuse crate::{Client, Error};\nlet x = crate::retry::x();",
    );
    assert_eq!(refs, ["error", "Client", "Error", "retry"]);
}
