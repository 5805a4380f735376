use graph_resource::graph_resource;

#[graph_resource]
enum Source {
    Direct,
    #[graph(other)]
    Unknown,
}

fn main() {}
