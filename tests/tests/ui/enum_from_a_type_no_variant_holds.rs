use graph_resource::graph_resource;

#[graph_resource]
pub struct GroupAssignmentTarget {
    pub group_id: Option<String>,
}

#[graph_resource]
pub struct AllDevicesAssignmentTarget {}

#[graph_resource]
pub enum Target {
    Group(GroupAssignmentTarget),
}

fn main() {
    let _ = Target::from(GroupAssignmentTarget { group_id: None });
    let _ = Target::from(AllDevicesAssignmentTarget {});
}
