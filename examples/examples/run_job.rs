//! A bulk job that survives its workers: N assignments across T emulated
//! tenants submitted once to Redis, run by W worker processes while one of
//! them is killed (SIGKILL, not stopped) every few seconds and another
//! started; then the report: items done and failed, each once as the
//! emulator's store shows, the time beside the optimum of the tenants'
//! limits, and Redis commands per item.
//!
//! The emulator enforces Intune's write limit for each tenant (100 writes
//! per 20 s per app and tenant) with its window run in `--window-ms` (2,000
//! by default); every tenant's budget is shared by the workers through
//! Redis, which is `REDIS_URL` or a `redis-server` this example starts. A
//! killed worker's items are claimed by the others after `--claim-ms`
//! (1,000 by default, time-scaled like the window).
//!
//! ```text
//! cargo run --release --example run_job          # 10,000 items, 10 tenants, 4 workers, a kill every 5 s
//! cargo run --example run_job -- --items 2000 --kill-every-ms 1000
//! ```

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, Limits};
use graph_resource::http::{RateLimit, RedisLimiter};
use graph_resource::ops::jobs::{Item, Job, Worker, find_by};
use graph_resource::{Client, Error, RetryPolicy, StaticToken};
use graph_resource_examples::{RedisServer, exit_code, setting};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath,
    EnrollmentConfigurationAssignment, GroupAssignmentTarget,
};
use serde_json::json;

const CONFIG: &str = "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f";
const JOB: &str = "run-job-example";

#[derive(Debug, Clone)]
struct Options {
    items: usize,
    tenants: usize,
    workers: usize,
    window: Duration,
    kill_every: Duration,
    claim_after: Duration,
    /// Set in a worker process: the emulator and Redis.
    worker: Option<(String, String)>,
}

impl Options {
    fn parse() -> Result<Options, String> {
        let mut o = Options {
            items: 10_000,
            tenants: 10,
            workers: 4,
            window: Duration::from_secs(2),
            kill_every: Duration::from_secs(5),
            claim_after: Duration::from_secs(1),
            worker: None,
        };
        let (mut base, mut redis) = (None, None);
        let mut args = std::env::args().skip(1);
        while let Some(arg) = args.next() {
            let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
            let number = |name: &str, v: String| {
                v.parse::<u64>()
                    .map_err(|_| format!("{name} takes a number, not `{v}`"))
            };
            match arg.as_str() {
                "--items" => o.items = number(&arg, value(&arg)?)? as usize,
                "--tenants" => o.tenants = number(&arg, value(&arg)?)?.max(1) as usize,
                "--workers" => o.workers = number(&arg, value(&arg)?)?.max(1) as usize,
                "--window-ms" => o.window = Duration::from_millis(number(&arg, value(&arg)?)?.max(1)),
                "--kill-every-ms" => o.kill_every = Duration::from_millis(number(&arg, value(&arg)?)?.max(1)),
                "--claim-ms" => o.claim_after = Duration::from_millis(number(&arg, value(&arg)?)?.max(10)),
                "--worker-of" => base = Some(value(&arg)?),
                "--redis" => redis = Some(value(&arg)?),
                other => return Err(format!("unknown option `{other}` (see the example's header)")),
            }
        }
        if let (Some(base), Some(redis)) = (base, redis) {
            o.worker = Some((base, redis));
        }
        Ok(o)
    }

    fn limit(&self) -> RateLimit {
        RateLimit::intune().with_window(self.window)
    }

    /// The fastest the tenants' limits allow, side by side: each tenant's
    /// first budget at once, the rest at its rate.
    fn optimum(&self) -> f64 {
        let writes = f64::from(self.limit().writes());
        let per_tenant = self.items.div_ceil(self.tenants) as f64;
        (per_tenant - writes).max(0.0) / (writes / self.window.as_secs_f64())
    }
}

fn main() -> ExitCode {
    let options = match Options::parse() {
        Ok(o) => o,
        Err(e) => return exit_code::<()>(Err(e.into())),
    };
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    match options.worker.clone() {
        Some((base, redis)) => exit_code(runtime.block_on(work(&options, &base, &redis))),
        None => exit_code(runtime.block_on(coordinate(&options))),
    }
}

/// A worker process: runs the job until every item has ended.
async fn work(o: &Options, base: &str, redis: &str) -> Result<(), Box<dyn std::error::Error>> {
    // Every tenant's budget, shared by all workers through Redis.
    let limiter = Arc::new(RedisLimiter::new(redis, o.limit())?);
    let base = base.to_owned();
    let worker = Worker::new(redis, JOB, move |tenant: &str| {
        Client::builder()
            .base_url(&base)
            .token(StaticToken::new(format!("token-{tenant}")))
            .budget_key(format!("{tenant}/run-job"))
            .rate_limiter(limiter.clone())
            .retry_policy(RetryPolicy::default().with_max_retries(20))
            .build()
            .expect("a client of the emulator")
    })?
    .concurrency(32)
    .claim_after(o.claim_after)
    .lookup("assignment", find_by("sourceId"));
    worker.run().await?;
    Ok(())
}

/// Starts the emulator, Redis and the workers, kills and replaces workers
/// as the job runs, and sums up.
async fn coordinate(o: &Options) -> Result<ExitCode, Box<dyn std::error::Error>> {
    let emulator = Emulator::start().await?;
    emulator.enforce_limits(Limits::intune().window(o.window));
    for t in 0..o.tenants {
        emulator.register_token(&format!("token-t{t}"), &format!("t{t}"), "run-job");
    }
    let (redis, _own) = match setting("REDIS_URL") {
        Some(url) => (url, None),
        None => {
            let server = tokio::task::spawn_blocking(RedisServer::start).await?;
            (server.url(), Some(server))
        }
    };
    let path = DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath {
        device_enrollment_configuration_id: CONFIG,
    };
    let items = (0..o.items)
        .map(|i| {
            let assignment = EnrollmentConfigurationAssignment {
                source: Some(DeviceAndAppManagementAssignmentSource::Direct),
                source_id: Some(format!("item-{i}")),
                target: Some(
                    GroupAssignmentTarget {
                        group_id: Some(format!("group-{i}")),
                        ..Default::default()
                    }
                    .into(),
                ),
                ..Default::default()
            };
            Ok(Item::create(&path, &assignment)?
                .tenant(format!("t{}", i % o.tenants))
                .kind("assignment")
                .key(json!(format!("item-{i}"))))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let job = match Job::open(&redis, JOB)?.progress().await?.total {
        0 => Job::submit(&redis, JOB, items).await?,
        _ => {
            // A run before this one left its job: start afresh.
            Job::open(&redis, JOB)?.delete().await?;
            Job::submit(&redis, JOB, items).await?
        }
    };
    let trips_before = round_trips(&redis).await;
    println!(
        "{} items over {} tenants, {} workers, limit 100 writes per {:?} per tenant, a worker killed every \
         {:?}",
        o.items, o.tenants, o.workers, o.window, o.kill_every
    );

    let me = std::env::current_exe()?;
    let spawn = |n: usize| -> Result<Child, std::io::Error> {
        let mut child = Command::new(&me)
            .args(["--worker-of", &emulator.base_url(), "--redis", &redis])
            .args(["--window-ms", &o.window.as_millis().to_string()])
            .args(["--claim-ms", &o.claim_after.as_millis().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()?;
        if let Some(err) = child.stderr.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(err).lines().map_while(Result::ok) {
                    eprintln!("worker {n}: {line}");
                }
            });
        }
        Ok(child)
    };
    let started = Instant::now();
    let mut workers: Vec<Child> = (0..o.workers).map(spawn).collect::<Result<_, _>>()?;
    let mut spawned = o.workers;
    let mut killed = 0;
    let mut next_kill = started + o.kill_every;
    let bar = indicatif::ProgressBar::new(o.items as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} done, {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let progress = loop {
        let progress = job.progress().await?;
        bar.set_position(progress.done + progress.failed);
        bar.set_message(format!("{} failed, {killed} workers killed", progress.failed));
        if progress.finished() {
            break progress;
        }
        if Instant::now() >= next_kill {
            // The oldest worker dies mid-item; a new one takes its place.
            let mut victim = workers.remove(0);
            let killing = victim.kill();
            victim.wait()?;
            killing?;
            killed += 1;
            workers.push(spawn(spawned)?);
            spawned += 1;
            next_kill += o.kill_every;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let elapsed = started.elapsed().as_secs_f64();
    bar.finish();
    for mut worker in workers {
        let _ = worker.kill();
        let _ = worker.wait();
    }
    let trips = round_trips(&redis)
        .await
        .zip(trips_before)
        .map(|(after, before)| after - before);

    let stored = emulator.items(&format!(
        "/deviceManagement/deviceEnrollmentConfigurations/{CONFIG}/assignments"
    ));
    let distinct: std::collections::HashSet<&str> =
        stored.iter().filter_map(|i| i["sourceId"].as_str()).collect();
    let each_once = stored.len() == o.items && distinct.len() == o.items;
    println!(
        "{} done, {} failed of {}; {} stored{}; {killed} workers killed",
        progress.done,
        progress.failed,
        progress.total,
        stored.len(),
        if each_once {
            ", each exactly once"
        } else {
            ": NOT each exactly once"
        },
    );
    let usage = emulator.usage_by_tenant();
    let (served, throttled) = usage
        .values()
        .fold((0, 0), |(s, t), u| (s + u.served, t + u.throttled));
    println!(
        "{elapsed:.1} s against an optimum of {:.1} s ({:.2}x); {throttled} of {} requests throttled ({:.1} \
         %)",
        o.optimum(),
        elapsed / o.optimum().max(f64::MIN_POSITIVE),
        served + throttled,
        100.0 * throttled as f64 / (served + throttled).max(1) as f64
    );
    if let Some(trips) = trips {
        println!(
            "Redis: {trips} round trips, {:.2} per item (the job's marks, records, reads and claims, and the \
             shared budget's bookings)",
            trips as f64 / o.items.max(1) as f64
        );
    }
    for failed in job
        .outcomes()
        .await?
        .iter()
        .filter(|o| o.state.as_deref() == Some("failed"))
        .take(5)
    {
        println!(
            "failed: item {}: {}",
            failed.n,
            failed.result.clone().unwrap_or_default()
        );
    }
    job.delete().await?;
    Ok(if each_once && progress.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Round trips to Redis so far, from `INFO commandstats`: scripts run
/// (`EVALSHA`: the job's marks and records, the budget's bookings) and the
/// commands clients send directly (stream reads and claims, progress
/// reads). The commands scripts run inside count apart: each budget script
/// runs `TIME` and `HMGET` once, so the `HMGET`s sent directly are those
/// beyond `TIME`'s count.
async fn round_trips(url: &str) -> Option<u64> {
    let mut con = redis::Client::open(url)
        .ok()?
        .get_multiplexed_async_connection()
        .await
        .ok()?;
    let info: String = redis::cmd("INFO")
        .arg("commandstats")
        .query_async(&mut con)
        .await
        .ok()?;
    let calls = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("cmdstat_{name}:calls=")))
            .and_then(|rest| rest.split(',').next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let direct = [
        "evalsha",
        "xreadgroup",
        "xautoclaim",
        "xclaim",
        "hgetall",
        "xrange",
    ]
    .iter()
    .map(|name| calls(name))
    .sum::<u64>();
    Some(direct + calls("hmget").saturating_sub(calls("time")))
}
