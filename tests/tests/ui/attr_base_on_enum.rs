use graph_resource::{Properties, graph_resource};

#[graph_resource]
struct Group {
    id: Option<String>,
}

#[graph_resource(base)]
enum DirectoryObject {
    Group(Group),
    #[graph(other)]
    Other(Properties),
}

fn main() {}
