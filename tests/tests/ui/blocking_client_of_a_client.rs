fn main() {
    let client = graph_resource::Client::new(graph_resource::StaticToken::new("token"));
    let _ = graph_resource::blocking::Client::new(client);
}
