use graph_resource::{graph_resource, Properties};

#[graph_resource]
pub struct User {
    pub id: Option<String>,
    #[graph(extra, read_only)]
    pub extra: Properties,
}

fn main() {}
