use graph_resource::graph_resource;

#[graph_resource(path = "/employeeExperience/learningProviders/{providerId}/learningContents/{externalId='{externalId}'}")]
struct Item {
    id: Option<String>,
}

fn main() {}
