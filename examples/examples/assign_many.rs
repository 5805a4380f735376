//! Assigns one enrollment configuration to 1,000 groups through JSON
//! batching: 20 creates a batch, 4 batches at a time, throttled items
//! retried after their own `Retry-After`, failures reported one by one.
//!
//! With `GRAPH_TOKEN`, `GRAPH_CONFIG_ID` and `GRAPH_GROUP_IDS` (a file with
//! one group id a line) set it calls the real Graph beta; without them it
//! runs against the built-in emulator, which throttles every 10th request
//! in a batch and refuses one group in a hundred.
//!
//! ```text
//! cargo run --example assign_many
//! ```

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::time::Instant;

use graph_resource::emulator::Emulator;
use graph_resource::models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementEnrollmentConfigurationAssignmentsPath,
    EnrollmentConfigurationAssignment, GroupAssignmentTarget,
};
use graph_resource::{BatchProgress, Client, StaticToken};
use graph_resource_examples::{exit_code, setting};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

/// Draws the progress: a bar on a terminal, a line every tenth otherwise
/// (`printed` holds the last tenth printed).
fn show(p: &BatchProgress, terminal: bool, printed: &std::sync::atomic::AtomicUsize) {
    let width = 40;
    let filled = p.done() * width / p.total.max(1);
    if terminal {
        eprint!(
            "\r[{}{}] {:>5}/{} created {:>5}  failed {:>3}  retried {:>4}",
            "#".repeat(filled),
            " ".repeat(width - filled),
            p.done(),
            p.total,
            p.succeeded,
            p.failed,
            p.retried
        );
        let _ = std::io::stderr().flush();
    } else {
        let tenth = p.done() * 10 / p.total.max(1);
        if printed.swap(tenth, std::sync::atomic::Ordering::Relaxed) != tenth {
            eprintln!("{}/{} done, {} retried", p.done(), p.total, p.retried);
        }
    }
}

/// Exits with 2 when some assignment failed against the real Graph.
async fn run() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let env = setting;
    let (client, config, groups, _emulator) = match (
        env("GRAPH_TOKEN"),
        env("GRAPH_CONFIG_ID"),
        env("GRAPH_GROUP_IDS"),
    ) {
        (Some(token), Some(config), Some(file)) => {
            let groups: Vec<String> = std::fs::read_to_string(&file)
                .map_err(|e| format!("cannot read {file}: {e}"))?
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            (Client::new(StaticToken::new(token)), config, groups, None)
        }
        _ => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN, GRAPH_CONFIG_ID and GRAPH_GROUP_IDS are not all set: using the built-in emulator at {}",
                emulator.base_url()
            );
            emulator.throttle_batch_items_every(10, "0.2");
            emulator.reject_creates_where(
                |body| {
                    body["target"]["groupId"]
                        .as_str()
                        .is_some_and(|g| g.ends_with("99"))
                },
                400,
                "BadRequest",
                "The group does not exist or is not a security group.",
            );
            let groups = (0..1000)
                .map(|i| format!("0b1c2d3e-4f50-6172-8394-{i:012}"))
                .collect();
            (
                emulator.client(),
                "7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70".to_owned(),
                groups,
                Some(emulator),
            )
        }
    };

    let assignments: Vec<EnrollmentConfigurationAssignment> = groups
        .iter()
        .map(|group| EnrollmentConfigurationAssignment {
            source: Some(DeviceAndAppManagementAssignmentSource::Direct),
            target: Some(
                GroupAssignmentTarget {
                    group_id: Some(group.clone()),
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        })
        .collect();
    let path = DeviceManagementEnrollmentConfigurationAssignmentsPath {
        device_enrollment_configuration_id: &config,
    };

    let terminal = std::io::stderr().is_terminal();
    let last = std::sync::Arc::new(std::sync::Mutex::new(BatchProgress::default()));
    let seen = last.clone();
    let printed = std::sync::atomic::AtomicUsize::new(0);
    let started = Instant::now();
    let results = client
        .batch()
        .concurrency(4)
        .on_progress(move |p| {
            show(p, terminal, &printed);
            *seen.lock().unwrap_or_else(|e| e.into_inner()) = *p;
        })
        .create(path, &assignments)
        .await?;
    if terminal {
        eprintln!();
    }

    let p = *last.lock().unwrap_or_else(|e| e.into_inner());
    for (group, result) in groups.iter().zip(&results) {
        if let Err(e) = result {
            println!("failed: group {group}: {e}");
        }
    }
    println!(
        "{} created, {} retried after throttling, {} failed, in {} batches and {:.1} s",
        p.succeeded,
        p.retried,
        p.failed,
        p.batches,
        started.elapsed().as_secs_f64()
    );
    let all_done = p.failed == 0 || _emulator.is_some();
    Ok(if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
