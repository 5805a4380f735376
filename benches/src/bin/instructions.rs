//! Runs one operation `count` times, for `scripts/bench-instructions.sh` to
//! count the instructions it takes under callgrind: a measure that does not
//! vary with the machine's load, unlike time.
//!
//! ```text
//! instructions <operation> <count>
//! ```

use std::hint::black_box;

use graph_resource::{Client, ResourcePath, StaticToken};
use graph_resource_benches::mixed_page::{HandConfiguration, HandItem, HandPage};
use graph_resource_benches::{HandAssignment, assignment, hand_assignment, hand_path};
use graph_resource_models::DeviceEnrollmentConfiguration;
use graph_resource_models::{EnrollmentConfigurationAssignment, EnrollmentConfigurationAssignmentPath};

const USER: &str = "adele_contoso.com#EXT#@fabrikam.onmicrosoft.com";
const CONFIG: &str = "7a8e0f3c-9d2b/4c1e 8f6a?x=1";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(op), Some(count)) = (args.get(1), args.get(2).and_then(|c| c.parse::<usize>().ok())) else {
        eprintln!("usage: instructions <operation> <count>");
        std::process::exit(2);
    };
    let ours = assignment(0);
    let hand = hand_assignment(0);
    let page: Vec<EnrollmentConfigurationAssignment> = (0..1000).map(assignment).collect();
    let hand_page: Vec<HandAssignment> = (0..1000).map(hand_assignment).collect();
    let bytes = serde_json::to_vec(&ours).unwrap();
    let page_bytes = serde_json::to_vec(&page).unwrap();
    let path = EnrollmentConfigurationAssignmentPath {
        users_id: USER,
        device_enrollment_configuration_id: CONFIG,
    };
    if op.starts_with("create-") || op.starts_with("action-") {
        create(op, count);
        return;
    }
    let script = graph_resource_benches::wire_types::script();
    let hand_script = graph_resource_benches::wire_types::hand_script();
    let script_bytes = serde_json::to_vec(&script).unwrap();
    assert_eq!(
        script_bytes,
        serde_json::to_vec(&hand_script).unwrap(),
        "both write the same bytes"
    );
    let mixed = graph_resource_benches::mixed_page::page(true);
    let known = graph_resource_benches::mixed_page::page(false);
    check_mixed_page(&mixed);
    for _ in 0..count {
        match op.as_str() {
            "deserialize-mixed-page-generated" => drop(black_box(serde_json::from_slice::<
                HandPage<DeviceEnrollmentConfiguration>,
            >(black_box(&mixed)))),
            "deserialize-mixed-page-hand-written" => drop(black_box(serde_json::from_slice::<
                HandPage<HandItem>,
            >(black_box(&mixed)))),
            "deserialize-known-page-generated" => drop(black_box(serde_json::from_slice::<
                HandPage<DeviceEnrollmentConfiguration>,
            >(black_box(&known)))),
            "deserialize-known-page-hand-written" => drop(black_box(serde_json::from_slice::<
                HandPage<HandConfiguration>,
            >(black_box(&known)))),
            "serialize-wire-types-generated" => drop(black_box(serde_json::to_vec(black_box(&script)))),
            "serialize-wire-types-hand-written" => {
                drop(black_box(serde_json::to_vec(black_box(&hand_script))))
            }
            "deserialize-wire-types-generated" => drop(black_box(serde_json::from_slice::<
                graph_resource_benches::wire_types::Script,
            >(black_box(&script_bytes)))),
            "deserialize-wire-types-hand-written" => drop(black_box(serde_json::from_slice::<
                graph_resource_benches::wire_types::HandScript,
            >(black_box(&script_bytes)))),
            "serialize-assignment-generated" => drop(black_box(serde_json::to_vec(black_box(&ours)))),
            "serialize-assignment-hand-written" => drop(black_box(serde_json::to_vec(black_box(&hand)))),
            "serialize-page-generated" => drop(black_box(serde_json::to_vec(black_box(&page)))),
            "serialize-page-hand-written" => drop(black_box(serde_json::to_vec(black_box(&hand_page)))),
            "deserialize-assignment-generated" => drop(black_box(serde_json::from_slice::<
                EnrollmentConfigurationAssignment,
            >(black_box(&bytes)))),
            "deserialize-assignment-hand-written" => drop(black_box(
                serde_json::from_slice::<HandAssignment>(black_box(&bytes)),
            )),
            "deserialize-page-generated" => drop(black_box(serde_json::from_slice::<
                Vec<EnrollmentConfigurationAssignment>,
            >(black_box(&page_bytes)))),
            "deserialize-page-hand-written" => drop(black_box(
                serde_json::from_slice::<Vec<HandAssignment>>(black_box(&page_bytes)),
            )),
            "path-generated" => drop(black_box(black_box(path).render())),
            "path-hand-written" => drop(black_box(hand_path(black_box(USER), black_box(CONFIG)))),
            other => {
                eprintln!("unknown operation {other}");
                std::process::exit(2);
            }
        }
    }
}

/// Both readers read the whole mixed page; the enum puts every item in
/// its variant and writes unknown ones back byte for byte.
fn check_mixed_page(bytes: &[u8]) {
    let ours: HandPage<DeviceEnrollmentConfiguration> = serde_json::from_slice(bytes).unwrap();
    let hand: HandPage<HandItem> = serde_json::from_slice(bytes).unwrap();
    let raw: HandPage<serde_json::Value> = serde_json::from_slice(bytes).unwrap();
    assert_eq!((ours.value.len(), hand.value.len()), (1000, 1000));
    for (item, raw) in ours.value.iter().zip(&raw.value) {
        let expected = raw["@odata.type"]
            .as_str()
            .unwrap()
            .trim_start_matches("#microsoft.graph.");
        let variant = match item {
            DeviceEnrollmentConfiguration::Base(_) => "deviceEnrollmentConfiguration",
            DeviceEnrollmentConfiguration::DeviceEnrollmentLimitConfiguration(_) => {
                "deviceEnrollmentLimitConfiguration"
            }
            DeviceEnrollmentConfiguration::DeviceEnrollmentPlatformRestrictionsConfiguration(_) => {
                "deviceEnrollmentPlatformRestrictionsConfiguration"
            }
            DeviceEnrollmentConfiguration::DeviceEnrollmentWindowsHelloForBusinessConfiguration(_) => {
                "deviceEnrollmentWindowsHelloForBusinessConfiguration"
            }
            DeviceEnrollmentConfiguration::Windows10EnrollmentCompletionPageConfiguration(_) => {
                "windows10EnrollmentCompletionPageConfiguration"
            }
            DeviceEnrollmentConfiguration::DeviceComanagementAuthorityConfiguration(_) => {
                "deviceComanagementAuthorityConfiguration"
            }
            DeviceEnrollmentConfiguration::DeviceEnrollmentPlatformRestrictionConfiguration(_) => {
                "deviceEnrollmentPlatformRestrictionConfiguration"
            }
            DeviceEnrollmentConfiguration::Other(other) => {
                assert_eq!(
                    serde_json::to_vec(other).unwrap(),
                    serde_json::to_vec(raw).unwrap()
                );
                "deviceEnrollmentNotificationConfiguration"
            }
        };
        assert_eq!(variant, expected);
    }
    let ours_unknown = ours
        .value
        .iter()
        .filter(|i| matches!(i, DeviceEnrollmentConfiguration::Other(_)))
        .count();
    let hand_unknown = hand
        .value
        .iter()
        .filter(|i| matches!(i, HandItem::Other(_)))
        .count();
    assert_eq!(ours_unknown, hand_unknown, "both keep the unknown ones");
    assert!(ours_unknown > 100);
}

/// `count` create round trips against an in-process minimal server, on one
/// thread: the generated `create`, or the raw reqwest call by hand.
fn create(op: &str, count: usize) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let body = bytes::Bytes::from(serde_json::to_vec(&assignment(0)).unwrap());
        let addr = graph_resource_benches::minimal_server(body).await;
        let base = format!("http://{addr}/beta");
        let path = EnrollmentConfigurationAssignmentPath {
            users_id: USER,
            device_enrollment_configuration_id: CONFIG,
        };
        let client = Client::builder()
            .base_url(&base)
            .token(StaticToken::new("token"))
            // The pipeline's own cost; pacing is measured on its own.
            .no_rate_limit()
            .build()
            .unwrap();
        // The same client with a pacer whose budget this run never reaches:
        // the difference is what asking for a place and reporting costs.
        let paced = Client::builder()
            .base_url(&base)
            .token(StaticToken::new("token"))
            .rate_limit(
                graph_resource::http::RateLimit::intune()
                    .with_writes(u32::MAX)
                    .with_requests(u32::MAX),
            )
            .build()
            .unwrap();
        let raw = reqwest::Client::builder().build().unwrap();
        let ours = assignment(0);
        let hand = hand_assignment(0);
        // One call of each first, so that both have a connection.
        ours.create(&client, path).await.unwrap();
        ours.create(&paced, path).await.unwrap();
        graph_resource_benches::raw_create(&raw, &base, USER, CONFIG, &hand).await;
        let assign = graph_resource_models::AssignDeviceEnrollmentConfiguration {
            enrollment_configuration_assignments: Some(vec![ours.clone()]),
        };
        let assign_path = graph_resource_models::AssignDeviceEnrollmentConfigurationPath {
            device_enrollment_configuration_id: CONFIG,
        };
        assign.call(&client, assign_path).await.unwrap();
        graph_resource_benches::raw_assign(&raw, &base, CONFIG, &hand).await;
        for _ in 0..count {
            match op {
                "action-generated" => assign.call(&client, assign_path).await.unwrap(),
                "action-raw" => graph_resource_benches::raw_assign(&raw, &base, CONFIG, &hand).await,
                "create-generated" => drop(black_box(ours.create(&client, path).await.unwrap())),
                "create-paced" => drop(black_box(ours.create(&paced, path).await.unwrap())),
                _ => drop(black_box(
                    graph_resource_benches::raw_create(&raw, &base, USER, CONFIG, &hand).await,
                )),
            }
        }
    });
}
