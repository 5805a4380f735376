use graph_resource::graph_resource;

#[graph_resource]
struct GroupAssignmentTarget {
    group_id: Option<String>,
}

#[graph_resource]
enum Target {
    Group(GroupAssignmentTarget),
    Members { group_id: String },
}

fn main() {}
