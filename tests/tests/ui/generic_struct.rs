use graph_resource::graph_resource;

#[graph_resource(path = "/me/events")]
struct Event<T> {
    id: Option<T>,
}

fn main() {}
