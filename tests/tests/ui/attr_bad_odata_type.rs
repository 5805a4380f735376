use graph_resource::graph_resource;

#[graph_resource(odata_type = "event")]
struct Event {
    id: Option<String>,
}

fn main() {}
