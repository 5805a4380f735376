use graph_resource::graph_resource;

#[graph_resource]
pub struct User {
    pub id: Option<String>,
    #[graph(skip, rename = "local")]
    pub local: u32,
}

fn main() {}
