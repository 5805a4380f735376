//! What the benchmarks compare against: hand-written serde types that
//! produce the same bytes as the generated ones, a minimal HTTP server, and
//! an allocator that counts.

pub mod mixed_page;
pub mod wire_types;

use std::alloc::{GlobalAlloc, Layout, System};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use graph_resource_models::{
    AllDevicesAssignmentTarget, AllLicensedUsersAssignmentTarget,
    ConfigurationManagerCollectionAssignmentTarget, DeviceAndAppManagementAssignmentFilterType,
    DeviceAndAppManagementAssignmentSource, DeviceAndAppManagementAssignmentTargetBase,
    EnrollmentConfigurationAssignment, Entity, ExclusionGroupAssignmentTarget, GroupAssignmentTarget,
};
use http_body_util::Full;
use serde::{Deserialize, Serialize};

/// The system allocator, counting bytes live, their peak, and allocations.
pub struct CountingAlloc;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; the counters are
// only atomics on the side.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        // SAFETY: forwarded with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: forwarded with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        if new_size >= layout.size() {
            let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        // SAFETY: forwarded with the caller's pointer, layout and size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Bytes allocated and not yet freed.
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The most bytes live at once since the last `reset_peak`.
pub fn peak_bytes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak from what is live now.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}

/// Allocations made so far.
pub fn allocations() -> usize {
    ALLOCATIONS.load(Ordering::Relaxed)
}

// The hand-written baseline: what a careful user writes with serde_derive,
// producing the same bytes as the generated code.

/// `enrollmentConfigurationAssignment`, by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "@odata.type",
    rename = "#microsoft.graph.enrollmentConfigurationAssignment"
)]
#[serde(rename_all = "camelCase")]
pub struct HandAssignment {
    /// `id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `source`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<HandSource>,
    /// `sourceId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// `target`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<HandTarget>,
}

/// `deviceAndAppManagementAssignmentSource`, by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HandSource {
    /// `direct`.
    Direct,
    /// `policySets`.
    PolicySets,
}

/// `deviceAndAppManagementAssignmentFilterType`, by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HandFilterType {
    /// `none`.
    None,
    /// `include`.
    Include,
    /// `exclude`.
    Exclude,
}

/// The filter properties of every target, by hand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct HandFilter {
    /// `deviceAndAppManagementAssignmentFilterId`.
    #[serde(
        rename = "deviceAndAppManagementAssignmentFilterId",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub filter_id: Option<String>,
    /// `deviceAndAppManagementAssignmentFilterType`.
    #[serde(
        rename = "deviceAndAppManagementAssignmentFilterType",
        skip_serializing_if = "Option::is_none",
        default
    )]
    pub filter_type: Option<HandFilterType>,
}

/// The polymorphic target, by hand: an internally tagged enum with both
/// spellings of each type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "@odata.type")]
pub enum HandTarget {
    /// `allDevicesAssignmentTarget`.
    #[serde(
        rename = "#microsoft.graph.allDevicesAssignmentTarget",
        alias = "microsoft.graph.allDevicesAssignmentTarget"
    )]
    AllDevices {
        /// The filter.
        #[serde(flatten)]
        filter: HandFilter,
    },
    /// `allLicensedUsersAssignmentTarget`.
    #[serde(
        rename = "#microsoft.graph.allLicensedUsersAssignmentTarget",
        alias = "microsoft.graph.allLicensedUsersAssignmentTarget"
    )]
    AllLicensedUsers {
        /// The filter.
        #[serde(flatten)]
        filter: HandFilter,
    },
    /// `groupAssignmentTarget`.
    #[serde(
        rename = "#microsoft.graph.groupAssignmentTarget",
        alias = "microsoft.graph.groupAssignmentTarget"
    )]
    Group {
        /// The filter, first: the base type's properties come before the
        /// derived type's, as the generated code writes them.
        #[serde(flatten)]
        filter: HandFilter,
        /// `groupId`.
        #[serde(rename = "groupId", skip_serializing_if = "Option::is_none", default)]
        group_id: Option<String>,
    },
    /// `exclusionGroupAssignmentTarget`.
    #[serde(
        rename = "#microsoft.graph.exclusionGroupAssignmentTarget",
        alias = "microsoft.graph.exclusionGroupAssignmentTarget"
    )]
    ExclusionGroup {
        /// The filter, first: the base type's properties come before the
        /// derived type's, as the generated code writes them.
        #[serde(flatten)]
        filter: HandFilter,
        /// `groupId`.
        #[serde(rename = "groupId", skip_serializing_if = "Option::is_none", default)]
        group_id: Option<String>,
    },
    /// `configurationManagerCollectionAssignmentTarget`.
    #[serde(
        rename = "#microsoft.graph.configurationManagerCollectionAssignmentTarget",
        alias = "microsoft.graph.configurationManagerCollectionAssignmentTarget"
    )]
    Collection {
        /// The filter, first, as above.
        #[serde(flatten)]
        filter: HandFilter,
        /// `collectionId`.
        #[serde(rename = "collectionId", skip_serializing_if = "Option::is_none", default)]
        collection_id: Option<String>,
    },
}

fn filter(i: usize) -> (Option<String>, Option<DeviceAndAppManagementAssignmentFilterType>) {
    (
        Some(format!("f1a2b3c4-0000-4000-8000-{i:012}")),
        Some(DeviceAndAppManagementAssignmentFilterType::Include),
    )
}

/// The `i`th assignment of a page with mixed target types.
pub fn assignment(i: usize) -> EnrollmentConfigurationAssignment {
    let (filter_id, filter_type) = filter(i);
    let base = DeviceAndAppManagementAssignmentTargetBase {
        device_and_app_management_assignment_filter_id: filter_id,
        device_and_app_management_assignment_filter_type: filter_type,
        ..Default::default()
    };
    let group_id = Some(format!("0b1c2d3e-4f50-6172-8394-{i:012}"));
    let target = match i % 5 {
        0 => GroupAssignmentTarget {
            group_id,
            base,
            ..Default::default()
        }
        .into(),
        1 => AllDevicesAssignmentTarget { base }.into(),
        2 => ExclusionGroupAssignmentTarget {
            base: GroupAssignmentTarget {
                group_id,
                base,
                ..Default::default()
            },
        }
        .into(),
        3 => ConfigurationManagerCollectionAssignmentTarget {
            collection_id: Some(format!("SMS{i:05}")),
            base,
        }
        .into(),
        _ => AllLicensedUsersAssignmentTarget { base }.into(),
    };
    EnrollmentConfigurationAssignment {
        base: Entity {
            id: Some(format!("705b021c-021c-705b-1c02-{i:012}")),
            ..Default::default()
        },
        source: Some(if i.is_multiple_of(2) {
            DeviceAndAppManagementAssignmentSource::Direct
        } else {
            DeviceAndAppManagementAssignmentSource::PolicySets
        }),
        source_id: Some(format!("policy-set-{i}")),
        target: Some(target),
    }
}

/// The same `i`th assignment, by hand.
pub fn hand_assignment(i: usize) -> HandAssignment {
    let filter = HandFilter {
        filter_id: Some(format!("f1a2b3c4-0000-4000-8000-{i:012}")),
        filter_type: Some(HandFilterType::Include),
    };
    let group_id = Some(format!("0b1c2d3e-4f50-6172-8394-{i:012}"));
    let target = match i % 5 {
        0 => HandTarget::Group { group_id, filter },
        1 => HandTarget::AllDevices { filter },
        2 => HandTarget::ExclusionGroup { group_id, filter },
        3 => HandTarget::Collection {
            collection_id: Some(format!("SMS{i:05}")),
            filter,
        },
        _ => HandTarget::AllLicensedUsers { filter },
    };
    HandAssignment {
        id: Some(format!("705b021c-021c-705b-1c02-{i:012}")),
        source: Some(if i.is_multiple_of(2) {
            HandSource::Direct
        } else {
            HandSource::PolicySets
        }),
        source_id: Some(format!("policy-set-{i}")),
        target: Some(target),
    }
}

const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The seed's path, by hand: `format!` and percent-encoding.
pub fn hand_path(user: &str, config: &str) -> String {
    format!(
        "/users/{}/deviceEnrollmentConfigurations/{}/assignments",
        percent_encoding::utf8_percent_encode(user, UNRESERVED),
        percent_encoding::utf8_percent_encode(config, UNRESERVED)
    )
}

/// A server on 127.0.0.1 that answers every request with `201 Created` and
/// `body`, doing nothing else: what a round trip costs at the least.
pub async fn minimal_server(body: Bytes) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let body = body.clone();
                        async move {
                            // Read the request body, as a real server does.
                            let _ = http_body_util::BodyExt::collect(req.into_body()).await;
                            hyper::Response::builder()
                                .status(201)
                                .header("content-type", "application/json")
                                .body(Full::new(body))
                        }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// The raw reqwest call a user would write: the URL built with the ids
/// encoded, the same headers and body as the generated `create`, the answer
/// parsed into the hand-written type.
pub async fn raw_create(
    raw: &reqwest::Client,
    base: &str,
    user: &str,
    config: &str,
    item: &HandAssignment,
) -> HandAssignment {
    let url = format!("{base}{}", hand_path(user, config));
    let body = serde_json::to_vec(item).expect("serializes");
    let answer = raw_post(raw, url, body).await;
    assert_eq!(answer.status().as_u16(), 201);
    serde_json::from_slice(&answer.bytes().await.expect("read")).expect("parses")
}

/// A `POST` by hand, with the headers the client sends.
async fn raw_post(raw: &reqwest::Client, url: String, body: Vec<u8>) -> reqwest::Response {
    raw.post(url)
        .header("authorization", "Bearer token")
        .header("accept", "application/json")
        .header("content-type", "application/json")
        .header("client-request-id", uuid::Uuid::new_v4().to_string())
        .header("user-agent", "graph-resource/0.1.0")
        .body(body)
        .send()
        .await
        .expect("sent")
}

/// The `assign` action by hand: the parameters serialized with
/// serde_derive, the same headers, the status checked, the answer read.
pub async fn raw_assign(raw: &reqwest::Client, base: &str, config: &str, item: &HandAssignment) {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Parameters<'a> {
        enrollment_configuration_assignments: [&'a HandAssignment; 1],
    }
    let url = format!(
        "{base}/deviceManagement/deviceEnrollmentConfigurations/{}/assign",
        percent_encoding::utf8_percent_encode(config, UNRESERVED)
    );
    let body = serde_json::to_vec(&Parameters {
        enrollment_configuration_assignments: [item],
    })
    .expect("serializes");
    let answer = raw_post(raw, url, body).await;
    assert!(answer.status().is_success());
    drop(answer.bytes().await.expect("read"));
}
