//! Listing a collection: query options, and a stream that follows
//! `@odata.nextLink` one page at a time.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::{Method, Url};
use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::auth::BoxFuture;
use crate::pipeline::{Call, Target};
// Query values are encoded like path values, so that `&`, `#`, `=`, `+`
// and `'` can never change the shape of the query.
use crate::path::encode_pairs;
use crate::{Client, Error, Template};

/// OData query options for `list`: `$filter`, `$select`, `$top`,
/// `$orderby`, `$expand`. Values are percent-encoded when sent.
///
/// ```
/// use graph_resource::{Query, odata_string};
///
/// let q = Query::new()
///     .filter(format!("groupId eq {}", odata_string("o'brien & co")))
///     .select(["id", "target"])
///     .top(100);
/// assert_eq!(
///     q.to_query_string(),
///     "$filter=groupId%20eq%20%27o%27%27brien%20%26%20co%27&$select=id%2Ctarget&$top=100"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    options: Vec<(&'static str, String)>,
}

impl Query {
    /// No options.
    pub fn new() -> Self {
        Query::default()
    }

    fn set(mut self, key: &'static str, value: String) -> Self {
        self.options.retain(|(k, _)| *k != key);
        self.options.push((key, value));
        self
    }

    /// `$filter`: an OData boolean expression, e.g. `source eq 'direct'`.
    /// Quote string literals with [`odata_string`].
    pub fn filter(self, expression: impl Into<String>) -> Self {
        self.set("$filter", expression.into())
    }

    /// `$select`: the properties to return.
    pub fn select<I, S>(self, properties: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let joined = properties
            .into_iter()
            .map(|p| p.as_ref().to_owned())
            .collect::<Vec<_>>()
            .join(",");
        self.set("$select", joined)
    }

    /// `$top`: the page size to ask for. Graph may clamp it.
    pub fn top(self, n: u32) -> Self {
        self.set("$top", n.to_string())
    }

    /// `$orderby`, e.g. `displayName desc`.
    pub fn orderby(self, expression: impl Into<String>) -> Self {
        self.set("$orderby", expression.into())
    }

    /// `$expand`: relationships to return inline.
    pub fn expand(self, expression: impl Into<String>) -> Self {
        self.set("$expand", expression.into())
    }

    /// The query string, without the `?`.
    pub fn to_query_string(&self) -> String {
        encode_pairs(self.options.iter().map(|(k, v)| (*k, v.as_str())))
    }

    fn check(&self) -> Result<(), Error> {
        match self.options.iter().find(|(_, v)| v.trim().is_empty()) {
            Some((k, _)) => Err(Error::invalid_request(format!(
                "the query option {k} is empty: give it a value or leave it out"
            ))),
            None => Ok(()),
        }
    }
}

/// An OData string literal: quoted, with `'` doubled.
///
/// ```
/// assert_eq!(graph_resource::odata_string("it's"), "'it''s'");
/// ```
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The items of a collection, read one page at a time: a
/// `futures_core::Stream` of `Result<T, Error>` that follows
/// `@odata.nextLink` until the last page. Only one page is in memory.
///
/// Query options are set before the first item is read.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource::models::{EnrollmentConfigurationAssignment, DeviceManagementEnrollmentConfigurationAssignmentsPath};
///
/// let path = DeviceManagementEnrollmentConfigurationAssignmentsPath { device_enrollment_configuration_id: "c1" };
/// let mut assignments = EnrollmentConfigurationAssignment::list(&client, path).top(100);
/// while let Some(assignment) = assignments.next().await {
///     println!("{:?}", assignment?.id);
/// }
/// # Ok(()) }
/// ```
#[must_use = "a list does nothing until it is read"]
pub struct List<T> {
    client: Client,
    template: &'static Template,
    path: Option<Result<String, Error>>,
    query: Query,
    next_link: Option<String>,
    /// Every link followed so far, to catch links that lead back to a page
    /// already read (A → B → A), which would loop for ever.
    seen_links: std::collections::HashSet<String>,
    page: std::vec::IntoIter<T>,
    pending: Option<BoxFuture<'static, Result<Page<T>, Error>>>,
    pages: usize,
    done: bool,
}

// Nothing in a `List` is pinned structurally: the pending future is boxed.
impl<T> Unpin for List<T> {}

impl<T> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("List")
            .field("template", &self.template.source())
            .field("query", &self.query)
            .field("pages", &self.pages)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> List<T> {
    pub(crate) fn new(client: &Client, template: &'static Template, path: Result<String, Error>) -> Self {
        List {
            client: client.clone(),
            template,
            path: Some(path),
            query: Query::new(),
            next_link: None,
            seen_links: std::collections::HashSet::new(),
            page: Vec::new().into_iter(),
            pending: None,
            pages: 0,
            done: false,
        }
    }

    /// Sets all query options at once.
    pub fn query(mut self, query: Query) -> Self {
        self.query = query;
        self
    }

    /// `$filter`; see [`Query::filter`].
    pub fn filter(mut self, expression: impl Into<String>) -> Self {
        self.query = self.query.filter(expression);
        self
    }

    /// `$select`; see [`Query::select`].
    pub fn select<I, S>(mut self, properties: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.query = self.query.select(properties);
        self
    }

    /// `$top`; see [`Query::top`].
    pub fn top(mut self, n: u32) -> Self {
        self.query = self.query.top(n);
        self
    }

    /// `$orderby`; see [`Query::orderby`].
    pub fn orderby(mut self, expression: impl Into<String>) -> Self {
        self.query = self.query.orderby(expression);
        self
    }

    /// `$expand`; see [`Query::expand`].
    pub fn expand(mut self, expression: impl Into<String>) -> Self {
        self.query = self.query.expand(expression);
        self
    }

    /// How many pages have been read so far.
    pub fn pages_read(&self) -> usize {
        self.pages
    }

    /// The next item, or `None` after the last one. An error ends the list.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    /// Reads every page and returns all items; for collections known to be
    /// small. Stops at the first error.
    pub async fn all(mut self) -> Result<Vec<T>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            if let Some(pending) = &mut self.pending {
                let page = match pending.as_mut().poll(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(page) => page,
                };
                self.pending = None;
                match page {
                    Ok(page) => {
                        self.pages += 1;
                        self.page = page.value.into_iter();
                        self.next_link = page.next_link;
                        if self.next_link.is_none() {
                            self.done = true;
                        }
                        continue;
                    }
                    Err(e) => {
                        self.done = true;
                        return Poll::Ready(Some(Err(e)));
                    }
                }
            }
            if self.done {
                return Poll::Ready(None);
            }
            let target = match self.path.take() {
                Some(first) => first.and_then(|path| {
                    self.query.check()?;
                    let query = self.query.to_query_string();
                    Ok(if query.is_empty() {
                        path
                    } else {
                        format!("{path}?{query}")
                    })
                }),
                None => match self.next_link.take() {
                    Some(link) if self.seen_links.contains(&link) => Err(Error::Protocol(format!(
                        "after {} pages, Graph gave an @odata.nextLink that leads back to a page already read; \
                         stopping rather than reading the same pages for ever",
                        self.pages
                    ))),
                    Some(link) => {
                        self.seen_links.insert(link.clone());
                        Ok(link)
                    }
                    None => {
                        self.done = true;
                        return Poll::Ready(None);
                    }
                },
            };
            let absolute = self.pages > 0;
            match target {
                Ok(target) => {
                    let client = self.client.clone();
                    let template = self.template;
                    self.pending = Some(Box::pin(fetch_page(client, template, target, absolute)));
                }
                Err(e) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
            }
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> futures_core::Stream for List<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

async fn fetch_page<T: DeserializeOwned>(
    client: Client,
    template: &'static Template,
    target: String,
    absolute: bool,
) -> Result<Page<T>, Error> {
    let target = if absolute {
        let url = Url::parse(&target)
            .map_err(|e| Error::Protocol(format!("Graph gave an @odata.nextLink that is not a URL: {e}")))?;
        Target::Url(url)
    } else {
        Target::Path(&target)
    };
    let answer = client
        .send(Call::new(Method::GET, template, false, target, None))
        .await?;
    answer.json()
}

/// One page: `{"value": [...], "@odata.nextLink": "..."}`.
pub(crate) struct Page<T> {
    pub(crate) value: Vec<T>,
    pub(crate) next_link: Option<String>,
}

impl<'de, T: DeserializeOwned> serde::Deserialize<'de> for Page<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PageVisitor<T>(PhantomData<T>);
        impl<'de, T: DeserializeOwned> Visitor<'de> for PageVisitor<T> {
            type Value = Page<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a collection page, {\"value\": [...]}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page<T>, A::Error> {
                let mut value = None;
                let mut next_link = None;
                while let Some(key) = map.next_key::<crate::object::Key<'de>>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value()?),
                        "@odata.nextLink" => next_link = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                Ok(Page { value, next_link })
            }
        }
        deserializer.deserialize_map(PageVisitor(PhantomData))
    }
}
