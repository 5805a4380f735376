//! Rejections of a template's shape as a whole: text that is not a path,
//! a path written as a URL, alternatives, a query string, empty or dotted
//! segments; each with the template to write instead.

use graph_resource_naming::camel_join;

use super::snippet::{collapse_slashes, snippet};
use super::{ErrorKind, TemplateError, err};

/// Rejections that concern the template as a whole, checked first so that
/// the most useful message wins.
pub(super) fn check_shape(src: &str) -> Result<(), TemplateError> {
    if src.is_empty() {
        return err(
            ErrorKind::Empty,
            "the path is empty: write the collection's path, e.g. \"/users/{userId}/events\"",
        );
    }
    for scheme in ["https://", "http://"] {
        if let Some(after) = src.strip_prefix(scheme) {
            let path = after.find('/').map_or("/", |i| &after[i..]);
            let path = ["/beta/", "/v1.0/"]
                .iter()
                .find_map(|v| path.strip_prefix(v).map(|p| format!("/{p}")))
                .unwrap_or_else(|| path.to_owned());
            return err(
                ErrorKind::FullUrl,
                format!(
                    "the path is a full URL: keep only the part after the version, since the client's \
                     base URL supplies the host and version: write \"{path}\""
                ),
            );
        }
    }
    let looks_like_text = !src.contains('/') && src.contains(char::is_whitespace);
    if looks_like_text {
        return err(
            ErrorKind::NotAPath,
            format!(
                "`{}` is text, not a URL path: copy the path from the \"HTTP request\" section of the \
                 Graph docs, e.g. \"/users/{{userId}}/events\"",
                snippet(src)
            ),
        );
    }
    if !src.starts_with('/') {
        let fixed = src.trim_start_matches('~').trim_start_matches('/');
        return err(
            ErrorKind::NoLeadingSlash,
            format!("the path must start with `/`: write \"/{fixed}\""),
        );
    }
    if let Some(i) = src.find(['?', '#']) {
        let what = if src.as_bytes()[i] == b'?' {
            "a query string"
        } else {
            "a fragment"
        };
        let why = if what == "a query string" {
            "query options are passed when the request is made, not in the template"
        } else {
            "a fragment is never sent to the server"
        };
        let path = &src[..i];
        // `/users/{id}?$select=..`: the path of one item, which a resource
        // addresses as its collection's path and `.item(id)`.
        let item = path
            .rsplit_once('/')
            .filter(|(_, last)| last.starts_with('{') && last.ends_with('}') && last.len() > 2);
        let fix = match item {
            Some((collection, last)) if !collection.is_empty() => format!(
                "write \"{collection}\", the collection's path, and read one item with \
                 `get(&client, path.item(id))` (`{last}` is the id), setting options on it: `.select([..])`"
            ),
            _ => format!("write \"{path}\""),
        };
        return err(
            ErrorKind::QueryOrFragment,
            format!("the path has {what} (`{}`): {why}: {fix}", &src[i..]),
        );
    }
    // A `|` between braces is the docs' way of writing alternatives.
    let mut open = None;
    for (i, c) in src.char_indices() {
        match c {
            '{' => open = Some(i),
            '}' => {
                if let Some(start) = open.take() {
                    let inner = &src[start + 1..i];
                    if inner.contains('|') {
                        let first = inner.split('|').next().unwrap_or("").trim();
                        let choices = inner
                            .split('|')
                            .map(|s| format!("`{{{}}}`", s.trim()))
                            .collect::<Vec<_>>()
                            .join(" or ");
                        let fixed = format!("{}{{{first}}}{}", &src[..start], &src[i + 1..]);
                        return err(
                            ErrorKind::Alternatives,
                            format!(
                                "`{{{inner}}}` offers alternatives: a path has one value there, so pick one \
                                 placeholder, {choices}: write \"{fixed}\""
                            ),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    if let Some((i, c)) = src.char_indices().find(|(_, c)| c.is_whitespace()) {
        let in_braces = src[..i].rfind('{') > src[..i].rfind('}');
        if in_braces {
            let start = src[..i].rfind('{').unwrap_or(0);
            let Some(close) = src[i..].find('}') else {
                // The brace is never closed: close it where the name stops.
                let fixed = format!("{}}}{}", &src[..i], &src[i..]);
                return err(
                    ErrorKind::UnclosedBrace,
                    format!(
                        "unclosed `{{` in `{}`: close the placeholder with `}}`: write \"{fixed}\"",
                        snippet(&src[start..])
                    ),
                );
            };
            let end = i + close + 1;
            let inner = src[start + 1..end - 1].trim();
            let joined = camel_join(inner);
            let fixed = format!("{}{{{joined}}}{}", &src[..start], &src[end..]);
            return err(
                ErrorKind::Whitespace,
                format!(
                    "the placeholder `{}` contains whitespace: name it with one word, `{{{joined}}}`: \
                     write \"{fixed}\"",
                    &src[start..end]
                ),
            );
        }
        let fixed: String = src.chars().filter(|c| !c.is_whitespace()).collect();
        return err(
            ErrorKind::Whitespace,
            format!(
                "the path contains whitespace ({c:?} at byte {i}): remove it, or write a space as `%20`: \
                 write \"{fixed}\""
            ),
        );
    }
    Ok(())
}

/// `{externalId='{externalId}'}`: an OData alternate key written in braces.
pub(super) fn key_in_braces(src: &str, at: usize) -> Option<TemplateError> {
    let rest = &src[at..];
    let eq = rest.find("='{")?;
    let key = &rest[1..eq];
    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    let close = rest[eq..].find("}'}")? + eq;
    let value = &rest[eq + 3..close];
    // `/contents/(key='..')` is `/contents(key='..')` in OData.
    let before = src[..at].strip_suffix('/').unwrap_or(&src[..at]);
    let fixed = format!("{before}({key}='{{{value}}}'){}", &rest[close + 3..]);
    Some(TemplateError {
        kind: ErrorKind::KeyInBraces,
        message: format!(
            "`{}` writes an OData alternate key in braces; OData writes it in parentheses: write \"{fixed}\"",
            &rest[..close + 3]
        ),
    })
}

pub(super) fn check_segments(src: &str) -> Result<(), TemplateError> {
    if let Some(i) = src.find("//") {
        return err(
            ErrorKind::EmptySegment,
            format!(
                "the path has an empty segment (`//` at byte {i}): write \"{}\"",
                collapse_slashes(src)
            ),
        );
    }
    if src.len() > 1 && src.ends_with('/') {
        return err(
            ErrorKind::TrailingSlash,
            format!(
                "the path ends with `/`: remove it: write \"{}\"",
                src.trim_end_matches('/')
            ),
        );
    }
    if let Some(seg) = src.split('/').find(|s| *s == "." || *s == "..") {
        let fixed = src
            .split('/')
            .filter(|s| *s != "." && *s != "..")
            .collect::<Vec<_>>()
            .join("/");
        return err(
            ErrorKind::DotSegment,
            format!("the path has a `{seg}` segment, which URLs resolve away: remove it: write \"{fixed}\""),
        );
    }
    Ok(())
}
