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
            "the duration {} is negative, and std::time::Duration cannot be: use Duration::abs and \
             is_negative",
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
        parse(text.as_bytes()).ok_or_else(|| {
            ParseError::new(
                "an ISO 8601 duration such as PT12H or P1DT2H30M (Edm.Duration)",
                text,
            )
        })
    }
}

/// `[-]P[nD|nW][T[nH][nM][n[.f]S]]`, read byte by byte.
fn parse(b: &[u8]) -> Option<Duration> {
    let (negative, mut i) = match b.first()? {
        b'-' => (true, 1),
        b'+' => (false, 1),
        _ => (false, 0),
    };
    if b.get(i) != Some(&b'P') {
        return None;
    }
    i += 1;
    let mut secs: u64 = 0;
    let mut nanos: u32 = 0;
    let mut any = false;
    // The date part: days (a week is seven of them).
    while i < b.len() && b[i] != b'T' {
        let (n, next) = digits(b, i)?;
        let factor = match b.get(next)? {
            b'D' => 86_400,
            b'W' => 7 * 86_400,
            _ => return None,
        };
        secs = secs.checked_add(n.checked_mul(factor)?)?;
        i = next + 1;
        any = true;
    }
    if i < b.len() {
        // `T`, then hours, minutes and seconds, in that order, at least one.
        i += 1;
        if i == b.len() {
            return None;
        }
        let mut rank = 0;
        while i < b.len() {
            let (n, mut next) = digits(b, i)?;
            let mut frac = 0;
            if b.get(next) == Some(&b'.') {
                let start = next + 1;
                let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
                frac = super::fraction_nanos(std::str::from_utf8(&b[start..end]).ok()?)?;
                next = end;
                if b.get(next) != Some(&b'S') {
                    return None;
                }
            }
            let (r, factor) = match b.get(next)? {
                b'H' => (1, 3600),
                b'M' => (2, 60),
                b'S' => (3, 1),
                _ => return None,
            };
            if r <= rank {
                return None;
            }
            rank = r;
            secs = secs.checked_add(n.checked_mul(factor)?)?;
            nanos = frac;
            i = next + 1;
        }
        any = true;
    }
    any.then(|| Duration::new(negative, std::time::Duration::new(secs, nanos)))
}

/// The whole number at `at`, and where it ends; `None` without a digit.
fn digits(b: &[u8], at: usize) -> Option<(u64, usize)> {
    let mut n: u64 = 0;
    let mut i = at;
    while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
        n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
        i += 1;
    }
    (i > at).then_some((n, i))
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
