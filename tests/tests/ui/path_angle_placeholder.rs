use graph_resource::graph_resource;

#[graph_resource(path = "/me/drive/items/{id}/workbook/worksheets/{sheet}/range(address='<address>')")]
struct Item {
    id: Option<String>,
}

fn main() {}
