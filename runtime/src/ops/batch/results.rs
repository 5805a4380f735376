//! What a batch run gives back: each item's result, in input order, and
//! the run's final counts.

use std::ops::Deref;

use reqwest::header::HeaderMap;

use super::BatchProgress;
use super::wire::ItemAnswer;
use crate::http::error::Error;

/// The results of a batch run, in input order, with its final counts.
///
/// It reads as a slice of results (`results.len()`, `results[3]`,
/// `for r in &results`, `results.iter()`), iterates by value, and gives
/// [`counts`](Self::counts) without a progress callback.
#[derive(Debug)]
pub struct BatchResults<T> {
    results: Vec<Result<T, Error>>,
    /// Each item's answer's headers, when it was answered with success.
    headers: Vec<Option<HeaderMap>>,
    counts: BatchProgress,
}

impl<T> BatchResults<T> {
    /// The results and the run's counts; `succeeded` and `failed` are
    /// counted from the results themselves, so that an answer that could
    /// not be read counts as failed.
    pub(super) fn new(
        answers: Vec<Result<ItemAnswer, Error>>,
        read: impl Fn(Result<ItemAnswer, Error>) -> Result<T, Error>,
        progress: BatchProgress,
    ) -> Self {
        let headers = answers
            .iter()
            .map(|a| a.as_ref().ok().map(|a| a.headers.clone()))
            .collect();
        let results: Vec<_> = answers.into_iter().map(read).collect();
        let succeeded = results.iter().filter(|r| r.is_ok()).count();
        let counts = BatchProgress {
            total: results.len(),
            succeeded,
            failed: results.len() - succeeded,
            ..progress
        };
        BatchResults {
            results,
            headers,
            counts,
        }
    }

    /// The headers Graph answered item `index` with (a `Location`, an
    /// `ETag`), when it succeeded.
    pub fn headers(&self, index: usize) -> Option<&HeaderMap> {
        self.headers.get(index).and_then(Option::as_ref)
    }

    /// The final counts: every request succeeded or failed, how many times
    /// requests were throttled and sent again, and how many batches went.
    pub fn counts(&self) -> &BatchProgress {
        &self.counts
    }

    /// The results alone.
    pub fn into_results(self) -> Vec<Result<T, Error>> {
        self.results
    }
}

impl<T> Deref for BatchResults<T> {
    type Target = [Result<T, Error>];

    fn deref(&self) -> &Self::Target {
        &self.results
    }
}

impl<T> IntoIterator for BatchResults<T> {
    type Item = Result<T, Error>;
    type IntoIter = std::vec::IntoIter<Result<T, Error>>;

    fn into_iter(self) -> Self::IntoIter {
        self.results.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a BatchResults<T> {
    type Item = &'a Result<T, Error>;
    type IntoIter = std::slice::Iter<'a, Result<T, Error>>;

    fn into_iter(self) -> Self::IntoIter {
        self.results.iter()
    }
}
