//! Paths a program names for a type (`Options::path`, `--path`): first, in
//! its order and spelling, in place of the same addresses found in the
//! schema; and refused, with what is wrong, when the schema has no such
//! collection of the type.

use graph_resource_gen::{Options, generate_with};

fn excerpt() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml"
    ))
    .unwrap()
}

fn generate(options: &Options) -> Result<String, String> {
    let asked = ["enrollmentConfigurationAssignment".to_owned()];
    generate_with(&excerpt(), &asked, "x", options)
        .map(|m| m.code)
        .map_err(|e| e.to_string())
}

const SEED: &str =
    "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments";

#[test]
fn a_named_path_comes_first_spelled_as_named_and_replaces_the_same_address() {
    // Found in the schema: the path through the `users` entity set, with
    // the generator's placeholder `{userId}`, and the one through
    // `deviceManagement`.
    let found = generate(&Options::default()).unwrap();
    assert!(
        found.contains(
            "path = \"/users/{userId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments\""
        ),
        "{found}"
    );
    // Named: it is the path type's, with the named placeholder, and the
    // generator's spelling of the same address is gone.
    let named = generate(&Options::default().path("enrollmentConfigurationAssignment", SEED)).unwrap();
    assert!(named.contains(&format!("path = \"{SEED}\"")), "{named}");
    assert!(!named.contains("{userId}"), "{named}");
    // Two named, the second first: the order is the program's.
    let dm = "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments";
    let both = generate(
        &Options::default()
            .path("enrollmentConfigurationAssignment", dm)
            .path("enrollmentConfigurationAssignment", SEED),
    )
    .unwrap();
    assert!(both.contains(&format!("path = \"{dm}\"")), "{both}");
    assert!(
        both.contains(&format!("\"{SEED}\";")),
        "the other is a graph_path!: {both}"
    );
    // An operation bound to a type is on the first path of its type.
    let configurations = generate_with(
        &excerpt(),
        &["deviceEnrollmentConfiguration".to_owned()],
        "x",
        &Options::default().path(
            "deviceEnrollmentConfiguration",
            "/deviceManagement/deviceEnrollmentConfigurations",
        ),
    )
    .unwrap()
    .code;
    assert!(
        configurations.contains(
            "action = \"/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assign\""
        ),
        "{configurations}"
    );
}

#[test]
fn a_path_the_schema_does_not_have_is_an_error_that_says_where() {
    let refused = |name: &str, path: &str| generate(&Options::default().path(name, path)).unwrap_err();
    let e = refused(
        "enrollmentConfigurationAssignment",
        "/groups/{groupId}/assignments",
    );
    assert!(e.contains("`groups`, which is no entity set or singleton"), "{e}");
    let e = refused(
        "enrollmentConfigurationAssignment",
        "/users/{usersId}/managedDevices/{id}/assignments",
    );
    assert!(
        e.contains("`user` has no containment navigation property `managedDevices`"),
        "{e}"
    );
    let e = refused(
        "enrollmentConfigurationAssignment",
        "/users/deviceEnrollmentConfigurations/{id}/assignments",
    );
    assert!(
        e.contains("an item's placeholder goes there, such as `{userId}`"),
        "{e}"
    );
    let e = refused(
        "enrollmentConfigurationAssignment",
        "/deviceManagement/deviceEnrollmentConfigurations",
    );
    assert!(
        e.contains("is a collection of `deviceEnrollmentConfiguration`, not a collection of `enrollmentConfigurationAssignment`"),
        "{e}"
    );
    let e = refused("enrollmentConfigurationAssignment", "users");
    assert!(e.contains("does not start with `/`"), "{e}");
    let e = refused("enrolmentConfigurationAssignment", SEED);
    assert!(
        e.contains("the nearest are `enrollmentConfigurationAssignment`"),
        "{e}"
    );
    // A type that is not generated has no path to take.
    let e = refused(
        "deviceEnrollmentLimitConfiguration",
        "/deviceManagement/deviceEnrollmentConfigurations",
    );
    assert!(e.contains("not generated: ask for it as a type too"), "{e}");
}

#[test]
fn the_binary_takes_paths() {
    let dir = std::env::temp_dir().join(format!("graph-resource-gen-paths-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.rs");
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml"
    );
    let run = |path: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_graph-resource-gen"))
            .args([
                schema,
                "--type",
                "enrollmentConfigurationAssignment",
                "--path",
                path,
                "--out",
            ])
            .arg(&out)
            .output()
            .unwrap()
    };
    let ok = run(&format!("enrollmentConfigurationAssignment={SEED}"));
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains(&format!("path = \"{SEED}\""))
    );
    let bad = run("enrollmentConfigurationAssignment");
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("--path takes NAME=TEMPLATE"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    std::fs::remove_dir_all(&dir).ok();
}
