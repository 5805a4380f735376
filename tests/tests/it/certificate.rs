//! Client credentials with a certificate: a client assertion (an RS256 JWT
//! with the certificate's thumbprint) in place of a secret, against the
//! emulator's token endpoint; the signature verified here with the key's
//! public half.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use graph_resource::emulator::Emulator;
use graph_resource::{Client, ClientCredentials, Error};
use graph_resource_models::{
    DeviceAndAppManagementAssignmentSource, EnrollmentConfigurationAssignment,
    EnrollmentConfigurationAssignmentPath,
};
use serde_json::Value;

/// A throwaway self-signed certificate and its RSA key, made for these
/// tests with `openssl req -x509 -newkey rsa:2048 -nodes`.
const CERT: &str = include_str!("../fixtures/app-cert.pem");
const KEY: &str = include_str!("../fixtures/app-key.pem");
const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
const PATH: EnrollmentConfigurationAssignmentPath<'static> = EnrollmentConfigurationAssignmentPath {
    users_id: "adele@contoso.com",
    device_enrollment_configuration_id: "c1",
};

/// The DER inside a one-block PEM.
fn der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).unwrap()
}

fn thumbprint() -> String {
    URL_SAFE_NO_PAD.encode(ring::digest::digest(&ring::digest::SHA256, &der(CERT)))
}

fn client(emulator: &Emulator) -> Client {
    let credentials = ClientCredentials::with_certificate(
        "contoso.onmicrosoft.com",
        CLIENT_ID,
        CERT.as_bytes(),
        KEY.as_bytes(),
    )
    .unwrap()
    .authority(emulator.authority());
    Client::builder()
        .base_url(emulator.base_url())
        .token(credentials)
        .no_rate_limit()
        .build()
        .unwrap()
}

fn seed() -> EnrollmentConfigurationAssignment {
    EnrollmentConfigurationAssignment {
        source: Some(DeviceAndAppManagementAssignmentSource::Direct),
        ..Default::default()
    }
}

/// The token request's form, decoded.
fn form(emulator: &Emulator) -> std::collections::HashMap<String, String> {
    let request = emulator
        .requests()
        .into_iter()
        .find(|r| r.target.ends_with("/oauth2/v2.0/token"))
        .expect("a token request");
    String::from_utf8(request.body.to_vec())
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            let decode = |s: &str| {
                percent_encoding::percent_decode_str(s)
                    .decode_utf8()
                    .unwrap()
                    .into_owned()
            };
            (decode(k), decode(v))
        })
        .collect()
}

#[tokio::test]
async fn a_certificate_signed_assertion_gets_a_token() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app_certificate(CLIENT_ID, &thumbprint());
    let created = seed().create(&client(&emulator), PATH).await.unwrap();
    assert!(created.id().is_some());
    assert_eq!(emulator.token_requests(), 1);

    let form = form(&emulator);
    assert!(!form.contains_key("client_secret"));
    assert_eq!(
        form["client_assertion_type"],
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    );
    assert_eq!(form["grant_type"], "client_credentials");
    let jwt = &form["client_assertion"];
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3);
    let decode = |p: &str| -> Value { serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).unwrap()).unwrap() };
    let (header, claims) = (decode(parts[0]), decode(parts[1]));
    assert_eq!(header["alg"], "RS256");
    assert_eq!(header["typ"], "JWT");
    assert_eq!(header["x5t#S256"], thumbprint());
    let sha1 = URL_SAFE_NO_PAD.encode(ring::digest::digest(
        &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
        &der(CERT),
    ));
    assert_eq!(header["x5t"], sha1);
    assert_eq!(claims["iss"], CLIENT_ID);
    assert_eq!(claims["sub"], CLIENT_ID);
    assert_eq!(
        claims["aud"],
        format!(
            "{}/contoso.onmicrosoft.com/oauth2/v2.0/token",
            emulator.authority()
        )
    );
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["nbf"].as_u64().unwrap(),
        600
    );
    assert!(claims["jti"].as_str().is_some_and(|j| j.len() == 36));

    // The signature is the key's, over the header and claims.
    let key = ring::signature::RsaKeyPair::from_pkcs8(&der(KEY)).unwrap();
    let public = ring::signature::UnparsedPublicKey::new(
        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
        ring::signature::KeyPair::public_key(&key).as_ref(),
    );
    let signed = format!("{}.{}", parts[0], parts[1]);
    public
        .verify(signed.as_bytes(), &URL_SAFE_NO_PAD.decode(parts[2]).unwrap())
        .expect("a valid RS256 signature");
}

#[tokio::test]
async fn a_certificate_the_app_does_not_have_gives_the_aadsts_code() {
    let emulator = Emulator::start().await.unwrap();
    emulator.register_app_certificate(CLIENT_ID, "another-certificates-thumbprint");
    let err = seed().create(&client(&emulator), PATH).await.unwrap_err();
    let Error::Auth(auth) = &err else {
        panic!("an auth error: {err:?}");
    };
    assert_eq!(auth.aadsts.as_deref(), Some("AADSTS700027"));
    assert_eq!(auth.error.as_deref(), Some("invalid_client"));
    let shown = format!("{err} {err:?}");
    let assertion = &form(&emulator)["client_assertion"];
    assert!(!shown.contains(assertion.as_str()), "{shown}");
    assert!(
        emulator
            .requests()
            .iter()
            .all(|r| r.method != "POST" || r.target.contains("oauth2"))
    );
}

#[test]
fn keys_and_certificates_that_cannot_serve_are_clear_errors() {
    let cases: [(&[u8], &[u8], &str); 3] = [
        (
            CERT.as_bytes(),
            b"not a key",
            "the private key is not a PEM private key",
        ),
        (
            b"not a certificate",
            KEY.as_bytes(),
            "the certificate is not a PEM certificate",
        ),
        (
            KEY.as_bytes(),
            CERT.as_bytes(),
            "the certificate is not a PEM certificate",
        ),
    ];
    for (cert, key, expected) in cases {
        let err = ClientCredentials::with_certificate("t", CLIENT_ID, cert, key).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains(expected), "{err}");
    }
    // The key's material never shows.
    let credentials =
        ClientCredentials::with_certificate("t", CLIENT_ID, CERT.as_bytes(), KEY.as_bytes()).unwrap();
    let shown = format!("{credentials:?}");
    let key_line = KEY.lines().nth(1).unwrap();
    assert!(!shown.contains(key_line), "{shown}");
}
