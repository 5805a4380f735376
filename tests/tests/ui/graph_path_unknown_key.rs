use graph_resource::graph_path;

graph_path! {
    pub struct AssignmentsPath for Assignment = "/me/assignments", collection;
}

fn main() {}
