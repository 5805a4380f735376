//! Bytes both ways, answers' headers, and pre-signed URLs: content uploaded
//! and downloaded through the emulator, in pieces and by range, the token
//! kept from URLs that carry their own authorization.

use graph_resource::emulator::{Emulator, EmulatorExt, Fault};
use graph_resource::{Error, Method, ResourcePath};
use graph_resource_models::{EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath};
use serde_json::Value;

const ITEM: &str = "/drives/d1/items/i1";

/// `n` bytes that differ from one offset to the next.
fn pattern(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 31 % 251) as u8).collect()
}

#[tokio::test]
async fn bytes_go_up_with_their_content_type_and_the_answer_keeps_its_headers() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let bytes = pattern(100_000);
    let answered = client
        .request(Method::PUT, "/drives/{drive}/items/{item}/content")
        .value("drive", "d1")
        .value("item", "i1")
        .body(bytes.clone(), "application/octet-stream")
        .send_with_headers::<Value>()
        .await
        .unwrap();
    assert_eq!(answered.status().as_u16(), 201);
    assert!(
        answered.header("request-id").is_some(),
        "{:?}",
        answered.headers()
    );
    assert_eq!(answered.value()["size"], 100_000);
    assert_eq!(emulator.content(ITEM).unwrap(), bytes);
    let put = emulator
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT")
        .unwrap();
    assert_eq!(put.header("content-type"), Some("application/octet-stream"));
    // A content type that no header can carry is the caller's error, sent nowhere.
    let err = client
        .request(Method::PUT, "/drives/d1/items/i1/content")
        .body(vec![1], "text/plain\r\nx: y")
        .send::<Value>()
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(_)), "{err:?}");
}

#[tokio::test]
async fn content_downloads_through_a_redirect_to_a_presigned_url_without_the_token() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let bytes = pattern(3 << 20);
    emulator.put_content(ITEM, bytes.clone());
    let mut download = client
        .request(Method::GET, "/drives/d1/items/i1/content")
        .download()
        .await
        .unwrap();
    assert_eq!(download.status().as_u16(), 200);
    assert_eq!(download.content_length(), Some(3 << 20));
    // Read as it comes: several pieces, none the whole.
    let (mut pieces, mut read) = (0, Vec::new());
    while let Some(chunk) = download.chunk().await.unwrap() {
        assert!(chunk.len() < bytes.len());
        pieces += 1;
        read.extend_from_slice(&chunk);
    }
    assert!(pieces > 1, "{pieces}");
    assert_eq!(read, bytes);
    assert_eq!(download.received(), 3 << 20);
    // The pre-signed URL, on another origin, got no token.
    let storage = emulator
        .requests()
        .into_iter()
        .find(|r| r.target.starts_with("/_storage/"))
        .expect("the redirect was followed");
    assert_eq!(storage.header("authorization"), None);
}

#[tokio::test]
async fn a_range_reads_part_of_the_content_and_a_download_writes_a_file() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let bytes = pattern(1000);
    emulator.put_content(ITEM, bytes.clone());
    let part = client
        .request(Method::GET, "/drives/d1/items/i1/$value")
        .header("Range", "bytes=10-19")
        .download()
        .await
        .unwrap();
    assert_eq!(part.status().as_u16(), 206);
    assert_eq!(part.header("content-range"), Some("bytes 10-19/1000"));
    assert_eq!(part.bytes().await.unwrap(), bytes[10..20]);

    let dir = std::env::temp_dir().join(format!("graph-resource-bytes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("content.bin");
    let written = client
        .request(Method::GET, "/drives/d1/items/i1/content")
        .download()
        .await
        .unwrap()
        .to_file(&file)
        .await
        .unwrap();
    assert_eq!(written, 1000);
    assert_eq!(std::fs::read(&file).unwrap(), bytes);
    // A file that cannot be written is an error that names it.
    let err = client
        .request(Method::GET, "/drives/d1/items/i1/content")
        .download()
        .await
        .unwrap()
        .to_file(dir.join("no-such-dir").join("x"))
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::File(f) if f.writing), "{err:?}");
    assert!(err.to_string().contains("no-such-dir"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_presigned_url_goes_without_the_token_and_its_signature_stays_out_of_errors() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let bytes = pattern(5000);
    emulator.put_content(ITEM, bytes.clone());
    let url = emulator.presigned_url(ITEM);
    let sig = url.split("sig=").nth(1).unwrap().to_owned();
    let got = client.presigned(Method::GET, &url).send().await.unwrap();
    assert_eq!(got.status().as_u16(), 200);
    assert_eq!(got.value()[..], bytes[..]);
    let sent = emulator.requests().pop().unwrap();
    assert_eq!(sent.header("authorization"), None);
    assert!(sent.header("x-ms-client-request-id").is_some());

    // Storage refuses a request that carries a token; its error is read,
    // and the URL's signature is in no error text.
    let err = client
        .presigned(Method::GET, &url)
        .header("Authorization", "Bearer not-for-storage")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert!(err.to_string().contains("InvalidAuthenticationInfo"), "{err}");
    // A signature that does not match.
    let forged = url.replace(&sig, "forged");
    let err = client.presigned(Method::GET, &forged).send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{:?}", client.presigned(Method::GET, &url)),
    ] {
        assert!(!text.contains(&sig) && !text.contains("forged"), "{text}");
    }
    // Plain http off this machine would hand the URL's credential to anyone.
    let err = client
        .presigned(Method::GET, "http://storage.example.com/blob?sig=abc")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::InvalidRequest(_)), "{err:?}");
}

#[tokio::test]
async fn a_presigned_request_is_retried_after_the_storage_service_asks() {
    let emulator = Emulator::start().await.unwrap();
    let client = graph_resource::Client::builder()
        .base_url(emulator.base_url())
        .token(graph_resource::StaticToken::new("token"))
        .retry_policy(
            graph_resource::RetryPolicy::default().with_base_delay(std::time::Duration::from_millis(10)),
        )
        .build()
        .unwrap();
    emulator.put_content(ITEM, pattern(10));
    let url = emulator.presigned_url(ITEM);
    emulator.inject(
        1,
        Fault::Status {
            status: 503,
            retry_after: Some("0".into()),
            content_type: "application/xml".into(),
            body: "<Error><Code>ServerBusy</Code></Error>".into(),
        },
    );
    emulator.inject(1, Fault::Drop);
    let download = client.presigned(Method::GET, &url).download().await.unwrap();
    assert_eq!(download.bytes().await.unwrap(), pattern(10));
    let tries = emulator
        .requests()
        .iter()
        .filter(|r| r.target.starts_with("/_storage/"))
        .count();
    assert_eq!(tries, 3);
}

#[tokio::test]
async fn an_operation_answers_with_its_headers_when_asked() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let path = EnrollmentConfigurationAssignmentPath {
        users_id: "adele@contoso.com",
        device_enrollment_configuration_id: "c1",
    };
    let created = EnrollmentConfigurationAssignment::default()
        .create(&client, path)
        .with_headers()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    assert!(created.header("request-id").is_some());
    let id = created.value().id().unwrap().to_owned();
    let read = EnrollmentConfigurationAssignment::get(&client, path.item(&id))
        .with_headers()
        .await
        .unwrap();
    assert_eq!(read.status().as_u16(), 200);
    assert_eq!(read.into_value().id(), Some(id.as_str()));
    // A list is pages, each an answer: the last one's headers.
    let mut list = EnrollmentConfigurationAssignment::list(&client, path);
    assert!(list.page_headers().is_none(), "nothing read yet");
    while let Some(item) = list.next().await {
        item.unwrap();
    }
    assert!(list.page_headers().unwrap().get("request-id").is_some());
    let deleted = EnrollmentConfigurationAssignment::delete(&client, path.item(&id))
        .with_headers()
        .await
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
}

#[tokio::test]
async fn a_file_body_is_read_again_for_a_retry_and_a_stream_goes_once() {
    let emulator = Emulator::start().await.unwrap();
    let client = graph_resource::Client::builder()
        .base_url(emulator.base_url())
        .token(graph_resource::StaticToken::new("token"))
        .retry_policy(
            graph_resource::RetryPolicy::default().with_base_delay(std::time::Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let bytes = pattern(300_000);
    let path = std::env::temp_dir().join(format!("graph-resource-body-{}.bin", std::process::id()));
    std::fs::write(&path, &bytes).unwrap();
    emulator.inject(1, Fault::status(503).retry_after("0"));
    client
        .request(Method::PUT, "/drives/d1/items/i1/content")
        .file(&path, "application/octet-stream")
        .send::<Value>()
        .await
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(emulator.content(ITEM).unwrap(), bytes);
    let puts = emulator.requests().iter().filter(|r| r.method == "PUT").count();
    assert_eq!(puts, 2, "the file was sent again after the 503");

    // A stream, in pieces: sent as it comes.
    let pieces = || {
        let pieces: Vec<Result<Vec<u8>, std::io::Error>> =
            bytes.chunks(100_000).map(|c| Ok(c.to_vec())).collect();
        futures_util::stream::iter(pieces)
    };
    client
        .request(Method::PUT, "/drives/d1/items/i2/content")
        .stream(pieces(), "application/octet-stream")
        .send::<Value>()
        .await
        .unwrap();
    assert_eq!(emulator.content("/drives/d1/items/i2").unwrap(), bytes);
    // Throttled, a stream is not sent again: it is gone.
    emulator.inject(1, Fault::status(503).retry_after("0"));
    let before = emulator.requests().len();
    let err = client
        .request(Method::PUT, "/drives/d1/items/i3/content")
        .stream(pieces(), "application/octet-stream")
        .send::<Value>()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err}");
    assert_eq!(emulator.requests().len(), before + 1);
    assert!(emulator.content("/drives/d1/items/i3").is_none());

    // A stream that fails midway ends the request, once, saying why.
    let failing: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(vec![1; 1000]),
        Err(std::io::Error::other("the source disk went away")),
    ];
    let err = client
        .request(Method::PUT, "/drives/d1/items/i4/content")
        .stream(futures_util::stream::iter(failing), "application/octet-stream")
        .send::<Value>()
        .await
        .unwrap_err();
    let text = format!("{err}");
    assert!(text.contains("the source disk went away"), "{text}");
    assert!(
        emulator.content("/drives/d1/items/i4").is_none(),
        "a body that did not arrive whole is not kept"
    );
}
