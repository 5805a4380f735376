//! Text taken from a server into an error: cut to a readable length, with
//! the client's own secrets redacted and control characters escaped, so that
//! an error can be logged and shown as it is.

/// How much of a body that is not a Graph error an error keeps.
const BODY_SNIPPET: usize = 300;

/// What stands in for a secret found in a server's text.
pub(crate) const REDACTED: &str = "<redacted>";

/// The secret a server may echo back: the bearer token sent, or the client
/// secret sent to a token endpoint. The default redacts nothing.
#[derive(Clone, Copy, Default)]
pub(crate) struct Secrets<'a>(&'a str);

impl<'a> Secrets<'a> {
    /// A secret to redact.
    pub(crate) fn one(secret: &'a str) -> Self {
        Secrets(secret)
    }

    /// `text` with every secret replaced and control characters escaped.
    pub(crate) fn clean(&self, text: &str) -> String {
        // A secret too short to be one would redact ordinary words.
        if self.0.len() >= 4 && text.contains(self.0) {
            escape_controls(&text.replace(self.0, REDACTED))
        } else {
            escape_controls(text)
        }
    }

    /// The start of a body, on one line: whitespace runs folded to one
    /// space, at most about 300 characters, then cleaned.
    pub(crate) fn snippet(&self, body: &[u8]) -> String {
        // Cleaned before it is cut, so that a secret is never cut in two
        // and left half visible.
        let text = String::from_utf8_lossy(&body[..body.len().min(BODY_SNIPPET * 4)]);
        let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let cleaned = self.clean(&folded);
        if cleaned.len() <= BODY_SNIPPET {
            return cleaned;
        }
        let mut end = BODY_SNIPPET;
        while !cleaned.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &cleaned[..end])
    }
}

/// Control characters (and the bidirectional overrides that can make text
/// read differently from what it is) written as escapes: `\u{1b}`, `\n`.
/// The text of the first `<name>` element of an XML document, trimmed
/// and not unescaped: enough for Azure Storage's answers (an error's
/// `<Message>`, a block list's `<Name>` and `<Size>`).
pub(crate) fn xml_element<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    let start = xml.find(&format!("<{name}>"))? + name.len() + 2;
    let len = xml[start..].find(&format!("</{name}>"))?;
    Some(xml[start..start + len].trim())
}

fn escape_controls(text: &str) -> String {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_and_controls_escaped() {
        let secrets = Secrets::one("eyJ0eXAi.token");
        let cleaned = secrets.clean("Authorization: Bearer eyJ0eXAi.token\u{1b}[31m\u{202e}txt");
        assert_eq!(cleaned, "Authorization: Bearer <redacted>\\u{1b}[31m\\u{202e}txt");
        assert_eq!(Secrets::default().clean("line\nnext"), "line\\nnext");
    }

    #[test]
    fn a_snippet_is_short_and_on_one_line() {
        let body = format!("<html>\n<body>{}</body>\t</html>", "word ".repeat(1000));
        let s = Secrets::default().snippet(body.as_bytes());
        assert!(s.starts_with("<html> <body>word word") && s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= BODY_SNIPPET + 1);
    }
}
