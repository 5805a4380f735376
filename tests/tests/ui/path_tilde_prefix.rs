use graph_resource::graph_resource;

#[graph_resource(path = "~/onPremisesPublishingProfiles/{publishingType}/agentGroups")]
struct Item {
    id: Option<String>,
}

fn main() {}
