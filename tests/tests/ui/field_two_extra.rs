use graph_resource::graph_resource;

#[graph_resource]
struct Event {
    #[graph(extra)]
    a: graph_resource::Properties,
    #[graph(extra)]
    b: graph_resource::Properties,
}

fn main() {}
