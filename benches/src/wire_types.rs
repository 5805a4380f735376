//! A struct with Graph's wire types (a date-time, binary content, a
//! duration, a flags set), generated and by hand: the hand-written one uses
//! serde_derive with `time::serde::rfc3339`, the base64 crate, and small
//! modules written for the duration and the flags, as a careful user would.
//! Both produce the same bytes.

use graph_resource::edm::{Binary, DateTimeOffset, Duration, Flags};
use graph_resource::graph_resource;
use serde::{Deserialize, Serialize};

/// A flags enum's members.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
pub enum Platform {
    /// `windows10`.
    Windows10,
    /// `macOS`.
    #[graph(rename = "macOS")]
    MacOs,
    /// `ios`.
    Ios,
    /// An unknown member.
    #[graph(other)]
    Other(String),
}

/// With the crate's types.
#[graph_resource(odata_type = "#microsoft.graph.deviceManagementScript")]
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// Its id.
    pub id: Option<String>,
    /// Its name.
    pub display_name: Option<String>,
    /// `Edm.DateTimeOffset`.
    pub created_date_time: Option<DateTimeOffset>,
    /// `Edm.Binary`.
    pub script_content: Option<Binary>,
    /// `Edm.Duration`.
    pub run_schedule_interval: Option<Duration>,
    /// A flags enum.
    pub platforms: Option<Flags<Platform>>,
}

/// By hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "@odata.type",
    rename = "#microsoft.graph.deviceManagementScript",
    rename_all = "camelCase"
)]
pub struct HandScript {
    /// Its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// With time's RFC 3339.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub created_date_time: Option<time::OffsetDateTime>,
    /// With the base64 crate.
    #[serde(with = "base64_option", skip_serializing_if = "Option::is_none", default)]
    pub script_content: Option<Vec<u8>>,
    /// With a hand-written ISO 8601 module.
    #[serde(with = "iso_hours", skip_serializing_if = "Option::is_none", default)]
    pub run_schedule_interval: Option<std::time::Duration>,
    /// With a hand-written comma-separated list.
    #[serde(with = "comma_list", skip_serializing_if = "Option::is_none", default)]
    pub platforms: Option<Vec<String>>,
}

mod base64_option {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(bytes) => s.serialize_str(&STANDARD.encode(bytes)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let text: Option<&str> = Option::deserialize(d)?;
        text.map(|t| STANDARD.decode(t).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// `PT{h}H` only: what a user writes for the one form they need.
mod iso_hours {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Option<std::time::Duration>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.collect_str(&format_args!("PT{}H", d.as_secs() / 3600)),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<std::time::Duration>, D::Error> {
        let text: Option<&str> = Option::deserialize(d)?;
        text.map(|t| {
            t.strip_prefix("PT")
                .and_then(|h| h.strip_suffix('H'))
                .and_then(|h| h.parse::<u64>().ok())
                .map(|h| std::time::Duration::from_secs(h * 3600))
                .ok_or_else(|| serde::de::Error::custom("not PT{n}H"))
        })
        .transpose()
    }
}

mod comma_list {
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(v: &Option<Vec<String>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(items) => s.serialize_str(&items.join(",")),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
        let text: Option<&str> = Option::deserialize(d)?;
        Ok(text.map(|t| t.split(',').map(str::to_owned).collect()))
    }
}

/// The generated value.
pub fn script() -> Script {
    Script {
        id: Some("59ea4525-4525-59ea-2545-ea592545ea59".into()),
        display_name: Some("Display Name value".into()),
        created_date_time: Some(
            "2017-01-01T00:02:43.5775965-08:00"
                .parse()
                .expect("a valid date-time"),
        ),
        script_content: Some(Binary(b"scriptContent".to_vec())),
        run_schedule_interval: Some("PT12H".parse().expect("a valid duration")),
        platforms: Some([Platform::Windows10, Platform::MacOs].into_iter().collect()),
    }
}

/// The hand-written value.
pub fn hand_script() -> HandScript {
    let created = time::OffsetDateTime::parse(
        "2017-01-01T00:02:43.5775965-08:00",
        &time::format_description::well_known::Rfc3339,
    )
    .expect("a valid date-time");
    HandScript {
        id: Some("59ea4525-4525-59ea-2545-ea592545ea59".into()),
        display_name: Some("Display Name value".into()),
        created_date_time: Some(created),
        script_content: Some(b"scriptContent".to_vec()),
        run_schedule_interval: Some(std::time::Duration::from_secs(12 * 3600)),
        platforms: Some(vec!["windows10".into(), "macOS".into()]),
    }
}
