//! What a request is set up with before it is sent: its query options and
//! headers, each checked for the operation before anything is sent.

use reqwest::header::{HeaderName, HeaderValue};

use crate::http::error::Error;
use crate::http::error::RequestPart;
use crate::http::headers::Headers;
use crate::odata::query::Query;
use crate::odata::resource::PropertyNames;
use crate::ops::control::Control;

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

/// Refuses what cannot be sent, or makes no sense for the operation.
pub(crate) fn check_query(query: &Query, operation: Operation) -> Result<(), Error> {
    for (name, value) in query.pairs() {
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'$' | b'@' | b'.' | b'-' | b'_'));
        if !valid_name {
            return Err(Error::invalid_request(
                RequestPart::Query,
                format!(
                    "`{}` is not a query option name: use ASCII letters, digits, `$`, `@`, `.`, `-` and `_`",
                    name.escape_debug()
                ),
            ));
        }
        if value.trim().is_empty() {
            return Err(Error::invalid_request(
                RequestPart::Query,
                format!("the query option {name} is empty: give it a value or leave it out"),
            ));
        }
        if matches!(name, "$skiptoken" | "$deltatoken") {
            return Err(Error::invalid_request(
                RequestPart::Query,
                format!(
                    "{name} comes from Graph's links: the list follows `@odata.nextLink` itself, and a delta \
                     query resumes from its stored link"
                ),
            ));
        }
        if operation == Operation::Get && COLLECTION_ONLY.contains(&name) {
            return Err(Error::invalid_request(
                RequestPart::Query,
                format!("{name} applies to a collection, and `get` reads one item: use `list` for it"),
            ));
        }
        if operation == Operation::Delta && NOT_IN_DELTA.contains(&name) {
            return Err(Error::invalid_request(
                RequestPart::Query,
                format!("{name} is not supported by delta queries: leave it out, or use `list`"),
            ));
        }
    }
    if query.get("$top") == Some("0") {
        return Err(Error::invalid_request(
            RequestPart::Query,
            "$top=0 asks for no items: give a page size from 1, or leave it out",
        ));
    }
    if let Some(select) = query.get("$select")
        && select.split(',').any(|p| p.trim().is_empty())
    {
        return Err(Error::invalid_request(
            RequestPart::Query,
            format!(
                "$select=`{select}` has an empty property name: name each property once, separated by commas"
            ),
        ));
    }
    Ok(())
}

/// What a request is set up with before it is sent: its query options,
/// its headers, and the first mistake made setting them (a misspelled
/// property), told when the request is sent. `Get` and `List` hold one.
#[derive(Debug, Default)]
pub(crate) struct Setup {
    pub(crate) query: Query,
    pub(crate) headers: Headers,
    /// The call's own timeout and retry policy.
    pub(crate) control: Control,
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
        check_query(&self.query, operation)?;
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

/// Checks `$select` and `$expand` names against `T`'s properties, so that
/// a misspelled one is an error before anything is sent.
fn check_names<T: PropertyNames>(option: &str, names: &[String]) -> Result<(), Error> {
    check_names_of(option, names, T::TYPE_NAME, T::has_property, T::property_names)
}

/// `check_names` with what it needs of the type as values, so that it is
/// compiled once rather than for each type. A name may hold several as
/// Graph writes them (`"id,displayName"`): they go on the wire as the same
/// bytes as a list of them.
fn check_names_of(
    option: &str,
    names: &[String],
    type_name: &str,
    has_property: fn(&str) -> bool,
    property_names: fn() -> Vec<&'static str>,
) -> Result<(), Error> {
    for given in names {
        for name in outside_parentheses(given) {
            // `members($select=id)` and `manager/id` name `members` and `manager`.
            let head = name.split(['(', '/']).next().unwrap_or("").trim();
            if head == "*" || has_property(head) {
                continue;
            }
            let message = if head.is_empty() {
                format!("{option}: `{given}` has an empty name: leave out the extra comma")
            } else {
                format!(
                    "{option}: `{head}` is not a property of {type_name}; it has {}. To ask for a property \
                     the type does not name, set it with `.query(Query::new().{})`",
                    property_names().join(", "),
                    &option[1..]
                )
            };
            return Err(Error::invalid_request(RequestPart::Property, message));
        }
    }
    Ok(())
}

/// The items of a comma-separated list, each comma inside parentheses kept:
/// `manager,members($select=id,mail)` is `manager` and `members(..)`.
fn outside_parentheses(list: &str) -> Vec<&str> {
    let (mut items, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, b) in list.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                items.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    items
}

#[cfg(test)]
mod tests {
    use super::outside_parentheses;

    #[test]
    fn a_list_splits_at_commas_outside_parentheses() {
        assert_eq!(outside_parentheses("id"), ["id"]);
        assert_eq!(outside_parentheses("id,displayName"), ["id", "displayName"]);
        assert_eq!(
            outside_parentheses("manager,members($select=id,mail;$top=5),owners"),
            ["manager", "members($select=id,mail;$top=5)", "owners"]
        );
        // An unbalanced `)` does not swallow the rest.
        assert_eq!(outside_parentheses("a),b"), ["a)", "b"]);
    }
}
