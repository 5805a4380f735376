//! Run-time cost of the generated code and the runtime, each beside a
//! hand-written baseline that produces the same bytes.
//!
//! ```text
//! cargo bench -p graph-resource-benches
//! ```
//!
//! Before criterion's groups, it prints the measurements criterion does not
//! make: allocations per path render, and the throughput and peak memory
//! of many concurrent creates and of long lists.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{Criterion, Throughput};
use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, ResourcePath, RetryPolicy, StaticToken};
use graph_resource_benches::{
    CountingAlloc, HandAssignment, allocations, assignment, hand_assignment, hand_path, live_bytes,
    minimal_server, peak_bytes, raw_create, reset_peak,
};
use graph_resource_models::{EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const USER: &str = "adele_contoso.com#EXT#@fabrikam.onmicrosoft.com";
const CONFIG: &str = "7a8e0f3c-9d2b/4c1e 8f6a?x=1";
const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: USER,
    device_enrollment_configuration_id: CONFIG,
};
fn serialization(c: &mut Criterion) {
    let ours = assignment(0);
    let hand = hand_assignment(0);
    let bytes = serde_json::to_vec(&ours).unwrap();
    assert_eq!(
        bytes,
        serde_json::to_vec(&hand).unwrap(),
        "the baseline writes the same bytes"
    );
    let page: Vec<EnrollmentConfigurationAssignment> = (0..1000).map(assignment).collect();
    let hand_page: Vec<HandAssignment> = (0..1000).map(hand_assignment).collect();
    let page_bytes = serde_json::to_vec(&page).unwrap();
    assert_eq!(page_bytes, serde_json::to_vec(&hand_page).unwrap());
    assert_eq!(
        serde_json::from_slice::<Vec<HandAssignment>>(&page_bytes).unwrap(),
        hand_page
    );
    assert_eq!(
        serde_json::from_slice::<Vec<EnrollmentConfigurationAssignment>>(&page_bytes).unwrap(),
        page
    );

    let mut g = c.benchmark_group("serialize");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("assignment/generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&ours)))
    });
    g.bench_function("assignment/hand-written", |b| {
        b.iter(|| serde_json::to_vec(black_box(&hand)))
    });
    g.throughput(Throughput::Bytes(page_bytes.len() as u64));
    g.bench_function("page-1000/generated", |b| {
        b.iter(|| serde_json::to_vec(black_box(&page)))
    });
    g.bench_function("page-1000/hand-written", |b| {
        b.iter(|| serde_json::to_vec(black_box(&hand_page)))
    });
    g.finish();

    let mut g = c.benchmark_group("deserialize");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("assignment/generated", |b| {
        b.iter(|| serde_json::from_slice::<EnrollmentConfigurationAssignment>(black_box(&bytes)).unwrap())
    });
    g.bench_function("assignment/hand-written", |b| {
        b.iter(|| serde_json::from_slice::<HandAssignment>(black_box(&bytes)).unwrap())
    });
    g.throughput(Throughput::Bytes(page_bytes.len() as u64));
    g.bench_function("page-1000/generated", |b| {
        b.iter(|| {
            serde_json::from_slice::<Vec<EnrollmentConfigurationAssignment>>(black_box(&page_bytes)).unwrap()
        })
    });
    g.bench_function("page-1000/hand-written", |b| {
        b.iter(|| serde_json::from_slice::<Vec<HandAssignment>>(black_box(&page_bytes)).unwrap())
    });
    g.finish();
}

fn paths(c: &mut Criterion) {
    assert_eq!(PATH.render().unwrap(), hand_path(USER, CONFIG));
    let mut g = c.benchmark_group("path");
    g.bench_function("render/generated", |b| {
        b.iter(|| black_box(black_box(PATH).render().unwrap()))
    });
    g.bench_function("render/hand-written", |b| {
        b.iter(|| black_box(hand_path(black_box(USER), black_box(CONFIG))))
    });
    g.finish();
}

struct RoundTrip {
    runtime: tokio::runtime::Runtime,
    client: Client,
    raw: reqwest::Client,
    raw_base: String,
}

fn round_trip_setup() -> RoundTrip {
    // One thread for client and server: no cross-core scheduling noise, so
    // the difference measured is the work each client does.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let created = serde_json::to_vec(&assignment(0)).unwrap();
    let addr = runtime.block_on(minimal_server(Bytes::from(created)));
    let base = format!("http://{addr}/beta");
    let client = Client::builder()
        .base_url(&base)
        .token(StaticToken::new("token"))
        // The pipeline's own cost; pacing is measured on its own.
        .no_rate_limit()
        .build()
        .unwrap();
    let raw = reqwest::Client::builder().build().unwrap();
    RoundTrip {
        runtime,
        client,
        raw,
        raw_base: base,
    }
}

fn round_trips(c: &mut Criterion) {
    let setup = round_trip_setup();
    let ours = assignment(0);
    let hand = hand_assignment(0);
    let mut g = c.benchmark_group("create");
    // A loopback round trip varies more than in-memory work: sample longer.
    g.measurement_time(Duration::from_secs(8));
    g.bench_function("round-trip/generated", |b| {
        b.to_async(&setup.runtime)
            .iter(|| async { ours.create(&setup.client, PATH).await.unwrap() })
    });
    g.bench_function("round-trip/raw-reqwest", |b| {
        b.to_async(&setup.runtime)
            .iter(|| async { raw_create(&setup.raw, &setup.raw_base, USER, CONFIG, &hand).await })
    });
    g.finish();
}

/// Allocations made by one path render.
fn render_allocations() -> (usize, usize) {
    let before = allocations();
    let rendered = black_box(PATH).render().unwrap();
    let ours = allocations() - before;
    drop(black_box(rendered));
    let before = allocations();
    let rendered = hand_path(black_box(USER), black_box(CONFIG));
    let hand = allocations() - before;
    drop(black_box(rendered));
    (ours, hand)
}

/// `n` creates, `concurrency` at a time; returns (seconds, peak bytes above
/// what was live before, creates that failed).
async fn creates(client: &Client, n: usize, concurrency: usize) -> (f64, usize, usize) {
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(concurrency));
    let before = live_bytes();
    reset_peak();
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..n {
        let (client, permits) = (client.clone(), permits.clone());
        // Spawned when a permit is free, so that waiting work is not queued in memory.
        let permit = permits.acquire_owned().await.unwrap();
        tasks.spawn(async move {
            let _permit = permit;
            assignment(i).create(&client, PATH).await.is_ok()
        });
        while let Some(done) = tasks.try_join_next() {
            assert!(done.is_ok());
        }
    }
    let mut failed = 0;
    while let Some(done) = tasks.join_next().await {
        if !done.unwrap() {
            failed += 1;
        }
    }
    (
        started.elapsed().as_secs_f64(),
        peak_bytes().saturating_sub(before),
        failed,
    )
}

fn measurements() {
    let (ours, hand) = render_allocations();
    println!("path render: {ours} allocation(s) generated, {hand} hand-written");

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let policy = RetryPolicy::default().with_base_delay(Duration::from_millis(5));

        // Throughput against the emulator; every item must be there once.
        let emulator = Emulator::start().await.unwrap();
        let client = Client::builder()
            .base_url(emulator.base_url())
            .token(StaticToken::new("t"))
            .retry_policy(policy.clone())
            .no_rate_limit()
            .build()
            .unwrap();
        let (secs, peak, failed) = creates(&client, 10_000, 64).await;
        let stored = emulator.items(&PATH.render().unwrap()).len();
        println!(
            "10,000 creates at 64 concurrent against the emulator: {:.0} creates/s, {failed} failed, \
             {stored} stored; peak heap {:.1} MiB, the emulator's store of 10,000 items included",
            10_000.0 / secs,
            peak as f64 / (1024.0 * 1024.0)
        );
        assert_eq!((failed, stored), (0, 10_000), "no create lost or doubled");
        drop(emulator);

        // Client-side memory: a server that stores nothing, 1,000 then 10,000 creates.
        let addr = minimal_server(Bytes::from(serde_json::to_vec(&assignment(0)).unwrap())).await;
        let client = Client::builder()
            .base_url(format!("http://{addr}/beta"))
            .token(StaticToken::new("t"))
            .no_rate_limit()
            .build()
            .unwrap();
        creates(&client, 1_000, 64).await; // warm-up: connections, buffers
        let (_, small, _) = creates(&client, 1_000, 64).await;
        let (secs, large, _) = creates(&client, 10_000, 64).await;
        println!(
            "peak client heap at 64 concurrent: {:.0} KiB for 1,000 creates, {:.0} KiB for 10,000 ({:.2}x); \
             {:.0} creates/s against a minimal server",
            small as f64 / 1024.0,
            large as f64 / 1024.0,
            large as f64 / small.max(1) as f64,
            10_000.0 / secs
        );

        // Lists: the heap above the stored items stays one page, whatever the count.
        for count in [1_001usize, 10_001] {
            let emulator = Emulator::start().await.unwrap();
            let collection = PATH.render().unwrap();
            emulator.insert(
                &collection,
                (0..count).map(|i| serde_json::to_value(assignment(i)).unwrap()),
            );
            let client = emulator.client();
            tokio::time::sleep(Duration::from_millis(200)).await;
            let before = live_bytes();
            reset_peak();
            let mut list = EnrollmentConfigurationAssignment::list(&client, PATH).top(100);
            let mut n = 0;
            while let Some(item) = list.next().await {
                black_box(item.unwrap());
                n += 1;
            }
            assert_eq!(n, count);
            println!(
                "list of {count} in pages of 100: peak heap {:.0} KiB above the emulator's store",
                peak_bytes().saturating_sub(before) as f64 / 1024.0
            );
        }

        // A `$select` list with one item in the middle that does not decode:
        // every other item read, one error naming it, the heap one page.
        for count in [1_000usize, 10_000] {
            let emulator = Emulator::start().await.unwrap();
            let collection = PATH.render().unwrap();
            let bad = count / 2;
            emulator.insert(
                &collection,
                (0..count).map(|i| {
                    let mut item = serde_json::to_value(assignment(i)).unwrap();
                    if i == bad {
                        item["id"] = serde_json::json!("the-bad-one");
                        item["source"] = serde_json::json!(42);
                    }
                    item
                }),
            );
            let client = emulator.client();
            // The previous emulator's memory is freed by its own tasks: let
            // them finish, so that the peak is this list's.
            tokio::time::sleep(Duration::from_millis(200)).await;
            let before = live_bytes();
            reset_peak();
            let mut list = EnrollmentConfigurationAssignment::list(&client, PATH)
                .select(["id", "source", "target"])
                .top(100);
            let (mut read, mut errors) = (0, Vec::new());
            while let Some(item) = list.next().await {
                match item {
                    Ok(item) => {
                        black_box(item);
                        read += 1;
                    }
                    Err(graph_resource::Error::Item(e)) => errors.push((e.index, e.id.clone())),
                    Err(e) => panic!("{e}"),
                }
            }
            assert_eq!(read, count - 1);
            assert_eq!(errors, [(bad, Some("the-bad-one".to_owned()))]);
            println!(
                "$select list of {count} with one bad item: {read} read, 1 error (item {bad}, id \
                 the-bad-one); peak heap {:.0} KiB above the emulator's store",
                peak_bytes().saturating_sub(before) as f64 / 1024.0
            );
        }
    });
}

fn main() {
    // `cargo bench -- <filter>` runs only criterion's groups that match.
    let filtered = std::env::args().skip(1).any(|a| !a.starts_with('-'));
    if !filtered {
        measurements();
    }
    let mut c = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    serialization(&mut c);
    paths(&mut c);
    round_trips(&mut c);
    c.final_summary();
}
