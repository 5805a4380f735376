//! Assigns a device enrollment configuration to two groups with the
//! `assign` action, then lists its assignments:
//!
//! ```text
//! GET  /deviceManagement/deviceEnrollmentConfigurations
//! POST /deviceManagement/deviceEnrollmentConfigurations/{id}/assign     204 No Content
//! GET  /deviceManagement/deviceEnrollmentConfigurations/{id}/assignments
//! ```
//!
//! With `GRAPH_TOKEN`, `GRAPH_GROUP_ID` and `GRAPH_GROUP_ID_2` set it calls
//! the real Graph beta, on the first limit configuration (or
//! `GRAPH_CONFIG_ID`); `assign` replaces the configuration's assignments.
//! Without a token, it runs against the built-in emulator.
//!
//! ```text
//! cargo run --example assign_configuration
//! ```

use std::process::ExitCode;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, ResourcePath, StaticToken};
use graph_resource_examples::{exit_code, setting};
use graph_resource_models::{
    AssignDeviceEnrollmentConfiguration, AssignDeviceEnrollmentConfigurationPath,
    DeviceAndAppManagementAssignmentTarget as Target, DeviceEnrollmentConfiguration as Config,
    DeviceEnrollmentConfigurationPath, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment, GroupAssignmentTarget,
};
use serde_json::json;

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (client, groups, _emulator) = match setting("GRAPH_TOKEN") {
        Some(token) => {
            let groups = [setting("GRAPH_GROUP_ID"), setting("GRAPH_GROUP_ID_2")];
            let [Some(a), Some(b)] = groups else {
                return Err("set GRAPH_GROUP_ID and GRAPH_GROUP_ID_2 to the two groups to assign".into());
            };
            (Client::new(StaticToken::new(token)), [a, b], None)
        }
        None => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN is not set: using the built-in emulator at {}",
                emulator.base_url()
            );
            emulator.insert(
                &DeviceEnrollmentConfigurationPath.render()?,
                [
                    json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration", "id": "esp-1", "displayName": "ESP"}),
                    json!({"@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration", "id": "limit-1", "displayName": "All users", "limit": 5}),
                ],
            );
            let groups = [
                "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
                "1c2d3e4f-5061-7283-94a5-b6c7d8e9f0a1",
            ]
            .map(String::from);
            (emulator.client(), groups, Some(emulator))
        }
    };

    // The configurations, each as its own type; pick a limit configuration.
    let configurations = Config::list(&client, DeviceEnrollmentConfigurationPath)
        .all()
        .await?;
    println!("{} enrollment configurations", configurations.len());
    let chosen = match setting("GRAPH_CONFIG_ID") {
        Some(id) => id,
        None => configurations
            .iter()
            .find_map(|c| match c {
                Config::DeviceEnrollmentLimitConfiguration(limit) => limit.id().map(str::to_owned),
                _ => None,
            })
            .ok_or("no limit configuration to assign")?,
    };
    println!("assigning configuration {chosen} to {} groups", groups.len());

    // `assign`: the action's parameters, sent as its body; Graph answers 204.
    let assignments = groups
        .iter()
        .map(|group| EnrollmentConfigurationAssignment {
            target: Some(Target::from(GroupAssignmentTarget {
                group_id: Some(group.clone()),
                ..Default::default()
            })),
            ..Default::default()
        })
        .collect();
    AssignDeviceEnrollmentConfiguration {
        enrollment_configuration_assignments: Some(assignments),
    }
    .call(
        &client,
        AssignDeviceEnrollmentConfigurationPath {
            device_enrollment_configuration_id: &chosen,
        },
    )
    .await?;

    let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: &chosen,
    };
    let listed = EnrollmentConfigurationAssignment::list(&client, path)
        .all()
        .await?;
    for assignment in &listed {
        let group = match &assignment.target {
            Some(Target::GroupAssignmentTarget(g)) => g.group_id.as_deref().unwrap_or("(no group)"),
            _ => "(another kind of target)",
        };
        println!(
            "assignment {}: group {group}",
            assignment.id().unwrap_or("(no id)")
        );
    }
    println!("{} assignments", listed.len());
    Ok(())
}
