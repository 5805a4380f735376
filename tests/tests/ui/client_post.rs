async fn run(client: &graph_resource::Client) {
    let _ = client.post("/deviceManagement/managedDevices/d1/syncDevice");
}

fn main() {}
