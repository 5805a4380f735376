use graph_resource::graph_path;

graph_path! {
    pub struct MePath for graph_resource::models::EnrollmentConfigurationAssignment = "/me/deviceEnrollmentConfigurations/{id}/assignments/{id}";
}

fn main() {}
