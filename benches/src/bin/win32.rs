//! Time of a Win32 app's blocks: the encrypted payload of a packed folder
//! sent to the emulator's blob storage as 6 MiB blocks and a block list,
//! by `upload_win32_app` (its whole chain run, the blocks' time taken from
//! its progress) beside the same
//! blocks sent with reqwest by hand to a URI got the same way. The storage
//! URI lives 2 s: loopback moves a gibibyte in seconds, so 2 s stands for
//! the service's minutes and graph-resource's side renews it as it goes
//! (the hand-written side, done within the URI's time, does not need to).
//! Alternates which goes first, `ROUNDS` times (2 unless set), and prints
//! each side's MiB/s, the renewals, and the ratio of their total times.
//!
//! ```text
//! cargo run --release -p graph-resource-benches --bin win32            # 1 GiB
//! cargo run --release -p graph-resource-benches --bin win32 -- 256     # MiB
//! ```

use std::io::Read;

use base64::Engine as _;
use std::time::{Duration, Instant};

use graph_resource::Method;
use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::ops::intune::{DEFAULT_BLOCK, Package, Win32Step, pack};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: u64 = std::env::args().nth(1).map_or(Ok(1024), |a| a.parse())?;
    let rounds: usize = std::env::var("ROUNDS").map_or(Ok(2), |r| r.parse())?;
    let dir = std::env::temp_dir().join(format!("graph-resource-win32-bench-{}", std::process::id()));
    let folder = dir.join("app");
    graph_resource_examples::app_folder(&folder, mib << 20, 0x9E37_79B9_7F4A_7C15)?;
    let package = pack(&folder, "setup.exe", &dir.join("app.intunewin"))?;
    let size = package.encrypted_size();
    println!("# {mib} MiB folder, {size} bytes encrypted, 6 MiB blocks, {rounds} rounds, SAS of 2 s");
    let (mut ours, mut theirs, mut ratios) = (Duration::ZERO, Duration::ZERO, Vec::new());
    for round in 1..=rounds {
        let emulator = Emulator::start().await?;
        emulator.set_sas_lifetime(Duration::from_secs(2));
        let (a, b) = if round % 2 == 1 {
            let a = with_graph_resource(&emulator, &package).await?;
            (a, by_hand(&emulator, &package).await?)
        } else {
            let b = by_hand(&emulator, &package).await?;
            (with_graph_resource(&emulator, &package).await?, b)
        };
        println!(
            "round {round}: blocks {:.0} vs {:.0} MiB/s (graph-resource vs by hand), {} renewals",
            rate(size, a),
            rate(size, b),
            emulator.sas_renewals()
        );
        ours += a;
        theirs += b;
        ratios.push(b.as_secs_f64() / a.as_secs_f64());
    }
    std::fs::remove_dir_all(&dir)?;
    ratios.sort_by(f64::total_cmp);
    // The disk's writeback of a gibibyte lands on one side or the other:
    // the median round says more than the total.
    println!(
        "blocks' throughput, graph-resource over by hand: {:.2}x in all, {:.2}x the median round",
        theirs.as_secs_f64() / ours.as_secs_f64(),
        ratios[ratios.len() / 2]
    );
    Ok(())
}

fn rate(size: u64, took: Duration) -> f64 {
    size as f64 / (1 << 20) as f64 / took.as_secs_f64()
}

/// The whole chain; the time from the first block's start to the block
/// list's end, as its progress tells it.
async fn with_graph_resource(
    emulator: &Emulator,
    package: &Package,
) -> Result<Duration, Box<dyn std::error::Error>> {
    let mut started = None;
    let mut took = Duration::ZERO;
    emulator
        .client()
        .upload_win32_app(package)
        .interval(Duration::from_millis(20))
        .on_progress(|p| match p.step {
            Win32Step::Uploading => {
                started.get_or_insert_with(Instant::now);
            }
            Win32Step::Committing => took = started.map_or(Duration::ZERO, |s| s.elapsed()),
            _ => {}
        })
        .send()
        .await?;
    Ok(took)
}

/// A content file made through the emulator, then its blocks sent with
/// reqwest: read from the package a block at a time, `PUT ?comp=block`,
/// then `PUT ?comp=blocklist`.
async fn by_hand(emulator: &Emulator, package: &Package) -> Result<Duration, Box<dyn std::error::Error>> {
    let client = emulator.client();
    let app: Value = client
        .request(Method::POST, "/deviceAppManagement/mobileApps")
        .json(&json!({"@odata.type": "#microsoft.graph.win32LobApp", "displayName": "by hand"}))
        .send()
        .await?;
    let versions = format!(
        "/deviceAppManagement/mobileApps/{}/microsoft.graph.win32LobApp/contentVersions",
        app["id"].as_str().ok_or("no app id")?
    );
    let version: Value = client
        .request(Method::POST, &versions)
        .json(&json!({}))
        .send()
        .await?;
    let files = format!(
        "{versions}/{}/files",
        version["id"].as_str().ok_or("no version id")?
    );
    let file: Value = client
        .request(Method::POST, &files)
        .json(
            &json!({"name": "IntunePackage.intunewin", "size": 1, "sizeEncrypted": package.encrypted_size()}),
        )
        .send()
        .await?;
    let file_path = format!("{files}/{}", file["id"].as_str().ok_or("no file id")?);
    // A URI that outlives the loop: the hand-written side renews nothing.
    emulator.set_sas_lifetime(Duration::from_secs(3600));
    let sas = loop {
        let file: Value = client.request(Method::GET, &file_path).send().await?;
        if let Some(uri) = file["azureStorageUri"].as_str() {
            break uri.to_owned();
        }
    };
    let http = reqwest::Client::new();
    let started = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Vec<u8>>(1);
    let reader = package.clone();
    let reading = tokio::task::spawn_blocking(move || {
        reader.read_payload(|payload| {
            loop {
                let mut block = Vec::with_capacity(DEFAULT_BLOCK as usize);
                let n = payload
                    .take(DEFAULT_BLOCK)
                    .read_to_end(&mut block)
                    .map_err(|e| graph_resource::ops::intune::PackageError::Format(e.to_string()))?;
                if n == 0 || tx.blocking_send(block).is_err() {
                    return Ok(());
                }
            }
        })
    });
    let mut ids = Vec::new();
    while let Some(block) = rx.recv().await {
        let id = format!("block-{:08}", ids.len());
        let id = base64::engine::general_purpose::STANDARD.encode(id);
        http.put(format!("{sas}&comp=block&blockid={}", id.replace('=', "%3D")))
            .header("x-ms-blob-type", "BlockBlob")
            .body(block)
            .send()
            .await?
            .error_for_status()?;
        ids.push(id);
    }
    reading.await??;
    let list: String = ids.iter().map(|id| format!("<Latest>{id}</Latest>")).collect();
    http.put(format!("{sas}&comp=blocklist"))
        .body(format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>{list}</BlockList>"
        ))
        .send()
        .await?
        .error_for_status()?;
    let took = started.elapsed();
    emulator.set_sas_lifetime(Duration::from_secs(2));
    Ok(took)
}
