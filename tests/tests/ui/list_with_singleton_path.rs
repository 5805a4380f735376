use graph_resource::graph_resource;

#[graph_resource(path = "/me", singleton)]
#[derive(Debug, Default)]
struct Me {
    id: Option<String>,
}

#[graph_resource(path = "/users")]
#[derive(Debug, Default)]
struct User {
    id: Option<String>,
}

fn run(client: &graph_resource::Client) {
    let _ = User::list(client, MePath);
}

fn main() {}
