//! A page of 1,000 enrollment configurations of mixed types, read as the
//! models' polymorphic enum and by hand with serde_derive.
//!
//! The items are the docs' example of each of the six derived types the
//! model knows (ids varied), and one type in seven that it does not know
//! (`deviceEnrollmentNotificationConfiguration`), which both sides keep
//! whole. Both sides read the same leaf types (the crate's `DateTimeOffset`
//! and string enums), so what differs is the objects and the choice of
//! variant.
//!
//! The hand-written side is what serde offers for a tagged family that
//! keeps unknown members: an internally tagged enum (`tag = "@odata.type"`)
//! inside an untagged one whose second variant is a JSON map. A second
//! hand-written reader, the internally tagged enum alone, can only read a
//! page without unknown members; it is measured on such a page.

use graph_resource::edm::DateTimeOffset;
use graph_resource_models::{
    DeviceEnrollmentConfigurationType, Enablement, EnrollmentRestrictionPlatformType,
    WindowsHelloForBusinessPinUsage,
};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The page's items: `{"value": [...]}`, 1,000 of them; with `unknown`,
/// one in seven of a type neither side knows.
pub fn page(unknown: bool) -> Vec<u8> {
    let kinds = if unknown { 7 } else { 6 };
    let items: Vec<Value> = (0..1000).map(|i| item(i % kinds, i)).collect();
    serde_json::to_vec(&json!({ "value": items })).expect("a page serializes")
}

fn restriction() -> Value {
    json!({
        "@odata.type": "microsoft.graph.deviceEnrollmentPlatformRestriction",
        "platformBlocked": true,
        "personalDeviceEnrollmentBlocked": true,
        "osMinimumVersion": "Os Minimum Version value",
        "osMaximumVersion": "Os Maximum Version value",
        "blockedManufacturers": ["Blocked Manufacturers value"]
    })
}

fn item(kind: usize, i: usize) -> Value {
    let mut v = json!({
        "id": format!("{i:08x}-e0cd-3068-cde0-6830cde06830"),
        "displayName": "Display Name value",
        "description": "Description value",
        "priority": 8,
        "createdDateTime": "2017-01-01T00:02:43.5775965-08:00",
        "lastModifiedDateTime": "2017-01-01T00:00:35.1329464-08:00",
        "version": 7,
        "roleScopeTagIds": ["Role Scope Tag Ids value"],
        "deviceEnrollmentConfigurationType": "limit"
    });
    let (name, own) = match kind {
        0 => ("deviceEnrollmentLimitConfiguration", json!({"limit": 5})),
        1 => (
            "deviceEnrollmentPlatformRestrictionsConfiguration",
            json!({"iosRestriction": restriction(), "windowsRestriction": restriction(),
                   "androidRestriction": restriction(), "macOSRestriction": restriction()}),
        ),
        2 => (
            "deviceEnrollmentWindowsHelloForBusinessConfiguration",
            json!({"pinMinimumLength": 0, "pinMaximumLength": 0, "pinUppercaseCharactersUsage": "required",
                   "pinLowercaseCharactersUsage": "required", "pinSpecialCharactersUsage": "required",
                   "state": "enabled", "securityDeviceRequired": true, "unlockWithBiometricsEnabled": true,
                   "remotePassportEnabled": true, "pinPreviousBlockCount": 5, "pinExpirationInDays": 3,
                   "enhancedBiometricsState": "enabled", "securityKeyForSignIn": "enabled",
                   "enhancedSignInSecurity": 6}),
        ),
        3 => (
            "windows10EnrollmentCompletionPageConfiguration",
            json!({"showInstallationProgress": true, "blockDeviceSetupRetryByUser": true,
                   "allowDeviceResetOnInstallFailure": true, "allowLogCollectionOnInstallFailure": true,
                   "customErrorMessage": "Custom Error Message value", "installProgressTimeoutInMinutes": 15,
                   "allowDeviceUseOnInstallFailure": true, "selectedMobileAppIds": ["Selected Mobile App Ids value"],
                   "trackInstallProgressForAutopilotOnly": true, "disableUserStatusTrackingAfterFirstUser": true}),
        ),
        4 => (
            "deviceComanagementAuthorityConfiguration",
            json!({"managedDeviceAuthority": 6, "installConfigurationManagerAgent": true,
                   "configurationManagerAgentCommandLineArgument": "Configuration Manager Agent Command Line Argument value"}),
        ),
        5 => (
            "deviceEnrollmentPlatformRestrictionConfiguration",
            json!({"platformRestriction": restriction(), "platformType": "ios"}),
        ),
        _ => (
            "deviceEnrollmentNotificationConfiguration",
            json!({"brandingOptions": "includeCompanyLogo", "templateType": "email",
                   "notificationMessageTemplateId": "2d4b8ab4-8ab4-2d4b-b48a-4b2db48a4b2d"}),
        ),
    };
    let object = v.as_object_mut().expect("an object");
    // `@odata.type` first, as Graph writes it.
    let mut out = Map::new();
    out.insert("@odata.type".into(), format!("#microsoft.graph.{name}").into());
    out.append(object);
    if let Value::Object(own) = own {
        out.extend(own);
    }
    Value::Object(out)
}

/// A page as serde reads it.
#[derive(Deserialize)]
pub struct HandPage<T> {
    /// The items.
    pub value: Vec<T>,
}

/// A known type, or any other kept whole: serde's way for an open family.
#[derive(Deserialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum HandItem {
    /// One of the six.
    Known(HandConfiguration),
    /// Any other, kept whole.
    Other(Map<String, Value>),
}

/// The six derived types, chosen by `@odata.type`.
#[derive(Deserialize)]
#[serde(tag = "@odata.type")]
#[allow(clippy::large_enum_variant)]
pub enum HandConfiguration {
    /// `deviceEnrollmentLimitConfiguration`.
    #[serde(rename = "#microsoft.graph.deviceEnrollmentLimitConfiguration")]
    Limit(HandLimit),
    /// `deviceEnrollmentPlatformRestrictionsConfiguration`.
    #[serde(rename = "#microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration")]
    Restrictions(Box<HandRestrictions>),
    /// `deviceEnrollmentWindowsHelloForBusinessConfiguration`.
    #[serde(rename = "#microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration")]
    Hello(HandHello),
    /// `windows10EnrollmentCompletionPageConfiguration`.
    #[serde(rename = "#microsoft.graph.windows10EnrollmentCompletionPageConfiguration")]
    Page(HandCompletionPage),
    /// `deviceComanagementAuthorityConfiguration`.
    #[serde(rename = "#microsoft.graph.deviceComanagementAuthorityConfiguration")]
    Comanagement(HandComanagement),
    /// `deviceEnrollmentPlatformRestrictionConfiguration`.
    #[serde(rename = "#microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration")]
    Restriction(HandRestriction),
}

/// Declares a derived type by hand: the base type's fields repeated (serde's
/// `flatten` would buffer), then its own.
macro_rules! hand_type {
    ($(#[$m:meta])* $name:ident { $($(#[$fm:meta])* $field:ident: $ty:ty,)* }) => {
        $(#[$m])*
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(missing_docs, dead_code)]
        pub struct $name {
            id: Option<String>,
            created_date_time: Option<DateTimeOffset>,
            description: Option<String>,
            device_enrollment_configuration_type: Option<DeviceEnrollmentConfigurationType>,
            display_name: Option<String>,
            last_modified_date_time: Option<DateTimeOffset>,
            priority: Option<i32>,
            role_scope_tag_ids: Option<Vec<String>>,
            version: Option<i32>,
            $($(#[$fm])* $field: $ty,)*
        }
    };
}

hand_type!(
    /// By hand.
    HandLimit { limit: Option<i32>, }
);
hand_type!(
    /// By hand.
    HandRestrictions {
        ios_restriction: Option<HandPlatformRestriction>,
        windows_restriction: Option<HandPlatformRestriction>,
        android_restriction: Option<HandPlatformRestriction>,
        #[serde(rename = "macOSRestriction")]
        mac_os_restriction: Option<HandPlatformRestriction>,
    }
);
hand_type!(
    /// By hand.
    HandHello {
        enhanced_biometrics_state: Option<Enablement>,
        enhanced_sign_in_security: Option<i32>,
        pin_expiration_in_days: Option<i32>,
        pin_lowercase_characters_usage: Option<WindowsHelloForBusinessPinUsage>,
        pin_maximum_length: Option<i32>,
        pin_minimum_length: Option<i32>,
        pin_previous_block_count: Option<i32>,
        pin_special_characters_usage: Option<WindowsHelloForBusinessPinUsage>,
        pin_uppercase_characters_usage: Option<WindowsHelloForBusinessPinUsage>,
        remote_passport_enabled: Option<bool>,
        security_device_required: Option<bool>,
        security_key_for_sign_in: Option<Enablement>,
        state: Option<Enablement>,
        unlock_with_biometrics_enabled: Option<bool>,
    }
);
hand_type!(
    /// By hand.
    HandCompletionPage {
        allow_device_reset_on_install_failure: Option<bool>,
        allow_device_use_on_install_failure: Option<bool>,
        allow_log_collection_on_install_failure: Option<bool>,
        block_device_setup_retry_by_user: Option<bool>,
        custom_error_message: Option<String>,
        disable_user_status_tracking_after_first_user: Option<bool>,
        install_progress_timeout_in_minutes: Option<i32>,
        selected_mobile_app_ids: Option<Vec<String>>,
        show_installation_progress: Option<bool>,
        track_install_progress_for_autopilot_only: Option<bool>,
    }
);
hand_type!(
    /// By hand.
    HandComanagement {
        configuration_manager_agent_command_line_argument: Option<String>,
        install_configuration_manager_agent: Option<bool>,
        managed_device_authority: Option<i32>,
    }
);
hand_type!(
    /// By hand.
    HandRestriction {
        platform_restriction: Option<HandPlatformRestriction>,
        platform_type: Option<EnrollmentRestrictionPlatformType>,
    }
);

/// `deviceEnrollmentPlatformRestriction`, by hand.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs, dead_code)]
pub struct HandPlatformRestriction {
    blocked_manufacturers: Option<Vec<String>>,
    blocked_skus: Option<Vec<String>>,
    os_maximum_version: Option<String>,
    os_minimum_version: Option<String>,
    personal_device_enrollment_blocked: Option<bool>,
    platform_blocked: Option<bool>,
}
