use graph_resource::graph_resource;

#[graph_resource(odata_type = "#microsoft.graph.source")]
enum Source {
    Direct,
    PolicySets,
}

fn main() {}
