use graph_resource::graph_resource;

#[graph_resource(crate = "my facade")]
pub struct Target {
    pub id: Option<String>,
}

fn main() {}
