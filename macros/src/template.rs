//! The path template language: parsing and checking, with no dependency on
//! `syn`, so that the corpus tests can run every documented Graph path through
//! exactly the parser the attribute uses.
//!
//! A template is literal URL path text with `{name}` placeholders. A
//! placeholder stands for a whole segment (`/users/{userId}`), part of one
//! (`/reports/getCounts(period='{period}')`), or an item path inside OneDrive
//! colon addressing (`/drive/root:/{item-path}:/content`). Every error says
//! what is wrong and what to write instead.

use std::fmt;

/// A parsed, checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Template {
    pub(crate) parts: Vec<Part>,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Part {
    /// Text copied to the URL as written.
    Literal(String),
    /// A value supplied at run time.
    Param(Param),
}

/// A placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Param {
    /// The name as written between the braces.
    pub(crate) name: String,
    /// The snake_case Rust field name.
    pub(crate) field: String,
    /// How the value is encoded.
    pub(crate) kind: ParamKind,
}

/// Where a placeholder stands, which decides how its value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamKind {
    /// The whole segment: `/users/{id}/`.
    Segment,
    /// Part of a segment: `getCounts(period={period})`.
    Inline,
    /// Inside an OData quoted literal: `(appId='{appId}')`; `'` is doubled.
    Quoted,
    /// An item path in colon addressing: `root:/{item-path}:`; `/` separates
    /// path components and is kept.
    ItemPath,
}

/// Why a template was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TemplateError {
    pub(crate) kind: ErrorKind,
    pub(crate) message: String,
}

/// The kinds of rejection, so that tests can count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum ErrorKind {
    Empty,
    FullUrl,
    NoLeadingSlash,
    QueryOrFragment,
    Whitespace,
    Alternatives,
    EmptyPlaceholder,
    UnclosedBrace,
    StrayBrace,
    BadPlaceholderName,
    DuplicatePlaceholder,
    AdjacentPlaceholders,
    EmptySegment,
    TrailingSlash,
    DotSegment,
    BadCharacter,
    KeyInBraces,
    NotAPath,
    AnglePlaceholder,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn err<T>(kind: ErrorKind, message: impl Into<String>) -> Result<T, TemplateError> {
    Err(TemplateError {
        kind,
        message: message.into(),
    })
}

/// Parses and checks a template. Every rejection says what to write
/// instead, as a whole corrected template where one can be given.
pub(crate) fn parse(src: &str) -> Result<Template, TemplateError> {
    check_shape(src)?;
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut at = 0;
    while let Some(c) = src[at..].chars().next() {
        let rest = &src[at..];
        match c {
            '{' => {
                if let Some(e) = key_in_braces(src, at) {
                    return Err(e);
                }
                let close = rest.find('}');
                let open = rest[1..].find('{').map(|i| i + 1);
                let end = match (close, open) {
                    (Some(end), open) if open.is_none_or(|o| o > end) => end,
                    _ => {
                        let name_len = rest[1..]
                            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                            .unwrap_or(rest.len() - 1);
                        let split = at + 1 + name_len;
                        let fixed = format!("{}}}{}", &src[..split], &src[split..]);
                        return err(
                            ErrorKind::UnclosedBrace,
                            format!(
                                "unclosed `{{` in `{}`: close the placeholder with `}}`: write \"{fixed}\"",
                                snippet(rest)
                            ),
                        );
                    }
                };
                let inner = &rest[1..end];
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                } else if matches!(parts.last(), Some(Part::Param(_))) {
                    return err(
                        ErrorKind::AdjacentPlaceholders,
                        format!(
                            "`{}` follows another placeholder with nothing between them, so the two values \
                             could not be told apart: put literal text between them, e.g. a `/`",
                            &rest[..=end]
                        ),
                    );
                }
                parts.push(Part::Param(placeholder(src, at, inner)?));
                at += end + 1;
            }
            '}' => {
                let fixed = format!("{}{}", &src[..at], &src[at + 1..]);
                return err(
                    ErrorKind::StrayBrace,
                    format!(
                        "stray `}}` in `{}`: remove it, or open the placeholder with `{{`: write \"{fixed}\"",
                        snippet_around(src, at)
                    ),
                );
            }
            _ => {
                check_literal_char(src, at, c)?;
                literal.push(c);
                at += c.len_utf8();
            }
        }
    }
    if !literal.is_empty() {
        parts.push(Part::Literal(literal));
    }
    let mut template = Template { parts };
    classify(&mut template);
    check_segments(src)?;
    check_duplicates(src, &template)?;
    Ok(template)
}

/// Rejections that concern the template as a whole, checked first so that
/// the most useful message wins.
fn check_shape(src: &str) -> Result<(), TemplateError> {
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
        return err(
            ErrorKind::QueryOrFragment,
            format!(
                "the path has {what} (`{}`): {why}: write \"{}\"",
                &src[i..],
                &src[..i]
            ),
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
fn key_in_braces(src: &str, at: usize) -> Option<TemplateError> {
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

fn placeholder(src: &str, at: usize, inner: &str) -> Result<Param, TemplateError> {
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

fn check_literal_char(src: &str, at: usize, c: char) -> Result<(), TemplateError> {
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

fn percent_escape(c: char) -> String {
    let mut buf = [0; 4];
    c.encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

/// The template with every character that cannot appear in a URL path,
/// outside placeholders, percent-encoded.
fn encode_literal_text(src: &str) -> String {
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

/// Decides each placeholder's kind from the literal text before it: inside
/// a quoted literal (an odd number of `'` so far), inside colon addressing
/// (an odd number of `:` so far), a whole segment, or part of one.
fn classify(template: &mut Template) {
    let mut quotes = 0usize;
    let mut colons = 0usize;
    let n = template.parts.len();
    for i in 0..n {
        let before_ends_slash = i
            .checked_sub(1)
            .and_then(|j| match &template.parts[j] {
                Part::Literal(s) => Some(s.ends_with('/')),
                Part::Param(_) => None,
            })
            .unwrap_or(false);
        let after_ok = match template.parts.get(i + 1) {
            Some(Part::Literal(s)) => s.starts_with('/'),
            Some(Part::Param(_)) => false,
            None => true,
        };
        match &mut template.parts[i] {
            Part::Literal(s) => {
                quotes += s.matches('\'').count();
                colons += s.matches(':').count();
            }
            Part::Param(p) => {
                p.kind = if quotes % 2 == 1 {
                    ParamKind::Quoted
                } else if colons % 2 == 1 {
                    ParamKind::ItemPath
                } else if before_ends_slash && after_ok {
                    ParamKind::Segment
                } else {
                    ParamKind::Inline
                };
            }
        }
    }
}

fn check_segments(src: &str) -> Result<(), TemplateError> {
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

fn check_duplicates(src: &str, template: &Template) -> Result<(), TemplateError> {
    let mut seen: Vec<&Param> = Vec::new();
    let mut previous_literal = "";
    let mut offset = 0;
    for part in &template.parts {
        match part {
            Part::Literal(s) => {
                previous_literal = s;
                offset += s.len();
            }
            Part::Param(p) => {
                let written = p.name.len() + 2;
                if let Some(first) = seen.iter().find(|q| q.field == p.field) {
                    let suggestion = suggest_name(previous_literal, &seen, &p.name);
                    let same = if first.name == p.name {
                        format!("`{{{}}}` appears twice", p.name)
                    } else {
                        format!(
                            "`{{{}}}` and `{{{}}}` both become the field `{}`",
                            first.name, p.name, p.field
                        )
                    };
                    let fixed = format!("{}{{{suggestion}}}{}", &src[..offset], &src[offset + written..]);
                    return err(
                        ErrorKind::DuplicatePlaceholder,
                        format!(
                            "{same}; every placeholder needs its own name: rename the second, \
                             `{{{suggestion}}}`: write \"{fixed}\""
                        ),
                    );
                }
                seen.push(p);
                offset += written;
            }
        }
    }
    Ok(())
}

/// Suggests a name for a repeated placeholder from the segment before it:
/// `/participants/{id}` suggests `{participantId}`.
fn suggest_name(previous_literal: &str, seen: &[&Param], name: &str) -> String {
    let segment = previous_literal
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let base = segment.strip_suffix("ies").map_or_else(
        || segment.strip_suffix('s').unwrap_or(segment).to_owned(),
        |s| format!("{s}y"),
    );
    let candidate = if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{name}2")
    } else {
        let mut c = base;
        let tail = name.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        let mut tail_chars = tail.chars();
        if let Some(first) = tail_chars.next() {
            c.push(first.to_ascii_uppercase());
            c.extend(tail_chars);
        }
        c
    };
    if seen.iter().any(|p| p.field == snake_case(&candidate)) {
        format!("{name}2")
    } else {
        candidate
    }
}

/// The Rust spelling of a field: `type` is a keyword, so `r#type`.
pub(crate) fn rust_field(field: &str) -> String {
    let keyword = matches!(
        field,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    );
    if keyword {
        format!("r#{field}")
    } else {
        field.to_owned()
    }
}

/// `userPrincipalName` → `user_principal_name`; `item-path` → `item_path`;
/// `ID` → `id`; `id_value` → `id_value`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == '_' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1);
            let boundary = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    while out.ends_with('_') && out.len() > 1 {
        out.pop();
    }
    out
}

/// Joins words into lowerCamelCase: `tenant id` → `tenantId`.
fn camel_join(s: &str) -> String {
    let mut out = String::new();
    for (i, word) in s.split_whitespace().enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.push(first.to_ascii_lowercase());
            } else {
                out.push(first.to_ascii_uppercase());
            }
            out.extend(chars);
        }
    }
    out
}

fn collapse_slashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    out
}

fn snippet(s: &str) -> &str {
    let end = s.char_indices().nth(24).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

fn snippet_around(src: &str, at: usize) -> &str {
    let start = src[..at].rfind('/').unwrap_or(0);
    let end = src[at..].find('/').map_or(src.len(), |e| at + e);
    &src[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(src: &str) -> Vec<(String, ParamKind)> {
        parse(src)
            .unwrap()
            .parts
            .into_iter()
            .filter_map(|p| match p {
                Part::Param(p) => Some((p.field, p.kind)),
                Part::Literal(_) => None,
            })
            .collect()
    }

    #[test]
    fn seed_path() {
        assert_eq!(
            fields(
                "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments"
            ),
            vec![
                ("users_id".into(), ParamKind::Segment),
                ("device_enrollment_configuration_id".into(), ParamKind::Segment)
            ]
        );
    }

    #[test]
    fn kinds() {
        assert_eq!(
            fields("/applications(appId='{appId}')"),
            vec![("app_id".into(), ParamKind::Quoted)]
        );
        assert_eq!(
            fields("/drives/{drive-id}/root:/{item-path}:/content"),
            vec![
                ("drive_id".into(), ParamKind::Segment),
                ("item_path".into(), ParamKind::ItemPath)
            ]
        );
        assert_eq!(
            fields("/reports/getEmailActivityCounts(period={period_value})"),
            vec![("period_value".into(), ParamKind::Inline)]
        );
    }

    #[test]
    fn snake() {
        for (a, b) in [
            ("usersId", "users_id"),
            ("item-path", "item_path"),
            ("ID", "id"),
            ("Id", "id"),
            ("id_value", "id_value"),
            ("azureADDeviceId", "azure_ad_device_id"),
            ("id1", "id1"),
            ("directoryPropertyName-Value", "directory_property_name_value"),
        ] {
            assert_eq!(snake_case(a), b, "{a}");
        }
    }

    fn kind(src: &str) -> (ErrorKind, String) {
        let e = parse(src).unwrap_err();
        (e.kind, e.message)
    }

    #[test]
    fn rejections_name_the_fix() {
        let (k, m) = kind("users/{id}");
        assert_eq!(k, ErrorKind::NoLeadingSlash);
        assert!(m.contains("\"/users/{id}\""), "{m}");

        let (k, m) = kind("/users/{id | userPrincipalName}/photo");
        assert_eq!(k, ErrorKind::Alternatives);
        assert!(
            m.contains("pick one") && m.contains("\"/users/{id}/photo\""),
            "{m}"
        );

        let (k, m) = kind("/calls/{id}/participants/{id}");
        assert_eq!(k, ErrorKind::DuplicatePlaceholder);
        assert!(
            m.contains("write \"/calls/{id}/participants/{participantId}\""),
            "{m}"
        );

        let (k, m) = kind("/me/events?$select=subject");
        assert_eq!(k, ErrorKind::QueryOrFragment);
        assert!(m.contains("\"/me/events\""), "{m}");

        assert_eq!(kind("/users/{}").0, ErrorKind::EmptyPlaceholder);
        assert_eq!(kind("/users/{id").0, ErrorKind::UnclosedBrace);
        assert_eq!(kind("/users/id}").0, ErrorKind::StrayBrace);
        assert_eq!(kind("/users/{tenant id}").0, ErrorKind::Whitespace);
        assert_eq!(kind("/users /x").0, ErrorKind::Whitespace);
        assert_eq!(kind("/a/{x}{y}").0, ErrorKind::AdjacentPlaceholders);
        assert_eq!(kind("/a//b").0, ErrorKind::EmptySegment);
        assert_eq!(kind("/a/b/").0, ErrorKind::TrailingSlash);
        assert_eq!(kind("/a/../b").0, ErrorKind::DotSegment);
        assert_eq!(kind("/a/b\"c").0, ErrorKind::BadCharacter);
        assert_eq!(kind("/a/{1x}").0, ErrorKind::BadPlaceholderName);
        assert_eq!(kind("/a/{self}").0, ErrorKind::BadPlaceholderName);
        let (k, m) = kind("https://graph.microsoft.com/beta/me/onlineMeetings/{meetingId}");
        assert_eq!(k, ErrorKind::FullUrl);
        assert!(m.contains("\"/me/onlineMeetings/{meetingId}\""), "{m}");
    }
}
