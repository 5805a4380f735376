//! The chain's Graph side: the app, its content version and file, the
//! waits on the file's `uploadState`, renewal, commit and the committed
//! version.

use reqwest::Method;
use serde_json::{Value, json};

use super::Win32Upload;
use crate::http::error::{Error, FileError, ProtocolKind, RequestPart};
use crate::ops::intune::PackageError;
use crate::ops::intune::blocks::{self, MAX_BLOCK};
use crate::ops::intune::progress::{Checkpoint, Win32Progress, Win32Step};
use crate::ops::poll::Poll;

const APPS: &str = "/deviceAppManagement/mobileApps";
const VERSIONS: &str = "/deviceAppManagement/mobileApps/{appId}/microsoft.graph.win32LobApp/contentVersions";
const FILES: &str =
    "/deviceAppManagement/mobileApps/{appId}/microsoft.graph.win32LobApp/contentVersions/{versionId}/files";
const FILE: &str = "/deviceAppManagement/mobileApps/{appId}/microsoft.graph.win32LobApp/contentVersions/{versionId}/files/{fileId}";

impl<'a> Win32Upload<'a> {
    pub(super) async fn run(
        &mut self,
        step: &mut Win32Step,
        at: &mut Option<Checkpoint>,
    ) -> Result<Value, Error> {
        if !(1..=MAX_BLOCK).contains(&self.block_size) {
            return Err(Error::invalid_request(
                RequestPart::Body,
                format!(
                    "a block of {} bytes: storage takes 1 byte to 4,000 MiB",
                    self.block_size
                ),
            ));
        }
        let mac = self.package.detection().encryption.mac_base64();
        let checkpoint = match self.resume.take() {
            Some(c) if c.package_mac != mac => {
                return Err(Error::invalid_request(
                    RequestPart::Body,
                    "the checkpoint is of another package (its MAC differs): resume with the package \
                     the upload started with",
                ));
            }
            Some(c) => c,
            None => self.start(step, &mac).await?,
        };
        *at = Some(checkpoint.clone());
        self.report(*step, 0, at.as_ref());
        *step = Win32Step::WaitingForStorage;
        self.report(*step, 0, at.as_ref());
        let file = self.file_ready(&checkpoint, step).await?;
        if file["uploadState"] != "commitFileSuccess" {
            if file["uploadState"] != "commitFilePending" {
                let sas = self.storage_uri(&file)?;
                *step = Win32Step::Uploading;
                self.upload_blocks(&checkpoint, sas).await?;
                *step = Win32Step::Committing;
                self.report(*step, self.package.encrypted_size(), at.as_ref());
                self.file(&checkpoint, Method::POST, "/commit")
                    .json(&json!({"fileEncryptionInfo": self.package.detection().encryption.to_graph()}))
                    .send::<()>()
                    .await?;
            }
            *step = Win32Step::WaitingForCommit;
            self.wait_file(
                &checkpoint,
                &["commitFileSuccess"],
                &["commitFileFailed", "commitFileTimedOut"],
            )
            .await?;
        }
        *step = Win32Step::SettingVersion;
        self.report(*step, self.package.encrypted_size(), at.as_ref());
        self.client
            .request(Method::PATCH, "/deviceAppManagement/mobileApps/{appId}")
            .value("appId", checkpoint.app_id.as_str())
            .json(&json!({
                "@odata.type": "#microsoft.graph.win32LobApp",
                "committedContentVersion": checkpoint.content_version_id,
            }))
            .send::<()>()
            .await?;
        let app: Value = self
            .client
            .request(Method::GET, "/deviceAppManagement/mobileApps/{appId}")
            .value("appId", checkpoint.app_id.as_str())
            .send()
            .await?;
        *step = Win32Step::Done;
        self.report(*step, self.package.encrypted_size(), at.as_ref());
        Ok(app)
    }

    /// The app (unless given), its content version and its content file.
    async fn start(&mut self, step: &mut Win32Step, mac: &str) -> Result<Checkpoint, Error> {
        let detection = self.package.detection();
        let app_id = match self.app_id.clone() {
            Some(id) => id,
            None => {
                self.report(*step, 0, None);
                let app = self.app_body()?;
                let created: Value = self.client.request(Method::POST, APPS).json(&app).send().await?;
                id_of(&created, "app")?
            }
        };
        *step = Win32Step::CreatingContentVersion;
        self.report(*step, 0, None);
        let version: Value = self
            .client
            .request(Method::POST, VERSIONS)
            .value("appId", app_id.as_str())
            .json(&json!({}))
            .send()
            .await?;
        let content_version_id = id_of(&version, "content version")?;
        *step = Win32Step::CreatingFile;
        self.report(*step, 0, None);
        let file: Value = self
            .client
            .request(Method::POST, FILES)
            .value("appId", app_id.as_str())
            .value("versionId", content_version_id.as_str())
            .json(&json!({
                "@odata.type": "#microsoft.graph.mobileAppContentFile",
                "name": detection.file_name,
                "size": detection.unencrypted_content_size,
                "sizeEncrypted": self.package.encrypted_size(),
                "isDependency": false,
                "manifest": null,
            }))
            .send()
            .await?;
        Ok(Checkpoint {
            file_id: id_of(&file, "content file")?,
            app_id,
            content_version_id,
            package_mac: mac.to_owned(),
        })
    }

    /// The app's properties with what the package says.
    fn app_body(&self) -> Result<Value, Error> {
        let mut app = match self.app.clone() {
            None => serde_json::Map::new(),
            Some(Value::Object(app)) => app,
            Some(_) => {
                return Err(Error::invalid_request(
                    RequestPart::Body,
                    "the app's properties must serialize to a JSON object",
                ));
            }
        };
        let detection = self.package.detection();
        let file_name = self.package.path().file_name().map_or_else(
            || detection.file_name.clone(),
            |n| n.to_string_lossy().into_owned(),
        );
        app.insert("@odata.type".into(), json!("#microsoft.graph.win32LobApp"));
        app.insert("fileName".into(), json!(file_name));
        app.insert("setupFilePath".into(), json!(detection.setup_file));
        app.entry("displayName").or_insert_with(|| json!(detection.name));
        Ok(Value::Object(app))
    }

    /// Waits for the file's storage URI, or a commit under way or done.
    async fn file_ready(&self, checkpoint: &Checkpoint, step: &mut Win32Step) -> Result<Value, Error> {
        let file: Value = self.file(checkpoint, Method::GET, "").send().await?;
        if matches!(
            file["uploadState"].as_str(),
            Some(
                "azureStorageUriRenewalPending"
                    | "azureStorageUriRenewalSuccess"
                    | "azureStorageUriRenewalFailed"
            )
        ) || is_expired(&file)
        {
            *step = Win32Step::Renewing;
            return self.renew(checkpoint).await;
        }
        self.wait_file(
            checkpoint,
            &[
                "azureStorageUriRequestSuccess",
                "commitFilePending",
                "commitFileSuccess",
            ],
            // A failed commit is not tried again: the file is done with.
            &[
                "azureStorageUriRequestFailed",
                "azureStorageUriRequestTimedOut",
                "commitFileFailed",
                "commitFileTimedOut",
            ],
        )
        .await
    }

    /// `renewUpload`, then the wait for the new URI.
    pub(super) async fn renew(&self, checkpoint: &Checkpoint) -> Result<Value, Error> {
        self.file(checkpoint, Method::POST, "/renewUpload")
            .json(&json!({}))
            .send::<()>()
            .await?;
        self.wait_file(
            checkpoint,
            &["azureStorageUriRenewalSuccess"],
            &["azureStorageUriRenewalFailed", "azureStorageUriRenewalTimedOut"],
        )
        .await
    }

    async fn wait_file(
        &self,
        checkpoint: &Checkpoint,
        until: &[&str],
        failing: &[&str],
    ) -> Result<Value, Error> {
        Poll::new(
            || self.file(checkpoint, Method::GET, "").send(),
            |file: &Value| file["uploadState"].as_str().map(str::to_owned),
        )
        .until(until.iter().copied())
        .failing(failing.iter().copied())
        .interval(self.interval)
        .deadline(self.deadline)
        .wait()
        .await
    }

    /// A request to the content file, or to one of its actions (`suffix`).
    fn file(&self, c: &Checkpoint, method: Method, suffix: &str) -> crate::ops::raw::Request<'a> {
        self.client
            .request(method, &format!("{FILE}{suffix}"))
            .value("appId", c.app_id.as_str())
            .value("versionId", c.content_version_id.as_str())
            .value("fileId", c.file_id.as_str())
    }

    pub(super) fn storage_uri(&self, file: &Value) -> Result<String, Error> {
        file["azureStorageUri"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| {
                Error::protocol(
                    ProtocolKind::AppContent,
                    "the content file is ready but has no azureStorageUri",
                )
            })
    }

    /// Tells the progress callback where the upload stands.
    pub(super) fn report(&mut self, step: Win32Step, uploaded: u64, checkpoint: Option<&Checkpoint>) {
        let total = self.package.encrypted_size();
        if let Some(progress) = &mut self.progress {
            progress(Win32Progress {
                step,
                uploaded,
                total,
                checkpoint,
            });
        }
    }
}

/// Whether a file's URI has passed its expiry (`se`), by this clock.
fn is_expired(file: &Value) -> bool {
    file["azureStorageUri"].as_str().is_some_and(|sas| {
        sas.contains("se=") && blocks::lifetime_left(sas).is_none_or(|left| left.is_zero())
    })
}

fn id_of(object: &Value, what: &str) -> Result<String, Error> {
    object["id"].as_str().map(str::to_owned).ok_or_else(|| {
        Error::protocol(
            ProtocolKind::AppContent,
            format!("the {what} was answered without an id"),
        )
    })
}

pub(super) fn package_error(e: PackageError) -> Error {
    match e {
        PackageError::Io { path, source } => Error::File(Box::new(FileError {
            path,
            writing: false,
            source,
        })),
        other => Error::invalid_request(RequestPart::Body, other.to_string()),
    }
}
