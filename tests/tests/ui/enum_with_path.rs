use graph_resource::graph_resource;

#[graph_resource(path = "/me/sources")]
enum Source {
    Direct,
}

fn main() {}
