use graph_resource::graph_resource;

#[graph_resource]
enum Target {
    Group(String),
}

fn main() {}
