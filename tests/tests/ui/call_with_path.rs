use graph_resource::graph_resource;

#[graph_resource(path = "/deviceManagement/managedDevices", action = "/deviceManagement/managedDevices/{managedDeviceId}/wipe")]
struct Wipe {
    keep_user_data: Option<bool>,
}

fn main() {}
