//! Packs a folder into a `.intunewin` and uploads it to Intune as a Win32
//! app, the whole chain in one call: the app, a content version, a content
//! file, the encrypted payload to Azure Storage as blocks (its URI renewed
//! before it expires), the commit, and the app's committed content version.
//! Prints each step, the committed version, the time the blocks took and
//! the process's peak memory.
//!
//! ```text
//! cargo run --release --example upload_win32_app            # a 1 GiB folder, on the emulator
//! cargo run --release --example upload_win32_app -- 64MiB   # or any size
//! GRAPH_TOKEN=... cargo run --release --example upload_win32_app -- path/to/folder setup.exe
//! ```
//!
//! Without `GRAPH_TOKEN` it makes a folder of the size given (incompressible
//! bytes and a `setup.exe`) and uploads it to the built-in emulator, whose
//! storage URIs expire every 30 seconds. With `GRAPH_TOKEN` and a folder
//! and its setup file, it uploads that folder to the real service (Graph
//! beta). With `GRAPH_BLOB_SAS` set to a container SAS URL (Azurite's, say)
//! the emulator hands out URIs to that container, so that the blocks go to
//! real Azure Storage code.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use graph_resource::emulator::{Emulator, EmulatorExt};
use graph_resource::ops::intune::{Win32Step, pack};
use graph_resource::{Client, StaticToken};
use graph_resource_examples::{app_folder, exit_code, parse_size, peak_memory_kib, setting};

#[tokio::main]
async fn main() -> ExitCode {
    exit_code(run().await)
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let scratch = std::env::temp_dir().join(format!("graph-resource-win32-example-{}", std::process::id()));
    std::fs::create_dir_all(&scratch)?;
    let _cleanup = Cleanup(scratch.clone());
    let (client, folder, setup, _emulator) = match (setting("GRAPH_TOKEN"), &args[..]) {
        (Some(token), [folder, setup]) => (
            Client::new(StaticToken::new(token)),
            PathBuf::from(folder),
            setup.clone(),
            None,
        ),
        (Some(_), _) => {
            return Err(
                "with GRAPH_TOKEN set, give the folder to pack and its setup file: upload_win32_app -- \
                 path/to/folder setup.exe"
                    .into(),
            );
        }
        (None, [] | [_]) => {
            let size = match args.first() {
                Some(arg) => parse_size(arg).ok_or_else(|| {
                    format!(
                        "`{arg}` is not a size: give bytes, or a number with KiB, MiB or GiB (e.g. 64MiB)"
                    )
                })?,
                None => 1 << 30,
            };
            let emulator = Emulator::start().await?;
            println!(
                "GRAPH_TOKEN is not set: using the built-in emulator at {}",
                emulator.base_url()
            );
            emulator.set_sas_lifetime(Duration::from_secs(30));
            if let Some(sas) = setting("GRAPH_BLOB_SAS") {
                emulator.set_blob_storage(&sas)?;
                println!("blocks go to the container of GRAPH_BLOB_SAS");
            }
            let folder = scratch.join("app");
            app_folder(&folder, size, 0x9E37_79B9_7F4A_7C15)?;
            (emulator.client(), folder, "setup.exe".to_owned(), Some(emulator))
        }
        (None, _) => return Err("without GRAPH_TOKEN, give at most a size (e.g. 64MiB)".into()),
    };

    let started = Instant::now();
    let package = pack(&folder, &setup, &scratch.join("app.intunewin"))?;
    println!(
        "packed {} ({} bytes, {} encrypted) in {:.1} s",
        folder.display(),
        package.detection().unencrypted_content_size,
        package.encrypted_size(),
        started.elapsed().as_secs_f64()
    );

    let mut last_step = None;
    let mut shown_checkpoint = false;
    let mut blocks_started = None;
    let mut blocks_took = Duration::ZERO;
    let app = client
        .upload_win32_app(&package)
        .app(&serde_json::json!({
            "displayName": "Contoso Tool (graph-resource example)",
            "publisher": "Contoso",
            "installCommandLine": "setup.exe /quiet",
            "uninstallCommandLine": "setup.exe /uninstall /quiet",
            "installExperience": {"runAsAccount": "system", "deviceRestartBehavior": "suppress"},
            "minimumSupportedWindowsRelease": "1607",
            "applicableArchitectures": "x64",
            "rules": [{
                "@odata.type": "#microsoft.graph.win32LobAppFileSystemRule",
                "ruleType": "detection",
                "path": "C:\\Program Files\\Contoso",
                "fileOrFolderName": "tool.exe",
                "operationType": "exists",
                "check32BitOn64System": false,
            }],
        }))
        .interval(Duration::from_millis(if _emulator.is_some() { 20 } else { 2000 }))
        .on_progress(|p| {
            if last_step != Some(p.step) {
                if last_step == Some(Win32Step::Uploading) {
                    println!();
                }
                println!("{}", p.step);
                last_step = Some(p.step);
            }
            if let (false, Some(c)) = (shown_checkpoint, p.checkpoint) {
                println!("  should it stop, resume with the checkpoint `{c}`");
                shown_checkpoint = true;
            }
            if p.step == Win32Step::Uploading {
                let started = *blocks_started.get_or_insert_with(Instant::now);
                blocks_took = started.elapsed();
                print!("\r  {} of {} bytes in storage", p.uploaded, p.total);
                let _ = std::io::stdout().flush();
            }
        })
        .send()
        .await?;
    println!(
        "app {} committed at content version {}",
        app["id"].as_str().unwrap_or("?"),
        app["committedContentVersion"].as_str().unwrap_or("?")
    );
    let mib = package.encrypted_size() as f64 / (1024.0 * 1024.0);
    println!(
        "blocks: {mib:.1} MiB in {:.1} s ({:.0} MiB/s); in all {:.1} s",
        blocks_took.as_secs_f64(),
        mib / blocks_took.as_secs_f64().max(1e-3),
        started.elapsed().as_secs_f64()
    );
    if let Some(renewals) = _emulator.as_ref().map(Emulator::sas_renewals) {
        println!("storage URI renewed {renewals} times");
    }
    if let Some(kib) = peak_memory_kib() {
        println!("peak memory: {:.1} MiB", kib as f64 / 1024.0);
    }
    Ok(())
}

/// Removes the scratch folder, whatever happens.
struct Cleanup(PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
