//! `Edm.Guid`: 128 bits, written as 32 hex digits in five hyphenated groups.

use super::{ParseError, StackText, string_serde};

/// `Edm.Guid`: a UUID, written in its hyphenated lowercase form
/// (`5d2a2e3c-8f1b-4c6d-9e0a-1b2c3d4e5f60`); read in either case, and
/// with braces or without hyphens as well.
///
/// ```
/// use graph_resource::edm::Guid;
///
/// let id: Guid = "5D2A2E3C-8F1B-4C6D-9E0A-1B2C3D4E5F60".parse()?;
/// assert_eq!(id.to_string(), "5d2a2e3c-8f1b-4c6d-9e0a-1b2c3d4e5f60");
/// assert_eq!(serde_json::to_string(&id)?, r#""5d2a2e3c-8f1b-4c6d-9e0a-1b2c3d4e5f60""#);
/// assert_eq!(Guid::from_u128(id.as_u128()), id);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// With the `uuid` feature, it converts to and from `uuid::Uuid`.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(u128);

/// Its text, as it is written: `5d2a2e3c-8f1b-4c6d-9e0a-1b2c3d4e5f60`.
impl std::fmt::Debug for Guid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl Guid {
    /// The all-zero GUID.
    pub const NIL: Guid = Guid(0);

    /// The GUID of these 128 bits, most significant first.
    pub const fn from_u128(bits: u128) -> Guid {
        Guid(bits)
    }

    /// Its 128 bits, most significant first.
    pub const fn as_u128(&self) -> u128 {
        self.0
    }

    /// The GUID of these 16 bytes, in the order they are written.
    pub const fn from_bytes(bytes: [u8; 16]) -> Guid {
        Guid(u128::from_be_bytes(bytes))
    }

    /// Its 16 bytes, in the order they are written.
    pub const fn to_bytes(&self) -> [u8; 16] {
        self.0.to_be_bytes()
    }

    /// A random (version 4) GUID from these random bits.
    pub(crate) fn random_v4(bits: u128) -> Guid {
        Guid((bits & !(0xf << 76) & !(0b11 << 62)) | (0x4 << 76) | (0b10 << 62))
    }

    /// Its text in a string of its own size, without the formatting
    /// machinery `to_string` goes through: a request id on every request.
    pub(crate) fn text(&self) -> String {
        // ASCII only, so the check cannot fail.
        String::from_utf8(self.hyphenated().to_vec()).unwrap_or_default()
    }

    /// The 36 ASCII bytes of its text.
    fn hyphenated(&self) -> [u8; 36] {
        // Each byte's two digits, looked up at once: every request names
        // itself with a GUID.
        const DIGITS: [[u8; 2]; 256] = {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let mut table = [[0; 2]; 256];
            let mut b = 0;
            while b < 256 {
                table[b] = [HEX[b >> 4], HEX[b & 0xf]];
                b += 1;
            }
            table
        };
        // Where each byte's two digits go, the hyphens between the groups.
        const AT: [usize; 16] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
        let mut out = [b'-'; 36];
        for (byte, at) in self.to_bytes().into_iter().zip(AT) {
            let [high, low] = DIGITS[usize::from(byte)];
            out[at] = high;
            out[at + 1] = low;
        }
        out
    }

    fn write_wire(&self, out: &mut StackText) {
        for b in self.hyphenated() {
            out.push(b);
        }
    }
}

impl std::str::FromStr for Guid {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        parse(s).ok_or_else(|| ParseError::new("a GUID (Edm.Guid)", s))
    }
}

fn parse(s: &str) -> Option<Guid> {
    let inner = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')).unwrap_or(s);
    let b = inner.as_bytes();
    let with_hyphens = b.len() == 36;
    if with_hyphens {
        if [8, 13, 18, 23].iter().any(|&at| b[at] != b'-') {
            return None;
        }
    } else if b.len() != 32 {
        return None;
    }
    let mut bits: u128 = 0;
    let mut digits = 0;
    for (at, &c) in b.iter().enumerate() {
        if with_hyphens && matches!(at, 8 | 13 | 18 | 23) {
            continue;
        }
        bits = bits << 4 | u128::from(char::from(c).to_digit(16)?);
        digits += 1;
    }
    (digits == 32).then_some(Guid(bits))
}

string_serde!(Guid);

#[cfg(feature = "uuid")]
impl From<uuid::Uuid> for Guid {
    fn from(id: uuid::Uuid) -> Guid {
        Guid(id.as_u128())
    }
}

#[cfg(feature = "uuid")]
impl From<Guid> for uuid::Uuid {
    fn from(id: Guid) -> uuid::Uuid {
        uuid::Uuid::from_u128(id.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Guid;

    #[test]
    fn written_hyphenated_and_read_in_every_form() {
        let id = Guid::from_u128(0x0b1c2d3e_4f50_6172_8394_a5b6c7d8e9f0);
        assert_eq!(id.to_string(), "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
        assert_eq!(format!("{id:?}"), "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0");
        assert_eq!(id.text(), id.to_string());
        for text in [
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
            "0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0",
            "{0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0}",
            "0b1c2d3e4f5061728394a5b6c7d8e9f0",
        ] {
            assert_eq!(text.parse::<Guid>(), Ok(id), "{text}");
        }
        assert_eq!(Guid::from_bytes(id.to_bytes()), id);
    }

    #[test]
    fn what_is_not_a_guid_is_refused() {
        for text in [
            "",
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f",
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f00",
            "0b1c2d3e+4f50-6172-8394-a5b6c7d8e9f0",
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9fg",
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e-f0",
            "{0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
            "+b1c2d3e4f5061728394a5b6c7d8e9f0",
        ] {
            let err = text.parse::<Guid>().unwrap_err();
            assert!(err.to_string().contains("Edm.Guid"), "{text}: {err}");
        }
    }

    #[test]
    fn a_random_guid_says_it_is_version_4() {
        for bits in [0, u128::MAX, 0x0123_4567_89ab_cdef_0123_4567_89ab_cdef] {
            let text = Guid::random_v4(bits).to_string();
            assert_eq!(&text[14..15], "4", "{text}");
            assert!(matches!(&text[19..20], "8" | "9" | "a" | "b"), "{text}");
        }
    }
}
