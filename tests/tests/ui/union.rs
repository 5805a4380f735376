use graph_resource::graph_resource;

#[graph_resource(path = "/me/events")]
union Event {
    id: u32,
    n: f32,
}

fn main() {}
