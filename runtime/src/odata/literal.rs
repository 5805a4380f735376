//! OData literals: how a function's parameters are written in its URL,
//! by their Edm type, and percent-encoded there.

use percent_encoding::utf8_percent_encode;

use crate::odata::path::UNRESERVED;

/// A value that can be a function parameter: written in the URL as an
/// OData literal. Strings are quoted with `'` doubled, numbers, booleans
/// and GUIDs are bare, dates are ISO 8601, durations `duration'PT12H'`, and
/// a string enum's member `microsoft.graph.type'member'` (a flags enum's
/// `microsoft.graph.type'a%2Cb'`, the comma encoded like the rest).
///
/// ```
/// use graph_resource::odata::ODataLiteral;
///
/// let mut url = String::new();
/// "o'brien & co".write_literal(&mut url);
/// assert_eq!(url, "'o%27%27brien%20%26%20co'");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a function parameter",
    label = "not an OData literal",
    note = "a function takes its parameters in the URL as literals: strings, numbers, booleans, GUIDs, \
            dates, durations and enum members; an object goes in the body of an action instead"
)]
pub trait ODataLiteral {
    /// Appends the literal, percent-encoded for a URL path.
    fn write_literal(&self, out: &mut String);
}

/// A string literal: `'...'` with `'` doubled, the rest encoded.
fn quoted(out: &mut String, text: &str) {
    out.push('\'');
    for (i, piece) in text.split('\'').enumerate() {
        if i > 0 {
            out.push_str("%27%27");
        }
        out.extend(utf8_percent_encode(piece, UNRESERVED));
    }
    out.push('\'');
}

/// Text written as it is, but encoded.
fn bare(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, UNRESERVED));
}

impl ODataLiteral for str {
    fn write_literal(&self, out: &mut String) {
        quoted(out, self);
    }
}

impl ODataLiteral for String {
    fn write_literal(&self, out: &mut String) {
        quoted(out, self);
    }
}

impl<T: ODataLiteral + ?Sized> ODataLiteral for &T {
    fn write_literal(&self, out: &mut String) {
        (**self).write_literal(out);
    }
}

impl<T: ODataLiteral> ODataLiteral for Option<T> {
    /// `null` when `None`.
    fn write_literal(&self, out: &mut String) {
        match self {
            Some(v) => v.write_literal(out),
            None => out.push_str("null"),
        }
    }
}

macro_rules! displayed {
    ($($t:ty),*) => {$(
        impl ODataLiteral for $t {
            fn write_literal(&self, out: &mut String) {
                bare(out, &self.to_string());
            }
        }
    )*};
}

displayed!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    crate::odata::edm::Guid,
    crate::odata::edm::Decimal,
    crate::odata::edm::Date
);

impl ODataLiteral for crate::odata::edm::Int64 {
    fn write_literal(&self, out: &mut String) {
        bare(out, &self.0.to_string());
    }
}

impl ODataLiteral for f64 {
    fn write_literal(&self, out: &mut String) {
        match *self {
            v if v.is_nan() => out.push_str("NaN"),
            f64::INFINITY => out.push_str("INF"),
            f64::NEG_INFINITY => out.push_str("-INF"),
            v => bare(out, &format!("{v:?}")),
        }
    }
}

impl ODataLiteral for crate::odata::edm::Double {
    fn write_literal(&self, out: &mut String) {
        self.0.write_literal(out);
    }
}

impl ODataLiteral for crate::odata::edm::DateTimeOffset {
    /// Bare, as OData writes date-times in URLs; `+` and `:` encoded.
    fn write_literal(&self, out: &mut String) {
        bare(out, &self.to_string());
    }
}

impl ODataLiteral for crate::odata::edm::Duration {
    fn write_literal(&self, out: &mut String) {
        out.push_str("duration");
        quoted(out, &self.to_string());
    }
}

/// A string enum's member: `microsoft.graph.type'member'`; for generated
/// code.
#[doc(hidden)]
pub fn enum_literal(out: &mut String, odata_type: &str, member: &str) {
    bare(out, odata_type.trim_start_matches('#'));
    quoted(out, member);
}

impl<T: crate::odata::edm::EnumMember> ODataLiteral for crate::odata::edm::Flags<T> {
    /// A flags enum's members: `microsoft.graph.type'a%2Cb'`.
    fn write_literal(&self, out: &mut String) {
        enum_literal(out, T::ODATA_TYPE, &self.wire_text());
    }
}

/// A function's parameters, written after its name: `(a=1,b='x')`. One
/// longer than [`ALIAS_AFTER`] bytes goes as a parameter alias instead,
/// `(b=@b)?@b='...'`, so that the path segment stays short.
#[doc(hidden)]
#[derive(Debug, Default)]
pub struct FunctionArgs {
    args: Vec<(&'static str, String)>,
}

/// The length of a literal from which it goes as an alias.
const ALIAS_AFTER: usize = 100;

impl FunctionArgs {
    /// No parameters yet.
    pub fn new() -> Self {
        FunctionArgs::default()
    }

    /// One parameter.
    pub fn arg<T: ODataLiteral + ?Sized>(&mut self, name: &'static str, value: &T) {
        let mut literal = String::new();
        value.write_literal(&mut literal);
        self.args.push((name, literal));
    }

    /// Appends `(…)` to the path, and returns the aliases' query, if any.
    pub(crate) fn write(&self, path: &mut String) -> Option<String> {
        let mut aliases = Vec::new();
        path.push('(');
        for (i, (name, literal)) in self.args.iter().enumerate() {
            if i > 0 {
                path.push(',');
            }
            path.push_str(name);
            path.push('=');
            if literal.len() > ALIAS_AFTER {
                path.push('@');
                path.push_str(name);
                aliases.push(format!("@{name}={literal}"));
            } else {
                path.push_str(literal);
            }
        }
        path.push(')');
        (!aliases.is_empty()).then(|| aliases.join("&"))
    }
}

impl<T: ODataLiteral> ODataLiteral for crate::odata::edm::Nullable<T> {
    /// `null` when absent or null.
    fn write_literal(&self, out: &mut String) {
        match self {
            crate::odata::edm::Nullable::Value(v) => v.write_literal(out),
            _ => out.push_str("null"),
        }
    }
}
