use graph_resource::graph_resource;

#[graph_resource(odata_type = "#microsoft.graph.deviceEnrollmentConfiguration", base)]
struct DeviceEnrollmentConfiguration {
    id: Option<String>,
    display_name: Option<String>,
}

fn main() {}
