use graph_resource::graph_resource;

#[graph_resource(path = "/servicePrincipals/{id}/jobs/")]
struct Item {
    id: Option<String>,
}

fn main() {}
