use graph_resource_models::{DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath};

async fn run(client: &graph_resource::Client) {
    let mut list = DeviceEnrollmentConfiguration::list(client, DeviceEnrollmentConfigurationPath);
    while let Some(_item) = list.next().await {}
    println!("{:?}", list.count());
}

fn main() {}
