//! Headers a caller adds to a request, checked before anything is sent.

use reqwest::header::{HeaderName, HeaderValue};

use crate::http::error::{Error, RequestPart};
use crate::odata::query::Query;

/// Headers a caller added, as names and values, checked when sent.
#[derive(Debug, Clone, Default)]
pub(crate) struct Headers(Vec<(String, String)>);

/// Headers the client sets itself, which a caller cannot.
const RESERVED: [&str; 6] = [
    "authorization",
    "host",
    "content-length",
    "content-type",
    "transfer-encoding",
    "client-request-id",
];

impl Headers {
    /// Adds one; a name given again replaces its value.
    pub(crate) fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.0.push((name, value.into()));
    }

    /// Whether a header of this name is set.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// Adds `ConsistencyLevel: eventual` when the options need it and the
    /// caller did not set the header.
    pub(crate) fn for_query(&self, query: &Query) -> Headers {
        let mut headers = self.clone();
        if query.needs_eventual() && !headers.has("consistencylevel") {
            headers.set("ConsistencyLevel", "eventual");
        }
        headers
    }

    /// The headers as HTTP, each checked: a value with CR, LF or another
    /// character a header cannot carry is refused, as is a header the
    /// client sets itself.
    pub(crate) fn to_http(&self) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        self.0
            .iter()
            .map(|(name, value)| {
                let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    let what = format!("`{}` is not a header name", name.escape_debug());
                    Error::invalid_request(RequestPart::Header, what)
                })?;
                if RESERVED.contains(&header.as_str()) {
                    return Err(Error::invalid_request(
                        RequestPart::Header,
                        format!("the client sets {name} itself: leave it out of the request's headers"),
                    ));
                }
                // The value is not repeated: it may be a secret.
                let value = HeaderValue::from_str(value).map_err(|_| {
                    let what = format!(
                        "the value of header {name} has a line break or another character a header cannot \
                         carry"
                    );
                    Error::invalid_request(RequestPart::Header, what)
                })?;
                Ok((header, value))
            })
            .collect()
    }

    /// The headers as a `$batch` item carries them.
    #[cfg(feature = "batch")]
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}
