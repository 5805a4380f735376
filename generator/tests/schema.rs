//! The generator on Graph's published v1.0 schema, and on bad input.

use graph_resource_gen::{Schema, generate};

fn v1() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/graph-v1.0.xml"
    ))
    .expect("tests/corpus/metadata/graph-v1.0.xml")
}

#[test]
fn the_whole_v1_schema_generates_the_same_bytes_every_time() {
    let xml = v1();
    let schema = Schema::parse(&xml).unwrap();
    let entities = schema.types.values().filter(|t| t.entity).count();
    assert_eq!(
        (entities, schema.types.len() - entities, schema.enums.len()),
        (1182, 1780, 861),
        "the schema's own counts"
    );
    let all = generate(&xml, &["*".to_owned()], "graph-v1.0.xml").unwrap();
    assert_eq!((all.types, all.enums), (2962, 861));
    // Functions whose parameters a URL cannot carry are named and skipped.
    assert!(
        all.warnings.iter().all(|w| w.contains("skipped")),
        "{:?}",
        all.warnings
    );
    let again = generate(&xml, &["*".to_owned()], "graph-v1.0.xml").unwrap();
    assert!(all.code == again.code, "regenerating gives the same bytes");
    // Graph's exact names, capitals kept; keywords as raw identifiers.
    assert!(all.code.contains("pub struct MacOSMinimumOperatingSystem {"));
    assert!(
        all.code
            .contains("odata_type = \"#microsoft.graph.macOSMinimumOperatingSystem\"")
    );
    assert!(all.code.contains("pub r#type: "));
}

#[test]
fn a_closure_holds_bases_property_types_and_derived_types() {
    let module = generate(&v1(), &["deviceCompliancePolicy".to_owned()], "v1").unwrap();
    let code = &module.code;
    // The polymorphic enum, its base struct (read through), and a derived type.
    assert!(code.contains("pub enum DeviceCompliancePolicy {"), "{code}");
    assert!(code.contains("pub struct DeviceCompliancePolicyBase {"));
    assert!(code.contains("odata_type = \"#microsoft.graph.deviceCompliancePolicy\", base"));
    assert!(code.contains("IosCompliancePolicy(IosCompliancePolicy)"));
    assert!(code.contains("#[graph(flatten)]\n    pub base: DeviceCompliancePolicyBase,"));
    // Its base, `entity`, holds the id.
    assert!(code.contains("pub struct Entity {"));
    // Its address, and the actions bound to it with their parameters and result.
    assert!(code.contains("#[graph_resource(path = \"/deviceManagement/deviceCompliancePolicies\")]\n#[derive(Debug, Clone, PartialEq)]\npub enum DeviceCompliancePolicy {"), "{code}");
    assert!(code.contains(
        "action = \"/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}/assign\""
    ));
    assert!(code.contains("returns = Vec<DeviceCompliancePolicyAssignment>"));
    // Containment below the first level: a policy's assignments.
    assert!(code.contains(
        "path = \"/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}/assignments\""
    ));
    assert!(code.contains("pub struct AssignDeviceCompliancePolicy {"));
    // Edm types map to the crate's wire types.
    assert!(code.contains("Option<graph_resource::edm::DateTimeOffset>"));
}

#[test]
fn collections_are_found_through_single_contained_entities() {
    // `user` contains one `authentication`, which contains the methods.
    let module = generate(&v1(), &["authenticationMethod".to_owned()], "v1").unwrap();
    assert!(
        module
            .code
            .contains("#[graph_resource(path = \"/users/{userId}/authentication/methods\")]"),
        "{}",
        module.code
    );
    // The methods of one kind have their own collection, and the actions
    // bound to a method are addressed through it.
    assert!(
        module
            .code
            .contains("path = \"/users/{userId}/authentication/fido2Methods\"")
    );
    assert!(module.code.contains(
        "action = \"/users/{userId}/authentication/methods/{authenticationMethodId}/resetPassword\""
    ));
}

#[test]
fn a_type_with_an_entity_set_and_a_singleton_is_addressed_by_both() {
    // `user` is the entity set `/users` and the singleton `/me`: its path is
    // the entity set's, `/me` one more path to one object, and the actions
    // bound to it go on an item of the set, which an app's token can call.
    let module = generate(&v1(), &["user".to_owned()], "v1").unwrap();
    let code = &module.code;
    assert!(
        code.contains(
            "#[graph_resource(path = \"/users\", path_type = UserPath)]\n#[derive(Debug, Clone, PartialEq)]\npub enum AnyUser {"
        ),
        "{code}"
    );
    assert!(
        code.contains("pub struct MePath for AnyUser = \"/me\", singleton;"),
        "{code}"
    );
    // One naming rule: the type's struct has its name, the enum of a
    // concrete type with derived types is `Any<Type>`, its variants named
    // after their types; an abstract type's name is its enum's.
    assert!(code.contains("pub struct User {"), "{code}");
    assert!(code.contains("    User(User),\n"), "{code}");
    assert!(code.contains("    AgentUser(AgentUser),\n"), "{code}");
    assert!(
        code.contains("pub enum DeviceAndAppManagementAssignmentTarget {"),
        "{code}"
    );
    assert!(
        code.contains("pub struct DeviceAndAppManagementAssignmentTargetBase {"),
        "{code}"
    );
    assert!(
        code.contains("    GroupAssignmentTarget(GroupAssignmentTarget),\n"),
        "{code}"
    );
    assert!(
        code.contains("action = \"/users/{userId}/revokeSignInSessions\""),
        "{code}"
    );
    assert!(
        !code.contains("action = \"/me/"),
        "no action only the signed-in user can call"
    );
    // And at each other address of its type, a path of the call: the
    // signed-in user's.
    assert!(
        code.contains("pub struct MeRevokeSignInSessionsPath for\n    RevokeSignInSessionsUser = \"/me/revokeSignInSessions\", call;"),
        "{code}"
    );
    // A singleton without an entity set keeps its own address.
    let module = generate(&v1(), &["deviceManagement".to_owned()], "v1").unwrap();
    assert!(
        module
            .code
            .contains("path = \"/deviceManagement\",\n    singleton\n)]"),
        "{}",
        module.code
    );
}

#[test]
fn delta_is_a_delta_query_not_a_function() {
    // `group` has `delta` bound to its collection: the runtime's `Delta`
    // runs it and keeps the `@odata.deltaLink`; no function struct for it.
    let module = generate(&v1(), &["group".to_owned()], "v1").unwrap();
    assert!(module.code.contains("pub enum Group {") || module.code.contains("pub struct Group {"));
    assert!(!module.code.contains("delta()"), "{}", module.code);
    assert!(!module.code.contains("pub struct DeltaGroup"), "{}", module.code);
}

#[test]
fn only_properties_through_which_a_type_holds_itself_are_boxed() {
    // `workbookOperationError.innerError` is a `workbookOperationError`: a
    // type without a size unless boxed. Everything else is held as itself,
    // written `Some(x)`.
    let code = generate(
        &v1(),
        &["workbookOperationError".to_owned(), "user".to_owned()],
        "v1",
    )
    .unwrap()
    .code;
    assert!(
        code.contains("pub inner_error: Option<Box<WorkbookOperationError>>,"),
        "{code}"
    );
    assert_eq!(code.matches("Box<").count(), 1, "{code}");
    assert!(
        code.contains("pub password_profile: Option<PasswordProfile>,"),
        "{code}"
    );
}

#[test]
fn navigation_properties_are_kept_as_json_until_decoded() {
    // A policy's assignments (a navigation property) are kept as
    // `Expanded`, read on `decode`, so that reading a policy compiles no
    // reading code for them; an assignment's structural `target` stays typed.
    let code = generate(&v1(), &["deviceCompliancePolicy".to_owned()], "v1")
        .unwrap()
        .code;
    assert!(
        code.contains("pub assignments: Option<\n        graph_resource::Expanded<Vec<DeviceCompliancePolicyAssignment>>,"),
        "{code}"
    );
    assert!(
        code.contains("pub target: Option<DeviceAndAppManagementAssignmentTarget>,"),
        "{code}"
    );
    // A single-valued one holds the type itself, unboxed.
    let user = graph_resource_gen::generate_with(
        &v1(),
        &["user".to_owned()],
        "v1",
        &graph_resource_gen::Options::default().navigation(true),
    )
    .unwrap()
    .code;
    assert!(
        user.contains("pub manager: Option<graph_resource::Expanded<AnyDirectoryObject>>,"),
        "{user}"
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let err = generate("<Edmx>\n<Schema>\n</Edmx>", &["user".to_owned()], "x").unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");
    let err = generate("<Edmx/>", &["user".to_owned()], "x").unwrap_err();
    assert!(err.to_string().contains("no <Schema>"), "{err}");
    let err = generate(&v1(), &["devicCompliancePolicy".to_owned()], "v1").unwrap_err();
    assert!(
        err.to_string().contains(
            "no type in the schema is named `devicCompliancePolicy`; the nearest are `deviceCompliancePolicy`"
        ),
        "{err}"
    );
    let odd = r#"<Edmx><DataServices><Schema Namespace="ns" xmlns="http://docs.oasis-open.org/odata/ns/edm">
        <EntityType Name="thing"><Property Name="id" Type="Edm.String"/></EntityType>
        <TypeDefinition Name="odd" UnderlyingType="Edm.String"/>
        </Schema></DataServices></Edmx>"#;
    let module = generate(odd, &["ns.thing".to_owned()], "odd").unwrap();
    assert_eq!(
        module.warnings,
        ["line 3: <TypeDefinition Name=\"odd\"> is not supported and was skipped"]
    );
}

/// A scratch directory of its own under the target directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_builder_writes_one_includable_module_with_accessors_for_inherited_properties() {
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/graph-v1.0.xml"
    );
    let dir = scratch("builder");
    let made = graph_resource_gen::Builder::new(schema)
        .types(["deviceCompliancePolicy"])
        .module("intune")
        .out_dir(&dir)
        .generate()
        .unwrap();
    assert_eq!(made.file, dir.join("intune.rs"));
    let code = std::fs::read_to_string(&made.file).unwrap();
    // `include!` takes no inner attributes: the file is one module item.
    assert!(!code.contains("#!["), "{}", &code[..300]);
    assert!(code.contains("#[allow(\n    dead_code,"), "{}", &code[..300]);
    assert!(code.contains("pub mod intune {"));
    // It names nothing but graph-resource.
    assert!(!code.contains("serde_json"));
    // An inherited property is one call away on the enum, from every
    // variant, and on a derived struct.
    let accessor = code
        .find("impl DeviceCompliancePolicy {")
        .expect("the enum's accessors");
    // The variant's struct is found once, in `as_base`; each accessor reads
    // from it.
    let block = &code[accessor..][..code[accessor..].find("\n}\n").unwrap()];
    assert!(
        block.contains("pub fn as_base(&self) -> Option<&DeviceCompliancePolicyBase>"),
        "{block}"
    );
    assert!(
        block.contains("Self::Windows10CompliancePolicy(v) => Some(&v.base),"),
        "{block}"
    );
    assert!(block.contains("Self::Other(_) => None"), "{block}");
    assert!(
        block.contains("self.as_base().and_then(|v| v.created_date_time.as_ref())"),
        "{block}"
    );
    assert!(
        block.contains("self.as_base().and_then(|v| v.base.id.as_deref())"),
        "{block}"
    );
    assert!(!code.contains("#[inline]"), "accessors are not #[inline]");
    assert!(code.contains("impl Windows10CompliancePolicy {"));
    assert!(code.contains("self.base.base.id.as_deref()"));
}

#[test]
fn the_builder_refuses_a_bad_module_name_a_missing_schema_and_an_unknown_type() {
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/graph-v1.0.xml"
    );
    let dir = scratch("builder-errors");
    let bad_name = graph_resource_gen::Builder::new(schema)
        .module("mod")
        .out_dir(&dir)
        .generate()
        .unwrap_err();
    assert!(
        bad_name.to_string().contains("`mod` cannot name a module"),
        "{bad_name}"
    );
    let missing = graph_resource_gen::Builder::new(dir.join("nothing.xml"))
        .out_dir(&dir)
        .generate()
        .unwrap_err();
    assert!(missing.to_string().contains("nothing.xml"), "{missing}");
    let unknown = graph_resource_gen::Builder::new(schema)
        .types(["deviceCompliancePolicie"])
        .out_dir(&dir)
        .generate()
        .unwrap_err();
    assert!(
        unknown.to_string().contains("deviceCompliancePolicy"),
        "{unknown}"
    );
    assert!(
        std::fs::read_dir(&dir).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn the_binary_runs_from_any_directory() {
    let dir = scratch("binary");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml"
        ),
        dir.join("metadata.xml"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_graph-resource-gen"))
        .current_dir(&dir)
        .args([
            "metadata.xml",
            "--type",
            "enrollmentConfigurationAssignment",
            "--out",
            "graph.rs",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let code = std::fs::read_to_string(dir.join("graph.rs")).unwrap();
    assert!(code.starts_with("//! Models generated by graph-resource-gen from metadata.xml"));
    assert!(code.contains("pub struct EnrollmentConfigurationAssignment {"));
}

#[test]
fn asking_for_no_type_generates_every_type_of_the_schema() {
    let xml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/corpus/metadata/beta-enrollment-configuration-excerpt.xml"
    ))
    .unwrap();
    let every = generate(&xml, &["*".to_owned()], "excerpt").unwrap();
    let none_asked = generate(&xml, &[], "excerpt").unwrap();
    assert_eq!((none_asked.types, none_asked.enums), (every.types, every.enums));
    assert!(none_asked.types > 0);
    assert_eq!(none_asked.code, every.code);
}

#[test]
fn a_single_contained_entity_is_addressed_as_one_object_with_its_actions() {
    // `authorizationPolicy` is only ever one object, inside `/policies`:
    // its path is that object's, with `singleton` (get, update, delete).
    let code = generate(&v1(), &["authorizationPolicy".to_owned()], "v1")
        .unwrap()
        .code;
    assert!(
        code.contains("path = \"/policies/authorizationPolicy\",\n    singleton\n"),
        "{code}"
    );
    // Intune's reports are one object in `/deviceManagement`, and their
    // actions are bound to it.
    let code = generate(&v1(), &["deviceManagementReports".to_owned()], "v1")
        .unwrap()
        .code;
    assert!(
        code.contains("path = \"/deviceManagement/reports\",\n    singleton\n"),
        "{code}"
    );
    assert!(
        code.contains("action = \"/deviceManagement/reports/getCachedReport\""),
        "{code}"
    );
}
