//! A local Graph-compatible HTTP server, for tests and examples: the
//! `graph-resource-emulator` crate, and [`EmulatorExt::client`] for a
//! client of it.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use graph_resource::emulator::{Emulator, EmulatorExt};
//!
//! let emulator = Emulator::start().await?;
//! let client = emulator.client();
//! assert!(client.base_url().starts_with("http://127.0.0.1:"));
//! emulator.throttle_next(2, "1");
//! # Ok(()) }
//! ```

pub use graph_resource_emulator::*;

use crate::http::auth::StaticToken;
use crate::http::client::Client;
use crate::http::cloud::ApiVersion;

/// A client for an emulator: what `emulator.client()` gives, with this
/// trait in scope (`use graph_resource::emulator::{Emulator, EmulatorExt}`).
/// The emulator crate knows nothing of this one, so the method comes from
/// here, by a trait, rather than by wrapping the emulator.
pub trait EmulatorExt {
    /// A client for this emulator's Graph beta, with a static token.
    ///
    /// # Panics
    ///
    /// If the TLS backend cannot be set up, as [`Client::new`] does.
    fn client(&self) -> Client;

    /// A client for this emulator's Graph `version`: models generated from
    /// the v1.0 schema take `client_for(ApiVersion::V1)`.
    ///
    /// # Panics
    ///
    /// As [`EmulatorExt::client`].
    fn client_for(&self, version: ApiVersion) -> Client;
}

impl EmulatorExt for Emulator {
    fn client(&self) -> Client {
        self.client_for(ApiVersion::Beta)
    }

    fn client_for(&self, version: ApiVersion) -> Client {
        Client::new_with_base(
            &self.base_url_for(version.as_str()),
            StaticToken::new("emulator-token"),
        )
    }
}
