use graph_resource::Query;

fn main() {
    let _q = Query::new().param("$format", "json");
}
