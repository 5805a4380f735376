use graph_resource::graph_resource;

#[graph_resource]
pub struct User {
    #[graph(default)]
    pub display_name: Option<String>,
}

fn main() {}
