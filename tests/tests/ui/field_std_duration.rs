use graph_resource::graph_resource;
use std::time::Duration;

#[graph_resource(path = "/deviceManagement/deviceCompliancePolicies")]
#[derive(Debug, Default)]
struct Policy {
    id: Option<String>,
    grace_period: Option<Duration>,
}

fn main() {}
