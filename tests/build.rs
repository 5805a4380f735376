//! Generates `corpus_resources.rs`: a fixed sample of accepted corpus paths,
//! each as a real `#[graph_resource(path = "...")]` struct, with the URL its
//! path type must render for sample values. `tests/it/corpus_compiled.rs`
//! compiles it (one crate, not one per path) and checks the URLs.

use std::fmt::Write;

#[allow(dead_code, unreachable_pub)]
#[path = "../macros/src/internals/template/mod.rs"]
mod template;

#[allow(dead_code, unreachable_pub)]
#[path = "src/expect.rs"]
mod expect;

/// How many corpus paths are compiled through the attribute.
const SAMPLE: usize = 320;

fn main() {
    println!("cargo::rerun-if-changed=corpus/paths.txt");
    println!("cargo::rerun-if-changed=../macros/src/internals");
    println!("cargo::rerun-if-changed=src/expect.rs");
    let corpus = std::fs::read_to_string("corpus/paths.txt").expect("tests/corpus/paths.txt");
    let mut accepted: Vec<(String, template::Template)> = Vec::new();
    for line in corpus.lines() {
        let path = line
            .split_once(char::is_whitespace)
            .map_or(line, |(_, p)| p.trim());
        if accepted.iter().any(|(p, _)| p == path) {
            continue;
        }
        if let Ok(t) = template::parse(path) {
            accepted.push((path.to_owned(), t));
        }
    }
    // Every k-th accepted path, so that the sample spans the whole corpus;
    // and every path with a quoted key or an item path, the rarer forms.
    let step = accepted.len() / SAMPLE;
    let rare = |t: &template::Template| {
        t.parts.iter().any(|p| {
            matches!(p, template::Part::Param(p) if matches!(p.kind, template::ParamKind::Quoted | template::ParamKind::ItemPath))
        })
    };
    let chosen: Vec<&(String, template::Template)> = accepted
        .iter()
        .enumerate()
        .filter(|(i, (_, t))| i % step == 0 || rare(t))
        .map(|(_, a)| a)
        .collect();

    let mut out = String::new();
    let mut cases = String::new();
    for (i, (path, t)) in chosen.iter().enumerate() {
        // A path that ends in an id names one object (the docs' GET of an
        // item), which the attribute takes as a singleton's path.
        let one = matches!(
            t.parts.last(),
            Some(template::Part::Param(p)) if p.kind == template::ParamKind::Segment
        );
        let (key, render) = if one {
            (", singleton", "ObjectPath")
        } else {
            ("", "ResourcePath")
        };
        writeln!(
            out,
            "#[graph_resource::graph_resource(path = {path:?}{key})]\n#[derive(Debug, Default)]\npub struct R{i} {{ pub id: Option<String> }}\n"
        )
        .unwrap();
        let mut fields = String::new();
        let mut expected = String::new();
        let mut n = 0;
        for part in &t.parts {
            match part {
                template::Part::Literal(s) => expected.push_str(s),
                template::Part::Param(p) => {
                    let value = expect::sample(n);
                    n += 1;
                    let field = graph_resource_naming::rust_field(&p.field);
                    write!(fields, "{field}: {value:?}, ").unwrap();
                    expected.push_str(&expect::encoded(
                        &value,
                        p.kind == template::ParamKind::Quoted,
                        p.kind == template::ParamKind::ItemPath,
                    ));
                }
            }
        }
        let value = if n == 0 {
            format!("R{i}Path")
        } else {
            format!("R{i}Path {{ {fields} }}")
        };
        writeln!(
            cases,
            "        ({path:?}, graph_resource::{render}::render(&{value}), {expected:?}),"
        )
        .unwrap();
    }
    writeln!(
        out,
        "/// (template, what its path type rendered, what it must render)\n\
         pub fn cases() -> Vec<(&'static str, Result<String, graph_resource::odata::InvalidPathValue>, &'static str)> {{\n    vec![\n{cases}    ]\n}}"
    )
    .unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("corpus_resources.rs");
    std::fs::write(dest, out).expect("write the generated resources");
    generate_models();
    generate_beta_excerpt();
}

/// The types asked of the generator, besides those of the corpus payloads
/// that v1.0 has: their closure is compiled by `tests/it/generated.rs`.
const GENERATED: [&str; 5] = [
    "deviceManagement",
    "user",
    "group",
    "deviceCompliancePolicy",
    "enrollmentConfigurationAssignment",
];

/// The seed's family from a beta excerpt, generated for comparison with the
/// hand-written models: `OUT_DIR/beta.rs`, `pub mod beta`.
fn generate_beta_excerpt() {
    graph_resource_gen::Builder::new("corpus/metadata/beta-enrollment-configuration-excerpt.xml")
        .types([
            "deviceEnrollmentConfiguration",
            "enrollmentConfigurationAssignment",
        ])
        .module("beta")
        .generate()
        .expect("the beta excerpt generates");
    // The configurations again, holding the models crate's assignment
    // rather than a generated one: `OUT_DIR/beta_extern.rs`.
    graph_resource_gen::Builder::new("corpus/metadata/beta-enrollment-configuration-excerpt.xml")
        .types(["deviceEnrollmentConfiguration"])
        .extern_type(
            "enrollmentConfigurationAssignment",
            "graph_resource_models::EnrollmentConfigurationAssignment",
        )
        .module("beta_extern")
        .generate()
        .expect("the beta excerpt generates with an extern type");
}

/// The OData types named by `@odata.type` in the corpus payloads.
fn payload_types() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(t) = map.get("@odata.type").and_then(serde_json::Value::as_str) {
                    out.push(t.trim_start_matches('#').to_owned());
                }
                map.values().for_each(|c| walk(c, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir("corpus/payloads").expect("tests/corpus/payloads") {
        let text = std::fs::read_to_string(entry.expect("an entry").path()).expect("a payload");
        if let Ok(value) = serde_json::from_str(&text) {
            walk(&value, &mut out);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Generates `OUT_DIR/v1.rs` (`pub mod v1`) from Graph's v1.0 schema with
/// the `Builder`, as a user's build script would, and beside it
/// `v1_round_trip.rs`: a reader per OData type of it.
fn generate_models() {
    println!("cargo::rerun-if-changed=../generator/src");
    println!("cargo::rerun-if-changed=corpus/payloads");
    let source = "corpus/metadata/graph-v1.0.xml";
    let xml = std::fs::read_to_string(source).expect("tests/corpus/metadata/graph-v1.0.xml");
    let schema = graph_resource_gen::Schema::parse(&xml).expect("the v1.0 schema reads");
    let asked = GENERATED.iter().map(|t| (*t).to_owned()).chain(
        payload_types()
            .into_iter()
            .filter(|t| schema.types.contains_key(t)),
    );
    let module = graph_resource_gen::Builder::new(source)
        .types(asked)
        .module("v1")
        .generate()
        .expect("the v1.0 schema generates")
        .module;
    let mut body = String::new();
    // A reader per OData type: read through its Rust type, written back.
    body.push_str("/// Reads `value` as the generated type of `odata_type`, and writes it back.\n");
    body.push_str("pub fn round_trip(odata_type: &str, value: serde_json::Value) -> Option<Result<serde_json::Value, String>> {\n");
    body.push_str("    fn through<T: serde::Serialize + serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<serde_json::Value, String> {\n");
    body.push_str("        let read: T = serde_json::from_value(value).map_err(|e| e.to_string())?;\n");
    body.push_str("        serde_json::to_value(&read).map_err(|e| e.to_string())\n    }\n");
    body.push_str("    Some(match odata_type {\n");
    for (odata, rust) in &module.readers {
        body.push_str(&format!("        {odata:?} => through::<v1::{rust}>(value),\n"));
    }
    body.push_str("        _ => return None,\n    })\n}\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("v1_round_trip.rs");
    std::fs::write(dest, body).expect("write the generated models");
}
