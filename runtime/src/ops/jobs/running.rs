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

/// Runs futures side by side on this task, answering their outputs.
pub(super) async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pinned: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in pinned.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs
        .into_iter()
        .map(|o| o.expect("every future finished"))
        .collect()
}
