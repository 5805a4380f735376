use graph_resource::graph_resource;

#[graph_resource(path = "/me/events")]
struct Event(Option<String>);

fn main() {}
