//! Rendering of path templates. One non-generic function renders every
//! template: generated code hands it the parts (checked at compile time) and
//! the values, and no value can change the shape of the path.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters is encoded, in paths,
/// query values and forms alike: `/ ? # %`,
/// spaces, quotes, control characters and all non-ASCII bytes included.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `key=value&...`, each value encoded: a query string or a form body.
pub(crate) fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (k, v) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.extend(utf8_percent_encode(v, UNRESERVED));
    }
    out
}

/// A path template, parsed and checked when the attribute expanded.
#[derive(Debug)]
pub struct Template {
    source: &'static str,
    parts: &'static [Part],
}

impl Template {
    #[doc(hidden)]
    pub const fn new(source: &'static str, parts: &'static [Part]) -> Self {
        Template { source, parts }
    }

    /// The template as written, e.g. `/users/{usersId}/events`. This is what
    /// logs show instead of the filled-in path.
    pub const fn source(&self) -> &'static str {
        self.source
    }

    /// The placeholder names, in template order.
    pub fn placeholders(&self) -> impl Iterator<Item = &'static str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Param(name, _) => Some(*name),
            Part::Literal(_) => None,
        })
    }
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.source)
    }
}

/// One piece of a template.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub enum Part {
    Literal(&'static str),
    Param(&'static str, ParamKind),
}

/// Where a placeholder stands, which decides how its value is encoded.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A whole segment.
    Segment,
    /// Part of a segment, e.g. a function argument.
    Inline,
    /// Inside an OData quoted literal: `'` is doubled.
    Quoted,
    /// A drive item path in colon addressing: `/` separates its components.
    ItemPath,
}

/// A value that cannot be put in a path, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InvalidPathValue {
    /// The placeholder, as written in the template.
    pub placeholder: &'static str,
    /// What is wrong with the value.
    pub reason: &'static str,
}

impl fmt::Display for InvalidPathValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the value of `{{{}}}` {}", self.placeholder, self.reason)
    }
}

impl std::error::Error for InvalidPathValue {}

/// Renders a template with one value per placeholder, in order. The result
/// is the path relative to the client's base URL, every value encoded.
pub fn render(template: &Template, values: &[&str]) -> Result<String, InvalidPathValue> {
    render_parts(template.parts, values)
}

fn render_parts(parts: &[Part], values: &[&str]) -> Result<String, InvalidPathValue> {
    // An upper bound, so that the string is allocated once.
    let capacity: usize = parts
        .iter()
        .map(|p| match p {
            Part::Literal(s) => s.len(),
            Part::Param(..) => 0,
        })
        .sum::<usize>()
        + values.iter().map(|v| v.len() * 6).sum::<usize>();
    let mut out = String::with_capacity(capacity);
    let mut values = values.iter();
    for part in parts {
        match *part {
            Part::Literal(s) => out.push_str(s),
            Part::Param(name, kind) => {
                let Some(value) = values.next() else {
                    return Err(InvalidPathValue {
                        placeholder: name,
                        reason: "is missing",
                    });
                };
                push_value(&mut out, name, kind, value)?;
            }
        }
    }
    Ok(out)
}

/// Appends `/` and an item's id, encoded as a whole segment.
pub(crate) fn push_item_id(out: &mut String, id: &str) -> Result<(), InvalidPathValue> {
    out.push('/');
    push_value(out, "id", ParamKind::Segment, id)
}

pub(crate) fn push_value(
    out: &mut String,
    name: &'static str,
    kind: ParamKind,
    value: &str,
) -> Result<(), InvalidPathValue> {
    let invalid = |reason| InvalidPathValue {
        placeholder: name,
        reason,
    };
    if value.is_empty() {
        return Err(invalid("is empty"));
    }
    match kind {
        ParamKind::Segment => {
            if value == "." || value == ".." {
                return Err(invalid("is a dot segment (`.` or `..`), which URLs resolve away"));
            }
            out.extend(utf8_percent_encode(value, UNRESERVED));
        }
        ParamKind::Inline => out.extend(utf8_percent_encode(value, UNRESERVED)),
        ParamKind::Quoted => {
            for (i, piece) in value.split('\'').enumerate() {
                if i > 0 {
                    // OData doubles a quote inside a quoted literal.
                    out.push_str("%27%27");
                }
                out.extend(utf8_percent_encode(piece, UNRESERVED));
            }
        }
        ParamKind::ItemPath => {
            for (i, component) in value.split('/').enumerate() {
                if component.is_empty() {
                    return Err(invalid(
                        "has an empty path component (a leading, trailing or doubled `/`)",
                    ));
                }
                if component == "." || component == ".." {
                    return Err(invalid("has a `.` or `..` component"));
                }
                if i > 0 {
                    out.push('/');
                }
                out.extend(utf8_percent_encode(component, UNRESERVED));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &[Part] = &[
        Part::Literal("/users/"),
        Part::Param("usersId", ParamKind::Segment),
        Part::Literal("/deviceEnrollmentConfigurations/"),
        Part::Param("deviceEnrollmentConfigurationId", ParamKind::Segment),
        Part::Literal("/assignments"),
    ];

    #[test]
    fn encodes_everything_that_could_change_the_shape() {
        let got = render_parts(SEED, &["a/b?c#d%e f", "ü'\u{1}"]).unwrap();
        assert_eq!(
            got,
            "/users/a%2Fb%3Fc%23d%25e%20f/deviceEnrollmentConfigurations/%C3%BC%27%01/assignments"
        );
        let guest = render_parts(SEED, &["jo_contoso.com#EXT#@fabrikam.com", "c1"]).unwrap();
        assert_eq!(
            guest,
            "/users/jo_contoso.com%23EXT%23%40fabrikam.com/deviceEnrollmentConfigurations/c1/assignments"
        );
    }

    #[test]
    fn rejects_values_that_would_change_the_shape() {
        assert_eq!(render_parts(SEED, &["", "c"]).unwrap_err().reason, "is empty");
        assert!(render_parts(SEED, &["..", "c"]).is_err());
        assert!(render_parts(SEED, &["u"]).is_err());
        // Dots inside a larger value are ordinary text.
        assert!(render_parts(SEED, &["a..b", "..."]).is_ok());
    }

    #[test]
    fn quoted_keys_double_quotes() {
        let parts = &[
            Part::Literal("/applications(appId='"),
            Part::Param("appId", ParamKind::Quoted),
            Part::Literal("')"),
        ];
        assert_eq!(
            render_parts(parts, &["o'brien/x"]).unwrap(),
            "/applications(appId='o%27%27brien%2Fx')"
        );
    }

    #[test]
    fn item_paths_keep_separators() {
        let parts = &[
            Part::Literal("/me/drive/root:/"),
            Part::Param("item-path", ParamKind::ItemPath),
            Part::Literal(":/content"),
        ];
        assert_eq!(
            render_parts(parts, &["Docs/a b?.txt"]).unwrap(),
            "/me/drive/root:/Docs/a%20b%3F.txt:/content"
        );
        assert!(render_parts(parts, &["Docs/../x"]).is_err());
        assert!(render_parts(parts, &["/x"]).is_err());
    }
}
