use graph_resource::graph_resource;

#[graph_resource(path_type = UsersPath)]
struct User {
    id: Option<String>,
}

fn main() {}
