use graph_resource::graph_resource;

#[graph_resource]
#[derive(Default)]
struct Event {
    id: Option<String>,
    #[graph(extra)]
    rest: Vec<String>,
}

fn main() {}
