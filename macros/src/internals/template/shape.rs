//! The checks of a template's shape as a whole and of its characters:
//! where the text is not a path, or not one this language can take, and the
//! template to write instead.

use super::{ErrorKind, Param, ParamKind, TemplateError, err};
use graph_resource_naming::{camel_join, snake_case};

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

pub(super) fn placeholder(src: &str, at: usize, inner: &str) -> Result<Param, TemplateError> {
    let replace = |name: &str| format!("{}{{{name}}}{}", &src[..at], &src[at + inner.len() + 2..]);
    if inner.is_empty() {
        return err(
            ErrorKind::EmptyPlaceholder,
            format!(
                "`{{}}` is an empty placeholder: name it: write \"{}\"",
                replace("id")
            ),
        );
    }
    let valid_start = inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let valid_rest = inner
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid_start || !valid_rest {
        let suggestion = camel_join(
            &inner
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect::<String>(),
        );
        let suggestion = if suggestion.starts_with(|c: char| c.is_ascii_digit()) || suggestion.is_empty() {
            format!("id{suggestion}")
        } else {
            suggestion
        };
        return err(
            ErrorKind::BadPlaceholderName,
            format!(
                "`{{{inner}}}` is not a placeholder name: use letters, digits, `_` and `-`, \
                 starting with a letter: write \"{}\"",
                replace(&suggestion)
            ),
        );
    }
    let field = snake_case(inner);
    if matches!(field.as_str(), "self" | "super" | "crate" | "_") {
        return err(
            ErrorKind::BadPlaceholderName,
            format!(
                "`{{{inner}}}` would become the field `{field}`, which Rust does not allow: \
                 rename it: write \"{}\"",
                replace(&format!("{inner}Id"))
            ),
        );
    }
    Ok(Param {
        name: inner.to_owned(),
        field,
        kind: ParamKind::Segment,
    })
}

pub(super) fn check_literal_char(src: &str, at: usize, c: char) -> Result<(), TemplateError> {
    let ok = c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/".contains(c);
    if ok {
        return Ok(());
    }
    let rest = &src[at..];
    if c == '<'
        && let Some(end) = rest.find('>')
        && end > 1
        && rest[1..end]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        let name = &rest[1..end];
        return err(
            ErrorKind::AnglePlaceholder,
            format!(
                "`<{name}>` looks like a placeholder, which templates write in braces: write \"{}{{{name}}}{}\"",
                &src[..at],
                &rest[end + 1..]
            ),
        );
    }
    if c == '%' {
        let b = rest.as_bytes();
        if b.len() >= 3 && b[1].is_ascii_hexdigit() && b[2].is_ascii_hexdigit() {
            return Ok(());
        }
        return err(
            ErrorKind::BadCharacter,
            format!(
                "`%` in `{}` does not start a percent-escape: write a literal `%` as `%25`: write \"{}%25{}\"",
                snippet(rest),
                &src[..at],
                &src[at + 1..]
            ),
        );
    }
    err(
        ErrorKind::BadCharacter,
        format!(
            "`{c}` cannot appear in a URL path: percent-encode it as `{}`: write \"{}\"",
            percent_escape(c),
            encode_literal_text(src)
        ),
    )
}

pub(super) fn percent_escape(c: char) -> String {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

/// The template with every character that cannot appear in a URL path,
/// outside placeholders, percent-encoded.
pub(super) fn encode_literal_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 8);
    let mut in_braces = false;
    for c in src.chars() {
        match c {
            '{' => in_braces = true,
            '}' => in_braces = false,
            _ => {}
        }
        let fine = in_braces || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%{}".contains(c);
        if fine {
            out.push(c);
        } else {
            out.push_str(&percent_escape(c));
        }
    }
    out
}

pub(super) fn collapse_slashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

pub(super) fn snippet(s: &str) -> &str {
    let end = s.char_indices().nth(24).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

pub(super) fn snippet_around(src: &str, at: usize) -> &str {
    let start = src[..at].rfind('/').unwrap_or(0);
    let end = src[at..].find('/').map_or(src.len(), |e| at + e);
    &src[start..end]
}
