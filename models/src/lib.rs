//! Microsoft Graph models for `graph-resource`, ready to use.
//!
//! [`v1`] holds every type of Graph v1.0, generated from its published
//! schema, compiled by area: turn on the cargo feature of each root of the
//! URL space a program calls, and only the types those areas hold are
//! built.
//!
//! ```toml
//! graph-resource-models = { version = "0.1", features = ["users", "groups", "device-management"] }
//! ```
//!
//! [`beta`] holds the seed's assignment targets and sources, generated
//! from an excerpt of Graph beta's schema. At the crate's root, those, and
//! the seed's beta resource, `enrollmentConfigurationAssignment`, its
//! parent collection, `deviceEnrollmentConfiguration`, and Intune's actions
//! and functions on them, written with `#[graph_resource]` itself.
//!
//! Derived OData types carry their base type's properties by flattening a
//! struct of the base's properties into a field named `base`
//! (`#[graph(flatten)]`): Rust has no inheritance, and one struct per base
//! keeps the property list in one place.

mod actions;
mod assignment;
mod enrollment_configuration;

// Generated from a beta excerpt, and compared byte for byte with the
// generator's output.
#[rustfmt::skip]
pub mod beta;

pub use actions::{
    AssignCompliancePolicy, AssignCompliancePolicyPath, AssignEnrollmentConfiguration,
    AssignEnrollmentConfigurationPath, DeviceCompliancePolicyAssignment, GetOmaSettingPlainTextValue,
    GetOmaSettingPlainTextValuePath, SyncManagedDevice, SyncManagedDevicePath, WipeManagedDevice,
    WipeManagedDevicePath,
};
pub use assignment::{
    DeviceManagementEnrollmentConfigurationAssignmentsItemPath,
    DeviceManagementEnrollmentConfigurationAssignmentsPath, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentItemPath, EnrollmentConfigurationAssignmentPath,
};
pub use beta::{
    AllDevicesAssignmentTarget, AllLicensedUsersAssignmentTarget, AnyGroupAssignmentTarget,
    ConfigurationManagerCollectionAssignmentTarget, DeviceAndAppManagementAssignmentFilterType,
    DeviceAndAppManagementAssignmentSource, DeviceAndAppManagementAssignmentTarget,
    DeviceAndAppManagementAssignmentTargetBase, ExclusionGroupAssignmentTarget, GroupAssignmentTarget,
};
pub use enrollment_configuration::{
    DeviceComanagementAuthorityConfiguration, DeviceEnrollmentConfiguration,
    DeviceEnrollmentConfigurationBase, DeviceEnrollmentConfigurationItemPath,
    DeviceEnrollmentConfigurationPath, DeviceEnrollmentConfigurationType, DeviceEnrollmentLimitConfiguration,
    DeviceEnrollmentPlatformRestriction, DeviceEnrollmentPlatformRestrictionConfiguration,
    DeviceEnrollmentPlatformRestrictionsConfiguration, DeviceEnrollmentWindowsHelloForBusinessConfiguration,
    Enablement, EnrollmentRestrictionPlatformType, UserDeviceEnrollmentConfigurationsItemPath,
    UserDeviceEnrollmentConfigurationsPath, Windows10EnrollmentCompletionPageConfiguration,
    WindowsHelloForBusinessPinUsage,
};
// Generated with prettyplease, and compared byte for byte with the
// generator's output: rustfmt leaves it as written.
#[rustfmt::skip]
pub mod v1;
