//! Intune compliance and Entra users on Graph v1.0, with the ready-made
//! models of `graph-resource-models` (features `users`, `groups` and
//! `device-management`): creates a Windows 10 compliance policy, assigns it
//! to a group, lists the policies, and lists users with `$select` and
//! `$count`. The same program as `examples/from-schema`, without a build
//! script.
//!
//! With `GRAPH_TOKEN` (and `GRAPH_GROUP_ID`, the group to assign to) it
//! calls the real Graph v1.0; without, it runs against the built-in
//! emulator.
//!
//! ```text
//! cargo run -p graph-resource-example-ready-models
//! ```

// The models compile without a warning in a crate that denies them all.
#![deny(warnings)]

use std::process::ExitCode;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{ApiVersion, Client, Cloud, StaticToken};

use graph_resource::Expanded;
use graph_resource_models::v1::{
    AnyUser, AssignDeviceCompliancePolicy, AssignDeviceCompliancePolicyPath, DeviceComplianceActionItem,
    DeviceComplianceActionType, DeviceCompliancePolicy, DeviceCompliancePolicyAssignment,
    DeviceCompliancePolicyPath, DeviceComplianceScheduledActionForRule, GroupAssignmentTarget, User,
    UserPath, Windows10CompliancePolicy,
};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let setting = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (client, group, _emulator) = match setting("GRAPH_TOKEN") {
        Some(token) => {
            let group =
                setting("GRAPH_GROUP_ID").ok_or("set GRAPH_GROUP_ID to the id of the group to assign to")?;
            let client = Client::builder()
                .cloud(Cloud::Global, ApiVersion::V1)
                .token(StaticToken::new(token))
                .build()?;
            (client, group, None)
        }
        None => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN is not set: using the built-in emulator at {}",
                emulator.base_url_for("v1.0")
            );
            let client = emulator.client_for(ApiVersion::V1);
            // A user for the listing below.
            let adele = User {
                display_name: Some("Adele Vance".to_owned()),
                ..Default::default()
            };
            AnyUser::from(adele).create(&client, UserPath).await?;
            (
                client,
                "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0".to_owned(),
                Some(emulator),
            )
        }
    };

    // A Windows 10 policy: its own settings, and the base type's name.
    let mut policy = Windows10CompliancePolicy {
        bit_locker_enabled: Some(true),
        secure_boot_enabled: Some(true),
        ..Default::default()
    };
    policy.base.display_name = Some("Windows 10: BitLocker and Secure Boot".to_owned());
    // Graph creates a compliance policy with its scheduled actions, inserted
    // in the same request: here, block a device as soon as it is out of
    // compliance.
    let block = DeviceComplianceActionItem {
        action_type: Some(DeviceComplianceActionType::Block),
        grace_period_hours: Some(0),
        ..Default::default()
    };
    let rule = DeviceComplianceScheduledActionForRule {
        rule_name: Some("PasswordRequired".to_owned()),
        scheduled_action_configurations: Some(Expanded::new(&vec![block])?),
        ..Default::default()
    };
    policy.base.scheduled_actions_for_rule = Some(Expanded::new(&vec![rule])?);
    let created = DeviceCompliancePolicy::from(policy)
        .create(&client, DeviceCompliancePolicyPath)
        .await?;
    let id = created
        .id()
        .ok_or("Graph answered a policy without an id")?
        .to_owned();
    println!("created {id}");
    // A navigation property is kept as Graph's JSON; `decode` reads it into
    // the type it names (here `Vec<DeviceComplianceScheduledActionForRule>`).
    if let Some(rules) = created.scheduled_actions_for_rule() {
        let rules = rules.decode()?;
        let names: Vec<&str> = rules.iter().filter_map(|r| r.rule_name.as_deref()).collect();
        println!("with scheduled actions for {names:?}");
    }

    let assigned = AssignDeviceCompliancePolicy {
        assignments: Some(vec![DeviceCompliancePolicyAssignment {
            target: Some(
                GroupAssignmentTarget {
                    group_id: Some(group),
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        }]),
    }
    .call(
        &client,
        AssignDeviceCompliancePolicyPath {
            device_compliance_policy_id: &id,
        },
    )
    .await?;
    println!("assigned it: {} assignment(s)", assigned.len());

    let policies = DeviceCompliancePolicy::list(&client, DeviceCompliancePolicyPath)
        .all()
        .await?;
    for policy in &policies {
        println!(
            "policy {}: {}",
            policy.id().unwrap_or("?"),
            policy.display_name().unwrap_or("(no name)")
        );
    }

    let users = AnyUser::list(&client, UserPath)
        .select(["id", "displayName"])
        .with_count()
        .all()
        .await?;
    println!("{} user(s)", users.len());
    Ok(())
}
