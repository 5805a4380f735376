use graph_resource::graph_resource;
use graph_resource_models::GroupAssignmentTarget;

#[graph_resource(function = "/deviceManagement/deviceConfigurations/{id}/preview", returns = String)]
struct Preview {
    target: GroupAssignmentTarget,
}

fn main() {}
