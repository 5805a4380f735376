use graph_resource::graph_path;
use graph_resource_models::DeviceAndAppManagementAssignmentSource;

graph_path! {
    pub struct SourcesPath for DeviceAndAppManagementAssignmentSource = "/me/sources";
}

fn main() {}
