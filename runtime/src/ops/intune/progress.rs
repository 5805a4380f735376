//! Where a Win32 app upload stands: its steps, its progress, the
//! checkpoint it resumes from, and its error.

use std::fmt;

use crate::http::error::Error;

/// A step of a Win32 app upload, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Win32Step {
    /// `POST /deviceAppManagement/mobileApps`.
    CreatingApp,
    /// `POST .../contentVersions`.
    CreatingContentVersion,
    /// `POST .../files`: from here on, the upload has a [`Checkpoint`].
    CreatingFile,
    /// Reading the file until its `azureStorageUri` is given.
    WaitingForStorage,
    /// Sending the encrypted payload to storage, block by block.
    Uploading,
    /// `renewUpload`, and the wait for the new URI.
    Renewing,
    /// `POST .../commit` with the package's `fileEncryptionInfo`.
    Committing,
    /// Reading the file until `commitFileSuccess`.
    WaitingForCommit,
    /// `PATCH` of the app's `committedContentVersion`.
    SettingVersion,
    /// The app is committed.
    Done,
}

impl fmt::Display for Win32Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Win32Step::CreatingApp => "creating the app",
            Win32Step::CreatingContentVersion => "creating a content version",
            Win32Step::CreatingFile => "creating the content file",
            Win32Step::WaitingForStorage => "waiting for the storage URI",
            Win32Step::Uploading => "uploading blocks to storage",
            Win32Step::Renewing => "renewing the storage URI",
            Win32Step::Committing => "committing the content file",
            Win32Step::WaitingForCommit => "waiting for the commit",
            Win32Step::SettingVersion => "setting the app's committed content version",
            Win32Step::Done => "done",
        })
    }
}

/// Where an upload stands, for a progress callback.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Win32Progress<'a> {
    /// The step under way.
    pub step: Win32Step,
    /// Encrypted bytes storage holds so far.
    pub uploaded: u64,
    /// Encrypted bytes in all.
    pub total: u64,
    /// Where to resume from, once the content file exists.
    pub checkpoint: Option<&'a Checkpoint>,
}

/// What an upload needs to resume: the app, its content version and its
/// content file, and which package it was. It is written as one line
/// (`to_string`) and read back (`parse`), so that it can be kept across
/// runs.
///
/// ```
/// # #[cfg(feature = "intune")] {
/// use graph_resource::ops::intune::Checkpoint;
///
/// let kept = "win32lobapp 9f1c 1 4e2a bWFj";
/// let checkpoint: Checkpoint = kept.parse()?;
/// assert_eq!(checkpoint.content_version_id, "1");
/// assert_eq!(checkpoint.to_string(), kept);
/// # }
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Checkpoint {
    /// The app's id.
    pub app_id: String,
    /// The content version's id.
    pub content_version_id: String,
    /// The content file's id.
    pub file_id: String,
    /// The package's MAC (base64): a resume with another package is refused.
    pub package_mac: String,
}

impl fmt::Display for Checkpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "win32lobapp {} {} {} {}",
            self.app_id, self.content_version_id, self.file_id, self.package_mac
        )
    }
}

impl std::str::FromStr for Checkpoint {
    type Err = String;

    /// Reads what `to_string` wrote.
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_whitespace().collect::<Vec<_>>()[..] {
            ["win32lobapp", app, version, file, mac] => Ok(Checkpoint {
                app_id: app.to_owned(),
                content_version_id: version.to_owned(),
                file_id: file.to_owned(),
                package_mac: mac.to_owned(),
            }),
            _ => Err(format!(
                "`{}` is not a checkpoint: one is `win32lobapp <app id> <content version id> <file id> \
                 <package MAC>`, as written by its to_string",
                s.escape_debug()
            )),
        }
    }
}

/// A Win32 app upload that stopped.
#[derive(Debug)]
#[non_exhaustive]
pub struct Win32Error {
    /// The step that failed.
    pub step: Win32Step,
    /// Where to resume from, if the content file was made: give it to
    /// [`Win32Upload::resume`](super::Win32Upload::resume).
    pub checkpoint: Option<Checkpoint>,
    /// The cause.
    pub source: Error,
}

impl fmt::Display for Win32Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the Win32 app upload stopped while {}: {}",
            self.step, self.source
        )?;
        if self.step == Win32Step::WaitingForCommit && matches!(self.source, Error::Poll(_)) {
            f.write_str(
                " (Intune refuses a commit when the blob's size is not the file's sizeEncrypted, or the \
                 fileEncryptionInfo does not decrypt it: upload the package again as a new content version)",
            )?;
        }
        if let Some(c) = &self.checkpoint {
            write!(
                f,
                "; resume with the checkpoint (app {}, content version {}, file {})",
                c.app_id, c.content_version_id, c.file_id
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Win32Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
