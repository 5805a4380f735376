//! Lists the assignments of an enrollment configuration, page by page:
//!
//! ```text
//! GET /deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments
//! ```
//!
//! With `GRAPH_TOKEN` and `GRAPH_CONFIG_ID` set it calls the real Graph beta;
//! without them it runs against the built-in emulator, filled with 250
//! assignments.
//!
//! ```text
//! cargo run --example list_assignments
//! ```

use std::process::ExitCode;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, ResourcePath, StaticToken};
use graph_resource_examples::{exit_code, setting};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentTarget as Target,
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath, EnrollmentConfigurationAssignment,
};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let env = setting;
    let (client, config, _emulator) = match (env("GRAPH_TOKEN"), env("GRAPH_CONFIG_ID")) {
        (Some(token), Some(config)) => (Client::new(StaticToken::new(token)), config, None),
        _ => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN and GRAPH_CONFIG_ID are not both set: using the built-in emulator at {}",
                emulator.base_url()
            );
            let config = "7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70".to_owned();
            let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
                device_enrollment_configuration_id: &config,
            };
            emulator.insert(
                &path.render()?,
                (0..250).map(|i| {
                    serde_json::json!({
                        "@odata.type": "#microsoft.graph.enrollmentConfigurationAssignment",
                        "source": "direct",
                        "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": format!("group-{i:03}")}
                    })
                }),
            );
            (emulator.client(), config, Some(emulator))
        }
    };

    let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: &config,
    };
    let mut assignments = EnrollmentConfigurationAssignment::list(&client, path).top(100);
    let mut count = 0;
    while let Some(assignment) = assignments.next().await {
        let assignment = assignment?;
        count += 1;
        let target = match &assignment.target {
            Some(Target::GroupAssignmentTarget(g)) => {
                format!("group {}", g.group_id.as_deref().unwrap_or("?"))
            }
            Some(Target::ExclusionGroupAssignmentTarget(g)) => {
                format!("all but group {}", g.group_id().unwrap_or("?"))
            }
            Some(Target::AllDevicesAssignmentTarget(_)) => "all devices".to_owned(),
            Some(Target::AllLicensedUsersAssignmentTarget(_)) => "all licensed users".to_owned(),
            Some(Target::ConfigurationManagerCollectionAssignmentTarget(c)) => {
                format!("collection {}", c.collection_id.as_deref().unwrap_or("?"))
            }
            Some(Target::Base(_)) => "the base target".to_owned(),
            Some(Target::Other(raw)) => format!("a newer target type: {}", raw["@odata.type"]),
            None => "no target".to_owned(),
        };
        if count <= 5 || count % 50 == 0 {
            println!("{count:>4}  {}  {target}", assignment.id().unwrap_or("-"));
        }
    }
    println!("{count} assignments in {} pages", assignments.pages_read());
    Ok(())
}
