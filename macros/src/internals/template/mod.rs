//! The path template language: parsing and checking, with no dependency on
//! `syn`, so that the corpus tests can run every documented Graph path through
//! exactly the parser the attribute uses.
//!
//! A template is literal URL path text with `{name}` placeholders. A
//! placeholder stands for a whole segment (`/users/{userId}`), part of one
//! (`/reports/getCounts(period='{period}')`), or an item path inside OneDrive
//! colon addressing (`/drive/root:/{item-path}:/content`). Every error says
//! what is wrong and what to write instead.

mod shape;
#[cfg(test)]
mod tests;

use std::fmt;

use graph_resource_naming::snake_case;
use shape::{
    check_literal_char, check_shape, collapse_slashes, key_in_braces, placeholder, snippet, snippet_around,
};

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
