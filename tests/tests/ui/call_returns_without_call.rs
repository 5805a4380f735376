use graph_resource::graph_resource;

#[graph_resource(path = "/deviceManagement/managedDevices", returns = String)]
struct ManagedDevice {
    id: Option<String>,
}

fn main() {}
