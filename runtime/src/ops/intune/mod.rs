//! Intune's jobs that move bytes (feature `intune`): a folder packed into a
//! `.intunewin` on any platform, and a `.intunewin` opened, its
//! `Detection.xml` read and its payload decrypted back, as Microsoft's
//! packer writes them; a Win32 app uploaded from one and committed, in one
//! call ([`Client::upload_win32_app`](crate::Client::upload_win32_app),
//! resumable from a [`Checkpoint`]); and report exports
//! ([`Client::export_report`](crate::Client::export_report)), their CSV
//! read a row at a time into a caller's type, as are the rows of the report
//! actions that answer with a table
//! ([`Client::report_table`](crate::Client::report_table)).
//!
//! ```no_run
//! use graph_resource::ops::intune::{Package, pack};
//! use std::path::Path;
//!
//! let package = pack(Path::new("app"), "setup.exe", Path::new("app.intunewin"))?;
//! println!(
//!     "{} bytes, {} encrypted",
//!     package.detection().unencrypted_content_size,
//!     package.encrypted_size()
//! );
//! let reopened = Package::open(Path::new("app.intunewin"))?;
//! let mut zip = Vec::new();
//! reopened.decrypt_to(&mut zip)?; // the folder's ZIP, checked against its MAC and digest
//! # Ok::<(), graph_resource::ops::intune::PackageError>(())
//! ```

mod blocks;
mod detection;
mod package;
mod progress;
mod reports;
mod tables;
mod win32;

pub use blocks::{DEFAULT_BLOCK, MAX_BLOCK};
pub use detection::{Detection, EncryptionInfo, PROFILE};
pub use package::{DETECTION, PAYLOAD, Package, pack};
pub use progress::{Checkpoint, Win32Error, Win32Progress, Win32Step};
pub use reports::{ExportJob, Report, Rows};
pub use tables::{ReportTable, TableRows};
pub use win32::Win32Upload;

use std::fmt;
use std::path::PathBuf;

/// A package that cannot be made or read.
#[derive(Debug)]
#[non_exhaustive]
pub enum PackageError {
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Something is not what a package holds: a folder that is not there, a
    /// file that is not a ZIP, a `Detection.xml` without a field.
    Format(String),
    /// The payload does not match its MAC, its digest or its size: it was
    /// changed, or the keys are not its own.
    Integrity(String),
}

impl PackageError {
    pub(crate) fn format(message: impl Into<String>) -> Self {
        PackageError::Format(message.into())
    }

    pub(crate) fn integrity(message: impl Into<String>) -> Self {
        PackageError::Integrity(message.into())
    }
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::Io { path, source } => {
                write!(f, "cannot read or write {}: {source}", path.display())
            }
            PackageError::Format(message) => write!(f, "not an Intune package as expected: {message}"),
            PackageError::Integrity(message) => write!(f, "the package does not check out: {message}"),
        }
    }
}

impl std::error::Error for PackageError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PackageError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
