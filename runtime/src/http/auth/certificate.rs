//! A client assertion: a JWT signed with the app's certificate key (RS256),
//! which the Microsoft identity platform takes in place of a client secret.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::http::error::Error;
use crate::http::error::Setting;

/// How long an assertion is valid: the identity platform takes up to ten
/// minutes; each token request makes a new one.
const LIFETIME: Duration = Duration::from_secs(600);

/// An app's certificate: its private key and its thumbprints.
pub(super) struct Certificate {
    key: RsaKeyPair,
    /// Base64url SHA-256 of the certificate's DER (`x5t#S256`).
    x5t_s256: String,
    /// Base64url SHA-1 of it (`x5t`), for tenants that still read only that.
    x5t: String,
}

impl fmt::Debug for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The thumbprint is public; the key is not shown.
        f.debug_struct("Certificate")
            .field("x5t#S256", &self.x5t_s256)
            .finish_non_exhaustive()
    }
}

impl Certificate {
    /// Reads a PEM certificate and its PEM private key (PKCS#8 or PKCS#1 RSA).
    /// The errors say which part is wrong, never what the key holds.
    pub(super) fn from_pem(certificate: &[u8], private_key: &[u8]) -> Result<Certificate, Error> {
        let cert = CertificateDer::from_pem_slice(certificate).map_err(|e| {
            Error::config(
                Setting::Credentials,
                format!("the certificate is not a PEM certificate: {e}"),
            )
        })?;
        let key = PrivateKeyDer::from_pem_slice(private_key).map_err(|e| {
            Error::config(
                Setting::Credentials,
                format!("the private key is not a PEM private key: {e}"),
            )
        })?;
        let key = match &key {
            PrivateKeyDer::Pkcs8(der) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
            PrivateKeyDer::Pkcs1(der) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
            _ => {
                return Err(Error::config(
                    Setting::Credentials,
                    "the private key is not an RSA key: client assertions are signed with RS256",
                ));
            }
        }
        .map_err(|e| {
            Error::config(
                Setting::Credentials,
                format!("the private key cannot sign RS256: {e}"),
            )
        })?;
        let digest = |algorithm| URL_SAFE_NO_PAD.encode(ring::digest::digest(algorithm, cert.as_ref()));
        Ok(Certificate {
            key,
            x5t_s256: digest(&ring::digest::SHA256),
            x5t: digest(&ring::digest::SHA1_FOR_LEGACY_USE_ONLY),
        })
    }

    /// A new assertion for `client_id` at the token endpoint `audience`.
    pub(super) fn assertion(&self, client_id: &str, audience: &str) -> Result<String, Error> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let random = SystemRandom::new();
        let mut jti = [0; 16];
        random.fill(&mut jti).map_err(|_| {
            Error::config(
                Setting::Credentials,
                "the system's random source failed to give the client assertion an id",
            )
        })?;
        let header = serde_json::json!({
            "alg": "RS256",
            "typ": "JWT",
            "x5t#S256": self.x5t_s256,
            "x5t": self.x5t,
        });
        let claims = serde_json::json!({
            "aud": audience,
            "iss": client_id,
            "sub": client_id,
            "jti": crate::odata::edm::Guid::random_v4(u128::from_be_bytes(jti)).to_string(),
            "iat": now,
            "nbf": now,
            "exp": now + LIFETIME.as_secs(),
        });
        let signed = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0; self.key.public().modulus_len()];
        self.key
            .sign(&RSA_PKCS1_SHA256, &random, signed.as_bytes(), &mut signature)
            .map_err(|_| {
                Error::config(
                    Setting::Credentials,
                    "the private key failed to sign the client assertion",
                )
            })?;
        Ok(format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature)))
    }
}
