//! `Edm.Date`, `Edm.TimeOfDay` and `Edm.DateTimeOffset`, as Graph writes them.

use super::{ParseError, StackText, fraction_nanos};

/// The most fractional digits Graph writes (ticks of 100 ns).
const GRAPH_DIGITS: u8 = 7;

/// `Edm.Date`: a calendar day, `2024-05-01`.
///
/// ```
/// use graph_resource::edm::Date;
/// let d: Date = "2024-02-29".parse()?;
/// assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
/// assert!("2023-02-29".parse::<Date>().is_err());
/// # Ok::<(), graph_resource::edm::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if it is one (years 0001 to 9999).
    #[inline]
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(&self) -> u8 {
        self.day
    }
}

#[inline]
fn days_in(year: u16, month: u8) -> u8 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    fn write_wire(&self, out: &mut StackText) {
        out.digits(u64::from(self.year), 4);
        out.push(b'-');
        out.digits(u64::from(self.month), 2);
        out.push(b'-');
        out.digits(u64::from(self.day), 2);
    }
}

impl std::str::FromStr for Date {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        parse_date(s).ok_or_else(|| ParseError::new("a date such as 2024-05-01 (Edm.Date)", s))
    }
}

fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(
        number(&s[0..4])? as u16,
        number(&s[5..7])? as u8,
        number(&s[8..10])? as u8,
    )
}

/// Digits only (at most nine), as a number.
fn number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    digits.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
    })
}

/// `Edm.TimeOfDay`: a time of day, `12:30:00.0000000`. It keeps how many
/// fractional digits it was read with (up to 7), so that it is written back
/// as it came; one made with [`new`](TimeOfDay::new) has Graph's seven.
///
/// ```
/// use graph_resource::edm::TimeOfDay;
/// let t: TimeOfDay = "12:30:00.0000000".parse()?;
/// assert_eq!(t.to_string(), "12:30:00.0000000");
/// assert_eq!(TimeOfDay::new(8, 5, 0, 0).unwrap().to_string(), "08:05:00.0000000");
/// # Ok::<(), graph_resource::edm::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimeOfDay {
    hour: u8,
    minute: u8,
    second: u8,
    nanos: u32,
    digits: u8,
}

impl TimeOfDay {
    /// The time, if it is one; written with seven fractional digits.
    pub fn new(hour: u8, minute: u8, second: u8, nanos: u32) -> Option<TimeOfDay> {
        (hour < 24 && minute < 60 && second < 60 && nanos < 1_000_000_000).then_some(TimeOfDay {
            hour,
            minute,
            second,
            nanos,
            digits: GRAPH_DIGITS,
        })
    }

    /// The same time written with as few fractional digits as it needs, at
    /// most seven (`10:00:00`, `10:00:00.5`): how a value that was not read
    /// from Graph, such as a `chrono` or `time` date-time, is written.
    #[cfg(any(feature = "time", feature = "chrono"))]
    pub(crate) fn shortest(mut self) -> TimeOfDay {
        let mut ticks = self.nanos / 100;
        let mut digits = if ticks == 0 { 0 } else { GRAPH_DIGITS };
        while digits > 0 && ticks.is_multiple_of(10) {
            ticks /= 10;
            digits -= 1;
        }
        self.digits = digits;
        self
    }

    /// Hours, minutes, seconds and nanoseconds.
    pub fn parts(&self) -> (u8, u8, u8, u32) {
        (self.hour, self.minute, self.second, self.nanos)
    }
}

impl TimeOfDay {
    fn write_wire(&self, out: &mut StackText) {
        out.digits(u64::from(self.hour), 2);
        out.push(b':');
        out.digits(u64::from(self.minute), 2);
        out.push(b':');
        out.digits(u64::from(self.second), 2);
        if self.digits > 0 {
            out.push(b'.');
            let scale = 10u32.pow(9 - u32::from(self.digits));
            out.digits(u64::from(self.nanos / scale), usize::from(self.digits));
        }
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        parse_time(s)
            .ok_or_else(|| ParseError::new("a time of day such as 12:30:00.0000000 (Edm.TimeOfDay)", s))
    }
}

/// `HH:MM[:SS[.f…]]`; fractional digits beyond nine are below resolution.
fn parse_time(s: &str) -> Option<TimeOfDay> {
    let (clock, frac) = s.split_once('.').unwrap_or((s, ""));
    let mut fields = clock.split(':');
    let (h, m) = (fields.next()?, fields.next()?);
    let sec = fields.next().unwrap_or("00");
    if fields.next().is_some() || h.len() != 2 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    if s.contains('.') && frac.is_empty() {
        return None;
    }
    let nanos = if frac.is_empty() { 0 } else { fraction_nanos(frac)? };
    let mut t = TimeOfDay::new(number(h)? as u8, number(m)? as u8, number(sec)? as u8, nanos)?;
    t.digits = frac.len().min(usize::from(GRAPH_DIGITS)) as u8;
    Some(t)
}

/// `Edm.DateTimeOffset`: a point in time with its offset from UTC, read as
/// RFC 3339 with any number of fractional digits and `Z` or an offset, and
/// written back the same way with at most seven fractional digits, as Graph
/// writes them.
///
/// ```
/// use graph_resource::edm::DateTimeOffset;
/// let t: DateTimeOffset = "2017-01-01T00:02:43.5775965-08:00".parse()?;
/// assert_eq!(t.offset_minutes(), -480);
/// assert_eq!(t.to_string(), "2017-01-01T00:02:43.5775965-08:00");
/// let nine: DateTimeOffset = "2024-05-01T10:00:00.123456789Z".parse()?;
/// assert_eq!(nine.to_string(), "2024-05-01T10:00:00.1234567Z");
/// # Ok::<(), graph_resource::edm::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateTimeOffset {
    date: Date,
    time: TimeOfDay,
    /// Minutes east of UTC; `None` for `Z`.
    offset: Option<i16>,
}

impl DateTimeOffset {
    /// A UTC time, written with `Z` and seven fractional digits.
    pub fn utc(date: Date, time: TimeOfDay) -> Self {
        DateTimeOffset {
            date,
            time,
            offset: None,
        }
    }

    /// A time at an offset of so many minutes east of UTC (`None`: `Z`).
    pub fn with_offset(date: Date, time: TimeOfDay, offset_minutes: Option<i16>) -> Self {
        DateTimeOffset {
            date,
            time,
            offset: offset_minutes,
        }
    }

    /// The date, as written (in its own offset).
    pub fn date(&self) -> Date {
        self.date
    }

    /// The time of day, as written.
    pub fn time(&self) -> TimeOfDay {
        self.time
    }

    /// Minutes east of UTC (0 for `Z`).
    pub fn offset_minutes(&self) -> i16 {
        self.offset.unwrap_or(0)
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it), the
    /// fraction dropped: to compare with the clock (`SystemTime`).
    ///
    /// ```
    /// use graph_resource::edm::DateTimeOffset;
    /// let t: DateTimeOffset = "2000-03-01T01:00:00+01:00".parse()?;
    /// assert_eq!(t.unix_timestamp(), 951_868_800);
    /// # Ok::<(), graph_resource::edm::ParseError>(())
    /// ```
    pub fn unix_timestamp(&self) -> i64 {
        let (y, m, d) = (
            i64::from(self.date.year()),
            i64::from(self.date.month()),
            i64::from(self.date.day()),
        );
        // Days since 1970-01-01, by Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let (era, yoe) = (y.div_euclid(400), y.rem_euclid(400));
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
        let (hour, minute, second, _) = self.time.parts();
        days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second)
            - i64::from(self.offset_minutes()) * 60
    }
}

impl DateTimeOffset {
    fn write_wire(&self, out: &mut StackText) {
        self.date.write_wire(out);
        out.push(b'T');
        self.time.write_wire(out);
        match self.offset {
            None => out.push(b'Z'),
            Some(m) => {
                out.push(if m < 0 { b'-' } else { b'+' });
                out.digits(u64::from(m.unsigned_abs() / 60), 2);
                out.push(b':');
                out.digits(u64::from(m.unsigned_abs() % 60), 2);
            }
        }
    }
}

impl std::str::FromStr for DateTimeOffset {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        parse_date_time(s.as_bytes()).ok_or_else(|| {
            ParseError::new(
                "an RFC 3339 date and time such as 2017-01-01T00:02:43.5775965-08:00 (Edm.DateTimeOffset)",
                s,
            )
        })
    }
}

/// Two ASCII digits at `at`.
#[inline(always)]
fn two(b: &[u8], at: usize) -> Option<u8> {
    let (hi, lo) = (*b.get(at)?, *b.get(at + 1)?);
    (hi.is_ascii_digit() && lo.is_ascii_digit()).then(|| (hi - b'0') * 10 + (lo - b'0'))
}

/// `YYYY-MM-DDTHH:MM:SS[.f…](Z|±HH:MM)`, read by position.
fn parse_date_time(b: &[u8]) -> Option<DateTimeOffset> {
    let fixed = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && matches!(b[10], b'T' | b't')
        && b[13] == b':'
        && b[16] == b':';
    if !fixed {
        return None;
    }
    let year = u16::from(two(b, 0)?) * 100 + u16::from(two(b, 2)?);
    let date = Date::new(year, two(b, 5)?, two(b, 8)?)?;
    let mut i = 19;
    let (mut nanos, mut digits) = (0u32, 0usize);
    if b[i] == b'.' {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            if i - start < 9 {
                nanos = nanos * 10 + u32::from(b[i] - b'0');
            }
            i += 1;
        }
        digits = i - start;
        if digits == 0 {
            return None;
        }
        nanos *= 10u32.pow(9 - digits.min(9) as u32);
    }
    let mut time = TimeOfDay::new(two(b, 11)?, two(b, 14)?, two(b, 17)?, nanos)?;
    time.digits = digits.min(usize::from(GRAPH_DIGITS)) as u8;
    let offset = match &b[i..] {
        [b'Z' | b'z'] => None,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (two(b, i + 1)?, two(b, i + 4)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = i16::from(h) * 60 + i16::from(m);
            Some(if *sign == b'-' { -minutes } else { minutes })
        }
        _ => return None,
    };
    Some(DateTimeOffset { date, time, offset })
}

super::string_serde!(Date);
super::string_serde!(TimeOfDay);
super::string_serde!(DateTimeOffset);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphs_values_round_trip_byte_for_byte() {
        for text in [
            "2017-01-01T00:02:43.5775965-08:00",
            "2018-07-15T14:00:00.000Z",
            "2024-05-01T10:00:00Z",
            "2021-09-14T19:05:24+05:30",
        ] {
            assert_eq!(text.parse::<DateTimeOffset>().unwrap().to_string(), text);
        }
        assert_eq!("2024-05-01".parse::<Date>().unwrap().to_string(), "2024-05-01");
        assert_eq!(
            "12:30:00.0000000".parse::<TimeOfDay>().unwrap().to_string(),
            "12:30:00.0000000"
        );
        assert_eq!("08:15:00".parse::<TimeOfDay>().unwrap().to_string(), "08:15:00");
    }

    #[test]
    fn what_is_not_a_date_or_time_is_refused() {
        for text in ["2024-13-01", "2024-02-30", "24-05-01", "2024/05/01", "0000-01-01"] {
            assert!(text.parse::<Date>().is_err(), "{text}");
        }
        for text in ["24:00:00", "12:60:00", "12:30:00.", "12:30:00.1x", "1:30:00"] {
            assert!(text.parse::<TimeOfDay>().is_err(), "{text}");
        }
        // Graph's error `date` has no zone: it is not an Edm.DateTimeOffset.
        for text in [
            "2020-08-18T12:51:51",
            "2020-08-18 12:51:51Z",
            "2020-08-18T12:51:51+0800",
            "2020-08-18T12Z",
        ] {
            let err = text.parse::<DateTimeOffset>().unwrap_err();
            assert!(err.to_string().contains("RFC 3339"), "{text}: {err}");
        }
    }
}
