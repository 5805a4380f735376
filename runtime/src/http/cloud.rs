//! National clouds: each has its own Graph root and token authority, and
//! tokens of one do not work in another.

/// A Microsoft cloud: where Graph and its token authority are.
///
/// ```
/// use graph_resource::{ApiVersion, Cloud};
///
/// assert_eq!(Cloud::UsGov.graph_root(), "https://graph.microsoft.us");
/// assert_eq!(Cloud::UsGov.authority(), "https://login.microsoftonline.us");
/// assert_eq!(Cloud::China.base_url(ApiVersion::V1), "https://microsoftgraph.chinacloudapi.cn/v1.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service (also Microsoft 365 GCC).
    #[default]
    Global,
    /// US Government L4 (GCC High).
    UsGov,
    /// US Government L5 (DoD).
    UsGovDod,
    /// China, operated by 21Vianet.
    China,
}

impl Cloud {
    /// Graph's root, without a version.
    pub const fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::UsGovDod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The token authority.
    pub const fn authority(self) -> &'static str {
        match self {
            Cloud::Global => "https://login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "https://login.microsoftonline.us",
            Cloud::China => "https://login.chinacloudapi.cn",
        }
    }

    /// The base URL for a version: the root and the version segment.
    pub fn base_url(self, version: ApiVersion) -> String {
        format!("{}/{}", self.graph_root(), version.as_str())
    }

    /// The client-credentials scope: `<graph root>/.default`.
    pub fn default_scope(self) -> String {
        format!("{}/.default", self.graph_root())
    }
}

/// The Graph API version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ApiVersion {
    /// `beta`, where the Intune APIs are complete.
    #[default]
    Beta,
    /// `v1.0`.
    V1,
}

impl ApiVersion {
    /// The path segment: `beta` or `v1.0`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiVersion::Beta => "beta",
            ApiVersion::V1 => "v1.0",
        }
    }
}
