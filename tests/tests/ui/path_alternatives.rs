use graph_resource::graph_resource;

#[graph_resource(path = "/users/{id | userPrincipalName}/photo")]
struct Item {
    id: Option<String>,
}

fn main() {}
