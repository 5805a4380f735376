//! Lists the device enrollment configurations, each as its own type, with
//! one property that only that type has, and counts the types this version
//! does not know:
//!
//! ```text
//! GET /deviceManagement/deviceEnrollmentConfigurations
//! ```
//!
//! With `GRAPH_TOKEN` set it calls the real Graph beta; without it, it runs
//! against the built-in emulator, filled with one configuration of each kind
//! and one of a kind this version does not know.
//!
//! ```text
//! cargo run --example list_configurations
//! ```

use std::process::ExitCode;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, ResourcePath, StaticToken};
use graph_resource_examples::{exit_code, setting};
use graph_resource_models::{DeviceEnrollmentConfiguration as Config, DeviceEnrollmentConfigurationPath};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = match setting("GRAPH_TOKEN") {
        Some(token) => (Client::new(StaticToken::new(token)), None),
        None => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN is not set: using the built-in emulator at {}",
                emulator.base_url()
            );
            emulator.insert(&DeviceEnrollmentConfigurationPath.render()?, samples());
            (emulator.client(), Some(emulator))
        }
    };

    let mut configurations = Config::list(&client, DeviceEnrollmentConfigurationPath);
    let mut unknown = 0;
    let mut count = 0;
    while let Some(configuration) = configurations.next().await {
        count += 1;
        let line = match configuration? {
            Config::DeviceEnrollmentLimitConfiguration(c) => format!(
                "limit             {}: at most {} devices",
                shown(&c.base.display_name),
                shown(&c.limit)
            ),
            Config::DeviceEnrollmentPlatformRestrictionsConfiguration(c) => format!(
                "platforms         {}: iOS blocked: {}",
                shown(&c.base.display_name),
                shown(&c.ios_restriction.and_then(|r| r.platform_blocked))
            ),
            Config::DeviceEnrollmentWindowsHelloForBusinessConfiguration(c) => format!(
                "Windows Hello     {}: PIN of at least {}",
                shown(&c.base.display_name),
                shown(&c.pin_minimum_length)
            ),
            Config::Windows10EnrollmentCompletionPageConfiguration(c) => format!(
                "status page       {}: shows progress: {}",
                shown(&c.base.display_name),
                shown(&c.show_installation_progress)
            ),
            Config::DeviceComanagementAuthorityConfiguration(c) => format!(
                "co-management     {}: installs the agent: {}",
                shown(&c.base.display_name),
                shown(&c.install_configuration_manager_agent)
            ),
            Config::DeviceEnrollmentPlatformRestrictionConfiguration(c) => format!(
                "one platform      {}: for {}",
                shown(&c.base.display_name),
                shown(&c.platform_type)
            ),
            Config::Base(c) => format!("configuration     {}", shown(&c.display_name)),
            Config::Other(raw) => {
                unknown += 1;
                let kind = raw
                    .get("@odata.type")
                    .and_then(|t| t.as_str())
                    .unwrap_or("(no type)");
                format!("unknown type      {kind}")
            }
        };
        println!("{line}");
    }
    println!("{count} configurations, {unknown} of a type this version does not know");
    Ok(())
}

/// A property's value, or that it is not set.
fn shown<T: std::fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "(not set)".to_owned(), ToString::to_string)
}

/// One configuration of each kind, and one of a kind the models do not know.
fn samples() -> Vec<serde_json::Value> {
    use serde_json::json;
    vec![
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentLimitConfiguration", "displayName": "All users", "limit": 5}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration", "displayName": "Platforms", "iosRestriction": {"platformBlocked": true}}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration", "displayName": "Hello", "pinMinimumLength": 6}),
        json!({"@odata.type": "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration", "displayName": "ESP", "showInstallationProgress": true}),
        json!({"@odata.type": "#microsoft.graph.deviceComanagementAuthorityConfiguration", "displayName": "Co-management", "installConfigurationManagerAgent": true}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration", "displayName": "Android", "platformType": "android"}),
        json!({"@odata.type": "#microsoft.graph.deviceEnrollmentNotificationConfiguration", "displayName": "Notifications"}),
    ]
}
