use graph_resource::graph_resource;

#[graph_resource]
#[derive(Debug, Default)]
struct DirectoryObject {
    id: String,
}

#[graph_resource(path = "/users")]
#[derive(Debug, Default)]
struct User {
    #[graph(flatten)]
    base: DirectoryObject,
    display_name: Option<String>,
}

fn main() {}
