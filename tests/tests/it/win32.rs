//! Win32 app uploads against the emulator: the whole chain from a packed
//! folder to a committed app, the blob in storage byte for byte the
//! package's payload; the storage URI renewed when it expires and when its
//! time is near; a storage `503` retried; a failed commit an error that
//! names its state; an upload stopped midway resumed without sending again
//! the blocks storage holds.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use graph_resource::emulator::{Emulator, EmulatorExt, Fault};
use graph_resource::ops::intune::{Checkpoint, Package, Win32Step, pack};
use graph_resource::{Client, ClientCredentials, Error, RetryPolicy, StaticToken};
use serde_json::{Value, json};

/// Blocks of 16 KiB over a payload of about 100 KiB: seven blocks.
const BLOCK: u64 = 16 * 1024;

/// A test's scratch folder, removed when the test ends, passed or not.
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A package of about 100 KiB packed in a scratch folder that lives as long
/// as the returned guard.
fn package(name: &str, seed: u64) -> (Package, Scratch) {
    let dir = std::env::temp_dir().join(format!("graph-resource-win32-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = dir.join("app");
    graph_resource_examples::app_folder(&app, 100_000, seed).unwrap();
    let package = pack(&app, "setup.exe", &dir.join("tool.intunewin")).unwrap();
    (package, Scratch(dir))
}

fn payload(package: &Package) -> Vec<u8> {
    package
        .read_payload(|r| {
            let mut all = Vec::new();
            r.read_to_end(&mut all).unwrap();
            Ok(all)
        })
        .unwrap()
}

fn properties() -> Value {
    json!({
        "displayName": "Contoso Tool",
        "publisher": "Contoso",
        "installCommandLine": "setup.exe /quiet",
        "uninstallCommandLine": "setup.exe /uninstall",
    })
}

fn file_path(c: &Checkpoint) -> String {
    format!(
        "/deviceAppManagement/mobileApps/{}/microsoft.graph.win32LobApp/contentVersions/{}/files/{}",
        c.app_id, c.content_version_id, c.file_id
    )
}

fn block_puts(emulator: &Emulator) -> usize {
    emulator
        .requests()
        .iter()
        .filter(|r| r.method == "PUT" && r.target.contains("comp=block&"))
        .count()
}

#[tokio::test]
async fn a_packed_folder_becomes_a_committed_app_whose_blob_is_the_payload() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let (package, _package_dir) = package("whole", 7);
    let steps = Arc::new(Mutex::new(Vec::new()));
    let mut checkpoint = None;
    let seen = steps.clone();
    let app = client
        .upload_win32_app(&package)
        .app(&properties())
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            let mut seen = seen.lock().unwrap();
            if seen.last() != Some(&p.step) {
                seen.push(p.step);
            }
            if let Some(c) = p.checkpoint {
                checkpoint = Some(c.clone());
            }
        })
        .send()
        .await
        .unwrap();
    assert_eq!(app["committedContentVersion"], "1");
    assert_eq!(app["displayName"], "Contoso Tool");
    assert_eq!(app["@odata.type"], "#microsoft.graph.win32LobApp");
    assert_eq!(app["fileName"], "tool.intunewin");
    assert_eq!(app["setupFilePath"], "setup.exe");
    assert_eq!(
        *steps.lock().unwrap(),
        [
            Win32Step::CreatingApp,
            Win32Step::CreatingContentVersion,
            Win32Step::CreatingFile,
            Win32Step::WaitingForStorage,
            Win32Step::Uploading,
            Win32Step::Committing,
            Win32Step::SettingVersion,
            Win32Step::Done,
        ]
    );
    let checkpoint = checkpoint.expect("progress gave the checkpoint");
    let blob = emulator.content_file_blob(&file_path(&checkpoint)).unwrap();
    assert_eq!(blob.len() as u64, package.encrypted_size());
    assert_eq!(blob.as_ref(), payload(&package).as_slice());
    // The storage leg carries no token; each block says it is a block blob.
    let sent = emulator.requests();
    let storage: Vec<_> = sent.iter().filter(|r| r.target.starts_with("/_blob/")).collect();
    assert!(storage.iter().all(|r| r.header("authorization").is_none()));
    let blocks = package.encrypted_size().div_ceil(BLOCK) as usize;
    assert_eq!(block_puts(&emulator), blocks);
    assert!(
        storage
            .iter()
            .filter(|r| r.target.contains("comp=block&"))
            .all(|r| r.header("x-ms-blob-type") == Some("BlockBlob"))
    );
    // The file was made with the package's sizes, committed with its keys.
    let file = sent
        .iter()
        .find(|r| r.method == "POST" && r.target.ends_with("/files"))
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(file["sizeEncrypted"], package.encrypted_size());
    assert_eq!(file["size"], package.detection().unencrypted_content_size);
    let commit = sent
        .iter()
        .find(|r| r.target.ends_with("/commit"))
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        commit["fileEncryptionInfo"],
        package.detection().encryption.to_graph()
    );
}

#[tokio::test]
async fn an_expired_storage_uri_is_renewed_and_the_block_sent_again() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let (package, _package_dir) = package("expired", 11);
    let mut expired = false;
    let mut checkpoint = None;
    client
        .upload_win32_app(&package)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            checkpoint = p.checkpoint.cloned();
            // After the second block, storage stops taking the URI.
            if p.step == Win32Step::Uploading && p.uploaded == 2 * BLOCK && !expired {
                emulator.expire_sas();
                expired = true;
            }
        })
        .send()
        .await
        .unwrap();
    assert_eq!(emulator.sas_renewals(), 1);
    let refused = emulator
        .requests()
        .iter()
        .filter(|r| r.target.contains("/renewUpload"))
        .count();
    assert_eq!(refused, 1);
    let blob = emulator
        .content_file_blob(&file_path(&checkpoint.unwrap()))
        .unwrap();
    assert_eq!(blob.as_ref(), payload(&package).as_slice());
    // The block refused with the old URI went again with the new one.
    assert_eq!(
        block_puts(&emulator),
        package.encrypted_size().div_ceil(BLOCK) as usize + 1
    );
}

#[tokio::test]
async fn a_storage_uri_near_its_expiry_is_renewed_before_it_is_refused() {
    let emulator = Emulator::start().await.unwrap();
    // Each URI lives 5 s; the upload renews at three quarters of that.
    emulator.set_sas_lifetime(Duration::from_secs(5));
    let client = emulator.client();
    let (package, _package_dir) = package("near", 13);
    let mut refused_before = None;
    client
        .upload_win32_app(&package)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            if p.step == Win32Step::Uploading && p.uploaded == BLOCK {
                // Let the URI come near its end before the next block.
                std::thread::sleep(Duration::from_secs(4));
                refused_before = Some(emulator.sas_renewals());
            }
        })
        .send()
        .await
        .unwrap();
    assert_eq!(refused_before, Some(0));
    assert!(emulator.sas_renewals() >= 1);
    let storage = emulator
        .requests()
        .iter()
        .filter(|r| r.target.starts_with("/_blob/"))
        .count();
    // None was refused: each block once, the list and one Get Block List.
    assert_eq!(storage, package.encrypted_size().div_ceil(BLOCK) as usize + 2);
}

#[tokio::test]
async fn a_storage_503_is_retried() {
    let emulator = Emulator::start().await.unwrap();
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .retry_policy(RetryPolicy::default().with_base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    let (package, _package_dir) = package("503", 17);
    let mut injected = false;
    client
        .upload_win32_app(&package)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            if p.step == Win32Step::Uploading && p.uploaded == BLOCK && !injected {
                emulator.inject(1, Fault::graph_error(503, "ServerBusy", "The server is busy."));
                injected = true;
            }
        })
        .send()
        .await
        .unwrap();
    assert_eq!(
        block_puts(&emulator),
        package.encrypted_size().div_ceil(BLOCK) as usize + 1
    );
}

#[tokio::test]
async fn a_failed_commit_names_its_state_and_where_to_resume() {
    let emulator = Emulator::start().await.unwrap();
    emulator.fail_next_commit("commitFileTimedOut");
    let (package, _package_dir) = package("commit", 19);
    let err = emulator
        .client()
        .upload_win32_app(&package)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.step, Win32Step::WaitingForCommit);
    assert!(
        matches!(&err.source, Error::Poll(p) if p.last_status.as_deref() == Some("commitFileTimedOut")),
        "{err:?}"
    );
    assert!(err.checkpoint.is_some());
    let shown = err.to_string();
    assert!(
        shown.contains("commitFileTimedOut") && shown.contains("waiting for the commit"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_stopped_upload_resumes_without_sending_the_blocks_storage_holds() {
    let emulator = Emulator::start().await.unwrap();
    let (package, _package_dir) = package("resume", 23);
    let blocks = package.encrypted_size().div_ceil(BLOCK) as usize;
    // A client that does not retry, so that one 500 on the fourth block
    // stops the run.
    let brittle = brittle(&emulator);
    let mut injected = false;
    let err = brittle
        .upload_win32_app(&package)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            if p.step == Win32Step::Uploading && p.uploaded == 3 * BLOCK && !injected {
                emulator.inject(1, Fault::graph_error(500, "InternalError", "Storage broke."));
                injected = true;
            }
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.step, Win32Step::Uploading);
    let checkpoint = err.checkpoint.clone().expect("a checkpoint once the file exists");
    assert_eq!(block_puts(&emulator), 4);
    // Kept as a line, read back, resumed by another client.
    let kept = checkpoint.to_string();
    let resumed: Checkpoint = kept.parse().unwrap();
    let app = emulator
        .client()
        .upload_win32_app(&package)
        .resume(resumed)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .send()
        .await
        .unwrap();
    assert_eq!(app["committedContentVersion"], "1");
    // Three blocks were held; the refused one and the rest went.
    assert_eq!(block_puts(&emulator), 4 + blocks - 3);
    let blob = emulator.content_file_blob(&file_path(&checkpoint)).unwrap();
    assert_eq!(blob.as_ref(), payload(&package).as_slice());
    // Only one app was made.
    assert_eq!(emulator.items("/deviceAppManagement/mobileApps").len(), 1);
}

#[tokio::test]
async fn a_checkpoint_of_another_package_or_a_bad_line_is_refused() {
    let emulator = Emulator::start().await.unwrap();
    let (first, _first_dir) = package("first", 29);
    let err = brittle(&emulator)
        .upload_win32_app(&first)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            if p.step == Win32Step::Uploading && p.uploaded == 0 {
                emulator.inject(1, Fault::graph_error(500, "InternalError", "Storage broke."));
            }
        })
        .send()
        .await
        .unwrap_err();
    let (other, _other_dir) = package("other", 31);
    let refused = emulator
        .client()
        .upload_win32_app(&other)
        .resume(err.checkpoint.unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&refused.source, Error::InvalidRequest(e) if e.message.contains("another package")),
        "{refused:?}"
    );
    let bad = "win32lobapp only-two".parse::<Checkpoint>().unwrap_err();
    assert!(bad.contains("not a checkpoint"), "{bad}");
}

#[tokio::test]
async fn a_graph_token_that_expires_midway_is_refreshed() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app("app-1", "s3cret");
    let client = Client::builder()
        .base_url(emulator.base_url())
        .token(
            ClientCredentials::new("contoso.onmicrosoft.com", "app-1", "s3cret")
                .authority(emulator.authority()),
        )
        .build()
        .unwrap();
    let (package, _package_dir) = package("token", 37);
    let mut revoked = 0;
    client
        .upload_win32_app(&package)
        .block_size(BLOCK)
        .interval(Duration::from_millis(5))
        .on_progress(|p| {
            // The token stops working before the file is read, and again
            // before the commit: each next Graph call is refused once.
            let at = [Win32Step::WaitingForStorage, Win32Step::Committing][revoked.min(1)];
            if p.step == at && revoked < 2 {
                emulator.revoke_tokens();
                revoked += 1;
            }
        })
        .send()
        .await
        .unwrap();
    assert_eq!(revoked, 2);
    assert_eq!(
        emulator.token_requests(),
        3,
        "the first token and one per revocation"
    );
    // The storage leg never carried it.
    assert!(
        emulator
            .requests()
            .iter()
            .filter(|r| r.target.starts_with("/_blob/"))
            .all(|r| r.header("authorization").is_none())
    );
}

/// A client that does not retry: one fault stops its upload.
fn brittle(emulator: &Emulator) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(StaticToken::new("t"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}
