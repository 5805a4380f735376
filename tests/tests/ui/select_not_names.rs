use graph_resource_models::{DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath};

fn run(client: &graph_resource::Client) {
    let _list = DeviceEnrollmentConfiguration::list(client, DeviceEnrollmentConfigurationPath).select(3);
}

fn main() {}
