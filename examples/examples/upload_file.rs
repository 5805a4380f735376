//! Uploads a file through an upload session and downloads it back as a
//! stream, in bounded memory: a file of the size given (1 GiB unless
//! given; made here, not kept), sent in slices of the default size (5
//! MiB), read back piece by piece. Prints the bytes sent and received, whether their SHA-256 match,
//! the throughput each way, and the process's peak memory.
//!
//! ```text
//! cargo run --release --example upload_file            # 1 GiB
//! cargo run --release --example upload_file -- 64MiB   # or any size: 100KiB, 2GiB, 5000
//! ```
//!
//! With `GRAPH_TOKEN` and `GRAPH_DRIVE_ID` set it uploads to that drive's
//! root on Graph v1.0; without them, to the built-in emulator, which keeps
//! large uploads on disk, so that the peak memory printed is this
//! program's own.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::ops::UploadSession;
use graph_resource::{ApiVersion, Client, Cloud, Method, StaticToken};
use graph_resource_examples::{exit_code, parse_size, peak_memory_kib, setting};
use ring::digest::{Context, SHA256};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let size = match std::env::args().nth(1) {
        Some(arg) => parse_size(&arg).ok_or_else(|| {
            format!("`{arg}` is not a size: give bytes, or a number with KiB, MiB or GiB (e.g. 64MiB)")
        })?,
        None => 1 << 30,
    };
    let (client, drive, _emulator) = match (setting("GRAPH_TOKEN"), setting("GRAPH_DRIVE_ID")) {
        (Some(token), Some(drive)) => {
            let client = Client::builder()
                .cloud(Cloud::Global, ApiVersion::V1)
                .token(StaticToken::new(token))
                .build()?;
            (client, drive, None)
        }
        _ => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN and GRAPH_DRIVE_ID are not both set: using the built-in emulator at {}",
                emulator.base_url_for("v1.0")
            );
            (
                emulator.client_for(ApiVersion::V1),
                "d1".to_owned(),
                Some(emulator),
            )
        }
    };

    // The file, made here, and its digest as it is written.
    let path = std::env::temp_dir().join(format!("graph-resource-upload-{}.bin", std::process::id()));
    let sent_digest = write_file(&path, size)?;
    let name = "graph-resource-upload.bin";

    let session = UploadSession::start(
        client
            .request(Method::POST, "/drives/{drive}/root:/{name}:/createUploadSession")
            .value("drive", &drive)
            .value("name", name)
            .json(&serde_json::json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}})),
    )
    .await?;
    let url = session.upload_url;
    let started = Instant::now();
    let mut shown = 0;
    let uploaded = client
        .upload(&url)
        .file(&path)
        .on_progress(move |sent, total| {
            let tenth = sent * 10 / total.max(1);
            if tenth > shown {
                shown = tenth;
                println!("  sent {} of {} MiB", sent >> 20, total >> 20);
            }
        })
        .send()
        .await;
    std::fs::remove_file(&path)?;
    let item = uploaded?;
    let up = started.elapsed();
    println!("uploaded {} as item {}", name, item["id"]);

    let started = Instant::now();
    let mut download = client
        .request(Method::GET, "/drives/{drive}/root:/{name}:/content")
        .value("drive", &drive)
        .value("name", name)
        .download()
        .await?;
    let mut digest = Context::new(&SHA256);
    while let Some(chunk) = download.chunk().await? {
        digest.update(&chunk);
    }
    let down = started.elapsed();
    let received_digest = digest.finish();

    let mib = |bytes: u64, secs: f64| bytes as f64 / (1 << 20) as f64 / secs.max(1e-9);
    println!(
        "bytes sent:     {size} ({:.1} MiB/s)",
        mib(size, up.as_secs_f64())
    );
    println!(
        "bytes received: {} ({:.1} MiB/s)",
        download.received(),
        mib(download.received(), down.as_secs_f64())
    );
    let same = sent_digest.as_ref() == received_digest.as_ref() && download.received() == size;
    println!("SHA-256 match:  {same}");
    match peak_memory_kib() {
        Some(kib) => println!("peak memory:    {:.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory:    (not known on this system)"),
    }
    if !same {
        return Err("the content came back changed".into());
    }
    Ok(())
}

/// Writes `size` bytes of a pattern to `path`, and answers their SHA-256.
fn write_file(path: &std::path::Path, size: u64) -> std::io::Result<ring::digest::Digest> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut digest = Context::new(&SHA256);
    let block: Vec<u8> = (0..1 << 20)
        .map(|i: u32| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        file.write_all(&block[..n])?;
        digest.update(&block[..n]);
        left -= n as u64;
    }
    file.flush()?;
    Ok(digest.finish())
}
