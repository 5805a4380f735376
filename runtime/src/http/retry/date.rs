//! The HTTP date of a `Retry-After` (RFC 9110, section 5.6.7): the
//! preferred `Sun, 06 Nov 1994 08:49:37 GMT`, and the two obsolete forms a
//! recipient still reads, `Sunday, 06-Nov-94 08:49:37 GMT` and
//! `Sun Nov  6 08:49:37 1994`.

use std::time::{Duration, SystemTime};

use crate::odata::edm::{Date, DateTimeOffset, TimeOfDay};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The instant an HTTP date names, or `None` if it is not one.
pub(crate) fn parse_http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_ascii_whitespace().collect();
    let (day, month, year, time) = match parts.as_slice() {
        // IMF-fixdate.
        [weekday, day, month, year, time, "GMT"] if weekday.ends_with(',') && day.len() == 2 => {
            (*day, *month, year_of(year, 4)?, *time)
        }
        // RFC 850: a two-digit year is the nearest in the past century.
        [weekday, date, time, "GMT"] if weekday.ends_with(',') => {
            let mut fields = date.split('-');
            let (day, month, year) = (fields.next()?, fields.next()?, fields.next()?);
            let year = year_of(year, 2)?;
            (
                day,
                month,
                if year < 70 { 2000 + year } else { 1900 + year },
                *time,
            )
        }
        // asctime.
        [_, month, day, time, year] => (*day, *month, year_of(year, 4)?, *time),
        _ => return None,
    };
    if !(1..=2).contains(&day.len()) || !day.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as u8 + 1;
    let date = Date::new(year, month, day.parse().ok()?)?;
    let mut clock = time.split(':');
    let mut field = || -> Option<u8> {
        let f = clock
            .next()
            .filter(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()))?;
        f.parse().ok()
    };
    let (hour, minute, second) = (field()?, field()?, field()?);
    if clock.next().is_some() {
        return None;
    }
    let seconds = DateTimeOffset::utc(date, TimeOfDay::new(hour, minute, second, 0)?).unix_timestamp();
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(u64::try_from(seconds).ok()?))
}

fn year_of(text: &str, digits: usize) -> Option<u16> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::parse_http_date;

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn the_three_forms_name_the_same_instant() {
        // RFC 9110's own example.
        for text in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(parse_http_date(text), Some(at(784_111_777)), "{text}");
        }
        assert_eq!(
            parse_http_date("Thu, 29 Feb 2024 23:59:59 GMT"),
            Some(at(1_709_251_199))
        );
        assert_eq!(
            parse_http_date("Tuesday, 01-Jan-30 00:00:00 GMT"),
            Some(at(1_893_456_000))
        );
    }

    #[test]
    fn agrees_with_httpdate_across_the_years() {
        for seconds in (0..4_102_444_800u64).step_by(7_654_321) {
            let text = httpdate::fmt_http_date(at(seconds));
            assert_eq!(parse_http_date(&text), Some(at(seconds)), "{text}");
        }
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for text in [
            "",
            "soon",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nvm 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(text), None, "{text:?}");
        }
    }
}
