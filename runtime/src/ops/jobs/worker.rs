//! A worker: reads a job's items (new ones, and those of workers that
//! died), sends each through its tenant's client, and records how it ended,
//! each item once.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::aio::MultiplexedConnection;
use serde_json::{Value, json};

use super::item::Item;
use super::lookup::{Lookup, LookupFn};
use super::store::{self, Entry, GROUP, RawEntries, Store};
use super::{Job, JobError, JobProgress};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::sync::lock;

use super::running::{Abort, InFlight, heartbeat};

type Clients = Arc<dyn Fn(&str) -> Client + Send + Sync>;

/// Runs a job's items: see [the module](super).
pub struct Worker {
    store: Store,
    id: String,
    clients: Clients,
    cache: Mutex<HashMap<String, Client>>,
    lookups: HashMap<String, LookupFn>,
    concurrency: usize,
    claim_after: Duration,
    idle_wait: Duration,
    max_attempts: u64,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("store", &self.store)
            .field("id", &self.id)
            .field("lookups", &self.lookups.keys().collect::<Vec<_>>())
            .field("concurrency", &self.concurrency)
            .field("claim_after", &self.claim_after)
            .finish_non_exhaustive()
    }
}

/// How an item whose outcome was unknown stands.
enum Checked {
    /// It took effect: Graph holds this.
    Done(Value),
    /// It did not: send it.
    Absent,
    /// Nothing can tell (a create with no lookup for its kind).
    Unknowable,
}

impl Worker {
    /// A worker of the job `name` in the Redis at `url`; `clients` gives
    /// the client for a tenant (called once per tenant; an item without a
    /// tenant asks for `""`).
    ///
    /// # Errors
    ///
    /// A bad name or URL.
    pub fn new(
        url: &str,
        name: &str,
        clients: impl Fn(&str) -> Client + Send + Sync + 'static,
    ) -> Result<Worker, JobError> {
        let job = Job::open(url, name)?;
        Ok(Worker {
            store: job.store,
            id: format!("{:032x}", crate::http::random::u128()),
            clients: Arc::new(clients),
            cache: Mutex::default(),
            lookups: HashMap::new(),
            concurrency: 16,
            claim_after: Duration::from_secs(60),
            idle_wait: Duration::from_millis(200),
            max_attempts: 10,
        })
    }

    /// The lookup for items of `kind` whose outcome is unknown; see
    /// [`Lookup`].
    pub fn lookup(mut self, kind: &str, lookup: impl Lookup) -> Self {
        let lookup = Arc::new(lookup);
        self.lookups.insert(
            kind.to_owned(),
            Arc::new(move |client, item| {
                let lookup = lookup.clone();
                Box::pin(async move { lookup.look_up(client, item).await })
            }),
        );
        self
    }

    /// How many items it sends at once (16 unless set).
    pub fn concurrency(mut self, items: usize) -> Self {
        self.concurrency = items.max(1);
        self
    }

    /// How long an item read by a worker that stopped working on it stays
    /// its own before another worker claims it (60 s unless set). A live
    /// worker keeps its items, however long they take.
    pub fn claim_after(mut self, idle: Duration) -> Self {
        self.claim_after = idle.max(Duration::from_millis(10));
        self
    }

    /// How many times an item may be taken up (by this worker or others,
    /// after a lookup that failed or a worker that stopped) before it is
    /// recorded as failed (10 unless set).
    pub fn max_attempts(mut self, attempts: u64) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Its name as a consumer of the job's stream.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Runs items until every item of the job has ended, or the job is
    /// cancelled; answers where the job stands then. Dropping the future
    /// stops the worker as killing its process would: its items go to
    /// other workers after the claim time.
    ///
    /// # Errors
    ///
    /// [`JobError::Invalid`] when there is no such job; Redis's own.
    pub async fn run(&self) -> Result<JobProgress, JobError> {
        let mut con = self.store.connect().await?;
        self.wait_for_job(&mut con).await?;
        let in_flight: Arc<Mutex<HashSet<String>>> = Arc::default();
        let _heartbeat = Abort(tokio::spawn(heartbeat(
            self.store.clone(),
            con.clone(),
            self.id.clone(),
            in_flight.clone(),
            self.claim_after / 3,
        )));
        let mut running = InFlight::new();
        let mut looked = Instant::now();
        loop {
            // More items are looked for when half the room is free, or a
            // moment after the last look: not after each item's end.
            let room = self.concurrency - running.len();
            if room > 0 && (room * 2 >= self.concurrency || looked.elapsed() >= self.idle_wait) {
                looked = Instant::now();
                let progress = super::progress(&self.store, &mut con).await?;
                if progress.cancelled || (progress.finished() && running.len() == 0) {
                    return Ok(progress);
                }
                let mut entries = if progress.cancelled {
                    Vec::new()
                } else {
                    self.claim(&mut con, room).await?
                };
                if entries.is_empty() && !progress.cancelled {
                    entries = self.read_new(&mut con, room).await?;
                }
                lock(&in_flight).extend(entries.iter().map(|(id, _, _)| id.clone()));
                for (entry, n, json) in entries {
                    let con = con.clone();
                    running.push(async move {
                        let ended = self.process(con, &entry, n, &json).await;
                        (entry, ended)
                    });
                }
            }
            if running.len() == 0 {
                tokio::time::sleep(self.idle_wait).await;
                continue;
            }
            // The next item to end, or, while there is room, a look for
            // more after a moment.
            let ended = if running.len() < self.concurrency {
                tokio::time::timeout(self.idle_wait, running.next()).await.ok()
            } else {
                Some(running.next().await)
            };
            if let Some((entry, ended)) = ended {
                lock(&in_flight).remove(&entry);
                ended?;
            }
        }
    }

    async fn wait_for_job(&self, con: &mut MultiplexedConnection) -> Result<(), JobError> {
        loop {
            let total: Option<u64> = redis::cmd("HGET")
                .arg(self.store.key("meta"))
                .arg("total")
                .query_async(con)
                .await?;
            if total.is_some() {
                return Ok(());
            }
            let exists: bool = redis::cmd("EXISTS")
                .arg(self.store.key("items"))
                .query_async(con)
                .await?;
            if !exists {
                return Err(JobError::Invalid(format!(
                    "there is no job under {} in this Redis: submit it first",
                    self.store.key("")
                )));
            }
            // Its items are still being submitted.
            tokio::time::sleep(self.idle_wait).await;
        }
    }

    /// Entries of workers that stopped working on them.
    async fn claim(&self, con: &mut MultiplexedConnection, count: usize) -> Result<Vec<Entry>, JobError> {
        let (_, claimed, _): (String, RawEntries, Vec<String>) = redis::cmd("XAUTOCLAIM")
            .arg(self.store.key("items"))
            .arg(GROUP)
            .arg(&self.id)
            .arg(self.claim_after.as_millis() as u64)
            .arg("0-0")
            .arg("COUNT")
            .arg(count)
            .query_async(con)
            .await?;
        Ok(store::entries(claimed))
    }

    /// Entries no worker has read yet.
    async fn read_new(&self, con: &mut MultiplexedConnection, count: usize) -> Result<Vec<Entry>, JobError> {
        let read: Option<Vec<(String, RawEntries)>> = redis::cmd("XREADGROUP")
            .arg("GROUP")
            .arg(GROUP)
            .arg(&self.id)
            .arg("COUNT")
            .arg(count)
            .arg("STREAMS")
            .arg(self.store.key("items"))
            .arg(">")
            .query_async(con)
            .await?;
        Ok(read
            .into_iter()
            .flatten()
            .flat_map(|(_, entries)| store::entries(entries))
            .collect())
    }

    /// One item, from its mark to its record.
    async fn process(
        &self,
        mut con: MultiplexedConnection,
        entry: &str,
        n: u64,
        json: &str,
    ) -> Result<(), JobError> {
        let Some(item) = Item::from_json(json) else {
            let error = json!({"message": "the item in Redis cannot be read"});
            return self.failed(&mut con, n, entry, error).await;
        };
        let client = self.client(item.tenant_name());
        let (before, attempts) = self.store.mark(&mut con, n, &self.id).await?;
        if attempts > self.max_attempts {
            // Taken up again and again without an end (its lookup keeps
            // failing, or each worker dies on it): recorded, so the job ends.
            let error = json!({
                "message": format!(
                    "taken up {} times without an end: its lookup failed each time, or its workers stopped",
                    attempts - 1
                ),
            });
            return self.failed(&mut con, n, entry, error).await;
        }
        match before.as_deref() {
            Some("done" | "failed") => return Ok(self.store.ack(&mut con, entry).await?),
            Some(_) => match self.check(&client, &item).await {
                Ok(Checked::Done(found)) => return self.done(&mut con, n, entry, found).await,
                Ok(Checked::Absent) => {}
                Ok(Checked::Unknowable) => return self.unknowable(&mut con, n, entry, &item).await,
                // Left for later: unacknowledged, it is claimed again.
                Err(_) => return Ok(()),
            },
            None => {}
        }
        let mut request = client.request(item.method().clone(), item.path());
        if let Some(body) = item.body() {
            request = request.json(body);
        }
        match request.send::<Value>().await {
            Ok(answer) => self.done(&mut con, n, entry, answer).await,
            Err(e) if e.is_outcome_unknown() => match self.check(&client, &item).await {
                Ok(Checked::Done(found)) => self.done(&mut con, n, entry, found).await,
                // Left unacknowledged: claimed again, checked again.
                Ok(Checked::Absent) | Err(_) => Ok(()),
                Ok(Checked::Unknowable) => self.unknowable(&mut con, n, entry, &item).await,
            },
            Err(e)
                if before.is_some()
                    && *item.method() == reqwest::Method::DELETE
                    && e.status() == Some(reqwest::StatusCode::NOT_FOUND) =>
            {
                // Deleted by the worker that sent it first.
                self.done(&mut con, n, entry, Value::Null).await
            }
            Err(e) => {
                let error = json!({
                    "status": e.status().map(|s| s.as_u16()),
                    "code": e.api().and_then(|a| a.code.clone()),
                    "message": e.to_string(),
                });
                self.failed(&mut con, n, entry, error).await
            }
        }
    }

    async fn check(&self, client: &Client, item: &Item) -> Result<Checked, Error> {
        if let Some(lookup) = self.lookups.get(item.kind_name()) {
            return Ok(match lookup(client.clone(), item.clone()).await? {
                Some(found) => Checked::Done(found),
                None => Checked::Absent,
            });
        }
        // An update or delete can go twice; a create or an action cannot.
        Ok(match *item.method() {
            reqwest::Method::PATCH | reqwest::Method::PUT | reqwest::Method::DELETE => Checked::Absent,
            _ => Checked::Unknowable,
        })
    }

    /// Records the item done, with what Graph answered or holds.
    async fn done(
        &self,
        con: &mut MultiplexedConnection,
        n: u64,
        entry: &str,
        answer: Value,
    ) -> Result<(), JobError> {
        self.store
            .record(con, n, entry, "done", &answer.to_string())
            .await?;
        Ok(())
    }

    /// Records the item failed, with why.
    async fn failed(
        &self,
        con: &mut MultiplexedConnection,
        n: u64,
        entry: &str,
        error: Value,
    ) -> Result<(), JobError> {
        self.store
            .record(con, n, entry, "failed", &error.to_string())
            .await?;
        Ok(())
    }

    async fn unknowable(
        &self,
        con: &mut MultiplexedConnection,
        n: u64,
        entry: &str,
        item: &Item,
    ) -> Result<(), JobError> {
        let error = json!({
            "message": format!(
                "the outcome of this {} is unknown (its sender stopped, or its answer was lost) and no \
                 lookup for its kind `{}` can tell whether it took effect: it was not sent again, to make no \
                 duplicate; give the worker a lookup for `{}`",
                item.method(),
                item.kind_name(),
                item.kind_name()
            ),
        });
        self.failed(con, n, entry, error).await
    }

    fn client(&self, tenant: &str) -> Client {
        let mut cache = lock(&self.cache);
        cache
            .entry(tenant.to_owned())
            .or_insert_with(|| (self.clients)(tenant))
            .clone()
    }
}
