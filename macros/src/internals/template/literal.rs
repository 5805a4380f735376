//! The literal text of a template: characters a URL path can carry as
//! they are, and the percent-encoding offered for the others.

use super::snippet::snippet;
use super::{ErrorKind, TemplateError, err};

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
                "`<{name}>` looks like a placeholder, which templates write in braces: write \
                 \"{}{{{name}}}{}\"",
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
                "`%` in `{}` does not start a percent-escape: write a literal `%` as `%25`: write \
                 \"{}%25{}\"",
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
