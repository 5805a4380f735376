//! A path template given at run time, rendered: each `{name}` replaced by
//! its value, encoded by where it stands, as the typed paths encode theirs.

use crate::http::error::{Error, RequestPart};
use crate::odata::path::{ParamKind, push_value};

/// Renders a template given at run time: each `{name}` replaced by its
/// value, encoded by where it stands (a whole segment, inside a `'...'`
/// literal, or part of a segment).
pub(super) fn render(template: &str, values: &[(String, String)]) -> Result<String, Error> {
    if !template.starts_with('/') {
        return Err(Error::invalid_request(
            RequestPart::Path,
            format!("`{template}` is neither a path below the base URL (it starts with `/`) nor a URL"),
        ));
    }
    if let Some(c) = template
        .chars()
        .find(|c| matches!(c, '?' | '#' | ' ') || c.is_control())
    {
        return Err(Error::invalid_request(
            RequestPart::Path,
            format!(
                "`{}` has `{}`, which would change the request's shape: give query options with `option`",
                template.escape_debug(),
                c.escape_debug()
            ),
        ));
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (literal, after) = rest.split_at(open);
        let close = after.find('}').ok_or_else(|| {
            Error::invalid_request(
                RequestPart::Path,
                format!("`{template}` has a `{{` that is not closed"),
            )
        })?;
        let name = &after[1..close];
        let next = &after[close + 1..];
        out.push_str(literal);
        let value = values
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| {
                Error::invalid_request(
                    RequestPart::Path,
                    format!(
                        "the path names `{{{name}}}` but no value was given: add `.value(\"{name}\", ...)`"
                    ),
                )
            })?;
        let kind = if literal.ends_with('\'') && next.starts_with('\'') {
            ParamKind::Quoted
        } else if literal.ends_with('/') && (next.is_empty() || next.starts_with('/')) {
            ParamKind::Segment
        } else {
            ParamKind::Inline
        };
        push_value(&mut out, "value", kind, value).map_err(|e| {
            Error::invalid_request(
                RequestPart::Path,
                format!("the value of `{{{name}}}` {}", e.reason),
            )
        })?;
        rest = next;
    }
    if rest.contains('}') {
        return Err(Error::invalid_request(
            RequestPart::Path,
            format!("`{template}` has a `}}` that was not opened"),
        ));
    }
    out.push_str(rest);
    let unused: Vec<_> = values
        .iter()
        .filter(|(n, _)| !template.contains(&format!("{{{n}}}")))
        .map(|(n, _)| n.as_str())
        .collect();
    if !unused.is_empty() {
        return Err(Error::invalid_request(
            RequestPart::Path,
            format!(
                "values were given for placeholders the path does not have: {}",
                unused.join(", ")
            ),
        ));
    }
    Ok(out)
}
