//! What a running worker keeps going beside its items: the heartbeat that
//! keeps them its own, and the items of a batch run side by side.

use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use redis::aio::MultiplexedConnection;

use super::store::{GROUP, Store};
use crate::http::sync::lock;

/// Keeps the worker's items its own while it works on them: claims them
/// again (for itself) well within the claim time, resetting their idle
/// time.
pub(super) async fn heartbeat(
    store: Store,
    mut con: MultiplexedConnection,
    id: String,
    in_flight: Arc<Mutex<HashSet<String>>>,
    every: Duration,
) {
    loop {
        tokio::time::sleep(every).await;
        let ids: Vec<String> = lock(&in_flight).iter().cloned().collect();
        if ids.is_empty() {
            continue;
        }
        let _: redis::RedisResult<Vec<String>> = redis::cmd("XCLAIM")
            .arg(store.key("items"))
            .arg(GROUP)
            .arg(&id)
            .arg(0)
            .arg(ids)
            .arg("JUSTID")
            .query_async(&mut con)
            .await;
    }
}

/// Aborts a task when dropped.
pub(super) struct Abort(pub(super) tokio::task::JoinHandle<()>);

impl Drop for Abort {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Futures run side by side on this task, each answered as it ends, so
/// that a slow one holds up no other.
pub(super) struct InFlight<F> {
    futures: Vec<Pin<Box<F>>>,
}

impl<F: Future> InFlight<F> {
    pub(super) fn new() -> Self {
        InFlight { futures: Vec::new() }
    }

    pub(super) fn len(&self) -> usize {
        self.futures.len()
    }

    pub(super) fn push(&mut self, future: F) {
        self.futures.push(Box::pin(future));
    }

    /// The output of the next future to end; pending for ever when there
    /// are none.
    pub(super) async fn next(&mut self) -> F::Output {
        std::future::poll_fn(|cx| {
            for i in 0..self.futures.len() {
                if let std::task::Poll::Ready(output) = self.futures[i].as_mut().poll(cx) {
                    drop(self.futures.swap_remove(i));
                    return std::task::Poll::Ready(output);
                }
            }
            std::task::Poll::Pending
        })
        .await
    }
}
