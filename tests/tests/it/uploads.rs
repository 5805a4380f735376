//! Resumable uploads through upload sessions: slices in order, each a
//! multiple of 320 KiB, what the session acknowledged never sent again,
//! resumed from a stored URL, cancelled, and an expired session a clear
//! error.

use std::sync::{Arc, Mutex};

use graph_resource::emulator::{Emulator, EmulatorExt, Fault};
use graph_resource::ops::{SLICE_UNIT, UploadSession};
use graph_resource::{Client, Error, Method};

const ITEM: &str = "/drives/d1/items/root:/big.bin:";

fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 253) as u8).collect()
}

async fn session(client: &Client) -> String {
    let session = UploadSession::start(
        client
            .request(
                Method::POST,
                "/drives/d1/items/root:/big.bin:/createUploadSession",
            )
            .json(&serde_json::json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}})),
    )
    .await
    .unwrap();
    assert_eq!(session.next_expected_ranges, ["0-"]);
    // Its URL's credential stays out of `Debug`.
    let query = session.upload_url.split('?').nth(1).unwrap();
    assert!(!format!("{session:?}").contains(query));
    session.upload_url
}

/// The `Content-Range` of every slice sent to the upload URL.
fn slices(emulator: &Emulator) -> Vec<String> {
    emulator
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT" && r.target.starts_with("/_upload/"))
        .map(|r| {
            assert_eq!(r.header("authorization"), None, "an upload URL gets no token");
            r.header("content-range").unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_upload_goes_in_slices_in_order_with_progress() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    let bytes = pattern(3 * SLICE_UNIT as usize + 100);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let item = client
        .upload(&url)
        .bytes(bytes.clone())
        .slice_size(SLICE_UNIT)
        .on_progress(move |sent, total| log.lock().unwrap().push((sent, total)))
        .send()
        .await
        .unwrap();
    assert_eq!(item["name"], "big.bin");
    assert_eq!(item["size"], bytes.len());
    assert_eq!(emulator.content(ITEM).unwrap(), bytes);
    let total = bytes.len();
    assert_eq!(
        slices(&emulator),
        [
            format!("bytes 0-327679/{total}"),
            format!("bytes 327680-655359/{total}"),
            format!("bytes 655360-983039/{total}"),
            format!("bytes 983040-983139/{total}"),
        ]
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.last(), Some(&(total as u64, total as u64)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
}

#[tokio::test]
async fn a_file_is_read_a_slice_at_a_time() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    let bytes = pattern(2 * SLICE_UNIT as usize + 1);
    let path = std::env::temp_dir().join(format!("graph-resource-upload-{}.bin", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    client
        .upload(&url)
        .file(&path)
        .slice_size(SLICE_UNIT)
        .send()
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(emulator.content(ITEM).unwrap(), bytes);
    assert_eq!(slices(&emulator).len(), 3);
}

#[tokio::test]
async fn a_slice_whose_answer_was_lost_is_not_sent_again() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    let bytes = pattern(4 * SLICE_UNIT as usize);
    // The status read and the first slice pass; the second slice is
    // taken, but its answer is lost; then a slice never arrives; then one
    // is cut halfway through its body.
    emulator.inject(2, Fault::Serve);
    emulator.inject(1, Fault::DropAfterServing);
    emulator.inject(1, Fault::Serve);
    emulator.inject(1, Fault::Drop);
    emulator.inject(2, Fault::Serve);
    emulator.inject(1, Fault::CutBody);
    client
        .upload(&url)
        .bytes(bytes.clone())
        .slice_size(SLICE_UNIT)
        .send()
        .await
        .unwrap();
    assert_eq!(emulator.content(ITEM).unwrap(), bytes);
    let total = bytes.len();
    assert_eq!(
        slices(&emulator),
        [
            format!("bytes 0-327679/{total}"),
            // Taken, its answer lost: the session is asked, and says so.
            format!("bytes 327680-655359/{total}"),
            // Never arrived: sent again, after asking.
            format!("bytes 655360-983039/{total}"),
            format!("bytes 655360-983039/{total}"),
            // Cut halfway: sent again, after asking.
            format!("bytes 983040-1310719/{total}"),
            format!("bytes 983040-1310719/{total}"),
        ]
    );
}

#[tokio::test]
async fn an_upload_resumes_from_a_stored_url_after_what_the_session_has() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    let bytes = pattern(2 * SLICE_UNIT as usize + 10);
    let total = bytes.len();
    // Another process sent the first slice, then stopped.
    client
        .presigned(Method::PUT, &url)
        .header("Content-Range", format!("bytes 0-327679/{total}"))
        .body(bytes[..SLICE_UNIT as usize].to_vec(), "application/octet-stream")
        .send()
        .await
        .unwrap();
    assert_eq!(emulator.upload_sessions(), [SLICE_UNIT]);
    client
        .upload(&url)
        .bytes(bytes.clone())
        .slice_size(SLICE_UNIT)
        .send()
        .await
        .unwrap();
    assert_eq!(emulator.content(ITEM).unwrap(), bytes);
    assert_eq!(
        slices(&emulator)[1..],
        [
            format!("bytes 327680-655359/{total}"),
            format!("bytes 655360-655369/{total}")
        ]
    );
}

#[tokio::test]
async fn an_expired_or_cancelled_session_is_a_clear_error() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    emulator.expire_upload_sessions();
    let err = client.upload(&url).bytes(pattern(10)).send().await.unwrap_err();
    let Error::Upload(upload) = &err else {
        panic!("{err:?}")
    };
    assert!(upload.expired);
    assert!(err.to_string().contains("create a new session"), "{err}");

    let url = session(&client).await;
    client.cancel_upload(&url).await.unwrap();
    let err = client.upload(&url).bytes(pattern(10)).send().await.unwrap_err();
    assert!(matches!(&err, Error::Upload(u) if u.expired), "{err:?}");
    // The URL's credential is in no error.
    let query = url.split('?').nth(1).unwrap();
    assert!(!err.to_string().contains(query) && !format!("{err:?}").contains(query));
}

#[tokio::test]
async fn a_slice_size_the_service_would_refuse_is_refused_before_sending() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    for size in [0, 1000, SLICE_UNIT + 1, 61 * 1024 * 1024] {
        let err = client
            .upload(&url)
            .bytes(pattern(10))
            .slice_size(size)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(&err, Error::InvalidRequest(_)), "{size}: {err:?}");
    }
    let sent = emulator
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/_upload/"))
        .count();
    assert_eq!(sent, 0);
}

#[tokio::test]
async fn a_large_upload_is_kept_on_disk_and_downloads_back_in_pieces() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let url = session(&client).await;
    // Past the emulator's 8 MiB, content goes to a file.
    let bytes = pattern(9 << 20);
    client
        .upload(&url)
        .bytes(bytes.clone())
        .slice_size(10 * SLICE_UNIT)
        .send()
        .await
        .unwrap();
    let mut download = client
        .request(Method::GET, "/drives/d1/items/root:/big.bin:/content")
        .download()
        .await
        .unwrap();
    assert_eq!(download.content_length(), Some(9 << 20));
    let mut read = Vec::with_capacity(9 << 20);
    while let Some(chunk) = download.chunk().await.unwrap() {
        read.extend_from_slice(&chunk);
    }
    assert!(read == bytes, "the content came back changed");
    let part = client
        .request(Method::GET, "/drives/d1/items/root:/big.bin:/$value")
        .header("Range", "bytes=9000000-9000009")
        .download()
        .await
        .unwrap();
    assert_eq!(part.bytes().await.unwrap(), bytes[9_000_000..9_000_010]);
}
