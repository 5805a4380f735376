//! Runs an Intune report export and reads its rows as they come: the job
//! is posted, waited on until `completed`, its ZIP downloaded from the
//! pre-signed URL without the token, and its CSV read a row at a time into
//! a struct, in flat memory whatever the row count.
//!
//! ```text
//! cargo run --example export_report            # 100,000 rows on the emulator
//! cargo run --example export_report -- 5000    # or any row count
//! ```
//!
//! With `GRAPH_TOKEN` set it exports the `DeviceCompliance` report of the
//! real service (Graph beta, as the exports API is served there).

use std::process::ExitCode;
use std::time::Duration;

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::{Client, StaticToken};
use graph_resource_examples::{exit_code, peak_memory_kib, setting};

/// A row of the `DeviceCompliance` report, by its columns' names.
#[derive(Debug, serde::Deserialize)]
struct Device {
    #[serde(rename = "DeviceName")]
    name: String,
    #[serde(rename = "ComplianceState")]
    state: String,
    #[serde(rename = "OS")]
    os: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let rows: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().map_err(|_| format!("`{n}` is not a row count"))?,
        None => 100_000,
    };
    let (client, _emulator) = match setting("GRAPH_TOKEN") {
        Some(token) => (Client::new(StaticToken::new(token)), None),
        None => {
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN is not set: using the built-in emulator at {}",
                emulator.base_url()
            );
            let mut csv = String::from("DeviceName,ComplianceState,OS\n");
            for i in 0..rows {
                let state = if i % 7 == 0 { "noncompliant" } else { "compliant" };
                csv.push_str(&format!("PC-{i:06},{state},Windows\n"));
            }
            emulator.set_report("DeviceCompliance", csv);
            (emulator.client(), Some(emulator))
        }
    };

    let report = client
        .export_report("DeviceCompliance")
        .select(["DeviceName", "ComplianceState", "OS"])
        .interval(Duration::from_millis(if _emulator.is_some() { 10 } else { 2000 }))
        .run()
        .await?;
    let (mut count, mut noncompliant) = (0, 0);
    for device in report.rows::<Device>()? {
        let device = device?;
        if count < 3 {
            println!("{} ({}): {}", device.name, device.os, device.state);
        }
        count += 1;
        noncompliant += usize::from(device.state == "noncompliant");
    }
    println!("{count} rows, {noncompliant} noncompliant");
    if let Some(kib) = peak_memory_kib() {
        println!("peak memory: {:.1} MiB", kib as f64 / 1024.0);
    }
    Ok(())
}
