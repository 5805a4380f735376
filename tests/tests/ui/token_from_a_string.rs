fn main() {
    let _ = graph_resource::Client::new("eyJ0eXAiOi...");
}
