use graph_resource::graph_resource;

#[graph_resource(action = "/deviceManagement/managedDevices/{managedDeviceId}")]
struct Wipe {
    keep_user_data: Option<bool>,
}

fn main() {}
