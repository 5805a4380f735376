use graph_resource::graph_resource;

#[graph_resource]
enum Source {
    Direct,
    #[graph(rename = "direct")]
    Immediate,
}

fn main() {}
