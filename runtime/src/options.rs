//! What a caller adds to a request: OData query options and headers, each
//! checked before anything is sent.

use reqwest::header::{HeaderName, HeaderValue};

use crate::Error;
use crate::resource::PropertyNames;
// Query values are encoded like path values, so that `&`, `#`, `=`, `+`
// and `'` can never change the shape of the query.
use crate::path::encode_pairs;

/// OData query options: `$filter`, `$select`, `$expand`, `$orderby`,
/// `$top`, `$skip`, `$count`, `$search`, and any other by name. Values are
/// percent-encoded when sent.
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
/// // `$search` keeps the double quotes Graph requires.
/// assert_eq!(Query::new().search("displayName:adele").to_query_string(), "$search=%22displayName%3Aadele%22");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    options: Vec<(String, String)>,
}

/// Options that only a collection has: a `get` of one item refuses them.
const COLLECTION_ONLY: [&str; 6] = ["$filter", "$orderby", "$top", "$skip", "$count", "$search"];

/// Options a delta query does not take.
const NOT_IN_DELTA: [&str; 4] = ["$orderby", "$skip", "$count", "$search"];

/// Where the options go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operation {
    /// One item.
    Get,
    /// A collection.
    List,
    /// A delta query over a collection.
    Delta,
}

impl Query {
    /// No options.
    pub fn new() -> Self {
        Query::default()
    }

    fn set(mut self, key: &str, value: String) -> Self {
        self.options.retain(|(k, _)| k != key);
        self.options.push((key.to_owned(), value));
        self
    }

    /// `$filter`: an OData boolean expression, e.g. `source eq 'direct'`.
    /// Quote string literals with [`odata_string`].
    pub fn filter(self, expression: impl Into<String>) -> Self {
        self.set("$filter", expression.into())
    }

    /// `$select`: the properties to return. Any names; a list or get of a
    /// `#[graph_resource]` type checks them against its properties.
    pub fn select(self, properties: impl Names) -> Self {
        self.set("$select", properties.into_names().join(","))
    }

    /// `$expand`: relationships to return inline, one or many, e.g.
    /// `"assignments"` or `["manager", "members($select=id)"]`.
    pub fn expand(self, relationships: impl Names) -> Self {
        self.set("$expand", relationships.into_names().join(","))
    }

    /// `$orderby`, e.g. `displayName desc`.
    pub fn orderby(self, expression: impl Into<String>) -> Self {
        self.set("$orderby", expression.into())
    }

    /// `$top`: the page size to ask for, from 1. Graph may clamp it.
    pub fn top(self, n: u32) -> Self {
        self.set("$top", n.to_string())
    }

    /// `$skip`: leave out the first `n` items.
    pub fn skip(self, n: u32) -> Self {
        self.set("$skip", n.to_string())
    }

    /// `$count=true`: Graph tells the total in `@odata.count` on the first
    /// page. On directory objects it needs `ConsistencyLevel: eventual`,
    /// which is then sent unless the request sets that header itself.
    pub fn count(self) -> Self {
        self.set("$count", "true".to_owned())
    }

    /// `$search`, e.g. `displayName:adele`, sent in the double quotes Graph
    /// requires (added when missing). Sends `ConsistencyLevel: eventual` as
    /// `count` does.
    pub fn search(self, expression: impl Into<String>) -> Self {
        let expression = expression.into();
        let quoted = expression.len() >= 2 && expression.starts_with('"') && expression.ends_with('"');
        let value = if quoted {
            expression
        } else {
            format!("\"{expression}\"")
        };
        self.set("$search", value)
    }

    /// Any other option by name, e.g. `$format` or a service's own; the
    /// name is ASCII letters, digits, `$`, `@`, `.`, `-` and `_`. A system
    /// option's name replaces what its method set.
    pub fn option(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.set(&name, value.into())
    }

    /// Not a method: a compile error that names `option`.
    #[doc(hidden)]
    pub fn param<N, V>(self, _name: N, _value: V) -> Self
    where
        N: crate::hints::QueryParamIsOption,
    {
        self
    }

    /// The value of an option, as it will be sent before encoding.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether no option is set.
    pub fn is_empty(&self) -> bool {
        self.options.is_empty()
    }

    /// The query string, without the `?`.
    pub fn to_query_string(&self) -> String {
        encode_pairs(self.options.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Whether Graph needs `ConsistencyLevel: eventual` for these options
    /// (advanced directory queries: `$count`, `$search`).
    pub(crate) fn needs_eventual(&self) -> bool {
        self.get("$count") == Some("true") || self.get("$search").is_some()
    }

    /// Refuses what cannot be sent, or makes no sense for the operation.
    pub(crate) fn check(&self, operation: Operation) -> Result<(), Error> {
        for (name, value) in &self.options {
            let valid_name = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'$' | b'@' | b'.' | b'-' | b'_'));
            if !valid_name {
                return Err(Error::invalid_request(format!(
                    "`{}` is not a query option name: use ASCII letters, digits, `$`, `@`, `.`, `-` and `_`",
                    name.escape_debug()
                )));
            }
            if value.trim().is_empty() {
                return Err(Error::invalid_request(format!(
                    "the query option {name} is empty: give it a value or leave it out"
                )));
            }
            if matches!(name.as_str(), "$skiptoken" | "$deltatoken") {
                return Err(Error::invalid_request(format!(
                    "{name} comes from Graph's links: the list follows `@odata.nextLink` itself, \
                     and a delta query resumes from its stored link"
                )));
            }
            if operation == Operation::Get && COLLECTION_ONLY.contains(&name.as_str()) {
                return Err(Error::invalid_request(format!(
                    "{name} applies to a collection, and `get` reads one item: use `list` for it"
                )));
            }
            if operation == Operation::Delta && NOT_IN_DELTA.contains(&name.as_str()) {
                return Err(Error::invalid_request(format!(
                    "{name} is not supported by delta queries: leave it out, or use `list`"
                )));
            }
        }
        if self.get("$top") == Some("0") {
            return Err(Error::invalid_request(
                "$top=0 asks for no items: give a page size from 1, or leave it out",
            ));
        }
        if let Some(select) = self.get("$select")
            && select.split(',').any(|p| p.trim().is_empty())
        {
            return Err(Error::invalid_request(format!(
                "$select=`{select}` has an empty property name: name each property once, separated by commas"
            )));
        }
        Ok(())
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

/// What a request is set up with before it is sent: its query options,
/// its headers, and the first mistake made setting them (a misspelled
/// property), told when the request is sent. `Get` and `List` hold one.
#[derive(Debug, Default)]
pub(crate) struct Setup {
    pub(crate) query: Query,
    pub(crate) headers: Headers,
    problem: Option<Error>,
}

impl Setup {
    /// `$select`, each name checked against `T`'s properties.
    pub(crate) fn select<T: PropertyNames>(&mut self, names: Vec<String>) {
        self.note(check_names::<T>("$select", &names));
        self.query = std::mem::take(&mut self.query).select(&names);
    }

    /// `$expand`, each name checked against `T`'s properties.
    pub(crate) fn expand<T: PropertyNames>(&mut self, names: Vec<String>) {
        self.note(check_names::<T>("$expand", &names));
        self.query = std::mem::take(&mut self.query).expand(&names);
    }

    /// Changes the query options.
    pub(crate) fn with_query(&mut self, f: impl FnOnce(Query) -> Query) {
        self.query = f(std::mem::take(&mut self.query));
    }

    fn note(&mut self, checked: Result<(), Error>) {
        if let (None, Err(e)) = (&self.problem, checked) {
            self.problem = Some(e);
        }
    }

    /// The headers to send, once the setup is checked for `operation`: the
    /// first mistake, the options, the headers.
    pub(crate) fn ready(&mut self, operation: Operation) -> Result<Vec<(HeaderName, HeaderValue)>, Error> {
        if let Some(problem) = self.problem.take() {
            return Err(problem);
        }
        self.query.check(operation)?;
        self.headers.for_query(&self.query).to_http()
    }

    /// `path?options`, or `path` without options.
    pub(crate) fn target(&self, path: &str) -> String {
        if self.query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{}", self.query.to_query_string())
        }
    }
}

/// One name or many: what `select` and `expand` take. A `&str` or
/// `String` is one name; an array, slice or `Vec` of them is many.
///
/// ```
/// use graph_resource::Query;
///
/// assert_eq!(Query::new().expand("manager").to_query_string(), "$expand=manager");
/// assert_eq!(Query::new().select(["id", "displayName"]).to_query_string(), "$select=id%2CdisplayName");
/// let names = vec![String::from("id")];
/// assert_eq!(Query::new().select(&names).to_query_string(), "$select=id");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a property name or a list of them",
    label = "give one name or several",
    note = "one name: `.select(\"id\")`; several: `.select([\"id\", \"displayName\"])`, or a `Vec` or slice of `&str` or `String`"
)]
pub trait Names {
    /// The names, owned.
    fn into_names(self) -> Vec<String>;
}

impl Names for &str {
    fn into_names(self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl Names for String {
    fn into_names(self) -> Vec<String> {
        vec![self]
    }
}

impl Names for &String {
    fn into_names(self) -> Vec<String> {
        vec![self.clone()]
    }
}

impl<S: AsRef<str>, const N: usize> Names for [S; N] {
    fn into_names(self) -> Vec<String> {
        self.iter().map(|n| n.as_ref().to_owned()).collect()
    }
}

impl<S: AsRef<str>, const N: usize> Names for &[S; N] {
    fn into_names(self) -> Vec<String> {
        self.iter().map(|n| n.as_ref().to_owned()).collect()
    }
}

impl<S: AsRef<str>> Names for &[S] {
    fn into_names(self) -> Vec<String> {
        self.iter().map(|n| n.as_ref().to_owned()).collect()
    }
}

impl<S: AsRef<str>> Names for Vec<S> {
    fn into_names(self) -> Vec<String> {
        self.iter().map(|n| n.as_ref().to_owned()).collect()
    }
}

impl<S: AsRef<str>> Names for &Vec<S> {
    fn into_names(self) -> Vec<String> {
        self.iter().map(|n| n.as_ref().to_owned()).collect()
    }
}

/// Checks `$select` and `$expand` names against `T`'s properties, so that
/// a misspelled one is an error before anything is sent.
fn check_names<T: PropertyNames>(option: &str, names: &[String]) -> Result<(), Error> {
    for name in names {
        // `members($select=id)` and `manager/id` name `members` and `manager`.
        let head = name.split(['(', '/']).next().unwrap_or("").trim();
        if head == "*" || T::has_property(head) {
            continue;
        }
        return Err(Error::invalid_request(format!(
            "{option}: `{head}` is not a property of {}; it has {}. \
             To ask for a property the type does not name, set it with `.query(Query::new().{})`",
            T::TYPE_NAME,
            T::property_names().join(", "),
            &option[1..]
        )));
    }
    Ok(())
}

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
                    Error::invalid_request(format!("`{}` is not a header name", name.escape_debug()))
                })?;
                if RESERVED.contains(&header.as_str()) {
                    return Err(Error::invalid_request(format!(
                        "the client sets {name} itself: leave it out of the request's headers"
                    )));
                }
                // The value is not repeated: it may be a secret.
                let value = HeaderValue::from_str(value).map_err(|_| {
                    Error::invalid_request(format!(
                        "the value of header {name} has a line break or another character a header cannot carry"
                    ))
                })?;
                Ok((header, value))
            })
            .collect()
    }

    /// The headers as a `$batch` item carries them.
    pub(crate) fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}
