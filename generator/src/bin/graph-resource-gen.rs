//! `graph-resource-gen <metadata.xml> [--type NAME]... [--navigation] [--extern NAME=PATH]... [--path NAME=TEMPLATE]... [--out FILE]`
//!
//! Writes the `#[graph_resource]` models of the named types and every type
//! they need. A name is a type (`deviceManagementScript`, or qualified
//! `microsoft.graph.deviceManagementScript`), a namespace
//! (`microsoft.graph.callRecords.*`) or a prefix (`deviceCompliance*`);
//! without `--type`, every type of the schema. `--extern NAME=PATH` uses
//! the program's type at `PATH` for the type `NAME` instead of generating
//! it (`--extern enrollmentConfigurationAssignment=crate::EnrollmentConfigurationAssignment`).
//! `--path NAME=TEMPLATE` names a collection path of the entity type `NAME`
//! before the ones found in the schema: a type's first is its path type's
//! (`--path enrollmentConfigurationAssignment=/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments`).
//!
//! `graph-resource-gen <metadata.xml> --areas CRATE --module NAME`
//!
//! Writes every type of the schema into the crate at `CRATE` as module
//! `NAME`, compiled by area (a cargo feature per root of the URL space):
//! the module `src/NAME.rs`, which uses the crates of parts it writes in
//! `NAME/01/`, `NAME/02/`, ... (each small enough for one rustc process),
//! the features between the `# areas` and `# end of areas` lines of its
//! `Cargo.toml`, and those crates between the `# parts` and `# end of
//! parts` lines of its `[dependencies]`.

use std::process::ExitCode;

const USAGE: &str = "usage: graph-resource-gen <metadata.xml> [--type NAME]... [--navigation] \
                     [--extern NAME=PATH]... [--path NAME=TEMPLATE]... [--out FILE]\n       \
                     graph-resource-gen <metadata.xml> --areas CRATE --module NAME";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The `NAME=VALUE` after `flag`, split at its first `=`.
fn pair(spec: Option<String>, flag: &str, shape: &str, example: &str) -> Result<(String, String), String> {
    let spec = spec.ok_or(format!("{flag} needs {shape}\n{USAGE}"))?;
    spec.split_once('=')
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .ok_or(format!("{flag} takes {shape}, such as `{example}`; got `{spec}`"))
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut input, mut types, mut out) = (None, Vec::new(), None);
    let mut options = graph_resource_gen::Options::default();
    let (mut areas, mut module) = (None, None);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--type" => types.push(args.next().ok_or(format!("--type needs a name\n{USAGE}"))?),
            "--out" => out = Some(args.next().ok_or(format!("--out needs a file\n{USAGE}"))?),
            "--navigation" => options = options.navigation(true),
            "--extern" => {
                let (name, path) = pair(
                    args.next(),
                    "--extern",
                    "NAME=PATH",
                    "enrollmentConfigurationAssignment=crate::EnrollmentConfigurationAssignment",
                )?;
                options = options.extern_type(name, path);
            }
            "--path" => {
                let (name, template) = pair(args.next(), "--path", "NAME=TEMPLATE", "user=/users")?;
                options = options.path(name, template);
            }
            "--areas" => {
                areas = Some(
                    args.next()
                        .ok_or(format!("--areas needs a crate's directory\n{USAGE}"))?,
                )
            }
            "--module" => module = Some(args.next().ok_or(format!("--module needs a name\n{USAGE}"))?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            flag if flag.starts_with('-') => return Err(format!("unknown option {flag}\n{USAGE}")),
            path if input.is_none() => input = Some(path.to_owned()),
            extra => return Err(format!("one schema at a time: `{extra}` is a second\n{USAGE}")),
        }
    }
    let input = input.ok_or(USAGE)?;
    let xml = std::fs::read_to_string(&input).map_err(|e| format!("cannot read {input}: {e}"))?;
    if let Some(dir) = areas {
        let module = module.ok_or(format!("--areas needs --module NAME\n{USAGE}"))?;
        return write_areas(&xml, &input, std::path::Path::new(&dir), &module);
    }
    let module =
        graph_resource_gen::generate_with(&xml, &types, &input, &options).map_err(|e| e.to_string())?;
    for warning in &module.warnings {
        eprintln!("warning: {warning}");
    }
    match out {
        Some(path) => std::fs::write(&path, &module.code).map_err(|e| format!("cannot write {path}: {e}"))?,
        None => print!("{}", module.code),
    }
    eprintln!("{} types and {} enums generated", module.types, module.enums);
    Ok(())
}

/// Writes the crate's module of areas, its crates of parts, and its
/// features and dependencies.
fn write_areas(xml: &str, input: &str, dir: &std::path::Path, module: &str) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    let cargo =
        std::fs::read_to_string(&manifest).map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    // The schema as the files' headers name it: the file's name alone, so
    // that the output does not depend on where it was run.
    let source = std::path::Path::new(input)
        .file_name()
        .map_or(input.into(), |n| n.to_string_lossy());
    let by_area = graph_resource_gen::by_area(xml, &source).map_err(|e| e.to_string())?;
    for warning in &by_area.warnings {
        eprintln!("warning: {warning}");
    }
    let files = by_area
        .crate_files(module, &source, &cargo)
        .map_err(|e| format!("{}: {e}", manifest.display()))?;
    let missing = |marker: &str, section: &str| {
        format!(
            "{} has no `# {marker}` and `# end of {marker}` lines in its [{section}]",
            manifest.display()
        )
    };
    let cargo = graph_resource_gen::replace_marked(&cargo, "areas", &files.features)
        .ok_or_else(|| missing("areas", "features"))?;
    let cargo = graph_resource_gen::replace_marked(&cargo, "parts", &files.dependencies)
        .ok_or_else(|| missing("parts", "dependencies"))?;
    // Crates of parts that no longer exist go: the folder is the
    // generator's alone.
    let folder = dir.join(module);
    if folder.exists() {
        std::fs::remove_dir_all(&folder).map_err(|e| format!("cannot clear {}: {e}", folder.display()))?;
    }
    for (path, code) in &files.files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    std::fs::write(&manifest, cargo).map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    eprintln!(
        "{} areas in {} parts of {} crates written to {}",
        by_area.areas.len(),
        by_area.parts.len(),
        by_area.shards.len(),
        dir.display()
    );
    Ok(())
}
