use graph_resource::graph_resource;

#[graph_resource]
pub struct User {
    #[serde(default, skip_serializing)]
    pub phones: Vec<String>,
    #[serde(with = "my_module")]
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nick: Option<String>,
}

fn main() {}
