//! Creates an enrollment configuration assignment, as the Graph beta page
//! "Create enrollmentConfigurationAssignment" describes:
//!
//! ```text
//! POST /users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments
//! ```
//!
//! With `GRAPH_TOKEN`, `GRAPH_USER_ID` and `GRAPH_CONFIG_ID` set it calls
//! the real Graph beta (`GRAPH_GROUP_ID` names the group to assign to);
//! without them it runs against the built-in emulator. `GRAPH_LOG=1` prints
//! the request's spans and events with `tracing-subscriber`.
//!
//! ```text
//! cargo run --example create_assignment
//! ```

use std::process::ExitCode;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, StaticToken};
use graph_resource_examples::{exit_code, setting};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath, GroupAssignmentTarget,
};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let env = setting;
    if env("GRAPH_LOG").is_some() {
        // This crate's spans and events only, not the HTTP stack's.
        use tracing_subscriber::filter::{LevelFilter, Targets};
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        tracing_subscriber::fmt()
            .with_max_level(LevelFilter::DEBUG)
            .with_target(false)
            .with_ansi(false)
            .finish()
            .with(Targets::new().with_target("graph_resource", LevelFilter::DEBUG))
            .init();
    }
    let (client, user, config, group, _emulator) = match (
        env("GRAPH_TOKEN"),
        env("GRAPH_USER_ID"),
        env("GRAPH_CONFIG_ID"),
    ) {
        (Some(token), Some(user), Some(config)) => {
            let group =
                env("GRAPH_GROUP_ID").ok_or("set GRAPH_GROUP_ID to the id of the group to assign to")?;
            (Client::new(StaticToken::new(token)), user, config, group, None)
        }
        _ => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN, GRAPH_USER_ID and GRAPH_CONFIG_ID are not all set: using the built-in emulator \
                 at {}",
                emulator.base_url()
            );
            let client = emulator.client();
            let ids = (
                "adele.vance@contoso.com".to_owned(),
                "7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70".to_owned(),
                "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".to_owned(),
            );
            (client, ids.0, ids.1, ids.2, Some(emulator))
        }
    };

    let assignment = EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        target: Some(
            GroupAssignmentTarget {
                group_id: Some(group),
                ..Default::default()
            }
            .into(),
        ),
        ..Default::default()
    };
    let path = EnrollmentConfigurationAssignmentPath {
        users_id: &user,
        device_enrollment_configuration_id: &config,
    };

    println!(
        "POST {}{}",
        client.base_url(),
        graph_resource::ResourcePath::render(&path)?
    );
    println!("{}", serde_json::to_string_pretty(&assignment)?);

    let created = assignment.create(&client, path).await?;

    println!("201 Created");
    println!("{}", serde_json::to_string_pretty(&created)?);
    Ok(())
}
