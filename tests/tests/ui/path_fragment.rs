use graph_resource::graph_resource;

#[graph_resource(path = "/me/events#top")]
struct Item {
    id: Option<String>,
}

fn main() {}
