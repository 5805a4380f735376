//! `deviceEnrollmentConfiguration` (Graph beta): the seed's parent
//! collection, a polymorphic resource, with the six derived types the docs
//! describe. Properties as in Graph's beta typings.

use crate::EnrollmentConfigurationAssignment;
use graph_resource::edm::DateTimeOffset;
use graph_resource::{Expanded, Properties, graph_path, graph_resource};

/// A device enrollment configuration
/// (`microsoft.graph.deviceEnrollmentConfiguration` and its derived types):
/// `/deviceManagement/deviceEnrollmentConfigurations`, or a user's.
///
/// ```no_run
/// # async fn run(client: graph_resource::Client) -> Result<(), graph_resource::Error> {
/// use graph_resource_models::{DeviceEnrollmentConfiguration, DeviceEnrollmentConfigurationPath};
///
/// let all = DeviceEnrollmentConfiguration::list(&client, DeviceEnrollmentConfigurationPath).all().await?;
/// for configuration in &all {
///     if let DeviceEnrollmentConfiguration::Limit(limit) = configuration {
///         println!("{:?} allows {:?} devices", limit.base.display_name, limit.limit);
///     }
/// }
/// # Ok(()) }
/// ```
#[graph_resource(path = "/deviceManagement/deviceEnrollmentConfigurations")]
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceEnrollmentConfiguration {
    /// How many devices a user may enroll.
    Limit(DeviceEnrollmentLimitConfiguration),
    /// Which platforms may enroll.
    PlatformRestrictions(Box<DeviceEnrollmentPlatformRestrictionsConfiguration>),
    /// Windows Hello for Business.
    WindowsHelloForBusiness(DeviceEnrollmentWindowsHelloForBusinessConfiguration),
    /// The Windows enrollment status page.
    Windows10CompletionPage(Windows10EnrollmentCompletionPageConfiguration),
    /// Co-management authority.
    ComanagementAuthority(DeviceComanagementAuthorityConfiguration),
    /// One platform's restriction.
    PlatformRestriction(DeviceEnrollmentPlatformRestrictionConfiguration),
    /// A type this version does not know, kept as Graph wrote it.
    #[graph(other)]
    Other(Properties),
}

graph_path! {
    /// A user's device enrollment configurations.
    pub struct UserDeviceEnrollmentConfigurationsPath for DeviceEnrollmentConfiguration =
        "/users/{usersId}/deviceEnrollmentConfigurations";
}

/// The base type's properties, which every configuration has; in the
/// derived types it is the `base` field.
#[graph_resource(odata_type = "#microsoft.graph.deviceEnrollmentConfiguration", base)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentConfigurationBase {
    /// Its id.
    #[graph(read_only)]
    pub id: Option<String>,
    /// When it was created (UTC).
    #[graph(read_only)]
    pub created_date_time: Option<DateTimeOffset>,
    /// Its description.
    pub description: Option<String>,
    /// Its kind.
    pub device_enrollment_configuration_type: Option<DeviceEnrollmentConfigurationType>,
    /// Its display name.
    pub display_name: Option<String>,
    /// When it was last changed (UTC).
    #[graph(read_only)]
    pub last_modified_date_time: Option<DateTimeOffset>,
    /// Its priority, when several apply.
    pub priority: Option<i32>,
    /// Role scope tags for the enrollment restrictions.
    pub role_scope_tag_ids: Option<Vec<String>>,
    /// Its version.
    #[graph(read_only)]
    pub version: Option<i32>,
    /// Its group assignments, when expanded (`$expand=assignments`):
    /// [`Expanded::decode`] reads them.
    pub assignments: Option<Expanded<Vec<EnrollmentConfigurationAssignment>>>,
    /// Properties this version does not know.
    #[graph(extra)]
    pub extra: Properties,
}

/// `microsoft.graph.deviceEnrollmentLimitConfiguration`.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentLimitConfiguration {
    /// The base type's properties.
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfigurationBase,
    /// The most devices a user may enroll.
    pub limit: Option<i32>,
}

/// `microsoft.graph.deviceEnrollmentPlatformRestrictionsConfiguration`.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentPlatformRestrictionsConfiguration {
    /// The base type's properties.
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfigurationBase,
    /// Android for Work.
    pub android_for_work_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// Android.
    pub android_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// iOS.
    pub ios_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// macOS.
    #[graph(rename = "macOSRestriction")]
    pub mac_os_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// Mac.
    pub mac_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// tvOS.
    pub tvos_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// visionOS.
    #[graph(rename = "visionOSRestriction")]
    pub vision_os_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// Windows Home SKU.
    pub windows_home_sku_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// Windows Mobile.
    pub windows_mobile_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// Windows.
    pub windows_restriction: Option<DeviceEnrollmentPlatformRestriction>,
}

/// `microsoft.graph.deviceEnrollmentWindowsHelloForBusinessConfiguration`.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentWindowsHelloForBusinessConfiguration {
    /// The base type's properties.
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfigurationBase,
    /// Enhanced anti-spoofing for facial recognition.
    pub enhanced_biometrics_state: Option<Enablement>,
    /// Enhanced sign-in security.
    pub enhanced_sign_in_security: Option<i32>,
    /// Days before a PIN expires.
    pub pin_expiration_in_days: Option<i32>,
    /// Lowercase letters in the PIN.
    pub pin_lowercase_characters_usage: Option<WindowsHelloForBusinessPinUsage>,
    /// The longest PIN.
    pub pin_maximum_length: Option<i32>,
    /// The shortest PIN.
    pub pin_minimum_length: Option<i32>,
    /// Past PINs that may not be used again.
    pub pin_previous_block_count: Option<i32>,
    /// Special characters in the PIN.
    pub pin_special_characters_usage: Option<WindowsHelloForBusinessPinUsage>,
    /// Uppercase letters in the PIN.
    pub pin_uppercase_characters_usage: Option<WindowsHelloForBusinessPinUsage>,
    /// Remote Windows Hello for Business.
    pub remote_passport_enabled: Option<bool>,
    /// A TPM is required.
    pub security_device_required: Option<bool>,
    /// Security keys for sign-in.
    pub security_key_for_sign_in: Option<Enablement>,
    /// Windows Hello for Business itself.
    pub state: Option<Enablement>,
    /// Biometric gestures.
    pub unlock_with_biometrics_enabled: Option<bool>,
}

/// `microsoft.graph.windows10EnrollmentCompletionPageConfiguration`.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Windows10EnrollmentCompletionPageConfiguration {
    /// The base type's properties.
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfigurationBase,
    /// Allow a reset when installation fails.
    pub allow_device_reset_on_install_failure: Option<bool>,
    /// Allow use when installation fails.
    pub allow_device_use_on_install_failure: Option<bool>,
    /// Allow log collection when installation fails.
    pub allow_log_collection_on_install_failure: Option<bool>,
    /// Do not wait for non-blocking apps.
    pub allow_non_blocking_app_installation: Option<bool>,
    /// The user may not retry setup.
    pub block_device_setup_retry_by_user: Option<bool>,
    /// The message shown when installation fails.
    pub custom_error_message: Option<String>,
    /// Track only the first user.
    pub disable_user_status_tracking_after_first_user: Option<bool>,
    /// The installation timeout, in minutes.
    pub install_progress_timeout_in_minutes: Option<i32>,
    /// Quality updates during OOBE.
    pub install_quality_updates: Option<bool>,
    /// The apps whose installation is tracked.
    pub selected_mobile_app_ids: Option<Vec<String>>,
    /// Show installation progress.
    pub show_installation_progress: Option<bool>,
    /// Track progress for Autopilot only.
    pub track_install_progress_for_autopilot_only: Option<bool>,
}

/// `microsoft.graph.deviceComanagementAuthorityConfiguration`.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceComanagementAuthorityConfiguration {
    /// The base type's properties.
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfigurationBase,
    /// The Configuration Manager agent's command line.
    pub configuration_manager_agent_command_line_argument: Option<String>,
    /// Install the Configuration Manager agent.
    pub install_configuration_manager_agent: Option<bool>,
    /// The managed device authority.
    pub managed_device_authority: Option<i32>,
}

/// `microsoft.graph.deviceEnrollmentPlatformRestrictionConfiguration`.
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentPlatformRestrictionConfiguration {
    /// The base type's properties.
    #[graph(flatten)]
    pub base: DeviceEnrollmentConfigurationBase,
    /// The platform's restriction.
    pub platform_restriction: Option<DeviceEnrollmentPlatformRestriction>,
    /// The platform.
    pub platform_type: Option<EnrollmentRestrictionPlatformType>,
}

/// One platform's enrollment restriction (complex type).
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceEnrollmentPlatformRestriction {
    /// Manufacturers that may not enroll.
    pub blocked_manufacturers: Option<Vec<String>>,
    /// SKUs that may not enroll.
    pub blocked_skus: Option<Vec<String>>,
    /// The highest OS version that may enroll.
    pub os_maximum_version: Option<String>,
    /// The lowest OS version that may enroll.
    pub os_minimum_version: Option<String>,
    /// Personal devices may not enroll.
    pub personal_device_enrollment_blocked: Option<bool>,
    /// The platform may not enroll.
    pub platform_blocked: Option<bool>,
}

/// The kind of a device enrollment configuration.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum DeviceEnrollmentConfigurationType {
    Unknown,
    Limit,
    PlatformRestrictions,
    WindowsHelloForBusiness,
    DefaultLimit,
    DefaultPlatformRestrictions,
    DefaultWindowsHelloForBusiness,
    DefaultWindows10EnrollmentCompletionPageConfiguration,
    Windows10EnrollmentCompletionPageConfiguration,
    DeviceComanagementAuthorityConfiguration,
    SinglePlatformRestriction,
    UnknownFutureValue,
    EnrollmentNotificationsConfiguration,
    WindowsRestore,
    /// A member this version does not know.
    #[graph(other)]
    Other(String),
}

/// Whether a setting is on.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum Enablement {
    NotConfigured,
    Enabled,
    Disabled,
    /// A member this version does not know.
    #[graph(other)]
    Other(String),
}

/// How a kind of character may be used in a PIN.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum WindowsHelloForBusinessPinUsage {
    Allowed,
    Required,
    Disallowed,
    /// A member this version does not know.
    #[graph(other)]
    Other(String),
}

/// The platform an enrollment restriction is for.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub enum EnrollmentRestrictionPlatformType {
    AllPlatforms,
    Ios,
    Windows,
    WindowsPhone,
    Android,
    AndroidForWork,
    Mac,
    Linux,
    UnknownFutureValue,
    /// A member this version does not know.
    #[graph(other)]
    Other(String),
}
