//! Waiting on the service: reading a resource until its status reaches a
//! value the caller names (an export job's `status`, a content file's
//! `uploadState`), and following a `202 Accepted`'s `Location` (or
//! `Operation-Location`) until the operation ends.

use std::time::{Duration, Instant};

use reqwest::{Method, Url};
use serde_json::Value;

use crate::http::client::Client;
use crate::http::error::{Error, PollEnd, PollError};
use crate::http::retry::retry_after;
use crate::http::transport::same_origin;
use crate::ops::response::Answered;

/// Where a wait stands, for a progress callback.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct Progress<'a> {
    /// The status just read, if the resource had one.
    pub status: Option<&'a str>,
    /// How many times it has been read.
    pub reads: u32,
    /// How long the wait has taken so far.
    pub waited: Duration,
}

type OnProgress = Box<dyn FnMut(Progress<'_>) + Send>;

/// Reads a resource until its status reaches a terminal value: one the
/// caller names as success (`until`), or as failure (`failing`, an error).
/// Between reads it waits `interval` (2 s unless set); past `deadline` (10
/// minutes unless set) it gives up. Each read is a call of its own, with
/// the client's retries: a throttled read (`429`, `503`) waits as its
/// `Retry-After` says before it is read again. Dropping the wait cancels
/// it.
///
/// ```no_run
/// # use graph_resource::{Client, Error, Method};
/// # async fn run(client: Client) -> Result<(), Error> {
/// use graph_resource::ops::Poll;
/// use std::time::Duration;
///
/// let job: serde_json::Value = Poll::new(
///     || {
///         let job = client.request(Method::GET, "/deviceManagement/reports/exportJobs('{id}')");
///         job.value("id", "j1").send()
///     },
///     |job: &serde_json::Value| job["status"].as_str().map(str::to_owned),
/// )
/// .until(["completed"])
/// .failing(["failed"])
/// .interval(Duration::from_secs(5))
/// .on_progress(|p| eprintln!("{:?} after {:?}", p.status, p.waited))
/// .wait()
/// .await?;
/// println!("download from {}", job["url"]);
/// # Ok(()) }
/// ```
///
/// Feature `poll`, on by default.
#[must_use = "nothing is read until `wait` is awaited"]
pub struct Poll<R, S> {
    read: R,
    status: S,
    succeeded: Vec<String>,
    failed: Vec<String>,
    interval: Duration,
    deadline: Duration,
    progress: Option<OnProgress>,
}

impl<R, S> std::fmt::Debug for Poll<R, S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Poll")
            .field("until", &self.succeeded)
            .field("failing", &self.failed)
            .field("interval", &self.interval)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

impl<R, S> Poll<R, S> {
    /// A wait that reads with `read` (a call, made again for each read) and
    /// takes the status from what it read with `status`.
    pub fn new(read: R, status: S) -> Self {
        Poll {
            read,
            status,
            succeeded: Vec::new(),
            failed: Vec::new(),
            interval: Duration::from_secs(2),
            deadline: Duration::from_secs(600),
            progress: None,
        }
    }

    /// The statuses that end the wait with what was read.
    pub fn until<I: IntoIterator<Item = V>, V: Into<String>>(mut self, statuses: I) -> Self {
        self.succeeded.extend(statuses.into_iter().map(Into::into));
        self
    }

    /// The statuses that end the wait with an error
    /// ([`Error::Poll`], which names the status).
    pub fn failing<I: IntoIterator<Item = V>, V: Into<String>>(mut self, statuses: I) -> Self {
        self.failed.extend(statuses.into_iter().map(Into::into));
        self
    }

    /// How long to wait between reads.
    pub fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// How long to wait in all before giving up.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Called after each read, with the status read and the time waited.
    pub fn on_progress(mut self, progress: impl FnMut(Progress<'_>) + Send + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }

    /// Reads until a terminal status, and answers with the last read.
    ///
    /// # Errors
    ///
    /// A read's own error, as it came; [`Error::Poll`] when a failing status
    /// is read or the deadline passes, with the last status and the time
    /// waited.
    pub async fn wait<T, F>(mut self) -> Result<T, Error>
    where
        R: FnMut() -> F,
        F: std::future::IntoFuture<Output = Result<T, Error>>,
        S: Fn(&T) -> Option<String>,
    {
        let started = Instant::now();
        let mut reads = 0;
        loop {
            let value = (self.read)().await?;
            reads += 1;
            let status = (self.status)(&value);
            let waited = started.elapsed();
            if let Some(progress) = &mut self.progress {
                progress(Progress {
                    status: status.as_deref(),
                    reads,
                    waited,
                });
            }
            let is = |set: &[String]| status.as_ref().is_some_and(|s| set.iter().any(|t| t == s));
            if is(&self.succeeded) {
                return Ok(value);
            }
            if is(&self.failed) {
                return Err(poll_error(PollEnd::Failed, status, waited, reads, None));
            }
            if waited + self.interval > self.deadline {
                return Err(poll_error(PollEnd::DeadlinePassed, status, waited, reads, None));
            }
            tokio::time::sleep(self.interval).await;
        }
    }
}

fn poll_error(
    end: PollEnd,
    status: Option<String>,
    waited: Duration,
    reads: u32,
    detail: Option<String>,
) -> Error {
    Error::Poll(Box::new(PollError {
        end,
        last_status: status,
        waited,
        reads,
        detail,
    }))
}

impl Client {
    /// Follows a long-running operation from the URL a `202 Accepted` gave
    /// in `Location` or `Operation-Location`, until its `status` is
    /// `completed` or `succeeded` (answered with the last read), or
    /// `failed` or `cancelled` (an [`Error::Poll`] with its `error`). Each
    /// read waits the answer's `Retry-After`, else `interval`; a URL on the
    /// client's origin is read with the token, any other (a monitor URL) as
    /// a pre-signed one, without it.
    ///
    /// # Errors
    ///
    /// A read's error; [`Error::Poll`] when the operation fails or
    /// `deadline` passes.
    pub async fn follow_operation(
        &self,
        location: &str,
        interval: Duration,
        deadline: Duration,
    ) -> Result<Value, Error> {
        let own = Url::parse(location).is_ok_and(|u| same_origin(&u, &self.inner().base_url));
        let started = Instant::now();
        let mut reads = 0;
        loop {
            let answered: Answered<Value> = if own {
                self.request(Method::GET, location).send_with_headers().await?
            } else {
                let raw = self.presigned(Method::GET, location).send().await?;
                let value = serde_json::from_slice(raw.value()).unwrap_or(Value::Null);
                Answered::from_parts(value, raw.status(), raw.headers().clone())
            };
            reads += 1;
            let status = answered.value()["status"].as_str().map(str::to_owned);
            let waited = started.elapsed();
            match status.as_deref().map(str::to_ascii_lowercase).as_deref() {
                Some("completed" | "succeeded") => return Ok(answered.into_value()),
                Some("failed" | "cancelled" | "canceled") => {
                    let detail = answered.value().get("error").map(Value::to_string);
                    return Err(poll_error(PollEnd::Failed, status, waited, reads, detail));
                }
                _ => {}
            }
            let wait = retry_after(answered.headers()).unwrap_or(interval);
            if waited + wait > deadline {
                return Err(poll_error(PollEnd::DeadlinePassed, status, waited, reads, None));
            }
            tokio::time::sleep(wait).await;
        }
    }
}
