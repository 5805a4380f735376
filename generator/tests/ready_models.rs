//! The ready-made v1.0 models in `graph-resource-models`, and its beta
//! assignment targets, are this generator's output, byte for byte:
//! regenerate them with
//! `graph-resource-gen tests/corpus/metadata/graph-v1.0.xml --areas models --module v1`
//! and the command the beta test names.

use std::collections::BTreeSet;
use std::path::Path;

use graph_resource_gen::{Options, by_area, replace_marked};

const REGENERATE: &str = "regenerate with `cargo run -p graph-resource-gen -- tests/corpus/metadata/graph-v1.0.xml --areas models --module v1`";

fn repo() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

#[test]
fn the_models_crate_holds_the_generators_output_byte_for_byte() {
    let xml = std::fs::read_to_string(repo().join("tests/corpus/metadata/graph-v1.0.xml")).unwrap();
    let by_area = by_area(&xml, "graph-v1.0.xml").unwrap();
    let models = repo().join("models");
    let manifest = std::fs::read_to_string(models.join("Cargo.toml")).unwrap();
    let files = by_area.crate_files("v1", "graph-v1.0.xml", &manifest).unwrap();
    for (path, code) in &files.files {
        let on_disk = std::fs::read_to_string(models.join(path))
            .unwrap_or_else(|e| panic!("models/{path}: {e}; {REGENERATE}"));
        assert!(
            on_disk == *code,
            "models/{path} is not the generator's output; {REGENERATE}"
        );
    }
    // No file left over from an earlier schema.
    let written: BTreeSet<String> = files.files.iter().map(|(p, _)| p.clone()).collect();
    let mut on_disk = Vec::new();
    files_under(&models.join("v1"), "v1", &mut on_disk);
    for path in on_disk {
        assert!(
            written.contains(&path),
            "models/{path} is not generated; {REGENERATE}"
        );
    }
    let regenerated = replace_marked(&manifest, "areas", &files.features)
        .and_then(|m| replace_marked(&m, "parts", &files.dependencies));
    assert_eq!(
        regenerated.as_deref(),
        Some(manifest.as_str()),
        "models/Cargo.toml's features and crates of parts are not the generator's; {REGENERATE}"
    );
}

/// Every file under `dir`, as `prefix/...`.
fn files_under(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.file_type().unwrap().is_dir() {
            files_under(&entry.path(), &path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn each_crate_of_parts_names_only_the_crates_before_it() {
    let xml = std::fs::read_to_string(repo().join("tests/corpus/metadata/graph-v1.0.xml")).unwrap();
    let by_area = by_area(&xml, "graph-v1.0.xml").unwrap();
    // Navigation names stand-ins, each read as its type where that type is.
    let code: String = by_area.parts.iter().map(|p| p.code.as_str()).collect();
    assert!(code.contains("pub manager: Option<graph_resource::Expanded<nav::AnyDirectoryObject>>,"));
    assert!(by_area.nav.contains("pub enum AnyDirectoryObject {}"));
    // `entity`, the base of every entity type, is read as its struct: an
    // enum of all 1,147 would be a gigabyte for one rustc.
    assert!(code.contains("#[graph_resource(odata_type = \"#microsoft.graph.entity\", base)]"));
    assert!(code.contains("pub struct Entity {"));
    assert!(!code.contains("pub enum Entity {"));
    assert!(
        code.contains("pub enum SecurityAuditData {"),
        "a family within bounds stays an enum"
    );
    // Each part's code without the spaces and trailing commas the
    // formatter may break an impl with.
    let flat = |code: &str| code.split_whitespace().collect::<String>().replace(",>", ">");
    let parts: Vec<String> = by_area.parts.iter().map(|p| flat(&p.code)).collect();
    for stand_in in by_area.nav.lines().filter_map(|l| l.strip_prefix("pub enum ")) {
        let name = stand_in.strip_suffix(" {}").unwrap();
        let resolve = flat(&format!(
            "impl graph_resource::odata::Resolve<{name}> for nav::{name} {{}}"
        ));
        let holder = parts
            .iter()
            .find(|p| p.contains(&resolve))
            .unwrap_or_else(|| panic!("no {resolve}"));
        assert!(
            holder.contains(&format!("pubenum{name}{{")) || holder.contains(&format!("pubstruct{name}{{")),
            "{name}'s Resolve is not beside it"
        );
    }
    assert!(by_area.shards.len() > 1, "{}", by_area.shards.len());
    for (k, shard) in by_area.shards.iter().enumerate() {
        assert!(
            shard.uses.iter().all(|&d| d < k),
            "crate {k} uses {:?}",
            shard.uses
        );
        // Every part it compiles has its `cfg` set by its build script.
        for part in by_area.parts.iter().filter(|p| p.shard == k) {
            assert!(
                shard.cfgs.contains_key(&format!("part_{}", part.name)),
                "{}",
                part.name
            );
        }
    }
}

/// The seed's beta family in `models/src/beta.rs`: the enrollment
/// configurations, their assignments, the assignments' targets and sources.
const BETA_SOURCE: &str = "tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml";
const BETA_TYPES: [&str; 4] = [
    "deviceAndAppManagementAssignmentTarget",
    "deviceAndAppManagementAssignmentSource",
    "deviceEnrollmentConfiguration",
    "enrollmentConfigurationAssignment",
];
/// The configurations' address in the docs first; the assignments' in the
/// seed's page first, spelled as it spells it (`{usersId}`).
const BETA_PATHS: [(&str, &str); 4] = [
    (
        "deviceEnrollmentConfiguration",
        "/deviceManagement/deviceEnrollmentConfigurations",
    ),
    (
        "deviceEnrollmentConfiguration",
        "/users/{usersId}/deviceEnrollmentConfigurations",
    ),
    (
        "enrollmentConfigurationAssignment",
        "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments",
    ),
    (
        "enrollmentConfigurationAssignment",
        "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments",
    ),
];

#[test]
fn the_models_crates_beta_types_are_the_generators_output_byte_for_byte() {
    let xml = std::fs::read_to_string(repo().join(BETA_SOURCE)).unwrap();
    let types: Vec<String> = BETA_TYPES.iter().map(|t| (*t).to_owned()).collect();
    let options = BETA_PATHS
        .iter()
        .fold(Options::default(), |o, (t, path)| o.path(*t, *path));
    let module = graph_resource_gen::generate_with(&xml, &types, BETA_SOURCE, &options).unwrap();
    let on_disk = std::fs::read_to_string(repo().join("models/src/beta.rs")).unwrap();
    let paths: String = BETA_PATHS
        .iter()
        .map(|(t, p)| format!(" --path '{t}={p}'"))
        .collect();
    assert!(
        on_disk == module.code,
        "models/src/beta.rs is not the generator's output; regenerate with `cargo run -p graph-resource-gen -- {BETA_SOURCE} --type {}{paths} --out models/src/beta.rs`",
        BETA_TYPES.join(" --type ")
    );
    // The names the seed's code, the DESIGN and the README use.
    for name in [
        "pub enum DeviceAndAppManagementAssignmentTarget {",
        "pub struct GroupAssignmentTarget {",
        "pub enum DeviceAndAppManagementAssignmentSource {",
        "pub struct EnrollmentConfigurationAssignment {",
        "path = \"/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments\"",
        "pub enum DeviceEnrollmentConfiguration {",
        "pub struct AssignDeviceEnrollmentConfiguration {",
    ] {
        assert!(module.code.contains(name), "{name}");
    }
    // What the service computes is read and never written.
    let created = module.code.find("pub created_date_time").unwrap();
    assert!(
        module.code[..created].ends_with("#[graph(read_only)]\n    "),
        "createdDateTime is read-only"
    );
}

#[test]
fn each_area_is_a_root_of_the_url_space_and_each_type_is_in_one_part() {
    let xml = std::fs::read_to_string(repo().join("tests/corpus/metadata/graph-v1.0.xml")).unwrap();
    let by_area = by_area(&xml, "graph-v1.0.xml").unwrap();
    let feature = |f: &str| by_area.areas.iter().find(|a| a.feature == f).unwrap();
    // `/me` is a user: one area with `/users`.
    assert_eq!(feature("users").roots, ["users", "me"]);
    assert_eq!(feature("device-management").roots, ["deviceManagement"]);
    // Device management holds its own policies and not, say, Outlook's mail.
    let dm = by_area
        .areas
        .iter()
        .position(|a| a.feature == "device-management")
        .unwrap();
    let compiled: String = by_area
        .parts
        .iter()
        .filter(|p| p.areas.contains(&dm))
        .map(|p| p.code.as_str())
        .collect();
    assert!(compiled.contains("pub struct Windows10CompliancePolicy "));
    assert!(compiled.contains("path = \"/deviceManagement/deviceCompliancePolicies\""));
    assert!(
        !compiled.contains("pub struct Message "),
        "mail is not device management's"
    );
    // Every type is defined once, in all the parts.
    let mut defined = BTreeSet::new();
    for part in &by_area.parts {
        for line in part.code.lines() {
            if let Some(name) = line
                .strip_prefix("pub struct ")
                .or_else(|| line.strip_prefix("pub enum "))
            {
                let name = name.split([' ', '{', '(']).next().unwrap().to_owned();
                assert!(defined.insert(name.clone()), "{name} is defined twice");
            }
        }
    }
    assert!(defined.len() > 3800, "{}", defined.len());
}
