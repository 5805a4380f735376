use graph_resource::graph_resource;

#[graph_resource(path = "** Entity URI for microsoft.management.services.api.vulnerableManagedDevice not found")]
struct Item {
    id: Option<String>,
}

fn main() {}
