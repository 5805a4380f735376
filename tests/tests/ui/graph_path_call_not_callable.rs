use graph_resource::graph_path;
use graph_resource_models::EnrollmentConfigurationAssignment;

graph_path! {
    pub struct AssignPath for EnrollmentConfigurationAssignment = "/me/assignments/{id}/assign", call;
}

fn main() {}
