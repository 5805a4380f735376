//! Four of Intune's actions and functions on Graph beta, written with the
//! attribute as a program would write its own: each a struct of its
//! parameters with `action` or `function`, called with `.call(&client,
//! path)`. The call tests use them at the addresses the docs' examples use
//! (`/deviceManagement/managedDevices/{id}/wipe`, ...).

use graph_resource::graph_resource;
use graph_resource_models::{DeviceAndAppManagementAssignmentSource, DeviceAndAppManagementAssignmentTarget};

/// An assignment of a device compliance policy
/// (`microsoft.graph.deviceCompliancePolicyAssignment`).
#[graph_resource(odata_type = "#microsoft.graph.deviceCompliancePolicyAssignment")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceCompliancePolicyAssignment {
    /// Its id.
    pub id: Option<String>,
    /// How it was made.
    pub source: Option<DeviceAndAppManagementAssignmentSource>,
    /// The id of what made it, e.g. a policy set.
    pub source_id: Option<String>,
    /// Who it targets.
    pub target: Option<DeviceAndAppManagementAssignmentTarget>,
}

/// `assign` on a device compliance policy: Graph answers the assignments
/// it made, in `value`.
#[graph_resource(
    action = "/deviceManagement/deviceCompliancePolicies/{deviceCompliancePolicyId}/assign",
    returns = Vec<DeviceCompliancePolicyAssignment>
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AssignCompliancePolicy {
    /// The assignments, which replace the policy's.
    pub assignments: Vec<DeviceCompliancePolicyAssignment>,
}

/// `syncDevice` on a managed device: asks it to check in. No parameters;
/// Graph answers `204 No Content`.
#[graph_resource(action = "/deviceManagement/managedDevices/{managedDeviceId}/syncDevice")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SyncManagedDevice {}

/// `wipe` on a managed device: a factory reset. Graph answers `204 No
/// Content`.
#[graph_resource(action = "/deviceManagement/managedDevices/{managedDeviceId}/wipe")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WipeManagedDevice {
    /// Keep the enrollment state.
    pub keep_enrollment_data: Option<bool>,
    /// Keep the user's data.
    pub keep_user_data: Option<bool>,
    /// The unlock code of a macOS device.
    pub mac_os_unlock_code: Option<String>,
    /// Keep the eSIM data plan.
    pub persist_esim_data_plan: Option<bool>,
}

/// `getOmaSettingPlainTextValue` on a device configuration: the plain
/// value of a secret OMA setting.
#[graph_resource(
    function = "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/getOmaSettingPlainTextValue",
    returns = String
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GetOmaSettingPlainTextValue {
    /// The secret's reference id.
    pub secret_reference_value_id: String,
}
