//! Listing a collection: its query options and headers, and a stream of
//! its items that reads one page at a time and loses one item, not the
//! list, to an item that does not decode.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde::de::DeserializeOwned;

use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::ItemError;
use crate::http::error::RequestPart;
use crate::odata::path::Template;
use crate::odata::query::Names;
use crate::odata::query::Query;
use crate::odata::resource::PropertyNames;
use crate::ops::control::per_call_control;
use crate::ops::options::{Operation, Setup};
use crate::ops::pages::{First, Pages, id_of};

/// The items of a collection, read one page at a time: a
/// `futures_core::Stream` of `Result<T, Error>` that follows
/// `@odata.nextLink` until the last page. Only one page is in memory, and
/// each item is decoded when its turn comes.
///
/// An item that does not decode is an [`Error::Item`] naming its index in
/// the list, its `id` when it has one, and why; the list goes on with the
/// next item, and the caller decides whether to stop ([`strict`](List::strict)
/// stops at the first). Any other error ends the list.
///
/// Query options and headers are set before the first item is read; the
/// headers go with every page's request, as Graph does not carry them into
/// `@odata.nextLink` itself.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource_models::{
///     DeviceManagementDeviceEnrollmentConfigurationsAssignmentsPath as AssignmentsPath,
///     EnrollmentConfigurationAssignment,
/// };
///
/// let path = AssignmentsPath { device_enrollment_configuration_id: "c1" };
/// let mut assignments = EnrollmentConfigurationAssignment::list(&client, path)
///     .select(["id", "target"])
///     .top(100);
/// while let Some(assignment) = assignments.next().await {
///     match assignment {
///         Ok(a) => println!("{:?}", a.id()),
///         Err(graph_resource::Error::Item(bad)) => eprintln!("skipped: {bad}"),
///         Err(e) => return Err(e),
///     }
/// }
/// # Ok(()) }
/// ```
#[must_use = "a list does nothing until it is read"]
pub struct List<T> {
    client: Client,
    template: &'static Template,
    /// Where the first page is, until it is asked for.
    origin: Option<Result<First, Error>>,
    /// Its options and headers, told when the list is read.
    pub(crate) setup: Setup,
    strict: bool,
    pages: Option<Pages>,
    done: bool,
    item: PhantomData<fn() -> T>,
}

// Nothing in a `List` is pinned structurally: pending work is boxed.
impl<T> Unpin for List<T> {}

impl<T> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("template", &self.template.source())
            .field("query", &self.setup.query)
            .field("pages", &self.pages)
            .field("strict", &self.strict)
            .finish_non_exhaustive()
    }
}

impl<T> List<T> {
    pub(crate) fn new(client: &Client, template: &'static Template, path: Result<String, Error>) -> Self {
        Self::from(client, template, path.map(First::Path))
    }

    /// A list that starts at a link Graph gave, such as a stored
    /// `@odata.deltaLink`.
    pub(crate) fn from_link(client: &Client, template: &'static Template, link: &str) -> Self {
        Self::from(client, template, Ok(First::Link(link.to_owned())))
    }

    fn from(client: &Client, template: &'static Template, origin: Result<First, Error>) -> Self {
        List {
            client: client.clone(),
            template,
            origin: Some(origin),
            setup: Setup::default(),
            strict: false,
            pages: None,
            done: false,
            item: PhantomData,
        }
    }

    fn with_query(mut self, f: impl FnOnce(Query) -> Query) -> Self {
        self.setup.with_query(f);
        self
    }

    /// Sets all query options at once, replacing those set before. Names
    /// are not checked against the type.
    pub fn query(self, query: Query) -> Self {
        self.with_query(|_| query)
    }

    /// `$filter`; see [`Query::filter`].
    pub fn filter(self, expression: impl Into<String>) -> Self {
        self.with_query(|q| q.filter(expression))
    }

    /// `$orderby`; see [`Query::order_by`].
    pub fn order_by(self, expression: impl Into<String>) -> Self {
        self.with_query(|q| q.order_by(expression))
    }

    /// `$top`; see [`Query::top`].
    pub fn top(self, n: u32) -> Self {
        self.with_query(|q| q.top(n))
    }

    /// `$skip`; see [`Query::skip`].
    pub fn skip(self, n: u32) -> Self {
        self.with_query(|q| q.skip(n))
    }

    /// `$count=true`: the total is then [`total_count`](List::total_count)
    /// after the first page. Sends `ConsistencyLevel: eventual` unless a
    /// header sets it.
    pub fn with_count(self) -> Self {
        self.with_query(Query::count)
    }

    /// Not a method: a compile error that names `with_count` and
    /// `total_count`.
    #[doc(hidden)]
    pub fn count(self) -> Self
    where
        Self: crate::ops::hints::ListCountIsTotalCount,
    {
        self
    }

    /// Not a method: a compile error that names `Delta`.
    #[doc(hidden)]
    pub fn delta_link(&self) -> Option<&str>
    where
        Self: crate::ops::hints::DeltaLinkIsOnDelta,
    {
        None
    }

    /// `$search`; see [`Query::search`]. Sends `ConsistencyLevel: eventual`
    /// unless a header sets it.
    pub fn search(self, expression: impl Into<String>) -> Self {
        self.with_query(|q| q.search(expression))
    }

    /// Any other query option; see [`Query::option`].
    pub fn option(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.with_query(|q| q.option(name, value))
    }

    /// A request header, sent with every page's request, e.g.
    /// `ConsistencyLevel: eventual` or `Prefer: odata.maxpagesize=500`.
    /// A value with a line break is refused when the list is read.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.setup.headers.set(name, value);
        self
    }

    /// Stops at the first item that does not decode, after yielding its
    /// error, instead of going on.
    pub fn strict(mut self) -> Self {
        self.strict = true;
        self
    }

    /// How many pages have been read so far.
    pub fn pages_read(&self) -> usize {
        self.pages.as_ref().map_or(0, Pages::pages)
    }

    /// The pages, once the first was asked for.
    pub(crate) fn pages_state(&self) -> Option<&Pages> {
        self.pages.as_ref()
    }

    /// The headers of the answer that carried the last page read: each
    /// page is an answer of its own.
    pub fn page_headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.pages.as_ref().and_then(Pages::headers)
    }

    /// `@odata.count`, the total Graph told with `$count`, once the first
    /// page has been read.
    pub fn total_count(&self) -> Option<u64> {
        self.pages.as_ref().and_then(Pages::count)
    }
}

impl<T: PropertyNames> List<T> {
    /// `$select`: the properties to return, each checked against `T`'s so
    /// that a misspelled one is an error before anything is sent. Items
    /// read with a `$select` lack the other properties: fields that must be
    /// present need `Option` or `#[graph(default)]`.
    pub fn select(mut self, properties: impl Names) -> Self {
        self.setup.select::<T>(properties.into_names());
        self
    }

    /// `$expand`: relationships to return inline, each checked against
    /// `T`'s properties, e.g. `["assignments"]` or `["members($select=id)"]`.
    pub fn expand(mut self, relationships: impl Names) -> Self {
        self.setup.expand::<T>(relationships.into_names());
        self
    }
}

impl<T: DeserializeOwned> List<T> {
    /// The next item, or `None` after the last one.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Reads every page and returns all items; for collections known to be
    /// small. Stops at the first error, an item that does not decode
    /// included.
    pub async fn all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    /// The pages, made on the first read from the path, options and
    /// headers, each checked.
    fn start(&mut self, operation: Operation, suffix: &str) -> Result<&mut Pages, Error> {
        if self.pages.is_none() {
            let origin = self.origin.take().unwrap_or_else(|| {
                Err(Error::invalid_request(
                    RequestPart::Path,
                    "the list was already started",
                ))
            })?;
            let headers = self.setup.ready(operation)?;
            let first = match origin {
                First::Path(path) => First::Path(self.setup.target(&format!("{path}{suffix}"))),
                First::Link(_) if !self.setup.query.is_empty() => {
                    return Err(Error::invalid_request(
                        RequestPart::Query,
                        "a link Graph gave carries its own query options: set none when resuming from it",
                    ));
                }
                link @ First::Link(_) => link,
            };
            self.pages = Some(Pages::new(
                &self.client,
                self.template,
                first,
                headers,
                self.setup.control.clone(),
            ));
        }
        Ok(self.pages.as_mut().expect("made above"))
    }

    pub(crate) fn poll_raw_in(
        &mut self,
        cx: &mut Context<'_>,
        operation: Operation,
        suffix: &str,
    ) -> Poll<Option<Result<(usize, bytes::Bytes), Error>>> {
        if self.done {
            return Poll::Ready(None);
        }
        let pages = match self.start(operation, suffix) {
            Ok(pages) => pages,
            Err(e) => {
                self.done = true;
                return Poll::Ready(Some(Err(e)));
            }
        };
        pages.poll_raw(cx)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        let (index, item) = match self.poll_raw_in(cx, Operation::List, "") {
            Poll::Ready(Some(Ok(raw))) => raw,
            Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => return Poll::Pending,
        };
        Poll::Ready(Some(self.decode(index, &item)))
    }

    /// Reads one item; one that does not decode is an error of its own.
    pub(crate) fn decode<U: DeserializeOwned>(&mut self, index: usize, item: &[u8]) -> Result<U, Error> {
        serde_json::from_slice(item).map_err(|source| {
            if self.strict
                && let Some(pages) = &mut self.pages
            {
                pages.stop();
            }
            Error::Item(Box::new(ItemError {
                index,
                id: id_of(item),
                source,
            }))
        })
    }
}

impl<T: DeserializeOwned> futures_core::Stream for List<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

per_call_control!([T] List<T> => setup.control);
