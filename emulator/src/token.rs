//! The token endpoints (`POST /{tenant}/oauth2/v2.0/token`, client
//! credentials; `GET /msi/token`, managed identity) and the check of the
//! tokens they issued.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::RecordedRequest;
use crate::answer::Answer;
use crate::request::GraphRequest;
use crate::state::{AppProof, DEFAULT_CALLER, State};

/// The managed identity endpoint's path.
pub(crate) const MANAGED_IDENTITY_PATH: &str = "/msi/token";

/// Whether a request is for a token endpoint.
pub(crate) fn is_token_request(target: &str) -> bool {
    let path = target.split('?').next().unwrap_or(target);
    path.ends_with("/oauth2/v2.0/token") || path == MANAGED_IDENTITY_PATH
}

/// Why a bearer token is refused, when apps are registered.
pub(crate) fn problem(state: &State, req: &GraphRequest<'_>) -> Option<&'static str> {
    let auth = &state.auth;
    if auth.apps.is_empty() && auth.identity_header.is_none() {
        return None;
    }
    let token = req.header("authorization")?.strip_prefix("Bearer ")?;
    match auth.issued.get(token) {
        None => Some("Invalid token: it was not issued by this authority, or it was revoked."),
        Some(expiry) if Instant::now() >= *expiry => {
            Some("Lifetime validation failed, the token is expired.")
        }
        Some(_) => None,
    }
}

/// A token from whichever endpoint was asked.
pub(crate) fn issue(state: &mut State, req: &RecordedRequest) -> Answer {
    if req.target.starts_with(MANAGED_IDENTITY_PATH) {
        managed_identity(state, req)
    } else {
        client_credentials(state, req)
    }
}

/// A new token for `caller`, living the configured lifetime.
fn new_token(state: &mut State, caller: (String, String)) -> (String, Duration) {
    let lifetime = state.auth.lifetime.unwrap_or(Duration::from_secs(3600));
    let token = format!("emulator.{}", uuid::Uuid::new_v4().simple());
    state.auth.issued.insert(token.clone(), Instant::now() + lifetime);
    state.callers.insert(token.clone(), caller);
    (token, lifetime)
}

/// The App Service managed identity protocol: `GET /msi/token` with
/// `api-version`, `resource` and the `X-IDENTITY-HEADER` secret; the answer
/// gives `expires_on` as Unix seconds in a string.
fn managed_identity(state: &mut State, req: &RecordedRequest) -> Answer {
    let query: HashMap<String, String> = req
        .target
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let refuse = |status: u16, message: &str| {
        Answer::json(status, json!({ "statusCode": status, "message": message }))
    };
    match (&state.auth.identity_header, req.header("x-identity-header")) {
        (None, _) => return refuse(404, "No managed identity is enabled on this resource."),
        (Some(expected), Some(sent)) if expected == sent => {}
        _ => return refuse(401, "The X-IDENTITY-HEADER is missing or wrong."),
    }
    let Some(resource) = query.get("resource").filter(|r| !r.is_empty()).cloned() else {
        return refuse(400, "The resource parameter is required.");
    };
    if query.get("api-version").is_none_or(|v| v.is_empty()) {
        return refuse(400, "The api-version parameter is required.");
    }
    let identity = query
        .get("client_id")
        .cloned()
        .unwrap_or_else(|| "system-assigned".to_owned());
    let (token, lifetime) = new_token(state, (DEFAULT_CALLER.0.to_owned(), identity));
    let expires_on = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        + lifetime;
    Answer::json(
        200,
        json!({
            "access_token": token,
            "expires_on": expires_on.as_secs().to_string(),
            "resource": resource,
            "token_type": "Bearer",
        }),
    )
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The client credentials flow: `POST /{tenant}/oauth2/v2.0/token`.
fn client_credentials(state: &mut State, req: &RecordedRequest) -> Answer {
    let form: HashMap<String, String> = std::str::from_utf8(&req.body)
        .unwrap_or("")
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect();
    let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
    let token_error = |status: u16, error: &str, description: &str| {
        let code: u64 = description
            .strip_prefix("AADSTS")
            .and_then(|d| d.split(':').next())
            .and_then(|d| d.parse().ok())
            .unwrap_or(0);
        Answer::json(
            status,
            json!({
                "error": error,
                "error_description": format!(
                    "{description}\r\nTrace ID: {}\r\nTimestamp: 2026-11-29 00:00:00Z",
                    uuid::Uuid::new_v4()
                ),
                "error_codes": [code],
                "trace_id": uuid::Uuid::new_v4().to_string(),
            }),
        )
    };
    if field("grant_type") != "client_credentials" {
        return token_error(
            400,
            "unsupported_grant_type",
            "AADSTS70003: The app requested an unsupported grant type.",
        );
    }
    if !field("scope").ends_with("/.default") {
        return token_error(
            400,
            "invalid_scope",
            "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a \
             scope value with /.default suffixed to the resource identifier.",
        );
    }
    match state.auth.apps.get(field("client_id")) {
        None => {
            return token_error(
                400,
                "unauthorized_client",
                "AADSTS700016: Application was not found in the directory.",
            );
        }
        Some(AppProof::Secret(secret)) if secret != field("client_secret") => {
            return token_error(
                401,
                "invalid_client",
                "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request \
                 is the client secret value, not the client secret ID, for a secret added to app.",
            );
        }
        Some(AppProof::Certificate(thumbprint)) => {
            let audience = format!("http://{}{}", req.header("host").unwrap_or(""), req.target);
            if let Err(description) = crate::assertion::check(
                field("client_assertion_type"),
                field("client_assertion"),
                field("client_id"),
                thumbprint,
                &audience,
            ) {
                return token_error(401, "invalid_client", description);
            }
        }
        Some(AppProof::Secret(_)) => {}
    }
    // `/{tenant}/oauth2/v2.0/token`: the token is this tenant's, for this app.
    let tenant = req
        .target
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("")
        .to_owned();
    let (token, lifetime) = new_token(state, (tenant, field("client_id").to_owned()));
    Answer::json(
        200,
        json!({
            "token_type": "Bearer",
            "expires_in": lifetime.as_secs().max(1),
            "ext_expires_in": lifetime.as_secs().max(1),
            "access_token": token,
        }),
    )
}

/// The tenant and app whose budget a request uses: those its token was
/// issued or registered for, else the default caller's.
pub(crate) fn caller(state: &State, req: &GraphRequest<'_>) -> (String, String) {
    req.header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
        .and_then(|token| state.callers.get(token).cloned())
        .unwrap_or_else(|| (DEFAULT_CALLER.0.to_owned(), DEFAULT_CALLER.1.to_owned()))
}
