//! Delta queries: what changed in a collection since the last sync, and
//! the link to ask again from, which can be stored and resumed from in
//! another process, days later.

use std::fmt;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use crate::http::client::Client;
use crate::http::error::Error;
use crate::odata::query::Names;
use crate::odata::query::Query;
use crate::odata::resource::{GraphResource, PropertyNames, ResourcePath};
use crate::ops::control::per_call_control;
use crate::ops::list::List;
use crate::ops::options::Operation;
use crate::ops::pages::Pages;

/// One change a delta query reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    /// An item that was created or changed, with its properties (a changed
    /// item may carry only the properties that changed).
    Changed(T),
    /// An item that left the collection.
    Removed(Removed),
}

/// An item that left the collection (`@removed`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Removed {
    /// Its id.
    pub id: String,
    /// Why.
    pub reason: RemovedReason,
}

/// Why an item left the collection.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RemovedReason {
    /// `changed`: it may come back (a soft delete, a moved item).
    Changed,
    /// `deleted`: it is gone for good.
    Deleted,
    /// A reason this version does not know, as Graph wrote it.
    Other(String),
}

/// A delta query over a collection: a stream of [`Change`]s that reads one
/// page at a time and ends with the `@odata.deltaLink` to resume from.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client, stored: Option<String>)
/// # -> Result<(), graph_resource::Error> {
/// use graph_resource::ops::{Change, Delta};
/// use graph_resource_models::{DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath};
///
/// let mut changes = match stored {
///     Some(link) => Delta::<DeviceEnrollmentConfiguration>::resume(&client, &link),
///     None => Delta::start(&client, DeviceEnrollmentConfigurationPath),
/// };
/// while let Some(change) = changes.next().await {
///     match change {
///         Ok(Change::Changed(item)) => println!("changed: {item:?}"),
///         Ok(Change::Removed(gone)) => println!("removed: {}", gone.id),
///         Err(e) if e.is_resync_required() => { /* drop the link, start over */ break }
///         Err(e) => return Err(e),
///     }
/// }
/// let link_to_store = changes.delta_link().map(str::to_owned);
/// # Ok(()) }
/// ```
#[must_use = "a delta query does nothing until it is read"]
pub struct Delta<T> {
    /// The pages, read as a list is; only the items are told apart.
    list: List<T>,
}

impl<T> fmt::Debug for Delta<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Delta").field(&self.list).finish()
    }
}

impl<T: DeserializeOwned> Delta<T> {
    /// A full sync: `GET {path}/delta`, every item, then the link to
    /// resume from.
    pub fn start<P: ResourcePath<Resource = T>>(client: &Client, path: P) -> Self {
        Delta {
            list: List::new(client, P::TEMPLATE, path.render().map_err(Error::from)),
        }
    }

    /// Resumes from a stored `@odata.deltaLink` (or a `@odata.nextLink` of a
    /// delta query): only what changed since. The link must be on the
    /// client's origin, and carries the options of the sync it continues.
    pub fn resume(client: &Client, link: &str) -> Self
    where
        T: GraphResource,
    {
        Delta {
            list: List::from_link(client, T::PATH, link),
        }
    }

    /// Query options for a full sync, e.g. `$select`; delta queries refuse
    /// `$orderby`, `$skip`, `$count` and `$search`, and a resumed one any.
    pub fn query(self, query: Query) -> Self {
        Delta {
            list: self.list.query(query),
        }
    }

    /// `$select`, checked against `T`'s properties; see [`List::select`].
    pub fn select(self, properties: impl Names) -> Self
    where
        T: PropertyNames,
    {
        Delta {
            list: self.list.select(properties),
        }
    }

    /// A request header, sent with every page's request.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        Delta {
            list: self.list.header(name, value),
        }
    }

    /// The next change, or `None` after the last page.
    pub async fn next(&mut self) -> Option<Result<Change<T>, Error>> {
        std::future::poll_fn(|cx| self.poll_change(cx)).await
    }

    /// The link to resume from, once the last page has been read: store it
    /// (it is a string) and pass it to [`resume`](Delta::resume) next time.
    pub fn delta_link(&self) -> Option<&str> {
        self.list.pages_state().and_then(Pages::delta_link)
    }

    /// How many pages have been read so far.
    pub fn pages_read(&self) -> usize {
        self.list.pages_read()
    }

    /// The headers of the answer that carried the last page read.
    pub fn page_headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.list.page_headers()
    }

    fn poll_change(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Change<T>, Error>>> {
        let (index, item) = match self.list.poll_raw_in(cx, Operation::Delta, "/delta") {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(resync(e)))),
            Poll::Ready(Some(Ok(raw))) => raw,
        };
        if let Some(removed) = removed(&item) {
            return Poll::Ready(Some(Ok(Change::Removed(removed))));
        }
        Poll::Ready(Some(self.list.decode(index, &item).map(Change::Changed)))
    }
}

/// An expired or unknown delta link, as the typed error that says to start
/// over.
fn resync(e: Error) -> Error {
    match e {
        Error::Api(api)
            if api.status == reqwest::StatusCode::GONE
                || [api.code.as_deref(), api.most_specific_code()]
                    .into_iter()
                    .flatten()
                    .any(|code| {
                        ["resyncRequired", "syncStateNotFound", "syncStateInvalid"]
                            .iter()
                            .any(|known| code.eq_ignore_ascii_case(known))
                    }) =>
        {
            Error::ResyncRequired(api)
        }
        other => other,
    }
}

/// The item's `@removed`, if it left the collection.
fn removed(item: &[u8]) -> Option<Removed> {
    // Most items are changes: look for the annotation before parsing.
    const KEY: &[u8] = b"\"@removed\"";
    if !item.windows(KEY.len()).any(|w| w == KEY) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(item).ok()?;
    let removed = value.get("@removed")?;
    let id = match value.get("id")? {
        serde_json::Value::String(id) => id.clone(),
        other => other.to_string(),
    };
    let reason = match removed.get("reason").and_then(serde_json::Value::as_str) {
        Some("deleted") => RemovedReason::Deleted,
        Some("changed") => RemovedReason::Changed,
        Some(other) => RemovedReason::Other(other.to_owned()),
        None => RemovedReason::Other(String::new()),
    };
    Some(Removed { id, reason })
}

per_call_control!([T] Delta<T> => list.setup.control);
