//! Throughput of a large upload (through an upload session, 5 MiB slices)
//! and its download (a stream, through the redirect to a pre-signed URL),
//! with graph-resource beside the same transfer written with reqwest by
//! hand, against the emulator on loopback (which keeps large content in a
//! temporary file, so the disk is part of every figure). Alternates which
//! goes first, `ROUNDS` times (4 unless set), and prints each side's MiB/s
//! and the ratio of their total times.
//!
//! ```text
//! cargo run --release -p graph-resource-benches --bin transfer            # 1 GiB
//! cargo run --release -p graph-resource-benches --bin transfer -- 256     # MiB
//! ```

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::ops::{SLICE_UNIT, UploadSession};
use graph_resource::{ApiVersion, Client, Method};

const SLICE: u64 = 16 * SLICE_UNIT;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mib: u64 = std::env::args().nth(1).map_or(Ok(1024), |a| a.parse())?;
    let rounds: usize = std::env::var("ROUNDS").map_or(Ok(4), |r| r.parse())?;
    let size = mib << 20;
    let path = std::env::temp_dir().join(format!("graph-resource-transfer-{}.bin", std::process::id()));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
    let block: Vec<u8> = (0..1u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    for _ in 0..mib {
        file.write_all(&block)?;
    }
    file.flush()?;
    drop(file);
    println!("# {mib} MiB, {rounds} rounds, 5 MiB slices, against the emulator on loopback");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 1..=rounds {
        // Each side goes first in turn: the page cache favours the second.
        let emulator = Emulator::start().await?;
        let (a, b) = if round % 2 == 1 {
            let a = with_graph_resource(&emulator, &path, size).await?;
            (a, by_hand(&emulator, &path, size).await?)
        } else {
            let b = by_hand(&emulator, &path, size).await?;
            (with_graph_resource(&emulator, &path, size).await?, b)
        };
        println!(
            "round {round}: upload {:.0} vs {:.0} MiB/s, download {:.0} vs {:.0} MiB/s (graph-resource vs by \
             hand)",
            rate(size, a.0),
            rate(size, b.0),
            rate(size, a.1),
            rate(size, b.1)
        );
        ours.push(a);
        theirs.push(b);
    }
    cut_connections(&path, size).await?;
    std::fs::remove_file(&path)?;
    let total = |v: &[(Duration, Duration)], f: fn(&(Duration, Duration)) -> Duration| {
        v.iter().map(f).sum::<Duration>()
    };
    let up = total(&theirs, |t| t.0).as_secs_f64() / total(&ours, |t| t.0).as_secs_f64();
    let down = total(&theirs, |t| t.1).as_secs_f64() / total(&ours, |t| t.1).as_secs_f64();
    println!("throughput, graph-resource over by hand: upload {up:.2}x, download {down:.2}x");
    Ok(())
}

fn rate(size: u64, took: Duration) -> f64 {
    size as f64 / (1 << 20) as f64 / took.as_secs_f64()
}

/// Upload and download times with graph-resource.
async fn with_graph_resource(
    emulator: &Emulator,
    path: &Path,
    size: u64,
) -> Result<(Duration, Duration), Box<dyn std::error::Error>> {
    let client: Client = emulator.client_for(ApiVersion::V1);
    let started = Instant::now();
    let url =
        UploadSession::start(client.request(Method::POST, "/drives/d1/root:/ours.bin:/createUploadSession"))
            .await?
            .upload_url;
    client.upload(&url).file(path).slice_size(SLICE).send().await?;
    let up = started.elapsed();
    let started = Instant::now();
    let mut download = client
        .request(Method::GET, "/drives/d1/root:/ours.bin:/content")
        .download()
        .await?;
    while download.chunk().await?.is_some() {}
    assert_eq!(download.received(), size);
    Ok((up, started.elapsed()))
}

/// The same with reqwest by hand: the token on Graph's requests, none on
/// the upload URL, slices read from the file one at a time.
async fn by_hand(
    emulator: &Emulator,
    path: &Path,
    size: u64,
) -> Result<(Duration, Duration), Box<dyn std::error::Error>> {
    let http = reqwest::Client::new();
    let base = emulator.base_url_for("v1.0");
    let started = Instant::now();
    let answer = http
        .post(format!("{base}/drives/d1/root:/theirs.bin:/createUploadSession"))
        .bearer_auth("token")
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let session: serde_json::Value = serde_json::from_slice(&answer)?;
    let url = session["uploadUrl"].as_str().ok_or("no uploadUrl")?.to_owned();
    let mut file = std::fs::File::open(path)?;
    let mut offset = 0;
    while offset < size {
        let len = SLICE.min(size - offset);
        let mut slice = vec![0; len as usize];
        file.seek(SeekFrom::Start(offset))?;
        file.read_exact(&mut slice)?;
        http.put(&url)
            .header(
                "Content-Range",
                format!("bytes {offset}-{}/{size}", offset + len - 1),
            )
            .body(slice)
            .send()
            .await?
            .error_for_status()?;
        offset += len;
    }
    let up = started.elapsed();
    let started = Instant::now();
    let mut response = http
        .get(format!("{base}/drives/d1/root:/theirs.bin:/content"))
        .bearer_auth("token")
        .send()
        .await?
        .error_for_status()?;
    let mut received = 0;
    while let Some(chunk) = response.chunk().await? {
        received += chunk.len() as u64;
    }
    assert_eq!(received, size);
    Ok((up, started.elapsed()))
}

/// The upload again, with ten connections cut at random slices: half cut
/// while the slice's body arrives (it never arrives whole), half after the
/// session took it (its answer is lost). It completes, the content comes back the same, and a range is sent
/// twice only when it never arrived.
async fn cut_connections(path: &Path, size: u64) -> Result<(), Box<dyn std::error::Error>> {
    use graph_resource::emulator::Fault;
    let emulator = Emulator::start().await?;
    let client: Client = emulator.client_for(ApiVersion::V1);
    let url =
        UploadSession::start(client.request(Method::POST, "/drives/d1/root:/cut.bin:/createUploadSession"))
            .await?
            .upload_url;
    // The upload's first request reads the session; then a slice a
    // request, and a read after each cut.
    let slices = size.div_ceil(SLICE);
    let mut at: Vec<u64> = (0..10).map(|_| 1 + fastrand::u64(..slices)).collect();
    at.sort_unstable();
    at.dedup();
    let (mut queued, mut lost_slices) = (0, 0);
    for (i, &request) in at.iter().enumerate() {
        // Requests already queued count toward the position.
        emulator.inject((request.saturating_sub(queued)) as usize, Fault::Serve);
        if i % 2 == 0 {
            // Cut while the slice's body is arriving.
            emulator.inject(1, Fault::CutBody);
            lost_slices += 1;
        } else {
            emulator.inject(1, Fault::DropAfterServing);
        }
        // The cut slice is followed by a read of the session.
        emulator.inject(1, Fault::Serve);
        queued = request + 2;
    }
    let started = Instant::now();
    client.upload(&url).file(path).slice_size(SLICE).send().await?;
    let took = started.elapsed();
    let ranges: Vec<String> = emulator
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .filter_map(|r| r.header("content-range").map(str::to_owned))
        .collect();
    let mut distinct = ranges.clone();
    distinct.sort();
    distinct.dedup();
    let resent = ranges.len() - distinct.len();
    let mut download = client
        .request(Method::GET, "/drives/d1/root:/cut.bin:/content")
        .download()
        .await?;
    let mut same = true;
    let mut file = std::fs::File::open(path)?;
    let mut expected = vec![0; 1 << 20];
    let mut pending: Vec<u8> = Vec::new();
    while let Some(chunk) = download.chunk().await? {
        pending.extend_from_slice(&chunk);
        while pending.len() >= expected.len() {
            file.read_exact(&mut expected)?;
            same &= pending[..expected.len()] == expected[..];
            pending.drain(..expected.len());
        }
    }
    if !pending.is_empty() {
        let mut rest = vec![0; pending.len()];
        file.read_exact(&mut rest)?;
        same &= rest == pending;
    }
    same &= download.received() == size;
    println!(
        "cut connections: {} cuts ({lost_slices} slices lost, {} answers lost), completed in {:.1} s, \
         content the same: {same}, ranges sent twice: {resent} (a range resent only when it never arrived: \
         {})",
        at.len(),
        at.len() - lost_slices,
        took.as_secs_f64(),
        resent == lost_slices
    );
    if !same || resent != lost_slices {
        return Err("the upload with cut connections went wrong".into());
    }
    Ok(())
}
