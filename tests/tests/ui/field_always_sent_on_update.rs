use graph_resource::graph_resource;

#[graph_resource(path = "/users")]
#[derive(Debug, Default)]
struct User {
    id: Option<String>,
    business_phones: Vec<String>,
}

fn main() {}
