use graph_resource::graph_resource;

#[graph_resource]
pub struct User {
    #[graph(with = "no_such_module")]
    pub code: String,
}

fn main() {}
