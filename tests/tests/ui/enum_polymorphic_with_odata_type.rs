use graph_resource::{Properties, graph_resource};

#[graph_resource]
struct GroupAssignmentTarget {
    group_id: Option<String>,
}

#[graph_resource(odata_type = "#microsoft.graph.deviceAndAppManagementAssignmentTarget")]
enum Target {
    Group(GroupAssignmentTarget),
    #[graph(other)]
    Other(Properties),
}

fn main() {}
