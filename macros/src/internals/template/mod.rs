//! The path template language: parsing and checking, with no dependency on
//! `syn`, so that the corpus tests can run every documented Graph path through
//! exactly the parser the attribute uses.
//!
//! A template is literal URL path text with `{name}` placeholders. A
//! placeholder stands for a whole segment (`/users/{userId}`), part of one
//! (`/reports/getCounts(period='{period}')`), or an item path inside OneDrive
//! colon addressing (`/drive/root:/{item-path}:/content`). Every error says
//! what is wrong and what to write instead.

mod classify;
mod literal;
mod placeholder;
mod shape;
mod snippet;
#[cfg(test)]
mod tests;

use std::fmt;

use classify::classify;
use literal::check_literal_char;
use placeholder::{check_duplicates, placeholder};
use shape::{check_segments, check_shape, key_in_braces};
use snippet::{snippet, snippet_around};

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

impl TemplateError {
    /// The corrected template the message offers (`write "..."`), if it
    /// offers one.
    pub(crate) fn suggested_fix(&self) -> Option<&str> {
        let start = self.message.rfind("write \"")? + "write \"".len();
        let end = self.message[start..].find('"')? + start;
        Some(&self.message[start..end])
    }
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
