//! `Edm.Decimal`: a decimal number kept as its digits, so that no value is
//! rounded on its way through (a JSON number read as `f64` would be).

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;

/// `Edm.Decimal`: the number's text, exactly as Graph wrote it, from a JSON
/// number or (IEEE754Compatible) a string; written as a number.
///
/// ```
/// use graph_resource::edm::Decimal;
/// let charges: Vec<Decimal> = serde_json::from_str(r#"[0.07, "12.50", 12345678901234567890.123456789]"#)?;
/// assert_eq!(charges[1].as_str(), "12.50");
/// assert_eq!(
///     serde_json::to_string(&charges)?,
///     "[0.07,12.50,12345678901234567890.123456789]"
/// );
/// assert_eq!("-1.5".parse::<Decimal>()?.to_f64(), -1.5);
/// assert!("1,5".parse::<Decimal>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(String);

impl Decimal {
    /// The number's text, e.g. `12.50`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        // Checked on the way in: the grammar is a subset of Rust's floats.
        self.0.parse().unwrap_or(f64::NAN)
    }
}

/// A text that is not a decimal number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDecimal(String);

impl fmt::Display for InvalidDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an Edm.Decimal: write digits with an optional sign, point and exponent, e.g. \
             `-12.50`",
            self.0.escape_debug()
        )
    }
}

impl std::error::Error for InvalidDecimal {}

impl FromStr for Decimal {
    type Err = InvalidDecimal;

    /// Reads `[-]digits[.digits][(e|E)[+|-]digits]`, as JSON writes numbers.
    fn from_str(s: &str) -> Result<Self, InvalidDecimal> {
        fn digits(b: &[u8], mut i: usize) -> (usize, bool) {
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            (i, i > start)
        }
        let b = s.as_bytes();
        let mut i = usize::from(b.first() == Some(&b'-'));
        let (next, int) = digits(b, i);
        i = next;
        let mut ok = int;
        if b.get(i) == Some(&b'.') {
            let (next, frac) = digits(b, i + 1);
            (i, ok) = (next, ok && frac);
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            let (next, exp) = digits(b, i);
            (i, ok) = (next, ok && exp);
        }
        if ok && i == b.len() {
            Ok(Decimal(s.to_owned()))
        } else {
            Err(InvalidDecimal(s.to_owned()))
        }
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<i64> for Decimal {
    fn from(v: i64) -> Self {
        Decimal(v.to_string())
    }
}

impl From<u64> for Decimal {
    fn from(v: u64) -> Self {
        Decimal(v.to_string())
    }
}

impl TryFrom<f64> for Decimal {
    type Error = InvalidDecimal;

    /// The shortest text that reads back as `v`; infinities and NaN are not
    /// decimals.
    fn try_from(v: f64) -> Result<Self, InvalidDecimal> {
        if v.is_finite() {
            Ok(Decimal(format!("{v:?}")))
        } else {
            Err(InvalidDecimal(v.to_string()))
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // The digits go out as they are, a JSON number.
        match RawValue::from_string(self.0.clone()) {
            Ok(raw) => raw.serialize(s),
            Err(e) => Err(serde::ser::Error::custom(e)),
        }
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The JSON text as written: a number's digits are never rounded.
        let raw = Box::<RawValue>::deserialize(d)?;
        let text = raw.get();
        let digits = match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
            Some(quoted) => quoted,
            None => text,
        };
        digits.parse().map_err(|e: InvalidDecimal| {
            de::Error::custom(format_args!("{e} (a number, or a string of one)"))
        })
    }
}
