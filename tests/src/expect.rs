//! The percent-encoding of path values, written again independently of the
//! runtime's, to check it. Shared by the build script and the tests.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value with something of everything that must be encoded.
pub fn sample(i: usize) -> String {
    format!("v{i} ä/'#?%x")
}

/// How a value should appear: `quoted` inside an OData quoted literal
/// (`'` doubled), `item_path` inside colon addressing (`/` kept).
pub fn encoded(value: &str, quoted: bool, item_path: bool) -> String {
    if quoted {
        utf8_percent_encode(&value.replace('\'', "''"), UNRESERVED).to_string()
    } else if item_path {
        value
            .split('/')
            .map(|c| utf8_percent_encode(c, UNRESERVED).to_string())
            .collect::<Vec<_>>()
            .join("/")
    } else {
        utf8_percent_encode(value, UNRESERVED).to_string()
    }
}
