use graph_resource::graph_resource;

#[graph_resource]
pub struct User {
    #[graph(with = "not a path")]
    pub code: String,
}

fn main() {}
