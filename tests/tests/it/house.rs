//! The runtime's floor plan, read from its source: three layers in three
//! folders (`odata`, `http`, `ops`), each importing only from itself and
//! the layers below; every module naming what it imports by the module that
//! defines it, never through the crate root; and no import cycle between
//! modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [&str; 3] = ["odata", "http", "ops"];

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            rust_files(&entry.unwrap().path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

/// The code of a file without its comments: doc links name other modules
/// without importing them.
fn code(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn ident_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first two segments of each `crate::` path: `crate::http::error::X`
/// → `["http", "error"]`, `crate::http::BoxFuture` → `["http",
/// "BoxFuture"]`; `crate::{Client, Error}` → `["Client"]`, `["Error"]`.
fn crate_paths(source: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    for (at, _) in source.match_indices("crate::") {
        let rest = &source[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            paths.extend(group.split(',').map(|n| vec![ident_at(n.trim()).to_owned()]));
            continue;
        }
        let first = ident_at(rest);
        let mut path = vec![first.to_owned()];
        if let Some(next) = rest[first.len()..].strip_prefix("::") {
            let second = ident_at(next);
            if !second.is_empty() {
                path.push(second.to_owned());
            }
        }
        paths.push(path);
    }
    paths.retain(|p| !p[0].is_empty());
    paths
}

/// `runtime/src/http/auth/cache.rs` → `http::auth`; a layer's own
/// `mod.rs` → `http`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let parts: Vec<String> = file
        .strip_prefix(src)
        .unwrap()
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if !LAYERS.contains(&parts[0].as_str()) {
        return None;
    }
    Some(match parts.get(1).map(String::as_str) {
        None | Some("mod") => parts[0].clone(),
        Some(module) => format!("{}::{module}", parts[0]),
    })
}

/// The module a path names: `["http", "error"]` → `http::error`;
/// `["http", "BoxFuture"]` (an item of the layer's own module) → `http`.
fn target_of(path: &[String]) -> String {
    match path.get(1) {
        Some(second) if second.starts_with(|c: char| c.is_ascii_lowercase()) => {
            format!("{}::{second}", path[0])
        }
        _ => path[0].clone(),
    }
}

fn layer_index(module: &str) -> usize {
    let layer = module.split("::").next().unwrap();
    LAYERS.iter().position(|l| *l == layer).unwrap()
}

/// Every module of the three layers, with the modules it imports from.
fn import_graph() -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let edges = graph.entry(module.clone()).or_default();
        for path in crate_paths(&code(file)) {
            let shown = format!(
                "{}: crate::{}",
                file.strip_prefix(&src).unwrap().display(),
                path.join("::")
            );
            if !LAYERS.contains(&path[0].as_str()) {
                problems.push(format!("{shown} imports through the crate root"));
                continue;
            }
            let target = target_of(&path);
            if layer_index(&target) > layer_index(&module) {
                problems.push(format!("{shown}: `{module}` reaches up into `{target}`"));
            }
            if target != module {
                edges.insert(target);
            }
        }
    }
    (graph, problems)
}

#[test]
fn each_layer_imports_from_itself_and_below_and_never_through_the_root() {
    let (graph, problems) = import_graph();
    for layer in LAYERS {
        let modules = graph
            .keys()
            .filter(|m| m.starts_with(&format!("{layer}::")))
            .count();
        assert!(
            modules >= 5,
            "the layer `{layer}` has {modules} modules: {graph:?}"
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn runtime_modules_import_without_cycles() {
    let (graph, _) = import_graph();
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
fn the_reader_of_crate_paths_sees_every_form() {
    let paths = crate_paths(
        "use crate::http::error::{ApiError};\nuse crate::{Client, Error};\nlet x = crate::http::retry::x();\ncrate::http::BoxFuture",
    );
    assert_eq!(
        paths,
        [
            vec!["http", "error"],
            vec!["Client"],
            vec!["Error"],
            vec!["http", "retry"],
            vec!["http", "BoxFuture"]
        ]
    );
    assert_eq!(target_of(&paths[4]), "http");
    assert_eq!(target_of(&paths[0]), "http::error");
}
