//! A collection read with OData query options, as Graph answers it:
//! `$filter` (`eq` and `startswith` on strings), `$search` on a string
//! property, `$count`, `$skip`, `$top` (the page size), `$select`, and
//! paging with `@odata.nextLink`.

use serde_json::{Map, Value};

use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::Object;

/// Collections of directory objects, where `$count` and `$search` need
/// `ConsistencyLevel: eventual`.
const DIRECTORY: [&str; 8] = [
    "/users",
    "/groups",
    "/devices",
    "/applications",
    "/servicePrincipals",
    "/directoryObjects",
    "/contacts",
    "/administrativeUnits",
];

/// The page of `items` the request asks for, after its options.
pub(crate) fn answer(items: &[Object], req: &GraphRequest<'_>, default_size: usize) -> Answer {
    match select_page(items, req, default_size) {
        Ok(body) => Answer::json(200, Value::Object(body)),
        Err(answer) => answer,
    }
}

/// The options of a request, decoded.
pub(crate) struct Options(Vec<(String, String)>);

impl Options {
    pub(crate) fn of(req: &GraphRequest<'_>) -> Options {
        Options(req.query_options())
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The properties a `$select` keeps, or `None` without one: those it
    /// names, and the navigation properties `$expand` names
    /// (`manager($select=id)` names `manager`), which Graph answers beside
    /// the selected ones.
    pub(crate) fn selection(&self) -> Option<Vec<&str>> {
        let mut names: Vec<&str> = self.get("$select")?.split(',').map(str::trim).collect();
        names.extend(self.expanded());
        Some(names)
    }

    /// The navigation properties `$expand` names: `manager($select=id)`
    /// names `manager`.
    pub(crate) fn expanded(&self) -> Vec<&str> {
        self.get("$expand")
            .map(|expand| {
                top_level(expand)
                    .map(|e| e.split(['(', '/']).next().unwrap_or("").trim())
                    .filter(|e| !e.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The comma-separated items of an option, commas inside parentheses
/// (`members($select=id,displayName)`) kept within their item.
fn top_level(option: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut items = Vec::new();
    for (i, c) in option.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(&option[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&option[start..]);
    items.into_iter()
}

fn bad(message: &str) -> Answer {
    Answer::error(400, "BadRequest", message)
}

fn select_page(
    items: &[Object],
    req: &GraphRequest<'_>,
    default_size: usize,
) -> Result<Map<String, Value>, Answer> {
    let options = Options::of(req);
    let directory = DIRECTORY
        .iter()
        .any(|c| req.path == *c || req.path.starts_with(&format!("{c}/")));
    let eventual = req
        .header("consistencylevel")
        .is_some_and(|v| v.eq_ignore_ascii_case("eventual"));
    let mut selected: Vec<&Object> = items.iter().collect();
    if let Some(filter) = options.get("$filter") {
        let clauses = parse_filter(filter).ok_or_else(|| {
            bad(&format!(
                "Invalid filter clause: `{filter}`. The emulator supports `property eq 'value'` and \
                 `startswith(property, 'value')` on string properties, joined with `and`."
            ))
        })?;
        selected.retain(|o| clauses.iter().all(|c| c.holds(o)));
    }
    if let Some(search) = options.get("$search") {
        if directory && !eventual {
            return Err(Answer::error(
                400,
                "Request_UnsupportedQuery",
                "Request with $search query parameter only works through MSGraph with a special request \
                 header: 'ConsistencyLevel: eventual'",
            ));
        }
        let (property, term) = parse_search(search).ok_or_else(|| {
            bad(&format!(
                "Invalid $search: `{search}`. Write \"property:term\" in double quotes, e.g. \
                 \"displayName:adele\"."
            ))
        })?;
        let term = term.to_lowercase();
        selected.retain(|o| string(o, &property).is_some_and(|v| v.to_lowercase().contains(&term)));
    }
    let count = match options.get("$count") {
        None | Some("false") => false,
        Some("true") if directory && !eventual => {
            return Err(Answer::error(
                400,
                "Request_BadRequest",
                "$count is not currently supported.",
            ));
        }
        Some("true") => true,
        Some(_) => return Err(bad("Invalid $count: give true or false.")),
    };
    let total = selected.len();
    let skip = match options.get("$skip").map(str::parse::<usize>) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Err(bad("Invalid $skip: give a whole number.")),
    };
    let size = match options.get("$top").map(str::parse::<usize>) {
        None => default_size,
        Some(Ok(n)) if (1..=999).contains(&n) => n,
        Some(_) => return Err(bad("Invalid $top: give a whole number from 1 to 999.")),
    };
    let token = match options.get("$skiptoken").map(|t| usize::from_str_radix(t, 16)) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Err(bad("Invalid $skiptoken.")),
    };
    let select: Option<Vec<&str>> = options.selection();
    let start = (skip + token).min(selected.len());
    let end = (start + size).min(selected.len());
    let value: Vec<Value> = selected[start..end]
        .iter()
        .map(|o| Value::Object(project(o, select.as_deref())))
        .collect();
    let mut body = Map::new();
    body.insert("@odata.context".into(), Value::String(req.context("")));
    if count && token == 0 {
        // Graph tells the count on the first page only.
        body.insert("@odata.count".into(), Value::from(total));
    }
    body.insert("value".into(), Value::Array(value));
    if end < selected.len() {
        body.insert(
            "@odata.nextLink".into(),
            Value::String(link(req, "$skiptoken", end - skip)),
        );
    }
    Ok(body)
}

/// A link to this request with one option set anew, the others kept, as
/// Graph carries the original options into its links.
pub(crate) fn link(req: &GraphRequest<'_>, option: &str, value: impl std::fmt::LowerHex) -> String {
    let encoded = option.replace('$', "%24");
    let kept: String = req
        .query
        .split('&')
        .filter(|p| {
            !p.is_empty() && !p.starts_with(&format!("{option}=")) && !p.starts_with(&format!("{encoded}="))
        })
        .map(|p| format!("{p}&"))
        .collect();
    format!(
        "{}/{}{}?{kept}{option}={value:x}",
        req.origin, req.version, req.path
    )
}

/// The object with only the properties named, and its `id` and
/// `@odata.type`, as Graph answers a `$select`.
pub(crate) fn project(o: &Object, select: Option<&[&str]>) -> Object {
    match select {
        None => o.clone(),
        Some(names) => o
            .iter()
            .filter(|(k, _)| k.as_str() == "id" || k.as_str() == "@odata.type" || names.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn string<'a>(o: &'a Object, property: &str) -> Option<&'a str> {
    o.get(property).and_then(Value::as_str)
}

/// One clause of a `$filter`.
enum Clause {
    Eq(String, String),
    StartsWith(String, String),
}

impl Clause {
    fn holds(&self, o: &Object) -> bool {
        match self {
            Clause::Eq(p, v) => string(o, p) == Some(v.as_str()),
            Clause::StartsWith(p, v) => {
                string(o, p).is_some_and(|s| s.to_lowercase().starts_with(&v.to_lowercase()))
            }
        }
    }
}

/// `p eq 'v'` and `startswith(p,'v')`, joined with ` and `.
fn parse_filter(filter: &str) -> Option<Vec<Clause>> {
    filter.split(" and ").map(|c| parse_clause(c.trim())).collect()
}

fn parse_clause(clause: &str) -> Option<Clause> {
    if let Some(args) = clause
        .strip_prefix("startswith(")
        .and_then(|r| r.strip_suffix(')'))
    {
        let (property, literal) = args.split_once(',')?;
        return Some(Clause::StartsWith(
            property.trim().to_owned(),
            literal_string(literal.trim())?,
        ));
    }
    let (property, literal) = clause.split_once(" eq ")?;
    Some(Clause::Eq(
        property.trim().to_owned(),
        literal_string(literal.trim())?,
    ))
}

/// An OData string literal: `'it''s'` → `it's`.
fn literal_string(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('\'')?.strip_suffix('\'')?;
    Some(inner.replace("''", "'"))
}

/// `"property:term"` → (property, term).
fn parse_search(search: &str) -> Option<(String, String)> {
    let inner = search.strip_prefix('"')?.strip_suffix('"')?;
    let (property, term) = inner.split_once(':')?;
    Some((property.trim().to_owned(), term.trim().to_owned()))
}
