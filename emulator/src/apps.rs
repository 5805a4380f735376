//! A mobile app's content, as Intune takes a Win32 app's: content versions
//! (`POST {app}/microsoft.graph.win32LobApp/contentVersions`, numbered `1`,
//! `2`, ...), files in them whose `uploadState` moves as they are read,
//! from `azureStorageUriRequestPending` to `azureStorageUriRequestSuccess`
//! with an `azureStorageUri` (a SAS URL to a block blob, see
//! [`blobs`](crate::blobs)); `renewUpload`, which gives a new SAS after
//! `azureStorageUriRenewalPending`; and `commit`, which takes the file's
//! `fileEncryptionInfo` and ends in `commitFileSuccess` when the blob's
//! committed size is the file's `sizeEncrypted` (`commitFileFailed`
//! otherwise, or whatever end a test asked for).

use serde_json::{Value, json};

use crate::Emulator;
use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::State;

/// What a commit must say of the file's encryption.
const ENCRYPTION_FIELDS: [&str; 7] = [
    "encryptionKey",
    "initializationVector",
    "mac",
    "macKey",
    "profileIdentifier",
    "fileDigest",
    "fileDigestAlgorithm",
];

/// A content file under way: what its next read moves it to.
pub(crate) struct ContentFile {
    blob: String,
    size_encrypted: u64,
    next: Next,
}

enum Next {
    /// A storage URI, as first given or renewed.
    Uri {
        state: &'static str,
    },
    /// The commit's end: success if the blob's size checks out.
    Commit,
    Nothing,
}

/// Serves content versions, content files, `renewUpload` and `commit`,
/// if the request is for one.
pub(crate) fn serve(state: &mut State, req: &GraphRequest<'_>) -> Option<Answer> {
    let path = req.path;
    if req.method == "POST" && path.ends_with("/contentVersions") {
        let number = state.collections.get(path).map_or(0, Vec::len) + 1;
        let version = json!({
            "@odata.type": "#microsoft.graph.mobileAppContent",
            "id": number.to_string(),
        });
        return Some(crate::store::insert_created(state, req, object_of(version)));
    }
    if req.method == "POST" && path.ends_with("/files") && path.contains("/contentVersions/") {
        return Some(create_file(state, req));
    }
    if req.method == "POST"
        && let Some((file, action)) = path.rsplit_once('/')
        && matches!(action, "renewUpload" | "commit")
        && state.content_files.contains_key(file)
    {
        return Some(if action == "renewUpload" {
            set_state(state, file, "azureStorageUriRenewalPending");
            state.sas_renewals += 1;
            state.content_files.get_mut(file).expect("checked above").next = Next::Uri {
                state: "azureStorageUriRenewalSuccess",
            };
            Answer::empty(204)
        } else {
            commit(state, file, req)
        });
    }
    None
}

fn create_file(state: &mut State, req: &GraphRequest<'_>) -> Answer {
    let Some(Value::Object(body)) = req.json() else {
        return Answer::error(400, "BadRequest", "The body must be a JSON object.");
    };
    let (Some(name), Some(size), Some(size_encrypted)) = (
        body.get("name").and_then(Value::as_str),
        body.get("size").and_then(Value::as_u64),
        body.get("sizeEncrypted").and_then(Value::as_u64),
    ) else {
        return Answer::error(
            400,
            "BadRequest",
            "A content file needs name, size and sizeEncrypted.",
        );
    };
    let id = uuid::Uuid::new_v4().to_string();
    let file = json!({
        "@odata.type": "#microsoft.graph.mobileAppContentFile",
        "id": id,
        "name": name,
        "size": size,
        "sizeEncrypted": size_encrypted,
        "isDependency": body.get("isDependency").cloned().unwrap_or(json!(false)),
        "manifest": body.get("manifest").cloned().unwrap_or(Value::Null),
        "isCommitted": false,
        "uploadState": "azureStorageUriRequestPending",
        "azureStorageUri": null,
        "azureStorageUriExpirationDateTime": null,
        "createdDateTime": crate::blobs::iso_utc(std::time::SystemTime::now()),
    });
    state.content_files.insert(
        format!("{}/{id}", req.path),
        ContentFile {
            blob: uuid::Uuid::new_v4().simple().to_string(),
            size_encrypted,
            next: Next::Uri {
                state: "azureStorageUriRequestSuccess",
            },
        },
    );
    crate::store::insert_created(state, req, object_of(file))
}

fn commit(state: &mut State, file: &str, req: &GraphRequest<'_>) -> Answer {
    let info = req.json().and_then(|b| b.get("fileEncryptionInfo").cloned());
    let missing: Vec<&str> = ENCRYPTION_FIELDS
        .into_iter()
        .filter(|f| info.as_ref().and_then(|i| i.get(*f)).is_none_or(Value::is_null))
        .collect();
    if !missing.is_empty() {
        return Answer::error(
            400,
            "BadRequest",
            &format!("fileEncryptionInfo lacks {}.", missing.join(", ")),
        );
    }
    set_state(state, file, "commitFilePending");
    state
        .content_files
        .get_mut(file)
        .expect("checked by the caller")
        .next = Next::Commit;
    Answer::empty(204)
}

/// Moves a content file on as it is read: the next state, with a new SAS
/// URL when the state gives one.
pub(crate) fn advance(state: &mut State, req: &GraphRequest<'_>) {
    let Some(file) = state.content_files.get_mut(req.path) else {
        return;
    };
    let next = std::mem::replace(&mut file.next, Next::Nothing);
    let (blob, size_encrypted) = (file.blob.clone(), file.size_encrypted);
    match next {
        Next::Uri { state: done } => {
            let (url, expires) = match &state.blob_storage {
                Some(container) => container.uri(&blob),
                None => crate::blobs::sign(state, &blob, req.origin),
            };
            if let Some(item) = crate::store::find_item(state, req.path) {
                item.insert("uploadState".into(), json!(done));
                item.insert("azureStorageUri".into(), json!(url));
                item.insert("azureStorageUriExpirationDateTime".into(), json!(expires));
            }
        }
        Next::Commit => {
            let size = state.blobs.get(&blob).map_or(0, crate::blobs::Blob::size);
            let end = match state.next_commit_end.take() {
                Some(end) => end,
                // Another storage's blob is not the emulator's to read.
                None if state.blob_storage.is_some() => "commitFileSuccess".to_owned(),
                None if size == size_encrypted => "commitFileSuccess".to_owned(),
                None => "commitFileFailed".to_owned(),
            };
            let committed = end == "commitFileSuccess";
            if let Some(item) = crate::store::find_item(state, req.path) {
                item.insert("uploadState".into(), json!(end));
                item.insert("isCommitted".into(), json!(committed));
            }
        }
        Next::Nothing => {}
    }
}

/// A JSON object made with `json!`, as stored.
fn object_of(value: Value) -> crate::state::Object {
    match value {
        Value::Object(object) => object,
        _ => crate::state::Object::new(),
    }
}

fn set_state(state: &mut State, file: &str, upload_state: &str) {
    if let Some(item) = crate::store::find_item(state, file) {
        item.insert("uploadState".into(), json!(upload_state));
    }
}

impl Emulator {
    /// How long the SAS URLs of app content live (15 minutes unless set):
    /// a request with one past its time is refused with `403
    /// AuthenticationFailed`, as Azure Storage refuses it.
    pub fn set_sas_lifetime(&self, lifetime: std::time::Duration) {
        self.state.lock().sas_lifetime = Some(lifetime);
    }

    /// Hands out storage URIs to blobs in the container of `container_sas`
    /// (a container SAS URL with write permission: Azurite's, or a real
    /// storage account's) instead of the emulator's own blob storage. The
    /// emulator cannot read those blobs, so a commit there succeeds
    /// without its size checked.
    ///
    /// # Errors
    ///
    /// A URL that is not `http(s)://host/container?sas`.
    pub fn set_blob_storage(&self, container_sas: &str) -> Result<(), String> {
        let container = crate::blobs::Container::parse(container_sas)?;
        self.state.lock().blob_storage = Some(container);
        Ok(())
    }

    /// Makes every SAS URL handed out so far expire now.
    pub fn expire_sas(&self) {
        let now = std::time::Instant::now();
        for sas in self.state.lock().sas.values_mut() {
            sas.expire(now);
        }
    }

    /// How many times a content file's storage URI was renewed.
    pub fn sas_renewals(&self) -> usize {
        self.state.lock().sas_renewals
    }

    /// Makes the next commit of a content file end in `upload_state`
    /// (`commitFileFailed`, `commitFileTimedOut`) whatever was uploaded.
    pub fn fail_next_commit(&self, upload_state: &str) {
        self.state.lock().next_commit_end = Some(upload_state.to_owned());
    }

    /// The committed blob of the content file at `file` (its path without
    /// the version, `.../contentVersions/1/files/{id}`), read whole.
    pub fn content_file_blob(&self, file: &str) -> Option<bytes::Bytes> {
        let mut state = self.state.lock();
        let blob = state.content_files.get(file)?.blob.clone();
        state.blobs.get_mut(&blob)?.bytes()
    }
}
