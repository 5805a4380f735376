//! `Edm.Int64` and `Edm.Double`, which JSON numbers cannot always carry:
//! Graph may send 64-bit integers as strings (IEEE754Compatible), and writes
//! the special doubles as `"INF"`, `"-INF"` and `"NaN"`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `Edm.Int64`: written as a number, read from a number or a string.
///
/// ```
/// use graph_resource::edm::Int64;
/// let big: Int64 = serde_json::from_str(r#""9007199254740993""#)?;
/// assert_eq!(big.0, 9_007_199_254_740_993);
/// assert_eq!(serde_json::to_string(&big)?, "9007199254740993");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Int64(pub i64);

impl Serialize for Int64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Int64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 64-bit integer, as a number or a string (Edm.Int64)")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int64, E> {
                Ok(Int64(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int64, E> {
                i64::try_from(v)
                    .map(Int64)
                    .map_err(|_| E::custom(format!("{v} is beyond Edm.Int64")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Int64, E> {
                v.trim()
                    .parse()
                    .map(Int64)
                    .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        d.deserialize_any(V)
    }
}

/// `Edm.Double`: a number, or one of Graph's special values, which JSON
/// numbers cannot carry: `"INF"`, `"-INF"`, `"NaN"`. Every value reads back
/// exactly as written (this crate turns on serde_json's `float_roundtrip`).
///
/// ```
/// use graph_resource::edm::Double;
/// let values: Vec<Double> = serde_json::from_str(r#"[1.5, "INF", "-INF", "NaN", "2.25"]"#)?;
/// assert_eq!(values[1].0, f64::INFINITY);
/// assert!(values[3].0.is_nan());
/// assert_eq!(serde_json::to_string(&values)?, r#"[1.5,"INF","-INF","NaN",2.25]"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, PartialOrd)]
pub struct Double(pub f64);

impl Serialize for Double {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            v if v.is_nan() => s.serialize_str("NaN"),
            f64::INFINITY => s.serialize_str("INF"),
            f64::NEG_INFINITY => s.serialize_str("-INF"),
            v => s.serialize_f64(v),
        }
    }
}

impl<'de> Deserialize<'de> for Double {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Double;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, \"INF\", \"-INF\" or \"NaN\" (Edm.Double)")
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Double, E> {
                Ok(Double(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Double, E> {
                Ok(Double(v as f64))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Double, E> {
                match v {
                    "INF" => Ok(Double(f64::INFINITY)),
                    "-INF" => Ok(Double(f64::NEG_INFINITY)),
                    "NaN" => Ok(Double(f64::NAN)),
                    other => other
                        .parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(Double)
                        .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
        }
        d.deserialize_any(V)
    }
}
