use graph_resource::graph_resource;

#[graph_resource(action = "/deviceManagement/managedDevices/{managedDeviceId}/locateDevice", returns = std::time::Instant)]
struct LocateDevice {}

fn main() {}
