use graph_resource::graph_resource;

#[graph_resource]
struct Event {
    display_name: Option<String>,
    #[graph(rename = "displayName")]
    name: Option<String>,
}

fn main() {}
