use graph_resource::graph_resource;

#[graph_resource]
enum Source {}

fn main() {}
