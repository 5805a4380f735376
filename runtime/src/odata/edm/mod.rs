//! Rust types for the OData primitive types Graph uses, each reading and
//! writing Graph's own text: put them in `#[graph_resource]` fields.
//!
//! | Edm type | Rust type | on the wire |
//! |---|---|---|
//! | `Edm.Binary` | [`Binary`] | standard base64 with padding (unpadded read too) |
//! | `Edm.Duration` | [`Duration`] | ISO 8601: `PT12H`, `P1DT2H30M`, `-PT5M` |
//! | `Edm.Date` | [`Date`] | `2024-05-01` |
//! | `Edm.TimeOfDay` | [`TimeOfDay`] | `12:30:00.0000000` |
//! | `Edm.DateTimeOffset` | [`DateTimeOffset`] | RFC 3339, at most 7 fractional digits |
//! | `Edm.Guid` | [`Guid`] | `5d2a2e3c-8f1b-4c6d-9e0a-1b2c3d4e5f60` |
//! | `Edm.Int64` | [`Int64`] | a number; a string is read too (IEEE754Compatible) |
//! | `Edm.Decimal` | [`Decimal`] | a number, its digits kept exactly; a string is read too |
//! | `Edm.Double` | [`Double`] | a number, or `"INF"`, `"-INF"`, `"NaN"` |
//!
//! [`Nullable`] keeps apart a property that is absent, one that is `null`,
//! and one with a value. [`Flags`] is a set of a flags enum's members,
//! `"windows10,macOS"` on the wire.
//!
//! ```
//! use graph_resource::edm::{Binary, Duration, DateTimeOffset};
//! use graph_resource::graph_resource;
//!
//! #[graph_resource]
//! #[derive(Debug, PartialEq)]
//! pub struct DeviceManagementScript {
//!     pub script_content: Option<Binary>,
//!     pub run_schedule_interval: Option<Duration>,
//!     pub created_date_time: Option<DateTimeOffset>,
//! }
//!
//! let json = r#"{"scriptContent": "c2NyaXB0Q29udGVudA==", "runScheduleInterval": "PT12H",
//!                "createdDateTime": "2017-01-01T00:02:43.5775965-08:00"}"#;
//! let script: DeviceManagementScript = serde_json::from_str(json)?;
//! assert_eq!(script.script_content.as_deref(), Some(&b"scriptContent"[..]));
//! assert_eq!(
//!     std::time::Duration::try_from(script.run_schedule_interval.unwrap())?,
//!     std::time::Duration::from_secs(12 * 3600)
//! );
//! let json = serde_json::to_string(&script)?;
//! assert!(json.contains(r#""createdDateTime":"2017-01-01T00:02:43.5775965-08:00""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod binary;
mod date;
mod decimal;
mod duration;
mod flags;
mod guid;
mod interop;
mod nullable;
mod numbers;

pub use binary::Binary;
pub use date::{Date, DateTimeOffset, TimeOfDay};
pub use decimal::{Decimal, InvalidDecimal};
pub use duration::Duration;
pub use flags::{EnumMember, Flags};
pub use guid::Guid;
pub use interop::{chrono_datetime, time_offset};
pub use nullable::Nullable;
pub use numbers::{Double, Int64};

/// `Edm.Untyped` (and `Edm.PrimitiveType`): any JSON value, as Graph wrote
/// it. Generated models name it here, so that they need no dependency of
/// their own on `serde_json`.
pub type Untyped = serde_json::Value;

/// A text that is not the Edm value it should be: what was expected, and
/// the text (cut short).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    expected: &'static str,
    text: String,
}

impl ParseError {
    pub(crate) fn new(expected: &'static str, text: &str) -> Self {
        let text: String = text.chars().take(64).collect();
        ParseError { expected, text }
    }
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` is not {}", self.text.escape_debug(), self.expected)
    }
}

impl std::error::Error for ParseError {}

/// Text built on the stack: the wire form of a date, a time or a duration
/// is short, and one `serialize_str` of it costs far less than the pieces
/// of a `Display` through a serializer's escaping writer.
pub(crate) struct StackText {
    buf: [u8; 64],
    len: usize,
}

impl StackText {
    pub(crate) fn new() -> Self {
        StackText { buf: [0; 64], len: 0 }
    }

    pub(crate) fn as_str(&self) -> &str {
        // Only ASCII is ever written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }

    pub(crate) fn push(&mut self, b: u8) {
        if self.len < self.buf.len() {
            self.buf[self.len] = b;
            self.len += 1;
        }
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        s.bytes().for_each(|b| self.push(b));
    }

    /// `value` in exactly `width` digits, zero-padded.
    pub(crate) fn digits(&mut self, value: u64, width: usize) {
        let mut tmp = [b'0'; 20];
        let mut v = value;
        for slot in tmp.iter_mut().rev().take(width) {
            *slot = b'0' + (v % 10) as u8;
            v /= 10;
        }
        for &b in &tmp[20 - width..] {
            self.push(b);
        }
    }

    /// `value` in as many digits as it needs.
    pub(crate) fn number(&mut self, value: u64) {
        let width = value.checked_ilog10().map_or(1, |d| d as usize + 1);
        self.digits(value, width);
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// The first `digits` of a fraction, as nanoseconds: `"5775965"` → 577_596_500.
/// `None` if it is empty or not all digits; digits past nine are below resolution.
pub(crate) fn fraction_nanos(frac: &str) -> Option<u32> {
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut nanos: u32 = 0;
    for i in 0..9 {
        let d = frac.as_bytes().get(i).map_or(0, |b| u32::from(b - b'0'));
        nanos = nanos * 10 + d;
    }
    Some(nanos)
}

/// Serializes and deserializes a type through its wire text (`write_wire`)
/// and `FromStr`, as a JSON string.
macro_rules! string_serde {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut text = crate::odata::edm::StackText::new();
                self.write_wire(&mut text);
                s.serialize_str(text.as_str())
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut text = crate::odata::edm::StackText::new();
                self.write_wire(&mut text);
                f.write_str(text.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text: crate::odata::object::Key<'de> = serde::Deserialize::deserialize(d)?;
                text.as_str().parse().map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use string_serde;
