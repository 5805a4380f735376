//! `Edm.Duration`: a signed length of time, in ISO 8601's day-time form.

use std::fmt;

use super::ParseError;

/// `Edm.Duration`: a signed length of time, read and written as ISO 8601
/// (`PT12H`, `P1DT2H30M`, `PT0.5S`, `-PT5M`). Graph's durations have days,
/// hours, minutes and seconds; years and months are refused, since their
/// length varies.
///
/// Written in a canonical form: whole days first, fractions of a second
/// without trailing zeros, `PT0S` for zero.
///
/// ```
/// use graph_resource::edm::Duration;
///
/// let d: Duration = "P1DT2H30M".parse()?;
/// assert_eq!(std::time::Duration::try_from(d)?, std::time::Duration::from_secs(95_400));
/// assert_eq!(Duration::from(std::time::Duration::from_millis(500)).to_string(), "PT0.5S");
/// let back: Duration = "-PT5M".parse()?;
/// assert!(back.is_negative() && std::time::Duration::try_from(back).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Duration {
    negative: bool,
    length: std::time::Duration,
}

impl Duration {
    /// A duration of `length`, negative if `negative` (a zero length is never negative).
    pub fn new(negative: bool, length: std::time::Duration) -> Self {
        Duration {
            negative: negative && !length.is_zero(),
            length,
        }
    }

    /// Whether it is less than zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Its length, whatever its sign.
    pub fn abs(&self) -> std::time::Duration {
        self.length
    }
}

impl From<std::time::Duration> for Duration {
    fn from(length: std::time::Duration) -> Self {
        Duration::new(false, length)
    }
}

/// A negative `Edm.Duration` has no `std::time::Duration`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NegativeDuration(pub Duration);

impl fmt::Display for NegativeDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the duration {} is negative, and std::time::Duration cannot be: use Duration::abs and is_negative",
            self.0
        )
    }
}

impl std::error::Error for NegativeDuration {}

impl TryFrom<Duration> for std::time::Duration {
    type Error = NegativeDuration;

    fn try_from(d: Duration) -> Result<Self, NegativeDuration> {
        if d.negative {
            Err(NegativeDuration(d))
        } else {
            Ok(d.length)
        }
    }
}

impl Duration {
    fn write_wire(&self, out: &mut super::StackText) {
        let total = self.length.as_secs();
        let nanos = self.length.subsec_nanos();
        let (days, rest) = (total / 86_400, total % 86_400);
        let (hours, minutes, seconds) = (rest / 3600, rest % 3600 / 60, rest % 60);
        if self.negative {
            out.push(b'-');
        }
        out.push(b'P');
        if days > 0 {
            out.number(days);
            out.push(b'D');
        }
        if rest == 0 && nanos == 0 {
            if days == 0 {
                out.push_str("T0S");
            }
            return;
        }
        out.push(b'T');
        for (value, unit) in [(hours, b'H'), (minutes, b'M')] {
            if value > 0 {
                out.number(value);
                out.push(unit);
            }
        }
        if seconds > 0 || nanos > 0 {
            out.number(seconds);
            if nanos > 0 {
                // Fraction digits without the trailing zeros.
                let mut width = 9;
                let mut n = nanos;
                while n.is_multiple_of(10) {
                    n /= 10;
                    width -= 1;
                }
                out.push(b'.');
                out.digits(u64::from(n), width);
            }
            out.push(b'S');
        }
    }
}

impl std::str::FromStr for Duration {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, ParseError> {
        let bad = || {
            ParseError::new(
                "an ISO 8601 duration such as PT12H or P1DT2H30M (Edm.Duration)",
                text,
            )
        };
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let rest = rest.strip_prefix('P').ok_or_else(bad)?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) if !time.is_empty() => (date, Some(time)),
            Some(_) => return Err(bad()),
            None => (rest, None),
        };
        if date.is_empty() && time.is_none() {
            return Err(bad());
        }
        let mut secs: u64 = 0;
        let mut nanos: u32 = 0;
        // The date part: days only (a week is seven of them).
        for part in Units(date) {
            let (number, unit) = part.ok_or_else(bad)?;
            let whole = whole(number).ok_or_else(bad)?;
            let factor = match unit {
                'D' => 86_400,
                'W' => 7 * 86_400,
                _ => return Err(bad()),
            };
            secs = whole
                .checked_mul(factor)
                .and_then(|s| secs.checked_add(s))
                .ok_or_else(bad)?;
        }
        let mut last_rank = 0;
        for part in Units(time.unwrap_or("")) {
            let (number, unit) = part.ok_or_else(bad)?;
            let (rank, factor) = match unit {
                'H' => (1, 3600),
                'M' => (2, 60),
                'S' => (3, 1),
                _ => return Err(bad()),
            };
            if rank <= last_rank {
                return Err(bad());
            }
            last_rank = rank;
            let (int, frac) = number.split_once('.').unwrap_or((number, ""));
            if !frac.is_empty() && unit != 'S' {
                return Err(bad());
            }
            let whole = whole(int).ok_or_else(bad)?;
            secs = whole
                .checked_mul(factor)
                .and_then(|s| secs.checked_add(s))
                .ok_or_else(bad)?;
            if !frac.is_empty() {
                nanos = super::fraction_nanos(frac).ok_or_else(bad)?;
            }
        }
        Ok(Duration::new(negative, std::time::Duration::new(secs, nanos)))
    }
}

/// `1D2H` → `("1", 'D')`, `("2", 'H')`; `None` for a number without a unit.
struct Units<'a>(&'a str);

impl<'a> Iterator for Units<'a> {
    type Item = Option<(&'a str, char)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        let Some(at) = self.0.find(|c: char| c.is_ascii_alphabetic()) else {
            self.0 = "";
            return Some(None);
        };
        let (number, rest) = self.0.split_at(at);
        let unit = rest.chars().next().unwrap_or('?');
        self.0 = &rest[unit.len_utf8()..];
        Some((!number.is_empty()).then_some((number, unit)))
    }
}

fn whole(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

super::string_serde!(Duration);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graphs_durations_read_and_write_as_they_are() {
        for text in [
            "PT12H",
            "P1DT2H30M",
            "PT0.5S",
            "-PT5M",
            "PT0S",
            "P2D",
            "PT1H0.25S",
            "P1DT1S",
        ] {
            let d: Duration = text.parse().unwrap();
            assert_eq!(d.to_string(), text);
        }
        let d: Duration = "PT36H".parse().unwrap();
        assert_eq!(d.to_string(), "P1DT12H", "days first");
        assert_eq!("P1W".parse::<Duration>().unwrap().to_string(), "P7D");
    }

    #[test]
    fn what_is_not_a_day_time_duration_is_refused() {
        for text in [
            "", "P", "PT", "12H", "P1Y", "P1M", "PT1.5M", "PTH", "PT1H1H", "PT1M1H", "P1DT", "PT-1S", "P1D2H",
        ] {
            let err = text.parse::<Duration>().unwrap_err();
            assert!(err.to_string().contains("ISO 8601"), "{text}: {err}");
        }
    }

    #[test]
    fn the_sign_decides_the_conversion() {
        let back: Duration = "-PT5M".parse().unwrap();
        let err = std::time::Duration::try_from(back).unwrap_err();
        assert!(err.to_string().contains("negative"), "{err}");
        assert_eq!(back.abs(), std::time::Duration::from_secs(300));
        assert!(!Duration::new(true, std::time::Duration::ZERO).is_negative());
    }
}
