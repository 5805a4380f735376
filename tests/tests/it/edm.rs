//! The OData primitive types: written then read, every value comes back
//! the same, through its text and through JSON.

use graph_resource::edm::{Binary, Date, DateTimeOffset, Decimal, Double, Duration, Guid, Int64, TimeOfDay};
use proptest::prelude::*;

fn through_json<T: serde::Serialize + serde::de::DeserializeOwned>(value: &T) -> T {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn date() -> impl Strategy<Value = Date> {
    (1u16..=9999, 1u8..=12, 1u8..=31).prop_filter_map("a real date", |(y, m, d)| Date::new(y, m, d))
}

fn time() -> impl Strategy<Value = TimeOfDay> {
    // Graph's resolution: ticks of 100 ns, seven digits.
    (0u8..24, 0u8..60, 0u8..60, 0u32..10_000_000)
        .prop_map(|(h, m, s, ticks)| TimeOfDay::new(h, m, s, ticks * 100).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn binary(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let b = Binary(bytes);
        prop_assert_eq!(through_json(&b), b.clone());
        prop_assert_eq!(b.to_string().parse::<Binary>().unwrap(), b.clone());
        // Without its padding it reads the same.
        prop_assert_eq!(b.to_string().trim_end_matches('=').parse::<Binary>().unwrap(), b);
    }

    #[test]
    fn duration(negative: bool, secs in 0u64..1_000_000_000_000, nanos in 0u32..1_000_000_000) {
        let d = Duration::new(negative, std::time::Duration::new(secs, nanos));
        prop_assert_eq!(through_json(&d), d);
        prop_assert_eq!(d.to_string().parse::<Duration>().unwrap(), d);
    }

    #[test]
    fn date_time_of_day_and_offset(date in date(), time in time(), offset in proptest::option::of(-14i16 * 60..=14 * 60)) {
        prop_assert_eq!(through_json(&date), date);
        prop_assert_eq!(through_json(&time), time);
        let text = match offset {
            None => format!("{date}T{time}Z"),
            Some(m) => format!("{date}T{time}{}{:02}:{:02}", if m < 0 { '-' } else { '+' }, m.unsigned_abs() / 60, m.unsigned_abs() % 60),
        };
        let at: DateTimeOffset = text.parse().unwrap();
        prop_assert_eq!(at.to_string(), text);
        prop_assert_eq!(through_json(&at), at);
    }

    #[test]
    fn int64(n: i64) {
        prop_assert_eq!(through_json(&Int64(n)), Int64(n));
        let from_text: Int64 = serde_json::from_str(&format!("\"{n}\"")).unwrap();
        prop_assert_eq!(from_text, Int64(n));
    }

    #[test]
    fn double(x in proptest::num::f64::ANY) {
        let back = through_json(&Double(x));
        prop_assert!(back.0 == x || (back.0.is_nan() && x.is_nan()), "{x} came back as {}", back.0);
    }

    #[test]
    fn decimal(int in "-?(0|[1-9][0-9]{0,30})", frac in proptest::option::of("[0-9]{1,20}")) {
        let text = match frac {
            Some(f) => format!("{int}.{f}"),
            None => int,
        };
        let d: Decimal = text.parse().unwrap();
        prop_assert_eq!(through_json(&d), d.clone());
        prop_assert_eq!(d.as_str(), text.as_str());
        // From a string (IEEE754Compatible), written as the same number.
        let quoted: Decimal = serde_json::from_str(&format!("\"{text}\"")).unwrap();
        prop_assert_eq!(serde_json::to_string(&quoted).unwrap(), text);
    }

    #[test]
    fn guid(n: u128) {
        let g = Guid::from_u128(n);
        prop_assert_eq!(through_json(&g), g);
        // The same text as the uuid crate's, and the same value both ways.
        let u = uuid::Uuid::from_u128(n);
        prop_assert_eq!(g.to_string(), u.hyphenated().to_string());
        prop_assert_eq!(uuid::Uuid::from(g), u);
        prop_assert_eq!(Guid::from(u), g);
        prop_assert_eq!(g.to_bytes(), *u.as_bytes());
    }
}

#[test]
fn the_docs_values_round_trip_byte_for_byte() {
    fn same<T: serde::Serialize + serde::de::DeserializeOwned>(json: &str) {
        let value: T = serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(serde_json::to_string(&value).unwrap(), json);
    }
    same::<Binary>(r#""c2NyaXB0Q29udGVudA==""#);
    for d in ["PT12H", "P1DT2H30M", "PT0.5S", "-PT5M"] {
        same::<Duration>(&format!("\"{d}\""));
    }
    same::<Date>(r#""2024-05-01""#);
    same::<TimeOfDay>(r#""12:30:00.0000000""#);
    // The docs' offset time, and the corpus' (beta education payloads).
    same::<DateTimeOffset>(r#""2017-01-01T00:02:43.5775965-08:00""#);
    same::<DateTimeOffset>(r#""2018-07-15T14:00:00.000Z""#);
    same::<Guid>(r#""0b1c2d3e-4f50-6172-8394-000000000001""#);
    same::<Int64>("9007199254740993");
    same::<Vec<Double>>(r#"["INF","-INF","NaN",0.5]"#);
    // A call record's charge: digits beyond an f64's kept, trailing zeros too.
    same::<Vec<Decimal>>("[0.07,12.50,12345678901234567890.123456789,-1E-3]");
}

/// A decimal in a struct, read straight from the text and through an object
/// already in memory (a polymorphic enum buffers one that does not start
/// with `@odata.type`).
#[test]
fn a_decimal_field_keeps_its_digits() {
    use graph_resource::{Properties, graph_resource};

    #[graph_resource(odata_type = "#microsoft.graph.callRecords.pstnCallLogRow")]
    #[derive(Debug, PartialEq)]
    pub struct PstnCallLogRow {
        pub charge: Option<Decimal>,
    }

    #[graph_resource]
    #[derive(Debug, PartialEq)]
    pub enum Row {
        Pstn(PstnCallLogRow),
        #[graph(other)]
        Other(Properties),
    }

    let text = r##"{"@odata.type":"#microsoft.graph.callRecords.pstnCallLogRow","charge":0.10}"##;
    let row: PstnCallLogRow = serde_json::from_str(text).unwrap();
    assert_eq!(row.charge.as_ref().map(Decimal::as_str), Some("0.10"));
    assert_eq!(serde_json::to_string(&row).unwrap(), text);
    let late_type = r##"{"charge":"0.10","@odata.type":"#microsoft.graph.callRecords.pstnCallLogRow"}"##;
    let Row::Pstn(row) = serde_json::from_str::<Row>(late_type).unwrap() else {
        panic!("read into its variant");
    };
    assert_eq!(row.charge.as_ref().map(Decimal::as_str), Some("0.10"));
    // A number too long for an f64, in an object read whole to find its
    // type: kept digit for digit.
    let late_type = r##"{"charge":12345678901234567890.123456789,"@odata.type":"#microsoft.graph.callRecords.pstnCallLogRow"}"##;
    let Row::Pstn(row) = serde_json::from_str::<Row>(late_type).unwrap() else {
        panic!("read into its variant");
    };
    assert_eq!(
        row.charge.as_ref().map(Decimal::as_str),
        Some("12345678901234567890.123456789")
    );
    let err = serde_json::from_str::<PstnCallLogRow>(r#"{"charge":"ten"}"#).unwrap_err();
    assert!(err.to_string().contains("`ten` is not an Edm.Decimal"), "{err}");
}

#[test]
fn a_bad_value_names_its_type_and_the_text() {
    let err = serde_json::from_str::<Duration>(r#""12 hours""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("12 hours") && err.contains("Edm.Duration"), "{err}");
    let err = serde_json::from_str::<Binary>(r#""not base64!""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Edm.Binary"), "{err}");
    let err = serde_json::from_str::<Int64>(r#""12.5""#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("Edm.Int64"), "{err}");
}

mod flags {
    use graph_resource::edm::Flags;
    use graph_resource::graph_resource;
    use proptest::prelude::*;

    #[graph_resource]
    #[derive(Debug, Clone, PartialEq)]
    pub enum Platform {
        Windows10,
        #[graph(rename = "macOS")]
        MacOs,
        Ios,
        Android,
        #[graph(other)]
        Other(String),
    }

    #[graph_resource]
    #[derive(Debug, Clone, PartialEq)]
    pub enum Closed {
        Read,
        Write,
    }

    #[test]
    fn a_flags_value_reads_as_a_set_and_keeps_unknown_members() {
        let flags: Flags<Platform> = serde_json::from_str(r#""windows10,macOS,linux""#).unwrap();
        assert!(flags.contains(&Platform::Windows10) && flags.contains(&Platform::MacOs));
        assert!(flags.contains(&Platform::Other("linux".into())));
        assert_eq!(
            serde_json::to_string(&flags).unwrap(),
            r#""windows10,macOS,linux""#
        );
        let same: Flags<Platform> = serde_json::from_str(r#""macOS, windows10,linux,macOS""#).unwrap();
        assert_eq!(same, flags, "a set: order and repeats aside");
        let none: Flags<Platform> = serde_json::from_str(r#""""#).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn an_unknown_member_without_an_other_variant_is_a_clear_error() {
        let err = serde_json::from_str::<Flags<Closed>>(r#""read,execute""#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("`execute` is not a member"), "{err}");
    }

    fn platform() -> impl Strategy<Value = Platform> {
        prop_oneof![
            Just(Platform::Windows10),
            Just(Platform::MacOs),
            Just(Platform::Ios),
            Just(Platform::Android),
            "[a-z][a-zA-Z0-9]{0,8}".prop_filter_map("an unknown name", |s| {
                (!["windows10", "macOS", "ios", "android"].contains(&s.as_str()))
                    .then_some(Platform::Other(s))
            }),
        ]
    }

    proptest! {
        #[test]
        fn written_then_read_is_the_same_set(members in proptest::collection::vec(platform(), 0..6)) {
            let flags: Flags<Platform> = members.into_iter().collect();
            let text = serde_json::to_string(&flags).unwrap();
            let back: Flags<Platform> = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
            prop_assert_eq!(back, flags);
        }
    }
}

mod date_time_crates {
    use graph_resource::graph_resource;
    use serde_json::json;

    /// The time and chrono crates' date-times, directly in fields.
    #[graph_resource]
    #[derive(Debug, PartialEq)]
    pub struct Script {
        pub created_date_time: time::OffsetDateTime,
        pub last_modified_date_time: Option<time::OffsetDateTime>,
        pub renewed: chrono::DateTime<chrono::Utc>,
        pub expires: Option<chrono::DateTime<chrono::FixedOffset>>,
    }

    #[test]
    fn time_and_chrono_fields_read_and_write_graphs_text() {
        let wire = json!({
            "@odata.type": "#microsoft.graph.script",
            "createdDateTime": "2017-01-01T00:02:43.5775965-08:00",
            "lastModifiedDateTime": "2018-07-15T14:00:00.1234567Z",
            "renewed": "2024-05-01T10:00:00.0000001Z",
            "expires": "2025-02-13T10:17:05+05:30",
        });
        let script: Script = serde_json::from_value(wire.clone()).unwrap();
        assert_eq!(script.created_date_time.offset().whole_hours(), -8);
        assert_eq!(script.created_date_time.nanosecond(), 577_596_500);
        assert_eq!(script.renewed.timestamp_subsec_nanos(), 100);
        assert_eq!(serde_json::to_value(&script).unwrap(), wire);
    }

    #[test]
    fn nine_digits_are_read_and_seven_written() {
        let script: Script = serde_json::from_value(json!({
            "createdDateTime": "2024-05-01T10:00:00.123456789Z",
            "renewed": "2024-05-01T10:00:00Z",
        }))
        .unwrap();
        assert_eq!(script.created_date_time.nanosecond(), 123_456_789);
        let written = serde_json::to_value(&script).unwrap();
        assert_eq!(written["createdDateTime"], "2024-05-01T10:00:00.1234567Z");
        assert_eq!(written["renewed"], "2024-05-01T10:00:00Z");
        assert!(written.get("expires").is_none());
    }

    #[test]
    fn a_fraction_is_written_with_the_digits_it_needs_at_most_seven() {
        use chrono::TimeZone;
        let at = |nanos: u32| {
            let renewed = chrono::Utc.timestamp_opt(1_714_557_600, nanos).unwrap();
            let created = time::OffsetDateTime::from_unix_timestamp_nanos(
                1_714_557_600_000_000_000 + i128::from(nanos),
            )
            .unwrap();
            let written = serde_json::to_value(Script {
                created_date_time: created,
                last_modified_date_time: None,
                renewed,
                expires: None,
            })
            .unwrap();
            let (a, b) = (written["createdDateTime"].clone(), written["renewed"].clone());
            assert_eq!(a, b, "time and chrono write alike");
            a
        };
        assert_eq!(at(0), "2024-05-01T10:00:00Z");
        assert_eq!(at(500_000_000), "2024-05-01T10:00:00.5Z");
        assert_eq!(at(120_000_000), "2024-05-01T10:00:00.12Z");
        assert_eq!(at(100), "2024-05-01T10:00:00.0000001Z");
        assert_eq!(at(99), "2024-05-01T10:00:00Z", "below a tick");
        assert_eq!(at(577_596_599), "2024-05-01T10:00:00.5775965Z");
    }
}
