//! Where a job lives in Redis, under `graph-resource:job:<name>:`:
//!
//! - `items`, a stream: one entry per item (`n`, its number; `item`, its
//!   JSON), read by the consumer group `workers`, so that an entry a worker
//!   read and never acknowledged can be claimed by another;
//! - `status`, a hash: each item's state (`sending:<worker>`, `done`,
//!   `failed`), set before it is sent and when it ends;
//! - `results`, a hash: each ended item's result or error (JSON);
//! - `attempts`, a hash: how many times each item was taken up;
//! - `counts`, a hash: `done` and `failed`;
//! - `meta`, a hash: `total` (set last, when every item is in) and
//!   `cancelled`.

use std::fmt;

use redis::aio::MultiplexedConnection;

/// The consumer group every worker reads in.
pub(crate) const GROUP: &str = "workers";

const MARK: &str = include_str!("mark.lua");
const RECORD: &str = include_str!("record.lua");

/// A job's keys and a connection to its Redis.
#[derive(Clone)]
pub(crate) struct Store {
    pub(crate) client: redis::Client,
    prefix: String,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password: only the address is shown.
        f.debug_struct("Store")
            .field("server", &self.client.get_connection_info().addr().to_string())
            .field("prefix", &self.prefix)
            .finish()
    }
}

impl Store {
    pub(crate) fn new(client: redis::Client, name: &str) -> Store {
        Store {
            client,
            prefix: format!("graph-resource:job:{name}:"),
        }
    }

    pub(crate) fn key(&self, part: &str) -> String {
        format!("{}{part}", self.prefix)
    }

    pub(crate) async fn connect(&self) -> redis::RedisResult<MultiplexedConnection> {
        self.client.get_multiplexed_async_connection().await
    }

    /// Marks item `n` as being sent by `worker`; answers the state it had
    /// and how many times it was taken up (this time included).
    pub(crate) async fn mark(
        &self,
        con: &mut MultiplexedConnection,
        n: u64,
        worker: &str,
    ) -> redis::RedisResult<(Option<String>, u64)> {
        redis::Script::new(MARK)
            .key(self.key("status"))
            .key(self.key("attempts"))
            .arg(n)
            .arg(worker)
            .invoke_async(con)
            .await
    }

    /// Records item `n`'s end (`done` or `failed`) once and acknowledges its
    /// entry; answers whether this call recorded it.
    pub(crate) async fn record(
        &self,
        con: &mut MultiplexedConnection,
        n: u64,
        entry: &str,
        end: &str,
        payload: &str,
    ) -> redis::RedisResult<bool> {
        let recorded: i64 = redis::Script::new(RECORD)
            .key(self.key("status"))
            .key(self.key("results"))
            .key(self.key("counts"))
            .key(self.key("items"))
            .arg(n)
            .arg(end)
            .arg(payload)
            .arg(entry)
            .arg(GROUP)
            .invoke_async(con)
            .await?;
        Ok(recorded == 1)
    }

    /// Acknowledges an entry with nothing to record (an item already ended).
    pub(crate) async fn ack(&self, con: &mut MultiplexedConnection, entry: &str) -> redis::RedisResult<()> {
        redis::cmd("XACK")
            .arg(self.key("items"))
            .arg(GROUP)
            .arg(entry)
            .query_async(con)
            .await
    }
}

/// Stream entries as Redis answers them: each its id and its fields and
/// values, in turn.
pub(crate) type RawEntries = Vec<(String, Vec<String>)>;

/// An item's entry: its id in the stream, the item's number, its JSON.
pub(crate) type Entry = (String, u64, String);

/// Stream entries as `(entry id, n, item JSON)`, from the entries part of
/// an `XREADGROUP`, `XAUTOCLAIM` or `XRANGE` answer.
pub(crate) fn entries(list: RawEntries) -> Vec<Entry> {
    list.into_iter()
        .filter_map(|(id, fields)| {
            let field = |name: &str| {
                fields
                    .chunks_exact(2)
                    .find(|kv| kv[0] == name)
                    .map(|kv| kv[1].clone())
            };
            Some((id, field("n")?.parse().ok()?, field("item")?))
        })
        .collect()
}
