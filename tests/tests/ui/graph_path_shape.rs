use graph_resource::graph_path;

graph_path! {
    pub struct MePath = "/me/assignments";
}

fn main() {}
