//! A Win32 app uploaded to Intune from a `.intunewin`, the whole chain in
//! one call: the `win32LobApp`, a content version, a content file, the
//! wait for its Azure Storage URI, the encrypted payload as blocks to that
//! URI (renewed before it expires, and again when storage says it has), the
//! commit with the package's `fileEncryptionInfo`, the wait for
//! `commitFileSuccess`, and the app's `committedContentVersion`.

use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

mod chain;
mod storage;

use super::blocks::DEFAULT_BLOCK;
use super::package::Package;
use super::progress::{Checkpoint, Win32Error, Win32Progress, Win32Step};
use crate::http::client::Client;

type OnProgress<'a> = Box<dyn FnMut(Win32Progress<'_>) + Send + 'a>;

/// A Win32 app upload: made by [`Client::upload_win32_app`], run by
/// [`send`](Win32Upload::send).
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), Box<dyn std::error::Error>> {
/// use graph_resource::ops::intune::Package;
/// use serde_json::json;
///
/// let package = Package::open("setup.intunewin".as_ref())?;
/// let app = client
///     .upload_win32_app(&package)
///     .app(&json!({
///         "displayName": "Contoso Tool",
///         "publisher": "Contoso",
///         "installCommandLine": "setup.exe /quiet",
///         "uninstallCommandLine": "setup.exe /uninstall /quiet",
///         "installExperience": {"runAsAccount": "system", "deviceRestartBehavior": "suppress"},
///         "rules": [{
///             "@odata.type": "#microsoft.graph.win32LobAppFileSystemRule",
///             "ruleType": "detection", "path": "C:\\Program Files\\Contoso",
///             "fileOrFolderName": "tool.exe", "operationType": "exists",
///         }],
///     }))
///     .on_progress(|p| eprintln!("{:?}: {} of {} bytes", p.step, p.uploaded, p.total))
///     .send()
///     .await?;
/// println!("{} is at content version {}", app["id"], app["committedContentVersion"]);
/// # Ok(()) }
/// ```
#[must_use = "nothing is uploaded until `send` is awaited"]
pub struct Win32Upload<'a> {
    client: &'a Client,
    package: &'a Package,
    app: Option<Value>,
    app_id: Option<String>,
    resume: Option<Checkpoint>,
    block_size: u64,
    block_timeout: Duration,
    renew_every: Duration,
    interval: Duration,
    deadline: Duration,
    progress: Option<OnProgress<'a>>,
}

impl std::fmt::Debug for Win32Upload<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Win32Upload")
            .field("package", &self.package.path())
            .field("app_id", &self.app_id)
            .field("resume", &self.resume)
            .field("block_size", &self.block_size)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// An upload of the Win32 app in `package` to Intune; see
    /// [`Win32Upload`].
    pub fn upload_win32_app<'a>(&'a self, package: &'a Package) -> Win32Upload<'a> {
        Win32Upload {
            client: self,
            package,
            app: None,
            app_id: None,
            resume: None,
            block_size: DEFAULT_BLOCK,
            block_timeout: Duration::from_secs(10 * 60),
            renew_every: Duration::from_secs(450),
            interval: Duration::from_secs(2),
            deadline: Duration::from_secs(10 * 60),
            progress: None,
        }
    }
}

impl<'a> Win32Upload<'a> {
    /// The app's properties (`displayName`, `publisher`,
    /// `installCommandLine`, `uninstallCommandLine`, `rules`,
    /// `installExperience`, ...), as a JSON object or anything that
    /// serializes to one. The upload adds what the package says
    /// (`@odata.type`, `fileName`, `setupFilePath`, and `displayName` when
    /// missing).
    pub fn app(mut self, properties: &impl Serialize) -> Self {
        self.app = Some(serde_json::to_value(properties).unwrap_or(Value::Null));
        self
    }

    /// Uploads a new content version to the existing app `id` instead of
    /// creating an app.
    pub fn to_app(mut self, id: impl Into<String>) -> Self {
        self.app_id = Some(id.into());
        self
    }

    /// Resumes an upload that stopped: from the checkpoint its error or its
    /// progress gave. Blocks storage already holds are not sent again.
    pub fn resume(mut self, checkpoint: Checkpoint) -> Self {
        self.resume = Some(checkpoint);
        self
    }

    /// The size of each block sent to storage (6 MiB unless set; at most
    /// 4,000 MiB). Memory holds about two blocks.
    pub fn block_size(mut self, bytes: u64) -> Self {
        self.block_size = bytes;
        self
    }

    /// How long one block may take (10 minutes unless set): longer than a
    /// Graph call, for slow links.
    pub fn block_timeout(mut self, timeout: Duration) -> Self {
        self.block_timeout = timeout;
        self
    }

    /// How often the storage URI is renewed at most (7.5 minutes unless
    /// set); it is renewed sooner when its own expiry (`se`) is nearer.
    pub fn renew_every(mut self, every: Duration) -> Self {
        self.renew_every = every;
        self
    }

    /// How long to wait between reads of the content file (2 s unless set).
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How long each wait for the service may take (10 minutes unless set).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Called at each step and after each block.
    pub fn on_progress(mut self, progress: impl FnMut(Win32Progress<'_>) + Send + 'a) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Runs the chain and answers with the committed app, as Graph reads it.
    ///
    /// # Errors
    ///
    /// A [`Win32Error`] with the step that failed, the checkpoint to
    /// resume from (once the content file exists) and the cause: a
    /// request's error, [`Error::Poll`](crate::Error::Poll) when the file ends in a failed
    /// state (`commitFileFailed`, `commitFileTimedOut`,
    /// `azureStorageUriRequestFailed`) or a wait passes its deadline.
    pub async fn send(mut self) -> Result<Value, Win32Error> {
        let mut step = Win32Step::CreatingApp;
        let mut checkpoint = None;
        match self.run(&mut step, &mut checkpoint).await {
            Ok(app) => Ok(app),
            Err(source) => Err(Win32Error {
                step,
                checkpoint,
                source,
            }),
        }
    }
}
