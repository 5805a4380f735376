use crate::beta::{DeviceAndAppManagementAssignmentSource, DeviceAndAppManagementAssignmentTarget};
use graph_resource::{Properties, graph_path, graph_resource};

/// An assignment of a device enrollment configuration to a target
/// (`microsoft.graph.enrollmentConfigurationAssignment`, Intune, beta).
///
/// Created with `POST` on its collection, which answers `201 Created` with
/// the new object and its service-generated `id`. The collection is reached
/// through a user (`EnrollmentConfigurationAssignmentPath`) or, as the
/// published docs write it, through `deviceManagement`
/// (`DeviceManagementEnrollmentConfigurationAssignmentsPath`).
///
/// Writes need `DeviceManagementServiceConfig.ReadWrite.All` (or
/// `DeviceManagementConfiguration.ReadWrite.All`); Intune allows 200 writes
/// per 20 s per tenant.
#[graph_resource(
    path = "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments"
)]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnrollmentConfigurationAssignment {
    /// Key of the enrollment configuration assignment; set by Graph on create.
    pub id: Option<String>,
    /// How the assignment was made (beta only).
    pub source: Option<DeviceAndAppManagementAssignmentSource>,
    /// Identifier for the resource used for deployment to a group (beta only).
    pub source_id: Option<String>,
    /// Who the configuration is assigned to.
    pub target: Option<DeviceAndAppManagementAssignmentTarget>,
    /// Properties this struct does not name, kept for a lossless write-back.
    #[graph(extra)]
    pub extra: Properties,
}

graph_path! {
    /// The published docs' path to the assignments of an enrollment
    /// configuration: `/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments`.
    pub struct DeviceManagementEnrollmentConfigurationAssignmentsPath for EnrollmentConfigurationAssignment =
        "/deviceManagement/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments";
}
