//! The check of a client assertion (a certificate-signed JWT) at the token
//! endpoint: its type, its certificate's thumbprint and its claims. The
//! signature is not checked: the emulator carries no RSA.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// `Ok` when the assertion is one the identity platform would take from
/// `client_id`, else the AADSTS description it would answer.
pub(crate) fn check(
    assertion_type: &str,
    assertion: &str,
    client_id: &str,
    thumbprint: &str,
    audience: &str,
) -> Result<(), &'static str> {
    if assertion.is_empty() {
        return Err(
            "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the \
             'client_credentials' grant type.",
        );
    }
    if assertion_type != JWT_BEARER {
        return Err("AADSTS70002: The client_assertion_type is not supported.");
    }
    let mut parts = assertion.split('.');
    let (Some(header), Some(claims), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("AADSTS50027: JWT token is invalid or malformed.");
    };
    let decode =
        |part: &str| -> Option<Value> { serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).ok()?).ok() };
    let (Some(header), Some(claims)) = (decode(header), decode(claims)) else {
        return Err("AADSTS50027: JWT token is invalid or malformed.");
    };
    if signature.is_empty() || header["alg"] != "RS256" && header["alg"] != "PS256" {
        return Err("AADSTS50027: JWT token is invalid or malformed.");
    }
    let sent = header["x5t#S256"].as_str().or(header["x5t"].as_str());
    if sent != Some(thumbprint) {
        return Err(
            "AADSTS700027: The certificate with identifier used to sign the client assertion is not \
             registered on application.",
        );
    }
    if claims["iss"] != client_id || claims["sub"] != client_id {
        return Err(
            "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.",
        );
    }
    if claims["aud"] != audience {
        return Err("AADSTS700023: Client assertion audience claim does not match Realm issuer.");
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    if claims["exp"].as_u64().is_none_or(|exp| exp <= now) {
        return Err("AADSTS700024: Client assertion is not within its valid time range.");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(header: Value, claims: Value) -> String {
        let part = |v: Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!("{}.{}.c2ln", part(header), part(claims))
    }

    #[test]
    fn each_claim_that_does_not_fit_has_its_own_code() {
        let header = serde_json::json!({"alg": "RS256", "x5t#S256": "thumb"});
        let claims =
            |iss: &str, aud: &str| serde_json::json!({"iss": iss, "sub": iss, "aud": aud, "exp": u64::MAX});
        let check = |assertion: &str| check(JWT_BEARER, assertion, "app", "thumb", "http://h/t/token");
        assert_eq!(
            check(&jwt(header.clone(), claims("app", "http://h/t/token"))),
            Ok(())
        );
        let code = |r: Result<(), &str>| r.unwrap_err().split(':').next().unwrap().to_owned();
        assert_eq!(
            code(check(&jwt(header.clone(), claims("other", "http://h/t/token")))),
            "AADSTS700021"
        );
        assert_eq!(
            code(check(&jwt(header.clone(), claims("app", "http://h/other")))),
            "AADSTS700023"
        );
        let other_cert = serde_json::json!({"alg": "RS256", "x5t#S256": "other"});
        assert_eq!(
            code(check(&jwt(other_cert, claims("app", "http://h/t/token")))),
            "AADSTS700027"
        );
        assert_eq!(code(check("not.a.jwt")), "AADSTS50027");
    }
}
