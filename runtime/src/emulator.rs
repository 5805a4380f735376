//! A local Graph-compatible HTTP server, for tests and examples: the
//! `graph-resource-emulator` crate, with a [`client`](Emulator::client) for it.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> std::io::Result<()> {
//! use graph_resource::emulator::Emulator;
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

/// A running emulator, which stops when dropped. It derefs to
/// [`graph_resource_emulator::Emulator`] for faults, seeding and the
/// requests it received.
#[derive(Debug)]
pub struct Emulator(graph_resource_emulator::Emulator);

impl Emulator {
    /// Starts an emulator on `127.0.0.1` on a free port, on the current
    /// tokio runtime.
    pub async fn start() -> std::io::Result<Emulator> {
        graph_resource_emulator::Emulator::start().await.map(Emulator)
    }

    /// A client for this emulator's Graph beta, with a static token. For
    /// v1.0, build one with `.base_url(emulator.base_url_for("v1.0"))`.
    ///
    /// # Panics
    ///
    /// If the TLS backend cannot be set up, as [`Client::new`] does.
    pub fn client(&self) -> Client {
        Client::new_with_base(&self.0.base_url(), StaticToken::new("emulator-token"))
    }
}

impl std::ops::Deref for Emulator {
    type Target = graph_resource_emulator::Emulator;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
