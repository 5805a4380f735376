//! `Edm.Binary`: bytes as standard base64.

use base64::Engine;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};

/// Reads standard base64 with or without its padding.
const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// `Edm.Binary`: bytes, written as standard base64 with padding; read with
/// or without the padding.
///
/// ```
/// use graph_resource::edm::Binary;
///
/// let content = Binary::from(b"scriptContent".to_vec());
/// assert_eq!(serde_json::to_string(&content)?, r#""c2NyaXB0Q29udGVudA==""#);
/// let unpadded: Binary = serde_json::from_str(r#""c2NyaXB0Q29udGVudA""#)?;
/// assert_eq!(unpadded, content);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Binary(pub Vec<u8>);

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary(bytes)
    }
}

impl From<Binary> for Vec<u8> {
    fn from(b: Binary) -> Self {
        b.0
    }
}

impl std::ops::Deref for Binary {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Display for Binary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&STANDARD.encode(&self.0))
    }
}

impl std::str::FromStr for Binary {
    type Err = super::ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LENIENT
            .decode(s)
            .map(Binary)
            .map_err(|_| super::ParseError::new("standard base64 (Edm.Binary)", s))
    }
}

impl serde::Serialize for Binary {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(&self.0))
    }
}

impl<'de> serde::Deserialize<'de> for Binary {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text: crate::odata::object::Key<'de> = serde::Deserialize::deserialize(d)?;
        text.as_str().parse().map_err(serde::de::Error::custom)
    }
}
