//! The top layer: what users call. Create, get, update, delete and list;
//! delta queries; actions and functions; requests of one's own; `$batch`;
//! the blocking client; and the compile errors that name the API meant.

#[cfg(feature = "batch")]
pub(crate) mod batch;
#[cfg(feature = "blocking")]
pub mod blocking;
pub(crate) mod builders;
pub(crate) mod calls;
pub(crate) mod control;
pub(crate) mod delta;
#[cfg(feature = "transfer")]
pub(crate) mod download;
pub(crate) mod hints;
#[cfg(feature = "intune")]
pub mod intune;
#[cfg(feature = "redis")]
pub mod jobs;
pub(crate) mod list;
pub(crate) mod operations;
pub(crate) mod options;
pub(crate) mod pages;
#[cfg(feature = "poll")]
pub(crate) mod poll;
#[cfg(feature = "transfer")]
pub(crate) mod presigned;
pub(crate) mod raw;
pub(crate) mod response;
#[cfg(feature = "transfer")]
pub(crate) mod upload;

#[cfg(feature = "batch")]
pub use batch::{Batch, BatchProgress, BatchResults, MAX_BATCH_SIZE};
pub use builders::{Get, Update};
pub use calls::{Callable, Invoke};
pub use delta::{Change, Delta, Removed, RemovedReason};
#[cfg(feature = "transfer")]
pub use download::Download;
pub use list::List;
pub use operations::{Create, Delete};
#[cfg(feature = "poll")]
pub use poll::{Poll, Progress};
#[cfg(feature = "transfer")]
pub use presigned::Presigned;
pub use raw::Request;
pub use response::{Answered, Answers, WithHeaders};
#[cfg(feature = "transfer")]
pub use upload::{MAX_SLICE, SLICE_UNIT, Upload, UploadSession};
