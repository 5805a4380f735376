//! Reading a collection page by page: the request of each page, the
//! `@odata.nextLink` chain, and each item's raw JSON, for `List` and
//! `Delta` to decode one at a time. One page is in memory at a time.

use std::collections::HashSet;
use std::fmt;
use std::task::{Context, Poll};

use bytes::Bytes;
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::http::BoxFuture;
use crate::http::call::{Call, Target};
use crate::http::client::Client;
use crate::http::error::Error;
use crate::http::error::ProtocolKind;
use crate::odata::path::Template;
use crate::ops::control::Control;

/// Where the first page is.
pub(crate) enum First {
    /// A path below the base URL, with its query.
    Path(String),
    /// A link Graph gave (a stored `@odata.deltaLink`).
    Link(String),
}

/// The pages of one collection read.
pub(crate) struct Pages {
    client: Client,
    template: &'static Template,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// Every page's timeout and retry policy, where the list sets them.
    control: Control,
    first: Option<First>,
    next_link: Option<String>,
    /// Every link followed so far, to catch links that lead back to a page
    /// already read (A → B → A), which would loop for ever.
    seen_links: HashSet<String>,
    pending: Option<BoxFuture<'static, Result<RawPage, Error>>>,
    body: Bytes,
    items: std::vec::IntoIter<(usize, usize)>,
    /// The index in the whole list of the next item.
    index: usize,
    pages: usize,
    done: bool,
    count: Option<u64>,
    delta_link: Option<String>,
    /// The headers of the last page read.
    headers_read: Option<reqwest::header::HeaderMap>,
}

impl fmt::Debug for Pages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("template", &self.template.source())
            .field("pages", &self.pages)
            .field("items", &self.index)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl Pages {
    pub(crate) fn new(
        client: &Client,
        template: &'static Template,
        first: First,
        headers: Vec<(HeaderName, HeaderValue)>,
        control: Control,
    ) -> Self {
        Pages {
            client: client.clone(),
            template,
            headers,
            control,
            first: Some(first),
            next_link: None,
            seen_links: HashSet::new(),
            pending: None,
            body: Bytes::new(),
            items: Vec::new().into_iter(),
            index: 0,
            pages: 0,
            done: false,
            count: None,
            headers_read: None,
            delta_link: None,
        }
    }

    /// How many pages have been read.
    pub(crate) fn pages(&self) -> usize {
        self.pages
    }

    /// `@odata.count`, once the page that carries it was read.
    pub(crate) fn count(&self) -> Option<u64> {
        self.count
    }

    /// The headers of the last page read.
    pub(crate) fn headers(&self) -> Option<&reqwest::header::HeaderMap> {
        self.headers_read.as_ref()
    }

    /// `@odata.deltaLink`, once the last page was read.
    pub(crate) fn delta_link(&self) -> Option<&str> {
        self.delta_link.as_deref()
    }

    /// Stops: nothing more is read.
    pub(crate) fn stop(&mut self) {
        self.done = true;
        self.items = Vec::new().into_iter();
        self.pending = None;
    }

    /// The next item's index in the list and its JSON, or `None` after
    /// the last page.
    pub(crate) fn poll_raw(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<(usize, Bytes), Error>>> {
        loop {
            if let Some((start, end)) = self.items.next() {
                self.index += 1;
                return Poll::Ready(Some(Ok((self.index - 1, self.body.slice(start..end)))));
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
                        // Graph tells the count on the first page only.
                        self.count = self.count.or(page.count);
                        self.headers_read = Some(page.headers);
                        self.body = page.body;
                        self.items = page.items.into_iter();
                        self.next_link = page.next_link;
                        if self.next_link.is_none() {
                            self.delta_link = page.delta_link;
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
            let (target, absolute) = match self.first.take() {
                Some(First::Path(path)) => (path, false),
                Some(First::Link(link)) => (link, true),
                None => match self.next_link.take() {
                    Some(link) if self.seen_links.contains(&link) => {
                        self.done = true;
                        return Poll::Ready(Some(Err(Error::protocol(
                            ProtocolKind::LinkCycle,
                            format!(
                                "after {} pages, Graph gave an @odata.nextLink that leads back to a page \
                                 already read; stopping rather than reading the same pages for ever",
                                self.pages
                            ),
                        ))));
                    }
                    Some(link) => {
                        self.seen_links.insert(link.clone());
                        (link, true)
                    }
                    None => {
                        self.done = true;
                        return Poll::Ready(None);
                    }
                },
            };
            let (client, template) = (self.client.clone(), self.template);
            let (headers, control) = (self.headers.clone(), self.control.clone());
            self.pending = Some(Box::pin(fetch_page(
                client, template, target, absolute, headers, control,
            )));
        }
    }
}

async fn fetch_page(
    client: Client,
    template: &'static Template,
    target: String,
    absolute: bool,
    headers: Vec<(HeaderName, HeaderValue)>,
    control: Control,
) -> Result<RawPage, Error> {
    let target = if absolute {
        let url = Url::parse(&target).map_err(|e| {
            Error::protocol(
                ProtocolKind::MalformedLink,
                format!("Graph gave a link that is not a URL: {e}"),
            )
        })?;
        Target::Url(url)
    } else {
        Target::Path(&target)
    };
    let call = Call::new(Method::GET, template, false, target, None).headers(headers);
    let mut answer = client.send(control.apply(&client, call)).await?;
    let headers = std::mem::take(&mut answer.headers);
    let body = answer.body.clone();
    let envelope: Envelope<'_> = serde_json::from_slice(&body).map_err(|e| answer.decode_error(e))?;
    // Each item as where it lies in the body, to be read when its turn comes.
    let base = body.as_ptr() as usize;
    let items = envelope
        .value
        .iter()
        .map(|raw| {
            let start = raw.get().as_ptr() as usize - base;
            (start, start + raw.get().len())
        })
        .collect();
    Ok(RawPage {
        items,
        next_link: envelope.next_link,
        delta_link: envelope.delta_link,
        count: envelope.count,
        headers,
        body,
    })
}

/// One page read, its items not yet decoded.
struct RawPage {
    body: Bytes,
    headers: reqwest::header::HeaderMap,
    items: Vec<(usize, usize)>,
    next_link: Option<String>,
    delta_link: Option<String>,
    count: Option<u64>,
}

/// `{"value": [...], "@odata.nextLink": ..., "@odata.deltaLink": ..., "@odata.count": n}`.
struct Envelope<'a> {
    value: Vec<&'a RawValue>,
    next_link: Option<String>,
    delta_link: Option<String>,
    count: Option<u64>,
}

impl<'de> serde::Deserialize<'de> for Envelope<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EnvelopeVisitor;
        impl<'de> Visitor<'de> for EnvelopeVisitor {
            type Value = Envelope<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a collection page, {\"value\": [...]}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Envelope<'de>, A::Error> {
                let mut page = Envelope {
                    value: Vec::new(),
                    next_link: None,
                    delta_link: None,
                    count: None,
                };
                let mut value = false;
                while let Some(key) = map.next_key::<crate::odata::object::Key<'de>>()? {
                    match key.as_str() {
                        "value" => {
                            page.value = map.next_value()?;
                            value = true;
                        }
                        "@odata.nextLink" => page.next_link = map.next_value()?,
                        "@odata.deltaLink" => page.delta_link = map.next_value()?,
                        "@odata.count" => page.count = map.next_value()?,
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                if !value {
                    return Err(de::Error::missing_field("value"));
                }
                Ok(page)
            }
        }
        deserializer.deserialize_map(EnvelopeVisitor)
    }
}

/// The `id` of an item that could not be read, if it has a readable one.
pub(crate) fn id_of(item: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(item).ok()?;
    match value.get("id")? {
        serde_json::Value::String(id) => Some(id.clone()),
        other => Some(other.to_string()),
    }
}
