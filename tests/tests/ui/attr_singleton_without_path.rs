use graph_resource::graph_resource;

#[graph_resource(singleton)]
struct Me {
    id: Option<String>,
}

fn main() {}
