use graph_resource_models::{DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath};

async fn run(client: &graph_resource::Client) {
    let _ = DeviceEnrollmentConfiguration::get(client, DeviceEnrollmentConfigurationPath).await;
}

fn main() {}
