use graph_resource::graph_path;

graph_path! {
    pub struct MePath for graph_resource_models::EnrollmentConfigurationAssignment = "/me/deviceEnrollmentConfigurations/{id}/assignments/{id}";
}

// The path type is kept, with the corrected template's fields, so this
// use of it adds no error.
fn main() {
    let _ = MePath { id: "c1", assignment_id: "a1" };
}
