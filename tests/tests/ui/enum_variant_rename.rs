use graph_resource::graph_resource;

#[graph_resource]
struct GroupAssignmentTarget {
    group_id: Option<String>,
}

#[graph_resource]
enum Target {
    #[graph(rename = "#microsoft.graph.groupAssignmentTarget")]
    Group(GroupAssignmentTarget),
}

fn main() {}
