//! How the runtime takes a lock, in one place.

use std::sync::{Mutex, MutexGuard};

/// Locks `m`, also after a panic in another holder: what the runtime keeps
/// under its locks (cached tokens, budgets, the link to Redis) stays whole
/// between steps, so a panic elsewhere is not passed on to every later
/// request.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
