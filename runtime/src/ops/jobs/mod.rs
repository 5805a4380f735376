//! Bulk changes that survive crashes (feature `redis`): a [`Job`] is a list
//! of operations submitted once under a name and kept in Redis, run by any
//! number of [`Worker`]s in any number of processes, each item once.
//!
//! - Items are entries of a Redis stream read by a consumer group: an item
//!   a worker read and never finished (the worker was killed) is claimed by
//!   another worker once it has been idle for the claim time; a live worker
//!   keeps its items from being claimed while it works on them.
//! - Before an item is sent, its state says so (`sending`). A worker that
//!   finds an item in that state (its sender died, or the answer was lost)
//!   does not send it again blindly: Graph has no idempotency key, so it
//!   asks the lookup the caller gave for the item's kind whether the item
//!   took effect, and records it done if so; only then is it sent. With no
//!   lookup for its kind, an item whose outcome is unknown is recorded as
//!   failed, saying so, rather than risk a duplicate (updates and deletes,
//!   which can go twice, are sent again).
//! - An item that fails for good is recorded with its error; the job goes
//!   on. [`Job::retry_failed`] makes the failed items a new job.
//! - Each item goes through its tenant's client, so that each tenant keeps
//!   to its own budget and tenants run side by side.
//!
//! ```no_run
//! # use graph_resource::ops::jobs::{Item, JobError};
//! # async fn run(items: Vec<Item>) -> Result<(), JobError> {
//! use graph_resource::{Client, StaticToken};
//! use graph_resource::ops::jobs::{Job, Worker};
//!
//! let job = Job::submit("redis://127.0.0.1:6379", "assign-2026-12", items).await?;
//! // In each worker process:
//! let report = Worker::new("redis://127.0.0.1:6379", "assign-2026-12", |tenant: &str| {
//!     Client::new(StaticToken::new(std::env::var(format!("TOKEN_{tenant}")).unwrap_or_default()))
//! })?
//! .run()
//! .await?;
//! println!("{} done, {} failed of {}", report.done, report.failed, report.total);
//! # Ok(()) }
//! ```

mod item;
mod lookup;
mod running;
mod store;
mod worker;

pub use item::Item;
pub use lookup::{FindBy, Lookup, find_by};
pub use worker::Worker;

use std::fmt;

use serde_json::Value;

use store::{GROUP, Store};

/// A job in Redis: submitted with [`submit`](Job::submit), found again
/// with [`open`](Job::open).
#[derive(Debug, Clone)]
pub struct Job {
    store: Store,
    name: String,
}

/// Where a job stands: its items by state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct JobProgress {
    /// Items in the job.
    pub total: u64,
    /// Items done.
    pub done: u64,
    /// Items that failed for good.
    pub failed: u64,
    /// Whether the job was cancelled.
    pub cancelled: bool,
}

impl JobProgress {
    /// Items neither done nor failed.
    pub fn pending(&self) -> u64 {
        self.total.saturating_sub(self.done + self.failed)
    }

    /// Whether every item ended.
    pub fn finished(&self) -> bool {
        self.total > 0 && self.pending() == 0
    }
}

/// One item's end, as [`Job::outcomes`] reads it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Outcome {
    /// The item's number, in the order submitted.
    pub n: u64,
    /// The item.
    pub item: Item,
    /// `done` or `failed`, or `None` while it is pending.
    pub state: Option<String>,
    /// What Graph answered (for `done`), or the error (for `failed`:
    /// `status`, `code`, `message`).
    pub result: Option<Value>,
}

impl Job {
    /// Stores `items` in the Redis at `url` as the job `name` (letters,
    /// digits, `-`, `_`, `.`), ready for workers.
    ///
    /// # Errors
    ///
    /// [`JobError::Exists`] when a job of that name is there (finish or
    /// [`delete`](Job::delete) it first); a bad name or URL; Redis's own.
    pub async fn submit(url: &str, name: &str, items: Vec<Item>) -> Result<Job, JobError> {
        Job::open(url, name)?.submit_items(items).await
    }

    async fn submit_items(self, items: Vec<Item>) -> Result<Job, JobError> {
        if items.is_empty() {
            // A job with nothing to do would never be finished.
            return Err(JobError::Invalid(format!(
                "the job `{}` has no items: submit at least one",
                self.name
            )));
        }
        let mut con = self.store.connect().await?;
        let exists: bool = redis::cmd("EXISTS")
            .arg(self.store.key("items"))
            .query_async(&mut con)
            .await?;
        if exists {
            return Err(JobError::Exists(self.name.clone()));
        }
        for (start, chunk) in (0u64..).step_by(500).zip(items.chunks(500)) {
            let mut pipe = redis::pipe();
            for (i, item) in chunk.iter().enumerate() {
                pipe.cmd("XADD")
                    .arg(self.store.key("items"))
                    .arg("*")
                    .arg("n")
                    .arg(start + i as u64)
                    .arg("item")
                    .arg(item.to_json())
                    .ignore();
            }
            pipe.query_async::<()>(&mut con).await?;
        }
        redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(self.store.key("items"))
            .arg(GROUP)
            .arg("0")
            .arg("MKSTREAM")
            .query_async::<()>(&mut con)
            .await?;
        // Last: workers start on a job only when all of it is in.
        redis::cmd("HSET")
            .arg(self.store.key("meta"))
            .arg("total")
            .arg(items.len())
            .query_async::<()>(&mut con)
            .await?;
        Ok(self)
    }

    /// The job `name` in the Redis at `url` (nothing is connected yet).
    ///
    /// # Errors
    ///
    /// A name with other characters than letters, digits, `-`, `_` and `.`,
    /// or a URL that is not Redis's.
    pub fn open(url: &str, name: &str) -> Result<Job, JobError> {
        let client = redis::Client::open(url)
            .map_err(|_| JobError::Invalid("the Redis URL is not one (redis://host:port/db)".into()))?;
        Job::named(client, name)
    }

    /// The job `name` in the Redis of `client`.
    fn named(client: redis::Client, name: &str) -> Result<Job, JobError> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        {
            return Err(JobError::Invalid(format!(
                "`{}` is not a job name: use letters, digits, `-`, `_` and `.`",
                name.escape_debug()
            )));
        }
        Ok(Job {
            store: Store::new(client, name),
            name: name.to_owned(),
        })
    }

    /// The job's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its items by state.
    ///
    /// # Errors
    ///
    /// Redis's own.
    pub async fn progress(&self) -> Result<JobProgress, JobError> {
        let mut con = self.store.connect().await?;
        progress(&self.store, &mut con).await
    }

    /// Every item with its state and result, in the order submitted.
    ///
    /// # Errors
    ///
    /// Redis's own.
    pub async fn outcomes(&self) -> Result<Vec<Outcome>, JobError> {
        let mut con = self.store.connect().await?;
        let entries: store::RawEntries = redis::cmd("XRANGE")
            .arg(self.store.key("items"))
            .arg("-")
            .arg("+")
            .query_async(&mut con)
            .await?;
        let states: std::collections::HashMap<u64, String> = redis::cmd("HGETALL")
            .arg(self.store.key("status"))
            .query_async(&mut con)
            .await?;
        let results: std::collections::HashMap<u64, String> = redis::cmd("HGETALL")
            .arg(self.store.key("results"))
            .query_async(&mut con)
            .await?;
        let mut outcomes = Vec::new();
        for (_, n, json) in store::entries(entries) {
            let Some(item) = Item::from_json(&json) else {
                continue;
            };
            let state = states.get(&n).filter(|s| *s == "done" || *s == "failed").cloned();
            outcomes.push(Outcome {
                n,
                item,
                state,
                result: results.get(&n).and_then(|r| serde_json::from_str(r).ok()),
            });
        }
        outcomes.sort_by_key(|o| o.n);
        Ok(outcomes)
    }

    /// Stops the job: workers take no more of its items (those under way
    /// end as they do).
    ///
    /// # Errors
    ///
    /// Redis's own.
    pub async fn cancel(&self) -> Result<(), JobError> {
        let mut con = self.store.connect().await?;
        redis::cmd("HSET")
            .arg(self.store.key("meta"))
            .arg("cancelled")
            .arg(1)
            .query_async::<()>(&mut con)
            .await?;
        Ok(())
    }

    /// Submits the failed items as the new job `name`.
    ///
    /// # Errors
    ///
    /// As [`outcomes`](Job::outcomes) and [`submit`](Job::submit).
    pub async fn retry_failed(&self, name: &str) -> Result<Job, JobError> {
        let failed: Vec<Item> = self
            .outcomes()
            .await?
            .into_iter()
            .filter(|o| o.state.as_deref() == Some("failed"))
            .map(|o| o.item)
            .collect();
        Job::named(self.store.client.clone(), name)?
            .submit_items(failed)
            .await
    }

    /// Removes the job and everything recorded of it.
    ///
    /// # Errors
    ///
    /// Redis's own.
    pub async fn delete(&self) -> Result<(), JobError> {
        let mut con = self.store.connect().await?;
        let keys: Vec<String> = ["items", "status", "attempts", "results", "counts", "meta"]
            .iter()
            .map(|k| self.store.key(k))
            .collect();
        redis::cmd("DEL").arg(keys).query_async::<()>(&mut con).await?;
        Ok(())
    }
}

pub(crate) async fn progress(
    store: &Store,
    con: &mut redis::aio::MultiplexedConnection,
) -> Result<JobProgress, JobError> {
    let (total, cancelled): (Option<u64>, Option<u64>) = redis::cmd("HMGET")
        .arg(store.key("meta"))
        .arg("total")
        .arg("cancelled")
        .query_async(con)
        .await?;
    let (done, failed): (Option<u64>, Option<u64>) = redis::cmd("HMGET")
        .arg(store.key("counts"))
        .arg("done")
        .arg("failed")
        .query_async(con)
        .await?;
    Ok(JobProgress {
        total: total.unwrap_or(0),
        done: done.unwrap_or(0),
        failed: failed.unwrap_or(0),
        cancelled: cancelled.unwrap_or(0) == 1,
    })
}

/// A job that cannot be submitted, read or run.
#[derive(Debug)]
#[non_exhaustive]
pub enum JobError {
    /// A job of this name is already in Redis.
    Exists(String),
    /// A bad name or URL, or a job that is not there.
    Invalid(String),
    /// Redis failed or cannot be reached; what was recorded stays recorded.
    Redis(redis::RedisError),
}

impl fmt::Display for JobError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JobError::Exists(name) => write!(
                f,
                "a job named `{name}` is already in Redis: run its workers, or delete it to submit again"
            ),
            JobError::Invalid(message) => f.write_str(message),
            JobError::Redis(e) => write!(f, "Redis: {e}"),
        }
    }
}

impl std::error::Error for JobError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            JobError::Redis(e) => Some(e),
            _ => None,
        }
    }
}

impl From<redis::RedisError> for JobError {
    fn from(e: redis::RedisError) -> Self {
        JobError::Redis(e)
    }
}
