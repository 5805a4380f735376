use graph_resource::graph_resource;

#[graph_resource(odata_type = "#microsoft.graph.groupAssignmentTarget")]
struct Group {
    group_id: Option<String>,
}

#[graph_resource(odata_type = "microsoft.graph.GroupAssignmentTarget")]
struct Members {
    group_id: Option<String>,
}

#[graph_resource]
enum Target {
    Group(Group),
    Members(Members),
}

fn main() {}
