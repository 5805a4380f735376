use graph_resource::{Properties, graph_resource};

#[graph_resource]
struct GroupAssignmentTarget {
    group_id: Option<String>,
}

#[graph_resource]
enum Target {
    Group(GroupAssignmentTarget),
    #[graph(other)]
    Other(Properties),
}

#[graph_resource(path = "/deviceManagement/assignments")]
struct Assignment {
    #[graph(flatten)]
    target: Target,
}

fn main() {}
