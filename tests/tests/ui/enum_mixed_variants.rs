use graph_resource::graph_resource;

#[graph_resource]
struct Group {
    id: Option<String>,
}

#[graph_resource]
enum Target {
    AllDevices,
    Group(Group),
}

fn main() {}
