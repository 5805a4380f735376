//! A run of requests through `$batch`: chunks of at most 20, a few in
//! flight, throttled requests queued again after their `Retry-After`, and
//! every request settled exactly once.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::wire::{ItemAnswer, Outcome, send_batch};
use super::{Batch, BatchProgress, MAX_BATCH_SIZE, Request};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::OutcomeUnknown;
use crate::http::pipeline::feedback;
use crate::http::retry::{Attempt, Backoff, Lost, RetryPolicy, is_idempotent, waits_alone};

/// A request waiting for its (next) batch.
struct Waiting {
    index: usize,
    backoff: Backoff,
    not_before: Instant,
}

/// Where a run stands: what waits, what is settled, and the counts.
struct Run<'a> {
    client: &'a Client,
    requests: &'a [Request],
    policy: RetryPolicy,
    queue: VecDeque<Waiting>,
    results: Vec<Option<Result<ItemAnswer, Error>>>,
    progress: BatchProgress,
}

impl Batch {
    /// Sends every request, in batches, until each has a final result.
    pub(super) async fn run(
        &self,
        requests: Vec<Request>,
    ) -> (Vec<Result<ItemAnswer, Error>>, BatchProgress) {
        let total = requests.len();
        let requests = Arc::new(requests);
        let mut run = Run {
            client: &self.client,
            requests: &requests,
            policy: self
                .client
                .retry_policy()
                .clone()
                .with_max_retries(self.item_retries),
            queue: (0..total)
                .map(|index| Waiting {
                    index,
                    backoff: Backoff::default(),
                    not_before: Instant::now(),
                })
                .collect(),
            results: (0..total).map(|_| None).collect(),
            progress: BatchProgress {
                total,
                ..Default::default()
            },
        };
        let mut in_flight = tokio::task::JoinSet::new();
        // The requests of each batch in flight, by task: they stay here, so
        // that a task that ends abnormally still settles its requests.
        let mut flying: HashMap<tokio::task::Id, Vec<Waiting>> = HashMap::new();
        loop {
            while in_flight.len() < self.concurrency {
                let chunk = run.next_chunk();
                if chunk.is_empty() {
                    break;
                }
                run.progress.batches += 1;
                let (client, requests) = (self.client.clone(), requests.clone());
                let indexes: Vec<usize> = chunk.iter().map(|w| w.index).collect();
                let task = in_flight.spawn(async move { send_batch(&client, &requests, &indexes).await });
                flying.insert(task.id(), chunk);
            }
            let next_ready = run.queue.iter().map(|w| w.not_before).min();
            let joined = match (in_flight.is_empty(), next_ready) {
                (true, None) => break,
                (true, Some(when)) => {
                    tokio::time::sleep_until(when.into()).await;
                    continue;
                }
                (false, Some(when)) => {
                    match tokio::time::timeout_at(when.into(), in_flight.join_next_with_id()).await {
                        Ok(joined) => joined,
                        Err(_) => continue,
                    }
                }
                (false, None) => in_flight.join_next_with_id().await,
            };
            let (chunk, outcomes) = match joined {
                Some(Ok((id, outcomes))) => (flying.remove(&id).unwrap_or_default(), outcomes),
                Some(Err(e)) => {
                    tracing::error!(error = %e, "a batch task ended abnormally");
                    let chunk = flying.remove(&e.id()).unwrap_or_default();
                    let cause = Arc::new(Error::Internal(format!(
                        "the task sending its batch ended abnormally: {e}"
                    )));
                    let outcomes = chunk.iter().map(|_| Outcome::Unknown(cause.clone())).collect();
                    (chunk, outcomes)
                }
                None => continue,
            };
            for (w, outcome) in chunk.into_iter().zip(outcomes) {
                run.settle(w, outcome);
            }
            tracing::debug!(
                succeeded = run.progress.succeeded,
                failed = run.progress.failed,
                retried = run.progress.retried,
                total,
                "batch answered"
            );
            if let Some(report) = &self.progress {
                report(&run.progress);
            }
        }
        let requests = run.requests;
        let results = run
            .results
            .into_iter()
            .zip(requests.iter())
            .map(|(result, request)| {
                // Every request is settled before the loop ends; should one
                // not be, it is reported as unknown rather than dropped.
                result.unwrap_or_else(|| {
                    Err(unknown(
                        request,
                        Error::Internal("the run ended without a result for it".into()),
                    ))
                })
            })
            .collect();
        (results, run.progress)
    }
}

impl Run<'_> {
    /// Up to 20 requests that may go now, in queue order.
    fn next_chunk(&mut self) -> Vec<Waiting> {
        let now = Instant::now();
        let mut chunk = Vec::with_capacity(MAX_BATCH_SIZE);
        let mut later = VecDeque::with_capacity(self.queue.len());
        while let Some(w) = self.queue.pop_front() {
            if chunk.len() < MAX_BATCH_SIZE && w.not_before <= now {
                chunk.push(w);
            } else {
                later.push_back(w);
            }
        }
        self.queue = later;
        chunk
    }

    /// Records what became of one request: a result, or a place in the queue.
    fn settle(&mut self, mut w: Waiting, outcome: Outcome) {
        let request = &self.requests[w.index];
        let resendable = is_idempotent(&request.method);
        let attempts = w.backoff.attempts();
        let (wait, give_up) = match outcome {
            Outcome::Answered(a) => {
                // Each request of a batch counts against the budget on its own.
                self.client.observe(feedback(a.status, &a.headers));
                if a.status.is_success() {
                    self.progress.succeeded += 1;
                    self.results[w.index] = Some(Ok(a));
                    return;
                }
                // Graph's error, read once: its code tells a 404 that
                // replication explains, and it is the result if none follows.
                let api = a.api_error(attempts);
                let attempt = Attempt::Answered {
                    status: a.status,
                    headers: &a.headers,
                    code: api.code.as_deref(),
                };
                match w.backoff.after(&self.policy, attempt, resendable) {
                    Some(wait) if waits_alone(self.client.inner().pacing.is_some(), a.status) => (wait, None),
                    // The budget's pace, with all the others.
                    Some(_) => (Duration::ZERO, None),
                    None => (Duration::ZERO, Some(Error::Api(Box::new(api)))),
                }
            }
            Outcome::NotDone(cause) => {
                let again = (resendable && cause.is_retryable())
                    .then(|| w.backoff.after(&self.policy, Attempt::Lost(Lost::NotSent), true))
                    .flatten();
                match again {
                    Some(wait) => (wait, None),
                    None => (Duration::ZERO, Some(Error::Batch(cause))),
                }
            }
            Outcome::Unknown(cause) => {
                match w
                    .backoff
                    .after(&self.policy, Attempt::Lost(Lost::NoAnswer), resendable)
                {
                    Some(wait) => (wait, None),
                    None if resendable => (Duration::ZERO, Some(Error::Batch(cause))),
                    None => (Duration::ZERO, Some(unknown(request, Error::Batch(cause)))),
                }
            }
        };
        match give_up {
            Some(error) => {
                self.progress.failed += 1;
                self.results[w.index] = Some(Err(error));
            }
            None => {
                self.progress.retried += 1;
                w.not_before = Instant::now() + wait;
                self.queue.push_back(w);
            }
        }
    }
}

fn unknown(request: &Request, cause: Error) -> Error {
    Error::OutcomeUnknown(Box::new(OutcomeUnknown {
        method: request.method.clone(),
        template: request.template.source(),
        cause,
    }))
}
