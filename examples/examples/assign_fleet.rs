//! K worker processes assign one configuration to M groups together, sharing
//! one budget through Redis, against the limit-enforcing emulator: a
//! progress line per worker, then a summary (created, throttled share, time
//! against the limit-bound optimum).
//!
//! The emulator enforces Intune's write limit (100 writes per 20 s for one
//! app in one tenant) with its window run in `--window-ms` (1,000 by
//! default: 100 writes a second). Redis is `REDIS_URL`, or a `redis-server`
//! this example starts on a free port.
//!
//! ```text
//! cargo run --example assign_fleet                      # 4 workers, 400 groups
//! cargo run --example assign_fleet -- --workers 4 --groups 2000
//! cargo run --example assign_fleet -- --no-share        # each worker paces alone
//! cargo run --example assign_fleet -- --kill-redis-after-ms 3000
//! ```
//!
//! `GRAPH_LOG=1` shows the workers' warnings (a Redis that went away).

use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, Limits};
use graph_resource::http::{RateLimit, RedisLimiter};
use graph_resource::{Client, RetryPolicy, StaticToken};
use graph_resource_examples::{RedisServer, exit_code, setting};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment, GroupAssignmentTarget,
};

const CONFIG: &str = "7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70";
const COLLECTION: &str =
    "/deviceManagement/deviceEnrollmentConfigurations/7a8e0f3c-9d2b-4c1e-8f6a-2b3c4d5e6f70/assignments";

/// The run's settings, from the command line.
#[derive(Debug, Clone)]
struct Options {
    workers: usize,
    groups: usize,
    window: Duration,
    share: bool,
    kill_redis_after: Option<Duration>,
    /// Set in a worker process: its number, the emulator and Redis.
    worker: Option<(usize, String, Option<String>)>,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut o = Options {
            workers: 4,
            groups: 400,
            window: Duration::from_secs(1),
            share: true,
            kill_redis_after: None,
            worker: None,
        };
        let mut args = std::env::args().skip(1);
        let (mut index, mut base, mut redis) = (None, None, None);
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            let number = |name: &str, v: String| {
                v.parse::<u64>()
                    .map_err(|_| format!("{name} takes a number, not `{v}`"))
            };
            match arg.as_str() {
                "--workers" => o.workers = number(&arg, value(&arg)?)?.max(1) as usize,
                "--groups" => o.groups = number(&arg, value(&arg)?)? as usize,
                "--window-ms" => o.window = Duration::from_millis(number(&arg, value(&arg)?)?.max(1)),
                "--no-share" => o.share = false,
                "--kill-redis-after-ms" => {
                    o.kill_redis_after = Some(Duration::from_millis(number(&arg, value(&arg)?)?))
                }
                "--worker" => index = Some(number(&arg, value(&arg)?)? as usize),
                "--base-url" => base = Some(value(&arg)?),
                "--redis" => redis = Some(value(&arg)?),
                other => return Err(format!("unknown option `{other}` (see the example's header)")),
            }
        }
        if let (Some(i), Some(base)) = (index, base) {
            o.worker = Some((i, base, redis));
        }
        Ok(o)
    }

    fn limit(&self) -> RateLimit {
        RateLimit::intune().with_window(self.window)
    }

    /// The fastest the limit allows: the first budget at once, the rest at its rate.
    fn optimum(&self) -> f64 {
        let writes = f64::from(self.limit().writes());
        (self.groups as f64 - writes).max(0.0) / (writes / self.window.as_secs_f64())
    }
}

fn main() -> ExitCode {
    let options = match Options::parse() {
        Ok(o) => o,
        Err(e) => return exit_code::<()>(Err(e.into())),
    };
    if setting("GRAPH_LOG").is_some() {
        // This crate's warnings and the like, on stderr.
        use tracing_subscriber::filter::{LevelFilter, Targets};
        use tracing_subscriber::layer::SubscriberExt;
        use tracing_subscriber::util::SubscriberInitExt;
        tracing_subscriber::fmt()
            .with_writer(std::io::stderr)
            .with_ansi(false)
            .finish()
            .with(Targets::new().with_target("graph_resource", LevelFilter::INFO))
            .init();
    }
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    match options.worker.clone() {
        Some((index, base, redis)) => exit_code(runtime.block_on(worker(&options, index, &base, redis))),
        None => exit_code(runtime.block_on(coordinate(&options))),
    }
}

/// One worker: its share of the groups (every K-th), through `$batch`.
async fn worker(
    o: &Options,
    index: usize,
    base: &str,
    redis: Option<String>,
) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let builder = Client::builder()
        .base_url(base)
        .token(StaticToken::new("fleet-token"))
        // The subject is the pace, not the budget of retries.
        .retry_policy(
            RetryPolicy::default()
                .with_max_retries(100)
                .with_budget(Duration::from_secs(600)),
        );
    let client = match redis {
        Some(url) => {
            // Should Redis go, each worker keeps to its share of the budget.
            let share = o
                .limit()
                .with_writes(100 / o.workers as u32)
                .with_requests(1000 / o.workers as u32);
            let limiter = RedisLimiter::new(&url, o.limit())?.fallback(share);
            builder.rate_limiter(Arc::new(limiter)).build()?
        }
        None => builder.rate_limit(o.limit()).build()?,
    };
    let items: Vec<_> = (index..o.groups)
        .step_by(o.workers)
        .map(|g| EnrollmentConfigurationAssignment {
            source: Some(DeviceAndAppManagementAssignmentSource::Direct),
            target: Some(
                GroupAssignmentTarget {
                    group_id: Some(format!("0b1c2d3e-4f50-6172-8394-{g:012}")),
                    ..Default::default()
                }
                .into(),
            ),
            ..Default::default()
        })
        .collect();
    let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: CONFIG,
    };
    let quarter = std::sync::atomic::AtomicUsize::new(0);
    let results = client
        .batch()
        .item_retries(100)
        .on_progress(move |p| {
            let q = p.done() * 4 / p.total.max(1);
            if quarter.swap(q, std::sync::atomic::Ordering::Relaxed) != q {
                println!(
                    "{}/{} done, {} throttled and sent again",
                    p.done(),
                    p.total,
                    p.retried
                );
            }
        })
        .create(path, &items)
        .await?;
    let c = results.counts();
    println!(
        "finished: {} created, {} failed, {} throttled and sent again",
        c.succeeded, c.failed, c.retried
    );
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        println!("failed: {e}");
    }
    Ok(if c.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Starts the emulator, Redis and the workers, and sums up.
async fn coordinate(o: &Options) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    emulator.enforce_limits(Limits::intune().window(o.window));
    let mut own_redis = None;
    let redis = match (o.share, setting("REDIS_URL")) {
        (false, _) => None,
        (true, Some(url)) => Some(url),
        (true, None) => {
            let server = tokio::task::spawn_blocking(RedisServer::start).await?;
            let url = server.url();
            own_redis = Some(server);
            Some(url)
        }
    };
    println!(
        "{} workers, {} groups, limit 100 writes per {:?}, {}",
        o.workers,
        o.groups,
        o.window,
        match &redis {
            Some(url) => format!("one budget shared through Redis at {url}"),
            None => "each worker pacing alone".to_owned(),
        }
    );

    let me = std::env::current_exe()?;
    let started = Instant::now();
    let mut readers = Vec::new();
    let mut children = Vec::new();
    for i in 0..o.workers {
        let mut command = Command::new(&me);
        command
            .args(["--worker", &i.to_string(), "--base-url", &emulator.base_url()])
            .args([
                "--workers",
                &o.workers.to_string(),
                "--groups",
                &o.groups.to_string(),
            ])
            .args(["--window-ms", &o.window.as_millis().to_string()])
            .stdout(Stdio::piped());
        if let Some(url) = &redis {
            command.args(["--redis", url]);
        }
        let mut child = command.spawn()?;
        let out = child.stdout.take().ok_or("no worker output")?;
        readers.push(std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                println!("worker {i}: {line}");
            }
        }));
        children.push(child);
    }
    if let (Some(after), Some(server)) = (o.kill_redis_after, own_redis.as_mut()) {
        tokio::time::sleep(after).await;
        server.kill();
        println!("Redis killed after {after:?}");
    }
    let statuses =
        tokio::task::spawn_blocking(move || children.into_iter().map(|mut c| c.wait()).collect::<Vec<_>>())
            .await?;
    for reader in readers {
        let _ = reader.join();
    }
    let elapsed = started.elapsed().as_secs_f64();

    let stored = emulator.items(COLLECTION);
    let distinct: std::collections::HashSet<_> = stored
        .iter()
        .filter_map(|i| i["target"]["groupId"].as_str())
        .collect();
    let usage = emulator.usage("default");
    let throttled = 100.0 * usage.throttled as f64 / (usage.served + usage.throttled).max(1) as f64;
    let each_once = stored.len() == o.groups && distinct.len() == o.groups;
    println!(
        "{} of {} created{}, throttled {throttled:.1} % of {} requests, in {elapsed:.1} s \
         against an optimum of {:.1} s ({:.2}x)",
        stored.len(),
        o.groups,
        if each_once {
            ", each exactly once"
        } else {
            ": NOT each exactly once"
        },
        usage.served + usage.throttled,
        o.optimum(),
        elapsed / o.optimum().max(f64::MIN_POSITIVE),
    );
    let workers_ok = statuses.iter().all(|s| s.as_ref().is_ok_and(|s| s.success()));
    Ok(if each_once && workers_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
