//! The HTTP client under every request, and the rules of the wire that do
//! not depend on Graph: where a bearer token may go, how redirects are
//! followed, and how much of an answer is read.

use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::Url;

/// The most redirects followed for one request.
pub(crate) const MAX_REDIRECTS: usize = 5;

/// The HTTP client under every request: rustls with ring, at most
/// [`MAX_REDIRECTS`] redirects, never to plain http off this machine
/// (reqwest itself drops `Authorization` when a redirect changes origin).
pub(crate) fn http_client(connect_timeout: Duration, proxy: Option<&str>) -> Result<reqwest::Client, String> {
    // Installs ring as rustls' provider unless the application chose one.
    // rustls 0.23.48 deprecates ring's provider for its lack of
    // post-quantum key exchange; ring stays the choice here because it
    // builds with no C toolchain beyond cc, and an application that wants
    // post-quantum installs aws-lc-rs' provider first, which this keeps.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error(format!("more than {MAX_REDIRECTS} redirects"))
        } else if attempt.previous().iter().any(|seen| seen == attempt.url()) {
            attempt.error("a redirect loop")
        } else if let Err(why) = check_secure(attempt.url()) {
            attempt.error(format!("refusing a redirect: {why}"))
        } else {
            attempt.follow()
        }
    });
    let mut builder = reqwest::Client::builder();
    if let Some(proxy) = proxy {
        let proxy =
            reqwest::Proxy::all(proxy).map_err(|e| format!("the proxy `{proxy}` is not a URL: {e}"))?;
        builder = builder.proxy(proxy);
    }
    builder
        .user_agent(concat!("graph-resource/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(connect_timeout)
        .redirect(redirects)
        // The filled-in path is not for other origins to see.
        .referer(false)
        .build()
        .map_err(|e| error_chain(&e))
}

/// A bearer token (or a client secret) goes over plain http only to this
/// machine. The error says why, for the caller to put in its own words.
pub(crate) fn check_secure(url: &Url) -> Result<(), String> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(format!(
            "plain http to `{}` would send credentials in the clear: use https (plain http is \
             allowed only to loopback addresses, such as the emulator)",
            url.host_str().unwrap_or("")
        )),
        other => Err(format!("the scheme `{other}` is not https")),
    }
}

fn is_loopback(url: &Url) -> bool {
    let host = url.host_str().unwrap_or("");
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether two URLs share scheme, host and port.
pub(crate) fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// Why a body was not read whole.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// It is longer than the limit.
    TooLarge,
    /// The connection failed while reading it.
    Transport(reqwest::Error),
}

/// Reads a whole body of at most `limit` bytes.
pub(crate) async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge);
        }
        if body.is_empty() && chunk.len() == response.content_length().unwrap_or(0) as usize {
            // The usual case: the whole body in one chunk, kept without a copy.
            return Ok(chunk);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Reads the start of a body, at most `limit` bytes: enough for any error
/// body, and a bound on memory when a proxy answers with something huge.
/// A body read to its end leaves its connection free for the next request.
pub(crate) async fn read_prefix(mut response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        let room = limit - body.len();
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= limit {
            break;
        }
    }
    body
}

/// An error and its causes, on one line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_go_over_plain_http_only_to_loopback() {
        let ok = [
            "https://graph.microsoft.com/beta",
            "http://127.0.0.1:8080/beta",
            "http://[::1]/v1.0",
            "http://localhost/x",
        ];
        for url in ok {
            assert!(check_secure(&Url::parse(url).unwrap()).is_ok(), "{url}");
        }
        let refused = check_secure(&Url::parse("http://graph.example.com/beta").unwrap()).unwrap_err();
        assert!(
            refused.contains("graph.example.com") && refused.contains("use https"),
            "{refused}"
        );
        assert!(check_secure(&Url::parse("ftp://127.0.0.1/").unwrap()).is_err());
    }
}
