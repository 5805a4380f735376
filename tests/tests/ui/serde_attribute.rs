use graph_resource::graph_resource;

#[graph_resource(path = "/me/events")]
struct Event {
    #[serde(rename = "subject")]
    title: Option<String>,
}

fn main() {}
