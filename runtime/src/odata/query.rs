//! OData query options: what a request asks of a collection or an item
//! (`$filter`, `$select`, `$expand`, ...), and the names they take.

// Query values are encoded like path values, so that `&`, `#`, `=`, `+`
// and `'` can never change the shape of the query.
use super::path::encode_pairs;

/// OData query options: `$filter`, `$select`, `$expand`, `$orderby`,
/// `$top`, `$skip`, `$count`, `$search`, and any other by name. Values are
/// percent-encoded when sent.
///
/// ```
/// use graph_resource::Query;
/// use graph_resource::odata::odata_string;
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
/// assert_eq!(
///     Query::new().search("displayName:adele").to_query_string(),
///     "$search=%22displayName%3Aadele%22"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    options: Vec<(String, String)>,
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
    pub fn order_by(self, expression: impl Into<String>) -> Self {
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
        N: QueryParamIsOption,
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

    /// The options as set, names and values, before encoding.
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.options.iter().map(|(k, v)| (k.as_str(), v.as_str()))
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
}

/// An OData string literal: quoted, with `'` doubled.
///
/// ```
/// assert_eq!(graph_resource::odata::odata_string("it's"), "'it''s'");
/// ```
pub fn odata_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// One name or many: what `select` and `expand` take. A `&str` or
/// `String` is one name, or several as Graph writes them
/// (`"id,displayName"`: the same bytes on the wire); an array, slice or
/// `Vec` of them is many.
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
    note = "one name: `.select(\"id\")`; several: `.select([\"id\", \"displayName\"])`, or a `Vec` or slice \
            of `&str` or `String`"
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

impl<S: AsRef<str>> Names for &[S] {
    fn into_names(self) -> Vec<String> {
        self.iter().map(|n| n.as_ref().to_owned()).collect()
    }
}

impl<S: AsRef<str>, const N: usize> Names for [S; N] {
    fn into_names(self) -> Vec<String> {
        self.as_slice().into_names()
    }
}

impl<S: AsRef<str>, const N: usize> Names for &[S; N] {
    fn into_names(self) -> Vec<String> {
        self.as_slice().into_names()
    }
}

impl<S: AsRef<str>> Names for Vec<S> {
    fn into_names(self) -> Vec<String> {
        self.as_slice().into_names()
    }
}

impl<S: AsRef<str>> Names for &Vec<S> {
    fn into_names(self) -> Vec<String> {
        self.as_slice().into_names()
    }
}

/// `Query::param`: not a method, but a compile error that names `option`.
#[diagnostic::on_unimplemented(
    message = "`Query` has no `param`: any query option is `.option(name, value)`",
    label = "use `.option(name, value)`",
    note = "e.g. `Query::new().option(\"$format\", \"json\")`; the OData options have their own methods: \
            `filter`, `select`, `expand`, `order_by`, `top`, `skip`, `count`, `search`"
)]
pub trait QueryParamIsOption {}
