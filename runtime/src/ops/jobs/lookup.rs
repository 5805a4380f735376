//! How a worker finds out whether an item whose outcome is unknown took
//! effect: a [`Lookup`] per kind of item, and [`FindBy`], the one most
//! creates need.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use super::item::Item;
use crate::http::client::Client;
use crate::http::error::{Error, RequestPart};
use crate::odata::query::odata_string;

type LookupFuture = Pin<Box<dyn Future<Output = Result<Option<Value>, Error>> + Send>>;

/// A lookup as a worker keeps it.
pub(crate) type LookupFn = Arc<dyn Fn(Client, Item) -> LookupFuture + Send + Sync>;

/// How an item whose outcome is unknown is found to have taken effect or
/// not: given the item's tenant's client and the item, answers what Graph
/// holds for it (`Some`, the item is recorded done with it) or `None` (it
/// did not take effect: it is sent). Registered by kind with
/// [`Worker::lookup`](super::Worker::lookup).
pub trait Lookup: Send + Sync + 'static {
    /// Looks the item up.
    fn look_up(
        &self,
        client: Client,
        item: Item,
    ) -> impl Future<Output = Result<Option<Value>, Error>> + Send;
}

impl<F, Fut> Lookup for F
where
    F: Fn(Client, Item) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Option<Value>, Error>> + Send + 'static,
{
    fn look_up(
        &self,
        client: Client,
        item: Item,
    ) -> impl Future<Output = Result<Option<Value>, Error>> + Send {
        self(client, item)
    }
}

/// The lookup of a create whose item's [`key`](Item::key) is a string the
/// created object holds in one property: the item's collection read with
/// `$filter=<property> eq '<key>'`, its first match. Made by [`find_by`].
#[derive(Debug, Clone)]
pub struct FindBy {
    property: String,
}

/// A [`FindBy`] lookup on `property` (`sourceId`, `displayName`, ...).
///
/// ```no_run
/// # fn run(worker: graph_resource::ops::jobs::Worker) {
/// use graph_resource::ops::jobs::find_by;
/// let worker = worker.lookup("assignment", find_by("sourceId"));
/// # }
/// ```
pub fn find_by(property: &str) -> FindBy {
    FindBy {
        property: property.to_owned(),
    }
}

impl Lookup for FindBy {
    fn look_up(
        &self,
        client: Client,
        item: Item,
    ) -> impl Future<Output = Result<Option<Value>, Error>> + Send {
        let filter = item
            .lookup_key()
            .and_then(Value::as_str)
            .map(|key| format!("{} eq {}", self.property, odata_string(key)));
        let property = self.property.clone();
        async move {
            let filter = filter.ok_or_else(|| {
                Error::invalid_request(
                    RequestPart::Body,
                    format!(
                        "find_by(\"{property}\") looks up an item by its key, a string: give it one with \
                         Item::key"
                    ),
                )
            })?;
            let page: Value = client
                .request(Method::GET, item.path())
                .option("$filter", filter)
                .send()
                .await?;
            Ok(page["value"].get(0).cloned())
        }
    }
}
