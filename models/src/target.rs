use graph_resource::{Properties, graph_resource};

/// Who an Intune assignment applies to
/// (`microsoft.graph.deviceAndAppManagementAssignmentTarget`, abstract).
///
/// The variant is chosen by `@odata.type`, which Graph writes with or
/// without the leading `#`; a type this version does not know is kept
/// whole in `Other` and written back unchanged.
#[graph_resource]
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceAndAppManagementAssignmentTarget {
    /// All devices.
    AllDevices(AllDevicesAssignmentTarget),
    /// All licensed users.
    AllLicensedUsers(AllLicensedUsersAssignmentTarget),
    /// The members of a group.
    Group(GroupAssignmentTarget),
    /// Everyone but the members of a group.
    ExclusionGroup(ExclusionGroupAssignmentTarget),
    /// A Configuration Manager collection.
    ConfigurationManagerCollection(ConfigurationManagerCollectionAssignmentTarget),
    /// The base type itself, as some of the docs' examples send it.
    Base(DeviceAndAppManagementAssignmentTargetBase),
    /// A type this version does not know, kept as Graph wrote it.
    #[graph(other)]
    Other(Properties),
}

/// The base type's properties, which every target has: the assignment filter.
///
/// On its own it is the abstract base type on the wire
/// (`#microsoft.graph.deviceAndAppManagementAssignmentTarget`); in the
/// derived types it is the `base` field.
#[graph_resource(odata_type = "#microsoft.graph.deviceAndAppManagementAssignmentTarget")]
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DeviceAndAppManagementAssignmentTargetBase {
    /// The id of the filter for the target assignment.
    pub device_and_app_management_assignment_filter_id: Option<String>,
    /// How the filter applies.
    pub device_and_app_management_assignment_filter_type: Option<DeviceAndAppManagementAssignmentFilterType>,
    /// Properties this struct does not name, kept for a lossless write-back.
    /// Filled only when the base type stands alone: in a derived type, the
    /// derived type's own `extra` keeps them.
    #[graph(extra)]
    pub extra: Properties,
}

/// How an assignment filter applies (`microsoft.graph.deviceAndAppManagementAssignmentFilterType`).
#[graph_resource]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeviceAndAppManagementAssignmentFilterType {
    /// Default value; do not use.
    None,
    /// Include the devices the filter matches.
    Include,
    /// Exclude the devices the filter matches.
    Exclude,
    /// A member this version does not know, kept as Graph wrote it.
    #[graph(other)]
    Other(String),
}

macro_rules! target {
    ($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident),* }) => {
        $(#[$doc])*
        #[graph_resource]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: Option<String>,)*
            /// The base type's properties: the assignment filter.
            #[graph(flatten)]
            pub base: DeviceAndAppManagementAssignmentTargetBase,
            /// Properties this struct does not name, kept for a lossless write-back.
            #[graph(extra)]
            pub extra: Properties,
        }
    };
}

target! {
    /// All devices (`#microsoft.graph.allDevicesAssignmentTarget`).
    AllDevicesAssignmentTarget {}
}

target! {
    /// All licensed users (`#microsoft.graph.allLicensedUsersAssignmentTarget`).
    AllLicensedUsersAssignmentTarget {}
}

target! {
    /// The members of a group (`#microsoft.graph.groupAssignmentTarget`).
    GroupAssignmentTarget {
        /// The group id that is the target of the assignment.
        group_id
    }
}

target! {
    /// Everyone but the members of a group
    /// (`#microsoft.graph.exclusionGroupAssignmentTarget`, derived from
    /// `groupAssignmentTarget`).
    ExclusionGroupAssignmentTarget {
        /// The group id that is excluded from the assignment.
        group_id
    }
}

target! {
    /// A Configuration Manager collection
    /// (`#microsoft.graph.configurationManagerCollectionAssignmentTarget`).
    ConfigurationManagerCollectionAssignmentTarget {
        /// The collection id that is the target of the assignment.
        collection_id
    }
}
