use graph_resource::graph_resource;

#[graph_resource(path = "/me/events", path = "/me/calendar/events")]
struct Event {
    id: Option<String>,
}

fn main() {}
