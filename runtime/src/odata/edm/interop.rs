//! The `time` and `chrono` crates' date-times in fields, read and written as
//! Graph's `Edm.DateTimeOffset` (RFC 3339, at most seven fractional digits).
//!
//! `#[graph_resource]` uses these modules by itself for fields of type
//! `OffsetDateTime`, `DateTime<Utc>` and `DateTime<FixedOffset>` (and their
//! `Option`s); each needs this crate's feature of the same name. Another
//! type, or the crate's own serde form, is one `#[graph(with = "...")]` away.

#[cfg(any(feature = "time", feature = "chrono"))]
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(any(feature = "time", feature = "chrono"))]
use super::{Date, DateTimeOffset, ParseError, TimeOfDay};

/// A date-time that has no `Edm.DateTimeOffset` (or the other way round):
/// a year outside 1 to 9999, or an offset the other type cannot hold.
#[cfg(any(feature = "time", feature = "chrono"))]
fn out_of_range(what: &str) -> ParseError {
    ParseError::new("a date-time from year 1 to 9999 (Edm.DateTimeOffset)", what)
}

/// A value's parts, as every date-time type has them. An offset of zero is
/// written `Z`, as Graph writes UTC, whichever type it came from, and the
/// fraction with as few digits as it needs, at most seven.
#[cfg(any(feature = "time", feature = "chrono"))]
#[allow(clippy::too_many_arguments)]
fn from_parts(
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    offset_minutes: i16,
) -> Result<DateTimeOffset, ParseError> {
    let date = u16::try_from(year)
        .ok()
        .and_then(|y| Date::new(y, month, day))
        .ok_or_else(|| out_of_range(&year.to_string()))?;
    let time = TimeOfDay::new(hour, minute, second, nanos.min(999_999_999))
        .ok_or_else(|| out_of_range(&format!("{hour}:{minute}:{second}")))?
        .shortest();
    Ok(DateTimeOffset::with_offset(
        date,
        time,
        (offset_minutes != 0).then_some(offset_minutes),
    ))
}

/// Writes a value that converts to `DateTimeOffset`.
#[cfg(any(feature = "time", feature = "chrono"))]
fn write<T, S>(value: T, s: S) -> Result<S::Ok, S::Error>
where
    DateTimeOffset: TryFrom<T, Error = ParseError>,
    S: Serializer,
{
    DateTimeOffset::try_from(value)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// Reads a value that converts from `DateTimeOffset`.
#[cfg(any(feature = "time", feature = "chrono"))]
fn read<'de, T, D>(d: D) -> Result<T, D::Error>
where
    T: TryFrom<DateTimeOffset, Error = ParseError>,
    D: Deserializer<'de>,
{
    T::try_from(DateTimeOffset::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// Serde functions for a `time::OffsetDateTime` field; `option` for
/// `Option<OffsetDateTime>`. Needs the `time` feature.
#[cfg(feature = "time")]
pub mod time_offset {
    use super::*;

    impl TryFrom<time::OffsetDateTime> for DateTimeOffset {
        type Error = ParseError;

        fn try_from(v: time::OffsetDateTime) -> Result<Self, ParseError> {
            from_parts(
                v.year(),
                v.month() as u8,
                v.day(),
                v.hour(),
                v.minute(),
                v.second(),
                v.nanosecond(),
                v.offset().whole_minutes(),
            )
        }
    }

    impl TryFrom<DateTimeOffset> for time::OffsetDateTime {
        type Error = ParseError;

        fn try_from(v: DateTimeOffset) -> Result<Self, ParseError> {
            let bad = || out_of_range(&v.to_string());
            let (d, t) = (v.date(), v.time());
            let (h, m, s, nanos) = t.parts();
            let month = time::Month::try_from(d.month()).map_err(|_| bad())?;
            let date =
                time::Date::from_calendar_date(i32::from(d.year()), month, d.day()).map_err(|_| bad())?;
            let clock = time::Time::from_hms_nano(h, m, s, nanos).map_err(|_| bad())?;
            let offset =
                time::UtcOffset::from_whole_seconds(i32::from(v.offset_minutes()) * 60).map_err(|_| bad())?;
            Ok(time::PrimitiveDateTime::new(date, clock).assume_offset(offset))
        }
    }

    /// Writes the field as Graph's `Edm.DateTimeOffset`.
    pub fn serialize<S: Serializer>(value: &time::OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
        write(*value, s)
    }

    /// Reads the field from Graph's `Edm.DateTimeOffset`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<time::OffsetDateTime, D::Error> {
        read(d)
    }

    /// The same for `Option<OffsetDateTime>`.
    pub mod option {
        use super::*;

        /// Writes the field (`None` as `null`; a struct leaves it out).
        pub fn serialize<S: Serializer>(
            value: &Option<time::OffsetDateTime>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => write(*v, s),
                None => s.serialize_none(),
            }
        }

        /// Reads the field; `null` is `None`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Option<time::OffsetDateTime>, D::Error> {
            Option::<DateTimeOffset>::deserialize(d)?
                .map(time::OffsetDateTime::try_from)
                .transpose()
                .map_err(serde::de::Error::custom)
        }
    }
}

/// Serde functions for `chrono::DateTime<Utc>` and `DateTime<FixedOffset>`
/// fields, and their `Option`s. Needs the `chrono` feature.
#[cfg(feature = "chrono")]
pub mod chrono_datetime {
    use chrono::{DateTime, Datelike, FixedOffset, TimeZone, Timelike, Utc};

    use super::*;

    impl<Tz: TimeZone> TryFrom<DateTime<Tz>> for DateTimeOffset {
        type Error = ParseError;

        fn try_from(v: DateTime<Tz>) -> Result<Self, ParseError> {
            let fixed = v.fixed_offset();
            from_parts(
                fixed.year(),
                fixed.month() as u8,
                fixed.day() as u8,
                fixed.hour() as u8,
                fixed.minute() as u8,
                fixed.second() as u8,
                fixed.nanosecond(),
                (fixed.offset().local_minus_utc() / 60) as i16,
            )
        }
    }

    impl TryFrom<DateTimeOffset> for DateTime<FixedOffset> {
        type Error = ParseError;

        fn try_from(v: DateTimeOffset) -> Result<Self, ParseError> {
            let bad = || out_of_range(&v.to_string());
            let (d, t) = (v.date(), v.time());
            let (h, m, s, nanos) = t.parts();
            let date = chrono::NaiveDate::from_ymd_opt(
                i32::from(d.year()),
                u32::from(d.month()),
                u32::from(d.day()),
            )
            .ok_or_else(bad)?;
            let clock = chrono::NaiveTime::from_hms_nano_opt(u32::from(h), u32::from(m), u32::from(s), nanos)
                .ok_or_else(bad)?;
            let offset = FixedOffset::east_opt(i32::from(v.offset_minutes()) * 60).ok_or_else(bad)?;
            date.and_time(clock)
                .and_local_timezone(offset)
                .single()
                .ok_or_else(bad)
        }
    }

    impl TryFrom<DateTimeOffset> for DateTime<Utc> {
        type Error = ParseError;

        fn try_from(v: DateTimeOffset) -> Result<Self, ParseError> {
            DateTime::<FixedOffset>::try_from(v).map(|t| t.with_timezone(&Utc))
        }
    }

    /// Writes the field as Graph's `Edm.DateTimeOffset`.
    pub fn serialize<Tz: TimeZone, S: Serializer>(value: &DateTime<Tz>, s: S) -> Result<S::Ok, S::Error> {
        write(value.clone(), s)
    }

    /// Reads the field from Graph's `Edm.DateTimeOffset`.
    pub fn deserialize<'de, T, D>(d: D) -> Result<T, D::Error>
    where
        T: TryFrom<DateTimeOffset, Error = ParseError>,
        D: Deserializer<'de>,
    {
        read(d)
    }

    /// The same for `Option<DateTime<..>>`.
    pub mod option {
        use super::*;

        /// Writes the field (`None` as `null`; a struct leaves it out).
        pub fn serialize<Tz: TimeZone, S: Serializer>(
            value: &Option<DateTime<Tz>>,
            s: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(v) => write(v.clone(), s),
                None => s.serialize_none(),
            }
        }

        /// Reads the field; `null` is `None`.
        pub fn deserialize<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
        where
            T: TryFrom<DateTimeOffset, Error = ParseError>,
            D: Deserializer<'de>,
        {
            Option::<DateTimeOffset>::deserialize(d)?
                .map(T::try_from)
                .transpose()
                .map_err(serde::de::Error::custom)
        }
    }
}

/// Without the `time` feature: a field of `time::OffsetDateTime` is a
/// compile error that names the feature.
#[cfg(not(feature = "time"))]
#[doc(hidden)]
pub mod time_offset {
    pub use super::missing_feature::{deserialize, option, serialize};
}

/// Without the `chrono` feature: likewise for chrono's `DateTime`.
#[cfg(not(feature = "chrono"))]
#[doc(hidden)]
pub mod chrono_datetime {
    pub use super::missing_feature::{deserialize, option, serialize};
}

#[cfg(any(not(feature = "time"), not(feature = "chrono")))]
mod missing_feature {
    /// Implemented for nothing: its message is the compile error.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` in a #[graph_resource] field needs a feature of graph-resource",
        note = "turn on graph-resource's `time` feature for time::OffsetDateTime, or `chrono` for \
                chrono::DateTime"
    )]
    pub trait NeedsFeature {}

    /// Never called: no type implements [`NeedsFeature`].
    pub fn serialize<T: NeedsFeature, S: serde::Serializer>(_: &T, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "graph-resource's time or chrono feature is off",
        ))
    }

    /// Never called: no type implements [`NeedsFeature`].
    pub fn deserialize<'de, T: NeedsFeature, D: serde::Deserializer<'de>>(_: D) -> Result<T, D::Error> {
        Err(serde::de::Error::custom(
            "graph-resource's time or chrono feature is off",
        ))
    }

    /// The same, for `Option`s.
    pub mod option {
        pub use super::{deserialize, serialize};
    }
}
