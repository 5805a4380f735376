//! `graph-resource-gen <metadata.xml> [--type NAME]... [--navigation] [--out FILE]`
//!
//! Writes the `#[graph_resource]` models of the named types and every type
//! they need. A name is a type (`deviceManagementScript`, or qualified
//! `microsoft.graph.deviceManagementScript`), a namespace
//! (`microsoft.graph.callRecords.*`) or a prefix (`deviceCompliance*`);
//! without `--type`, every type of the schema.

use std::process::ExitCode;

const USAGE: &str = "usage: graph-resource-gen <metadata.xml> [--type NAME]... [--navigation] [--out FILE]";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let (mut input, mut types, mut out, mut navigation) = (None, Vec::new(), None, false);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--type" => types.push(args.next().ok_or(format!("--type needs a name\n{USAGE}"))?),
            "--out" => out = Some(args.next().ok_or(format!("--out needs a file\n{USAGE}"))?),
            "--navigation" => navigation = true,
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
    let module =
        graph_resource_gen::generate_with(&xml, &types, &input, navigation).map_err(|e| e.to_string())?;
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
