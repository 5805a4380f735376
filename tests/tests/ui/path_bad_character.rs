use graph_resource::graph_resource;

#[graph_resource(path = "/me/drive/root:/résumé.docx:/content")]
struct Item {
    id: Option<String>,
}

fn main() {}
