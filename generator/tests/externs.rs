//! Types a program has already (`extern_type`, `--extern`): used by their
//! path, not generated, and refused where they cannot stand.

use graph_resource_gen::{Options, generate_with};

fn excerpt() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml"
    ))
    .unwrap()
}

fn asked(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

#[test]
fn an_extern_type_is_used_by_its_path_and_not_generated() {
    let options = Options::default().extern_type(
        "enrollmentConfigurationAssignment",
        "crate::EnrollmentConfigurationAssignment",
    );
    let module = generate_with(
        &excerpt(),
        &asked(&["deviceEnrollmentConfiguration"]),
        "x",
        &options,
    )
    .unwrap();
    let code = &module.code;
    assert!(
        code.contains(
            "pub assignments: Option<\n        graph_resource::Expanded<Vec<crate::EnrollmentConfigurationAssignment>>,"
        ),
        "{code}"
    );
    assert!(
        !code.contains("pub struct EnrollmentConfigurationAssignment"),
        "{code}"
    );
    // Nor is what only it needs: its targets and their source.
    assert!(
        !code.contains("pub enum DeviceAndAppManagementAssignmentSource"),
        "{code}"
    );
    // Without the extern, the assignment is generated (the configurations'
    // `assign` action takes assignments), and the property holds that one.
    let without = generate_with(
        &excerpt(),
        &asked(&["deviceEnrollmentConfiguration"]),
        "x",
        &Options::default(),
    )
    .unwrap();
    assert!(
        without
            .code
            .contains("pub assignments: Option<\n        graph_resource::Expanded<Vec<EnrollmentConfigurationAssignment>>,"),
        "{}",
        without.code
    );
    assert!(
        without
            .code
            .contains("pub struct EnrollmentConfigurationAssignment {")
    );
    // Asked for and extern: extern wins, as the program has it.
    let both = generate_with(
        &excerpt(),
        &asked(&[
            "deviceEnrollmentConfiguration",
            "enrollmentConfigurationAssignment",
        ]),
        "x",
        &options,
    )
    .unwrap();
    assert!(!both.code.contains("pub struct EnrollmentConfigurationAssignment"));
}

#[test]
fn an_extern_that_cannot_stand_is_a_clear_error() {
    let err = |options: Options, names: &[&str]| {
        generate_with(&excerpt(), &asked(names), "x", &options)
            .unwrap_err()
            .to_string()
    };
    let unknown = err(
        Options::default().extern_type("enrolmentConfigurationAssignment", "crate::A"),
        &["deviceEnrollmentConfiguration"],
    );
    assert!(
        unknown.contains("no entity or complex type is named `enrolmentConfigurationAssignment`")
            && unknown.contains("`enrollmentConfigurationAssignment`"),
        "{unknown}"
    );
    let many = err(
        Options::default().extern_type("deviceEnrollment*", "crate::A"),
        &["enrollmentConfigurationAssignment"],
    );
    assert!(many.contains("an extern names one type"), "{many}");
    let path = err(
        Options::default().extern_type("enrollmentConfigurationAssignment", "crate::not a path"),
        &["deviceEnrollmentConfiguration"],
    );
    assert!(
        path.contains("`crate::not a path` is not a Rust path")
            && path.contains("crate::models::EnrollmentConfigurationAssignment"),
        "{path}"
    );
    let base = err(
        Options::default().extern_type("deviceEnrollmentConfiguration", "crate::Configuration"),
        &["deviceEnrollmentLimitConfiguration"],
    );
    assert!(
        base.contains("`deviceEnrollmentLimitConfiguration` derives from `deviceEnrollmentConfiguration`, which is extern"),
        "{base}"
    );
}

#[test]
fn the_binary_takes_externs() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_graph-resource-gen"))
        .args([
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml"
            ),
            "--type",
            "deviceEnrollmentConfiguration",
            "--extern",
            "enrollmentConfigurationAssignment=crate::Assignment",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let code = String::from_utf8(out.stdout).unwrap();
    assert!(code.contains("Vec<crate::Assignment>"), "{code}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_graph-resource-gen"))
        .args(["x.xml", "--extern", "noEquals"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--extern takes NAME=PATH"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
}
