use graph_resource::graph_resource;

#[graph_resource(path = "https://graph.microsoft.com/beta/me/onlineMeetings/{meetingId}")]
struct Item {
    id: Option<String>,
}

fn main() {}
