//! Bulk work against the limit-enforcing emulator, for
//! `scripts/bench-pacing.sh`: Intune's write limit (100 per 20 s for one app
//! in one tenant) with its window run in 2 s, so 100 writes at once and 50
//! a second after that. Each run reports its completion time against the
//! limit-bound optimum, (N − 100) ÷ 50 s, its share of throttled writes, and
//! checks that every item was created exactly once.
//!
//! ```text
//! pacing                 # every scenario
//! pacing worker <base> <n> <offset>  # one process of the four-process run
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, Limits};
use graph_resource::http::RateLimit;
use graph_resource::{Client, ClientBuilder, RetryPolicy, StaticToken};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment,
};

const WINDOW: Duration = Duration::from_secs(2);
const BURST: f64 = 100.0;
const RATE: f64 = 50.0;
/// How long an unpaced run may go before it is stopped and its progress reported.
const GIVE_UP: Duration = Duration::from_secs(40);
const PATH: DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath<'static> =
    DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: "c1",
    };
const COLLECTION: &str = "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments";

fn item(i: usize) -> EnrollmentConfigurationAssignment {
    EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        source_id: Some(format!("item-{i}")),
        ..Default::default()
    }
}

fn optimum(n: usize) -> f64 {
    (n as f64 - BURST).max(0.0) / RATE
}

fn builder(base: &str, token: &str, paced: bool) -> ClientBuilder {
    // Retries enough for any run: the subject is the pace, not the budget of retries.
    let b = Client::builder()
        .base_url(base)
        .token(StaticToken::new(token))
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(1000)
                .with_budget(Duration::from_secs(3600)),
        );
    if paced {
        b.rate_limit(RateLimit::intune().with_window(WINDOW))
    } else {
        b.no_rate_limit()
    }
}

async fn singles(client: &Client, range: std::ops::Range<usize>, concurrency: usize) {
    let permits = Arc::new(tokio::sync::Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    for i in range {
        let (client, permits) = (client.clone(), permits.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await.ok();
            item(i).create(&client, PATH).await
        });
    }
    while let Some(done) = tasks.join_next().await {
        if let Ok(Err(e)) = done {
            eprintln!("create failed: {e}");
        }
    }
}

async fn batched(client: &Client, range: std::ops::Range<usize>) {
    let items: Vec<_> = range.map(item).collect();
    if let Ok(results) = client.batch().item_retries(1000).create(PATH, &items).await {
        for e in results.iter().filter_map(|r| r.as_ref().err()) {
            eprintln!("create failed: {e}");
        }
    }
}

/// Runs `job` against a fresh limit-enforcing emulator, stopped after
/// `GIVE_UP` if it has not finished, and prints one row.
async fn scenario<F, Fut>(name: &str, n: usize, job: F)
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let emulator = Emulator::start().await.expect("the emulator starts");
    emulator.enforce_limits(Limits::intune().window(WINDOW));
    let started = Instant::now();
    let finished = tokio::time::timeout(GIVE_UP, job(emulator.base_url()))
        .await
        .is_ok();
    let secs = started.elapsed().as_secs_f64();
    report(name, n, &emulator, secs, finished);
}

fn report(name: &str, n: usize, emulator: &Emulator, secs: f64, finished: bool) {
    let stored = emulator.items(COLLECTION);
    let distinct: std::collections::HashSet<&str> =
        stored.iter().filter_map(|i| i["sourceId"].as_str()).collect();
    let usage = emulator
        .usage_by_tenant()
        .into_values()
        .fold((0, 0), |(s, t), u| (s + u.served, t + u.throttled));
    let share = 100.0 * usage.1 as f64 / (usage.0 + usage.1).max(1) as f64;
    let time = if finished {
        format!("{secs:6.1} s  {:5.2}x", secs / optimum(n))
    } else {
        format!("stopped at {secs:.0} s")
    };
    println!(
        "{name:<44} {time:<18} throttled {share:5.1} %  created {}/{n}  each once: {}",
        stored.len(),
        if stored.len() == distinct.len() {
            "yes"
        } else {
            "NO"
        }
    );
}

async fn ten_tenants() {
    let emulator = Emulator::start().await.expect("the emulator starts");
    emulator.enforce_limits(Limits::intune().window(WINDOW));
    let n = 300;
    let mut runs = tokio::task::JoinSet::new();
    for t in 0..10 {
        let token = format!("tenant-{t}");
        emulator.register_token(&token, &token, "app");
        let client = builder(&emulator.base_url(), &token, true)
            .budget_key(token.clone())
            .build()
            .expect("a client");
        let collection = format!("c{t}");
        runs.spawn(async move {
            let started = Instant::now();
            let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
                device_enrollment_configuration_id: &collection,
            };
            let items: Vec<_> = (0..n).map(item).collect();
            let ok = client
                .batch()
                .create(path, &items)
                .await
                .map(|r| r.iter().filter(|r| r.is_ok()).count())
                .unwrap_or(0);
            (t, started.elapsed().as_secs_f64(), ok)
        });
    }
    let mut rows = Vec::new();
    while let Some(Ok(row)) = runs.join_next().await {
        rows.push(row);
    }
    rows.sort_by_key(|r| r.0);
    let usage = emulator.usage_by_tenant();
    for (t, secs, ok) in rows {
        let u = usage.get(&format!("tenant-{t}")).copied().unwrap_or_default();
        println!(
            "ten tenants, tenant {t}: {n} through $batch        {secs:6.1} s  {:5.2}x  throttled {:5.1} %  \
             created {ok}/{n}",
            secs / optimum(n),
            100.0 * u.throttled as f64 / (u.served + u.throttled).max(1) as f64
        );
    }
}

async fn four_processes() {
    let emulator = Emulator::start().await.expect("the emulator starts");
    emulator.enforce_limits(Limits::intune().window(WINDOW));
    let me = std::env::current_exe().expect("the benchmark's own path");
    let started = Instant::now();
    let children: Vec<_> = (0..4)
        .map(|p| {
            std::process::Command::new(&me)
                .args(["worker", &emulator.base_url(), "250", &(p * 250).to_string()])
                .spawn()
                .expect("a worker process")
        })
        .collect();
    let deadline = started + GIVE_UP * 3;
    let finished = tokio::task::spawn_blocking(move || {
        let mut children = children;
        // Workers still running at the deadline are stopped.
        loop {
            let done = children.iter_mut().all(|c| matches!(c.try_wait(), Ok(Some(_))));
            if done {
                return true;
            }
            if Instant::now() >= deadline {
                for c in &mut children {
                    let _ = c.kill();
                    let _ = c.wait();
                }
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    })
    .await
    .unwrap_or(false);
    report(
        "4 processes × 250 singles, each its own pacer",
        1000,
        &emulator,
        started.elapsed().as_secs_f64(),
        finished,
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("worker") {
        let (base, n, offset) = (
            &args[2],
            args[3].parse().unwrap_or(0),
            args[4].parse().unwrap_or(0),
        );
        let client = builder(base, "t", true).build().expect("a client");
        singles(&client, offset..offset + n, 16).await;
        return;
    }
    let n = 1000;
    println!(
        "limit: 100 writes per 2 s (Intune's 20 s window, 10x faster); optimum for {n}: {:.1} s",
        optimum(n)
    );
    scenario(
        "1,000 single creates at 64 concurrent, paced",
        n,
        |base| async move {
            singles(&builder(&base, "t", true).build().expect("a client"), 0..n, 64).await;
        },
    )
    .await;
    scenario("1,000 creates through $batch, paced", n, |base| async move {
        batched(&builder(&base, "t", true).build().expect("a client"), 0..n).await;
    })
    .await;
    scenario(
        "1,000 single creates at 64 concurrent, no limiter",
        n,
        |base| async move {
            singles(&builder(&base, "t", false).build().expect("a client"), 0..n, 64).await;
        },
    )
    .await;
    scenario("1,000 creates through $batch, no limiter", n, |base| async move {
        batched(&builder(&base, "t", false).build().expect("a client"), 0..n).await;
    })
    .await;
    ten_tenants().await;
    four_processes().await;
}
