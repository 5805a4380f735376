//! Pieces of a template quoted in messages, short enough to read.

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
