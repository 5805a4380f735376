use graph_resource::{Properties, graph_resource};

#[graph_resource]
struct GroupAssignmentTarget {
    group_id: Option<String>,
}

#[graph_resource]
enum Target {
    Group(GroupAssignmentTarget),
    #[graph(other)]
    Unknown(Properties),
    #[graph(other)]
    Other(Properties),
}

fn main() {}
