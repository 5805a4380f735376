//! The `azure_identity` bridge: a managed identity credential against the
//! emulator's managed identity endpoint, in a process of its own (the
//! credential reads its endpoint from the environment), and any
//! `TokenCredential` cached with one refresh at a time.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use graph_resource::azure::AzureIdentity;
use graph_resource::azure::azure_core::credentials::{AccessToken, TokenCredential, TokenRequestOptions};
use graph_resource::emulator::Emulator;
use graph_resource::http::TokenProvider;
use graph_resource::{Client, Cloud, Error};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath,
};

const IDENTITY_HEADER: &str = "x-identity-secret-that-must-never-leak";
const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "c1",
};

fn seed() -> EnrollmentConfigurationAssignment {
    EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        ..Default::default()
    }
}

/// Runs the probe binary with a managed identity environment.
async fn probe(emulator: &Emulator, header: &str, creates: usize) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_managed_identity_probe"));
    for var in [
        "MSI_ENDPOINT",
        "MSI_SECRET",
        "IMDS_ENDPOINT",
        "IDENTITY_SERVER_THUMBPRINT",
    ] {
        command.env_remove(var);
    }
    command
        .env("IDENTITY_ENDPOINT", emulator.managed_identity_endpoint())
        .env("IDENTITY_HEADER", header)
        .env("PROBE_BASE_URL", emulator.base_url())
        .env("PROBE_CREATES", creates.to_string());
    tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("the probe runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn managed_identity_gets_one_token_for_many_concurrent_calls() {
    let emulator = Emulator::start().await.unwrap();
    emulator.enable_managed_identity(IDENTITY_HEADER);
    let out = probe(&emulator, IDENTITY_HEADER, 20).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the probe failed: {stderr}");
    assert_eq!(stdout.lines().filter(|l| !l.is_empty()).count(), 20, "{stdout}");

    assert_eq!(emulator.token_requests(), 1, "one token for 20 concurrent calls");
    let requests = emulator.requests();
    let token_request = requests
        .iter()
        .find(|r| r.target.starts_with("/msi/token"))
        .unwrap();
    assert_eq!(token_request.method, "GET");
    assert!(
        token_request
            .target
            .contains("resource=https%3A%2F%2Fgraph.microsoft.com"),
        "the Graph resource is asked for: {}",
        token_request.target
    );
    assert_eq!(token_request.header("x-identity-header"), Some(IDENTITY_HEADER));
    let issued = emulator.issued_tokens();
    assert_eq!(issued.len(), 1);
    let posts: Vec<_> = requests.iter().filter(|r| r.method == "POST").collect();
    assert_eq!(posts.len(), 20);
    for post in posts {
        assert_eq!(
            post.header("authorization"),
            Some(format!("Bearer {}", issued[0]).as_str())
        );
    }
    for shown in [&stdout, &stderr] {
        assert!(!shown.contains(&issued[0]) && !shown.contains(IDENTITY_HEADER));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_managed_identity_is_an_auth_error_without_the_secret() {
    let emulator = Emulator::start().await.unwrap();
    emulator.enable_managed_identity(IDENTITY_HEADER);
    let out = probe(&emulator, "not-the-header", 1).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the azure_identity credential gave no token")
            && stderr.contains("ManagedIdentityCredential"),
        "the error names the credential: {stderr}"
    );
    assert!(!stderr.contains("not-the-header") && !stderr.contains(IDENTITY_HEADER));
    assert!(
        emulator.requests().iter().all(|r| r.method != "POST"),
        "nothing was sent to Graph"
    );
}

/// A credential that counts its calls and gives tokens living `lifetime`.
#[derive(Debug)]
struct Counting {
    calls: AtomicUsize,
    scopes: std::sync::Mutex<Vec<String>>,
    lifetime: Duration,
    /// Gives the same token every time, as a credential with a cache does.
    same: bool,
}

impl Counting {
    fn new(lifetime: Duration, same: bool) -> Arc<Self> {
        Arc::new(Counting {
            calls: AtomicUsize::new(0),
            scopes: Default::default(),
            lifetime,
            same,
        })
    }
}

#[async_trait::async_trait]
impl TokenCredential for Counting {
    async fn get_token(
        &self,
        scopes: &[&str],
        _: Option<TokenRequestOptions<'_>>,
    ) -> graph_resource::azure::azure_core::Result<AccessToken> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        self.scopes
            .lock()
            .unwrap()
            .extend(scopes.iter().map(|s| s.to_string()));
        // Slow enough for every concurrent caller to be waiting.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let token = if self.same {
            "token-0".to_owned()
        } else {
            format!("token-{n}")
        };
        Ok(AccessToken::new(
            token,
            time::OffsetDateTime::now_utc() + self.lifetime,
        ))
    }
}

fn client(emulator: &Emulator, provider: AzureIdentity) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .token(provider)
        .no_rate_limit()
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_credential_is_cached_and_refreshed_one_at_a_time() {
    let emulator = Emulator::start().await.unwrap();
    // Long enough that a burst on a loaded machine stays within one token's
    // fresh life (1.5 s).
    let credential = Counting::new(Duration::from_millis(2000), false);
    let client = client(&emulator, AzureIdentity::new(credential.clone()));
    let burst = || async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..50 {
            let client = client.clone();
            tasks.spawn(async move { seed().create(&client, PATH).await });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap().expect("every call succeeds");
        }
    };
    burst().await;
    assert_eq!(
        credential.calls.load(Ordering::SeqCst),
        1,
        "one token for 50 calls"
    );
    // Refreshed a quarter of its lifetime (500 ms) before it expires: once,
    // whether this burst comes within that quarter or after the expiry.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    burst().await;
    assert_eq!(
        credential.calls.load(Ordering::SeqCst),
        2,
        "one refresh for 50 calls"
    );
    let sent: Vec<_> = emulator
        .requests()
        .iter()
        .filter_map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(sent.iter().filter(|a| *a == "Bearer token-0").count(), 50);
    assert_eq!(sent.iter().filter(|a| *a == "Bearer token-1").count(), 50);
    assert_eq!(
        *credential.scopes.lock().unwrap(),
        ["https://graph.microsoft.com/.default"; 2]
    );
}

#[tokio::test]
async fn the_scope_follows_the_cloud() {
    for (cloud, scope) in [
        (Cloud::Global, "https://graph.microsoft.com/.default"),
        (Cloud::UsGov, "https://graph.microsoft.us/.default"),
        (Cloud::UsGovDod, "https://dod-graph.microsoft.us/.default"),
        (Cloud::China, "https://microsoftgraph.chinacloudapi.cn/.default"),
    ] {
        let credential = Counting::new(Duration::from_secs(3600), false);
        let provider = AzureIdentity::new(credential.clone()).cloud(cloud);
        provider.token(&Default::default()).await.unwrap();
        assert_eq!(*credential.scopes.lock().unwrap(), [scope]);
    }
}

#[tokio::test]
async fn a_token_refused_again_is_not_sent_a_third_time() {
    let emulator = Emulator::start().await.unwrap();
    // Graph routes now take only tokens the emulator issued.
    emulator.enable_managed_identity(IDENTITY_HEADER);
    let credential = Counting::new(Duration::from_secs(3600), true);
    let client = client(&emulator, AzureIdentity::new(credential.clone()));
    let err = seed().create(&client, PATH).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if api.status.as_u16() == 401),
        "{err:?}"
    );
    let posts = emulator.requests().iter().filter(|r| r.method == "POST").count();
    assert_eq!(posts, 1, "the credential had no other token to send");
    assert_eq!(
        credential.calls.load(Ordering::SeqCst),
        2,
        "asked once more after the 401"
    );
    assert!(!format!("{err} {err:?}").contains("token-0"));
}
