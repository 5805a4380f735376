//! Assigns one enrollment configuration to 1,000 groups through JSON
//! batching: 20 creates a batch, 4 batches at a time, paced to Intune's
//! write limit (100 per 20 s for one app in one tenant), failures reported
//! one by one.
//!
//! With `GRAPH_TOKEN`, `GRAPH_CONFIG_ID` and `GRAPH_GROUP_IDS` (a file with
//! one group id a line) set it calls the real Graph beta; without them it
//! runs against the built-in emulator, which enforces the same limit with
//! its window run twenty times faster (100 writes a second) and refuses one
//! group in a hundred.
//!
//! ```text
//! cargo run --example assign_many
//! ```

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, Limits};
use graph_resource::http::RateLimit;
use graph_resource::ops::BatchProgress;
use graph_resource::{Client, StaticToken};
use graph_resource_examples::{exit_code, setting};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment, GroupAssignmentTarget,
};
use indicatif::{ProgressBar, ProgressStyle};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

/// Shows the run's progress: a bar on a terminal, a line every tenth
/// otherwise (a log or a pipe has no use for redrawn lines).
struct Progress {
    bar: Option<ProgressBar>,
    printed: AtomicUsize,
}

impl Progress {
    fn new(total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("[{bar:40}] {pos:>5}/{len} {msg} ({elapsed}, {eta} left)")
                    .expect("a valid template")
                    .progress_chars("#>-"),
            );
            bar
        });
        Progress {
            bar,
            printed: AtomicUsize::new(0),
        }
    }

    fn show(&self, p: &BatchProgress) {
        match &self.bar {
            Some(bar) => {
                bar.set_position(p.done() as u64);
                bar.set_message(format!(
                    "created {} failed {} retried {}",
                    p.succeeded, p.failed, p.retried
                ));
            }
            None => {
                let tenth = p.done() * 10 / p.total.max(1);
                if self.printed.swap(tenth, Ordering::Relaxed) != tenth {
                    eprintln!(
                        "{}/{} done, {} throttled and sent again",
                        p.done(),
                        p.total,
                        p.retried
                    );
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish();
        }
    }
}

/// Exits with 2 when some assignment failed against the real Graph.
async fn run() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let env = setting;
    let (client, limit, config, groups, _emulator) =
        match (env("GRAPH_TOKEN"), env("GRAPH_CONFIG_ID"), env("GRAPH_GROUP_IDS")) {
            (Some(token), Some(config), Some(file)) => {
                let groups: Vec<String> = std::fs::read_to_string(&file)
                    .map_err(|e| format!("cannot read {file}: {e}"))?
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect();
                // Paced to Intune's documented limit, the default.
                let client = Client::new(StaticToken::new(token));
                (client, RateLimit::intune(), config, groups, None)
            }
            _ => {
                let emulator = Emulator::start().await?;
                println!(
                    "GRAPH_TOKEN, GRAPH_CONFIG_ID and GRAPH_GROUP_IDS are not all set: using the built-in \
                     emulator at {}",
                    emulator.base_url()
                );
                // Intune's limit, its 20 s window run in one second.
                let window = Duration::from_secs(1);
                emulator.enforce_limits(Limits::intune().window(window));
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
                let limit = RateLimit::intune().with_window(window);
                let client = Client::builder()
                    .base_url(emulator.base_url())
                    .token(StaticToken::new("emulator-token"))
                    .rate_limit(limit.clone())
                    .build()?;
                (
                    client,
                    limit,
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
    let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: &config,
    };

    let progress = Arc::new(Progress::new(assignments.len()));
    let shown = progress.clone();
    let started = Instant::now();
    let results = client
        .batch()
        .concurrency(4)
        .on_progress(move |p| shown.show(p))
        .create(path, &assignments)
        .await?;
    progress.finish();

    let p = *results.counts();
    for (group, result) in groups.iter().zip(&results) {
        if let Err(e) = result {
            println!("failed: group {group}: {e}");
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    // The fastest the limit allows: the first budget at once, the rest at its rate.
    let rate = f64::from(limit.writes()) / limit.window().as_secs_f64();
    let optimum = (p.total as f64 - f64::from(limit.writes())).max(0.0) / rate;
    println!(
        "{} created, {} failed, {} throttled and sent again, in {} batches and {elapsed:.1} s \
         ({:.0} a second; the limit allows {rate:.0}, so {optimum:.1} s at best)",
        p.succeeded,
        p.failed,
        p.retried,
        p.batches,
        p.done() as f64 / elapsed,
    );
    let all_done = p.failed == 0 || _emulator.is_some();
    Ok(if all_done {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
