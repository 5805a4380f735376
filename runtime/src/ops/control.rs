//! What one call may set for itself over its client's settings: the limit
//! on one attempt, the retry policy, and waiting out Entra ID's replication
//! delay. Every builder of a call (`Get`, `Update`, `Create`, `Delete`,
//! `Invoke`, `List`, `Delta`, `Request`) takes the same three methods.

use std::time::Duration;

use crate::http::call::Call;
use crate::http::client::Client;
use crate::http::retry::RetryPolicy;

/// A call's own settings; the client's where one is not set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Control {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    replication: bool,
}

impl Control {
    /// The call with these settings.
    pub(crate) fn apply<'a>(&self, client: &Client, call: Call<'a>) -> Call<'a> {
        let retry = match (&self.retry, self.replication) {
            (retry, false) => retry.clone(),
            (retry, true) => Some(
                retry
                    .clone()
                    .unwrap_or_else(|| client.retry_policy().clone())
                    .wait_for_replication(),
            ),
        };
        call.overrides(self.timeout, retry)
    }

    pub(crate) fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    pub(crate) fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = Some(policy);
    }

    pub(crate) fn set_replication(&mut self) {
        self.replication = true;
    }
}

/// The three methods, with their docs, on a builder, given the field
/// that holds its [`Control`]: `per_call_control!(['a, T, A] Get<'a, T, A>
/// => setup.control)`.
macro_rules! per_call_control {
    ($([$($generics:tt)*] $builder:ty => $($field:ident).+),* $(,)?) => {$(
        impl<$($generics)*> $builder {
            /// The longest one attempt of this call may take, answer
            /// included, instead of the client's
            /// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.$($field).+.set_timeout(timeout);
                self
            }

            /// How this call retries throttled and unavailable answers,
            /// instead of the client's policy.
            pub fn retry_policy(mut self, policy: crate::http::retry::RetryPolicy) -> Self {
                self.$($field).+.set_retry_policy(policy);
                self
            }

            /// Sends this call again when Graph answers `404
            /// Request_ResourceNotFound`, ten times two seconds apart: for a
            /// read or an assignment that names a user or group created
            /// moments ago, which Entra ID may not have replicated yet (see
            /// [`RetryPolicy::wait_for_replication`](crate::RetryPolicy::wait_for_replication)).
            pub fn wait_for_replication(mut self) -> Self {
                self.$($field).+.set_replication();
                self
            }
        }
    )*};
}

pub(crate) use per_call_control;
