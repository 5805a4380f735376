//! Run by the `azure` tests in a process of its own, because
//! `azure_identity` reads `IDENTITY_ENDPOINT` and `IDENTITY_HEADER` from the
//! environment: creates `PROBE_CREATES` assignments at once on
//! `PROBE_BASE_URL` with a `ManagedIdentityCredential`, and prints each
//! created id on a line, or the error.

use graph_resource::Client;
use graph_resource::azure::azure_identity::{ManagedIdentityCredential, ManagedIdentityCredentialOptions};
use graph_resource::azure::{AzureIdentity, client_options};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::var("PROBE_BASE_URL")?;
    let creates: usize = std::env::var("PROBE_CREATES")?.parse()?;
    let credential = ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
        client_options: client_options()?,
        ..Default::default()
    }))?;
    let client = Client::builder()
        .base_url(base_url)
        .token(AzureIdentity::new(credential))
        .no_rate_limit()
        .build()?;
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..creates {
        let client = client.clone();
        tasks.spawn(async move {
            EnrollmentConfigurationAssignment {
                source: Some(DeviceAndAppManagementAssignmentSource::Direct),
                ..Default::default()
            }
            .create(
                &client,
                EnrollmentConfigurationAssignmentPath {
                    users_id: "adele@contoso.com",
                    device_enrollment_configuration_id: "c1",
                },
            )
            .await
        });
    }
    while let Some(done) = tasks.join_next().await {
        match done? {
            Ok(created) => println!("{}", created.id().unwrap_or_default()),
            Err(e) => {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
        }
    }
    Ok(())
}
